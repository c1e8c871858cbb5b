"""The one table of RDF formats: the names `--format` takes, file extensions, media types, and what rdflib and
Oxigraph call each. The export, the readers of graph files (rdflib and Oxigraph) and the command line use it
(which is why Oxigraph's formats are named here, not imported: `kg --help` loads no RDF library).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import KgError


@dataclass(frozen=True)
class RdfFormat:
    """One RDF serialisation. `datasets`: it keeps named graphs (one per article); the others hold the union."""

    name: str
    extensions: tuple[str, ...]  # the first is the one written
    media_type: str
    rdflib: str
    oxigraph: str  # the name of its pyoxigraph.RdfFormat (kg.rdf.load.ox_format)
    datasets: bool = False
    aliases: tuple[str, ...] = ()


FORMATS = (
    RdfFormat("turtle", (".ttl",), "text/turtle", "turtle", "TURTLE", aliases=("ttl",)),
    RdfFormat("trig", (".trig",), "application/trig", "trig", "TRIG", datasets=True),
    RdfFormat("nquads", (".nq",), "application/n-quads", "nquads", "N_QUADS", datasets=True,
              aliases=("nq", "n-quads")),
    RdfFormat("nt", (".nt",), "application/n-triples", "nt", "N_TRIPLES", aliases=("ntriples", "n-triples")),
    RdfFormat("json-ld", (".jsonld", ".json"), "application/ld+json", "json-ld", "JSON_LD",
              aliases=("jsonld",)),
    RdfFormat("xml", (".rdf", ".xml"), "application/rdf+xml", "xml", "RDF_XML", aliases=("rdf-xml",)),
    RdfFormat("n3", (".n3",), "text/n3", "n3", "N3"),
)
NAMES = tuple(f.name for f in FORMATS)  # the choices of `kg export --format`
BY_NAME = {n: f for f in FORMATS for n in (f.name, *f.aliases)}
BY_EXTENSION = {ext: f for f in FORMATS for ext in f.extensions}


def by_name(name: str) -> RdfFormat:
    """The format called `name` (or one of its aliases), in any case."""
    fmt = BY_NAME.get(name.lower())
    if fmt is None:
        raise KgError(f"unknown RDF format {name!r}; use one of {', '.join(NAMES)}")
    return fmt


def of_file(path: Path) -> RdfFormat:
    """The format of a graph file, from its extension."""
    fmt = BY_EXTENSION.get(Path(path).suffix.lower())
    if fmt is None:
        raise KgError(f"{path}: unknown graph format {Path(path).suffix!r} (use one of "
                      f"{', '.join(sorted(BY_EXTENSION))})")
    return fmt


def require_graph_file(path: Path) -> None:
    """Fail with one line that says what to do when a graph file is not there."""
    if not Path(path).is_file():
        raise KgError(f"{path}: no such graph file; run `kg build` first (it writes out/graph.ttl and out/graph.trig)")
