"""Figures that disagree: rates, counts, and counts said to be inflated.

- conflicting rates: the same rate between the same parties with values that differ beyond rounding in
  the same period; a reported change `from A to B` separates before from after;
- conflicting counts: the same things counted (flights cancelled, people killed, photos published)
  differently in the same period; a total against the sum of its parts; parts (`including 23`) and
  earlier periods (`last year`) are not compared;
- disputed counts: a statement that a count was inflated, against the counts of the same thing.

Rates and counts are compared block by block (`rate_keys`, `count_keys`): a block's contradictions
depend on its members only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..ids import Iris
from ..model import Contradiction, Figure, Side
from ..resources.semantics import Semantics
from . import confidence
from .claims import Claim
from .context import Ctx, days_apart, focused_pairs, outlet, short, window_pairs
from .settings import DetectionSettings


def figure_key(f: Figure) -> tuple[str, int, int]:
    """Where a figure stands: its article and the offsets of its number."""
    return f.doc, f.start, f.end


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


def _differ(a: Figure, b: Figure, tolerance: float) -> bool:
    if a.value == b.value:
        return False
    if a.approximate or b.approximate:
        return abs(a.value - b.value) > tolerance * max(abs(a.value), abs(b.value))
    return True


def _same_period(a: Figure, b: Figure, ctx: dict[str, Ctx], window: int) -> bool:
    """Levels compare within a window; the ends of a reported change compare only with levels of
    their own side of it (before the change for `from`, after it for `to`)."""
    da, db = ctx[a.doc].published, ctx[b.doc].published
    if {a.role, b.role} == {"from", "to"} or ("threatened" in (a.role, b.role) and a.role != b.role):
        return False  # the two ends of a change; a threatened rate against one in force
    if a.role == b.role or "level" not in (a.role, b.role):
        apart = days_apart(da, db)
        return apart is None or apart <= window
    change, level = (a, b) if a.role != "level" else (b, a)
    dc, dl = ctx[change.doc].published, ctx[level.doc].published
    if dc is None or dl is None:
        return change.role == "from"
    if change.role == "from":
        return dl <= dc and (dc - dl).days <= window
    return dl >= dc and (dl - dc).days <= window


def _party(code: str | None) -> str:
    return code or "?"


def rate_keys(f: Figure) -> tuple[tuple[str, str], ...]:
    """The block of a rate: what it measures, in which unit (only rates between named parties compare)."""
    return ((f.measure, f.unit),) if f.imposer or f.target else ()


def conflicting_rates(key: tuple[str, str], group: list[Figure], ctx: dict[str, Ctx], iris: Iris,
                      s: DetectionSettings, focus: set[int] | None = None) -> Iterator[Contradiction]:
    """The same quantity (one block of `rate_keys`) given different values by different articles (`focus`:
    only the pairs with a figure whose id is in it)."""
    measure, unit = key
    days = [ctx[f.doc].published for f in group]
    for a, b in ((group[i], group[j]) for i, j in window_pairs(days, s.figure_window_days)):
        if focus is not None and id(a) not in focus and id(b) not in focus:
            continue
        if a.doc == b.doc or not _same_quantity(a, b) or not _differ(a, b, s.approx_tolerance) \
                or not _same_period(a, b, ctx, s.figure_window_days):
            continue
        what = f"{measure} imposed by {_party(a.imposer or b.imposer)} on {_party(a.target or b.target)}"
        sym = "%" if unit == "percent" else f" {unit}"
        yield Contradiction(
            "conflicting_figures", Side(a.doc, a.sentence_start, a.sentence_end, a.text),
            Side(b.doc, b.sentence_start, b.sentence_end, b.text),
            f"The {what} is {a.value:g}{sym} in {outlet(a.doc, ctx)} but {b.value:g}{sym} in {outlet(b.doc, ctx)}",
            confidence.RATES, str(iris.figure(a.doc, a.start, a.end)), str(iris.figure(b.doc, b.start, b.end)))


def _differ_by_rounding(a: Figure, b: Figure, tolerance: float) -> bool:
    """Counts differ when apart by more than the tolerance of an approximate value (`more than
    4,000`, `around 7,000`), or at all when both are exact."""
    if a.value == b.value:
        return False
    if a.approximate or b.approximate or a.role == "sum" or b.role == "sum":
        return abs(a.value - b.value) > tolerance * max(abs(a.value), abs(b.value)) or \
            (not a.approximate and not b.approximate)
    return True


def _comparable_counts(a: Figure, b: Figure, docs: dict[tuple, frozenset[str]], ctx: dict[str, Ctx],
                       sem: Semantics, window: int) -> bool:
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
    da, db = docs[figure_key(a)], docs[figure_key(b)]
    if da & db:
        return "sum" in (a.role, b.role) and a.role != b.role
    days = [ctx[a.doc].published, ctx[b.doc].published]
    apart = days_apart(*days)
    return apart is None or apart <= window


def count_keys(f: Figure) -> tuple[str]:
    """The block of a count: the thing counted."""
    return (f.measure.split("|", 1)[0],)


def conflicting_counts(thing: str, group: list[Figure], docs: dict[tuple, frozenset[str]], ctx: dict[str, Ctx],
                       iris: Iris, sem: Semantics, s: DetectionSettings, focus: set[int] | None = None
                       ) -> Iterator[Contradiction]:
    """The same things (one block of `count_keys`) counted differently: flights cancelled, people killed,
    photos published (`docs`: the articles stating each count, by `figure_key`; `focus`: only the pairs with
    a count whose id is in it)."""
    for a, b in focused_pairs(group, focus):
        if not _comparable_counts(a, b, docs, ctx, sem, s.count_window_days) \
                or not _differ_by_rounding(a, b, s.approx_tolerance):
            continue
        event = a.measure.split("|", 1)[1] or b.measure.split("|", 1)[1]
        what = f"{thing} ({event})" if event else thing
        total = " (a sum of parts)" if "sum" in (a.role, b.role) else ""
        yield Contradiction(
            "conflicting_figures", Side(a.doc, a.sentence_start, a.sentence_end, a.text),
            Side(b.doc, b.sentence_start, b.sentence_end, b.text),
            f"The number of {what} is {a.value:g} in {outlet(a.doc, ctx)} but {b.value:g} in "
            f"{outlet(b.doc, ctx)}{total}",
            confidence.COUNTS if not (a.approximate and b.approximate) else confidence.COUNTS_BOTH_APPROXIMATE,
            str(iris.figure(a.doc, a.start, a.end)), str(iris.figure(b.doc, b.start, b.end)))


def disputed_counts(claims: list[Claim], figures: list[Figure], ctx: dict[str, Ctx],
                    iris: Iris, sem: Semantics, s: DetectionSettings) -> Iterator[Contradiction]:
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
                   if (apart := days_apart(c.day, ctx[f.doc].published)) is None or apart <= s.count_window_days]
        highest = max((f.value for f in counted), default=0.0)
        for f in counted:  # a count below another of the same thing is less likely the one said to be inflated
            yield Contradiction(
                "conflicting_claims", Side(f.doc, f.sentence_start, f.sentence_end, f.text), c.side(),
                f"{outlet(f.doc, ctx)} reports {f.value:g} ({f.measure.replace('|', ', ')}) while {c.asserter} says "
                f"the number was inflated: “{short(c.text, 70)}”",
                confidence.INFLATED_HIGHEST if f.value >= highest else confidence.INFLATED_LOWER,
                str(iris.figure(f.doc, f.start, f.end)), str(iris.claim(c.doc, c.start, c.end)))
