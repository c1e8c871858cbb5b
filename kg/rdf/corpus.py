"""A graph built by `kg build` read back as typed records: its articles, statements (quotes, denials, claims,
figures), contradictions and where each side of one appears. The one reader of contradictions and statements
in a graph: `read_conflicts` reads the contradictions and their evidence for both the HTML page (`read_corpus`,
which adds the statements, articles and names) and `kg contradictions` (`contradictions`, which adds each side's
speakers)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from ..model import Contradiction, Side
from .quads import Quads
from .vocab import CONTRADICTION_TERMS, KG, OA, SCHEMA

Node = URIRef | BNode  # a subject to look up
TYPES = {str(term).rsplit("#", 1)[-1]: kind for kind, term in CONTRADICTION_TERMS.items()}  # as the detectors name them


@dataclass(frozen=True)
class Source:
    """An article as the page shows it."""

    iri: str
    doc: str
    headline: str | None
    url: str | None
    outlet: str | None
    published: date | None


@dataclass(frozen=True)
class Statement:
    """A quote, a reported denial or a figure: something an article attributes or states."""

    iri: str
    kind: str
    head: str
    text: str
    speakers: tuple[str, ...]
    articles: tuple[str, ...]
    venue: str | None
    said: date | None
    denies: tuple[str, ...]
    quote_kind: str | None = None  # direct | mixed | indirect (quotes only)


@dataclass(frozen=True)
class Conflict:
    """A contradiction between two statements, with its explanation; `type` is the local name of its term
    (`ConflictingClaims`)."""

    iri: str
    type: str
    a: str
    b: str
    why: str
    confidence: float = 0.5


@dataclass(frozen=True, order=True)
class Evidence:
    """Where an article carries a statement: its file, character offsets and the exact text."""

    doc: str
    start: int
    end: int
    text: str
    article: str


@dataclass
class Corpus:
    """What the page needs from the RDF graph."""

    names: dict[str, str]
    aliases: dict[str, set[str]]
    articles: dict[str, Source]
    statements: dict[str, Statement]
    conflicts: list[Conflict]
    evidence: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)  # of each contradiction's sides



# -- reading the graph


def _objects(ds: Quads, pred) -> dict[str, list]:
    """Subject -> sorted distinct objects of one predicate, across every named graph."""
    out: dict[str, set] = defaultdict(set)
    for s, _, o, _ in ds.quads((None, pred, None, None)):
        out[str(s)].add(o)
    return {s: sorted(objs) for s, objs in out.items()}


def _first(values: dict[str, list], key: str) -> str | None:
    """The first value of `key` as a string, or None."""
    found = values.get(key)
    return str(found[0]) if found else None


def _date(value) -> date | None:
    """An xsd:date literal as a date (None when absent or malformed)."""
    if isinstance(value, Literal) and isinstance(value.toPython(), date):
        return value.toPython()
    return None


def _typed(ds: Quads, cls) -> list[str]:
    """Sorted IRIs of every node of one class."""
    return sorted({str(s) for s, _, _, _ in ds.quads((None, RDF.type, cls, None))})


def _values(ds: Quads, node: Node, pred: URIRef) -> list:
    """The sorted distinct objects of one node's predicate, across every named graph."""
    return sorted({o for _, _, o, _ in ds.quads((node, pred, None, None))})


def _value(ds: Quads, node: Node, pred: URIRef) -> str | None:
    """The first object of one node's predicate as a string, or None."""
    found = _values(ds, node, pred)
    return str(found[0]) if found else None


def _evidence(ds: Quads, node: str) -> tuple[Evidence, ...]:
    """Every span of an article the evidence annotations of `node` select, sorted."""
    found = set()
    for ann in {s for s, _, _, _ in ds.quads((None, OA.hasBody, URIRef(node), None))}:
        for target in _values(ds, ann, OA.hasTarget):
            selectors = _values(ds, target, OA.hasSelector)
            text = next((exact for sel in selectors if (exact := _value(ds, sel, OA.exact)) is not None), None)
            span = next(((int(start), int(end)) for sel in selectors
                         if (start := _value(ds, sel, OA.start)) is not None
                         and (end := _value(ds, sel, OA.end)) is not None), (-1, -1))
            article = _value(ds, target, OA.hasSource) or ""
            if text is not None:
                doc = (_value(ds, URIRef(article), SCHEMA.identifier) if article else None) or article.rsplit("/", 1)[-1]
                found.add(Evidence(doc, *span, text, article))
    return tuple(sorted(found))


def read_conflicts(ds: Quads) -> tuple[list[Conflict], dict[str, tuple[Evidence, ...]]]:
    """The contradictions of a graph (each with both sides), and every place each side appears: what the page
    and `kg contradictions` both read, node by node (no scan of every statement's evidence)."""
    conflicts = []
    for c in _typed(ds, KG.Contradiction):
        node = URIRef(c)
        a, b = _value(ds, node, KG.sideA), _value(ds, node, KG.sideB)
        if a is not None and b is not None:
            conf = _values(ds, node, KG.confidence)
            conflicts.append(Conflict(c, (_value(ds, node, KG.contradictionType) or "").rsplit("#", 1)[-1], a, b,
                                      _value(ds, node, SCHEMA.description) or "",
                                      float(conf[0].toPython()) if conf else 0.5))
    sides = sorted({c.a for c in conflicts} | {c.b for c in conflicts})
    return conflicts, {node: found for node in sides if (found := _evidence(ds, node))}


