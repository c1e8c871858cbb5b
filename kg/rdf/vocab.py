"""Namespaces and prefixes: the one place where the RDF model's terms are defined (IRIs are minted in kg.ids).

See docs/model.md for the model these terms make up.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DCTERMS

SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
KG = Namespace("https://w3id.org/quote-kg/ns#")
WD = Namespace("http://www.wikidata.org/entity/")

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
