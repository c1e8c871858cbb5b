"""The backends that run SPARQL text (kg.query.sparql): a graph file in memory, on Oxigraph
(`memory_store`, the default) or on rdflib (`run`, `--engine rdflib`), and beyond memory a persistent Oxigraph
store on disk (`kg build --store`, `kg query --store`) and any SPARQL 1.1 server (`kg push --endpoint`,
`kg query --endpoint`); `execute` picks one.

They answer the same query text with the same rows. The Oxigraph stores and a server hold every
named graph and, as their default graph, the union of them all (what graph.ttl holds): Oxigraph's
own union default graph repeats a triple once per graph that has it, where rdflib's union (and RDF
merge) holds it once. Parameters are bound as RDF terms by a VALUES clause built from escaped rdflib
literals (`kg.query.sparql.bind_values`; on rdflib, initBindings), never pasted in as text.
"""

from __future__ import annotations

import io
import json
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, Variable
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from ..errors import KgError
from ..io import atomic_write
from ..rdf.formats import by_name
from ..rdf.graph import load_dataset
from ..rdf.load import OX_PREFIXES, StoreState, bulk_load_nquads, load_graph, prologue, update_graphs
from ..rdf.nquads import build_link
from . import DEFAULT_GRAPH, ENGINES
from ..rdf.quads import to_rdflib
from ..rdf.vocab import PREFIXES
from .sparql import bind_values, check_params, page_size, paged, query_form, resolve, with_keys

T = TypeVar("T")
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = by_name("nt").media_type
UPDATE_CHUNK = 20_000  # triples per INSERT DATA request
TIMEOUT = 300.0
# The usual paths of each SPARQL service under a server's base URL: Oxigraph's (/store, /query, /update) first,
# then Fuseki's under a dataset (/DATASET/data, /DATASET/sparql); tried in order when the URL given is not one.
SERVICE_PATHS = {"store": ("store", "data"), "query": ("query", "sparql"), "update": ("update",)}
SERVICE_NAMES = {"store": "Graph Store (gsp)", "query": "query", "update": "update"}
NOT_HERE = (404, 405)  # what a server answers at a URL that is not the service asked for
STORE_STAMP = "kg-graphs.json"  # in a store directory: the key of each named graph a build loaded (sync_store)


@dataclass(frozen=True)
class PushSummary:
    """What `kg push` sent: named graphs and their triples, the triples of their union (the default graph),
    and where."""

    graphs: int
    triples: int
    union: int
    url: str  # the service URL that took them


def run(ds: Dataset, text: str, params: dict[str, Literal] | None = None) -> Result:
    """Run SPARQL on the dataset (union of named graphs) with parameters bound as RDF terms (initBindings)."""
    from rdflib.plugins.sparql import prepareQuery  # only here: a fifth of a second to import, which --store skips

    query_form(text)
    try:
        prepared = prepareQuery(text, initNs=dict(PREFIXES))
        bindings = {Variable(k): v for k, v in with_keys(text, params or {}).items()}
        return ds.query(prepared, initBindings=bindings)
    except KgError:
        raise
    except Exception as exc:  # pyparsing's ParseException, rdflib's evaluation errors
        raise KgError(f"rdflib cannot run this query: {' '.join(str(exc).split())[:200]}") from exc


def execute(text: str, params: dict[str, Literal], graph: Path | None = None, store: Path | None = None,
            endpoint: str | None = None, engine: str = ENGINES[0]) -> Result:
    """Run the query on one backend: a graph file (in memory, on Oxigraph or with `engine` "rdflib" on rdflib),
    an Oxigraph store directory or an endpoint URL."""
    if sum(x is not None for x in (graph, store, endpoint)) != 1:
        raise KgError("give exactly one of --graph FILE, --store DIR, --endpoint URL")
    if engine not in ENGINES:
        raise KgError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "rdflib":
        if graph is None:
            raise KgError("--engine rdflib queries a graph file (--graph); a store or an endpoint answers with its own")
        return run(load_dataset(graph), text, params)
    form = query_form(text)
    params = with_keys(text, params)
    if graph is not None:
        return query_oxigraph(memory_store(graph), text, form, params)
    if store is not None:
        return query_oxigraph(open_store(store), text, form, params)
    return query_endpoint(endpoint, text, form, params)


