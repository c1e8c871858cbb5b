"""The tables of the detection state (kg/analysis/store.py), grouped by what they hold as the parts of its
`Store`: the distinct statements, their copies and the blocks the rules compare them in (`StatementTables`);
the findings, the reported denials and the remarks (`FindingTables`); and the entries they hold (`Facts`,
`Found`, `Member`, `Stored`), pickled (`dumps`, `loads`)."""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model import Contradiction, Figure, Quote, Side
from .claims import Claim

CHUNK = 900  # parameters per `IN (...)` query (SQLite allows 999 in old builds)

Member = tuple[str, int, int, Side, Any]  # a copy of a statement: doc, start, index in its article, side, day
Stored = tuple[Any, str, frozenset[str], tuple[str, int, int]]  # a distinct statement: the statement compared,
# its node, the articles carrying it, where its first copy stands
Denied = tuple[str, int, Contradiction, Side]  # a reported denial: its key, index, contradiction, side


@dataclass(frozen=True)
class Facts:
    """What detection read from one article: its statements, the distinct statement each is a copy of (by
    kind: claims, quotes, figures), its quotes' nodes, and its reported denials."""

    claims: tuple[Claim, ...]
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    groups: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    quote_nodes: tuple[str, ...]
    denials: tuple[Denied, ...]


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def loads(data: bytes) -> Any:
    return pickle.loads(data)


@dataclass(frozen=True)
class Found:
    """A finding in brief: its id, merge key, nodes and the places of its sides."""

    fid: int
    mkey: str | None
    a_node: str
    b_node: str
    a_doc: str
    a_start: int
    a_end: int
    b_doc: str
    b_start: int
    b_end: int

    def sides(self) -> tuple[tuple[str, int, int], tuple[str, int, int]]:
        return (self.a_doc, self.a_start, self.a_end), (self.b_doc, self.b_start, self.b_end)


def side_key(side: Side) -> tuple[str, int, int]:
    return side.doc, side.start, side.end


def chunks(items: list) -> Iterator[list]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def placeholders(items: list) -> str:
    return ", ".join("?" * len(items))


