"""Where accounts disagree, counted once: detection from the articles' records to the contradictions.

Every statement is read as a claim (kg/analysis/claims.py), a quote or a figure; the same statement
carried by several articles is one, with all of them as evidence, and the rules compare distinct
statements only, block by block (claims sharing a term, quotes of one speaker, counts of one thing),
never all pairs:
- reported denials and conflicting claims (kg/analysis/conflicts.py, explained in kg/analysis/explain.py);
- conflicting figures (kg/analysis/figures.py);
- quote variants (kg/analysis/variants.py): one remark worded differently in different articles. The
  versions of one remark are one statement for the other rules.
With a `DetectionCache`, only the blocks whose members changed are compared again
(kg/analysis/incremental.py); the output is the same as from scratch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..ids import Iris, digest
from ..model import ArticleResult, Contradiction, Figure, Quote, Side
from ..resources.entities import Countries
from ..resources.semantics import Semantics, semantics
from .claims import (Claim, article_claims, claim_group, combine_parties, counted_once, normal_words,
                     party_facts, vocabulary)
from .conflicts import RULES, Conflict, block_conflicts
from .context import Ctx, day, plain, quote_side
from .explain import claim_contradiction, reported_denials
from .figures import conflicting_counts, conflicting_rates, count_keys, disputed_counts, figure_key, rate_keys
from .incremental import (Change, DetectionCache, Facts, Rule, State, code_version, collector_paused, record_digest,
                          run_rule)
from .settings import DetectionSettings
from .variants import Variants

T = TypeVar("T")


@dataclass(frozen=True)
class Corpus:
    """The articles detection reads, without holding their records: each article's document id and a key that
    changes whenever its (merged) records change, in the corpus's order (`versions`), and `load`, which gives
    an article's records by document id (called only for the articles detection must read)."""

    versions: tuple[tuple[str, str], ...]
    load: Callable[[str], ArticleResult]


def detect_corpus(corpus: Corpus, iris: Iris, domain: Path | None = None,
                  settings: DetectionSettings = DetectionSettings(), cache: DetectionCache | None = None
                  ) -> list[Contradiction]:
    """`detect` on a `Corpus`."""
    return detect([corpus.load(doc) for doc, _ in corpus.versions], iris, domain, settings, cache)


def detect(results: list[ArticleResult], iris: Iris, domain: Path | None = None,
           settings: DetectionSettings = DetectionSettings(), cache: DetectionCache | None = None
           ) -> list[Contradiction]:
    """All contradictions among the articles' statements, each between two distinct statements (a
    statement carried by several articles counts once, with all of them as evidence), in a stable order.
    `domain` is an optional domain pack of synonyms (kg/data/domain_*.toml); `cache` keeps what was read
    and found for the next detection, which then compares again only what changed."""
    with collector_paused():
        return _detect(results, iris, domain, settings, cache)


def _detect(results: list[ArticleResult], iris: Iris, domain: Path | None, settings: DetectionSettings,
            cache: DetectionCache | None) -> list[Contradiction]:
    sem = semantics(domain)
    env = digest(code_version(), domain.read_bytes().hex() if domain is not None else "", repr(settings), iris.base)
    records = [record_digest(r) for r in results]
    key = digest(env, *(f"{r.article.doc_id} {d}" for r, d in zip(results, records)), length=32)
    if cache is not None and (saved := cache.output(key)) is not None:
        return saved
    old = cache.state(env) if cache is not None else None
    state = State(env)
    changed = read_facts(results, records, old, state, iris, sem, settings, key)
    found = Detection(results, state, old, changed, iris, sem, settings).run()
    if cache is not None:
        cache.save(state, old, key, found)
    return found


