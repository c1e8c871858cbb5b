"""Reading contradictions back (from the list the build wrote, or from a graph as `kg.rdf.corpus` reads it),
and showing them side by side."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from ..model import Contradiction, Side
from .corpus import contradictions
from .formats import require_graph_file
from .quads import QuadView

LIST_NAME = "contradictions.json"


def read_contradictions(graph: Path) -> list[Contradiction]:
    """The contradictions of a build: from the `contradictions.json` the build wrote beside `graph` when
    it is at least as new as the graph (a graph copied in later is read instead), else from the graph."""
    listed = graph.parent / LIST_NAME
    require_graph_file(graph)
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
    """The kg:Contradiction nodes of a graph file with every place each side appears, read as the page reads
    them (`kg.rdf.corpus`) from an in-memory Oxigraph store."""
    return contradictions(QuadView(graph))


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