def run_query(text_or_name: str, params: Mapping[str, str | Literal] | None = None, *, graph: Path | str | None = None,
              store: Path | str | None = None, endpoint: str | None = None, limit: int | None = None,
              offset: int | None = None, every_row: bool = False, engine: str = ENGINES[0]) -> Result:
    """`kg.api.query`, what `kg query` runs without importing the build (kg.api's imports take about a quarter
    of a second of a query's new process): on the one backend given, else the default graph file."""
    if graph is None and store is None and endpoint is None:
        graph = DEFAULT_GRAPH
    text, canned = resolve(text_or_name)
    bindings = {name: v if isinstance(v, Literal) else Literal(v) for name, v in (params or {}).items()}
    check_params(canned, bindings)
    return execute(paged(text, page_size(canned, limit, every_row), offset), bindings, graph and Path(graph),
                   store and Path(store), endpoint, engine)


def _writable_store(directory: Path) -> ox.Store:
    """The Oxigraph store in `directory` (created, with its parents, when there is none), open for writing."""
    try:
        Path(directory).mkdir(parents=True, exist_ok=True)
        return ox.Store(str(directory))
    except OSError as exc:
        raise KgError(f"{directory}: cannot open an Oxigraph store here: {exc}") from exc


def load_store(directory: Path, graph_file: Path, union_file: Path | None = None) -> int:
    """Replace the contents of the Oxigraph store in `directory` by a graph file (named graphs kept);
    returns the number of quads. `union_file` (triples only) is the union of the graph file's named graphs,
    as `kg build` writes it (graph.ttl), loaded as the default graph."""
    store = _writable_store(directory)
    (Path(directory) / STORE_STAMP).unlink(missing_ok=True)  # its graphs are no longer a build's
    store.clear()
    load_graph(store, graph_file, union_file=union_file)
    store.flush()
    return len(store)


def sync_store(directory: Path, wanted: StoreState, text_of: Callable[[str], str], work: Path) -> int:
    """Bring the Oxigraph store in `directory` up to date with a build's graph (`wanted`; `text_of(key)` gives
    the N-Quads of a graph). A store this function filled before (its `kg-graphs.json` says with what) is updated
    graph by graph (`kg.rdf.load.update_graphs`); any other store is cleared and bulk-loaded whole, through
    temporary files under `work`. Returns the number of quads (counted only after a whole load)."""
    store = _writable_store(directory)
    stamp = Path(directory) / STORE_STAMP
    loaded = _read_stamp(stamp)
    stamp.unlink(missing_ok=True)  # an update killed half way leaves a store that is loaded whole next time
    if loaded is not None:
        state, quads = loaded
        quads += update_graphs(store, state, wanted, text_of)
    else:
        store.clear()
        bulk_load_nquads(store, (text_of(key) + (build_link(graph, wanted.build) if graph in wanted.linked else "")
                                 for graph, key in wanted.graphs.items()), work)
        quads = len(store)
    store.flush()
    atomic_write(stamp, json.dumps({"graphs": wanted.graphs, "build": wanted.build, "linked": sorted(wanted.linked),
                                    "quads": quads}))
    return quads


