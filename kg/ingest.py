"""Reading articles: decoding, article metadata (manifest, front matter, inference from page text),
and masking of page clutter and repeated blocks.

Offsets always refer to `Article.text`, the file's text as decoded. Clutter is never cut out: it is
listed in `Article.masked`, and `masked_text` blanks it with spaces so the NLP sees clean prose at the
same offsets.
"""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

from .errors import KgError
from .lexicon import lexicon
from .model import Article

MANIFEST_NAMES = ("sources.csv", "manifest.csv")
META_FIELDS = ("url", "outlet", "author", "published", "headline")
IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)(?:[?#].*)?$|/img[-_/]", re.IGNORECASE)
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE_PATTERNS = (
    re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH_RE})\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
)


def parse_date(text: str) -> str | None:
    """The first full date in `text` (7 May 2025, May 7, 2025, 2025-05-07) as an ISO string."""
    for pattern in DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        month = m.group("m")
        month_no = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip(".")[:4].rstrip("t")
                                                                  if month.lower().startswith("sept") else
                                                                  month.lower().rstrip(".")[:3])
        try:
            return date(int(m.group("y")), int(month_no), int(m.group("d"))).isoformat()
        except (TypeError, ValueError):
            continue
    return None


def decode(data: bytes, name: str) -> str:
    """The text of a file's bytes: UTF-8 (BOM dropped); empty, binary or undecodable input is a KgError."""
    if not data.strip():
        raise KgError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise KgError(f"{name}: looks like a binary file, not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KgError(f"{name}: not valid UTF-8 (byte {exc.start}); save the article as UTF-8") from exc
    return text


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


def _is_title_like(line: str) -> bool:
    """A short line without sentence-final punctuation: a headline, a menu item, a logo (not a
    paragraph that opens a quotation running on into the next one)."""
    words = line.split()
    return len(words) <= 16 and not re.search(r"[.!?…:\"”’)]\s*$", line) and not re.match(r"\s*[“\"«„]", line)


def clutter_spans(text: str) -> list[tuple[int, int]]:
    """Spans to mask: page clutter, title-like lines, and paragraphs the page repeats verbatim."""
    seen: set[str] = set()
    spans = []
    for start, end in paragraphs(text):
        line = text[start:end]
        key = re.sub(r"\s+", " ", line.strip().lower())
        if any(p.search(line) for p in lexicon().clutter) or _is_title_like(line) or key in seen:
            spans.append((start, end))
        if len(key.split()) >= 6:
            seen.add(key)
    return spans


DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]{2,30}(?:,\s+[A-Z][\w.]+)?)\s+[–—-]{1,2}\s+(?=\S)", re.MULTILINE)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """A dateline (`BEIJING –`) opening a paragraph: metadata, not the subject of the sentence."""
    return [(m.start(1), m.end()) for m in DATELINE.finditer(text)]


def masked_text(article: Article) -> str:
    """The article's text with masked spans blanked by spaces (line breaks kept): same length, same offsets."""
    chars = list(article.text)
    for start, end in article.masked:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def _front_matter(text: str) -> tuple[dict[str, str], tuple[int, int] | None]:
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


def infer_metadata(text: str) -> dict[str, str]:
    """Article metadata inferred from page text: outlet, author, URL, publication date, headline, dateline."""
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
    for line in lines[:6]:
        if _is_title_like(line) and len(line.split()) >= 4 and not any(p.search(line) for p in lexicon().clutter):
            meta.setdefault("headline", line.strip())
            break
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


def article_from_text(text: str, doc_id: str, path: str = "", meta: dict[str, str] | None = None) -> Article:
    """An Article from decoded text: metadata = explicit `meta` over front matter over inference."""
    front, front_span = _front_matter(text)
    merged = {**infer_metadata(text), **front, **(meta or {})}
    masked = clutter_spans(text) + dateline_spans(text)
    if front_span:
        masked.insert(0, front_span)
    return Article(doc_id=doc_id, text=text, path=path, masked=tuple(masked),
                   url=merged.get("url"), outlet=merged.get("outlet"), author=merged.get("author"),
                   published=merged.get("published"), headline=merged.get("headline"),
                   dateline=merged.get("dateline"))


def read_article(path: Path | str, manifest: dict[str, dict[str, str]] | None = None) -> Article:
    """One article file (.txt): its decoded text, metadata (the manifest beside it wins) and masks."""
    path = Path(path)
    if not path.exists():
        raise KgError(f"{path}: no such file")
    if path.is_dir():
        raise KgError(f"{path}: is a directory, not an article file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KgError(f"{path}: cannot read: {exc.strerror}") from exc
    text = decode(data, str(path))
    if manifest is None:
        manifest = load_manifest(path.parent)
    return article_from_text(text, path.stem, str(path), manifest.get(path.stem))


def find_articles(paths: list[Path | str], glob: str = "*.txt") -> list[Path]:
    """Article files named by `paths`: files as given, directories searched recursively with `glob`."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            hits = sorted(q for q in p.rglob(glob) if q.is_file() and q.name not in MANIFEST_NAMES)
            if not hits:
                raise KgError(f"{p}: no articles matching {glob!r} in this directory")
            found.extend(hits)
        elif p.exists():
            found.append(p)
        else:
            raise KgError(f"{p}: no such file or directory")
    return found


def with_metadata(article: Article, **meta: str | None) -> Article:
    """The article with some metadata fields replaced."""
    return replace(article, **meta)
