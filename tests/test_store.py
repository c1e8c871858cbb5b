"""The scale path: `kg build --store`, and `kg push` / `kg query --endpoint` against a real Oxigraph
server started for the tests. The same query gives the same rows from --graph, --store and --endpoint."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.ids import Iris
from kg.query.backends import execute, run
from kg.rdf.graph import contradictions_part_graph

from kg.query.sparql import parse_params, resolve

from .conftest import SEEDS
from .test_query import CANNED_RUNS, INJECTION, invoke, records, rows

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def oxigraph_binary() -> str:
    """The `oxigraph` server binary next to the running Python, or on PATH; a clear failure otherwise."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` binary is missing: install the test extras (pip install -e '.[test]')")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 20.0) -> None:
    """Poll the query endpoint until it answers an ASK."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"oxigraph serve exited with status {proc.returncode}: {proc.stderr.read().decode()[:300]}")
        try:
            req = urllib.request.Request(f"{url}/query", data=b"ASK {}", headers={"Content-Type": "application/sparql-query"})
            with urllib.request.urlopen(req, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"oxigraph serve did not answer at {url} within {seconds:.0f} s")


@pytest.fixture
def oxigraph_server(tmp_path):
    """An Oxigraph server on 127.0.0.1 and a free port, with its data in a temporary directory; its base URL."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "oxigraph"),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def store_quads(directory: Path) -> set[str]:
    """Every quad of the Oxigraph store in `directory`, in N-Quads."""
    import pyoxigraph as ox

    return {str(q) for q in ox.Store.read_only(str(directory))}


def count(**backend) -> int:
    """Every triple of every graph (the default one and the named ones) on one backend."""
    return int(records(execute(COUNT_ALL, {}, **backend))[0]["n"])


@pytest.mark.model
def test_build_store_then_query_it(tmp_path):
    store = tmp_path / "store"
    res = invoke("build", str(SEEDS / "003_0172dc2ae70322f2.txt"), "--out", str(tmp_path / "out"), "--no-html",
                 "--store", str(store))
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[-1] == f"{count(store=store)} quads -> Oxigraph store {store}/"
    trig = tmp_path / "out" / "graph.trig"
    assert rows(execute(resolve("who-said-what")[0], {}, store=store)) == \
        rows(execute(resolve("who-said-what")[0], {}, graph=trig))


@pytest.mark.server
def test_push_then_every_canned_query_gives_the_same_rows_on_all_three_backends(seed_build, seed_dataset,
                                                                               oxigraph_server, tmp_path):
    trig = seed_build / "graph.trig"
    res = invoke("push", "--endpoint", f"{oxigraph_server}/store", "--graph", str(trig))
    assert res.exit_code == 0, res.output
    named = {g.identifier for g in seed_dataset.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID}
    assert res.output == (f"pushed {len(named)} named graphs ({len(set(seed_dataset.quads()))} triples) and their "
                          f"union as the default graph ({len(seed_dataset)} triples) to {oxigraph_server}/store\n")
    from kg.query.backends import load_store

    store = tmp_path / "store"
    load_store(store, trig)
    endpoint = f"{oxigraph_server}/query"
    for name, params in CANNED_RUNS:
        text, _ = resolve(name)
        bindings = parse_params([f"{k}={v}" for k, v in params.items()])
        in_memory = rows(run(seed_dataset, text, bindings))
        assert in_memory, name
        assert rows(execute(text, bindings, store=store)) == in_memory, name
        assert rows(execute(text, bindings, endpoint=endpoint)) == in_memory, name
    assert count(endpoint=endpoint) == count(store=store)


@pytest.mark.server
def test_named_graphs_are_kept_and_pushing_twice_changes_nothing(seed_build, oxigraph_server):
    trig = seed_build / "graph.trig"
    endpoint = f"{oxigraph_server}/query"
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    assert invoke("push", "--endpoint", f"{oxigraph_server}/store", "--graph", str(trig)).exit_code == 0
    first = count(endpoint=endpoint)
    res = invoke("push", "--protocol", "update", "--endpoint", f"{oxigraph_server}/update", "--graph", str(trig))
    assert res.exit_code == 0, res.output
    assert count(endpoint=endpoint) == first
    named = [r["g"] for r in records(execute(graphs, {}, endpoint=endpoint))]
    assert named == [r["g"] for r in records(execute(graphs, {}, graph=trig))]
    parts = _contradiction_parts(seed_build)
    assert parts <= set(named) and len(named) == 5 + 2 + len(parts)  # the articles', the build's, the pair
    # counts', the parts'


def _contradiction_parts(build) -> set[str]:
    """The named graphs of a build's contradictions: one per type and article of the first side."""
    found = json.loads((build / "contradictions.json").read_text(encoding="utf-8"))
    return {str(contradictions_part_graph(Iris(), c["type"], c["a"]["doc"])) for c in found}


