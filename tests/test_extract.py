"""Quote finding and attribution, one construction per test, on sentences written for the tests."""

from __future__ import annotations

import pytest

from kg.resources.entities import Registry
from kg.nlp.quote_marks import find_marked
from kg.ingest.text import paragraphs


def _only(result, kind=None):
    quotes = [q for q in result.quotes if kind is None or q.kind == kind]
    assert len(quotes) == 1, [(q.kind, q.quote, q.speaker) for q in result.quotes]
    return quotes[0]


def _offsets_hold(result):
    for q in result.quotes:
        assert result.article.text[q.start:q.end] == q.quote


def test_direct_curly_cue_after(quotes_of):
    r = quotes_of("“We will not back down on this,” Maria Lopez said.")
    q = _only(r)
    assert (q.kind, q.quote, q.speaker, q.cue) == ("direct", "We will not back down on this,", "Maria Lopez", "said")
    _offsets_hold(r)


def test_direct_straight_marks_cue_before_with_colon(quotes_of):
    q = _only(quotes_of('The finance minister, Ahmed Karimi, said: "Prices will fall next year."'))
    assert q.kind == "direct" and q.quote == "Prices will fall next year."


def test_split_quote_gives_both_pieces_to_one_speaker(quotes_of):
    r = quotes_of("“The plan is sound,” Maria Lopez said on Monday, “and it will pass before summer.”")
    assert [q.quote for q in r.quotes] == ["The plan is sound,", "and it will pass before summer."]
    assert {q.speaker for q in r.quotes} == {"Maria Lopez"}


def test_multi_sentence_quote_is_one_record(quotes_of):
    q = _only(quotes_of("“We tried. We failed. We will try again next year,” Lopez told reporters."))
    assert q.quote.startswith("We tried.") and q.quote.endswith("next year,")


def test_quote_running_over_paragraphs(quotes_of):
    text = ("“The first part of the statement runs on without a closing mark\n\n"
            "“and the second part ends it here,” said Ahmed Karimi.")
    r = quotes_of(text)
    assert len(r.quotes) == 2
    assert {q.speaker for q in r.quotes} == {"Ahmed Karimi"}


def test_unattributed_quote_paragraph_continues_previous_speaker(quotes_of):
    r = quotes_of("Maria Lopez said, “We are ready for the vote.”\n\n“We have been ready for months.”")
    assert [q.speaker for q in r.quotes] == ["Maria Lopez", "Maria Lopez"]


def test_mixed_quote_with_naming_verb(quotes_of):
    q = _only(quotes_of("Lopez called the proposal “a dangerous gamble” for the economy."))
    assert (q.kind, q.quote, q.speaker, q.cue) == ("mixed", "a dangerous gamble", "Lopez", "called")


def test_mixed_quote_inside_reported_speech(quotes_of):
    q = _only(quotes_of("Ahmed Karimi said the talks had been “very productive” so far."))
    assert q.kind == "mixed" and q.quote == "the talks had been “very productive” so far"
    assert q.speaker == "Ahmed Karimi"


def test_indirect_speech(quotes_of):
    q = _only(quotes_of("Maria Lopez said the negotiations were stalled."))
    assert (q.kind, q.quote, q.cue) == ("indirect", "the negotiations were stalled", "said")


def test_indirect_that_clause_drops_the_complementiser(quotes_of):
    q = _only(quotes_of("The central bank governor, Ines Moreau, warned that inflation could return quickly."))
    assert q.quote == "inflation could return quickly" and q.speaker == "Ines Moreau"


def test_coordinated_that_clauses_with_a_quoted_phrase(quotes_of):
    r = quotes_of("Lopez insisted that the deal was “fair” and that talks would resume in March.")
    kinds = sorted((q.kind, q.quote) for q in r.quotes)
    assert kinds == [("indirect", "talks would resume in March"), ("mixed", "the deal was “fair”")]


def test_according_to(quotes_of):
    q = _only(quotes_of("Exports fell sharply in March, according to Brazil's trade ministry."))
    assert (q.kind, q.cue, q.quote) == ("indirect", "according to", "Exports fell sharply in March")


