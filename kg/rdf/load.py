"""Graph files into an Oxigraph store: their format, the bulk load (with the union default graph), and the
prologue of the model's prefixes. What the query backends and the readers of a built graph share.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import KgError
from .formats import of_file
from .vocab import PREFIXES

OX_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}


def ox_format(path: Path) -> ox.RdfFormat:
    """The Oxigraph format of a graph file, from its extension (`kg.rdf.formats`)."""
    return getattr(ox.RdfFormat, of_file(path).oxigraph)


def load_graph(store: ox.Store, graph_file: Path, union: bool = True, union_file: Path | None = None) -> None:
    """Bulk-load a graph file into a store, and with `union` every triple of its named graphs once more into
    the default graph (which then holds their union, each triple once): from `union_file` when there is one
    (the build's graph.ttl: parsed in Oxigraph, about twice as fast), else from the graph file's quads."""
    if not graph_file.is_file():
        raise KgError(f"{graph_file}: no such graph file; run `kg build` first (it writes out/graph.trig)")
    fmt = ox_format(graph_file)
    try:
        store.bulk_load(path=str(graph_file), format=fmt)
        if union and union_file is not None:
            store.bulk_load(path=str(union_file), format=ox_format(union_file), to_graph=ox.DefaultGraph())
        elif union and fmt.supports_datasets:
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(path=str(graph_file), format=fmt))
    except (SyntaxError, ValueError) as exc:
        raise KgError(f"{graph_file}: cannot load: {' '.join(str(exc).split())[:200]}") from exc


def prologue() -> str:
    """PREFIX declarations for the model's prefixes (an endpoint knows none of ours)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in OX_PREFIXES.items())
