"""Parallel extraction: our components and Doc extensions survive spaCy's worker processes; the
pipeline runs only the components the extractor needs."""

from __future__ import annotations

import pytest
import spacy

from kg.nlp.loader import DEFAULT_MODEL, OUR_COMPONENTS, load_pipeline
from kg.build.pipeline import build

from .conftest import SEEDS


def test_jobs_2_gives_the_same_outputs_as_jobs_1(nlp, seed_build, tmp_path):
    out = tmp_path / "out"
    summary = build(sorted(SEEDS.glob("*.txt")), out, nlp, DEFAULT_MODEL, jobs=2, with_html=False)
    assert summary.quotes == len((seed_build / "quotes.jsonl").read_text(encoding="utf-8").splitlines())
    for name in ("quotes.jsonl", "contradictions.json", "graph.ttl"):
        assert (out / name).read_bytes() == (seed_build / name).read_bytes(), name


@pytest.mark.model
def test_components_the_extractor_does_not_need_are_removed(tmp_path):
    model = spacy.load(DEFAULT_MODEL)
    model.add_pipe("sentencizer")  # a model may bring components we never read
    model.to_disk(tmp_path / "model")
    nlp = load_pipeline(str(tmp_path / "model"))
    assert "sentencizer" not in nlp.component_names and "senter" not in nlp.component_names
    assert nlp.pipe_names == ["tok2vec", "tagger", "kg_paragraph_breaks", "parser", "attribute_ruler", "lemmatizer",
                              "ner", *OUR_COMPONENTS]
