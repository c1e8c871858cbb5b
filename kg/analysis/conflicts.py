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
- competing explanations: two asserters explain the same thing (`X because Y`) by different reasons.

Candidates come from an inverted index over terms, never from all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from .claims import CAUSAL_TERMS, Claim

CLAIM_WINDOW_DAYS = 7
MIN_SHARED = 2  # terms two claims share to be about the same matter
MIN_EFFECT = 3  # terms two explanations share in what they explain
MAX_INDEX_BUCKET = 400  # a term carried by more claims than this says nothing about the matter


@dataclass(frozen=True)
class Conflict:
    """Two claims that disagree, with the rule that says so and the terms it rests on."""

    rule: str  # opposed | anaphoric | contrary | explanations
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
