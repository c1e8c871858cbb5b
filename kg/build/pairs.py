"""The articles of each co-quoted pair across a build: every article's graph names the pairs of speakers it
quotes (`kg:coQuotedIn`); the build counts them into one graph of their own (`kg:articleCount`), so a store
reads a pair's count instead of counting its articles at query time. An article's pairs are kept in the index
and read from its graph's N-Quads only when its graph changed."""

from __future__ import annotations

from collections import Counter

from ..ids import Iris
from ..rdf.graph import CO_QUOTED_GRAPH
from ..rdf.nquads import co_quoted_pairs, pair_counts_nquads
from ..resources.entities import Countries, Registry
from .cache import Cache, graph_key, registry_digest
from .index import Entry, Placed
from .outputs import cached_text, ensure_nquads


def article_pairs(entries: list[Entry], graphs: list[str], placed: dict[str, Placed], cache: Cache
                  ) -> list[tuple[str, ...]]:
    """The co-quoted pairs of each article (their IRIs): the last build's when its graph key (`graphs`) is the
    one the last build had (`placed`), else read from its graph's cached N-Quads."""
    pairs = []
    for e, key in zip(entries, graphs):
        at = placed.get(e.doc_id)
        known = at.pairs if at is not None and at.graph == key else None
        pairs.append(known if known is not None else tuple(co_quoted_pairs(cached_text(cache, key))))
    return pairs


def pair_counts_part(pairs: list[tuple[str, ...]], iris: Iris, registry: Registry, cache: Cache
                     ) -> list[tuple[str, str, bool]]:
    """The graph of the articles of each pair, as a part of the build's graph (`graph_parts`): the cache key of
    its N-Quads (made when not cached), its name, and True (it links to the build); none when no article quotes
    two speakers."""
    counts = Counter(pair for article in pairs for pair in article)
    if not counts:
        return []
    key = graph_key(("co-quoted", sorted(counts.items())), iris.base, registry_digest(registry))
    return [(ensure_nquads(cache, key, lambda: pair_counts_nquads(counts, iris, registry, Countries.load())),
             str(iris.ns[CO_QUOTED_GRAPH]), True)]
