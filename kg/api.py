"""The library: what the `kg` command line does, callable from Python (kg.cli only parses options and calls it).

    from kg.api import BuildConfig, build, extract, query

    summary = build(["seeds"], "out", BuildConfig(with_html=False))   # out/graph.ttl, quotes.jsonl, ...
    results = extract(["seeds/a.txt"])                                 # one ArticleResult per article
    rows = query("who-said-what", {"speaker": "..."}, graph="out/graph.ttl")

Above kg.build in the layers: `from kg import build` would clash with the subpackages kg.build and kg.query,
so the functions live here. spaCy is imported only when something is parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from rdflib import Literal
from rdflib.query import Result

from . import __version__
from .build.config import BuildConfig
from .build.pipeline import BuildSummary, build as run_build, extract as run_extract, read_articles
from .ids import Iris
from .ingest.reader import Reader
from .io import ensure_writable
from .model import ArticleResult
from .query import ENGINES
from .query.backends import run_query
from .rdf.export import serialize
from .rdf.graph import BuildInfo, build_dataset
from .resources.entities import Countries
from .resources.semantics import semantics

__all__ = ["BuildConfig", "BuildSummary", "build", "extract", "query", "records_turtle"]

PathLike = str | Path


def build(paths: Iterable[PathLike], out: PathLike, config: BuildConfig | None = None, *,
          reader: Reader | None = None, on_done: Callable[[ArticleResult | None], None] | None = None,
          on_start: Callable[[int], None] | None = None) -> BuildSummary:
    """Build the quote graph of `paths` (files or directories) into `out`: graph.ttl, graph.trig,
    quotes.jsonl, contradictions.json, build.ttl (and graph.html), incrementally (graph.ttl, graph.trig and
    graph.html only up to `config.max_graph_articles` articles); with `config.store` that Oxigraph store is
    updated too, graph by graph (its quad count in the summary's `quads`).
    `reader` says what to do with bad inputs (default: any is a KgError); `on_start` is called first with the number
    of input files, `on_done` then per article (with None for an unchanged file the build did not read)."""
    config = config or BuildConfig()
    out = Path(out)
    ensure_writable(out)
    if config.domain is not None:
        semantics(config.domain)  # a bad pack fails before the parse
    config.load_lexicon()  # and so does a bad lexicon
    return run_build([Path(p) for p in paths], out, config.load_pipeline, config.model, config.base_iri,
                     config.load_registry(), jobs=config.jobs, with_html=config.with_html, on_done=on_done,
                     reader=reader, cluster=config.cluster, domain=config.domain, lexicon=config.lexicon,
                     max_graph_articles=config.max_graph_articles, store=config.store, detection=config.detection,
                     on_start=on_start)


def extract(paths: Iterable[PathLike], config: BuildConfig | None = None, *,
            reader: Reader | None = None) -> list[ArticleResult]:
    """The records of `paths` (files or directories), one ArticleResult per article (its quotes, denials,
    figures), speakers' names merged across them; nothing is written or cached."""
    config = config or BuildConfig()
    lex = config.load_lexicon()
    return run_extract(config.load_pipeline(), read_articles([Path(p) for p in paths], reader, lex),
                       config.load_registry(), jobs=config.jobs, lex=lex)


def records_turtle(results: list[ArticleResult], config: BuildConfig | None = None) -> str:
    """The records of `extract` as one Turtle graph (no contradictions, no build)."""
    config = config or BuildConfig()
    ds, _ = build_dataset(results, Iris(config.base_iri), config.load_registry(), Countries.load(),
                          BuildInfo(__version__, config.model, "extract"))
    return serialize(ds, "turtle")


def query(text_or_name: str, params: Mapping[str, str | Literal] | None = None, *, graph: PathLike | None = None,
          store: PathLike | None = None, endpoint: str | None = None, limit: int | None = None,
          offset: int | None = None, every_row: bool = False, engine: str = ENGINES[0]) -> Result:
    """Run a canned query (a name from queries/), a .rq file or SPARQL text, with `params` bound as RDF
    literals (never pasted into the text), on one of: a graph file (default out/graph.ttl, in memory: on
    Oxigraph, or on rdflib with `engine="rdflib"`), an Oxigraph store directory, an endpoint URL. A canned
    listing that is paged by default (co-quoted) gives its first page unless `limit` or `every_row`. The rdflib
    Result: iterate it for rows (ASK: bool, CONSTRUCT: triples)."""
    return run_query(text_or_name, params, graph=graph, store=store, endpoint=endpoint, limit=limit, offset=offset,
                     every_row=every_row, engine=engine)
