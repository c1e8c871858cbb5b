"""The flow end to end: ingest -> nlp.pipe (our components) -> attribute -> entities merged across
articles (`extract`); `build` adds the graph, contradictions and outputs on top."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import astuple, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, XSD

from .. import __version__
from ..analysis.contradictions import Corpus, Part, detect_parts
from ..analysis.store import DetectionCache
from ..analysis.settings import DetectionSettings
from ..errors import KgError
from ..ids import DEFAULT_BASE_IRI, Iris, digest, slug
from ..ingest.reader import Reader
from ..io import atomic_write, output_lock, remove_stale_temps
from ..model import Article, ArticleResult, Quote
from ..query.backends import sync_store
from ..rdf.graph import BuildInfo, bind_prefixes, contradictions_part_graph
from ..rdf.load import StoreState
from ..rdf.nquads import article_nquads, build_nquads, contradictions_nquads, write_graph_files
from ..rdf.vocab import KG
from ..resources.entities import Countries, Registry, merge_names
from ..resources.lexicon import Lexicon, load_lexicon
from . import MAX_GRAPH_ARTICLES
from .cache import EXTRACTION_CODE, Cache, article_key, code_version, domain_digest, graph_key, registry_digest
from .index import Entry, Placed, cache_refs, decode, encode
from .listing import input_files
from .outputs import (CACHE_DIR, GRAPH_FILES, HTML_FILE, PARTS_ROWS, cached_text, contradictions_json, ensure_nquads,
                      file_stamps, graph_texts, inputs_key, last_contradictions, last_output, output_stamps,
                      unchanged, write_outputs)
from .pairs import article_pairs, pair_counts_part
from .parse import parse_articles

if TYPE_CHECKING:
    from spacy.language import Language

def read_articles(paths: Iterable[Path], reader: Reader | None = None, lex: Lexicon | None = None) -> Iterator[Article]:
    """Articles from files and directories (`reader` says how; by default any bad input is a KgError), their
    clutter masked by the lexicon `lex` (default: the packaged one)."""
    return (reader or Reader(strict=True)).articles(paths, lex)


def extract(nlp: Language, articles: Iterable[Article], registry: Registry | None = None,
            jobs: int = 1, batch_size: int = 16,
            on_done: Callable[[ArticleResult], None] | None = None, lex: Lexicon | None = None) -> list[ArticleResult]:
    """Parse and attribute every article (`jobs` processes for spaCy; attribution with the words of `lex`,
    default the packaged lexicon), entities merged across them."""
    registry = registry if registry is not None else Registry.load()
    results = []
    for result in parse_articles(nlp, articles, registry, jobs, batch_size, lex=lex):
        results.append(result)
        if on_done is not None:
            on_done(result)
    return merge_surnames(results)


def records_cached(nlp: Language | Callable[[], Language], articles: list[Article], registry: Registry, cache: Cache,
                   model: str, jobs: int = 1, on_done: Callable[[ArticleResult], None] | None = None,
                   cluster: str | None = None, domain: Path | None = None, lexicon: Path | None = None,
                   lex: Lexicon | None = None) -> list[tuple[str, ArticleResult]]:
    """Each article's cache key and records, before names are merged across articles (`extract` parses them
    all): articles whose records are cached (same text, metadata, model, extractor, registry, domain pack and
    lexicon file) are not parsed again, and newly parsed ones are cached. `nlp` may be a loader, called only
    when some article needs parsing here; with `cluster` (a dask scheduler address) the parsing happens on that
    cluster's workers instead, with the domain pack `domain` and the lexicon file `lexicon`. `lex` is that
    lexicon as `load_lexicon` gives it (read here when not given, and only if something is parsed here)."""
    pack = domain_digest(domain) + domain_digest(lexicon)
    keys = [article_key(a, model, registry, pack) for a in articles]
    results: list[ArticleResult | None] = [cache.load_result(k) for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    for r in results:
        if r is not None and on_done is not None:
            on_done(r)
    for i, result in zip(todo, _parse_todo(nlp, [articles[i] for i in todo], registry, model, jobs, cluster, domain,
                                           lexicon, lex)):
        cache.save_result(keys[i], result)
        results[i] = result
        if on_done is not None:
            on_done(result)
    return [(k, r) for k, r in zip(keys, results) if r is not None]


def _parse_todo(nlp: Language | Callable[[], Language], articles: list[Article], registry: Registry, model: str,
                jobs: int, cluster: str | None, domain: Path | None, lexicon: Path | None,
                lex: Lexicon | None) -> Iterator[ArticleResult]:
    """The articles parsed and attributed with the lexicon file `lexicon` (default the packaged one; `lex`: it
    read already, if it was), in input order: on a dask cluster, or here with `jobs` processes."""
    if not articles:
        return iter(())
    if cluster is not None:
        from .distributed import parse_on_cluster  # dask (optional, about 1 s) is imported only for a cluster

        return parse_on_cluster(cluster, articles, model, registry, domain, lexicon=lexicon)
    from spacy.language import Language  # spaCy (about 2 s) is imported only when something is parsed

    # no more processes than articles: each loads the model, which costs more than parsing one article
    return parse_articles(nlp if isinstance(nlp, Language) else nlp(), articles, registry, min(jobs, len(articles)),
                          lex=lex if lex is not None else load_lexicon(lexicon))


def merge_surnames(results: list[ArticleResult]) -> list[ArticleResult]:
    """One name per speaker across the corpus (kg.resources.entities.merge_names): spellings that differ in case or
    accents made one; a surname alone takes the one full name that fits it; spellings of one person
    (particles, transliterations) take the most used."""
    rename = merge_names([(q.speaker, q.speaker_type) for r in results for q in r.quotes])
    for r in results:
        r.quotes = renamed(r.quotes, rename)
    return results


def renamed(quotes: list[Quote], rename: dict[str, str]) -> list[Quote]:
    """The quotes, each speaker's name the merged one (`rename`, from merge_names)."""
    return [q if rename[q.speaker] == q.speaker else replace(q, speaker=rename[q.speaker]) for q in quotes]


