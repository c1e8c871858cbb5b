"""Claims: every statement of the articles as a structured record, counted once.

A claim is one statement (each clause read by kg/analysis/reading.py) -- a quote (or one clause of it), a reported denial, or a sentence of the
article's own narration -- with who asserts it, the terms it is about (content words mapped to their
synonym class, so `image` and `photo`, `blamed` and `responsible` meet), which of those terms are in a
negation scope (`at no time did I consent ...`, `nor ...`, `... are false`), its modality (asserted,
threatened, conditional, expected), what it explains and why when it gives a reason (`X because Y`),
and the day it covers. The same statement carried by several articles (wire copies, republications, a
page repeating a paragraph) is one claim whose `evidence` lists every place it appears.

Claims are read from the records of extraction and the article text alone (no parse), so detection
runs on cached results and on records built by hand in tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from ..model import ArticleResult, Side
from ..resources.semantics import Semantics, semantics
from .context import day as _day
from .reading import (WORD, agents, anaphoric, background, capitalised, clauses, content_terms, contraries, disputed,
                      event_dates, explanation, initiators, modality, read_terms, responsible_party, strip_framing,
                      term)
from .settings import DetectionSettings

DEFAULT = DetectionSettings()
SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[”\"’']?|$)")


@dataclass(frozen=True)
class Claim:
    """One statement, with every article it appears in as `carriers`."""

    asserter: str | None  # the speaker; None for the article's own narration
    kind: str  # quote | denial | narration
    doc: str
    start: int
    end: int
    text: str
    terms: frozenset[str]  # classes of its content words (and of its asserter's name)
    names: frozenset[str]  # the terms that are names (capitalised in the text, or the asserter's)
    negated: frozenset[str]  # terms inside a negation scope
    heads: frozenset[str] = frozenset()  # the negated predicates: first content word of each scope
    modality: str = "asserted"  # asserted | threatened | conditional | expected
    effect: frozenset[str] = frozenset()  # for an explanation `X because Y`: the terms of X ...
    cause: frozenset[str] = frozenset()  # ... and of Y
    day: date | None = None
    carriers: frozenset[str] = frozenset()  # every article that carries it (empty: its own only)
    contrary: frozenset[tuple[int, str]] = frozenset()  # evaluations it makes: (contrary pair, side a|b)
    blamed: frozenset[str] = frozenset()  # who it holds responsible (`X blamed Y`, `Y was responsible`)
    own: frozenset[str] = frozenset()  # its asserter's name, as terms
    background: frozenset[str] = frozenset()  # terms of circumstance phrases (`since the start of X`)
    disputed: frozenset[str] = frozenset()  # what it says was counted too high (`inflated the number of X`)
    agents: frozenset[str] = frozenset()  # who it says did a harm (`hit by a rocket fired by X`): names only
    anaphoric: bool = False  # it denies claims it only names (`the accusations are false`)
    acts: frozenset[tuple[str, str]] = frozenset()  # (initiating event, who did it): `China asked` -> (ask, cn)
    dates: frozenset[tuple[date, frozenset[str]]] = frozenset()  # days it dates events on, each with the
    # terms of the words around it (`the ministers met in Geneva on May 3` -> (May 3, {minist, meet, geneva}))

    @property
    def polarity(self) -> str:
        """`negative` when the statement negates or denies something, else `positive`."""
        return "negative" if self.negated else "positive"

    @property
    def docs(self) -> frozenset[str]:
        """Every article that carries the claim."""
        return self.carriers or frozenset({self.doc})

    def side(self) -> Side:
        """The claim's first appearance, as a side of a contradiction."""
        return Side(self.doc, self.start, self.end, self.text, self.asserter)

    def placed(self, carriers: frozenset[str], day: date | None) -> Claim:
        """This claim with every article it appears in and the day it covers: `dataclasses.replace` without
        running the frozen record's `__init__` again, which costs seconds over hundreds of thousands of
        claims."""
        out = object.__new__(Claim)
        out.__dict__.update(self.__dict__, carriers=carriers, day=day)
        return out


NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of\s+)?[A-Z][a-z]+){1,4}\b")
ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


