"""The flow end to end: ingest -> nlp.pipe (our components) -> attribute -> entities merged across
articles. `kg.build` adds the graph, contradictions and outputs on top."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from spacy.language import Language

from .attribute import attribute
from .entities import Countries, Registry
from .ingest import load_manifest, masked_text, read_article
from .model import Article, ArticleResult


def read_articles(paths: Iterable[Path]) -> Iterator[Article]:
    """Articles from files, each with the manifest of its directory applied."""
    manifests: dict[Path, dict] = {}
    for path in paths:
        directory = Path(path).parent
        if directory not in manifests:
            manifests[directory] = load_manifest(directory)
        yield read_article(path, manifests[directory])


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
