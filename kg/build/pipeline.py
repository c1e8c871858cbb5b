"""The flow end to end: ingest -> nlp.pipe (our components) -> attribute -> entities merged across
articles (`extract`); `build` adds the graph, contradictions and outputs on top."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, XSD

from .. import __version__
from ..analysis.contradictions import detect
from ..analysis.incremental import DetectionCache
from ..analysis.settings import DetectionSettings
from ..errors import KgError
from ..ids import DEFAULT_BASE_IRI, Iris, digest
from ..ingest.reader import Reader
from ..io import atomic_write, output_lock, remove_stale_temps
from ..model import Article, ArticleResult, Contradiction
from ..rdf.quads import QuadView
from ..rdf.graph import BuildInfo, bind_prefixes
from ..rdf.nquads import article_nquads, build_link, build_nquads, contradictions_nquads, write_graph_files
from ..rdf.vocab import KG
from ..resources.entities import Countries, Registry, merge_names
from ..resources.lexicon import Lexicon, load_lexicon
from .cache import Cache, article_key, domain_digest, graph_key
from .parse import parse_articles

if TYPE_CHECKING:
    from spacy.language import Language

CACHE_DIR = ".cache"


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


def extract_cached(nlp: Language | Callable[[], Language], articles: list[Article], registry: Registry, cache: Cache,
                   model: str, jobs: int = 1, on_done: Callable[[ArticleResult], None] | None = None,
                   cluster: str | None = None, domain: Path | None = None,
                   lexicon: Path | None = None) -> list[ArticleResult]:
    """Like `extract`, but articles whose records are cached (same text, metadata, model, extractor,
    registry, domain pack and lexicon file) are not parsed again, and newly parsed ones are cached. `nlp` may be a
    loader, called only when some article needs parsing here; with `cluster` (a dask scheduler address)
    the parsing happens on that cluster's workers instead, with the domain pack `domain`."""
    if cluster is not None and lexicon is not None:
        raise KgError("a lexicon file is not supported with a dask cluster (the workers use the packaged one)")
    pack = domain_digest(domain) + domain_digest(lexicon)
    keys = [article_key(a, model, registry, pack) for a in articles]
    results: list[ArticleResult | None] = [cache.load_result(k) for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    for r in results:
        if r is not None and on_done is not None:
            on_done(r)
    for i, result in zip(todo, _parse_todo(nlp, [articles[i] for i in todo], registry, model, jobs, cluster, domain,
                                           lexicon)):
        cache.save_result(keys[i], result)
        results[i] = result
        if on_done is not None:
            on_done(result)
    return merge_surnames([r for r in results if r is not None])


def _parse_todo(nlp: Language | Callable[[], Language], articles: list[Article], registry: Registry, model: str,
                jobs: int, cluster: str | None, domain: Path | None, lexicon: Path | None) -> Iterator[ArticleResult]:
    """The articles parsed and attributed, in input order: on a dask cluster, or here with `jobs` processes
    (attributed with the lexicon file `lexicon`, default the packaged one)."""
    if not articles:
        return iter(())
    if cluster is not None:
        from .distributed import parse_on_cluster  # dask (optional, about 1 s) is imported only for a cluster

        return parse_on_cluster(cluster, articles, model, registry, domain)
    from spacy.language import Language  # spaCy (about 2 s) is imported only when something is parsed

    return parse_articles(nlp if isinstance(nlp, Language) else nlp(), articles, registry, jobs,
                          lex=load_lexicon(lexicon))


def merge_surnames(results: list[ArticleResult]) -> list[ArticleResult]:
    """One name per speaker across the corpus (kg.resources.entities.merge_names): spellings that differ in case or
    accents made one; a surname alone takes the one full name that fits it; spellings of one person
    (particles, transliterations) take the most used."""
    rename = merge_names([(q.speaker, q.speaker_type) for r in results for q in r.quotes])
    for r in results:
        r.quotes = [replace(q, speaker=rename[q.speaker]) for q in r.quotes]
    return results


@dataclass
class BuildSummary:
    """What a build did, for the one-line summary."""

    articles: int
    quotes: int
    speakers: int
    contradictions: int
    seconds: float
    outputs: list[str]
    quads: int | None = None  # loaded into the Oxigraph store (kg.api.build with a store), else None


def fingerprint(articles: list[Article], model: str) -> str:
    """A digest of the inputs and software, naming the build activity."""
    return digest(__version__, model, *sorted(digest(a.doc_id, a.text) for a in articles))


def cached_nquads(cache: Cache, key: str, make: Callable[[], str]) -> str:
    """N-Quads from the cache under `key`, or made and cached."""
    text = cache.load_nquads(key)
    if text is None:
        text = make()
        cache.save_nquads(key, text)
    return text


def graph_texts(results: list[ArticleResult], contradictions: list[Contradiction], iris: Iris, registry: Registry,
                cache: Cache, info: BuildInfo) -> Iterator[str]:
    """N-Quads graph by graph, in a fixed order: the articles' by graph name, then the build's and the
    contradictions'. Article and contradiction graphs come from the cache when their records are unchanged."""
    countries = Countries.load()
    for r in sorted(results, key=lambda r: str(iris.article_graph(r.article.doc_id))):
        text = cached_nquads(cache, graph_key(r, iris.base, registry),
                             lambda: article_nquads(r, iris, registry, countries))
        yield text + build_link(iris.article_graph(r.article.doc_id), iris, info)
    yield build_nquads(iris, registry, countries, info)
    text = cached_nquads(cache, graph_key(contradictions, iris.base, registry),
                         lambda: contradictions_nquads(contradictions, iris, registry, countries))
    yield text + build_link(iris.contradictions_graph(), iris, info)


def write_outputs(out: Path, results: list[ArticleResult], contradictions: list[Contradiction], graphs: Iterable[str],
                  iris: Iris, build_ttl: str, with_html: bool) -> list[str]:
    """Every output file of a build, each written atomically (graph.html from the written graph.trig)."""
    write_graph_files(out, out / CACHE_DIR, graphs, iris)
    files = {
        "quotes.jsonl": "".join(json.dumps(q.to_json(), ensure_ascii=False) + "\n" for r in results for q in r.quotes),
        "contradictions.json": json.dumps([c.to_json() for c in contradictions], indent=1, ensure_ascii=False) + "\n",
        "build.ttl": build_ttl,
    }
    if with_html:
        from ..viz.page import render_html  # pyvis (about 0.7 s) is imported only for the page

        files["graph.html"] = render_html(QuadView(out / "graph.trig"))
    for name, data in files.items():
        atomic_write(out / name, data)
    return sorted([*files, "graph.trig", "graph.ttl"])


def build(paths: list[Path], out: Path, nlp: Language | Callable[[], Language], model_name: str, base_iri: str = DEFAULT_BASE_IRI,
          registry: Registry | None = None, jobs: int = 1, with_html: bool = True,
          on_done: Callable[[ArticleResult], None] | None = None, reader: Reader | None = None,
          cluster: str | None = None, domain: Path | None = None, lexicon: Path | None = None,
          detection: DetectionSettings = DetectionSettings()) -> BuildSummary:
    """ingest -> extract -> attribute -> graph -> contradictions -> outputs in `out`, incrementally: the
    cache in `out/.cache` spares unchanged articles the parse and the graph building. With `cluster` (a
    dask scheduler address) articles are parsed on that cluster's workers. The build holds the lock of `out`
    (another build into it is refused) and first removes what a killed build left there."""
    with output_lock(out):
        cache = Cache(out / CACHE_DIR)
        cache.remove_stale()
        remove_stale_temps(out)
        started = time.time()
        began = datetime.now(timezone.utc)
        registry = registry if registry is not None else Registry.load()
        articles = list(read_articles(paths, reader, load_lexicon(lexicon)))
        if not articles:
            raise KgError(f"no articles could be read; {out} is left as it was")
        results = extract_cached(nlp, articles, registry, cache, model_name, jobs=jobs, on_done=on_done,
                                 cluster=cluster, domain=domain, lexicon=lexicon)
        iris = Iris(base_iri)
        info = BuildInfo(__version__, model_name, fingerprint(articles, model_name))
        contradictions = detect(results, iris, domain, detection, DetectionCache(out / CACHE_DIR / "contradictions"))
        build_ttl = build_activity_turtle(iris, info, began, datetime.now(timezone.utc), len(articles))
        graphs = graph_texts(results, contradictions, iris, registry, cache, info)
        outputs = write_outputs(out, results, contradictions, graphs, iris, build_ttl, with_html)
        cache.prune()
        speakers = {q.speaker for r in results for q in r.quotes}
        return BuildSummary(len(articles), sum(len(r.quotes) for r in results), len(speakers), len(contradictions),
                            time.time() - started, outputs)


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
