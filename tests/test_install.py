"""The installed package works away from the checkout (issue 15, item 3): `pip install .` (not editable) into a
new virtual environment, then from another directory `kg build` on two files, every canned query, `kg viz` and
`kg validate`. The new environment borrows this one's installed dependencies (a .pth line, so no download), but
not its editable `kg`: everything `kg` needs must come from the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS
from .test_query import CANNED_RUNS

pytestmark = [pytest.mark.slow, pytest.mark.model]
# `kg` commands run by the installed package in one process (each in a subprocess: a second of start-up apiece):
# argv[1] is a JSON list of their arguments; prints the exit code and output of each
IN_ONE_PROCESS = """import json, sys
from click.testing import CliRunner
from kg.cli import main
print(json.dumps([(r.exit_code, r.output) for r in (CliRunner().invoke(main, args) for args in json.loads(sys.argv[1]))]))
"""


def run(*cmd: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """A command that must succeed; its output."""
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc


def copy_of_the_checkout(dest: Path) -> Path:
    """The project's files (tracked or new, not ignored) copied to `dest`, as a fresh clone would have them."""
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            (dest / name).write_bytes(source.read_bytes())
    return dest


def test_pip_install_then_build_query_viz_validate_from_elsewhere(tmp_path):
    src = copy_of_the_checkout(tmp_path / "src")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=tmp_path)
    python = venv / "bin" / "python"
    site = run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout
    Path(site.strip(), "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(src),
        cwd=tmp_path, env=env)
    work = tmp_path / "elsewhere"
    work.mkdir()
    kg = str(venv / "bin" / "kg")
    where = run(str(python), "-c", "import kg; print(kg.__file__)", cwd=work, env=env).stdout
    assert where.startswith(str(venv)), where
    listed = run(kg, "query", "--list", cwd=work, env=env).stdout
    assert {name for name, _ in CANNED_RUNS} <= {line.split()[0] for line in listed.splitlines()}
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    run(kg, "build", *map(str, seeds), "--out", "out", "-q", cwd=work, env=env)
    queries = [["query", name, *[arg for key, value in params.items() for arg in ("--param", f"{key}={value}")],
                "--graph", "out/graph.ttl", "--format", "csv"] for name, params in CANNED_RUNS]
    answers = json.loads(run(str(python), "-c", IN_ONE_PROCESS, json.dumps(queries), cwd=work, env=env).stdout)
    for (name, _), (code, out) in zip(CANNED_RUNS, answers, strict=True):
        assert code == 0 and out.splitlines(), (name, out)
    assert run(kg, "viz", "--out", "page.html", cwd=work, env=env).stdout == "wrote page.html\n"
    assert "<html" in (work / "page.html").read_text(encoding="utf-8").lower()
    assert "conforms to the kg shapes" in run(kg, "validate", cwd=work, env=env).stdout
