"""How much extraction adds to spaCy's own parsing, measured side by side on the same texts.

    python bench/bench_extract.py [--rounds N] [PATHS...]

Parses the articles (default: seeds/) with the plain spaCy pipeline and with our components added,
alternating the two in each round, then runs attribution on the parsed docs; prints the medians
and the ratios (pipeline with our components / plain pipeline, and whole extraction / plain).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.attribution.attribute import attribute  # noqa: E402
from kg.resources.entities import Countries, Registry  # noqa: E402
from kg.ingest.text import masked_text  # noqa: E402
from kg.nlp.loader import DEFAULT_MODEL, load_pipeline  # noqa: E402
from kg.build.pipeline import read_articles  # noqa: E402


def timed(fn) -> tuple[float, object]:
    """Seconds taken by fn() and its result."""
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    """Run the comparison and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    files = sorted(p for d in map(Path, args.paths) for p in (d.glob("*.txt") if d.is_dir() else [d]))
    articles = list(read_articles(files))
    texts = [masked_text(a) for a in articles]
    plain, ours = spacy.load(DEFAULT_MODEL), load_pipeline(DEFAULT_MODEL)
    registry, countries = Registry.load(), Countries.load()
    for nlp in (plain, ours):  # warm up
        list(nlp.pipe(texts))
    t_plain, t_ours, t_attr = [], [], []
    for _ in range(args.rounds):
        t_plain.append(timed(lambda: list(plain.pipe(texts)))[0])
        seconds, docs = timed(lambda: list(ours.pipe(texts)))
        t_ours.append(seconds)
        t_attr.append(timed(lambda: [attribute(a, d, registry, countries) for a, d in zip(articles, docs)])[0])
    p, o, a = (statistics.median(t) for t in (t_plain, t_ours, t_attr))
    tokens = sum(len(d) for d in plain.pipe(texts))
    print(f"{len(articles)} articles, {tokens} tokens, {args.rounds} rounds (medians)")
    print(f"spaCy pipeline alone            {p * 1000:8.1f} ms")
    print(f"with kg_quotes + kg_figures     {o * 1000:8.1f} ms   ratio {o / p:.3f}")
    print(f"attribution (venue, date, coref) {a * 1000:7.1f} ms")
    print(f"whole extraction / spaCy alone  {(o + a) / p:8.3f}")


if __name__ == "__main__":
    main()
