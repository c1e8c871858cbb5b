"""The output directory: one build at a time writes into it, and what a killed build left there is removed
(issue 15, items 6 and 7)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.io import LOCK_FILE, output_lock
from kg.nlp import DEFAULT_MODEL

from .conftest import ROOT

ARTICLE = '"We will open the new harbour in spring," Mayor Ana Lopes said on Monday.\n'
HOLD = ("import sys, time; from kg.io import output_lock\n"
        "with output_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(120)\n")


@pytest.fixture
def lock_holder(tmp_path):
    """Another process holding the lock of tmp_path/out; yields the directory."""
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        yield out, proc.pid
    finally:
        proc.kill()
        proc.wait(timeout=30)


def test_a_second_build_into_a_locked_out_is_refused_with_one_line(lock_holder, tmp_path):
    out, holder = lock_holder
    (tmp_path / "a.txt").write_text(ARTICLE)
    res = CliRunner().invoke(main, ["build", str(tmp_path / "a.txt"), "--out", str(out), "-q", "--no-html"])
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr == (f"kg: error: {out}: another kg build (process {holder}) is writing here; wait for it to "
                          "finish or give another --out\n")
    assert sorted(p.name for p in out.iterdir()) == [LOCK_FILE]


def test_the_lock_is_released_after_a_build_and_reentrant_in_one_process(tmp_path):
    with output_lock(tmp_path), output_lock(tmp_path):
        pass
    with output_lock(tmp_path):
        pass


@pytest.mark.model
@pytest.mark.slow
def test_two_builds_started_together_one_writes_the_other_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "kg.cli", "build", str(tmp_path / "a.txt"), "--out", str(out), "-q", "--no-html"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = sorted((p.wait(timeout=300), p.stderr.read()) for p in procs)
    assert [code for code, _ in results] == [0, 1]
    assert results[0][1] == "" and results[1][1].count("\n") == 1 and "another kg build" in results[1][1]


def test_stale_temporary_files_of_a_killed_build_are_removed_at_the_start_of_a_build(nlp, tmp_path):
    from kg.build.pipeline import build

    (tmp_path / "a.txt").write_text(ARTICLE)
    out = tmp_path / "out"
    build([tmp_path / "a.txt"], out, nlp, DEFAULT_MODEL, with_html=False)
    (out / ".cache" / "finished").unlink()  # as a killed build leaves it
    stale = [out / ".contradictions.json.k3_x9a2b.tmp", out / ".graph.ttl.abcdefgh.tmp",
             out / ".cache" / "records" / ".0123456789abcdef.json.zz1yy2xx.tmp",
             out / ".cache" / "nquads" / ".0123456789abcdef.nq.a1b2c3d4.tmp",
             out / ".cache" / ".graphs.json.q1w2e3r4.tmp"]
    for path in stale:
        path.write_text("half written")
    (out / ".cache" / ".graph-ab12cd34").mkdir()
    (out / ".cache" / ".graph-ab12cd34" / "all.nq").write_text("<a> <b> <c> <d> .\n")
    kept = [out / "notes.tmp", out / ".notes.tmp", out / "my.contradictions.json"]
    for path in kept:
        path.write_text("the user's")
    build([tmp_path / "a.txt"], out, nlp, DEFAULT_MODEL, with_html=False)
    assert not any(p.exists() for p in stale) and not (out / ".cache" / ".graph-ab12cd34").exists()
    assert all(p.read_text() == "the user's" for p in kept)
    assert not [p for p in out.rglob("*.tmp") if p not in kept]
