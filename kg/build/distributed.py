"""Parsing on a dask.distributed cluster (`kg build --dask ADDRESS`).

The build's settings (model, registry, and the registry, domain and lexicon files' contents, so the workers need
no shared file system) reach the workers once, as a worker plugin named by their digest; each worker process
loads the spaCy pipeline they give on its first task and keeps it for the next builds with the same settings.
Tasks are batches of whole articles parsed and attributed with the function a local build uses; a bounded
number are in flight at once and their results come back in input order, so the cache, graph and outputs are
those of `--jobs 1`, byte for byte, and neither the client nor the scheduler holds the whole corpus in tasks.
dask is an optional dependency (`quote-kg[cluster]`), imported only when a cluster is asked for.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import KgError
from ..ids import digest
from ..model import Article, ArticleResult
from ..resources.entities import Countries, Registry
from ..resources.lexicon import Lexicon, load_lexicon
from .cache import registry_digest
from .parse import parse_articles

if TYPE_CHECKING:
    from spacy.language import Language

try:
    import distributed
    from distributed import WorkerPlugin
except ImportError:  # the optional extra is not installed: parse_on_cluster says how to install it
    distributed = None
    WorkerPlugin = object

PLUGIN_PREFIX = "kg-pipeline-"
BATCH_ARTICLES = 8  # articles per task at most: a task then takes about a second, far above dask's overhead
TASKS_PER_THREAD = 4  # tasks in flight per worker thread: every thread has the next task queued
CONNECT_TIMEOUT = "10s"
WORKERS_TIMEOUT = 60  # seconds to wait for a first worker at a scheduler that has none
# glibc's mallopt parameters (malloc.h) and the values its dynamic thresholds reach at most on 64 bits
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD, TRIM_THRESHOLD = 32 << 20, 64 << 20


@dataclass(frozen=True)
class Settings:
    """What a worker needs to parse like the client would: the model's name, the registry (for attribution)
    and the contents of the registry, domain pack and lexicon files (for the pipeline's components, and the
    lexicon for attribution too; None: the packaged registry, no domain pack, the packaged lexicon)."""

    model: str
    registry: Registry
    registry_toml: bytes | None
    domain_toml: bytes | None
    lexicon_toml: bytes | None

    @cached_property
    def key(self) -> str:
        """A digest of the settings (asked for by every task)."""
        files = (self.registry_toml, self.domain_toml, self.lexicon_toml)
        return digest(self.model, registry_digest(self.registry), *(b.hex() if b is not None else "" for b in files))


class Loaded:
    """The one pipeline a worker process keeps (the settings' key, the pipeline, the gazetteer, the lexicon)
    and the lock that lets one thread at a time load it or parse with it (the pipeline is not shared between
    threads)."""

    lock = threading.Lock()
    key: str | None = None
    nlp: Language | None = None
    countries: Countries | None = None
    lex: Lexicon | None = None


class PipelinePlugin(WorkerPlugin):
    """Carries a build's settings to every worker (and to workers that join later). Named by the settings'
    digest and idempotent, so builds with other settings on the same cluster use their own plugin."""

    idempotent = True

    def __init__(self, settings: Settings):
        self.settings = settings
        self.name = PLUGIN_PREFIX + settings.key

    def setup(self, worker) -> None:
        """Called by dask on each worker when the plugin is registered: nothing is loaded before a task needs it."""
        keep_heap()

    def pipeline(self, workdir: Path) -> tuple[Language, Countries, Lexicon]:
        """The worker's pipeline for these settings, with the gazetteer and the lexicon, loaded (their files
        written under `workdir`) unless the process holds them already; call with `Loaded.lock` held."""
        s = self.settings
        if Loaded.key != s.key:
            from ..nlp.loader import load_pipeline  # spaCy is loaded on the workers, not by the client

            Loaded.key = Loaded.nlp = None  # the pipeline of other settings is freed before this one is loaded
            registry, domain, lexicon = (_written(workdir, s.key, name, data) for name, data in
                                         (("registry", s.registry_toml), ("domain", s.domain_toml),
                                          ("lexicon", s.lexicon_toml)))
            Loaded.nlp = load_pipeline(s.model, registry_path=registry, domain_path=domain, lexicon_path=lexicon)
            Loaded.countries, Loaded.lex = Countries.load(), load_lexicon(lexicon)
            Loaded.key = s.key
        return Loaded.nlp, Loaded.countries, Loaded.lex


def keep_heap() -> None:
    """Let glibc keep freed memory for reuse on this worker. dask's nanny starts workers with a fixed
    MALLOC_TRIM_THRESHOLD_, which also fixes glibc's mmap threshold at 128 KiB: every larger array spaCy makes
    is then mapped and unmapped again, a page fault per page each time (measured: 27× the page faults and about
    15% more CPU an article). Raising both thresholds to the largest glibc would reach by itself restores its
    reuse; nothing changes where that variable is unset or the C library has no mallopt."""
    libc = ctypes.util.find_library("c")
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or libc is None:
        return
    mallopt = getattr(ctypes.CDLL(libc), "mallopt", None)
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)


def _written(workdir: Path, key: str, name: str, data: bytes | None) -> Path | None:
    """`data` in a file of `workdir` named after `key` and `name` (None: no file)."""
    if data is None:
        return None
    path = workdir / f"kg-{key}-{name}.toml"
    path.write_bytes(data)
    return path


def parse_batch(plugin_name: str, articles: list[Article]) -> list[ArticleResult]:
    """Parse and attribute `articles` on the worker running this task, with the pipeline of the settings the
    plugin `plugin_name` carries."""
    worker = distributed.get_worker()
    plugin = worker.plugins[plugin_name]
    with Loaded.lock:
        nlp, countries, lex = plugin.pipeline(Path(worker.local_directory))
        return list(parse_articles(nlp, articles, plugin.settings.registry, countries=countries, lex=lex))


def _file_bytes(path: Path | None, what: str) -> bytes | None:
    """The contents of the file at `path` (None: None); a KgError when it cannot be read."""
    try:
        return Path(path).read_bytes() if path is not None else None
    except OSError as exc:
        raise KgError(f"cannot read the {what} {path}: {exc}") from exc


def _threads(client) -> int:
    """The threads of the cluster's workers now (at least 1)."""
    return max(1, sum(client.nthreads().values()))


