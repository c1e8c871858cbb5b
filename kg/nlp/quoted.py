"""Quoted speech: the spans in quote marks that are quotes, direct (`“...,” Lopez said`, `Lopez: “...”`) or
mixed (a quoted phrase inside reported speech: `Lopez called the plan “a farce”`), with their speakers."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from .context import Finder, trim
from .cues import SUBJECT_DEPS, is_cue, reports, voiced
from .quote_marks import OPENERS, Marked
from .records import Claim, FoundQuote
from .rules import confidence
from .speakers import is_agent, is_negated, lemma_of, pos_of, speaks, subject_of

# A colon attribution opening a paragraph: a capitalised name of up to five words, an optional outlet.
COLON_NAME = re.compile(r"[ \t]*(?P<name>[A-Z][\w.&'’-]*(?:[ \t]+[A-Z][\w.&'’-]*){0,4})"
                        r"(?:,[ \t]*[A-Z][\w.&'’-]*(?:[ \t]+[A-Z][\w.&'’-]*){0,3})?[ \t]*:[ \t]*")


class QuotedSpeech(Finder):
    """The quote marks of a Doc read as direct and mixed quotes; the first finder to run."""

    def find(self) -> None:
        """Every span in quote marks that is attributed: a direct quote or a quoted phrase (mixed)."""
        chain_attr: dict[int, FoundQuote] = {}
        for m in self.ctx.marked:
            if self._is_direct(m):
                rec = self._direct(m, chain_attr.get(m.chain))
            else:
                rec = self._mixed(m)
            if rec is None:
                continue
            rec = replace(rec, chain=m.chain)
            if m.chain >= 0 and rec.speaker is not None:
                chain_attr.setdefault(m.chain, rec)
            self.ctx.take(rec)
        self._fill_chains()

    def _fill_chains(self) -> None:
        """Pieces of a quote running over paragraphs share the attribution found in any piece."""
        by_chain: dict[int, FoundQuote] = {}
        for q in self.ctx.quotes:
            if q.chain >= 0 and q.speaker is not None:
                by_chain.setdefault(q.chain, q)
        for k, q in enumerate(self.ctx.quotes):
            src = by_chain.get(q.chain)
            if q.speaker is None and src is not None:
                self.ctx.quotes[k] = replace(q, speaker=src.speaker, cue=src.cue, window=src.window,
                                             rule="direct:paragraph-run", confidence=confidence("direct:paragraph-run"))

    def _is_direct(self, m: Marked) -> bool:
        """A quote that stands as the words spoken (opens a sentence or follows `said,`/`:`), not a
        phrase embedded in the reporter's sentence."""
        ps = self.ctx.paras[m.para][0]
        lead = self.text[ps:m.open]
        lead = re.split(r"(?<=[.!?”\"])\s+", lead)[-1] if lead.strip() else ""
        lead = lead.rstrip(OPENERS + '" ')  # `“"My sense is`: a doubled opening mark
        return not lead.strip(" -•*\t") or lead.rstrip().endswith((",", ":", "—")) or m.chain >= 0 and m.open == ps

    def _segments(self, m: Marked) -> tuple[tuple[int, int], tuple[int, int]]:
        """The unquoted text before and after a quote within its paragraph."""
        ps, pe = self.ctx.paras[m.para]
        prev_close = max([s[1] for s in self.ctx.mark_spans if s[1] <= m.open and s[0] >= ps], default=ps)
        next_open = min([s[0] for s in self.ctx.mark_spans if s[0] > m.close and s[0] < pe], default=pe)
        return (prev_close, m.open), (min(m.close + 1, pe), next_open)

    def _attribution_in(self, start: int, end: int, last: bool = False) -> tuple[Token, Token] | None:
        """A cue verb with an agent subject in a stretch of text outside quote marks (the first one,
        or with `last` the one nearest the end, for text that leads up to a quote)."""
        span = self.ctx.tokens(start, end) if end > start else None
        if span is None:
            return None
        for tok in (reversed(span) if last else span):
            if tok.i in self.ctx.quoted or not is_cue(tok, self.lex) or is_negated(tok):
                continue
            subj = subject_of(tok, self.lex)
            if subj is not None and subj.i not in self.ctx.quoted and speaks(tok, subj, self.lex):
                return tok, subj
        return None

    def _direct(self, m: Marked, chained: FoundQuote | None) -> FoundQuote | None:
        before, after = self._segments(m)
        tokens = self.ctx.tokens(m.start, m.end)
        claim = self.ctx.claim(list(tokens)) if tokens is not None else Claim()
        found = self._attribution_in(*after) if self.text[after[0]:after[1]].strip() else None
        rule = "direct:cue-after"
        if found is None:
            found, rule = self._attribution_in(*before, last=True), "direct:cue-before"
        if found is None:
            ps, pe = self.ctx.paras[m.para]
            found, rule = self._attribution_in(ps, pe), "direct:cue-in-paragraph"
        if found is not None:
            cue, subj = found
            return self.ctx.record(m.start, m.end, rule, cue, subj, self.ctx.window(self.ctx.sent(cue), None, cue),
                                   claim)
        colon = self._colon_speaker(*before)
        if colon is not None:  # `Lopez: “...”`, `Lopez, Radio One: “...”`
            return self.ctx.record(m.start, m.end, "direct:colon-attribution", None, colon,
                                   self.ctx.window(self.ctx.sent(colon), None), claim)
        rec = self.ctx.record(m.start, m.end, "direct:continues-previous-speaker", None, None, (), claim)
        if chained is not None:
            return rec  # its attribution is the chain's, filled by _fill_chains
        return rec if m.open == self.ctx.paras[m.para][0] and len(self.text[m.start:m.end].split()) >= 3 else None

    def _colon_speaker(self, start: int, end: int) -> Token | None:
        """The speaker of a colon attribution: a paragraph that opens with a name (and an outlet) and a
        colon (`Lopez: ...`, `Lopez, Radio One: ...`), the name an agent the tagger knows as a name."""
        ps = self.ctx.paras[self.ctx.para_of(start)][0]
        found = COLON_NAME.match(self.text, ps, end)
        if found is None or found.end() != end and self.text[found.end():end].strip():
            return None
        span = self.ctx.tokens(*found.span("name"))
        if span is None:
            return None
        head = span.root
        named = head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or pos_of(head) == "PROPN"
        return head if named and is_agent(head, self.lex) else None

    def _mixed(self, m: Marked) -> FoundQuote | None:
        """A quoted phrase inside reported speech: the cue that governs it, found up the parse tree
        or as a naming verb just before it (`what he described as "..."`)."""
        span = self.ctx.tokens(m.start, m.end)
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
                    rule = "direct:cue-complement" if self._is_whole_complement(span, prev) else "mixed:governing-cue"
                    return self._governed(m, span, rule, tok, subj)
                if ok and lemma in lex.commitment_verbs and fallback is None:
                    fallback = (tok, subj)
            if tok.head == tok:
                break
            prev, tok = tok, tok.head
        if fallback is not None:
            cue, subj = fallback
            return self._governed(m, span, "mixed:commitment-verb", cue, subj)
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
        s, _ = trim(self.doc, child.left_edge.i, child.right_edge.i + 1)
        return span.start <= s and child.i < span.end

    def _after_cue(self, m: Marked, span: Span) -> FoundQuote | None:
        """`“...,” Lindqvist added` after an embedded phrase that ends a clause: the cue that closes the
        sentence (not `backed “X” and assured ...`)."""
        _, after = self._segments(m)
        if not re.match(r"\s*[,—–]", self.text[after[0]:after[1]]) and self.text[m.end - 1] not in ",.!?":
            return None
        sent = self.ctx.sent(span.root)
        found = self._attribution_in(after[0], min(after[1], sent.end_char))
        if found is None or self.ctx.sent(found[0]) != sent:
            return None
        cue, subj = found
        return self._governed(m, span, "mixed:cue-after", cue, subj)

    def _governed(self, m: Marked, span: Span, rule: str, cue: Token, subj: Token) -> FoundQuote:
        """A quoted phrase said by `subj` with `cue`; its clause is the cue's sentence."""
        return self.ctx.record(m.start, m.end, rule, cue, subj, self.ctx.window(self.ctx.sent(cue), None, cue),
                               self.ctx.claim(list(span)))
