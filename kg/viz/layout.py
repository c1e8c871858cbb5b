"""Where nodes go when the browser does not lay them out: a cheap spiral-and-scatter layout for graphs too big for
vis-network's physics, and the overview's layout (groups of speakers who disagree, then everyone else)."""

from __future__ import annotations

import math
import random

import networkx as nx

HUBS = ("speaker", "outlet", "venue")  # kinds the precomputed layout places first, on a spiral
SPRING_LIMIT = 499  # overview nodes up to which a force layout places them (networkx needs scipy beyond)
OVERVIEW_SPACING = 70.0  # the overview's scale: about this many pixels per square root of its node count


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
