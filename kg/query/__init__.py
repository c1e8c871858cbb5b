"""Query: SPARQL text handling (sparql) and the backends that run it (rdflib, Oxigraph store, endpoint)."""
