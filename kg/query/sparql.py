"""SPARQL text: canned queries in queries/, parameters bound as RDF terms, paging, result formats.

The same query text runs on three backends and gives the same rows: an rdflib Dataset in memory, an
Oxigraph store on disk and any SPARQL 1.1 endpoint (all in `kg.query.backends`, which imports this module,
never the other way). Every backend answers with an rdflib `Result`, so `format_result` prints them all alike.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from ..errors import KgError
from ..ids import DEFAULT_BASE_IRI, name_key
from ..rdf.graph import bind_prefixes
from ..rdf.vocab import PREFIXES

# ./queries, the installed package's kg/queries (pyproject.toml ships queries/ there), a checkout's queries/
QUERY_DIRS = (Path.cwd() / "queries", Path(__file__).resolve().parent.parent / "queries",
              Path(__file__).resolve().parent.parent.parent / "queries")
FORMATS = ("table", "csv", "tsv", "json", "jsonl")
PARAM_LINE = re.compile(r"#\s+([A-Za-z_]\w*)\s+\((required|optional)\)")
PAGE_LINE = re.compile(r"#\s+Page:\s+(\d+)\s+rows\b")  # a listing's default page: `# Page: 100 rows ...`
PAGE_MARK = re.compile(r"#\s*kg:page\s*")  # where a paged listing's key subquery takes its LIMIT (`paged`)
# What can hide a brace: long and short strings, IRIs and comments (masked before counting braces).
OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
                    r'|<[^<>"{}|^`\\\x00-\x20]*>' r"|#[^\n]*")


@dataclass(frozen=True)
class CannedQuery:
    """A documented query file in queries/: its name, description, parameters (name -> required) and, for a
    listing too long to print whole by default, how many rows a page has unless the user asks otherwise."""

    name: str
    path: Path
    description: str
    params: dict[str, bool]
    page: int | None = None

    @property
    def text(self) -> str:
        """The SPARQL text."""
        return self.path.read_text(encoding="utf-8")


def query_dirs() -> list[Path]:
    """Where canned queries are looked for: ./queries, then the package's."""
    seen, out = set(), []
    for d in QUERY_DIRS:
        if d.is_dir() and d.resolve() not in seen:
            seen.add(d.resolve())
            out.append(d)
    return out


def read_header(path: Path) -> CannedQuery:
    """A query file's comment header: the first line describes it, `#   NAME (required|optional) ...`
    lines under `# Parameters:` declare its parameters, a `# Page: N rows ...` line its default page."""
    description, params, in_params, page = "", {}, False, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if not description:
            description = line.lstrip("# ").strip()
        elif m := PAGE_LINE.match(line):
            page, in_params = int(m.group(1)), False
        elif line.lstrip("# ").lower().startswith("parameters"):
            in_params = True
        elif in_params and (m := PARAM_LINE.match(line)):
            params[m.group(1)] = m.group(2) == "required"
    return CannedQuery(path.stem, path, description, params, page)


def canned_queries() -> dict[str, CannedQuery]:
    """Canned queries by name (file stem)."""
    found: dict[str, CannedQuery] = {}
    for d in query_dirs():
        for p in sorted(d.glob("*.rq")):
            if p.stem not in found:
                found[p.stem] = read_header(p)
    return found


def list_queries() -> str:
    """The canned queries, one a line: name, parameters and description, aligned."""
    items = sorted(canned_queries().values(), key=lambda c: c.name)
    if not items:
        raise KgError(f"no canned queries found (looked in {', '.join(str(d) for d in QUERY_DIRS)}); "
                      "reinstall kg, or put .rq files in ./queries")
    names = [c.name + "".join(f" {p}=…" if req else f" [{p}=…]" for p, req in c.params.items()) for c in items]
    width = max(map(len, names))
    return "".join(f"{n.ljust(width)}  {c.description}\n" for n, c in zip(names, items))


def resolve(query: str) -> tuple[str, CannedQuery | None]:
    """QUERY as a canned name, a path to a .rq file, or inline SPARQL: its text, and the canned query if any."""
    canned = canned_queries()
    if query in canned:
        return canned[query].text, canned[query]
    path = Path(query)
    if query.endswith(".rq") or (len(query) < 256 and "\n" not in query and path.is_file()):
        if not path.is_file():
            raise KgError(f"{query}: no such query file")
        return path.read_text(encoding="utf-8"), read_header(path)
    if re.search(r"\b(select|ask|construct|describe)\b", query, re.IGNORECASE):
        return query, None
    close = difflib.get_close_matches(query, list(canned), n=3, cutoff=0.5)
    hint = (f"; did you mean {', '.join(close)}?" if close else f"; known queries: {', '.join(sorted(canned))}"
            if canned else "; no canned queries are installed")
    raise KgError(f"unknown query {query!r}{hint} (`kg query --list` shows them all)")


