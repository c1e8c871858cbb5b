"""Where a GraphWriter (kg.rdf.graph) puts its quads: a sink with `add(s, p, o, g)`. `NQuadsLines` turns each quad
into its N-Quads line (what a build caches and writes), `DatasetSink` adds it to an rdflib Dataset (what tests,
validation and `kg extract --format ttl` read).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

from rdflib import Dataset, Graph, Literal, URIRef

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def _iri_n3(iri: URIRef) -> str:
    """An IRI as N-Quads writes it (cached: the same classes, properties and speakers recur everywhere)."""
    return _iri_text(str(iri))


@lru_cache(maxsize=1 << 16)
def _iri_text(iri: str) -> str:
    """`_iri_n3` of an IRI's plain text: cached by a plain string, as rdflib compares terms in Python (a cache
    keyed by the terms compared the same term made twice, e.g. each `RDF.type`, at every hit)."""
    return URIRef(iri).n3()


def _nquads_term(term: URIRef | Literal) -> str:
    """A term as N-Quads writes it (literals escaped as rdflib's N-Quads serializer does)."""
    if type(term) is URIRef or not isinstance(term, Literal):  # the type first: isinstance goes through an ABC
        return _iri_n3(term)
    text = str(term).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    return f'"{text}"^^<{term.datatype}>' if term.datatype else f'"{text}"'


class QuadSink(Protocol):
    """Where a GraphWriter puts its quads: N-Quads lines (`NQuadsLines`, what a build writes) or an rdflib
    Dataset (`DatasetSink`, what tests and validation read)."""

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal, g: URIRef) -> None:
        """Add the triple (s, p, o) to the named graph g."""

    def add_triples(self, g: URIRef, triples: Iterable[Triple]) -> None:
        """Add triples to the named graph g (what `add` does for each, with the graph looked up once)."""


class NQuadsLines:
    """A sink that turns each quad into its N-Quads line at once, with no store and no serializer (rdflib's
    took most of a build's time outside spaCy)."""

    def __init__(self) -> None:
        self.graphs: dict[str, set[str]] = {}  # each graph's name as N-Quads writes it, with its lines

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal, g: URIRef) -> None:
        """Add a quad, as its N-Quads line."""
        self.add_triples(g, ((s, p, o),))

    def add_triples(self, g: URIRef, triples: Iterable[Triple]) -> None:
        """Add triples to the graph g, as their N-Quads lines."""
        graph = _iri_n3(g)
        lines = self.graphs.get(graph)
        if lines is None:
            lines = self.graphs[graph] = set()
        lines.update(f"{_iri_n3(s)} {_iri_n3(p)} {_nquads_term(o)} {graph} .\n" for s, p, o in triples)

    def text(self) -> str:
        """Every line, sorted by graph name and then by line: the same quads always give the same text."""
        return "".join(line for graph in sorted(self.graphs) for line in sorted(self.graphs[graph]))


class DatasetSink:
    """A sink that adds each quad to an rdflib Dataset."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.graphs: dict[URIRef, Graph] = {}

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal, g: URIRef) -> None:
        """Add a quad to the dataset's named graph g."""
        self.add_triples(g, ((s, p, o),))

    def add_triples(self, g: URIRef, triples: Iterable[Triple]) -> None:
        """Add triples to the dataset's named graph g."""
        graph = self.graphs.get(g)
        if graph is None:
            graph = self.graphs[g] = self.ds.graph(g)
        for triple in triples:
            graph.add(triple)
