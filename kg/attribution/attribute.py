"""Attribution: from the raw quotes on a Doc to Quote records with canonical speakers, venue and date.

- speakers: registry names and aliases, titles, pronouns (agreeing in kind and sex) and descriptions
  resolved inside the article (`he`, `it`, `the ministry`, `the nominee`, `the Dutchman`, `the
  letter`, `Acme's lawyer`, `one official`); a registry description applies only when the article
  names that entity (kg/data/entities.toml); spokespeople kept as people speaking for someone;
- venue: patterns of kg/data/lexicon.toml over the attribution clause (`told state television`,
  `in an interview`, places the tagger knows), with legislative venues of one article merged;
- date said: time expressions of the attribution clause (kg.attribution.timex), not those of the reported words;
- the article's context: occasions it names (`X held a news conference Wednesday`, `In a letter on
  Sunday, X said`) give their venue and date to the later quotes of those who took part, until the
  quote states another time; a venue of the clause carries to an explicit continuation (`He added`);
  a wire dateline's day dates what has no other date. Words of this part: [attribution] in the lexicon.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc

from ..ingest.reader import dateline_spans, paragraphs
from ..model import Article, ArticleResult, Denial, Figure, Quote
from ..nlp.extract import Extracted, from_doc
from ..resources.entities import Countries, Entity, Registry, fold_accents, one_edit, strip_titles, title_of
from ..resources.lexicon import NAME, Lexicon, lexicon as packaged_lexicon
from .timex import resolve as resolve_time, saying_times

PERSON_PRONOUNS = {"he", "she", "him", "her", "i"}
ORG_PRONOUNS = {"it"}
GROUP_PRONOUNS = {"they", "we"}
SEX_OF_PRONOUN = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
OCCASION_CUE_REACH = 100  # characters between a cue and an occasion its clause names (`it said in a statement`)
DATELINE_REACH = 400  # characters from the top of the text where a dateline may stand (after a headline)
DOCUMENT_AGENT_REACH = 30  # characters between `the letter` and the `by X` that signs it (`the letter signed by X`)
MIN_MISSPELT = 5  # shortest surname matched to an earlier one by a one-letter difference
DESCRIPTION_LOOKBACK = 200  # mentions searched back for the antecedent of `the ministry` (bounds long articles)
NOT_VENUES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
              "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "the", "i"}
VIA = re.compile(r"\bas\s+(?:first\s+)?(?:quoted|reported|cited)\s+by\s+(?:the\s+)?(?P<via>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*)*)")
# `Northern Rowing Association (NRA)`: a name and the acronym the article will use for it.
ACRONYM = re.compile(r"\s\((?P<short>[A-Z]{2,6})\)")
ACRONYM_NAME = re.compile(r"(?P<name>[A-Z][\w&-]*(?:\s+(?:of\s+|for\s+|and\s+|the\s+)*[A-Z][\w&-]*)+)$")
# `Acme spokesperson Ann Lee`, `Acme's lawyer Ann Lee`: an organisation, a representative's role, a name.
SPEAKS_FOR = re.compile(r"^(?:the\s+)?(?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*?)(?:['’]s?)?\s+"
                        r"(?P<role>[a-z]+)\s+[A-Z]")
# `Acme's lawyer`, `Moss' letter`: an owner and what is owned.
OWNED = re.compile(r"^(?:the\s+)?(?P<owner>[\w.&-]+(?:\s+[\w.&-]+)*?)['’]s?\s+"
                   r"(?P<rest>(?:[\w-]+\s+)*(?P<head>[\w-]+))$", re.IGNORECASE)


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


def context_words(lex: Lexicon | None = None) -> ContextWords:
    """The attribution-context words of a lexicon (its [attribution] table; default: the packaged lexicon)."""
    t = (lex or packaged_lexicon()).attribution
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


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: canonical name and type."""

    name: str
    type: str