class Merged:
    """The articles of a build (`entries`, in order) with speaker names merged across them; an article's records
    are loaded only when asked for (`load`), so an unchanged article's usually never are."""

    def __init__(self, entries: list[Entry], cache: Cache):
        self.entries = entries
        self.rename = merge_names([n for e in entries for n in e.names])
        self._cache = cache
        self._by_doc = {e.doc_id: e for e in entries}
        self._loaded: dict[str, ArticleResult] = {}

    def speakers(self, entry: Entry) -> list[str]:
        """The merged speaker names of an article's quotes, in order."""
        return [self.rename[name] for name, _ in entry.names]

    def load(self, doc_id: str) -> ArticleResult:
        """An article's records with names merged (read from the cache unless read or parsed in this build)."""
        if doc_id not in self._loaded:
            e = self._by_doc[doc_id]
            r = e.result or self._cache.load_result(e.key)
            if r is None:
                raise KgError(f"{self._cache.root}: the cached records of {doc_id} are gone; run `kg build` again")
            self._loaded[doc_id] = replace(r, quotes=renamed(r.quotes, self.rename))
        return self._loaded[doc_id]


@dataclass
class BuildSummary:
    """What a build did, for the one-line summary."""

    articles: int
    quotes: int
    speakers: int
    contradictions: int
    seconds: float
    outputs: list[str]
    quads: int | None = None  # in the Oxigraph store (a build with a store), else None
    note: str | None = None  # graph files not written (too many articles), and how to get them


def fingerprint(texts: list[str], model: str) -> str:
    """A digest of the inputs (`texts`: each article's `Entry.text`) and software, naming the build activity."""
    return digest(__version__, model, *sorted(texts))


def graph_parts(corpus: Merged, graphs: list[str], contradictions: list[tuple[str, str, bool]], iris: Iris,
                registry: Registry, cache: Cache, info: BuildInfo) -> list[tuple[str, str, bool]]:
    """What the build's graph is made of, in a fixed order: the articles' graphs by graph name, then the build's
    and the contradictions' (`contradictions`: from `contradiction_graphs`). Each is the cache key of its N-Quads
    (made and cached when missing, kept when their records are unchanged), the graph's name and whether it links
    to the build (all but the build's own). `graphs` holds each article's graph key (`article_graph_key`)."""
    countries, reg = Countries.load(), registry_digest(registry)
    parts = []
    for e, key in sorted(zip(corpus.entries, graphs), key=lambda eg: str(iris.article_graph(eg[0].doc_id))):
        ensure_nquads(cache, key, lambda: article_nquads(corpus.load(e.doc_id), iris, registry, countries))
        parts.append((key, str(iris.article_graph(e.doc_id)), True))
    parts.append((ensure_nquads(cache, graph_key(info, iris.base, reg),
                                lambda: build_nquads(iris, registry, countries, info)), str(iris.ns["graph/build"]), False))
    return parts + contradictions


