"""Reading articles: decoding, article metadata (manifest, front matter, inference from page text),
and masking of page clutter and repeated blocks.

Offsets always refer to `Article.text`, the file's text as decoded. Clutter is never cut out: it is
listed in `Article.masked`, and `masked_text` blanks it with spaces so the NLP sees clean prose at the
same offsets.
"""

from __future__ import annotations

import codecs
import csv
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlparse

import charset_normalizer

from ..errors import KgError
from ..ids import slug
from ..model import Article
from ..resources.lexicon import Lexicon, lexicon as packaged_lexicon

T = TypeVar("T")

MANIFEST_NAMES = ("sources.csv", "manifest.csv")
DEFAULT_MAX_BYTES = 5 * 2**20
MAX_BYTES_CEILING = 100_000_000  # the spaCy pipeline's max_length (kg.nlp.loader) covers any article up to this
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIX = ".jsonl"
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))  # not expected in text
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
META_FIELDS = ("url", "outlet", "author", "published", "headline")
IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)(?:[?#].*)?$|/img[-_/]", re.IGNORECASE)
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
# Binary formats by their first bytes, checked before any encoding is guessed (PNG, JPEG, GIF, PDF, ZIP
# and the formats built on it, gzip, bzip2, xz, 7-Zip, ELF, WebP/WAV/AVI (RIFF), OLE2 (old Office), SQLite).
MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
         b"\xfd7zXZ\x00", b"7z\xbc\xaf", b"\x7fELF", b"RIFF", b"\xd0\xcf\x11\xe0", b"SQLite format 3\x00")


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


def looks_binary(data: bytes) -> bool:
    """Bytes that are not text: a known binary format's signature, a NUL byte, or many control characters
    near the start."""
    if data.startswith(MAGIC):
        return True
    head = data[:8192]
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return b"\x00" in head or controls > len(head) // 10


def normalise_newlines(text: str) -> str:
    """Windows (CR LF) and old Mac (CR) line endings as LF, as Python's text mode reads them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, name: str) -> tuple[str, str | None]:
    """A file's text (BOM dropped, newlines normalised) and the encoding detected when it was not UTF-8."""
    encoding = None
    if data.startswith(UTF16_BOMS):
        encoding = "utf-16"
    elif looks_binary(data):
        raise InputError(name, "looks like a binary file, not an article")
    try:
        text = data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError:
        match = charset_normalizer.from_bytes(data).best()
        if match is None:
            raise InputError(name, "not text in any encoding we recognise") from None
        text, encoding = str(match), match.encoding
    if not text.strip():
        raise InputError(name, "the file is empty")
    return normalise_newlines(text), encoding


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
        title = _is_title_like(line) and not _is_attribution_headline(line, lex)
        if any(p.search(line) for p in lex.clutter) or title or key in seen:
            spans.append((start, end))
        if len(key.split()) >= 6:
            seen.add(key)
    return spans


DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z .'-]{2,30}(?:,\s+[A-Z][\w.]+)?)"          # BEIJING, WASHINGTON, D.C.
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?"           # , March 12
    r"(?:\s+\((?P<agency>[A-Z][\w .&-]{1,30})\))?"                    # (Reuters)
    r"\s+[–—-]{1,2}\s+(?=\S)", re.MULTILINE)


# A dated dateline with a colon or `.-` (`LONDON, SEPT 4:`, `Jerusalem, Oct 18 (EFE).-`).
DATED_DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Za-z .'-]{2,30}(?:,\s+[A-Z][\w.]+)?,\s+(?:[A-Z][a-z]{2,8}|[A-Z]{3,9})\.?\s+\d{1,2}"
    r"(?:,\s+\d{4})?(?:\s+\([A-Z][\w .&-]{1,30}\))?\s*(?::|\.-|[–—-]{1,2}))\s+(?=\S)", re.MULTILINE)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """A dateline (`BEIJING –`, `LONDON, March 12 (Reuters) -`, `LONDON, SEPT 4:`) opening a
    paragraph: metadata, not the subject of the sentence."""
    return sorted({(m.start(1), m.end()) for pattern in (DATELINE, DATED_DATELINE) for m in pattern.finditer(text)})


BULLET = re.compile(r"^[ \t]*([•▪◦‣·●*]|-(?=\s))[ \t]+(?=\S)", re.MULTILINE)


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


CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\b\.?)?|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)


