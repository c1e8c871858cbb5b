"""The scale path: `kg build --store`, and `kg push` / `kg query --endpoint` against a real Oxigraph
server started for the tests. The same query gives the same rows from --graph, --store and --endpoint."""

from __future__ import annotations

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

from kg.query.backends import execute, run

from kg.query.sparql import parse_params, resolve

from .conftest import SEEDS
from .test_query import CANNED_RUNS, INJECTION, invoke, records, rows

pytestmark = pytest.mark.server

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
    assert any(g.endswith("graph/contradictions") for g in named) and len(named) == 7


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


def test_endpoint_errors_are_one_line(oxigraph_server):
    res = invoke("query", "who-said-what", "--endpoint", "http://127.0.0.1:9/query")
    assert (res.exit_code, res.output) == (1, "kg: error: http://127.0.0.1:9/query: cannot reach the SPARQL server "
                                              "([Errno 111] Connection refused)\n")
    res = invoke("query", "SELECT ?x WHERE { ?x ?y }", "--endpoint", f"{oxigraph_server}/query")
    assert res.exit_code == 1 and "malformed SPARQL query: line 1, column" in res.output
    missing = SEEDS.parent / "missing.trig"
    res = invoke("push", "--endpoint", f"{oxigraph_server}/nowhere", "--graph", str(missing))
    assert (res.exit_code, res.output) == (1, f"kg: error: {missing}: no such graph file; run `kg build` first (it "
                                              "writes out/graph.trig)\n")


def test_the_union_file_loads_the_same_default_graph_as_the_quads(seed_build, tmp_path):
    """`kg build --store` loads graph.ttl as the default graph (parsed by Oxigraph) instead of copying every
    quad of graph.trig in Python: the store holds the same quads either way."""
    import pyoxigraph as ox

    from kg.query.backends import load_store

    trig = seed_build / "graph.trig"
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    assert load_store(fast, trig, seed_build / "graph.ttl") == load_store(slow, trig)
    quads = [{str(q) for q in ox.Store.read_only(str(d))} for d in (fast, slow)]
    assert quads[0] == quads[1]


# -- a server's base URL (issue 15, item 9)

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


def test_a_fuseki_dataset_url_finds_its_data_and_query_services(seed_build, fake_fuseki):
    res = invoke("push", "--endpoint", f"{fake_fuseki}/ds", "--graph", str(seed_build / "graph.trig"))
    assert res.exit_code == 0 and res.output.endswith(f"to {fake_fuseki}/ds/data\n"), res.output
    assert len(FakeFuseki.puts) == 8 and FakeFuseki.puts[0] == "/ds/data?default"
    res = invoke("query", "ASK { ?s ?p ?o }", "--endpoint", f"{fake_fuseki}/ds")
    assert res.exit_code == 0 and res.output == "true\n"


def test_a_url_with_no_service_says_which_url_to_give(seed_build, fake_fuseki):
    res = invoke("push", "--endpoint", f"{fake_fuseki}/nowhere", "--graph", str(seed_build / "graph.trig"))
    assert res.exit_code == 1 and res.output.count("\n") == 1
    assert res.output == (f"kg: error: {fake_fuseki}/nowhere: no SPARQL Graph Store (gsp) endpoint here (HTTP 404), "
                          f"nor at {fake_fuseki}/nowhere/store, {fake_fuseki}/nowhere/data; give the service's own "
                          f"URL: {fake_fuseki}/nowhere/store on Oxigraph, http://HOST:3030/DATASET/data on Fuseki\n")
    res = invoke("query", "ASK { ?s ?p ?o }", "--endpoint", fake_fuseki)
    assert res.exit_code == 1 and "no SPARQL query endpoint here" in res.output and res.output.count("\n") == 1
