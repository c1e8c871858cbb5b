"""Attribution: from the raw quotes on a Doc to Quote records with canonical speakers, venue and date.

- speakers: registry names and titles, pronouns and definite descriptions resolved inside the
  article (`he`, `it`, `the ministry`), spokespeople kept as people speaking for someone;
- venue: patterns of kg/data/lexicon.toml over the attribution clause, with legislative venues of
  one article merged (`a House committee` + `the chamber's appropriations committee`);
- date said: time expressions of the attribution clause (kg.timex);
- a run of quotes by one speaker in consecutive paragraphs shares a venue and date that only one
  of them states, unless another venue or date says otherwise.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from .entities import Countries, Registry, strip_titles, title_of
from .extract import Extracted, from_doc
from .lexicon import lexicon
from .model import Article, ArticleResult, Denial, Figure, Quote
from .timex import resolve as resolve_time

PERSON_PRONOUNS = {"he", "she", "him", "her", "i"}
ORG_PRONOUNS = {"it"}
GROUP_PRONOUNS = {"they", "we"}
DESCRIPTION_LOOKBACK = 200  # mentions searched back for the antecedent of `the ministry` (bounds long articles)
NOT_VENUES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
              "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "the", "i"}
VIA = re.compile(r"\bas\s+(?:first\s+)?(?:quoted|reported|cited)\s+by\s+(?:the\s+)?(?P<via>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*)*)")


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: canonical name and type."""

    name: str
    type: str


