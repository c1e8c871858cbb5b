"""Quote variants: one remark quoted in different words by different articles -- by the same speaker (under
any spelling of the name, a translation), or, for a long remark quoted almost word for word, under two
speaker names.

Quotes are compared block by block: the quotes of one speaker (`("speaker", key)`), and long quotes
sharing four words in a row under different speakers (`("words", four words)`); a block's variants
depend on its members only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable
from datetime import date
from difflib import SequenceMatcher

from ..ids import Iris
from ..model import Contradiction, Quote
from ..resources.semantics import Semantics
from . import confidence
from .reading import WORD, content_terms
from .context import Ctx, day, days_apart, focused_pairs, outlet, quote_side, short, window_pairs
from .settings import DetectionSettings


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'"))


QUOTED = re.compile(r"“[^”]+”|\"[^\"]+\"|‘[^’]+’|(?<!\w)'[^']+'(?!\w)")


def _spoken_words(q: Quote) -> list[str]:
    """The speaker's own words: a mixed quote spans its reported clause, only its quoted parts are verbatim."""
    return _words(" ".join(QUOTED.findall(q.quote)) if q.kind == "mixed" else q.quote)


def best_window_match(short: list[str], long: list[str]) -> int:
    """How many words of the shorter list match, in order, its best-aligned window of the longer one."""
    n = len(short)
    best = 0
    for size in (n, n + 1, n + 2):
        for i in range(0, max(1, len(long) - size + 1)):
            blocks = SequenceMatcher(None, short, long[i:i + size], autojunk=False).get_matching_blocks()
            best = max(best, sum(b.size for b in blocks))
    return best


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def speaker_key(q: Quote) -> str:
    """Who a quote is by, across spellings: a person by surname (`Kate Olsen`, `Katherine Olsen`)."""
    words = q.speaker.lower().split()
    return words[-1] if q.speaker_type == "person" and len(words) > 1 else q.speaker.lower()


def _term_share(a: str, b: str, sem: Semantics) -> tuple[int, float]:
    """Content terms two versions share, and their share of the shorter version's (translations of one
    remark keep the content words while the function words change)."""
    ta, tb = set(content_terms(WORD.findall(a), sem)), set(content_terms(WORD.findall(b), sem))
    shared = len(ta & tb)
    return shared, shared / max(1, min(len(ta), len(tb)))


def _variant(a: Quote, b: Quote, words_a: list[str], words_b: list[str], same_speaker: bool,
             sem: Semantics, s: DetectionSettings) -> float | None:
    """How closely two quotes render one remark (None when they are not two versions of one remark)."""
    if a.doc == b.doc or not _compatible(a.date, b.date) or not _same_venue(a.venue, b.venue):
        return None
    if set(a.parties) != set(b.parties) and a.parties and b.parties:
        return None  # the same sentence about another country is another remark
    short, long = (words_a, words_b) if len(words_a) <= len(words_b) else (words_b, words_a)
    if len(short) < s.variant_min_words or " ".join(short) in " ".join(long):
        return None
    if sum((Counter(short) & Counter(long)).values()) >= s.variant_min_ratio * len(short):
        matched = best_window_match(short, long)
        ratio = matched / len(short)
        if same_speaker and matched >= s.variant_min_words - 1 and ratio >= s.variant_min_ratio:
            return ratio
        if len(short) >= s.other_speaker_min_words and ratio >= s.other_speaker_ratio:
            return ratio
    if same_speaker:
        shared, share = _term_share(a.quote, b.quote, sem)
        if shared >= s.variant_min_shared_terms and share >= s.variant_min_term_share:
            return share
    return None


def _same_venue(a: str | None, b: str | None) -> bool:
    """Venues agree when one is unknown or they share a word (`Netanyahu`, `Prime Minister Netanyahu`)."""
    return a is None or b is None or bool(set(_words(a)) & set(_words(b)))


def claim_day(q: Quote, ctx: dict[str, Ctx]) -> date | None:
    """The day a quote was said: its own date, else its article's."""
    return day(q.date) or ctx[q.doc].published


class Variants:
    """The quote-variant rule over quoted remarks (direct and mixed), with each one's words read once."""

    def __init__(self, ctx: dict[str, Ctx], iris: Iris, sem: Semantics, s: DetectionSettings):
        self.ctx, self.iris, self.sem, self.s = ctx, iris, sem, s
        self.words: dict[int, list[str]] = {}
        self.speakers: dict[int, str] = {}
        self.tested: dict[tuple[int, int], Contradiction | None] = {}

    def _words_of(self, q: Quote) -> list[str]:
        if id(q) not in self.words:
            self.words[id(q)] = _spoken_words(q)
        return self.words[id(q)]

    def _speaker(self, q: Quote) -> str:
        if id(q) not in self.speakers:
            self.speakers[id(q)] = speaker_key(q)
        return self.speakers[id(q)]

    def keys(self, q: Quote) -> set[Hashable]:
        """The blocks of a quote: its speaker, and each four words in a row of a long one."""
        if q.kind not in ("direct", "mixed"):
            return set()
        w = self._words_of(q)
        grams = {("words", tuple(w[k:k + 4])) for k in range(len(w) - 3)} \
            if len(w) >= self.s.other_speaker_min_words else set()
        return {("speaker", self._speaker(q)), *grams}

    def compare(self, key: Hashable, group: list[Quote], focus: set[int] | None = None) -> list[Contradiction]:
        """The variants among one block's quotes (`focus`: only of the pairs with a quote whose id is in it)."""
        if key[0] == "speaker":
            days = [claim_day(q, self.ctx) for q in group]
            pairs = [(a, b, True) for a, b in ((group[i], group[j]) for i, j in
                                               window_pairs(days, self.s.variant_window_days))
                     if focus is None or id(a) in focus or id(b) in focus]
        else:
            pairs = [(a, b, False) for a, b in focused_pairs(group, focus) if self._speaker(a) != self._speaker(b)]
        out = []
        for a, b, same in pairs:
            if (id(a), id(b)) not in self.tested:
                self.tested[(id(a), id(b))] = self._pair(a, b, same)
            if self.tested[(id(a), id(b))] is not None:
                out.append(self.tested[(id(a), id(b))])
        return out

    def _pair(self, a: Quote, b: Quote, same: bool) -> Contradiction | None:
        ctx = self.ctx
        apart = days_apart(claim_day(a, ctx), claim_day(b, ctx))
        if apart is not None and apart > self.s.variant_window_days:
            return None
        ratio = _variant(a, b, self._words_of(a), self._words_of(b), same, self.sem, self.s)
        if ratio is None:
            return None
        who = a.speaker if a.speaker == b.speaker else f"{a.speaker} / {b.speaker}"
        return Contradiction(
            "quote_variant", quote_side(a), quote_side(b),
            f"{who} quoted as “{short(a.quote, 70)}” by {outlet(a.doc, ctx)} and as "
            f"“{short(b.quote, 70)}” by {outlet(b.doc, ctx)} (word match {ratio:.0%})", confidence.variant(ratio),
            str(self.iris.quote(a.speaker, a.quote)), str(self.iris.quote(b.speaker, b.quote)))
