"""Extraction alone (before attribution): which spans are quotes, their kind, cue and speaker mention,
one construction per test, on sentences written for the tests (positive and negative)."""

from __future__ import annotations

import pytest

from kg.ingest.formats import article_from_text
from kg.ingest.text import masked_text
from kg.nlp.records import mentions_of, quotes_of


@pytest.fixture
def found(nlp):
    """`found(text)`: the raw quote records of the extractor, as (kind, quote, cue, mention text)."""

    def run(text: str) -> list[tuple[str, str, str | None, str | None]]:
        doc = nlp(masked_text(article_from_text(text, "t")))
        return [(q.kind, text[q.start:q.end], q.cue, q.speaker.text if q.speaker else None) for q in quotes_of(doc)]

    return run


def _one(rows):
    assert len(rows) == 1, rows
    return rows[0]


# -- the agent gate: documents speak for their authors, quantifiers for their group


def test_a_statement_speaks_with_a_speech_verb(found):
    kind, quote, cue, who = _one(found("The statement said the company would appeal the ruling next month."))
    assert (kind, quote, cue, who) == ("indirect", "the company would appeal the ruling next month", "said",
                                       "The statement")


def test_a_letter_read(found):
    kind, quote, cue, who = _one(found("“We will not pay a cent for this,” the letter read."))
    assert (kind, cue, who) == ("direct", "read", "the letter")


@pytest.mark.parametrize("text", [
    "He read the letter to the staff before the meeting began.",
    "The data suggest that prices will keep rising through the winter.",
    "She found that the hotel had closed its doors for the season.",
])
def test_reading_and_inference_verbs_are_not_cues(found, text):
    assert found(text) == []


def test_a_document_with_a_possessor_speaks_for_that_person(found):
    assert _one(found("Lopez's letter said the plan had failed badly."))[3] == "Lopez"


def test_a_document_an_author_sent(found):
    rows = found("The union's lawyer sent a letter on Monday that claimed the strike was lawful under the code.")
    assert _one(rows)[1:] == ("the strike was lawful under the code", "claimed", "The union's lawyer")


def test_quantifier_speaks_for_the_group_after_of(found):
    kind, quote, _, who = _one(found("All 12 of the striking nurses said they would stay out until Friday."))
    assert quote == "they would stay out until Friday" and who == "the striking nurses"


def test_bare_one_speaks_for_the_group_just_described(found):
    rows = found("Two guards were on duty that night. One said the gate had been left open by a visitor.")
    assert _one(rows)[1:] == ("the gate had been left open by a visitor", "said", "One")


def test_bare_number_is_not_a_speaker(found):
    assert found("Forty said the gate had been left open by a visitor.") == []


def test_institution_nouns_speak(found):
    assert _one(found("The army said the convoy was hit by a mortar round."))[3] == "The army"


def test_acronym_tagged_as_noun_is_a_name(found):
    rows = found("ZQFA also insisted that players had an obligation to attend the camp.")
    assert _one(rows)[3] == "ZQFA"


def test_list_bullet_is_not_the_subject(found):
    rows = found("Summary\n  • Lopez, speaking from Lima, told the radio station that the vote would be delayed.\n")
    assert _one(rows)[1:] == ("the vote would be delayed", "told", "Lopez")


# -- mixed quotes: one record per reported clause, spanning the clause and its quotations' marks


def test_mixed_quote_spans_the_reported_clause(found):
    rows = found("Lopez said the outage cost the firm “half a billion dollars in five days.”")
    assert _one(rows)[:3] == ("mixed", "the outage cost the firm “half a billion dollars in five days.”", "said")


def test_two_fragments_in_one_clause_give_one_record(found):
    rows = found("Ms Okafor said she was “exhausted” and “the target of a smear”.")
    assert _one(rows)[:2] == ("mixed", "she was “exhausted” and “the target of a smear”")


def test_mixed_clause_stays_in_its_paragraph(found):
    rows = found("He added that the firm had 900 servers to reset, “and they did not all come back.”\n"
                 "“We will be paid for this,” Lopez said.")
    assert [r[:2] for r in rows] == [
        ("mixed", "the firm had 900 servers to reset, “and they did not all come back.”"),
        ("direct", "We will be paid for this,")]


def test_quotation_that_is_the_whole_complement_is_direct(found):
    rows = found("The striker said “in no case did I push the referee” after the match.")
    assert _one(rows)[:2] == ("direct", "in no case did I push the referee")


