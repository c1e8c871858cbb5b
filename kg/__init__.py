"""kg: a quote-attribution knowledge graph built from news articles.

The flow is ingest -> nlp -> attribution -> analysis (contradictions) -> rdf -> query / viz, one subpackage
per layer (docs/design.md); `kg.build.pipeline` runs it end to end and `kg.cli` is the command line over it.
"""

__version__ = "0.1.0"
