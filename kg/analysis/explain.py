"""Contradictions between claims, for a reader: what kind, why (in the articles' own words) and how sure.

- reported denials: a denial the text reports (`..., which officials denied`) against the quote it targets;
- the conflicts of kg/analysis/conflicts.py (opposed, contrary, rival explanations, ...) as contradictions,
  with an explanation naming who says what where, and a confidence ranking them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..ids import Iris
from ..model import ArticleResult, Contradiction, Side
from ..resources.semantics import Semantics
from . import confidence
from .claims import Claim, normal_words
from .conflicts import Conflict
from .context import Ctx, outlet, quote_side, short
from .reading import WORD, content_terms, term
from .settings import DetectionSettings


def article_denials(r: ArticleResult, iris: Iris, sem: Semantics, s: DetectionSettings
                    ) -> Iterator[tuple[str, int, Contradiction, Side]]:
    """The denials an article reports, each against the quote it denies: its key (the same denial of the same
    words in several articles is one, found first where it first appears), its index among the article's
    denials, the contradiction and the denial's side."""
    by_span = {(q.start, q.end): q for q in r.quotes}
    for i, d in enumerate(r.denials):
        q = by_span.get((d.target_start, d.target_end))
        if q is None or q.speaker == d.speaker or not restates(d.text, q.quote, sem, s.min_shared):
            continue
        side = Side(d.doc, d.start, d.end, d.text, d.speaker)
        yield repr((q.speaker, normal_words(q.quote), d.speaker, normal_words(d.text))), i, Contradiction(
            "reported_denial", quote_side(q), side,
            f"{d.speaker} {d.cue} what {q.speaker} said: “{short(q.quote)}”", confidence.REPORTED_DENIAL,
            str(iris.quote(q.speaker, q.quote)), str(iris.claim(d.doc, d.start, d.end))), side


def restates(denial: str, quote: str, sem: Semantics, min_shared: int) -> bool:
    """Whether a denial can be of the quote: it restates nothing (`which officials denied`, `disputed that
    account`), or what it restates after its `that` shares a content word with the quote (`denied the
    allegation that the kiss was consensual` is not a denial of a quote about a boycott)."""
    low = denial.lower()
    at = re.search(r"\bthat\b", low)
    if at is None:
        return True
    lower_words = [w for w in WORD.findall(denial[at.end():]) if not w[:1].isupper()]  # names aside
    restated = set(content_terms(lower_words, sem)) - {term(w, sem) for w in sem.claim_nouns}
    return len(restated) < min_shared or bool(restated & set(content_terms(WORD.findall(quote), sem)))


def _who(c: Claim, ctx: dict[str, Ctx]) -> str:
    return c.asserter or f"{outlet(c.doc, ctx)} (narration)"


def claim_contradiction(k: Conflict, ctx: dict[str, Ctx], iris: Iris, sem: Semantics,
                        s: DetectionSettings) -> Contradiction:
    """A conflict between two claims as a contradiction: its type, a reader's explanation and a confidence."""
    a, b = k.a, k.b
    conf = confidence.CLAIM_RULES[k.rule]
    where = "in the same article" if a.docs & b.docs else f"in {outlet(a.doc, ctx)} and {outlet(b.doc, ctx)}"
    versus = f"“{short(a.text, 70)}” vs “{short(b.text, 70)}” ({where})"
    if k.rule == "opposed":
        kind = "reported_denial" if b.kind == "denial" or _denies(b, sem) else "conflicting_claims"
        why = (f"{_who(a, ctx)} states “{short(a.text, 70)}” while {_who(b, ctx)} negates it: "
               f"“{short(b.text, 70)}” ({where}; on {_words_for(k.terms, a.text + ' ' + b.text, sem)})")
        # two negated predicates matched (`sign` and `contract`) count more than one; someone's statement
        # more than the article's narration; a denial naming a claim it does not restate (`the army's
        # accusation over the strike is lies`) meets its target by topic only, the least
        matched = len(set(k.terms) - a.names - b.names)
        if not _names_unstated_claim(b.text, sem):
            conf += confidence.OPPOSED_SHARED_MORE if matched >= s.min_shared else 0.0
            conf += confidence.OPPOSED_BY_SOMEONE if a.asserter else 0.0
    elif k.rule == "anaphoric":
        kind = "reported_denial"
        why = (f"{_who(b, ctx)} calls the accusations untrue (“{short(b.text, 70)}”) while {_who(a, ctx)} "
               f"names {_words_for(k.terms, a.text, sem)}: “{short(a.text, 70)}” ({where})")
    elif k.rule == "swapped":
        kind = "conflicting_claims"
        why = (f"{_who(a, ctx)} and {_who(b, ctx)} name different parties as the one who "
               f"{_words_for(k.terms[:1], a.text + ' ' + b.text, sem)} ({_words_for(k.terms[1:], a.text, sem)}): "
               f"{versus}")
    elif k.rule == "dated":
        kind = "conflicting_claims"
        (day_a, _), (day_b, _) = next(iter(a.dates)), next(iter(b.dates))
        why = (f"{_who(a, ctx)} dates it {day_a.isoformat()} and {_who(b, ctx)} {day_b.isoformat()} "
               f"({_words_for(k.terms, a.text + ' ' + b.text, sem)}): {versus}")
    elif k.rule == "contrary":
        kind = "conflicting_claims"
        why = (f"{_who(a, ctx)} and {_who(b, ctx)} judge {_words_for(k.terms, a.text + ' ' + b.text, sem)} in "
               f"contrary terms: {versus}")
    else:
        kind = "conflicting_claims"
        why = (f"{_who(a, ctx)} and {_who(b, ctx)} explain the same thing "
               f"({_words_for(k.terms, a.text + ' ' + b.text, sem)}) by "
               f"different reasons: {versus}")
    return Contradiction(kind, a.side(), b.side(), why, round(min(conf, confidence.CLAIM_CAP), 3),
                         str(iris.claim(a.doc, a.start, a.end)), str(iris.claim(b.doc, b.start, b.end)))


def _words_for(terms: tuple[str, ...], text: str, sem: Semantics, limit: int = 4) -> str:
    """The words of `text` behind some terms (`outage` for the stem `outag`), for a reader."""
    shown: dict[str, str] = {}
    for w in WORD.findall(text):
        t = term(w, sem)
        if t in terms and t not in shown:
            shown[t] = w
    return ", ".join(shown.get(t, t) for t in terms[:limit])


def _names_unstated_claim(text: str, sem: Semantics) -> bool:
    """Whether a statement names a claim (`accusation`, `report`) without restating it after `that`."""
    words = [w.lower() for w in WORD.findall(text)]
    nouns = sem.claim_nouns - {"that"}
    return any(w in nouns and "that" not in words[i + 1:i + 3] for i, w in enumerate(words))


def _denies(c: Claim, sem: Semantics) -> bool:
    return bool({w.lower() for w in c.text.split()} & sem.denying)
