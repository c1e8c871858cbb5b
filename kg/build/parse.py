"""Parsing and attributing articles: masked text in blocks through nlp.pipe (our components), the blocks
merged, the article attributed. What a local build (kg.build.pipeline) and a dask worker
(kg.build.distributed) both run, so that neither imports the other for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Iterable
from typing import TYPE_CHECKING

from ..ingest.text import masked_text
from ..model import Article, ArticleResult
from ..resources.entities import Countries, Registry
from ..resources.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.language import Language


def parse_articles(nlp: Language, articles: Iterable[Article], registry: Registry, jobs: int = 1,
                   batch_size: int = 16, countries: Countries | None = None,
                   lex: Lexicon | None = None) -> Iterator[ArticleResult]:
    """Each article parsed block by block (`jobs` processes for spaCy) and attributed (with the words of `lex`,
    default the packaged lexicon: the one `nlp`'s components were configured with), in input order,
    not yet merged across articles."""
    # spaCy (about 2 s) is imported only when something is parsed: a build whose articles are all cached
    # (or parsed on a dask cluster) never loads it
    from ..attribution.attribute import attribute  # spaCy: see above
    from ..nlp.records import merge_blocks  # spaCy: see above
    from ..nlp.loader import text_blocks  # spaCy: see above

    countries = countries if countries is not None else Countries.load()
    texts: dict[int, tuple[Article, str]] = {}

    def blocks() -> Iterator[tuple[str, tuple[int, int, int, bool]]]:
        for i, article in enumerate(articles):
            text = masked_text(article)
            texts[i] = (article, text)
            parts = text_blocks(text)
            for n, (offset, paras, chunk) in enumerate(parts):
                yield chunk, (i, offset, paras, n == len(parts) - 1)

    done: list[tuple[int, int, object]] = []
    for doc, (i, offset, paras, last) in nlp.pipe(blocks(), as_tuples=True, n_process=jobs, batch_size=batch_size):
        done.append((offset, paras, doc))
        if last:
            article, text = texts.pop(i)
            yield attribute(article, merge_blocks(text, done), registry, countries, lex)
            done = []