@pytest.mark.parametrize("text", [
    "Lopez told CNBC's “Morning Hour” on Wednesday that sales were strong.",
    "He spoke to the mayor during the ‘unity tour’ and said sales were strong.",
])
def test_titles_and_occasions_in_marks_are_not_quotes(found, text):
    assert [r[0] for r in found(text)] == ["indirect"]


def test_phrase_in_marks_is_not_claimed_by_a_later_cue_without_a_break(found):
    rows = found("The envoy visited the port to back ‘the right to trade freely’ and assured that aid would come.")
    assert [r[:2] for r in rows] == [("indirect", "aid would come")]


# -- content that is not a that-clause


def test_threatened_to_gives_the_infinitive_phrase(found):
    rows = found("The league has threatened to take legal action against the club.")
    assert _one(rows)[:3] == ("indirect", "to take legal action against the club", "threatened")


def test_called_on_someone_to(found):
    rows = found("The mayor called on the council to release the full report.")
    assert _one(rows)[1] == "to release the full report"


def test_accused_of_gives_the_gerund_phrase(found):
    rows = found("The firm accused the airline of promoting a false account of the outage.")
    assert _one(rows)[:3] == ("indirect", "promoting a false account of the outage", "accused")


@pytest.mark.parametrize("text", [
    "The union refused to call off the strike before the holiday.",
    "The storm threatened to flood the lower town by morning.",
    "She wanted to leave the meeting early that afternoon.",
])
def test_infinitives_that_report_nothing(found, text):
    assert found(text) == []


def test_according_to_a_document(found):
    rows = found("The carrier expects a large loss this quarter, according to a regulatory filing posted on Monday.")
    assert _one(rows)[1:] == ("The carrier expects a large loss this quarter", "according to", "a regulatory filing")


@pytest.mark.parametrize("text", [
    "The carrier expects a large loss this quarter, according to recent reports.",
    "The carrier expects a large loss this quarter, according to a report.",
    "The carrier expects a large loss this quarter, according to official data.",
])
def test_according_to_unsourced_reports_or_data(found, text):
    assert found(text) == []


def test_coordinated_that_clauses_are_two_claims(found):
    rows = found("Lopez said that the plant had cost the town $5 million and that she would sue the owners.")
    assert [r[1] for r in rows] == ["the plant had cost the town $5 million", "she would sue the owners"]


def test_that_clause_after_a_direct_quote_is_its_own_record(found):
    rows = found('One official says "they are saying it came from the north," and that the shell looks old.')
    assert [r[:2] for r in rows] == [("direct", "they are saying it came from the north,"),
                                     ("indirect", "the shell looks old")]


def test_a_cue_inside_reported_speech_is_nested(found):
    rows = found("Dr Lopez said many people came later after he said the army had warned residents to leave.")
    assert rows == [("indirect", "many people came later", "said", "Dr Lopez"),
                    ("indirect", "the army had warned residents to leave", "said", "he")]  # not `warned` X


# -- formats: headlines, colon attributions, quote marks


def test_headline_with_a_reporting_verb_is_read(found):
    rows = found("Port authority insists the new crane caused the delays\n\nThe port reopened on Monday.\n")
    assert _one(rows)[1:3] == ("the new crane caused the delays", "insists")


def test_headline_without_a_reporting_verb_stays_masked(found):
    assert found("Port authority under fire after crane delays\n\nThe port reopened on Monday.\n") == []


def test_headline_does_not_run_into_the_next_line(found):
    rows = found("Mayor says budget talks stalled, blames council\n\nCouncil member Ana Ruiz said the budget was "
                 "balanced.\n")
    assert rows == [("indirect", "budget talks stalled", "says", "Mayor"),
                    ("indirect", "the budget was balanced", "said", "Council member Ana Ruiz")]


def test_colon_attribution_of_a_direct_quote(found):
    rows = found("Ana Ruiz, Radio Sur: “We will not accept these figures.”")
    assert _one(rows) == ("direct", "We will not accept these figures.", None, "Ana Ruiz")


def test_a_colon_after_a_common_word_is_not_a_speaker(found):
    assert found("Update: “We will not accept these figures.”") == []


def test_doubled_opening_mark(found):
    rows = found("“\"My sense is the platform is fragile,” he said.")
    assert _one(rows)[:2] == ("direct", "My sense is the platform is fragile,")


def test_single_marks_closing_after_s(found):
    rows = found("Militant group says army accusation over the strike is 'lies'\n\nThe group spoke on Monday.\n")
    assert _one(rows)[:2] == ("mixed", "army accusation over the strike is 'lies'")


def test_cue_hung_off_the_content_by_the_parse(found):
    rows = found("Lopez said, based on data she had seen, the blast appeared to be the result of a gas leak.")
    assert _one(rows)[1] == "the blast appeared to be the result of a gas leak"