@dataclass(frozen=True)
class PartyFacts:
    """What one text says about which names name one party (read by `party_facts`, combined by `parties`)."""

    countries: tuple[tuple[str, str], ...]  # (name term, country code) of its country names and adjectives
    acronyms: frozenset[str]  # the acronyms it uses
    spelled: tuple[tuple[str, str], ...]  # (initials, country code) of the names it spells out


def party_facts(text: str, country: Callable[[str], str | None],
                mentioned: Callable[[str], tuple[str, ...]]) -> PartyFacts:
    """The country names, acronyms and spelled-out names of one text (`Japan Coast Guard`: JCG, jp)."""
    found = []
    for w in sorted(set(WORD.findall(text))):  # in order: the same text, the same facts
        code = country(w) if w[:1].isupper() else None
        if code:
            found.append((w.lower().replace("’", "'"), code.lower()))
    spelled = []
    for m in NAME_RUN.finditer(text):
        words = [w for w in m.group().split() if w != "of"]
        codes = mentioned(m.group())
        if len(codes) == 1:
            spelled.append(("".join(w[0] for w in words), codes[0].lower()))
    return PartyFacts(tuple(found), frozenset(m.group() for m in ACRONYM.finditer(text)), tuple(spelled))


def combine_parties(facts: Iterable[PartyFacts]) -> dict[str, str]:
    """Name terms that name one party, mapped to it, from the facts of every text in order: a country's
    names and adjectives to its code (`Japan`, `Japanese`), and an acronym to the country its spelled-out
    name contains, when some text spells it out (`JCG` for `Japan Coast Guard`)."""
    facts = list(facts)
    acronyms = frozenset().union(*(f.acronyms for f in facts))
    out: dict[str, str] = {}
    for f in facts:
        out.update(f.countries)
        out.update((initials.lower(), code) for initials, code in f.spelled if initials in acronyms)
    return out


def vocabulary(r: ArticleResult, sem: Semantics) -> frozenset[str]:
    """Every term the claims of an article can hold (of the words of its text, quotes, denials and
    speakers): the names `parties` maps that can change them."""
    texts = [r.article.text, *(q.quote for q in r.quotes), *(q.speaker for q in r.quotes),
             *(d.text for d in r.denials), *(d.speaker for d in r.denials)]
    return frozenset(term(w, sem) for w in set(WORD.findall("\n".join(texts))))


def make_claims(doc: str, text: str, start: int, asserter: str | None, kind: str, day: date | None,
                denied: bool = False, sem: Semantics | None = None, party: dict[str, str] | None = None,
                seen: dict | None = None, reach: int = DEFAULT.date_reach) -> list[Claim]:
    """The claims of one statement: one per clause, framing stripped, the asserter's name among the terms,
    names of one party (`party`) made one term. `seen` keeps statements already read (wire copies are read
    once: their claims are only moved to the new place)."""
    key = (text, asserter, kind, denied)
    out = seen.get(key) if seen is not None else None
    if out is None:
        out = _read_statement(text, asserter, kind, denied, sem or semantics(), party or {})
        if seen is not None:
            seen[key] = out
    return [replace(c, doc=doc, start=c.start + start, end=c.end + start, day=day,
                    dates=event_dates(c.text, day, sem or semantics(), reach)) for c in out]


def _read_statement(text: str, asserter: str | None, kind: str, denied: bool, sem: Semantics,
                    party: dict[str, str]) -> list[Claim]:
    """The claims of one statement, with offsets from its start."""
    parties_named = frozenset(party.values())
    body, at = strip_framing(text, 0, sem)
    own = frozenset(party.get(t, t) for t in content_terms(WORD.findall(asserter or ""), sem))
    out = []
    for piece, p_at in clauses(body, at, sem) or [(body, at)]:
        terms, names, negated, heads = (frozenset(party.get(t, t) for t in x) for x in read_terms(piece, sem, denied))
        blamed = responsible_party(piece, sem, party)
        names |= terms & parties_named | blamed & capitalised(piece, sem, party)  # at a sentence's start too
        negated, heads = negated - parties_named, heads - parties_named
        effect, cause = explanation(piece, sem)
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        out.append(Claim(asserter, kind, "", p_at + lead, p_at + lead + len(piece), piece, terms | own,
                         names | own, negated, heads, modality(piece, sem), effect, cause, None,
                         contrary=contraries(piece, sem), disputed=disputed(piece, sem, party),
                         blamed=blamed, own=own,
                         background=background(piece, sem, party), agents=agents(piece, sem, party),
                         anaphoric=anaphoric(piece, sem), acts=initiators(piece, sem, party, own)))
    return out


