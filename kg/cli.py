"""The `kg` command line: a thin layer that parses options, makes a BuildConfig and calls the library (kg.api
for build, extract and query). Options several commands share are defined once below.

Every error a person can act on is a KgError, printed as one line with a non-zero exit.

Each command imports the library modules it needs inside itself (marked `# per command`): importing them all
here would load rdflib, Oxigraph and the rest (about 0.4 s; spaCy 2 s more) for `kg --help` and every command.
"""

from __future__ import annotations

import json
import sys
import time
from functools import wraps
from pathlib import Path

import click

from . import __version__
from .build import MAX_GRAPH_ARTICLES
from .query import DEFAULT_GRAPH, ENGINES
from .errors import KgError
from .io import atomic_write
from .nlp import DEFAULT_MODEL
from .rdf.formats import NAMES as RDF_FORMATS

MODEL_HELP = f"spaCy pipeline: an installed package name or a path (default: {DEFAULT_MODEL})."


def _fail_cleanly(func):
    """Turn KgError (and a broken pipe) into one line on stderr and exit status 1 or 2."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)

    return wrapper


def _inputs(paths: tuple[str, ...], default: str | None = None) -> list[Path]:
    """The PATHS given, or the default; none at all is a KgError."""
    if not paths and default is None:
        raise KgError("no article files given")
    return [Path(p) for p in paths or (default,)]


def _reader(glob: str = "*.txt", max_bytes: int | None = None, strict: bool = False):
    """An ingest.Reader that prints each skipped input (or warning) as one line on stderr."""
    from .ingest.reader import DEFAULT_MAX_BYTES, Reader  # per command

    return Reader(glob=glob, max_bytes=max_bytes or DEFAULT_MAX_BYTES, strict=strict,
                  on_problem=lambda problem: click.echo(f"kg: {problem}", err=True))


def _exit_if_skipped(reader) -> None:
    """End with exit status 1 when the run skipped any input (each was reported as it was skipped)."""
    if reader.skipped:
        sys.exit(1)


def _options(*options):
    """One decorator applying several click options, listed in the order --help shows them."""

    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


_input_options = _options(  # which input files, and what to do with bad ones (build, extract)
    click.option("--glob", "glob", default="*.txt", show_default=True,
                 help="File pattern when a PATH is a directory (searched recursively)."),
    click.option("--max-bytes", type=click.IntRange(1), default=None, show_default="5242880 (5 MiB)",
                 help="Skip files (for JSONL: lines) larger than this."),
    click.option("--strict", is_flag=True, help="Stop at the first bad input instead of skipping it."),
)
_pipeline_options = _options(  # the spaCy pipeline, the entity registry and the lexicon (build, extract, eval)
    click.option("--model", default=DEFAULT_MODEL, show_default=True, help=MODEL_HELP),
    click.option("--registry", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 help="Entity registry (TOML) to use instead of the packaged kg/data/entities.toml."),
    click.option("--lexicon", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
                 help="Lexicon (TOML laid out like kg/data/lexicon.toml: reporting verbs, titles, clutter, venues) "
                 "to use instead of the packaged one, in every stage: masking, quotes, figures, attribution."),
)


def _graph_option(default: Path | None, help: str):
    """--graph: the graph file a command reads."""
    return click.option("--graph", "graph", type=click.Path(dir_okay=False, path_type=Path), default=default,
                        show_default=default is not None, help=help)


_backend_options = _options(  # where a query runs: exactly one of a graph file, a store, an endpoint
    _graph_option(None, f"Graph file to query in memory (default: {DEFAULT_GRAPH})."),
    click.option("--engine", type=click.Choice(ENGINES), default=ENGINES[0], show_default=True,
                 help="What answers a query on a graph file: Oxigraph in memory, or rdflib (slower; its own "
                 "SPARQL implementation, to compare)."),
    click.option("--store", "store", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help="Oxigraph store directory written by `kg build --store DIR`."),
    click.option("--endpoint", default=None, metavar="URL",
                 help="SPARQL 1.1 query endpoint, e.g. http://127.0.0.1:7878/query (see `kg push`); a server's base "
                 "URL finds the usual one (Oxigraph /query; Fuseki DATASET/query, /sparql)."),
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: who said what, where and when, from news articles, as a knowledge graph.

    Typical use: `kg build seeds/` writes out/graph.ttl and friends; `kg query who-said-what`
    asks it questions; `kg contradictions` shows where accounts disagree.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", "out", type=click.Path(file_okay=False), default="out", show_default=True,
              help="Directory for graph.ttl, graph.trig, graph.html, quotes.jsonl, contradictions.json, build.ttl.")
@_pipeline_options
@click.option("--base-iri", default=None, help="Base IRI for minted nodes (default https://w3id.org/quote-kg/id/).")
@_input_options
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes for spaCy parsing.")
@click.option("--dask", "dask", default=None, metavar="ADDRESS",
              help="Parse on a dask.distributed cluster: its scheduler's address (tcp://HOST:8786); needs the "
                   "'cluster' extra. Outputs are the same as a local build's.")
@click.option("--no-html", is_flag=True, help="Skip the interactive HTML page.")
@click.option("--store", "store", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also keep a persistent Oxigraph store in this directory up to date (a rebuild reloads only the "
                   "named graphs that changed).")
@click.option("--max-graph-articles", type=click.IntRange(0), default=MAX_GRAPH_ARTICLES, show_default=True,
              help="Write graph.ttl, graph.trig and graph.html only up to this many articles (for more, "
                   "`kg export --build OUT` writes them).")
@click.option("--domain", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A domain pack of synonyms for matching claims (e.g. kg/data/domain_trade.toml); optional.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@_fail_cleanly
def build(paths, out, model, registry, lexicon, base_iri, glob, max_bytes, strict, jobs, dask, no_html, store,
          max_graph_articles, domain, quiet):
    """Build the quote graph of PATHS (.txt, .html, .jsonl files or directories; default seeds/) into --out.

    Bad inputs are skipped, one line each on stderr, and the exit status is then 1 (--strict: stop at the first).
    """
    from .api import BuildConfig, build as run_build  # per command

    config = BuildConfig(model, registry, lexicon, domain=domain, jobs=jobs, cluster=dask, with_html=not no_html,
                         store=store, max_graph_articles=max_graph_articles,
                         **({"base_iri": base_iri} if base_iri else {}))
    reader = _reader(glob, max_bytes, strict)
    show = not quiet and sys.stderr.isatty()
    started = time.monotonic()
    with click.progressbar(length=1, label="Extracting", file=sys.stderr, show_eta=True, show_pos=True,
                           item_show_func=lambda rate: rate) if show else _NullBar() as bar:
        on_done = lambda _r: bar.update(1, f"{(bar.pos + 1) / max(time.monotonic() - started, 1e-3):.1f} articles/s")  # noqa: E731
        summary = run_build(_inputs(paths, "seeds"), out, config, reader=reader, on_done=on_done,
                            on_start=lambda n: setattr(bar, "length", n))  # the files, listed once by the build
    if not quiet:
        click.echo(f"{summary.articles} articles, {summary.quotes} quotes, {summary.speakers} speakers, "
                   f"{summary.contradictions} contradictions in {summary.seconds:.1f} s -> {out}/")
        if summary.quads is not None:
            click.echo(f"{summary.quads} quads -> Oxigraph store {store}/")
        if summary.note:
            click.echo(summary.note)
    _exit_if_skipped(reader)


class _NullBar:
    """A progress bar that shows nothing (not a terminal, or --quiet)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    pos = 0

    def update(self, n: int, current_item: str | None = None) -> None:
        """Ignore progress."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "ttl"]), default="jsonl", show_default=True,
              help="JSONL quote records (the shared schema) or Turtle.")
@_pipeline_options
@_input_options
@_fail_cleanly
def extract(paths, fmt, model, registry, lexicon, glob, max_bytes, strict):
    """Print the quotes of PATHS to stdout (offsets into each article's text: docs/errors.md says which text)."""
    from .api import BuildConfig, extract as run_extract, records_turtle  # per command

    reader = _reader(glob, max_bytes, strict)
    config = BuildConfig(model, registry, lexicon)
    results = run_extract(_inputs(paths), config, reader=reader)
    if fmt == "jsonl":
        for r in results:
            for q in r.quotes:
                click.echo(json.dumps(q.to_json(), ensure_ascii=False))
    else:
        click.echo(records_turtle(results, config), nl=False)
    _exit_if_skipped(reader)


@main.command()
@click.argument("query", required=False)
@click.option("--list", "show_list", is_flag=True, help="List the canned queries with their parameters and exit.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to the literal VALUE (repeatable); never pasted into the query text.")
@_backend_options
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "jsonl"]), default="table",
              show_default=True, help="Output format (csv/tsv/json: W3C SPARQL results formats).")
