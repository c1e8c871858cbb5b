"""Claims and the conflict rules, on records built in the test (no parsing): fast, one positive and one
negative case per rule, and the counted-once property (N copies of the articles give the contradictions
of one copy, with N times the evidence)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest

from kg.analysis.claims import Claim, combine_parties, make_claims, party_facts
from kg.analysis.reading import clauses, modality, read_terms, strip_framing, term
from kg.analysis.conflicts import competing, conflicts, dated, opposed, swapped
from kg.analysis.context import Ctx, blocks
from kg.analysis.contradictions import detect, figure_group
from kg.analysis.figures import conflicting_counts, conflicting_rates, count_keys, disputed_counts, figure_key
from kg.analysis.settings import DetectionSettings
from kg.resources.entities import Countries
from kg.model import Article, ArticleResult, Denial, Figure, Quote
from kg.resources.semantics import semantics
from kg.ids import Iris

SEM = semantics()
DAY = date(2025, 3, 3)


def claim(text: str, asserter: str | None = "Maria Lopez", doc: str = "a", day: date | None = DAY,
          denied: bool = False, party: dict[str, str] | None = None) -> Claim:
    """The first claim of a statement."""
    return make_claims(doc, text, 0, asserter, "quote", day, denied, SEM, party)[0]


# ---------------------------------------------------------------------------- reading claims


@pytest.mark.parametrize("text, negated", [
    ("at no time did I agree to the merger", {"agree", "merger"}),
    ("the minister did not sign the contract", {"sign", "contract"}),
    ("no meetings have been held", {"meetings", "held"}),
    ("they have not yet approved the budget", {"approved", "budget"}),
    ("neither the board nor the staff approved it", {"board", "staff", "approved"}),
    ("the reports are false", {"reports"}),
])
def test_negation_scope(text, negated):
    assert read_terms(text, SEM)[2] >= {term(w, SEM) for w in negated}


@pytest.mark.parametrize("text", ["the minister signed the contract", "the board approved the budget on Monday"])
def test_no_negation(text):
    assert read_terms(text, SEM)[2] == frozenset()


def test_negation_ends_with_its_phrase():
    negated = read_terms("the firm did not sign, but the bank approved the loan", SEM)[2]
    assert "sign" in negated and term("approved", SEM) not in negated and "loan" not in negated


def test_denied_clause_negates_its_predicate_not_its_subject():
    _, _, negated, heads = read_terms("the merger was approved by the board", SEM, negated=True)
    assert term("approved", SEM) in heads and "merger" not in negated


def test_negated_predicate_passes_a_light_verb():
    assert read_terms("I did not try to hide the letter", SEM)[3] == {"try", "hide"}
    assert read_terms("we did not want the dispute", SEM)[3] == {"want"}


def test_framing_is_stripped():
    text, start = strip_framing("I want to clarify that, the board never met", 10, SEM)
    assert text == "the board never met" and start == 10 + len("I want to clarify that, ")


def test_coordinated_reports_are_separate_claims():
    parts = clauses("the company acknowledged the delay but said no decision has been made", 0, SEM)
    assert [p for p, _ in parts] == ["the company acknowledged the delay", "said no decision has been made"]


@pytest.mark.parametrize("text, kind", [
    ("the union threatened to strike on Monday", "threatened"),
    ("if the talks fail the union would strike", "conditional"),
    ("the two leaders are expected to meet", "expected"),
    ("the ministry has decided to engage with the union", "expected"),  # a decision is not the act
    ("the two leaders met on May 3", "asserted"),  # a month, not a modal
    ("the two leaders met on Monday", "asserted"),
])
def test_modality(text, kind):
    assert modality(text, SEM) == kind


def test_synonyms_and_derivations_meet():
    assert claim("Ahmed Karimi blamed the contractor").terms & claim("the contractor was responsible").terms


# ---------------------------------------------------------------------------- conflict rules


def test_opposed_claims_conflict():
    a = claim("Ms Okafor had approved the contract", asserter="Tom Reyes")
    b = claim("at no time did I approve the contract", asserter="Ada Okafor", doc="b")
    assert opposed(a, b) and {term("approve", SEM), "contract"} <= set(opposed(a, b))


def test_same_asserter_or_threat_or_unrelated_claims_do_not_conflict():
    a = claim("Ms Okafor had approved the contract", asserter="Tom Reyes")
    b = claim("at no time did I approve the contract", asserter="Ada Okafor", doc="b")
    assert opposed(a, replace(b, asserter="Tom Reyes")) is None
    assert opposed(a, claim("Ada Okafor threatened not to approve the contract", asserter="Ada Okafor")) is None
    assert opposed(claim("the contract was signed in Lagos", asserter="Tom Reyes"), b) is None


def test_a_mention_of_the_event_is_not_what_a_denial_denies():
    event = claim("Tom Reyes kissed Ada Okafor on the cheek at the ceremony", asserter=None)
    denial = claim("at no time did I consent to the kiss", asserter="Ada Okafor", doc="b")
    assert opposed(event, denial) is None
    assert opposed(claim("Okafor had consented to the kiss", asserter="Tom Reyes"), denial)


def test_a_term_mentioned_in_passing_is_not_what_is_stated():
    denial = claim("there was no shelling of the school", asserter="Lee Park", doc="b")
    assert opposed(claim("the army shelled the school on Monday", asserter=None), denial)
    assert opposed(claim("families have fled the school since the start of the shelling", asserter=None),
                   denial) is None


def test_an_unnamed_asserter_may_be_the_named_one_of_the_same_article():
    a = claim("Acme took responsibility for the outage", asserter="company")
    b = claim("Acme was not responsible for the delays", asserter="Acme")
    assert opposed(a, b) is None
    assert opposed(replace(a, asserter="Nadia Rahman"), b)


def parties(*texts: str) -> dict[str, str]:
    countries = Countries.load()
    return combine_parties(party_facts(t, countries.code, countries.mentioned) for t in texts)


def test_names_of_one_party_meet():
    party = parties("Israel said the Israel Defense Forces (IDF) did not fire; an Israeli official agreed")
    assert party["israel"] == party["israeli"] == party["idf"]


def test_an_acronym_spelled_out_in_another_article():
    assert parties("JCG officials declined to comment.", "A ship of the Japan Coast Guard was there.")["jcg"] == "jp"
    assert "jcg" not in parties("JCG officials declined to comment.")


def test_the_party_facts_of_a_text_are_the_same_in_every_process():
    """Detection compares an article's party facts with those it stored (another process's) to tell whether
    the party names must be combined again from every article: equal texts must give equal facts."""
    code = ("from kg.analysis.claims import party_facts; from kg.resources.entities import Countries; "
            "c = Countries.load(); print(party_facts('Japan, China, France and Germany met; the Japanese, Chinese, "
            "French and German envoys spoke.', c.code, c.mentioned))")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(seen) == 1 and "jp" in seen.pop()


def test_who_is_held_responsible_must_be_who_is_cleared():
    party = parties("Israel Israeli")
    cleared = claim("Israel was not responsible for the blast", asserter="Lee Park", doc="b", party=party)
    assert opposed(claim("the minister blamed an Israeli strike", asserter=None, party=party), cleared)
    assert opposed(claim("the minister blamed a rocket fired by militants", asserter=None, party=party),
                   cleared) is None


def test_a_denial_that_restates_a_claim_must_share_its_words():
    from kg.analysis.explain import restates

    boycott = "they would not play for the club while the coach stays"
    assert restates("which the club denied", boycott, SEM, 2)  # restates nothing: the target stands
    assert restates("the club disputed that account", boycott, SEM, 2)
    assert restates("the club denied that the players would not play", boycott, SEM, 2)
    assert not restates("Okafor denied the allegation that the handshake was friendly", boycott, SEM, 2)


def test_who_is_held_responsible_must_be_named():
    denial = claim("there was no fire at the depot", asserter="Lee Park", doc="b")
    named = claim("the report's accusations that Acme was responsible for the fire at the depot", asserter=None)
    assert opposed(named, denial)
    unnamed = claim("the report's accusations that it was responsible for the fire at the depot", asserter=None)
    assert opposed(unnamed, denial) is None


def _article(text: str, *quoted: tuple[str, str]) -> ArticleResult:
    """An invented article with the quotes (words, cue) extracted from it."""
    quotes = [Quote("n", q, text.index(q), text.index(q) + len(q), "Tom Reyes", "Tom Reyes", cue, "indirect")
              for q, cue in quoted]
    return ArticleResult(Article("n", text, published="2025-03-03"), quotes)


def test_narration_keeps_the_words_a_quote_leaves_in_its_sentence():
    from kg.analysis.claims import article_claims

    r = _article("The firm hit back after Tom Reyes blamed Acme for the loss and threatened to sue the firm.",
                 ("to sue the firm", "threatened"))
    told = [c.text for c in article_claims(r, SEM) if c.kind == "narration"]
    assert any("blamed Acme for the loss" in t for t in told) and not any("threatened" in t for t in told)
    r = _article("We never signed any deal, said Tom Reyes, who chairs the board of the company.",
                 ("We never signed any deal", "said"))
    assert [c for c in article_claims(r, SEM) if c.kind == "narration"] == []  # the attribution states nothing


def test_a_denial_of_accusations_it_only_names():
    from kg.analysis.conflicts import denied_in_context

    denial = claim("we affirm that the accusations put forward by the ministry are false", asserter="Union")
    assert denial.anaphoric and not claim("the union rejected the offer", asserter="Union").anaphoric
    accusation = claim("the depot was hit by rockets fired by Union militants", asserter=None)
    assert denied_in_context(accusation, denial) == ("union",)
    assert denied_in_context(replace(accusation, doc="b"), denial) is None  # another article
    assert denied_in_context(claim("the depot burned on Monday", asserter=None), denial) is None  # nobody named


def test_claims_weeks_apart_do_not_conflict():
    a = claim("Ms Okafor had approved the contract", asserter="Tom Reyes")
    b = claim("at no time did I approve the contract", asserter="Ada Okafor", doc="b", day=date(2025, 5, 1))
    assert opposed(a, b) is None


def test_rival_explanations():
    a = claim("the plant stayed closed for longer because the regulator refused the permit", asserter="Acme")
    b = claim("the plant stayed closed for longer because the owners ignored the warnings", asserter="Union",
              doc="b")
    assert competing(a, b)
    assert competing(a, replace(b, asserter="Acme")) is None
    c = claim("the bridge opened late because the regulator refused the permit", asserter="Union", doc="b")
    assert competing(a, c) is None


def test_conflicts_found_through_the_index():
    a = claim("Ms Okafor had approved the contract", asserter="Tom Reyes")
    b = claim("at no time did I approve the contract", asserter="Ada Okafor", doc="b")
    found = list(conflicts([a, b, claim("the weather was fine on Monday", asserter="Lee")]))
    assert [(k.rule, k.a.asserter, k.b.asserter) for k in found] == [("opposed", "Tom Reyes", "Ada Okafor")]


def test_roles_swapped():
    said = claim("Brandt asked for the meeting", asserter="Lee Park")
    assert said.acts == {("ask", "brandt")}
    other = claim("Okafor's team requested the meeting", asserter="Ben Brandt", doc="b")
    assert swapped(said, other) == ("ask", term("meeting", SEM))
    assert swapped(said, claim("Brandt requested the meeting", asserter="Ada Okafor", doc="b")) is None  # same doer
    assert swapped(said, claim("Okafor's team requested the loan", asserter="Ben Brandt", doc="b")) is None
    assert swapped(said, claim("Okafor's team will request the meeting", asserter="Ben Brandt", doc="b")) is None
    assert claim("we did not ask for the meeting", asserter="Ben Brandt").acts == frozenset()  # negated


def test_a_speaker_naming_itself_as_the_doer():
    we = claim("we asked for the meeting first", asserter="Ben Brandt", doc="b")
    assert we.acts == {("ask", "ben"), ("ask", "brandt")}
    assert swapped(claim("Okafor asked for the meeting", asserter="Lee Park"), we)


def test_dates_as_values():
    may3 = claim("the trade ministers met in Geneva on May 3 to settle the dispute", asserter=None)
    may5 = claim("the trade ministers met in Geneva on May 5", asserter="Lee Park", doc="b")
    assert dated(may3, may5)
    assert dated(may3, replace(may5, dates=may3.dates)) is None  # the same day
    assert dated(may3, claim("the trade ministers met in Paris on May 5", asserter="Lee Park", doc="b")) is None
    assert dated(may3, claim("the trade ministers did not meet in Geneva on May 5", asserter="Lee Park",
                             doc="b")) is None
    assert dated(may3, claim("the trade ministers will meet in Geneva on May 5", asserter="Lee Park",
                             doc="b")) is None
    # a date of another event in the same sentence (a press conference) dates nothing of the meeting
    assert dated(may3, claim("Geneva officials held a press conference on May 5 after the trade ministers met",
                             asserter="Lee Park", doc="b")) is None


def test_event_rules_found_through_the_index():
    claims = [claim("Brandt asked for the meeting", asserter="Lee Park"),
              claim("Okafor's team requested the meeting", asserter="Ben Brandt", doc="b"),
              claim("the trade ministers met in Geneva on May 3", asserter=None),
              claim("the trade ministers met in Geneva on May 5", asserter="Lee Park", doc="b")]
    assert sorted(k.rule for k in conflicts(claims)) == ["dated", "swapped"]


# ---------------------------------------------------------------------------- counts


def fig(doc: str, value: float, measure: str = "flight|cancel", role: str = "level", approximate: bool = False,
        start: int = 0) -> Figure:
    text = f"The airline cancelled {value:g} flights."
    return Figure(doc, text, start + 22, start + 26, value, "count", measure, role=role, approximate=approximate,
                  sentence_start=start, sentence_end=start + len(text))


CTX_DAYS = {"a": "2025-03-03", "b": "2025-03-05", "c": "2025-06-30"}


CTX = {d: Ctx(d, date.fromisoformat(p), d.upper()) for d, p in CTX_DAYS.items()}
S = DetectionSettings()


def counts(*figures: Figure) -> list:
    copies: dict[tuple, list[Figure]] = {}  # the figures stating one value, the first of them compared
    for f in sorted(figures, key=lambda f: (f.doc, f.start)):
        copies.setdefault(figure_group(f), []).append(f)
    reps = sorted((group[0] for group in copies.values()), key=lambda f: (f.doc, f.start))
    docs = {figure_key(group[0]): frozenset(f.doc for f in group) for group in copies.values()}
    return [c for thing, group in blocks(count_keys, reps).items()
            for c in conflicting_counts(thing, group, docs, CTX, Iris(), SEM, S)]


def test_counts_that_differ_conflict():
    found = counts(fig("a", 4000, approximate=True), fig("b", 6000, approximate=True))
    assert len(found) == 1 and "4000" in found[0].explanation and "6000" in found[0].explanation


@pytest.mark.parametrize("other", [
    fig("b", 4200, approximate=True),  # within rounding of `more than 4,000`
    fig("b", 6000, "person|die"),  # another thing counted
    fig("b", 6000, role="part"),  # a part of the total (`including 6,000`)
    fig("c", 6000),  # months later
    fig("a", 6000, start=100),  # two counts of one article are not compared (only a total with its sum)
])
def test_counts_that_only_look_alike(other):
    assert counts(fig("a", 4000, approximate=True), other) == []


def test_a_threatened_count_is_not_compared_with_one_in_force():
    assert counts(fig("a", 4000), fig("b", 6000, role="threatened")) == []
    assert counts(fig("a", 4000, role="threatened"), fig("b", 6000, role="threatened"))


def rate(doc: str, value: float, role: str = "level") -> Figure:
    return Figure(doc, "China's tariffs on U.S. goods", 0, 3, value, "percent", "tariff", "CN", "US", role=role,
                  sentence_start=0, sentence_end=30)


def test_rates_between_the_same_parties():
    def rates(*figures: Figure) -> list:
        return list(conflicting_rates(("tariff", "percent"), list(figures), CTX, Iris(), S))

    assert len(rates(rate("a", 120), rate("b", 125))) == 1
    assert rates(rate("a", 120), rate("b", 125, "threatened")) == []
    assert rates(rate("a", 145, "from"), rate("b", 30, "to")) == []


def test_generic_things_need_the_same_event():
    assert counts(fig("a", 500, "person|die"), fig("b", 200, "person|die"))
    assert counts(fig("a", 1000, "person|be"), fig("b", 3000, "person|seek")) == []


def test_the_highest_count_ranks_first_against_a_claim_of_inflation():
    said = claim("they went as far as to inflate the number of casualties", asserter="Lee Park", doc="b")
    found = list(disputed_counts([said], [fig("a", 500, "person|die"), fig("b", 200, "person|die")], CTX, Iris(),
                                SEM, S))
    assert sorted((c.confidence, "500" in c.explanation) for c in found) == [(0.55, False), (0.6, True)]


def test_a_denial_naming_a_claim_it_does_not_restate():
    from kg.analysis.explain import _names_unstated_claim

    assert _names_unstated_claim("the army's accusation over the strike is lies", SEM)
    assert not _names_unstated_claim("rejects any allegation that it was negligent", SEM)
    assert not _names_unstated_claim("she did not consent to the kiss", SEM)


def test_a_total_against_the_sum_of_its_parts_in_one_article():
    assert counts(fig("a", 56, "player|lead"), fig("a", 55, "player|", role="sum", start=100))


# ---------------------------------------------------------------------------- counted once


def _pair(copy: int) -> list[ArticleResult]:
    """Two invented articles that disagree (a claim, a denial the first article reports, the second
    article's denial, two counts), as copy `copy`."""
    a_text = ("Tom Reyes said Ms Okafor had approved the contract, which her office denied. "
              "The airline cancelled 4,000 flights.")
    b_text = "Ada Okafor said at no time did I approve the contract. The airline cancelled 6,000 flights."
    out = []
    for name, text, speaker, quote in (("a", a_text, "Tom Reyes", "Ms Okafor had approved the contract"),
                                       ("b", b_text, "Ada Okafor", "at no time did I approve the contract")):
        doc = f"{name}{copy}"
        art = Article(doc, text, published="2025-03-03", outlet=f"Outlet {name.upper()}{copy}")
        qs = text.index(quote)
        q = Quote(doc, quote, qs, qs + len(quote), speaker, speaker, "said", "indirect", speaker_type="person")
        n = text.index("000") - 1
        s = text.index("The airline")
        f = Figure(doc, text[s:], n, n + 5, 4000.0 if name == "a" else 6000.0, "count", "flight|cancel",
                   sentence_start=s, sentence_end=len(text))
        denials = []
        if name == "a":
            ds = text.index("which her office denied")
            denials = [Denial(doc, "which her office denied", ds, ds + 23, "Okafor office", "her office", "denied",
                              qs, qs + len(quote))]
        out.append(ArticleResult(art, [q], denials, [f]))
    return out


def _shape(items) -> list[tuple]:
    return sorted((c.type, c.a.text, c.b.text) for c in items)


@pytest.mark.parametrize("n", [1, 20])
def test_copies_give_the_contradictions_of_one_copy(n):
    one = detect(_pair(0), Iris())
    many = detect([r for k in range(n) for r in _pair(k)], Iris())
    assert _shape(many) == _shape(one) and {c.type for c in one} >= {"reported_denial", "conflicting_figures"}
    for c in many:  # each side once per copy, in n different articles
        assert len(c.a_evidence) == len({e.doc for e in c.a_evidence}) == n
        assert len(c.b_evidence) == len({e.doc for e in c.b_evidence}) == n