class Resolver:
    """Resolves speaker mentions of one article to canonical entities."""

    def __init__(self, found: Extracted, registry: Registry, countries: Countries | None = None,
                 lex: Lexicon | None = None):
        self.registry = registry
        self.text = found.text
        self.countries = countries.mentioned(found.text) if countries is not None else ()
        self.countries_gazetteer = countries
        self.lex = lex or packaged_lexicon()
        self.words = context_words(self.lex)
        self.mentions = sorted(found.mentions, key=lambda m: m["start"])
        self.sents = sorted({m["sent"] for m in self.mentions})
        self.sent_index = {s: k for k, s in enumerate(self.sents)}
        self.by_sent: dict[int, list[dict]] = defaultdict(list)
        for m in self.mentions:
            self.by_sent[m["sent"]].append(m)
        self.starts = [m["start"] for m in self.mentions]
        self.names = self._name_index()
        self.memo: dict[tuple[int, int], Speaker | None] = {}
        self.quote_speakers: list[tuple[int, Speaker]] = []
        self.person_words = self._person_words()
        self.acronyms = self._acronyms()
        self.sex: dict[str, str] = {}  # person -> m | f, from titles (`Ms`) and pronouns resolved to them
        self._sex_from_titles()

    def _sex_from_titles(self) -> None:
        words = self.words.sex_titles
        for m in self.mentions:
            first = m["text"].split()[0].lower() if m["text"].split() else ""
            if first in words and m["pos"] == "PROPN" and (who := self.resolve(m)) is not None:
                self.sex.setdefault(who.name, words[first])

    def _person_words(self) -> set[str]:
        """Name words the article marks as people somewhere (a title, or the tagger's PERSON):
        the small model sometimes tags the same surname ORG elsewhere."""
        words = set()
        for m in self.mentions:
            if m["pos"] == "PROPN" and (m["ner"] == "PERSON" or title_of(m["text"], self.lex)) \
                    and m["head_lemma"] not in self.lex.organisation_heads:
                words.update(self.clean_name(m.get("person") or m["text"]).split())
        return words

    # -- public

    def resolve(self, mention: dict) -> Speaker | None:
        """The entity a mention refers to (None for a pronoun with no antecedent)."""
        key = (mention["start"], mention["end"])
        if key not in self.memo:
            self.memo[key] = None  # guards against cycles
            self.memo[key] = self._resolve(mention)
        return self.memo[key]

    def note_quote(self, start: int, speaker: Speaker) -> None:
        """Remember who spoke where: the last speaker is a candidate antecedent for pronouns."""
        self.quote_speakers.append((start, speaker))

    # -- kinds of mention

    def _resolve(self, m: dict) -> Speaker | None:
        text = m["text"].strip()
        low = text.lower()
        if (m["pron"] or low in PERSON_PRONOUNS | ORG_PRONOUNS | GROUP_PRONOUNS) and not self._name_like_pronoun(m):
            return self._pronoun(m, low)
        if m.get("of_plural") and m["head_lemma"] in self.words.quantities:  # `Dozens of players`
            return Speaker(self.clean_name(m["of_plural"]), "group")
        if m["head_lemma"] in self.lex.spokes_nouns and re.search(r"\b(?:for|of)\s+", text):
            return self._spokesperson(m, text)
        if (m["head_lemma"] in self.lex.spokes_nouns or _is_document(m, self.words)) and (source := _named_source(text)):
            return self._named(m, source)  # `a Acme spokesperson`, `a Reuters update`: Acme, Reuters
        if self._bare_description(text):  # `the Spanish`, `the 39-year-old`: someone just named
            return self._antecedent(m, "group" if m["plural"] else "person", None)
        if (found := self._owned(m, text)) is not None:
            return found
        if one := re.match(r"(?i)^(?:one|another)\s+(?:of\s+the\s+)?(.+)$", text):
            return self._one_of(m, one.group(1))
        if (re.match(r"(?i)^the\s", text) or _is_document(m, self.words)) and (m["pos"] == "NOUN" or self._abbreviated_role(text)):
            return self._description(m, self._abbreviated_role(text) or text)
        return self._named(m, text)

    def _name_like_pronoun(self, m: dict) -> bool:
        """`He` as a surname: capitalised where a pronoun would not be (inside a sentence), tagged as a
        person, or after a title (`Vice Premier He`)."""
        text = m["text"].strip()
        if len(text.split()) > 1:
            return bool(title_of(text, self.lex)) or m["ner"] == "PERSON"
        if not text[:1].isupper() or text.isupper():
            return m["ner"] == "PERSON"
        before = self.text[max(0, m["start"] - 3):m["start"]].rstrip(" ”’\"'")
        return m["ner"] == "PERSON" or bool(before) and before[-1] not in ".!?:\n"

    def _bare_description(self, text: str) -> bool:
        """`the Spanish`, `the Dutchman`, `the 46-year-old`: a demonym or age with nothing else names nobody."""
        m = re.match(r"(?i)^the\s+(\S+)(?:\s+(\S+))?$", text.strip())
        if not m:
            return False
        word = m.group(1)
        return bool(re.match(r"\d+-year-old$", word)) or (
            self.countries_gazetteer is not None and self.countries_gazetteer.code(word) is not None
            and m.group(2) is None)

    def _abbreviated_role(self, text: str) -> str | None:
        """`the POTUS` -> `the president`."""
        words = self.words.role_abbreviations
        last = text.split()[-1].lower()
        return f"the {words[last]}" if last in words else None

    def named(self, text: str, at: int) -> Speaker:
        """The entity a name written at `at` refers to (`Okafor` in `Okafor's speech`): its mention's,
        else the full name the article gave it before."""
        m = next((c for c in self.mentions if c["start"] == at), None)
        found = self.resolve(m) if m is not None else None
        return found or Speaker(self._earlier_full_name(text, at) or text, "person")

    def _named(self, m: dict, text: str) -> Speaker:
        ent = self.registry.lookup(text, self.lex)
        if ent is not None and (not re.match(r"(?i)^the\s", text) or self._article_names(ent, m)):
            return Speaker(ent.name, ent.type)
        name = self.clean_name(m.get("person") or text)
        name = self.acronyms.get(name, name)
        if len(name.split()) <= 2:
            name = self._earlier_full_name(name, m["start"]) or name
        return Speaker(name, self._type_of(m, text))

    def _acronyms(self) -> dict[str, str]:
        """`the Northern Rowing Association (NRA)`: the article's own acronyms for names, and the
        name written with its acronym (`Northern Rowing Association (NRA)`) made the name."""
        out = {}
        for m in ACRONYM.finditer(self.text):
            named = ACRONYM_NAME.search(self.text[max(0, m.start() - 80):m.start()])
            if named is None:
                continue
            name, short = re.sub(r"^The\s+", "", named.group("name")), m.group("short")
            initials = "".join(w[0] for w in name.split() if w[0].isupper())
            if short[0] == initials[0] and len(short) <= len(initials) + 1:
                out[short] = name
                out[f"{name} ({short})"] = name
        return out

    def clean_name(self, text: str) -> str:
        name = strip_titles(text, self.lex) if title_of(text, self.lex) else re.sub(r"(?i)^(the|a|an)\s+", "", text)
        name = re.sub(r"'s$", "", name.replace("’", "'"))
        name = re.sub(r"^([A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)'s\s+administration$", r"\1 administration", name)
        return _without_corporate_suffix(name.strip(" ,."), self.words.corporate_suffixes)

    def _name_index(self) -> dict[tuple[str, ...], list[tuple[int, str]]]:
        """Full names (two words or more) by their last words and, for names the tagger knows as
        people, by their first word: where each stands, in text order."""
        index: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
        for m in self.mentions:
            if m["pos"] != "PROPN":
                continue
            words = self.clean_name(m.get("person") or m["text"]).split()
            if len(words) < 2:
                continue
            low = tuple(fold_accents(w.lower()) for w in words)
            for n in range(1, len(words)):
                index[("last",) + low[-n:]].append((m["start"], " ".join(words)))
            if m["ner"] == "PERSON":
                index[("first", low[0])].append((m["start"], " ".join(words)))
        return index

    def _latest(self, key: tuple[str, ...], before: int) -> str | None:
        hits = self.names.get(key, [])
        k = bisect_left(hits, (before, ""))
        return hits[k - 1][1] if k else None

    def _earlier_full_name(self, short: str, before: int) -> str | None:
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
        near = {hits[k - 1][1] for key, hits in self.names.items()
                if key[0] == "last" and len(key) == 2 and one_edit(key[1], surname)
                and (k := bisect_left(hits, (before, "")))}
        return next(iter(near)) if len(near) == 1 else None

    def _type_of(self, m: dict, text: str) -> str:
        head = m["head_lemma"]
        if m["pos"] == "NOUN" and head in self.lex.organisation_heads:
            return "group" if m["plural"] and head not in ("states", "nations") else "organization"
        if m["ner"] == "PERSON" or title_of(text, self.lex) or head in self.lex.spokes_nouns:
            return "person"
        if m["pos"] == "PROPN" and set(self.clean_name(text).split()) & self.person_words:
            return "person"
        if m["plural"] and m["pos"] == "NOUN":
            return "group"
        if head in self.lex.organisation_heads or m["ner"] in ("ORG", "GPE", "NORP"):
            return "organization"
        return "person" if m["pos"] == "PROPN" else "group"

    def _spokesperson(self, m: dict, text: str) -> Speaker:
        _, _, rest = re.split(r"\b(for|of)\s+", text, maxsplit=1)
        ent = self.registry.lookup(rest, self.lex)
        whom = ent.name if ent else re.sub(r"(?i)^(the|a|an)\s+", "", rest).replace("’", "'").strip(" ,.")
        return Speaker(f"Spokesperson for {whom}", "person")

    def _description(self, m: dict, text: str) -> Speaker:
        """`the ministry`, `the Chinese ministry`, `the Treasury chief`: an entity the article named
        before whose name has the same head word, else the registry's role words (for an entity
        the article names), else for an organisation the one the sentences before are about."""
        ent = self.registry.lookup(text, self.lex)
        if ent is not None and self._article_names(ent, m):
            return Speaker(ent.name, ent.type)
        found = self._earlier_with_head(m, text)
        if found is None and _is_document(m, self.words):
            found = self._document_author(m, m["head_lemma"])
        if found is not None:
            return found
        cands = [e for e in self.registry.by_description(text) if self._article_names(e, m)]
        if len(cands) == 1:
            return Speaker(cands[0].name, cands[0].type)
        kind = self._type_of(m, text)
        organisation = kind == "organization" or m["head_lemma"] in self.words.organisation_nouns
        if organisation and _generic(text) and (found := self._antecedent(m, "organization", None, False)):
            return found  # `the company`, `the tech firm`: the organisation just spoken of
        return Speaker(self.clean_name(text), kind)

    def _earlier_with_head(self, m: dict, text: str) -> Speaker | None:
        """The entity of the latest mention before with the description's head word: as its own head
        (`the Chinese ministry` ... `the ministry`), among the words of a name (`Acme CEO Jo Park`),
        or in a person's apposition (`Ann Lee, the party's nominee,`); not as a modifier of another
        noun (`the army` is not `an army accusation`)."""
        head = text.split()[-1].lower()
        for prev in reversed(self.mentions[:bisect_left(self.starts, m["start"])][-DESCRIPTION_LOOKBACK:]):
            if prev["pron"] or prev["text"].lower() == text.lower():
                continue
            named = prev["pos"] == "PROPN" and head in prev["text"].lower().split()
            if head != prev["head"].lower() and not named and not (
                    prev["ner"] == "PERSON" and head in self._apposition(prev).lower().split()):
                continue
            found = self.resolve(prev)
            if found is not None:
                return found
        return None

    def _apposition(self, m: dict) -> str:
        """The words set off by commas right after a mention (`Ann Lee, the party's nominee, said`)."""
        after = re.match(r",\s*([^,.;:“”\"]{1,60}),", self.text[m["end"]:m["end"] + 64])
        return after.group(1) if after else ""

    def _owned(self, m: dict, text: str) -> Speaker | None:
        """`Moss' letter`, `Okafor's speech`: the owner of a document or occasion; `Acme's CEO`: the
        person the article introduced with that role; `Acme's lawyer` with nobody so introduced: Acme,
        for whom the lawyer speaks."""
        found = OWNED.match(text)
        if not found:
            return None
        words, head = self.words, found.group("head").lower()
        if head.rstrip("s") in (*words.events, *words.documents):
            return self._owner(m, found.group("owner"))
        if not (title_of(found.group("rest") + " X", self.lex) or head in words.representatives or head in self.lex.spokes_nouns):
            return None
        person = self._earlier_with_head(m, found.group("rest"))
        if person is None and (head in words.representatives or head in self.lex.spokes_nouns):
            return self._owner(m, found.group("owner"))
        return person

    def _owner(self, m: dict, owner: str) -> Speaker:
        """The possessor of `Acme's lawyer`, typed by its own mention when the article has one."""
        own = next((c for c in self.mentions if c["start"] == m["start"] and c["end"] < m["end"]), None)
        found = self.resolve(own) if own is not None else None
        return found if found is not None else self._named(m, owner)

    def _document_author(self, m: dict, noun: str) -> Speaker | None:
        """`the letter said`: who wrote it, by its own words (`the letter signed by X`) or by the
        sentence that introduced it: the subject just before it (`X conducted a review`), the agent
        (`a letter sent by X`), the main subject (`In a letter on Sunday, X said`)."""
        own = [c for c in self.by_sent.get(m["sent"], [])
               if c.get("role") == "by" and 0 <= c["start"] - m["end"] <= DOCUMENT_AGENT_REACH]
        if own:
            return self.resolve(own[0])
        idx = self.sent_index.get(m["sent"], 0)
        introduced = re.compile(rf"\b(?:a|an)\s+(?:[\w-]+\s+){{0,2}}{re.escape(noun)}\b", re.IGNORECASE)
        for k in range(idx - 1, -1, -1):
            sent, end = self.sents[k], self.sents[k + 1]
            intro = introduced.search(self.text[sent:end])
            if not intro:
                continue
            at = sent + intro.start()
            doer = [c for c in self.by_sent[sent]
                    if c.get("subject") and 0 <= at - c["end"] <= DOCUMENT_AGENT_REACH * 2]
            cands = doer[-1:] + sorted((c for c in self.by_sent[sent] if c.get("role") == "by" or c.get("main")),
                                       key=lambda c: c.get("role") != "by")
            for c in cands:
                if not _names_occasion(c["text"], self.words) and (who := self.resolve(c)) is not None:
                    return who
        return None

    def _one_of(self, m: dict, rest: str) -> Speaker:
        """`one official said` after `Chinese officials met ...`: the group just described; `one CNBC
        panelist`: the panelist."""
        head = rest.split()[-1].lower()
        if len(rest.split()) == 1:
            for prev in reversed(self.mentions[:bisect_left(self.starts, m["start"])][-DESCRIPTION_LOOKBACK:]):
                if prev["plural"] and prev["head_lemma"] == head and (found := self.resolve(prev)) is not None:
                    return found
        return self._named(m, rest)

    def _article_names(self, entity: Entity, m: dict) -> bool:
        """Whether the article names a registry entity outside this mention (or, for an organisation,
        names its country): only then may a description (`the president`, `the Foreign Ministry`)
        refer to it."""
        if entity.type != "person" and entity.country is not None and entity.country in self.countries:
            return True
        for alias in (entity.name, *entity.aliases):
            for hit in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", self.text, re.IGNORECASE):
                if hit.end() <= m["start"] or hit.start() >= m["end"]:
                    return True
        return False

    def _pronoun(self, m: dict, low: str, same_sentence: bool = True) -> Speaker | None:
        """Antecedent: a compatible subject earlier in the sentence, then in the three sentences
        before (main subjects first), then the last quote's speaker; `he` and `she` skip people the
        article marks as the other sex (a title, or a pronoun resolved to them before)."""
        want = "person" if low in PERSON_PRONOUNS else "organization" if low in ORG_PRONOUNS else "group"
        sex = SEX_OF_PRONOUN.get(low)
        found = self._antecedent(m, want, sex, same_sentence)
        if found is not None and sex and found.type == "person":
            self.sex.setdefault(found.name, sex)
        return found

    def _antecedent(self, m: dict, want: str, sex: str | None, same_sentence: bool = True) -> Speaker | None:
        same = [c for c in self.by_sent.get(m["sent"], []) if c["start"] < m["start"] and same_sentence]
        for c in sorted(same, key=lambda c: (not c.get("subject"), c["start"])):
            if (found := self._compatible(c, want, sex)) is not None:
                return found
        idx = self.sent_index.get(m["sent"], len(self.sents))
        for sent in reversed(self.sents[max(0, idx - 3):idx]):
            cands = [c for c in self.by_sent[sent] if c.get("subject") or c.get("agentive")]
            for c in sorted(cands, key=lambda c: (not c.get("main"), c["start"])):
                if (found := self._compatible(c, want, sex)) is not None:
                    return found
            for start, s in reversed(self.quote_speakers):
                if start < sent:
                    break
                if start < m["start"] and self._agrees(s, want, sex):
                    return s
        for start, s in reversed(self.quote_speakers):
            if start < m["start"] and self._agrees(s, want, sex):
                return s
        return self._of_that_sex(m, sex) if sex else None

    def _of_that_sex(self, m: dict, sex: str) -> Speaker | None:
        """`Mr Berg met Ms Holm. She said`: a person of the pronoun's sex named in the sentences before,
        subject or not, when the subjects were all of the other sex."""
        idx = self.sent_index.get(m["sent"], len(self.sents))
        for sent in reversed(self.sents[max(0, idx - 3):idx + 1]):
            for c in reversed([c for c in self.by_sent[sent] if c["start"] < m["start"] and not c["pron"]]):
                found = self.resolve(c)
                if found is not None and found.type == "person" and self.sex.get(found.name) == sex:
                    return found
        return None

    def _agrees(self, s: Speaker, want: str, sex: str | None) -> bool:
        return _fits(s.type, want) and (sex is None or self.sex.get(s.name, sex) == sex)

    def _compatible(self, c: dict, want: str, sex: str | None = None) -> Speaker | None:
        if c["pron"] and c["text"].lower() not in PERSON_PRONOUNS | ORG_PRONOUNS | GROUP_PRONOUNS:
            return None
        head = c["head_lemma"]
        if not c["pron"] and c["pos"] == "NOUN" and head not in self.lex.agent_nouns \
                and head not in self.lex.organisation_heads and head not in self.lex.spokes_nouns \
                and not title_of(c["head"] + " X", self.lex):
            return None
        found = self.resolve(c)
        if found is None or not self._agrees(found, want, sex):
            return None
        return found


