"""`make test`: the whole suite (extra arguments go to pytest), with what the browser tests need, on one pytest-xdist
worker per usable CPU (at most MAX_WORKERS: each loads the spaCy model; one CPU: no workers, the tests run here).

The browser tests drive Debian's Chromium. When it is missing and we are root with apt-get, it is installed
(`apt-get install -y chromium`, as `.ci/run` does); when it is still missing the browser tests are left out with
one line saying why and how to run them -- unless CI is set, where they run (and fail without a browser).
KG_CHROMIUM names the browser to use instead of `chromium` on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping

MAX_WORKERS = 4
SKIP_LINE = ("make test: browser tests skipped: no Chromium ({what}); to run them install it (as root: "
             "apt-get install -y chromium) or set KG_CHROMIUM=/path/to/chromium; with CI set they always run")


def find_chromium(env: Mapping[str, str] = os.environ) -> str | None:
    """The browser the tests drive: KG_CHROMIUM (a path or a command), else `chromium` on PATH (Debian's)."""
    return shutil.which(env.get("KG_CHROMIUM") or "chromium", path=env.get("PATH"))


def install_chromium(env: Mapping[str, str]) -> bool:
    """Install Debian's Chromium with apt-get when we are root and have it; whether it is there now."""
    apt_get = shutil.which("apt-get", path=env.get("PATH"))
    if os.geteuid() != 0 or apt_get is None:
        return False
    print("make test: installing chromium for the browser tests (apt-get install -y chromium)", file=sys.stderr)
    for args in (["update"], ["install", "-y", "chromium"]):
        if subprocess.run([apt_get, *args], env=dict(env), stdout=subprocess.DEVNULL).returncode != 0:
            return False
    return find_chromium(env) is not None


def browser_args(env: Mapping[str, str] = os.environ) -> list[str]:
    """The pytest arguments for the browser tests: none when they can (or, with CI set, must) run, else the
    marker expression that leaves them out, after printing the one line that says so."""
    if find_chromium(env) or install_chromium(env) or env.get("CI"):
        return []
    what = f"KG_CHROMIUM={env['KG_CHROMIUM']} not found" if env.get("KG_CHROMIUM") else "`chromium` not on PATH"
    print(SKIP_LINE.format(what=what), file=sys.stderr, flush=True)
    return ["-m", "not browser"]


def worker_args(cpus: int | None = None) -> list[str]:
    """The pytest-xdist arguments: one worker per usable CPU, at most MAX_WORKERS; `-n 0` (none) on one CPU.
    A worker steals queued tests from a busy one, so a few long tests do not leave the others idle at the end."""
    usable = len(os.sched_getaffinity(0)) if cpus is None else cpus
    workers = min(usable, MAX_WORKERS) if usable > 1 else 0
    return ["-n", str(workers), *(["--dist", "worksteal"] if workers else [])]


if __name__ == "__main__":
    args = [sys.executable, "-m", "pytest", "-q", *worker_args(), *browser_args(), *sys.argv[1:]]
    os.execv(sys.executable, args)
