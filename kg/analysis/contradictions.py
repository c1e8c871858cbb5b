"""Where accounts disagree, counted once: detection from the articles' records to the contradictions.

Every statement is read as a claim (kg/analysis/claims.py), a quote or a figure; the same statement
carried by several articles is one, with all of them as evidence, and the rules compare distinct
statements only, block by block (claims sharing a term, quotes of one speaker, counts of one thing),
never all pairs:
- reported denials and conflicting claims (kg/analysis/conflicts.py, explained in kg/analysis/explain.py);
- conflicting figures (kg/analysis/figures.py);
- quote variants (kg/analysis/variants.py): one remark worded differently in different articles. The
  versions of one remark are one statement for the other rules.
Detection keeps what it read and found entry by entry (kg/analysis/store.py): the next detection reads
only the articles that changed, compares again only the blocks whose members changed and merges again only
the contradictions whose findings, evidence or remarks changed; the output is the same as from scratch
(which is the same detection from an empty state).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..ids import Iris, digest
from ..model import ArticleResult, Contradiction, Figure, Quote, Side
from ..resources.entities import Countries
from ..resources.semantics import Semantics, semantics
from .claims import PartyFacts, article_claims, claim_group, combine_parties, normal_words, party_facts, vocabulary
from .conflicts import RULES, Conflict, block_conflicts
from .context import Ctx, day, plain
from .explain import article_denials, claim_contradiction
from .figures import conflicting_counts, conflicting_rates, count_keys, disputed_counts, figure_key, rate_keys
from .incremental import Rule, block_update, code_version, collector_paused, record_digest
from .store import DetectionCache, Facts, Found, Member, Store, Stored, Unreadable, memory_store, side_key
from .settings import DetectionSettings
from .variants import Variants

KINDS = ("claim", "quote", "figure")
NO_PARTY = PartyFacts((), frozenset(), ())
DENIALS, RATES, COUNTS, DISPUTED, VARIANTS = 0, len(RULES) + 1, len(RULES) + 2, len(RULES) + 3, len(RULES) + 4


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
    """All contradictions among the articles' statements, each between two distinct statements (a
    statement carried by several articles counts once, with all of them as evidence), in a stable order.
    `domain` is an optional domain pack of synonyms (kg/data/domain_*.toml); `cache` keeps what was read
    and found for the next detection, which then reads (`corpus.load`) and compares again only what changed."""
    env = digest(code_version(), domain.read_bytes().hex() if domain is not None else "", repr(settings), iris.base)
    key = digest(env, *(f"{doc} {v}" for doc, v in corpus.versions), length=32)
    with collector_paused():
        try:
            return _detect(corpus, iris, semantics(domain), settings, cache, env, key)
        except Unreadable:  # a damaged state file, now removed: from scratch
            return _detect(corpus, iris, semantics(domain), settings, cache, env, key)


def detect(results: list[ArticleResult], iris: Iris, domain: Path | None = None,
           settings: DetectionSettings = DetectionSettings(), cache: DetectionCache | None = None
           ) -> list[Contradiction]:
    """`detect_corpus` on records held in memory (each article's version: `record_digest`)."""
    by_doc = {r.article.doc_id: r for r in results}
    versions = tuple((r.article.doc_id, record_digest(r)) for r in results)
    return detect_corpus(Corpus(versions, by_doc.__getitem__), iris, domain, settings, cache)


def _detect(corpus: Corpus, iris: Iris, sem: Semantics, s: DetectionSettings, cache: DetectionCache | None,
            env: str, key: str) -> list[Contradiction]:
    with (cache.opened(env) if cache is not None else memory_store(env)) as store:
        if store.get("key") != key:
            Detection(store, corpus, iris, sem, s).run()
            store.put("key", key)
        return store.output()


def splice(store: Store, changes: dict[str, tuple[tuple, Contradiction] | None], pos: dict[str, int]) -> None:
    """Put the merged contradictions of some merge keys (None: gone) in the output, kept in parts by type and
    first article, each part in order: by place, then in the order the contradictions were first found."""
    parts: dict[tuple[str, str], list[tuple[str, tuple, Contradiction]]] = {}

    def part(where: tuple[str, str]) -> list[tuple[str, tuple, Contradiction]]:
        if where not in parts:
            parts[where] = store.part(*where)
        return parts[where]

    for mkey, where in store.placed(changes).items():
        parts[where] = [e for e in part(where) if e[0] != mkey]
    for mkey, change in changes.items():
        if change is not None:
            part((change[1].type, change[1].a.doc)).append((mkey, *change))
    for entries in parts.values():
        entries.sort(key=lambda e: (e[2].a.start, e[2].b.doc, e[2].b.start, _resolved(e[1], pos), _order(e[2])))
    store.unplace(changes)
    store.put_parts(parts)


def _resolved(rank: tuple, pos: dict[str, int]) -> tuple:
    """A finding's place in the order of the findings: a reported denial by its article's place in the corpus."""
    return (DENIALS, pos[rank[1]], rank[2]) if rank[0] == DENIALS else rank


@dataclass(frozen=True)
class Rep:
    """A distinct statement as stored: its id, node, the statement compared, and where its first copy stands."""

    sid: int
    node: str
    item: Any
    at: tuple[str, int, int]


Touched = tuple["Rep | None", "Rep | None"]  # a distinct statement before and after a change


class Contexts(dict[str, Ctx]):
    """The day and outlet of each article, read from the state when first asked for."""

    def __init__(self, store: Store):
        super().__init__()
        self.store = store

    def __missing__(self, doc: str) -> Ctx:
        published, outlet = self.store.context(doc)
        self[doc] = Ctx(doc, day(published), outlet)
        return self[doc]


class Detection:
    """One detection: the articles read anew, the distinct statements they touch, the blocks of those
    compared again, and the merged contradictions of what changed."""

    def __init__(self, store: Store, corpus: Corpus, iris: Iris, sem: Semantics, s: DetectionSettings):
        self.store, self.corpus, self.iris, self.sem, self.s = store, corpus, iris, sem, s
        self.pos = {doc: i for i, (doc, _) in enumerate(corpus.versions)}
        self.loaded: dict[int, Any] = {}  # statements read, by id (each once: the rules pair them by identity)
        self.node_of: dict[int, str] = {}  # by id() of a statement
        self.at_of: dict[int, tuple[str, int, int]] = {}  # where each statement read stands, by id
        self.figure_docs: dict[tuple[str, int, int], frozenset[str]] = {}
        self.facts_read: dict[str, Facts] = {}
        self.changed: set[str] = set()  # nodes of the statements that changed
        self.dirty: set[str] = set()  # merge keys to merge again
        self.variant_sides: set[tuple[str, int, int]] = set()  # sides of quote variants found or lost
        self.remark_versions: dict[str, tuple[Side, ...]] = {}

    def run(self) -> None:
        redone, old, new = self.read()
        self.ctx = Contexts(self.store)
        self.store.drop_copies(redone)
        touched = {kind: self.statements(kind, i, redone, old, new) for i, kind in enumerate(KINDS)}
        self.changed = {r.node for pairs in touched.values() for pair in pairs for r in pair if r is not None}
        evidence_changed = self.denials(redone, old, new) | self.changed
        for i, pair_rule in enumerate(RULES):
            tested: dict = {}
            rule = Rule(pair_rule.name, pair_rule.keys, lambda k, m, focus, r=pair_rule, tested=tested: _explained(
                block_conflicts(r, k, m, self.s, tested, focus), self.ctx, self.iris, self.sem, self.s),
                pair_rule.counted, self.s.max_index_bucket)
            self.run_rule(rule, touched["claim"], 1 + i)
        self.run_rule(Rule("rates", lambda f: rate_keys(f) if f.unit != "count" else (),
                           lambda k, m, focus: list(conflicting_rates(k, m, self.ctx, self.iris, self.s, focus))),
                      touched["figure"], RATES)
        self.run_rule(Rule("counts", lambda f: count_keys(f) if f.unit == "count" else (),
                           lambda k, m, focus: list(conflicting_counts(k, m, self.figure_docs, self.ctx, self.iris,
                                                                       self.sem, self.s, focus))),
                      touched["figure"], COUNTS)
        self.disputed(touched)
        variants = Variants(self.ctx, self.iris, self.sem, self.s)
        self.run_rule(Rule("variants", variants.keys, variants.compare), touched["quote"], VARIANTS)
        self.merge(evidence_changed)

    # the articles
    def read(self) -> tuple[set[str], dict[str, Facts], dict[str, Facts]]:
        """Read anew the articles new, changed or using a name whose party changed, and keep what they say;
        returns the articles read anew or gone, and their facts before and after."""
        store, corpus, pos = self.store, self.corpus, self.pos
        stored = store.docs()
        kept = sorted((p, doc) for doc, (p, _) in stored.items() if doc in pos)
        if any(pos[a] > pos[b] for (_, a), (_, b) in zip(kept, kept[1:])):
            store.reset()  # the articles reordered: the order decides which copy comes first, start afresh
            stored = {}
        version = dict(corpus.versions)
        gone = set(stored) - set(pos)
        redo = {doc for doc in pos if doc not in stored or stored[doc][1] != version[doc]}
        records = {doc: corpus.load(doc) for doc in redo}
        before = store.facts(redo | gone)
        countries = Countries.load()
        party_of = {doc: party_facts(r.article.text, countries.code, countries.mentioned) for doc, r in records.items()}
        old_party = store.get("party") or {}
        party = old_party
        if any(party_of.get(doc, NO_PARTY) != (before[doc][0] if doc in before else NO_PARTY) for doc in redo | gone):
            every = store.party_facts()
            every.update(party_of)
            party = combine_parties(every[doc] for doc in sorted(pos, key=pos.__getitem__))
            store.put("party", party)
        moved = {k for k in party.keys() | old_party.keys() if party.get(k) != old_party.get(k)}
        moved |= frozenset(party.values()) ^ frozenset(old_party.values())
        if moved:  # names now of another party, and parties named now or no longer
            also = {doc for doc, terms in store.vocabularies() if doc in pos and doc not in redo and terms & moved}
            records.update((doc, corpus.load(doc)) for doc in also)
            before.update(store.facts(also))
            party_of.update((doc, before[doc][0]) for doc in also)
            redo |= also
        seen: dict = {}
        new = {}
        for doc in sorted(redo, key=pos.__getitem__):
            r = records[doc]
            new[doc] = self.facts(r, party, seen)
            store.put_doc(doc, pos[doc], version[doc], r.article.published, r.article.outlet, party_of[doc],
                          vocabulary(r, self.sem), new[doc])
        store.drop_docs(gone)
        store.place_docs((pos[doc], doc) for doc, (p, _) in stored.items() if doc in pos and doc not in redo
                         and p != pos[doc])
        return redo | gone, {doc: f for doc, (_, _, f) in before.items()}, new

    def facts(self, r: ArticleResult, party: dict[str, str], seen: dict) -> Facts:
        claims = tuple(article_claims(r, self.sem, party=party, seen=seen, s=self.s))
        return Facts(claims, tuple(r.quotes), tuple(r.figures),
                     (tuple(repr(claim_group(c)) for c in claims), tuple(repr(quote_group(q)) for q in r.quotes),
                      tuple(repr(figure_group(f)) for f in r.figures)),
                     tuple(str(self.iris.quote(q.speaker, q.quote)) for q in r.quotes),
                     tuple(article_denials(r, self.iris, self.sem, self.s)))

    def facts_of(self, doc: str, new: dict[str, Facts]) -> Facts:
        if doc in new:
            return new[doc]
        if doc not in self.facts_read:
            self.facts_read[doc] = self.store.facts([doc])[doc][2]
        return self.facts_read[doc]

    # distinct statements
    def statements(self, kind: str, k: int, redone: set[str], old: dict[str, Facts], new: dict[str, Facts]
                   ) -> list[Touched]:
        """Bring the distinct statements of one kind that the articles read anew or gone carry up to date:
        each one's copies (those of the articles read anew or gone already dropped), and the copy compared (the
        first, with every article carrying it)."""
        arrived: dict[str, list[Member]] = defaultdict(list)
        for doc, f in new.items():
            for idx, (item, group) in enumerate(zip(_items(f, k), f.groups[k])):
                arrived[group].append(_member(kind, item, idx))
        groups = set(arrived) | {g for doc in redone if doc in old for g in old[doc].groups[k]}
        out = []
        for group in sorted(groups):
            row = self.store.statement(kind, group)
            copies = arrived.get(group, [])
            if row is None:  # a new statement: its copies are those arrived
                at = min(m[:3] for m in copies)
                days = [m[4] for m in copies if m[4]]
                stored = self.rep(kind, self.facts_of(at[0], new), at, frozenset(m[0] for m in copies),
                                  min(days) if days else None)
                sid = self.store.new_statement(kind, group, stored)
                self.store.add_copies(sid, copies)
                out.append((None, self._keep(sid, stored)))
                continue
            sid, was = row
            self.store.add_copies(sid, copies)
            at = self.store.first_copy(sid)
            after = None
            if at is not None:
                stored = self.rep(kind, self.facts_of(at[0], new), at, self.store.carriers(sid),
                                  self.store.first_day(sid) if kind == "claim" else None)
                self.store.put_statement(sid, stored)
                after = self._keep(sid, stored)
            else:
                self.store.drop_statement(sid)
            out.append((Rep(sid, was[1], was[0], was[3]), after))
        return out

    def rep(self, kind: str, f: Facts, at: tuple[str, int, int], docs: frozenset[str], first_day: date | None
            ) -> Stored:
        """What is stored of a distinct statement: the statement compared (its first copy, standing `at`,
        with the articles carrying it and, a claim, the first day they cover), its node, those articles and
        where it stands."""
        idx = at[2]
        if kind == "claim":
            c = f.claims[idx]
            return c.placed(docs, first_day), str(self.iris.claim(c.doc, c.start, c.end)), docs, at
        if kind == "quote":
            return f.quotes[idx], f.quote_nodes[idx], docs, at
        fig = f.figures[idx]
        return fig, str(self.iris.figure(fig.doc, fig.start, fig.end)), docs, at

    def _keep(self, sid: int, stored: Stored) -> Rep:
        item, node, docs, at = stored
        self.loaded[sid] = item
        self.node_of[id(item)] = node
        self.at_of[sid] = at
        if isinstance(item, Figure):
            self.figure_docs[figure_key(item)] = docs
        return Rep(sid, node, item, at)

    def load(self, ids: list[int]) -> list[Any]:
        """The statements of some ids, each read once."""
        for sid, stored in self.store.items([i for i in ids if i not in self.loaded]):
            self._keep(sid, stored)
        return [self.loaded[i] for i in ids]

    def node(self, item: object) -> str:
        return self.node_of[id(item)]

    # blocks
    def blocks_of(self, name: str, keys: Callable[[Any], Iterable[Hashable]], touched: list[Touched],
                  counted: Callable[[Hashable, Any], bool] | None = None) -> set[Hashable]:
        """Move the touched statements between the blocks of one rule; the blocks they were or are in."""
        only: set[Hashable] = set()
        drops, adds = [], []
        for before, after in touched:
            if before is not None:
                found = set(keys(before.item))
                only |= found
                drops += [(name, repr(k), *before.at) for k in found]
            if after is not None:
                found = set(keys(after.item))
                only |= found
                adds += [(name, repr(k), *after.at, after.sid, int(counted is not None and counted(k, after.item)))
                         for k in found]
        self.store.drop_members(drops)
        self.store.add_members(adds)
        return only

    def run_rule(self, rule: Rule, touched: list[Touched], rank: int) -> None:
        """Compare again the blocks of `rule` the touched statements were or are in (the others' findings
        stand)."""
        store = self.store
        for key in sorted(self.blocks_of(rule.name, rule.keys, touched, rule.counted), key=repr):
            bkey = repr(key)
            unit = f"{rule.name} {bkey}"
            previous = store.found(unit)
            if rule.counted is not None and store.weight(rule.name, bkey) > rule.limit:
                outcome = None
            else:
                members = self.load(store.members(rule.name, bkey))
                outcome = block_update(rule, key, members, self.node, self.changed,
                                       [(f.a_node, f.b_node) for f in previous], store.is_idle(unit)) \
                    if members else ([], [])
            kept = set(outcome[0]) if outcome is not None else set()
            self.drop([row for i, row in enumerate(previous) if i not in kept], rank == VARIANTS)
            for c in outcome[1] if outcome is not None else ():
                store.add_found(unit, c, (rank,), rank == VARIANTS)
            store.set_idle(unit, outcome is None)

    def drop(self, rows: list[Found], variant: bool = False) -> None:
        self.store.drop_found(f.fid for f in rows)
        self.dirty.update(f.mkey for f in rows if f.mkey is not None)
        if variant:
            self.variant_sides.update(side for f in rows for side in f.sides())

    # reported denials and disputed counts
    def denials(self, redone: set[str], old: dict[str, Facts], new: dict[str, Facts]) -> set[str]:
        """Bring the reported denials of the articles read anew or gone up to date (a denial reported by
        several articles is one, found where it first appears); returns their nodes, before and after."""
        arrived: dict[str, list] = defaultdict(list)
        for doc, f in new.items():
            for key, idx, c, side in f.denials:
                arrived[key].append((doc, idx, c, side))
        keys = set(arrived) | {d[0] for doc in redone if doc in old for d in old[doc].denials}
        nodes: set[str] = set()
        for key in sorted(keys):
            members = sorted([m for m in self.store.denial(key) if m[0] not in redone] + arrived.get(key, []),
                             key=lambda m: (self.pos[m[0]], m[1]))
            unit = f"denial {key}"
            previous = self.store.found(unit)
            nodes.update(f.b_node for f in previous)
            self.drop(previous)
            self.store.put_denial(key, members[0][2].b_node if members else None, members)
            if members:
                doc, idx, c, _ = members[0]
                nodes.add(c.b_node)
                self.store.add_found(unit, c, (DENIALS, doc, idx), False)
        return nodes

    def disputed(self, touched: dict[str, list[Touched]]) -> None:
        """Statements that a count was inflated, against the counts of the same thing: again for the touched
        disputing statements and for those disputing a thing whose counts changed."""
        generic = self.sem.generic_counted
        self.blocks_of("disputing", lambda c: c.disputed if c.asserter is not None else (),
                                       touched["claim"])
        count_classes = self.blocks_of("disputed", lambda f: {*f.measure.split("|", 1)} - {""} - generic
                                       if f.unit == "count" and f.role in ("level", "sum") else (), touched["figure"])
        again = set()
        for before, after in touched["claim"]:
            if before is not None:
                self.drop(self.store.found(f"disputed {before.sid}"))
            if after is not None:
                again.add(after.sid)
        for cls in count_classes:
            again.update(self.store.members("disputing", repr(cls)))
        for sid in sorted(again):
            self.drop(self.store.found(f"disputed {sid}"))
            c = self.load([sid])[0]
            if not c.disputed or c.asserter is None:
                continue
            ids = list({fid for cls in c.disputed for fid in self.store.members("disputed", repr(cls))})
            self.load(ids)
            ids.sort(key=self.at_of.__getitem__)  # in the order of the figures
            for j, found in enumerate(disputed_counts([c], self.load(ids), self.ctx, self.iris, self.sem, self.s)):
                self.store.add_found(f"disputed {sid}", found, (DISPUTED, self.at_of[sid], j), False)

    # merging
    def merge(self, evidence_changed: set[str]) -> None:
        """Merge again the contradictions whose findings, evidence or remarks changed."""
        store = self.store
        rows = [(fid, c, variant, None) for fid, c, variant in store.unkeyed()]
        region = self.remarks([c for _, c, variant, _ in rows if variant])
        for doc, start, end in sorted(region):
            rows += [(fid, c, False, mkey) for fid, mkey, c in store.within(doc, start, end)]
        self.spans: dict[str, list[tuple[int, int, str]]] = {}
        updates = []
        for fid, c, variant, was in rows:
            mkey = _variant_key(c) if variant else _pair_key(self.remark(c.a, c.a_node), self.remark(c.b, c.b_node))
            if mkey != was:
                updates.append((mkey, fid))
                self.dirty.update(k for k in (was, mkey) if k is not None)
        store.set_mkeys(updates)
        self.dirty |= store.mkeys_of_nodes(evidence_changed)
        evidence: dict[str, tuple[Side, ...] | None] = {}
        changes = {mkey: self.merged(mkey, evidence) for mkey in sorted(self.dirty)}
        splice(store, changes, self.pos)

    def remarks(self, added: list[Contradiction]) -> set[tuple[str, int, int]]:
        """Bring the remarks (quotes that are versions of one remark) of the quote variants found (`added`) or
        lost up to date; returns the sides of every remark changed, before and after."""
        store = self.store
        region = self.variant_sides | {side_key(s) for v in added for s in (v.a, v.b)}
        while True:
            grown = region | store.remark_members(store.roots_of(region))
            edges = store.variant_edges(grown)
            grown |= {side_key(s) for v in edges for s in (v.a, v.b)}
            if grown == region:
                break
            region = grown
        store.drop_remarks(store.roots_of(region))
        parent: dict[tuple, tuple] = {}

        def root(k: tuple) -> tuple:
            while parent.get(k, k) != k:
                k = parent[k]
            return k

        for v in edges:
            ra, rb = root(side_key(v.a)), root(side_key(v.b))
            parent.setdefault(ra, ra)
            parent.setdefault(rb, rb)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        versions: dict[tuple, set[Side]] = defaultdict(set)
        members: dict[tuple, list[tuple]] = defaultdict(list)
        for v in edges:
            versions[root(side_key(v.a))].update((plain(v.a), plain(v.b)))
        for k in parent:
            members[root(k)].append(k)
        for r, sides in members.items():
            store.put_remark(repr(r), sides, tuple(sorted(versions[r], key=lambda s: (s.doc, s.start))))
        return region

    def remark(self, side: Side, node: str) -> str:
        """Which remark a side belongs to: the versions of a remark (quote variants) are one remark, so a
        contradiction with it is counted once; any other side is its own, by its node."""
        if side.doc not in self.spans:
            self.spans[side.doc] = self.store.spans(side.doc)
        for start, end, root in self.spans[side.doc]:
            if start <= side.start and side.end <= end:
                return root
        return repr((node,))

    def merged(self, mkey: str, evidence: dict[str, tuple[Side, ...] | None]) -> tuple[tuple, Contradiction] | None:
        """The rank of the first finding merged under a key and the contradiction merged from them all (None
        when there are none left)."""
        rows = [((rank, _order(c)), c) for rank, c in self.store.by_mkey(mkey)]
        rows.sort(key=lambda r: (_resolved(r[0][0], self.pos), r[0][1]))
        found = list(dict.fromkeys(c for _, c in rows))
        if not found:
            return None

        def ev(node: str) -> tuple[Side, ...] | None:
            if node not in evidence:
                evidence[node] = self.evidence(node)
            return evidence[node]

        if mkey.startswith("v"):
            v = found[-1]
            return rows[0][0][0], _with_evidence(v, ev(v.a_node) or (plain(v.a),), ev(v.b_node) or (plain(v.b),))
        unique: dict[tuple[str, str], Contradiction] = {}
        for c in found:
            a_ev, b_ev = ev(c.a_node) or (plain(c.a),), ev(c.b_node) or (plain(c.b),)
            ka, kb = self.remark(c.a, c.a_node), self.remark(c.b, c.b_node)
            if (kb, ka) in unique:
                ka, kb, a_ev, b_ev = kb, ka, b_ev, a_ev
            kept = unique.get((ka, kb))
            if kept is not None:  # another rendering of the same remarks: more evidence, not another item
                a_ev, b_ev = _union(kept.a_evidence, a_ev), _union(kept.b_evidence, b_ev)
                c = kept
            unique[(ka, kb)] = _with_evidence(c, _union(a_ev, self.versions(ka)), _union(b_ev, self.versions(kb)))
        (merged,) = unique.values()
        return rows[0][0][0], merged

    def versions(self, remark: str) -> tuple[Side, ...]:
        """Every version of a remark (none for a statement that is not a quote variant)."""
        if remark not in self.remark_versions:
            own = remark.endswith(",)")  # a statement's own remark, `(node,)`: no versions
            self.remark_versions[remark] = () if own else self.store.versions(remark)
        return self.remark_versions[remark]

    def evidence(self, node: str) -> tuple[Side, ...] | None:
        """Every place the statement of a node appears (a reported denial's: each article reporting it)."""
        denial = self.store.denial_of_node(node)
        if denial is not None:
            return tuple(plain(m[3]) for m in denial)
        return self.store.evidence(node)


def _items(f: Facts, k: int) -> tuple:
    return (f.claims, f.quotes, f.figures)[k]


def _member(kind: str, item: Any, idx: int) -> Member:
    """A copy of a distinct statement: where it stands, and its side as evidence (and a claim's day)."""
    if kind == "claim":
        return item.doc, item.start, idx, Side(item.doc, item.start, item.end, item.text), item.day
    if kind == "quote":
        return item.doc, item.start, idx, Side(item.doc, item.start, item.end, item.quote), None
    return item.doc, item.start, idx, Side(item.doc, item.sentence_start, item.sentence_end, item.text), None


def _explained(conflicts: list[Conflict] | None, ctx: dict[str, Ctx], iris: Iris, sem: Semantics,
               s: DetectionSettings) -> list[Contradiction] | None:
    return None if conflicts is None else [claim_contradiction(k, ctx, iris, sem, s) for k in conflicts]


def _order(c: Contradiction) -> tuple:
    """Every field of a contradiction whose evidence is not yet added, the sides' places first."""
    return (c.a.doc, c.a.start, c.a.end, c.b.doc, c.b.start, c.b.end, c.type, c.explanation, c.confidence, c.a_node,
            c.b_node, c.a.text, c.b.text, c.a.speaker or "", c.b.speaker or "")


def _pair_key(a: str, b: str) -> str:
    """The merge key of a contradiction between two remarks, either way round."""
    return repr(tuple(sorted((a, b))))


def _variant_key(v: Contradiction) -> str:
    return "v" + repr((side_key(v.a), side_key(v.b)))


def _with_evidence(c: Contradiction, a: tuple[Side, ...], b: tuple[Side, ...]) -> Contradiction:
    """`c` with evidence `a` and `b`: `dataclasses.replace` without running the frozen record's `__init__`
    again, which costs seconds over the tens of thousands of contradictions of a large corpus."""
    out = object.__new__(Contradiction)
    out.__dict__.update(c.__dict__, a_evidence=a, b_evidence=b)
    return out


def _union(a: tuple[Side, ...], b: tuple[Side, ...]) -> tuple[Side, ...]:
    return a if not b and len(a) < 2 else tuple(dict.fromkeys((*a, *b)))


def quote_group(q: Quote) -> tuple[str, str]:
    """Which distinct remark a quote is a copy of: same speaker, same words."""
    return q.speaker, normal_words(q.quote)


def figure_group(f: Figure) -> tuple:
    """Which distinct statement of a value a figure is a copy of: same value, measure, parties and role."""
    return f.measure, f.unit, f.value, f.imposer, f.target, f.role
