"""The parts of kg/analysis on their own, on records built here (no model): pairing by focus (by window:
tests/test_windows.py), the block runner of incremental detection, quote variants, and contradictions explained."""

from __future__ import annotations

from datetime import date
from itertools import combinations

from hypothesis import given, strategies as st

from kg.analysis.claims import make_claims
from kg.analysis import confidence
from kg.analysis.conflicts import RULES, Conflict
from kg.analysis.context import Ctx, blocks, focused_pairs
from kg.analysis.explain import claim_contradiction
from kg.analysis.incremental import Rule, block_update
from kg.analysis.settings import DetectionSettings
from kg.analysis.variants import Variants
from kg.ids import Iris
from kg.model import Contradiction, Quote, Side
from kg.resources.semantics import semantics

SEM = semantics()
S = DetectionSettings()


@given(st.integers(0, 9), st.sets(st.integers(0, 9)))
def test_focused_pairs_are_the_pairs_with_a_member_in_focus(n, chosen):
    members = [object() for _ in range(n)]
    focus = {id(members[i]) for i in chosen if i < n}
    assert list(focused_pairs(members, None)) == list(combinations(members, 2))
    assert list(focused_pairs(members, focus)) == [(a, b) for a, b in combinations(members, 2)
                                                   if id(a) in focus or id(b) in focus]


def _sums(limit: int) -> Rule:
    """A toy rule over numbers: blocks by remainder mod 3; a pair disagrees when it sums to a multiple of
    5; a block of more than `limit` numbers is too big to compare."""
    def compare(key, members, focus):
        if len(members) > limit:
            return None
        return [Contradiction("toy", Side(str(a.value), 0, 0, ""), Side(str(b.value), 0, 0, ""), "", 1.0, str(a.value),
                              str(b.value))
                for a, b in focused_pairs(members, focus) if (a.value + b.value) % 5 == 0]
    return Rule("sums", lambda x: {x.value % 3}, compare)


class Item:
    """A number with an identity (the runner focuses by identity)."""

    def __init__(self, value: int):
        self.value = value


def _findings(rule: Rule, items: list[Item], before: tuple[dict, set] | None = None,
              touched: list[Item] = ()) -> tuple[dict, set]:
    """What each block of `rule` finds among `items`, and the blocks too big to compare: from scratch, or
    from what it found `before` with the `touched` items (before and after the change) compared again."""
    found, idle = before if before is not None else ({}, set())
    changed = {str(x.value) for x in touched}
    only = {k for x in touched for k in rule.keys(x)}
    out = {k: v for k, v in found.items() if k not in only} if before is not None else {}
    out_idle = idle - only if before is not None else set()
    for key, members in blocks(rule.keys, items).items():
        if before is not None and key not in only:
            continue
        outcome = block_update(rule, key, members, lambda x: str(x.value), changed,
                               [(c.a_node, c.b_node) for c in found.get(key, [])], before is None or key in idle)
        if outcome is None:
            out_idle.add(key)
        else:
            out[key] = [c for i, c in enumerate(found.get(key, [])) if i in outcome[0]] + outcome[1]
    return {k: v for k, v in out.items() if v}, out_idle


@given(st.lists(st.integers(0, 30), unique=True, max_size=15), st.integers(1, 6), st.data())
def test_a_block_compared_again_only_in_what_changed_finds_what_it_finds_from_scratch(before, limit, data):
    kept = [v for v in before if data.draw(st.booleans())]  # the others dropped; new ones added anywhere
    after = list(kept)  # (statements are ordered by where they stand: the kept ones keep their order)
    for v in data.draw(st.lists(st.integers(31, 60), unique=True, max_size=5)):
        after.insert(data.draw(st.integers(0, len(after))), v)
    rule = _sums(limit)
    old = [Item(v) for v in before]
    new = [Item(v) for v in after]
    gone = set(before) ^ set(after)
    again = _findings(rule, new, _findings(rule, old), [x for x in old + new if x.value in gone])
    scratch = _findings(rule, new)
    assert {k: set(v) for k, v in again[0].items()} == {k: set(v) for k, v in scratch[0].items()}
    assert again[1] == scratch[1]


