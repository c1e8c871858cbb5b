"""The input formats: an Article from decoded text (.txt), from a saved web page (.html), from one JSONL
record. Metadata given with the input (manifest row, JSONL fields, HTML metadata) wins over front matter,
which wins over what is inferred from the text."""

from __future__ import annotations

import json
import logging

from ..model import Article
from ..resources.lexicon import Lexicon
from .decode import normalise_newlines
from .metadata import META_FIELDS, front_matter, infer_metadata, published
from .problems import InputError, Warn
from .text import bullet_spans, clutter_spans, dateline_spans


def article_from_text(text: str, doc_id: str, path: str = "", meta: dict[str, str] | None = None,
                      warn: Warn | None = None, lex: Lexicon | None = None) -> Article:
    """An Article from decoded text: metadata = explicit `meta` over front matter over inference; `warn` is
    told about metadata that cannot be used; clutter is masked by the lexicon `lex` (default: the packaged one)."""
    front, front_span = front_matter(text)
    inferred = infer_metadata(text, lex)
    merged = {**inferred, **front, **(meta or {})}
    merged["published"] = published({**front, **(meta or {})}.get("published"), inferred.get("published"), warn)
    masked = clutter_spans(text, lex) + dateline_spans(text) + bullet_spans(text)
    if front_span:
        masked.insert(0, front_span)
    return Article(doc_id=doc_id, text=text, path=path, masked=tuple(masked),
                   url=merged.get("url"), outlet=merged.get("outlet"), author=merged.get("author"),
                   published=merged.get("published"), headline=merged.get("headline"),
                   dateline=merged.get("dateline"))


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
