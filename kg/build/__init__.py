"""Build: the incremental cache and the orchestration of a build (local, --jobs, a dask cluster), and evaluation."""

from pathlib import Path

DEFAULT_GRAPH = Path("out/graph.ttl")  # what `kg build` writes by default, and what queries read by default
