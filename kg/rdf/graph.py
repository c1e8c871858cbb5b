"""Records to RDF: one named graph per article, standard vocabularies (docs/model.md).

Every node gets a stable IRI from `kg.ids.Iris`, and no blank nodes are used, so serialising the
same records twice gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from ..errors import KgError
from ..ids import Iris, digest, name_key, normalise_text, slug
from ..model import ArticleResult, Contradiction, Denial, Figure, Quote, Side
from ..resources.entities import Countries, Registry, fold
from .formats import of_file, require_graph_file
from .sinks import DatasetSink, QuadSink, Triple
from .vocab import CONTRADICTION_TERMS, KG, KIND_TERMS, OA, PREFIXES, SCHEMA, WD

CONTEXT_CHARS = 32
VENUE_CLASSES = {"broadcast": SCHEMA.BroadcastService, "legislative": SCHEMA.Event, "event": SCHEMA.Event,
                 "social": SCHEMA.WebSite, "place": SCHEMA.Place}
A = RDF.type  # made once: rdflib makes a new term at every access of RDF.type (4 an annotation)
TYPE_CLASSES = {"person": SCHEMA.Person, "organization": SCHEMA.Organization, "group": SCHEMA.Organization}
CO_QUOTED_GRAPH = "graph/aggregates/co-quoted"  # under the base IRI; no article's graph name has a slash


@dataclass(frozen=True)
class BuildInfo:
    """What produced a graph: software version, spaCy model, and a fingerprint of the inputs."""

    software_version: str
    model: str
    fingerprint: str


def new_dataset() -> Dataset:
    """An empty dataset with our prefixes bound."""
    ds = Dataset()
    bind_prefixes(ds)
    return ds


def bind_prefixes(g: Graph | Dataset, iris: Iris | None = None) -> None:
    """Bind the model's prefixes (and `id:` for the base IRI) on a graph."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    if iris is not None:
        g.bind("id", iris.ns, override=True, replace=True)


@dataclass(frozen=True)
class NamedGraph:
    """One named graph of a sink: what a GraphWriter adds an article's (or the contradictions') triples to."""

    sink: QuadSink
    name: URIRef

    def add(self, triple: Triple) -> None:
        """Add a triple to this graph."""
        self.sink.add(*triple, self.name)

    def add_all(self, triples: Iterable[Triple]) -> None:
        """Add triples to this graph (faster than one by one)."""
        self.sink.add_triples(self.name, triples)


