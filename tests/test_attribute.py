"""Attribution beyond the seeds: speakers, venues and dates from the article's context.

Every text here is invented. Each construction has a positive case and a negative one.
"""

from __future__ import annotations

import pytest

from kg.attribution.resolver import Resolver
from kg.attribution.venues import find_venue
from kg.resources.entities import Countries, Registry, fold_accents, merge_names, merge_people, same_person
from kg.build.evaluate import EvalSet, Run, error_lists, score, score_table
from kg.nlp.records import from_doc
from kg.attribution.timex import resolve


def _quote(result, starts: str):
    found = [q for q in result.quotes if q.quote.startswith(starts)]
    assert len(found) == 1, [(q.quote, q.speaker) for q in result.quotes]
    return found[0]


# ---------------------------------------------------------------------------- 1. a name that looks like a pronoun


def test_he_as_a_surname_after_a_comma_is_a_name(quotes_of):
    r = quotes_of("Vice Premier He Lifeng met the visiting delegation in Geneva on Monday.\n\n"
                  "The talks were candid and useful, He said.")
    assert _quote(r, "The talks").speaker == "He Lifeng"


def test_he_after_a_title_is_a_name(quotes_of):
    r = quotes_of("Vice Premier He Lifeng spoke on Monday. Vice Premier He said the tariffs would be lifted.")
    assert _quote(r, "the tariffs").speaker == "He Lifeng"


def test_sentence_initial_he_stays_a_pronoun(quotes_of):
    r = quotes_of("Anna Berg met the visiting delegation on Monday.\n\nHe said the talks were candid and useful.")
    assert _quote(r, "the talks").speaker == "Anna Berg"


# ---------------------------------------------------------------------------- 6. pronouns with several people


def test_she_skips_a_man_the_article_titles_as_such(quotes_of):
    r = quotes_of("Mr Lars Berg met Ms Ada Holm on Monday.\n\nShe said the talks had gone well.")
    assert _quote(r, "the talks").speaker == "Ada Holm"


def test_without_titles_the_main_subject_stays_the_antecedent(quotes_of):
    r = quotes_of("Lars Berg met Ada Holm on Monday.\n\nShe said the talks had gone well.")
    assert _quote(r, "the talks").speaker == "Lars Berg"


def test_she_goes_back_past_a_man_to_the_woman_quoted_before(quotes_of):
    r = quotes_of("Ms Ada Holm said the plant would close. Mr Lars Berg disagreed. She said the decision was final.")
    assert _quote(r, "the decision").speaker == "Ada Holm"


# ---------------------------------------------------------------------------- 5/6. descriptions resolved in the article


def test_description_goes_to_the_person_introduced_with_that_role(quotes_of):
    r = quotes_of("He Yong, the trade envoy, arrived on Monday. The trade envoy said the tariffs would be lifted.")
    assert _quote(r, "the tariffs").speaker == "He Yong"


def test_description_without_an_introduction_stays_a_description(quotes_of):
    r = quotes_of("He Yong arrived on Monday. The trade envoy said the tariffs would be lifted.")
    assert _quote(r, "the tariffs").speaker == "trade envoy"


def test_bare_demonym_resolves_to_the_person_just_named(quotes_of):
    r = quotes_of("The Dutch coach Pim Vos was sacked on Monday. The Dutchman said he had no regrets about the season.")
    assert _quote(r, "he had").speaker == "Pim Vos"


def test_organisation_description_goes_to_the_organisation_spoken_of(quotes_of):
    r = quotes_of("Northwind Ltd said that quarterly profits rose sharply. The company said the outlook was strong.")
    assert [q.speaker for q in r.quotes] == ["Northwind", "Northwind"]


def test_abbreviated_role_is_the_role(quotes_of):
    r = quotes_of("Fiona Marsh said the airline would appeal. The POTUS said the ruling was unfair.")
    assert _quote(r, "the ruling").speaker == "president"


