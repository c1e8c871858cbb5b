"""Reading contradictions back (from the list the build wrote, or from a graph through Oxigraph), and
showing them side by side."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pyoxigraph as ox

from ..errors import KgError
from ..model import Contradiction, Side
from .load import load_graph, prologue

CONTRADICTIONS = """
SELECT DISTINCT ?c ?type ?why ?conf ?a ?b WHERE {
  ?c a kg:Contradiction ; kg:contradictionType ?type ; kg:sideA ?a ; kg:sideB ?b ; schema:description ?why .
  OPTIONAL { ?c kg:confidence ?conf }
}"""

# Every place a side of a contradiction is located (its evidence), with its speaker when known.
SIDES = """
SELECT DISTINCT ?node ?doc ?start ?end ?exact ?speaker WHERE {
  ?c a kg:Contradiction .
  { ?c kg:sideA ?node } UNION { ?c kg:sideB ?node }
  ?ev a oa:Annotation ; oa:hasBody ?node ; oa:hasTarget ?t .
  ?t oa:hasSource ?article ; oa:hasSelector ?pos, ?qs .
  ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?qs a oa:TextQuoteSelector ; oa:exact ?exact .
  ?article schema:identifier ?doc .
  OPTIONAL { ?node (schema:creator|prov:wasAttributedTo)/schema:name ?speaker }
}"""

TYPES = {"ReportedDenial": "reported_denial", "ConflictingClaims": "conflicting_claims",
         "ConflictingFigures": "conflicting_figures", "QuoteVariant": "quote_variant"}
LIST_NAME = "contradictions.json"


def read_contradictions(graph: Path) -> list[Contradiction]:
    """The contradictions of a build: from the `contradictions.json` the build wrote beside `graph` when
    it is at least as new as the graph (a graph copied in later is read instead), else from the graph."""
    listed = graph.parent / LIST_NAME
    if not graph.is_file():
        raise KgError(f"{graph}: no such graph file; run `kg build` first (it writes out/graph.ttl)")
    if listed.is_file() and listed.stat().st_mtime >= graph.stat().st_mtime:
        try:
            return [contradiction_from_json(d) for d in json.loads(listed.read_text(encoding="utf-8"))]
        except (ValueError, KeyError, TypeError):
            pass  # not a list this version wrote: read the graph
    return contradictions_from_graph(graph)


def _side(d: dict) -> Side:
    return Side(d["doc"], int(d["start"]), int(d["end"]), d["text"], d.get("speaker"))


def contradiction_from_json(d: dict) -> Contradiction:
    """A contradiction from its JSON object (as `Contradiction.to_json` writes it)."""
    a, b = _side(d["a"]), _side(d["b"])
    return Contradiction(d["type"], a, b, d["explanation"], float(d["confidence"]),
                         a_evidence=tuple(_side(e) for e in d["a"].get("evidence", [])),
                         b_evidence=tuple(_side(e) for e in d["b"].get("evidence", [])))


def contradictions_from_graph(graph: Path) -> list[Contradiction]:
    """The kg:Contradiction nodes of a graph file with every place each side appears, queried through
    an in-memory Oxigraph store (an rdflib join takes minutes on a few dozen articles)."""
    store = ox.Store()
    load_graph(store, graph, union=False)
    located: dict[str, list[Side]] = {}
    for r in store.query(prologue() + SIDES, use_default_graph_as_union=True):
        side = Side(r["doc"].value, int(r["start"].value), int(r["end"].value), r["exact"].value,
                    r["speaker"].value if r["speaker"] is not None else None)
        located.setdefault(r["node"].value, []).append(side)
    out = []
    for r in store.query(prologue() + CONTRADICTIONS, use_default_graph_as_union=True):
        a_ev, b_ev = (sorted(set(located.get(r[k].value, [])), key=lambda s: (s.doc, s.start)) for k in ("a", "b"))
        if not a_ev or not b_ev:
            continue
        kind = TYPES.get(r["type"].value.rsplit("#", 1)[-1], r["type"].value)
        conf = float(r["conf"].value) if r["conf"] is not None else 0.5
        out.append(Contradiction(kind, a_ev[0], b_ev[0], r["why"].value, conf, r["a"].value, r["b"].value,
                                 tuple(a_ev), tuple(b_ev)))
    return sorted(out, key=lambda c: (c.type, c.a.doc, c.a.start, c.b.doc, c.b.start))


def _side_lines(side: Side, evidence: tuple[Side, ...], width: int) -> list[str]:
    head = f"{side.speaker or '—'} · {side.doc} [{side.start}:{side.end}]"
    lines = [head[:width]] + textwrap.wrap(f"“{' '.join(side.text.split())}”", width)
    others = sorted({e.doc for e in evidence} - {side.doc})
    if others:
        lines += textwrap.wrap(f"also in: {', '.join(others)}", width)
    return lines


def contradictions_table(items: list[Contradiction], width: int = 48) -> str:
    """Each contradiction as two columns (side A | side B) under its type and explanation."""
    if not items:
        return "no contradictions found\n"
    out = []
    for n, c in enumerate(items, 1):
        out.append(f"{n}. {c.type} (confidence {c.confidence:.2f})")
        out.extend("   " + line for line in textwrap.wrap(c.explanation, width * 2))
        left, right = _side_lines(c.a, c.a_evidence, width), _side_lines(c.b, c.b_evidence, width)
        for k in range(max(len(left), len(right))):
            l = left[k] if k < len(left) else ""
            r = right[k] if k < len(right) else ""
            out.append(f"   {l.ljust(width)} | {r}")
        out.append("")
    return "\n".join(out)
