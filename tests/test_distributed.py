"""`kg build --dask`: parsing on a dask.distributed cluster gives the outputs of a local build, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.build.distributed import BATCH_ARTICLES, TASKS_PER_THREAD, Loaded, batch_size, in_order
from kg.build.pipeline import build
from kg.nlp import DEFAULT_MODEL

from .conftest import SEEDS, load_once

distributed = pytest.importorskip("distributed")

OUTPUTS = ("quotes.jsonl", "contradictions.json", "graph.ttl", "graph.trig")


@pytest.fixture(scope="module")
def cluster():
    """A two-worker LocalCluster (one process and one thread each) on the loopback interface."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as local:
        yield local.scheduler_address


@pytest.mark.slow
def test_a_cluster_build_gives_the_outputs_of_a_local_build(cluster, seed_build, tmp_path):
    out = tmp_path / "out"
    summary = build(sorted(SEEDS.glob("*.txt")), out, lambda: pytest.fail("the client must not load spaCy"),
                    DEFAULT_MODEL, with_html=False, cluster=cluster)
    assert summary.articles == 5
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (seed_build / name).read_bytes(), name


@pytest.mark.slow
def test_a_cluster_rebuild_of_unchanged_articles_parses_nothing(cluster, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        (docs / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    first = build(sorted(docs.glob("*.txt")), out, None, DEFAULT_MODEL, with_html=False, cluster=cluster)
    # unchanged articles come from the cache: the cluster is not even contacted (this address answers nothing)
    summary = build(sorted(docs.glob("*.txt")), out, None, DEFAULT_MODEL, with_html=False,
                    cluster="tcp://127.0.0.1:9")
    assert (summary.articles, summary.quotes, summary.speakers, summary.contradictions) == \
        (first.articles, first.quotes, first.speakers, first.contradictions) and first.articles == 2


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.build.distributed.CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(main, ["build", str(sorted(SEEDS.glob("*.txt"))[0]), "--out", str(tmp_path / "o"),
                                       "--dask", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 1
    assert result.output.startswith("kg: error: cannot reach the dask scheduler at 'tcp://127.0.0.1:9'")
    assert len(result.output.strip().splitlines()) == 1


def one_article_graph(tmp_path, text: str, **options) -> str:
    """graph.ttl of a build (on the cluster given in `options`) of one invented article."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(text, encoding="utf-8")
    build([docs], tmp_path / "out", None, DEFAULT_MODEL, with_html=False, **options)
    return (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_registry_reaches_the_components_on_the_workers(cluster, tmp_path):
    """Figures' parties on the workers come from the registry the build was given, not the packaged one."""
    from kg.resources.entities import Registry

    registry = tmp_path / "registry.toml"
    registry.write_text('[[entity]]\nname = "Maja Lindqvist"\ntype = "person"\ncountry = "SE"\n', encoding="utf-8")
    graph = one_article_graph(tmp_path, "Maja Lindqvist raised tariffs to 40% last week, officials said.\n",
                              cluster=cluster, registry=Registry.load(registry))
    assert "kg:imposer" in graph


@pytest.mark.slow
def test_the_domain_pack_reaches_the_components_on_the_workers(cluster, tmp_path):
    """Counts on the workers are classed with the domain pack the build was given."""
    pack = tmp_path / "pack.toml"
    pack.write_text('[synonyms]\nvoyage = ["voyage", "sailing"]\n', encoding="utf-8")
    graph = one_article_graph(tmp_path, "The company canceled 40 sailings last week, officials said.\n",
                              cluster=cluster, domain=pack)
    assert 'kg:measure "voyage|cancel"' in graph


def test_a_small_build_gives_every_worker_thread_a_task():
    assert batch_size(5, 2) == 3
    assert batch_size(1, 64) == 1
    assert batch_size(10_000, 2) == BATCH_ARTICLES
    assert batch_size(3, 0) == 3  # no worker yet: one task


class CountingClient:
    """A stand-in for a dask client whose tasks run when their result is asked for; counts the tasks
    submitted and not yet taken."""

    def __init__(self, threads: int):
        self.threads, self.open, self.most, self.asked = threads, 0, 0, 0

    def nthreads(self) -> dict[str, int]:
        self.asked += 1
        return {f"worker-{i}": 1 for i in range(self.threads)}

    def submit(self, fn, plugin_name, batch, pure):
        self.open += 1
        self.most = max(self.most, self.open)
        return CountedTask(self, batch)


class CountedTask:
    def __init__(self, client: CountingClient, batch: list[int]):
        self.client, self.batch = client, batch

    def result(self) -> list[int]:
        self.client.open -= 1
        return [n * 10 for n in self.batch]


def test_results_come_in_input_order_with_a_bounded_number_of_tasks_in_flight():
    client = CountingClient(threads=2)
    batches = [[n, n + 1] for n in range(0, 100, 2)]
    assert list(in_order(client, "kg-pipeline-x", iter(batches))) == [n * 10 for n in range(100)]
    assert client.most == TASKS_PER_THREAD * 2 and client.open == 0
    assert client.asked == -(-len(batches) // (TASKS_PER_THREAD * 2))  # the threads counted once per window


def test_workers_that_join_during_a_build_widen_the_window():
    client = CountingClient(threads=1)
    batches = iter([[n] for n in range(40)])
    results = in_order(client, "kg-pipeline-x", batches)
    assert [next(results) for _ in range(5)] == [0, 10, 20, 30, 40] and client.most == TASKS_PER_THREAD
    client.threads = 3
    assert list(results) == [n * 10 for n in range(5, 40)]
    assert client.most == TASKS_PER_THREAD * 3 and client.open == 0


@pytest.mark.slow
def test_a_scheduler_without_workers_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.build.distributed.WORKERS_TIMEOUT", 1)
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=":0") as empty:
        result = CliRunner().invoke(main, ["build", str(sorted(SEEDS.glob("*.txt"))[0]), "--out", str(tmp_path / "o"),
                                           "--dask", empty.scheduler_address, "-q"])
    assert result.exit_code == 1
    assert result.output.startswith("kg: error: no dask worker joined the scheduler at ")
    assert len(result.output.strip().splitlines()) == 1


def loaded_pipelines(client) -> set:
    """The settings' key and the identity of the pipeline each worker process holds (None: none)."""
    return set(client.run(lambda: (Loaded.key, id(Loaded.nlp) if Loaded.nlp is not None else None)).values())


@pytest.mark.slow
def test_workers_keep_their_pipeline_for_the_next_build_with_the_same_settings(cluster, tmp_path):
    docs = sorted(SEEDS.glob("*.txt"))[:2]
    with distributed.Client(cluster) as client:
        build(docs, tmp_path / "a", None, DEFAULT_MODEL, with_html=False, cluster=cluster)
        first = loaded_pipelines(client)
        build(docs, tmp_path / "b", None, DEFAULT_MODEL, with_html=False, cluster=cluster)  # parsed again: a new cache
        assert loaded_pipelines(client) == first and all(nlp is not None for _, nlp in first)


@pytest.mark.slow
def test_workers_read_their_own_copy_of_the_registry_file(cluster, tmp_path):
    """The registry file's contents travel with the build: a worker on another host needs no shared file system."""
    from kg.resources.entities import Registry

    text = '[[entity]]\nname = "Maja Lindqvist"\ntype = "person"\ncountry = "SE"\n'
    (tmp_path / "registry.toml").write_text(text, encoding="utf-8")
    one_article_graph(tmp_path, "Maja Lindqvist said prices would rise.\n", cluster=cluster,
                      registry=Registry.load(tmp_path / "registry.toml"))
    with distributed.Client(cluster) as client:
        copies = client.run(lambda dask_worker: [p.read_text(encoding="utf-8") for p in
                                                 Path(dask_worker.local_directory).glob("kg-*-registry.toml")])
    assert text in {t for texts in copies.values() for t in texts}


def warbling_lexicon(tmp_path) -> Path:
    """The packaged lexicon with one invented speech verb added."""
    from importlib import resources

    text = resources.files("kg.data").joinpath("lexicon.toml").read_text(encoding="utf-8")
    text = text.replace("speech_verbs = [", 'speech_verbs = ["warble", ', 1)
    path = tmp_path / "lexicon.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.model
def test_the_lexicon_reaches_the_components_and_the_attribution_on_the_workers(cluster, tmp_path):
    """A build with a lexicon file on the cluster gives what a local build with it gives, and the lexicon counts."""
    docs, lexicon = tmp_path / "docs", warbling_lexicon(tmp_path)
    docs.mkdir()
    text = "The council met on Monday.\n“The quay will reopen in spring,” Maren Holt warbled.\n"
    (docs / "a.txt").write_text(text, encoding="utf-8")
    for name, options in (("cluster", {"cluster": cluster, "lexicon": lexicon}), ("packaged", {"cluster": cluster}),
                          ("local", {"lexicon": lexicon})):
        nlp = load_once(lexicon_path=lexicon) if name == "local" else None
        build([docs], tmp_path / name, nlp, DEFAULT_MODEL, with_html=False, **options)
    graph = {name: (tmp_path / name / "graph.ttl").read_text(encoding="utf-8")
             for name in ("cluster", "packaged", "local")}
    assert graph["cluster"] == graph["local"] and "Maren Holt" in graph["cluster"]
    assert "Maren Holt" not in graph["packaged"]
