"""Source phrases: the clause that `according to X` or `as stated by X` attributes to X (the source a
document names for its author: `according to a statement from X`)."""

from __future__ import annotations

from spacy.tokens import Token

from .context import Finder, contiguous_longest, trim
from .cues import SUBJECT_DEPS
from .speakers import author_of, is_agent, is_document, lemma_of


class SourcePhrases(Finder):
    """The `according to` and `as stated by` phrases of a Doc; runs after the cue finders."""

    def find(self) -> None:
        """The clause each source phrase attributes, when it is not taken by a cue's report already."""
        for tok in self.doc:
            source = self._source_of(tok)
            if source is None or tok.i in self.ctx.quoted:
                continue
            phrase_tokens = {t.i for t in tok.subtree} | {tok.head.i} if tok.dep_ == "agent" else None
            phrase = self._source_phrase_ids(tok)
            if phrase_tokens:
                phrase |= phrase_tokens
            sent = self.ctx.sent(tok)
            root = sent.root
            ids = [t.i for t in sent if t.i not in phrase and not t.is_space]
            if not ids or not self._is_source(source):
                continue
            ids = self._from_subject(root, ids)
            ids = self.ctx.cut_at_stops(ids, tok)
            if not ids:
                continue
            s, e = trim(self.doc, *contiguous_longest(ids))
            if e - s < 3:
                continue
            start, end = self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1])
            if any(ts < end and start < te for ts, te in self.ctx.taken if not any(
                    ms <= ts and te <= me for ms, me in self.ctx.mark_spans)):
                continue
            placed = self.ctx.with_marks(start, end)
            if placed is None:
                continue
            start, end, mixed = placed
            cue_text = " ".join(self.doc[i].text for i in sorted(self._source_phrase_ids(tok, words_only=True)))
            window = self.ctx.window(sent, (start, end))
            rule = "mixed:source-phrase" if mixed else "indirect:source-phrase"
            claim = self.ctx.claim([self.doc[i] for i in range(s, e)])
            self.ctx.take(self.ctx.record(start, end, rule, None, source, window, claim, cue_text=cue_text.lower()))

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
        if subj is not None and subj.i > self.ctx.sent(root).start:
            left = subj.left_edge.i
            return [i for i in ids if i >= left]
        return ids
