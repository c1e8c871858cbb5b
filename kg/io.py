"""Writing outputs atomically: a temporary file in the same directory, then a rename.

A process killed at any moment (even by SIGKILL) leaves every output either as it was or complete:
at worst a stray `.NAME.*.tmp` file is left beside it, which the next build removes. A build holds the
lock of its output directory (`output_lock`), so two builds never write into one directory at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
from collections.abc import Iterator
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


LOCK_FILE = ".kg-build.lock"
# What `_temp_file` names a temporary file: `.NAME.` + mkstemp's eight random characters + `.tmp`.
TEMP_NAME = re.compile(r"\A\..+\.[a-z0-9_]{8}\.tmp\Z")
_held: dict[Path, int] = {}  # output directories this process holds the lock of, with how many holders


@contextlib.contextmanager
def output_lock(directory: Path | str) -> Iterator[None]:
    """Hold the lock of an output directory while writing to it: a build in another process that wants it
    meanwhile gets a KgError (re-entrant within one process)."""
    key = Path(directory).resolve()
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    path = Path(directory) / LOCK_FILE
    fd = _open_lock(path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        raise KgError(f"{directory}: another kg build (process {holder or '?'}) is writing here; wait for it to "
                      "finish or give another --out") from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _held[key] = 1
        yield
    finally:
        _held.pop(key, None)
        os.close(fd)  # closing releases the lock; the file stays (removing it would race with a waiting build)


def _open_lock(path: Path) -> int:
    """The lock file of an output directory, opened (and the directory made) for locking."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as exc:
        raise KgError(f"{path.parent}: cannot write here ({exc.strerror})") from exc


def remove_stale_temps(directory: Path | str) -> int:
    """Delete the temporary files `atomic_write` left in `directory` when a process was killed mid-write
    (call it holding the directory's `output_lock`, so none is in use); returns how many."""
    directory = Path(directory)
    stale = [p for p in directory.iterdir() if TEMP_NAME.match(p.name) and p.is_file()] if directory.is_dir() else []
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)