def _is_document(m: dict, words: ContextWords) -> bool:
    """A document that speaks for its author (`the letter`), as the extractor marks it or by its noun."""
    return bool(m.get("document")) or m["head_lemma"] in words.documents or m["head_lemma"] in words.speaking_documents


def _named_source(text: str) -> str | None:
    """`a Acme spokesperson`, `a Reuters update` -> `Acme`, `Reuters`: the name before a spokesperson
    or document with no other words."""
    found = re.match(r"^(?i:a|an|the)\s+(?P<name>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)\s+\S+$", text.strip())
    return found.group("name") if found else None


def _generic(description: str) -> bool:
    """`the company`, `the tech firm`: a description with no name in it (not `the army-run health ministry`)."""
    words = description.split()[1:]
    return len(words) <= 2 and not any(w[:1].isupper() for w in words)


def _without_corporate_suffix(name: str, suffixes: frozenset[str]) -> str:
    """`Acme Holdings Inc. ACME` -> `Acme`: the name a reader uses, without legal form or ticker."""
    words = name.split()
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 5 and words[-2] in suffixes:
        words = words[:-1]  # a ticker after the legal form
    while len(words) > 1 and words[-1] in suffixes:
        words = words[:-1]
    return " ".join(words)


def _fits(kind: str, want: str) -> bool:
    if want == "person":
        return kind == "person"
    if want == "organization":
        return kind == "organization"
    return kind in ("group", "organization")