@click.option("--limit", type=click.IntRange(0), default=None, help="At most this many rows (a page of a long listing).")
@click.option("--offset", type=click.IntRange(0), default=None, help="Skip this many rows first (with --limit: the next page).")
@click.option("--all", "every_row", is_flag=True, help="Every row of a listing that gives a page by default (co-quoted).")
@_fail_cleanly
def query(query, show_list, params, graph, engine, store, endpoint, fmt, limit, offset, every_row):
    """Run QUERY: a name from queries/ (without .rq; see --list), a path to a .rq file, or inline SPARQL.
    ASK prints true or false, CONSTRUCT prints Turtle."""
    from .query.backends import run_query  # per command; not through kg.api, whose imports take a quarter second
    from .query.sparql import format_result, list_queries, page_size, parse_params, resolve  # per command

    if show_list:
        click.echo(list_queries(), nl=False)
        return
    if not query:
        raise KgError("give a QUERY (a canned name, a .rq file or SPARQL text); `kg query --list` shows the names")
    result = run_query(query, parse_params(params), graph=graph, store=store, endpoint=endpoint, limit=limit,
                       offset=offset, every_row=every_row, engine=engine)
    click.echo(format_result(result, fmt), nl=False)
    page = page_size(resolve(query)[1], limit, every_row) if limit is None else None
    if page is not None and len(result) == page:
        click.echo(f"kg: {query} gives {page} rows at a time (--limit N --offset M for another page, --all for "
                   "every row)", err=True)


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph store endpoint (gsp, e.g. http://127.0.0.1:7878/store) or update endpoint (update); "
              "a server's base URL finds the usual one (Oxigraph /store, /update; Fuseki DATASET/data, /update).")
