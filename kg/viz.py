"""The interactive HTML graph (pyvis over networkx), built from the RDF graph, working offline."""

from __future__ import annotations

import html
import re

import networkx as nx
from pyvis.network import Network
from rdflib import Dataset

NODE_STYLE = {
    "speaker": {"shape": "dot", "color": "#1f77b4"},
    "quote": {"shape": "box", "color": "#f5f5dc"},
    "article": {"shape": "square", "color": "#2ca02c"},
    "outlet": {"shape": "diamond", "color": "#9467bd"},
    "venue": {"shape": "triangle", "color": "#ff7f0e"},
    "claim": {"shape": "box", "color": "#ffd6d6"},
    "figure": {"shape": "ellipse", "color": "#dddddd"},
}

QUOTES_QUERY = """
SELECT ?q ?text ?speaker ?name ?article ?doc ?outlet ?outletName ?venue ?venueName ?date ?url WHERE {
  ?q a schema:Quotation ; schema:text ?text ; schema:creator ?speaker ; kg:reportedIn ?article .
  ?speaker schema:name ?name .
  ?article schema:identifier ?doc .
  OPTIONAL { ?article schema:publisher ?outlet . ?outlet schema:name ?outletName }
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?q kg:saidAt ?venue . ?venue schema:name ?venueName }
  OPTIONAL { ?q schema:dateCreated ?date }
}"""

CONTRADICTIONS_QUERY = """
SELECT ?c ?type ?a ?b ?why WHERE {
  ?c a kg:Contradiction ; kg:contradictionType ?type ; kg:sideA ?a ; kg:sideB ?b ; schema:description ?why .
}"""

SIDE_QUERY = """
SELECT ?node ?text ?article WHERE {
  ?node kg:reportedIn ?article .
  OPTIONAL { ?node schema:text ?text }
}"""


def _label(text: str, limit: int = 40) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Speakers, quotes, articles, outlets and venues as a networkx graph, with contradiction edges."""
    from .vocab import PREFIXES

    ns = {k: v for k, v in PREFIXES.items()}
    g = nx.MultiDiGraph()
    counts: dict[str, int] = {}
    for row in ds.query(QUOTES_QUERY, initNs=ns):
        q, spk, art = str(row.q), str(row.speaker), str(row.article)
        counts[spk] = counts.get(spk, 0) + 1
        g.add_node(spk, kind="speaker", label=str(row.name), title=str(row.name))
        tip = f"“{row.text}”\n— {row.name}" + (f"\nOutlet: {row.outletName}" if row.outletName else "") \
            + (f"\nVenue: {row.venueName}" if row.venueName else "") + (f"\nDate: {row.date}" if row.date else "") \
            + (f"\n{row.url}" if row.url else "")
        g.add_node(q, kind="quote", label=_label(str(row.text)), title=tip)
        g.add_node(art, kind="article", label=str(row.doc), title=f"Article {row.doc}")
        g.add_edge(spk, q, label="said")
        g.add_edge(q, art, label="reported in")
        if row.outlet is not None:
            g.add_node(str(row.outlet), kind="outlet", label=str(row.outletName), title=str(row.outletName))
            g.add_edge(art, str(row.outlet), label="published by")
        if row.venue is not None:
            g.add_node(str(row.venue), kind="venue", label=str(row.venueName), title=str(row.venueName))
            g.add_edge(q, str(row.venue), label="said at")
    texts = {str(r.node): str(r.text) for r in ds.query(SIDE_QUERY, initNs=ns) if r.text is not None}
    for row in ds.query(CONTRADICTIONS_QUERY, initNs=ns):
        a, b = str(row.a), str(row.b)
        for side in (a, b):
            if side not in g:
                kind = "figure" if "/figure/" in side else "claim"
                g.add_node(side, kind=kind, label=_label(texts.get(side, side.rsplit("/", 1)[-1])),
                           title=texts.get(side, side))
        g.add_edge(a, b, label="contradicts", contradiction=True, title=f"{row.type.split('#')[-1]}: {row.why}")
    for spk, n in counts.items():
        g.nodes[spk]["value"] = n
    return g


def render_html(ds: Dataset, height: str = "800px") -> str:
    """A self-contained HTML page of the graph: scripts inline, no request leaves the machine,
    every text from articles escaped."""
    g = to_networkx(ds)
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    for node, data in sorted(g.nodes(data=True)):
        style = NODE_STYLE.get(data["kind"], {})
        net.add_node(node, label=html.escape(data.get("label", "")), title=html.escape(data.get("title", "")),
                     value=data.get("value", 1), group=data["kind"], **style)
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("label", ""))):
        if data.get("contradiction"):
            net.add_edge(a, b, label="contradicts", title=html.escape(data.get("title", "")), color="#d62728",
                         dashes=True, width=3)
        else:
            net.add_edge(a, b, label=data.get("label", ""), color="#999999")
    page = net.generate_html()
    return _offline(page)


def _offline(page: str) -> str:
    """Drop the CDN links pyvis leaves in even in `in_line` mode (Bootstrap, used only by menus)."""
    page = re.sub(r"<link[^>]+href=\"https?://[^\"]+\"[^>]*>", "", page)
    page = re.sub(r"<script[^>]+src=\"https?://[^\"]+\"[^>]*>\s*</script>", "", page)
    return page
