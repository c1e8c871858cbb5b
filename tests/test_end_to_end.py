"""The foundation: `kg build` on the seeds through the CLI and the library API."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from kg.api import query as api_query
from kg.build.evaluate import load_jsonl, score
from kg.cli import main
from kg.ids import Iris
from kg.rdf.vocab import SCHEMA

from .conftest import DATA, SEEDS


def test_build_writes_every_output(seed_build):
    for name in ("graph.ttl", "graph.trig", "graph.html", "quotes.jsonl", "contradictions.json", "build.ttl"):
        assert (seed_build / name).stat().st_size > 0, name


def _rows(out) -> list[dict]:
    return [json.loads(line) for line in (out / "quotes.jsonl").read_text(encoding="utf-8").splitlines()]


def test_graph_has_the_seed_quotes(seed_build):
    g = Graph().parse(seed_build / "graph.ttl")
    quotes = set(g.subjects(RDF.type, SCHEMA.Quotation))
    rows = _rows(seed_build)
    assert {str(q) for q in quotes} == {str(Iris().quote(r["speaker"], r["quote"])) for r in rows}
    speakers = {str(n) for q in quotes for s in g.objects(q, SCHEMA.creator) for n in g.objects(s, SCHEMA.name)}
    assert speakers == {name for r in rows for name in (r["speaker"], *r["co_speakers"])}
    assert {"Scott Bessent", "Donald Trump", "Xi Jinping"} <= speakers


def test_quotes_jsonl_follows_the_schema(seed_build, seed_results):
    rows = _rows(seed_build)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    assert rows == [q.to_json() for r in seed_results for q in r.quotes]  # what extraction gives, in its order
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
    rows = _rows(out)
    counts = (f"5 articles, {len(rows)} quotes, {len({r['speaker'] for r in rows})} speakers, "
              f"{len(json.loads((out / 'contradictions.json').read_text()))} contradictions in ")
    assert res.output.startswith(counts) and res.output.endswith(f" s -> {out}/\n") and res.output.count("\n") == 1
    res = runner.invoke(main, ["query", "who-said-what", "--graph", str(out / "graph.ttl")])
    assert res.exit_code == 0, res.output
    said = sum(1 + len(r["co_speakers"]) for r in rows)  # a row per quote and speaker
    assert res.output.endswith(f"\n({said} rows)\n") and len(res.output.splitlines()) == said + 3
    assert "Scott Bessent" in res.output and "Fortune" in res.output


@pytest.mark.model
def test_cli_extract_jsonl_matches_file_offsets():
    res = CliRunner().invoke(main, ["extract", str(SEEDS / "003_0172dc2ae70322f2.txt")])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    text = (SEEDS / "003_0172dc2ae70322f2.txt").read_text(encoding="utf-8")
    assert rows and all(text[r["start"]:r["end"]] == r["quote"] for r in rows)
    assert {(r["venue"], r["venue_kind"]) for r in rows if r["speaker"] == "Donald Trump"} == {
        ("NBC’s Meet the Press", "broadcast"), ("Air Force One", "place")}


@pytest.mark.model
def test_cli_eval_prints_the_scores_of_the_extraction(seed_results):
    res = CliRunner().invoke(main, ["eval", str(DATA / "seeds.jsonl"), str(SEEDS)])
    assert res.exit_code == 0, res.output
    s = score(load_jsonl(DATA / "seeds.jsonl"), [q.to_json() for r in seed_results for q in r.quotes])
    first, second = res.output.splitlines()
    assert first == (f"gold {s.gold}  pred {s.pred}  matched {s.matched}  precision {s.precision:.3f}  "
                     f"recall {s.recall:.3f}  F1 {s.f1:.3f}")
    assert second.startswith(f"speaker {s.speaker:.3f}  venue {s.venue:.3f}  date {s.date:.3f}  recall by kind: ")


def test_query_without_a_backend_reads_the_default_graph_file_from_the_cli_and_the_api(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "graph.ttl").write_text('<urn:a> <http://schema.org/name> "Ada Brook" .\n', encoding="utf-8")
    text = "SELECT ?n WHERE { ?s <http://schema.org/name> ?n }"
    res = CliRunner().invoke(main, ["query", text, "--format", "csv"])
    assert res.exit_code == 0 and res.output.splitlines() == ["n", "Ada Brook"], res.output
    assert [str(row[0]) for row in api_query(text)] == ["Ada Brook"]


def test_query_on_missing_graph_is_one_line(tmp_path):
    res = CliRunner().invoke(main, ["query", "who-said-what", "--graph", str(tmp_path / "nope.ttl")])
    assert res.exit_code == 1
    assert res.output == f"kg: error: {tmp_path / 'nope.ttl'}: no such graph file; run `kg build` first (it writes " \
        "out/graph.ttl and out/graph.trig)\n"
