"""Finding quotes in a parsed article: the `kg_quotes` spaCy component.

It writes plain, serialisable data on the Doc (so `nlp.pipe(..., n_process=N)` works):
- `Doc._.kg_quotes`: direct, mixed and indirect quotes with their cue, speaker mention and the
  attribution clause (where venue and date are looked for later);
- `Doc._.kg_mentions`: mentions that can be antecedents of pronouns and descriptions;
- `Doc._.kg_denials`: reported denials of a quote (`which officials denied`, `disputed that account`).

Speaker resolution, venue and date are the next stage's work (`kg.attribution.attribute`). Quote marks are
found by `kg.nlp.quote_marks`, cue verbs judged by `kg.nlp.cues`, speakers by `kg.nlp.speakers`. All rules read
their words from kg/data/lexicon.toml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..ingest.reader import paragraphs  # the same paragraph notion as ingest's masking
from ..resources.lexicon import Lexicon, load_lexicon
from .cues import (MODALS, SUBJECT_DEPS, contrasted, cue_words, is_cue, is_participle_tail, misparsed_that_clause,
                   reports, set_against, that_clause, voiced)
from .quote_marks import OPENERS, Marked, find_marked
from .records import Claim, FoundDenial, FoundQuote, Mention
from .speakers import (author_of, conj_heads, is_agent, is_document, is_negated, lemma_of, pos_of,
                       speaker_head, speaks, subject_of)

PRONOUNS = {"he", "she", "it", "they", "we", "i", "who", "which", "that", "you"}
CLAUSE_STOPS = {";", ":", "—", "–"}
WH_WORDS = {"what", "why", "how", "who", "whom", "whose", "when", "where", "which"}  # open a reported question
# A colon attribution opening a paragraph: a capitalised name of up to five words, an optional outlet.
COLON_NAME = re.compile(r"[ \t]*(?P<name>[A-Z][\w.&'’-]*(?:[ \t]+[A-Z][\w.&'’-]*){0,4})"
                        r"(?:,[ \t]*[A-Z][\w.&'’-]*(?:[ \t]+[A-Z][\w.&'’-]*){0,3})?[ \t]*:[ \t]*")


# ---------------------------------------------------------------------------- helpers on tokens


def _np_span(head: Token, lex: Lexicon) -> Span:
    """The name-like noun phrase of a speaker: modifiers, possessor, and `of`/`for` complements of
    organisation heads and spokespeople; not relative clauses, appositions or other conjuncts."""
    keep = {"compound", "amod", "det", "poss", "case", "nmod", "flat", "nummod", "quantmod", "punct"}
    left = head.i
    for c in head.lefts:
        if c.dep_ in keep:
            left = min(left, c.left_edge.i)
    right = head.i
    for c in head.rights:
        if c.dep_ in ("compound", "flat") or c.dep_ == "case" and head.dep_ != "poss":
            right = max(right, c.right_edge.i)
        elif c.dep_ == "prep" and c.lower_ in ("of", "for") and (
                lemma_of(head) in lex.organisation_heads or lemma_of(head) in lex.spokes_nouns):
            right = max(right, c.right_edge.i)
        else:
            break
    doc = head.doc
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > left and doc[right].is_punct:
        right -= 1
    return doc[left:right + 1]


def _named(head: Token) -> Token:
    """`The central bank governor, Ines Moreau, said`: the apposed name stands for the description."""
    if head.pos_ == "NOUN":
        for c in head.children:
            if c.dep_ == "appos" and pos_of(c) == "PROPN":
                return c
    return head


def mention_of(head: Token, lex: Lexicon, sent_start: int) -> Mention:
    """A speaker or antecedent mention (`sent_start`: where its sentence starts)."""
    head = _named(head)
    span = _np_span(head, lex)
    return Mention(
        start=span.start_char, end=span.end_char, text=span.text,
        role=_role(head), of_plural=_of_plural(head),
        head=head.text, head_lemma=lemma_of(head), ner=head.ent_type_ or "",
        pron=head.pos_ == "PRON", pos=pos_of(head), tag=head.tag_,
        plural=head.tag_ in ("NNS", "NNPS"), sent=sent_start,
        person=_person_entity(head), document=is_document(head, lex),
    )


def _of_plural(head: Token) -> str | None:
    """The plural noun phrase of an `of` after the head (`dozens of players` -> `players`)."""
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            obj = next((g for g in c.children if g.dep_ == "pobj" and g.tag_ in ("NNS", "NNPS")), None)
            if obj is not None:
                return head.doc[obj.left_edge.i:obj.i + 1].text
    return None


def _role(head: Token) -> str:
    """How a mention stands in its clause: its dependency (`nsubj`, `dobj`) or the preposition it
    follows (`by`, `to`), seen through appositions and possessives (`by Acme's lawyer, Ann Lee` -> `by`)."""
    tok = head
    for _ in range(4):
        if tok.dep_ not in ("appos", "poss", "compound", "flat", "conj") or tok.head == tok:
            break
        tok = tok.head
    return tok.head.lower_ if tok.dep_ == "pobj" else tok.dep_


def _person_entity(head: Token) -> str | None:
    """The tagger's PERSON name around a head (`EU trade commissioner Pieter van Dam` -> `Pieter van Dam`)."""
    if head.ent_type_ != "PERSON":  # entities do not overlap: the token's type is its entity's label
        return None
    doc, start, end = head.doc, head.i, head.i + 1  # the entity's bounds, from the IOB tags (not a scan of doc.ents)
    while doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without a leading complementiser (`that`; a condition's `if` stays), punctuation and
    trailing punctuation."""
    while start < end and (doc[start].is_punct or doc[start].lower_ == "that"
                           and (doc[start].dep_ == "mark" or doc[start].pos_ == "SCONJ") or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    return start, end


def _clause_tokens(root: Token, exclude: set[int]) -> list[int]:
    return sorted(t.i for t in root.subtree if t.i not in exclude)


def _contiguous_longest(ids: list[int]) -> tuple[int, int]:
    """The longest run of consecutive token indices."""
    best, run_start = (ids[0], ids[0] + 1), ids[0]
    for a, b in zip(ids, ids[1:] + [None]):
        if b is None or b != a + 1:
            if a + 1 - run_start > best[1] - best[0]:
                best = (run_start, a + 1)
            if b is not None:
                run_start = b
    return best


# ---------------------------------------------------------------------------- the extractor


class QuoteExtractor:
    """Finds quotes, speakers' mentions, antecedent mentions and denials in one Doc."""

    def __init__(self, doc: Doc, lex: Lexicon):
        self.doc, self.lex, self.text = doc, lex, doc.text
        self.paras = paragraphs(self.text)
        self.marked = find_marked(self.text, self.paras)
        self.mark_spans = [(m.open, m.close + 1) for m in self.marked]
        self.sent_at: list[Span] = [sent for sent in doc.sents for _ in sent]  # token index -> sentence
        self.quoted = {t.i for s, e in self.mark_spans for t in (self._tokens(s, e) or [])}
        self.quotes: list[FoundQuote] = []
        self.taken: list[tuple[int, int]] = []
        self.gapped: set[int] = set()  # reported clauses whose subject is a relative pronoun

    # -- entry point

    def run(self) -> None:
        """Fill the Doc's extensions."""
        self._quoted()
        self._indirect()
        self._according_to()
        self.quotes.sort(key=lambda q: q.start)
        self.doc._.kg_quotes = [q.to_data() for q in self.quotes]
        self.doc._.kg_mentions = [m.to_data() for m in self._mentions()]
        self.doc._.kg_denials = [d.to_data() for d in self._denials()]

    # -- shared pieces

    def _para_of(self, char: int) -> int:
        for k, (s, e) in enumerate(self.paras):
            if s <= char <= e:
                return k
        return -1

    def _tokens(self, start: int, end: int) -> Span | None:
        return self.doc.char_span(start, end, alignment_mode="expand")

    def _claim_features(self, tokens: list[Token]) -> Claim:
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

    def _window(self, sent: Span, content: tuple[int, int] | None,
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

    def _record(self, start: int, end: int, kind: str, cue: Token | None, speaker: Token | None,
                rule: str, confidence: float, window: tuple[tuple[int, int], ...], claim: Claim,
                cue_text: str | None = None) -> FoundQuote:
        speaker = speaker_head(speaker, self.lex) if speaker is not None else None
        co = tuple(self._mention(c) for c in conj_heads(speaker)) if speaker is not None else ()
        return FoundQuote(
            start=start, end=end, kind=kind,
            cue=cue_text if cue_text is not None else (cue_words(cue) if cue is not None else None),
            cue_start=cue.idx if cue is not None else None,
            speaker=self._mention(speaker) if speaker is not None else None,
            co_speakers=co, rule=rule, confidence=confidence,
            para=self._para_of(start), window=window, claim=claim,
        )

    def _mention(self, head: Token) -> Mention:
        return mention_of(head, self.lex, self.sent_at[head.i].start_char)

    def _sent(self, tok: Token) -> Span:
        return self.sent_at[tok.i]

    def _take(self, rec: FoundQuote) -> None:
        self.quotes.append(rec)
        self.taken.append((rec.start, rec.end))

    # -- direct and mixed quotes

    def _attribution_in(self, start: int, end: int, last: bool = False) -> tuple[Token, Token] | None:
        """A cue verb with an agent subject in a stretch of text outside quote marks (the first one,
        or with `last` the one nearest the end, for text that leads up to a quote)."""
        span = self._tokens(start, end) if end > start else None
        if span is None:
            return None
        for tok in (reversed(span) if last else span):
            if tok.i in self.quoted or not is_cue(tok, self.lex) or is_negated(tok):
                continue
            subj = subject_of(tok, self.lex)
            if subj is not None and subj.i not in self.quoted and speaks(tok, subj, self.lex):
                return tok, subj
        return None

    def _segments(self, m: Marked) -> tuple[tuple[int, int], tuple[int, int]]:
        """The unquoted text before and after a quote within its paragraph."""
        ps, pe = self.paras[m.para]
        prev_close = max([s[1] for s in self.mark_spans if s[1] <= m.open and s[0] >= ps], default=ps)
        next_open = min([s[0] for s in self.mark_spans if s[0] > m.close and s[0] < pe], default=pe)
        return (prev_close, m.open), (min(m.close + 1, pe), next_open)

    def _is_direct(self, m: Marked) -> bool:
        """A quote that stands as the words spoken (opens a sentence or follows `said,`/`:`), not a
        phrase embedded in the reporter's sentence."""
        ps = self.paras[m.para][0]
        lead = self.text[ps:m.open]
        lead = re.split(r"(?<=[.!?”\"])\s+", lead)[-1] if lead.strip() else ""
        lead = lead.rstrip(OPENERS + '" ')  # `“"My sense is`: a doubled opening mark
        return not lead.strip(" -•*\t") or lead.rstrip().endswith((",", ":", "—")) or m.chain >= 0 and m.open == ps

    def _quoted(self) -> None:
        chain_attr: dict[int, FoundQuote] = {}
        for m in self.marked:
            if self._is_direct(m):
                rec = self._direct(m, chain_attr.get(m.chain))
            else:
                rec = self._mixed(m)
            if rec is None:
                continue
            rec = replace(rec, chain=m.chain)
            if m.chain >= 0 and rec.speaker is not None:
                chain_attr.setdefault(m.chain, rec)
            self._take(rec)
        self._fill_chains()

    def _fill_chains(self) -> None:
        """Pieces of a quote running over paragraphs share the attribution found in any piece."""
        by_chain: dict[int, FoundQuote] = {}
        for q in self.quotes:
            if q.chain >= 0 and q.speaker is not None:
                by_chain.setdefault(q.chain, q)
        for k, q in enumerate(self.quotes):
            src = by_chain.get(q.chain)
            if q.speaker is None and src is not None:
                self.quotes[k] = replace(q, speaker=src.speaker, cue=src.cue, window=src.window,
                                         rule="direct:paragraph-run", confidence=0.75)

    def _sentence_window(self, cue: Token) -> tuple[tuple[int, int], ...]:
        return self._window(self._sent(cue), None, cue)

    def _direct(self, m: Marked, chained: FoundQuote | None) -> FoundQuote | None:
        before, after = self._segments(m)
        tokens = self._tokens(m.start, m.end)
        features = self._claim_features(list(tokens)) if tokens is not None else Claim()
        found = self._attribution_in(*after) if self.text[after[0]:after[1]].strip() else None
        rule, conf = "direct:cue-after", 0.9
        if found is None:
            found, rule, conf = self._attribution_in(*before, last=True), "direct:cue-before", 0.85
        if found is None:
            ps, pe = self.paras[m.para]
            found, rule, conf = self._attribution_in(ps, pe), "direct:cue-in-paragraph", 0.7
        if found is not None:
            cue, subj = found
            return self._record(m.start, m.end, "direct", cue, subj, rule, conf, self._sentence_window(cue), features)
        colon = self._colon_speaker(*before)
        if colon is not None:  # `Lopez: “...”`, `Lopez, Radio One: “...”`
            return self._record(m.start, m.end, "direct", None, colon, "direct:colon-attribution", 0.8,
                                self._window(self._sent(colon), None), features)
        rec = self._record(m.start, m.end, "direct", None, None, "direct:continues-previous-speaker", 0.6,
                           (), features)
        if chained is not None:
            return rec  # its attribution is the chain's, filled by _fill_chains
        return rec if m.open == self.paras[m.para][0] and len(self.text[m.start:m.end].split()) >= 3 else None

    def _colon_speaker(self, start: int, end: int) -> Token | None:
        """The speaker of a colon attribution: a paragraph that opens with a name (and an outlet) and a
        colon (`Lopez: ...`, `Lopez, Radio One: ...`), the name an agent the tagger knows as a name."""
        ps = self.paras[self._para_of(start)][0]
        found = COLON_NAME.match(self.text, ps, end)
        if found is None or found.end() != end and self.text[found.end():end].strip():
            return None
        span = self._tokens(*found.span("name"))
        if span is None:
            return None
        head = span.root
        named = head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or pos_of(head) == "PROPN"
        return head if named and is_agent(head, self.lex) else None

    def _mixed(self, m: Marked) -> FoundQuote | None:
        """A quoted phrase inside reported speech: the cue that governs it, found up the parse tree
        or as a naming verb just before it (`what he described as "..."`)."""
        span = self._tokens(m.start, m.end)
        if span is None:
            return None
        lex = self.lex
        inside = {t.i for t in span}
        tok: Token | None = next((t for t in span if t.head.i not in inside or t.head == t), span.root)
        fallback, prev = None, tok
        for _ in range(12):
            if tok.i not in inside and tok.pos_ in ("VERB", "AUX") and not is_negated(tok):
                lemma = lemma_of(tok)
                subj = subject_of(tok, lex)
                ok = subj is not None and speaks(tok, subj, lex) and subj.i not in inside
                if ok and not self._is_content_of(prev, tok):
                    return None  # `told Channel 9's "Morning Desk"`, `during the 'unity tour'`: not words said
                stated = lemma not in lex.cognition_verbs or voiced(tok, lex)
                if ok and stated and (lemma in lex.cue_verbs or lemma in lex.naming_verbs) and reports(tok):
                    kind, rule = ("direct", "direct:cue-complement") if self._is_whole_complement(span, prev) \
                        else ("mixed", "mixed:governing-cue")
                    return self._record(m.start, m.end, kind, tok, subj, rule, 0.8,
                                        self._window(self._sent(tok), None, tok), self._claim_features(list(span)))
                if ok and lemma in lex.commitment_verbs and fallback is None:
                    fallback = (tok, subj)
            if tok.head == tok:
                break
            prev, tok = tok, tok.head
        if fallback is not None:
            cue, subj = fallback
            return self._record(m.start, m.end, "mixed", cue, subj, "mixed:commitment-verb", 0.65,
                                self._window(self._sent(cue), None, cue), self._claim_features(list(span)))
        return self._after_cue(m, span)

    def _is_content_of(self, child: Token, verb: Token) -> bool:
        """Whether a dependent of a speaking verb can hold its words: not the person addressed (`told
        Channel 9's "Morning Desk"`), not the occasion, time or place (`during the 'unity tour'`)."""
        if child.dep_ in ("dative", "npadvmod", "nsubj", "nsubjpass", "agent"):
            return False
        if child.dep_ == "dobj" and lemma_of(verb) in self.lex.addressee_verbs:
            return False
        return not (child.dep_ == "prep" and child.lower_ in self.lex.occasion_prepositions)

    def _is_whole_complement(self, span: Span, child: Token) -> bool:
        """A quotation that is the whole clause a cue reports (`said “in no case did I ...”`,
        `adding that "we pay the price."`): a direct quote, not a fragment."""
        if child.dep_ not in ("ccomp", "parataxis") or not any(c.dep_ in SUBJECT_DEPS for c in child.children):
            return False
        s, _ = _trim(self.doc, child.left_edge.i, child.right_edge.i + 1)
        return span.start <= s and child.i < span.end

    def _after_cue(self, m: Marked, span: Span) -> FoundQuote | None:
        """`“...,” Lindqvist added` after an embedded phrase that ends a clause: the cue that closes the
        sentence (not `backed “X” and assured ...`)."""
        _, after = self._segments(m)
        if not re.match(r"\s*[,—–]", self.text[after[0]:after[1]]) and self.text[m.end - 1] not in ",.!?":
            return None
        sent = self._sent(span.root)
        found = self._attribution_in(after[0], min(after[1], sent.end_char))
        if found is None or self._sent(found[0]) != sent:
            return None
        cue, subj = found
        return self._record(m.start, m.end, "mixed", cue, subj, "mixed:cue-after", 0.75,
                            self._window(self._sent(cue), None, cue), self._claim_features(list(span)))

    # -- indirect speech

    def _indirect(self) -> None:
        lex = self.lex
        for tok in self.doc:
            phrasal = lemma_of(tok) in lex.infinitive_cues and tok.pos_ == "VERB" and reports(tok)
            nominal = self._nominal_contents(tok)
            if nominal and reports(tok) and not is_negated(tok):  # `expressed optimism that X`
                subj = subject_of(tok, lex)
                if subj is not None and subj.i not in self.quoted and is_agent(subj, lex):
                    for clause in nominal:
                        self._indirect_clause(tok, subj, clause)
                continue
            if tok.i in self.quoted or not (is_cue(tok, lex) or phrasal):
                continue
            subj = subject_of(tok, lex)
            if subj is None or subj.i in self.quoted or not speaks(tok, subj, lex):
                continue
            if is_negated(tok):  # `has not said X, but that Y`: only Y is said
                for clause in contrasted(tok):
                    self._indirect_clause(tok, subj, clause)
                continue
            for clause in self._complements(tok):
                self._indirect_clause(tok, subj, clause)
            for head, rule in self._phrase_contents(tok):
                self._emit(tok, subj, [t.i for t in head.subtree], rule)
            for ids in self._object_clauses(tok):
                self._emit(tok, subj, ids, "indirect:object-clause")

    def _nominal_contents(self, verb: Token) -> list[Token]:
        """A light verb with a content noun as object (`expressed optimism that X`, `issued a warning
        that X`): the noun's that-clause."""
        if lemma_of(verb) not in self.lex.light_verbs or verb.pos_ != "VERB":
            return []
        return [g for n in verb.children if n.dep_ == "dobj" and lemma_of(n) in self.lex.content_nouns
                for g in n.children if that_clause(g)]

    def _object_clauses(self, cue: Token) -> list[list[int]]:
        """`claimed outdated technology most likely caused the meltdown` parsed with the noun as the
        cue's object and the verb elsewhere: the object and the subjectless verb that follows it."""
        out = []
        for obj in (c for c in cue.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")):
            verb = next((t for t in self.doc[obj.right_edge.i + 1:obj.right_edge.i + 4] if t.dep_ != "advmod"), None)
            if verb is not None and verb.pos_ == "VERB" and verb.tag_ in ("VBD", "VBZ", "VBP") \
                    and verb not in cue.subtree and not any(g.dep_ in SUBJECT_DEPS for g in verb.children):
                out.append([t.i for t in obj.subtree] + list(range(obj.right_edge.i + 1, verb.i))
                           + [t.i for t in verb.subtree if t.i >= verb.i])
        return out

    def _complements(self, cue: Token) -> list[Token]:
        """Clausal complements of a cue, split at coordinated `that`-clauses."""
        out = []
        for c in cue.children:
            if c.dep_ == "ccomp" or (c.dep_ == "parataxis" and c.i < cue.i) or (
                    c.dep_ == "xcomp" and any(g.dep_ == "nsubj" for g in c.children)):  # `told X he would ...`
                out.append(c)
                out.extend(cc for cc in c.children if self._separate_conjunct(cc))
        if not out and cue.dep_ in ("ccomp", "parataxis") and cue.head.i < cue.i and cue.head.pos_ in ("VERB", "AUX") \
                and lemma_of(cue.head) not in self.lex.cue_verbs:  # `he said the army had warned ...` is nested
            out.append(cue.head)  # `The U.S. welcomed it, he added`: the cue hangs off the content
        if cue.dep_ == "parataxis" and cue.head.i > cue.i and cue.head.pos_ in ("VERB", "AUX"):
            out.append(cue.head)  # `Lopez said, citing data, the plan had failed`: the content holds the cue
        for obj in (c for c in cue.children if c.dep_ == "dobj" and c.lower_ in self.lex.denial_objects):
            out.extend(g for g in obj.children if g.dep_ in ("acl", "ccomp")  # `denied reports that ...`
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children))
        out += [g for c in cue.children if c.dep_ == "dobj" for g in c.children if misparsed_that_clause(g)]
        if not out:  # `acknowledged on Sunday's show that X`: the parse hangs X off the adverbial
            out += [g for c in cue.children if c.dep_ in ("prep", "npadvmod") for g in c.subtree
                    if g.dep_ == "acl" and that_clause(g) and lemma_of(g.head) not in self.lex.content_nouns]
        out += self._gapped_contents(cue, out)
        if any(c.i > cue.i for c in out) or lemma_of(cue) in self.lex.denial_verbs:
            out = [c for c in out if c.i > cue.i]  # `X, a move officials said would Y`: Y is the content
        return out

    def _gapped_contents(self, cue: Token, found: list[Token]) -> list[Token]:
        """A cue inside a relative clause reports a clause whose subject is the relative pronoun
        (`damages that one panelist pointed out could be enough`, `images, which it claims
        demonstrates X`): its own complement without a subject, else the verb that follows it."""
        if cue.dep_ != "relcl" or not any(c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") for c in cue.children):
            return []  # (`failings it said are common`: the relative pronoun may be left out)
        gapped = [c for c in cue.children if c.dep_ == "ccomp" and not any(g.dep_ in SUBJECT_DEPS for g in c.children)]
        relative = any(c.tag_ in ("WDT", "WP") or c.lower_ == "that" for c in cue.children)
        if not gapped and not found and relative:
            nxt = next((t for t in self.doc[cue.i + 1:cue.i + 3] if t.dep_ not in ("prt", "advmod")), None)
            if nxt is not None and nxt.pos_ in ("VERB", "AUX") and nxt.tag_ in ("VBZ", "VBD", "VBP", "MD") \
                    and nxt not in cue.subtree and not any(c.dep_ in SUBJECT_DEPS for c in nxt.children):
                gapped = [nxt]
        self.gapped.update(c.i for c in gapped)
        return [c for c in gapped if c not in found]

    def _indirect_clause(self, cue: Token, subj: Token, clause: Token) -> None:
        if cue in clause.subtree and cue != clause:  # the parse hangs the cue off its content
            exclude = {t.i for t in cue.subtree}
        else:
            exclude = {t.i for t in cue.subtree} - {t.i for t in clause.subtree} if clause.i < cue.i else set()
        if misparsed_that_clause(clause):
            exclude |= {c.i for c in clause.children if c.lower_ == "that"}
        exclude |= {t.i for c in clause.children if self._separate_conjunct(c) or self._reports_again(c)
                    or c.dep_ == "conj" and set_against(c)
                    for t in c.subtree}
        exclude |= {t.i for c in clause.children if c.i > clause.i and is_participle_tail(c, clause)
                    for t in c.subtree}
        if not any(c.dep_ in SUBJECT_DEPS for c in clause.children) and clause.i not in self.gapped:
            return
        marked = any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in clause.children)
        question = lemma_of(cue) in self.lex.question_verbs
        if question and (cue.tag_ == "VBN" or not marked and not any(  # `when asked if X`: the asker is not named
                c.lower_ in WH_WORDS and c.i == clause.left_edge.i > cue.i for c in clause.children)):
            return
        if marked and not question:
            return  # `did not say whether X` reports nothing
        for t in clause.subtree:  # relative clauses that report someone else's reaction
            if t.dep_ in ("relcl", "advcl") and lemma_of(t) in self.lex.cue_verbs and t != clause:
                exclude |= {x.i for x in t.subtree}
                exclude |= {x.i for x in t.doc[max(t.left_edge.i - 1, 0):t.left_edge.i] if x.is_punct}
        ids = _clause_tokens(clause, exclude | {cue.i})
        for rest in (c for c in cue.children if c.dep_ == "ccomp" and c.left_edge.i == clause.right_edge.i + 1
                     and not any(g.dep_ in SUBJECT_DEPS for g in c.children)):
            ids += [t.i for t in rest.subtree]  # `X would host it when all agreed its aim | would be to Y`
        ids = [i for i in ids if not (self.doc[i].text in CLAUSE_STOPS)]
        if clause.i > cue.i and not question:  # `said on Thursday it expected ...`: the time belongs to the saying
            ids = self._without_leading_adverbials(clause, ids)
        if not ids:
            return
        rule = "indirect:cognition-verb" if lemma_of(cue) in self.lex.cognition_verbs else "indirect:speech-verb"
        parenthetical = cue in clause.subtree and clause.left_edge.i < cue.i < clause.i  # `X, they said, is Y`
        self._emit(cue, subj, ids, "indirect:question" if question else rule, whole=parenthetical)

    def _phrase_contents(self, cue: Token) -> list[tuple[Token, str]]:
        """Reported content that is not a clause: `threatened to sue`, `urged X to ...`, `called on X
        to ...` (the infinitive phrase), `accused X of spreading lies` (the gerund phrase)."""
        lex, out = self.lex, []
        lemma = lemma_of(cue)
        if lemma in lex.infinitive_cues:
            heads = [cue] + [g for c in cue.children if c.dep_ in ("prep", "dobj") for g in c.subtree
                             if g.dep_ == "pobj" or g == c]
            out += [(x, "indirect:infinitive") for h in heads for x in h.children
                    if x.dep_ in ("xcomp", "advcl", "acl") and x.i > cue.i and x.pos_ in ("VERB", "AUX")
                    and not any(g.dep_ in SUBJECT_DEPS for g in x.children)
                    and any(g.tag_ == "TO" and g.i < x.i for g in x.children)]
        if lemma in lex.charge_cues:
            out += [(g, "indirect:gerund") for c in cue.children if c.dep_ == "prep" and c.lower_ in ("of", "with")
                    for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"]
        return out

    def _emit(self, cue: Token, subj: Token, ids: list[int], rule: str, whole: bool = False) -> None:
        """Record reported content (token ids) of a cue: indirect, or mixed when it holds quotations;
        `whole`: the content runs around a parenthetical cue, which its span keeps."""
        ids = self._cut_at_stops(ids, cue)
        if not ids:
            return
        s, e = _trim(self.doc, *((ids[0], ids[-1] + 1) if whole else _contiguous_longest(ids)))
        if e - s < 3 or not any(self.doc[i].pos_ in ("VERB", "AUX") for i in range(s, e)):
            return
        start, end = self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1])
        placed = self._with_marks(start, end)
        if placed is None:
            return  # the clause is quoted words: a direct quote
        start, end, mixed = placed
        if any(ts <= start and end <= te for ts, te in self.taken):
            return
        conf = 0.6 if rule.endswith("cognition-verb") else 0.75
        window = self._window(self._sent(cue), (start, end), cue)
        features = self._claim_features([self.doc[i] for i in range(s, e)])
        features = replace(features, modal=features.modal or rule == "indirect:question")  # a question asserts nothing
        if lemma_of(cue) in self.lex.denial_verbs:  # `denied that X`: the speaker says not-X
            features = replace(features, polarity="positive" if features.polarity == "negative" else "negative")
        kind, rule = ("mixed", "mixed:reported-clause") if mixed else ("indirect", rule)
        self._take(self._record(start, end, kind, cue, subj, rule, conf, window, features))

    def _continuation(self, end: int) -> tuple[int, int] | None:
        """Quoted words that go on a reported clause right after it (`, “and they ...”`, ` and “X”`),
        whatever the parse attached them to."""
        gap = re.match(r"[”\"’']?[ \t]*,?[ \t]*(?:(?:and|but|or)[ \t]+)?", self.text[end:end + 12])
        at = end + gap.end()
        return next(((ms, me) for ms, me in self.mark_spans if ms == at), None)

    def _is_clause(self, mark: tuple[int, int]) -> bool:
        """Whether quoted words hold a clause of their own (a verb with its subject)."""
        span = self._tokens(*mark)
        return span is not None and any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i in range(span.start, span.end)
                                        for t in span)

    @staticmethod
    def _separate_conjunct(verb: Token) -> bool:
        """A clause coordinated with a reported clause, with its own subject, is a claim of its own
        (`said X and that Y`: two claims a contradiction can set against others), unless it is the
        reporter's contrast with another party."""
        return verb.dep_ == "conj" and verb.pos_ in ("VERB", "AUX") \
            and any(g.dep_ in SUBJECT_DEPS for g in verb.children) and not set_against(verb)

    def _reports_again(self, verb: Token) -> bool:
        """`... and believes that X`: a conjunct that is a new report with its own clause."""
        return lemma_of(verb) in self.lex.cue_verbs and any(c.dep_ == "ccomp" for c in verb.children)

    def _with_marks(self, start: int, end: int) -> tuple[int, int, bool] | None:
        """A reported clause widened to the marks of the quotations inside it (a mixed quote: one record
        per clause, its quoted fragments' records dropped), or None when quoted words are the whole
        clause or the clause lies inside a quotation."""
        inside = [(ms, me) for ms, me in self.mark_spans if ms < end and me > start]
        if any(ms < start - 2 or me > end + 3 for ms, me in inside):
            return None
        if inside and (sum(min(me, end) - max(ms, start) for ms, me in inside) >= 0.9 * (end - start)
                       or inside[0][0] <= start and self._is_clause(inside[0])):
            return None  # the quotation opens the clause with words of its own: a direct quote
        end = max([end] + [me for _, me in inside])
        while (nxt := self._continuation(end)) is not None:  # `she was “tired” and “the target of X”`
            inside.append(nxt)
            end = nxt[1]
        if not inside:
            return start, end, False
        start = min(start, inside[0][0])
        self.quotes = [q for q in self.quotes if not (start <= q.start and q.end <= end)]
        self.taken = [(ts, te) for ts, te in self.taken if not (start <= ts and te <= end)]
        return start, end, True

    def _without_leading_adverbials(self, clause: Token, ids: list[int]) -> list[int]:
        """Drop time and place phrases that stand before a clause's subject or `that`."""
        starts = [c.left_edge.i for c in clause.children if c.dep_ in SUBJECT_DEPS or c.dep_ == "mark"]
        if not starts:
            return ids
        lead = {c.i for c in clause.children if c.dep_ in ("prep", "npadvmod", "advmod", "punct")
                and c.right_edge.i < min(starts)}
        dropped = {i for i in ids if i < min(starts)}
        covered = {t.i for c in lead for t in self.doc[c].subtree}
        return [i for i in ids if i >= min(starts)] if dropped <= covered else ids

    def _cut_at_stops(self, ids: list[int], anchor: Token) -> list[int]:
        """A reported clause stays in the paragraph of its cue (`anchor`; a parse may run over a line
        break) and ends at a semicolon or colon of its sentence."""
        doc = self.doc
        ps, pe = self.paras[self._para_of(anchor.idx)]
        ids = [i for i in ids if not doc[i].is_space and ps <= doc[i].idx < pe]
        for k, i in enumerate(ids):
            if k and any(doc[j].text in CLAUSE_STOPS for j in range(ids[k - 1] + 1, i)):
                return ids[:k]
        return ids

    # -- according to X / as stated by X

    def _according_to(self) -> None:
        for tok in self.doc:
            source = self._source_of(tok)
            if source is None or tok.i in self.quoted:
                continue
            phrase_tokens = {t.i for t in tok.subtree} | {tok.head.i} if tok.dep_ == "agent" else None
            phrase = self._source_phrase_ids(tok)
            if phrase_tokens:
                phrase |= phrase_tokens
            sent = self._sent(tok)
            root = sent.root
            ids = [t.i for t in sent if t.i not in phrase and not t.is_space]
            if not ids or not self._is_source(source):
                continue
            ids = self._from_subject(root, ids)
            ids = self._cut_at_stops(ids, tok)
            if not ids:
                continue
            s, e = _trim(self.doc, *_contiguous_longest(ids))
            if e - s < 3:
                continue
            start, end = self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1])
            if any(ts < end and start < te for ts, te in self.taken if not any(
                    ms <= ts and te <= me for ms, me in self.mark_spans)):
                continue
            placed = self._with_marks(start, end)
            if placed is None:
                continue
            start, end, mixed = placed
            cue_text = " ".join(self.doc[i].text for i in sorted(self._source_phrase_ids(tok, words_only=True)))
            window = self._window(sent, (start, end))
            kind = "mixed" if mixed else "indirect"
            self._take(self._record(start, end, kind, None, source, f"{kind}:source-phrase", 0.75, window,
                                    self._claim_features([self.doc[i] for i in range(s, e)]),
                                    cue_text=cue_text.lower()))

    def _is_source(self, source: Token) -> bool:
        """`according to X`: X speaks when it is an agent, or a document that names its author or is
        picked out (`the statement`, `a regulatory filing`), not bare `recent reports` or `a report`."""
        lex = self.lex
        if is_document(source, lex):
            return author_of(source, lex) is not None or source.tag_ == "NN" and any(
                c.dep_ in ("det", "poss", "compound", "amod") and c.lower_ not in ("a", "an") for c in source.children)
        return is_agent(source, lex) and lemma_of(source) not in lex.non_agent_sources

    def _source_of(self, tok: Token) -> Token | None:
        """The source named by `according to X` / `as stated by X` at this token, if any; for
        `according to a statement from X`, X."""
        source = self._named_source(tok)
        if source is not None and lemma_of(source) in self.lex.non_agent_sources:
            by = next((g for c in source.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
                       for g in c.children if g.dep_ == "pobj"), None)
            return by if by is not None else source
        return source

    def _named_source(self, tok: Token) -> Token | None:
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is None and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                to = tok.doc[tok.i + 1]
            return next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
        if tok.dep_ == "agent" and tok.head.lower_ in ("stated", "said", "told") and any(
                c.lower_ == "as" for c in tok.head.children):
            return next((g for g in tok.children if g.dep_ == "pobj"), None)
        return None

    def _source_phrase_ids(self, tok: Token, words_only: bool = False) -> set[int]:
        if tok.lower_ == "according":
            ids = {t.i for t in tok.subtree} | {tok.i, tok.i + 1}
            if tok.i + 1 < len(tok.doc):
                ids |= {t.i for t in tok.doc[tok.i + 1].subtree}
            if words_only:
                return {tok.i, tok.i + 1}
            return ids
        verb = tok.head
        if words_only:
            return {c.i for c in verb.children if c.lower_ == "as"} | {verb.i, tok.i}
        ids = {t.i for t in verb.subtree}
        return ids | {x.i for x in tok.doc[max(verb.left_edge.i - 1, 0):verb.left_edge.i] if x.is_punct}

    def _from_subject(self, root: Token, ids: list[int]) -> list[int]:
        """Reported content starts at the clause's subject, after leading adverbial phrases."""
        subj = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None and subj.i > self._sent(root).start:
            left = subj.left_edge.i
            return [i for i in ids if i >= left]
        return ids

    # -- mentions (antecedents) and denials

    def _mentions(self) -> list[Mention]:
        """Candidate antecedents: subjects, named entities and noun phrases outside quote marks."""
        out, seen = [], set()
        for tok in self.doc:
            if tok.i in self.quoted or tok.is_space:
                continue
            is_subj = tok.dep_ in ("nsubj", "nsubjpass")
            named = tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and tok.ent_iob_ in ("B", "I") \
                and (tok.i + 1 == len(self.doc) or self.doc[tok.i + 1].ent_iob_ != "I")
            agentive = tok.dep_ == "pobj" and tok.head.head.lower_ == "according"
            if not (is_subj or named or agentive) or pos_of(tok) not in ("PROPN", "NOUN", "PRON"):
                continue
            m = self._mention(tok)
            if (m.start, m.end) in seen:
                continue
            seen.add((m.start, m.end))
            out.append(replace(m, subject=is_subj, agentive=agentive, main=is_subj and tok.head.dep_ == "ROOT",
                               para=self._para_of(tok.idx)))
        return out

    def _denials(self) -> list[FoundDenial]:
        """`X disputed that account`, `..., which X denied`: a denial of the quote just before it."""
        lex, out = self.lex, []
        for tok in self.doc:
            if lemma_of(tok) not in lex.denial_verbs or tok.pos_ != "VERB" or is_negated(tok):
                continue
            subj = subject_of(tok, lex)
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if subj is None or obj is None or not is_agent(subj, lex):
                continue
            anaphoric = obj.lower_ in lex.denial_objects or obj.lower_ in ("which", "that")
            if not anaphoric or any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children):
                continue
            target = self._denied_quote(tok)
            if target is None:
                continue
            left = min(subj.left_edge.i, obj.left_edge.i, tok.i)
            right = max(obj.right_edge.i, tok.i)
            span = self.doc[left:right + 1]
            out.append(FoundDenial(span.start_char, span.end_char, tok.text, self._mention(subj),
                                   target.start, target.end))
        return out

    def _denied_quote(self, verb: Token) -> FoundQuote | None:
        """The most recent quote before the denial, in its sentence or the one before."""
        sent = self._sent(verb)
        prev_start = sent.start_char
        if sent.start > 0:
            prev_start = self.sent_at[sent.start - 1].start_char
        cands = [q for q in self.quotes if prev_start <= q.start and q.end <= verb.idx]
        return cands[-1] if cands else None


for _name in ("kg_quotes", "kg_mentions", "kg_denials"):  # the Doc extensions kg_quotes fills, once at import
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("kg_paragraph_breaks", assigns=["token.is_sent_start"])
def kg_paragraph_breaks(doc: Doc) -> Doc:
    """spaCy component, before the parser: a sentence starts after every line break (a line is a
    paragraph; a headline without final punctuation must not run into the next line)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and ("\n" in prev.whitespace_ or prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


class QuoteFinder:
    """The `kg_quotes` component: direct, mixed and indirect quotes, mentions and denials on Doc extensions."""

    def __init__(self, lex: Lexicon):
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        QuoteExtractor(doc, self.lex).run()
        return doc


@Language.factory("kg_quotes", requires=["token.dep", "token.lemma", "token.pos", "token.tag", "token.ent_type",
                                         "token.is_sent_start"],
                  assigns=["doc._.kg_quotes", "doc._.kg_mentions", "doc._.kg_denials"],
                  default_config={"lexicon": None})
def make_quotes(nlp: Language, name: str, lexicon: str | None) -> QuoteFinder:
    """The quote finder with the lexicon read from this TOML file (None: the packaged kg/data/lexicon.toml)."""
    return QuoteFinder(load_lexicon(lexicon))