def _resolved(nlp, text: str, mention: str) -> str | None:
    """The speaker a mention of a parsed invented text resolves to (whether or not it is quoted)."""
    found = from_doc(nlp(text))
    resolver = Resolver(found, Registry.empty(), Countries.load())
    m = next(m for m in found.mentions if m.text == mention)
    who = resolver.resolve(m)
    return who.name if who else None


@pytest.mark.parametrize("text,mention,speaker", [
    ("In a letter on Sunday, Northwind said it had offered help. The letter said the offer was ignored.",
     "The letter", "Northwind"),
    ("Cole's letter said the offer was ignored.", "Cole's letter", "Cole"),
    ("Northwind's lawyer said the offer was ignored.", "Northwind's lawyer", "Northwind"),
    ("Chinese officials met their counterparts on Monday. One official said the talks were useful.",
     "One official", "Chinese officials"),
    ("One CNBC panelist said the damages could be large.", "One CNBC panelist", "CNBC panelist"),
])
def test_documents_representatives_and_members_speak_for_their_source(nlp, text, mention, speaker):
    assert _resolved(nlp, text, mention) == speaker


@pytest.mark.parametrize("text,mention,speaker", [
    ("Dana Ruiz, the party's nominee, spoke on Monday. The nominee said the race was open.", "The nominee",
     "Dana Ruiz"),
    ("Radio host Dana Ruiz asked about the vote. The host said the answer was unclear.", "The host", "Dana Ruiz"),
])
def test_role_nouns_resolve_to_the_person_introduced_with_the_role(nlp, text, mention, speaker):
    assert _resolved(nlp, text, mention) == speaker


def test_a_role_nobody_holds_in_the_article_stays_a_role(nlp):
    assert _resolved(nlp, "Dana Ruiz spoke on Monday. The nominee said the race was open.", "The nominee") == "nominee"


def test_a_document_speaks_for_whoever_produced_it(nlp):
    assert _resolved(nlp, "The agency conducted a review of the crash. The review found that the pilot had erred.",
                     "The review") == "agency"


def test_a_description_matches_a_head_not_a_modifier(nlp):
    text = "Critics attacked the army accusation on Monday. The army said the claims were false."
    assert _resolved(nlp, text, "The army") == "army"


def test_the_article_acronym_is_the_name(quotes_of):
    r = quotes_of("The Northern Rail Union (NRU) called a strike on Monday. The NRU said the talks had failed.")
    assert _quote(r, "the talks").speaker == "Northern Rail Union"


def test_a_spokespersons_organisation_takes_part_in_the_occasion(quotes_of):
    lead = "Harbor Police spokesperson Ann Cole held a news conference on Tuesday.\n\n"
    q = _quote(quotes_of(lead + "Harbor Police said the suspect had fled the city.", published="2025-05-08"),
               "the suspect")
    assert (q.venue, q.date) == ("news conference", "2025-05-06")
    q = _quote(quotes_of(lead + "The mayor said the suspect had fled the city.", published="2025-05-08"),
               "the suspect")
    assert (q.venue, q.date) == (None, None)


def test_a_media_role_speaks_on_its_outlet(quotes_of):
    assert _quote(quotes_of("One BBC panelist said the damages could be large."), "the damages").venue == "BBC"
    assert _quote(quotes_of("One bank analyst said the damages could be large."), "the damages").venue is None


def test_a_document_nobody_introduced_stays_itself(nlp):
    assert _resolved(nlp, "The union published a statement. The letter said the offer was ignored.",
                     "The letter") == "letter"


# ---------------------------------------------------------------------------- 9. entities a reader would recognise


def test_accented_and_plain_spellings_are_one_person(quotes_of):
    r = quotes_of("Coach Luis González praised the squad. Gonzalez said the team had worked hard all season.")
    assert _quote(r, "the team").speaker == "Luis González"
    assert fold_accents("González") == "Gonzalez"


