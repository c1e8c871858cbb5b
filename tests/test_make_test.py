"""`make test` on a machine without Chromium (issue 15, item 1): Chromium is installed when we are root with
apt-get, else the browser tests are skipped with one line -- unless CI is set, where they run and fail. The
machine's own Chromium is hidden by pointing PATH at a directory without it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .make_test import MAX_WORKERS, SKIP_LINE, browser_args, find_chromium, worker_args

FAKE_APT = """#!/bin/sh
echo "$@" >> "{log}"
{install}
"""
CHEAP_TEST = "tests/test_ingest.py::test_utf16_with_bom_is_read"
BROWSER_TEST = "tests/test_browser.py::test_speakers_mode_page_settles"


def no_chromium_path(tmp_path: Path, installs: bool = False) -> dict[str, str]:
    """An environment whose PATH holds only a fake apt-get (which installs a fake chromium if `installs`)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    fake = bin_dir / "chromium"
    install = f'if [ "$1" = install ]; then printf "#!/bin/sh\\n" > "{fake}"; /bin/chmod +x "{fake}"; fi'
    apt = bin_dir / "apt-get"
    apt.write_text(FAKE_APT.format(log=tmp_path / "apt.log", install=install if installs else "true"))
    apt.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "KG_CHROMIUM")}
    return {**env, "PATH": str(bin_dir)}


def test_chromium_is_found_on_path_or_by_kg_chromium(tmp_path):
    env = no_chromium_path(tmp_path)
    assert find_chromium(env) is None
    assert find_chromium({**env, "KG_CHROMIUM": sys.executable}) == sys.executable
    assert find_chromium({**env, "KG_CHROMIUM": str(tmp_path / "nothing")}) is None


def test_without_chromium_the_browser_tests_are_skipped_with_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)  # not root: nothing is installed
    assert browser_args(no_chromium_path(tmp_path)) == ["-m", "not browser"]
    assert capsys.readouterr().err == SKIP_LINE.format(what="`chromium` not on PATH") + "\n"
    assert browser_args({**no_chromium_path(tmp_path / "ci"), "CI": "true"}) == []
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(os.geteuid() != 0, reason="the install path is taken as root only")
def test_as_root_with_apt_get_chromium_is_installed(tmp_path, capsys):
    env = no_chromium_path(tmp_path, installs=True)
    assert browser_args(env) == []
    assert (tmp_path / "apt.log").read_text().splitlines() == ["update", "install -y chromium"]
    assert capsys.readouterr().err == \
        "make test: installing chromium for the browser tests (apt-get install -y chromium)\n"


def test_one_worker_per_usable_cpu_up_to_the_most_and_none_on_one_cpu(monkeypatch):
    assert worker_args(1) == ["-n", "0"]
    assert worker_args(2) == ["-n", "2", "--dist", "worksteal"]
    assert worker_args(64) == ["-n", str(MAX_WORKERS), "--dist", "worksteal"]
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 2, 5})  # the CPUs this process may use
    assert worker_args() == ["-n", "3", "--dist", "worksteal"]


def make_test(env: dict[str, str], *tests: str) -> subprocess.CompletedProcess:
    """What `make test` runs (tests/make_test.py), on a few tests only, in this process (`-n 0`: no workers)."""
    return subprocess.run([sys.executable, "-m", "tests.make_test", "-p", "no:cacheprovider", "-n", "0", *tests],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_make_test_without_chromium_passes_and_says_so_and_with_ci_it_fails(tmp_path):
    env = no_chromium_path(tmp_path)  # apt-get here installs nothing
    res = make_test(env, CHEAP_TEST, BROWSER_TEST)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stderr.count("browser tests skipped") == 1 and "1 passed, 1 deselected" in res.stdout
    res = make_test({**env, "CI": "true"}, CHEAP_TEST, BROWSER_TEST)
    assert res.returncode == 1 and "1 passed, 1 error" in res.stdout and "install chromium" in res.stdout
