"""Where accounts disagree, counted once.

Every statement is read as a claim (kg/claims.py) or a figure; the same statement carried by several
articles is one claim with all of them as evidence, and the detectors compare distinct statements only,
found by bucketing (by term, by speaker, by measure), never by comparing all pairs:
- reported denials: a denial the text reports (`..., which officials denied`) against the quote it targets;
- conflicting claims (kg/conflicts.py): one asserter states what another negates or denies, rival
  explanations of one thing, contrary evaluations of one party, a count said to be inflated;
- conflicting figures: the same rate between the same parties, or the same things counted (flights
  cancelled, people killed, photos published), with values that differ beyond rounding in the same
  period; a total against the sum of its parts; a reported change `from A to B` separates before from
  after; parts (`including 23`) and earlier periods (`last year`) are not compared;
- quote variants: one remark worded differently in different articles (the same speaker under any
  spelling, a translation, or the same long words under two speaker names). The versions of one remark
  are one statement for the other detectors.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from difflib import SequenceMatcher
from itertools import combinations

from ..ids import Iris
from ..model import ArticleResult, Contradiction, Figure, Quote, Side
from ..resources.entities import Countries
from ..resources.semantics import Semantics, semantics
from .claims import WORD, Claim, article_claims, content_terms, counted_once, normal_words, parties, term
from .conflicts import MIN_SHARED, conflicts

FIGURE_WINDOW_DAYS = 45
VARIANT_WINDOW_DAYS = 14
VARIANT_MIN_RATIO = 0.75  # share of the shorter quote's words found in order in the longer one
VARIANT_MIN_WORDS = 4
APPROX_TOLERANCE = 0.1
COUNT_WINDOW_DAYS = 14
VARIANT_MIN_SHARED_TERMS = 6  # a translated remark shares this many content terms ...
VARIANT_MIN_TERM_SHARE = 0.5  # ... making this share of the shorter version's terms
OTHER_SPEAKER_RATIO = 0.85  # the same long remark given to two speaker names
OTHER_SPEAKER_MIN_WORDS = 8


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


def detect(results: list[ArticleResult], iris: Iris, domain: Path | None = None) -> list[Contradiction]:
    """All contradictions among the articles' statements, each between two distinct statements (a
    statement carried by several articles counts once, with all of them as evidence), in a stable order.
    `domain` is an optional domain pack of synonyms (kg/data/domain_*.toml)."""
    sem = semantics(domain)
    ctx = {r.article.doc_id: _Ctx(r.article.doc_id, _day(r.article.published), r.article.outlet) for r in results}
    quotes, quote_ev = distinct(q for r in results for q in r.quotes)
    figures, figure_ev = distinct_figures(f for r in results for f in r.figures)
    countries = Countries.load()
    party = parties((r.article.text for r in results), countries.code, countries.mentioned)
    seen: dict = {}
    claims = counted_once(c for r in results for c in article_claims(r, sem, party=party, seen=seen))
    evidence = {  # by the node of each distinct statement
        **{str(iris.claim(c.doc, c.start, c.end)): c.evidence for c in claims},
        **{str(iris.quote(q.speaker, q.quote)): quote_ev[_key(_quote_side(q))] for q in quotes},
        **{str(iris.figure(f.doc, f.start, f.end)): figure_ev[_figure_key(f)] for f in figures}}
    variants = list(quote_variants(quotes, ctx, iris, sem))
    found = [
        *reported_denials(results, iris, evidence, sem),
        *opposed_claims(claims, ctx, iris, sem),
        *conflicting_figures([f for f in figures if f.unit != "count"], ctx, iris),
        *conflicting_counts([f for f in figures if f.unit == "count"], figure_ev, ctx, iris, sem),
        *disputed_counts(claims, [f for f in figures if f.unit == "count"], ctx, iris, sem),
    ]
    remark, versions = remark_of(variants)
    unique: dict[tuple, Contradiction] = {}
    for c in found:
        a_ev, b_ev = evidence.get(c.a_node, (_plain(c.a),)), evidence.get(c.b_node, (_plain(c.b),))
        ka, kb = remark(c.a, c.a_node), remark(c.b, c.b_node)
        if (kb, ka) in unique:
            ka, kb, a_ev, b_ev = kb, ka, b_ev, a_ev
        kept = unique.get((ka, kb))
        if kept is not None:  # another rendering of the same remarks: more evidence, not another item
            a_ev, b_ev = _union(kept.a_evidence, a_ev), _union(kept.b_evidence, b_ev)
            c = kept
        unique[(ka, kb)] = replace(c, a_evidence=_union(a_ev, versions.get(ka, ())),
                                   b_evidence=_union(b_ev, versions.get(kb, ())))
    for v in variants:
        unique[(_key(v.a), _key(v.b))] = replace(v, a_evidence=evidence.get(v.a_node, (_plain(v.a),)),
                                                 b_evidence=evidence.get(v.b_node, (_plain(v.b),)))
    return sorted(unique.values(), key=lambda c: (c.type, c.a.doc, c.a.start, c.b.doc, c.b.start))


def _union(a: tuple[Side, ...], b: tuple[Side, ...]) -> tuple[Side, ...]:
    return tuple(dict.fromkeys((*a, *b)))


def remark_of(variants: list[Contradiction]) -> tuple[Callable[[Side, str], tuple], dict[tuple, tuple[Side, ...]]]:
    """Which remark a side belongs to, and every version of each remark: quotes found to be versions of
    one remark (translations, other wordings) are one remark, so a contradiction with it is counted once
    with every version as evidence; any other side is its own."""
    parent: dict[tuple, tuple] = {}

    def root(k: tuple) -> tuple:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for v in variants:
        ra, rb = root(_key(v.a)), root(_key(v.b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            parent.setdefault(min(ra, rb), min(ra, rb))
    spans: dict[str, list[tuple[int, int, tuple]]] = defaultdict(list)
    for k in parent:
        spans[k[0]].append((k[1], k[2], k))

    def of(side: Side, node: str) -> tuple:
        for start, end, k in spans.get(side.doc, ()):
            if start <= side.start and side.end <= end:
                return root(k)
        return (node,)  # a distinct statement's node (copies of a quote share it)

    versions: dict[tuple, list[Side]] = defaultdict(list)
    for v in variants:
        for side in (v.a, v.b):
            versions[root(_key(side))].append(_plain(side))
    return of, {k: tuple(sorted(set(v), key=lambda s: (s.doc, s.start))) for k, v in versions.items()}


def _key(side: Side) -> tuple[str, int, int]:
    return side.doc, side.start, side.end


def _plain(side: Side) -> Side:
    return Side(side.doc, side.start, side.end, side.text)


def distinct(quotes: Iterator[Quote]) -> tuple[list[Quote], dict[tuple[str, int, int], tuple[Side, ...]]]:
    """One quote per distinct remark (same speaker, same words) and, by its first appearance, every
    place it appears: the detectors compare remarks, not copies."""
    groups: dict[tuple[str, str], list[Quote]] = defaultdict(list)
    for q in quotes:
        groups[(q.speaker, normal_words(q.quote))].append(q)
    reps, evidence = [], {}
    for members in groups.values():
        members.sort(key=lambda q: (q.doc, q.start))
        reps.append(members[0])
        evidence[(members[0].doc, members[0].start, members[0].end)] = tuple(
            dict.fromkeys(Side(q.doc, q.start, q.end, q.quote) for q in members))
    return sorted(reps, key=lambda q: (q.doc, q.start)), evidence


def _figure_key(f: Figure) -> tuple[str, int, int]:
    return f.doc, f.start, f.end


def distinct_figures(figures: Iterator[Figure]) -> tuple[list[Figure], dict[tuple[str, int, int], tuple[Side, ...]]]:
    """One figure per distinct statement of a value for a measure (same value, measure, parties and
    role), with every sentence that states it as evidence."""
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        groups[(f.measure, f.unit, f.value, f.imposer, f.target, f.role)].append(f)
    reps, evidence = [], {}
    for members in groups.values():
        members.sort(key=lambda f: (f.doc, f.start))
        first = members[0]
        reps.append(first)
        evidence[_figure_key(first)] = tuple(
            dict.fromkeys(Side(f.doc, f.sentence_start, f.sentence_end, f.text) for f in members))
    return sorted(reps, key=lambda f: (f.doc, f.start)), evidence


# ---------------------------------------------------------------------------- reported denials


def reported_denials(results: list[ArticleResult], iris: Iris, evidence: dict[str, tuple[Side, ...]],
                     sem: Semantics) -> Iterator[Contradiction]:
    """A denial the article reports, against the quote it denies; the same denial of the same words in
    several articles is one, with every place it appears added to `evidence` (by its node)."""
    first: dict[tuple, tuple[str, Side]] = {}
    for r in results:
        by_span = {(q.start, q.end): q for q in r.quotes}
        for d in r.denials:
            q = by_span.get((d.target_start, d.target_end))
            if q is None or q.speaker == d.speaker or not _restates(d.text, q.quote, sem):
                continue
            key = (q.speaker, normal_words(q.quote), d.speaker, normal_words(d.text))
            side = Side(d.doc, d.start, d.end, d.text, d.speaker)
            if key in first:
                node = first[key][0]
                evidence[node] = (*evidence[node], _plain(side))
                continue
            node = str(iris.claim(d.doc, d.start, d.end))
            first[key] = (node, side)
            evidence[node] = (_plain(side),)
            yield Contradiction(
                "reported_denial", _quote_side(q), side,
                f"{d.speaker} {d.cue} what {q.speaker} said: “{_short(q.quote)}”", 0.9,
                str(iris.quote(q.speaker, q.quote)), node)


def _restates(denial: str, quote: str, sem: Semantics) -> bool:
    """Whether a denial can be of the quote: it restates nothing (`which officials denied`, `disputed that
    account`), or what it restates after its `that` shares a content word with the quote (`denied the
    allegation that the kiss was consensual` is not a denial of a quote about a boycott)."""
    low = denial.lower()
    at = re.search(r"\bthat\b", low)
    if at is None:
        return True
    lower_words = [w for w in WORD.findall(denial[at.end():]) if not w[:1].isupper()]  # names aside
    restated = set(content_terms(lower_words, sem)) - {term(w, sem) for w in sem.claim_nouns}
    return len(restated) < MIN_SHARED or bool(restated & set(_content_terms(quote, sem)))


def _short(text: str, limit: int = 90) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _claim_day(q: Quote, ctx: dict[str, _Ctx]) -> date | None:
    return _day(q.date) or ctx[q.doc].published


# ---------------------------------------------------------------------------- claims


def _who(c: Claim, ctx: dict[str, _Ctx]) -> str:
    return c.asserter or f"{_outlet(c.doc, ctx)} (narration)"


def opposed_claims(claims: list[Claim], ctx: dict[str, _Ctx], iris: Iris, sem: Semantics) -> Iterator[Contradiction]:
    """Claims one asserter makes and another negates or denies, and rival explanations of one thing."""
    for k in conflicts(claims):
        a, b = k.a, k.b
        where = "in the same article" if a.docs & b.docs else f"in {_outlet(a.doc, ctx)} and {_outlet(b.doc, ctx)}"
        if k.rule == "opposed":
            kind = "reported_denial" if b.kind == "denial" or _denies(b, sem) else "conflicting_claims"
            why = (f"{_who(a, ctx)} states “{_short(a.text, 70)}” while {_who(b, ctx)} negates it: "
                   f"“{_short(b.text, 70)}” ({where}; on {_words_for(k.terms, a.text + ' ' + b.text, sem)})")
            # two negated predicates matched (`sign` and `contract`) count more than one; someone's statement
            # more than the article's narration; a denial naming a claim it does not restate (`the army's
            # accusation over the strike is lies`) meets its target by topic only, the least
            matched = len(set(k.terms) - a.names - b.names)
            conf = 0.55 + (0.15 if matched >= MIN_SHARED else 0.0) + (0.05 if a.asserter else 0.0)
            conf = 0.55 if _names_unstated_claim(b.text, sem) else conf
        elif k.rule == "anaphoric":
            kind = "reported_denial"
            why = (f"{_who(b, ctx)} calls the accusations untrue (“{_short(b.text, 70)}”) while {_who(a, ctx)} "
                   f"names {_words_for(k.terms, a.text, sem)}: “{_short(a.text, 70)}” ({where})")
            conf = 0.55
        elif k.rule == "swapped":
            kind = "conflicting_claims"
            why = (f"{_who(a, ctx)} and {_who(b, ctx)} name different parties as the one who "
                   f"{_words_for(k.terms[:1], a.text + ' ' + b.text, sem)} ({_words_for(k.terms[1:], a.text, sem)}): "
                   f"“{_short(a.text, 70)}” vs “{_short(b.text, 70)}” ({where})")
            conf = 0.6
        elif k.rule == "dated":
            kind = "conflicting_claims"
            (day_a, _), (day_b, _) = next(iter(a.dates)), next(iter(b.dates))
            why = (f"{_who(a, ctx)} dates it {day_a.isoformat()} and {_who(b, ctx)} {day_b.isoformat()} "
                   f"({_words_for(k.terms, a.text + ' ' + b.text, sem)}): "
                   f"“{_short(a.text, 70)}” vs “{_short(b.text, 70)}” ({where})")
            conf = 0.6
        elif k.rule == "contrary":
            kind = "conflicting_claims"
            why = (f"{_who(a, ctx)} and {_who(b, ctx)} judge {_words_for(k.terms, a.text + ' ' + b.text, sem)} in "
                   f"contrary terms: "
                   f"“{_short(a.text, 70)}” vs “{_short(b.text, 70)}” ({where})")
            conf = 0.65
        else:
            kind = "conflicting_claims"
            why = (f"{_who(a, ctx)} and {_who(b, ctx)} explain the same thing "
                   f"({_words_for(k.terms, a.text + ' ' + b.text, sem)}) by "
                   f"different reasons: “{_short(a.text, 70)}” vs “{_short(b.text, 70)}” ({where})")
            conf = 0.7
        yield Contradiction(kind, a.side(), b.side(), why, round(min(conf, 0.85), 3),
                            str(iris.claim(a.doc, a.start, a.end)), str(iris.claim(b.doc, b.start, b.end)))


def _words_for(terms: tuple[str, ...], text: str, sem: Semantics, limit: int = 4) -> str:
    """The words of `text` behind some terms (`outage` for the stem `outag`), for a reader."""
    shown: dict[str, str] = {}
    for w in WORD.findall(text):
        t = term(w, sem)
        if t in terms and t not in shown:
            shown[t] = w
    return ", ".join(shown.get(t, t) for t in terms[:limit])


def _names_unstated_claim(text: str, sem: Semantics) -> bool:
    """Whether a statement names a claim (`accusation`, `report`) without restating it after `that`."""
    words = [w.lower() for w in WORD.findall(text)]
    nouns = sem.claim_nouns - {"that"}
    return any(w in nouns and "that" not in words[i + 1:i + 3] for i, w in enumerate(words))


def _denies(c: Claim, sem: Semantics) -> bool:
    return bool({w.lower() for w in c.text.split()} & sem.denying)


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
    if {a.role, b.role} == {"from", "to"} or ("threatened" in (a.role, b.role) and a.role != b.role):
        return False  # the two ends of a change; a threatened rate against one in force
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


def _differ_by_rounding(a: Figure, b: Figure) -> bool:
    """Counts differ when apart by more than the tolerance of an approximate value (`more than
    4,000`, `around 7,000`), or at all when both are exact."""
    if a.value == b.value:
        return False
    if a.approximate or b.approximate or a.role == "sum" or b.role == "sum":
        return abs(a.value - b.value) > APPROX_TOLERANCE * max(abs(a.value), abs(b.value)) or \
            (not a.approximate and not b.approximate)
    return True


def _comparable_counts(a: Figure, b: Figure, docs: dict[tuple, frozenset[str]], ctx: dict[str, _Ctx],
                       sem: Semantics) -> bool:
    """The same thing counted for the same event (the event may differ only for specific things:
    `81 players signed` and `56 players mutinied` count the same players), in the same period; two
    counts of one article compare only as a total against the sum of its parts."""
    thing_a, event_a = a.measure.split("|", 1)
    thing_b, event_b = b.measure.split("|", 1)
    if thing_a != thing_b or {"part", "earlier"} & {a.role, b.role}:
        return False
    if "threatened" in (a.role, b.role) and a.role != b.role:
        return False
    if thing_a in sem.generic_counted and (not event_a or event_a != event_b):
        return False
    if event_a and event_b and event_a != event_b:
        return False
    da, db = docs[_figure_key(a)], docs[_figure_key(b)]
    if da & db:
        return "sum" in (a.role, b.role) and a.role != b.role
    days = [ctx[a.doc].published, ctx[b.doc].published]
    apart = _days_apart(*days)
    return apart is None or apart <= COUNT_WINDOW_DAYS


def conflicting_counts(figures: list[Figure], evidence: dict[tuple, tuple[Side, ...]], ctx: dict[str, _Ctx],
                       iris: Iris, sem: Semantics) -> Iterator[Contradiction]:
    """The same things counted differently: flights cancelled, people killed, photos published."""
    docs = {k: frozenset(s.doc for s in v) for k, v in evidence.items()}  # by _figure_key
    by_thing: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_thing[f.measure.split("|", 1)[0]].append(f)
    for thing, group in sorted(by_thing.items()):
        for a, b in combinations(group, 2):
            if not _comparable_counts(a, b, docs, ctx, sem) or not _differ_by_rounding(a, b):
                continue
            event = a.measure.split("|", 1)[1] or b.measure.split("|", 1)[1]
            what = f"{thing} ({event})" if event else thing
            total = " (a sum of parts)" if "sum" in (a.role, b.role) else ""
            yield Contradiction(
                "conflicting_figures", Side(a.doc, a.sentence_start, a.sentence_end, a.text),
                Side(b.doc, b.sentence_start, b.sentence_end, b.text),
                f"The number of {what} is {a.value:g} in {_outlet(a.doc, ctx)} but {b.value:g} in "
                f"{_outlet(b.doc, ctx)}{total}", 0.75 if not (a.approximate and b.approximate) else 0.7,
                str(iris.figure(a.doc, a.start, a.end)), str(iris.figure(b.doc, b.start, b.end)))


def disputed_counts(claims: list[Claim], figures: list[Figure], ctx: dict[str, _Ctx],
                    iris: Iris, sem: Semantics) -> Iterator[Contradiction]:
    """A statement that a count was inflated, against the counts of the same thing reported around it."""
    by_class: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.role in ("level", "sum"):
            thing, event = f.measure.split("|", 1)
            for cls in {thing, event} - {""} - sem.generic_counted:
                by_class[cls].append(f)
    for c in claims:
        if not c.disputed or c.asserter is None:
            continue
        counted = [f for f in dict.fromkeys(f for t in sorted(c.disputed) for f in by_class.get(t, []))
                   if (apart := _days_apart(c.day, ctx[f.doc].published)) is None or apart <= COUNT_WINDOW_DAYS]
        highest = max((f.value for f in counted), default=0.0)
        for f in counted:  # a count below another of the same thing is less likely the one said to be inflated
            yield Contradiction(
                "conflicting_claims", Side(f.doc, f.sentence_start, f.sentence_end, f.text), c.side(),
                f"{_outlet(f.doc, ctx)} reports {f.value:g} ({f.measure.replace('|', ', ')}) while {c.asserter} says "
                f"the number was inflated: “{_short(c.text, 70)}”", 0.6 if f.value >= highest else 0.55,
                str(iris.figure(f.doc, f.start, f.end)), str(iris.claim(c.doc, c.start, c.end)))


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


def speaker_key(q: Quote) -> str:
    """Who a quote is by, across spellings: a person by surname (`Kate Olsen`, `Katherine Olsen`)."""
    words = q.speaker.lower().split()
    return words[-1] if q.speaker_type == "person" and len(words) > 1 else q.speaker.lower()


def _content_terms(text: str, sem: Semantics) -> list[str]:
    return content_terms(WORD.findall(text), sem)


def _term_share(a: str, b: str, sem: Semantics) -> tuple[int, float]:
    """Content terms two versions share, and their share of the shorter version's (translations of one
    remark keep the content words while the function words change)."""
    ta, tb = set(_content_terms(a, sem)), set(_content_terms(b, sem))
    shared = len(ta & tb)
    return shared, shared / max(1, min(len(ta), len(tb)))


def _variant(a: Quote, b: Quote, words_a: list[str], words_b: list[str], same_speaker: bool,
             sem: Semantics) -> float | None:
    """How closely two quotes render one remark (None when they are not two versions of one remark)."""
    if a.doc == b.doc or not _compatible(a.date, b.date) or not _same_venue(a.venue, b.venue):
        return None
    if set(a.parties) != set(b.parties) and a.parties and b.parties:
        return None  # the same sentence about another country is another remark
    short, long = (words_a, words_b) if len(words_a) <= len(words_b) else (words_b, words_a)
    if len(short) < VARIANT_MIN_WORDS or " ".join(short) in " ".join(long):
        return None
    if sum((Counter(short) & Counter(long)).values()) >= VARIANT_MIN_RATIO * len(short):
        matched = best_window_match(short, long)
        ratio = matched / len(short)
        if same_speaker and matched >= VARIANT_MIN_WORDS - 1 and ratio >= VARIANT_MIN_RATIO:
            return ratio
        if len(short) >= OTHER_SPEAKER_MIN_WORDS and ratio >= OTHER_SPEAKER_RATIO:
            return ratio
    if same_speaker:
        shared, share = _term_share(a.quote, b.quote, sem)
        if shared >= VARIANT_MIN_SHARED_TERMS and share >= VARIANT_MIN_TERM_SHARE:
            return share
    return None


def _same_venue(a: str | None, b: str | None) -> bool:
    """Venues agree when one is unknown or they share a word (`Netanyahu`, `Prime Minister Netanyahu`)."""
    return a is None or b is None or bool(set(_words(a)) & set(_words(b)))


def quote_variants(quotes: list[Quote], ctx: dict[str, _Ctx], iris: Iris, sem: Semantics) -> Iterator[Contradiction]:
    """One remark quoted in different words by different articles: by the same speaker (under any
    spelling of the name), or, for a long remark quoted almost word for word, under two speaker names."""
    quoted = [q for q in quotes if q.kind in ("direct", "mixed")]
    words = {id(q): _spoken_words(q) for q in quoted}
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for q in quoted:
        by_speaker[speaker_key(q)].append(q)
    pairs: dict[tuple[int, int], bool] = {}
    for group in by_speaker.values():
        days = [_claim_day(q, ctx) for q in group]
        for i, j in window_pairs(days, VARIANT_WINDOW_DAYS):
            pairs[(id(group[i]), id(group[j]))] = True
    by_gram: dict[tuple[str, ...], list[Quote]] = defaultdict(list)
    for q in quoted:
        w = words[id(q)]
        if len(w) >= OTHER_SPEAKER_MIN_WORDS:
            for g in {tuple(w[k:k + 4]) for k in range(len(w) - 3)}:
                by_gram[g].append(q)
    for group in by_gram.values():
        for a, b in combinations(group, 2):
            if speaker_key(a) != speaker_key(b) and (id(b), id(a)) not in pairs:
                pairs.setdefault((id(a), id(b)), False)
    index = {id(q): q for q in quoted}
    for (ia, ib), same in pairs.items():
        a, b = index[ia], index[ib]
        apart = _days_apart(_claim_day(a, ctx), _claim_day(b, ctx))
        if apart is not None and apart > VARIANT_WINDOW_DAYS:
            continue
        ratio = _variant(a, b, words[ia], words[ib], same, sem)
        if ratio is None:
            continue
        who = a.speaker if a.speaker == b.speaker else f"{a.speaker} / {b.speaker}"
        yield Contradiction(
            "quote_variant", _quote_side(a), _quote_side(b),
            f"{who} quoted as “{_short(a.quote, 70)}” by {_outlet(a.doc, ctx)} and as "
            f"“{_short(b.quote, 70)}” by {_outlet(b.doc, ctx)} (word match {ratio:.0%})", round(0.5 + 0.4 * ratio, 3),
            str(iris.quote(a.speaker, a.quote)), str(iris.quote(b.speaker, b.quote)))