@pytest.mark.server
def test_an_injected_parameter_is_a_literal_on_every_backend(seed_build, oxigraph_server, tmp_path):
    trig = seed_build / "graph.trig"
    assert invoke("push", "--endpoint", f"{oxigraph_server}/store", "--graph", str(trig)).exit_code == 0
    from kg.query.backends import load_store

    store = tmp_path / "store"
    load_store(store, trig)
    endpoint = f"{oxigraph_server}/query"
    before = count(endpoint=endpoint), count(store=store)
    text, _ = resolve("quotes-by-speaker")
    for backend in ({"graph": trig}, {"store": store}, {"endpoint": endpoint}):
        assert rows(execute(text, {"speaker": Literal(INJECTION)}, **backend)) == []
        # the literal is matched as it is: a speaker with that alias would be found
        ask = "ASK { FILTER(?v = STR(?w)) }"
        assert execute(ask, {"v": Literal(INJECTION), "w": Literal(INJECTION)}, **backend).askAnswer is True
    assert (count(endpoint=endpoint), count(store=store)) == before


@pytest.mark.server
def test_endpoint_errors_are_one_line(oxigraph_server):
    res = invoke("query", "who-said-what", "--endpoint", "http://127.0.0.1:9/query")
    assert (res.exit_code, res.output) == (1, "kg: error: http://127.0.0.1:9/query: cannot reach the SPARQL server "
                                              "([Errno 111] Connection refused)\n")
    res = invoke("query", "SELECT ?x WHERE { ?x ?y }", "--endpoint", f"{oxigraph_server}/query")
    assert res.exit_code == 1 and "malformed SPARQL query: line 1, column" in res.output
    missing = SEEDS.parent / "missing.trig"
    res = invoke("push", "--endpoint", f"{oxigraph_server}/nowhere", "--graph", str(missing))
    assert (res.exit_code, res.output) == (1, f"kg: error: {missing}: no such graph file; run `kg build` first (it "
                                              "writes out/graph.ttl and out/graph.trig)\n")


def test_the_union_file_loads_the_same_default_graph_as_the_quads(seed_build, tmp_path):
    """graph.ttl loaded as the default graph (parsed by Oxigraph, beside graph.trig) instead of every quad of
    graph.trig copied in Python, and the build's cached N-Quads loaded whole (`kg build --store` on a new store):
    the store holds the same quads every way."""
    from kg.build.cache import Cache
    from kg.build.pipeline import CACHE_DIR, cached_text, store_state
    from kg.query.backends import load_store, sync_store

    trig = seed_build / "graph.trig"
    fast, slow, cached = tmp_path / "fast", tmp_path / "slow", tmp_path / "cached"
    cache = Cache(seed_build / CACHE_DIR)
    assert load_store(fast, trig, seed_build / "graph.ttl") == load_store(slow, trig) == \
        sync_store(cached, store_state(cache.load_manifest()), lambda key: cached_text(cache, key), tmp_path / "work")
    assert store_quads(fast) == store_quads(slow) == store_quads(cached)


# -- a server's base URL (issue 15, item 9)

@pytest.mark.server
def test_push_and_query_find_the_services_under_an_oxigraph_base_url(seed_build, oxigraph_server):
    trig = seed_build / "graph.trig"
    res = invoke("push", "--endpoint", oxigraph_server, "--graph", str(trig))
    assert res.exit_code == 0, res.output
    assert res.output.endswith(f"to {oxigraph_server}/store\n")
    res = invoke("push", "--protocol", "update", "--endpoint", f"{oxigraph_server}/", "--graph", str(trig))
    assert res.exit_code == 0 and res.output.endswith(f"to {oxigraph_server}/update\n"), res.output
    text, _ = resolve("who-said-what")
    assert rows(execute(text, {}, endpoint=oxigraph_server)) == rows(execute(text, {}, graph=trig))
    res = invoke("query", "who-said-what", "--endpoint", oxigraph_server, "--format", "csv")
    assert res.exit_code == 0 and len(res.output.splitlines()) == 1 + len(rows(execute(text, {}, graph=trig)))


