"""The quote finders one at a time on Docs built by hand (words, tags, heads, deps, lemmas, entities of
invented sentences), with no spaCy model: what each finder finds, and what it must leave alone."""

from __future__ import annotations

import pytest
import spacy
import srsly
from spacy.tokens import Doc

from kg.nlp.context import DocContext, contiguous_longest, trim
from kg.nlp.denials import find_denials
from kg.nlp.extract import find_quotes
from kg.nlp.mentions import find_mentions
from kg.nlp.quoted import QuotedSpeech
from kg.nlp.records import CHAIN_STRIDE, FoundQuote, merge_blocks, quotes_of
from kg.nlp.reported import ReportedSpeech
from kg.nlp.rules import RULES, confidence
from kg.nlp.sources import SourcePhrases
from kg.resources.lexicon import load_lexicon

LEX = load_lexicon(None)
VOCAB = spacy.blank("en").vocab  # English lexical attributes (`is_punct`, `lower_`), no model
NO_SPACE_BEFORE = {".", ",", "”", ";", ":", "?", "!", "\n"}

# A token: (word, fine tag, coarse POS, dependency, index of its head, lemma).
Row = tuple[str, str, str, str, int, str]


def parsed(rows: list[Row], people: tuple[tuple[int, int], ...] = ()) -> Doc:
    """A Doc with this parse; `people`: token ranges the tagger would call PERSON."""
    words = [r[0] for r in rows]
    spaces = [nxt not in NO_SPACE_BEFORE and w not in ("“", "\n") for w, nxt in zip(words, words[1:] + ["."])]
    ents = ["O"] * len(rows)
    for start, end in people:
        ents[start:end] = ["B-PERSON"] + ["I-PERSON"] * (end - start - 1)
    return Doc(VOCAB, words=words, spaces=spaces, tags=[r[1] for r in rows], pos=[r[2] for r in rows],
               deps=[r[3] for r in rows], heads=[r[4] for r in rows], lemmas=[r[5] for r in rows], ents=ents)


def run(doc: Doc, *finders: type) -> DocContext:
    """The context of a Doc after these finders ran over it."""
    ctx = DocContext(doc, LEX)
    for finder in finders:
        finder(ctx).find()
    return ctx


def found(doc: Doc, *finders: type) -> list[tuple[str, str, str, str | None, float]]:
    """(rule, words, speaker mention, cue, confidence) of what these finders take, in order."""
    ctx = run(doc, *finders)
    return [(q.rule, doc.text[q.start:q.end], q.speaker.text if q.speaker else "", q.cue, q.confidence)
            for q in ctx.quotes]


# `“The plan is sound,” Lopez said.`
QUOTE_THEN_CUE: list[Row] = [
    ("“", "``", "PUNCT", "punct", 8, "“"), ("The", "DT", "DET", "det", 2, "the"),
    ("plan", "NN", "NOUN", "nsubj", 3, "plan"), ("is", "VBZ", "AUX", "ccomp", 8, "be"),
    ("sound", "JJ", "ADJ", "acomp", 3, "sound"), (",", ",", "PUNCT", "punct", 8, ","),
    ("”", "''", "PUNCT", "punct", 8, "”"), ("Lopez", "NNP", "PROPN", "nsubj", 8, "Lopez"),
    ("said", "VBD", "VERB", "ROOT", 8, "say"), (".", ".", "PUNCT", "punct", 8, "."),
]

# `Lopez said the plan had failed.`
SAID_THAT: list[Row] = [
    ("Lopez", "NNP", "PROPN", "nsubj", 1, "Lopez"), ("said", "VBD", "VERB", "ROOT", 1, "say"),
    ("the", "DT", "DET", "det", 3, "the"), ("plan", "NN", "NOUN", "nsubj", 5, "plan"),
    ("had", "VBD", "AUX", "aux", 5, "have"), ("failed", "VBN", "VERB", "ccomp", 1, "fail"),
    (".", ".", "PUNCT", "punct", 1, "."),
]


def _with_cue(rows: list[Row], at: int, word: str, lemma: str) -> list[Row]:
    out = list(rows)
    out[at] = (word, out[at][1], out[at][2], out[at][3], out[at][4], lemma)
    return out


# ---------------------------------------------------------------------------- quoted speech


def test_a_quote_with_its_cue_after_it_is_direct():
    doc = parsed(QUOTE_THEN_CUE, people=((7, 8),))
    assert found(doc, QuotedSpeech) == [("direct:cue-after", "The plan is sound,", "Lopez", "said", 0.9)]


