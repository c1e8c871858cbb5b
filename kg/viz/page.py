"""The interactive HTML graph, rendered: a self-contained page (every script and style inline, article text always
shown as text, never as markup) of the graph as `kg.rdf.corpus` reads it. The steps live beside this module:
`select` (what to show), `graphs` (networkx graphs of the corpus), `layout` and `network` (drawn with vis-network
through pyvis), `panel` (the data the panel, search and filters read).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader

from ..errors import KgError
from ..rdf.corpus import Corpus, read_corpus
from ..rdf.quads import Quads
from .graphs import full_graph, overview_graph, speakers_graph
from .layout import overview_positions
from .network import legend, to_network
from .panel import page_data
from .select import Selection, select

TEMPLATES = Path(__file__).parent / "templates"
PYVIS_TEMPLATES = Path(pyvis.__file__).parent / "templates"
MODES = ("full", "speakers")
# Full-graph size (nodes + edges) above which the page opens on an overview (speakers and the disagreements
# between them) and draws statements only on demand. Measured with bench/bench_viz.py (README, "The interactive
# graph"): at 1,471 (300 synthetic quotes) a fitted full drawing is already too small to read, and from there
# the browser's layout takes seconds (4.4-4.5 s at 1,944-3,836 under load, 7.8 s at 5,723) while the overview
# opens in under one; the seeds (327) and the 20 dev articles (769) stay whole (counted without duplicate edges, which the
# 1,471 above still had: one `published by` edge per statement).
OVERVIEW_LIMIT = 1500
DRAW_LIMIT = 600  # nodes a big corpus's page draws on demand; a view needing more stays on the overview


def _environment() -> Environment:
    """Our templates, with pyvis's bundled vis-network available for inlining."""
    loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), FileSystemLoader(str(PYVIS_TEMPLATES))])
    return Environment(loader=loader, autoescape=True)


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
    node_legend, edge_legend = legend(net)
    return _environment().get_template("graph.html.j2").render(
        title=title, mode=mode, nodes=nodes, edges=edges, options=options, node_legend=node_legend,
        edge_legend=edge_legend, data=page_data(corpus), overview=overview, draw_limit=DRAW_LIMIT)
