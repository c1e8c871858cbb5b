"""Query: SPARQL text handling (sparql) and the backends that run it (rdflib, Oxigraph store, endpoint)."""

from pathlib import Path

DEFAULT_GRAPH = Path("out/graph.ttl")  # what `kg build` writes by default, and what queries read by default
