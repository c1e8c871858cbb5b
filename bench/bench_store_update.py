"""Loading and updating the Oxigraph store of `kg build --store`: `python bench/bench_store_update.py [TRIPLES...]
[--baseline CHECKOUT] [--repeat N] [--realistic]` (default 1,000,000 triples).

On bench/bench_store.py's synthetic quote graph (one named graph per article), in one run: the store loaded
whole by `sync_store` (the N-Quads of every graph and their union, bulk-loaded as a first `kg build --store`
does) and from the graph files (`load_store`: graph.trig with graph.ttl as the default graph), each in a new
process that prints its wall-clock and CPU seconds and its peak RSS, alternately with the code of CHECKOUT
(e.g. /work/main) when given: old and new side by side, fastest of N runs each, the stores checked to hold the
same quads. Then, in this process, a no-op `sync_store` (nothing changed), one article's graph changed,
the graph of the pair counts changed (as a changed article changes it), and the build moved (every graph's build
link replaced), checked against a store loaded whole from the same graphs.
CPU seconds count every thread of the process (Oxigraph's loaders too): on a busy machine they vary less than
wall-clock seconds, which are what a user waits for.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
KG_ROOT = HERE.parent
LOADS = ("sync_store", "load_store")  # the two whole loads timed in a new process each


def graphs_of(nquads: str) -> dict[str, str]:
    """The N-Quads text of each named graph, by graph name."""
    texts: dict[str, list[str]] = {}
    for line in nquads.splitlines(keepends=True):
        texts.setdefault(line[line.rindex(" <") + 2:line.rindex(">")], []).append(line)
    return {g: "".join(lines) for g, lines in texts.items()}


def timed(func) -> float:
    """Seconds of calling func()."""
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def store_digest(directory: Path) -> str:
    """A digest of every quad of a store (its N-Quads dump, in the store's own order: the same quads give the
    same bytes)."""
    import pyoxigraph as ox

    return hashlib.sha256(ox.Store.read_only(str(directory)).dump(format=ox.RdfFormat.N_QUADS)).hexdigest()


def load_once(checkout: Path, how: str, n_triples: int, store: Path, realistic: bool) -> dict:
    """In this process (started by `timed_load`), with the `kg` of `checkout`: load a store whole one way, and
    the seconds, CPU seconds and peak RSS (MB) it took."""
    sys.path.insert(0, str(checkout))
    from kg.query.backends import load_store, sync_store
    from kg.rdf.load import StoreState

    sys.path.insert(1, str(HERE))
    from bench_store import synthetic_nquads, union_ntriples

    nquads = synthetic_nquads(n_triples, realistic=realistic)
    texts = graphs_of(nquads)
    work = store.parent / f"{store.name}-work"
    work.mkdir()
    if how == "load_store":
        import pyoxigraph as ox

        trig, ttl = work / "g.trig", work / "g.ttl"
        ox.serialize(ox.parse(nquads, format=ox.RdfFormat.N_QUADS), output=str(trig), format=ox.RdfFormat.TRIG)
        ox.serialize(ox.parse(union_ntriples(nquads), format=ox.RdfFormat.N_TRIPLES), output=str(ttl),
                     format=ox.RdfFormat.TURTLE)
        load = lambda: load_store(store, trig, ttl)  # noqa: E731
    else:
        by_key = {f"k-{g}": t for g, t in texts.items()}
        state = StoreState({g: f"k-{g}" for g in texts}, "urn:build:1", frozenset(texts))
        load = lambda: sync_store(store, state, by_key.get, work)  # noqa: E731
    del nquads
    wall, cpu = time.perf_counter(), time.process_time()
    quads = load()
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "quads": quads,
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def timed_load(checkout: Path, how: str, n_triples: int, store: Path, realistic: bool) -> dict:
    """`load_once` in a new process (so each load has its own peak RSS and no other code loaded)."""
    cmd = [sys.executable, __file__, "--load-once", str(checkout), how, str(n_triples), str(store), str(int(realistic))]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def side_by_side(n_triples: int, work: Path, checkouts: dict[str, Path], repeat: int,
                 realistic: bool) -> dict[str, dict]:
    """Each whole load with each checkout's code, alternately, `repeat` times: the fastest run of each (by wall
    clock and by CPU), the stores of the last runs checked to hold the same quads."""
    best: dict[str, dict] = {}
    for r in range(repeat):
        for how in LOADS:
            digests = set()
            for label, checkout in checkouts.items():
                store = work / f"{how}-{label}-{r}"
                run = timed_load(checkout, how, n_triples, store, realistic)
                digests.add((run["quads"], store_digest(store)))
                key = f"{how} [{label}]"
                old = best.get(key)
                best[key] = run if old is None else {k: min(v, run[k]) if k in ("wall", "cpu") else max(v, run[k])
                                                      for k, v in old.items()}
            if len(digests) != 1:
                raise SystemExit(f"{how}: the checkouts' stores differ: {digests}")
    return best


def updates(n_triples: int, work: Path, realistic: bool) -> dict[str, float]:
    """The graph-by-graph updates of a store loaded whole (this checkout's code), in seconds."""
    import pyoxigraph as ox

    from bench_store import synthetic_nquads
    from kg.ids import DEFAULT_BASE_IRI
    from kg.query.backends import sync_store
    from kg.rdf.graph import CO_QUOTED_GRAPH
    from kg.rdf.load import StoreState

    texts = graphs_of(synthetic_nquads(n_triples, realistic=realistic))
    by_key = {f"k-{g}": t for g, t in texts.items()}
    state = StoreState({g: f"k-{g}" for g in texts}, "urn:build:1", frozenset(texts))
    row = {"sync_store, whole (again, in this process)": timed(lambda: sync_store(work / "s", state, by_key.get, work))}
    row["sync_store, nothing changed"] = timed(lambda: sync_store(work / "s", state, by_key.get, work))
    one = next(iter(texts))
    by_key["changed"] = texts[one].replace('"words ', '"changed words ')
    changed = StoreState({**state.graphs, one: "changed"}, state.build, state.linked)
    row["sync_store, one graph changed"] = timed(lambda: sync_store(work / "s", changed, by_key.get, work))
    counts = f"{DEFAULT_BASE_IRI}{CO_QUOTED_GRAPH}"  # what a changed article's pairs also change
    by_key["recounted"] = texts[counts].replace('"1"^^', '"2"^^', 1)
    recounted = StoreState({**changed.graphs, counts: "recounted"}, changed.build, changed.linked)
    row["sync_store, the pair counts changed"] = timed(lambda: sync_store(work / "s", recounted, by_key.get, work))
    moved = StoreState(recounted.graphs, "urn:build:2", recounted.linked)
    final = StoreState({**moved.graphs, one: f"k-{one}", counts: f"k-{counts}"}, moved.build, moved.linked)
    counted: list[int] = []
    row["sync_store, one changed and the build moved"] = timed(
        lambda: counted.append(sync_store(work / "s", final, by_key.get, work)))
    whole = work / "whole"
    sync_store(whole, final, by_key.get, work)
    if store_digest(work / "s") != store_digest(whole) or counted != [len(ox.Store.read_only(str(whole)))]:
        raise SystemExit("the updated store (or its count of quads) differs from one loaded whole")
    return row


def main() -> None:
    """Command line."""
    if sys.argv[1:2] == ["--load-once"]:
        checkout, how, n, store, realistic = sys.argv[2:]
        print(json.dumps(load_once(Path(checkout), how, int(n), Path(store), realistic == "1")))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1_000_000])
    ap.add_argument("--baseline", type=Path, default=None, metavar="CHECKOUT",
                    help="another checkout of kg (e.g. /work/main), timed alternately with this one")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each whole load, the fastest kept")
    ap.add_argument("--realistic", action="store_true",
                    help="2 to 5 speakers an article, as in the dev articles (bench_store.synthetic_nquads)")
    args = ap.parse_args()
    checkouts = {"this": KG_ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    sys.path.insert(0, str(HERE))
    sys.path.insert(1, str(KG_ROOT))
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            loads = side_by_side(n, Path(tmp), checkouts, args.repeat, args.realistic)
            row = updates(n, Path(tmp), args.realistic)
        quads = next(iter(loads.values()))["quads"]
        print(f"~{n:,} triples: {quads:,} quads in the store (the union as its default graph)")
        print(f"  {'whole load':<44}{'wall s':>9}{'CPU s':>9}{'peak RSS MB':>13}")
        for key, run in loads.items():
            print(f"  {key:<44}{run['wall']:>9.2f}{run['cpu']:>9.2f}{run['rss']:>13.0f}")
        if args.baseline:
            for how in LOADS:
                old, new = loads[f"{how} [baseline]"], loads[f"{how} [this]"]
                print(f"  {how + ' baseline / this':<44}{old['wall'] / new['wall']:>8.2f}×"
                      f"{old['cpu'] / new['cpu']:>8.2f}×{old['rss'] / new['rss']:>12.2f}×")
        for key, value in row.items():
            print(f"  {key:<44}{value:>9.2f}")
        print(f"  {'whole / one changed':<44}{row['sync_store, whole (again, in this process)'] / row['sync_store, one graph changed']:>8.2f}×")


if __name__ == "__main__":
    main()
