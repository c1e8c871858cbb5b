"""The state contradiction detection keeps between builds: what it read and found, entry by entry in one
SQLite database of the build's cache (`detection.sqlite`), so that a rebuild reads and writes only the entries a
change touches.

The entries (kg/analysis/contradictions.py maintains them):
- per article (`docs`): its place in the corpus, its version key, its day and outlet, the names it says
  name a party, the terms its statements can hold, and its `Facts` (claims, quotes, figures, each with the
  distinct statement it is a copy of, and its reported denials);
- per distinct statement (`statements`: a claim, quote or figure carried by one or more articles): its
  node, its copies (the members), and the statement the rules compare (the first copy, with every copy as
  evidence);
- per rule and block (`members`, `idle`): the statements of each block, in order, and the blocks too big to
  compare;
- per finding (`found`): each contradiction a block (or a reported denial, or a disputed count) gave, with
  the remark pair it is merged under (`mkey`) and its place in the order of the findings;
- per remark (`remarks`, `roots`): the quotes found to be versions of one remark, and their sides;
- the output (`output`, `placed`): the merged contradictions (one per pair of remarks) in parts by type and
  first article, each part in order, so that the parts read in key order are the output in order.
A change re-reads the articles that changed (and those using a name whose party changed), updates the
statements they carry, compares again only the blocks those statements are in (and there only the pairs
with a changed statement), merges again only the contradictions whose findings, evidence or remarks
changed, and rewrites only the parts of the output they are in. What remains whole-corpus is small: each
article's place and version key (read to tell what changed), the party names (combined again from every
article's few party facts when a changed article's differ), and the days and outlets of the articles.
Reading the output back (the ~69,000 contradictions of 10,000 articles, materialised) is the floor of a
detection: it is all a rebuild with nothing changed does.

Everything is keyed by the detection code and data (`code_version`), the domain pack, the settings and the
base IRI (the environment): a change to any of them starts afresh. A detection runs in one transaction: a
build killed while writing leaves the state of the detection before, whole.
"""

from __future__ import annotations

import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..model import Contradiction, Figure, Quote, Side
from .claims import Claim, PartyFacts

DATABASE = "detection.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS docs(doc TEXT PRIMARY KEY, pos INTEGER, version TEXT, published TEXT, outlet TEXT,
    party BLOB, vocabulary BLOB, facts BLOB);
CREATE TABLE IF NOT EXISTS statements(id INTEGER PRIMARY KEY, kind TEXT, gkey TEXT, node TEXT, doc TEXT,
    start INTEGER, idx INTEGER, item BLOB, UNIQUE(kind, gkey));