def contradiction_graphs(found: list[Part], iris: Iris, registry: Registry, cache: Cache
                         ) -> list[tuple[str, str, bool]]:
    """The contradictions' named graphs, one per part of the detection's output, in its order: each the cache key
    of its N-Quads (a part's version, the base IRI and the graph writer's code: made, the part loaded, only when
    not cached), the graph's name, and True (it links to the build)."""
    countries, reg = Countries.load(), registry_digest(registry)
    graphs = []
    for p in found:
        graphs.append((ensure_nquads(cache, graph_key(("contradictions", p.kind, p.doc, p.version), iris.base, reg),
                                     lambda: contradictions_nquads(p.load(), iris, registry, countries)),
                       str(contradictions_part_graph(iris, p.kind, p.doc)), True))
        p.release()  # what is left of a build needs its graph, not its contradictions
    return graphs


def article_graph_key(key: str, speakers: list[str], iris: Iris, registry: str) -> str:
    """The cache key of what an article's merged records give (its graph, its lines of quotes.jsonl): its records
    key and its quotes' merged speakers (merging names changes only those; far quicker to digest than the
    records)."""
    return graph_key((key, speakers), iris.base, registry)


def records_version(key: str, speakers: list[str]) -> str:
    """What an article's merged records follow from (its records key and its quotes' merged speakers): its version
    for detection, which, unlike its graph key, a change to the graph writer's code leaves alone (detection
    would read every article again)."""
    return digest(key, *speakers)


def quotes_jsonl(corpus: Merged, graphs: list[str], cache: Cache, last: tuple[str, dict[str, Placed]] | None
                 ) -> tuple[str, list[int]]:
    """quotes.jsonl: the quotes of the articles in order, one JSON line each, and the length of each article's
    lines. An article's lines are those of the last quotes.jsonl (`last`: its text, and where each article's lines
    were) when its graph key is the same, else cached ones, else made (and cached)."""
    texts = []
    for e, key in zip(corpus.entries, graphs):
        at = last[1].get(e.doc_id) if last is not None else None
        if last is not None and at is not None and at.graph == key:
            text = last[0][at.start:at.end]
        elif (text := cache.load_quotes(key)) is None:
            text = "".join(json.dumps(q.to_json(), ensure_ascii=False) + "\n" for q in corpus.load(e.doc_id).quotes)
            cache.save_quotes(key, text)
        texts.append(text)
    return "".join(texts), [len(t) for t in texts]


def store_state(manifest: dict) -> StoreState:
    """The graphs a build's manifest lists, as a store holds them."""
    return StoreState({graph: key for key, graph, _ in manifest["parts"]}, manifest["build"],
                      frozenset(graph for _, graph, linked in manifest["parts"] if linked))


def graph_note(n_articles: int, max_graph_articles: int, out: Path) -> str | None:
    """The line that says the whole-corpus graph files were not written, and how to get them."""
    if n_articles <= max_graph_articles:
        return None
    return (f"{', '.join((*GRAPH_FILES, HTML_FILE))} not written for {n_articles} articles (more than "
            f"--max-graph-articles {max_graph_articles}): `kg export --build {out}` writes {' and '.join(GRAPH_FILES)}")


