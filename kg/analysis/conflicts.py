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

Candidates come from an inverted index over terms, never from all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .claims import CAUSAL_TERMS, Claim

CLAIM_WINDOW_DAYS = 7
MIN_SHARED = 2  # terms two claims share to be about the same matter
MIN_EFFECT = 3  # terms two explanations share in what they explain
MAX_INDEX_BUCKET = 400  # a term carried by more claims than this says nothing about the matter
DAY_TERMS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
                       "today", "january", "february", "march", "april", "may", "june", "july", "august",
                       "september", "october", "november", "december"})  # the date itself is not the matter


@dataclass(frozen=True)
class Conflict:
    """Two claims that disagree, with the rule that says so and the terms it rests on."""

    rule: str  # opposed | anaphoric | contrary | explanations | swapped | dated
    a: Claim
    b: Claim
    terms: tuple[str, ...]


def close_in_time(a: Claim, b: Claim, window: int = CLAIM_WINDOW_DAYS) -> bool:
    """Same article, or days at most `window` apart (an undated claim is taken as close)."""
    if a.docs & b.docs:
        return True
    if a.day is None or b.day is None:
        return True
    return abs((a.day - b.day).days) <= window


def _different_asserters(a: Claim, b: Claim) -> bool:
    return a.asserter != b.asserter or a.asserter is None and not (a.docs & b.docs)


def opposed(a: Claim, b: Claim) -> tuple[str, ...] | None:
    """The terms on which `a` asserts what `b` negates, or None when the rule does not apply."""
    if a.negated or not b.negated or a.modality != "asserted" or b.modality != "asserted":
        return None
    if b.asserter is None or not _different_asserters(a, b) or not close_in_time(a, b):
        return None  # the negating side is someone's statement, not the article's narration
    hit = a.terms & b.negated
    if not (a.terms - a.background) & b.heads or not hit - a.names - b.names:
        return None  # what b negates (its predicate) must be what a states, not what it mentions in passing
    if a.docs & b.docs and (_unnamed(a.asserter) or _unnamed(b.asserter)):
        return None  # `the company` in an article may be the organisation speaking elsewhere in it
    participants = a.names & b.names
    in_context = bool(a.docs & b.docs) and a.asserter is not None  # two speakers of one article
    if len(hit) < MIN_SHARED and not participants and not in_context:
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


def competing(a: Claim, b: Claim) -> tuple[str, ...] | None:
    """The terms of the thing two asserters explain by different reasons, or None."""
    if not a.cause or not b.cause or a.asserter == b.asserter or not close_in_time(a, b):
        return None
    same = a.effect & b.effect
    if len(same) < MIN_EFFECT or len(a.cause & b.cause) > 1:
        return None
    return tuple(sorted(same))


def contrary(a: Claim, b: Claim) -> tuple[str, ...] | None:
    """The shared parties on which two asserters make contrary evaluations (`outdated` vs `world class`)."""
    if a.modality != "asserted" or b.modality != "asserted" or not _different_asserters(a, b):
        return None
    if not close_in_time(a, b):
        return None
    opposite = {(i, "b" if side == "a" else "a") for i, side in a.contrary}
    parties = a.names & b.names
    if not opposite & b.contrary or not parties:
        return None
    return tuple(sorted(parties))


def denied_in_context(a: Claim, d: Claim) -> tuple[str, ...] | None:
    """The doers named by `a` when `d`, in the same article, calls the accusations untrue without
    restating them (`the accusations … are false`): an accusation there is what it denies."""
    if not d.anaphoric or d.asserter is None or a.asserter == d.asserter or not a.docs & d.docs:
        return None
    doers = a.agents | (a.blamed & a.names if "responsible" in a.terms else frozenset())  # `X blamed Y`
    if not doers or a.negated or a.anaphoric or a.modality != "asserted":
        return None
    return tuple(sorted(doers))


def _asserted_apart(a: Claim, b: Claim) -> bool:
    """Two asserted claims of different asserters, close in time: the pairs the event rules compare."""
    return a.modality == b.modality == "asserted" and _different_asserters(a, b) and close_in_time(a, b)


