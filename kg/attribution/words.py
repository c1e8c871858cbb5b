"""The [attribution] table of kg/data/lexicon.toml: the words for where and when an account was given."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..resources.lexicon import NAME, Lexicon, lexicon as packaged_lexicon


@dataclass(frozen=True)
class ContextWords:
    """The [attribution] table of kg/data/lexicon.toml: where and when an account was given."""

    place_venues: tuple[re.Pattern, ...]
    events: tuple[str, ...]
    documents: tuple[str, ...]
    continuation_cues: frozenset[str]
    participant_roles: frozenset[str]
    date_reach: int
    reach: int
    corporate_suffixes: frozenset[str]
    role_abbreviations: dict[str, str]
    quantities: frozenset[str]
    sex_titles: dict[str, str]
    representatives: frozenset[str]
    occasion_modifiers: tuple[str, ...]
    organisation_nouns: frozenset[str]
    media_roles: frozenset[str]
    speaking_documents: frozenset[str]
    earlier_occasion_words: frozenset[str]


_PARSED: dict[int, tuple[Lexicon, ContextWords]] = {}  # id(lexicon) -> (the lexicon, kept alive; its words)


def context_words(lex: Lexicon | None = None) -> ContextWords:
    """The attribution-context words of a lexicon (its [attribution] table; default: the packaged lexicon),
    parsed once per lexicon."""
    lex = lex or packaged_lexicon()
    hit = _PARSED.get(id(lex))
    if hit is None or hit[0] is not lex:
        hit = _PARSED[id(lex)] = (lex, _parse_words(lex.attribution))
    return hit[1]


def _parse_words(t: Mapping) -> ContextWords:
    """ContextWords from an [attribution] table as written."""
    return ContextWords(
        place_venues=tuple(re.compile(p.replace("NAME", NAME)) for p in t.get("place_venues", [])),
        events=tuple(sorted(t.get("occasion_events", []), key=len, reverse=True)),
        documents=tuple(sorted(t.get("occasion_documents", []), key=len, reverse=True)),
        continuation_cues=frozenset(t.get("continuation_cues", [])),
        participant_roles=frozenset(t.get("participant_roles", [])),
        date_reach=int(t.get("occasion_date_reach", 45)), reach=int(t.get("occasion_reach", 8)),
        corporate_suffixes=frozenset(t.get("corporate_suffixes", [])),
        role_abbreviations={k.lower(): v for k, v in t.get("role_abbreviations", {}).items()},
        quantities=frozenset(t.get("quantities", [])),
        representatives=frozenset(t.get("representatives", [])),
        occasion_modifiers=tuple(t.get("occasion_modifiers", [])),
        organisation_nouns=frozenset(t.get("organisation_nouns", [])),
        media_roles=frozenset(t.get("media_roles", [])),
        speaking_documents=frozenset(t.get("speaking_documents", [])),
        earlier_occasion_words=frozenset(t.get("earlier_occasion_words", [])),
        sex_titles={w.lower(): sex for sex, ws in (("m", t.get("male_titles", [])), ("f", t.get("female_titles", [])))
                    for w in ws})


def names_occasion(mention: str, words: ContextWords) -> bool:
    """Whether a mention names an occasion or document itself (`the news conference`, `the letter`)."""
    low = mention.lower()
    return any(re.search(rf"\b{re.escape(n)}s?\b", low) for n in (*words.events, *words.documents))
