"""Quote marks: the spans of an article's text inside quotation marks, paragraph by paragraph."""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = "“«„"
CLOSERS = "”»"


@dataclass
class Marked:
    """A span inside quote marks: content offsets, the marks' offsets, and how it is bounded."""

    open: int
    close: int  # offset of the closing mark, or the paragraph end when unclosed
    start: int  # content start
    end: int  # content end
    para: int
    closed: bool = True
    chain: int = -1  # index of the first piece of a quote running over several paragraphs


def _straight_opens(text: str, i: int) -> bool:
    """Whether a straight double quote at i opens (start or after space/bracket, followed by non-space)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


SINGLE_OPEN = "‘'"
SINGLE_CLOSE = "’'"


def _single_opens(text: str, i: int) -> bool:
    """A single quote mark opens a quotation after a space or bracket and before a letter (not `'90s`)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–") and after.isalpha()


def _single_closes(text: str, i: int) -> bool:
    """A single quote mark closes after a word or punctuation and before a space or punctuation (an
    apostrophe sits between letters: `China’s`)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    ends = after in ".,;:!?)—–\n\r" or i + 1 == len(text)  # `players' union` is an apostrophe, `'lies'.` a mark
    return not before.isspace() and (after.isspace() or after in ".,;:!?)—–") and (before != "s" or ends)


def find_marked(text: str, paragraphs: list[tuple[int, int]]) -> list[Marked]:
    """Every span in quote marks, paragraph by paragraph; a stray mark never reaches past its paragraph.
    Double marks first; then single marks (‘…’ or '…') outside them (inside, they are nested quotes)."""
    out: list[Marked] = []
    for p, (ps, pe) in enumerate(paragraphs):
        found = _pair_double(text, ps, pe, p)
        inside = [(m.open, m.close + 1) for m in found]
        out.extend(found)
        if any(c in text[ps:pe] for c in SINGLE_OPEN):
            out.extend(m for m in _pair_single(text, ps, pe, p) if not _inside(m.open, inside))
    out.sort(key=lambda m: m.open)
    out = [m for m in out if m.end > m.start]
    _link_paragraph_runs(text, out, paragraphs)
    return [m for m in out if m.closed or m.chain >= 0 or _looks_like_lost_close(text, m, paragraphs)]


def _pair_double(text: str, ps: int, pe: int, p: int) -> list[Marked]:
    out, open_at = [], None
    for i in range(ps, pe):
        c = text[i]
        if c == '"' and open_at == i - 1 and text[open_at] in OPENERS:
            open_at = i  # `“"My sense is ...`: a doubled opening mark
        elif c in OPENERS or (c == '"' and open_at is None and _straight_opens(text, i)):
            open_at = i  # a second opener restarts: the first was stray
        elif (c in CLOSERS or c == '"') and open_at is not None:
            out.append(_marked(text, open_at, i, p, closed=True))
            open_at = None
    if open_at is not None and pe - open_at > 1:
        out.append(_marked(text, open_at, pe, p, closed=False))
    return out


def _pair_single(text: str, ps: int, pe: int, p: int) -> list[Marked]:
    """Closed single-quoted spans only: an unmatched single mark is an apostrophe."""
    out, open_at = [], None
    for i in range(ps, pe):
        c = text[i]
        if c in SINGLE_OPEN and open_at is None and _single_opens(text, i):
            open_at = i
        elif c in SINGLE_CLOSE and open_at is not None and i > open_at + 1 and _single_closes(text, i):
            out.append(_marked(text, open_at, i, p, closed=True))
            open_at = None
    return out


def _marked(text: str, open_at: int, close_at: int, para: int, closed: bool) -> Marked:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Marked(open_at, close_at, start, end, para, closed)


def _link_paragraph_runs(text: str, marks: list[Marked], paragraphs: list[tuple[int, int]]) -> None:
    """The convention of quotes over paragraphs: an unclosed quote continues in the next paragraph
    when that paragraph opens with a quote mark."""
    first_in_para = {}
    for k, m in enumerate(marks):
        first_in_para.setdefault(m.para, k)
    for k, m in enumerate(marks):
        nxt = first_in_para.get(m.para + 1)
        if m.closed or nxt is None or m.para + 1 >= len(paragraphs):
            continue
        if marks[nxt].open == paragraphs[m.para + 1][0]:
            m.chain = m.chain if m.chain >= 0 else k
            marks[nxt].chain = m.chain


def _looks_like_lost_close(text: str, m: Marked, paragraphs: list[tuple[int, int]]) -> bool:
    """An unclosed quote is kept only when it opens its paragraph and reads like a sentence."""
    return m.open == paragraphs[m.para][0] and len(text[m.start:m.end].split()) >= 4


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in spans)

