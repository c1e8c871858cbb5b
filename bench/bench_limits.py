"""Limits: time and peak memory to read and extract one long article and a long JSONL collection.

Run: .venv/bin/python bench/bench_limits.py [--sizes 250000,500000,1000000,5000000] [--lines 10000]
Each step doubles (or so) the input; a linear pipeline keeps seconds per MB flat.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.ingest.reader import MAX_BYTES_CEILING, Reader  # noqa: E402
from kg.nlp.loader import load_pipeline  # noqa: E402
from kg.build.pipeline import extract  # noqa: E402

SEED_PARAGRAPHS = [line.strip() for p in sorted((ROOT / "seeds").glob("*.txt"))
                   for line in p.read_text(encoding="utf-8").splitlines() if len(line.split()) >= 12]


def article_text(n_chars: int) -> str:
    """Prose of about `n_chars` characters: seed paragraphs, each made unique so none is masked as repeated."""
    out, size, i = [], 0, 0
    while size < n_chars:
        para = f"{SEED_PARAGRAPHS[i % len(SEED_PARAGRAPHS)]} (Update {i}.)"
        out.append(para)
        size += len(para) + 2
        i += 1
    return "\n\n".join(out)[:n_chars]


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(nlp, paths: list[Path]) -> tuple[float, float, int, int]:
    """Seconds to read, seconds to extract (0 without `nlp`), articles and quotes for `paths`."""
    t0 = time.perf_counter()
    articles = list(Reader(strict=True, max_bytes=MAX_BYTES_CEILING).articles(paths))
    t1 = time.perf_counter()
    results = extract(nlp, articles) if nlp is not None else []
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(articles), sum(len(r.quotes) for r in results)


def main() -> None:
    """Print one table row per input size."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="250000,500000,1000000,2000000,5000000")
    ap.add_argument("--lines", default="2500,5000,10000")
    ap.add_argument("--read-only", action="store_true", help="Only read (ingest), do not extract.")
    args = ap.parse_args()
    nlp = None if args.read_only else load_pipeline()
    print("| input | size | read s | extract s | extract s per MB | articles | quotes | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in map(int, args.sizes.split(",")):
            path = Path(tmp) / f"long-{n}.txt"
            path.write_text(article_text(n), encoding="utf-8")
            read_s, ext_s, arts, quotes = timed(nlp, [path])
            mb = path.stat().st_size / 1e6
            print(f"| one article | {mb:.2f} MB | {read_s:.2f} | {ext_s:.1f} | {ext_s / mb:.1f} | {arts} | {quotes} "
                  f"| {peak_mb():.0f} |", flush=True)
        for lines in map(int, args.lines.split(",")):
            path = Path(tmp) / f"many-{lines}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for i in range(lines):
                    text = "\n\n".join(article_text(600 + 40 * (i % 10)).split("\n\n")[:3]) + f" Ref {i}."
                    fh.write(json.dumps({"id": f"a{i}", "text": text, "outlet": "Bench", "published": "2025-05-07"}) + "\n")
            read_s, ext_s, arts, quotes = timed(nlp, [path])
            mb = path.stat().st_size / 1e6
            print(f"| JSONL, {lines} lines | {mb:.2f} MB | {read_s:.2f} | {ext_s:.1f} | {ext_s / mb:.1f} | {arts} | "
                  f"{quotes} | {peak_mb():.0f} |", flush=True)


if __name__ == "__main__":
    main()
