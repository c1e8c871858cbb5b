"""Build: the incremental cache and the orchestration of a build (local, --jobs, a dask cluster), and evaluation."""

# Above this many articles a build writes no graph.trig, graph.ttl, graph.html (`kg export --build` does): they
# take 34-39 s to write at 10,000 articles, about 7 s at 2,000, more than the rest of a one-changed rebuild
# (bench/bench_rebuild.py, README "Performance at scale").
MAX_GRAPH_ARTICLES = 2000
