"""Parsing on a dask.distributed cluster (`kg build --dask ADDRESS`).

Each worker loads the spaCy pipeline once (a worker plugin) and parses and attributes batches of whole
articles with the same function a local build uses; the results come back in input order, so the cache,
graph and outputs are those of `--jobs 1`, byte for byte. dask is an optional dependency (`quote-kg[cluster]`),
imported only when a cluster is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from ..errors import KgError
from ..model import Article, ArticleResult
from ..resources.entities import Countries, Registry
from .parse import parse_articles

try:
    import distributed
    from distributed import WorkerPlugin
except ImportError:  # the optional extra is not installed: parse_on_cluster says how to install it
    distributed = None
    WorkerPlugin = object

PLUGIN_NAME = "kg-pipeline"
BATCH_ARTICLES = 8  # articles per task: enough to keep nlp.pipe batching, small enough to spread the work
CONNECT_TIMEOUT = "10s"


class PipelinePlugin(WorkerPlugin):
    """Loads the spaCy pipeline (its components configured with the registry's file), the registry and the
    gazetteer once on each worker."""

    name = PLUGIN_NAME

    def __init__(self, model: str, registry: Registry, domain: Path | None = None):
        self.model = model
        self.registry = registry
        self.domain = domain
        self.nlp = None
        self.countries: Countries | None = None

    def setup(self, worker) -> None:
        """Called by dask on each worker when the plugin is registered."""
        from ..nlp.loader import load_pipeline  # spaCy is loaded on the workers, not by the client

        self.nlp = load_pipeline(self.model, registry_path=self.registry.path, domain_path=self.domain)
        self.countries = Countries.load()


def parse_batch(articles: list[Article]) -> list[ArticleResult]:
    """Parse and attribute `articles` on the worker running this task, with its loaded pipeline."""
    plugin = distributed.get_worker().plugins[PLUGIN_NAME]
    return list(parse_articles(plugin.nlp, articles, plugin.registry, countries=plugin.countries))


def _batches(articles: list[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def parse_on_cluster(address: str, articles: list[Article], model: str, registry: Registry,
                     domain: Path | None = None, batch: int = BATCH_ARTICLES) -> Iterator[ArticleResult]:
    """Every article parsed and attributed on the cluster whose scheduler is at `address`, in input order
    (figures' counts classed with the domain pack `domain`, None: none)."""
    if distributed is None:
        raise KgError("--dask needs dask.distributed: pip install 'quote-kg[cluster]' "
                      "(or pip install 'dask[distributed]')")
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise KgError(f"cannot reach the dask scheduler at {address!r}: {exc}") from exc
    with client:
        client.register_plugin(PipelinePlugin(model, registry, domain), name=PLUGIN_NAME)
        futures = client.map(parse_batch, list(_batches(articles, batch)), pure=False)
        for future in futures:
            yield from future.result()

