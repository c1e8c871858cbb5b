"""The interactive graph page: what it is built from, what it shows, and that it needs nothing from the network."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import RDF

from bench.bench_viz import synthetic_dataset
from kg.cli import main
from kg.errors import KgError
from kg.rdf.corpus import read_corpus
from kg.viz.graphs import full_graph, overview_graph, speakers_graph
from kg.viz.network import CONFLICT_EDGES, EDGE_STYLE, PHYSICS_LIMIT, to_network
from kg.viz.page import OVERVIEW_LIMIT, render_html
from kg.viz.panel import page_data as panel_data
from kg.viz.select import Selection, select
from kg.rdf.vocab import KG, SCHEMA

PROBE = "<img src=x onerror=alert(1)>"


def page_data(page: str) -> tuple[list[dict], list[dict], dict]:
    """The nodes, edges and options embedded in a page."""
    nodes = json.loads(re.search(r"(?m)^  const rawNodes = (.*);$", page).group(1))
    edges = json.loads(re.search(r"(?m)^  const rawEdges = (.*);$", page).group(1))
    options = json.loads(re.search(r"(?m)^  const options = (.*);$", page).group(1))
    return nodes, edges, options


def embedded(page: str, name: str):
    """The JSON value of `const NAME = ...;` in a page (DATA, OVERVIEW)."""
    return json.loads(re.search(rf"(?m)^  const {name} = (.*);$", page).group(1))


@pytest.fixture(scope="module")
def seed_corpus(seed_dataset):
    """The seed graph as the page reads it."""
    return read_corpus(seed_dataset)


def test_corpus_has_every_quote_denial_and_contradiction(seed_dataset, seed_corpus):
    kinds = [st.kind for st in seed_corpus.statements.values()]
    assert kinds.count("quote") == len(set(seed_dataset.subjects(RDF.type, SCHEMA.Quotation)))
    claims = set(seed_dataset.subjects(RDF.type, KG.Denial)) | set(seed_dataset.subjects(RDF.type, KG.Claim))
    assert kinds.count("claim") == len(claims) > 0
    assert len(seed_corpus.conflicts) == len(set(seed_dataset.subjects(RDF.type, KG.Contradiction))) > 0


def test_full_graph_links_speakers_quotes_articles_outlets_venues(seed_corpus):
    g = full_graph(seed_corpus)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"speaker", "quote", "claim", "article", "outlet", "venue"} <= kinds
    edges = {d["kind"] for *_, d in g.edges(data=True)}
    assert {"said", "reported in", "published by", "said on", "denies", "contradicts"} <= edges
    bessent = next(n for n, d in g.nodes(data=True) if d["label"] == "Scott Bessent")
    assert g.nodes[bessent]["value"] == max(d.get("value", 0) for _, d in g.nodes(data=True))
    assert all(dict(d["info"])["why"] for *_, d in g.edges(data=True) if d["kind"] == "contradicts")


def test_tooltips_carry_quote_speaker_outlet_venue_date_and_url(seed_corpus):
    g = full_graph(seed_corpus)
    fortune = [d for _, d in g.nodes(data=True) if d["kind"] == "quote" and d.get("url")
               and "fortune.com" in d["url"] and dict(d["info"]).get("venue")]
    assert fortune
    info = dict(fortune[0]["info"])
    assert {"quote", "speaker", "outlet", "venue", "date", "article"} <= set(info)
    assert info["outlet"] == "Fortune"


def test_seed_page_is_offline_and_styled(seed_build, seed_corpus):
    page = (seed_build / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "vis.Network" in page and "connect-src 'none'" in page
    nodes, edges, options = page_data(page)
    g = full_graph(seed_corpus)
    assert (len(nodes), len(edges)) == (g.number_of_nodes(), g.number_of_edges())
    shapes = {n["kind"]: (n["shape"], n["color"]) for n in nodes}
    assert len(set(shapes.values())) == len(shapes)
    red = [e for e in edges if e["kind"] == "contradicts"]
    assert red and all(e["dashes"] and e["color"] == EDGE_STYLE["contradicts"]["color"] for e in red)
    assert all(e["width"] < red[0]["width"] and not e.get("dashes") for e in edges if e["kind"] not in CONFLICT_EDGES)
    assert options["physics"]["enabled"] and options["physics"]["stabilization"]["iterations"] <= 1000
    assert 'data-kind="speaker"' in page and 'data-edge="contradicts"' in page


def test_markup_from_articles_never_reaches_the_page_as_markup(seed_dataset):
    quote = next(iter(seed_dataset.subjects(RDF.type, SCHEMA.Quotation)))
    seed_dataset.add((quote, SCHEMA.text, Literal(PROBE)))
    try:
        page = render_html(seed_dataset)
    finally:
        seed_dataset.remove((quote, SCHEMA.text, Literal(PROBE)))
    assert "<img" not in page
    nodes, _, _ = page_data(page)
    assert any(PROBE in value for n in nodes for _, value in n["info"])
    assert "textContent" in page and "innerHTML" not in page


def test_select_one_speaker_keeps_their_statements_and_contradictions(seed_corpus):
    sub = select(seed_corpus, Selection(speakers=("bessent",)))
    bessent = next(i for i, n in seed_corpus.names.items() if n == "Scott Bessent")
    own = {i for i, st in sub.statements.items() if bessent in st.speakers}
    assert own == {i for i, st in seed_corpus.statements.items() if bessent in st.speakers}
    assert sub.conflicts and all(c.a in own or c.b in own for c in sub.conflicts)
    assert set(sub.statements) == own | {c.a for c in sub.conflicts} | {c.b for c in sub.conflicts}


def test_select_by_outlet_and_dates(seed_corpus):
    sub = select(seed_corpus, Selection(outlets=("Kyodo",), since=date(2025, 5, 1), until=date(2025, 5, 31)))
    kept = [st for st in sub.statements.values()
            if any(sub.articles[a].outlet and sub.names[sub.articles[a].outlet] == "Kyodo" for a in st.articles)]
    assert kept and all(date(2025, 5, 1) <= st.said <= date(2025, 5, 31) for st in kept)


def test_unknown_names_and_empty_selections_are_errors(seed_corpus):
    with pytest.raises(KgError, match="no speaker named 'Nobody'"):
        select(seed_corpus, Selection(speakers=("Nobody",)))
    with pytest.raises(KgError, match="no statement matches"):
        select(seed_corpus, Selection(since=date(2031, 1, 1)))


def test_speakers_mode_weights_quotes_and_contradictions(seed_corpus):
    g = speakers_graph(seed_corpus)
    assert {d["kind"] for _, d in g.nodes(data=True)} == {"speaker", "outlet"}
    quoted = sum(d["weight"] for *_, d in g.edges(data=True) if d["kind"] == "quoted by")
    expected = sum(1 for st in seed_corpus.statements.values() for s in st.speakers for a in st.articles
                   if seed_corpus.articles[a].outlet)
    assert quoted == expected
    red = [d for *_, d in g.edges(data=True) if d["kind"] == "contradicts"]
    between_speakers = [c for c in seed_corpus.conflicts
                        if seed_corpus.statements[c.a].speakers and seed_corpus.statements[c.b].speakers]
    assert sum(d["weight"] for d in red) >= len(between_speakers) > 0


def test_big_graphs_are_laid_out_here_with_physics_off():
    ds = synthetic_dataset(2600)
    net = to_network(full_graph(read_corpus(ds)))
    assert len(net.nodes) + len(net.edges) > PHYSICS_LIMIT
    assert not net.options["physics"]["enabled"] and not net.options["layout"]["improvedLayout"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in net.nodes)
    assert len({(n["x"], n["y"]) for n in net.nodes}) > 0.95 * len(net.nodes)


def test_cli_viz_filters_and_modes(seed_build, tmp_path):
    runner = CliRunner()
    graph = str(seed_build / "graph.ttl")
    out = tmp_path / "bessent.html"
    res = runner.invoke(main, ["viz", "--graph", graph, "--out", str(out), "--speaker", "Scott Bessent",
                               "--since", "2025-04-01", "--mode", "speakers"])
    assert res.exit_code == 0, res.output
    nodes, edges, _ = page_data(out.read_text(encoding="utf-8"))
    assert "Scott Bessent" in {n["label"] for n in nodes} and {e["kind"] for e in edges} >= {"quoted by"}
    res = runner.invoke(main, ["viz", "--graph", graph, "--out", str(tmp_path / "x.html"), "--outlet", "Nowhere"])
    assert res.exit_code == 1 and res.output.startswith("kg: error: no outlet named 'Nowhere'")
    assert len(res.output.strip().splitlines()) == 1 and not (tmp_path / "x.html").exists()
    res = runner.invoke(main, ["viz", "--graph", graph, "--out", str(tmp_path / "x.html"), "--until", "May 5"])
    assert res.exit_code == 2


def test_page_data_lists_each_contradiction_most_confident_first_with_evidence(seed_build, seed_corpus):
    data = embedded((seed_build / "graph.html").read_text(encoding="utf-8"), "DATA")
    expected = json.loads((seed_build / "contradictions.json").read_text(encoding="utf-8"))
    assert sorted((c["type"], c["why"], c["confidence"]) for c in data["conflicts"]) == \
        sorted((c["type"].replace("_", " "), c["explanation"], c["confidence"]) for c in expected)
    assert [c["confidence"] for c in data["conflicts"]] == sorted((c["confidence"] for c in data["conflicts"]),
                                                                  reverse=True)
    spans = {(e["doc"], e["start"], e["end"], e["text"]) for c in data["conflicts"] for side in "ab"
             for e in c["evidence"][side]}
    assert {(s[k]["doc"], s[k]["start"], s[k]["end"], s[k]["text"]) for s in expected for k in "ab"} <= spans
    assert {st["qk"] for st in data["statements"].values()} == {"direct", "mixed", "indirect", None}
    bessent = next(s for s in data["speakers"] if s["name"] == "Scott Bessent")
    assert data["speakers"][0] == bessent and "Bessent" in bessent["aliases"]


def test_page_is_the_same_for_the_same_graph(seed_dataset):
    assert render_html(seed_dataset) == render_html(seed_dataset)


def test_big_pages_open_on_an_overview_laid_out_here(seed_dataset):
    assert embedded(render_html(seed_dataset), "OVERVIEW") is None
    ds = synthetic_dataset(1200)
    corpus = read_corpus(ds)
    g = full_graph(corpus)
    assert g.number_of_nodes() + g.number_of_edges() > OVERVIEW_LIMIT
    page = render_html(ds)
    overview = embedded(page, "OVERVIEW")
    o = overview_graph(corpus)
    assert {n["id"] for n in overview["nodes"]} == set(o.nodes) and len(overview["edges"]) == o.number_of_edges()
    assert {d["kind"] for _, d in o.nodes(data=True)} <= {"speaker", "outlet"}
    assert sum(len(e["conflicts"]) for e in overview["edges"]) >= len(corpus.conflicts)
    assert not overview["options"]["physics"]["enabled"]
    assert len({(n["x"], n["y"]) for n in overview["nodes"]}) == len(overview["nodes"])
    data = embedded(page, "DATA")
    assert len(data["statements"]) == len(corpus.statements)
    assert all(c["evidence"] == {"a": [], "b": []} for c in data["conflicts"])  # the synthetic graph has none


def test_without_contradictions_the_data_lists_the_most_quoted_first(seed_corpus):
    data = panel_data(select(seed_corpus, Selection(speakers=("Xi Jinping",))))
    counts = [s["n"] for s in data["speakers"]]
    assert data["conflicts"] == [] and counts == sorted(counts, reverse=True) and data["top"] > 0
