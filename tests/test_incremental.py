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
    monkeypatch.setattr(kg.build.pipeline, "detect_parts", lambda *a, **k: pytest.fail("nothing changed: no detection"))
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


# Builds without the model: the records of short invented articles are put in the cache first, as a parse
# would have left them, so these tests see what a rebuild loads, writes and prunes.

SPEAKERS = {"a": "Maren Holt", "b": "Idris Calloway", "c": "Holt", "d": "Lena Varga"}


def _text(doc: str, extra: str = "") -> str:
    return f"The council met on Monday.\n“The harbour plan for {doc} is ready,” {SPEAKERS[doc]} said.\n{extra}"


def _cache_records(corpus, out, co_speakers: dict[str, tuple[str, ...]] | None = None):
    """Cache records for every article in `corpus` as it is now (one quote per article, by its speaker and the
    article's `co_speakers`)."""
    from kg.build.cache import Cache, article_key
    from kg.build.pipeline import read_articles
    from kg.model import ArticleResult, Quote
    from kg.resources.entities import Registry

    cache, registry = Cache(out / ".cache"), Registry.load()
    for a in read_articles(sorted(corpus.glob("*.txt"))):
        start = a.text.index("“") + 1
        end = a.text.index("”")
        name = SPEAKERS[a.doc_id]
        quote = Quote(a.doc_id, a.text[start:end], start, end, name, name, "said", "direct", confidence=0.9,
                      co_speakers=(co_speakers or {}).get(a.doc_id, ()))
        cache.save_result(article_key(a, DEFAULT_MODEL, registry), ArticleResult(a, [quote]))


def _invented(tmp_path, docs=("a", "b", "c", "d")):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc in docs:
        (corpus / f"{doc}.txt").write_text(_text(doc), encoding="utf-8")
    return corpus


NO_MODEL = lambda: pytest.fail("every record is cached: no parse")  # noqa: E731
OUTPUTS = ("quotes.jsonl", "contradictions.json", "graph.trig", "graph.ttl")


@pytest.fixture
def loads(monkeypatch):
    """The records keys the cache loads, build after build."""
    from kg.build.cache import Cache

    seen: list[str] = []
    real = Cache.load_result
    monkeypatch.setattr(Cache, "load_result", lambda self, key: seen.append(key) or real(self, key))
    return seen


def parts_of(found):
    """A detection's parts (kg.analysis.contradictions.Part) holding these contradictions, as `detect_parts` gives
    them for the block of a `with`: by type and first article, each version a digest of its contradictions."""
    from contextlib import nullcontext
    from itertools import groupby

    from kg.analysis.contradictions import Part
    from kg.ids import digest

    parts = []
    for (kind, doc), group in groupby(found, key=lambda c: (c.type, c.a.doc)):
        items = list(group)
        parts.append(Part(kind, doc, digest(repr(items)), len(items), lambda items=items: items))
    return nullcontext(parts)


@pytest.fixture
def no_detection(monkeypatch):
    """Detection replaced by one that finds nothing and loads nothing; yields the corpora it was given."""
    corpora = []
    monkeypatch.setattr(kg.build.pipeline, "detect_parts",
                        lambda corpus, *a, **k: parts_of(corpora.append(corpus) or []))
    return corpora


def _from_scratch(corpus, tmp_path, name="fresh", co_speakers: dict[str, tuple[str, ...]] | None = None):
    """A build into a new directory of the same corpus (its records cached there first)."""
    fresh = tmp_path / name
    _cache_records(corpus, fresh, co_speakers)
    build(sorted(corpus.glob("*.txt")), fresh, NO_MODEL, DEFAULT_MODEL, with_html=False)
    return fresh


