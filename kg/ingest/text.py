"""Text and masking: paragraphs of page text, and the spans to mask in them (page clutter, repeated blocks,
title-like lines, datelines, list bullets).

Clutter is never cut out: it is listed in `Article.masked`, and `masked_text` blanks it with spaces so the
NLP sees clean prose at the same offsets.
"""

from __future__ import annotations

import re

from ..model import Article
from ..resources.lexicon import Lexicon, lexicon as packaged_lexicon

DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z .'-]{2,30}(?:,\s+[A-Z][\w.]+)?)"          # BEIJING, WASHINGTON, D.C.
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?"           # , March 12
    r"(?:\s+\((?P<agency>[A-Z][\w .&-]{1,30})\))?"                    # (Reuters)
    r"\s+[–—-]{1,2}\s+(?=\S)", re.MULTILINE)


# A dated dateline with a colon or `.-` (`LONDON, SEPT 4:`, `Jerusalem, Oct 18 (EFE).-`).
DATED_DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Za-z .'-]{2,30}(?:,\s+[A-Z][\w.]+)?,\s+(?:[A-Z][a-z]{2,8}|[A-Z]{3,9})\.?\s+\d{1,2}"
    r"(?:,\s+\d{4})?(?:\s+\([A-Z][\w .&-]{1,30}\))?\s*(?::|\.-|[–—-]{1,2}))\s+(?=\S)", re.MULTILINE)

BULLET = re.compile(r"^[ \t]*([•▪◦‣·●*]|-(?=\s))[ \t]+(?=\S)", re.MULTILINE)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of the text: a line is a paragraph in copied page text."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            lead = len(body) - len(body.lstrip())
            spans.append((pos + lead, pos + len(body.rstrip())))
        pos += len(line)
    return spans


def is_title_like(line: str) -> bool:
    """A short line without sentence-final punctuation: a headline, a menu item, a logo (not a
    paragraph that opens a quotation running on into the next one)."""
    words = line.split()
    return len(words) <= 16 and not re.search(r"[.!?…:\"”’)]\s*$", line) and not re.match(r"\s*[“\"«„]", line)


def is_clutter(line: str, lex: Lexicon) -> bool:
    """A line of page clutter by the patterns of `lex` (`Subscribe to our newsletter`, share buttons)."""
    return any(p.search(line) for p in lex.clutter)


def _headline_cue(word: str, verbs: frozenset[str]) -> bool:
    """A headline's reporting verb: one of the speech `verbs` in the present (`says`, `claims`, `denies`)."""
    low = word.lower()
    return low.endswith("ies") and low[:-3] + "y" in verbs or low.endswith("s") and (
        low[:-1] in verbs or low.endswith("es") and low[:-2] in verbs)


def _is_attribution_headline(line: str, lex: Lexicon) -> bool:
    """A headline in sentence case that carries a quote: a reporting verb after its first word (`X
    claims offers were ignored`, `Lopez says the vote will be held`). A Title Case headline stays
    masked: with every word capitalised the tagger cannot tell names from verbs."""
    words = re.findall(r"[A-Za-z]+", line)
    long_words = [w for w in words if len(w) > 3]
    title_case = sum(w[0].isupper() for w in long_words) > 0.6 * len(long_words)
    return not title_case and any(_headline_cue(w, lex.speech_verbs) for w in words[1:])


def clutter_spans(text: str, lex: Lexicon | None = None) -> list[tuple[int, int]]:
    """Spans to mask: page clutter, title-like lines that carry no attribution, and paragraphs the
    page repeats verbatim (by the clutter patterns and speech verbs of `lex`; default: the packaged lexicon)."""
    lex = lex or packaged_lexicon()
    seen: set[str] = set()
    spans = []
    for start, end in paragraphs(text):
        line = text[start:end]
        key = re.sub(r"\s+", " ", line.strip().lower())
        title = is_title_like(line) and not _is_attribution_headline(line, lex)
        if is_clutter(line, lex) or title or key in seen:
            spans.append((start, end))
        if len(key.split()) >= 6:
            seen.add(key)
    return spans


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """A dateline (`BEIJING –`, `LONDON, March 12 (Reuters) -`, `LONDON, SEPT 4:`) opening a
    paragraph: metadata, not the subject of the sentence."""
    return sorted({(m.start(1), m.end()) for pattern in (DATELINE, DATED_DATELINE) for m in pattern.finditer(text)})


def bullet_spans(text: str) -> list[tuple[int, int]]:
    """A list bullet opening a paragraph (`• Lopez said ...`): layout, not a word of the sentence."""
    return [(m.start(1), m.end(1)) for m in BULLET.finditer(text)]


def masked_text(article: Article) -> str:
    """The article's text with masked spans blanked by spaces (line breaks kept): same length, same offsets."""
    chars = list(article.text)
    for start, end in article.masked:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)
