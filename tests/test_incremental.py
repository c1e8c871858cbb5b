"""Incremental builds: unchanged articles are not parsed again, changed ones replace their named
graph, removed ones drop out."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Dataset

import kg.build.pipeline
from kg.build.pipeline import build
from kg.ids import Iris
from kg.nlp import DEFAULT_MODEL

from .conftest import SEEDS



@pytest.fixture
def corpus(tmp_path):
    """A copy of the seeds that a test may edit."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def parsed(monkeypatch):
    """The doc ids of the articles the parser sees, build after build."""
    seen: list[str] = []
    real = kg.build.pipeline.parse_articles

    def counting(nlp, articles, *args, **kwargs):
        def noted():
            for a in articles:
                seen.append(a.doc_id)
                yield a
        return real(nlp, noted(), *args, **kwargs)

    monkeypatch.setattr(kg.build.pipeline, "parse_articles", counting)
    return seen


def _graphs(out):
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


def _build(corpus, out, nlp):
    return build(sorted(corpus.glob("*.txt")), out, nlp, DEFAULT_MODEL, with_html=False)


def test_unchanged_rebuild_parses_nothing_and_writes_the_same_bytes(nlp, corpus, tmp_path, parsed):
    out = tmp_path / "out"
    _build(corpus, out, nlp)
    assert len(parsed) == 5
    first = {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig", "quotes.jsonl")}
    parsed.clear()
    _build(corpus, out, lambda: pytest.fail("the model must not be loaded for an unchanged rebuild"))
    assert parsed == []
    assert {name: (out / name).read_bytes() for name in first} == first


def test_changed_article_replaces_its_named_graph(nlp, corpus, tmp_path, parsed):
    out = tmp_path / "out"
    _build(corpus, out, nlp)
    victim = sorted(corpus.glob("*.txt"))[-1]
    gid = str(Iris().article_graph(victim.stem))
    before = _graphs(out)[gid]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n“The benchmark changed this article,” Maren Holt said.\n",
                      encoding="utf-8")
    parsed.clear()
    _build(corpus, out, nlp)
    assert parsed == [victim.stem]
    after = _graphs(out)[gid]
    texts = {str(o) for o in after.objects() if "benchmark changed" in str(o)}
    assert texts == {"The benchmark changed this article,", "The benchmark changed this article"}  # exact, node
    assert not any("benchmark changed" in str(o) for o in before.objects())
    others = {str(Iris().article_graph(p.stem)) for p in corpus.glob("*.txt")} - {gid}
    assert len(others) == 4 and others <= set(_graphs(out))


def test_removed_article_drops_out_of_graph_and_cache(nlp, corpus, tmp_path, parsed):
    out = tmp_path / "out"
    _build(corpus, out, nlp)
    records = lambda: sorted((out / ".cache" / "records").glob("*.json"))  # noqa: E731
    assert len(records()) == 5
    gone = sorted(corpus.glob("*.txt"))[0]
    gone.unlink()
    parsed.clear()
    summary = _build(corpus, out, nlp)
    assert parsed == [] and summary.articles == 4
    assert str(Iris().article_graph(gone.stem)) not in _graphs(out)
    assert gone.stem not in (out / "quotes.jsonl").read_text(encoding="utf-8")
    assert len(records()) == 4


def test_graph_files_are_rewritten_only_when_their_content_changes(nlp, corpus, tmp_path):
    out = tmp_path / "out"
    _build(corpus, out, nlp)
    trig = out / "graph.trig"
    inode = trig.stat().st_ino
    _build(corpus, out, nlp)
    assert trig.stat().st_ino == inode  # same N-Quads, same file: not even renamed over
    good = trig.read_bytes()
    trig.write_bytes(good[: len(good) // 2])  # damaged (or edited) by hand since
    _build(corpus, out, nlp)
    assert trig.read_bytes() == good


def test_cache_keys_follow_the_code_of_their_stage_only():
    """An edit to the page, the queries or the command line reparses nothing: the records' key digests the
    extraction code and data, the graphs' key the graph writer's."""
    from kg.build.cache import EXTRACTION_CODE, GRAPH_CODE, PACKAGE, code_files

    extraction = {str(f.relative_to(PACKAGE)) for f in code_files(EXTRACTION_CODE)}
    graph = {str(f.relative_to(PACKAGE)) for f in code_files(GRAPH_CODE)}
    assert {"nlp/extract.py", "attribution/attribute.py", "ingest/reader.py", "data/lexicon.toml"} <= extraction
    assert {"rdf/graph.py", "resources/entities.py", "model.py"} <= graph
    for key in (extraction, graph):
        assert not {f for f in key if f.startswith(("viz/", "query/", "analysis/")) or f == "cli.py"}
