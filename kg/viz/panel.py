"""What the page's panel, search, filters and records read: the corpus as plain JSON-able values."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from ..rdf.corpus import Corpus
from .graphs import said_counts, type_words

TOP_SPEAKERS = 15  # speakers the panel lists when there is no contradiction


def _iso(day: date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return day.isoformat() if day else None


def page_data(corpus: Corpus) -> dict:
    """What the page's panel, search, filters and records read: speakers, outlets, venues, articles,
    statements and contradictions (most confident first), as plain JSON-able values."""
    counts = said_counts(corpus)
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
        "conflicts": [{"id": c.iri, "type": type_words(c.type), "a": c.a, "b": c.b, "why": c.why,
                       "confidence": c.confidence,
                       "evidence": {side: [{"doc": e.doc, "start": e.start, "end": e.end, "text": e.text,
                                            "article": e.article} for e in corpus.evidence.get(node, ())]
                                    for side, node in (("a", c.a), ("b", c.b))}}
                      for c in sorted(corpus.conflicts, key=lambda c: (-c.confidence, c.type, c.iri))],
        "top": TOP_SPEAKERS,
    }
