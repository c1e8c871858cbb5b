"""Conflict rules over claims (kg/claims.py): which two statements cannot both be true.

- opposed: one claim asserts what another negates or denies -- the predicate the second negates is
  stated by the first (not only mentioned in a circumstance phrase), and they share two negated terms,
  or a participant (a name, or the asserter of one of them), or are two speakers of one article; they
  come from different asserters (the negating one named), both are asserted (not threatened,
  conditional or expected), their days are close (same article, or within a window), and on blame
  (`responsible`, `caused`) the party one blames is the party the other clears;
- a denial of accusations it only names (`the accusations … are false`) against the accusations of its
  article (claims that name who did a harm);
- contrary evaluations: two asserters judge a shared party by contrary words (`outdated` vs `world class`);
- competing explanations: two asserters explain the same thing (`X because Y`) by different reasons;
- roles swapped: two asserters name different doers of one initiating event on one matter (`X asked for the
  meeting` vs `Y requested the meeting`);
- dates as values: two accounts date the same event (same participants, same matter) on different days.

Candidates come from blocks (claims that share a term, a contrary pair, an article, an event), never
from all pairs: each rule is a `PairRule` that names the blocks a claim is in and the pairs a block holds,
so a block's pairs depend on its members only and an unchanged block need not be compared again
(kg/analysis/incremental.py).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass

from ..attribution.timex import MONTHS, WEEKDAYS
from .claims import Claim
from .context import blocks, focused_pairs
from .reading import CAUSAL_TERMS
from .settings import DetectionSettings

DEFAULT = DetectionSettings()
DAY_TERMS = frozenset({*WEEKDAYS, *MONTHS, "yesterday", "today"})  # words naming the day: the date is not the matter


@dataclass(frozen=True)
class Conflict:
    """Two claims that disagree, with the rule that says so and the terms it rests on."""

    rule: str  # opposed | anaphoric | contrary | explanations | swapped | dated
    a: Claim
    b: Claim
    terms: tuple[str, ...]


def close_in_time(a: Claim, b: Claim, window: int) -> bool:
    """Same article, or days at most `window` apart (an undated claim is taken as close)."""
    if a.docs & b.docs:
        return True
    if a.day is None or b.day is None:
        return True
    return abs((a.day - b.day).days) <= window


def _different_asserters(a: Claim, b: Claim) -> bool:
    return a.asserter != b.asserter or a.asserter is None and not (a.docs & b.docs)


def opposed(a: Claim, b: Claim, s: DetectionSettings = DEFAULT) -> tuple[str, ...] | None:
    """The terms on which `a` asserts what `b` negates, or None when the rule does not apply."""
    if a.negated or not b.negated or a.modality != "asserted" or b.modality != "asserted":
        return None
    if b.asserter is None or not _different_asserters(a, b) or not close_in_time(a, b, s.claim_window_days):
        return None  # the negating side is someone's statement, not the article's narration
    hit = a.terms & b.negated
    if not (a.terms - a.background) & b.heads or not hit - a.names - b.names:
        return None  # what b negates (its predicate) must be what a states, not what it mentions in passing
    if a.docs & b.docs and (_unnamed(a.asserter) or _unnamed(b.asserter)):
        return None  # `the company` in an article may be the organisation speaking elsewhere in it
    participants = a.names & b.names
    in_context = bool(a.docs & b.docs) and a.asserter is not None  # two speakers of one article
    if len(hit) < s.min_shared and not participants and not in_context:
        return None
    if hit & CAUSAL_TERMS and not _same_party(a, b):
        return None  # one holds a party responsible, the other clears another party
    if a.terms & CAUSAL_TERMS and a.blamed and not a.blamed & a.names:
        return None  # `accusations that it was responsible`: who is held responsible is not named
    return tuple(sorted(hit | participants))


def _unnamed(asserter: str | None) -> bool:
    """An asserter given by a common noun only (`company`, `officials`): who it is stays open."""
    return asserter is not None and not any(w[:1].isupper() for w in asserter.split())


def _same_party(a: Claim, b: Claim) -> bool:
    """Whether the party `a` holds responsible may be the one `b` clears. A denial that names nobody
    (`the company was not responsible`) speaks for its asserter."""
    cleared = b.blamed if b.blamed & b.names else b.own
    return not a.blamed or not cleared or bool(a.blamed & cleared)


def competing(a: Claim, b: Claim, s: DetectionSettings = DEFAULT) -> tuple[str, ...] | None:
    """The terms of the thing two asserters explain by different reasons, or None."""
    if not a.cause or not b.cause or a.asserter == b.asserter or not close_in_time(a, b, s.claim_window_days):
        return None
    same = a.effect & b.effect
    if len(same) < s.min_effect or len(a.cause & b.cause) > 1:
        return None
    return tuple(sorted(same))


def contrary(a: Claim, b: Claim, s: DetectionSettings = DEFAULT) -> tuple[str, ...] | None:
    """The shared parties on which two asserters make contrary evaluations (`outdated` vs `world class`)."""
    if a.modality != "asserted" or b.modality != "asserted" or not _different_asserters(a, b):
        return None
    if not close_in_time(a, b, s.claim_window_days):
        return None
    opposite = {(i, "b" if side == "a" else "a") for i, side in a.contrary}
    parties = a.names & b.names
    if not opposite & b.contrary or not parties:
        return None
    return tuple(sorted(parties))


def denied_in_context(a: Claim, d: Claim, s: DetectionSettings = DEFAULT) -> tuple[str, ...] | None:
    """The doers named by `a` when `d`, in the same article, calls the accusations untrue without
    restating them (`the accusations … are false`): an accusation there is what it denies."""
    if not d.anaphoric or d.asserter is None or a.asserter == d.asserter or not a.docs & d.docs:
        return None
    doers = a.agents | (a.blamed & a.names if "responsible" in a.terms else frozenset())  # `X blamed Y`
    if not doers or a.negated or a.anaphoric or a.modality != "asserted":
        return None
    return tuple(sorted(doers))


def _asserted_apart(a: Claim, b: Claim, s: DetectionSettings) -> bool:
    """Two asserted claims of different asserters, close in time: the pairs the event rules compare."""
    return a.modality == b.modality == "asserted" and _different_asserters(a, b) and close_in_time(a, b, s.claim_window_days)


def swapped(a: Claim, b: Claim, s: DetectionSettings = DEFAULT) -> tuple[str, ...] | None:
    """The event two asserters say different parties initiated (`China asked for the talks` vs `we did
    not ask, the US did` said by China): the same initiating event on the same matter, no doer in common."""
    if not a.acts or not b.acts or not _asserted_apart(a, b, s):
        return None
    events = {e for e, _ in a.acts} & {e for e, _ in b.acts}
    for e in sorted(events):
        doers_a = {d for x, d in a.acts if x == e}
        doers_b = {d for x, d in b.acts if x == e}
        matter = (a.terms & b.terms) - a.names - b.names - a.own - b.own - {e}
        if not doers_a & doers_b and matter:
            return tuple(sorted({e} | matter))
    return None


def dated(a: Claim, b: Claim, s: DetectionSettings = DEFAULT) -> tuple[str, ...] | None:
    """The event two accounts date on different days (`the ministers met in Geneva on May 3` vs `... on May
    5`): one day each, a participant named by both, and two terms of what each date dates in common."""
    if len(a.dates) != 1 or len(b.dates) != 1 or a.negated or b.negated or not _asserted_apart(a, b, s):
        return None
    (day_a, around_a), (day_b, around_b) = next(iter(a.dates)), next(iter(b.dates))
    participants = a.names & b.names
    matter = (around_a & around_b) - a.names - b.names - DAY_TERMS
    if day_a == day_b or not participants or len(matter) < s.min_shared:
        return None
    return tuple(sorted(participants | matter))


Focus = set[int] | None  # ids of the claims whose pairs are wanted (None: every pair)
Pairs = Callable[[Hashable, list[Claim], DetectionSettings, Focus], Iterable[tuple[Claim, Claim]] | None]


@dataclass(frozen=True)
class PairRule:
    """A conflict rule: the blocks a claim is in (`keys`), the candidate pairs of one block's members (in
    the claims' order; those with a member in a focus only, when one is given; None when the block is too
    big to say anything), and the test of a pair."""

    name: str
    keys: Callable[[Claim], Iterable[Hashable]]
    pairs: Pairs
    test: Callable[[Claim, Claim, DetectionSettings], tuple[str, ...] | None]
    counted: Callable[[Hashable, Claim], bool] | None = None  # a block is too big with more than
    # `max_index_bucket` members counted by this (None: it never is)


def _cross(lefts: list[Claim], rights: list[Claim], focus: Focus) -> Iterator[tuple[Claim, Claim]]:
    """Each of `rights` against each of `lefts` but itself (with a focus: the pairs with a member in it)."""
    focused = lefts if focus is None else [a for a in lefts if id(a) in focus]
    for b in rights:
        yield from ((a, b) for a in (lefts if focus is None or id(b) in focus else focused) if a is not b)


def _opposed_pairs(t: Hashable, members: list[Claim], s: DetectionSettings,
                   focus: Focus) -> Iterator[tuple[Claim, Claim]] | None:
    """Each claim negating the term against each claim holding it (None when too many hold it)."""
    holders = [c for c in members if t in c.terms]
    if len(holders) > s.max_index_bucket:
        return None
    return _cross(holders, [b for b in members if t in b.negated], focus)


def _contrary_pairs(pair: Hashable, members: list[Claim], s: DetectionSettings,
                    focus: Focus) -> Iterator[tuple[Claim, Claim]]:
    """Each claim using one side of a contrary pair against each using the other."""
    return _cross([c for c in members if (pair, "a") in c.contrary], [c for c in members if (pair, "b") in c.contrary],
                  focus)


def _in_article_pairs(doc: Hashable, members: list[Claim], s: DetectionSettings,
                      focus: Focus) -> Iterator[tuple[Claim, Claim]]:
    """Each accusation of an article (a claim naming who did a harm) against each denial there of accusations."""
    return _cross([c for c in members if c.agents or c.blamed], [d for d in members if d.anaphoric], focus)


def _bounded_pairs(key: Hashable, members: list[Claim], s: DetectionSettings,
                   focus: Focus) -> Iterator[tuple[Claim, Claim]] | None:
    """Every pair of the block, unless too many claims share its key to say anything (None)."""
    return focused_pairs(members, focus) if len(members) <= s.max_index_bucket else None


RULES = (
    PairRule("opposed", lambda c: c.terms | c.negated if c.negated else c.terms, _opposed_pairs, opposed,
             lambda t, c: t in c.terms),
    PairRule("contrary", lambda c: {pair for pair, _ in c.contrary}, _contrary_pairs, contrary),
    PairRule("anaphoric", lambda c: c.docs if c.anaphoric or c.agents or c.blamed else (), _in_article_pairs,
             denied_in_context),
    PairRule("swapped", lambda c: {e for e, _ in c.acts}, _bounded_pairs, swapped, lambda k, c: True),
    PairRule("dated", lambda c: c.terms - c.names if c.dates else (), _bounded_pairs, dated, lambda k, c: True),
    PairRule("explanations", lambda c: c.effect if c.cause else (), _bounded_pairs, competing, lambda k, c: True),
)


def block_conflicts(rule: PairRule, key: Hashable, members: list[Claim], s: DetectionSettings,
                    tested: dict[tuple[int, int], Conflict | None], focus: Focus = None) -> list[Conflict] | None:
    """The conflicts `rule` finds among one block's members (those of the pairs with a member in `focus`,
    when given), or None when the block is too big to compare. `tested`: the pairs this rule already
    tested in this run, in any block (a pair's test does not depend on the block)."""
    pairs = rule.pairs(key, members, s, focus)
    if pairs is None:
        return None
    out = []
    for a, b in pairs:
        if (id(a), id(b)) not in tested:
            terms = rule.test(a, b, s)
            tested[(id(a), id(b))] = Conflict(rule.name, a, b, terms) if terms else None
        if tested[(id(a), id(b))] is not None:
            out.append(tested[(id(a), id(b))])
    return out


def conflicts(claims: list[Claim], s: DetectionSettings = DEFAULT) -> Iterator[Conflict]:
    """Every conflict among distinct claims, rule by rule, once each."""
    for rule in RULES:
        tested: dict[tuple[int, int], Conflict | None] = {}
        for key, members in blocks(rule.keys, claims).items():
            block_conflicts(rule, key, members, s, tested)
        yield from (k for k in tested.values() if k is not None)
