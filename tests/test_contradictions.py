"""Contradictions: the seeds' gold pairs and traps, and one short case per type and per trap."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kg.attribution.attribute import attribute
from kg.cli import main
from kg.analysis.contradictions import detect
from kg.resources.entities import Countries, Registry
from kg.ingest.formats import article_from_text
from kg.ingest.text import masked_text
from kg.ids import Iris

from .conftest import DATA, SEEDS


def _sentence_range(text: str, piece: str) -> tuple[int, int]:
    """Where the sentence holding `piece` stands in `text`."""
    pos = text.index(piece)
    starts = [m.end() for m in re.finditer(r"[.!?][”\"]?\s+|\n", text[:pos])]
    start = starts[-1] if starts else 0
    m = re.search(r"[.!?][”\"]?(?=\s|$)|\n", text[pos + len(piece):])
    end = pos + len(piece) + (m.end() if m else len(text))
    return start, end


def _matches(side: dict, gold: dict, texts: dict[str, str]) -> bool:
    """The gold claim is the side, or one of the places the side's statement appears (its evidence)."""
    s, e = _sentence_range(texts[gold["doc"]], gold["text"])
    return any(place["doc"] == gold["doc"] and place["start"] < e and s < place["end"]
               for place in [side, *side.get("evidence", [])])


def _found(items: list[dict], pair: dict, texts: dict[str, str]) -> bool:
    return any(
        (_matches(c["a"], pair["a"], texts) and _matches(c["b"], pair["b"], texts))
        or (_matches(c["a"], pair["b"], texts) and _matches(c["b"], pair["a"], texts))
        for c in items if "type" not in pair or c["type"] == pair["type"])


@pytest.fixture(scope="module")
def seed_contradictions(seed_build):
    return json.loads((seed_build / "contradictions.json").read_text())


@pytest.fixture(scope="module")
def gold_pairs():
    return json.loads((DATA / "seeds_contradictions.json").read_text())


@pytest.fixture(scope="module")
def seed_texts():
    return {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}


def test_every_gold_contradiction_is_found(seed_contradictions, gold_pairs, seed_texts):
    missing = [p for p in gold_pairs["must_find"] if not _found(seed_contradictions, p, seed_texts)]
    assert not missing, missing


def test_no_trap_is_flagged(seed_contradictions, gold_pairs, seed_texts):
    flagged = [p["why"] for p in gold_pairs["must_not_flag"] if _found(seed_contradictions, p, seed_texts)]
    assert not flagged, flagged


def test_json_shape_and_offsets(seed_contradictions, seed_texts):
    assert seed_contradictions
    for c in seed_contradictions:
        assert c["type"] in ("reported_denial", "conflicting_claims", "conflicting_figures", "quote_variant")
        assert c["explanation"] and 0 < c["confidence"] <= 1
        for side in (c["a"], c["b"]):
            assert seed_texts[side["doc"]][side["start"]:side["end"]] == side["text"]


def test_cli_reads_contradictions_from_the_graph(seed_build):
    runner = CliRunner()
    res = runner.invoke(main, ["contradictions", "--graph", str(seed_build / "graph.trig"), "--format", "json",
                               "--type", "reported_denial"])
    assert res.exit_code == 0, res.output
    items = json.loads(res.output)
    listed = json.loads((seed_build / "contradictions.json").read_text(encoding="utf-8"))
    assert items == [c for c in listed if c["type"] == "reported_denial"]
    assert "Chinese officials" in {c["b"]["speaker"] for c in items}
    table = runner.invoke(main, ["contradictions", "--graph", str(seed_build / "graph.trig")])
    assert table.exit_code == 0
    numbered = [line for line in table.output.splitlines() if re.match(r"\d+\. ", line)]
    assert [line.split(".")[0] for line in numbered] == [str(i) for i in range(1, len(listed) + 1)]
    assert sorted(line.split()[1] for line in numbered) == sorted(c["type"] for c in listed)  # one entry each


def test_cli_reads_the_graph_when_no_list_is_beside_it(seed_build, tmp_path):
    """A graph file alone (copied elsewhere) gives the same contradictions, read through Oxigraph, each
    side with the places it appears."""
    import shutil

    shutil.copy(seed_build / "graph.trig", tmp_path / "graph.trig")
    runner = CliRunner()
    listed = json.loads(runner.invoke(main, ["contradictions", "--graph", str(seed_build / "graph.trig"),
                                             "--format", "json"]).output)
    res = runner.invoke(main, ["contradictions", "--graph", str(tmp_path / "graph.trig"), "--format", "json"])
    assert res.exit_code == 0, res.output
    from_graph = json.loads(res.output)
    key = lambda c: (c["type"], c["explanation"])  # noqa: E731
    assert sorted(map(key, from_graph)) == sorted(map(key, listed))
    by_key = {key(c): c for c in listed}
    for c in from_graph:
        for side in "ab":
            assert {(e["doc"], e["start"]) for e in c[side]["evidence"]} == \
                {(e["doc"], e["start"]) for e in by_key[key(c)][side]["evidence"]}


