"""Graph files into an Oxigraph store: their format, the bulk load (with the union default graph), and the
prologue of the model's prefixes. What the query backends and the readers of a built graph share.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import KgError
from .formats import of_file, require_graph_file
from .nquads import PROV_GENERATED, build_link, triple_line
from .vocab import PREFIXES

OX_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}


@dataclass(frozen=True)
class StoreState:
    """The named graphs of a build in a store: graph name -> key of its N-Quads, the build's IRI, and the graphs
    that carry a link to it (`kg.rdf.nquads.build_link`)."""

    graphs: dict[str, str] = field(default_factory=dict)
    build: str = ""
    linked: frozenset[str] = frozenset()


def ox_format(path: Path) -> ox.RdfFormat:
    """The Oxigraph format of a graph file, from its extension (`kg.rdf.formats`)."""
    return getattr(ox.RdfFormat, of_file(path).oxigraph)


def load_graph(store: ox.Store, graph_file: Path, union: bool = True, union_file: Path | None = None) -> None:
    """Bulk-load a graph file into a store, and with `union` every triple of its named graphs once more into
    the default graph (which then holds their union, each triple once): from `union_file` when there is one
    (the build's graph.ttl: parsed in Oxigraph, about twice as fast), else from the graph file's quads."""
    for path in (graph_file, union_file):
        if path is not None:
            require_graph_file(path)
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


def bulk_load_nquads(store: ox.Store, texts: Iterable[str], work: Path) -> None:
    """Bulk-load N-Quads texts into a store, and each of their triples once more into the default graph (which
    then holds their union), through two files in a temporary directory under `work`."""
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work, prefix=".graph-") as tmp:
        quads, triples = Path(tmp) / "all.nq", Path(tmp) / "all.nt"
        with quads.open("w", encoding="utf-8") as qh, triples.open("w", encoding="utf-8") as th:
            for text in texts:
                qh.write(text)
                th.writelines(triple_line(line) for line in text.splitlines(keepends=True))
        store.bulk_load(path=str(quads), format=ox.RdfFormat.N_QUADS)
        store.bulk_load(path=str(triples), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())


def update_graphs(store: ox.Store, loaded: StoreState, wanted: StoreState, text_of: Callable[[str], str]) -> int:
    """Turn a store that holds the graphs `loaded` into one that holds `wanted`: a named graph whose key changed
    loses the quads its new N-Quads (`text_of(key)`) no longer have and gains those they add (a changed article,
    or the counts of the co-quoted pairs, differ from their last version in a few lines), new graphs are loaded
    and gone ones dropped, the build links moved to the new build; the default graph stays the union of the
    named graphs (a triple leaves it when no named graph holds it any more). Returns how many quads the store
    gained (negative when it lost some)."""
    delta, removed, added = 0, set(), []
    if loaded.build != wanted.build:  # every link to the old build goes, in one update (named and default graph)
        delta -= sum(1 for _ in store.quads_for_pattern(None, ox.NamedNode(PROV_GENERATED), ox.NamedNode(loaded.build)))
        link = f"?g <{PROV_GENERATED}> <{loaded.build}>"
        store.update(f"DELETE WHERE {{ GRAPH ?g {{ {link} }} }} ; DELETE WHERE {{ {link} }}")
    for graph, key in wanted.graphs.items():
        fresh = loaded.graphs.get(graph) != key
        relink = graph in wanted.linked and (fresh or loaded.build != wanted.build)
        text = (text_of(key) if fresh else "") + (build_link(graph, wanted.build) if relink else "")
        new = set(ox.parse(text, format=ox.RdfFormat.N_QUADS)) if text else set()
        before = set(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))) \
            if fresh and graph in loaded.graphs else set()
        for q in before - new:
            store.remove(q)
            removed.add((q.subject, q.predicate, q.object))
            delta -= 1
        added.extend(new - before)
    for graph in loaded.graphs.keys() - wanted.graphs.keys():
        quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        delta -= len(quads)
        removed.update((q.subject, q.predicate, q.object) for q in quads)
        store.remove_graph(ox.NamedNode(graph))
    union = {ox.Quad(q.subject, q.predicate, q.object) for q in added}
    union = [q for q in union if q not in store]
    store.extend([*added, *union])
    delta += len(added) + len(union)
    for s, p, o in removed:
        if not any(q.graph_name != ox.DefaultGraph() for q in store.quads_for_pattern(s, p, o)):
            store.remove(ox.Quad(s, p, o))
            delta -= 1
    return delta
