"""The contradiction stage at scale: `python bench/bench_contradictions.py [--articles N] [--scaling]
[--rekeyed] [--baseline CHECKOUT]`.

Records are built directly (no parsing), so only the stage is timed.

By default, one run side by side at N articles (default 10,000) of realistic density (`dense_corpus`: about
ten statements, two quoted remarks and a count per article, on stories a few weeks long, 1.4 articles a day):
detection from scratch (no cache, of the corpus after the change), the first build with a cache (scratch
plus writing it), a rebuild with nothing changed, and a rebuild with one article changed, with the ratios;
each incremental result is checked equal to detection from scratch. Detection is given the corpus as a build
gives it (`detect_corpus`: each article's version key, and a loader the stage calls for the articles it must
read; their number is printed). The time of a rebuild with nothing changed is that of reading the output
back: the ~69,000 contradictions of 10,000 articles, materialised.

With `--baseline CHECKOUT` (e.g. /work/main), the same run is made first with the code of that checkout (its
own `bench/bench_contradictions.py`, in a subprocess), so old and new are measured side by side.

With `--rekeyed`, a first detection with a cache and then one in which every article's version changed but
not its records (what a registry or model change does), with the process's peak RSS after each; run it with
another checkout's code first on PYTHONPATH to compare.

With `--scaling`, two series on wire copies: `D` distinct disagreements (a
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
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from kg.analysis.contradictions import Corpus, detect, detect_corpus
from kg.analysis.incremental import record_digest
from kg.analysis.store import DetectionCache
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


STATEMENTS = [  # (asserted, negated) versions; {t} a topic, {a} an agency, {p} a place, {w} another speaker
    ("the {a} council had approved the {t} contract", "the {a} council did not approve the {t} contract"),
    ("the {t} talks with {p} are making real progress", "the {t} talks with {p} have stalled"),
    ("the {p} plant closed because the {a} regulator refused the {t} permit",
     "the {p} plant closed because the owners ignored the {t} warnings"),
    ("the {t} agreement protects the workers of {p}", "the {t} agreement does not protect the workers of {p}"),
    ("{w} asked for the {t} meeting in {p}", "nobody from {p} asked for the {t} meeting"),
    ("the {a} inspectors met in {p} on Monday to review the {t} plans", "the {a} inspectors never met in {p}"),
]
NARRATION = ["Officials in {p} met on Monday to review the {t} schedule and the budget.",
             "The {a} office published its annual report on {t} exports last month.",
             "Residents of {p} have followed the {t} dispute closely since the spring."]


def dense_article(rng: random.Random, doc: str, story: int, day: date) -> ArticleResult:
    """One article of a story: statements by its speakers (asserted or negated), quoted remarks, narration
    and a count, all in invented words."""
    words = {"t": word(story), "a": word(story + 500).title(), "p": word(story + 1000).title()}
    speakers = [f"{word(story * 7 + k + 200).title()} {word(story * 3 + k + 1300).title()}" for k in range(6)]
    text, quotes, figures = "", [], []
    for _ in range(10):
        speaker = rng.choice(speakers)
        said = rng.choice(rng.choice(STATEMENTS)).format(w=rng.choice(speakers), **words)
        start = len(text) + len(speaker) + 6
        text += f"{speaker} said {said}. "
        quotes.append(Quote(doc, said, start, start + len(said), speaker, speaker, "said", "indirect",
                            speaker_type="person"))
        if rng.random() < 0.5:
            text += rng.choice(NARRATION).format(**words) + " "
    for _ in range(2):  # one of the story's remarks, sometimes worded differently (a word left out)
        first = rng.randrange(3) * 9
        remark = [word(story * 11 + k + 1500) for k in range(first, first + 9)]
        if rng.random() < 0.3:
            del remark[rng.randrange(len(remark))]
        speaker, said = rng.choice(speakers), " ".join(remark).capitalize()
        start = len(text) + 1
        text += f"“{said},” {speaker} told reporters. "
        quotes.append(Quote(doc, said, start, start + len(said), speaker, speaker, "told", "direct",
                            speaker_type="person"))
    value = rng.choice([4000, 4200, 6500])
    sentence = f"The {words['a']} port cancelled more than {value:,} {words['t']} shipments."
    number = len(text) + sentence.index(f"{value:,}")
    figures.append(Figure(doc, sentence, number, number + len(f"{value:,}"), float(value), "count",
                          f"{words['t']}|cancel", approximate=True, sentence_start=len(text),
                          sentence_end=len(text) + len(sentence)))
    text += sentence + "\n"
    return ArticleResult(Article(doc, text, published=day.isoformat(), outlet=f"Outlet {story % 10}"), quotes, [],
                         figures)


def dense_corpus(n: int, seed: int = 13) -> list[ArticleResult]:
    """`n` articles at 1.4 a day, on stories of 20 articles each spread over three weeks."""
    rng = random.Random(seed)
    days = max(1, round(n / 1.4))
    starts = [date(2020, 1, 1) + timedelta(days=rng.randrange(days)) for _ in range(max(1, n // 20))]
    out = []
    for i in range(n):
        story = i % len(starts)
        out.append(dense_article(rng, f"a{i:06d}", story, starts[story] + timedelta(days=rng.randrange(21))))
    return out


class Loader:
    """A corpus's records by document id, counting the articles read."""

    def __init__(self, results: list[ArticleResult]):
        self.by_doc = {r.article.doc_id: r for r in results}
        self.read = 0

    def __call__(self, doc: str) -> ArticleResult:
        self.read += 1
        return self.by_doc[doc]


