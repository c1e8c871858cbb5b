"""What can go wrong with an input: an `InputError` (one input and what is wrong with it), the `Problem`
a `Reader` records for it, and the size limit every input is checked against."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import KgError

Warn = Callable[[str], None]
"""Told about metadata that cannot be used; the article is still read."""


class InputError(KgError):
    """One input that cannot be read: the file (with a line number for JSONL) and what is wrong."""

    def __init__(self, path: str | Path, message: str):
        super().__init__(f"{path}: {message}")
        self.path, self.message = str(path), message


@dataclass(frozen=True)
class Problem:
    """An input that was skipped, or (when `skipped` is false) read with a warning."""

    path: str
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{'skipped' if self.skipped else 'warning:'} {self.path}: {self.message}"


def check_size(size: int, limit: int, name: str, what: str = "the file") -> None:
    """An InputError when `size` bytes are over the --max-bytes limit."""
    if size > limit:
        raise InputError(name, f"{what} is {size:,} bytes, over the limit of {limit:,} (--max-bytes)")