def test_a_negated_cue_leaves_the_quote_to_the_previous_speaker():
    rows = QUOTE_THEN_CUE[:8] + [("did", "VBD", "AUX", "aux", 10, "do"), ("not", "RB", "PART", "neg", 10, "not"),
                                 ("say", "VB", "VERB", "ROOT", 10, "say"), (".", ".", "PUNCT", "punct", 10, ".")]
    rows = [(w, t, p, d, 10 if h == 8 else h, lem) for w, t, p, d, h, lem in rows]
    rows[7] = ("Lopez", "NNP", "PROPN", "nsubj", 10, "Lopez")
    assert parsed(rows).text == "“The plan is sound,” Lopez did not say."
    assert found(parsed(rows), QuotedSpeech) == [
        ("direct:continues-previous-speaker", "The plan is sound,", "", None, 0.6)]


def test_a_named_phrase_under_a_naming_verb_is_mixed():
    # `Lopez called the plan “a farce”.`
    rows: list[Row] = [
        ("Lopez", "NNP", "PROPN", "nsubj", 1, "Lopez"), ("called", "VBD", "VERB", "ROOT", 1, "call"),
        ("the", "DT", "DET", "det", 3, "the"), ("plan", "NN", "NOUN", "dobj", 1, "plan"),
        ("“", "``", "PUNCT", "punct", 6, "“"), ("a", "DT", "DET", "det", 6, "a"),
        ("farce", "NN", "NOUN", "oprd", 1, "farce"), ("”", "''", "PUNCT", "punct", 6, "”"),
        (".", ".", "PUNCT", "punct", 1, "."),
    ]
    assert found(parsed(rows), QuotedSpeech) == [("mixed:governing-cue", "a farce", "Lopez", "called", 0.8)]


def test_a_quote_running_over_paragraphs_keeps_its_speaker():
    # `Lopez said: “The plan will pass.` / `“The board is ready.”`: the first piece is left open
    rows: list[Row] = [
        ("Lopez", "NNP", "PROPN", "nsubj", 1, "Lopez"), ("said", "VBD", "VERB", "ROOT", 1, "say"),
        (":", ":", "PUNCT", "punct", 1, ":"), ("“", "``", "PUNCT", "punct", 7, "“"),
        ("The", "DT", "DET", "det", 5, "the"), ("plan", "NN", "NOUN", "nsubj", 7, "plan"),
        ("will", "MD", "AUX", "aux", 7, "will"), ("pass", "VB", "VERB", "ccomp", 1, "pass"),
        (".", ".", "PUNCT", "punct", 1, "."), ("\n", "_SP", "SPACE", "dep", 8, "\n"),
        ("“", "``", "PUNCT", "punct", 13, "“"), ("The", "DT", "DET", "det", 12, "the"),
        ("board", "NN", "NOUN", "nsubj", 13, "board"), ("is", "VBZ", "AUX", "ROOT", 13, "be"),
        ("ready", "JJ", "ADJ", "acomp", 13, "ready"), (".", ".", "PUNCT", "punct", 13, "."),
        ("”", "''", "PUNCT", "punct", 13, "”"),
    ]
    doc = parsed(rows)
    assert doc.text == "Lopez said: “The plan will pass.\n“The board is ready.”"
    assert found(doc, QuotedSpeech) == [("direct:cue-before", "The plan will pass.", "Lopez", "said", 0.85),
                                        ("direct:paragraph-run", "The board is ready.", "Lopez", "said", 0.75)]


def test_a_scare_quote_with_no_speaker_is_no_quote():
    # `The so-called “reform” failed.`
    rows: list[Row] = [
        ("The", "DT", "DET", "det", 3, "the"), ("so-called", "JJ", "ADJ", "amod", 3, "so-called"),
        ("“", "``", "PUNCT", "punct", 3, "“"), ("reform", "NN", "NOUN", "nsubj", 5, "reform"),
        ("”", "''", "PUNCT", "punct", 3, "”"), ("failed", "VBD", "VERB", "ROOT", 5, "fail"),
        (".", ".", "PUNCT", "punct", 5, "."),
    ]
    assert found(parsed(rows), QuotedSpeech) == []


# ---------------------------------------------------------------------------- reported speech


def test_the_clause_a_speech_verb_reports_is_indirect():
    assert found(parsed(SAID_THAT), ReportedSpeech) == [
        ("indirect:speech-verb", "the plan had failed", "Lopez", "said", 0.75)]


def test_a_negated_speech_verb_reports_nothing():
    rows = [(w, t, p, d, h + 2 if h >= 1 else h, lem) for w, t, p, d, h, lem in SAID_THAT]
    rows = rows[:1] + [("did", "VBD", "AUX", "aux", 3, "do"), ("not", "RB", "PART", "neg", 3, "not")] + rows[1:]
    rows[3] = ("say", "VB", "VERB", "ROOT", 3, "say")
    assert parsed(rows).text == "Lopez did not say the plan had failed."
    assert found(parsed(rows), ReportedSpeech) == []


