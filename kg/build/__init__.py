"""Build: the incremental cache and the orchestration of a build (local, --jobs, a dask cluster), and evaluation."""