# ---------------------------------------------------------------------------- venues


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


# ---------------------------------------------------------------------------- the stage


def _window_text(text: str, window: list[list[int]]) -> str:
    return " … ".join(text[s:e] for s, e in window)


@dataclass
class Said:
    """A quote being attributed: its record and what its own clause says of place and time."""

    quote: Quote
    para: int
    venue: Venue | None
    timed: bool  # the attribution clause names a time, even a vague one: no other date replaces it
    cue: str | None
    cue_at: int | None


def attribute(article: Article, parsed: Doc | Extracted, registry: Registry, countries: Countries,
              lex: Lexicon | None = None) -> ArticleResult:
    """Quote, denial and figure records of one parsed article (a Doc, or the merged blocks of one), attributed
    with the words of `lex` (default: the packaged lexicon)."""
    found = parsed if isinstance(parsed, Extracted) else from_doc(parsed)
    resolver = Resolver(found, registry, countries, lex)
    text = article.text
    clean = found.text  # the masked text the NLP saw: same offsets, clutter blanked
    raw = sorted(found.quotes, key=lambda q: q["start"])
    places = frozenset(m["text"] for m in found.mentions if m["ner"] in ("GPE", "LOC", "FAC"))
    people = frozenset(resolver.person_words | {resolver.clean_name(m.get("person") or m["text"])
                                                for m in found.mentions if m["ner"] == "PERSON"})
    said: list[Said] = []
    anchor: str | None = None
    last: tuple[Speaker, int, str | None] | None = None  # speaker, paragraph, mention
    for q in raw:
        mention = q["speaker"]
        speaker = resolver.resolve(mention) if mention else None
        surface = mention["text"] if mention else None
        if speaker is None and mention is None and last is not None and q["para"] - last[1] <= 1:
            speaker, surface = last[0], last[2]
        if speaker is None:
            continue
        resolver.note_quote(q["start"], speaker)
        window = _window_text(clean, _without(q, raw))
        when = resolve_time(window, article.published, anchor)
        if when is not None and when.iso:
            anchor = when.iso
        via = VIA.search(window)
        co = tuple(dict.fromkeys(s.name for s in (resolver.resolve(c) for c in q["co_speakers"]) if s))
        said.append(Said(Quote(
            doc=article.doc_id, quote=text[q["start"]:q["end"]], start=q["start"], end=q["end"],
            speaker=speaker.name, speaker_mention=surface or speaker.name, cue=q["cue"], kind=q["kind"],
            venue=None, date=when.iso if when else None, confidence=q["confidence"], rule=q["rule"],
            speaker_type=speaker.type, co_speakers=co, reported_via=via.group("via") if via else None,
            polarity=q.get("polarity", "positive"), modal=q.get("modal", False), topics=tuple(q.get("topics", ())),
            parties=countries.mentioned(text[q["start"]:q["end"]])),
            q["para"], find_venue(window, registry, countries, places, people, resolver.lex)
            or _outlet_of(surface, resolver.words), when is not None,
            _cue_words(q["cue"]), q.get("cue_start")))
        last = (speaker, q["para"], surface)
    venues = merge_legislative([s.venue for s in said])
    said = [replace(s, venue=v) for s, v in zip(said, venues)]
    occasions = find_occasions(clean, article.published, found, resolver, said)
    quotes = in_context(said, occasions, dateline_date(text, article.published), resolver.words)
    return ArticleResult(article=article, quotes=quotes, denials=_denials(article, found, resolver),
                         figures=_figures(article, found))