def _sentence_of(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence around a short quoted phrase (`called its systems "world class"`): the claim it makes."""
    for m in SENTENCE.finditer(text):
        if m.start() <= start < m.end():
            return text[m.start():max(m.end(), end)], m.start()
    return text[start:end], start


def _narration(r: ArticleResult, taken: list[tuple[int, int, str]], min_words: int
               ) -> Iterable[tuple[int, str, tuple[str, ...]]]:
    """The article's own words: each sentence without the quotes and denials extracted from it (`after
    X blamed Y for the loss and threatened "to sue"` keeps its blame when only the threat is a quote),
    with the cues of what was cut out of it."""
    text = r.article.text
    for m in SENTENCE.finditer(text):
        s, e = m.start(), m.end()
        cuts = sorted((max(a, s), min(b, e), cue) for a, b, cue in taken if a < e and b > s)
        at = s
        for a, b, _ in [*cuts, (e, e, "")]:
            if a > at and len(WORD.findall(text[at:a])) >= min_words:
                yield at, text[at:a], tuple(cue for *_, cue in cuts if cue)
            at = max(at, b)


def _frames(text: str, cues: tuple[str, ...]) -> bool:
    """Whether a clause attributes a quote cut out of its sentence (`Lindqvist told lawmakers that`, `said X,
    who ...`): it holds one of the quotes' cues. It frames what the speaker says and states nothing itself."""
    return any(re.search(rf"(?<![\w-]){re.escape(cue)}(?![\w-])", text, flags=re.IGNORECASE) for cue in cues)


def article_claims(r: ArticleResult, sem: Semantics | None = None, party: dict[str, str] | None = None,
                   seen: dict | None = None, s: DetectionSettings = DEFAULT) -> list[Claim]:
    """Every claim of one article: its quotes, its reported denials and its own narration (`seen`: the
    statements read so far, shared across articles)."""
    sem = sem or semantics()
    published = _day(r.article.published)
    doc = r.article.doc_id
    out: list[Claim] = []
    for q in r.quotes:
        denied = (q.cue or "").split(" ")[0].lower() in sem.denial_verbs
        day = _day(q.date) or published
        if len(WORD.findall(q.quote)) >= s.min_claim_words:
            out.extend(make_claims(doc, q.quote, q.start, q.speaker, "quote", day, denied, sem, party, seen,
                                   s.date_reach))
        else:  # the clause of the sentence around the phrase
            text, start = _sentence_of(r.article.text, q.start, q.end)
            out.extend(c for c in make_claims(doc, text, start, q.speaker, "quote", day, denied, sem, party, seen,
                                              s.date_reach)
                       if c.start < q.end and q.start < c.end)
    for d in r.denials:
        out.extend(make_claims(doc, d.text, d.start, d.speaker, "denial", published, True, sem, party, seen,
                               s.date_reach))
    taken = [(q.start, q.end, q.cue or "") for q in r.quotes] + [(d.start, d.end, d.cue) for d in r.denials]
    for at, piece, cues in _narration(r, taken, s.min_claim_words):
        out.extend(c for c in make_claims(doc, piece, at, None, "narration", published, False, sem, party, seen,
                                          s.date_reach)
                   if not _frames(c.text, cues))
    return out


def normal_words(text: str) -> str:
    """The words of a text, lower case, for telling copies of the same statement apart from others."""
    return " ".join(w.lower().replace("’", "'") for w in WORD.findall(text))


def claim_group(c: Claim) -> tuple[str | None, str, str]:
    """Which distinct statement a claim is a copy of: same asserter, same words."""
    return c.asserter, c.kind == "narration" and "n" or "q", normal_words(c.text)