def test_only_the_pairs_with_a_changed_member_are_compared_again():
    focused = []
    rule = _sums(10)
    counting = Rule("sums", rule.keys, lambda k, m, focus: focused.append(focus) or rule.compare(k, m, focus))
    members = [Item(v) for v in (1, 4, 16)]  # 1 and 4 disagree, and 4 and 16: 16 is new
    before = rule.compare(1, members[:2], None)
    nodes = [(c.a_node, c.b_node) for c in before]
    kept, found = block_update(counting, 1, members, lambda x: str(x.value), {"16"}, nodes, False)
    assert focused == [{id(members[2])}] and kept == [0]
    assert [(c.a.doc, c.b.doc) for c in found] == [("4", "16")]
    assert block_update(counting, 1, members, lambda x: str(x.value), {"16"}, nodes, True) == ([], [
        *before, *found])  # a block too big before is compared whole
    assert focused[-1] is None


def _quote(doc: str, words: str, speaker: str = "Ada Brook", day: str | None = None) -> Quote:
    return Quote(doc, words, 0, len(words), speaker, speaker, "said", "direct", date=day)


CTX = {d: Ctx(d, date(2025, 3, 3), d.upper()) for d in "abc"}


def _variants(*quotes: Quote) -> list[Contradiction]:
    rule = Variants(CTX, Iris(), SEM, S)  # a pair in several blocks is one variant
    return list(dict.fromkeys(c for key in sorted({k for q in quotes for k in rule.keys(q)}, key=str)
                              for c in rule.compare(key, [q for q in quotes if key in rule.keys(q)])))


def test_one_remark_in_two_wordings_is_a_variant():
    found = _variants(_quote("a", "We will not sign this deal under pressure"),
                      _quote("b", "We will never sign this deal under any pressure"))
    assert [(c.type, c.a.doc, c.b.doc) for c in found] == [("quote_variant", "a", "b")]


def test_copies_other_days_and_one_article_are_no_variants():
    said = "We will not sign this deal under pressure"
    assert _variants(_quote("a", said), _quote("b", said)) == []  # the same words: a copy
    assert _variants(_quote("a", said, day="2025-03-01"),
                     _quote("b", "We will never sign this deal under any pressure", day="2025-05-01")) == []
    assert _variants(_quote("a", said), _quote("a", "We will never sign this deal under any pressure")) == []


def test_a_long_remark_under_two_speaker_names():
    said = "Nobody wins a harbour dispute and everybody in the region pays for one"
    found = _variants(_quote("a", said, "Ada Brook"), _quote("b", said.replace("everybody", "everyone"), "Tom Reyes"))
    assert [c.explanation.split(" quoted")[0] for c in found] == ["Ada Brook / Tom Reyes"]


def test_an_opposed_conflict_explained():
    a = make_claims("a", "the council approved the harbour contract", 0, "Ada Brook", "quote", date(2025, 3, 3),
                    sem=SEM)[0]
    b = make_claims("b", "the council did not approve the harbour contract", 0, "Tom Reyes", "quote",
                    date(2025, 3, 4), sem=SEM)[0]
    c = claim_contradiction(Conflict("opposed", a, b, ("approv", "council")), CTX, Iris(), SEM, S)
    assert c.type == "conflicting_claims" and c.confidence == 0.75
    assert c.explanation.startswith("Ada Brook states “the council approved the harbour contract” while Tom Reyes "
                                    "negates it") and "in A and B" in c.explanation
    assert (c.a_node, c.b_node) == (str(Iris().claim("a", 0, a.end)), str(Iris().claim("b", 0, b.end)))


def test_every_claim_rule_has_its_confidence_in_the_table():
    assert set(confidence.CLAIM_RULES) == {rule.name for rule in RULES}
    assert all(0 < c < confidence.CLAIM_CAP for c in confidence.CLAIM_RULES.values())
    assert confidence.variant(0.75) == 0.8 and confidence.variant(1.0) == 0.9