def _outlet_of(mention: str | None, words: ContextWords) -> Venue | None:
    """`one CNBC panelist`, `the Tribune's correspondent`: the outlet a media role speaks on."""
    found = re.match(r"^(?i:the|a|an|one|another)?\s*(?P<outlet>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*?)(?:['’]s?)?\s+"
                     r"(?P<role>\w+)$", (mention or "").strip())
    if found and found.group("role").lower() in words.media_roles:
        return Venue(found.group("outlet"), "broadcast")
    return None


def _cue_words(cue: str | None) -> str | None:
    """A cue without its auxiliaries and adverbs (`has also added` -> `added`)."""
    if not cue:
        return None
    return re.sub(r"^(?:(?:has|have|had|is|was|were|are|also|then|later)\s+)+", "", cue.lower())


def _without(quote: dict, raw: list[dict]) -> list[list[int]]:
    """The attribution clause without the words of other quotes in it (another quote's content can
    name a time or place that is not the saying's), unless they hold this quote's cue."""
    pieces = [list(w) for w in quote["window"]]
    cue = quote.get("cue_start")
    for q in raw:
        if cue is not None and q["start"] <= cue < q["end"]:
            continue
        out = []
        for s, e in pieces:
            if q["end"] <= s or q["start"] >= e:
                out.append([s, e])
                continue
            if s < q["start"]:
                out.append([s, q["start"]])
            if q["end"] < e:
                out.append([q["end"], e])
        pieces = out
    return pieces


