"""The input files of a build, listed once and reused while no directory they were found in changed (like git's
untracked cache).

Listing the inputs through the reader (`kg.ingest.reader.Reader.files`: a recursive glob, a check and two
resolved paths per file) costs about half a second at 10,000 files, more than the rest of an unchanged rebuild.
Adding, removing or renaming an entry of a directory changes that directory's modification (and change) time,
so the listing is kept in the cache (`inputs.json`) with the times of every directory it looked in: the
directories given, their subdirectories, and the directories of the files given. A rebuild whose paths, glob
and reader code are the same, and whose directories all have the times recorded, takes the listing as it is
(the files' own stamps, taken anyway, tell a changed file); otherwise the reader lists them again, and reports
what is missing or empty as it always does. A listing is not kept when it cannot be trusted that way: a symbolic
link among the paths or in the directories searched (its target can change without any directory's time
changing), a problem reported while listing, or a directory changed within the last RACY_SECONDS (a later
change in the same clock tick would leave its time as recorded). Deleting `inputs.json` forces a new listing.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

from ..ids import digest
from ..ingest.reader import Reader
from ..io import atomic_write
from .cache import EXTRACTION_CODE, code_version

LISTING = "inputs.json"
RACY_SECONDS = 2


def input_files(paths: list[Path], reader: Reader, root: Path) -> list[Path]:
    """The files `reader.files(paths)` gives, in its order: the listing kept in `root` when it still holds,
    else listed again by the reader (and kept when it can be trusted)."""
    key = _listing_key(paths, reader.glob)
    kept = _load(root / LISTING)
    if kept is not None and kept.get("key") == key and isinstance(kept.get("files"), list) and \
            _unchanged(kept.get("dirs")):
        return [Path(f) for f in kept["files"]]
    started = time.time_ns()
    dirs = _directories(paths)
    problems = len(reader.problems)
    files = list(reader.files(paths))
    trusted = dirs is not None and len(reader.problems) == problems and \
        all(max(times) < started - RACY_SECONDS * 10**9 for _, times in dirs.values())
    if trusted:
        atomic_write(root / LISTING, json.dumps({"key": key, "dirs": dirs, "files": [str(f) for f in files]},
                                                ensure_ascii=False))
    else:
        (root / LISTING).unlink(missing_ok=True)
    return files


def _listing_key(paths: list[Path], glob: str) -> str:
    """What a listing follows from besides the directories: the paths as given, where relative ones start from,
    the glob and the reader's code."""
    return digest(os.getcwd(), glob, code_version(EXTRACTION_CODE), *map(str, paths))


def _load(path: Path) -> dict | None:
    """The listing kept at `path`, or None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _times(st: os.stat_result) -> list[int]:
    """A directory's modification and change times (ns): an entry added, removed or renamed changes both, and
    setting the modification time back still changes the other."""
    return [st.st_mtime_ns, st.st_ctime_ns]


def _unchanged(dirs: object) -> bool:
    """Whether every directory of a kept listing (`dirs`, as saved) is still the one it was (the same real path,
    the same times)."""
    try:
        return bool(dirs) and all(_times(os.stat(directory)) == times and os.path.realpath(directory) == real
                                  for directory, (real, times) in dirs.items())
    except (OSError, AttributeError, TypeError, ValueError):
        return False


def _directories(paths: list[Path]) -> dict[str, tuple[str, list[int]]] | None:
    """Every directory a listing of `paths` depends on, by absolute path, with its real path and times: each
    directory given and its subdirectories, and the directory of each file given. None when a path given, or
    an entry of a directory searched, is a symbolic link, or a path cannot be examined (the reader says why)."""
    found: dict[str, tuple[str, list[int]]] = {}
    for path in map(os.path.abspath, paths):
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return None
            if os.path.isdir(path):
                if not _walk(path, found):
                    return None
            else:
                _note(os.path.dirname(path), found)
        except OSError:
            return None
    return found


def _note(directory: str, found: dict[str, tuple[str, list[int]]]) -> None:
    """Record a directory's real path and times."""
    if directory not in found:
        found[directory] = (os.path.realpath(directory), _times(os.stat(directory)))


def _walk(directory: str, found: dict[str, tuple[str, list[int]]]) -> bool:
    """Record `directory` and every directory under it; False when an entry is a symbolic link."""
    _note(directory, found)
    with os.scandir(directory) as entries:
        subdirs = []
        for entry in entries:
            if entry.is_symlink():
                return False
            if entry.is_dir():
                subdirs.append(entry.path)
    return all(_walk(sub, found) for sub in subdirs)
