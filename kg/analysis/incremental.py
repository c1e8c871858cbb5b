"""Contradictions that cost what changed: the detection code's version (a change starts afresh), and the rule
compared block by block whose findings a change updates (`block_update`). The state a detection leaves for the
next one is kept entry by entry in SQLite (kg/analysis/store.py)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from .. import __version__
from ..ids import digest
from ..model import ArticleResult, Contradiction

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


Compare = Callable[[Hashable, list[T], "set[int] | None"], "list[Contradiction] | None"]


@dataclass(frozen=True)
class Rule(Generic[T]):
    """A rule compared block by block: the blocks an item is in, and what one block's members give (those of
    the pairs with a member in the focus, when one is given; None when the block is too big to compare).
    With `counted`, a block is too big exactly when more than `limit` of its members count (`counted(key,
    item)`), which the state tells without reading the members."""

    name: str
    keys: Callable[[T], Iterable[Hashable]]
    compare: Compare
    counted: Callable[[Hashable, T], bool] | None = None
    limit: int = 0


def block_update(rule: Rule[T], key: Hashable, members: list[T], node: Callable[[T], str], changed: set[str],
                 previous: list[tuple[str, str]], was_idle: bool) -> tuple[list[int], list[Contradiction]] | None:
    """What one block of `rule` finds now, as a change to what it found before (`previous`: the nodes of each
    finding): the indices of the previous findings kept and the new findings; None when the block is too big
    to compare. A block
    compared before is compared again only in the pairs with a member whose node is `changed` (the other
    pairs' findings are kept); one too big before, or whose members all changed, is compared whole."""
    focus = None if was_idle else {id(x) for x in members if node(x) in changed}
    if focus is not None and len(focus) == len(members):
        focus = None
    found = rule.compare(key, members, focus)
    if found is None:
        return None
    if focus is None:
        return [], found
    return [i for i, (a, b) in enumerate(previous) if a not in changed and b not in changed], found