def read_corpus(ds: Quads) -> Corpus:
    """Speakers, articles, statements and contradictions of an RDF graph built by `kg build`."""
    names = {s: str(v[0]) for s, v in _objects(ds, SCHEMA.name).items()}
    aliases = {s: {str(a) for a in v} for s, v in _objects(ds, SKOS.altLabel).items()}
    text, creator, reported = _objects(ds, SCHEMA.text), _objects(ds, SCHEMA.creator), _objects(ds, KG.reportedIn)
    venue, created, denies = _objects(ds, KG.saidAt), _objects(ds, SCHEMA.dateCreated), _objects(ds, KG.denies)
    quote_kind = _objects(ds, KG.kind)
    headline, url, publisher = _objects(ds, SCHEMA.headline), _objects(ds, SCHEMA.url), _objects(ds, SCHEMA.publisher)
    ident, published = _objects(ds, SCHEMA.identifier), _objects(ds, SCHEMA.datePublished)
    articles = {a: Source(a, _first(ident, a) or a.rsplit("/", 1)[-1], _first(headline, a), _first(url, a),
                          _first(publisher, a), _date(published.get(a, [None])[0]))
                for a in _typed(ds, SCHEMA.NewsArticle)}
    conflicts, evidence = read_conflicts(ds)
    sides = {c.a for c in conflicts} | {c.b for c in conflicts}
    figures = {f: t for f, t in _figure_texts(ds, evidence).items() if f in sides}
    kinds = {**{q: "quote" for q in _typed(ds, SCHEMA.Quotation)}, **{c: "claim" for c in _typed(ds, KG.Denial)},
             **{c: "claim" for c in _typed(ds, KG.Claim)}, **{f: "figure" for f in figures}}
    statements = {}
    for node, kind in sorted(kinds.items()):
        arts = tuple(str(a) for a in reported.get(node, []) if str(a) in articles)
        said = _date(created.get(node, [None])[0]) or next((articles[a].published for a in arts), None)
        head, full = figures.get(node) or (_first(text, node) or "",) * 2
        statements[node] = Statement(node, kind, head, full, tuple(str(s) for s in creator.get(node, [])), arts,
                                     _first(venue, node), said, tuple(str(t) for t in denies.get(node, [])),
                                     (_first(quote_kind, node) or "").rsplit("#", 1)[-1].lower() or None)
    return Corpus(names, aliases, articles, statements,
                  [c for c in conflicts if c.a in statements and c.b in statements], evidence)


def _figure_texts(ds: Quads, spans: dict[str, tuple[Evidence, ...]]) -> dict[str, tuple[str, str]]:
    """Figure -> (`tariff 120%`, the sentence it comes from)."""
    value, unit, measure = _objects(ds, SCHEMA.value), _objects(ds, SCHEMA.unitText), _objects(ds, KG.measure)
    sentences = {node: found[0].text for node, found in spans.items()}
    out = {}
    for fig in _typed(ds, KG.Figure):
        number = value[fig][0].toPython() if fig in value else "?"
        amount = f"{float(number):g}" if isinstance(number, (int, float, Decimal)) else str(number)
        head = f"{_first(measure, fig) or 'figure'} {amount}{(_first(unit, fig) or '').replace('percent', '%')}"
        out[fig] = (head, sentences.get(fig, head))
    return out


# -- contradictions as `kg contradictions` shows them


def _sides(ds: Quads, node: str, evidence: tuple[Evidence, ...]) -> tuple[Side, ...]:
    """Every place a side of a contradiction appears, with the names of whom it is attributed to (its speakers,
    or whom a claim is read from)."""
    names = (_value(ds, who, SCHEMA.name) or str(who) for who in _values(ds, URIRef(node), PROV.wasAttributedTo))
    speaker = ", ".join(sorted(names)) or None
    return tuple(Side(e.doc, e.start, e.end, e.text, speaker) for e in evidence)


def contradictions(ds: Quads) -> list[Contradiction]:
    """The contradictions of a graph located in their articles (a side's first place is its span), ordered by
    type and place; one with a side found in no article is left out."""
    conflicts, evidence = read_conflicts(ds)
    out = []
    for c in conflicts:
        a_ev, b_ev = (_sides(ds, node, evidence.get(node, ())) for node in (c.a, c.b))
        if a_ev and b_ev:
            out.append(Contradiction(TYPES.get(c.type, c.type), a_ev[0], b_ev[0], c.why, c.confidence, c.a, c.b,
                                     a_ev, b_ev))
    return sorted(out, key=lambda c: (c.type, c.a.doc, c.a.start, c.b.doc, c.b.start))