def swapped(a: Claim, b: Claim) -> tuple[str, ...] | None:
    """The event two asserters say different parties initiated (`China asked for the talks` vs `we did
    not ask, the US did` said by China): the same initiating event on the same matter, no doer in common."""
    if not a.acts or not b.acts or not _asserted_apart(a, b):
        return None
    events = {e for e, _ in a.acts} & {e for e, _ in b.acts}
    for e in sorted(events):
        doers_a = {d for x, d in a.acts if x == e}
        doers_b = {d for x, d in b.acts if x == e}
        matter = (a.terms & b.terms) - a.names - b.names - a.own - b.own - {e}
        if not doers_a & doers_b and matter:
            return tuple(sorted({e} | matter))
    return None


def dated(a: Claim, b: Claim) -> tuple[str, ...] | None:
    """The event two accounts date on different days (`the ministers met in Geneva on May 3` vs `... on May
    5`): one day each, a participant named by both, and two terms of what each date dates in common."""
    if len(a.dates) != 1 or len(b.dates) != 1 or a.negated or b.negated or not _asserted_apart(a, b):
        return None
    (day_a, around_a), (day_b, around_b) = next(iter(a.dates)), next(iter(b.dates))
    participants = a.names & b.names
    matter = (around_a & around_b) - a.names - b.names - DAY_TERMS
    if day_a == day_b or not participants or len(matter) < MIN_SHARED:
        return None
    return tuple(sorted(participants | matter))


def _index(claims: list[Claim], field: str) -> dict[str, list[int]]:
    idx: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        for t in getattr(c, field):
            idx[t].append(i)
    return idx


def conflicts(claims: list[Claim]) -> Iterator[Conflict]:
    """Every opposed pair and every pair of competing explanations among distinct claims."""
    by_term = _index(claims, "terms")
    seen: set[tuple[int, int, str]] = set()
    for j, b in enumerate(claims):
        if not b.negated:
            continue
        for t in sorted(b.negated):
            bucket = by_term.get(t, [])
            if len(bucket) > MAX_INDEX_BUCKET:
                continue
            for i in bucket:
                if (i, j, "opposed") in seen:
                    continue
                seen.add((i, j, "opposed"))
                terms = opposed(claims[i], b)
                if terms:
                    yield Conflict("opposed", claims[i], b, terms)
    by_pair: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        for pair, side in c.contrary:
            if side == "a":
                by_pair[pair].append(i)
    for j, b in enumerate(claims):
        for pair, side in sorted(b.contrary):
            for i in by_pair.get(pair, []) if side == "b" else []:
                terms = contrary(claims[i], b)
                if terms and (i, j, "contrary") not in seen:
                    seen.add((i, j, "contrary"))
                    yield Conflict("contrary", claims[i], b, terms)
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if c.agents or c.blamed:
            for doc in c.docs:
                by_doc[doc].append(i)
    for j, d in enumerate(claims):
        if not d.anaphoric:
            continue
        for i in sorted({i for doc in d.docs for i in by_doc.get(doc, [])}):
            terms = denied_in_context(claims[i], d)
            if terms and (i, j, "anaphoric") not in seen:
                seen.add((i, j, "anaphoric"))
                yield Conflict("anaphoric", claims[i], d, terms)
    yield from _by_shared(claims, "acts", lambda c: {e for e, _ in c.acts}, "swapped", swapped, seen)
    yield from _by_shared(claims, "dates", lambda c: c.terms - c.names if c.dates else set(), "dated", dated, seen)
    explained = [i for i, c in enumerate(claims) if c.cause]
    by_effect: dict[str, list[int]] = defaultdict(list)
    for i in explained:
        for t in claims[i].effect:
            by_effect[t].append(i)
    for i in explained:
        for j in sorted({j for t in claims[i].effect for j in by_effect[t] if j > i}):
            terms = competing(claims[i], claims[j])
            if terms and (i, j, "explanations") not in seen:
                seen.add((i, j, "explanations"))
                yield Conflict("explanations", claims[i], claims[j], terms)


def _by_shared(claims: list[Claim], field: str, keys: Callable[[Claim], set[str]], rule: str,
               test: Callable[[Claim, Claim], tuple[str, ...] | None], seen: set) -> Iterator[Conflict]:
    """The pairs a rule finds among the claims with `field` set, compared only when they share a key."""
    bucket: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if getattr(c, field):
            for k in keys(c):
                bucket[k].append(i)
    for members in bucket.values():
        if len(members) > MAX_INDEX_BUCKET:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if (i, j, rule) in seen:
                    continue
                seen.add((i, j, rule))
                terms = test(claims[i], claims[j])
                if terms:
                    yield Conflict(rule, claims[i], claims[j], terms)
