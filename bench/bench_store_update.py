"""Loading and updating the Oxigraph store of `kg build --store`: `python bench/bench_store_update.py [TRIPLES...]`
(default 1,000,000).

On bench/bench_store.py's synthetic quote graph (one named graph per article), in one run: the store loaded
from the graph files (`load_store`: TriG, then the Turtle union as the default graph, as `kg build --store` did
before), the store loaded whole by `sync_store` (the N-Quads of every graph and their union, bulk-loaded as a
first `kg build --store` does), a no-op `sync_store` (nothing changed), one article's graph changed, and the
build moved (every graph's build link replaced). Checks that the updated store holds the same quads as one
loaded whole from the same graphs, and prints the seconds and ratios.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_store import synthetic_nquads, union_ntriples  # noqa: E402

from kg.query.backends import load_store, sync_store  # noqa: E402
from kg.rdf.load import StoreState  # noqa: E402


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


def bench(n_triples: int, work: Path) -> dict[str, float]:
    """The figures for one graph size."""
    nquads = synthetic_nquads(n_triples)
    texts = graphs_of(nquads)
    trig, ttl = work / "g.trig", work / "g.ttl"
    ox.serialize(ox.parse(nquads, format=ox.RdfFormat.N_QUADS), output=str(trig), format=ox.RdfFormat.TRIG)
    ox.serialize(ox.parse(union_ntriples(nquads), format=ox.RdfFormat.N_TRIPLES), output=str(ttl),
                 format=ox.RdfFormat.TURTLE)
    by_key = {f"k-{g}": t for g, t in texts.items()}
    state = StoreState({g: f"k-{g}" for g in texts}, "urn:build:1", frozenset(texts))
    row = {"quads": nquads.count("\n"), "graphs": len(texts)}
    row["load_store (graph.trig + graph.ttl)"] = timed(lambda: load_store(work / "files", trig, ttl))
    row["sync_store, whole (first build --store)"] = timed(lambda: sync_store(work / "s", state, by_key.get, work))
    row["sync_store, nothing changed"] = timed(lambda: sync_store(work / "s", state, by_key.get, work))
    one = next(iter(texts))
    by_key["changed"] = texts[one].replace('"words ', '"changed words ')
    changed = StoreState({**state.graphs, one: "changed"}, state.build, state.linked)
    row["sync_store, one graph changed"] = timed(lambda: sync_store(work / "s", changed, by_key.get, work))
    moved = StoreState(changed.graphs, "urn:build:2", changed.linked)
    final = StoreState({**moved.graphs, one: f"k-{one}"}, moved.build, moved.linked)
    counted: list[int] = []
    row["sync_store, one changed and the build moved"] = timed(
        lambda: counted.append(sync_store(work / "s", final, by_key.get, work)))
    whole = work / "whole"
    sync_store(whole, final, by_key.get, work)
    updated, loaded = ({str(q) for q in ox.Store.read_only(str(d))} for d in (work / "s", whole))
    if updated != loaded or counted != [len(loaded)]:
        raise SystemExit("the updated store (or its count of quads) differs from one loaded whole")
    row["whole / one changed"] = row["sync_store, whole (first build --store)"] / row["sync_store, one graph changed"]
    row["load_store / sync_store whole"] = (row["load_store (graph.trig + graph.ttl)"]
                                            / row["sync_store, whole (first build --store)"])
    return row


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1_000_000])
    args = ap.parse_args()
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            row = bench(n, Path(tmp))
        print(f"~{n:,} triples: {row.pop('quads'):,} quads in {row.pop('graphs'):,} named graphs")
        for key, value in row.items():
            print(f"  {key:<48}{value:>9.2f}{'×' if '/' in key else ' s'}")


if __name__ == "__main__":
    main()
