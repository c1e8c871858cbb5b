"""Where accounts disagree: four detectors over all articles' records.

Candidates are found by bucketing (by topic, by speaker, by measure), never by comparing all pairs:
- reported denials: a denial the text reports (`..., which officials denied`) against the quote it targets;
- conflicting claims: different speakers, the same topic, opposite polarity, asserted (not hedged or
  future), in one article or within a week;
- conflicting figures: the same measure between the same parties with different values, in the same
  period (a reported change `from A to B` separates before from after; approximate values agree
  within a tolerance);
- quote variants: the same speaker's quoted words, worded differently in different articles, on a
  compatible date and venue.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from itertools import combinations

from .model import ArticleResult, Contradiction, Figure, Quote, Side
from .vocab import Iris

CLAIM_WINDOW_DAYS = 7
FIGURE_WINDOW_DAYS = 45
VARIANT_WINDOW_DAYS = 14
VARIANT_MIN_RATIO = 0.75  # share of the shorter quote's words found in order in the longer one
VARIANT_MIN_WORDS = 4
APPROX_TOLERANCE = 0.1


@dataclass(frozen=True)
class _Ctx:
    """A record with the article facts the detectors need."""

    doc: str
    published: date | None
    outlet: str | None


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _days_apart(a: date | None, b: date | None) -> int | None:
    return abs((a - b).days) if a and b else None


def _quote_side(q: Quote) -> Side:
    return Side(q.doc, q.start, q.end, q.quote, q.speaker)


def window_pairs(days: list[date | None], window: int, docs: list[str] | None = None) -> list[tuple[int, int]]:
    """Index pairs i < j, in order, whose days are at most `window` apart or unknown (or, given `docs`,
    from one doc): the only pairs a dated detector can keep, found by a sliding window over the sorted
    days instead of comparing all pairs."""
    known = sorted((d.toordinal(), i) for i, d in enumerate(days) if d is not None)
    pairs: set[tuple[int, int]] = set()
    for k, (day, i) in enumerate(known):
        for later, j in known[k + 1:]:
            if later - day > window:
                break
            pairs.add((min(i, j), max(i, j)))
    undated = [i for i, d in enumerate(days) if d is None]
    pairs.update((min(i, j), max(i, j)) for i in undated for j in range(len(days)) if j != i)
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs or ()):
        by_doc[doc].append(i)
    for same in by_doc.values():
        pairs.update(combinations(same, 2))
    return sorted(pairs)


def detect(results: list[ArticleResult], iris: Iris) -> list[Contradiction]:
    """All contradictions among the articles' quotes, denials and figures, in a stable order."""
    ctx = {r.article.doc_id: _Ctx(r.article.doc_id, _day(r.article.published), r.article.outlet) for r in results}
    quotes = [q for r in results for q in r.quotes]
    found = [
        *reported_denials(results, iris),
        *conflicting_claims(quotes, ctx, iris),
        *conflicting_figures([f for r in results for f in r.figures], ctx, iris),
        *quote_variants(quotes, ctx, iris),
    ]
    unique = {(c.type, *sorted((c.a_node, c.b_node))): c for c in found}
    return sorted(unique.values(), key=lambda c: (c.type, c.a.doc, c.a.start, c.b.doc, c.b.start))


# ---------------------------------------------------------------------------- reported denials


def reported_denials(results: list[ArticleResult], iris: Iris) -> Iterator[Contradiction]:
    """A denial the article reports, against the quote it denies."""
    for r in results:
        by_span = {(q.start, q.end): q for q in r.quotes}
        for d in r.denials:
            q = by_span.get((d.target_start, d.target_end))
            if q is None or q.speaker == d.speaker:
                continue
            yield Contradiction(
                "reported_denial", _quote_side(q), Side(d.doc, d.start, d.end, d.text, d.speaker),
                f"{d.speaker} {d.cue} what {q.speaker} said: “{_short(q.quote)}”", 0.9,
                str(iris.quote(q.speaker, q.quote)), str(iris.claim(d.doc, d.start, d.end)))


