"""Reported speech: what cue verbs report without quote marks (`Lopez said the plan had failed`, `threatened to
sue`, `accused X of lying`), indirect, or mixed when the clause holds quoted words."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from .context import CLAUSE_STOPS, DocContext, Finder, contiguous_longest, trim
from .cues import (SUBJECT_DEPS, contrasted, is_cue, is_participle_tail, misparsed_that_clause, reports, set_against,
                   that_clause)
from .speakers import is_agent, is_negated, lemma_of, speaks, subject_of

WH_WORDS = {"what", "why", "how", "who", "whom", "whose", "when", "where", "which"}  # open a reported question


class ReportedSpeech(Finder):
    """The cue verbs of a Doc and the content they report; runs after QuotedSpeech, whose quotes a reported
    clause holding them replaces."""

    def __init__(self, ctx: DocContext):
        super().__init__(ctx)
        self.gapped: set[int] = set()  # reported clauses whose subject is a relative pronoun

    def find(self) -> None:
        """The clauses, infinitives and gerunds that cue verbs report, each with the cue's speaker."""
        lex = self.lex
        for tok in self.doc:
            phrasal = lemma_of(tok) in lex.infinitive_cues and tok.pos_ == "VERB" and reports(tok)
            nominal = self._nominal_contents(tok)
            if nominal and reports(tok) and not is_negated(tok):  # `expressed optimism that X`
                subj = subject_of(tok, lex)
                if subj is not None and subj.i not in self.ctx.quoted and is_agent(subj, lex):
                    for clause in nominal:
                        self._indirect_clause(tok, subj, clause)
                continue
            if tok.i in self.ctx.quoted or not (is_cue(tok, lex) or phrasal):
                continue
            subj = subject_of(tok, lex)
            if subj is None or subj.i in self.ctx.quoted or not speaks(tok, subj, lex):
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
        ids = self.ctx.cut_at_stops(ids, cue)
        if not ids:
            return
        s, e = trim(self.doc, *((ids[0], ids[-1] + 1) if whole else contiguous_longest(ids)))
        if e - s < 3 or not any(self.doc[i].pos_ in ("VERB", "AUX") for i in range(s, e)):
            return
        start, end = self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1])
        placed = self.ctx.with_marks(start, end)
        if placed is None:
            return  # the clause is quoted words: a direct quote
        start, end, mixed = placed
        if any(ts <= start and end <= te for ts, te in self.ctx.taken):
            return
        window = self.ctx.window(self.ctx.sent(cue), (start, end), cue)
        claim = self.ctx.claim([self.doc[i] for i in range(s, e)])
        claim = replace(claim, modal=claim.modal or rule == "indirect:question")  # a question asserts nothing
        if lemma_of(cue) in self.lex.denial_verbs:  # `denied that X`: the speaker says not-X
            claim = replace(claim, polarity="positive" if claim.polarity == "negative" else "negative")
        self.ctx.take(self.ctx.record(start, end, "mixed:reported-clause" if mixed else rule, cue, subj, window,
                                      claim, found_by=rule))

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


def _clause_tokens(root: Token, exclude: set[int]) -> list[int]:
    """The tokens of a clause but those excluded, in order."""
    return sorted(t.i for t in root.subtree if t.i not in exclude)
