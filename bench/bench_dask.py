"""`kg build --dask` against `--jobs 1` and `--jobs 2`, side by side in one run on the same corpus:
`python bench/bench_dask.py [N] [--workers 2] [--baseline CHECKOUT] [--rounds R]` (default 1,000 synthetic
articles, a two-worker cluster).

The cluster is started the way the README says to start a real one: `dask scheduler` and `dask worker ADDRESS
--nworkers W --nthreads 1` (so its workers run under dask's nanny, with its environment), once before the
timed builds. Each build starts from an empty cache as a `kg build --no-html -q` subprocess; a row gives its
wall-clock seconds and the CPU seconds of its processes and of the cluster's during it (under load from other
jobs, the CPU figures move far less than the wall clock). With `--baseline`, the same `--dask` build by the
`kg` of that checkout (its `.venv`), on a cluster of its own code, is timed too; with `--rounds`, every
build is repeated that many times, the builds alternating. The outputs of this checkout's builds must be
byte-identical (the baseline's are compared and a difference told).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
BIN = Path(sys.executable).parent
OUTPUTS = ("quotes.jsonl", "contradictions.json", "graph.trig")
START_TIMEOUT = 120  # seconds for the scheduler and workers to come up

from make_corpus import make_corpus  # noqa: E402


def cpu_seconds(procs: list[psutil.Process]) -> float:
    """User and system CPU seconds of `procs` and their descendants so far."""
    total = 0.0
    for proc in procs:
        for p in (proc, *proc.children(recursive=True)):
            try:
                t = p.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += t.user + t.system
    return total


def children_cpu() -> float:
    """CPU seconds of this process's finished children (a `kg build` and every process it waited for)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


@contextmanager
def dask_cluster(bin_dir: Path, workers: int, work: Path) -> Iterator[tuple[str, list[psutil.Process]]]:
    """A scheduler and `workers` single-threaded workers started with the `dask` command in `bin_dir`, on the
    loopback interface; yields the scheduler's address and the cluster's processes."""
    work.mkdir(parents=True, exist_ok=True)
    address_file = work / "scheduler.json"
    address_file.unlink(missing_ok=True)
    dask = str(bin_dir / "dask")
    logs = (work / "scheduler.log").open("w"), (work / "workers.log").open("w")
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(address_file)], stdout=logs[0], stderr=subprocess.STDOUT)
    started = time.monotonic()
    while not address_file.exists() and time.monotonic() - started < START_TIMEOUT:
        time.sleep(0.2)
    worker = subprocess.Popen([dask, "worker", "--scheduler-file", str(address_file), "--nworkers", str(workers),
                               "--nthreads", "1", "--no-dashboard", "--local-directory", str(work)],
                              stdout=logs[1], stderr=subprocess.STDOUT)
    try:
        address = wait_for_workers(bin_dir, address_file, workers)
        yield address, [psutil.Process(scheduler.pid), psutil.Process(worker.pid)]
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
            proc.wait(timeout=60)
        for log in logs:
            log.close()


def wait_for_workers(bin_dir: Path, address_file: Path, workers: int) -> str:
    """The scheduler's address once `workers` workers have joined it (asked with that installation's dask)."""
    code = ("import sys; from distributed import Client\n"
            "with Client(scheduler_file=sys.argv[1], timeout=60) as c:\n"
            f"    c.wait_for_workers({workers}, timeout={START_TIMEOUT}); print(c.scheduler.address)")
    proc = subprocess.run([str(bin_dir / "python"), "-c", code, str(address_file)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"the dask cluster did not start:\n{proc.stderr}")
    return proc.stdout.strip()


def timed(kg: Path, args: list[str], cluster: list[psutil.Process]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `kg build` subprocess (CPU: its own, its children's and `cluster`'s)."""
    cpu = children_cpu() + cpu_seconds(cluster)
    started = time.perf_counter()
    proc = subprocess.run([str(kg), "build", *args, "--no-html", "-q"], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"kg build failed:\n{proc.stderr}")
    return wall, children_cpu() + cpu_seconds(cluster) - cpu


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1000, help="articles in the synthetic corpus")
    ap.add_argument("--workers", type=int, default=2, help="cluster workers (one thread each)")
    ap.add_argument("--baseline", type=Path, help="a checkout of kg with its .venv, whose --dask build is timed too")
    ap.add_argument("--rounds", type=int, default=1, help="times every build is repeated (alternating)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-dask")
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    corpus = args.work / "corpus"
    make_corpus(args.n, corpus)
    dask_row = f"build --dask ({args.workers} workers)"
    with dask_cluster(BIN, args.workers, args.work / "cluster") as (address, procs), \
            (dask_cluster(args.baseline / ".venv" / "bin", args.workers, args.work / "cluster-baseline")
             if args.baseline else _no_cluster()) as (old_address, old_procs):
        builds = {"build --jobs 1": (BIN / "kg", ["--jobs", "1"], []),
                  "build --jobs 2": (BIN / "kg", ["--jobs", "2"], []),
                  dask_row: (BIN / "kg", ["--dask", address], procs)}
        if args.baseline:
            builds[f"baseline {dask_row}"] = (args.baseline / ".venv" / "bin" / "kg", ["--dask", old_address], old_procs)
        rows: dict[str, list[tuple[float, float]]] = {name: [] for name in builds}
        for r in range(args.rounds):
            for i, (name, (kg, options, cluster)) in enumerate(builds.items()):
                out = args.work / f"out{i}-{r}"
                rows[name].append(timed(kg, [str(corpus), "--out", str(out), *options], cluster))
    report(args.n, rows, dask_row, os.getloadavg()[0])
    ours = [args.work / f"out{i}-{r}" for i in range(3) for r in range(args.rounds)]
    for name in OUTPUTS:  # the baseline's may differ: a newer checkout may write other outputs
        if len({(d / name).read_bytes() for d in ours}) != 1:
            raise SystemExit(f"{name} differs between the builds of this checkout")
        if args.baseline and (args.work / "out3-0" / name).read_bytes() != (ours[0] / name).read_bytes():
            print(f"note: the baseline's {name} differs from this checkout's")
    print(f"outputs of this checkout's builds byte-identical: {', '.join(OUTPUTS)}")


@contextmanager
def _no_cluster() -> Iterator[tuple[None, list]]:
    yield None, []


def report(n: int, rows: dict[str, list[tuple[float, float]]], dask_row: str, load: float) -> None:
    """The table: each build's best wall-clock and CPU seconds over the rounds, and the ratios to --dask."""
    best = {name: (min(w for w, _ in runs), min(c for _, c in runs)) for name, runs in rows.items()}
    print(f"| measure ({n:,} articles) | wall, best of {len(next(iter(rows.values())))} | CPU s (build + cluster) |")
    print("|---|---|---|")
    for name, (wall, cpu) in best.items():
        print(f"| {name} | {wall:.2f} s | {cpu:.1f} |")
    for name, (wall, cpu) in best.items():
        if name != dask_row:
            print(f"| {name.removeprefix('build ')} / dask | {wall / best[dask_row][0]:.2f}× | "
                  f"{cpu / best[dask_row][1]:.2f}× |")
    print(f"load average at the end {load:.1f}")


if __name__ == "__main__":
    main()