def test_one_letter_surname_variant_joins_the_full_name(quotes_of):
    r = quotes_of("Rear Admiral Daniel Harrow spoke on Monday. Harow said the rocket had misfired.")
    assert _quote(r, "the rocket").speaker == "Daniel Harrow"


def test_a_different_surname_stays_another_person(quotes_of):
    r = quotes_of("Rear Admiral Daniel Harrow spoke on Monday. Barlow said the rocket had misfired.")
    assert _quote(r, "the rocket").speaker == "Barlow"


@pytest.mark.parametrize("a,b", [("Volodymyr Zelensky", "Volodymyr Zelenskiy"),
                                 ("Volodymyr Zelenskyy", "Volodymyr Zelensky"),
                                 ("Volodymyr Zelensky", "Zelensky"),
                                 ("Luis González", "Luis Gonzalez"), ("Erik ten Hag", "Ten Hag"),
                                 ("Jonathan Pike", "Jon Pike")])
def test_spellings_of_one_person(a, b):
    assert same_person(a, b)


@pytest.mark.parametrize("a,b", [("Anna Novak", "Boris Novak"), ("Anna Novak", "Anna Nolan"),
                                 ("Volodymyr Zelenskyy", "Zelensky"),
                                 ("Ed Li", "Ed Lu"), ("Ann Cole", "Anne Coles")])
def test_different_people_stay_apart(a, b):
    assert not same_person(a, b)


def test_corpus_names_merge_to_the_most_used_spelling():
    names = ["Volodymyr Zelensky", "Volodymyr Zelensky", "Volodymyr Zelenskiy", "Zelensky", "Anna Novak", "Boris Novak",
             "Novak"]
    out = merge_people(names)
    assert out["Volodymyr Zelenskiy"] == out["Zelensky"] == "Volodymyr Zelensky"
    assert out["Novak"] == "Novak" and out["Boris Novak"] == "Boris Novak"  # two Novaks: the surname stays apart


def test_organisation_spellings_merge_by_case_and_accents():
    out = merge_names([("Kestrel", "organization"), ("KESTREL", "organization"), ("Kestrel", "organization"),
                       ("Health Ministry", "organization"), ("health ministry", "organization"),
                       ("Kestrel Air", "organization")])
    assert out["KESTREL"] == "Kestrel" and out["health ministry"] == out["Health Ministry"]
    assert out["Kestrel Air"] == "Kestrel Air"


def test_counted_people_are_the_speakers(quotes_of):
    r = quotes_of("Dozens of players said they would not play until the coach resigned.")
    assert _quote(r, "they would").speaker == "players"


def test_unnamed_company_spokesperson_gives_the_company(quotes_of):
    assert _quote(quotes_of("A Kestrel spokesperson said the outage was over."), "the outage").speaker == "Kestrel"


def test_company_name_without_legal_form_and_ticker(quotes_of):
    r = quotes_of("Kestrel Holdings Inc. KSTL said that the outage was over.")
    assert _quote(r, "the outage").speaker == "Kestrel"


def test_coordinated_speakers_are_two_entities(quotes_of):
    q = _quote(quotes_of("Ann Cole and Ben Ode said the deal was done."), "the deal")
    assert q.speaker == "Ann Cole" and q.co_speakers == ("Ben Ode",)


def test_dateline_dates_the_article_but_is_no_speaker(quotes_of):
    q = _quote(quotes_of("MADRID, Aug 25 (Wire) - The federation said it would appeal the ruling.",
                         published="2023-08-26"), "it would")
    assert q.speaker == "federation" and q.date == "2023-08-25"


# ---------------------------------------------------------------------------- the registry in other stories

FRENCH = "In Paris, the president said the pension reform would go ahead."
KENYAN = ("Kenya's health ministry reported new cases on Tuesday. The ministry said the outbreak was under control. "
          "The Foreign Ministry said the envoy had been summoned.")


