"""The interactive HTML graph: the RDF graph (as `kg.rdf.corpus` reads it) into networkx, handed to vis-network
through pyvis, on a self-contained page (every script and style inline, article text always shown as text, never as markup)."""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network

from ..errors import KgError
from ..ids import name_key
from ..rdf.corpus import Conflict, Corpus, Source, Statement, read_corpus
from ..rdf.quads import Quads

TEMPLATES = Path(__file__).parent / "templates"
PYVIS_TEMPLATES = Path(pyvis.__file__).parent / "templates"
MODES = ("full", "speakers")
PHYSICS_LIMIT = 8000  # nodes + edges above which the layout is computed here and the browser runs no physics
IMPROVED_LAYOUT_LIMIT = 150  # nodes up to which vis-network's (costly) improved initial layout runs
SMOOTH_LIMIT = 1000  # edges up to which they are drawn curved
HUBS = ("speaker", "outlet", "venue")  # kinds the precomputed layout places first, on a spiral
MAX_REASONS = 8  # explanations listed on one aggregated contradiction edge
# Full-graph size (nodes + edges) above which the page opens on an overview (speakers and the disagreements
# between them) and draws statements only on demand. Measured with bench/bench_viz.py (README, "The interactive
# graph"): at 1,471 (300 synthetic quotes) a fitted full drawing is already too small to read, and from there
# the browser's layout takes seconds (4.4-4.5 s at 1,944-3,836 under load, 7.8 s at 5,723) while the overview
# opens in under one; the seeds (407) and the 20 dev articles stay whole.
OVERVIEW_LIMIT = 1500
DRAW_LIMIT = 600  # nodes a big corpus's page draws on demand; a view needing more stays on the overview
SPRING_LIMIT = 499  # overview nodes up to which a force layout places them (networkx needs scipy beyond)
OVERVIEW_SPACING = 70.0  # the overview's scale: about this many pixels per square root of its node count
TOP_SPEAKERS = 15  # speakers the panel lists when there is no contradiction

# Colours from the Okabe-Ito palette (distinct for the common colour-vision deficiencies); every kind also has
# its own shape, and conflict edges their own width and dash pattern, so colour is never the only cue.
NODE_STYLE: dict[str, dict] = {
    "speaker": {"shape": "dot", "color": "#0072b2", "legend": "speaker (size: times quoted)"},
    "quote": {"shape": "box", "color": "#fdf6d8", "legend": "quote"},
    "claim": {"shape": "box", "color": "#f6c8a8", "legend": "denial (claim)"},
    "figure": {"shape": "ellipse", "color": "#e0e0e0", "legend": "figure"},
    "article": {"shape": "square", "color": "#009e73", "legend": "article"},
    "outlet": {"shape": "diamond", "color": "#cc79a7", "legend": "outlet"},
    "venue": {"shape": "triangle", "color": "#e69f00", "legend": "venue"},
}
EDGE_STYLE: dict[str, dict] = {
    "said": {"color": "#0072b2", "width": 1.5},
    "reported in": {"color": "#8fcbb5", "width": 1},
    "published by": {"color": "#e3b5cf", "width": 1},
    "said on": {"color": "#f0cc80", "width": 1},
    "quoted by": {"color": "#b48aa6", "width": 1},
    "denies": {"color": "#7a2e00", "width": 2.5},
    "contradicts": {"color": "#d55e00", "width": 3, "dashes": [8, 6]},
}
CONFLICT_EDGES = ("denies", "contradicts")


@dataclass(frozen=True)
class Selection:
    """Which statements to show: by speaker, outlet and date (all optional)."""

    speakers: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def is_empty(self) -> bool:
        """True when nothing is filtered out."""
        return self == Selection()


# -- choosing what to show


