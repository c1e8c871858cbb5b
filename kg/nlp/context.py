"""The shared context of the quote finders: one parsed Doc's paragraphs, quote marks, sentence index, and the
quotes found so far with the spans they take.

The finders (kg.nlp.quoted, kg.nlp.reported, kg.nlp.sources, then kg.nlp.mentions and kg.nlp.denials) run
in that order over one `DocContext`; a later finder sees what the earlier ones took (`quotes`, `taken`), and
a reported clause that holds quoted words replaces their records (`with_marks`).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..ingest.text import paragraphs  # the same paragraph notion as ingest's masking
from ..resources.lexicon import Lexicon
from .cues import MODALS, cue_words
from .mentions import mention_of
from .quote_marks import find_marked
from .records import Claim, FoundQuote, Mention
from .rules import RULES, confidence
from .speakers import conj_heads, lemma_of, speaker_head, subject_of

CLAUSE_STOPS = {";", ":", "—", "–"}


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without a leading complementiser (`that`; a condition's `if` stays), punctuation and
    trailing punctuation."""
    while start < end and (doc[start].is_punct or doc[start].lower_ == "that"
                           and (doc[start].dep_ == "mark" or doc[start].pos_ == "SCONJ") or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    return start, end


def contiguous_longest(ids: list[int]) -> tuple[int, int]:
    """The longest run of consecutive token indices."""
    best, run_start = (ids[0], ids[0] + 1), ids[0]
    for a, b in zip(ids, ids[1:] + [None]):
        if b is None or b != a + 1:
            if a + 1 - run_start > best[1] - best[0]:
                best = (run_start, a + 1)
            if b is not None:
                run_start = b
    return best


class DocContext:
    """What the finders of one Doc share: its text, paragraphs, quote marks (`marked`, `mark_spans`, the
    tokens inside them: `quoted`), a token -> sentence index, and the quotes found (`quotes`, `taken`)."""

    def __init__(self, doc: Doc, lex: Lexicon):
        self.doc, self.lex, self.text = doc, lex, doc.text
        self.paras = paragraphs(self.text)
        self.marked = find_marked(self.text, self.paras)
        self.mark_spans = [(m.open, m.close + 1) for m in self.marked]
        self.sent_at: list[Span] = [sent for sent in doc.sents for _ in sent]  # token index -> sentence
        self.quoted = {t.i for s, e in self.mark_spans for t in (self.tokens(s, e) or [])}
        self.quotes: list[FoundQuote] = []
        self.taken: list[tuple[int, int]] = []

    def para_of(self, char: int) -> int:
        """The paragraph a character offset is in (-1: none)."""
        for k, (s, e) in enumerate(self.paras):
            if s <= char <= e:
                return k
        return -1

    def tokens(self, start: int, end: int) -> Span | None:
        """The tokens over a character range, widened to whole tokens."""
        return self.doc.char_span(start, end, alignment_mode="expand")

    def sent(self, tok: Token) -> Span:
        """The sentence of a token."""
        return self.sent_at[tok.i]

    def mention(self, head: Token) -> Mention:
        """The mention a head token stands for."""
        return mention_of(head, self.lex, self.sent_at[head.i].start_char)

    def claim(self, tokens: list[Token]) -> Claim:
        """Polarity, modality, topics and parties of a reported clause (for contradiction detection)."""
        lex = self.lex
        roots = [t for t in tokens if t.head not in tokens or t.head == t]
        main = [t for t in tokens if t in roots or (t.head in roots and t.dep_ == "conj")]
        words = " ".join(t.lower_ for t in tokens)
        negative = any(lemma_of(t) in lex.negative_verbs or any(c.lower_ in lex.negators for c in t.children)
                       for t in main)
        negative = negative or any(t.lower_ in lex.negators and t.dep_ == "det" and t.head.head in main for t in tokens)
        negative = negative or any(" " in n and re.search(rf"\b{re.escape(n)}\b", words) for n in lex.negators)
        modal = any(c.lower_ in MODALS and c.dep_ == "aux" for t in main for c in t.children)
        modal = modal or any(lemma_of(t) in lex.future_verbs and any(c.dep_ == "xcomp" for c in t.children) for t in main)
        modal = modal or any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless")
                                                      for g in c.children) for t in main for c in t.children)
        near = [t for t in tokens if t in main or t.head in main or (t.head.head in main and t.head.dep_ == "prep")]
        topics = sorted({lex.topics[lemma_of(t)] for t in near if lemma_of(t) in lex.topics})
        return Claim("negative" if negative else "positive", modal, tuple(topics))

    def window(self, sent: Span, content: tuple[int, int] | None,
               cue: Token | None = None) -> tuple[tuple[int, int], ...]:
        """The attribution clause: the sentence minus quoted and reported text, minus clauses that
        hang off the cue or its subject (`, referring to a meeting on Saturday`, `, who will attend,`)."""
        holes = [s for s in self.mark_spans if s[0] < sent.end_char and s[1] > sent.start_char]
        if content:
            holes.append(content)
        if cue is not None:
            subj = subject_of(cue, self.lex)
            side = [c for c in cue.children if c.dep_ in ("advcl", "acl", "conj") and c.i > cue.i]
            side += [c for c in subj.children if c.dep_ in ("relcl", "appos", "acl")
                     and lemma_of(c) not in self.lex.speech_event_verbs] if subj is not None else []
            holes += [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in side]
        pieces, pos = [], sent.start_char
        for s, e in sorted(holes):
            if s > pos:
                pieces.append((pos, s))
            pos = max(pos, e)
        if pos < sent.end_char:
            pieces.append((pos, sent.end_char))
        return tuple(pieces)

    def record(self, start: int, end: int, rule: str, cue: Token | None, speaker: Token | None,
               window: tuple[tuple[int, int], ...], claim: Claim, cue_text: str | None = None,
               found_by: str | None = None) -> FoundQuote:
        """A quote found by `rule` (its kind and confidence from kg.nlp.rules; `found_by`: the rule whose
        confidence it keeps), spoken by the mention of `speaker` (None: the previous speaker goes on)."""
        speaker = speaker_head(speaker, self.lex) if speaker is not None else None
        co = tuple(self.mention(c) for c in conj_heads(speaker)) if speaker is not None else ()
        return FoundQuote(
            start=start, end=end, kind=RULES[rule].kind,
            cue=cue_text if cue_text is not None else (cue_words(cue) if cue is not None else None),
            cue_start=cue.idx if cue is not None else None,
            speaker=self.mention(speaker) if speaker is not None else None,
            co_speakers=co, rule=rule, confidence=confidence(found_by or rule),
            para=self.para_of(start), window=window, claim=claim,
        )

    def take(self, rec: FoundQuote) -> None:
        """Keep a quote; its span is taken."""
        self.quotes.append(rec)
        self.taken.append((rec.start, rec.end))

    def with_marks(self, start: int, end: int) -> tuple[int, int, bool] | None:
        """A reported clause widened to the marks of the quotations inside it (a mixed quote: one record
        per clause, its quoted fragments' records dropped), or None when quoted words are the whole
        clause or the clause lies inside a quotation."""
        inside = [(ms, me) for ms, me in self.mark_spans if ms < end and me > start]
        if any(ms < start - 2 or me > end + 3 for ms, me in inside):
            return None
        if inside and (sum(min(me, end) - max(ms, start) for ms, me in inside) >= 0.9 * (end - start)
                       or inside[0][0] <= start and self.is_clause(inside[0])):
            return None  # the quotation opens the clause with words of its own: a direct quote
        end = max([end] + [me for _, me in inside])
        while (nxt := self.continuation(end)) is not None:  # `she was “tired” and “the target of X”`
            inside.append(nxt)
            end = nxt[1]
        if not inside:
            return start, end, False
        start = min(start, inside[0][0])
        self.quotes = [q for q in self.quotes if not (start <= q.start and q.end <= end)]
        self.taken = [(ts, te) for ts, te in self.taken if not (start <= ts and te <= end)]
        return start, end, True

    def continuation(self, end: int) -> tuple[int, int] | None:
        """Quoted words that go on a reported clause right after it (`, “and they ...”`, ` and “X”`),
        whatever the parse attached them to."""
        gap = re.match(r"[”\"’']?[ \t]*,?[ \t]*(?:(?:and|but|or)[ \t]+)?", self.text[end:end + 12])
        at = end + gap.end()
        return next(((ms, me) for ms, me in self.mark_spans if ms == at), None)

    def is_clause(self, mark: tuple[int, int]) -> bool:
        """Whether quoted words hold a clause of their own (a verb with its subject)."""
        span = self.tokens(*mark)
        return span is not None and any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i in range(span.start, span.end)
                                        for t in span)

    def cut_at_stops(self, ids: list[int], anchor: Token) -> list[int]:
        """A reported clause stays in the paragraph of its cue (`anchor`; a parse may run over a line
        break) and ends at a semicolon or colon of its sentence."""
        doc = self.doc
        ps, pe = self.paras[self.para_of(anchor.idx)]
        ids = [i for i in ids if not doc[i].is_space and ps <= doc[i].idx < pe]
        for k, i in enumerate(ids):
            if k and any(doc[j].text in CLAUSE_STOPS for j in range(ids[k - 1] + 1, i)):
                return ids[:k]
        return ids


class Finder:
    """A finder of one kind of construction, over the context it adds its quotes to."""

    def __init__(self, ctx: DocContext):
        self.ctx, self.doc, self.lex, self.text = ctx, ctx.doc, ctx.lex, ctx.text