def build(paths: list[Path], out: Path, nlp: Language | Callable[[], Language], model_name: str, base_iri: str = DEFAULT_BASE_IRI,
          registry: Registry | None = None, jobs: int = 1, with_html: bool = True,
          on_done: Callable[[ArticleResult | None], None] | None = None, reader: Reader | None = None,
          cluster: str | None = None, domain: Path | None = None, lexicon: Path | None = None,
          max_graph_articles: int = MAX_GRAPH_ARTICLES, store: Path | None = None,
          detection: DetectionSettings = DetectionSettings(),
          on_start: Callable[[int], None] | None = None) -> BuildSummary:
    """ingest -> extract -> attribute -> graph -> contradictions -> outputs in `out`, incrementally: the
    cache in `out/.cache` spares unchanged articles the parse and the graph building, and a rebuild whose inputs,
    settings and code are those of the last build (its outputs untouched since) does nothing more. graph.trig,
    graph.ttl and graph.html are written for at most `max_graph_articles` articles (`kg export --build` writes
    them for more). With `store`, that Oxigraph store is brought up to date graph by graph. With `cluster` (a
    dask scheduler address) articles are parsed on that cluster's workers. `on_done` is called once per article,
    with its records, or with None for an unchanged file that was not read; `on_start` first, with the number of
    input files `paths` names (files, and the files found in directories). The build holds the lock of `out`
    (another build into it is refused) and first removes what a killed build left there."""
    with output_lock(out):
        cache = Cache(out / CACHE_DIR)
        cache.begin()
        remove_stale_temps(out)
        started = time.time()
        began = datetime.now(timezone.utc)
        registry = registry if registry is not None else Registry.load()
        reader = reader or Reader(strict=True)
        stamps = file_stamps(input_files(paths, reader, cache.root))
        if on_start is not None:
            on_start(len(stamps))
        keys_of = digest(model_name, registry_digest(registry), domain_digest(domain), domain_digest(lexicon),
                         code_version(EXTRACTION_CODE), str(reader.max_bytes))  # what article keys follow from
        key = inputs_key(stamps, keys_of, base_iri, str(with_html), str(max_graph_articles), repr(detection))
        last = cache.load_manifest()
        if not unchanged(last, key, out):
            reuse = last is not None and last.get("keys_of") == keys_of
            last = _full_build(stamps, last, reuse, out, cache, nlp, model_name, Iris(base_iri), registry, jobs,
                               with_html, on_done, reader, cluster, domain, lexicon, max_graph_articles, detection, began)
            last.update(inputs=key if not reader.problems else None, keys_of=keys_of)
            cache.save_manifest(last)
            cache.end_journal()
        else:
            atomic_write(out / "build.ttl", build_activity_turtle(Iris(base_iri), BuildInfo(*last["info"]), began,
                                                                  datetime.now(timezone.utc), last["summary"][0]))
        quads = (sync_store(store, store_state(last), lambda key: cached_text(cache, key), cache.root)
                 if store is not None else None)
        cache.finish()
        return BuildSummary(*last["summary"], time.time() - started, last["written"], quads,
                            graph_note(last["summary"][0], max_graph_articles, out))


def _full_build(stamps: dict[str, str], last: dict | None, reuse: bool, out: Path, cache: Cache,
                nlp: Language | Callable[[], Language], model_name: str, iris: Iris, registry: Registry, jobs: int,
                with_html: bool, on_done: Callable[[ArticleResult | None], None] | None, reader: Reader,
                cluster: str | None, domain: Path | None, lexicon: Path | None, max_graph_articles: int,
                detection: DetectionSettings, began: datetime) -> dict:
    """A build of the articles in the files `stamps` names, each cached stage reused when its inputs are
    unchanged: with `reuse` (the articles' keys follow from what they followed from in the last build, whose
    manifest is `last`), a file whose stamp is the one in the last build's index is not even read, and its
    article's records are loaded only if a later stage needs them. Returns the manifest to save
    (kg.build.cache)."""
    old, placed = decode(last["index"]) if last is not None and "index" in last else ([], {})
    entries = _entries(stamps, old if reuse else [], cache, nlp, model_name, registry, jobs, on_done, reader, cluster,
                       domain, lexicon)
    if not entries:
        raise KgError(f"no articles could be read; {out} is left as it was")
    corpus, reg = Merged(entries, cache), registry_digest(registry)
    speakers = [corpus.speakers(e) for e in entries]
    graphs = [article_graph_key(e.key, names, iris, reg) for e, names in zip(entries, speakers)]
    versions = tuple((e.doc_id, records_version(e.key, names)) for e, names in zip(entries, speakers))
    info = BuildInfo(__version__, model_name, fingerprint([e.text for e in entries], model_name))
    with detect_parts(Corpus(versions, corpus.load), iris, domain, detection,
                      DetectionCache(out / CACHE_DIR / "contradictions")) as found:  # only changed parts are loaded
        found_json, found_rows = contradictions_json(found, last_contradictions(out, last))
        found_graphs = contradiction_graphs(found, iris, registry, cache)
        n_found = sum(p.size for p in found)
    build_ttl = build_activity_turtle(iris, info, began, datetime.now(timezone.utc), len(entries))
    parts = graph_parts(corpus, graphs, found_graphs, iris, registry, cache, info)
    pairs = article_pairs(entries, graphs, placed, cache)
    parts += pair_counts_part(pairs, iris, registry, cache)
    build_iri = str(iris.build(info.fingerprint))
    whole = len(entries) <= max_graph_articles
    last_quotes = last_output(out, last, "quotes.jsonl") if placed else None
    quotes, chars = quotes_jsonl(corpus, graphs, cache, (last_quotes, placed) if last_quotes is not None else None)
    written = write_outputs(out, quotes, found_json, (lambda: graph_texts(cache, parts, build_iri)) if whole else None,
                            iris, build_ttl, with_html)
    index = encode(entries, graphs, chars, pairs)
    manifest = {"info": list(astuple(info)), "build": build_iri, "base": iris.base, "parts": parts, "written": written,
                "summary": [len(entries), sum(len(e.names) for e in entries),
                            len({s for e in entries for s in corpus.speakers(e)}), n_found],
                "outputs": output_stamps(out, (n for n in written if n != "build.ttl")), "index": index,
                PARTS_ROWS: found_rows}
    cache.prune(cache_refs(manifest), cache_refs(last) if last is not None and "index" in last else None)
    return manifest