def _short(text: str, limit: int = 90) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------------- conflicting claims


def _claim_day(q: Quote, ctx: dict[str, _Ctx]) -> date | None:
    return _day(q.date) or ctx[q.doc].published


def conflicting_claims(quotes: list[Quote], ctx: dict[str, _Ctx], iris: Iris) -> Iterator[Contradiction]:
    """Different speakers asserting and denying the same matter, in one article or within a week."""
    by_topic: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        if q.kind != "mixed" and not q.modal:
            for t in q.topics:
                by_topic[t].append(q)
    for topic, group in sorted(by_topic.items()):
        pairs = window_pairs([_claim_day(q, ctx) for q in group], CLAIM_WINDOW_DAYS, [q.doc for q in group])
        opposed = sorted((i, j) if group[i].polarity == "positive" else (j, i) for i, j in pairs
                         if {group[i].polarity, group[j].polarity} == {"positive", "negative"})
        for a, b in ((group[i], group[j]) for i, j in opposed):
            if a.speaker == b.speaker or a.speaker in b.co_speakers or b.speaker in a.co_speakers:
                continue
            if a.parties and b.parties and not set(a.parties) & set(b.parties):
                continue  # talks with Canada and talks with Germany are different matters
            apart = _days_apart(_claim_day(a, ctx), _claim_day(b, ctx))
            if a.doc != b.doc and (apart is None or apart > CLAIM_WINDOW_DAYS):
                continue
            when = "in the same article" if a.doc == b.doc else f"{apart} day(s) apart"
            yield Contradiction(
                "conflicting_claims", _quote_side(a), _quote_side(b),
                f"On {topic}, {a.speaker} affirms “{_short(a.quote, 70)}” while {b.speaker} says "
                f"“{_short(b.quote, 70)}” ({when})", 0.6 if a.doc != b.doc else 0.65,
                str(iris.quote(a.speaker, a.quote)), str(iris.quote(b.speaker, b.quote)))


# ---------------------------------------------------------------------------- conflicting figures


def _same_quantity(a: Figure, b: Figure) -> bool:
    """Both figures measure the same thing between the same parties (one shared party at least)."""
    shared = False
    for key in ("imposer", "target"):
        x, y = getattr(a, key), getattr(b, key)
        if x and y:
            if x != y:
                return False
            shared = True
    return shared


def _differ(a: Figure, b: Figure) -> bool:
    if a.value == b.value:
        return False
    if a.approximate or b.approximate:
        return abs(a.value - b.value) > APPROX_TOLERANCE * max(abs(a.value), abs(b.value))
    return True


def _same_period(a: Figure, b: Figure, ctx: dict[str, _Ctx]) -> bool:
    """Levels compare within a window; the ends of a reported change compare only with levels of
    their own side of it (before the change for `from`, after it for `to`)."""
    da, db = ctx[a.doc].published, ctx[b.doc].published
    if {a.role, b.role} == {"from", "to"}:
        return False
    if a.role == b.role or "level" not in (a.role, b.role):
        apart = _days_apart(da, db)
        return apart is None or apart <= FIGURE_WINDOW_DAYS
    change, level = (a, b) if a.role != "level" else (b, a)
    dc, dl = ctx[change.doc].published, ctx[level.doc].published
    if dc is None or dl is None:
        return change.role == "from"
    if change.role == "from":
        return dl <= dc and (dc - dl).days <= FIGURE_WINDOW_DAYS
    return dl >= dc and (dl - dc).days <= FIGURE_WINDOW_DAYS


def _party(code: str | None) -> str:
    return code or "?"


