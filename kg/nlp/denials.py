"""Denials: a reported denial of the quote just before it (`X disputed that account`, `..., which X denied`)."""

from __future__ import annotations

from spacy.tokens import Token

from .context import DocContext
from .records import FoundDenial, FoundQuote
from .speakers import is_agent, is_negated, lemma_of, subject_of


def find_denials(ctx: DocContext) -> list[FoundDenial]:
    """`X disputed that account`, `..., which X denied`: a denial of the quote just before it."""
    lex, out = ctx.lex, []
    for tok in ctx.doc:
        if lemma_of(tok) not in lex.denial_verbs or tok.pos_ != "VERB" or is_negated(tok):
            continue
        subj = subject_of(tok, lex)
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if subj is None or obj is None or not is_agent(subj, lex):
            continue
        anaphoric = obj.lower_ in lex.denial_objects or obj.lower_ in ("which", "that")
        if not anaphoric or any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children):
            continue
        target = _denied_quote(ctx, tok)
        if target is None:
            continue
        left = min(subj.left_edge.i, obj.left_edge.i, tok.i)
        right = max(obj.right_edge.i, tok.i)
        span = ctx.doc[left:right + 1]
        out.append(FoundDenial(span.start_char, span.end_char, tok.text, ctx.mention(subj),
                               target.start, target.end))
    return out


def _denied_quote(ctx: DocContext, verb: Token) -> FoundQuote | None:
    """The most recent quote before the denial, in its sentence or the one before."""
    sent = ctx.sent(verb)
    prev_start = sent.start_char
    if sent.start > 0:
        prev_start = ctx.sent_at[sent.start - 1].start_char
    cands = [q for q in ctx.quotes if prev_start <= q.start and q.end <= verb.idx]
    return cands[-1] if cands else None
