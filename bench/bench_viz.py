"""The interactive page at scale: `python -m bench.bench_viz [--quotes 5000] [--mode speakers] [--mode full]
[--focus 5000]`.

Writes a synthetic quote graph in the documented RDF model (docs/model.md) as TriG, runs `kg viz` on it
as a subprocess, then loads the page in headless Chromium (as tests/test_browser.py does) and prints how long
`kg viz` took, how long the page took to load and settle, and how many nodes and edges it shows. With
`--focus N`, also opens the full-mode page of N quotes as shipped and with everything drawn, and prints the
times the page measures for opening, focusing a speaker and a disagreement, and going back.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from rdflib import Dataset, Literal
from rdflib.namespace import RDF, XSD

from kg.rdf.graph import new_dataset
from kg.viz import page as viz
from kg.viz.page import full_graph, overview_graph, read_corpus, render_html, speakers_graph
from kg.ids import Iris
from kg.rdf.vocab import CONTRADICTION_TERMS, KG, SCHEMA

KG_BIN = Path(sys.executable).parent / "kg"
WORDS = ("tariffs talks deal China exports steel farmers progress stalled negotiators agreement week door open "
         "market prices workers leverage ladder escalation").split()


def synthetic_dataset(quotes: int, seed: int = 7) -> Dataset:
    """`quotes` quotes by quotes/12 speakers in quotes/5 articles from 40 outlets, one contradiction per 10
    quotes, one venue per 3 quotes: the same arguments always give the same graph."""
    rng, iris, ds = random.Random(seed), Iris(), new_dataset()
    g = ds.graph(iris.ns["graph/synthetic"])
    speakers = [iris.entity(f"Speaker {i}") for i in range(max(2, quotes // 12))]
    outlets = [iris.outlet(f"Outlet {i}") for i in range(40)]
    venues = [iris.venue(f"Venue {i}") for i in range(25)]
    for i, node in enumerate(speakers):
        g.add((node, RDF.type, SCHEMA.Person))
        g.add((node, SCHEMA.name, Literal(f"Speaker {i}")))
    for kind, nodes in (("Outlet", outlets), ("Venue", venues)):
        for i, node in enumerate(nodes):
            g.add((node, RDF.type, SCHEMA.NewsMediaOrganization if kind == "Outlet" else KG.Venue))
            g.add((node, SCHEMA.name, Literal(f"{kind} {i}")))
    articles = []
    for i in range(max(1, quotes // 5)):
        art = iris.article(f"syn-{i:05d}")
        articles.append(art)
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(180))
        g.add((art, RDF.type, SCHEMA.NewsArticle))
        g.add((art, SCHEMA.identifier, Literal(f"syn_{i:05d}")))
        g.add((art, SCHEMA.headline, Literal(" ".join(rng.choices(WORDS, k=7)).capitalize())))
        g.add((art, SCHEMA.url, Literal(f"https://news.example/{i}")))
        g.add((art, SCHEMA.publisher, rng.choice(outlets)))
        g.add((art, SCHEMA.datePublished, Literal(day.isoformat(), datatype=XSD.date)))
    nodes = []
    for i in range(quotes):
        speaker, text = rng.choice(speakers), f"{i}: " + " ".join(rng.choices(WORDS, k=12))
        node = iris.quote(str(speaker), text)
        nodes.append(node)
        g.add((node, RDF.type, SCHEMA.Quotation))
        g.add((node, SCHEMA.text, Literal(text)))
        g.add((node, SCHEMA.creator, speaker))
        g.add((node, KG.reportedIn, rng.choice(articles)))
        if i % 3 == 0:
            g.add((node, KG.saidAt, rng.choice(venues)))
    for i in range(quotes // 10):
        a, b = rng.sample(nodes, 2)
        kind = rng.choice(sorted(CONTRADICTION_TERMS))
        node = iris.contradiction(kind, str(a), str(b))
        g.add((node, RDF.type, KG.Contradiction))
        g.add((node, KG.contradictionType, CONTRADICTION_TERMS[kind]))
        g.add((node, KG.sideA, a))
        g.add((node, KG.sideB, b))
        g.add((node, SCHEMA.description, Literal(f"synthetic contradiction {i}")))
        g.add((node, KG.confidence, Literal(Decimal("0.6"), datatype=XSD.decimal)))
    return ds


def expected_counts(ds: Dataset, mode: str) -> tuple[int, int]:
    """The nodes and edges the page of `ds` draws when it opens in `mode` (a big corpus: its overview)."""
    corpus = read_corpus(ds)
    g = full_graph(corpus) if mode == "full" else speakers_graph(corpus)
    if mode == "full" and g.number_of_nodes() + g.number_of_edges() > viz.OVERVIEW_LIMIT:
        g = overview_graph(corpus)
    return g.number_of_nodes(), g.number_of_edges()


def synthetic_page(out_dir: Path, quotes: int, mode: str) -> tuple[Path, tuple[int, int]]:
    """The page of a synthetic graph (rendered in process) and the node and edge counts it must show."""
    ds = synthetic_dataset(quotes)
    page = out_dir / f"synthetic-{mode}-{quotes}.html"
    page.write_text(render_html(ds, mode), encoding="utf-8")
    return page, expected_counts(ds, mode)


def focus_times(page_file: Path, speaker: str) -> dict[str, int]:
    """Open a page in headless Chromium, then focus its most-quoted speaker, its first disagreement and go back
    to the start; the times (ms) the page measured for each, from the request to the view drawn."""
    from tests.test_browser import assert_clean, load_page, wait_drawn

    times: dict[str, int] = {}

    def probe(page) -> None:
        for name, act in (("speaker", lambda: page.evaluate("id => kg.focusSpeaker(id)", speaker)),
                          ("disagreement", lambda: page.locator("#conflicts > li > button").first.click()),
                          ("back", lambda: page.click("#reset"))):
            wait_drawn(page, act, timeout_ms=120_000)
            times[name] = page.evaluate("kg.lastDrawMs")

    run = load_page(page_file, timeout_ms=120_000, probe=probe)
    assert_clean(run)
    return {"open": run.stabilise_ms, **times}


def bench_focus(quotes: int, work: Path) -> None:
    """The full-mode page of `quotes` synthetic quotes as shipped (an overview above OVERVIEW_LIMIT) and with
    everything drawn: open and focus times, one line each."""
    ds = synthetic_dataset(quotes)
    corpus = read_corpus(ds)
    g = full_graph(corpus)
    size = g.number_of_nodes() + g.number_of_edges()
    speaker = max(sorted(corpus.names), key=lambda s: sum(s in st.speakers for st in corpus.statements.values()))
    limit = viz.OVERVIEW_LIMIT
    for label, overview_limit in (("as shipped", limit), ("everything drawn", 10**9)):
        if label != "as shipped" and size <= limit:
            continue
        viz.OVERVIEW_LIMIT = overview_limit
        try:
            page = work / f"focus-{quotes}-{overview_limit}.html"
            page.write_text(render_html(ds), encoding="utf-8")
        finally:
            viz.OVERVIEW_LIMIT = limit
        t = focus_times(page, speaker)
        opens = "overview" if size > overview_limit else "everything"
        print(f"{quotes} quotes ({size} nodes + edges), {label}, opens on {opens}: open {t['open']} ms after "
              f"navigation; focus speaker {t['speaker']} ms, disagreement {t['disagreement']} ms, back "
              f"{t['back']} ms; {page.stat().st_size / 1e6:.1f} MB")


def bench(quotes: int, mode: str, work: Path) -> None:
    """Time `kg viz` and the page's load in Chromium for one mode; print one line."""
    from tests.test_browser import assert_clean, load_page

    ds = synthetic_dataset(quotes)
    graph = work / f"synthetic-{quotes}.trig"
    ds.serialize(graph, format="trig")
    page = work / f"{mode}.html"
    started = time.perf_counter()
    subprocess.run([str(KG_BIN), "viz", "--graph", str(graph), "--out", str(page), "--mode", mode], check=True,
                   stdout=subprocess.DEVNULL)
    viz_s = time.perf_counter() - started
    started = time.perf_counter()
    run = load_page(page, work / f"{mode}.png", timeout_ms=120_000)
    wall_s = time.perf_counter() - started
    assert_clean(run)
    assert (run.nodes, run.edges) == expected_counts(ds, mode)
    print(f"{quotes} quotes, --mode {mode}: {run.nodes} nodes, {run.edges} edges, "
          f"{run.contradiction_edges} contradiction edges; kg viz {viz_s:.1f} s; page loaded and settled "
          f"{run.stabilise_ms / 1000:.2f} s after navigation ({wall_s:.1f} s with browser start); "
          f"{page.stat().st_size / 1e6:.1f} MB")


def main() -> None:
    """Parse arguments and run the benchmark for each mode."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=5000)
    parser.add_argument("--mode", action="append", choices=["speakers", "full"])
    parser.add_argument("--focus", type=int, action="append", metavar="QUOTES",
                        help="Also time opening and focusing the full-mode page of this many quotes (repeatable).")
    parser.add_argument("--work", type=Path, default=None, help="Keep the graph, pages and screenshots here.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-viz-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for mode in args.mode or ["speakers"]:
            bench(args.quotes, mode, work)
        for quotes in args.focus or []:
            bench_focus(quotes, work)


if __name__ == "__main__":
    main()
