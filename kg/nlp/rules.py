"""The rules that find quotes: one table of each rule's kind, confidence and meaning.

Every quote record names the rule that found it (`FoundQuote.rule`, `kg:rule` in the graph) and takes
its confidence from here. The confidences are hand-set, not measured: higher where the construction ties
the words to their speaker more directly (a cue right after a quote), lower where a finder guesses.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    """A construction the finders recognise."""

    kind: str  # direct | mixed | indirect: the kind of quote it finds
    confidence: float | None  # None: the record keeps the confidence of the rule that found its clause
    description: str


RULES: dict[str, Rule] = {
    "direct:cue-after": Rule("direct", 0.9, "a cue with its speaker after the quote (`“...,” Lopez said`)"),
    "direct:cue-before": Rule("direct", 0.85, "a cue with its speaker leading up to the quote (`Lopez said:`)"),
    "direct:cue-in-paragraph": Rule("direct", 0.7, "the first cue with a speaker elsewhere in the quote's paragraph"),
    "direct:colon-attribution": Rule("direct", 0.8, "a paragraph opening with a name and a colon (`Lopez: “...”`)"),
    "direct:continues-previous-speaker": Rule(
        "direct", 0.6, "a quote opening its paragraph with no cue: the previous speaker goes on"),
    "direct:paragraph-run": Rule(
        "direct", 0.75, "a piece of a quote running over paragraphs, attributed as another piece is"),
    "direct:cue-complement": Rule("direct", 0.8, "quoted words that are the whole clause a cue reports"),
    "mixed:governing-cue": Rule("mixed", 0.8, "a quoted phrase under a cue in the parse (`called it “a farce”`)"),
    "mixed:commitment-verb": Rule(
        "mixed", 0.65, "a quoted phrase under a verb of commitment (`vowed to “fight on”`), no cue above it"),
    "mixed:cue-after": Rule("mixed", 0.75, "a quoted phrase closing a clause before the sentence's cue"),
    "mixed:reported-clause": Rule(
        "mixed", None, "a reported clause holding quoted words (it keeps its indirect rule's confidence)"),
    "indirect:speech-verb": Rule("indirect", 0.75, "the clause a speech verb reports (`said that X`)"),
    "indirect:cognition-verb": Rule(
        "indirect", 0.6, "the clause of a belief verb under a speech verb (`told reporters he believed X`)"),
    "indirect:question": Rule("indirect", 0.75, "a reported question (`asked whether X`); asserts nothing"),
    "indirect:infinitive": Rule("indirect", 0.75, "the infinitive a cue reports (`threatened to sue`)"),
    "indirect:gerund": Rule("indirect", 0.75, "the gerund of a charge (`accused X of spreading lies`)"),
    "indirect:object-clause": Rule(
        "indirect", 0.75, "a clause parsed as the cue's object and a verb after it (`claimed X caused Y`)"),
    "indirect:source-phrase": Rule("indirect", 0.75, "a clause attributed by `according to X` or `as stated by X`"),
    "mixed:source-phrase": Rule("mixed", 0.75, "a clause with quoted words attributed by `according to X`"),
}


def confidence(name: str) -> float:
    """The confidence of a rule that sets its own."""
    value = RULES[name].confidence
    if value is None:
        raise ValueError(f"rule {name!r} takes the confidence of the rule that found its clause")
    return value
