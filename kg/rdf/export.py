"""Serialising the graph: Turtle (union of named graphs), TriG and N-Quads (named graphs kept),
N-Triples, JSON-LD with a compact context."""

from __future__ import annotations

import json

from rdflib import Dataset

from ..errors import KgError
from .graph import union_graph
from .vocab import PREFIXES

FORMAT_NAMES = {
    "turtle": "turtle", "ttl": "turtle", "trig": "trig", "nquads": "nquads", "nq": "nquads",
    "nt": "nt", "ntriples": "nt", "n-triples": "nt", "json-ld": "json-ld", "jsonld": "json-ld",
}


def jsonld_context() -> dict[str, str]:
    """The compact JSON-LD context: our prefixes."""
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def _sorted_lines(text: str) -> str:
    lines = sorted(line for line in text.splitlines() if line.strip())
    return "\n".join(lines) + ("\n" if lines else "")


def serialize(ds: Dataset, fmt: str) -> str:
    """The dataset in one of the export formats; line-based formats are sorted so output is stable."""
    name = FORMAT_NAMES.get(fmt.lower())
    if name is None:
        raise KgError(f"unknown export format {fmt!r}; use one of turtle, trig, nquads, nt, json-ld")
    if name == "trig":
        return ds.serialize(format="trig")
    if name == "nquads":
        return _sorted_lines(ds.serialize(format="nquads"))
    graph = union_graph(ds)
    if name == "nt":
        return _sorted_lines(graph.serialize(format="nt"))
    if name == "json-ld":
        data = json.loads(graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True))
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    return graph.serialize(format="turtle")
