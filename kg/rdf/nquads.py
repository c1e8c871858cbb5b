"""Graph files from per-article N-Quads: the GraphWriter writes each article's small named graph once as
N-Quads lines (cached), Oxigraph writes the big TriG and Turtle files from the sorted lines.

rdflib needs minutes to serialise a graph of a million triples; Oxigraph streams it in seconds. The
lines are sorted first (graphs by name, triples within them; the Turtle union sorted and deduplicated),
so the same records always give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from ..ids import Iris
from ..io import atomic_write
from ..model import ArticleResult, Contradiction
from ..resources.entities import Countries, Registry
from .graph import BuildInfo, GraphWriter
from .sinks import NQuadsLines
from .vocab import KG, PREFIXES

PROV_GENERATED = "http://www.w3.org/ns/prov#wasGeneratedBy"
CO_QUOTED_LINE = re.compile(rf"^<([^>]*)> <{re.escape(str(KG.coQuotedIn))}> ", re.MULTILINE)  # a pair's subject


def _unlinked_nquads(iris: Iris, registry: Registry, countries: Countries, fill: Callable[[GraphWriter], None]) -> str:
    """The sorted N-Quads a writer made without a build fills: the text can be cached across builds, which add
    their own link (see `build_link`)."""
    sink = NQuadsLines()
    fill(GraphWriter(sink, iris, registry, countries, None))
    return sink.text()


def article_nquads(result: ArticleResult, iris: Iris, registry: Registry, countries: Countries) -> str:
    """The sorted N-Quads of one article's named graph, without its link to a build."""
    return _unlinked_nquads(iris, registry, countries, lambda w: w.add_article(result))


def contradictions_nquads(contradictions: list[Contradiction], iris: Iris, registry: Registry,
                          countries: Countries) -> str:
    """The sorted N-Quads of the contradictions, each in the graph of its part (kg.rdf.graph.
    contradictions_part_graph; a build gives the contradictions of one part), without links to a build."""
    return _unlinked_nquads(iris, registry, countries, lambda w: w.add_contradictions(contradictions))


def pair_counts_nquads(counts: Mapping[str, int], iris: Iris, registry: Registry, countries: Countries) -> str:
    """The sorted N-Quads of the articles of each co-quoted pair (kg.rdf.graph.GraphWriter.add_pair_counts),
    without their link to a build."""
    return _unlinked_nquads(iris, registry, countries, lambda w: w.add_pair_counts(counts))


def co_quoted_pairs(article: str) -> list[str]:
    """The IRIs of the co-quoted pairs an article's N-Quads (`article_nquads`) name, each once."""
    return CO_QUOTED_LINE.findall(article)


def build_link(graph: str, build_iri: str) -> str:
    """The N-Quad that says which build (`build_iri`) generated a named graph."""
    return f"<{graph}> <{PROV_GENERATED}> <{build_iri}> <{graph}> .\n"


def build_nquads(iris: Iris, registry: Registry, countries: Countries, info: BuildInfo) -> str:
    """The sorted N-Quads of the build's provenance graph."""
    sink = NQuadsLines()
    GraphWriter(sink, iris, registry, countries, info).add_build()
    return sink.text()


def prefixes(iris: Iris) -> dict[str, str]:
    """The prefixes written in graph files: the model's and `id:` for the base IRI."""
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, "id": iris.base}


def triple_line(line: str) -> str:
    """An N-Quads line (with or without its newline) without its graph name: an N-Triples line."""
    return line[:line.rindex(" <")] + " .\n"


def _sha(data: bytes) -> str:
    """The SHA-256 hex digest of some bytes."""
    return hashlib.sha256(data).hexdigest()


def _up_to_date(stamp: Path, source: str, out: Path) -> bool:
    """Whether the graph files in `out` are the ones written from N-Quads of digest `source` and unchanged since."""
    try:
        written = json.loads(stamp.read_text(encoding="utf-8"))
        return written.pop("source") == source and all(_sha((out / name).read_bytes()) == sha
                                                      for name, sha in written.items())
    except (OSError, ValueError, KeyError, AttributeError):
        return False


def write_graph_files(out: Path, work: Path, graphs: Iterable[str], iris: Iris) -> None:
    """Write graph.trig and graph.ttl into `out`, atomically, from N-Quads texts given graph by graph in a
    fixed order; files already written from the same N-Quads, and unchanged since, are left as they are.

    The lines go through temporary files in `work`, so memory holds one article at a time plus one
    output; the Turtle union is sorted and deduplicated by `sort -u` in the C locale.
    """
    work.mkdir(parents=True, exist_ok=True)
    stamp = work / "graphs.json"
    with tempfile.TemporaryDirectory(dir=work, prefix=".graph-") as tmp:
        quads, triples = Path(tmp) / "all.nq", Path(tmp) / "all.nt"
        source = hashlib.sha256()
        with quads.open("w", encoding="utf-8") as qh:
            for text in graphs:
                qh.write(text)
                source.update(text.encode("utf-8"))
        if _up_to_date(stamp, source.hexdigest(), out):
            return
        with quads.open(encoding="utf-8") as qh, triples.open("w", encoding="utf-8") as th:
            th.writelines(triple_line(line) for line in qh)
        files = {"graph.trig": ox.serialize(ox.parse(path=str(quads), format=ox.RdfFormat.N_QUADS),
                                            format=ox.RdfFormat.TRIG, prefixes=prefixes(iris))}
        env = {**os.environ, "LC_ALL": "C"}
        with subprocess.Popen(["sort", "-u", "-S", "256M", "-T", tmp, str(triples)], stdout=subprocess.PIPE,
                              env=env) as proc:
            files["graph.ttl"] = ox.serialize(ox.parse(proc.stdout, format=ox.RdfFormat.N_TRIPLES),
                                              format=ox.RdfFormat.TURTLE, prefixes=prefixes(iris))
        for name, data in files.items():
            atomic_write(out / name, data)
        atomic_write(stamp, json.dumps({"source": source.hexdigest(), **{n: _sha(d) for n, d in files.items()}}))
