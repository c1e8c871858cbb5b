"""Names in one article: a name cleaned as the graph writes it, the full name a short one stands for
(`Lindqvist` for `Maja Lindqvist`, also misspelt), the article's acronyms, the words of people's names."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict

from ..nlp.records import Mention
from ..resources.entities import fold_accents, one_edit, strip_titles, title_of
from ..resources.lexicon import Lexicon
from .words import context_words

MIN_MISSPELT = 5  # shortest surname matched to an earlier one by a one-letter difference
# `Northern Rowing Association (NRA)`: a name and the acronym the article will use for it.
ACRONYM = re.compile(r"\s\((?P<short>[A-Z]{2,6})\)")
ACRONYM_NAME = re.compile(r"(?P<name>[A-Z][\w&-]*(?:\s+(?:of\s+|for\s+|and\s+|the\s+)*[A-Z][\w&-]*)+)$")


def clean_name(text: str, lex: Lexicon) -> str:
    """A name as the graph writes it: without titles (those of `lex`), articles, a possessive or a legal form."""
    name = strip_titles(text, lex) if title_of(text, lex) else re.sub(r"(?i)^(the|a|an)\s+", "", text)
    name = re.sub(r"'s$", "", name.replace("’", "'"))
    name = re.sub(r"^([A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)'s\s+administration$", r"\1 administration", name)
    return _without_corporate_suffix(name.strip(" ,."), context_words(lex).corporate_suffixes)


def _without_corporate_suffix(name: str, suffixes: frozenset[str]) -> str:
    """`Acme Holdings Inc. ACME` -> `Acme`: the name a reader uses, without legal form or ticker."""
    words = name.split()
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 5 and words[-2] in suffixes:
        words = words[:-1]  # a ticker after the legal form
    while len(words) > 1 and words[-1] in suffixes:
        words = words[:-1]
    return " ".join(words)


def acronyms(text: str) -> dict[str, str]:
    """`the Northern Rowing Association (NRA)`: the article's own acronyms for names, and the
    name written with its acronym (`Northern Rowing Association (NRA)`) made the name."""
    out = {}
    for m in ACRONYM.finditer(text):
        named = ACRONYM_NAME.search(text[max(0, m.start() - 80):m.start()])
        if named is None:
            continue
        name, short = re.sub(r"^The\s+", "", named.group("name")), m.group("short")
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        if short[0] == initials[0] and len(short) <= len(initials) + 1:
            out[short] = name
            out[f"{name} ({short})"] = name
    return out


def person_words(mentions: list[Mention], lex: Lexicon) -> set[str]:
    """Name words the article marks as people somewhere (a title, or the tagger's PERSON):
    the small model sometimes tags the same surname ORG elsewhere."""
    words = set()
    for m in mentions:
        if m.pos == "PROPN" and (m.ner == "PERSON" or title_of(m.text, lex)) \
                and m.head_lemma not in lex.organisation_heads:
            words.update(clean_name(m.person or m.text, lex).split())
    return words


def _name_index(mentions: list[Mention], lex: Lexicon) -> dict[tuple[str, ...], list[tuple[int, str]]]:
    """Full names (two words or more) by their last words and, for names the tagger knows as
    people, by their first word: where each stands, in text order."""
    index: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
    for m in mentions:
        if m.pos != "PROPN":
            continue
        words = clean_name(m.person or m.text, lex).split()
        if len(words) < 2:
            continue
        low = tuple(fold_accents(w.lower()) for w in words)
        for n in range(1, len(words)):
            index[("last",) + low[-n:]].append((m.start, " ".join(words)))
        if m.ner == "PERSON":
            index[("first", low[0])].append((m.start, " ".join(words)))
    return index


class Names:
    """The full names one article gives (by their last words, and by the first word for people), its
    acronyms and the words of the names it marks as people's."""

    def __init__(self, text: str, mentions: list[Mention], lex: Lexicon):
        self.index = _name_index(mentions, lex)
        self.person_words = person_words(mentions, lex)
        self.acronyms = acronyms(text)

    def _latest(self, key: tuple[str, ...], before: int) -> str | None:
        hits = self.index.get(key, [])
        k = bisect_left(hits, (before, ""))
        return hits[k - 1][1] if k else None

    def earlier_full_name(self, short: str, before: int) -> str | None:
        """The full name an article used for someone it later names in short: the last words
        (`Lindqvist`, `Van Dam` for `Pieter van Dam`), or the first word for family-name-first
        names the tagger knows as people (`Xi` for `Xi Jinping`)."""
        want = tuple(fold_accents(short.lower()).split())
        found = self._latest(("last",) + want, before)
        if found is None and len(want) == 1:
            found = self._latest(("first", want[0]), before)
        if found is None and len(want) == 1 and len(want[0]) >= MIN_MISSPELT:
            found = self._misspelt(want[0], before)
        return found

    def _misspelt(self, surname: str, before: int) -> str | None:
        """The one full name before whose surname differs from this one by one letter (`Lindkvist` for
        `Maja Lindqvist`): a misspelling or another transliteration of the same person."""
        near = {hits[k - 1][1] for key, hits in self.index.items()
                if key[0] == "last" and len(key) == 2 and one_edit(key[1], surname)
                and (k := bisect_left(hits, (before, "")))}
        return next(iter(near)) if len(near) == 1 else None