@pytest.mark.parametrize("registry", [None, Registry.empty()], ids=["packaged", "empty"])
def test_registry_roles_do_not_leak_into_other_stories(quotes_of, registry):
    assert _quote(quotes_of(FRENCH, registry=registry), "the pension").speaker == "president"
    r = quotes_of(KENYAN, registry=registry)
    assert _quote(r, "the outbreak").speaker == "Kenya's health ministry"
    assert _quote(r, "the envoy").speaker == "Foreign Ministry"


def test_registry_role_resolves_when_the_article_names_its_country(quotes_of):
    r = quotes_of("China's commerce ministry issued new rules. The ministry said the rules would take effect in June.")
    assert _quote(r, "the rules").speaker == "Ministry of Commerce of the People's Republic of China"


# ---------------------------------------------------------------------------- 11. venue and date from the context

CONFERENCE = "Mayor Ann Cole held a news conference on Tuesday about the floods.\n\n"


def test_occasion_venue_and_date_carry_to_the_speakers_later_quote(quotes_of):
    q = _quote(quotes_of(CONFERENCE + "Cole said the city would rebuild the bridge within a year.",
                         published="2025-05-08"), "the city")
    assert (q.venue, q.date) == ("news conference", "2025-05-06")


def test_occasion_does_not_carry_across_a_change_of_scene(quotes_of):
    q = _quote(quotes_of(CONFERENCE + "Cole said last week that the city would rebuild the bridge.",
                         published="2025-05-08"), "the city")
    assert (q.venue, q.date) == (None, None)


def test_occasion_does_not_carry_to_another_speaker(quotes_of):
    q = _quote(quotes_of(CONFERENCE + "Councillor Ben Ode said the city would rebuild the bridge.",
                         published="2025-05-08"), "the city")
    assert (q.venue, q.date) == (None, None)


def test_a_coming_occasion_dates_nothing_said(quotes_of):
    r = quotes_of("The union said the strike would go ahead. Hours later, the company will hold a news conference "
                  "on Friday.\n\nThe union said talks had failed.", published="2025-05-08")
    q = _quote(r, "talks had")
    assert (q.venue, q.date) == (None, None)


def test_an_earlier_occasion_dates_nothing_and_ends_the_account(quotes_of):
    r = quotes_of("The union released a statement on Friday afternoon.\n\n"
                  "In a previous statement, the union said that the talks had stalled.", published="2025-05-10")
    assert _quote(r, "the talks").date is None


def test_someone_elses_occasion_named_in_a_clause_is_theirs(quotes_of):
    r = quotes_of("“We will not wait any longer,” Ann Cole said, referring to claims made in Ben Ode's speech.\n\n"
                  "Cole said the board had stalled for a year.", published="2025-05-10")
    assert _quote(r, "the board").venue is None


def test_a_verb_is_not_an_occasion(quotes_of):
    r = quotes_of("Ann Cole said the board had stalled for a year.\n\nThe letter does not directly address the claims."
                  "\n\nCole added that the vote had been delayed again.")
    assert _quote(r, "the vote").venue is None


def test_document_dates_its_author_words_but_is_no_venue(quotes_of):
    r = quotes_of("In a letter on Sunday, the union accused the board of long delays.\n\n"
                  "“We will not wait any longer for an answer,” the union said.", published="2025-05-08")
    q = _quote(r, "We will")
    assert (q.venue, q.date) == (None, "2025-05-04")


def test_told_venue_carries_to_an_explicit_continuation_only(quotes_of):
    lead = "Foreign Minister Omar Haddad told state television that the border would stay closed.\n\n"
    added = _quote(quotes_of(lead + "He added that the talks would resume."), "the talks")
    said = _quote(quotes_of(lead + "He said the talks would resume."), "the talks")
    assert added.venue == "state television" and said.venue is None


def test_future_weekday_dates_the_event_not_the_statement(quotes_of):
    q = _quote(quotes_of("The minister has been summoned to appear on Friday, the committee said on Tuesday.",
                         published="2025-05-07"), "The minister")
    assert q.date == "2025-05-06"
    q = _quote(quotes_of("The minister will appear before the committee on Friday, Cole said.",
                         published="2025-05-07"), "The minister")
    assert q.date is None