class GraphWriter:
    """Emits the quads of records to a sink under one base IRI. With `build` None the article and
    contradictions graphs are written without their link to a build, to be cached across builds (each build
    adds its own link: `kg.rdf.nquads.build_link`)."""

    def __init__(self, sink: QuadSink, iris: Iris, registry: Registry, countries: Countries,
                 build: BuildInfo | None):
        self.sink, self.iris, self.registry, self.countries, self.build = sink, iris, registry, countries, build
        self.build_iri = iris.build(build.fingerprint) if build is not None else None
        self.pair_counts: Counter[str] = Counter()  # each co-quoted pair's articles, of those written (add_article)

    def _graph(self, name: URIRef) -> NamedGraph:
        """The named graph `name`, linked to the build that generated it (when there is one)."""
        g = NamedGraph(self.sink, name)
        if self.build_iri is not None:
            g.add((name, PROV.wasGeneratedBy, self.build_iri))
        return g

    # -- articles

    def add_article(self, result: ArticleResult) -> URIRef:
        """All triples of one article into its own named graph; returns the graph's IRI."""
        a = result.article
        gid = self.iris.article_graph(a.doc_id)
        g = self._graph(gid)
        art = self.iris.article(a.doc_id)
        g.add((art, RDF.type, SCHEMA.NewsArticle))
        g.add((art, SCHEMA.identifier, Literal(a.doc_id)))
        for prop, value in ((SCHEMA.headline, a.headline), (KG.dateline, a.dateline), (KG.sourceFile, a.path)):
            if value:
                g.add((art, prop, Literal(value)))
        if not a.path.lower().endswith(".txt"):  # HTML, JSONL: keep the extracted text that offsets refer to
            g.add((art, SCHEMA.text, Literal(a.text)))
        if a.url:
            g.add((art, SCHEMA.url, Literal(a.url, datatype=XSD.anyURI)))
        if a.published:
            g.add((art, SCHEMA.datePublished, Literal(a.published, datatype=XSD.date)))
        if a.outlet:
            outlet = self.iris.outlet(a.outlet)
            g.add((art, SCHEMA.publisher, outlet))
            g.add((outlet, RDF.type, SCHEMA.NewsMediaOrganization))
            _label(g, outlet, SCHEMA.name, a.outlet)
        if a.author:
            author = self.iris.entity(a.author)
            g.add((art, SCHEMA.author, author))
            g.add((author, RDF.type, SCHEMA.Person))
            g.add((author, SCHEMA.name, Literal(a.author)))
        quote_nodes = {}
        for q in result.quotes:
            quote_nodes[(q.start, q.end)] = self._quote(g, art, q, a.text)
            if a.outlet:  # a shortcut for listings: the outlets that quoted a speaker, without a join per quote
                for name in (q.speaker, *q.co_speakers):
                    g.add((self.iris.entity(name), KG.quotedBy, outlet))
        self._co_quoted(g, art, result.quotes)
        for d in result.denials:
            self._denial(g, art, d, quote_nodes.get((d.target_start, d.target_end)), a.text)
        for f in result.figures:
            self._figure(g, art, f, a.text)
        return gid

    def _co_quoted(self, g: NamedGraph, art: URIRef, quotes: list[Quote]) -> None:
        """Each pair of speakers quoted in the article: a node per pair (the same in every article) with its two
        speakers (`kg:pairOf`) and this article (`kg:coQuotedIn`), so that a store counts the articles of every
        pair by scanning one property instead of pairing the speakers of every article at query time."""
        speakers = sorted({str(self.iris.entity(name)) for q in quotes for name in (q.speaker, *q.co_speakers)})
        for i, first in enumerate(speakers):
            for second in speakers[i + 1:]:
                pair = self.iris.ns[f"pair/{digest(first, second)}"]
                self.pair_counts[str(pair)] += 1
                g.add((pair, KG.coQuotedIn, art))
                g.add((pair, KG.pairOf, URIRef(first)))
                g.add((pair, KG.pairOf, URIRef(second)))

    def add_pair_counts(self, counts: Mapping[str, int]) -> None:
        """How many articles quote each pair of speakers (`counts`, by the pair's IRI): `kg:articleCount` on the
        pair's node, in a named graph of their own (`CO_QUOTED_GRAPH`), so that a page of the most co-quoted
        pairs reads one count per pair instead of counting every article of every pair."""
        g = self._graph(self.iris.ns[CO_QUOTED_GRAPH])
        for pair, n in sorted(counts.items()):
            g.add((URIRef(pair), KG.articleCount, Literal(n)))

    def _evidence(self, g: NamedGraph, art: URIRef, body: URIRef, text: str, doc: str, start: int, end: int,
                  key: tuple[int, int] | None = None) -> None:
        """The annotation locating `body` at text[start:end]; `key` names it when spans may repeat."""
        ev = self.iris.evidence(doc, *(key or (start, end)))
        quote = _annotation(g, ev, body, art, start, end, text[start:end])
        g.add((quote, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS):start])))
        g.add((quote, OA.suffix, Literal(text[end:end + CONTEXT_CHARS])))

    def _quote(self, g: NamedGraph, art: URIRef, q: Quote, text: str) -> URIRef:
        """A quotation node, shared by every article that carries the same words by the same speaker: its
        schema:text is the words in normalised form; what is particular to one article (the words as printed,
        oa:exact, their offsets, the confidence and rule of the attribution) is on that article's evidence."""
        node = self.iris.quote(q.speaker, q.quote)
        speaker = self.add_entity(g, q.speaker, q.speaker_type, q.speaker_mention)
        g.add((node, RDF.type, SCHEMA.Quotation))
        g.add((node, SCHEMA.text, Literal(normalise_text(q.quote))))
        g.add((node, SCHEMA.creator, speaker))
        g.add((node, PROV.wasAttributedTo, speaker))
        for co in q.co_speakers:
            other = self.add_entity(g, co, "person", co)
            g.add((node, SCHEMA.creator, other))
            g.add((node, PROV.wasAttributedTo, other))
        g.add((node, KG.kind, KIND_TERMS[q.kind]))
        if q.cue:
            g.add((node, KG.cue, Literal(q.cue)))
        g.add((node, KG.speakerMention, Literal(q.speaker_mention)))
        if q.date:
            g.add((node, SCHEMA.dateCreated, Literal(q.date, datatype=XSD.date)))
        if q.venue:
            g.add((node, KG.saidAt, self._venue(g, q.venue, q.venue_kind or "place")))
        if q.reported_via:
            via = self.iris.outlet(q.reported_via)
            g.add((via, RDF.type, SCHEMA.NewsMediaOrganization))
            g.add((via, SCHEMA.name, Literal(q.reported_via)))
            g.add((node, KG.reportedVia, via))
        g.add((node, KG.polarity, Literal(q.polarity)))
        for t in q.topics:
            g.add((node, KG.topic, Literal(t)))
        for code in q.parties:
            g.add((node, SCHEMA.mentions, self._country(g, code)))
        g.add((node, KG.reportedIn, art))
        self._evidence(g, art, node, text, q.doc, q.start, q.end)
        evidence = self.iris.evidence(q.doc, q.start, q.end)
        g.add((evidence, KG.confidence, Literal(Decimal(str(round(q.confidence, 3))), datatype=XSD.decimal)))
        g.add((evidence, KG.rule, Literal(q.rule)))
        return node

    def _denial(self, g: NamedGraph, art: URIRef, d: Denial, target: URIRef | None, text: str) -> None:
        node = self.iris.claim(d.doc, d.start, d.end)
        who = self.add_entity(g, d.speaker, d.speaker_type, d.speaker_mention)
        g.add((node, RDF.type, SCHEMA.Claim))
        g.add((node, RDF.type, KG.Denial))
        g.add((node, SCHEMA.text, Literal(d.text)))
        g.add((node, SCHEMA.creator, who))
        g.add((node, PROV.wasAttributedTo, who))
        g.add((node, KG.cue, Literal(d.cue)))
        g.add((node, KG.reportedIn, art))
        if target is not None:
            g.add((node, KG.denies, target))
        self._evidence(g, art, node, text, d.doc, d.start, d.end)

    def _figure(self, g: NamedGraph, art: URIRef, f: Figure, text: str) -> None:
        node = self.iris.figure(f.doc, f.start, f.end)
        g.add((node, RDF.type, SCHEMA.QuantitativeValue))
        g.add((node, RDF.type, KG.Figure))
        g.add((node, SCHEMA.value, Literal(Decimal(str(f.value)), datatype=XSD.decimal)))
        g.add((node, SCHEMA.unitText, Literal(f.unit)))
        g.add((node, KG.measure, Literal(f.measure)))
        g.add((node, KG.figureRole, Literal(f.role)))
        g.add((node, KG.approximate, Literal(f.approximate)))
        for prop, code in ((KG.imposer, f.imposer), (KG.target, f.target)):
            if code:
                g.add((node, prop, self._country(g, code)))
        g.add((node, KG.reportedIn, art))
        self._evidence(g, art, node, text, f.doc, f.sentence_start, f.sentence_end, key=(f.start, f.end))

    # -- entities, venues, countries

    def add_entity(self, g: NamedGraph, name: str, kind: str, mention: str | None = None) -> URIRef:
        """A speaker node with what the registry knows about it."""
        node = self.iris.entity(name)
        ent = self.registry.entities.get(name)
        kind = ent.type if ent else kind
        g.add((node, RDF.type, TYPE_CLASSES.get(kind, SCHEMA.Person)))
        if kind == "group":
            g.add((node, RDF.type, KG.Group))
        _label(g, node, SCHEMA.name, name)
        if mention and fold(mention) != fold(name) and mention.lower() not in ("he", "she", "it", "they", "we", "i"):
            _label(g, node, SKOS.altLabel, mention.replace("’", "'"))
        if ent is None:
            return node
        for alias in ent.aliases:
            _label(g, node, SKOS.altLabel, alias)
        for role in ent.roles:
            g.add((node, SCHEMA.jobTitle, Literal(role)))
        if ent.affiliation:
            org = self.add_entity(g, ent.affiliation, "organization")
            g.add((node, SCHEMA.worksFor if kind == "person" else SCHEMA.memberOf, org))
        if ent.country and ent.country in self.countries.by_code:
            g.add((node, SCHEMA.nationality if kind == "person" else KG.country, self._country(g, ent.country)))
        if ent.wikidata:
            g.add((node, OWL.sameAs, WD[ent.wikidata]))
        return node

    def _venue(self, g: NamedGraph, name: str, kind: str) -> URIRef:
        node = self.iris.venue(name)
        g.add((node, RDF.type, KG.Venue))
        g.add((node, RDF.type, VENUE_CLASSES.get(kind, SCHEMA.Place)))
        g.add((node, SCHEMA.name, Literal(name)))
        g.add((node, KG.venueKind, Literal(kind)))
        return node

    def _country(self, g: NamedGraph, code: str) -> URIRef:
        country = self.countries.by_code.get(code)
        name = country.name if country else code.title()
        node = self.iris.entity(name)
        g.add((node, RDF.type, SCHEMA.Country))
        g.add((node, SCHEMA.name, Literal(name)))
        g.add((node, SCHEMA.identifier, Literal(code)))
        return node

    # -- contradictions and provenance

    def add_contradictions(self, items: list[Contradiction]) -> None:
        """The contradictions, each in the named graph of its part (`contradictions_part_graph`), which a
        rebuild replaces only when something in that part changed."""
        graphs: dict[URIRef, NamedGraph] = {}
        for c in items:
            name = contradictions_part_graph(self.iris, c.type, c.a.doc)
            g = graphs[name] if name in graphs else graphs.setdefault(name, self._graph(name))
            node = self.iris.contradiction(c.type, c.a_node, c.b_node)
            g.add((node, RDF.type, KG.Contradiction))
            g.add((node, KG.contradictionType, CONTRADICTION_TERMS[c.type]))
            g.add((node, KG.sideA, URIRef(c.a_node)))
            g.add((node, KG.sideB, URIRef(c.b_node)))
            g.add((node, SCHEMA.description, Literal(c.explanation)))
            g.add((node, KG.confidence, Literal(Decimal(str(round(c.confidence, 3))), datatype=XSD.decimal)))
            for side_node, side, evidence in ((c.a_node, c.a, c.a_evidence), (c.b_node, c.b, c.b_evidence)):
                self._side(g, URIRef(side_node), side, evidence or (side,))

    def _side(self, g: NamedGraph, node: URIRef, side: Side, evidence: tuple[Side, ...]) -> None:
        """A side of a contradiction located in every article that carries it. A claim read from an
        article's narration or a clause of a quote has no node in the article graphs: it gets one here."""
        if "/claim/" in str(node):
            g.add((node, RDF.type, SCHEMA.Claim))
            g.add((node, RDF.type, KG.Claim))
            g.add((node, SCHEMA.text, Literal(side.text)))
            if side.speaker:  # attributed, not authored: the claim may be a reading of someone's words
                g.add((node, PROV.wasAttributedTo, self.iris.entity(side.speaker)))
        of = digest(str(node))[:12]
        articles = {e.doc: self.iris.article(e.doc) for e in evidence}  # often several copies in one article
        for e in evidence:
            art = articles[e.doc]
            g.add((node, KG.reportedIn, art))
            ev = URIRef(f"{self.iris.evidence(e.doc, e.start, e.end)}-of-{of}")
            _annotation(g, ev, node, art, e.start, e.end, e.text)

    def add_build(self) -> None:
        """The build activity (without wall-clock time, which goes to build.ttl only)."""
        build, act = self.build, self.build_iri
        if build is None or act is None:
            raise ValueError("a writer made without a build has no build to describe")
        g = NamedGraph(self.sink, self.iris.ns["graph/build"])
        software = URIRef(f"{self.iris.base}software/kg/{build.software_version}")
        g.add((act, RDF.type, PROV.Activity))
        g.add((act, PROV.wasAssociatedWith, software))
        g.add((act, KG.spacyModel, Literal(build.model)))
        g.add((software, RDF.type, PROV.SoftwareAgent))
        g.add((software, RDF.type, SCHEMA.SoftwareApplication))
        g.add((software, SCHEMA.name, Literal("kg (quote-kg)")))
        g.add((software, SCHEMA.softwareVersion, Literal(build.software_version)))
        g.add((software, RDFS.label, Literal(f"kg {build.software_version}")))


