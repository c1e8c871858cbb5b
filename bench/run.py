"""The scaling benchmark: `python bench/run.py [SIZES...] [--work DIR]` (default 1000 articles).

For each corpus size, in one run: raw `nlp.pipe` over the same masked texts, with the spaCy model
alone (the floor) and with our components added, `kg build
--jobs 1` and `--jobs 2` from an empty cache, a rebuild with nothing changed, a rebuild with one
article changed, the contradiction stage alone, the peak RSS of the builds, and the ratios.
Builds run as `kg build --no-html -q` subprocesses, timed by wall clock, RSS by /usr/bin/time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
KG = Path(sys.executable).parent / "kg"

from make_corpus import make_corpus  # noqa: E402


def timed_kg(*args: str, kg: tuple[str, ...] = (str(KG),)) -> tuple[float, int, float]:
    """Wall-clock seconds, peak RSS (MB) and CPU seconds (user + system: steadier than the wall clock on a
    shared machine) of one `kg` subprocess (`kg`: the command that runs it)."""
    cmd = ["/usr/bin/time", "-f", "%M %U %S", *kg, *args]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"kg {args[0]} failed:\n{proc.stderr}")
    rss, user, system = proc.stderr.strip().splitlines()[-1].split()
    return seconds, int(rss) // 1024, float(user) + float(system)


def timed_build(corpus: Path, out: Path, jobs: int, *options: str,
                kg: tuple[str, ...] = (str(KG),)) -> tuple[float, int, float]:
    """Wall-clock seconds, peak RSS (MB) and CPU seconds of one `kg build` subprocess."""
    return timed_kg("build", str(corpus), "--out", str(out), "--jobs", str(jobs), "--no-html", "-q", *options, kg=kg)


def raw_parse(corpus: Path, ours: bool) -> float:
    """Seconds for bare `nlp.pipe` over the corpus's masked texts on one process: the spaCy model alone
    (`ours` False: the floor), or with our components added (`ours` True: all of the parsing a build does)."""
    import spacy

    from kg.ingest.text import masked_text
    from kg.nlp.loader import DEFAULT_MODEL, load_pipeline
    from kg.build.pipeline import read_articles

    nlp = load_pipeline() if ours else spacy.load(DEFAULT_MODEL)
    texts = [masked_text(a) for a in read_articles(sorted(corpus.glob("*.txt")))]
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - started


def contradiction_stage(out: Path) -> tuple[float, int]:
    """Seconds of `detect` over the cached records of a build, and how many it found."""
    from kg.build.cache import result_from_json
    from kg.analysis.contradictions import detect
    from kg.build.pipeline import merge_surnames
    from kg.ids import Iris

    results = merge_surnames([result_from_json(json.loads(p.read_text(encoding="utf-8")))
                              for p in sorted((out / ".cache" / "records").glob("*.json"))])
    started = time.perf_counter()
    found = detect(results, Iris())
    return time.perf_counter() - started, len(found)


def change_one(corpus: Path) -> Path:
    """Append a quoted paragraph to the first article (another one each time); returns the article."""
    first = sorted(corpus.glob("*.txt"))[0]
    with first.open("a", encoding="utf-8") as fh:
        fh.write(f"“We changed this article for the benchmark at {time.time()},” Maren Holt said on Friday.\n")
    return first


def bench(n: int, work: Path) -> dict[str, float]:
    """Every figure for one corpus size."""
    corpus, out1, out2 = work / f"corpus-{n}", work / f"out-{n}-j1", work / f"out-{n}-j2"
    for d in (corpus, out1, out2):
        shutil.rmtree(d, ignore_errors=True)
    make_corpus(n, corpus)
    row: dict[str, float] = {"articles": n, "raw parse (spaCy alone)": raw_parse(corpus, ours=False),
                             "raw parse + kg components": raw_parse(corpus, ours=True)}
    row["build --jobs 1"], rss1, _ = timed_build(corpus, out1, 1)
    row["build --jobs 2"], rss2, _ = timed_build(corpus, out2, 2)
    row["rebuild unchanged"], rss3, _ = timed_build(corpus, out2, 2)
    change_one(corpus)
    row["rebuild 1 changed"], rss4, _ = timed_build(corpus, out2, 2)
    row["contradictions"], row["contradictions found"] = contradiction_stage(out2)
    row["peak RSS MB"] = max(rss1, rss2, rss3, rss4)
    row["jobs1 / raw (spaCy alone)"] = row["build --jobs 1"] / row["raw parse (spaCy alone)"]
    row["jobs1 / raw + kg components"] = row["build --jobs 1"] / row["raw parse + kg components"]
    row["jobs1 / jobs2"] = row["build --jobs 1"] / row["build --jobs 2"]
    row["first / unchanged"] = row["build --jobs 2"] / row["rebuild unchanged"]
    return row


def table(rows: list[dict[str, float]]) -> str:
    """The figures as a Markdown table, one column per corpus size."""
    lines = ["| measure | " + " | ".join(f"{int(r['articles']):,} articles" for r in rows) + " |",
             "|---|" + "---|" * len(rows)]
    for key in rows[0]:
        if key == "articles":
            continue
        cells = [f"{r[key]:.2f}×" if "/" in key else f"{r[key]:,.0f}" if key.endswith(("MB", "found"))
                 else f"{r[key]:.2f} s" for r in rows]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1000])
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench",
                    help="where corpora and outputs go")
    args = ap.parse_args()
    rows = []
    for n in args.sizes:
        rows.append(bench(n, args.work))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(table(rows))


if __name__ == "__main__":
    main()
