"""What a rebuild costs at archive scale: `python bench/bench_rebuild.py N --work DIR` (default 10000 articles).

The corpus (bench/make_corpus.py) and its first build are made once in DIR and reused by later runs (parsing
10,000 articles takes 10-20 minutes on two cores). Then, in one run, as `kg build --jobs 2 --no-html -q`
subprocesses timed by wall clock (peak RSS by /usr/bin/time): a rebuild with nothing changed, a rebuild with
one article changed (a quote appended), a rebuild after an edit that moves a contradiction's evidence (a line
inserted above a side of the first contradiction of the last build's contradictions.json), the same with
`--store` after the store's first load, `kg export --build` (the graph files a big build leaves out), and the
parse of the changed article alone, which a one-changed rebuild cannot avoid: in this process (model load and
`nlp`, spaCy already imported) and as a new process pays it (`kg extract ARTICLE`: imports too). Prints a
Markdown table with the ratios and each rebuild beyond its own parse, both ways.

`--without-contradictions` runs every build with the contradiction stage replaced by one that finds none, to
measure the rest of a rebuild apart from it (bench/bench_contradictions.py measures that stage).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402
from run import KG, change_one, timed_build, timed_kg  # noqa: E402


def own_parse(article: Path) -> tuple[float, float]:
    """Seconds to load the pipeline, and to parse one article with it (what a changed article costs at least)."""
    from kg.build.pipeline import read_articles
    from kg.ingest.text import masked_text
    from kg.nlp.loader import load_pipeline

    started = time.perf_counter()
    nlp = load_pipeline()
    loaded = time.perf_counter()
    for a in read_articles([article]):
        nlp(masked_text(a))
    return loaded - started, time.perf_counter() - loaded


FIRST_SIDE = re.compile(r'"a": \{\s*"doc": ("(?:[^"\\]|\\.)*"),\s*"start": (\d+)')  # in contradictions.json
HEAD_CHARS = 1 << 16  # of contradictions.json: enough to hold its first contradiction's first side


def move_evidence(corpus: Path, out: Path) -> Path:
    """Insert a line at the start of the line that holds the first side of the first contradiction of the last
    build into `out` (its article must be a file `DOC.txt` of `corpus`), so that the evidence of that side and
    of all that follows it in the article moves; returns the article."""
    with (out / "contradictions.json").open(encoding="utf-8") as fh:
        found = FIRST_SIDE.search(fh.read(HEAD_CHARS))
    if found is None:
        raise SystemExit(f"{out}/contradictions.json: no contradiction to move the evidence of")
    path, start = corpus / f"{json.loads(found.group(1))}.txt", int(found.group(2))
    text = path.read_text(encoding="utf-8")
    at = text.rfind("\n", 0, start) + 1
    path.write_text(f"{text[:at]}A line inserted for the benchmark at {time.time()}.\n{text[at:]}", encoding="utf-8")
    return path


# The changed article's parse as a rebuild pays it, in a new process: `kg extract ARTICLE` (Python, spaCy's and
# kg's imports, the model load and `nlp`), beside `own_parse` (the model load and `nlp` alone, spaCy imported).
NEW_PROCESS = "its own parse in a new process (kg extract)"
NO_CONTRADICTIONS = "--kg-without-contradictions"  # run `kg` in this script, the contradiction stage finding none


def bench(n: int, work: Path, corpus: Path | None = None, out: Path | None = None,
          kg: tuple[str, ...] = (str(KG),), rebuilds_only: bool = False) -> dict[str, float]:
    """Every figure for one corpus size (in `work`, or the corpus and build directories given), `kg` the command
    (`rebuilds_only`: without the store and the export)."""
    corpus, out, store = corpus or work / f"corpus-{n}", out or work / f"out-{n}", work / f"store-{n}"
    row: dict[str, float] = {"articles": n}
    if not corpus.is_dir():
        make_corpus(n, corpus)
    runs = [("first build", ())] if not (out / ".cache" / "build.json").is_file() else []
    runs += [("rebuild unchanged", ()), ("rebuild 1 changed", ()), ("rebuild evidence moved", ())]
    if not rebuilds_only:
        runs += [("first --store load", ("--store", str(store))), ("rebuild unchanged --store", ("--store", str(store))),
                 ("rebuild 1 changed --store", ("--store", str(store))),
                 ("rebuild evidence moved --store", ("--store", str(store)))]
    rss = []
    for name, options in runs:
        if "1 changed" in name:
            changed = change_one(corpus)
        if "evidence moved" in name:
            move_evidence(corpus, out)
        row[name], peak, row[f"{name} (CPU)"] = timed_build(corpus, out, 2, *options, kg=kg)
        rss.append(peak)
    if not rebuilds_only:
        row["kg export --build"], peak, row["kg export --build (CPU)"] = timed_kg("export", "--build", str(out), kg=kg)
        rss.append(peak)
    row["its own parse: model load"], row["its own parse: nlp"] = own_parse(changed)
    row[NEW_PROCESS], _, row[f"{NEW_PROCESS} (CPU)"] = timed_kg("extract", str(changed), kg=kg)
    row["peak RSS MB"] = max(rss)
    own = row["its own parse: model load"] + row["its own parse: nlp"]
    row["1 changed / unchanged"] = row["rebuild 1 changed"] / row["rebuild unchanged"]
    for name in ("1 changed", "evidence moved"):
        row[f"{name} - own parse"] = row[f"rebuild {name}"] - own
        row[f"{name} - own parse in a new process"] = row[f"rebuild {name}"] - row[NEW_PROCESS]
    if not rebuilds_only:
        row["1 changed --store - own parse"] = row["rebuild 1 changed --store"] - own
        row["evidence moved --store - own parse"] = row["rebuild evidence moved --store"] - own
    return row


def table(rows: list[dict[str, float]]) -> str:
    """The figures as a Markdown table, one column per corpus size."""
    keys = list(dict.fromkeys(k for r in rows for k in r if k != "articles"))
    lines = ["| measure | " + " | ".join(f"{int(r['articles']):,} articles" for r in rows) + " |",
             "|---|" + "---|" * len(rows)]
    for key in keys:
        cells = ["-" if key not in r else f"{r[key]:.2f}×" if "/" in key else f"{r[key]:,.0f}" if key.endswith("MB")
                 else f"{r[key]:.2f} s" for r in rows]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def kg_without_contradictions(args: list[str]) -> None:
    """`kg ARGS` with a contradiction stage that finds none."""
    from contextlib import nullcontext

    import kg.build.pipeline
    from kg.cli import main as kg_main

    for name in ("detect_corpus", "detect"):  # the stage's name in the code measured (a baseline may be older)
        if hasattr(kg.build.pipeline, name):
            setattr(kg.build.pipeline, name, lambda *_args, **_kwargs: [])
    if hasattr(kg.build.pipeline, "detect_parts"):  # the output in parts, for the block of a `with`
        setattr(kg.build.pipeline, "detect_parts", lambda *_args, **_kwargs: nullcontext([]))
    kg_main(args)


def main() -> None:
    """Command line."""
    if sys.argv[1:2] == [NO_CONTRADICTIONS]:
        return kg_without_contradictions(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000])
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-rebuild",
                    help="where corpora, outputs and stores go (kept for the next run)")
    ap.add_argument("--corpus", type=Path, default=None, help="an existing corpus of the one size given")
    ap.add_argument("--out", type=Path, default=None, help="its existing build directory (reused as it is)")
    ap.add_argument("--without-contradictions", action="store_true",
                    help="builds with a contradiction stage that finds none (to measure the rest apart from it)")
    ap.add_argument("--rebuilds-only", action="store_true", help="only the rebuilds without a store (no store, no export)")
    args = ap.parse_args()
    if (args.corpus or args.out) and len(args.sizes) != 1:
        ap.error("--corpus and --out go with one size")
    rows = []
    for n in args.sizes:
        kg = (sys.executable, __file__, NO_CONTRADICTIONS) if args.without_contradictions else (str(KG),)
        rows.append(bench(n, args.work, args.corpus, args.out, kg, args.rebuilds_only))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(table(rows))


if __name__ == "__main__":
    main()
