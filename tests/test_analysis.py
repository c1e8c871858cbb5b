"""The parts of kg/analysis on their own, on records built here (no model): pairing by focus (by window:
tests/test_windows.py), the block runner of incremental detection, quote variants, and contradictions explained."""

from __future__ import annotations

from datetime import date
from itertools import combinations

from hypothesis import given, strategies as st

from kg.analysis.claims import make_claims
from kg.analysis import confidence
from kg.analysis.conflicts import RULES, Conflict
from kg.analysis.context import Ctx, focused_pairs
from kg.analysis.explain import claim_contradiction
from kg.analysis.incremental import Change, Rule, run_rule
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


@given(st.lists(st.integers(0, 30), unique=True, max_size=15), st.integers(1, 6), st.data())
def test_the_block_runner_compares_again_only_what_changed(before, limit, data):
    kept = [v for v in before if data.draw(st.booleans())]  # the others dropped; new ones added anywhere
    after = list(kept)  # (statements are ordered by where they stand: the kept ones keep their order)
    for v in data.draw(st.lists(st.integers(31, 60), unique=True, max_size=5)):
        after.insert(data.draw(st.integers(0, len(after))), v)
    rule = _sums(limit)
    old = [Item(v) for v in before]
    new = [Item(v) for v in after]
    previous = run_rule(rule, old, [str(x.value) for x in old], None, None)
    gone = sorted(set(before) ^ set(after))
    change = Change([x for x in old + new if x.value in gone], {str(v) for v in gone})
    again = run_rule(rule, new, [str(x.value) for x in new], change, previous)
    scratch = run_rule(rule, new, [str(x.value) for x in new], None, None)
    assert again.all() == scratch.all() and again.idle == scratch.idle
    assert set(again.by_block) == set(scratch.by_block)


def test_an_unchanged_block_is_not_compared_again():
    calls = []
    rule = _sums(10)
    counting = Rule("sums", rule.keys, lambda k, m, focus: calls.append(k) or rule.compare(k, m, focus))
    items = [Item(v) for v in (1, 4, 2, 8)]  # blocks 1 (1 and 4 disagree) and 2 (2 and 8)
    previous = run_rule(counting, items, [str(x.value) for x in items], None, None)
    calls.clear()
    moved = Item(16)  # 1 becomes 16: block 1 changes (16 and 4 disagree), block 2 does not
    again = run_rule(counting, [moved, *items[1:]], ["16", "4", "2", "8"], Change([items[0], moved], {"1", "16"}),
                     previous)
    assert calls == [1] and again.by_block[2] is previous.by_block[2]
    assert [(c.a.doc, c.b.doc) for c in again.all()] == [("16", "4"), ("2", "8")]


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
