"""Venues: where words were said, by the patterns of kg/data/lexicon.toml over the attribution clause (`told
state television`, `in an interview`, places the tagger knows), with legislative venues of one article merged."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..resources.entities import Countries, Registry, title_of
from ..resources.lexicon import Lexicon, lexicon as packaged_lexicon
from .words import ContextWords, context_words

NOT_VENUES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
              "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "the", "i"}


@dataclass(frozen=True)
class Venue:
    """Where words were said."""

    name: str
    kind: str


def find_venue(text: str, registry: Registry, countries: Countries, places: frozenset[str] = frozenset(),
               people: frozenset[str] = frozenset(), lex: Lexicon | None = None) -> Venue | None:
    """The first venue pattern of `lex` (default: the packaged lexicon) that matches the attribution clause,
    not a date, country or person (`people`: names the article gives people); then a place the tagger
    knows (`places`) after `in`, `visiting`, `arriving in`."""
    lex = lex or packaged_lexicon()
    for vp in lex.venues:
        for m in vp.regex.finditer(text):
            venue = _venue_name(m.group("venue"), registry, countries, people, lex)
            if venue is not None and not _possessor(venue, text[m.end("venue"):]):
                return Venue(venue, vp.kind)
    for pattern in context_words(lex).place_venues:
        for m in pattern.finditer(text):
            venue = _venue_name(m.group("venue"), registry, countries, people, lex)
            if venue is not None and venue in places:
                return Venue(venue, "place")
    return None


def _possessor(name: str, after: str) -> bool:
    """`to Acme's legal counsel`: a name that owns the noun after it is not the venue."""
    return name.endswith(("'s", "’s")) and re.match(r"\s+[a-z]", after) is not None


def _venue_name(found: str, registry: Registry, countries: Countries, people: frozenset[str],
                lex: Lexicon) -> str | None:
    name = re.sub(r"^(?:the|a|an)\s+", "", found.strip(" ,.;:"), flags=re.IGNORECASE)
    words = name.lower().split()
    if not words or words[0] in NOT_VENUES or countries.code(name) or title_of(name, lex):
        return None
    ent = registry.lookup(name, lex)
    if (ent is not None and ent.type == "person") or name in people or set(name.split()) & people:
        return None
    return name


def _chamber(name: str) -> str | None:
    if re.search(r"\bHouse\b", name):
        return "House"
    if re.search(r"\bSenate\b", name):
        return "Senate"
    return None


def _committee(name: str) -> str | None:
    name = re.sub(r"(?i)\bchamber['’]s\s+", "", name)
    m = re.search(r"(?i)([A-Za-z][\w&-]*(?:\s+(?:and\s+)?[A-Za-z][\w&-]*)*?)\s+(?:sub)?committee", name)
    if not m:
        return None
    words = [w for w in m.group(1).split() if w.lower() not in (
        "house", "senate", "of", "representatives", "chamber's", "chamber’s", "the", "a", "congressional")]
    return " ".join(w.capitalize() if w.islower() else w for w in words) or None


def merge_legislative(venues: list[Venue | None]) -> list[Venue | None]:
    """Legislative venues of one article made one: a chamber or committee named once fills the
    mentions that leave it out (`lawmakers`, `the chamber's appropriations committee`)."""
    parts = [(_chamber(v.name), _committee(v.name)) if v and v.kind == "legislative" else None for v in venues]
    chambers = {p[0] for p in parts if p and p[0]}
    committees = {p[1] for p in parts if p and p[1]}
    out = []
    for v, p in zip(venues, parts):
        if p is None:
            out.append(v)
            continue
        chamber = p[0] or (next(iter(chambers)) if len(chambers) == 1 else None)
        committee = p[1] or (next(iter(committees)) if len(committees) == 1 else None)
        if chamber and committee:
            out.append(Venue(f"{chamber} {committee} Committee", "legislative"))
        elif chamber:
            out.append(Venue(f"{chamber} committee" if "committee" in v.name.lower() else chamber, "legislative"))
        else:
            out.append(v)
    return out


def outlet_of(mention: str | None, words: ContextWords) -> Venue | None:
    """`one CNBC panelist`, `the Tribune's correspondent`: the outlet a media role speaks on."""
    found = re.match(r"^(?i:the|a|an|one|another)?\s*(?P<outlet>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*?)(?:['’]s?)?\s+"
                     r"(?P<role>\w+)$", (mention or "").strip())
    if found and found.group("role").lower() in words.media_roles:
        return Venue(found.group("outlet"), "broadcast")
    return None
