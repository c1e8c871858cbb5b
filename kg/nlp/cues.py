"""Cues: which verbs report speech and which of their dependents hold the reported clause."""

from __future__ import annotations

from spacy.tokens import Token

from ..resources.lexicon import Lexicon
from .speakers import has_passive_subject, lemma_of

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
MODALS = {"will", "would", "could", "may", "might", "should", "can", "shall", "must", "'ll"}


def cue_words(tok: Token) -> str:
    """The cue as written, with its particle for phrasal cues (`made clear`, `pointed out`)."""
    parts = [tok.text]
    for c in tok.children:
        if c.dep_ in ("prt", "acomp", "oprd") and c.lower_ in ("out", "clear") and c.i == tok.i + 1:
            parts.append(c.text)
    return " ".join(parts)


def reports(tok: Token) -> bool:
    """A verb that reports what was said: not passive, not hedged by a modal (`would respond`), not an
    infinitive (`to say`)."""
    return not has_passive_subject(tok) and not any(
        c.dep_ == "aux" and (c.lower_ in MODALS or c.tag_ == "TO") for c in tok.children)


def is_cue(tok: Token, lex: Lexicon) -> bool:
    lemma = lemma_of(tok)
    if tok.pos_ not in ("VERB", "AUX") or not reports(tok):
        return False
    if lemma in lex.cognition_verbs:
        return voiced(tok, lex)
    if lemma in lex.speech_verbs or lemma in lex.document_only_verbs:
        return True
    return any((lemma, c.lower_) in lex.phrasal_cues for c in tok.children
               if c.dep_ in ("prt", "prep", "acomp", "oprd", "dobj", "ccomp"))


def voiced(belief: Token, lex: Lexicon) -> bool:
    """A belief verb reports a stated position only when it is voiced: under or beside a speech verb
    (`told reporters he believed`, `said X and believes that Y`), not `analysts think`."""
    return any(lemma_of(a) in lex.speech_verbs for a in belief.ancestors) or (
        belief.dep_ == "conj" and lemma_of(belief.head) in lex.speech_verbs)


def set_against(verb: Token) -> bool:
    """`X claimed that A but the other side's army blamed B`: a clause joined by `but`/`while` with a
    named subject of its own is the reporter's contrast with another party, not the speaker's words."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    named = subj is not None and (subj.pos_ == "PROPN" or subj.ent_type_ != "" or any(
        c.pos_ == "PROPN" for c in subj.children))
    return named and any(g.dep_ == "cc" and g.lower_ in ("but", "while", "whereas") for g in verb.head.children)


def contrasted(cue: Token) -> list[Token]:
    """`did not say that X, but that Y`: the that-clause set against the negated one."""
    heads = [cue] + [c for c in cue.children if c.dep_ == "ccomp"]  # the parse hangs `but that Y` off either
    return [cc for h in heads if any(g.dep_ == "cc" and g.lower_ == "but" for g in h.children)
            for cc in h.children if cc.dep_ == "conj" and any(g.dep_ == "mark" and g.lower_ == "that" for g in cc.children)]


def that_clause(tok: Token) -> bool:
    """A clause with `that` and a subject of its own."""
    return tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children) \
        and any(c.dep_ in SUBJECT_DEPS for c in tok.children)


def misparsed_that_clause(tok: Token) -> bool:
    """`told a briefing that the army was not ...` parsed as a relative clause of `briefing`: a
    relative clause with `that` and a subject of its own is a that-clause."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    return tok.dep_ == "relcl" and len(subjects) > 1 and subjects[0].lower_ == "that" \
        and subjects[0].i == tok.left_edge.i


def is_participle_tail(tok: Token, clause: Token) -> bool:
    """`..., voicing confidence`, `... and expressing hope`: a participle that belongs to the
    reporting sentence, not to the reported clause."""
    return (tok.dep_ in ("advcl", "conj") and tok.tag_ == "VBG" and clause.tag_ != "VBG"
            and not any(c.dep_ in SUBJECT_DEPS for c in tok.children))
