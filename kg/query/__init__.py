"""Query: SPARQL text handling (sparql) and the backends that run it (a graph file in memory on Oxigraph or
rdflib, an Oxigraph store, an endpoint)."""

from pathlib import Path

DEFAULT_GRAPH = Path("out/graph.ttl")  # what `kg build` writes by default, and what queries read by default
ENGINES = ("oxigraph", "rdflib")  # what answers a query on a graph file, in memory (the first unless asked)
