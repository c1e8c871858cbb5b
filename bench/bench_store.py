"""rdflib in memory vs Oxigraph on disk: the same synthetic quote graph, the same canned queries.

    .venv/bin/python bench/bench_store.py            # 10k and 100k triples
    .venv/bin/python bench/bench_store.py --big      # and 1M (rdflib takes minutes to load it)
    .venv/bin/python bench/bench_store.py --sizes 1000000 --oxigraph-only   # the store alone at 1M
    .venv/bin/python bench/bench_store.py --sizes 1000000 --oxigraph-only --baseline ../main/queries
                                                     # and the queries of another checkout, side by side
    .venv/bin/python bench/bench_store.py --sizes 1000000 --oxigraph-only --realistic
                                                     # as many speakers an article as the dev articles

The graph follows docs/model.md: one named graph per article, quotes with their evidence annotation,
speakers with aliases and roles, outlets, dates. Prints load and query times side by side and the
ratio rdflib / Oxigraph, and checks that both give the same number of rows. With --baseline DIR, the same
queries from DIR (another checkout's queries/) also run on the same store ("before s"; with --oxigraph-only
the ratio is then before / now), and must give as many rows. The `process:` lines time `kg query NAME --store DIR`
as a user runs it, a new process (the lookups and pages only); the `graph file:` lines (not with --oxigraph-only)
time `kg query NAME --graph FILE` on the union as N-Triples (what graph.ttl holds), with `--engine rdflib` in
the rdflib column and the default, Oxigraph in memory, in the Oxigraph one.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.rdf.graph import CO_QUOTED_GRAPH, load_dataset
from kg.query.backends import execute, run
from kg.query.sparql import paged, parse_params, resolve
from kg.query.backends import load_store
from kg.ids import DEFAULT_BASE_IRI, digest, name_key
from kg.rdf.vocab import KG, OA, SCHEMA

TRIPLES_PER_QUOTE = 20  # triples per quote in its graph: quote, evidence, selectors, shares of article and speaker
QUERIES = [
    ("quotes-by-speaker", ["speaker=Speaker 7"], None, True),
    ("quotes-by-speaker", ["speaker=minister speaker 7"], None, True),
    ("quotes-by-outlet", ["outlet=OUTLET 3"], None, True),
    ("timeline", ["from=2025-03-01", "to=2025-03-07"], None, True),
    ("timeline", [], 100, True),
    ("who-said-what", [], 100, True),
    ("speakers", [], None, True),
    ("co-quoted", ["speaker=Speaker 7"], None, True),
    ("co-quoted", [], 100, True),
    ("co-quoted", [], None, False),
]  # (name, params, page size, also on rdflib: the whole co-quoted listing takes rdflib minutes at 100k triples)
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SKOS_ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
XSD = "http://www.w3.org/2001/XMLSchema#"


def iri(path: str) -> str:
    """A data IRI under the default base, in N-Quads syntax."""
    return f"<{DEFAULT_BASE_IRI}{path}>"


def lit(value: object, datatype: str | None = None) -> str:
    """A literal in N-Quads syntax (the synthetic text needs no escaping)."""
    return f'"{value}"' + (f"^^<{XSD}{datatype}>" if datatype else "")


def label(add, node: str, prop: str, text: str) -> None:
    """A name or alias with its lookup key, as kg.rdf.graph writes them."""
    add(node, prop, lit(text))
    add(node, f"<{KG.nameKey}>", lit(name_key(text)))


def co_quoted(add, art: str, speakers: list[str], counts: Counter) -> None:
    """A node per pair of the article's speakers, as kg.rdf.graph writes them (kg:coQuotedIn, kg:pairOf), each
    pair counted in `counts`."""
    for i, first in enumerate(speakers):
        for second in speakers[i + 1:]:
            pair = iri(f"pair/{digest(first, second)}")
            counts[pair] += 1
            add(pair, f"<{KG.coQuotedIn}>", art)
            add(pair, f"<{KG.pairOf}>", f"<{first}>")
            add(pair, f"<{KG.pairOf}>", f"<{second}>")


def synthetic_nquads(n_triples: int, seed: int = 7, realistic: bool = False) -> str:
    """A quote graph of about n_triples triples (and the pairs of each article's speakers): 200 speakers, 20
    outlets, 10 quotes per article, each by any speaker (about 10 speakers and 45 pairs an article: a worst case
    for the pair nodes, which are then 40% of the named graphs' quads) or, `realistic`, by one of a cast of 2 to
    5 speakers drawn for the article (3.5 speakers and 5 pairs an article on average, as in ../shared/dev: 3.4
    speakers and 5.2 pairs an article; the seeds 3.8 and 6.2); and the graph of the pairs' counts."""
    rnd = random.Random(seed)
    lines: list[str] = []
    n_quotes = max(10, n_triples // TRIPLES_PER_QUOTE)
    counts: Counter = Counter()
    for a in range(n_quotes // 10):
        art, g = iri(f"article/{a}"), iri(f"graph/{a}")
        outlet = rnd.randrange(20)
        day = f"2025-{1 + a % 12:02d}-{1 + a % 28:02d}"
        add = lambda s, p, o, g=g: lines.append(f"{s} {p} {o} {g} .")
        add(art, RDF_TYPE, f"<{SCHEMA.NewsArticle}>")
        add(art, f"<{SCHEMA.identifier}>", lit(f"doc-{a}"))
        add(art, f"<{SCHEMA.datePublished}>", lit(day, "date"))
        add(art, f"<{SCHEMA.publisher}>", iri(f"outlet/{outlet}"))
        label(add, iri(f"outlet/{outlet}"), f"<{SCHEMA.name}>", f"Outlet {outlet}")
        speakers = set()
        cast = rnd.sample(range(200), rnd.randint(2, 5)) if realistic else None
        for k in range(10):
            q, who = iri(f"quote/{a}-{k}"), rnd.choice(cast) if cast else rnd.randrange(200)
            speakers.add(f"{DEFAULT_BASE_IRI}entity/{who}")
            speaker = iri(f"entity/{who}")
            ev, pos = iri(f"evidence/{a}-{k}"), iri(f"evidence/{a}-{k}-position")
            add(speaker, RDF_TYPE, f"<{SCHEMA.Person}>")
            label(add, speaker, f"<{SCHEMA.name}>", f"Speaker {who}")
            label(add, speaker, SKOS_ALT, f"Minister Speaker {who}")
            add(speaker, f"<{SCHEMA.jobTitle}>", lit(f"Minister of {who % 17}"))
            add(speaker, f"<{KG.quotedBy}>", iri(f"outlet/{outlet}"))
            add(q, RDF_TYPE, f"<{SCHEMA.Quotation}>")
            add(q, f"<{SCHEMA.text}>", lit(f"words {a} {k} on topic {rnd.randrange(50)}"))
            add(q, f"<{SCHEMA.creator}>", speaker)
            add(q, f"<{KG.kind}>", f"<{KG.Direct}>")
            add(q, f"<{KG.reportedIn}>", art)
            add(q, f"<{KG.confidence}>", lit("0.9", "decimal"))
            if k % 3 == 0:
                add(q, f"<{SCHEMA.dateCreated}>", lit(day, "date"))
            add(ev, RDF_TYPE, f"<{OA.Annotation}>")
            add(ev, f"<{OA.hasBody}>", q)
            add(ev, f"<{OA.hasTarget}>", iri(f"evidence/{a}-{k}-target"))
            add(iri(f"evidence/{a}-{k}-target"), f"<{OA.hasSource}>", art)
            add(iri(f"evidence/{a}-{k}-target"), f"<{OA.hasSelector}>", pos)
            add(pos, f"<{OA.start}>", lit(k * 100, "nonNegativeInteger"))
            add(pos, f"<{OA.end}>", lit(k * 100 + 80, "nonNegativeInteger"))
        co_quoted(add, art, sorted(speakers), counts)
    aggregate = iri(CO_QUOTED_GRAPH)  # the articles of each pair, as the build counts them
    lines += [f"{pair} <{KG.articleCount}> {lit(n, 'integer')} {aggregate} ." for pair, n in sorted(counts.items())]
    return "\n".join(lines) + "\n"


def timed(func, *args):
    """(seconds, result) of calling func(*args)."""
    start = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - start, result


def best_of(repeat: int, func, *args):
    """(fewest seconds, result) of `repeat` calls of func(*args): other work on the machine only adds time."""
    runs = [timed(func, *args) for _ in range(repeat)]
    return min(seconds for seconds, _ in runs), runs[-1][1]


def count_rows(result) -> int:
    """How many rows a result has."""
    return len(list(result))


def union_ntriples(nquads: str) -> str:
    """The union of the named graphs as N-Triples, each triple once (what `kg build` writes as graph.ttl)."""
    return "".join(sorted({line.rsplit(" ", 2)[0] + " .\n" for line in nquads.splitlines() if line}))


def end_to_end(backend: list[str], name: str, params: list[str], page: int | None) -> float:
    """Seconds of `kg query NAME BACKEND...` as a user runs it (a new process)."""
    cmd = [str(Path(sys.executable).parent / "kg"), "query", name, *(f"--param={p}" for p in params),
           *(["--limit", str(page)] if page else []), *backend, "--format", "csv"]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - started


def bench(n_triples: int, work: Path, with_rdflib: bool, baseline: Path | None, repeat: int,
          realistic: bool) -> list[tuple[str, float | None, float | None, float, int]]:
    """Rows (what, rdflib seconds or None, baseline Oxigraph seconds or None, Oxigraph seconds, rows) for one
    graph size."""
    data, union, store = work / f"graph-{n_triples}.nq", work / f"graph-{n_triples}.nt", work / f"store-{n_triples}"
    text = synthetic_nquads(n_triples, realistic=realistic)
    data.write_text(text, encoding="utf-8")
    union.write_text(union_ntriples(text), encoding="utf-8")
    t_rdf, ds = timed(lambda: load_dataset(data)) if with_rdflib else (None, None)
    t_ox, quads = timed(lambda: load_store(store, data, union))
    print(f"\n{text.count(chr(10)):,} quads (Oxigraph store: {quads:,} quads with the union as default graph)")
    out = [("load", t_rdf, None, t_ox, 0)]
    for name, params, page, on_rdflib in QUERIES:
        text, bindings = paged(resolve(name)[0], page, None), parse_params(params)
        before = paged((baseline / f"{name}.rq").read_text(encoding="utf-8"), page, None) if baseline else None
        name = f"{name} {' '.join(params)}{f' --limit {page}' if page else ''}"
        t_base, base_rows = best_of(repeat, lambda *a: count_rows(execute(*a, store=store)), before, bindings) \
            if before else (None, None)
        t_ox, ox_rows = best_of(repeat, lambda *a: count_rows(execute(*a, store=store)), text, bindings)
        if base_rows not in (None, ox_rows):
            raise SystemExit(f"{name}: baseline {base_rows} rows, now {ox_rows} rows")
        t_rdf, rdf_rows = (best_of(repeat, lambda *a: count_rows(run(*a)), ds, text, bindings)
                           if with_rdflib and on_rdflib else (None, ox_rows))
        if rdf_rows != ox_rows:
            raise SystemExit(f"{name}: rdflib {rdf_rows} rows, Oxigraph {ox_rows} rows")
        out.append((name, t_rdf, t_base, t_ox, ox_rows))
    for name, params, page, on_rdflib in QUERIES:
        if page or params or name == "speakers":  # a lookup or a page, as a user asks for one
            label = f"process: kg query {name} {' '.join(params)}{f' --limit {page}' if page else ''}"
            out.append((label, None, None, best_of(repeat, end_to_end, ["--store", str(store)], name, params, page)[0], 0))
            if with_rdflib and on_rdflib:  # the union as a graph file (what graph.ttl holds), on each engine
                on_file = [best_of(repeat, end_to_end, ["--graph", str(union), "--engine", engine], name, params, page)[0]
                           for engine in ("rdflib", "oxigraph")]
                out.append((label.replace("process:", "graph file:"), *on_file[:1], None, *on_file[1:], 0))
    return out


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also 1M triples (slow: rdflib loads it in minutes)")
    parser.add_argument("--sizes", type=int, nargs="*", default=None, help="triple counts (default 10000 100000)")
    parser.add_argument("--oxigraph-only", action="store_true", help="skip rdflib (for the big sizes)")
    parser.add_argument("--baseline", type=Path, default=None, metavar="DIR",
                        help="also time the queries in DIR (e.g. another checkout's queries/) on the same store")
    parser.add_argument("--repeat", type=int, default=3, help="run each query this many times, keep the fastest")
    parser.add_argument("--realistic", action="store_true",
                        help="2 to 5 speakers an article, as in the dev articles (default: any of 200 per quote)")
    args = parser.parse_args()
    sizes = args.sizes or [10_000, 100_000] + ([1_000_000] if args.big else [])
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            print(f"{'':-<86}\n~{n:,} triples", end="")
            rows = bench(n, Path(tmp), not args.oxigraph_only, args.baseline, args.repeat, args.realistic)
            print(f"{'step':<66}{'rdflib s':>10}{'before s':>10}{'Oxigraph s':>12}{'ratio':>10}{'rows':>8}")
            for what, a, before, b, count in rows:
                slower = a if a is not None else before  # rdflib / Oxigraph, else before / after
                ratio = f"{slower / b:>9.1f}x" if slower is not None and b else f"{'':>10}"
                cells = "".join(f"{'-' if s is None else f'{s:.3f}':>10}" for s in (a, before))
                print(f"{what:<66}{cells}{b:>12.3f}{ratio}{count:>8}")


if __name__ == "__main__":
    main()