def _is_headline_like(line: str, lex: Lexicon) -> bool:
    """A title-like line of at least four words that could be a headline: no page clutter, no date or time
    (`Tuesday, 5 September, 2023, 1:23 PM` is a timestamp), mostly words rather than numbers."""
    words = line.split()
    return (_is_title_like(line) and len(words) >= 4 and sum(w[0].isalpha() for w in words) * 2 > len(words)
            and parse_date(line) is None and not CLOCK_TIME.search(line)
            and not any(p.search(line) for p in lex.clutter))


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


Warn = Callable[[str], None]


def _published(given: str | None, inferred: str | None, warn: Warn | None) -> str | None:
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


def article_from_text(text: str, doc_id: str, path: str = "", meta: dict[str, str] | None = None,
                      warn: Warn | None = None, lex: Lexicon | None = None) -> Article:
    """An Article from decoded text: metadata = explicit `meta` over front matter over inference; `warn` is
    told about metadata that cannot be used; clutter is masked by the lexicon `lex` (default: the packaged one)."""
    front, front_span = _front_matter(text)
    inferred = infer_metadata(text, lex)
    merged = {**inferred, **front, **(meta or {})}
    merged["published"] = _published({**front, **(meta or {})}.get("published"), inferred.get("published"), warn)
    masked = clutter_spans(text, lex) + dateline_spans(text) + bullet_spans(text)
    if front_span:
        masked.insert(0, front_span)
    return Article(doc_id=doc_id, text=text, path=path, masked=tuple(masked),
                   url=merged.get("url"), outlet=merged.get("outlet"), author=merged.get("author"),
                   published=merged.get("published"), headline=merged.get("headline"),
                   dateline=merged.get("dateline"))


def _check_size(size: int, limit: int, name: str, what: str = "the file") -> None:
    """An InputError when `size` bytes are over the --max-bytes limit."""
    if size > limit:
        raise InputError(name, f"{what} is {size:,} bytes, over the limit of {limit:,} (--max-bytes)")


def html_article(page: str, doc_id: str, path: str, meta: dict[str, str] | None = None,
                 warn: Warn | None = None, lex: Lexicon | None = None) -> Article:
    """An Article from a saved web page: its main text and metadata, extracted by trafilatura."""
    import trafilatura  # (about 0.4 s) imported only when a web page is read

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise InputError(path, "no article text found in the page")
    found = {"headline": doc.title, "author": doc.author, "published": doc.date,
             "outlet": doc.sitename, "url": doc.url}
    found = {k: v for k, v in found.items() if v}
    return article_from_text(normalise_newlines(doc.text), doc_id, path, {**found, **(meta or {})}, warn, lex)