def read_facts(results: list[ArticleResult], records: list[str], old: State | None, state: State, iris: Iris,
               sem: Semantics, s: DetectionSettings, key: str) -> set[str]:
    """Fill `state.facts` and `state.party` from the records, reusing `old` facts where they still hold
    (`key`: this detection's input, marking the facts read anew); returns the articles read anew or gone
    (new, changed, removed, or using a name whose party changed)."""
    countries = Countries.load()
    previous = old.facts if old is not None else {}
    same = {r.article.doc_id for r, d in zip(results, records)
            if r.article.doc_id in previous and previous[r.article.doc_id].record == d}
    party_of = {r.article.doc_id: previous[r.article.doc_id].party if r.article.doc_id in same
                else party_facts(r.article.text, countries.code, countries.mentioned) for r in results}
    state.party = combine_parties(party_of.values())
    moved: set[str] = set()  # names now of another party, and parties named now or no longer
    if old is not None:
        moved = {k for k in state.party.keys() | old.party.keys() if state.party.get(k) != old.party.get(k)}
        moved |= frozenset(state.party.values()) ^ frozenset(old.party.values())
    seen: dict = {}
    for r, d in zip(results, records):
        doc = r.article.doc_id
        if doc in same and not previous[doc].vocabulary & moved:
            state.facts[doc] = previous[doc]
            continue
        claims = tuple(article_claims(r, sem, party=state.party, seen=seen, s=s))
        state.facts[doc] = Facts(d, party_of[doc], vocabulary(r, sem), claims, tuple(r.quotes), tuple(r.figures),
                                 tuple(claim_group(c) for c in claims), tuple(quote_group(q) for q in r.quotes),
                                 tuple(str(iris.quote(q.speaker, q.quote)) for q in r.quotes), key)
    return (set(previous) | set(state.facts)) - {doc for doc, f in state.facts.items() if previous.get(doc) is f}


class Detection:
    """One detection: the distinct statements, the rules block by block, and the merged contradictions."""

    def __init__(self, results: list[ArticleResult], state: State, old: State | None, changed: set[str], iris: Iris,
                 sem: Semantics, s: DetectionSettings):
        self.results, self.state, self.old, self.iris, self.sem, self.s = results, state, old, iris, sem, s
        self.ctx = {r.article.doc_id: Ctx(r.article.doc_id, day(r.article.published), r.article.outlet)
                    for r in results}
        facts = [state.facts[r.article.doc_id] for r in results]
        self.claim_groups = _grouped((k, c) for f in facts for k, c in zip(f.claim_groups, f.claims))
        self.quote_groups = _grouped((k, q) for f in facts for k, q in zip(f.quote_groups, f.quotes))
        self.figure_groups = _grouped((figure_group(g), g) for f in facts for g in f.figures)
        self.claims = counted_once(self.claim_groups)
        self.quotes, self.quote_ev = distinct(self.quote_groups)
        self.figures, self.figure_ev = distinct_figures(self.figure_groups)
        self.before = [old.facts[d] for d in sorted(changed) if d in old.facts] if old is not None else []
        self.after = [state.facts[d] for d in sorted(changed) if d in state.facts]
        self.quote_nodes = {id(q): node for f in (*facts, *self.before) for q, node in zip(f.quotes, f.quote_nodes)}

    def claim_node(self, c: Claim) -> str:
        return str(self.iris.claim(c.doc, c.start, c.end))

    def quote_node(self, q: Quote) -> str:
        return self.quote_nodes[id(q)]  # every quote compared is one of the facts

    def figure_node(self, f: Figure) -> str:
        return str(self.iris.figure(f.doc, f.start, f.end))

    def change(self, items: Callable[[Facts], Iterable[T]], group: Callable[[T], Hashable],
               groups: dict[Hashable, list[T]], node: Callable[[T], str]) -> Change[T] | None:
        """The statements of the changed articles, before and after, and every copy of them now (None when
        there is no earlier detection: everything is new)."""
        if self.old is None:
            return None
        were = [x for f in self.before for x in items(f)]
        keys = {group(x) for x in were} | {group(x) for f in self.after for x in items(f)}
        touched = were + [x for k in keys for x in groups.get(k, ())]
        return Change(touched, {node(x) for x in touched})

    def run(self) -> list[Contradiction]:
        """Every contradiction, merged and ordered; what each rule found is left in the state."""
        ctx, iris, sem, s = self.ctx, self.iris, self.sem, self.s
        previous = self.old.findings if self.old is not None else {}
        claim_nodes = [self.claim_node(c) for c in self.claims]
        quote_nodes = [self.quote_node(q) for q in self.quotes]
        figure_nodes = [self.figure_node(f) for f in self.figures]
        changed = self.change(lambda f: f.claims, claim_group, self.claim_groups, self.claim_node)
        out = self.state.findings
        for pair_rule in RULES:
            tested: dict = {}
            rule = Rule(pair_rule.name, pair_rule.keys, lambda k, m, focus, r=pair_rule, tested=tested: _explained(
                block_conflicts(r, k, m, s, tested, focus), ctx, iris, sem, s))
            out[rule.name] = run_rule(rule, self.claims, claim_nodes, changed, previous.get(rule.name))
        changed_figures = self.change(lambda f: f.figures, figure_group, self.figure_groups, self.figure_node)
        docs = {k: frozenset(side.doc for side in v) for k, v in self.figure_ev.items()}
        counts = [f for f in self.figures if f.unit == "count"]
        for rule, unit in ((Rule("rates", rate_keys, lambda k, m, focus: list(
                conflicting_rates(k, m, ctx, iris, s, focus))), False),
                (Rule("counts", count_keys, lambda k, m, focus: list(
                    conflicting_counts(k, m, docs, ctx, iris, sem, s, focus))), True)):
            kept = [(f, node) for f, node in zip(self.figures, figure_nodes) if (f.unit == "count") == unit]
            out[rule.name] = run_rule(rule, [f for f, _ in kept], [node for _, node in kept], changed_figures,
                                      previous.get(rule.name))
        variants = Variants(ctx, iris, sem, s)
        out["variants"] = run_rule(Rule("variants", variants.keys, variants.compare), self.quotes, quote_nodes,
                                   self.change(lambda f: f.quotes, quote_group, self.quote_groups, self.quote_node),
                                   previous.get("variants"))
        evidence = {  # by the node of each distinct statement
            **dict(zip(claim_nodes, (c.evidence for c in self.claims))),
            **{node: self.quote_ev[_key(quote_side(q))] for q, node in zip(self.quotes, quote_nodes)},
            **{node: self.figure_ev[figure_key(f)] for f, node in zip(self.figures, figure_nodes)}}
        found = [
            *reported_denials(self.results, iris, evidence, sem, s),
            *(c for rule in RULES for c in out[rule.name].all()),
            *out["rates"].all(), *out["counts"].all(),
            *disputed_counts(self.claims, counts, ctx, iris, sem, s),
        ]
        return merge(found, out["variants"].all(), evidence)


