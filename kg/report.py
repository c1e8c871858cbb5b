"""Reading contradictions back from a graph, and showing them side by side."""

from __future__ import annotations

import textwrap

from rdflib import Dataset

from .model import Contradiction, Side
from .vocab import PREFIXES

CONTRADICTIONS = """
SELECT ?c ?type ?why ?conf ?a ?b WHERE {
  ?c a kg:Contradiction ; kg:contradictionType ?type ; kg:sideA ?a ; kg:sideB ?b ; schema:description ?why .
  OPTIONAL { ?c kg:confidence ?conf }
}"""

SIDES = """
SELECT ?node ?doc ?start ?end ?exact ?speaker WHERE {
  ?ev a oa:Annotation ; oa:hasBody ?node ; oa:hasTarget ?t .
  ?t oa:hasSource ?article ; oa:hasSelector ?pos, ?qs .
  ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?qs a oa:TextQuoteSelector ; oa:exact ?exact .
  ?article schema:identifier ?doc .
  OPTIONAL { ?node schema:creator/schema:name ?speaker }
}"""

TYPES = {"ReportedDenial": "reported_denial", "ConflictingClaims": "conflicting_claims",
         "ConflictingFigures": "conflicting_figures", "QuoteVariant": "quote_variant"}


def contradictions_from_graph(ds: Dataset) -> list[Contradiction]:
    """The kg:Contradiction nodes of a graph with both sides located in their articles."""
    ns = dict(PREFIXES)
    sides: dict[str, Side] = {}
    for r in ds.query(SIDES, initNs=ns):
        key = str(r.node)
        side = Side(str(r.doc), int(r.start), int(r.end), str(r.exact), str(r.speaker) if r.speaker else None)
        if key not in sides or (side.doc, side.start) < (sides[key].doc, sides[key].start):
            sides[key] = side
    out = []
    for r in ds.query(CONTRADICTIONS, initNs=ns):
        a, b = sides.get(str(r.a)), sides.get(str(r.b))
        if a is None or b is None:
            continue
        kind = TYPES.get(str(r.type).rsplit("#", 1)[-1], str(r.type))
        out.append(Contradiction(kind, a, b, str(r.why), float(r.conf) if r.conf is not None else 0.5,
                                 str(r.a), str(r.b)))
    return sorted(out, key=lambda c: (c.type, c.a.doc, c.a.start, c.b.doc, c.b.start))


def _side_lines(side: Side, width: int) -> list[str]:
    head = f"{side.speaker or '—'} · {side.doc} [{side.start}:{side.end}]"
    return [head[:width]] + textwrap.wrap(f"“{' '.join(side.text.split())}”", width)


def contradictions_table(items: list[Contradiction], width: int = 48) -> str:
    """Each contradiction as two columns (side A | side B) under its type and explanation."""
    if not items:
        return "no contradictions found\n"
    out = []
    for n, c in enumerate(items, 1):
        out.append(f"{n}. {c.type} (confidence {c.confidence:.2f})")
        out.extend("   " + line for line in textwrap.wrap(c.explanation, width * 2))
        left, right = _side_lines(c.a, width), _side_lines(c.b, width)
        for k in range(max(len(left), len(right))):
            l = left[k] if k < len(left) else ""
            r = right[k] if k < len(right) else ""
            out.append(f"   {l.ljust(width)} | {r}")
        out.append("")
    return "\n".join(out)
