"""How one clause is read (kg/analysis/claims.py makes claims of what it reads): the classes of its content
words (`term`), the words a negation covers and the predicates it negates, its modality (threatened,
conditional, expected), a framing opener, its coordinated clauses, the reason it gives (`X because Y`),
who it blames, clears, names as the doer of a harm or as the initiator of an event, the dates it puts on
events, the evaluations it makes, and whether it denies claims it only names. Words, not a parse: every
function reads a string with the word lists of kg/data/semantics.toml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ..attribution.timex import NOT_THE_SAYING, PATTERNS, find_all
from ..resources.semantics import Semantics, stem
from .settings import DetectionSettings

DEFAULT = DetectionSettings()
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d")


def term(word: str, sem: Semantics) -> str:
    """A word's class: its synonym set or derived event, else its crude stem's."""
    w = word.lower().replace("’", "'")
    w = re.sub(r"'s$|'$", "", w)
    if w in sem.classes or w in sem.derivations:
        return sem.cls(w)
    return sem.cls(stem(w))


def content_terms(words: Iterable[str], sem: Semantics) -> list[str]:
    """The classes of the content words (not function words, negators or denials) among `words`."""
    skip = sem.stopwords | sem.negators | sem.denying
    return [term(w, sem) for w in words if w.lower().replace("’", "'") not in skip and len(w) > 1]


def _scope(tokens: list[str], low: list[str], begin: int, sem: Semantics) -> list[str]:
    """The words a negation at `begin` covers: up to punctuation, a clause word, or `scope_words` words."""
    out: list[str] = []
    for w, lw in zip(tokens[begin:], low[begin:]):
        if lw in sem.scope_ends or not WORD.fullmatch(w) or len(out) >= sem.scope_words:
            break
        out.append(w)
    return out


TOKENS = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d|[,;:—–()“”\"]")


def _heads(scope: list[str], sem: Semantics) -> list[str]:
    """The predicate a scope negates: its first content word, or the verb after a light verb and `to`
    (`did not try to lift` -> try, lift)."""
    out: list[str] = []
    k = 0
    while k < len(scope):
        w = scope[k]
        low = w.lower()
        if low in sem.stopwords or low in sem.claim_nouns or w[:1].isupper() or len(w) < 2:
            k += 1
            continue
        out.append(term(w, sem))
        if low in sem.light_verbs and k + 2 < len(scope) and scope[k + 1].lower() == "to":
            k += 2
            continue
        break
    return out


def read_terms(text: str, sem: Semantics, negated: bool = False
               ) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Terms, name terms, negated terms and negated predicates of one clause. A negator covers the words after it up to the
    end of its phrase (`at no time did I sign the contract`); a denial verb covers the claim it names
    (`rejects any allegation that it was negligent`); a false-predicate covers its subject (`the
    accusations are false`); `negated` says the reporting verb denies the whole clause (`X denied that ...`)."""
    tokens = TOKENS.findall(text)
    low = [w.lower().replace("’", "'") for w in tokens]
    words = [w for w in tokens if WORD.fullmatch(w)]
    terms = frozenset(content_terms(words, sem))
    names = frozenset(term(w, sem) for i, w in enumerate(tokens) if w[:1].isupper() and i > 0
                      and WORD.fullmatch(w) and low[i] not in sem.stopwords)
    if negated:  # what is denied is the predicate: after the first copula or auxiliary, when there is one
        at = next((i for i, w in enumerate(low) if w in sem.copulas), None)
        rest = [w for w in tokens[(at + 1 if at is not None else 0):] if WORD.fullmatch(w)]
        denied = frozenset(content_terms(rest, sem)) or terms
        return terms, names, denied - names, frozenset(_heads(rest, sem)) - names
    scoped: list[str] = []
    heads: list[str] = []
    for i, lw in enumerate(low):
        scope = None
        if lw in sem.negators or lw.endswith("n't"):
            scope = _scope(tokens, low, i + 1, sem)
        elif lw in sem.denial_verbs and any(x in sem.claim_nouns for x in low[i + 1:i + 4]):
            scope = _scope(tokens, low, i + 1, sem)
        elif lw in sem.false_predicates:
            start = max((k + 1 for k in range(i) if not WORD.fullmatch(tokens[k])), default=0)
            scope = [w for w in tokens[start:i] if WORD.fullmatch(w)]
        if scope:
            scoped += scope
            heads += _heads(scope, sem)
    return terms, names, frozenset(content_terms(scoped, sem)) - names, frozenset(heads) - names