# -- cue -> content links beyond a direct clausal complement


def test_relative_it_claims(found):
    rows = found("The club released four photos of the hug, which it claims proves the player lifted the coach.")
    assert _one(rows)[1:] == ("proves the player lifted the coach", "claims", "it")


def test_relative_that_someone_pointed_out(found):
    rows = found("He said the firm would seek damages — damages that one analyst pointed out could be enough to "
                 "sink the supplier.")
    assert rows == [("indirect", "the firm would seek damages", "said", "He"),
                    ("indirect", "could be enough to sink the supplier", "pointed out", "one analyst")]


def test_relative_clause_with_the_pronoun_as_subject_reports_nothing(found):
    assert found("The images, which show the hug, were released on Friday.") == []


def test_that_clause_parsed_as_a_relative_clause(found):
    rows = found("Spokesman Ivo Petrov told a press briefing that at the time of the blast, the army was not "
                 "flying near the school.")
    assert _one(rows)[1] == "at the time of the blast, the army was not flying near the school"


def test_subject_stranded_after_a_preposition(found):
    rows = found("The firm pushed back after chief executive Ana Ruiz last week blamed the supplier and "
                 "threatened to sue over the losses.")
    assert rows == [("indirect", "to sue over the losses", "threatened", "chief executive Ana Ruiz")]


def test_condition_stays_in_the_reported_clause(found):
    rows = found("Lopez said that if the council publishes the tallies, the opposition will accept the result.")
    assert _one(rows)[1] == "if the council publishes the tallies, the opposition will accept the result"


def test_negation_and_hedge_stay_in_the_reported_clause(found):
    rows = found("Lopez said the plant probably would not reopen before spring.")
    assert _one(rows)[1] == "the plant probably would not reopen before spring"


def test_every_piece_of_a_quote_over_paragraphs_is_a_record(found):
    rows = found("The federation said: “We will show each of the lies that were spread about the coach.\n\n"
                 "“We will also take the matter to the courts without delay.”")
    assert [r[:2] for r in rows] == [
        ("direct", "We will show each of the lies that were spread about the coach."),
        ("direct", "We will also take the matter to the courts without delay.")]


def test_negated_cue_reports_only_the_contrasted_clause(found):
    rows = found("The vendor has not suggested that the airline caused the outage, but that it should not be "
                 "blamed for the slow recovery.")
    assert _one(rows)[1] == "it should not be blamed for the slow recovery"


def test_negated_cue_alone_reports_nothing(found):
    assert found("The vendor did not say that the airline caused the outage.") == []


def test_object_then_verb_is_a_clause(found):
    rows = found("The lawyer sent a letter on Monday that claimed poor maintenance most likely caused the crash.")
    assert _one(rows)[1] == "poor maintenance most likely caused the crash"


def test_a_plain_object_is_not_a_clause(found):
    assert found("The mayor praised the volunteers and thanked the staff on Monday.") == []


def test_a_clause_set_against_another_party_is_not_the_speakers(found):
    rows = found("The health ministry claimed that the army was behind the attack but Ruritania's military "
                 "blamed a rocket fired by militants.")
    assert _one(rows)[1] == "the army was behind the attack"


def test_a_second_complement_the_parse_split_off(found):
    rows = found("He said the port would reopen only when everyone had agreed its purpose would be to “end the "
                 "blockade.”")
    assert _one(rows)[:2] == ("mixed", "the port would reopen only when everyone had agreed its purpose would be "
                                       "to “end the blockade.”")


def test_two_speakers_joined_by_and(nlp):
    from kg.ingest.formats import article_from_text
    from kg.ingest.text import masked_text

    text = "Ana Ruiz and Tomas Berg said the deal was dead."
    (q,) = quotes_of(nlp(masked_text(article_from_text(text, "t"))))
    assert q.speaker.text == "Ana Ruiz" and [c.text for c in q.co_speakers] == ["Tomas Berg"]


@pytest.mark.parametrize("dateline", ["LONDON, SEPT 4:", "Lisbon, Oct 18 (EFE).-"])
def test_dated_dateline_is_never_a_mention(nlp, dateline):
    from kg.ingest.formats import article_from_text
    from kg.ingest.text import masked_text

    doc = nlp(masked_text(article_from_text(f"{dateline} The ministry said the talks would resume.", "t")))
    assert [q.speaker.text for q in quotes_of(doc)] == ["The ministry"]
    assert not any(m.text.lower() in ("london", "lisbon") for m in mentions_of(doc))