def _resolve(wanted: tuple[str, ...], candidates: set[str], corpus: Corpus, what: str) -> set[str]:
    """IRIs of the candidates named (by any name or alias, ignoring case and accents); a name matching none is
    an error."""
    found = set()
    for name in wanted:
        key = name_key(name)
        hits = {c for c in candidates
                if key in {name_key(n) for n in {corpus.names.get(c, "")} | corpus.aliases.get(c, set())}}
        if not hits:
            known = sorted(corpus.names[c] for c in candidates if c in corpus.names)
            raise KgError(f"no {what} named {name!r} in the graph (known: {', '.join(known[:12]) or 'none'})")
        found |= hits
    return found


def select(corpus: Corpus, sel: Selection) -> Corpus:
    """The statements matching `sel`, with every contradiction touching one of them (and its other side)."""
    if sel.is_empty():
        return corpus
    speakers = _resolve(sel.speakers, {s for st in corpus.statements.values() for s in st.speakers}, corpus,
                        "speaker")
    outlets = _resolve(sel.outlets, {a.outlet for a in corpus.articles.values() if a.outlet}, corpus, "outlet")

    def keep(st: Statement) -> bool:
        """Whether one statement passes every filter given."""
        return ((not speakers or bool(speakers & set(st.speakers)))
                and (not outlets or any(corpus.articles[a].outlet in outlets for a in st.articles))
                and (sel.since is None or (st.said is not None and st.said >= sel.since))
                and (sel.until is None or (st.said is not None and st.said <= sel.until)))

    kept = {i for i, st in corpus.statements.items() if keep(st)}
    if not kept:
        raise KgError("no statement matches the filters given (--speaker, --outlet, --since, --until)")
    conflicts = [c for c in corpus.conflicts if c.a in kept or c.b in kept]
    shown = kept | {c.a for c in conflicts} | {c.b for c in conflicts}
    return replace(corpus, statements={i: st for i, st in corpus.statements.items() if i in shown},
                   conflicts=conflicts)


# -- networkx graphs