@_graph_option(Path("out/graph.trig"), "Graph file to upload (TriG or N-Quads keep the named graphs).")
@click.option("--protocol", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="Graph Store HTTP Protocol (PUT per graph) or SPARQL 1.1 Update (DROP + INSERT DATA).")
@_fail_cleanly
def push(endpoint, graph, protocol):
    """Upload the graph to a SPARQL 1.1 server, each named graph replaced as a whole (pushing twice is safe)."""
    from .query.backends import push as run_push  # per command

    summary = run_push(graph, endpoint, protocol)
    click.echo(f"pushed {summary.graphs} named graphs ({summary.triples} triples) and their union as the default "
               f"graph ({summary.union} triples) to {summary.url}")


@main.command()
@_graph_option(DEFAULT_GRAPH, "Graph file written by `kg build`.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A side-by-side table, or the JSON list of contradictions.")
@click.option("--type", "kind", type=click.Choice(["reported_denial", "conflicting_claims", "conflicting_figures",
                                                   "quote_variant"]), default=None, help="Only this type.")
@_fail_cleanly
def contradictions(graph, fmt, kind):
    """Show where accounts contradict each other, with both sides and an explanation."""
    from .rdf.report import contradictions_table, read_contradictions  # per command

    items = read_contradictions(graph)
    if kind:
        items = [c for c in items if c.type == kind]
    if fmt == "json":
        click.echo(json.dumps([c.to_json() for c in items], indent=1, ensure_ascii=False))
    else:
        click.echo(contradictions_table(items), nl=False)


@main.command()
@_graph_option(DEFAULT_GRAPH, "Graph file written by `kg build`.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=Path("out/graph.html"),
              show_default=True, help="HTML file to write.")
@click.option("--speaker", "speakers", multiple=True, metavar="NAME",
              help="Only this speaker's statements and what contradicts them (name or alias; repeatable).")