@pytest.mark.parametrize("clause,venue", [
    ("Mayor Ann Cole said in an interview that", "interview"),
    ("Mayor Ann Cole told reporters that", "reporters"),
    ("The mayor said in a post on X that", "X"),
    ("The governor said shortly after arriving in Lisbon on Wednesday that", "Lisbon"),
])
def test_venue_wordings(quotes_of, clause, venue):
    assert _quote(quotes_of(f"{clause} the deal was close."), "the deal").venue == venue


@pytest.mark.parametrize("clause,venue", [
    ("Cole said at a briefing that", "briefing"),
    ("Cole said outside the White House that", "White House"),
    ("Cole testified before a Senate subcommittee that", "Senate subcommittee"),
    ("Cole said in a news conference that", "news conference"),
    ("Cole said in her nightly video address that", "video address"),
    ("Cole told state-run radio that", "state-run radio"),
])
def test_venue_wordings_of_the_clause(clause, venue):
    assert find_venue(clause, Registry.empty(), Countries.load()).name == venue


@pytest.mark.parametrize("clause", ["Cole said in a statement that", "Cole wrote in a letter that",
                                    "Cole told her that", "Cole said at the time that"])
def test_documents_and_addressees_are_not_venues(clause):
    assert find_venue(clause, Registry.empty(), Countries.load()) is None


def test_a_person_told_is_not_a_venue():
    venue = find_venue("Cole told Prime Minister Omar Haddad", Registry.empty(), Countries.load(),
                       people=frozenset({"Omar", "Haddad"}))
    assert venue is None


def test_a_place_needs_the_tagger_to_know_it_as_a_place():
    reg, countries = Registry.empty(), Countries.load()
    assert find_venue("he said in Lisbon", reg, countries, places=frozenset({"Lisbon"})).name == "Lisbon"
    assert find_venue("he said in Spirit", reg, countries, places=frozenset({"Lisbon"})) is None


def test_a_day_wins_over_a_vague_period_and_bounds_are_not_the_saying():
    assert resolve("speaking from Paris, where he was last week, told the radio on Wednesday", "2024-07-31").iso \
        == "2024-07-31"
    assert resolve("said the count has risen since Oct. 7", "2023-10-18") is None
    assert resolve("Earlier, she said:", "2023-08-26").iso is None
    assert resolve("called Tuesday's blast a massacre", "2023-10-18") is None
    assert resolve("blamed it for the July 19 outage", "2024-08-08") is None
    assert resolve("sent a letter to Delta on Tuesday", "2024-08-08").iso == "2024-08-06"


# ---------------------------------------------------------------------------- make eval


def test_eval_report_lists_scores_side_by_side_and_errors_by_kind_and_rule(tmp_path):
    gold = [{"doc": "d", "quote": "x" * 20, "start": 0, "end": 20, "speaker": "Ann Cole", "kind": "direct",
             "venue": "interview", "date": "2025-05-06"},
            {"doc": "d", "quote": "y" * 20, "start": 40, "end": 60, "speaker": "Ben Ode", "kind": "indirect"}]
    pred = [{"doc": "d", "start": 0, "end": 20, "speaker": "Ben Ode", "venue": None, "date": "2025-05-06",
             "rule": "direct:cue-after", "cue": "said", "speaker_mention": "he"}]
    es = EvalSet("dev", tmp_path, tmp_path / "gold.jsonl")
    run = Run(es, "registry", gold, pred, score(gold, pred))
    table = "\n".join(score_table([run]))
    assert "dev / registry" in table and "direct speaker" in table
    errors = "\n".join(error_lists(run))
    assert "indirect cue '(no cue)': 1" in errors
    assert "direct   direct:cue-after: 1" in errors and "gold 'interview', ours None" in errors