def modality(text: str, sem: Semantics) -> str:
    """Threatened, conditional or expected when a word of that kind stands in the clause (not in a date:
    `on May 3` is no `may`); else asserted."""
    for kind, pattern in PATTERNS:
        if kind in ("month_day", "day_month"):
            text = pattern.sub(" ", text)
    low = {w.lower() for w in WORD.findall(text)}
    for kind, words in (("threatened", sem.threatened), ("conditional", sem.conditional), ("expected", sem.expected)):
        if low & words:
            return kind
    return "asserted"


def strip_framing(text: str, start: int, sem: Semantics) -> tuple[str, int]:
    """The claim without a framing opener (`I want to clarify that, ...`), with its new start."""
    low = text.lower()
    for frame in sem.framing:
        at = low.find(frame)
        if 0 <= at <= 12:
            cut = at + len(frame)
            rest = text[cut:]
            skipped = len(rest) - len(rest.lstrip(" ,:;"))
            return text[cut + skipped:], start + cut + skipped
    return text, start


def clauses(text: str, start: int, sem: Semantics) -> list[tuple[str, int]]:
    """The separate claims of a coordinated statement (`acknowledged X but said Y`), each with its start."""
    pieces = [(text, start)]
    for brk in sem.clause_breaks:
        lead = r",[”\"’']?\s+" if brk.startswith(",") else r"\s+" if brk.startswith(" ") else ""
        pattern = lead + re.escape(brk.strip(" ,")) + (r"\s+" if brk.endswith(" ") else "")
        nxt = []
        for piece, at in pieces:
            pos = 0
            for m in re.finditer(pattern, piece, flags=re.IGNORECASE):
                nxt.append((piece[pos:m.start()], at + pos))
                pos = m.end()
            nxt.append((piece[pos:], at + pos))
        pieces = nxt
    return [(p, at) for p, at in pieces if len(WORD.findall(p)) >= 3]


def background(text: str, sem: Semantics, party: dict[str, str]) -> frozenset[str]:
    """Terms of the circumstance phrases of a clause (`displaced from X`, `since the start of X`): what a
    clause mentions in passing, not what it states."""
    tokens = TOKENS.findall(text)
    low = [w.lower() for w in tokens]
    out: list[str] = []
    for i, w in enumerate(low):
        if w in sem.background_preps:
            out += _scope(tokens, low, i + 1, sem)[:sem.background_words]
    return frozenset(party.get(t, t) for t in content_terms(out, sem))


