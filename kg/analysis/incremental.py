"""Contradictions that cost what changed: what detection read from each article, and what each block of
each rule found, kept between builds in a directory of the build's cache.

- Per article (`Facts`), under the digest of its records: the names it says name a party, the terms its
  claims can hold, its claims, its quotes (with their nodes) and figures. An unchanged article is not read
  again unless a name it uses now names another party (`parties` is corpus-wide).
- Per rule and block (the claims sharing a term, the quotes of one speaker, the counts of one thing):
  the contradictions found there, and which blocks were too big to compare. A build compares again only
  the blocks that gained, lost or changed a member -- the blocks of the statements a changed article
  carries, before and after the change, and of every copy of them -- and in those only the pairs with a
  changed statement (a block too big to compare before is compared whole); every other block's findings
  are taken from the cache. Unchanged statements keep their order (they are ordered by where they stand),
  so the pairs they form are the pairs they formed.
- The whole output, under the digest of every article's records: a build with nothing changed returns it.

Everything is keyed by the detection code and data (`code_version`), the domain pack, the settings and
the base IRI (`State.env`): a change to any of them starts afresh. The state is kept in pickle files (the
fastest Python reads back; the cache directory is the user's own, like every other cache file), the facts
spread over a few dozen so that a change rewrites only the ones holding it.
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from .. import __version__
from ..ids import digest
from ..io import atomic_write, remove_stale_temps
from ..model import ArticleResult, Contradiction, Figure, Quote
from .claims import Claim, PartyFacts
from .context import blocks

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent.parent
CODE = ("analysis", "resources", "data", "attribution/timex.py", "model.py", "ids.py")  # what detection runs


@lru_cache(maxsize=None)
def code_version() -> str:
    """A digest of the code and data files detection is computed by (under kg/: `CODE`)."""
    files = sorted(f for part in CODE for f in ((PACKAGE / part).rglob("*") if (PACKAGE / part).is_dir()
                                                else [PACKAGE / part])
                   if f.is_file() and "__pycache__" not in f.parts)
    return digest(__version__, *(f.read_bytes().hex() for f in files), length=32)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: detection makes (and reads back) hundreds of thousands of small
    records and no reference cycles, and each full collection would scan them all again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def record_digest(r: ArticleResult) -> str:
    """A digest of an article's records (its repr is flat and ordered)."""
    return digest(repr(r), length=32)


@dataclass(frozen=True)
class Facts:
    """What detection read from one article."""

    record: str  # `record_digest` of the records it was read from
    party: PartyFacts
    vocabulary: frozenset[str]  # every term its claims can hold
    claims: tuple[Claim, ...]
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    claim_groups: tuple[Hashable, ...]  # which distinct statement each claim, and each quote, is a copy of
    quote_groups: tuple[Hashable, ...]
    quote_nodes: tuple[str, ...]  # the node of each quote (a digest of its words: worth keeping)
    made: str  # the input key of the detection that read them

    @property
    def version(self) -> tuple[str, str]:
        """What the findings kept with these facts name them by."""
        return self.record, self.made


@dataclass
class State:
    """What a detection leaves for the next one."""

    env: str  # code, domain pack, settings and base IRI
    facts: dict[str, Facts] = field(default_factory=dict)  # by article
    party: dict[str, str] = field(default_factory=dict)  # the corpus-wide party names it used
    findings: dict[str, Findings] = field(default_factory=dict)  # by rule


SHARDS = 64  # the articles' facts are kept in this many files: a change rewrites the few holding it


def shard(doc: str) -> str:
    """The name of the file an article's facts are kept in."""
    return f"facts-{int(digest(doc, length=8), 16) % SHARDS:02d}.pickle"


