"""Reading articles: `Reader` finds the input files, reads each by its kind and records what could not be read.

The steps live beside it: `decode` (bytes to text), `text` (paragraphs and masking), `dates` and `metadata`
(manifest, front matter, inference from page text), `formats` (.txt, .html, .jsonl to an Article), `problems`
(what is wrong with an input). Offsets always refer to `Article.text`, the file's text as decoded.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..errors import KgError
from ..ids import slug
from ..model import Article
from ..resources.lexicon import Lexicon
from .decode import decode, looks_binary
from .formats import article_from_text, html_article, jsonl_article
from .metadata import MANIFEST_NAMES, load_manifest
from .problems import InputError, Problem, Warn, check_size

T = TypeVar("T")

DEFAULT_MAX_BYTES = 5 * 2**20
MAX_BYTES_CEILING = 100_000_000  # the spaCy pipeline's max_length (kg.nlp.loader) covers any article up to this
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIX = ".jsonl"


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
            check_size(path.stat().st_size, self.max_bytes, str(path))
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
        check_size(len(raw), self.max_bytes, where, "the line")
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
