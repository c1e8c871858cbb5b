"""What the detectors know of each article (outlet, day), and small helpers they share."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import TypeVar

from ..model import Quote, Side

T = TypeVar("T")


@dataclass(frozen=True)
class Ctx:
    """A record with the article facts the detectors need."""

    doc: str
    published: date | None
    outlet: str | None


class Contexts(dict[str, Ctx]):
    """The day and outlet of each article, read (`lookup`: its published date and outlet) when first asked for."""

    def __init__(self, lookup: Callable[[str], tuple[str | None, str | None]]):
        super().__init__()
        self.lookup = lookup

    def __missing__(self, doc: str) -> Ctx:
        published, outlet = self.lookup(doc)
        self[doc] = Ctx(doc, day(published), outlet)
        return self[doc]


def day(iso: str | None) -> date | None:
    """The date of an ISO string, or None when there is none or it is not a date."""
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def days_apart(a: date | None, b: date | None) -> int | None:
    """Days between two dates, or None when one is unknown."""
    return abs((a - b).days) if a and b else None


def quote_side(q: Quote) -> Side:
    """A quote as a side of a contradiction."""
    return Side(q.doc, q.start, q.end, q.quote, q.speaker)


def plain(side: Side) -> Side:
    """A side without its speaker, as an item of evidence."""
    return Side(side.doc, side.start, side.end, side.text)


def short(text: str, limit: int = 90) -> str:
    """A text on one line, cut to `limit` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def outlet(doc: str, ctx: dict[str, Ctx]) -> str:
    """The outlet of an article, else its id."""
    return ctx[doc].outlet or doc


def window_pairs(days: list[date | None], window: int, docs: list[str] | None = None) -> list[tuple[int, int]]:
    """Index pairs i < j, in order, whose days are at most `window` apart or unknown (or, given `docs`,
    from one doc): the only pairs a dated detector can keep, found by a sliding window over the sorted
    days instead of comparing all pairs."""
    known = sorted((d.toordinal(), i) for i, d in enumerate(days) if d is not None)
    pairs: set[tuple[int, int]] = set()
    for k, (first, i) in enumerate(known):
        for later, j in known[k + 1:]:
            if later - first > window:
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


def blocks(keys: Callable[[T], Iterable[Hashable]], items: Iterable[T],
           only: set[Hashable] | None = None) -> dict[Hashable, list[T]]:
    """The items of each block (`keys`: the blocks of an item), in the items' order; `only`: just these."""
    out: dict[Hashable, list[T]] = {}
    for item in items:
        found = keys(item)
        for k in (found if only is None else only.intersection(found)):
            out.setdefault(k, []).append(item)
    return out


def focused_pairs(members: list[T], focus: set[int] | None) -> Iterator[tuple[T, T]]:
    """Every pair of members, in order; with a focus (ids), only those with a member in it."""
    if focus is None:
        return combinations(members, 2)
    at = [i for i, m in enumerate(members) if id(m) in focus]
    pairs = sorted({(min(i, j), max(i, j)) for i in at for j in range(len(members)) if j != i})
    return ((members[i], members[j]) for i, j in pairs)