def test_evidence_lists_locate_every_copy(seed_contradictions, seed_texts):
    for c in seed_contradictions:
        for side in (c["a"], c["b"]):
            assert side["evidence"] and {"doc", "start", "end", "text"} <= set(side["evidence"][0])
            for e in side["evidence"]:
                assert seed_texts[e["doc"]][e["start"]:e["end"]] == e["text"]


# ---------------------------------------------------------------------------- short cases


@pytest.fixture
def results_of(nlp):
    """Results of several short articles: [(doc id, text, publication date, outlet)]."""
    def run(*articles):
        out = []
        for doc, text, published, outlet in articles:
            art = article_from_text(text, doc, meta={"published": published, "outlet": outlet})
            out.append(attribute(art, nlp(masked_text(art)), Registry.load(), Countries.load()))
        return detect(out, Iris())
    return run


def _types(items) -> list[str]:
    return sorted(c.type for c in items)


def test_reported_denial_short(results_of):
    found = results_of(("a", "Maria Lopez said the two ministers had agreed on a plan, which Karimi's office denied.",
                        "2025-03-03", "Daily A"))
    assert _types(found) == ["reported_denial"]


CLAIM_A = "Maria Lopez said the two countries were holding trade negotiations."
CLAIM_B = "Ahmed Karimi said the two countries had not held any trade negotiations."


def test_conflicting_claims_short(results_of):
    found = results_of(("a", CLAIM_A, "2025-03-03", "Daily A"), ("b", CLAIM_B, "2025-03-04", "Daily B"))
    assert _types(found) == ["conflicting_claims"]


def test_claims_weeks_apart_are_a_change_not_a_conflict(results_of):
    assert results_of(("a", CLAIM_A, "2025-03-03", "Daily A"), ("b", CLAIM_B, "2025-05-20", "Daily B")) == []


def test_claims_about_different_countries_do_not_conflict(results_of):
    a = "Maria Lopez said the talks with Canada were making progress."
    b = "Ahmed Karimi said the talks with Germany had not made any progress."
    assert results_of(("a", a, "2025-03-03", "A"), ("b", b, "2025-03-03", "B")) == []


def test_expectations_do_not_conflict_with_facts(results_of):
    a = "Maria Lopez said negotiators were expected to hold talks next week."
    b = "Ahmed Karimi said the two sides had not held any talks."
    assert results_of(("a", a, "2025-03-03", "A"), ("b", b, "2025-03-03", "B")) == []


def test_same_speaker_or_future_claims_do_not_conflict(results_of):
    later = "Maria Lopez said the two countries had not held any trade negotiations."
    future = "Ahmed Karimi said the two countries would not hold trade negotiations."
    assert results_of(("a", CLAIM_A, "2025-03-03", "A"), ("b", later, "2025-03-03", "B")) == []
    assert results_of(("a", CLAIM_A, "2025-03-03", "A"), ("b", future, "2025-03-03", "B")) == []


def test_conflicting_figures_short(results_of):
    found = results_of(("a", "Brazil raised its tariffs on Argentine goods to 30%.", "2025-03-03", "Daily A"),
                       ("b", "Brazil's tariffs on Argentine goods now stand at 35%.", "2025-03-05", "Daily B"))
    assert _types(found) == ["conflicting_figures"]
    assert "30%" in found[0].explanation and "35%" in found[0].explanation


@pytest.mark.parametrize("other", [
    "Brazil's tariffs on Argentine goods now stand at almost 31%.",     # approximate and close
    "Brazil's tariffs on Chilean goods now stand at 35%.",              # another target
    "Brazil cut its tariffs on Argentine goods from 30% to 10%.",       # a reported change
    "Brazil raised its tariffs on Argentine beef to 35%.",              # one product, not goods in general
])
def test_figures_that_only_look_alike(results_of, other):
    assert results_of(("a", "Brazil raised its tariffs on Argentine goods to 30%.", "2025-03-03", "Daily A"),
                      ("b", other, "2025-03-05", "Daily B")) == []


VARIANT_A = "“We have a very strong partnership with them,” Maria Lopez told CNN."
VARIANT_B = "“We have a strong partnership with them,” Maria Lopez told CNN."


def test_quote_variant_short(results_of):
    found = results_of(("a", VARIANT_A, "2025-03-03", "Daily A"), ("b", VARIANT_B, "2025-03-03", "Daily B"))
    assert _types(found) == ["quote_variant"]


def test_the_same_words_about_another_country_are_another_remark(results_of):
    a = "“Our partners in Canada know exactly where we stand on steel,” Maria Lopez told CNN."
    b = "“Our partners in Mexico know exactly where we stand on steel,” Maria Lopez told CNN."
    assert results_of(("a", a, "2025-03-03", "A"), ("b", b, "2025-03-03", "B")) == []


def test_identical_or_differently_dated_quotes_are_not_variants(results_of):
    assert results_of(("a", VARIANT_A, "2025-03-03", "A"), ("b", VARIANT_A, "2025-03-03", "B")) == []
    friday = "“We have a very strong partnership with them,” Maria Lopez told CNN on Friday."
    monday = "“We have a strong partnership with them,” Maria Lopez told CNN on Monday."
    assert results_of(("a", friday, "2025-03-08", "A"), ("b", monday, "2025-03-12", "B")) == []
