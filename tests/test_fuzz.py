"""Property tests: arbitrary Unicode through ingest and extraction never raises, every offset is in range
with text[start:end] == quote, and the graph still serialises and parses, written by rdflib or as the N-Quads
a build writes (which also conform to the shapes and come out the same every time)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from rdflib import Dataset

from kg.resources.entities import Countries, Registry
from kg.rdf.export import serialize
from kg.rdf.graph import BuildInfo, build_dataset
from kg.rdf.nquads import article_nquads, build_link, build_nquads
from kg.rdf.validate import validate
from kg.ingest.decode import decode
from kg.ingest.reader import Reader
from kg.ids import Iris

QUOTE_MARKS = list('"\'“”‘’«»‹›„‚「」『』〝〞＂')
WORDS = ["said", "told", "Trump", "Ana Lopes", "according to", "denied", "10%", "tariffs", "he", "she", "the minister",
         "\n", "\n\n", "\r\n", "\r", " ", ".", ",", ":", "—", "-", "BEIJING —", "By Kim Park", "https://x.example/a",
         "مرحبا", "שלום", "\u202e", "\u200f", "😀", "👩‍👩‍👧", "\x00", "\x07", "\x1b", "\u2028", "\ufeff", "\t"]
PIECES = st.one_of(st.sampled_from(QUOTE_MARKS), st.sampled_from(WORDS), st.text(max_size=12))
TEXTS = st.one_of(st.lists(PIECES, max_size=120).map("".join), st.text(max_size=400),
                  st.lists(st.sampled_from(WORDS[:10]), min_size=300, max_size=600).map(" ".join))
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


@SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_decode_or_fail_cleanly(data):
    try:
        text, _ = decode(data, "x")
    except Exception as exc:  # noqa: BLE001 - the only allowed failure is the one-line input error
        assert type(exc).__name__ == "InputError", exc
    else:
        assert "\r" not in text and text.strip()


@pytest.mark.slow  # 50 texts parsed, attributed, put in a graph both ways and the N-Quads validated
@SETTINGS
@given(text=TEXTS)
def test_arbitrary_text_extracts_with_valid_offsets_and_a_graph(text, nlp, tmp_path_factory):
    from kg.build.pipeline import extract

    path = tmp_path_factory.mktemp("fuzz") / "doc.txt"
    path.write_bytes(text.encode("utf-8"))
    reader = Reader()
    articles = list(reader.articles([path]))
    if not articles:
        assert len(reader.skipped) == 1
        return
    results = extract(nlp, articles, Registry.load())
    for r in results:
        body = r.article.text
        for q in r.quotes:
            assert 0 <= q.start <= q.end <= len(body) and body[q.start:q.end] == q.quote
        for d in r.denials:
            assert 0 <= d.start <= d.end <= len(body) and body[d.start:d.end] == d.text
        for f in r.figures:
            assert 0 <= f.start <= f.end <= len(body)
    ds, _ = build_dataset(results, Iris(), Registry.load(), Countries.load(), BuildInfo("0", "m", "fuzz"))
    Dataset().parse(data=serialize(ds, "trig"), format="trig")
    check_nquads(results)


def check_nquads(results) -> None:
    """The N-Quads path a build takes (kg.rdf.nquads): each article's graph and the build's, as the build joins
    them, parse in Oxigraph and rdflib, conform to the shapes, and are the same text when made again."""
    iris, registry, countries, info = Iris(), Registry.load(), Countries.load(), BuildInfo("0", "m", "fuzz")
    build_iri = str(iris.build(info.fingerprint))

    def made() -> str:
        graphs = [(article_nquads(r, iris, registry, countries), str(iris.article_graph(r.article.doc_id)))
                  for r in results]
        return "".join(text + build_link(graph, build_iri) for text, graph in graphs) + \
            build_nquads(iris, registry, countries, info)

    text = made()
    assert made() == text
    assert len(list(ox.parse(text.encode("utf-8"), ox.RdfFormat.N_QUADS))) == text.count("\n")
    ds = Dataset()
    ds.parse(data=text, format="nquads")
    assert validate(ds) == []
