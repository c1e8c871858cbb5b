"""Bytes to text: binary files refused by their signature, the encoding detected, newlines normalised."""

from __future__ import annotations

import codecs

import charset_normalizer

from .problems import InputError

CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))  # not expected in text
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Binary formats by their first bytes, checked before any encoding is guessed (PNG, JPEG, GIF, PDF, ZIP
# and the formats built on it, gzip, bzip2, xz, 7-Zip, ELF, WebP/WAV/AVI (RIFF), OLE2 (old Office), SQLite).
MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
         b"\xfd7zXZ\x00", b"7z\xbc\xaf", b"\x7fELF", b"RIFF", b"\xd0\xcf\x11\xe0", b"SQLite format 3\x00")


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
