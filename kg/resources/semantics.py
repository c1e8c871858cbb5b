"""General word knowledge for matching (kg/data/semantics.toml), plus optional domain files.

A word's *class* is the name of the synonym set it belongs to (after a nominalisation or adjective is
mapped to its event: `cancellation` -> `cancel`, `dead` -> `die`), or the word itself. Domain files
(`kg/data/domain_*.toml`, or any file given with `kg build --domain FILE`) add synonym sets,
derivations and contrary pairs in the same format.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import KgError


@dataclass(frozen=True)
class Semantics:
    """Synonym classes, derivations and the word lists figures and claims are read with."""

    classes: dict[str, str]  # word (lower case, possibly two words) -> class name
    derivations: dict[str, str]  # nominalisation or adjective -> event verb
    number_words: dict[str, float]
    not_counts: frozenset[str]
    currency: frozenset[str]
    generic_counted: frozenset[str]
    part_markers: frozenset[str]
    open_rest: frozenset[str]
    sum_links: tuple[str, ...]
    stopwords: frozenset[str]
    negators: frozenset[str]
    false_predicates: frozenset[str]
    denial_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    scope_ends: frozenset[str]
    scope_words: int
    copulas: frozenset[str]
    light_verbs: frozenset[str]
    earlier_times: tuple[re.Pattern, ...]
    inflation: frozenset[str]
    background_preps: frozenset[str]
    harm_verbs: frozenset[str]
    initiating: frozenset[str]
    first_person: frozenset[str]
    background_words: int
    contraries: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    threatened: frozenset[str]
    conditional: frozenset[str]
    expected: frozenset[str]
    framing: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    causal_links: tuple[str, ...]

    @property
    def denying(self) -> frozenset[str]:
        """Every word that denies: false-predicates and denial verbs."""
        return self.false_predicates | self.denial_verbs

    def cls(self, word: str) -> str:
        """The class of a word: its synonym set, via its derived event when it names one."""
        w = word.lower()
        w = self.derivations.get(w, w)
        return self.classes.get(w, w)


def stem(word: str) -> str:
    """A crude stem that puts inflections of one word together (`approve`, `approved`, `approves`)."""
    for end, repl in (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("ing", ""),
                      ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(end) and len(word) - len(end) >= 3 and not word.endswith("ss"):
            word = word[: len(word) - len(end)] + repl
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _merge(raw: dict, extra: dict) -> dict:
    out = dict(raw)
    for table in ("synonyms", "derivations", "irregular"):
        out[table] = {**raw.get(table, {}), **extra.get(table, {})}
    out["contraries"] = [*raw.get("contraries", []), *extra.get("contraries", [])]
    return out


def parse(raw: dict) -> Semantics:
    """Semantics from the parsed TOML tables."""
    classes = {w.lower(): name for name, words in raw.get("synonyms", {}).items() for w in words}
    for w, name in list(classes.items()):  # inflected forms find their set by their stem
        classes.setdefault(stem(w), name)
    return Semantics(
        classes=classes,
        derivations={k.lower(): v.lower() for k, v in {**raw.get("irregular", {}), **raw.get("derivations", {})}.items()},
        number_words={k: float(v) for k, v in raw.get("number_words", {}).items()},
        not_counts=frozenset(raw.get("not_counts", [])),
        currency=frozenset(raw.get("currency", [])),
        generic_counted=frozenset(raw.get("generic_counted", [])),
        part_markers=frozenset(raw.get("part_markers", [])),
        open_rest=frozenset(raw.get("open_rest", [])),
        sum_links=tuple(raw.get("sum_links", [])),
        stopwords=frozenset(raw.get("stopwords", [])),
        negators=frozenset(raw.get("negators", [])),
        false_predicates=frozenset(raw.get("false_predicates", [])),
        denial_verbs=frozenset(raw.get("denial_verbs", [])),
        claim_nouns=frozenset(raw.get("claim_nouns", [])),
        scope_ends=frozenset(raw.get("scope_ends", [])),
        scope_words=int(raw.get("scope_words", 8)),
        copulas=frozenset(raw.get("copulas", [])),
        light_verbs=frozenset(raw.get("light_verbs", [])),
        earlier_times=tuple(re.compile(p, re.IGNORECASE) for p in raw.get("earlier_times", [])),
        inflation=frozenset(raw.get("inflation_words", [])),
        background_preps=frozenset(raw.get("background_preps", [])),
        harm_verbs=frozenset(raw.get("harm_verbs", [])),
        initiating=frozenset(raw.get("initiating_verbs", [])),
        first_person=frozenset(raw.get("first_person", [])),
        background_words=int(raw.get("background_words", 5)),
        contraries=tuple((tuple(c["a"]), tuple(c["b"])) for c in raw.get("contraries", [])),
        threatened=frozenset(raw.get("threatened", [])),
        conditional=frozenset(raw.get("conditional", [])),
        expected=frozenset(raw.get("expected", [])),
        framing=tuple(sorted(raw.get("framing", []), key=len, reverse=True)),
        clause_breaks=tuple(raw.get("clause_breaks", [])),
        causal_links=tuple(raw.get("causal_links", [])),
    )


def semantics(domain: Path | str | None = None) -> Semantics:
    """The packaged general knowledge, extended by the domain pack in the file `domain` (None: none).
    A bad file is a KgError."""
    return _semantics(Path(domain) if domain is not None else None)


@lru_cache(maxsize=8)
def _semantics(domain: Path | None) -> Semantics:
    raw = tomllib.loads(resources.files("kg.data").joinpath("semantics.toml").read_text(encoding="utf-8"))
    if domain is not None:
        try:
            raw = _merge(raw, tomllib.loads(domain.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise KgError(f"{domain}: cannot read the domain pack: {exc}") from exc
    return parse(raw)
