"""Article metadata (title, author, outlet, publication date, URL, dateline): from a manifest, from front
matter, and inferred from the page text; `published` settles which date is used."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urlparse

from ..errors import KgError
from .dates import parse_date
from ..resources.lexicon import Lexicon, lexicon as packaged_lexicon
from .problems import Warn
from .text import DATELINE, is_clutter, is_title_like, paragraphs

MANIFEST_NAMES = ("sources.csv", "manifest.csv")
META_FIELDS = ("url", "outlet", "author", "published", "headline")
IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)(?:[?#].*)?$|/img[-_/]", re.IGNORECASE)
CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\b\.?)?|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)


def front_matter(text: str) -> tuple[dict[str, str], tuple[int, int] | None]:
    """The metadata fields of a `---` front matter block opening the text, and its span (None without one)."""
    m = re.match(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", text, re.DOTALL)
    if not m:
        return {}, None
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in META_FIELDS:
            meta[key.strip().lower()] = value.strip().strip('"')
    return meta, (0, m.end())


def _outlet_from_domain(url: str) -> str | None:
    host = urlparse(url).hostname or ""
    host = re.sub(r"^(www|m|amp|edition)\.", "", host)
    name = host.split(".")[0] if host else ""
    return name.capitalize() if name else None


def _is_headline_like(line: str, lex: Lexicon) -> bool:
    """A title-like line of at least four words that could be a headline: no page clutter, no date or time
    (`Tuesday, 5 September, 2023, 1:23 PM` is a timestamp), mostly words rather than numbers."""
    words = line.split()
    return (is_title_like(line) and len(words) >= 4 and sum(w[0].isalpha() for w in words) * 2 > len(words)
            and parse_date(line) is None and not CLOCK_TIME.search(line)
            and not is_clutter(line, lex))


def infer_metadata(text: str, lex: Lexicon | None = None) -> dict[str, str]:
    """Article metadata inferred from page text: outlet, author, URL, publication date, headline, dateline
    (a headline is no clutter by the patterns of `lex`; default: the packaged lexicon)."""
    lex = lex or packaged_lexicon()
    meta: dict[str, str] = {}
    lines = [text[s:e] for s, e in paragraphs(text)]
    for line in lines:
        if m := re.match(r"^\s*By\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*$", line):
            meta.setdefault("author", m.group(1))
        if m := re.search(r"originally (?:featured|published|appeared) (?:on|in|by) (?:the )?([\w.-]+(?:\s[A-Z][\w-]+)*)", line,
                          re.IGNORECASE):
            meta.setdefault("outlet", re.sub(r"\.(com|org|net|co\.uk|news)$", "", m.group(1).rstrip(".")))
        if m := re.match(r"^\s*([A-Z][\w.&' -]{1,40}?)\s*\|\s*(.+)$", line):
            if parse_date(m.group(2)):
                meta.setdefault("outlet", m.group(1).strip())
                meta.setdefault("published", parse_date(m.group(2)))
        if m := re.match(r"^\s*source\s*:\s*(.+?)\s*$", line, re.IGNORECASE):
            meta.setdefault("outlet", m.group(1))
        if m := DATELINE.match(line):
            meta.setdefault("dateline", m.group(1).strip())
            if m.group("agency"):
                meta.setdefault("outlet", m.group("agency").strip())
        for m in re.finditer(r"https?://[^\s\"'<>]+", line):
            url = m.group(0)
            if IMAGE_EXT.search(url):
                continue
            glued = re.match(r"(.*/)([A-Z][a-z]+)$", url)  # a byline glued to the URL by copy-paste
            if glued:
                url = glued.group(1)
                rest = re.match(r"\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)", line[m.end():])
                meta.setdefault("author", glued.group(2) + (" " + rest.group(1) if rest else ""))
            meta.setdefault("url", url.rstrip(".,;)"))
    for line in lines[:12]:
        if "published" not in meta and len(line.split()) <= 8 and (d := parse_date(line)):
            meta["published"] = d
    if headline := next((line.strip() for line in lines[:6] if _is_headline_like(line, lex)), None):
        meta["headline"] = headline
    if "outlet" not in meta and "url" in meta:
        if outlet := _outlet_from_domain(meta["url"]):
            meta["outlet"] = outlet
    return meta


def load_manifest(directory: Path) -> dict[str, dict[str, str]]:
    """Metadata rows of a `sources.csv` (or `manifest.csv`) in a directory, keyed by document id."""
    for name in MANIFEST_NAMES:
        path = directory / name
        if path.is_file():
            try:
                with path.open(encoding="utf-8-sig", newline="") as fh:
                    rows = list(csv.DictReader(fh))
            except (UnicodeDecodeError, csv.Error) as exc:
                raise KgError(f"{path}: cannot read the manifest: {exc}") from exc
            out = {}
            for row in rows:
                key = Path((row.get("doc") or row.get("file") or "").strip()).stem
                if key:
                    out[key] = {k: v.strip() for k, v in row.items() if k in META_FIELDS and v and v.strip()}
            return out
    return {}


def published(given: str | None, inferred: str | None, warn: Warn | None) -> str | None:
    """The publication date as an ISO string: the one given (manifest, front matter, JSONL, HTML), else the
    one inferred from the page; a given date that cannot be read is dropped with a warning."""
    if not given:
        return inferred
    if found := parse_date(given):
        return found
    if warn is not None:
        fallback = f"using {inferred}, found in the text" if inferred else "the article has no date"
        warn(f"publication date {given!r} not understood (write it as YYYY-MM-DD); {fallback}")
    return inferred
