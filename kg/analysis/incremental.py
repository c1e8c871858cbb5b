"""Contradictions that cost what changed: what detection read from each article, and what each block of
each rule found, kept between builds in a directory of the build's cache.

- Per article (`Facts`), under the digest of its records: the names it says name a party, the terms its
  claims can hold, its claims, its quotes and figures. An unchanged article is not read again unless a
  name it uses now names another party (`parties` is corpus-wide).
- Per rule and block (the claims sharing a term, the quotes of one speaker, the counts of one thing):
  the contradictions found there. A build compares again only the blocks that gained, lost or changed a
  member -- the blocks of the statements a changed article carries, before and after the change -- and
  takes every other block's from the cache.
- The whole output, under the digest of every article's records: a build with nothing changed returns it.

Everything is keyed by the detection code and data (`code_version`), the domain pack, the settings and
the base IRI (`State.env`): a change to any of them starts afresh. The state is one pickle file (the
fastest Python reads back, and the cache directory is the user's own, like every other cache file).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

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


@dataclass
class State:
    """What a detection leaves for the next one."""

    env: str  # code, domain pack, settings and base IRI
    facts: dict[str, Facts] = field(default_factory=dict)  # by article
    party: dict[str, str] = field(default_factory=dict)  # the corpus-wide party names it used
    blocks: dict[str, dict[Hashable, list[Contradiction]]] = field(default_factory=dict)  # by rule, by block


class DetectionCache:
    """The detection state and output of one build directory's cache (`root`, created when written)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _read(self, name: str) -> Any:
        try:
            return pickle.loads((self.root / name).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None  # absent, or written by other code: start afresh

    def output(self, key: str) -> list[Contradiction] | None:
        """The contradictions a detection of the same input (`key`) found, or None."""
        saved = self._read("output.pickle")
        return saved[1] if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == key else None

    def state(self, env: str) -> State | None:
        """The state a detection in the same environment left, or None."""
        state = self._read("state.pickle")
        return state if isinstance(state, State) and state.env == env else None

    def save(self, state: State, key: str, output: list[Contradiction]) -> None:
        """Keep a detection's state and output (`key`: its input's)."""
        self.root.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(self.root)  # a killed build's (the build holds the output directory's lock)
        atomic_write(self.root / "state.pickle", pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        atomic_write(self.root / "output.pickle", pickle.dumps((key, output), protocol=pickle.HIGHEST_PROTOCOL))


def run_blocks(keys: Callable[[T], Iterable[Hashable]], compare: Callable[[Hashable, list[T]], Iterable[Contradiction]],
               items: Sequence[T], touched: Iterable[T] | None,
               previous: dict[Hashable, list[Contradiction]]) -> dict[Hashable, list[Contradiction]]:
    """What a rule finds, by block (blocks with none left out). With `touched` (the items that changed,
    before and after), only their blocks are compared again and every other is taken from `previous`;
    with None, every block is compared."""
    only = None if touched is None else {k for item in touched for k in keys(item)}
    found = {k: v for k, members in blocks(keys, items, only).items() if (v := list(compare(k, members)))}
    if only is None:
        return found
    return {**{k: v for k, v in previous.items() if k not in only}, **found}
