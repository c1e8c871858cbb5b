"""Identity: slugs, name keys, digests and the IRIs minted from them, the same input always giving the same
IRI. Below every layer, because records carry these identities (a contradiction's IRI is minted where it is
found, in kg.analysis) before any RDF is written; the RDF terms themselves are in kg.rdf.vocab.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import Namespace

DEFAULT_BASE_IRI = "https://w3id.org/quote-kg/id/"


@lru_cache(maxsize=1 << 16)  # the same documents and speakers are slugged again for each of their statements
def slug(text: str) -> str:
    """A lower-case ASCII slug for an IRI path segment (`China's Ministry` -> `chinas-ministry`)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def name_key(name: str) -> str:
    """A name as matched against a graph's names and aliases: accents, case, curly apostrophes and spacing
    ignored (`Edmundo Gonzalez` finds `Edmundo González`), every script kept."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def digest(*parts: object, length: int = 16) -> str:
    """A short stable hex digest of the parts (used for content-addressed IRIs)."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


EDGE_PUNCTUATION = " .,;:!?\"'"


def normalise_text(text: str) -> str:
    """Quote text reduced for identity, and shown on the quotation node: curly marks folded, spacing collapsed,
    edge punctuation cut, the first letter a capital (`…nature,` and `nature.` are the same words)."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s+", " ", text).strip()
    core = text.strip(EDGE_PUNCTUATION)
    if core.count('"') % 2:  # a quotation mark closing (or opening) a quoted word at the edge is kept
        if '"' in text[len(text.rstrip(EDGE_PUNCTUATION)):]:
            core += '"'
        elif '"' in text[:len(text) - len(text.lstrip(EDGE_PUNCTUATION))]:
            core = '"' + core
    return core[:1].upper() + core[1:]


class Iris:
    """Mints the IRIs of one graph under a base IRI; the same input always gives the same IRI."""

    def __init__(self, base: str = DEFAULT_BASE_IRI):
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.ns = Namespace(self.base)

    def entity(self, name: str):
        """A speaker, author or country, by canonical name."""
        return self.ns[f"entity/{slug(name)}"]

    def outlet(self, name: str):
        """A news outlet, by name."""
        return self.ns[f"outlet/{slug(name)}"]

    def venue(self, name: str):
        """Where words were said (a broadcaster, a hearing, a forum, a place)."""
        return self.ns[f"venue/{slug(name)}"]

    def article(self, doc_id: str):
        """An article, by document id."""
        return self.ns[f"article/{slug(doc_id)}"]

    def article_graph(self, doc_id: str):
        """The named graph that holds one article's triples."""
        return self.ns[f"graph/{slug(doc_id)}"]

    def contradictions_graph(self):
        """The named graph of the contradictions found over the whole corpus."""
        return self.ns["graph/contradictions"]

    def quote(self, speaker: str, text: str):
        """A remark: the same words by the same speaker get one IRI across articles."""
        return self.ns[f"quote/{digest(slug(speaker), normalise_text(text))}"]

    def evidence(self, doc_id: str, start: int, end: int):
        """The annotation that locates a quote, claim or figure in an article's text."""
        return self.ns[f"evidence/{slug(doc_id)}-{start}-{end}"]

    def claim(self, doc_id: str, start: int, end: int):
        """A claim reported about a quote (a denial, a dispute)."""
        return self.ns[f"claim/{slug(doc_id)}-{start}-{end}"]

    def figure(self, doc_id: str, start: int, end: int):
        """A figure stated in an article."""
        return self.ns[f"figure/{slug(doc_id)}-{start}-{end}"]

    def contradiction(self, kind: str, a: str, b: str):
        """A contradiction between two nodes (order of sides does not matter)."""
        lo, hi = sorted((a, b))
        return self.ns[f"contradiction/{digest(kind, lo, hi)}"]

    def build(self, fingerprint: str):
        """The build activity that produced a graph, by a fingerprint of its inputs and software."""
        return self.ns[f"build/{fingerprint}"]
