"""Contradictions written by part: a rebuild loads, serialises and replaces only the parts of the detection's
output (by type and first article) that changed, and a part that disappears leaves nothing behind. Real
detection on the cached records of short invented articles (no model): two quote variants, each its own part."""

from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest

import kg.build.cache
import kg.build.outputs
import kg.build.pipeline
from kg.analysis.contradictions import Detection
from kg.analysis.store import Store
from kg.build.cache import GRAPH_CODE, Cache, article_key
from kg.build.pipeline import build, read_articles
from kg.ids import Iris
from kg.model import ArticleResult, Quote
from kg.nlp import DEFAULT_MODEL
from kg.rdf.graph import contradictions_part_graph
from kg.resources.entities import Registry

REMARKS = {  # invented: two remarks, each quoted in two wordings
    "a": ("Maren Holt", "We will not sign this deal under pressure from anyone"),
    "b": ("Maren Holt", "We will never sign this deal under such pressure from anyone"),
    "c": ("Idris Calloway", "Nobody wins a harbour dispute and everybody pays for one"),
    "d": ("Idris Calloway", "Nobody ever wins a harbour dispute and everybody pays for it"),
}
OUTPUTS = ("quotes.jsonl", "contradictions.json", "graph.trig", "graph.ttl")


def _no_model():
    pytest.fail("every record is cached: no parse")


def _write(corpus, doc: str, top: str = "") -> None:
    speaker, words = REMARKS[doc]
    (corpus / f"{doc}.txt").write_text(f"{top}The council met on Monday.\n“{words},” {speaker} said.\n",
                                       encoding="utf-8")


def _cache_records(corpus, out) -> None:
    """Records for every article of `corpus` as it is now, cached as a parse would have left them."""
    cache, registry = Cache(out / ".cache"), Registry.load()
    for a in read_articles(sorted(corpus.glob("*.txt"))):
        start, end = a.text.index("“") + 1, a.text.index("”")
        speaker = REMARKS[a.doc_id][0]
        quote = Quote(a.doc_id, a.text[start:end], start, end, speaker, speaker, "said", "direct", confidence=0.9)
        cache.save_result(article_key(a, DEFAULT_MODEL, registry), ArticleResult(a, [quote]))


def _build(corpus, out, store):
    _cache_records(corpus, out)
    return build(sorted(corpus.glob("*.txt")), out, _no_model, DEFAULT_MODEL, with_html=False, store=store)


@pytest.fixture
def corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc in REMARKS:
        _write(corpus, doc)
    return corpus


@pytest.fixture
def work(monkeypatch):
    """The parts loaded from the detection state and those whose JSON and graph are made, build after build."""
    seen: dict[str, list] = {"loaded": [], "json": [], "graph": []}
    real_items, real_json = Store.part_items, kg.build.outputs.part_json
    real_nquads = kg.build.pipeline.contradictions_nquads

    def items(self, kind, doc):
        seen["loaded"].append((kind, doc))
        return real_items(self, kind, doc)

    monkeypatch.setattr(Store, "part_items", items)
    monkeypatch.setattr(kg.build.outputs, "part_json", lambda found: seen["json"].extend(
        (c.type, c.a.doc) for c in found) or real_json(found))
    monkeypatch.setattr(kg.build.pipeline, "contradictions_nquads", lambda found, *a: seen["graph"].extend(
        (c.type, c.a.doc) for c in found) or real_nquads(found, *a))
    return seen


def _named_graphs(trig) -> set[str]:
    return {q.graph_name.value for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)}


def _store_graphs(store) -> set[str]:
    return {g.value for g in ox.Store.read_only(str(store)).named_graphs()}


def _quads(store) -> set[str]:
    return {str(q) for q in ox.Store.read_only(str(store))}


def _part(doc: str) -> str:
    return str(contradictions_part_graph(Iris(), "quote_variant", doc))


def _same_as_from_scratch(corpus, out, store, tmp_path) -> None:
    fresh, fresh_store = tmp_path / "fresh", tmp_path / "fresh-store"
    _build(corpus, fresh, fresh_store)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert _quads(store) == _quads(fresh_store)
    assert sorted(p.name for p in (out / ".cache" / "nquads").iterdir()) == \
        sorted(p.name for p in (fresh / ".cache" / "nquads").iterdir())