def _entries(stamps: dict[str, str], old: list[Entry], cache: Cache, nlp: Language | Callable[[], Language],
             model_name: str, registry: Registry, jobs: int, on_done: Callable[[ArticleResult | None], None] | None,
             reader: Reader, cluster: str | None, domain: Path | None, lexicon: Path | None) -> list[Entry]:
    """The entries of every article of the files, in the order the reader gives them: a file whose stamp is
    the one in `old` (the last build's entries), its records still cached, keeps its entry unread (`on_done` is
    told None); the others are read, their records loaded from the cache or parsed (unless keeping some would let a
    document id in twice, which the reader alone detects: then every file is read)."""
    def read(files: list[str]) -> list[Entry]:
        return [Entry.of(k, r, stamps) for k, r in
                records_cached(nlp, list(read_articles([Path(p) for p in files], reader, lex)), registry, cache,
                               model_name, jobs=jobs, on_done=on_done, cluster=cluster, domain=domain, lexicon=lexicon,
                               lex=lex)]

    lex = load_lexicon(lexicon)
    kept = {e.path: e for e in old if e.path and stamps.get(e.path) == e.stamp and e.key in cache.keys("records")}
    fresh = read([p for p in stamps if p not in kept])
    ids = [slug(e.doc_id) for e in (*kept.values(), *fresh)]
    if len(set(ids)) < len(ids):
        return read(list(stamps))
    for _ in kept if on_done is not None else ():
        on_done(None)
    order = {path: i for i, path in enumerate(stamps)}
    return sorted((*kept.values(), *fresh),
                  key=lambda e: _file_index(e.result.article.path if e.result is not None else e.path, order))


def _file_index(path: str, order: dict[str, int]) -> int:
    """The position of an article's file among the inputs (a JSONL line's path is FILE:LINE)."""
    return order[path] if path in order else order.get(path.rsplit(":", 1)[0], 0)


def export_graph_files(out: Path) -> list[str]:
    """Write graph.trig and graph.ttl of the last build into `out` (whatever its number of articles) from its cache;
    returns their names."""
    with output_lock(out):
        cache = Cache(out / CACHE_DIR)
        manifest = cache.load_manifest()
        if manifest is None:
            raise KgError(f"{out}: no finished build here; run `kg build --out {out}` first")
        cache.begin()
        write_graph_files(out, cache.root, graph_texts(cache, [tuple(p) for p in manifest["parts"]], manifest["build"]),
                          Iris(manifest["base"]))
        cache.finish()
        return list(GRAPH_FILES)


def build_activity_turtle(iris: Iris, info: BuildInfo, began: datetime, ended: datetime, n_articles: int) -> str:
    """The build's prov:Activity with its wall-clock times (kept out of graph.ttl so that stays stable)."""
    g = Graph()
    bind_prefixes(g, iris)
    act = iris.build(info.fingerprint)
    g.add((act, RDF.type, PROV.Activity))
    g.add((act, PROV.startedAtTime, Literal(began.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    g.add((act, PROV.endedAtTime, Literal(ended.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    g.add((act, KG.spacyModel, Literal(info.model)))
    g.add((act, KG.articleCount, Literal(n_articles)))
    return g.serialize(format="turtle")
