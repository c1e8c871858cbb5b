"""SPARQL over the graph: canned queries in queries/, parameters bound as RDF terms, result formats."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from rdflib import Dataset, Literal, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result

from .errors import KgError
from .vocab import PREFIXES

QUERY_DIRS = (Path.cwd() / "queries", Path(__file__).resolve().parent.parent / "queries")


def query_dirs() -> list[Path]:
    """Where canned queries are looked for: ./queries, then the project's queries/."""
    seen, out = set(), []
    for d in QUERY_DIRS:
        if d.is_dir() and d.resolve() not in seen:
            seen.add(d.resolve())
            out.append(d)
    return out


def canned_queries() -> dict[str, Path]:
    """Canned query names (file stems) and their files."""
    found: dict[str, Path] = {}
    for d in query_dirs():
        for p in sorted(d.glob("*.rq")):
            found.setdefault(p.stem, p)
    return found


def describe(path: Path) -> str:
    """The one-line description of a canned query: its first comment line."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def resolve_query(query: str) -> str:
    """QUERY as a canned name, a path to a .rq file, or inline SPARQL: the query text."""
    canned = canned_queries()
    if query in canned:
        return canned[query].read_text(encoding="utf-8")
    path = Path(query)
    if query.endswith(".rq") or (len(query) < 256 and "\n" not in query and path.is_file()):
        if not path.is_file():
            raise KgError(f"{query}: no such query file")
        return path.read_text(encoding="utf-8")
    if re.search(r"\b(select|ask|construct|describe)\b", query, re.IGNORECASE):
        return query
    close = difflib.get_close_matches(query, list(canned), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known queries: {', '.join(sorted(canned))}"
    raise KgError(f"unknown query {query!r}{hint}")


def parse_params(pairs: tuple[str, ...]) -> dict[str, Literal]:
    """NAME=VALUE pairs as RDF literals to bind (never pasted into query text)."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise KgError(f"--param {pair!r}: expected NAME=VALUE")
        out[name] = Literal(value)
    return out


def run(ds: Dataset, text: str, params: dict[str, Literal] | None = None) -> Result:
    """Run SPARQL on the dataset (union of named graphs) with parameters bound as RDF terms."""
    try:
        prepared = prepareQuery(text, initNs=dict(PREFIXES))
    except Exception as exc:  # pyparsing's ParseException and friends
        raise KgError(f"malformed SPARQL query: {_parse_error(exc)}") from exc
    bindings = {Variable(k): v for k, v in (params or {}).items()}
    return ds.query(prepared, initBindings=bindings)


def _parse_error(exc: Exception) -> str:
    line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    msg = str(exc).splitlines()[0][:160]
    return f"line {line}, column {col}: {msg}" if line is not None else msg


def _cell(value) -> str:
    return "" if value is None else str(value)


def _cut(text: str, width: int) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[:width - 1] + "…"


def format_result(result: Result, fmt: str, max_width: int = 60) -> str:
    """Rows as an aligned table, CSV, TSV, JSON or JSON lines (SPARQL results formats where they exist);
    ASK prints true/false, CONSTRUCT prints Turtle."""
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" else str(bool(result.askAnswer)).lower()
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle")
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    if fmt == "csv":
        return result.serialize(format="csv").decode("utf-8")
    if fmt == "tsv":
        return result.serialize(format="tsv").decode("utf-8")
    names = [str(v) for v in result.vars]
    rows = [[_cell(r[v]) for v in result.vars] for r in result]
    if fmt == "jsonl":
        return "".join(json.dumps(dict(zip(names, row)), ensure_ascii=False) + "\n" for row in rows)
    if fmt != "table":
        raise KgError(f"unknown format {fmt!r}")
    cells = [[_cut(c, max_width) for c in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    line = lambda row: "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()  # noqa: E731
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in cells]
    return "\n".join(out) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})\n"