def _explained(conflicts: list[Conflict] | None, ctx: dict[str, Ctx], iris: Iris, sem: Semantics,
               s: DetectionSettings) -> list[Contradiction] | None:
    return None if conflicts is None else [claim_contradiction(k, ctx, iris, sem, s) for k in conflicts]


def merge(found: list[Contradiction], variants: list[Contradiction],
          evidence: dict[str, tuple[Side, ...]]) -> list[Contradiction]:
    """The contradictions once each: those between versions of the same two remarks made one, with every
    version and copy as evidence; in a stable order."""
    remark, versions = remark_of(variants)
    unique: dict[tuple, Contradiction] = {}
    for c in found:
        a_ev, b_ev = evidence.get(c.a_node) or (plain(c.a),), evidence.get(c.b_node) or (plain(c.b),)
        ka, kb = remark(c.a, c.a_node), remark(c.b, c.b_node)
        if (kb, ka) in unique:
            ka, kb, a_ev, b_ev = kb, ka, b_ev, a_ev
        kept = unique.get((ka, kb))
        if kept is not None:  # another rendering of the same remarks: more evidence, not another item
            a_ev, b_ev = _union(kept.a_evidence, a_ev), _union(kept.b_evidence, b_ev)
            c = kept
        unique[(ka, kb)] = _with_evidence(c, _union(a_ev, versions.get(ka, ())), _union(b_ev, versions.get(kb, ())))
    for v in variants:
        unique[(_key(v.a), _key(v.b))] = _with_evidence(v, evidence.get(v.a_node) or (plain(v.a),),
                                                        evidence.get(v.b_node) or (plain(v.b),))
    return sorted(unique.values(), key=lambda c: (c.type, c.a.doc, c.a.start, c.b.doc, c.b.start))


