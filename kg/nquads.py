"""Graph files from per-article N-Quads: rdflib builds each article's small named graph once (cached),
Oxigraph writes the big TriG and Turtle files from the sorted lines.

rdflib needs minutes to serialise a graph of a million triples; Oxigraph streams it in seconds. The
lines are sorted first (graphs by name, triples within them; the Turtle union sorted and deduplicated),
so the same records always give the same bytes.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from .entities import Countries, Registry
from .graph import BuildInfo, GraphWriter, new_dataset
from .model import ArticleResult, Contradiction
from .vocab import PREFIXES, Iris

PLACEHOLDER = "cached"  # the build fingerprint of cached article graphs; their build link is added per build
PROV_GENERATED = "http://www.w3.org/ns/prov#wasGeneratedBy"


def _sorted_nquads(writer: GraphWriter, drop: str | None = None) -> str:
    """The writer's dataset as sorted N-Quads lines, without lines naming `drop`."""
    text = writer.ds.serialize(format="nquads")
    lines = {line for line in text.splitlines() if line.strip() and (drop is None or drop not in line)}
    return "".join(line + "\n" for line in sorted(lines, key=lambda line: (_graph(line), line)))


def article_nquads(result: ArticleResult, iris: Iris, registry: Registry, countries: Countries) -> str:
    """The sorted N-Quads of one article's named graph, without its link to a build (see `build_link`)."""
    from . import __version__

    writer = GraphWriter(new_dataset(), iris, registry, countries, BuildInfo(__version__, "", PLACEHOLDER))
    writer.add_article(result)
    return _sorted_nquads(writer, drop=f"<{writer.build_iri}>")


def build_link(iris: Iris, doc_id: str, info: BuildInfo) -> str:
    """The N-Quad that says which build generated an article's graph."""
    gid = iris.article_graph(doc_id)
    return f"<{gid}> <{PROV_GENERATED}> <{iris.build(info.fingerprint)}> <{gid}> .\n"


def corpus_nquads(contradictions: list[Contradiction], iris: Iris, registry: Registry, countries: Countries,
                  info: BuildInfo) -> str:
    """The sorted N-Quads of the contradictions graph and the build's provenance graph."""
    writer = GraphWriter(new_dataset(), iris, registry, countries, info)
    writer.add_contradictions(contradictions)
    writer.add_build()
    return _sorted_nquads(writer)


def prefixes(iris: Iris) -> dict[str, str]:
    """The prefixes written in graph files: the model's and `id:` for the base IRI."""
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, "id": iris.base}


def _graph(line: str) -> str:
    """The graph name (the last term) of an N-Quads line."""
    return line[line.rindex(" <"):]


def _triple(line: str) -> str:
    """An N-Quads line without its graph name: an N-Triples line."""
    return line[:line.rindex(" <")] + " .\n"


def write_graph_files(work: Path, graphs: Iterable[str], iris: Iris, write: Callable[[str, bytes], None]) -> None:
    """Write graph.trig and graph.ttl (through `write`) from N-Quads texts given graph by graph in a fixed order.

    The lines go through temporary files in `work`, so memory holds one article at a time plus one
    output; the Turtle union is sorted and deduplicated by `sort -u` in the C locale.
    """
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work, prefix=".graph-") as tmp:
        quads, triples = Path(tmp) / "all.nq", Path(tmp) / "all.nt"
        with quads.open("w", encoding="utf-8") as qh, triples.open("w", encoding="utf-8") as th:
            for text in graphs:
                qh.write(text)
                th.writelines(_triple(line) for line in text.splitlines())
        write("graph.trig", ox.serialize(ox.parse(path=str(quads), format=ox.RdfFormat.N_QUADS),
                                         format=ox.RdfFormat.TRIG, prefixes=prefixes(iris)))
        env = {**os.environ, "LC_ALL": "C"}
        with subprocess.Popen(["sort", "-u", "-S", "256M", "-T", tmp, str(triples)], stdout=subprocess.PIPE,
                              env=env) as proc:
            write("graph.ttl", ox.serialize(ox.parse(proc.stdout, format=ox.RdfFormat.N_TRIPLES),
                                            format=ox.RdfFormat.TURTLE, prefixes=prefixes(iris)))
