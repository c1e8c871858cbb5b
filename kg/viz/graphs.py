"""The corpus as networkx graphs: the full graph (speakers, statements, articles, outlets, venues), the speakers
view (speakers and outlets, edges weighted by counts) and the overview of a big corpus (speakers and the
disagreements between them). Nodes carry their kind, label and tooltip fields; drawing is `kg.viz.network`'s."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import networkx as nx

from ..rdf.corpus import Conflict, Corpus, Source, Statement

MAX_REASONS = 8  # explanations listed on one aggregated contradiction edge


def _label(text: str, limit: int = 38) -> str:
    """One line of at most `limit` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def said_counts(corpus: Corpus) -> Counter:
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


def type_words(kind: str) -> str:
    """`ConflictingClaims` -> `conflicting claims`: a contradiction's type as the page shows it."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).lower()


def full_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """Speakers, statements, articles, outlets and venues, with denial and contradiction edges."""
    g = nx.MultiDiGraph()
    counts = said_counts(corpus)
    for st in corpus.statements.values():
        url = next((corpus.articles[a].url for a in st.articles if corpus.articles[a].url), None)
        g.add_node(st.iri, kind=st.kind, label=_label(st.head, 30), info=_statement_info(corpus, st), url=url)
        for spk in st.speakers:
            _speaker_node(g, corpus, spk, counts[spk])
            g.add_edge(spk, st.iri, kind="said")
        for a in st.articles:
            if a not in g:  # an article and its `published by` edge once, however many statements it reports
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
        g.add_edge(c.a, c.b, kind="contradicts", info=[("contradiction", type_words(c.type)), ("why", c.why)])
    return g


def _owners(corpus: Corpus, st: Statement) -> tuple[str, ...]:
    """Who a statement belongs to in the speakers view: its speakers, else the outlets reporting it."""
    return st.speakers or tuple(sorted({corpus.articles[a].outlet for a in st.articles
                                        if corpus.articles[a].outlet}))


def speakers_graph(corpus: Corpus) -> nx.MultiGraph:
    """Speakers and outlets only: edges weighted by quote counts and by contradictions, for big corpora."""
    g = nx.MultiGraph()
    counts = said_counts(corpus)
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
    for spk, count in sorted(said_counts(corpus).items()):
        _speaker_node(g, corpus, spk, count)
    pairs = _conflict_pairs(corpus)
    for outlet in sorted({n for pair in pairs for n in pair if n not in g}):
        _outlet_node(g, corpus, outlet)
    _add_conflict_edges(g, pairs)
    return g