def test_according_to_a_report_is_not_a_speaker(quotes_of):
    assert quotes_of("Exports fell sharply in March, according to recent reports.").quotes == []


def test_as_stated_by(quotes_of):
    q = _only(quotes_of("The aim of the levy, as stated by Maria Lopez, is to cut emissions by half."))
    assert q.speaker == "Maria Lopez" and "cut emissions by half" in q.quote


def test_scare_quotes_and_titles_are_not_quotes(quotes_of):
    assert quotes_of("The so-called “reform” was passed last year.").quotes == []
    assert quotes_of("The actor starred in “The Long Night” in 2010.").quotes == []


def test_unbalanced_mark_does_not_lose_the_rest(quotes_of):
    text = ("The council met on “Tuesday to discuss the budget.\n\n"
            "Maria Lopez said the vote would be delayed.")
    r = quotes_of(text)
    assert [q.quote for q in r.quotes] == ["the vote would be delayed"]


def test_find_marked_pairs_marks_per_paragraph():
    text = "He said “one” and “two\n\nthen a new paragraph with “three”."
    spans = [text[m.start:m.end] for m in find_marked(text, paragraphs(text))]
    assert spans == ["one", "three"]


def test_pronoun_resolves_to_the_subject_before(quotes_of):
    r = quotes_of("Ahmed Karimi arrived in Geneva on Monday. He said the deal was close.")
    assert _only(r).speaker == "Ahmed Karimi"


def test_pronoun_with_two_candidates_prefers_the_subject(quotes_of):
    r = quotes_of("Maria Lopez met Ines Moreau in Geneva. She said the meeting had gone well.")
    assert _only(r).speaker == "Maria Lopez"


def test_definite_description_and_it_resolve_to_the_organisation(quotes_of):
    text = ("Kenya's Ministry of Finance said on Monday that reserves were stable.\n\n"
            "The ministry added that it would publish new figures soon.\n\n"
            "“We are prepared for any outcome,” it said.")
    r = quotes_of(text, registry=Registry.empty())
    assert len(r.quotes) == 3
    assert {q.speaker for q in r.quotes} == {"Kenya's Ministry of Finance"}
    assert all(q.speaker_type == "organization" for q in r.quotes)


def test_spokesperson_speaks_for_the_organisation(quotes_of):
    q = _only(quotes_of("A spokesperson for the Kenyan Foreign Ministry said the envoy had been recalled."))
    assert (q.speaker, q.speaker_type) == ("Spokesperson for Kenyan Foreign Ministry", "person")


def test_registry_gives_canonical_names(quotes_of):
    r = quotes_of("Treasury Secretary Scott Bessent said the talks were useful.")
    assert _only(r).speaker == "Scott Bessent"


def test_extraction_works_without_registry(quotes_of):
    r = quotes_of("Trade Minister Ines Moreau said exports had recovered. Moreau added that prices were stable.",
                  registry=Registry.empty())
    assert [q.speaker for q in r.quotes] == ["Ines Moreau", "Ines Moreau"]


def test_venue_and_weekday_date(quotes_of):
    q = _only(quotes_of("Maria Lopez told CNN on Tuesday that the vote would be held soon.", published="2025-03-07"))
    assert q.venue == "CNN" and q.date == "2025-03-04"


def test_legislative_venue(quotes_of):
    q = _only(quotes_of("“We need more time,” Karimi said during a Senate Finance Committee hearing."))
    assert (q.venue, q.venue_kind) == ("Senate Finance Committee", "legislative")


def test_explicit_date_without_year_takes_publication_year(quotes_of):
    q = _only(quotes_of("“Nothing has changed,” Lopez told reporters at the White House on March 2.",
                        published="2025-03-07"))
    assert q.date == "2025-03-02" and q.venue == "White House"


@pytest.mark.parametrize("text", [
    "Maria Lopez did not say whether the plan would change.",
    "The figures suggest the economy is slowing.",
    "Critics claim the new law is unfair.",
])
def test_not_attributions(quotes_of, text):
    assert quotes_of(text).quotes == []


def test_group_with_a_modifier_is_a_speaker(quotes_of):
    assert _only(quotes_of("Kenyan officials insist the law is fair.")).speaker == "Kenyan officials"