def batch_size(articles: int, threads: int, batch: int = BATCH_ARTICLES) -> int:
    """Articles per task: `batch`, or fewer when that gives every one of `threads` worker threads a task."""
    return max(1, min(batch, -(-articles // max(1, threads))))


def _batches(articles: list[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def in_order(client, plugin_name: str, batches: Iterator[list[Article]]) -> Iterator[ArticleResult]:
    """The results of the batches in input order, with at most TASKS_PER_THREAD tasks per worker thread
    submitted and not yet taken; each task's result is released on the cluster once taken. The cluster's
    threads are counted (a round trip to the scheduler) once per window of tasks submitted, so workers that
    join during the build widen the next window."""
    pending: deque = deque()
    window = until_count = 0
    for batch in batches:
        if until_count == 0:
            window = until_count = TASKS_PER_THREAD * _threads(client)
        until_count -= 1
        pending.append(client.submit(parse_batch, plugin_name, batch, pure=False))
        while len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def parse_on_cluster(address: str, articles: list[Article], model: str, registry: Registry,
                     domain: Path | None = None, batch: int = BATCH_ARTICLES,
                     lexicon: Path | None = None) -> Iterator[ArticleResult]:
    """Every article parsed and attributed on the cluster whose scheduler is at `address`, in input order
    (figures' counts classed with the domain pack `domain`, None: none; with the words of the lexicon file
    `lexicon`, None: the packaged one), in tasks of at most `batch` articles (fewer when that spreads a small
    build over more of the workers)."""
    if distributed is None:
        raise KgError("--dask needs dask.distributed: pip install 'quote-kg[cluster]' "
                      "(or pip install 'dask[distributed]')")
    settings = Settings(model, registry, _file_bytes(registry.path, "registry"), _file_bytes(domain, "domain pack"),
                        _file_bytes(lexicon, "lexicon"))
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise KgError(f"cannot reach the dask scheduler at {address!r}: {exc}") from exc
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError as exc:
            raise KgError(f"no dask worker joined the scheduler at {address!r} in {WORKERS_TIMEOUT} s: "
                          f"start some with `dask worker {address}`") from exc
        plugin = PipelinePlugin(settings)
        client.register_plugin(plugin, name=plugin.name)
        yield from in_order(client, plugin.name, _batches(articles, batch_size(len(articles), _threads(client), batch)))