def test_one_changed_article_is_the_only_one_loaded_and_outputs_equal_a_fresh_build(tmp_path, loads, no_detection):
    corpus, out = _invented(tmp_path), tmp_path / "out"
    _cache_records(corpus, out)
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert len(loads) == 4  # a first build reads every article
    first = no_detection[-1].versions
    changed = corpus / "b.txt"
    changed.write_text(_text("b", "“The ferry will run all winter,” Idris Calloway said.\n"), encoding="utf-8")
    _cache_records(corpus, out)
    loads.clear()
    summary = build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert len(loads) == 1 and summary.articles == 4 and summary.quotes == 4
    versions = no_detection[-1].versions
    assert [doc for doc, _ in versions] == ["a", "b", "c", "d"]
    assert [doc for (doc, v), (_, w) in zip(versions, first) if v != w] == ["b"]
    assert no_detection[-1].load("c").quotes[0].speaker == "Maren Holt"  # loaded on demand, names merged
    fresh = _from_scratch(corpus, tmp_path)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def _pair_counts(out) -> dict[tuple[str, str], int]:
    """The articles of each co-quoted pair a build's graph.trig counts, by the pair's two speaker names."""
    from kg.api import query

    text = """SELECT ?n (MIN(?name) AS ?a) (MAX(?name) AS ?b) WHERE {
      ?pair kg:articleCount ?n ; kg:pairOf ?s . ?s schema:name ?name } GROUP BY ?pair ?n"""
    return {(str(r.a), str(r.b)): int(r.n) for r in query(text, graph=out / "graph.trig")}


def test_co_quoted_pairs_are_counted_across_articles_and_a_rebuild_reads_only_the_changed_graph(
        tmp_path, no_detection, monkeypatch):
    import kg.build.pairs

    corpus, out = _invented(tmp_path), tmp_path / "out"
    co = {"a": ("Lena Varga",), "b": ("Lena Varga",), "c": ("Lena Varga",)}
    _cache_records(corpus, out, co)
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert _pair_counts(out) == {("Lena Varga", "Maren Holt"): 2, ("Idris Calloway", "Lena Varga"): 1}  # a, c: Holt
    read = []
    real = kg.build.pairs.cached_text
    monkeypatch.setattr(kg.build.pairs, "cached_text", lambda cache, key: read.append(key) or real(cache, key))
    (corpus / "b.txt").write_text(_text("b", "The ferry will run all winter.\n"), encoding="utf-8")
    co["b"] = ("Maren Holt",)
    _cache_records(corpus, out, co)
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert len(read) == 1  # the changed article's graph; the others' pairs are in the index
    assert _pair_counts(out) == {("Lena Varga", "Maren Holt"): 2, ("Idris Calloway", "Maren Holt"): 1}
    fresh = _from_scratch(corpus, tmp_path, co_speakers=co)
    assert (out / "graph.trig").read_bytes() == (fresh / "graph.trig").read_bytes()


def test_an_article_whose_merged_speaker_changes_is_loaded_again(tmp_path, loads, no_detection):
    """`Holt` alone takes the one full name that fits it: when that full name leaves the corpus, the unchanged
    article that quotes `Holt` gets its own name back, in its graph and its lines of quotes.jsonl."""
    corpus, out = _invented(tmp_path), tmp_path / "out"
    _cache_records(corpus, out)
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert '"speaker": "Maren Holt"' in (out / "quotes.jsonl").read_text(encoding="utf-8").splitlines()[2]
    (corpus / "a.txt").unlink()
    loads.clear()
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert loads == [next(key for key, doc in _records_of(out) if doc == "c")]
    assert '"speaker": "Holt"' in (out / "quotes.jsonl").read_text(encoding="utf-8").splitlines()[1]
    fresh = _from_scratch(corpus, tmp_path)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def _records_of(out):
    """(records key, document id) of every article of the last build, from its manifest's index."""
    from kg.build.cache import Cache
    from kg.build.index import decode

    entries, _ = decode(Cache(out / ".cache").load_manifest()["index"])
    return [(e.key, e.doc_id) for e in entries]


