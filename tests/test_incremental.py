"""Incremental builds: unchanged articles are not parsed again, changed ones replace their named
graph, removed ones drop out."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from rdflib import Dataset

import kg.build.pipeline
from kg.build.pipeline import build
from kg.cli import main
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


def test_a_rebuild_of_unchanged_inputs_does_nothing_more(nlp, corpus, tmp_path, monkeypatch):
    """The manifest of the last build: same files, settings and code, outputs untouched -> no article is read,
    no contradiction sought, no output rewritten (but build.ttl, the record of this build)."""
    out = tmp_path / "out"
    first = _build(corpus, out, nlp)
    files = {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig", "quotes.jsonl", "contradictions.json")}
    inodes = {name: (out / name).stat().st_ino for name in files}
    monkeypatch.setattr(kg.build.pipeline, "detect", lambda *a, **k: pytest.fail("nothing changed: no detection"))
    monkeypatch.setattr(kg.build.pipeline, "read_articles", lambda *a, **k: pytest.fail("nothing changed: no reading"))
    again = _build(corpus, out, nlp)
    assert (again.articles, again.quotes, again.speakers, again.contradictions, again.outputs) == \
        (first.articles, first.quotes, first.speakers, first.contradictions, first.outputs)
    assert {name: (out / name).stat().st_ino for name in files} == inodes
    monkeypatch.undo()
    (out / "quotes.jsonl").write_text("edited by hand\n", encoding="utf-8")  # an output touched: built again
    _build(corpus, out, nlp)
    assert {name: (out / name).read_bytes() for name in files} == files


def test_a_big_corpus_gets_no_graph_files_until_exported(nlp, corpus, tmp_path):
    small, big = tmp_path / "small", tmp_path / "big"
    _build(corpus, small, nlp)
    (big / "graph.ttl").parent.mkdir()
    (big / "graph.ttl").write_text("left by an earlier, smaller build\n", encoding="utf-8")
    summary = build(sorted(corpus.glob("*.txt")), big, nlp, DEFAULT_MODEL, max_graph_articles=4)
    assert not any((big / name).exists() for name in ("graph.ttl", "graph.trig", "graph.html"))
    assert summary.note == (f"graph.trig, graph.ttl, graph.html not written for 5 articles (more than "
                            f"--max-graph-articles 4): `kg export --build {big}` writes graph.trig and graph.ttl")
    assert "graph.ttl" not in summary.outputs and "quotes.jsonl" in summary.outputs
    res = CliRunner().invoke(main, ["export", "--build", str(big)])
    assert res.exit_code == 0 and res.output == f"wrote {big / 'graph.trig'} and {big / 'graph.ttl'}\n"
    for name in ("graph.ttl", "graph.trig", "quotes.jsonl", "contradictions.json"):
        assert (big / name).read_bytes() == (small / name).read_bytes(), name
    res = CliRunner().invoke(main, ["export", "--build", str(tmp_path / "nothing")])
    assert res.exit_code == 1 and res.output.startswith("kg: error: ") and "no finished build here" in res.output
    res = CliRunner().invoke(main, ["export"])
    assert res.exit_code == 1 and "give --format" in res.output


def _quads(store):
    import pyoxigraph as ox

    return {str(q) for q in ox.Store.read_only(str(store))}


def test_the_store_is_updated_graph_by_graph_and_equals_one_built_from_scratch(nlp, corpus, tmp_path, parsed,
                                                                               monkeypatch):
    import kg.query.backends

    out, store = tmp_path / "out", tmp_path / "store"
    build(sorted(corpus.glob("*.txt")), out, nlp, DEFAULT_MODEL, with_html=False, store=store)
    victim, gone = sorted(corpus.glob("*.txt"))[-1], sorted(corpus.glob("*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n“The quay will reopen in spring,” Maren Holt said.\n",
                      encoding="utf-8")
    gone.unlink()
    parsed.clear()
    monkeypatch.setattr(kg.query.backends, "bulk_load_nquads", lambda *a: pytest.fail("only the changes are loaded"))
    read, real_read = [], kg.build.pipeline.read_articles
    monkeypatch.setattr(kg.build.pipeline, "read_articles",
                        lambda paths, reader, lex: real_read(read.extend(paths) or paths, reader, lex))
    summary = build(sorted(corpus.glob("*.txt")), out, nlp, DEFAULT_MODEL, with_html=False, store=store)
    assert parsed == [victim.stem] and read == [victim]  # the unchanged files are not even read
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    build(sorted(corpus.glob("*.txt")), tmp_path / "out2", nlp, DEFAULT_MODEL, with_html=False, store=fresh)
    assert _quads(store) == _quads(fresh) and summary.quads == len(_quads(fresh))
    assert not any(str(Iris().article_graph(gone.stem)) in q for q in _quads(store))
    assert any("The quay will reopen in spring" in q for q in _quads(store))