# ---------------------------------------------------------------------------- occasions


@dataclass
class Occasion:
    """A speech event or document the article names (`held a news conference Wednesday`, `In a letter
    on Sunday`), with the people it involves."""

    start: int
    para: int
    noun: str
    venue: Venue | None
    date: str | None
    vague: bool
    speakers: set[str] = field(default_factory=set)
    quotes: set[int] = field(default_factory=set)  # indices of quotes it frames that stand before it


def _occasion_patterns(words: ContextWords) -> tuple[re.Pattern, re.Pattern]:
    """The occasion nouns, and the modifiers that may stand before one (`the NRA general assembly`)."""
    return _compiled_occasion_patterns((*words.events, *words.documents), words.occasion_modifiers)


@lru_cache(maxsize=4)
def _compiled_occasion_patterns(occasions: tuple[str, ...],
                                modifiers: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    nouns = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in occasions)
    mods = "|".join(map(re.escape, modifiers))
    return (re.compile(r"\b(?P<noun>" + nouns + r")s?\b", re.IGNORECASE),
            re.compile(r"(?:(?:[A-Z][\w&-]*|" + mods + r")\s+){1,3}$"))


FUTURE_OCCASION = re.compile(r"\b(?:will|shall|(?:is|are|plans?|set|due|scheduled|expected|going)\s+to)\s+\w+\s+"
                             r"(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
OCCASION_OWNER = re.compile(r"(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)['’]s?\s+(?:[a-z-]+\s+){0,2}$")
VERB_USE = re.compile(r"\b(?:to|not|n't|will|would|can|could|should|may|might|must|did|does|do|also"
                      r"|(?!daily|weekly|monthly|yearly|nightly|early|quarterly)\w+ly)\s+$",
                      re.IGNORECASE)
DEFINITE = re.compile(r"(?:\b(?:the|its|his|her|their|this|that|same)|['’]s?)\s+$", re.IGNORECASE)
WEEKDAY_OWNER = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['’]s\s+$")


@dataclass(frozen=True)
class _Layout:
    """Where paragraphs and sentences of an article start, for placing occasions."""

    paras: list[tuple[int, int]]
    para_starts: list[int]
    sents: list[int]
    mentions: list[dict]
    mention_starts: list[int]

    def sentence(self, at: int, text_len: int) -> tuple[int, int, int]:
        """(paragraph, sentence start, sentence end) around an offset."""
        para = max(bisect_right(self.para_starts, at) - 1, 0)
        k = bisect_right(self.sents, at)
        start = self.sents[k - 1] if k else self.paras[para][0]
        end = min(self.sents[k] if k < len(self.sents) else text_len, self.paras[para][1])
        return para, start, end


def find_occasions(text: str, published: str | None, found: Extracted, resolver: "Resolver",
                   said: list[Said]) -> list[Occasion]:
    """Occasions outside quoted and reported words, each with its date (stated by its noun, or that of
    the same occasion named before: `the statement`), venue (events only) and the speakers who took
    part: main subjects and agents of its sentence, speakers whose clause names it, for `the ...`
    those of the occasion it refers back to, else the speaker quoted just before it."""
    paras = paragraphs(text)
    mentions = sorted(found.mentions, key=lambda m: m["start"])
    layout = _Layout(paras, [s for s, _ in paras], sorted({m["sent"] for m in mentions}), mentions,
                     [m["start"] for m in mentions])
    taken = [(q["start"], q["end"]) for q in found.quotes]
    windows = {(r["start"], r["end"]): r["window"] for r in found.quotes}
    nouns, _ = _occasion_patterns(resolver.words)
    out: list[Occasion] = []
    for m in nouns.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        para, sent_start, sent_end = layout.sentence(m.start(), len(text))
        if FUTURE_OCCASION.search(text[max(sent_start, m.start() - 60):m.start()]):
            continue  # `will hold a news conference on Friday`: not yet an occasion of anything said
        if VERB_USE.search(text[max(sent_start, m.start() - 20):m.start()]):
            continue  # `does not directly address the claims`: a verb, not an occasion
        occ = _occasion(text, m, para, sent_end, published, out, resolver.words)
        lead = max(sent_start, m.start() - 60)
        owner = OCCASION_OWNER.search(text[lead:m.start()])
        if owner is not None and owner.group("owner").lower() not in NOT_VENUES:
            # `Okafor's speech`: his occasion, whoever's clause names it (not `Tuesday's letter`)
            occ.speakers.add(resolver.named(owner.group("owner"), lead + owner.start()).name)
            out.append(occ)
            continue
        _add_participants(occ, layout, sent_start, sent_end, resolver)
        for s in said:
            if s.cue_at is not None and abs(occ.start - s.cue_at) <= OCCASION_CUE_REACH \
                    and any(ws <= occ.start < we for ws, we in windows.get((s.quote.start, s.quote.end), ())):
                occ.speakers.add(s.quote.speaker)
                if occ.venue is not None:  # `in testimony before a House committee`: the clause names it best
                    occ.venue = s.venue or occ.venue
        prev = next((o for o in reversed(out) if o.noun == occ.noun), None)
        if not occ.speakers and prev is not None and DEFINITE.search(text[max(0, m.start() - 12):m.start()]):
            occ.speakers |= prev.speakers
        if not occ.speakers:
            near = [i for i, s in enumerate(said) if s.quote.start < occ.start and para - s.para <= 1]
            if near:
                occ.speakers.add(said[near[-1]].quote.speaker)
                occ.quotes.add(near[-1])
        out.append(occ)
    return out


def _occasion(text: str, m: re.Match, para: int, sent_end: int, published: str | None,
              before: list[Occasion], words: ContextWords) -> Occasion:
    """An occasion's noun, venue and date: a time just after the noun (`a letter sent Thursday`), a
    weekday owning it (`Tuesday's letter`), or for `the statement` the date of the one before."""
    _, modifiers = _occasion_patterns(words)
    noun = re.sub(r"\s+", " ", m.group("noun").lower())
    after = re.split(r"[“”\"«»]", text[m.end():min(sent_end, m.end() + words.date_reach)])[0]
    times = saying_times(after, published)
    owner = WEEKDAY_OWNER.search(text[max(0, m.start() - 15):m.start()])
    iso = resolve_time(owner.group(1), published).iso if owner else next((t.iso for t in times if t.iso), None)
    earlier = set(text[max(0, m.start() - 25):m.start()].lower().split()) & words.earlier_occasion_words
    vague = iso is None and (bool(earlier) or any(t.kind == "vague" for t in times))
    prev = next((o for o in reversed(before) if o.noun == noun), None)
    if iso is None and not vague and prev is not None and DEFINITE.search(text[max(0, m.start() - 12):m.start()]):
        iso = prev.date
    mods = modifiers.search(text[max(0, m.start() - 60):m.start()])
    name = ((mods.group(0) if mods else "") + m.group("noun")).strip()
    name = re.sub(r"^(?:the|a|an|his|her|its|their)\s+", "", name, flags=re.IGNORECASE)
    return Occasion(m.start(), para, noun, Venue(name, "event") if noun in words.events else None, iso, vague)


def _add_participants(occ: Occasion, layout: _Layout, start: int, end: int, resolver: "Resolver") -> None:
    """The main subjects and `by` agents of the occasion's sentence (not a mention of the occasion itself)."""
    words = resolver.words
    for mm in layout.mentions[bisect_left(layout.mention_starts, start):bisect_left(layout.mention_starts, end)]:
        if mm.get("role") in words.participant_roles and (mm.get("main") or mm.get("role") == "by") \
                and not _names_occasion(mm["text"], words) and (who := resolver.resolve(mm)) is not None:
            occ.speakers.add(who.name)
            if (party := _speaks_for(mm["text"], resolver)) is not None:
                occ.speakers.add(party)


def _speaks_for(mention: str, resolver: "Resolver") -> str | None:
    """`Acme spokesperson Ann Lee`, `Acme's lawyer Ann Lee`: the organisation a named representative
    speaks for, which takes part in what they say."""
    found = SPEAKS_FOR.match(mention.strip())
    words = resolver.words
    if found and (found.group("role").lower() in resolver.lex.spokes_nouns or found.group("role").lower()
                  in words.representatives):
        return resolver.acronyms.get(found.group("org"), found.group("org"))
    return None


def _same_party(name: str, speakers: set[str]) -> bool:
    """A speaker among an occasion's, by name or as the initials of one (`NRA`, `Northern Rowing Association`)."""
    key = fold_accents(name).lower()
    return any(fold_accents(s).lower() == key for s in speakers) or (name.isupper() and 2 <= len(name) <= 6 and any(
        "".join(w[0] for w in s.split() if w[0].isupper()) == name for s in speakers))


def _names_occasion(mention: str, words: ContextWords) -> bool:
    low = mention.lower()
    return any(re.search(rf"\b{re.escape(n)}s?\b", low) for n in (*words.events, *words.documents))


def dateline_date(text: str, published: str | None) -> str | None:
    """The date of a wire dateline opening the article (`LONDON, March 12 (Reuters) -`)."""
    for start, end in dateline_spans(text):
        if start < DATELINE_REACH:
            when = resolve_time(text[start:end], published)
            return when.iso if when else None
    return None


def in_context(said: list[Said], occasions: list[Occasion], default_date: str | None,
               words: ContextWords) -> list[Quote]:
    """Venue and date of each quote: its own clause first; else the latest occasion before it (within
    reach) that involves its speaker or that its mention names (`the letter said`); else, for the
    venue, the quote before by the same speaker when this one continues it (`He added`); else, for
    the date, the same speaker's quote in the next or previous paragraph, then the dateline's day."""
    out: list[Quote] = []
    for i, s in enumerate(said):
        q = s.quote
        occ = _occasion_of(i, s, occasions, words)
        venue, date = s.venue, q.date
        if occ is not None and (not s.timed or q.date == occ.date):  # an own time of another day: another scene
            venue = venue or occ.venue
            if not s.timed and not occ.vague:
                date = date or occ.date
        if venue is None and out and (s.cue is None or s.cue in words.continuation_cues):
            p = out[-1]
            if p.speaker == q.speaker and s.para - said[i - 1].para <= 1 and p.venue:
                venue = Venue(p.venue, p.venue_kind or "event")
        if venue is None and i + 1 < len(said) and _continues(s, said[i + 1]):
            venue = said[i + 1].venue  # `X confirmed that ...` followed by `X said during a hearing`
        if date is None and not s.timed and (occ is None or not occ.vague):
            date = _neighbour_date(i, said, out) or default_date
        out.append(replace(q, venue=venue.name if venue else None, venue_kind=venue.kind if venue else None,
                           date=date))
    return out


def _continues(s: Said, nxt: Said) -> bool:
    """Whether the next quote goes on with the same speaker's account in the next paragraph, without
    a time of its own that would start another scene."""
    return nxt.quote.speaker == s.quote.speaker and 0 <= nxt.para - s.para <= 1 and nxt.venue is not None \
        and not (nxt.quote.date and s.quote.date and nxt.quote.date != s.quote.date)


def _occasion_of(i: int, s: Said, occasions: list[Occasion], words: ContextWords) -> Occasion | None:
    q = s.quote
    mention = q.speaker_mention.lower()
    owned = OWNED.match(q.speaker_mention) is not None  # `Moss' letter`: his, not the last letter named
    for occ in reversed(occasions):
        if i in occ.quotes:
            return occ
        if occ.start >= q.end or s.para - occ.para > words.reach:
            continue
        if _same_party(q.speaker, occ.speakers) or (not owned and re.search(rf"\b{re.escape(occ.noun)}\b", mention)):
            return occ
    return None


def _neighbour_date(i: int, said: list[Said], done: list[Quote]) -> str | None:
    """The date of the same speaker's quote in this or an adjacent paragraph, when that quote's own
    clause dated it (not a vague time)."""
    q = said[i].quote
    for j in (i - 1, i + 1):
        if 0 <= j < len(said) and said[j].quote.speaker == q.speaker and abs(said[j].para - said[i].para) <= 1:
            date = done[j].date if j < i else said[j].quote.date
            if date and not said[j].timed or (said[j].timed and said[j].quote.date):
                return date
    return None


def _denials(article: Article, found: Extracted, resolver: Resolver) -> list[Denial]:
    out = []
    for d in found.denials:
        who = resolver.resolve(d["speaker"])
        if who is None:
            continue
        out.append(Denial(doc=article.doc_id, text=article.text[d["start"]:d["end"]], start=d["start"], end=d["end"],
                          speaker=who.name, speaker_mention=d["speaker"]["text"], cue=d["cue"],
                          target_start=d["target_start"], target_end=d["target_end"], speaker_type=who.type))
    return out


def _figures(article: Article, found: Extracted) -> list[Figure]:
    return [Figure(doc=article.doc_id, text=article.text[f["sentence_start"]:f["sentence_end"]], start=f["start"],
                   end=f["end"], value=f["value"], unit=f["unit"], measure=f["measure"], imposer=f["imposer"],
                   target=f["target"], role=f["role"], approximate=f["approximate"],
                   sentence_start=f["sentence_start"], sentence_end=f["sentence_end"])
            for f in found.figures]
