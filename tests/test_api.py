"""The library API (kg.api) used from Python without the command line: build to a directory, extract records,
query the built graph on a file and on a store, on one short invented article; and that importing kg or
the CLI stays cheap (no spaCy)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.api import BuildConfig, build, extract, query
from kg.errors import KgError
from kg.nlp import DEFAULT_MODEL

ARTICLE = ('"The bridge will open in May," Mara Velt said on Monday.\n\n'
           'Jon Okafor, the city engineer, said the steel had not yet arrived.\n')


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("api") / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(article) -> Path:
    """The article built with the library into a directory next to it, with an Oxigraph store."""
    out = article.parent / "out"
    summary = build([article], out, BuildConfig(with_html=False, store=article.parent / "store"))
    assert (summary.articles, summary.quotes, summary.speakers) == (1, 2, 2)
    trig = Dataset()
    trig.parse(out / "graph.trig", format="trig")
    assert summary.quads == len(set(trig.quads())) + len(Graph().parse(out / "graph.ttl"))  # named graphs and union
    return out


def test_config_defaults_name_the_default_model_and_packaged_files():
    config = BuildConfig()
    assert config.model == DEFAULT_MODEL and config.registry is config.lexicon is config.domain is None
    assert (config.jobs, config.with_html, config.store, config.cluster) == (1, True, None, None)


@pytest.mark.model
def test_build_writes_the_outputs_without_html(built):
    assert sorted(p.name for p in built.iterdir() if p.is_file() and not p.name.startswith(".")) == \
        ["build.ttl", "contradictions.json", "graph.trig", "graph.ttl", "quotes.jsonl"]
    speakers = [json.loads(line)["speaker"] for line in (built / "quotes.jsonl").read_text().splitlines()]
    assert speakers == ["Mara Velt", "Jon Okafor"]


@pytest.mark.model
def test_extract_returns_the_records_and_writes_nothing(article):
    before = sorted(article.parent.iterdir())
    results = extract([article])
    assert [r.article.doc_id for r in results] == ["bridge"]
    assert [(q.speaker, q.quote) for q in results[0].quotes] == [
        ("Mara Velt", "The bridge will open in May,"), ("Jon Okafor", "the steel had not yet arrived")]
    assert sorted(article.parent.iterdir()) == before


@pytest.mark.model
def test_extract_matches_what_the_build_wrote(article, built):
    rows = [q.to_json() for r in extract([article]) for q in r.quotes]
    assert rows == [json.loads(line) for line in (built / "quotes.jsonl").read_text().splitlines()]


@pytest.mark.model
def test_query_a_canned_query_with_a_parameter_on_the_graph_file_and_the_store(built):
    on_file = [(str(r.name), str(r.quote)) for r in query("quotes-by-speaker", {"speaker": "mara velt"},
                                                             graph=built / "graph.ttl")]
    assert on_file == [("Mara Velt", "The bridge will open in May")]  # the graph's text has no closing comma
    on_store = [(str(r.name), str(r.quote)) for r in query("quotes-by-speaker", {"speaker": "Mara Velt"},
                                                              store=built.parent / "store")]
    assert on_store == on_file


@pytest.mark.model
def test_query_inline_sparql_with_limit(built):
    rows = list(query("SELECT ?s WHERE { ?q schema:creator ?w . ?w schema:name ?s } ORDER BY ?s",
                      graph=str(built / "graph.ttl"), limit=1))
    assert [str(r.s) for r in rows] == ["Jon Okafor"]


def test_query_refuses_an_unknown_parameter_and_two_backends(tmp_path):
    with pytest.raises(KgError, match="has no parameter 'nobody'"):
        query("quotes-by-speaker", {"speaker": "x", "nobody": "y"}, graph=tmp_path / "g.ttl")
    with pytest.raises(KgError, match="exactly one of"):
        query("speakers", graph=tmp_path / "g.ttl", store=tmp_path / "store")


@pytest.mark.parametrize("module", ["kg", "kg.api", "kg.cli"])
def test_importing_the_package_the_api_or_the_cli_does_not_import_spacy(module):
    code = f"import sys, {module}; print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"
