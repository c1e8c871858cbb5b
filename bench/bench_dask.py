"""`kg build --dask` against `--jobs 1` and `--jobs 2`, side by side in one run on the same corpus:
`python bench/bench_dask.py [N] [--workers 2]` (default 1,000 synthetic articles, a two-worker LocalCluster).

Each build starts from an empty cache as a `kg build --no-html -q` subprocess timed by wall clock; the
cluster is started once, before the timed builds (each build still loads spaCy on every worker, as
`--jobs 2` does in its processes). The outputs of all three builds must be byte-identical.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
KG = Path(sys.executable).parent / "kg"
OUTPUTS = ("quotes.jsonl", "contradictions.json", "graph.trig")

from make_corpus import make_corpus  # noqa: E402


def timed(args: list[str]) -> float:
    """Seconds of one `kg build` subprocess."""
    started = time.perf_counter()
    proc = subprocess.run([str(KG), "build", *args, "--no-html", "-q"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"kg build failed:\n{proc.stderr}")
    return time.perf_counter() - started


def main() -> None:
    """Command line."""
    from distributed import LocalCluster

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1000, help="articles in the synthetic corpus")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster workers (one thread each)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-dask")
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    corpus = args.work / "corpus"
    make_corpus(args.n, corpus)
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        rows = {
            "build --jobs 1": timed([str(corpus), "--out", str(args.work / "j1"), "--jobs", "1"]),
            "build --jobs 2": timed([str(corpus), "--out", str(args.work / "j2"), "--jobs", "2"]),
            f"build --dask ({args.workers} workers)": timed([str(corpus), "--out", str(args.work / "dask"),
                                                             "--dask", cluster.scheduler_address]),
        }
    for name in OUTPUTS:
        same = {(args.work / d / name).read_bytes() for d in ("j1", "j2", "dask")}
        if len(same) != 1:
            raise SystemExit(f"{name} differs between the builds")
    dask_s = rows[f"build --dask ({args.workers} workers)"]
    print(f"| measure | {args.n:,} articles |\n|---|---|")
    for key, seconds in rows.items():
        print(f"| {key} | {seconds:.2f} s |")
    print(f"| jobs 2 / dask | {rows['build --jobs 2'] / dask_s:.2f}× |")
    print(f"| jobs 1 / dask | {rows['build --jobs 1'] / dask_s:.2f}× |")
    print("outputs byte-identical: " + ", ".join(OUTPUTS))


if __name__ == "__main__":
    main()
