"""Scoring extracted quotes against a gold JSONL (the rule of tests/data/SCHEMA.md).

A predicted quote matches a gold quote of the same document when their spans overlap by at least
half of the shorter one; matching is one-to-one, largest overlap first. Speakers agree when equal
(case-insensitive, possessives and punctuation ignored), equal to a gold alias, or when the last
words agree; venue when one contains the other; date when equal.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import KgError

PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "who", "which", "that"}


def load_jsonl(path: Path | str) -> list[dict]:
    """Rows of a JSONL file; a malformed line is a KgError naming its number."""
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot read: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise KgError(f"{path}:{n}: not JSON ({exc.msg})") from exc
    return rows


def _words(name: str | None) -> list[str]:
    name = re.sub(r"'s\b", "", (name or "").lower().replace("’", "'"))
    return re.sub(r"[^a-z0-9 ]+", " ", name).split()


def same_speaker(gold: dict, name: str | None) -> bool:
    """Whether a predicted speaker name agrees with the gold speaker or one of its aliases."""
    p = _words(name)
    return bool(p) and any((g := _words(n)) and (g == p or g[-1] == p[-1])
                           for n in [gold.get("speaker"), *(gold.get("aliases") or [])])


def same_venue(gold: str | None, pred: str | None) -> bool:
    """Whether one venue name contains the other."""
    g, p = " ".join(_words(gold)), " ".join(_words(pred))
    return bool(g and p) and (g in p or p in g)


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs by span overlap, largest first."""
    by_doc: dict[str, list[int]] = {}
    for j, p in enumerate(pred):
        by_doc.setdefault(p.get("doc"), []).append(j)
    cands = []
    for i, g in enumerate(gold):
        for j in by_doc.get(g["doc"], []):
            ps, pe = int(pred[j]["start"]), int(pred[j]["end"])
            overlap = min(g["end"], pe) - max(g["start"], ps)
            if overlap > 0 and overlap >= 0.5 * min(g["end"] - g["start"], pe - ps):
                cands.append((-overlap, i, j))
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in sorted(cands):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


@dataclass(frozen=True)
class Scores:
    """Span precision/recall/F1 and attribute accuracies on matched pairs."""

    gold: int
    pred: int
    matched: int
    precision: float
    recall: float
    f1: float
    speaker: float
    venue: float | None
    date: float | None
    by_kind: dict[str, float]


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def score(gold: list[dict], pred: list[dict]) -> Scores:
    """Scores of predicted quotes against gold quotes (only documents in the gold count)."""
    docs = {g["doc"] for g in gold}
    pred = [p for p in pred if p.get("doc") in docs]
    pairs = match(gold, pred)
    p = len(pairs) / len(pred) if pred else 0.0
    r = len(pairs) / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    named = [(i, j) for i, j in pairs if " ".join(_words(gold[i].get("speaker"))) not in PRONOUNS]
    venues = [(i, j) for i, j in pairs if gold[i].get("venue")]
    dates = [(i, j) for i, j in pairs if gold[i].get("date")]
    kinds = {}
    for kind in ("direct", "mixed", "indirect"):
        total = sum(1 for g in gold if g.get("kind") == kind)
        hit = sum(1 for i, _ in pairs if gold[i].get("kind") == kind)
        kinds[kind] = hit / total if total else 0.0
    return Scores(
        gold=len(gold), pred=len(pred), matched=len(pairs), precision=p, recall=r, f1=f,
        speaker=_ratio(sum(same_speaker(gold[i], pred[j].get("speaker")) for i, j in named), len(named)) or 0.0,
        venue=_ratio(sum(same_venue(gold[i]["venue"], pred[j].get("venue")) for i, j in venues), len(venues)),
        date=_ratio(sum(gold[i]["date"] == pred[j].get("date") for i, j in dates), len(dates)),
        by_kind=kinds)
