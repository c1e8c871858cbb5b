"""The foundation: `kg build` on the seeds through the CLI and the library API."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from kg.cli import main
from kg.rdf.vocab import SCHEMA

from .conftest import DATA, SEEDS


def test_build_writes_every_output(seed_build):
    for name in ("graph.ttl", "graph.trig", "graph.html", "quotes.jsonl", "contradictions.json", "build.ttl"):
        assert (seed_build / name).stat().st_size > 0, name


def test_graph_has_the_seed_quotes(seed_build):
    g = Graph().parse(seed_build / "graph.ttl")
    quotes = set(g.subjects(RDF.type, SCHEMA.Quotation))
    assert len(quotes) >= 50
    speakers = {str(n) for q in quotes for s in g.objects(q, SCHEMA.creator) for n in g.objects(s, SCHEMA.name)}
    assert {"Scott Bessent", "Donald Trump", "Xi Jinping"} <= speakers


def test_quotes_jsonl_follows_the_schema(seed_build):
    rows = [json.loads(line) for line in (seed_build / "quotes.jsonl").read_text().splitlines()]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    assert len(rows) >= 70
    for row in rows:
        assert {"doc", "quote", "start", "end", "speaker", "speaker_mention", "cue", "kind", "venue", "date"} <= set(row)
        assert texts[row["doc"]][row["start"]:row["end"]] == row["quote"]
        assert row["kind"] in ("direct", "mixed", "indirect")


def test_trig_has_one_named_graph_per_article(seed_build):
    ds = Dataset()
    ds.parse(seed_build / "graph.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    for doc in (p.stem for p in SEEDS.glob("*.txt")):
        assert any(n.endswith(f"graph/{doc.replace('_', '-')}") for n in names), doc


@pytest.mark.model
def test_cli_build_and_query(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    res = runner.invoke(main, ["build", str(SEEDS), "--out", str(out), "--no-html"])
    assert res.exit_code == 0, res.output
    assert "5 articles" in res.output and "quotes" in res.output
    res = runner.invoke(main, ["query", "who-said-what", "--graph", str(out / "graph.ttl")])
    assert res.exit_code == 0, res.output
    assert "Scott Bessent" in res.output and "Fortune" in res.output


@pytest.mark.model
def test_cli_extract_jsonl_matches_file_offsets():
    res = CliRunner().invoke(main, ["extract", str(SEEDS / "003_0172dc2ae70322f2.txt")])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    text = (SEEDS / "003_0172dc2ae70322f2.txt").read_text(encoding="utf-8")
    assert rows and all(text[r["start"]:r["end"]] == r["quote"] for r in rows)
    assert any(r["speaker"] == "Donald Trump" and r["venue"] and "Meet the Press" in r["venue"] for r in rows)


@pytest.mark.model
def test_cli_eval_prints_figures():
    res = CliRunner().invoke(main, ["eval", str(DATA / "seeds.jsonl"), str(SEEDS)])
    assert res.exit_code == 0, res.output
    assert "F1" in res.output and "speaker" in res.output


def test_query_on_missing_graph_is_one_line(tmp_path):
    res = CliRunner().invoke(main, ["query", "who-said-what", "--graph", str(tmp_path / "nope.ttl")])
    assert res.exit_code == 1
    assert "kg build" in res.output and "Traceback" not in res.output
