"""The article's context: runs of quotes and the occasions they were given at.

Occasions the article names (`X held a news conference Wednesday`, `In a letter on Sunday, X said`) give
their venue and date to the later quotes of those who took part, until the quote states another time; a
venue of the clause carries to an explicit continuation (`He added`); a wire dateline's day dates what has
no other date. Words of this part: [attribution] in the lexicon.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..ingest.text import dateline_spans, paragraphs
from ..model import Quote
from ..nlp.records import Extracted, Mention
from ..resources.entities import fold_accents
from .resolver import OWNED, Resolver
from .timex import resolve as resolve_time, saying_times
from .venues import NOT_VENUES, Venue
from .words import ContextWords, names_occasion

OCCASION_CUE_REACH = 100  # characters between a cue and an occasion its clause names (`it said in a statement`)
DATELINE_REACH = 400  # characters from the top of the text where a dateline may stand (after a headline)
# `Acme spokesperson Ann Lee`, `Acme's lawyer Ann Lee`: an organisation, a representative's role, a name.
SPEAKS_FOR = re.compile(r"^(?:the\s+)?(?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*?)(?:['’]s?)?\s+"
                        r"(?P<role>[a-z]+)\s+[A-Z]")


@dataclass
class Said:
    """A quote being attributed: its record and what its own clause says of place and time."""

    quote: Quote
    para: int
    venue: Venue | None
    timed: bool  # the attribution clause names a time, even a vague one: no other date replaces it
    cue: str | None
    cue_at: int | None


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
    mentions: list[Mention]
    mention_starts: list[int]

    def sentence(self, at: int, text_len: int) -> tuple[int, int, int]:
        """(paragraph, sentence start, sentence end) around an offset."""
        para = max(bisect_right(self.para_starts, at) - 1, 0)
        k = bisect_right(self.sents, at)
        start = self.sents[k - 1] if k else self.paras[para][0]
        end = min(self.sents[k] if k < len(self.sents) else text_len, self.paras[para][1])
        return para, start, end


def find_occasions(text: str, published: str | None, found: Extracted, resolver: Resolver,
                   said: list[Said]) -> list[Occasion]:
    """Occasions outside quoted and reported words, each with its date (stated by its noun, or that of
    the same occasion named before: `the statement`), venue (events only) and the speakers who took
    part: main subjects and agents of its sentence, speakers whose clause names it, for `the ...`
    those of the occasion it refers back to, else the speaker quoted just before it."""
    paras = paragraphs(text)
    mentions = sorted(found.mentions, key=lambda m: m.start)
    layout = _Layout(paras, [s for s, _ in paras], sorted({m.sent for m in mentions}), mentions,
                     [m.start for m in mentions])
    taken = [(q.start, q.end) for q in found.quotes]
    windows = {(r.start, r.end): r.window for r in found.quotes}
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


def _add_participants(occ: Occasion, layout: _Layout, start: int, end: int, resolver: Resolver) -> None:
    """The main subjects and `by` agents of the occasion's sentence (not a mention of the occasion itself)."""
    words = resolver.words
    for mm in layout.mentions[bisect_left(layout.mention_starts, start):bisect_left(layout.mention_starts, end)]:
        if mm.role in words.participant_roles and (mm.main or mm.role == "by") \
                and not names_occasion(mm.text, words) and (who := resolver.resolve(mm)) is not None:
            occ.speakers.add(who.name)
            if (party := _speaks_for(mm.text, resolver)) is not None:
                occ.speakers.add(party)


def _speaks_for(mention: str, resolver: Resolver) -> str | None:
    """`Acme spokesperson Ann Lee`, `Acme's lawyer Ann Lee`: the organisation a named representative
    speaks for, which takes part in what they say."""
    found = SPEAKS_FOR.match(mention.strip())
    words = resolver.words
    if found and (found.group("role").lower() in resolver.lex.spokes_nouns or found.group("role").lower()
                  in words.representatives):
        return resolver.names.acronyms.get(found.group("org"), found.group("org"))
    return None


def _same_party(name: str, speakers: set[str]) -> bool:
    """A speaker among an occasion's, by name or as the initials of one (`NRA`, `Northern Rowing Association`)."""
    key = fold_accents(name).lower()
    return any(fold_accents(s).lower() == key for s in speakers) or (name.isupper() and 2 <= len(name) <= 6 and any(
        "".join(w[0] for w in s.split() if w[0].isupper()) == name for s in speakers))


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
