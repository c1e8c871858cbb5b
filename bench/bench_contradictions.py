"""The contradiction stage at scale: `python bench/bench_contradictions.py [--articles N]`.

Records are built directly (no parsing), so only the stage is timed: `D` distinct disagreements (a
claim, its denial, and two counts of the same thing that differ), each carried by `copies` articles
per side (wire copies), plus background sentences, for N articles in all; each disagreement is dated a
week after the previous one (claims compare within a week; the words of the synthetic stories are alike,
so stories on the same days would also be compared with each other). Two series:
- N fixed (default 10,000 articles), D growing: time and output should grow with D;
- D fixed, copies growing (N growing): time should grow with the articles read (linearly), while
  the contradictions found stay the same (counted once, with more evidence).
Prints one line per run: articles, distinct disagreements, copies, contradictions, evidence items,
seconds of `detect`.
"""

from __future__ import annotations

import argparse
import itertools
import time
from datetime import date, timedelta

from kg.analysis.contradictions import detect
from kg.model import Article, ArticleResult, Figure, Quote
from kg.ids import Iris

SYLLABLES = ["ka", "lo", "mi", "ran", "tu", "vel", "zor", "pen", "dri", "sa", "qua", "nem"]
NAMES = [a + b + c for a, b, c in itertools.product(SYLLABLES, repeat=3)]  # invented words, no digits


def word(i: int) -> str:
    """The i-th invented word (distinct for every i below 1728)."""
    return NAMES[i % len(NAMES)]


def _quote(doc: str, text: str, piece: str, speaker: str) -> Quote:
    start = text.index(piece)
    return Quote(doc, piece, start, start + len(piece), speaker, speaker, "said", "indirect", speaker_type="person")


def _count(doc: str, text: str, sentence: str, value: float, thing: str) -> Figure:
    start = text.index(sentence)
    number = text.index(f"{value:,.0f}", start)
    return Figure(doc, sentence, number, number + len(f"{value:,.0f}"), value, "count", f"{thing}|cancel",
                  approximate=True, sentence_start=start, sentence_end=start + len(sentence))


def article(doc: str, d: int, side: str) -> ArticleResult:
    """One article on disagreement `d`: side `a` states, side `b` denies, and each gives its own count."""
    topic, agency, who = word(d), word(d + 700).title(), word(d + 1400).title()
    speaker = f"{who} Aster" if side == "a" else f"{who} Brook"
    claim = (f"the {agency} council had approved the {topic} contract" if side == "a"
             else f"the {agency} council did not approve the {topic} contract")
    value = 4000.0 if side == "a" else 6500.0
    count = f"The {agency} port cancelled more than {value:,.0f} {topic} shipments."
    filler = f"Officials in {agency} met on Monday to review the {topic} schedule and the budget."
    text = f"{speaker} said {claim}. {count} {filler}\n"
    day = date(2020, 1, 1) + timedelta(days=8 * d)  # one disagreement a week apart from the next
    art = Article(doc, text, published=day.isoformat(), outlet=f"Outlet {doc}")
    return ArticleResult(art, [_quote(doc, text, claim, speaker)], [], [_count(doc, text, count, value, topic)])


def corpus(distinct: int, copies: int) -> list[ArticleResult]:
    """`distinct` disagreements, each side carried by `copies` articles."""
    return [article(f"d{d}-{side}-{k}", d, side) for d in range(distinct) for side in "ab" for k in range(copies)]


def run(distinct: int, copies: int) -> None:
    results = corpus(distinct, copies)
    started = time.perf_counter()
    found = detect(results, Iris())
    seconds = time.perf_counter() - started
    evidence = sum(len(c.a_evidence) + len(c.b_evidence) for c in found)
    print(f"{len(results):>7} articles  {distinct:>5} distinct  {copies:>4} copies  {len(found):>6} contradictions  "
          f"{evidence:>7} evidence  {seconds:7.2f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    print("N fixed, distinct disagreements growing:")
    for distinct in (50, 100, 250, 500, 1000):
        run(distinct, max(1, args.articles // (2 * distinct)))
    print("distinct disagreements fixed, copies growing:")
    for copies in (1, 10, 25, 50, args.articles // 200):
        run(100, copies)


if __name__ == "__main__":
    main()