def _label(text: str, limit: int = 38) -> str:
    """One line of at most `limit` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _said_counts(corpus: Corpus) -> Counter:
    """How many statements each speaker made."""
    return Counter(s for st in corpus.statements.values() for s in st.speakers)


def _speaker_node(g: nx.Graph, corpus: Corpus, spk: str, count: int) -> None:
    """A speaker node sized by how often they are quoted."""
    name = corpus.names.get(spk, spk.rsplit("/", 1)[-1])
    g.add_node(spk, kind="speaker", label=name, value=count,
               info=[("speaker", name), ("statements", str(count))])


def _outlet_node(g: nx.Graph, corpus: Corpus, outlet: str, info: list[tuple[str, str]] | None = None) -> None:
    """An outlet node."""
    name = corpus.names.get(outlet, outlet.rsplit("/", 1)[-1])
    g.add_node(outlet, kind="outlet", label=name, info=[("outlet", name), *(info or [])])


def _statement_info(corpus: Corpus, st: Statement) -> list[tuple[str, str]]:
    """The tooltip fields of a statement: full text, speaker, outlet, venue, date, article."""
    arts = [corpus.articles[a] for a in st.articles]
    fields = [(st.kind, st.text),
              ("speaker", ", ".join(corpus.names.get(s, s) for s in st.speakers)),
              ("outlet", ", ".join(sorted({corpus.names.get(a.outlet, "") for a in arts if a.outlet}))),
              ("venue", corpus.names.get(st.venue, "") if st.venue else ""),
              ("date", st.said.isoformat() if st.said else ""),
              ("article", "; ".join(a.headline or a.doc for a in arts))]
    return [(k, v) for k, v in fields if v]


def _article_node(g: nx.Graph, corpus: Corpus, art: Source) -> None:
    """An article node with its outlet."""
    outlet = corpus.names.get(art.outlet, "") if art.outlet else ""
    g.add_node(art.iri, kind="article", label=_label(art.headline or art.doc, 30), url=art.url,
               info=[(k, v) for k, v in (("article", art.headline or art.doc), ("outlet", outlet),
                                         ("published", art.published.isoformat() if art.published else ""),
                                         ("file", art.doc)) if v])
    if art.outlet:
        _outlet_node(g, corpus, art.outlet)
        g.add_edge(art.iri, art.outlet, kind="published by")


def full_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """Speakers, statements, articles, outlets and venues, with denial and contradiction edges."""
    g = nx.MultiDiGraph()
    counts = _said_counts(corpus)
    for st in corpus.statements.values():
        url = next((corpus.articles[a].url for a in st.articles if corpus.articles[a].url), None)
        g.add_node(st.iri, kind=st.kind, label=_label(st.head, 30), info=_statement_info(corpus, st), url=url)
        for spk in st.speakers:
            _speaker_node(g, corpus, spk, counts[spk])
            g.add_edge(spk, st.iri, kind="said")
        for a in st.articles:
            _article_node(g, corpus, corpus.articles[a])
            g.add_edge(st.iri, a, kind="reported in")
        if st.venue:
            name = corpus.names.get(st.venue, st.venue)
            g.add_node(st.venue, kind="venue", label=name, info=[("venue", name)])
            g.add_edge(st.iri, st.venue, kind="said on")
        for target in st.denies:
            if target in corpus.statements:
                g.add_edge(st.iri, target, kind="denies")
    for c in corpus.conflicts:
        g.add_edge(c.a, c.b, kind="contradicts", info=[("contradiction", c.type), ("why", c.why)])
    return g


def _owners(corpus: Corpus, st: Statement) -> tuple[str, ...]:
    """Who a statement belongs to in the speakers view: its speakers, else the outlets reporting it."""
    return st.speakers or tuple(sorted({corpus.articles[a].outlet for a in st.articles
                                        if corpus.articles[a].outlet}))


def speakers_graph(corpus: Corpus) -> nx.MultiGraph:
    """Speakers and outlets only: edges weighted by quote counts and by contradictions, for big corpora."""
    g = nx.MultiGraph()
    counts = _said_counts(corpus)
    quoted: Counter = Counter()
    for st in corpus.statements.values():
        for spk in st.speakers:
            _speaker_node(g, corpus, spk, counts[spk])
            quoted.update((spk, corpus.articles[a].outlet) for a in st.articles if corpus.articles[a].outlet)
    pairs = _conflict_pairs(corpus)
    outlets = sorted({o for _, o in quoted} | {n for pair in pairs for n in pair if n not in g})
    articles = Counter(a.outlet for a in corpus.articles.values() if a.outlet)
    for outlet in outlets:
        _outlet_node(g, corpus, outlet, [("articles", str(articles[outlet]))])
    for (spk, outlet), n in sorted(quoted.items()):
        g.add_edge(spk, outlet, kind="quoted by", weight=n, label=str(n),
                   info=[("quoted by", f"{corpus.names.get(outlet, outlet)}: {n} times")])
    _add_conflict_edges(g, pairs)
    return g


def _conflict_pairs(corpus: Corpus) -> dict[tuple[str, str], list[Conflict]]:
    """The contradictions between each pair of owners (speakers, else outlets) of their two sides."""
    pairs: dict[tuple[str, str], list[Conflict]] = defaultdict(list)
    for c in corpus.conflicts:
        for a in _owners(corpus, corpus.statements[c.a]):
            for b in _owners(corpus, corpus.statements[c.b]):
                pairs[tuple(sorted((a, b)))].append(c)
    return pairs


def _add_conflict_edges(g: nx.MultiGraph, pairs: dict[tuple[str, str], list[Conflict]]) -> None:
    """One edge per pair of owners, weighted by their contradictions, which it lists (up to MAX_REASONS)."""
    for (a, b), found in sorted(pairs.items()):
        whys = [c.why for c in found]
        more = [f"… and {len(whys) - MAX_REASONS} more"] if len(whys) > MAX_REASONS else []
        g.add_edge(a, b, kind="contradicts", weight=len(whys), label=f"contradicts ×{len(whys)}",
                   conflicts=[c.iri for c in found],
                   info=[("contradictions", str(len(whys))), *(("why", w) for w in whys[:MAX_REASONS]),
                         *(("", m) for m in more)])


def overview_graph(corpus: Corpus) -> nx.MultiGraph:
    """Speakers sized by how often they are quoted, and the disagreements between them (outlets only where a
    contradicted statement has no speaker): what a big corpus's page opens on."""
    g = nx.MultiGraph()
    for spk, count in sorted(_said_counts(corpus).items()):
        _speaker_node(g, corpus, spk, count)
    pairs = _conflict_pairs(corpus)
    for outlet in sorted({n for pair in pairs for n in pair if n not in g}):
        _outlet_node(g, corpus, outlet)
    _add_conflict_edges(g, pairs)
    return g


