"""The entity registry (kg/data/entities.toml), the country gazetteer, and name normalisation.

The registry maps aliases, titles and descriptions to canonical entities. Extraction works without
it: unknown speakers become entities named from the text (`name_from_mention`), merged by name.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import KgError
from .lexicon import Lexicon, lexicon


@dataclass(frozen=True)
class Entity:
    """A canonical speaker (person, organisation or group) or country."""

    name: str
    type: str = "person"  # person | organization | group | country
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    role_words: tuple[str, ...] = ()
    affiliation: str | None = None
    country: str | None = None
    wikidata: str | None = None


def fold(text: str) -> str:
    """Lower-case key of a name: curly apostrophes folded, leading article and edge punctuation cut."""
    text = text.replace("’", "'").replace("‘", "'").strip().lower()
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^(the|a|an)\s+", "", text)
    return text.strip(" ,.;:\"'")


def fold_accents(text: str) -> str:
    """`González` -> `Gonzalez`: one key for a name written with or without accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def one_edit(a: str, b: str) -> bool:
    """Whether two words differ by exactly one substitution, insertion or deletion."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# Lower-case particles that belong to a surname (`Erik ten Hag`, `Pieter van Dam`, `Ursula von der Leyen`).
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "do", "dos", "du", "la", "le", "ten", "ter",
             "bin", "al", "el", "y"}
MIN_VARIANT = 5  # shortest surname that may differ by a letter and still be the same person (Zelensky, Zelenskiy)


def name_parts(name: str) -> tuple[str, str]:
    """(first names, surname) of a person's name, folded: particles join the surname whatever their
    case (`Erik ten Hag` -> (`erik`, `ten hag`), `Ten Hag` -> (``, `ten hag`))."""
    words = fold_accents(name).lower().replace("’", "'").split()
    k = len(words) - 1
    while k > 0 and words[k - 1] in PARTICLES:
        k -= 1
    return " ".join(words[:k]), " ".join(words[k:])


def same_person(a: str, b: str) -> bool:
    """Whether two person names a reader would take for one person: the same surname (accents and
    particles aside) with first names that agree or are missing, or a one-letter surname variant
    (a transliteration: Zelensky/Zelenskiy) when the first names agree."""
    (fa, sa), (fb, sb) = name_parts(a), name_parts(b)
    if not sa or not sb:
        return False
    firsts_agree = fa == fb or (bool(fa) and bool(fb) and len(min(fa, fb, key=len)) >= 3
                                and (fa.startswith(fb) or fb.startswith(fa)))
    if sa == sb:
        return firsts_agree or not fa or not fb
    return bool(fa) and fa == fb and min(len(sa), len(sb)) >= MIN_VARIANT and one_edit(sa, sb)


def merge_names(speakers: list[tuple[str, str]]) -> dict[str, str]:
    """A canonical name for each (name, type) speaker of a corpus: spellings that differ only in case,
    accents or apostrophes made one (the most used), then person names merged by `merge_people`."""
    counts: dict[str, int] = defaultdict(int)
    for name, _ in speakers:
        counts[name] += 1
    spelled: dict[str, str] = {}
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        key = fold_accents(name).lower().replace("’", "'")
        spelled[name] = spelled.setdefault(key, name)
    people = merge_people([spelled[n] for n, kind in speakers if kind == "person"])
    return {n: people.get(spelled[n], spelled[n]) for n, _ in speakers}


def merge_people(names: list[str]) -> dict[str, str]:
    """A canonical spelling for each person name of a corpus: of the names taken for the same person, a
    full one, the most used (the longest on a tie); a surname alone joins only when one full name fits."""
    counts: dict[str, int] = defaultdict(int)
    for n in names:
        counts[n] += 1
    order = sorted(counts, key=lambda n: (not name_parts(n)[0], -counts[n], -len(n), n))
    out: dict[str, str] = {}
    for n in order:
        if n in out:
            continue
        out[n] = n
        for other in order:
            if other not in out and same_person(n, other) and _unambiguous(other, n, order):
                out[other] = n
    return out


def _unambiguous(short: str, full: str, names: list[str]) -> bool:
    """A name with no first name joins a full one only when no other full name of another person fits."""
    if name_parts(short)[0]:
        return True
    return all(n == full or not same_person(short, n) or same_person(full, n) for n in names)


def _read_toml(path: Path | None, default: str) -> dict:
    try:
        if path is None:
            return tomllib.loads(resources.files("kg.data").joinpath(default).read_text(encoding="utf-8"))
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KgError(f"registry file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise KgError(f"registry file {path or default} is not valid TOML: {exc}") from exc


class Registry:
    """Canonical entities by alias; lookups are case-insensitive and ignore a leading article. `path` is the
    file it was read from (None: the packaged one, or built in memory), for a pipeline to read the same."""

    def __init__(self, entities: list[Entity], path: Path | None = None):
        self.path = path
        self.entities = {e.name: e for e in entities}
        self._alias: dict[str, Entity] = {}
        self._surname: dict[str, list[Entity]] = defaultdict(list)
        for e in entities:
            for alias in (e.name, *e.aliases):
                self._alias.setdefault(fold(alias), e)
            if e.type == "person":
                self._surname[fold(e.name.split()[-1])].append(e)

    @classmethod
    def load(cls, path: Path | str | None = None) -> "Registry":
        """The registry from a TOML file (default: the packaged kg/data/entities.toml)."""
        data = _read_toml(Path(path) if path else None, "entities.toml")
        entities = []
        for row in data.get("entity", []):
            try:
                entities.append(Entity(
                    name=row["name"], type=row.get("type", "person"),
                    aliases=tuple(row.get("aliases", ())), roles=tuple(row.get("roles", ())),
                    role_words=tuple(row.get("role_words", ())), affiliation=row.get("affiliation"),
                    country=row.get("country"), wikidata=row.get("wikidata")))
            except KeyError as exc:
                raise KgError(f"registry entry without a name: {row}") from exc
        return cls(entities, Path(path) if path else None)

    @classmethod
    def empty(cls) -> "Registry":
        """A registry that knows nobody (extraction must still work)."""
        return cls([])

    def lookup(self, mention: str, lex: Lexicon | None = None) -> Entity | None:
        """The entity a name or alias refers to, if the registry knows it (also without the titles of `lex`
        before it; default: the packaged lexicon's)."""
        key = fold(mention)
        if key in self._alias:
            return self._alias[key]
        stripped = fold(strip_titles(mention, lex))
        if stripped in self._alias:
            return self._alias[stripped]
        people = self._surname.get(stripped.split()[-1], []) if stripped else []
        if len(people) == 1 and " " not in stripped:
            return people[0]
        return None

    def by_description(self, words: str) -> list[Entity]:
        """Entities a definite description may refer to (`the Treasury chief`, `the ministry`)."""
        key = fold(words)
        return [e for e in self.entities.values() if any(key == fold(w) or key.endswith(" " + fold(w))
                                                         for w in e.role_words)]


@dataclass(frozen=True)
class Country:
    """A country or bloc of the gazetteer."""

    code: str
    name: str
    names: tuple[str, ...]


class Countries:
    """Surface forms (China, Chinese, Beijing, U.S.) to country codes."""

    def __init__(self, countries: list[Country]):
        self.by_code = {c.code: c for c in countries}
        self._names = {fold(n): c.code for c in countries for n in (c.name, *c.names)}
        surface = sorted({n for c in countries for n in (c.name, *c.names)}, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, surface)) + r")(?![\w])")

    @classmethod
    def load(cls, path: Path | str | None = None) -> "Countries":
        """The gazetteer from a TOML file (default: the packaged kg/data/countries.toml)."""
        data = _read_toml(Path(path) if path else None, "countries.toml")
        return cls([Country(r["code"], r["name"], tuple(r.get("names", ()))) for r in data.get("country", [])])

    def mentioned(self, text: str) -> tuple[str, ...]:
        """Codes of the countries a text names, as written (case matters: `US` is not `us`)."""
        return tuple(sorted({self.code(m.group(1)) for m in self._pattern.finditer(text)} - {None}))

    def code(self, word: str) -> str | None:
        """The country code a word names (`American` -> `US`), or None."""
        key = fold(word)
        key = re.sub(r"'s$", "", key)
        return self._names.get(key)


def strip_titles(mention: str, lex: Lexicon | None = None) -> str:
    """A name without the titles and role words before it (`Finance Minister Maja Lindqvist` -> `Maja Lindqvist`);
    the titles of `lex` (default: the packaged lexicon)."""
    pattern = (lex or lexicon()).title_pattern
    text = re.sub(r"^(the|a|an)\s+", "", mention.strip(), flags=re.IGNORECASE)
    stripped = pattern.sub("", text).strip()
    return stripped or text


def title_of(mention: str, lex: Lexicon | None = None) -> str | None:
    """The title words before a name (`Finance Minister Maja Lindqvist` -> `Finance Minister`), by the titles
    of `lex` (default: the packaged lexicon)."""
    pattern = (lex or lexicon()).title_pattern
    text = re.sub(r"^(the|a|an)\s+", "", mention.strip(), flags=re.IGNORECASE)
    m = pattern.match(text)
    if not m or not text[m.end():].strip():
        return None
    return m.group(0).strip() or None
