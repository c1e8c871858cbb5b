"""The state contradiction detection keeps between builds: what it read and found, entry by entry in one
SQLite database of the build's cache (`detection.sqlite`), so that a rebuild reads and writes only the entries a
change touches.

The entries (kg/analysis/contradictions.py maintains them; kg/analysis/tables.py reads and writes most):
- per article (`docs`): its place in the corpus, its version key, its day and outlet, the names it says
  name a party, the terms its statements can hold, and its `Facts` (claims, quotes, figures, each with the
  distinct statement it is a copy of, and its reported denials);
- per distinct statement (`statements`: a claim, quote or figure carried by one or more articles): its
  node, and the statement the rules compare (the first copy, with every article carrying it); its copies
  (`copies`), one row each, with their sides as evidence;
- per rule and block (`members`, `idle`): the statements of each block, in order, and the blocks too big to
  compare;
- per finding (`found`): each contradiction a block (or a reported denial, or a disputed count) gave, with
  the remark pair it is merged under (`mkey`) and its place in the order of the findings;
- per remark (`remarks`, `roots`): the quotes found to be versions of one remark, and their sides;
- the output (`output`, `placed`, `part_versions`): the merged contradictions (one per pair of remarks) in parts
  by type and first article, each part in order, so that the parts read in key order are the output in order;
  each part's version (a digest of its contradictions, new whenever anything in them changes) and size, so
  that what is made of a part (its JSON, its named graph) is made again only when its version changed.
A change re-reads the articles that changed (and those using a name whose party changed), updates the
statements they carry, compares again only the blocks those statements are in (and there only the pairs
with a changed statement), merges again only the contradictions whose findings, evidence or remarks
changed, and rewrites only the parts of the output they are in. What remains whole-corpus is small: each
article's place and version key (read to tell what changed), and the party names (combined again from every
article's few party facts when a changed article's differ).
Reading the output back (the ~69,000 contradictions of 10,000 articles, materialised) is the floor of a
detection: it is all a rebuild with nothing changed does.

Everything is keyed by the detection code and data (`code_version`), the domain pack, the settings and the
base IRI (the environment): a change to any of them starts afresh. A detection runs in one transaction: a
build killed while writing leaves the state of the detection before, whole.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from ..model import Contradiction
from .claims import PartyFacts
from .tables import Facts, FindingTables, StatementTables, chunks, dumps, loads, placeholders

DATABASE = "detection.sqlite"
META = "CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value BLOB)"  # the environment, and more
SCHEMA = """
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
CREATE TABLE IF NOT EXISTS part_versions(type TEXT, doc TEXT, version TEXT, size INTEGER, PRIMARY KEY(type, doc))
    WITHOUT ROWID;
"""


class Store(StatementTables, FindingTables):
    """The detection state in one SQLite connection (a file's, or in memory for a detection without a
    cache): small typed reads and writes of single entries (the tables of the articles and of the output here,
    the others in kg/analysis/tables.py)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def reset(self) -> None:
        """Forget everything but the environment (articles reordered, or another environment): every table but
        `meta` made anew (another version of this code may have made them otherwise)."""
        self.db.execute("DELETE FROM meta WHERE name != 'env'")
        for table, in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'meta'"
                                      ).fetchall():
            self.db.execute(f"DROP TABLE {table}")
        for statement in SCHEMA.split(";"):
            self.db.execute(statement)

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
        for part in chunks(list(docs)):
            for doc, party, vocabulary, facts in self.db.execute(
                    f"SELECT doc, party, vocabulary, facts FROM docs WHERE doc IN ({placeholders(part)})", part):
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

    # the output
    def part(self, kind: str, doc: str) -> list[tuple[str, tuple, Contradiction]]:
        """One part of the output: its merged contradictions, each with its merge key and rank."""
        row = self.db.execute("SELECT keys, items FROM output WHERE type = ? AND doc = ?", (kind, doc)).fetchone()
        return [(mkey, rank, c) for (mkey, rank), c in zip(loads(row[0]), loads(row[1]))] if row else []

    def placed(self, mkeys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The part of the output each of some merge keys is in."""
        out = {}
        for part in chunks(list(mkeys)):
            out.update((mkey, (kind, doc)) for mkey, kind, doc in self.db.execute(
                f"SELECT mkey, type, doc FROM placed WHERE mkey IN ({placeholders(part)})", part))
        return out

    def unplace(self, mkeys: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM placed WHERE mkey = ?", ((m,) for m in mkeys))

    def put_parts(self, parts: dict[tuple[str, str], list[tuple[str, tuple, Contradiction]]]) -> None:
        """Write some parts of the output (each merge key in one part only), each with its version: a digest of
        its contradictions as stored (an equal part stored again may get another version, never a changed part
        the same one)."""
        for (kind, doc), entries in parts.items():
            if entries:
                items = dumps([c for *_, c in entries])
                self.db.execute("INSERT OR REPLACE INTO output VALUES (?, ?, ?, ?)",
                                (kind, doc, dumps([(m, r) for m, r, _ in entries]), items))
                self.db.executemany("INSERT OR REPLACE INTO placed VALUES (?, ?, ?)",
                                    ((m, kind, doc) for m, *_ in entries))
                self.db.execute("INSERT OR REPLACE INTO part_versions VALUES (?, ?, ?, ?)",
                                (kind, doc, hashlib.sha256(items).hexdigest()[:32], len(entries)))
            else:
                self.db.execute("DELETE FROM output WHERE type = ? AND doc = ?", (kind, doc))
                self.db.execute("DELETE FROM part_versions WHERE type = ? AND doc = ?", (kind, doc))

    def part_versions(self) -> list[tuple[str, str, str, int]]:
        """Every part of the output in order (the order of their keys, as `output` reads them): its type, first
        article, version and number of contradictions, without reading the contradictions."""
        return list(self.db.execute("SELECT type, doc, version, size FROM part_versions ORDER BY type, doc"))

    def part_items(self, kind: str, doc: str) -> list[Contradiction]:
        """The merged contradictions of one part of the output, in order (none when there is no such part)."""
        row = self.db.execute("SELECT items FROM output WHERE type = ? AND doc = ?", (kind, doc)).fetchone()
        return loads(row[0]) if row else []


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
            db.execute(META)
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
