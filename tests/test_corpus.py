"""The one reader of a built graph's statements and contradictions (kg.rdf.corpus): what it reads from a small
graph written by the GraphWriter, and that `kg contradictions` and the page show the same contradictions."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.ids import Iris
from kg.model import Article, ArticleResult, Contradiction, Quote, Side
from kg.rdf.corpus import Conflict, Evidence, contradictions, read_corpus
from kg.rdf.graph import BuildInfo, build_dataset
from kg.rdf.quads import QuadView
from kg.rdf.report import read_contradictions
from kg.resources.entities import Countries, Registry
from kg.viz.panel import page_data

OPEN = '"The bridge will open in May," Mayor Ana Lopes said.'
SHUT = "Engineer Kim Park said the bridge would stay shut until the autumn, a council report added."
WORDS = "The bridge will open in May"
CLAIM = "the bridge would stay shut until the autumn"


def _quote(doc: str, text: str, words: str, speaker: str, kind: str) -> Quote:
    start = text.index(words)
    return Quote(doc, words, start, start + len(words), speaker, speaker, "said", kind)


def invented_graph():
    """Two invented articles, a quote in each, and a contradiction between the first quote and a claim read from
    the second article's narration (attributed to its speaker, not authored by her): (dataset, iris, list)."""
    iris = Iris()
    first = Article("harbour-1", OPEN, "harbour-1.txt", outlet="Harbour Post", published="2024-05-02")
    second = Article("harbour-2", SHUT, "harbour-2.txt", outlet="Bay Daily", published="2024-05-03")
    quotes = [_quote("harbour-1", OPEN, WORDS, "Ana Lopes", "direct"),
              _quote("harbour-2", SHUT, CLAIM, "Kim Park", "indirect")]
    ds, writer = build_dataset([ArticleResult(first, [quotes[0]]), ArticleResult(second, [quotes[1]])], iris,
                               Registry([]), Countries([]), BuildInfo("0", "model", "fp"))
    start = SHUT.index(CLAIM)
    a = Side("harbour-1", quotes[0].start, quotes[0].end, WORDS, "Ana Lopes")
    b = Side("harbour-2", start, start + len(CLAIM), CLAIM, "Kim Park")
    listed = [Contradiction("conflicting_claims", a, b, "open in May, or shut until the autumn", 0.8,
                            str(iris.quote("Ana Lopes", WORDS)), str(iris.claim("harbour-2", b.start, b.end)))]
    writer.add_contradictions(listed)
    return ds, iris, listed


@pytest.fixture(scope="module")
def graph():
    """The invented graph."""
    return invented_graph()


def test_the_corpus_holds_the_statements_and_the_contradiction_with_its_evidence(graph):
    ds, iris, listed = graph
    corpus = read_corpus(ds)
    a, b = listed[0].a_node, listed[0].b_node
    article = str(iris.article("harbour-1"))
    assert corpus.conflicts == [Conflict(corpus.conflicts[0].iri, "ConflictingClaims", a, b,
                                         "open in May, or shut until the autumn", 0.8)]
    assert corpus.evidence == {a: (Evidence("harbour-1", 1, 28, WORDS, article),),
                               b: (Evidence("harbour-2", 23, 66, CLAIM, str(iris.article("harbour-2"))),)}
    assert {st.kind for st in corpus.statements.values()} == {"quote", "claim"} and len(corpus.statements) == 3
    claim = corpus.statements[b]
    assert (claim.text, claim.speakers) == (CLAIM, ())  # attributed to Kim Park, not authored by her
    quote = corpus.statements[a]
    assert quote.speakers == (str(iris.entity("Ana Lopes")),)
    assert (quote.said, quote.articles, quote.quote_kind) == (corpus.articles[article].published, (article,), "direct")


def test_contradictions_from_the_corpus_are_the_ones_the_build_listed(graph):
    ds, _, listed = graph
    (found,) = contradictions(ds)
    assert found == Contradiction(**{**vars(listed[0]), "a_evidence": (listed[0].a,), "b_evidence": (listed[0].b,)})
    assert found.to_json() == listed[0].to_json()


def test_a_graph_file_read_through_oxigraph_gives_the_same_corpus(graph, tmp_path):
    ds, _, _ = graph
    ds.serialize(tmp_path / "graph.trig", format="trig")
    view = QuadView(tmp_path / "graph.trig")
    assert read_corpus(view) == read_corpus(ds) and contradictions(view) == contradictions(ds)


def test_kg_contradictions_without_the_list_reads_the_graph_as_the_page_does(graph, tmp_path):
    ds, _, listed = graph
    ds.serialize(tmp_path / "graph.trig", format="trig")
    assert read_contradictions(tmp_path / "graph.trig") == contradictions(ds)
    assert _shown(page_data(read_corpus(ds))) == _listed([c.to_json() for c in listed])


def _shown(data: dict) -> list[tuple]:
    """The contradictions of the page's data: type, explanation, confidence, and where each side appears."""
    return sorted((c["type"], c["why"], c["confidence"],
                   *(tuple(sorted((e["doc"], e["start"], e["end"], e["text"]) for e in c["evidence"][k])) for k in "ab"))
                  for c in data["conflicts"])


def _listed(items: list[dict]) -> list[tuple]:
    """The same of `kg contradictions --format json`."""
    return sorted((c["type"].replace("_", " "), c["explanation"], c["confidence"],
                   *(tuple(sorted((e["doc"], e["start"], e["end"], e["text"]) for e in c[k]["evidence"])) for k in "ab"))
                  for c in items)


@pytest.mark.model
def test_the_seed_page_and_kg_contradictions_show_the_same_contradictions(seed_build, tmp_path):
    data = json.loads((seed_build / "graph.html").read_text(encoding="utf-8").split("const DATA = ", 1)[1]
                      .split(";\n", 1)[0])
    (tmp_path / "graph.ttl").write_bytes((seed_build / "graph.ttl").read_bytes())  # no list beside it
    runner = CliRunner()
    from_graph = runner.invoke(main, ["contradictions", "--graph", str(tmp_path / "graph.ttl"), "--format", "json"])
    from_list = runner.invoke(main, ["contradictions", "--graph", str(seed_build / "graph.ttl"), "--format", "json"])
    assert from_graph.exit_code == from_list.exit_code == 0
    assert _shown(data) == _listed(json.loads(from_graph.stdout)) and len(data["conflicts"]) > 0
    assert from_graph.stdout == from_list.stdout
