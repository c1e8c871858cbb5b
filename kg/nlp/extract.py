"""Finding quotes in a parsed article: the `kg_quotes` spaCy component (and `kg_paragraph_breaks`).

It writes plain, serialisable data on the Doc (so `nlp.pipe(..., n_process=N)` works; read it back as typed
records with kg.nlp.records):
- `Doc._.kg_quotes`: direct, mixed and indirect quotes with their cue, speaker mention and the
  attribution clause (where venue and date are looked for later);
- `Doc._.kg_mentions`: mentions that can be antecedents of pronouns and descriptions;
- `Doc._.kg_denials`: reported denials of a quote (`which officials denied`, `disputed that account`).

The finders run in order over one shared `DocContext` (kg.nlp.context): quoted speech (kg.nlp.quoted),
reported speech (kg.nlp.reported), source phrases (kg.nlp.sources), then mentions and denials; each rule's
kind and confidence is in kg.nlp.rules. Speaker resolution, venue and date are the next stage's work
(kg.attribution). All rules read their words from kg/data/lexicon.toml.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..resources.lexicon import Lexicon, load_lexicon
from .context import DocContext
from .denials import find_denials
from .mentions import find_mentions
from .quoted import QuotedSpeech
from .reported import ReportedSpeech
from .sources import SourcePhrases

@Language.component("kg_paragraph_breaks", assigns=["token.is_sent_start"])
def kg_paragraph_breaks(doc: Doc) -> Doc:
    """spaCy component, before the parser: a sentence starts after every line break (a line is a
    paragraph; a headline without final punctuation must not run into the next line)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and ("\n" in prev.whitespace_ or prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


def find_quotes(doc: Doc, lex: Lexicon) -> None:
    """Fill the Doc's extensions: the quotes of every finder in order, the mentions and the denials."""
    ctx = DocContext(doc, lex)
    QuotedSpeech(ctx).find()
    ReportedSpeech(ctx).find()
    SourcePhrases(ctx).find()
    ctx.quotes.sort(key=lambda q: q.start)
    doc._.kg_quotes = [q.to_data() for q in ctx.quotes]
    doc._.kg_mentions = [m.to_data() for m in find_mentions(ctx)]
    doc._.kg_denials = [d.to_data() for d in find_denials(ctx)]


class QuoteFinder:
    """The `kg_quotes` component: direct, mixed and indirect quotes, mentions and denials on Doc extensions."""

    def __init__(self, lex: Lexicon):
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        find_quotes(doc, self.lex)
        return doc


@Language.factory("kg_quotes", requires=["token.dep", "token.lemma", "token.pos", "token.tag", "token.ent_type",
                                         "token.is_sent_start"],
                  assigns=["doc._.kg_quotes", "doc._.kg_mentions", "doc._.kg_denials"],
                  default_config={"lexicon": None})
def make_quotes(nlp: Language, name: str, lexicon: str | None) -> QuoteFinder:
    """The quote finder with the lexicon read from this TOML file (None: the packaged kg/data/lexicon.toml)."""
    return QuoteFinder(load_lexicon(lexicon))