def _with_evidence(c: Contradiction, a: tuple[Side, ...], b: tuple[Side, ...]) -> Contradiction:
    """`c` with evidence `a` and `b`: `dataclasses.replace` without running the frozen record's `__init__`
    again, which costs seconds over the tens of thousands of contradictions of a large corpus."""
    out = object.__new__(Contradiction)
    out.__dict__.update(c.__dict__, a_evidence=a, b_evidence=b)
    return out


def _union(a: tuple[Side, ...], b: tuple[Side, ...]) -> tuple[Side, ...]:
    return a if not b and len(a) < 2 else tuple(dict.fromkeys((*a, *b)))


def remark_of(variants: list[Contradiction]) -> tuple[Callable[[Side, str], tuple], dict[tuple, tuple[Side, ...]]]:
    """Which remark a side belongs to, and every version of each remark: quotes found to be versions of
    one remark (translations, other wordings) are one remark, so a contradiction with it is counted once
    with every version as evidence; any other side is its own."""
    parent: dict[tuple, tuple] = {}

    def root(k: tuple) -> tuple:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for v in variants:
        ra, rb = root(_key(v.a)), root(_key(v.b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            parent.setdefault(min(ra, rb), min(ra, rb))
    spans: dict[str, list[tuple[int, int, tuple]]] = defaultdict(list)
    for k in parent:
        spans[k[0]].append((k[1], k[2], k))

    def of(side: Side, node: str) -> tuple:
        for start, end, k in spans.get(side.doc, ()):
            if start <= side.start and side.end <= end:
                return root(k)
        return (node,)  # a distinct statement's node (copies of a quote share it)

    versions: dict[tuple, list[Side]] = defaultdict(list)
    for v in variants:
        for side in (v.a, v.b):
            versions[root(_key(side))].append(plain(side))
    return of, {k: tuple(sorted(set(v), key=lambda s: (s.doc, s.start))) for k, v in versions.items()}


def _key(side: Side) -> tuple[str, int, int]:
    return side.doc, side.start, side.end


def quote_group(q: Quote) -> tuple[str, str]:
    """Which distinct remark a quote is a copy of: same speaker, same words."""
    return q.speaker, normal_words(q.quote)


def figure_group(f: Figure) -> tuple:
    """Which distinct statement of a value a figure is a copy of: same value, measure, parties and role."""
    return f.measure, f.unit, f.value, f.imposer, f.target, f.role


def _grouped(pairs: Iterable[tuple[Hashable, T]]) -> dict[Hashable, list[T]]:
    """Items by their group, from (group, item) pairs, in order."""
    out: dict[Hashable, list[T]] = defaultdict(list)
    for key, item in pairs:
        out[key].append(item)
    return out


def distinct(quotes: Iterable[Quote] | dict[Hashable, list[Quote]]
             ) -> tuple[list[Quote], dict[tuple[str, int, int], tuple[Side, ...]]]:
    """One quote per distinct remark (`quote_group`) and, by its first appearance, every place it appears:
    the detectors compare remarks, not copies (`quotes` may be given grouped)."""
    groups = quotes if isinstance(quotes, dict) else _grouped((quote_group(q), q) for q in quotes)
    reps, evidence = [], {}
    for members in groups.values():
        members.sort(key=lambda q: (q.doc, q.start))
        reps.append(members[0])
        evidence[(members[0].doc, members[0].start, members[0].end)] = tuple(
            dict.fromkeys(Side(q.doc, q.start, q.end, q.quote) for q in members))
    return sorted(reps, key=lambda q: (q.doc, q.start)), evidence


def distinct_figures(figures: Iterable[Figure] | dict[Hashable, list[Figure]]
                     ) -> tuple[list[Figure], dict[tuple[str, int, int], tuple[Side, ...]]]:
    """One figure per distinct statement of a value for a measure (`figure_group`), with every sentence
    that states it as evidence (`figures` may be given grouped)."""
    groups = figures if isinstance(figures, dict) else _grouped((figure_group(f), f) for f in figures)
    reps, evidence = [], {}
    for members in groups.values():
        members.sort(key=lambda f: (f.doc, f.start))
        first = members[0]
        reps.append(first)
        evidence[figure_key(first)] = tuple(
            dict.fromkeys(Side(f.doc, f.sentence_start, f.sentence_end, f.text) for f in members))
    return sorted(reps, key=lambda f: (f.doc, f.start)), evidence