class DetectionCache:
    """The detection state and output of one build directory's cache (`root`, created when written):
    `findings.pickle` (the environment, each article's record digest, the party names and each rule's
    findings), the articles' facts in `SHARDS` files, and `output.pickle`. The findings file is written
    last and names the facts it goes with: a state whose files do not agree (a build killed while writing
    them) is not used."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _read(self, name: str) -> Any:
        try:
            return pickle.loads((self.root / name).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None  # absent, or written by other code: start afresh

    def _write(self, name: str, value: object) -> None:
        atomic_write(self.root / name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def output(self, key: str) -> list[Contradiction] | None:
        """The contradictions a detection of the same input (`key`) found, or None."""
        if self._read("output.key") != key:  # a small file: the output is read only when it is the one
            return None
        saved = self._read("output.pickle")
        return saved[1] if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == key else None

    def state(self, env: str) -> State | None:
        """The state a detection in the same environment left, or None."""
        saved = self._read("findings.pickle")
        if not (isinstance(saved, tuple) and len(saved) == 4 and saved[0] == env):
            return None
        _, records, party, findings = saved
        facts: dict[str, Facts] = {}
        for name in sorted({shard(doc) for doc in records}):
            kept = self._read(name)
            facts.update((doc, f) for doc, f in (kept.items() if isinstance(kept, dict) else ())
                         if isinstance(f, Facts) and records.get(doc) == f.version)
        if len(facts) != len(records):
            return None  # facts and findings of different builds
        return State(env, {doc: facts[doc] for doc in records}, party, findings)

    def save(self, state: State, old: State | None, key: str, output: list[Contradiction]) -> None:
        """Keep a detection's state (the facts files of the articles that changed since `old`, all without
        it) and its output (`key`: its input's)."""
        self.root.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(self.root)  # a killed build's (the build holds the output directory's lock)
        before = old.facts if old is not None else {}
        changed = {shard(doc) for doc in state.facts.keys() | before.keys() if state.facts.get(doc) is not before.get(doc)}
        names = changed if old is not None else {shard(doc) for doc in state.facts} | {
            p.name for p in self.root.glob("facts-*.pickle")}
        by_shard: dict[str, dict[str, Facts]] = {name: {} for name in names}
        for doc, f in state.facts.items():
            if shard(doc) in by_shard:
                by_shard[shard(doc)][doc] = f
        for name, kept in sorted(by_shard.items()):
            self._write(name, kept)
        self._write("findings.pickle", (state.env, {doc: f.version for doc, f in state.facts.items()}, state.party,
                                        state.findings))
        self._write("output.pickle", (key, output))
        self._write("output.key", key)


Compare = Callable[[Hashable, list[T], "set[int] | None"], "list[Contradiction] | None"]


@dataclass(frozen=True)
class Rule(Generic[T]):
    """A rule compared block by block: the blocks an item is in, and what one block's members give (those of
    the pairs with a member in the focus, when one is given; None when the block is too big to compare)."""

    name: str
    keys: Callable[[T], Iterable[Hashable]]
    compare: Compare


@dataclass
class Findings:
    """What one rule found: the contradictions of each block (blocks with none left out), and the blocks
    too big to compare."""

    by_block: dict[Hashable, list[Contradiction]] = field(default_factory=dict)
    idle: set[Hashable] = field(default_factory=set)

    def add(self, key: Hashable, found: list[Contradiction] | None) -> None:
        """Record what a block gave."""
        if found is None:
            self.idle.add(key)
        elif found:
            self.by_block[key] = found

    def all(self) -> list[Contradiction]:
        """Every contradiction found, once, in a fixed order."""
        return sorted({c for found in self.by_block.values() for c in found}, key=_order)


def _order(c: Contradiction) -> tuple:
    """Every field of a contradiction whose evidence is not yet added, the sides' places first."""
    return (c.a.doc, c.a.start, c.a.end, c.b.doc, c.b.start, c.b.end, c.type, c.explanation, c.confidence, c.a_node,
            c.b_node, c.a.text, c.b.text, c.a.speaker or "", c.b.speaker or "")


@dataclass(frozen=True)
class Change(Generic[T]):
    """What changed since the last detection, for one kind of statement: the statements of the changed
    articles (before and after the change, and every copy of them now), and their nodes."""

    items: list[T]
    nodes: set[str]


def run_rule(rule: Rule[T], items: Sequence[T], nodes: Sequence[str], change: Change[T] | None,
             previous: Findings | None) -> Findings:
    """What `rule` finds among the distinct statements `items` (`nodes`: theirs, in order). Without a change
    or previous findings, every block is compared. Otherwise only the blocks of the changed statements are,
    and in them only the pairs with a changed statement (the other pairs' findings are kept, unless the
    block was too big to compare before); every other block's findings are taken as they were."""
    out = Findings()
    if change is None or previous is None:
        for key, members in blocks(rule.keys, items).items():
            out.add(key, rule.compare(key, members, None))
        return out
    focus = {id(x) for x, node in zip(items, nodes) if node in change.nodes}
    only = {k for x in change.items for k in rule.keys(x)} | {k for x in items if id(x) in focus for k in rule.keys(x)}
    out.by_block = {k: v for k, v in previous.by_block.items() if k not in only}
    out.idle = previous.idle - only
    for key, members in blocks(rule.keys, items, only).items():
        if key in previous.idle:
            out.add(key, rule.compare(key, members, None))
            continue
        found = rule.compare(key, members, focus)
        kept = [c for c in previous.by_block.get(key, ()) if c.a_node not in change.nodes
                and c.b_node not in change.nodes]
        out.add(key, None if found is None else kept + found)
    return out
