"""Speaker resolution: a mention of one article to its canonical entity (a Speaker).

Registry names and aliases, titles, pronouns (agreeing in kind and sex) and descriptions resolved inside the
article (`he`, `it`, `the ministry`, `the nominee`, `the Dutchman`, `the letter`, `Acme's lawyer`, `one
official`); a registry description applies only when the article names that entity (kg/data/entities.toml);
spokespeople kept as people speaking for someone.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from ..nlp.records import Extracted, Mention
from ..resources.entities import Countries, Entity, Registry, title_of
from ..resources.lexicon import Lexicon, lexicon as packaged_lexicon
from .names import Names, clean_name
from .words import ContextWords, context_words, names_occasion

PERSON_PRONOUNS = {"he", "she", "him", "her", "i"}
ORG_PRONOUNS = {"it"}
GROUP_PRONOUNS = {"they", "we"}
SEX_OF_PRONOUN = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
DOCUMENT_AGENT_REACH = 30  # characters between `the letter` and the `by X` that signs it (`the letter signed by X`)
DESCRIPTION_LOOKBACK = 200  # mentions searched back for the antecedent of `the ministry` (bounds long articles)
# `Acme's lawyer`, `Moss' letter`: an owner and what is owned.
OWNED = re.compile(r"^(?:the\s+)?(?P<owner>[\w.&-]+(?:\s+[\w.&-]+)*?)['’]s?\s+"
                   r"(?P<rest>(?:[\w-]+\s+)*(?P<head>[\w-]+))$", re.IGNORECASE)


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
        self.mentions = sorted(found.mentions, key=lambda m: m.start)
        self.sents = sorted({m.sent for m in self.mentions})
        self.sent_index = {s: k for k, s in enumerate(self.sents)}
        self.by_sent: dict[int, list[Mention]] = defaultdict(list)
        for m in self.mentions:
            self.by_sent[m.sent].append(m)
        self.starts = [m.start for m in self.mentions]
        self.names = Names(found.text, self.mentions, self.lex)
        self.memo: dict[tuple[int, int], Speaker | None] = {}
        self.quote_speakers: list[tuple[int, Speaker]] = []
        self.sex: dict[str, str] = {}  # person -> m | f, from titles (`Ms`) and pronouns resolved to them
        self._sex_from_titles()

    def _sex_from_titles(self) -> None:
        words = self.words.sex_titles
        for m in self.mentions:
            first = m.text.split()[0].lower() if m.text.split() else ""
            if first in words and m.pos == "PROPN" and (who := self.resolve(m)) is not None:
                self.sex.setdefault(who.name, words[first])

    def resolve(self, mention: Mention) -> Speaker | None:
        """The entity a mention refers to (None for a pronoun with no antecedent)."""
        key = (mention.start, mention.end)
        if key not in self.memo:
            self.memo[key] = None  # guards against cycles
            self.memo[key] = self._resolve(mention)
        return self.memo[key]

    def note_quote(self, start: int, speaker: Speaker) -> None:
        """Remember who spoke where: the last speaker is a candidate antecedent for pronouns."""
        self.quote_speakers.append((start, speaker))

    def _resolve(self, m: Mention) -> Speaker | None:
        text = m.text.strip()
        low = text.lower()
        if (m.pron or low in PERSON_PRONOUNS | ORG_PRONOUNS | GROUP_PRONOUNS) and not self._name_like_pronoun(m):
            return self._pronoun(m, low)
        if m.of_plural and m.head_lemma in self.words.quantities:  # `Dozens of players`
            return Speaker(clean_name(m.of_plural, self.lex), "group")
        if m.head_lemma in self.lex.spokes_nouns and re.search(r"\b(?:for|of)\s+", text):
            return self._spokesperson(m, text)
        if (m.head_lemma in self.lex.spokes_nouns or _is_document(m, self.words)) and (source := _named_source(text)):
            return self._named(m, source)  # `a Acme spokesperson`, `a Reuters update`: Acme, Reuters
        if self._bare_description(text):  # `the Spanish`, `the 39-year-old`: someone just named
            return self._antecedent(m, "group" if m.plural else "person", None)
        if (found := self._owned(m, text)) is not None:
            return found
        if one := re.match(r"(?i)^(?:one|another)\s+(?:of\s+the\s+)?(.+)$", text):
            return self._one_of(m, one.group(1))
        if (re.match(r"(?i)^the\s", text) or _is_document(m, self.words)) and (m.pos == "NOUN" or self._abbreviated_role(text)):
            return self._description(m, self._abbreviated_role(text) or text)
        return self._named(m, text)

    def _name_like_pronoun(self, m: Mention) -> bool:
        """`He` as a surname: capitalised where a pronoun would not be (inside a sentence), tagged as a
        person, or after a title (`Vice Premier He`)."""
        text = m.text.strip()
        if len(text.split()) > 1:
            return bool(title_of(text, self.lex)) or m.ner == "PERSON"
        if not text[:1].isupper() or text.isupper():
            return m.ner == "PERSON"
        before = self.text[max(0, m.start - 3):m.start].rstrip(" ”’\"'")
        return m.ner == "PERSON" or bool(before) and before[-1] not in ".!?:\n"

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
        m = next((c for c in self.mentions if c.start == at), None)
        found = self.resolve(m) if m is not None else None
        return found or Speaker(self.names.earlier_full_name(text, at) or text, "person")

    def _named(self, m: Mention, text: str) -> Speaker:
        ent = self.registry.lookup(text, self.lex)
        if ent is not None and (not re.match(r"(?i)^the\s", text) or self._article_names(ent, m)):
            return Speaker(ent.name, ent.type)
        name = clean_name(m.person or text, self.lex)
        name = self.names.acronyms.get(name, name)
        if len(name.split()) <= 2:
            name = self.names.earlier_full_name(name, m.start) or name
        return Speaker(name, self._type_of(m, text))

    def _type_of(self, m: Mention, text: str) -> str:
        head = m.head_lemma
        if m.pos == "NOUN" and head in self.lex.organisation_heads:
            return "group" if m.plural and head not in ("states", "nations") else "organization"
        if m.ner == "PERSON" or title_of(text, self.lex) or head in self.lex.spokes_nouns:
            return "person"
        if m.pos == "PROPN" and set(clean_name(text, self.lex).split()) & self.names.person_words:
            return "person"
        if m.plural and m.pos == "NOUN":
            return "group"
        if head in self.lex.organisation_heads or m.ner in ("ORG", "GPE", "NORP"):
            return "organization"
        return "person" if m.pos == "PROPN" else "group"

    def _spokesperson(self, m: Mention, text: str) -> Speaker:
        _, _, rest = re.split(r"\b(for|of)\s+", text, maxsplit=1)
        ent = self.registry.lookup(rest, self.lex)
        whom = ent.name if ent else re.sub(r"(?i)^(the|a|an)\s+", "", rest).replace("’", "'").strip(" ,.")
        return Speaker(f"Spokesperson for {whom}", "person")

    def _description(self, m: Mention, text: str) -> Speaker:
        """`the ministry`, `the Chinese ministry`, `the Treasury chief`: an entity the article named
        before whose name has the same head word, else the registry's role words (for an entity
        the article names), else for an organisation the one the sentences before are about."""
        ent = self.registry.lookup(text, self.lex)
        if ent is not None and self._article_names(ent, m):
            return Speaker(ent.name, ent.type)
        found = self._earlier_with_head(m, text)
        if found is None and _is_document(m, self.words):
            found = self._document_author(m, m.head_lemma)
        if found is not None:
            return found
        cands = [e for e in self.registry.by_description(text) if self._article_names(e, m)]
        if len(cands) == 1:
            return Speaker(cands[0].name, cands[0].type)
        kind = self._type_of(m, text)
        organisation = kind == "organization" or m.head_lemma in self.words.organisation_nouns
        if organisation and _generic(text) and (found := self._antecedent(m, "organization", None, False)):
            return found  # `the company`, `the tech firm`: the organisation just spoken of
        return Speaker(clean_name(text, self.lex), kind)

    def _earlier_with_head(self, m: Mention, text: str) -> Speaker | None:
        """The entity of the latest mention before with the description's head word: as its own head
        (`the Chinese ministry` ... `the ministry`), among the words of a name (`Acme CEO Jo Park`),
        or in a person's apposition (`Ann Lee, the party's nominee,`); not as a modifier of another
        noun (`the army` is not `an army accusation`)."""
        head = text.split()[-1].lower()
        for prev in reversed(self.mentions[:bisect_left(self.starts, m.start)][-DESCRIPTION_LOOKBACK:]):
            if prev.pron or prev.text.lower() == text.lower():
                continue
            named = prev.pos == "PROPN" and head in prev.text.lower().split()
            if head != prev.head.lower() and not named and not (
                    prev.ner == "PERSON" and head in self._apposition(prev).lower().split()):
                continue
            found = self.resolve(prev)
            if found is not None:
                return found
        return None

    def _apposition(self, m: Mention) -> str:
        """The words set off by commas right after a mention (`Ann Lee, the party's nominee, said`)."""
        after = re.match(r",\s*([^,.;:“”\"]{1,60}),", self.text[m.end:m.end + 64])
        return after.group(1) if after else ""

    def _owned(self, m: Mention, text: str) -> Speaker | None:
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

    def _owner(self, m: Mention, owner: str) -> Speaker:
        """The possessor of `Acme's lawyer`, typed by its own mention when the article has one."""
        own = next((c for c in self.mentions if c.start == m.start and c.end < m.end), None)
        found = self.resolve(own) if own is not None else None
        return found if found is not None else self._named(m, owner)

    def _document_author(self, m: Mention, noun: str) -> Speaker | None:
        """`the letter said`: who wrote it, by its own words (`the letter signed by X`) or by the
        sentence that introduced it: the subject just before it (`X conducted a review`), the agent
        (`a letter sent by X`), the main subject (`In a letter on Sunday, X said`)."""
        own = [c for c in self.by_sent.get(m.sent, [])
               if c.role == "by" and 0 <= c.start - m.end <= DOCUMENT_AGENT_REACH]
        if own:
            return self.resolve(own[0])
        idx = self.sent_index.get(m.sent, 0)
        introduced = re.compile(rf"\b(?:a|an)\s+(?:[\w-]+\s+){{0,2}}{re.escape(noun)}\b", re.IGNORECASE)
        for k in range(idx - 1, -1, -1):
            sent, end = self.sents[k], self.sents[k + 1]
            intro = introduced.search(self.text[sent:end])
            if not intro:
                continue
            at = sent + intro.start()
            doer = [c for c in self.by_sent[sent]
                    if c.subject and 0 <= at - c.end <= DOCUMENT_AGENT_REACH * 2]
            cands = doer[-1:] + sorted((c for c in self.by_sent[sent] if c.role == "by" or c.main),
                                       key=lambda c: c.role != "by")
            for c in cands:
                if not names_occasion(c.text, self.words) and (who := self.resolve(c)) is not None:
                    return who
        return None

    def _one_of(self, m: Mention, rest: str) -> Speaker:
        """`one official said` after `Chinese officials met ...`: the group just described; `one CNBC
        panelist`: the panelist."""
        head = rest.split()[-1].lower()
        if len(rest.split()) == 1:
            for prev in reversed(self.mentions[:bisect_left(self.starts, m.start)][-DESCRIPTION_LOOKBACK:]):
                if prev.plural and prev.head_lemma == head and (found := self.resolve(prev)) is not None:
                    return found
        return self._named(m, rest)

    def _article_names(self, entity: Entity, m: Mention) -> bool:
        """Whether the article names a registry entity outside this mention (or, for an organisation,
        names its country): only then may a description (`the president`, `the Foreign Ministry`)
        refer to it."""
        if entity.type != "person" and entity.country is not None and entity.country in self.countries:
            return True
        for alias in (entity.name, *entity.aliases):
            for hit in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", self.text, re.IGNORECASE):
                if hit.end() <= m.start or hit.start() >= m.end:
                    return True
        return False

    def _pronoun(self, m: Mention, low: str, same_sentence: bool = True) -> Speaker | None:
        """Antecedent: a compatible subject earlier in the sentence, then in the three sentences
        before (main subjects first), then the last quote's speaker; `he` and `she` skip people the
        article marks as the other sex (a title, or a pronoun resolved to them before)."""
        want = "person" if low in PERSON_PRONOUNS else "organization" if low in ORG_PRONOUNS else "group"
        sex = SEX_OF_PRONOUN.get(low)
        found = self._antecedent(m, want, sex, same_sentence)
        if found is not None and sex and found.type == "person":
            self.sex.setdefault(found.name, sex)
        return found

    def _antecedent(self, m: Mention, want: str, sex: str | None, same_sentence: bool = True) -> Speaker | None:
        same = [c for c in self.by_sent.get(m.sent, []) if c.start < m.start and same_sentence]
        for c in sorted(same, key=lambda c: (not c.subject, c.start)):
            if (found := self._compatible(c, want, sex)) is not None:
                return found
        idx = self.sent_index.get(m.sent, len(self.sents))
        for sent in reversed(self.sents[max(0, idx - 3):idx]):
            cands = [c for c in self.by_sent[sent] if c.subject or c.agentive]
            for c in sorted(cands, key=lambda c: (not c.main, c.start)):
                if (found := self._compatible(c, want, sex)) is not None:
                    return found
            for start, s in reversed(self.quote_speakers):
                if start < sent:
                    break
                if start < m.start and self._agrees(s, want, sex):
                    return s
        for start, s in reversed(self.quote_speakers):
            if start < m.start and self._agrees(s, want, sex):
                return s
        return self._of_that_sex(m, sex) if sex else None

    def _of_that_sex(self, m: Mention, sex: str) -> Speaker | None:
        """`Mr Berg met Ms Holm. She said`: a person of the pronoun's sex named in the sentences before,
        subject or not, when the subjects were all of the other sex."""
        idx = self.sent_index.get(m.sent, len(self.sents))
        for sent in reversed(self.sents[max(0, idx - 3):idx + 1]):
            for c in reversed([c for c in self.by_sent[sent] if c.start < m.start and not c.pron]):
                found = self.resolve(c)
                if found is not None and found.type == "person" and self.sex.get(found.name) == sex:
                    return found
        return None

    def _agrees(self, s: Speaker, want: str, sex: str | None) -> bool:
        return _fits(s.type, want) and (sex is None or self.sex.get(s.name, sex) == sex)

    def _compatible(self, c: Mention, want: str, sex: str | None = None) -> Speaker | None:
        if c.pron and c.text.lower() not in PERSON_PRONOUNS | ORG_PRONOUNS | GROUP_PRONOUNS:
            return None
        head = c.head_lemma
        if not c.pron and c.pos == "NOUN" and head not in self.lex.agent_nouns \
                and head not in self.lex.organisation_heads and head not in self.lex.spokes_nouns \
                and not title_of(c.head + " X", self.lex):
            return None
        found = self.resolve(c)
        if found is None or not self._agrees(found, want, sex):
            return None
        return found


def _is_document(m: Mention, words: ContextWords) -> bool:
    """A document that speaks for its author (`the letter`), as the extractor marks it or by its noun."""
    return bool(m.document) or m.head_lemma in words.documents or m.head_lemma in words.speaking_documents


def _named_source(text: str) -> str | None:
    """`a Acme spokesperson`, `a Reuters update` -> `Acme`, `Reuters`: the name before a spokesperson
    or document with no other words."""
    found = re.match(r"^(?i:a|an|the)\s+(?P<name>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)\s+\S+$", text.strip())
    return found.group("name") if found else None


def _generic(description: str) -> bool:
    """`the company`, `the tech firm`: a description with no name in it (not `the army-run health ministry`)."""
    words = description.split()[1:]
    return len(words) <= 2 and not any(w[:1].isupper() for w in words)


def _fits(kind: str, want: str) -> bool:
    if want == "person":
        return kind == "person"
    if want == "organization":
        return kind == "organization"
    return kind in ("group", "organization")