def test_a_belief_not_voiced_by_a_speech_verb_is_no_report():
    rows = _with_cue(SAID_THAT, 1, "thinks", "think")
    assert found(parsed(rows), ReportedSpeech) == []


def test_a_denied_clause_is_reported_with_the_opposite_polarity():
    claims = {}
    for word, lemma in (("said", "say"), ("denied", "deny")):
        doc = parsed(_with_cue(SAID_THAT, 1, word, lemma))
        (q,) = run(doc, ReportedSpeech).quotes
        claims[word] = (doc.text[q.start:q.end], q.rule, q.claim.polarity)
    assert claims == {"said": ("the plan had failed", "indirect:speech-verb", "negative"),  # `fail`: a negative verb
                      "denied": ("the plan had failed", "indirect:speech-verb", "positive")}


def test_a_reported_question_asserts_nothing():
    # `Lopez asked whether the plan had failed.`
    rows = SAID_THAT[:2] + [("whether", "IN", "SCONJ", "mark", 6, "whether")] + [
        (w, t, p, d, h + 1 if h >= 2 else h, lem) for w, t, p, d, h, lem in SAID_THAT[2:]]
    rows[1] = ("asked", "VBD", "VERB", "ROOT", 1, "ask")
    doc = parsed(rows)
    (q,) = run(doc, ReportedSpeech).quotes
    assert (doc.text[q.start:q.end], q.rule, q.claim.modal) == ("whether the plan had failed", "indirect:question",
                                                                True)


# ---------------------------------------------------------------------------- source phrases

# `The plan had failed, according to Lopez.`
ACCORDING_TO: list[Row] = [
    ("The", "DT", "DET", "det", 1, "the"), ("plan", "NN", "NOUN", "nsubj", 3, "plan"),
    ("had", "VBD", "AUX", "aux", 3, "have"), ("failed", "VBN", "VERB", "ROOT", 3, "fail"),
    (",", ",", "PUNCT", "punct", 3, ","), ("according", "VBG", "VERB", "prep", 3, "accord"),
    ("to", "IN", "ADP", "prep", 5, "to"), ("Lopez", "NNP", "PROPN", "pobj", 6, "Lopez"),
    (".", ".", "PUNCT", "punct", 3, "."),
]


def test_according_to_a_person_attributes_the_clause():
    assert found(parsed(ACCORDING_TO), SourcePhrases) == [
        ("indirect:source-phrase", "The plan had failed", "Lopez", "according to", 0.75)]


def test_according_to_bare_reports_attributes_nothing():
    rows = ACCORDING_TO[:7] + [("recent", "JJ", "ADJ", "amod", 8, "recent"),
                               ("reports", "NNS", "NOUN", "pobj", 6, "report"), (".", ".", "PUNCT", "punct", 3, ".")]
    assert parsed(rows).text == "The plan had failed, according to recent reports."
    assert found(parsed(rows), SourcePhrases) == []


def test_a_clause_a_cue_reported_is_not_taken_again_by_its_source_phrase():
    # `Lopez said the plan had failed, according to the minutes.` has one report: the cue's
    rows = SAID_THAT[:6] + [(",", ",", "PUNCT", "punct", 1, ","), ("according", "VBG", "VERB", "prep", 1, "accord"),
                            ("to", "IN", "ADP", "prep", 7, "to"), ("Berg", "NNP", "PROPN", "pobj", 8, "Berg"),
                            (".", ".", "PUNCT", "punct", 1, ".")]
    assert [r[0] for r in found(parsed(rows), ReportedSpeech, SourcePhrases)] == ["indirect:speech-verb"]


# ---------------------------------------------------------------------------- mentions and denials


def test_mentions_are_subjects_and_names_outside_quote_marks():
    ctx = run(parsed(QUOTE_THEN_CUE, people=((7, 8),)))
    assert [(m.text, m.subject, m.main, m.person, m.para) for m in find_mentions(ctx)] == [
        ("Lopez", True, True, "Lopez", 0)]  # not `plan`, the subject inside the quote


