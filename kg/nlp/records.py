"""The records our components hand to attribution: mentions, quotes, denials and figures, typed.

The components put them on the Doc as plain data (`to_data()`: dicts, lists and scalars), because
`nlp.pipe(..., n_process=N)` ships docs between processes with msgpack, which knows no classes; the
readers here (`quotes_of(doc)`, ...) and `merge_blocks` turn that data back into these records. Offsets
are character offsets into the text the pipeline saw; `para` counts the text's paragraphs (non-blank lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc

CHAIN_STRIDE = 1_000_000  # chain ids of block k start at k * this: a block has far fewer quote marks
EXTENSIONS = ("kg_quotes", "kg_mentions", "kg_denials", "kg_figures")  # what kg_quotes and kg_figures fill

for _name in EXTENSIONS:  # registered once, at import
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

Data = dict[str, Any]  # a record as plain data on the Doc (msgpack-serialisable), never read as such


def _fields(record: Any) -> Data:
    """A record's fields as a dict, values as they are (a slotted dataclass's slots are its fields)."""
    return {name: getattr(record, name) for name in record.__slots__}


def _shift(at: int | None, by: int) -> int | None:
    return None if at is None else at + by


@dataclass(frozen=True, slots=True)
class Mention:
    """A noun phrase that names a speaker or can be the antecedent of a pronoun or description."""

    start: int
    end: int
    text: str  # the name-like noun phrase (`the central bank governor`, `Ines Moreau`)
    role: str  # its dependency (`nsubj`) or the preposition it follows (`by`, `to`)
    of_plural: str | None  # the plural after `of` (`dozens of players` -> `players`)
    head: str  # the head word as written
    head_lemma: str  # its lower-case lemma
    ner: str  # the tagger's entity label of the head, or ""
    pron: bool  # the head is a pronoun
    pos: str  # part of speech of the head, names the tagger missed taken as PROPN
    tag: str  # fine-grained tag of the head
    plural: bool
    sent: int  # where its sentence starts
    person: str | None  # the tagger's PERSON name around the head
    document: bool  # a document noun that can speak for its author (`the letter`)
    subject: bool = False  # antecedents only: the subject of its clause
    agentive: bool = False  # antecedents only: the source of `according to`
    main: bool = False  # antecedents only: the subject of its sentence's root
    para: int | None = None  # antecedents only: its paragraph

    def to_data(self) -> Data:
        return _fields(self)

    @classmethod
    def from_data(cls, data: Data) -> Mention:
        return cls(**data)

    def shifted(self, by: int, para_by: int) -> Mention:
        """The mention with its offsets moved by `by` characters and `para_by` paragraphs."""
        return replace(self, start=self.start + by, end=self.end + by, sent=self.sent + by,
                       para=_shift(self.para, para_by))


@dataclass(frozen=True, slots=True)
class Claim:
    """What a reported clause asserts, for contradiction detection."""

    polarity: str = "positive"  # positive | negative
    modal: bool = False  # hedged, conditional or a question
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FoundQuote:
    """A direct, mixed or indirect quote found by `kg_quotes`, before its speaker is resolved."""

    start: int  # the quoted or reported words
    end: int
    kind: str  # direct | mixed | indirect
    cue: str | None  # the cue as written (`said`, `pointed out`, `according to`)
    cue_start: int | None
    speaker: Mention | None  # None: the previous speaker goes on
    co_speakers: tuple[Mention, ...]  # coordinated speakers (`Park and Lindqvist said`)
    rule: str  # a name of kg.nlp.rules.RULES
    confidence: float
    para: int
    window: tuple[tuple[int, int], ...]  # the attribution clause, where venue and date are looked for
    chain: int = -1  # pieces of one quote running over paragraphs share a chain id
    claim: Claim = field(default_factory=Claim)

    def to_data(self) -> Data:
        return {**_fields(self), "speaker": None if self.speaker is None else self.speaker.to_data(),
                "co_speakers": [c.to_data() for c in self.co_speakers], "claim": _fields(self.claim)}

    @classmethod
    def from_data(cls, data: Data) -> FoundQuote:
        speaker = data["speaker"]
        claim = data["claim"]
        return cls(**{**data, "speaker": None if speaker is None else Mention.from_data(speaker),
                      "co_speakers": tuple(Mention.from_data(c) for c in data["co_speakers"]),
                      "window": tuple((s, e) for s, e in data["window"]),
                      "claim": Claim(claim["polarity"], claim["modal"], tuple(claim["topics"]))})

    def shifted(self, by: int, para_by: int, block: int) -> FoundQuote:
        """The quote as found in block `block` of an article, whose text starts `by` characters and
        `para_by` paragraphs into it."""
        return replace(self, start=self.start + by, end=self.end + by, cue_start=_shift(self.cue_start, by),
                       para=self.para + para_by, window=tuple((s + by, e + by) for s, e in self.window),
                       speaker=None if self.speaker is None else self.speaker.shifted(by, para_by),
                       co_speakers=tuple(c.shifted(by, para_by) for c in self.co_speakers),
                       chain=self.chain if self.chain < 0 else self.chain + block * CHAIN_STRIDE)


@dataclass(frozen=True, slots=True)
class FoundDenial:
    """A reported denial of the quote before it (`which officials denied`)."""

    start: int
    end: int
    cue: str
    speaker: Mention
    target_start: int  # the denied quote
    target_end: int

    def to_data(self) -> Data:
        return {**_fields(self), "speaker": self.speaker.to_data()}

    @classmethod
    def from_data(cls, data: Data) -> FoundDenial:
        return cls(**{**data, "speaker": Mention.from_data(data["speaker"])})

    def shifted(self, by: int, para_by: int) -> FoundDenial:
        return replace(self, start=self.start + by, end=self.end + by, speaker=self.speaker.shifted(by, para_by),
                       target_start=self.target_start + by, target_end=self.target_end + by)


@dataclass(frozen=True, slots=True)
class FoundFigure:
    """A figure found by `kg_figures`: a value with a unit and what it measures."""

    start: int  # the number (or, for a sum, both numbers)
    end: int
    value: float
    unit: str  # percent | times | count
    measure: str
    imposer: str | None
    target: str | None
    role: str  # level | from | to | part | sum | earlier | threatened
    approximate: bool
    sentence_start: int
    sentence_end: int

    def to_data(self) -> Data:
        return _fields(self)

    @classmethod
    def from_data(cls, data: Data) -> FoundFigure:
        return cls(**data)

    def shifted(self, by: int) -> FoundFigure:
        return replace(self, start=self.start + by, end=self.end + by, sentence_start=self.sentence_start + by,
                       sentence_end=self.sentence_end + by)


def quotes_of(doc: Doc) -> list[FoundQuote]:
    """The quotes `kg_quotes` put on a Doc."""
    return [FoundQuote.from_data(d) for d in doc._.kg_quotes or []]


def mentions_of(doc: Doc) -> list[Mention]:
    """The antecedent mentions `kg_quotes` put on a Doc."""
    return [Mention.from_data(d) for d in doc._.kg_mentions or []]


def denials_of(doc: Doc) -> list[FoundDenial]:
    """The denials `kg_quotes` put on a Doc."""
    return [FoundDenial.from_data(d) for d in doc._.kg_denials or []]


def figures_found(doc: Doc) -> list[FoundFigure]:
    """The figures `kg_figures` put on a Doc."""
    return [FoundFigure.from_data(d) for d in doc._.kg_figures or []]


@dataclass(frozen=True, slots=True)
class Extracted:
    """What the components found in one article, merged over its blocks; offsets refer to `text`,
    the masked article text the pipeline saw."""

    text: str
    quotes: list[FoundQuote]
    mentions: list[Mention]
    denials: list[FoundDenial]
    figures: list[FoundFigure]


def merge_blocks(text: str, parts: list[tuple[int, int, Doc]]) -> Extracted:
    """One article's findings from docs of its blocks: (char offset, paragraph offset, doc) each."""
    quotes: list[FoundQuote] = []
    mentions: list[Mention] = []
    denials: list[FoundDenial] = []
    figures: list[FoundFigure] = []
    for block, (by, para_by, doc) in enumerate(parts):
        quotes += [q.shifted(by, para_by, block) for q in quotes_of(doc)]
        mentions += [m.shifted(by, para_by) for m in mentions_of(doc)]
        denials += [d.shifted(by, para_by) for d in denials_of(doc)]
        figures += [f.shifted(by) for f in figures_found(doc)]
    return Extracted(text, quotes, mentions, denials, figures)


def from_doc(doc: Doc) -> Extracted:
    """The findings of a single parsed text."""
    return merge_blocks(doc.text, [(0, 0, doc)])
