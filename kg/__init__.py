"""kg: a quote-attribution knowledge graph built from news articles.

The flow is ingest -> nlp/extract -> attribute -> graph -> contradictions -> query / viz / export;
`kg.pipeline` runs it end to end and `kg.cli` is the command line over it.
"""

__version__ = "0.1.0"
