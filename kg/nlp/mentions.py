"""Mentions: the noun phrases that name speakers (`the central bank governor, Ines Moreau,`) and the candidate
antecedents of pronouns and descriptions, as kg.nlp.records.Mention."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from ..resources.lexicon import Lexicon
from .records import Mention
from .speakers import is_document, lemma_of, pos_of

if TYPE_CHECKING:
    from .context import DocContext


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


def find_mentions(ctx: DocContext) -> list[Mention]:
    """Candidate antecedents: subjects, named entities and noun phrases outside quote marks."""
    out, seen = [], set()
    for tok in ctx.doc:
        if tok.i in ctx.quoted or tok.is_space:
            continue
        is_subj = tok.dep_ in ("nsubj", "nsubjpass")
        named = tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and tok.ent_iob_ in ("B", "I") \
            and (tok.i + 1 == len(ctx.doc) or ctx.doc[tok.i + 1].ent_iob_ != "I")
        agentive = tok.dep_ == "pobj" and tok.head.head.lower_ == "according"
        if not (is_subj or named or agentive) or pos_of(tok) not in ("PROPN", "NOUN", "PRON"):
            continue
        m = ctx.mention(tok)
        if (m.start, m.end) in seen:
            continue
        seen.add((m.start, m.end))
        out.append(replace(m, subject=is_subj, agentive=agentive, main=is_subj and tok.head.dep_ == "ROOT",
                           para=ctx.para_of(tok.idx)))
    return out