def conflicting_figures(figures: list[Figure], ctx: dict[str, _Ctx], iris: Iris) -> Iterator[Contradiction]:
    """The same quantity given different values by different articles."""
    buckets: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for f in figures:
        if f.imposer or f.target:
            buckets[(f.measure, f.unit)].append(f)
    for (measure, unit), group in sorted(buckets.items()):
        days = [ctx[f.doc].published for f in group]
        for a, b in ((group[i], group[j]) for i, j in window_pairs(days, FIGURE_WINDOW_DAYS)):
            if a.doc == b.doc or not _same_quantity(a, b) or not _differ(a, b) or not _same_period(a, b, ctx):
                continue
            what = f"{measure} imposed by {_party(a.imposer or b.imposer)} on {_party(a.target or b.target)}"
            sym = "%" if unit == "percent" else f" {unit}"
            yield Contradiction(
                "conflicting_figures", Side(a.doc, a.sentence_start, a.sentence_end, a.text),
                Side(b.doc, b.sentence_start, b.sentence_end, b.text),
                f"The {what} is {a.value:g}{sym} in {_outlet(a.doc, ctx)} but {b.value:g}{sym} in {_outlet(b.doc, ctx)}",
                0.7, str(iris.figure(a.doc, a.start, a.end)), str(iris.figure(b.doc, b.start, b.end)))


def _outlet(doc: str, ctx: dict[str, _Ctx]) -> str:
    return ctx[doc].outlet or doc


# ---------------------------------------------------------------------------- quote variants


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'"))


QUOTED = re.compile(r"“[^”]+”|\"[^\"]+\"|‘[^’]+’|(?<!\w)'[^']+'(?!\w)")


def _spoken_words(q: Quote) -> list[str]:
    """The speaker's own words: a mixed quote spans its reported clause, only its quoted parts are verbatim."""
    return _words(" ".join(QUOTED.findall(q.quote)) if q.kind == "mixed" else q.quote)


def best_window_match(short: list[str], long: list[str]) -> int:
    """How many words of the shorter list match, in order, its best-aligned window of the longer one."""
    n = len(short)
    best = 0
    for size in (n, n + 1, n + 2):
        for i in range(0, max(1, len(long) - size + 1)):
            blocks = SequenceMatcher(None, short, long[i:i + size], autojunk=False).get_matching_blocks()
            best = max(best, sum(b.size for b in blocks))
    return best


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def quote_variants(quotes: list[Quote], ctx: dict[str, _Ctx], iris: Iris) -> Iterator[Contradiction]:
    """One remark quoted in different words by different articles."""
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        if q.kind in ("direct", "mixed"):
            by_speaker[q.speaker].append(q)
    for speaker, group in sorted(by_speaker.items()):
        days = [_claim_day(q, ctx) for q in group]
        words = [_spoken_words(q) for q in group]
        counts = [Counter(w) for w in words]
        for i, j in window_pairs(days, VARIANT_WINDOW_DAYS):
            a, b = group[i], group[j]
            if a.doc == b.doc or not _compatible(a.date, b.date) or not _compatible(a.venue, b.venue):
                continue
            if set(a.parties) != set(b.parties) and a.parties and b.parties:
                continue  # the same sentence about another country is another remark
            apart = _days_apart(days[i], days[j])
            if apart is not None and apart > VARIANT_WINDOW_DAYS:
                continue
            short, long = (words[i], words[j]) if len(words[i]) <= len(words[j]) else (words[j], words[i])
            if len(short) < VARIANT_MIN_WORDS or " ".join(short) in " ".join(long):
                continue
            if sum((counts[i] & counts[j]).values()) < VARIANT_MIN_RATIO * len(short):
                continue  # cheap bound: no window can match more words than the two share
            matched = best_window_match(short, long)
            ratio = matched / len(short)
            if matched < VARIANT_MIN_WORDS - 1 or ratio < VARIANT_MIN_RATIO:
                continue
            yield Contradiction(
                "quote_variant", _quote_side(a), _quote_side(b),
                f"{speaker} quoted as “{_short(a.quote, 70)}” by {_outlet(a.doc, ctx)} and as "
                f"“{_short(b.quote, 70)}” by {_outlet(b.doc, ctx)} (word match {ratio:.0%})", round(ratio * 0.8, 3),
                str(iris.quote(a.speaker, a.quote)), str(iris.quote(b.speaker, b.quote)))