def test_reported_denial(quotes_of):
    r = quotes_of("Lopez said the two ministers had agreed on a plan, which Karimi's office denied.")
    q = _only(r)
    assert q.quote == "the two ministers had agreed on a plan"
    assert len(r.denials) == 1
    d = r.denials[0]
    assert (d.target_start, d.target_end) == (q.start, q.end)
    assert (d.speaker, d.cue, d.text) == ("Karimi's office", "denied", "which Karimi's office denied")


def test_negated_claim_has_negative_polarity(quotes_of):
    q = _only(quotes_of("Ines Moreau said the two sides had not held any negotiations."))
    assert (q.polarity, q.topics) == ("negative", ("negotiation",))


def test_single_quote_marks_and_apostrophes(quotes_of):
    r = quotes_of("The chief executive's view was clear. 'We have invested heavily here and we will stay,' "
                  "Ruth Hallam told the BBC.")
    q = _only(r)
    assert q.kind == "direct" and q.quote == "We have invested heavily here and we will stay," and q.venue == "BBC"


def test_cue_under_a_modal_is_not_the_speaker(quotes_of):
    q = _only(quotes_of("Maria Lopez said the bloc would respond “firmly and quickly” to any new levy."))
    assert q.speaker == "Maria Lopez" and q.cue == "said"


def test_denying_reports_is_a_negated_claim(quotes_of):
    q = _only(quotes_of("Ahmed Karimi denied reports that the finance minister had resigned."))
    assert (q.kind, q.cue, q.polarity) == ("indirect", "denied", "negative")
    assert q.quote == "the finance minister had resigned"


def test_dateline_is_not_a_speaker(quotes_of):
    q = _only(quotes_of("LONDON, March 12 (Wire) - The chip designer said on Thursday it expected long delays.",
                        published="2025-03-14"))
    assert q.speaker == "chip designer" and q.date == "2025-03-13" and q.quote.startswith("it expected")


def test_short_name_with_a_particle_joins_the_full_name(quotes_of):
    r = quotes_of("Trade commissioner Pieter van Dam said the talks were over. Van Dam added that a deal was close.")
    assert [q.speaker for q in r.quotes] == ["Pieter van Dam", "Pieter van Dam"]


def test_quoted_clause_subject_does_not_steal_the_attribution(quotes_of):
    q = _only(quotes_of("“The risk is that this spirals,” said Anna Kowalski, an economist in Warsaw."))
    assert q.speaker == "Anna Kowalski"


def test_parliament_is_a_venue(quotes_of):
    q = _only(quotes_of("Daniel Osei disputed the figures, telling Parliament on Wednesday that little was spent.",
                        published="2025-03-14"))
    assert q.venue == "Parliament" and q.date == "2025-03-12"


def test_adding_that_belongs_to_the_reporting_speaker(quotes_of):
    r = quotes_of("The negotiator said the talks had made progress, adding that another round was planned.")
    assert [q.quote for q in r.quotes] == ["the talks had made progress", "another round was planned"]
    assert {q.speaker for q in r.quotes} == {"negotiator"}


def test_told_someone_without_that(quotes_of):
    q = _only(quotes_of("Prime Minister Aiko Tanaka told parliament on Monday she would not accept new tariffs.",
                        published="2025-06-04"))
    assert (q.speaker, q.quote, q.venue, q.date) == (
        "Aiko Tanaka", "she would not accept new tariffs", "parliament", "2025-06-02")


def test_asked_attributes_a_direct_question_and_a_reported_question_asserts_nothing(quotes_of):
    r = quotes_of("“Why would we accept that?” Ryo Sato asked reporters. Sato asked whether prices would rise.")
    assert [(q.kind, q.speaker) for q in r.quotes] == [("direct", "Ryo Sato"), ("indirect", "Ryo Sato")]
    assert r.quotes[1].quote == "whether prices would rise" and r.quotes[1].modal


def test_according_to_a_statement_from_an_organisation(quotes_of):
    q = _only(quotes_of("According to a statement from the Ministry of Energy, the two sides discussed gas prices."))
    assert q.speaker == "Ministry of Energy" and q.quote == "the two sides discussed gas prices"
