"""Publication dates written the ways pages write them, read as ISO dates."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE_PATTERNS = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])"),          # 2024-07-30, 2024-07-30T10:00:00Z
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_RE}),?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})\b"),       # 2024/07/30
    re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\b"),       # 30/07/2024, 07/30/2024
)


def _month(name: str) -> int | None:
    """A month's number from its name or abbreviation (`Sept.`, `Jul`, `July`), or None."""
    key = name.lower().rstrip(".")
    return next((n for month, n in MONTHS.items() if month.startswith(key) and len(key) >= 3), None)


def _day_month(m: re.Match) -> tuple[str | int | None, str | int | None]:
    """(day, month) of a match: named groups d and m, or numeric a/b read day first or month first when
    only one reading is a date (30/07/2024, 07/30/2024); (None, None) when both are (04/05/2024)."""
    if "a" not in m.re.groupindex:
        month = m.group("m")
        return m.group("d"), int(month) if month.isdigit() else _month(month)
    a, b = int(m.group("a")), int(m.group("b"))
    if a == b or b > 12 >= a:
        return b, a
    if a > 12 >= b:
        return a, b
    return None, None


def parse_date(text: str) -> str | None:
    """The first full date in `text` as an ISO string: ISO dates and timestamps, 30 July 2024,
    Thursday, 14 September, 2023, July 30, 2024, 2024/07/30, and 30/07/2024 or 07/30/2024 when only one
    reading is a date. Every publication date (front matter, manifest, JSONL, HTML, page lines) goes
    through here."""
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            day, month = _day_month(m)
            try:
                return date(int(m.group("y")), int(month), int(day)).isoformat()  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
    return None