def test_parenthetical_cue_keeps_the_whole_clause(found):
    rows = found("That culture, they said, rewards loyalty over results.")
    assert _one(rows)[1:] == ("That culture, they said, rewards loyalty over results", "said", "they")


def test_relative_clause_without_a_pronoun(found):
    rows = found("The review cited failings it said are common across the industry.")
    assert _one(rows)[1:3] == ("are common across the industry", "said")


def test_that_clause_after_an_adverbial(found):
    rows = found("She acknowledged on Sunday's show that the plan had failed.")
    assert _one(rows)[1:3] == ("the plan had failed", "acknowledged")


def test_that_clause_of_a_content_noun_is_not_the_cues(found):
    assert found("He commented on reports that the plant would close.") == []


def test_participle_of_a_statement_speaks_for_its_author(found):
    rows = found("The ministry issued a statement saying the sanctions were illegal.")
    assert _one(rows)[1:] == ("the sanctions were illegal", "saying", "The ministry")


@pytest.mark.parametrize("text, cue", [
    ("The governor expressed optimism that the talks would succeed.", "expressed"),
    ("The union voiced concern that the plant would close.", "voiced"),
])
def test_nominal_cues(found, text, cue):
    kind, _, got, _ = _one(found(text))
    assert (kind, got) == ("indirect", cue)


@pytest.mark.parametrize("text", [
    "Analysts think the rate will rise next year.",
    "Many residents believe the mill will reopen.",
    "The governor did not express optimism that the talks would succeed.",
])
def test_unvoiced_beliefs_and_negated_nominal_cues(found, text):
    assert found(text) == []


def test_a_belief_voiced_to_reporters(found):
    rows = found("Lopez told reporters he believed the vote would be delayed.")
    assert _one(rows)[1:3] == ("he believed the vote would be delayed", "told")


def test_an_unvoiced_belief_does_not_govern_quoted_words(found):
    assert found("He believes the deal is “fair” to both sides.") == []


def test_title_case_headline_stays_masked(found):
    assert found("Port Talks Hit a Roadblock, Says Harbour Master\n\nThe port reopened on Monday.\n") == []


def test_capitalised_possessor_of_a_document_is_its_author(found):
    assert _one(found("“It will all come out in court,” Carlos’ letter read."))[3] == "Carlos"


def test_a_name_before_a_document_is_its_author(found):
    rows = found("The minister later cited new figures, according to a Vantor update on Monday.")
    assert _one(rows)[3] == "Vantor"


def test_name_parsed_as_an_apposition_of_a_leading_phrase(found):
    rows = found("In Tuesday's letter, Vantor, through its lawyer, said that the firm offered help every day.")
    assert _one(rows)[1:] == ("the firm offered help every day", "said", "Vantor")


def test_complementiser_that_is_trimmed_whatever_its_parse(found):
    rows = found("Officials said on condition of anonymity that the talks had stalled.")
    assert _one(rows)[1] == "the talks had stalled"


@pytest.mark.parametrize("text, quote", [
    ("He asked whether the deal would survive the winter.", "whether the deal would survive the winter"),
    ("She asked why the plant had closed so suddenly.", "why the plant had closed so suddenly"),
])
def test_reported_questions(nlp, text, quote):
    from kg.ingest.formats import article_from_text
    from kg.ingest.text import masked_text

    (q,) = quotes_of(nlp(masked_text(article_from_text(text, "t"))))
    assert (text[q.start:q.end], q.rule, q.claim.modal) == (quote, "indirect:question", True)


def test_saying_whether_is_no_report(found):
    assert found("Lopez did not say whether she would run.") == []


def test_when_asked_the_asker_is_not_the_subject(found):
    assert found("When asked if talks were ongoing, the minister smiled.") == []


def test_free_relative_after_a_cue_is_not_a_question(found):
    rows = found("The firm cited what it called “unfair” practices by its rival.")
    assert rows == [("mixed", "what it called “unfair” practices by its rival", "cited", "The firm")]


def test_anonymous_sources_described_after_the_noun(found):
    rows = found("The plan is dead, according to two people familiar with the matter.")
    assert _one(rows)[1:3] == ("The plan is dead", "according to")


def test_some_people_are_no_source(found):
    assert found("Some people said the plan was dead.") == []


def test_refer_to_as_names_quoted_words(found):
    assert _one(found("The mayor referred to the plan as “a dead letter.”"))[:3] == ("mixed", "a dead letter.", "referred")


def test_chime_in(found):
    assert _one(found("The mayor chimed in that the plan was dead."))[1] == "the plan was dead"
