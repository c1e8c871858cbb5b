"""Namespaces and prefixes: the one place where the RDF model's terms are defined (IRIs are minted in kg.ids).

See docs/model.md for the model these terms make up.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DCTERMS



class Terms(Namespace):
    """A namespace whose terms are made once: rdflib's makes a new URIRef at every attribute access, which the
    graph writer does a dozen times per evidence annotation (hundreds of thousands in a large corpus)."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term  # found by the next access before __getattr__ is asked
        return term


SCHEMA = Terms("https://schema.org/")
OA = Terms("http://www.w3.org/ns/oa#")
KG = Terms("https://w3id.org/quote-kg/ns#")
WD = Terms("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace] = {
    "schema": SCHEMA,
    "prov": PROV,
    "oa": OA,
    "skos": SKOS,
    "owl": OWL,
    "xsd": XSD,
    "rdf": RDF,
    "rdfs": RDFS,
    "dcterms": DCTERMS,
    "kg": KG,
    "wd": WD,
}

KIND_TERMS = {"direct": KG.Direct, "mixed": KG.Mixed, "indirect": KG.Indirect}
CONTRADICTION_TERMS = {
    "reported_denial": KG.ReportedDenial,
    "conflicting_claims": KG.ConflictingClaims,
    "conflicting_figures": KG.ConflictingFigures,
    "quote_variant": KG.QuoteVariant,
}
