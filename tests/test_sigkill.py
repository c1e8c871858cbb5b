"""A build killed with SIGKILL halfway leaves the previous out/ intact and readable."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from .conftest import ROOT, SEEDS

OUTPUTS = ("graph.ttl", "graph.trig", "quotes.jsonl", "contradictions.json", "build.ttl")


def _many_articles(directory: Path, copies: int) -> None:
    """`copies` renamed copies of each seed article, enough to keep a build busy for a while."""
    directory.mkdir()
    for i in range(copies):
        for seed in SEEDS.glob("*.txt"):
            shutil.copy(seed, directory / f"{seed.stem}-{i}.txt")


def _assert_readable(out: Path) -> None:
    """Every output parses."""
    Graph().parse(out / "graph.ttl", format="turtle")
    Dataset().parse(out / "graph.trig", format="trig")
    Graph().parse(out / "build.ttl", format="turtle")
    [json.loads(line) for line in (out / "quotes.jsonl").read_text().splitlines()]
    json.loads((out / "contradictions.json").read_text())


def _wait_until_parsing(records: Path, proc: subprocess.Popen, timeout_s: float = 300) -> None:
    """Return once the build `proc` has cached the records of a first new article (model loaded, articles being
    parsed, outputs not written yet), however loaded the machine is."""
    before = len(list(records.iterdir()))
    deadline = time.monotonic() + timeout_s
    while len(list(records.iterdir())) == before:
        assert proc.poll() is None, "the build ended before it parsed anything"
        assert time.monotonic() < deadline, "the build parsed nothing in time"
        time.sleep(0.05)


@pytest.mark.slow
def test_sigkill_mid_build_keeps_the_previous_out(seed_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    _many_articles(tmp_path / "many", 40)
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(tmp_path / "many"), "--out", str(out),
                             "--no-html", "-q"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_parsing(out / ".cache" / "records", proc)
        assert proc.poll() is None, "the build finished before it could be killed: give it more input"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before
    _assert_readable(out)


def test_sigkill_during_a_write_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("<urn:a> <urn:b> <urn:c> .\n")
    writer = ("import sys; from kg.io import atomic_write\n"
              "atomic_write(sys.argv[1], ('<urn:a> <urn:b> \"' + 'x' * 200 + '\" .\\n') * 1_000_000)\n")
    proc = subprocess.Popen([sys.executable, "-c", writer, str(target)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not any(p.stat().st_size > 0 for p in tmp_path.glob(".graph.ttl.*.tmp")):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert target.read_text() == "<urn:a> <urn:b> <urn:c> .\n"
    assert len(Graph().parse(target, format="nt")) == 1
