"""Distinct statements: a claim, quote or figure carried by several articles is one statement, compared once,
with every article carrying it (kg/analysis/contradictions.py compares them block by block). `Statements`, a
part of the `Detection` there, brings the distinct statements that the articles read anew or gone carry up to
date in the state (kg/analysis/tables.py: one row per statement, one per copy), and reads the others when a
block they are in is compared again."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..ids import Iris
from ..model import Figure, Side
from .figures import figure_key
from .store import Store
from .tables import Facts, Member, Stored

KINDS = ("claim", "quote", "figure")


@dataclass(frozen=True)
class Rep:
    """A distinct statement as stored: its id, node, the statement compared, and where its first copy stands."""

    sid: int
    node: str
    item: Any
    at: tuple[str, int, int]


Touched = tuple["Rep | None", "Rep | None"]  # a distinct statement before and after a change


class Statements:
    """The distinct statements of a detection: those read (each once: the rules pair them by identity), their
    nodes, where they stand, and the articles carrying each figure."""

    store: Store
    iris: Iris
    loaded: dict[int, Any]  # statements read, by id
    node_of: dict[int, str]  # by id() of a statement
    at_of: dict[int, tuple[str, int, int]]  # where each statement read stands, by id
    figure_docs: dict[tuple[str, int, int], frozenset[str]]
    facts_read: dict[str, Facts]

    def statements(self, kind: str, k: int, redone: set[str], old: dict[str, Facts], new: dict[str, Facts]
                   ) -> list[Touched]:
        """Bring the distinct statements of one kind that the articles read anew or gone carry up to date:
        each one's copies (those of the articles read anew or gone already dropped), and the copy compared (the
        first, with every article carrying it)."""
        arrived: dict[str, list[Member]] = defaultdict(list)
        for doc, f in new.items():
            for idx, (item, group) in enumerate(zip(_items(f, k), f.groups[k])):
                arrived[group].append(_member(kind, item, idx))
        groups = set(arrived) | {g for doc in redone if doc in old for g in old[doc].groups[k]}
        out = []
        for group in sorted(groups):
            row = self.store.statement(kind, group)
            copies = arrived.get(group, [])
            if row is None:  # a new statement: its copies are those arrived
                at = min(m[:3] for m in copies)
                days = [m[4] for m in copies if m[4]]
                stored = self.rep(kind, self.facts_of(at[0], new), at, frozenset(m[0] for m in copies),
                                  min(days) if days else None)
                sid = self.store.new_statement(kind, group, stored)
                self.store.add_copies(sid, copies)
                out.append((None, self._keep(sid, stored)))
                continue
            sid, was = row
            self.store.add_copies(sid, copies)
            at = self.store.first_copy(sid)
            after = None
            if at is not None:
                docs = was[2] - redone | {m[0] for m in copies}
                stored = self.rep(kind, self.facts_of(at[0], new), at, docs,
                                  self.store.first_day(sid) if kind == "claim" else None)
                self.store.put_statement(sid, stored)
                after = self._keep(sid, stored)
            else:
                self.store.drop_statement(sid)
            out.append((Rep(sid, was[1], was[0], was[3]), after))
        return out

    def rep(self, kind: str, f: Facts, at: tuple[str, int, int], docs: frozenset[str], first_day: date | None
            ) -> Stored:
        """What is stored of a distinct statement: the statement compared (its first copy, standing `at`,
        with the articles carrying it and, a claim, the first day they cover), its node, those articles and
        where it stands."""
        idx = at[2]
        if kind == "claim":
            c = f.claims[idx]
            return c.placed(docs, first_day), str(self.iris.claim(c.doc, c.start, c.end)), docs, at
        if kind == "quote":
            return f.quotes[idx], f.quote_nodes[idx], docs, at
        fig = f.figures[idx]
        return fig, str(self.iris.figure(fig.doc, fig.start, fig.end)), docs, at

    def _keep(self, sid: int, stored: Stored) -> Rep:
        item, node, docs, at = stored
        self.loaded[sid] = item
        self.node_of[id(item)] = node
        self.at_of[sid] = at
        if isinstance(item, Figure):
            self.figure_docs[figure_key(item)] = docs
        return Rep(sid, node, item, at)

    def load(self, ids: list[int]) -> list[Any]:
        """The statements of some ids, each read once."""
        for sid, stored in self.store.items([i for i in ids if i not in self.loaded]):
            self._keep(sid, stored)
        return [self.loaded[i] for i in ids]

    def node(self, item: object) -> str:
        return self.node_of[id(item)]

    def facts_of(self, doc: str, new: dict[str, Facts]) -> Facts:
        """What detection read from an article: read anew (`new`), else as stored."""
        if doc in new:
            return new[doc]
        if doc not in self.facts_read:
            self.facts_read[doc] = self.store.facts([doc])[doc][2]
        return self.facts_read[doc]


def _items(f: Facts, k: int) -> tuple:
    return (f.claims, f.quotes, f.figures)[k]


def _member(kind: str, item: Any, idx: int) -> Member:
    """A copy of a distinct statement: where it stands, and its side as evidence (and a claim's day)."""
    if kind == "claim":
        return item.doc, item.start, idx, Side(item.doc, item.start, item.end, item.text), item.day
    if kind == "quote":
        return item.doc, item.start, idx, Side(item.doc, item.start, item.end, item.quote), None
    return item.doc, item.start, idx, Side(item.doc, item.sentence_start, item.sentence_end, item.text), None
