"""Attribution: from the raw quotes on a Doc to Quote records with canonical speakers, venue and date.

- speakers: mentions resolved to canonical entities (kg.attribution.resolver, kg.attribution.names);
- venue: patterns over the attribution clause (kg.attribution.venues);
- date said: time expressions of the attribution clause (kg.attribution.timex), not those of the reported words;
- the article's context: occasions and runs of quotes by one speaker give venue and date to the quotes that
  state none (kg.attribution.occasions).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from ..model import Article, ArticleResult, Denial, Figure, Quote
from ..nlp.records import Extracted, FoundQuote, from_doc
from ..resources.entities import Countries, Registry
from ..resources.lexicon import Lexicon
from .names import clean_name
from .occasions import Said, dateline_date, find_occasions, in_context
from .resolver import Resolver, Speaker
from .timex import resolve as resolve_time
from .venues import find_venue, merge_legislative, outlet_of

VIA = re.compile(r"\bas\s+(?:first\s+)?(?:quoted|reported|cited)\s+by\s+(?:the\s+)?(?P<via>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*)*)")


def attribute(article: Article, parsed: Doc | Extracted, registry: Registry, countries: Countries,
              lex: Lexicon | None = None) -> ArticleResult:
    """Quote, denial and figure records of one parsed article (a Doc, or the merged blocks of one), attributed
    with the words of `lex` (default: the packaged lexicon)."""
    found = parsed if isinstance(parsed, Extracted) else from_doc(parsed)
    resolver = Resolver(found, registry, countries, lex)
    text = article.text
    clean = found.text  # the masked text the NLP saw: same offsets, clutter blanked
    raw = sorted(found.quotes, key=lambda q: q.start)
    places = frozenset(m.text for m in found.mentions if m.ner in ("GPE", "LOC", "FAC"))
    people = frozenset(resolver.names.person_words | {clean_name(m.person or m.text, resolver.lex)
                                                      for m in found.mentions if m.ner == "PERSON"})
    said: list[Said] = []
    anchor: str | None = None
    last: tuple[Speaker, int, str | None] | None = None  # speaker, paragraph, mention
    for q in raw:
        mention = q.speaker
        speaker = resolver.resolve(mention) if mention else None
        surface = mention.text if mention else None
        if speaker is None and mention is None and last is not None and q.para - last[1] <= 1:
            speaker, surface = last[0], last[2]
        if speaker is None:
            continue
        resolver.note_quote(q.start, speaker)
        window = _window_text(clean, _without(q, raw))
        when = resolve_time(window, article.published, anchor)
        if when is not None and when.iso:
            anchor = when.iso
        via = VIA.search(window)
        co = tuple(dict.fromkeys(s.name for s in (resolver.resolve(c) for c in q.co_speakers) if s))
        said.append(Said(Quote(
            doc=article.doc_id, quote=text[q.start:q.end], start=q.start, end=q.end,
            speaker=speaker.name, speaker_mention=surface or speaker.name, cue=q.cue, kind=q.kind,
            venue=None, date=when.iso if when else None, confidence=q.confidence, rule=q.rule,
            speaker_type=speaker.type, co_speakers=co, reported_via=via.group("via") if via else None,
            polarity=q.claim.polarity, modal=q.claim.modal, topics=q.claim.topics,
            parties=countries.mentioned(text[q.start:q.end])),
            q.para, find_venue(window, registry, countries, places, people, resolver.lex)
            or outlet_of(surface, resolver.words), when is not None,
            _cue_words(q.cue), q.cue_start))
        last = (speaker, q.para, surface)
    venues = merge_legislative([s.venue for s in said])
    said = [replace(s, venue=v) for s, v in zip(said, venues)]
    occasions = find_occasions(clean, article.published, found, resolver, said)
    quotes = in_context(said, occasions, dateline_date(text, article.published), resolver.words)
    return ArticleResult(article=article, quotes=quotes, denials=_denials(article, found, resolver),
                         figures=_figures(article, found))


def _window_text(text: str, window: list[list[int]]) -> str:
    return " … ".join(text[s:e] for s, e in window)


def _cue_words(cue: str | None) -> str | None:
    """A cue without its auxiliaries and adverbs (`has also added` -> `added`)."""
    if not cue:
        return None
    return re.sub(r"^(?:(?:has|have|had|is|was|were|are|also|then|later)\s+)+", "", cue.lower())


def _without(quote: FoundQuote, raw: list[FoundQuote]) -> list[list[int]]:
    """The attribution clause without the words of other quotes in it (another quote's content can
    name a time or place that is not the saying's), unless they hold this quote's cue."""
    pieces = [list(w) for w in quote.window]
    cue = quote.cue_start
    for q in raw:
        if cue is not None and q.start <= cue < q.end:
            continue
        out = []
        for s, e in pieces:
            if q.end <= s or q.start >= e:
                out.append([s, e])
                continue
            if s < q.start:
                out.append([s, q.start])
            if q.end < e:
                out.append([q.end, e])
        pieces = out
    return pieces


def _denials(article: Article, found: Extracted, resolver: Resolver) -> list[Denial]:
    out = []
    for d in found.denials:
        who = resolver.resolve(d.speaker)
        if who is None:
            continue
        out.append(Denial(doc=article.doc_id, text=article.text[d.start:d.end], start=d.start, end=d.end,
                          speaker=who.name, speaker_mention=d.speaker.text, cue=d.cue,
                          target_start=d.target_start, target_end=d.target_end, speaker_type=who.type))
    return out


def _figures(article: Article, found: Extracted) -> list[Figure]:
    return [Figure(doc=article.doc_id, text=article.text[f.sentence_start:f.sentence_end], start=f.start,
                   end=f.end, value=f.value, unit=f.unit, measure=f.measure, imposer=f.imposer,
                   target=f.target, role=f.role, approximate=f.approximate,
                   sentence_start=f.sentence_start, sentence_end=f.sentence_end)
            for f in found.figures]