class Resolver:
    """Resolves speaker mentions of one article to canonical entities."""

    def __init__(self, found: Extracted, registry: Registry):
        self.registry = registry
        self.lex = lexicon()
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

    def _person_words(self) -> set[str]:
        """Name words the article marks as people somewhere (a title, or the tagger's PERSON):
        the small model sometimes tags the same surname ORG elsewhere."""
        words = set()
        for m in self.mentions:
            if m["pos"] == "PROPN" and (m["ner"] == "PERSON" or title_of(m["text"])) \
                    and m["head_lemma"] not in self.lex.organisation_heads:
                words.update(self._clean_name(m["text"]).split())
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
        if m["pron"] or low in PERSON_PRONOUNS | ORG_PRONOUNS | GROUP_PRONOUNS:
            return self._pronoun(m, low)
        if m["head_lemma"] in self.lex.spokes_nouns and re.search(r"\b(?:for|of)\s+", text):
            return self._spokesperson(m, text)
        if re.match(r"(?i)^the\s", text) and m["pos"] == "NOUN":
            return self._description(m, text)
        return self._named(m, text)

    def _named(self, m: dict, text: str) -> Speaker:
        ent = self.registry.lookup(text)
        if ent is not None:
            return Speaker(ent.name, ent.type)
        name = self._clean_name(m.get("person") or text)
        if len(name.split()) <= 2:
            name = self._earlier_full_name(name, m["start"]) or name
        return Speaker(name, self._type_of(m, text))

    def _clean_name(self, text: str) -> str:
        name = strip_titles(text) if title_of(text) else re.sub(r"(?i)^(the|a|an)\s+", "", text)
        name = name.replace("’", "'")
        name = re.sub(r"^([A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)'s\s+administration$", r"\1 administration", name)
        return name.strip(" ,.")

    def _name_index(self) -> dict[tuple[str, ...], list[tuple[int, str]]]:
        """Full names (two words or more) by their last words and, for names the tagger knows as
        people, by their first word: where each stands, in text order."""
        index: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
        for m in self.mentions:
            if m["pos"] != "PROPN":
                continue
            words = self._clean_name(m.get("person") or m["text"]).split()
            if len(words) < 2:
                continue
            low = tuple(w.lower() for w in words)
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
        (`Bessent`, `Van Dam` for `Pieter van Dam`), or the first word for family-name-first
        names the tagger knows as people (`Xi` for `Xi Jinping`)."""
        want = tuple(short.lower().split())
        found = self._latest(("last",) + want, before)
        if found is None and len(want) == 1:
            found = self._latest(("first", want[0]), before)
        return found

    def _type_of(self, m: dict, text: str) -> str:
        head = m["head_lemma"]
        if m["pos"] == "NOUN" and head in self.lex.organisation_heads:
            return "group" if m["plural"] and head not in ("states", "nations") else "organization"
        if m["ner"] == "PERSON" or title_of(text) or head in self.lex.spokes_nouns:
            return "person"
        if m["pos"] == "PROPN" and set(self._clean_name(text).split()) & self.person_words:
            return "person"
        if m["plural"] and m["pos"] == "NOUN":
            return "group"
        if head in self.lex.organisation_heads or m["ner"] in ("ORG", "GPE", "NORP"):
            return "organization"
        return "person" if m["pos"] == "PROPN" else "group"

    def _spokesperson(self, m: dict, text: str) -> Speaker:
        _, _, rest = re.split(r"\b(for|of)\s+", text, maxsplit=1)
        ent = self.registry.lookup(rest)
        whom = ent.name if ent else re.sub(r"(?i)^(the|a|an)\s+", "", rest).replace("’", "'").strip(" ,.")
        return Speaker(f"Spokesperson for {whom}", "person")

    def _description(self, m: dict, text: str) -> Speaker:
        """`the ministry`, `the Chinese ministry`, `the Treasury chief`: an entity the article named
        before whose name has the same head word, else the registry's role words."""
        ent = self.registry.lookup(text)
        if ent is not None:
            return Speaker(ent.name, ent.type)
        head = m["head"].lower()
        for prev in reversed(self.mentions[:bisect_left(self.starts, m["start"])][-DESCRIPTION_LOOKBACK:]):
            if prev["pron"] or head not in prev["text"].lower() or prev["text"].lower() == text.lower():
                continue
            found = self.resolve(prev)
            if found is not None:
                return found
        cands = self.registry.by_description(text)
        if len(cands) == 1:
            return Speaker(cands[0].name, cands[0].type)
        return Speaker(self._clean_name(text), self._type_of(m, text))

    def _pronoun(self, m: dict, low: str) -> Speaker | None:
        """Antecedent: a compatible subject earlier in the sentence, then in the three sentences
        before (main subjects first), then the last quote's speaker."""
        want = "person" if low in PERSON_PRONOUNS else "organization" if low in ORG_PRONOUNS else "group"
        same = [c for c in self.by_sent.get(m["sent"], []) if c["start"] < m["start"]]
        for c in sorted(same, key=lambda c: (not c.get("subject"), c["start"])):
            if (found := self._compatible(c, want)) is not None:
                return found
        idx = self.sent_index.get(m["sent"], len(self.sents))
        for sent in reversed(self.sents[max(0, idx - 3):idx]):
            cands = [c for c in self.by_sent[sent] if c.get("subject") or c.get("agentive")]
            for c in sorted(cands, key=lambda c: (not c.get("main"), c["start"])):
                if (found := self._compatible(c, want)) is not None:
                    return found
            for start, s in reversed(self.quote_speakers):
                if start < sent:
                    break
                if start < m["start"] and _fits(s.type, want):
                    return s
        for start, s in reversed(self.quote_speakers):
            if start < m["start"] and _fits(s.type, want):
                return s
        return None

    def _compatible(self, c: dict, want: str) -> Speaker | None:
        if c["pron"] and c["text"].lower() not in PERSON_PRONOUNS | ORG_PRONOUNS | GROUP_PRONOUNS:
            return None
        head = c["head_lemma"]
        if not c["pron"] and c["pos"] == "NOUN" and head not in self.lex.agent_nouns \
                and head not in self.lex.organisation_heads and head not in self.lex.spokes_nouns:
            return None
        found = self.resolve(c)
        if found is None or not _fits(found.type, want):
            return None
        return found


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


