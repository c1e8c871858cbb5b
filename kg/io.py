"""Writing outputs atomically: a temporary file in the same directory, then a rename.

A process killed at any moment (even by SIGKILL) leaves every output either as it was or complete:
at worst a stray `.NAME.*.tmp` file is left beside it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import KgError


def _umask() -> int:
    """The process's file-creation mask (read by setting it and putting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()


def _temp_file(path: Path) -> tuple[int, str]:
    """An open temporary file beside `path` (its directory made if need be); a KgError if we cannot write there."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise KgError(f"{path.parent}: cannot write here ({exc.strerror})") from exc


def ensure_writable(directory: Path | str) -> None:
    """Check, before any work is done, that output files can be created in `directory`."""
    fd, tmp = _temp_file(Path(directory) / "probe")
    os.close(fd)
    os.unlink(tmp)


def atomic_write(path: Path | str, data: str | bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half of one."""
    path = Path(path)
    fd, tmp = _temp_file(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise KgError(f"{path}: cannot write ({exc.strerror})") from exc
        raise
