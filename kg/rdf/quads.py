"""A graph read quad by quad with rdflib terms: the `Quads` protocol the graph's readers take (an rdflib
`Dataset` has it), and `QuadView`, a graph file held in Oxigraph behind it (fast to load: no rdflib parser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ..errors import KgError
from .load import load_graph


class Quads(Protocol):
    """What the graph's readers read through: rdflib's `Dataset.quads` (or `QuadView`, faster to load)."""

    def quads(self, pattern: tuple) -> Iterator[tuple]:
        """Quads matching an (s, p, o, g) pattern, None for any."""


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> URIRef | BNode | Literal | None:
    """An Oxigraph term as the rdflib term of the same value (None for the default graph)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return None  # the default graph


def _to_ox(term: URIRef | BNode | None) -> ox.NamedNode | ox.BlankNode | None:
    """An rdflib IRI or blank node (or None, for any) as an Oxigraph pattern term."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise KgError(f"only IRIs and blank nodes can be matched here, not {term!r}")


class QuadView:
    """A graph file held in Oxigraph (fast to load), read through rdflib's `quads(pattern)` with rdflib
    terms: what the HTML page and `kg contradictions` read, without rdflib's slow parser on big graphs."""

    def __init__(self, graph_file: Path) -> None:
        self.store = ox.Store()
        load_graph(self.store, graph_file, union=False)

    def quads(self, pattern: tuple) -> Iterator[tuple]:
        """Quads matching (s, p, o, g), None for any, as rdflib terms."""
        s, p, o, _ = pattern
        for q in self.store.quads_for_pattern(_to_ox(s), _to_ox(p), _to_ox(o), None):
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)