class StatementTables:
    """The distinct statements (`statements`), each with its copies (`copies`: one row per copy, so that a
    statement copied thousands of times changes by the copies that change), and the blocks of each rule
    (`members`, `idle`)."""

    db: sqlite3.Connection

    def statement(self, kind: str, gkey: str) -> tuple[int, Stored] | None:
        """A distinct statement's id and what is stored of it."""
        row = self.db.execute("SELECT id, item FROM statements WHERE kind = ? AND gkey = ?", (kind, gkey)).fetchone()
        return (row[0], loads(row[1])) if row else None

    def new_statement(self, kind: str, gkey: str, stored: Stored) -> int:
        return self.db.execute("INSERT INTO statements VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)",
                               (kind, gkey, stored[1], *stored[3], dumps(stored))).lastrowid

    def put_statement(self, sid: int, stored: Stored) -> None:
        self.db.execute("UPDATE statements SET node = ?, doc = ?, start = ?, idx = ?, item = ? WHERE id = ?",
                        (stored[1], *stored[3], dumps(stored), sid))

    def drop_statement(self, sid: int) -> None:
        self.db.execute("DELETE FROM statements WHERE id = ?", (sid,))

    def items(self, ids: Sequence[int]) -> Iterator[tuple[int, Stored]]:
        for part in chunks(list(ids)):
            for sid, item in self.db.execute(f"SELECT id, item FROM statements WHERE id IN ({placeholders(part)})",
                                             part):
                yield sid, loads(item)

    def add_copies(self, sid: int, members: Iterable[Member]) -> None:
        self.db.executemany("INSERT INTO copies VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            ((sid, doc, start, idx, side.start, side.end, side.text, day.isoformat() if day else None)
                             for doc, start, idx, side, day in members))

    def drop_copies(self, docs: Iterable[str]) -> None:
        """Forget the copies some articles carry."""
        for part in chunks(list(docs)):
            self.db.execute(f"DELETE FROM copies WHERE doc IN ({placeholders(part)})", part)

    def first_copy(self, sid: int) -> tuple[str, int, int] | None:
        """Where the first copy of a statement stands (None when it has none left)."""
        return self.db.execute("SELECT doc, start, idx FROM copies WHERE id = ? ORDER BY doc, start, idx LIMIT 1",
                               (sid,)).fetchone()

    def first_day(self, sid: int) -> date | None:
        """The earliest day the copies of a statement cover."""
        found = self.db.execute("SELECT min(day) FROM copies WHERE id = ?", (sid,)).fetchone()[0]
        return date.fromisoformat(found) if found else None

    def evidence(self, node: str) -> tuple[Side, ...] | None:
        """Every place the statement of a node appears (the last of them, in the order of their first copies,
        when several statements have that node); None when none has."""
        row = self.db.execute("SELECT id, doc FROM statements WHERE node = ? ORDER BY doc DESC, start DESC, idx DESC "
                              "LIMIT 1", (node,)).fetchone()
        if row is None:
            return None
        return tuple(dict.fromkeys(Side(doc, start, end, text) for start, end, text, doc in self.db.execute(
            "SELECT side_start, side_end, text, doc FROM copies WHERE id = ? ORDER BY doc, start, idx", (row[0],))))

    # blocks
    def add_members(self, rows: Iterable[tuple[str, str, str, int, int, int, int]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO members VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def drop_members(self, rows: Iterable[tuple[str, str, str, int, int]]) -> None:
        self.db.executemany("DELETE FROM members WHERE rule = ? AND bkey = ? AND doc = ? AND start = ? AND idx = ?",
                            rows)

    def members(self, rule: str, bkey: str) -> list[int]:
        """The statements of a block, in order."""
        return [sid for sid, in self.db.execute("SELECT id FROM members WHERE rule = ? AND bkey = ? "
                                                "ORDER BY doc, start, idx", (rule, bkey))]

    def weight(self, rule: str, bkey: str) -> int:
        return self.db.execute("SELECT count(*) FROM members WHERE rule = ? AND bkey = ? AND w = 1",
                               (rule, bkey)).fetchone()[0]

    def is_idle(self, unit: str) -> bool:
        return self.db.execute("SELECT 1 FROM idle WHERE unit = ?", (unit,)).fetchone() is not None

    def set_idle(self, unit: str, idle: bool) -> None:
        self.db.execute("INSERT OR IGNORE INTO idle VALUES (?)" if idle else "DELETE FROM idle WHERE unit = ?",
                        (unit,))


class FindingTables:
    """What the rules found (`found`), the reported denials (`denials`) and the remarks (`remarks`, `roots`)."""

    db: sqlite3.Connection

    def found(self, unit: str) -> list[Found]:
        """What one unit (a block of a rule, a reported denial, a disputing claim) found, in brief."""
        return [Found(*row) for row in self.db.execute(
            "SELECT id, mkey, a_node, b_node, a_doc, a_start, a_end, b_doc, b_start, b_end FROM found WHERE unit = ?",
            (unit,))]

    def add_found(self, unit: str, c: Contradiction, rank: tuple, variant: bool) -> None:
        """Keep a finding of a unit, with its rank in the order of the findings (see `by_mkey`)."""
        va, vb = (repr(side_key(c.a)), repr(side_key(c.b))) if variant else (None, None)
        self.db.execute("INSERT INTO found(unit, a_node, b_node, a_doc, a_start, a_end, b_doc, b_start, b_end, va, "
                        "vb, mkey, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
                        (unit, c.a_node, c.b_node, c.a.doc, c.a.start, c.a.end, c.b.doc, c.b.start, c.b.end, va, vb,
                         dumps((rank, c))))

    def drop_found(self, ids: Iterable[int]) -> None:
        self.db.executemany("DELETE FROM found WHERE id = ?", ((i,) for i in ids))

    def unkeyed(self) -> list[tuple[int, Contradiction, bool]]:
        """The findings not yet given a merge key: id, item, whether a quote variant."""
        return [(fid, loads(item)[1], va is not None) for fid, item, va in
                self.db.execute("SELECT id, item, va FROM found WHERE mkey IS NULL")]

    def set_mkeys(self, rows: Iterable[tuple[str, int]]) -> None:
        self.db.executemany("UPDATE found SET mkey = ? WHERE id = ?", rows)

    def mkeys_of_nodes(self, nodes: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for part in chunks(list(nodes)):
            marks = placeholders(part)
            out.update(k for k, in self.db.execute(
                f"SELECT mkey FROM found WHERE a_node IN ({marks}) UNION SELECT mkey FROM found WHERE b_node IN "
                f"({marks})", part + part))
        return out

    def within(self, doc: str, start: int, end: int) -> list[tuple[int, str | None, Contradiction]]:
        """The findings (not quote variants) with a side inside a span of an article."""
        rows = self.db.execute(
            "SELECT id, mkey, item FROM found WHERE va IS NULL AND ((a_doc = ?1 AND a_start BETWEEN ?2 AND ?3 AND "
            "a_end <= ?3) OR (b_doc = ?1 AND b_start BETWEEN ?2 AND ?3 AND b_end <= ?3))", (doc, start, end))
        return [(fid, mkey, loads(item)[1]) for fid, mkey, item in rows]

    def variant_edges(self, sides: Iterable[tuple[str, int, int]]) -> list[Contradiction]:
        """The quote variants with one of these sides (by `side_key`)."""
        out = []
        for chunk in chunks([repr(k) for k in sides]):
            marks = placeholders(chunk)
            out += [loads(item)[1] for item, in self.db.execute(
                f"SELECT item FROM found WHERE va IN ({marks}) UNION ALL SELECT item FROM found WHERE vb IN ({marks}) "
                f"AND va NOT IN ({marks})", chunk * 3)]
        return out

    def by_mkey(self, mkey: str) -> list[tuple[tuple, Contradiction]]:
        """The findings merged under one key, each with its rank."""
        return [loads(item) for item, in self.db.execute("SELECT item FROM found WHERE mkey = ?", (mkey,))]

    # reported denials
    def denial(self, dkey: str) -> list[tuple[str, int, Contradiction, Side]]:
        row = self.db.execute("SELECT members FROM denials WHERE dkey = ?", (dkey,)).fetchone()
        return loads(row[0]) if row else []

    def put_denial(self, dkey: str, node: str | None, members: list) -> None:
        if members:
            self.db.execute("INSERT OR REPLACE INTO denials VALUES (?, ?, ?)", (dkey, node, dumps(members)))
        else:
            self.db.execute("DELETE FROM denials WHERE dkey = ?", (dkey,))

    def denial_of_node(self, node: str) -> list | None:
        row = self.db.execute("SELECT members FROM denials WHERE node = ?", (node,)).fetchone()
        return loads(row[0]) if row else None

    # remarks
    def remark_members(self, roots: Iterable[str]) -> set[tuple[str, int, int]]:
        out: set[tuple[str, int, int]] = set()
        for part in chunks(list(roots)):
            out.update(self.db.execute(f"SELECT doc, start, end FROM remarks WHERE root IN ({placeholders(part)})",
                                       part))
        return out

    def roots_of(self, sides: Iterable[tuple[str, int, int]]) -> set[str]:
        out: set[str] = set()
        for part in chunks([repr(k) for k in sides]):
            out.update(r for r, in self.db.execute(f"SELECT root FROM remarks WHERE side IN ({placeholders(part)})",
                                                   part))
        return out

    def drop_remarks(self, roots: Iterable[str]) -> None:
        roots = list(roots)
        self.db.executemany("DELETE FROM remarks WHERE root = ?", ((r,) for r in roots))
        self.db.executemany("DELETE FROM roots WHERE root = ?", ((r,) for r in roots))

    def put_remark(self, root: str, sides: Iterable[tuple[str, int, int]], versions: tuple[Side, ...]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO remarks VALUES (?, ?, ?, ?, ?)",
                            ((repr(k), k[0], k[1], k[2], root) for k in sides))
        self.db.execute("INSERT OR REPLACE INTO roots VALUES (?, ?)", (root, dumps(versions)))

    def spans(self, doc: str) -> list[tuple[int, int, str]]:
        """The quotes of an article that are versions of a remark: start, end, the remark's root."""
        return list(self.db.execute("SELECT start, end, root FROM remarks WHERE doc = ? ORDER BY start, end",
                                    (doc,)))

    def versions(self, root: str) -> tuple[Side, ...]:
        row = self.db.execute("SELECT versions FROM roots WHERE root = ?", (root,)).fetchone()
        return loads(row[0]) if row else ()
