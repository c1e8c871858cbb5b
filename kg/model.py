"""Record types that flow between the stages: articles, quotes, claims, figures, contradictions."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def record_dict(record: Any) -> dict[str, Any]:
    """A flat record's fields as a dict (its tuples kept: `json` writes them as lists), without the deep
    copy `dataclasses.asdict` makes."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


@dataclass(frozen=True)
class Article:
    """One article: its text exactly as decoded from the file, and what is known about it."""

    doc_id: str
    text: str
    path: str = ""
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date
    headline: str | None = None
    dateline: str | None = None
    # Character ranges (start, end) of the text that are page clutter or repeated blocks: masked for NLP.
    masked: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Quote:
    """One attributed quotation, in the JSONL schema of tests/data/SCHEMA.md plus provenance fields."""

    doc: str
    quote: str
    start: int
    end: int
    speaker: str
    speaker_mention: str
    cue: str | None
    kind: str  # direct | mixed | indirect
    venue: str | None = None
    date: str | None = None
    confidence: float = 0.5
    venue_kind: str | None = None  # broadcast | legislative | event | place | social
    rule: str = ""
    speaker_type: str = "person"  # person | organization | group
    co_speakers: tuple[str, ...] = ()
    reported_via: str | None = None
    polarity: str = "positive"  # positive | negative: whether the reported claim is negated
    modal: bool = False  # the claim is hedged or about the future (will, could, may)
    topics: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()  # country codes the quote names (China, U.S., Chinese)

    def to_json(self) -> dict[str, Any]:
        """The record as a JSON-ready dict (tuples become lists)."""
        d = record_dict(self)
        d["co_speakers"] = list(self.co_speakers)
        d["topics"] = list(self.topics)
        d["parties"] = list(self.parties)
        return d


@dataclass(frozen=True)
class Denial:
    """A reported denial: `speaker` is said to deny or dispute the claim made in quote `target`."""

    doc: str
    text: str
    start: int
    end: int
    speaker: str
    speaker_mention: str
    cue: str
    target_start: int
    target_end: int
    speaker_type: str = "organization"


@dataclass(frozen=True)
class Figure:
    """A figure stated in an article: a value with what it measures (who imposes it on whom)."""

    doc: str
    text: str  # the sentence it stands in
    start: int  # offsets of the number itself
    end: int
    value: float
    unit: str  # percent | times | ...
    measure: str  # e.g. tariff
    imposer: str | None = None  # a country code or entity name
    target: str | None = None
    role: str = "level"  # level | from | to
    approximate: bool = False
    sentence_start: int = 0
    sentence_end: int = 0


@dataclass(frozen=True)
class Side:
    """One side of a contradiction, located in its article's text."""

    doc: str
    start: int
    end: int
    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class Contradiction:
    """Two accounts that disagree, with the kind of disagreement and why we think so."""

    type: str  # reported_denial | conflicting_claims | conflicting_figures | quote_variant
    a: Side
    b: Side
    explanation: str
    confidence: float
    a_node: str = ""  # IRIs of the two sides' nodes in the graph, when known
    b_node: str = ""
    a_evidence: tuple[Side, ...] = ()  # every place side a's statement appears (wire copies, repeats)
    b_evidence: tuple[Side, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The JSON object of `kg contradictions --format json`: each side with its evidence list."""
        return {
            "type": self.type,
            "a": {**record_dict(self.a), "evidence": [_evidence(e) for e in self.a_evidence or (self.a,)]},
            "b": {**record_dict(self.b), "evidence": [_evidence(e) for e in self.b_evidence or (self.b,)]},
            "explanation": self.explanation,
            "confidence": round(self.confidence, 3),
        }


def _evidence(side: Side) -> dict[str, Any]:
    return {"doc": side.doc, "start": side.start, "end": side.end, "text": side.text}


@dataclass
class ArticleResult:
    """Everything extracted from one article."""

    article: Article
    quotes: list[Quote] = field(default_factory=list)
    denials: list[Denial] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
