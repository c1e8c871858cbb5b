"""A networkx graph drawn with vis-network through pyvis: node and edge styles, the legend, physics options, and
positions computed here when the graph is too big for the browser's physics."""

from __future__ import annotations

import networkx as nx
from pyvis.network import Network

from .layout import positions

PHYSICS_LIMIT = 8000  # nodes + edges above which the layout is computed here and the browser runs no physics
IMPROVED_LAYOUT_LIMIT = 150  # nodes up to which vis-network's (costly) improved initial layout runs
SMOOTH_LIMIT = 1000  # edges up to which they are drawn curved

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


def legend(net: Network) -> tuple[list[dict], list[dict]]:
    """The node and edge kinds present on the page, for its legend."""
    node_kinds = {n["kind"] for n in net.nodes}
    edge_kinds = {e["kind"] for e in net.edges}
    return ([{"kind": k, **s} for k, s in NODE_STYLE.items() if k in node_kinds],
            [{"kind": k, **s} for k, s in EDGE_STYLE.items() if k in edge_kinds])
