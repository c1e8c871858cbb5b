"""Loads the readable rules of kg/data/lexicon.toml once: cue verbs, titles, clutter and venue patterns."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from ..errors import KgError

# A capitalised name inside venue patterns: words that start upper-case, joined by spaces, of/the/and/for.
NAME = r"[A-Z][\w.&’'-]*(?:(?:\s+(?:of|the|and|for|de)\s+|\s+)[A-Z][\w.&’'-]*)*"


@dataclass(frozen=True)
class VenuePattern:
    """A compiled venue pattern and the kind of venue it finds."""

    kind: str
    regex: re.Pattern


@dataclass(frozen=True)
class Lexicon:
    """The rules of extraction, as sets and compiled patterns."""

    speech_verbs: frozenset[str]
    cognition_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    denial_objects: frozenset[str]
    naming_verbs: frozenset[str]
    document_nouns: frozenset[str]
    document_verbs: frozenset[str]
    document_only_verbs: frozenset[str]
    publishing_verbs: frozenset[str]
    quantifier_subjects: frozenset[str]
    anaphoric_quantifiers: frozenset[str]
    addressee_verbs: frozenset[str]
    infinitive_cues: frozenset[str]
    charge_cues: frozenset[str]
    question_verbs: frozenset[str]
    content_nouns: frozenset[str]
    light_verbs: frozenset[str]
    occasion_prepositions: frozenset[str]
    commitment_verbs: frozenset[str]
    speech_event_verbs: frozenset[str]
    phrasal_cues: tuple[tuple[str, str], ...]
    non_agent_sources: frozenset[str]
    generic_speakers: frozenset[str]
    agent_nouns: frozenset[str]
    agent_suffixes: tuple[str, ...]
    non_agent_subjects: frozenset[str]
    organisation_heads: frozenset[str]
    spokes_nouns: frozenset[str]
    titles: tuple[str, ...]
    clutter: tuple[re.Pattern, ...]
    topics: dict[str, str]  # lemma -> topic
    negators: frozenset[str]
    negative_verbs: frozenset[str]
    future_verbs: frozenset[str]
    measures: dict[str, str]  # lemma -> measure
    generic_goods: frozenset[str]
    venues: tuple[VenuePattern, ...]
    attribution: Mapping[str, object]  # the [attribution] table as written: kg.attribution reads its words

    @cached_property
    def title_pattern(self) -> re.Pattern:
        """The titles and role words that may stand before a name (`Finance Minister`), longest first."""
        words = sorted(self.titles, key=len, reverse=True)
        return re.compile(r"^(?:(?:" + "|".join(re.escape(w) for w in words) + r")\b\.?\s*)+", re.IGNORECASE)

    @property
    def cue_verbs(self) -> frozenset[str]:
        """Every verb that can attribute words to a speaker."""
        return self.speech_verbs | self.cognition_verbs | self.denial_verbs


def _invert(groups: dict[str, list[str]]) -> dict[str, str]:
    return {word.lower(): name for name, words in groups.items() for word in words}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon (kg/data/lexicon.toml), parsed once per process."""
    return _parse(tomllib.loads(resources.files("kg.data").joinpath("lexicon.toml").read_text(encoding="utf-8")))


def load_lexicon(path: Path | str | None = None) -> Lexicon:
    """The lexicon in a TOML file laid out like kg/data/lexicon.toml (None: the packaged one)."""
    if path is None:
        return lexicon()
    try:
        return _parse(tomllib.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read the lexicon {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise KgError(f"lexicon file {path} is not valid TOML: {exc}") from exc


def _parse(raw: dict) -> Lexicon:
    low = lambda key: frozenset(w.lower() for w in raw.get(key, []))  # noqa: E731
    return Lexicon(
        speech_verbs=low("speech_verbs"),
        cognition_verbs=low("cognition_verbs"),
        denial_verbs=low("denial_verbs"),
        denial_objects=low("denial_objects"),
        naming_verbs=low("naming_verbs"),
        document_nouns=low("document_nouns"),
        document_verbs=low("document_verbs"),
        document_only_verbs=low("document_only_verbs"),
        publishing_verbs=low("publishing_verbs"),
        quantifier_subjects=low("quantifier_subjects"),
        anaphoric_quantifiers=low("anaphoric_quantifiers"),
        addressee_verbs=low("addressee_verbs"),
        infinitive_cues=low("infinitive_cues"),
        charge_cues=low("charge_cues"),
        question_verbs=low("question_verbs"),
        content_nouns=low("content_nouns"),
        light_verbs=low("light_verbs"),
        occasion_prepositions=low("occasion_prepositions"),
        commitment_verbs=low("commitment_verbs"),
        speech_event_verbs=low("speech_event_verbs"),
        phrasal_cues=tuple((a, b) for a, b in raw.get("phrasal_cues", [])),
        non_agent_sources=low("non_agent_sources"),
        generic_speakers=low("generic_speakers"),
        agent_nouns=low("agent_nouns"),
        agent_suffixes=tuple(raw.get("agent_suffixes", ())),
        non_agent_subjects=low("non_agent_subjects"),
        organisation_heads=low("organisation_heads"),
        spokes_nouns=low("spokes_nouns"),
        titles=tuple(raw.get("titles", [])),
        clutter=tuple(re.compile(p, re.IGNORECASE) for p in raw.get("clutter_patterns", [])),
        topics=_invert(raw.get("topics", {})),
        negators=frozenset(raw.get("polarity", {}).get("negators", [])),
        negative_verbs=frozenset(raw.get("polarity", {}).get("negative_verbs", [])),
        future_verbs=frozenset(raw.get("polarity", {}).get("future_verbs", [])),
        measures=_invert(raw.get("measures", {})),
        generic_goods=low("generic_goods"),
        venues=tuple(VenuePattern(v["kind"], re.compile(v["pattern"].replace("NAME", NAME)))
                     for v in raw.get("venue", [])),
        attribution=raw.get("attribution", {}),
    )