def contraries(text: str, sem: Semantics) -> frozenset[tuple[int, str]]:
    """The contrary evaluations a clause makes: (pair index, `a` or `b`) for each word of a pair it uses."""
    low = text.lower()
    return frozenset((i, side) for i, pair in enumerate(sem.contraries) for side, words in zip("ab", pair)
                     if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", low) for w in words))


def disputed(text: str, sem: Semantics, party: dict[str, str]) -> frozenset[str]:
    """The terms a clause says were counted too high: the words after an inflation word (`inflate the
    number of casualties` -> casualties)."""
    words = WORD.findall(text)
    low = [w.lower() for w in words]
    at = next((i for i, w in enumerate(low) if w in sem.inflation), None)
    if at is None:
        return frozenset()
    return frozenset(party.get(t, t) for t in content_terms(words[at + 1:at + 1 + sem.scope_words], sem))


def responsible_party(text: str, sem: Semantics, party: dict[str, str]) -> frozenset[str]:
    """Who a clause holds responsible: the words after a blaming word (`blamed a faulty valve`) or
    a passive cause (`caused by a rocket`), or before a responsibility word or an active cause
    (`terror operatives were responsible`, `a rocket caused`)."""
    words = WORD.findall(text)
    out: list[str] = []
    for i, w in enumerate(words):
        lw = w.lower()
        if term(lw, sem) not in CAUSAL_TERMS:
            continue
        if lw.startswith("blam") or (i + 1 < len(words) and words[i + 1].lower() == "by"):
            out += words[i + 1:i + 5]
        else:
            out += [x for x in words[max(0, i - 4):i] if x.lower() not in ("not", "was", "were", "is", "are")]
    return frozenset(party.get(t, t) for t in content_terms(out, sem))


def capitalised(text: str, sem: Semantics, party: dict[str, str]) -> frozenset[str]:
    """The terms of a clause's capitalised words, its first word included (`Acme took responsibility`)."""
    return frozenset(party.get(t, t) for t in content_terms([w for w in WORD.findall(text) if w[:1].isupper()], sem))


def agents(text: str, sem: Semantics, party: dict[str, str]) -> frozenset[str]:
    """The names a clause gives as the doers of a harm: after `by` following a harm verb (`hit by a rocket
    misfired by X`)."""
    words = WORD.findall(text)
    out: list[str] = []
    for i, w in enumerate(words[:-1]):
        if w.lower() in sem.harm_verbs and words[i + 1].lower() == "by":
            out += [x for x in words[i + 2:i + 6] if x[:1].isupper()]
    return frozenset(party.get(t, t) for t in content_terms(out, sem))


def initiators(text: str, sem: Semantics, party: dict[str, str], own: frozenset[str]) -> frozenset[tuple[str, str]]:
    """Who a clause says initiated an event (`China asked for the talks` -> (ask, cn); `we requested it`
    -> the asserter): the name or first-person pronoun just before an initiating verb, not negated."""
    tokens = TOKENS.findall(text)
    out: set[tuple[str, str]] = set()
    for i, w in enumerate(tokens):
        if w.lower() not in sem.initiating:
            continue
        doer: list[str] = []
        for k in range(i - 1, max(-1, i - 5), -1):
            lw = tokens[k].lower()
            if lw in sem.negators or lw.endswith("n't") or not WORD.fullmatch(tokens[k]):
                doer = []
                break
            if lw in sem.first_person:
                doer = list(own)
                break
            if tokens[k][:1].isupper() and lw not in sem.stopwords:
                doer = [party.get(t, t) for t in content_terms([tokens[k]], sem)]
                break
        out.update((term(w, sem), d) for d in doer)
    return frozenset(out)


def event_dates(text: str, day: date | None, sem: Semantics, reach: int = DEFAULT.date_reach
                ) -> frozenset[tuple[date, frozenset[str]]]:
    """The days a clause dates its events on (`met on May 3`, `on Tuesday`), resolved against `day`, each
    with the terms of the `reach` words either side of it; not the bounds of a period (`since May 3`) or a coming date
    (`will meet on Friday`)."""
    out = set()
    for at, t in find_all(text, day.isoformat() if day else None):
        if t.kind == "vague" or not t.iso or NOT_THE_SAYING.search(text[max(0, at - 40):at]):
            continue
        before = WORD.findall(text[:at])[-reach:]
        after = WORD.findall(text[at + len(t.text):])[:reach]
        out.add((date.fromisoformat(t.iso), frozenset(content_terms(before + after, sem))))
    return frozenset(out)


def anaphoric(text: str, sem: Semantics) -> bool:
    """Whether a clause calls claims it only names untrue (`the accusations put forward are false`,
    `rejected the allegations`): the first content word of a denial's scope is a claim noun."""
    low = [w.lower() for w in WORD.findall(text)]
    for i, w in enumerate(low):
        if w in sem.false_predicates:  # its subject: from the clause's `that` (or its start) to the predicate
            scope = low[max((k + 1 for k in range(i) if low[k] == "that"), default=0):i]
        elif w in sem.denial_verbs:
            scope = low[i + 1:]
        else:
            continue
        first = next((x for x in scope if x not in sem.stopwords), None)
        if first is not None and first in sem.claim_nouns - {"that"}:
            return True
    return False


CAUSAL_TERMS = frozenset({"responsible", "caus"})  # terms on which who did it decides the conflict


def explanation(text: str, sem: Semantics) -> tuple[frozenset[str], frozenset[str]]:
    """For `X because Y`: the terms of X and of Y (both empty when no reason is given)."""
    low = text.lower()
    for link in sem.causal_links:
        m = re.search(rf"\b{re.escape(link)}\b", low)
        if m and m.start() > 0:
            cause = re.split(rf"\b{re.escape(link)}\b", low[m.end():])[0]
            return frozenset(content_terms(WORD.findall(text[:m.start()]), sem)), \
                frozenset(content_terms(WORD.findall(cause), sem))
    return frozenset(), frozenset()