def parse_params(pairs: tuple[str, ...] | list[str]) -> dict[str, Literal]:
    """NAME=VALUE pairs as RDF literals to bind (never pasted into query text)."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise KgError(f"--param {pair!r}: expected NAME=VALUE")
        out[name] = Literal(value)
    return out


def with_keys(text: str, params: dict[str, Literal]) -> dict[str, Literal]:
    """The parameters, and for each NAME that the query reads as `?NAMEKey` its lookup key too (the value
    case- and accent-folded as `kg:nameKey` is written), so names are found by an exact, indexed match."""
    keys = {f"{name}Key": Literal(name_key(str(value))) for name, value in params.items()
            if re.search(rf"[?$]{name}Key\b", text)}
    return {**params, **keys}


def page_size(canned: CannedQuery | None, limit: int | None, every_row: bool = False) -> int | None:
    """The rows to ask for: `limit` (--limit) when given, else a canned listing's default page (`# Page:` in its
    header) unless every row is asked for (--all), else all of them (None)."""
    if every_row and limit is not None:
        raise KgError("give --limit or --all, not both")
    return limit if limit is not None or every_row or canned is None else canned.page


def check_params(canned: CannedQuery | None, params: dict[str, Literal]) -> None:
    """Refuse parameters a documented query does not take, and missing required ones."""
    if canned is None or not canned.params and not params:
        return
    takes = ", ".join(canned.params) or "none"
    unknown = sorted(set(params) - set(canned.params))
    if unknown:
        raise KgError(f"query {canned.name!r} has no parameter {unknown[0]!r} (it takes: {takes})")
    missing = [p for p, required in canned.params.items() if required and p not in params]
    if missing:
        raise KgError(f"query {canned.name!r} needs --param {missing[0]}=VALUE")


def query_form(text: str) -> str:
    """SELECT, ASK or CONSTRUCT (DESCRIBE counts as CONSTRUCT) for valid SPARQL 1.1 text; a KgError
    with the line and column of the first error otherwise (Oxigraph's parser, which locates errors
    precisely; the query is only parsed against an empty store)."""
    try:
        answer = ox.Store().query(text, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
    except SyntaxError as exc:
        raise KgError(f"malformed SPARQL query: {_syntax_error(str(exc))}") from exc
    if isinstance(answer, ox.QueryBoolean):
        return "ASK"
    return "CONSTRUCT" if isinstance(answer, ox.QueryTriples) else "SELECT"


def _syntax_error(message: str) -> str:
    """Oxigraph's `error at L:C: ...` as `line L, column C: ...` on one line."""
    message = " ".join(message.split())
    m = re.match(r"error at (\d+):(\d+): (.*)", message)
    return f"line {m.group(1)}, column {m.group(2)}: {m.group(3)}" if m else message


def bind_values(text: str, params: dict[str, Literal]) -> str:
    """The query with `VALUES (?a ?b) { (term term) }` opening its WHERE pattern and the WHERE pattern of
    every subquery: parameters bound as RDF terms in N-Triples syntax (escaped by rdflib), for engines
    without initBindings. As with rdflib's initBindings, a parameter is bound in subqueries too, so a
    query can narrow by it first (a subquery is where Oxigraph starts)."""
    if not params:
        return text
    masked = OPAQUE.sub(lambda m: " " * len(m.group()), text)
    if re.search(r"\bCONSTRUCT\s+WHERE\b", masked, re.IGNORECASE):
        raise KgError("parameters need a CONSTRUCT { ... } WHERE { ... } query, not the CONSTRUCT WHERE short form")
    opening = _top_level_braces(masked)[1 if re.search(r"\bCONSTRUCT\s*\{", masked, re.IGNORECASE) else 0:]
    if not opening:
        raise KgError("this query has no WHERE pattern to bind parameters in")
    names = " ".join(f"?{name}" for name in params)
    terms = " ".join(term.n3() for term in params.values())
    values = f" VALUES ({names}) {{ ({terms}) }} "
    subqueries = {m.end() - 1 for m in re.finditer(r"\bWHERE\s*\{", masked, re.IGNORECASE)}
    for at in sorted({opening[0], *subqueries}, reverse=True):
        text = text[:at + 1] + values + text[at + 1:]
    return text


