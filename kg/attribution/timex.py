"""Time expressions near an attribution (`said Tuesday`, `on April 29`, `earlier in the day`),
resolved to ISO dates against the article's publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..ingest.dates import MONTHS as MONTH_NUMBERS

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = list(MONTH_NUMBERS)  # january ... december
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"

PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("month_day", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?")),
    ("day_month", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MON})(?:\s+(?P<year>\d{{4}}))?\b")),
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})\b")),
    ("anchor", re.compile(r"\b(?:earlier|later)\s+(?:in\s+the|that)\s+day\b|\bthe\s+same\s+day\b|\bthat\s+day\b",
                          re.IGNORECASE)),
    ("yesterday", re.compile(r"\b[Yy]esterday\b")),
    ("today", re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight|earlier\s+today)\b")),
    ("weekday", re.compile(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b(?!['’]s)")),
    ("vague", re.compile(r"\b(?:last|this|earlier\s+this|late\s+last|earlier\s+last|past|previous)\s+"
                         r"(?:week|month|year|weekend)\b|\brecently\b|\bin\s+recent\s+(?:days|weeks|months)\b"
                         r"|\b(?:earlier|later)\b(?!\s+(?:in\s+the|that|this|on)\b)"
                         r"|\bpreviously\b|\bmultiple\s+times\b|\brepeatedly\b", re.IGNORECASE)),
)


@dataclass(frozen=True)
class TimeExpr:
    """A time expression found in text: its kind and, once resolved, its ISO date (None if vague)."""

    kind: str  # month_day | day_month | iso | anchor | yesterday | today | weekday | vague
    text: str
    iso: str | None


def _month(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return [m[:3] for m in MONTHS].index(key) + 1


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# Words before a time expression that make it bound a period or date a coming event, not the
# saying: `since Oct. 7`, `until Friday`, `summoned to appear on Friday`, `will meet on Monday`.
NOT_THE_SAYING = re.compile(r"\b(?:since|until|till|through|between|from|before|after|by)\s+(?:on\s+|the\s+)?$"
                            r"|\bthe\s+$"  # `the July 19 outage`: a date that names an event
                            r"|\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)\s+(?:on\s+)?$"  # an event's clock time
                            r"|\b(?:will|shall|to\s+(?-i:[a-z]+)|scheduled|due|set|planned|next)\s+(?:\w+\s+){0,2}?(?:on\s+)?$",
                            re.IGNORECASE)


def find_all(text: str, published: str | None, anchor: str | None = None) -> list[tuple[int, TimeExpr]]:
    """Every time expression in `text` with its offset, in text order (the first pattern wins at an offset)."""
    pub = date.fromisoformat(published) if published else None
    hits: dict[int, TimeExpr] = {}
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if m.start() not in hits:
                hits[m.start()] = TimeExpr(kind, m.group(0), _iso(kind, m, pub, anchor))
    return sorted(hits.items())


def resolve(text: str, published: str | None, anchor: str | None = None) -> TimeExpr | None:
    """The time expression of `text` that dates a saying, resolved against the publication date.

    A day (`on Tuesday`, `April 29`, `yesterday`) wins over a vague period (`last week`) wherever they
    stand; a time that bounds a period (`since Oct. 7`) or dates a coming event (`to appear on
    Friday`) is not the saying's. Weekdays are the most recent such day on or before publication; a
    day and month without a year take the publication year (the year before if that would lie more
    than a week ahead); `earlier in the day` takes `anchor`, the last date the article established.
    """
    hits = saying_times(text, published, anchor)
    return next((t for t in hits if t.kind != "vague"), hits[0] if hits else None)


def saying_times(text: str, published: str | None, anchor: str | None = None) -> list[TimeExpr]:
    """The time expressions of `text` that may date a saying: not those that bound a period or date a
    coming event."""
    return [t for at, t in find_all(text, published, anchor) if not NOT_THE_SAYING.search(text[max(0, at - 40):at])]


def _iso(kind: str, m: re.Match, pub: date | None, anchor: str | None) -> str | None:
    if kind in ("month_day", "day_month", "iso"):
        month = int(m.group("m")) if kind == "iso" else _month(m.group("mon"))
        year = int(m.group("year")) if m.group("year") else (pub.year if pub else None)
        if year is None:
            return None
        d = _safe(year, month, int(m.group("day")))
        if d and pub and not m.group("year") and d > pub + timedelta(days=7):
            d = _safe(year - 1, month, int(m.group("day")))
        return d.isoformat() if d else None
    if kind == "anchor":
        return anchor or (pub.isoformat() if pub else None)
    if pub is None:
        return None
    if kind == "today":
        return pub.isoformat()
    if kind == "yesterday":
        return (pub - timedelta(days=1)).isoformat()
    if kind == "weekday":
        back = (pub.weekday() - WEEKDAYS.index(m.group("wd").lower())) % 7
        return (pub - timedelta(days=back)).isoformat()
    return None