def contradictions_part_graph(iris: Iris, kind: str, doc: str) -> URIRef:
    """The named graph of one part of the contradictions: those of one type (`kind`) whose first side is in one
    article (`doc`), under the contradictions' graph: `{base}graph/contradictions/{type}/{article}` (slugs: the
    type `conflicting_claims` is `conflicting-claims`; the article's as in its own graph's name). A part is what
    detection keeps together (kg.analysis.contradictions.Part), so one change replaces a few small graphs."""
    return URIRef(f"{iris.contradictions_graph()}/{slug(kind)}/{slug(doc)}")


def _annotation(g: NamedGraph, ev: URIRef, body: URIRef, art: URIRef, start: int, end: int, exact: str) -> URIRef:
    """A W3C Web Annotation `ev` locating `body` at characters start-end of the article `art` (a position and
    a quote selector); returns the quote selector, for a prefix and suffix."""
    target, pos, quote = URIRef(f"{ev}-target"), URIRef(f"{ev}-position"), URIRef(f"{ev}-quote")
    g.add_all(((ev, A, OA.Annotation), (ev, OA.motivatedBy, OA.identifying), (ev, OA.hasBody, body),
               (ev, OA.hasTarget, target),
               (target, A, OA.SpecificResource), (target, OA.hasSource, art), (target, OA.hasSelector, pos),
               (target, OA.hasSelector, quote),
               (pos, A, OA.TextPositionSelector), (pos, OA.start, _offset(start)), (pos, OA.end, _offset(end)),
               (quote, A, OA.TextQuoteSelector), (quote, OA.exact, Literal(exact))))
    return quote