def test_quotes_jsonl_edited_by_hand_is_made_again_from_the_cache(tmp_path, no_detection):
    corpus, out = _invented(tmp_path), tmp_path / "out"
    _cache_records(corpus, out)
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    good = (out / "quotes.jsonl").read_bytes()
    (out / "quotes.jsonl").write_text("edited\n", encoding="utf-8")
    (corpus / "d.txt").touch()  # a new stamp: a build, which must not take lines from the edited file
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert (out / "quotes.jsonl").read_bytes() == good


def _cache_files(out):
    return {p.relative_to(out / ".cache").as_posix() for kind in ("records", "nquads", "quotes")
            for p in (out / ".cache" / kind).glob("*")}


def test_the_cache_keeps_what_the_build_uses_and_what_a_killed_build_saved_goes(tmp_path, no_detection):
    from kg.build.cache import Cache

    corpus, out = _invented(tmp_path), tmp_path / "out"
    _cache_records(corpus, out)
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    (corpus / "d.txt").unlink()
    Cache(out / ".cache").save_nquads("left-by-a-killed-build", "")  # saved, and no build finished after it
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    fresh = tmp_path / "fresh"
    _cache_records(corpus, fresh)
    (fresh / ".cache" / "saved.log").unlink()  # as if these records were all used by a build before
    build(sorted(corpus.glob("*.txt")), fresh, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert _cache_files(out) == _cache_files(fresh) and len(_cache_files(out)) == 3 * 3 + 1
    assert not (out / ".cache" / "saved.log").exists()


def test_contradictions_json_takes_the_objects_of_unchanged_parts_from_the_last_one(tmp_path, monkeypatch):
    """contradictions.json is what json.dumps writes; a rebuild serialises again only the parts of the detection's
    output whose version changed (the others' objects are taken from the last file)."""
    import json
    from dataclasses import replace

    from kg.model import Contradiction, Side

    def found(corpus, *_args, **_kwargs):
        sides = {doc: Side(doc, 4, 9, corpus.load(doc).quotes[0].quote, corpus.load(doc).quotes[0].speaker)
                 for doc, _ in corpus.versions}
        return parts_of([Contradiction("quote_variant", sides[x], sides[y], f"{x} and “{y}” differ", 0.61234,
                                       f"urn:{x}", f"urn:{y}", (sides[x], replace(sides[x], start=20)), ())
                         for x, y in (("a", "b"), ("c", "d"))])

    monkeypatch.setattr(kg.build.pipeline, "detect_parts", found)
    made = []
    real = Contradiction.to_json
    monkeypatch.setattr(Contradiction, "to_json", lambda self: made.append(self.a.doc) or real(self))
    corpus, out = _invented(tmp_path), tmp_path / "out"
    _cache_records(corpus, out)
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert made == ["a", "c"]
    (corpus / "d.txt").write_text(_text("d").replace("is ready", "is late"), encoding="utf-8")
    _cache_records(corpus, out)
    made.clear()
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert made == ["c"]
    fresh = _from_scratch(corpus, tmp_path)
    text = (out / "contradictions.json").read_text(encoding="utf-8")
    assert text == (fresh / "contradictions.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n" and "“b”" in text
    assert (out / "graph.trig").read_bytes() == (fresh / "graph.trig").read_bytes()
    monkeypatch.setattr(kg.build.pipeline, "detect_parts", lambda *a, **k: parts_of([]))
    (corpus / "d.txt").write_text(_text("d"), encoding="utf-8")
    _cache_records(corpus, out)
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert (out / "contradictions.json").read_text(encoding="utf-8") == "[]\n"


def test_a_manifest_without_an_index_is_rebuilt_from_the_records_and_its_cache_pruned(tmp_path, no_detection):
    """The manifest of an older build has no index: every file is read again (records from the cache), and the
    cache files that build left and this one does not use are found by listing the cache."""
    import json

    corpus, out = _invented(tmp_path), tmp_path / "out"
    _cache_records(corpus, out)
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    manifest = out / ".cache" / "build.json"
    old = json.loads(manifest.read_text(encoding="utf-8"))
    del old["index"], old["contradiction_parts"]
    manifest.write_text(json.dumps(old), encoding="utf-8")
    (out / ".cache" / "quotes" / "left-by-an-older-build.jsonl").write_text("", encoding="utf-8")
    (corpus / "d.txt").unlink()
    summary = build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert summary.articles == 3 and len(_cache_files(out)) == 3 * 3 + 1
    fresh = _from_scratch(corpus, tmp_path)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def test_the_cache_is_searched_for_what_a_killed_build_left_only_after_one(tmp_path, no_detection, monkeypatch):
    from kg.build.cache import Cache
    from kg.build.pipeline import export_graph_files

    searched = []
    real = Cache.remove_stale
    monkeypatch.setattr(Cache, "remove_stale", lambda self: searched.append(1) or real(self))
    corpus, out = _invented(tmp_path), tmp_path / "out"
    _cache_records(corpus, out)
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert len(searched) == 1  # no build said it finished here yet
    (corpus / "b.txt").unlink()
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    export_graph_files(out)
    assert len(searched) == 1
    (out / ".cache" / ".graph-killed").mkdir()  # what a build killed while writing the graph leaves
    (out / ".cache" / "finished").unlink()
    build(sorted(corpus.glob("*.txt")), out, NO_MODEL, DEFAULT_MODEL, with_html=False)
    assert len(searched) == 2 and not (out / ".cache" / ".graph-killed").exists()


def test_a_lexicon_file_is_read_once_per_build(tmp_path, no_detection, monkeypatch):
    from importlib import resources

    from kg.model import ArticleResult
    from kg.resources.lexicon import load_lexicon

    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_bytes(resources.files("kg.data").joinpath("lexicon.toml").read_bytes())
    read, used = [], []
    monkeypatch.setattr(kg.build.pipeline, "load_lexicon", lambda path=None: read.append(path) or load_lexicon(path))
    monkeypatch.setattr(kg.build.pipeline, "parse_articles",  # a parse that finds nothing, and notes the lexicon
                        lambda nlp, articles, *args, lex=None, **kwargs: [used.append(lex) or ArticleResult(a, [])
                                                                          for a in articles])
    build(sorted(_invented(tmp_path).glob("*.txt")), tmp_path / "out", lambda: None, DEFAULT_MODEL, with_html=False,
          lexicon=lexicon)
    assert read == [lexicon] and len(used) == 4 and used[0] is not None and all(lex is used[0] for lex in used)


def test_a_directory_rebuilt_takes_its_kept_listing_until_a_file_is_added(tmp_path, no_detection, monkeypatch):
    import kg.build.listing
    from kg.ingest.reader import Reader

    monkeypatch.setattr(kg.build.listing, "RACY_SECONDS", 0)  # the corpus is made just before the first build
    listed = []
    real = Reader.files
    monkeypatch.setattr(Reader, "files", lambda self, paths: listed.append(list(map(str, paths))) or real(self, paths))
    corpus, out = _invented(tmp_path, docs=("a", "b")), tmp_path / "out"
    _cache_records(corpus, out)
    assert build([corpus], out, NO_MODEL, DEFAULT_MODEL, with_html=False).articles == 2
    assert build([corpus], out, NO_MODEL, DEFAULT_MODEL, with_html=False).articles == 2
    assert [paths for paths in listed if paths == [str(corpus)]] == [[str(corpus)]]  # listed by the first build only
    (corpus / "c.txt").write_text(_text("c"), encoding="utf-8")
    _cache_records(corpus, out)
    assert build([corpus], out, NO_MODEL, DEFAULT_MODEL, with_html=False).articles == 3