# -- the page


def _vis_node(node: str, data: dict) -> dict:
    """A vis-network node; its text travels as data and the page shows it with textContent only."""
    style = NODE_STYLE[data["kind"]]
    out = {"id": node, "label": data["label"], "kind": data["kind"], "shape": style["shape"],
           "color": style["color"], "info": data.get("info", []), "url": data.get("url")}
    if data["kind"] == "speaker":
        out.update(value=data["value"], font={"size": 26, "strokeWidth": 5, "strokeColor": "#ffffff"})
    elif style["shape"] in ("box", "ellipse"):
        out.update(widthConstraint={"maximum": 180}, font={"size": 17})
    else:
        out.update(font={"size": 19, "strokeWidth": 4, "strokeColor": "#ffffff"})
    return out


def _vis_edge(a: str, b: str, data: dict) -> dict:
    """A vis-network edge, styled by what it means."""
    kind = data["kind"]
    out = {"from": a, "to": b, "kind": kind, "label": data.get("label", kind), "info": data.get("info", []),
           **EDGE_STYLE[kind]}
    if "weight" in data:
        out.update(value=data["weight"])
    if "conflicts" in data:
        out.update(conflicts=data["conflicts"])
    if kind in CONFLICT_EDGES:
        out.update(font={"size": 14, "color": EDGE_STYLE[kind]["color"], "strokeWidth": 3})
    return out


def _options(n_nodes: int, n_edges: int, directed: bool) -> dict:
    """vis-network options: physics for a bounded number of iterations (none for big graphs), then off."""
    physics = n_nodes + n_edges <= PHYSICS_LIMIT
    return {
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= IMPROVED_LAYOUT_LIMIT},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 120, "avoidOverlap": 0.4},
                    "stabilization": {"iterations": max(100, min(1000, 300_000 // max(1, n_nodes + n_edges))),
                                      "updateInterval": 25}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": not physics,
                        "keyboard": {"enabled": True, "bindToWindow": False}},
        "nodes": {"scaling": {"min": 12, "max": 48, "label": {"enabled": False}}, "borderWidth": 1},
        "edges": {"smooth": {"type": "continuous"} if n_edges <= SMOOTH_LIMIT else False,
                  "arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}},
                  "font": {"size": 11, "color": "#555555", "align": "middle"},
                  "scaling": {"min": 1, "max": 10, "label": {"enabled": False, "drawThreshold": 9}}},
    }


def positions(g: nx.Graph, spacing: float = 420.0, seed: int = 7) -> dict[str, tuple[float, float]]:
    """A cheap deterministic layout for graphs too big for the browser's physics: speakers, outlets and venues
    on a spiral, every other node scattered around the nodes it links to."""
    rng = random.Random(seed)
    hubs = sorted(n for n, d in g.nodes(data=True) if d["kind"] in HUBS)
    scale = spacing * math.sqrt(len(hubs))
    pos = {n: (float(x) * scale, float(y) * scale)
           for n, (x, y) in nx.spiral_layout(nx.empty_graph(hubs), equidistant=True).items()} if hubs else {}
    rest = sorted((n for n in g if n not in pos), key=lambda n: (g.nodes[n]["kind"] not in ("quote", "claim"), n))
    for node in rest:
        placed = [pos[m] for m in nx.all_neighbors(g, node) if m in pos]
        cx, cy = (sum(p[0] for p in placed) / len(placed), sum(p[1] for p in placed) / len(placed)) if placed \
            else (rng.uniform(-scale, scale), rng.uniform(-scale, scale))
        angle, radius = rng.uniform(0, 2 * math.pi), rng.uniform(60, spacing / 2)
        pos[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return pos


def to_network(g: nx.Graph) -> Network:
    """A pyvis network of a graph from `full_graph` or `speakers_graph` (nodes and edges set in bulk:
    pyvis's add_edge is quadratic)."""
    net = Network(height="100%", width="100%", directed=g.is_directed(), cdn_resources="in_line")
    net.nodes = [_vis_node(n, d) for n, d in sorted(g.nodes(data=True))]
    net.edges = [_vis_edge(a, b, d) for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["kind"]))]
    net.options = _options(len(net.nodes), len(net.edges), g.is_directed())
    if not net.options["physics"]["enabled"]:
        pos = positions(g)
        for node in net.nodes:
            node["x"], node["y"] = (round(v, 1) for v in pos[node["id"]])
    return net