class FakeFuseki(BaseHTTPRequestHandler):
    """Fuseki's services under one dataset: /ds/data (Graph Store Protocol) and /ds/query; 404 elsewhere."""

    puts: list[str] = []

    def do_PUT(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.split("?")[0] != "/ds/data":
            return self.send_error(404)
        self.puts.append(self.path)
        self.send_response(204)
        self.end_headers()

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.path != "/ds/query":
            return self.send_error(404)
        body = b'{"head": {}, "boolean": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        """Quiet."""


@pytest.fixture
def fake_fuseki():
    """The base URL of a FakeFuseki server on a free port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeFuseki)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeFuseki.puts.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.server
def test_a_fuseki_dataset_url_finds_its_data_and_query_services(seed_build, fake_fuseki):
    res = invoke("push", "--endpoint", f"{fake_fuseki}/ds", "--graph", str(seed_build / "graph.trig"))
    assert res.exit_code == 0 and res.output.endswith(f"to {fake_fuseki}/ds/data\n"), res.output
    graphs = 1 + 5 + 2 + len(_contradiction_parts(seed_build))  # the default graph, the articles', the build's,
    # the pair counts'
    assert len(FakeFuseki.puts) == graphs and FakeFuseki.puts[0] == "/ds/data?default"
    res = invoke("query", "ASK { ?s ?p ?o }", "--endpoint", f"{fake_fuseki}/ds")
    assert res.exit_code == 0 and res.output == "true\n"


@pytest.mark.server
def test_a_url_with_no_service_says_which_url_to_give(seed_build, fake_fuseki):
    res = invoke("push", "--endpoint", f"{fake_fuseki}/nowhere", "--graph", str(seed_build / "graph.trig"))
    assert res.exit_code == 1 and res.output.count("\n") == 1
    assert res.output == (f"kg: error: {fake_fuseki}/nowhere: no SPARQL Graph Store (gsp) endpoint here (HTTP 404), "
                          f"nor at {fake_fuseki}/nowhere/store, {fake_fuseki}/nowhere/data; give the service's own "
                          f"URL: {fake_fuseki}/nowhere/store on Oxigraph, http://HOST:3030/DATASET/data on Fuseki\n")
    res = invoke("query", "ASK { ?s ?p ?o }", "--endpoint", fake_fuseki)
    assert res.exit_code == 1 and "no SPARQL query endpoint here" in res.output and res.output.count("\n") == 1


# -- a store loaded whole, and graph by graph (issue 17, part 2)

EX = "http://example.org/"
GRAPHS = {  # invented graphs, as a build caches them (sorted lines); some triples are in two graphs
    "a": f'<{EX}s1> <{EX}says> "one <{EX}x> ." <{EX}g/a> .\n<{EX}s1> <{EX}name> "Ana"@en <{EX}g/a> .\n'
         f'<{EX}s2> <{EX}at> "2025-01-02"^^<http://www.w3.org/2001/XMLSchema#date> <{EX}g/a> .\n',
    "b": f'<{EX}s1> <{EX}name> "Ana"@en <{EX}g/b> .\n<{EX}s3> <{EX}says> "two\\nlines" <{EX}g/b> .\n',
    "c": f'<{EX}s1> <{EX}name> "Ana"@en <{EX}g/c> .\n<{EX}s4> <{EX}knows> <{EX}s1> <{EX}g/c> .\n',
}


def reference(texts: list[str]) -> set[str]:
    """The quads a store holds for these N-Quads texts, added one by one: each in its named graph, and each
    triple once in the default graph."""
    import pyoxigraph as ox

    store = ox.Store()
    for text in texts:
        for quad in ox.parse(text, format=ox.RdfFormat.N_QUADS):
            store.extend([quad, ox.Quad(quad.subject, quad.predicate, quad.object)])
    return {str(q) for q in store}


def state(graphs: dict[str, str], build: str = "urn:build:1"):
    """The StoreState of invented graphs keyed by their own text (every graph linked to the build)."""
    from kg.rdf.load import StoreState

    return StoreState({f"{EX}g/{name}": text for name, text in graphs.items()}, build,
                      frozenset(f"{EX}g/{name}" for name in graphs))


def test_a_whole_load_holds_every_graph_and_their_union_once(tmp_path):
    import pyoxigraph as ox

    from kg.rdf.load import bulk_load_nquads

    store = ox.Store(str(tmp_path / "store"))
    bulk_load_nquads(store, GRAPHS.values(), tmp_path / "work")
    assert {str(q) for q in store} == reference(list(GRAPHS.values()))
    assert len(store) == 7 + 5  # the named graphs' quads, and their union (Ana's name once)
    assert not list((tmp_path / "work").iterdir())  # the temporary files are gone


def test_a_missing_union_file_is_one_clear_error(tmp_path):
    from kg.errors import KgError
    from kg.query.backends import load_store

    (tmp_path / "g.nq").write_text("".join(GRAPHS.values()), encoding="utf-8")
    with pytest.raises(KgError, match=r"u\.nt: no such graph file"):
        load_store(tmp_path / "store", tmp_path / "g.nq", tmp_path / "u.nt")


def test_a_store_updated_graph_by_graph_equals_one_loaded_whole(tmp_path):
    from kg.query.backends import sync_store

    texts = {text: text for text in GRAPHS.values()}
    first = state(GRAPHS)
    assert sync_store(tmp_path / "updated", first, texts.get, tmp_path) == len(reference(list(GRAPHS.values()))) + 6
    changed = {"a": GRAPHS["a"].replace("one", "uno"), "b": GRAPHS["b"], "d": GRAPHS["c"].replace("/g/c", "/g/d")}
    texts.update((text, text) for text in changed.values())
    second = state(changed, "urn:build:2")  # a changed, b kept, c gone, d new, and a new build
    quads = sync_store(tmp_path / "updated", second, texts.get, tmp_path)
    assert quads == sync_store(tmp_path / "whole", second, texts.get, tmp_path)
    assert store_quads(tmp_path / "updated") == store_quads(tmp_path / "whole") and quads == len(store_quads(tmp_path / "whole"))
    assert f'<{EX}s1> <{EX}says> "one <{EX}x> ." .' not in store_quads(tmp_path / "updated")  # gone from the union
