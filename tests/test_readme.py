"""The README's "Your own articles" example runs as written (issue 15, item 4): from a directory holding the
project's `.venv`, the shell block builds two invented articles whose metadata come from front matter and a
sources.csv manifest (dates not in ISO form), and queries them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from kg.rdf.vocab import SCHEMA

from .conftest import ROOT

MARKER = "<!-- example: your-own-articles"
LIBRARY_MARKER = "<!-- example: as-a-library"


def readme_example(marker: str = MARKER, language: str = "sh") -> str:
    """The `language` block that follows the example `marker` in README.md."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(re.escape(marker) + r".*?-->\n```" + language + r"\n(.*?)```", readme, re.DOTALL)
    assert m, f"README.md has no {marker!r} example block"
    return m.group(1)


@pytest.mark.model
@pytest.mark.slow
def test_the_readme_example_of_your_own_articles_runs_as_written(tmp_path):
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    res = subprocess.run(["bash", "-euo", "pipefail", "-c", readme_example()], cwd=tmp_path, capture_output=True,
                         text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "2 articles, 2 quotes" in res.stdout and "Ana Lopes" in res.stdout and "Tom Reyes" in res.stdout
    quotes = [json.loads(line) for line in (tmp_path / "my-out" / "quotes.jsonl").read_text().splitlines()]
    assert {(q["doc"], q["speaker"]) for q in quotes} == {("harbour-vote", "Ana Lopes"), ("harbour-costs", "Tom Reyes")}
    g = Graph().parse(tmp_path / "my-out" / "graph.ttl")
    assert sorted(map(str, g.objects(None, SCHEMA.datePublished))) == ["2024-07-30", "2024-07-31"]
    assert {str(o) for o in g.objects(None, SCHEMA.headline)} == {"Council approves the harbour plan",
                                                                   "Harbour costs questioned"}
    assert {str(n) for o in g.objects(None, SCHEMA.publisher) for n in g.objects(o, SCHEMA.name)} == \
        {"Harbour Gazette", "Coast Daily"}
    assert {str(q["date"]) for q in quotes} == {"2024-07-29", "2024-07-30"}  # Monday, Tuesday before publication


@pytest.mark.model
@pytest.mark.slow
def test_the_readme_example_of_the_library_runs_as_written(tmp_path):
    res = subprocess.run([sys.executable, "-c", readme_example(LIBRARY_MARKER, "python")], cwd=tmp_path,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.splitlines() == ["1 articles, 1 quotes", "Ana Lopes said: The ferry will run every hour,",
                                       "Ana Lopes | The ferry will run every hour | None"]  # no date given
    assert (tmp_path / "lib-out" / "graph.ttl").is_file() and not (tmp_path / "lib-out" / "graph.html").exists()
