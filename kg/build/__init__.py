"""Build: the incremental cache and the orchestration of a build (local, --jobs, a dask cluster), and evaluation."""

from pathlib import Path

DEFAULT_GRAPH = Path("out/graph.ttl")  # what `kg build` writes by default, and what queries read by default
# Above this many articles a build writes no graph.trig, graph.ttl, graph.html (`kg export --build` does): at
# 2,000 articles writing them takes longer than the rest of an unchanged rebuild (bench/run.py, README).
MAX_GRAPH_ARTICLES = 2000