@click.option("--outlet", "outlets", multiple=True, metavar="NAME", help="Only statements reported by this outlet "
              "(repeatable).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Only statements made on or after "
              "this date (YYYY-MM-DD; the date said, else the article's).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Only statements made on or before "
              "this date.")
@click.option("--mode", type=click.Choice(["full", "speakers"]), default="full", show_default=True,
              help="full: speakers, quotes, articles, outlets, venues; speakers: speakers and outlets only, edges "
              "weighted by quote and contradiction counts (for big corpora).")
@_fail_cleanly
def viz(graph, out, speakers, outlets, since, until, mode):
    """Write the interactive HTML graph (works offline)."""
    from .rdf.quads import QuadView  # per command
    from .viz.page import Selection, render_html  # per command

    selection = Selection(speakers, outlets, since and since.date(), until and until.date())
    atomic_write(out, render_html(QuadView(graph), mode, selection))
    click.echo(f"wrote {out}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(RDF_FORMATS), default=None,
              help="Output format; trig and nquads keep one named graph per article.")
@_graph_option(Path("out/graph.trig"), "Graph file to read (graph.trig keeps the named graphs).")
@click.option("--build", "build_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="First write graph.trig and graph.ttl of the build in this directory from its cache (a big build "
                   "does not write them), then export its graph.trig (with --format).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: stdout).")
@_fail_cleanly
def export(fmt, graph, build_dir, out):
    """Export the graph in another RDF format."""
    from .build.pipeline import export_graph_files  # per command
    from .rdf.export import serialize  # per command
    from .rdf.graph import load_dataset  # per command

    if fmt is None and build_dir is None:
        raise KgError("give --format FORMAT (or --build DIR to write a build's graph.trig and graph.ttl)")
    if build_dir is not None:
        names = export_graph_files(build_dir)
        graph = build_dir / "graph.trig"
        if fmt is None:
            click.echo(f"wrote {' and '.join(str(build_dir / n) for n in names)}")
            return
    text = serialize(load_dataset(graph), fmt)
    if out:
        atomic_write(out, text)
    else:
        click.echo(text, nl=False)


@main.command()
@_graph_option(DEFAULT_GRAPH, "Graph file to check.")
@click.option("--max-shown", type=click.IntRange(1), default=50, show_default=True,
              help="How many violations to print at most.")
@_fail_cleanly
def validate(graph, max_shown):
    """Check a graph against the SHACL shapes of the model (kg/data/shapes.ttl); exit 1 on violations."""
    from .rdf.graph import load_dataset  # per command
    from .rdf.validate import validate as run_validate  # per command

    violations = run_validate(load_dataset(graph))
    if not violations:
        click.echo(f"{graph}: conforms to the kg shapes")
        return
    for v in violations[:max_shown]:
        click.echo(str(v))
    more = len(violations) - max_shown
    click.echo(f"{len(violations)} violation(s)" + (f", {more} not shown" if more > 0 else ""), err=True)
    sys.exit(1)


@main.command(name="eval")
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path())
@_pipeline_options
@click.option("--pred", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Score this JSONL of predictions instead of extracting from PATHS.")
@_fail_cleanly
def evaluate(gold, paths, model, registry, lexicon, pred):
    """Score extraction of PATHS (default seeds/) against a GOLD JSONL: precision, recall, F1, speaker,
    venue and date accuracy."""
    from .build.evaluate import load_jsonl, score  # per command
    from .api import BuildConfig, extract as run_extract  # per command

    gold_rows = load_jsonl(gold)
    if pred:
        rows = load_jsonl(pred)
    else:
        results = run_extract(_inputs(paths, "seeds"), BuildConfig(model, registry, lexicon))
        rows = [q.to_json() for r in results for q in r.quotes]
    s = score(gold_rows, rows)
    fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
    click.echo(f"gold {s.gold}  pred {s.pred}  matched {s.matched}  precision {s.precision:.3f}  "
               f"recall {s.recall:.3f}  F1 {s.f1:.3f}")
    click.echo(f"speaker {s.speaker:.3f}  venue {fmt(s.venue)}  date {fmt(s.date)}  recall by kind: "
               + "  ".join(f"{k} {v:.3f}" for k, v in s.by_kind.items()))


if __name__ == "__main__":
    main()