@lru_cache(maxsize=1 << 14)
def _offset(chars: int) -> Literal:
    """A character offset as a literal (made once: rdflib takes about 14 µs to make a typed literal, and an
    annotation has two)."""
    return Literal(chars, datatype=XSD.nonNegativeInteger)


def _label(g: NamedGraph, node: URIRef, prop: URIRef, text: str) -> None:
    """A name or alias, with its lookup key (`kg:nameKey`: case and accents folded) so that queries find a
    speaker or outlet by an exact, indexed match."""
    g.add((node, prop, Literal(text)))
    g.add((node, KG.nameKey, Literal(name_key(text))))


def build_dataset(results: list[ArticleResult], iris: Iris, registry: Registry, countries: Countries,
                  build: BuildInfo) -> tuple[Dataset, GraphWriter]:
    """A dataset with one named graph per article, the counts of co-quoted pairs and the build's provenance."""
    ds = new_dataset()
    bind_prefixes(ds, iris)
    writer = GraphWriter(DatasetSink(ds), iris, registry, countries, build)
    for r in results:
        writer.add_article(r)
    if writer.pair_counts:
        writer.add_pair_counts(writer.pair_counts)
    writer.add_build()
    return ds, writer


def union_graph(ds: Dataset) -> Graph:
    """All triples of a dataset in one graph (what graph.ttl holds), prefixes kept."""
    g = Graph()
    bind_prefixes(g)
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=False)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def load_dataset(path: Path | str) -> Dataset:
    """A graph file (any format of `kg.rdf.formats`) as a Dataset; named graphs kept."""
    path = Path(path)
    require_graph_file(path)
    fmt = of_file(path)
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    try:
        if fmt.datasets:
            ds.parse(path, format=fmt.rdflib)
        else:
            ds.default_graph.parse(path, format=fmt.rdflib)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise KgError(f"{path}: cannot parse as {fmt.name}: {str(exc).splitlines()[0][:200]}") from exc
    return ds