def jsonl_article(line: str, path: str, warn: Warn | None = None, lex: Lexicon | None = None) -> Article:
    """An Article from one JSONL record: {"id", "text", "url", "outlet", "author", "published"}."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise InputError(path, "not a JSON object")
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool) or not str(doc_id).strip():
        raise InputError(path, 'no "id" (a string or a number)')
    if not isinstance(text, str) or not text.strip():
        raise InputError(path, 'no "text", or the text is empty')
    meta = {k: v.strip() for k in META_FIELDS if isinstance(v := record.get(k), str) and v.strip()}
    return article_from_text(normalise_newlines(text), str(doc_id).strip(), path, meta, warn, lex)


class InputError(KgError):
    """One input that cannot be read: the file (with a line number for JSONL) and what is wrong."""

    def __init__(self, path: str | Path, message: str):
        super().__init__(f"{path}: {message}")
        self.path, self.message = str(path), message


@dataclass(frozen=True)
class Problem:
    """An input that was skipped, or (when `skipped` is false) read with a warning."""

    path: str
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{'skipped' if self.skipped else 'warning:'} {self.path}: {self.message}"


@dataclass
class Reader:
    """Reads articles from .txt files, saved .html pages, .jsonl collections and directories of them.

    A bad input is recorded in `problems` (and passed to `on_problem`) and skipped, or raised when
    `strict`; warnings (a file not in UTF-8) are recorded too and the article is still read.
    """

    glob: str = "*.txt"
    max_bytes: int = DEFAULT_MAX_BYTES
    strict: bool = False
    on_problem: Callable[[Problem], None] | None = None
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not 0 < self.max_bytes <= MAX_BYTES_CEILING:
            raise KgError(f"--max-bytes must be between 1 and {MAX_BYTES_CEILING:,}")

    @property
    def skipped(self) -> list[Problem]:
        """The inputs that were skipped."""
        return [p for p in self.problems if p.skipped]

    def articles(self, paths: Iterable[Path | str], lex: Lexicon | None = None) -> Iterator[Article]:
        """Every readable article under `paths`, in order, each document id once, its clutter masked by the
        lexicon `lex` (default: the packaged one)."""
        seen: dict[str, str] = {}
        manifests: dict[Path, dict[str, dict[str, str]]] = {}
        for path in self.files(paths):
            if path.parent not in manifests:
                manifests[path.parent] = load_manifest(path.parent)
            for article in self._guard(self._read, path, manifests[path.parent], lex) or ():
                key = slug(article.doc_id)
                if key in seen:
                    self._problem(InputError(article.path, f"document id {article.doc_id!r} already read from {seen[key]}"))
                    continue
                seen[key] = article.path
                yield article

    def files(self, paths: Iterable[Path | str]) -> Iterator[Path]:
        """The files named by `paths`, each once: files as given, directories searched recursively with `glob`."""
        seen: set[Path] = set()
        for path in map(Path, paths):
            if path.is_dir():
                hits = sorted(p for p in path.rglob(self.glob) if p.is_file() and p.name not in MANIFEST_NAMES)
                if not hits:
                    self._problem(InputError(path, f"no articles: no files matching {self.glob!r} in this directory"))
            elif path.exists():
                hits = [path]
            else:
                self._problem(InputError(path, "no such file or directory"))
                continue
            for hit in hits:
                if hit.resolve() not in seen:
                    seen.add(hit.resolve())
                    yield hit

    def _read(self, path: Path, manifest: dict[str, dict[str, str]], lex: Lexicon | None) -> list[Article]:
        """The articles of one file, by its kind (.jsonl, .html/.htm, anything else as text)."""
        suffix = path.suffix.lower()
        if suffix == JSONL_SUFFIX:
            return list(self._read_jsonl(path, lex))
        try:
            _check_size(path.stat().st_size, self.max_bytes, str(path))
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot read ({exc.strerror})") from None
        text, encoding = decode(data, str(path))
        if encoding:
            self._problem(InputError(path, f"not UTF-8: decoded as {encoding}"), skipped=False)
        if suffix in HTML_SUFFIXES:
            return [html_article(text, path.stem, str(path), manifest.get(path.stem), self._warner(path), lex)]
        return [article_from_text(text, path.stem, str(path), manifest.get(path.stem), self._warner(path), lex)]

    def _read_jsonl(self, path: Path, lex: Lexicon | None) -> Iterator[Article]:
        """The articles of a JSONL file, one per line; a bad line is reported with its number and skipped."""
        any_line = False
        try:
            with path.open("rb") as fh:
                if looks_binary(fh.read(8192)):
                    raise InputError(path, "looks like a binary file, not JSONL")
                fh.seek(0)
                for number, raw in enumerate(fh, 1):
                    if not raw.strip() or number == 1 and raw.strip() == codecs.BOM_UTF8:
                        continue
                    any_line = True
                    where = f"{path}:{number}"
                    article = self._guard(self._jsonl_line, raw, number, where, lex)
                    if article is not None:
                        yield article
        except OSError as exc:
            raise InputError(path, f"cannot read ({exc.strerror})") from None
        if not any_line:
            raise InputError(path, "the file is empty")

    def _jsonl_line(self, raw: bytes, number: int, where: str, lex: Lexicon | None) -> Article:
        """One JSONL line as an Article (UTF-8, within the size limit)."""
        _check_size(len(raw), self.max_bytes, where, "the line")
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(where, f"not valid UTF-8 (byte {exc.start})") from None
        return jsonl_article(line, where, self._warner(where), lex)

    def _warner(self, where: str | Path) -> Warn:
        """A function that records a warning about the input `where` (the article is still read)."""
        return lambda message: self._problem(InputError(where, message), skipped=False)

    def _guard(self, func: Callable[..., T], *args: object) -> T | None:
        """`func(*args)`, or None after reporting the InputError it raised."""
        try:
            return func(*args)
        except InputError as exc:
            self._problem(exc)
            return None

    def _problem(self, exc: InputError, skipped: bool = True) -> None:
        """Record a problem and tell `on_problem`; a skipped input is fatal when strict."""
        if skipped and self.strict:
            raise exc
        problem = Problem(exc.path, exc.message, skipped)
        self.problems.append(problem)
        if self.on_problem is not None:
            self.on_problem(problem)