def test_a_line_inserted_above_a_side_replaces_only_the_part_it_moves(corpus, tmp_path, work):
    out, store = tmp_path / "out", tmp_path / "store"
    summary = _build(corpus, out, store)
    assert summary.contradictions == 2 and sorted(work["graph"]) == [("quote_variant", "a"), ("quote_variant", "c")]
    assert {_part("a"), _part("c")} <= _named_graphs(out / "graph.trig") == _store_graphs(store)
    assert str(Iris().contradictions_graph()) not in _store_graphs(store)
    for seen in work.values():
        seen.clear()
    _write(corpus, "d", top="A line written above everything else.\n")  # d's evidence moves; a's part does not
    _build(corpus, out, store)
    assert work == {"loaded": [("quote_variant", "c")], "json": [("quote_variant", "c")],
                    "graph": [("quote_variant", "c")]}
    moved = json.loads((out / "contradictions.json").read_text(encoding="utf-8"))[1]
    assert moved["b"]["doc"] == "d" and moved["b"]["start"] == len("A line written above everything else.\n") + 28
    _same_as_from_scratch(corpus, out, store, tmp_path)


def test_a_part_that_disappears_leaves_no_graph_behind(corpus, tmp_path, work):
    out, store = tmp_path / "out", tmp_path / "store"
    _build(corpus, out, store)
    (corpus / "d.txt").unlink()  # c's remark is no longer quoted two ways
    for seen in work.values():
        seen.clear()
    summary = _build(corpus, out, store)
    assert summary.contradictions == 1 and work == {"loaded": [], "json": [], "graph": []}
    for graphs in (_named_graphs(out / "graph.trig"), _store_graphs(store)):
        assert _part("a") in graphs and _part("c") not in graphs
    linked = {t.subject.value for t in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert _part("a") in linked and _part("c") not in linked  # a graph's build link goes with it
    manifest = Cache(out / ".cache").load_manifest()
    assert [graph for _, graph, _ in manifest["parts"] if "/contradictions/" in graph] == [_part("a")]
    _same_as_from_scratch(corpus, out, store, tmp_path)


def test_contradictions_json_edited_by_hand_is_made_again_from_the_parts(corpus, tmp_path, work):
    out, store = tmp_path / "out", tmp_path / "store"
    _build(corpus, out, store)
    good = (out / "contradictions.json").read_bytes()
    (out / "contradictions.json").write_text("[]\n", encoding="utf-8")
    (corpus / "d.txt").touch()  # a new stamp: a build, which must not take the parts' objects from the edited file
    for seen in work.values():
        seen.clear()
    _build(corpus, out, store)
    assert (out / "contradictions.json").read_bytes() == good
    assert sorted(work["json"]) == [("quote_variant", "a"), ("quote_variant", "c")] and work["graph"] == []


def test_a_change_to_the_graph_writer_makes_the_graphs_again_but_not_the_detection(corpus, tmp_path, work,
                                                                                   monkeypatch):
    out, store = tmp_path / "out", tmp_path / "store"
    _build(corpus, out, store)
    shutil.copytree(out, tmp_path / "first")
    real = kg.build.cache.code_version
    changed = lambda parts: real(parts) + ("+edited" if parts in (GRAPH_CODE, ("",)) else "")  # noqa: E731
    for module in (kg.build.cache, kg.build.outputs):  # the graph writer's code, and the build's inputs key
        monkeypatch.setattr(module, "code_version", changed)
    detections = []
    monkeypatch.setattr(Detection, "run", lambda self: detections.append(self))
    for seen in work.values():
        seen.clear()
    _build(corpus, out, store)
    assert detections == [] and sorted(work["graph"]) == [("quote_variant", "a"), ("quote_variant", "c")]
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (tmp_path / "first" / name).read_bytes(), name
    monkeypatch.undo()  # the code as it was: its graphs made again, as from scratch
    _build(corpus, out, store)
    _same_as_from_scratch(corpus, out, store, tmp_path)
