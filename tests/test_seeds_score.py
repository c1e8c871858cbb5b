"""The floors on the seeds (span F1, speaker, venue, date), scored by the rule of tests/data/SCHEMA.md."""

from __future__ import annotations

import importlib.util

from kg.resources.entities import Registry
from kg.build.evaluate import load_jsonl, score
from kg.build.pipeline import extract, read_articles

from .conftest import DATA, SEEDS


def _judge():
    spec = importlib.util.spec_from_file_location("judge", DATA / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_floors(seed_results):
    gold = load_jsonl(DATA / "seeds.jsonl")
    pred = [q.to_json() for r in seed_results for q in r.quotes]
    s = score(gold, pred)
    assert s.f1 >= 0.95 and s.speaker >= 0.97, s
    assert s.venue >= 0.85 and s.date >= 0.85, s
    judged = _judge().score(gold, pred)["all"]  # the reference scorer agrees with ours
    assert abs(judged["f1"] - s.f1) < 1e-9 and abs(judged["speaker_acc"] - s.speaker) < 1e-9


def test_seed_speakers_without_registry(nlp):
    gold = load_jsonl(DATA / "seeds.jsonl")
    results = extract(nlp, read_articles(sorted(SEEDS.glob("*.txt"))), Registry.empty())
    s = score(gold, [q.to_json() for r in results for q in r.quotes])
    assert s.f1 >= 0.95 and s.speaker >= 0.9, s