CREATE INDEX IF NOT EXISTS statements_node ON statements(node);
CREATE TABLE IF NOT EXISTS copies(id INTEGER, doc TEXT, start INTEGER, idx INTEGER, side_start INTEGER,
    side_end INTEGER, text TEXT, day TEXT, PRIMARY KEY(id, doc, start, idx)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS copies_doc ON copies(doc);
CREATE TABLE IF NOT EXISTS members(rule TEXT, bkey TEXT, doc TEXT, start INTEGER, idx INTEGER, id INTEGER,
    w INTEGER, PRIMARY KEY(rule, bkey, doc, start, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idle(unit TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS found(id INTEGER PRIMARY KEY, unit TEXT, a_node TEXT, b_node TEXT, a_doc TEXT,
    a_start INTEGER, a_end INTEGER, b_doc TEXT, b_start INTEGER, b_end INTEGER, va TEXT, vb TEXT, mkey TEXT,
    item BLOB);
CREATE INDEX IF NOT EXISTS found_unit ON found(unit);
CREATE INDEX IF NOT EXISTS found_a_node ON found(a_node);
CREATE INDEX IF NOT EXISTS found_b_node ON found(b_node);
CREATE INDEX IF NOT EXISTS found_mkey ON found(mkey);
CREATE INDEX IF NOT EXISTS found_a_at ON found(a_doc, a_start);
CREATE INDEX IF NOT EXISTS found_b_at ON found(b_doc, b_start);
CREATE INDEX IF NOT EXISTS found_va ON found(va) WHERE va IS NOT NULL;
CREATE INDEX IF NOT EXISTS found_vb ON found(vb) WHERE vb IS NOT NULL;
CREATE TABLE IF NOT EXISTS denials(dkey TEXT PRIMARY KEY, node TEXT, members BLOB);
CREATE INDEX IF NOT EXISTS denials_node ON denials(node);
CREATE TABLE IF NOT EXISTS remarks(side TEXT PRIMARY KEY, doc TEXT, start INTEGER, end INTEGER, root TEXT);
CREATE INDEX IF NOT EXISTS remarks_doc ON remarks(doc);
CREATE INDEX IF NOT EXISTS remarks_root ON remarks(root);
CREATE TABLE IF NOT EXISTS roots(root TEXT PRIMARY KEY, versions BLOB);
CREATE TABLE IF NOT EXISTS output(type TEXT, doc TEXT, keys BLOB, items BLOB, PRIMARY KEY(type, doc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS placed(mkey TEXT PRIMARY KEY, type TEXT, doc TEXT) WITHOUT ROWID;
"""
TABLES = ("meta", "docs", "statements", "copies", "members", "idle", "found", "denials", "remarks", "roots", "output", "placed")
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


class Store:
    """The detection state in one SQLite connection (a file's, or in memory for a detection without a
    cache): small typed reads and writes of single entries."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def reset(self) -> None:
        """Forget everything but the environment (articles reordered, or another environment)."""
        for table in TABLES:
            self.db.execute(f"DELETE FROM {table}" + (" WHERE name != 'env'" if table == "meta" else ""))

    def get(self, name: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return loads(row[0]) if row else None

    def put(self, name: str, value: object) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, dumps(value)))

    # articles
    def docs(self) -> dict[str, tuple[int, str]]:
        """Each article's place and version key."""
        return {doc: (pos, version) for doc, pos, version in self.db.execute("SELECT doc, pos, version FROM docs")}

    def facts(self, docs: Iterable[str]) -> dict[str, tuple[PartyFacts, frozenset[str], Facts]]:
        """The party facts, vocabulary and facts of some articles."""
        out = {}
        for part in _chunks(list(docs)):
            for doc, party, vocabulary, facts in self.db.execute(
                    f"SELECT doc, party, vocabulary, facts FROM docs WHERE doc IN ({_marks(part)})", part):
                out[doc] = (loads(party), loads(vocabulary), loads(zlib.decompress(facts)))
        return out

    def party_facts(self) -> dict[str, PartyFacts]:
        return {doc: loads(p) for doc, p in self.db.execute("SELECT doc, party FROM docs")}

    def vocabularies(self) -> Iterator[tuple[str, frozenset[str]]]:
        return ((doc, loads(v)) for doc, v in self.db.execute("SELECT doc, vocabulary FROM docs"))

    def context(self, doc: str) -> tuple[str | None, str | None]:
        """An article's day and outlet."""
        return self.db.execute("SELECT published, outlet FROM docs WHERE doc = ?", (doc,)).fetchone()

    def put_doc(self, doc: str, pos: int, version: str, published: str | None, outlet: str | None,
                party: PartyFacts, vocabulary: frozenset[str], facts: Facts) -> None:
        self.db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (doc, pos, version, published, outlet, dumps(party), dumps(vocabulary),
                         zlib.compress(dumps(facts), 1)))  # the largest entries, read only when changed

    def drop_docs(self, docs: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM docs WHERE doc = ?", ((d,) for d in docs))

    def place_docs(self, places: Iterable[tuple[int, str]]) -> None:
        self.db.executemany("UPDATE docs SET pos = ? WHERE doc = ?", places)

    # distinct statements
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
        for part in _chunks(list(ids)):
            for sid, item in self.db.execute(f"SELECT id, item FROM statements WHERE id IN ({_marks(part)})", part):
                yield sid, loads(item)

    def add_copies(self, sid: int, members: Iterable[Member]) -> None:
        self.db.executemany("INSERT INTO copies VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            ((sid, doc, start, idx, side.start, side.end, side.text, day.isoformat() if day else None)
                             for doc, start, idx, side, day in members))

    def drop_copies(self, docs: Iterable[str]) -> None:
        """Forget the copies some articles carry."""
        for part in _chunks(list(docs)):
            self.db.execute(f"DELETE FROM copies WHERE doc IN ({_marks(part)})", part)

    def first_copy(self, sid: int) -> tuple[str, int, int] | None:
        """Where the first copy of a statement stands (None when it has none left)."""
        return self.db.execute("SELECT doc, start, idx FROM copies WHERE id = ? ORDER BY doc, start, idx LIMIT 1",
                               (sid,)).fetchone()

    def carriers(self, sid: int) -> frozenset[str]:
        """The articles that carry a statement."""
        return frozenset(doc for doc, in self.db.execute("SELECT DISTINCT doc FROM copies WHERE id = ?", (sid,)))

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

    # findings
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
        for part in _chunks(list(nodes)):
            marks = _marks(part)
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
        for chunk in _chunks([repr(k) for k in sides]):
            marks = _marks(chunk)
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
        for part in _chunks(list(roots)):
            out.update(self.db.execute(f"SELECT doc, start, end FROM remarks WHERE root IN ({_marks(part)})", part))
        return out

    def roots_of(self, sides: Iterable[tuple[str, int, int]]) -> set[str]:
        out: set[str] = set()
        for part in _chunks([repr(k) for k in sides]):
            out.update(r for r, in self.db.execute(f"SELECT root FROM remarks WHERE side IN ({_marks(part)})", part))
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

    # the output
    def output(self) -> list[Contradiction]:
        """The merged contradictions, in order (each part is: the parts are in the order of their keys)."""
        out: list[Contradiction] = []
        for items, in self.db.execute("SELECT items FROM output ORDER BY type, doc"):
            out += loads(items)
        return out

    def part(self, kind: str, doc: str) -> list[tuple[str, tuple, Contradiction]]:
        """One part of the output: its merged contradictions, each with its merge key and rank."""
        row = self.db.execute("SELECT keys, items FROM output WHERE type = ? AND doc = ?", (kind, doc)).fetchone()
        return [(mkey, rank, c) for (mkey, rank), c in zip(loads(row[0]), loads(row[1]))] if row else []

    def placed(self, mkeys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The part of the output each of some merge keys is in."""
        out = {}
        for part in _chunks(list(mkeys)):
            out.update((mkey, (kind, doc)) for mkey, kind, doc in self.db.execute(
                f"SELECT mkey, type, doc FROM placed WHERE mkey IN ({_marks(part)})", part))
        return out

    def unplace(self, mkeys: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM placed WHERE mkey = ?", ((m,) for m in mkeys))

    def put_parts(self, parts: dict[tuple[str, str], list[tuple[str, tuple, Contradiction]]]) -> None:
        """Write some parts of the output (each merge key in one part only)."""
        for (kind, doc), entries in parts.items():
            if entries:
                self.db.execute("INSERT OR REPLACE INTO output VALUES (?, ?, ?, ?)",
                                (kind, doc, dumps([(m, r) for m, r, _ in entries]), dumps([c for *_, c in entries])))
                self.db.executemany("INSERT OR REPLACE INTO placed VALUES (?, ?, ?)",
                                    ((m, kind, doc) for m, *_ in entries))
            else:
                self.db.execute("DELETE FROM output WHERE type = ? AND doc = ?", (kind, doc))


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


def _chunks(items: list) -> Iterator[list]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def _marks(items: list) -> str:
    return ", ".join("?" * len(items))


class DetectionCache:
    """The detection state of one build directory's cache (`root`, created when written): `detection.sqlite`."""

    def __init__(self, root: Path):
        self.root = Path(root)

    @contextmanager
    def opened(self, env: str) -> Iterator[Store]:
        """The state of the last detection in environment `env` (empty when there was none or another), in a
        transaction committed when the block ends without an error."""
        self.root.mkdir(parents=True, exist_ok=True)
        for former in self.root.glob("*.pickle"):  # the state as earlier versions kept it
            former.unlink(missing_ok=True)
        with _transaction(str(self.root / DATABASE), env) as store:
            yield store


@contextmanager
def memory_store(env: str) -> Iterator[Store]:
    """An empty state in memory, for a detection without a cache."""
    with _transaction(":memory:", env) as store:
        yield store


@contextmanager
def _transaction(path: str, env: str) -> Iterator[Store]:
    try:
        db = sqlite3.connect(path, isolation_level=None)
        with closing(db):
            db.execute("PRAGMA journal_mode = WAL" if path != ":memory:" else "PRAGMA journal_mode = MEMORY")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA cache_size = -200000")
            db.executescript(SCHEMA)
            db.execute("BEGIN")
            store = Store(db)
            try:
                if store.get("env") != env:
                    store.reset()
                    store.put("env", env)
                yield store
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if path == ":memory:" or type(exc) is not sqlite3.DatabaseError:
            raise  # a lock, a full disk, or a mistake of ours: not for starting afresh
        for suffix in ("", "-wal", "-shm"):  # not a database, or a damaged one: start afresh
            Path(path + suffix).unlink(missing_ok=True)
        raise Unreadable(path) from exc


class Unreadable(Exception):
    """The state file was not a database of ours; it has been removed, and the detection can be run again."""