def as_built(results: list[ArticleResult]) -> Corpus:
    """The corpus as a build gives it to detection: version keys known, records read when asked for."""
    return Corpus(tuple((r.article.doc_id, record_digest(r)) for r in results), Loader(results))


def timed(corpus: Corpus, cache: DetectionCache | None) -> tuple[float, list]:
    started = time.perf_counter()
    found = detect_corpus(corpus, Iris(), cache=cache)
    return time.perf_counter() - started, found


def incremental(n: int) -> None:
    """Scratch, first build with a cache, unchanged, one changed: side by side, with the ratios."""
    results = dense_corpus(n)
    changed = list(results)
    r = changed[n // 2]
    changed[n // 2] = dense_article(random.Random(1), r.article.doc_id, n // 2 % max(1, n // 20),
                                    date.fromisoformat(r.article.published))
    before, after = as_built(results), as_built(changed)
    scratch, expected = timed(after, None)  # from scratch, of the corpus after the change
    with tempfile.TemporaryDirectory(prefix="bench-contradictions-") as tmp:
        cache = DetectionCache(Path(tmp))
        first, found = timed(before, cache)
        unchanged, again = timed(as_built([replace(r) for r in results]), cache)
        after.load.read = 0
        one, after_found = timed(after, cache)
        size = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1e6
    assert again == found and after_found == expected, "incremental detection differs from detection from scratch"
    statements = sum(len(r.quotes) for r in results)
    print(f"{n:,} articles, {statements:,} quoted statements, {len(found):,} contradictions, cache {size:.0f} MB; "
          f"one changed read {after.load.read} article(s)")
    print(f"{'scratch':>22} {'first (with cache)':>20} {'unchanged':>12} {'one changed':>12} "
          f"{'scratch/unchanged':>18} {'scratch/one changed':>20}")
    print(f"{scratch:>20.2f} s {first:>18.2f} s {unchanged:>10.2f} s {one:>10.2f} s {scratch / unchanged:>17.1f}× "
          f"{scratch / one:>19.1f}×", flush=True)


def rekeyed(n: int) -> None:
    """A first detection with a cache, then one in which every article's version changed but not its records
    (a registry or model change re-keys them all): seconds, and the process's peak RSS after each."""
    results = dense_corpus(n)
    before = as_built(results)
    again = Corpus(tuple((doc, version + "'") for doc, version in before.versions), before.load)
    with tempfile.TemporaryDirectory(prefix="bench-contradictions-") as tmp:
        cache = DetectionCache(Path(tmp))
        for step, corpus in (("first (with cache)", before), ("every article re-keyed", again)):
            seconds, found = timed(corpus, cache)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{n:,} articles, {step}: {seconds:.2f} s, {len(found):,} contradictions, peak RSS {peak:,.0f} MB",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--scaling", action="store_true", help="the two series on wire copies instead")
    parser.add_argument("--rekeyed", action="store_true",
                        help="a detection with a cache, then one with every article re-keyed (its peak memory)")
    parser.add_argument("--baseline", type=Path, help="a checkout whose code is measured first, the same way")
    args = parser.parse_args()
    if args.rekeyed:
        rekeyed(args.articles)
        return
    if not args.scaling:
        if args.baseline is not None:
            print(f"baseline ({args.baseline}):", flush=True)
            own = args.baseline / ".venv" / "bin" / "python"  # its own environment, else its code first on the path
            subprocess.run([str(own) if own.exists() else sys.executable, "bench/bench_contradictions.py",
                            "--articles", str(args.articles)], cwd=args.baseline, check=True,
                           env={**os.environ, "PYTHONPATH": str(args.baseline.resolve())})
            print("this checkout:", flush=True)
        incremental(args.articles)
        return
    print("N fixed, distinct disagreements growing:")
    for distinct in (50, 100, 250, 500, 1000):
        run(distinct, max(1, args.articles // (2 * distinct)))
    print("distinct disagreements fixed, copies growing:")
    for copies in (1, 10, 25, 50, args.articles // 200):
        run(100, copies)


if __name__ == "__main__":
    main()
