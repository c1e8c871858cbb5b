"""The page's steps on their own, on the small invented graph of test_corpus (no model): what to show, the networkx
graphs, the layouts and the panel's data."""

from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.rdf.corpus import read_corpus
from kg.viz.graphs import full_graph, overview_graph, speakers_graph
from kg.viz.layout import overview_positions, positions
from kg.viz.network import legend, to_network
from kg.viz.panel import page_data
from kg.viz.select import Selection, select

from .test_corpus import invented_graph


@pytest.fixture(scope="module")
def corpus():
    """Ana Lopes's quote (Harbour Post), Kim Park's quote and a claim read from its article (Bay Daily), and the
    contradiction between Ana Lopes's quote and the claim."""
    return read_corpus(invented_graph()[0])


def _kinds(g) -> dict[str, int]:
    """How many nodes of each kind."""
    out: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        out[d["kind"]] = out.get(d["kind"], 0) + 1
    return out


def _edges(g) -> list[tuple[str, str, str]]:
    """(label of one end, kind, label of the other) of every edge, sorted."""
    return sorted((g.nodes[a]["label"], d["kind"], g.nodes[b]["label"]) for a, b, d in g.edges(data=True))


def test_selecting_a_speaker_keeps_the_other_side_of_her_contradictions(corpus):
    shown = select(corpus, Selection(speakers=("ANA LOPES",)))
    assert sorted(st.kind for st in shown.statements.values()) == ["claim", "quote"]
    assert shown.conflicts == corpus.conflicts
    assert [st.kind for st in select(corpus, Selection(speakers=("Kim Park",))).statements.values()] == ["quote"]
    with pytest.raises(KgError, match=r"^no speaker named 'Lee' in the graph \(known: Ana Lopes, Kim Park\)$"):
        select(corpus, Selection(speakers=("Lee",)))


def test_the_full_graph_links_speakers_statements_articles_and_outlets(corpus):
    """Every link once (an article's `published by` edge too, however many statements it reports), and a
    contradiction's type in words."""
    g = full_graph(corpus)
    assert _kinds(g) == {"quote": 2, "speaker": 2, "article": 2, "outlet": 2, "claim": 1}
    quote, said = "The bridge will open in May", "The bridge would stay shut un…"
    claim = "the bridge would stay shut un…"  # a claim keeps its case: it is no quotation
    (info,) = [d["info"] for _, _, d in g.edges(data=True) if d["kind"] == "contradicts"]
    assert info[0] == ("contradiction", "conflicting claims")
    assert sorted(_edges(g)) == sorted([
        ("Ana Lopes", "said", quote), ("Kim Park", "said", said), (quote, "contradicts", claim),
        (quote, "reported in", "harbour-1"), (said, "reported in", "harbour-2"),
        ("harbour-1", "published by", "Harbour Post"), ("harbour-2", "published by", "Bay Daily"),
        (claim, "reported in", "harbour-2")])


def test_the_overview_shows_who_disagrees_with_whom(corpus):
    """The claim has no speaker: its side of the disagreement is the outlet that reports it."""
    g = overview_graph(corpus)
    assert _edges(g) == [("Ana Lopes", "contradicts", "Bay Daily")]
    assert _kinds(g) == {"speaker": 2, "outlet": 1}
    pos = overview_positions(g)
    assert set(pos) == set(g) and len(set(pos.values())) == len(pos)
    assert _edges(speakers_graph(corpus)) == [("Ana Lopes", "contradicts", "Bay Daily"),
                                              ("Ana Lopes", "quoted by", "Harbour Post"),
                                              ("Kim Park", "quoted by", "Bay Daily")]


def test_positions_are_the_same_every_time_and_one_per_node(corpus):
    g = full_graph(corpus)
    assert positions(g) == positions(g) and set(positions(g)) == set(g)


def test_the_legend_names_only_the_kinds_drawn(corpus):
    nodes, edges = legend(to_network(overview_graph(corpus)))
    assert [n["kind"] for n in nodes] == ["speaker", "outlet"] and [e["kind"] for e in edges] == ["contradicts"]


def test_the_panel_data_lists_the_contradiction_with_its_evidence(corpus):
    data = page_data(corpus)
    (conflict,) = data["conflicts"]
    assert (conflict["type"], conflict["why"], conflict["confidence"]) == (
        "conflicting claims", "open in May, or shut until the autumn", 0.8)
    assert [e["doc"] for e in conflict["evidence"]["a"]] == ["harbour-1"]
    assert [e["text"] for e in conflict["evidence"]["b"]] == ["the bridge would stay shut until the autumn"]
    assert data["statements"][conflict["a"]]["vs"] == [conflict["b"]]
    assert [(s["name"], s["n"]) for s in data["speakers"]] == [("Ana Lopes", 1), ("Kim Park", 1)]
    assert [(o["name"], o["n"]) for o in data["outlets"]] == [("Bay Daily", 1), ("Harbour Post", 1)]
