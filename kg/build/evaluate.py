"""Scoring extracted quotes against a gold JSONL (the rule of tests/data/SCHEMA.md).

A predicted quote matches a gold quote of the same document when their spans overlap by at least
half of the shorter one; matching is one-to-one, largest overlap first. Speakers agree when equal
(case-insensitive, possessives and punctuation ignored), equal to a gold alias, or when the last
words agree; venue when one contains the other; date when equal.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import KgError
from ..nlp import DEFAULT_MODEL
from ..resources.entities import Registry
from .pipeline import extract, read_articles

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


# ---------------------------------------------------------------------------- the `make eval` report


@dataclass(frozen=True)
class EvalSet:
    """A set of articles with gold quotes: `seeds` (in the project) or `dev` (beside it, when present)."""

    name: str
    docs: Path
    gold: Path


@dataclass(frozen=True)
class Run:
    """One set extracted with one registry: the scores and the pairs behind them."""

    set: EvalSet
    registry: str
    gold: list[dict]
    pred: list[dict]
    scores: Scores


def kind_speaker(gold: list[dict], pred: list[dict], pairs: list[tuple[int, int]]) -> dict[str, float | None]:
    """Speaker accuracy of matched quotes, by gold kind."""
    out = {}
    for kind in ("direct", "mixed", "indirect"):
        ours = [(i, j) for i, j in pairs if gold[i].get("kind") == kind]
        out[kind] = _ratio(sum(same_speaker(gold[i], pred[j].get("speaker")) for i, j in ours), len(ours))
    return out


def _cell(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def _row(label: str, values: list[str]) -> str:
    return f"{label:22}" + "".join(f"{v:>22}" for v in values)


def score_table(runs: list[Run]) -> list[str]:
    """Scores of every run side by side: overall, then recall and speaker accuracy by kind."""
    rows = [_row("", [f"{r.set.name} / {r.registry}" for r in runs]),
            _row("quotes gold/pred/match", [f"{r.scores.gold}/{r.scores.pred}/{r.scores.matched}" for r in runs])]
    for label, key in (("precision", "precision"), ("recall", "recall"), ("span F1", "f1"),
                       ("speaker", "speaker"), ("venue", "venue"), ("date", "date")):
        rows.append(_row(label, [_cell(getattr(r.scores, key)) for r in runs]))
    pairs = [match(r.gold, r.pred) for r in runs]
    for kind in ("direct", "mixed", "indirect"):
        rows.append(_row(f"{kind} recall", [_cell(r.scores.by_kind.get(kind)) for r in runs]))
        rows.append(_row(f"{kind} speaker", [_cell(kind_speaker(r.gold, r.pred, p)[kind])
                                             for r, p in zip(runs, pairs)]))
    return rows


def _where(g: dict) -> str:
    return f"{g['doc']}@{g['start']}"


def error_lists(run: Run) -> list[str]:
    """Misses by kind and cue; wrong speakers, venues and dates by kind and by the rule that found the quote."""
    gold, pred = run.gold, run.pred
    pairs = match(gold, pred)
    found = {i for i, _ in pairs}
    out = [f"{run.set.name} misses (gold quotes not found), by kind and gold cue:"]
    misses: dict[tuple[str, str], list[dict]] = {}
    for i, g in enumerate(gold):
        if i not in found:
            misses.setdefault((g.get("kind", "?"), g.get("cue") or "(no cue)"), []).append(g)
    for (kind, cue), rows in sorted(misses.items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
        out.append(f"  {kind:8} cue {cue!r}: {len(rows)}")
        out += [f"      {_where(g)}  {g.get('speaker_mention')!r} -> {g.get('speaker')!r}" for g in rows]
    checks = (
        ("wrong speakers", lambda g, p: not same_speaker(g, p.get("speaker")),
         lambda g, p: f"gold {g.get('speaker')!r} (mention {g.get('speaker_mention')!r}), "
                      f"ours {p.get('speaker')!r} (mention {p.get('speaker_mention')!r}, cue {p.get('cue')!r})"),
        ("wrong venues", lambda g, p: g.get("venue") and not same_venue(g["venue"], p.get("venue")),
         lambda g, p: f"gold {g.get('venue')!r}, ours {p.get('venue')!r}"),
        ("wrong dates", lambda g, p: g.get("date") and g["date"] != p.get("date"),
         lambda g, p: f"gold {g.get('date')!r}, ours {p.get('date')!r}"),
    )
    for title, wrong, show in checks:
        groups: dict[tuple[str, str], list[str]] = {}
        for i, j in pairs:
            g, p = gold[i], pred[j]
            if wrong(g, p):
                groups.setdefault((g.get("kind", "?"), p.get("rule") or "?"), []).append(f"{_where(g)}  {show(g, p)}")
        total = sum(len(v) for v in groups.values())
        out.append(f"{run.set.name} {title} ({total} of {len(pairs)} matched), by kind and rule:")
        for (kind, rule), rows in sorted(groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
            out.append(f"  {kind:8} {rule}: {len(rows)}")
            out += [f"      {r}" for r in rows]
    return out


def _extract(eval_set: EvalSet, registry_path: Path | None, model: str) -> list[dict]:
    from ..nlp.loader import load_pipeline  # spaCy (about 2 s) is imported only when something is parsed

    registry = Registry.load(registry_path) if registry_path else Registry.empty()
    results = extract(load_pipeline(model, registry_path=registry_path), read_articles([eval_set.docs]), registry)
    return [q.to_json() for r in results for q in r.quotes]


def report(sets: list[EvalSet], model: str = DEFAULT_MODEL, registry: Path | None = None) -> str:
    """The `make eval` text: every set with the packaged (or given) registry and an empty one, side by
    side, then the errors of the last set (dev when present) with the registry."""
    reg_path = registry or Path(str(resources.files("kg.data").joinpath("entities.toml")))
    runs = []
    for s in sets:
        gold = load_jsonl(s.gold)
        for label, path in (("registry", reg_path), ("empty", None)):
            pred = _extract(s, path, model)
            runs.append(Run(s, label, gold, pred, score(gold, pred)))
    lines = score_table(runs)
    lines.append("")
    lines += error_lists(runs[-2])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m kg.build.evaluate [--dev DIR]`: seeds and, when present, the dev set side by side."""
    ap = argparse.ArgumentParser(prog="kg-eval", description=main.__doc__)
    ap.add_argument("--seeds", type=Path, default=Path("seeds"))
    ap.add_argument("--seeds-gold", type=Path, default=Path("tests/data/seeds.jsonl"))
    ap.add_argument("--dev", type=Path, default=Path("../shared/dev"),
                    help="a directory with docs/ and gold.jsonl (read in place, never copied)")
    ap.add_argument("--registry", type=Path, default=None)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args(argv)
    sets = [EvalSet("seeds", args.seeds, args.seeds_gold)]
    if (args.dev / "gold.jsonl").is_file() and (args.dev / "docs").is_dir():
        sets.append(EvalSet("dev", args.dev / "docs", args.dev / "gold.jsonl"))
        print(f"dev set: {args.dev} (read in place)")
    else:
        print(f"dev set: not found at {args.dev} (seeds only)")
    try:
        print(report(sets, args.model, args.registry))
    except KgError as exc:
        print(f"error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