def _read_stamp(stamp: Path) -> tuple[StoreState, int] | None:
    """The state a store's stamp file records and its number of quads, or None (no stamp, or unreadable)."""
    try:
        data = json.loads(stamp.read_text(encoding="utf-8"))
        return StoreState(dict(data["graphs"]), str(data["build"]), frozenset(data["linked"])), int(data["quads"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def open_store(directory: Path) -> ox.Store:
    """The Oxigraph store in `directory`, read-only (other readers and one writer may share it)."""
    if not (Path(directory) / "CURRENT").is_file():
        raise KgError(f"{directory}: no Oxigraph store here; create one with `kg build --store {directory}`")
    try:
        return ox.Store.read_only(str(directory))
    except OSError as exc:
        raise KgError(f"{directory}: cannot open the Oxigraph store: {exc}") from exc


def memory_store(graph_file: Path) -> ox.Store:
    """A graph file in an Oxigraph store in memory, its default graph the union of its named graphs."""
    store = ox.Store()
    load_graph(store, Path(graph_file))
    return store


def query_oxigraph(store: ox.Store, text: str, form: str, params: dict[str, Literal]) -> Result:
    """Run a query on an Oxigraph store (its default graph is the union of its named graphs)."""
    try:
        answer = store.query(bind_values(text, params), prefixes=OX_PREFIXES)
        if form == "CONSTRUCT":
            return result_from_ntriples(answer.serialize(format=ox.RdfFormat.N_TRIPLES))
        if form == "SELECT":
            return result_from_solutions(answer)
        return result_from_json(answer.serialize(format=ox.QueryResultsFormat.JSON))
    except (SyntaxError, OSError, RuntimeError) as exc:
        raise KgError(f"Oxigraph cannot run this query: {' '.join(str(exc).split())[:200]}") from exc


def result_from_solutions(answer: ox.QuerySolutions) -> Result:
    """An rdflib SELECT Result from Oxigraph's solutions, each distinct term converted once (about a third
    faster than through JSON results on thousands of rows; the same terms as `result_from_json` gives)."""
    names = [v.value for v in answer.variables]
    cell = lru_cache(maxsize=None)(_result_term)
    result = Result("SELECT")
    result.vars = [Variable(n) for n in names]
    result.bindings = [{Variable(n): cell(term) for n in names if (term := solution[n]) is not None}
                       for solution in answer]
    return result


def _result_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """A result cell as SPARQL JSON results carry it: an xsd:string literal without its datatype."""
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return to_rdflib(term)


def result_from_json(data: bytes) -> Result:
    """An rdflib Result from W3C SPARQL JSON results (SELECT or ASK)."""
    return Result.parse(io.BytesIO(data), format="json")


def result_from_ntriples(data: bytes) -> Result:
    """An rdflib CONSTRUCT Result from N-Triples."""
    result = Result("CONSTRUCT")
    result.graph = Graph().parse(data=data.decode("utf-8"), format="nt")
    return result


class HttpError(KgError):
    """An HTTP error status from a SPARQL server, as one line."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def _request(url: str, body: bytes, content_type: str, accept: str | None = None,
             method: str = "POST") -> bytes:
    """One HTTP request to a SPARQL server; its answer, or a one-line KgError (HttpError for an error status)."""
    import urllib.error  # only here: urllib.request takes a tenth of a second to import, which --store skips
    import urllib.request

    headers = {"Content-Type": content_type, **({"Accept": accept} if accept else {})}
    req = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read().decode("utf-8", "replace").split())[:200]
        raise HttpError(f"{url}: HTTP {exc.code} {exc.reason}: {detail}", exc.code) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise KgError(f"{url}: cannot reach the SPARQL server ({reason})") from exc


def service_url(url: str, service: str, send: Callable[[str], T]) -> tuple[str, T]:
    """`send(url)`, or when nothing is there (HTTP 404 or 405: the URL is a server's base URL) `send` to the
    service's usual paths under it (SERVICE_PATHS): the URL that answered and the answer. When none does,
    a KgError says which URLs were tried and which to give."""
    base = url.split("?", 1)[0].rstrip("/")
    tried = [url, *(f"{base}/{path}" for path in SERVICE_PATHS[service])]
    first: HttpError | None = None
    for candidate in tried:
        try:
            return candidate, send(candidate)
        except HttpError as exc:
            if exc.code not in NOT_HERE:
                raise
            first = first or exc
    paths = SERVICE_PATHS[service]
    raise KgError(f"{url}: no SPARQL {SERVICE_NAMES[service]} endpoint here (HTTP {first.code if first else '?'}), "
                  f"nor at {', '.join(tried[1:])}; give the service's own URL: {base}/{paths[0]} on Oxigraph, "
                  f"http://HOST:3030/DATASET/{paths[-1]} on Fuseki") from first


def query_endpoint(url: str, text: str, form: str, params: dict[str, Literal]) -> Result:
    """Run a query on a SPARQL 1.1 query endpoint (SPARQL Protocol, POST) filled by `push`; a server's base
    URL will do (see `service_url`)."""
    body = (prologue() + bind_values(text, params)).encode("utf-8")
    accept = N_TRIPLES if form == "CONSTRUCT" else RESULTS_JSON
    url, data = service_url(url, "query", lambda u: _request(u, body, "application/sparql-query", accept))
    try:
        return result_from_ntriples(data) if form == "CONSTRUCT" else result_from_json(data)
    except Exception as exc:  # rdflib's parsers raise many types
        raise KgError(f"{url}: unreadable answer: {' '.join(str(exc).split())[:200]}") from exc


def push(graph_file: Path, url: str, protocol: str = "gsp") -> PushSummary:
    """Upload a graph file to a SPARQL server, each named graph and the default graph (their union)
    replaced as a whole: through the Graph Store HTTP Protocol (PUT to URL?graph=IRI) or SPARQL Update
    (DROP + INSERT DATA to URL). URL may be the server's base URL (see `service_url`)."""
    if protocol not in ("gsp", "update"):
        raise KgError(f"unknown protocol {protocol!r}; use gsp or update")
    store = ox.Store()
    load_graph(store, graph_file)
    graphs = [ox.DefaultGraph(), *sorted(store.named_graphs(), key=lambda g: g.value)]
    counts = []
    send = _put_graph if protocol == "gsp" else _update_graph
    for n, graph in enumerate(graphs):
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        counts.append(data.count(b"\n"))
        if n == 0:  # the first request finds the service
            url, _ = service_url(url, "store" if protocol == "gsp" else "update", lambda u: send(u, graph, data))
        else:
            send(url, graph, data)
    return PushSummary(len(graphs) - 1, sum(counts[1:]), counts[0], url)


def _put_graph(url: str, graph: ox.NamedNode | ox.DefaultGraph, data: bytes) -> None:
    """Replace one graph through the Graph Store HTTP Protocol."""
    target = "default" if isinstance(graph, ox.DefaultGraph) else "graph=" + urllib.parse.quote(graph.value, safe="")
    _request(f"{url}{'&' if '?' in url else '?'}{target}", data, N_TRIPLES, method="PUT")


def _update_graph(url: str, graph: ox.NamedNode | ox.DefaultGraph, data: bytes) -> None:
    """Replace one graph through SPARQL Update, in chunks of UPDATE_CHUNK triples."""
    lines = data.decode("utf-8").splitlines()
    named = not isinstance(graph, ox.DefaultGraph)
    clear = f"DROP SILENT GRAPH <{graph.value}>" if named else "DROP SILENT DEFAULT"
    for i in range(0, max(len(lines), 1), UPDATE_CHUNK):
        body = "\n".join(lines[i:i + UPDATE_CHUNK])
        insert = f"INSERT DATA {{ GRAPH <{graph.value}> {{\n{body}\n}} }}" if named else f"INSERT DATA {{\n{body}\n}}"
        _request(url, (f"{clear} ;\n{insert}" if i == 0 else insert).encode("utf-8"), "application/sparql-update")
