"""Attribution on records written by hand (kg.nlp.records.Mention), with no spaCy model: names, pronouns,
acronyms and legislative venues of invented articles."""

from __future__ import annotations

from kg.attribution.names import acronyms, clean_name
from kg.attribution.resolver import Resolver, Speaker
from kg.attribution.venues import Venue, merge_legislative
from kg.nlp.records import Extracted, Mention
from kg.resources.entities import Countries, Registry
from kg.resources.lexicon import lexicon


def mention(text: str, article: str, sent: int, *, pos: str = "PROPN", ner: str = "PERSON",
            subject: bool = True, nth: int = 0) -> Mention:
    """The `nth` mention written `text` in `article`, in the sentence starting at `sent`."""
    start = -1
    for _ in range(nth + 1):
        start = article.index(text, start + 1)
    head = text.split()[-1]
    return Mention(start=start, end=start + len(text), text=text, role="nsubj" if subject else "pobj",
                   of_plural=None, head=head, head_lemma=head.lower(), ner=ner, pron=pos == "PRON", pos=pos,
                   tag="PRP" if pos == "PRON" else "NNP", plural=False, sent=sent,
                   person=text if ner == "PERSON" else None, document=False, subject=subject, main=subject, para=0)


def resolver(article: str, mentions: list[Mention]) -> Resolver:
    return Resolver(Extracted(article, [], mentions, [], []), Registry.empty(), Countries.load())


def test_a_surname_is_the_full_name_given_before():
    article = "Maja Lindqvist met the board. Lindqvist said the plan had failed."
    later = mention("Lindqvist", article, 30, nth=1)
    found = resolver(article, [mention("Maja Lindqvist", article, 0), later])
    assert found.resolve(later) == Speaker("Maja Lindqvist", "person")


def test_a_surname_never_given_in_full_stays_as_it_is():
    article = "Berg met the board. Lindqvist said the plan had failed."
    later = mention("Lindqvist", article, 20)
    assert resolver(article, [mention("Berg", article, 0), later]).resolve(later) == Speaker("Lindqvist", "person")


def test_she_is_the_person_who_was_the_subject_before():
    article = "Ana Lopes spoke first. She said the plan had failed."
    she = mention("She", article, 23, pos="PRON", ner="")
    assert resolver(article, [mention("Ana Lopes", article, 0), she]).resolve(she) == Speaker("Ana Lopes", "person")


def test_she_is_not_an_organisation():
    article = "The ministry spoke first. She said the plan had failed."
    she = mention("She", article, 26, pos="PRON", ner="")
    ministry = mention("The ministry", article, 0, pos="NOUN", ner="")
    assert resolver(article, [ministry, she]).resolve(she) is None


def test_names_are_written_without_titles_articles_and_legal_forms():
    assert [clean_name(n, lexicon()) for n in ("Ms Ana Lopes", "Acme Holdings Inc.", "the ministry's")] == [
        "Ana Lopes", "Acme", "ministry"]


def test_an_acronym_in_brackets_names_what_stands_before_it():
    assert acronyms("A vote by the Northern Rowing Association (NRA) failed.") == {
        "NRA": "Northern Rowing Association", "Northern Rowing Association (NRA)": "Northern Rowing Association"}


def test_a_chamber_and_a_committee_named_apart_make_one_venue():
    venues = [Venue("the Senate", "legislative"), Venue("a finance committee hearing", "legislative"),
              Venue("CNN", "broadcast"), None]
    assert merge_legislative(venues) == [Venue("Senate Finance Committee", "legislative"),
                                         Venue("Senate Finance Committee", "legislative"),
                                         Venue("CNN", "broadcast"), None]
