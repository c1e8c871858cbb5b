"""Serialising the graph in any format of `kg.rdf.formats`: TriG and N-Quads keep the named graphs, the others
hold their union; JSON-LD with a compact context."""

from __future__ import annotations

import json

from rdflib import Dataset

from .formats import by_name
from .graph import union_graph
from .vocab import PREFIXES

LINE_FORMATS = ("nquads", "nt")  # one statement a line: sorted, so the output is stable


def jsonld_context() -> dict[str, str]:
    """The compact JSON-LD context: our prefixes."""
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def _sorted_lines(text: str) -> str:
    lines = sorted(line for line in text.splitlines() if line.strip())
    return "\n".join(lines) + ("\n" if lines else "")


def serialize(ds: Dataset, fmt: str) -> str:
    """The dataset in the format named `fmt` (`kg.rdf.formats`); line-based formats are sorted so output is stable."""
    rdf = by_name(fmt)
    graph = ds if rdf.datasets else union_graph(ds)
    if rdf.name == "json-ld":
        data = json.loads(graph.serialize(format=rdf.rdflib, context=jsonld_context(), auto_compact=True))
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    text = graph.serialize(format=rdf.rdflib)
    return _sorted_lines(text) if rdf.name in LINE_FORMATS else text