def _legend(net: Network) -> tuple[list[dict], list[dict]]:
    """The node and edge kinds present on the page, for its legend."""
    node_kinds = {n["kind"] for n in net.nodes}
    edge_kinds = {e["kind"] for e in net.edges}
    return ([{"kind": k, **s} for k, s in NODE_STYLE.items() if k in node_kinds],
            [{"kind": k, **s} for k, s in EDGE_STYLE.items() if k in edge_kinds])


def _environment() -> Environment:
    """Our templates, with pyvis's bundled vis-network available for inlining."""
    loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), FileSystemLoader(str(PYVIS_TEMPLATES))])
    return Environment(loader=loader, autoescape=True)


def _iso(day: date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return day.isoformat() if day else None


def _type_words(kind: str) -> str:
    """`ConflictingClaims` -> `conflicting claims`."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).lower()


def page_data(corpus: Corpus) -> dict:
    """What the page's panel, search, filters and records read: speakers, outlets, venues, articles,
    statements and contradictions (most confident first), as plain JSON-able values."""
    counts = _said_counts(corpus)
    partners: dict[str, set[str]] = defaultdict(set)
    for c in corpus.conflicts:
        partners[c.a].add(c.b)
        partners[c.b].add(c.a)
    for st in corpus.statements.values():
        for target in (t for t in st.denies if t in corpus.statements):
            partners[st.iri].add(target)
            partners[target].add(st.iri)
    outlets = Counter(a.outlet for a in corpus.articles.values() if a.outlet)

    def name(iri: str) -> str:
        """The display name of a speaker, outlet or venue."""
        return corpus.names.get(iri, iri.rsplit("/", 1)[-1])

    return {
        "speakers": [{"id": s, "name": name(s), "aliases": sorted(corpus.aliases.get(s, set()) - {name(s)}),
                      "n": n} for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], name(kv[0]), kv[0]))],
        "outlets": [{"id": o, "name": name(o), "n": n} for o, n in sorted(outlets.items(),
                                                                          key=lambda kv: (name(kv[0]), kv[0]))],
        "venues": {st.venue: name(st.venue) for st in corpus.statements.values() if st.venue},
        "articles": {a.iri: {"doc": a.doc, "title": a.headline or a.doc, "url": a.url, "outlet": a.outlet,
                             "date": _iso(a.published)} for a in corpus.articles.values()},
        "statements": {st.iri: {"kind": st.kind, "qk": st.quote_kind, "text": st.text, "by": list(st.speakers),
                                "in": list(st.articles), "at": st.venue, "date": _iso(st.said),
                                "vs": sorted(partners.get(st.iri, ()))} for st in corpus.statements.values()},
        "conflicts": [{"id": c.iri, "type": _type_words(c.type), "a": c.a, "b": c.b, "why": c.why,
                       "confidence": c.confidence,
                       "evidence": {side: [{"doc": e.doc, "start": e.start, "end": e.end, "text": e.text,
                                            "article": e.article} for e in corpus.evidence.get(node, ())]
                                    for side, node in (("a", c.a), ("b", c.b))}}
                      for c in sorted(corpus.conflicts, key=lambda c: (-c.confidence, c.type, c.iri))],
        "top": TOP_SPEAKERS,
    }


def _component_layout(g: nx.Graph, radius: float) -> dict[str, tuple[float, float]]:
    """One connected group of the overview within `radius` of (0, 0): networkx's force layout (numpy only) up
    to SPRING_LIMIT nodes, a circle beyond."""
    nodes = sorted(g)
    if len(nodes) > SPRING_LIMIT or len(nodes) < 3:
        return {n: (radius * math.cos(2 * math.pi * i / len(nodes)), radius * math.sin(2 * math.pi * i / len(nodes)))
                for i, n in enumerate(nodes)}
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from(sorted(g.edges()))
    return {n: (float(x), float(y)) for n, (x, y) in nx.spring_layout(sub, seed=7, iterations=80, scale=radius).items()}


def overview_positions(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Where the overview puts each node: each group of speakers linked by disagreements laid out on its own
    (speakers who disagree sit together), the groups in rows, biggest first; then, in rows below, the speakers
    in no disagreement, most quoted first."""
    linked = nx.Graph()
    linked.add_edges_from(sorted(tuple(sorted(e)) for e in g.edges() if e[0] != e[1]))
    width = 2 * OVERVIEW_SPACING * math.sqrt(len(g))
    pos: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for group in sorted(nx.connected_components(linked), key=lambda c: (-len(c), min(c))):
        radius = OVERVIEW_SPACING * max(1.0, math.sqrt(len(group)))
        if x and x + 2 * radius > width:
            x, y, row = 0.0, y + row + OVERVIEW_SPACING, 0.0
        pos.update({n: (x + radius + px, y + radius + py)
                    for n, (px, py) in _component_layout(linked.subgraph(group), radius).items()})
        x, row = x + 2 * radius + OVERVIEW_SPACING, max(row, 2 * radius)
    y += row + 2 * OVERVIEW_SPACING
    rest = sorted((n for n in g if n not in pos), key=lambda n: (-g.nodes[n].get("value", 0), g.nodes[n]["label"], n))
    per_row = max(8, int(width // (3 * OVERVIEW_SPACING)))
    for i, node in enumerate(rest):
        pos[node] = ((i % per_row) * 3 * OVERVIEW_SPACING, y + (i // per_row) * 1.5 * OVERVIEW_SPACING)
    return pos


def _overview_data(corpus: Corpus) -> dict:
    """The overview's nodes (placed here: the browser runs no physics on it), edges and options."""
    g = overview_graph(corpus)
    net = to_network(g)
    pos = overview_positions(g)
    for node in net.nodes:
        node["x"], node["y"] = (round(v, 1) for v in pos[node["id"]])
    net.options["physics"]["enabled"] = False
    net.options["layout"]["improvedLayout"] = False
    nodes, edges, _, _, _, options = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options)}


def render_html(ds: Quads, mode: str = "full", selection: Selection = Selection(), title: str = "kg") -> str:
    """A self-contained HTML page of the graph: no request leaves the machine, article text is never markup.
    In full mode a graph bigger than OVERVIEW_LIMIT opens on its overview and draws the rest on demand."""
    if mode not in MODES:
        raise KgError(f"unknown mode {mode!r} (use one of {', '.join(MODES)})")
    corpus = select(read_corpus(ds), selection)
    g = full_graph(corpus) if mode == "full" else speakers_graph(corpus)
    net = to_network(g)
    nodes, edges, _, _, _, options = net.get_network_data()
    overview = None
    if mode == "full" and g.number_of_nodes() + g.number_of_edges() > OVERVIEW_LIMIT:
        overview = _overview_data(corpus)
    node_legend, edge_legend = _legend(net)
    return _environment().get_template("graph.html.j2").render(
        title=title, mode=mode, nodes=nodes, edges=edges, options=options, node_legend=node_legend,
        edge_legend=edge_legend, data=page_data(corpus), overview=overview, draw_limit=DRAW_LIMIT)
