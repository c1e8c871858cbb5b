"""The flow end to end: ingest -> nlp.pipe (our components) -> attribute -> entities merged across
articles. `kg.build` adds the graph, contradictions and outputs on top."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Dataset
from spacy.language import Language

from .attribute import attribute
from .contradictions import detect
from .entities import Countries, Registry
from .errors import KgError
from .export import serialize
from .graph import BuildInfo, bind_prefixes, build_dataset
from .ingest import Reader, masked_text
from .io import atomic_write
from .model import Article, ArticleResult, Contradiction
from .vocab import DEFAULT_BASE_IRI, KG, Iris, digest


def read_articles(paths: Iterable[Path], reader: Reader | None = None) -> Iterator[Article]:
    """Articles from files and directories (`reader` says how; by default any bad input is a KgError)."""
    return (reader or Reader(strict=True)).articles(paths)


def extract(nlp: Language, articles: Iterable[Article], registry: Registry | None = None,
            jobs: int = 1, batch_size: int = 16,
            on_done: Callable[[ArticleResult], None] | None = None) -> list[ArticleResult]:
    """Parse and attribute every article (`jobs` processes for spaCy), entities merged across them."""
    registry = registry if registry is not None else Registry.load()
    countries = Countries.load()
    pairs = ((masked_text(a), a) for a in articles)
    results = []
    for doc, article in nlp.pipe(pairs, as_tuples=True, n_process=jobs, batch_size=batch_size):
        result = attribute(article, doc, registry, countries)
        results.append(result)
        if on_done is not None:
            on_done(result)
    return merge_surnames(results)


def merge_surnames(results: list[ArticleResult]) -> list[ArticleResult]:
    """Speakers named by surname alone take the full name used elsewhere in the corpus, when only
    one full name ends with that surname."""
    full: dict[str, set[str]] = defaultdict(set)
    for r in results:
        for q in r.quotes:
            if len(q.speaker.split()) > 1 and q.speaker_type == "person":
                full[q.speaker.split()[-1]].add(q.speaker)
    rename = {last: next(iter(names)) for last, names in full.items() if len(names) == 1}
    for r in results:
        r.quotes = [replace(q, speaker=rename[q.speaker]) if q.speaker in rename and q.speaker_type == "person"
                    else q for q in r.quotes]
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


def fingerprint(articles: list[Article], model: str) -> str:
    """A digest of the inputs and software, naming the build activity."""
    from . import __version__

    return digest(__version__, model, *sorted(digest(a.doc_id, a.text) for a in articles))


def write_outputs(out: Path, results: list[ArticleResult], contradictions: list[Contradiction], ds: Dataset,
                  build_ttl: str, html: str | None) -> list[str]:
    """Every output file of a build, each written atomically."""
    files = {
        "graph.ttl": serialize(ds, "turtle"),
        "graph.trig": serialize(ds, "trig"),
        "quotes.jsonl": "".join(json.dumps(q.to_json(), ensure_ascii=False) + "\n" for r in results for q in r.quotes),
        "contradictions.json": json.dumps([c.to_json() for c in contradictions], indent=1, ensure_ascii=False) + "\n",
        "build.ttl": build_ttl,
    }
    if html is not None:
        files["graph.html"] = html
    for name, data in files.items():
        atomic_write(out / name, data)
    return sorted(files)


def build(paths: list[Path], out: Path, nlp: Language, model_name: str, base_iri: str = DEFAULT_BASE_IRI,
          registry: Registry | None = None, jobs: int = 1, with_html: bool = True,
          on_done: Callable[[ArticleResult], None] | None = None, reader: Reader | None = None) -> BuildSummary:
    """ingest -> extract -> attribute -> graph -> contradictions -> outputs in `out`."""
    from . import __version__
    from .viz import render_html

    started = time.time()
    began = datetime.now(timezone.utc)
    registry = registry if registry is not None else Registry.load()
    articles = list(read_articles(paths, reader))
    if not articles:
        raise KgError(f"no articles could be read; {out} is left as it was")
    results = extract(nlp, articles, registry, jobs=jobs, on_done=on_done)
    iris = Iris(base_iri)
    info = BuildInfo(__version__, model_name, fingerprint(articles, model_name))
    ds, writer = build_dataset(results, iris, registry, Countries.load(), info)
    contradictions = detect(results, iris)
    writer.add_contradictions(contradictions)
    html = render_html(ds) if with_html else None
    build_ttl = build_activity_turtle(iris, info, began, datetime.now(timezone.utc), len(articles))
    outputs = write_outputs(out, results, contradictions, ds, build_ttl, html)
    speakers = {q.speaker for r in results for q in r.quotes}
    return BuildSummary(len(articles), sum(len(r.quotes) for r in results), len(speakers), len(contradictions),
                        time.time() - started, outputs)


def build_activity_turtle(iris: Iris, info: BuildInfo, began: datetime, ended: datetime, n_articles: int) -> str:
    """The build's prov:Activity with its wall-clock times (kept out of graph.ttl so that stays stable)."""
    from rdflib import Graph, Literal
    from rdflib.namespace import PROV, RDF, XSD

    g = Graph()
    bind_prefixes(g, iris)
    act = iris.build(info.fingerprint)
    g.add((act, RDF.type, PROV.Activity))
    g.add((act, PROV.startedAtTime, Literal(began.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    g.add((act, PROV.endedAtTime, Literal(ended.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    g.add((act, KG.spacyModel, Literal(info.model)))
    g.add((act, KG.articleCount, Literal(n_articles)))
    return g.serialize(format="turtle")