def paged(text: str, limit: int | None, offset: int | None) -> str:
    """The query with `LIMIT`/`OFFSET` appended, for a page of a long listing (`kg query --limit/--offset`);
    a query that already ends with its own LIMIT or OFFSET, or an ASK, cannot be paged. With a limit, each
    `# kg:page` comment becomes `LIMIT offset+limit`: a canned listing puts it after the ORDER BY of the
    subquery that finds the first keys (days, names) of its rows, so that only their rows are looked up
    and sorted (queries/timeline.rq says how such a subquery keeps the page exact)."""
    if limit is None and offset is None:
        return text
    masked = OPAQUE.sub(lambda m: " " * len(m.group()), text)
    if query_form(text) == "ASK":
        raise KgError("--limit and --offset page a SELECT, CONSTRUCT or DESCRIBE query, not an ASK")
    if re.search(r"\b(LIMIT|OFFSET)\s+\d+\s*$", masked, re.IGNORECASE):
        raise KgError("this query has its own LIMIT or OFFSET; drop it or --limit/--offset")
    if limit is not None:
        text = OPAQUE.sub(lambda m: f"LIMIT {limit + (offset or 0)}" if PAGE_MARK.fullmatch(m.group()) else m.group(),
                          text)
    page = (f"\nLIMIT {limit}" if limit is not None else "") + (f"\nOFFSET {offset}" if offset else "")
    return text.rstrip() + page + "\n"


def _top_level_braces(masked: str) -> list[int]:
    """Positions of the `{` that open top-level groups in query text with strings and comments masked."""
    depth, out = 0, []
    for i, ch in enumerate(masked):
        if ch == "{":
            if depth == 0:
                out.append(i)
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
    return out


def tsv_term(term: Node | None) -> str:
    """A term as a W3C SPARQL TSV cell: N-Triples syntax on one line, empty when unbound."""
    if term is None:
        return ""
    if not isinstance(term, Literal):
        return term.n3()
    escaped = str(term).translate({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r",
                                   ord("\t"): "\\t"})
    suffix = f"@{term.language}" if term.language else f"^^<{term.datatype}>" if term.datatype else ""
    return f'"{escaped}"{suffix}'


def compact(term: Node | None, prefixes: list[tuple[str, str]]) -> str:
    """A term as a table cell: IRIs shortened with the model's prefixes, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in prefixes:
            if term.startswith(ns) and len(term) > len(ns):
                return f"{prefix}:{term[len(ns):]}"
    return str(term)


def table_prefixes() -> list[tuple[str, str]]:
    """The model's prefixes and `id:` for the default base IRI, longest namespace first."""
    pairs = [(p, str(ns)) for p, ns in PREFIXES.items()] + [("id", DEFAULT_BASE_IRI)]
    return sorted(pairs, key=lambda pair: -len(pair[1]))


def _cut(text: str, width: int) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[:width - 1] + "…"


def format_result(result: Result, fmt: str, max_width: int = 60) -> str:
    """Rows as an aligned table, CSV, TSV, JSON or JSON lines (W3C SPARQL results formats where they
    exist); ASK prints true/false (JSON: the W3C boolean result), CONSTRUCT and DESCRIBE print Turtle."""
    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        return json.dumps({"head": {}, "boolean": answer}) + "\n" if fmt == "json" else f"{str(answer).lower()}\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        bind_prefixes(result.graph)
        return result.graph.serialize(format="turtle")
    if fmt in ("json", "csv"):
        return result.serialize(format=fmt).decode("utf-8")
    names = [str(v) for v in result.vars]
    if fmt == "tsv":
        return "".join("\t".join(row) + "\n" for row in
                       [[f"?{n}" for n in names]] + [[tsv_term(r[v]) for v in result.vars] for r in result])
    if fmt == "jsonl":
        return "".join(json.dumps({n: (None if r[v] is None else str(r[v])) for n, v in zip(names, result.vars)},
                                  ensure_ascii=False) + "\n" for r in result)
    prefixes = table_prefixes()
    cells = [[_cut(compact(r[v], prefixes), max_width) for v in result.vars] for r in result]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    line = lambda row: "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()  # noqa: E731
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in cells]
    return "\n".join(out) + f"\n({len(cells)} row{'s' if len(cells) != 1 else ''})\n"