def test_a_speaker_named_in_apposition_is_the_name():
    # `The governor, Ines Moreau, said the plan had failed.`
    rows: list[Row] = [
        ("The", "DT", "DET", "det", 1, "the"), ("governor", "NN", "NOUN", "nsubj", 6, "governor"),
        (",", ",", "PUNCT", "punct", 1, ","), ("Ines", "NNP", "PROPN", "compound", 4, "Ines"),
        ("Moreau", "NNP", "PROPN", "appos", 1, "Moreau"), (",", ",", "PUNCT", "punct", 1, ","),
        ("said", "VBD", "VERB", "ROOT", 6, "say"), ("the", "DT", "DET", "det", 8, "the"),
        ("plan", "NN", "NOUN", "nsubj", 10, "plan"), ("had", "VBD", "AUX", "aux", 10, "have"),
        ("failed", "VBN", "VERB", "ccomp", 6, "fail"), (".", ".", "PUNCT", "punct", 6, "."),
    ]
    doc = parsed(rows, people=((3, 5),))
    (q,) = run(doc, ReportedSpeech).quotes
    assert (q.speaker.text, q.speaker.person, q.speaker.pos) == ("Ines Moreau", "Ines Moreau", "PROPN")


def _then(first: list[Row], second: list[Row]) -> list[Row]:
    """Two sentences: the second's heads moved past the first."""
    return first + [(w, t, p, d, h + len(first), lem) for w, t, p, d, h, lem in second]


DISPUTED: list[Row] = [
    ("Officials", "NNS", "NOUN", "nsubj", 1, "official"), ("disputed", "VBD", "VERB", "ROOT", 1, "dispute"),
    ("that", "DT", "DET", "det", 3, "that"), ("account", "NN", "NOUN", "dobj", 1, "account"),
    (".", ".", "PUNCT", "punct", 1, "."),
]


def test_a_denial_of_the_account_before_it_targets_that_quote():
    doc = parsed(_then(SAID_THAT, DISPUTED))
    ctx = run(doc, ReportedSpeech)
    (denial,) = find_denials(ctx)
    assert (doc.text[denial.start:denial.end], denial.speaker.text, doc.text[denial.target_start:denial.target_end]) \
        == ("Officials disputed that account", "Officials", "the plan had failed")


def test_disputing_a_thing_named_is_no_denial_of_a_quote():
    rows = DISPUTED[:2] + [("the", "DT", "DET", "det", 3, "the"), ("figures", "NNS", "NOUN", "dobj", 1, "figure"),
                           DISPUTED[4]]
    ctx = run(parsed(_then(SAID_THAT, rows)), ReportedSpeech)
    assert len(ctx.quotes) == 1 and find_denials(ctx) == []


# ---------------------------------------------------------------------------- context, rules and records


def test_trim_drops_a_leading_that_and_trailing_punctuation():
    doc = parsed([("that", "IN", "SCONJ", "mark", 2, "that"), ("it", "PRP", "PRON", "nsubj", 2, "it"),
                  ("failed", "VBD", "VERB", "ROOT", 2, "fail"), (",", ",", "PUNCT", "punct", 2, ",")])
    assert trim(doc, 0, 4) == (1, 3)
    assert contiguous_longest([1, 2, 5, 6, 7, 9]) == (5, 8)


def test_the_window_leaves_out_the_reported_words():
    doc = parsed(SAID_THAT)
    (q,) = run(doc, ReportedSpeech).quotes
    assert [doc.text[s:e] for s, e in q.window] == ["Lopez said ", "."]


def test_every_rule_has_its_kind_as_prefix_and_a_confidence_or_its_clauses():
    assert all(name.split(":")[0] == rule.kind for name, rule in RULES.items())
    assert {name for name, rule in RULES.items() if rule.confidence is None} == {"mixed:reported-clause"}
    assert all(0 < rule.confidence <= 1 for rule in RULES.values() if rule.confidence is not None)
    with pytest.raises(ValueError):
        confidence("mixed:reported-clause")


def test_records_survive_msgpack_as_between_processes():
    doc = parsed(_then(SAID_THAT, DISPUTED))
    find_quotes(doc, LEX)
    (q,) = quotes_of(doc)
    assert FoundQuote.from_data(srsly.msgpack_loads(srsly.msgpack_dumps(q.to_data()))) == q


def test_merged_blocks_are_shifted_into_the_article():
    first, second = parsed(QUOTE_THEN_CUE, people=((7, 8),)), parsed(SAID_THAT)
    for doc in (first, second):
        find_quotes(doc, LEX)
    text = first.text + "\n" + second.text
    merged = merge_blocks(text, [(0, 0, first), (len(first.text) + 1, 1, second)])
    assert [(text[q.start:q.end], q.para, q.speaker.text, text[q.speaker.start:q.speaker.end])
            for q in merged.quotes] == [("The plan is sound,", 0, "Lopez", "Lopez"),
                                        ("the plan had failed", 1, "Lopez", "Lopez")]
    assert [(m.text, m.para) for m in merged.mentions] == [("Lopez", 0), ("Lopez", 1), ("the plan", 1)]
    assert merged.quotes[0].chain == -1 and CHAIN_STRIDE > len(text)