def find_venue(text: str, registry: Registry, countries: Countries) -> Venue | None:
    """The first venue pattern that matches the attribution clause, not a date, country or person."""
    for vp in lexicon().venues:
        for m in vp.regex.finditer(text):
            name = m.group("venue").strip(" ,.;:")
            words = name.lower().split()
            if not words or words[0] in NOT_VENUES or countries.code(name):
                continue
            ent = registry.lookup(name)
            if ent is not None and ent.type == "person":
                continue
            return Venue(re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE), vp.kind)
    return None


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


# ---------------------------------------------------------------------------- runs


def _compatible_value(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


# ---------------------------------------------------------------------------- the stage


def _window_text(text: str, window: list[list[int]]) -> str:
    return " … ".join(text[s:e] for s, e in window)


def attribute(article: Article, parsed: Doc | Extracted, registry: Registry, countries: Countries) -> ArticleResult:
    """Quote, denial and figure records of one parsed article (a Doc, or the merged blocks of one)."""
    found = parsed if isinstance(parsed, Extracted) else from_doc(parsed)
    resolver = Resolver(found, registry)
    text = article.text
    clean = found.text  # the masked text the NLP saw: same offsets, clutter blanked
    raw = sorted(found.quotes, key=lambda q: q["start"])
    quotes: list[Quote] = []
    paras: list[int] = []
    venues: list[Venue | None] = []
    vague: set[int] = set()
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
        window = _window_text(clean, q["window"])
        venue = find_venue(window, registry, countries)
        when = resolve_time(window, article.published, anchor)
        if when is not None and when.iso:
            anchor = when.iso
        if when is not None and when.iso is None:
            vague.add(len(quotes))
        via = VIA.search(window)
        co = tuple(dict.fromkeys(s.name for s in (resolver.resolve(c) for c in q["co_speakers"]) if s))
        quotes.append(Quote(
            doc=article.doc_id, quote=text[q["start"]:q["end"]], start=q["start"], end=q["end"],
            speaker=speaker.name, speaker_mention=surface or speaker.name, cue=q["cue"], kind=q["kind"],
            venue=None, date=when.iso if when else None, confidence=q["confidence"], rule=q["rule"],
            speaker_type=speaker.type, co_speakers=co, reported_via=via.group("via") if via else None,
            polarity=q.get("polarity", "positive"), modal=q.get("modal", False), topics=tuple(q.get("topics", ())),
            parties=countries.mentioned(text[q["start"]:q["end"]])))
        paras.append(q["para"])
        venues.append(venue)
        last = (speaker, q["para"], surface)
    venues = merge_legislative(venues)
    quotes = [replace(qq, venue=v.name if v else None, venue_kind=v.kind if v else None)
              for qq, v in zip(quotes, venues)]
    quotes = share_in_runs(quotes, paras, vague)
    return ArticleResult(article=article, quotes=quotes, denials=_denials(article, found, resolver),
                         figures=_figures(article, found))


def share_in_runs(quotes: list[Quote], paras: list[int], vague: set[int]) -> list[Quote]:
    """Quotes by one speaker in the same or adjacent paragraphs share a venue and a date that only
    some of them state, when the other field does not contradict it; a vague time (`last week`)
    neither gives nor takes."""
    out = list(quotes)
    for field, other in (("date", "venue"), ("venue", "date")):
        for order in (range(len(out)), range(len(out) - 1, -1, -1)):
            prev = None
            for i in order:
                q = out[i]
                if prev is not None:
                    p = out[prev]
                    same_run = p.speaker == q.speaker and abs(paras[prev] - paras[i]) <= 1
                    if same_run and getattr(q, field) is None and getattr(p, field) is not None \
                            and i not in vague and prev not in vague \
                            and _compatible_value(getattr(q, other), getattr(p, other)):
                        extra = {"venue_kind": p.venue_kind} if field == "venue" else {}
                        out[i] = replace(q, **{field: getattr(p, field)}, **extra)
                prev = i
    return out


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
