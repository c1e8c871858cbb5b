"""Merging what the rules found into the contradictions of the output: one per pair of remarks (the versions
of one remark, quote variants of each other, are one remark), with every place each side appears as evidence.
`Merging`, a part of the `Detection` of kg/analysis/contradictions.py, merges again only the contradictions
whose findings, evidence or remarks changed, and gives them (kg/analysis/contradictions.py's `splice` puts
them in the output)."""

from __future__ import annotations

from collections import defaultdict

from ..model import Contradiction, Side
from .conflicts import RULES
from .context import plain
from .store import Store
from .tables import side_key

DENIALS, RATES, COUNTS, DISPUTED, VARIANTS = 0, len(RULES) + 1, len(RULES) + 2, len(RULES) + 3, len(RULES) + 4
# the ranks of the findings, by what found them (a pair rule's: 1 + its place in RULES)
Changes = dict[str, "tuple[tuple, Contradiction] | None"]  # the merged contradiction of each merge key (None: gone)


def resolved(rank: tuple, pos: dict[str, int]) -> tuple:
    """A finding's place in the order of the findings: a reported denial by its article's place in the corpus."""
    return (DENIALS, pos[rank[1]], rank[2]) if rank[0] == DENIALS else rank


class Merging:
    """The merging of one detection: the merge keys to merge again, the sides of the quote variants found or
    lost, and the remarks read."""

    store: Store
    pos: dict[str, int]
    dirty: set[str]  # merge keys to merge again
    variant_sides: set[tuple[str, int, int]]  # sides of quote variants found or lost
    remark_versions: dict[str, tuple[Side, ...]]
    spans: dict[str, list[tuple[int, int, str]]]

    def merge(self, evidence_changed: set[str]) -> Changes:
        """Merge again the contradictions whose findings, evidence or remarks changed; returns them."""
        store = self.store
        rows = [(fid, c, variant, None) for fid, c, variant in store.unkeyed()]
        region = self.remarks([c for _, c, variant, _ in rows if variant])
        for doc, start, end in sorted(region):
            rows += [(fid, c, False, mkey) for fid, mkey, c in store.within(doc, start, end)]
        self.spans = {}
        updates = []
        for fid, c, variant, was in rows:
            mkey = variant_key(c) if variant else pair_key(self.remark(c.a, c.a_node), self.remark(c.b, c.b_node))
            if mkey != was:
                updates.append((mkey, fid))
                self.dirty.update(k for k in (was, mkey) if k is not None)
        store.set_mkeys(updates)
        self.dirty |= store.mkeys_of_nodes(evidence_changed)
        evidence: dict[str, tuple[Side, ...] | None] = {}
        return {mkey: self.merged(mkey, evidence) for mkey in sorted(self.dirty)}

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
        rows = [((rank, order(c)), c) for rank, c in self.store.by_mkey(mkey)]
        rows.sort(key=lambda r: (resolved(r[0][0], self.pos), r[0][1]))
        found = list(dict.fromkeys(c for _, c in rows))
        if not found:
            return None

        def ev(node: str) -> tuple[Side, ...] | None:
            if node not in evidence:
                evidence[node] = self.evidence(node)
            return evidence[node]

        if mkey.startswith("v"):
            v = found[-1]
            return rows[0][0][0], with_evidence(v, ev(v.a_node) or (plain(v.a),), ev(v.b_node) or (plain(v.b),))
        unique: dict[tuple[str, str], tuple[Contradiction, Places, Places]] = {}
        for c in found:
            a_ev, b_ev = ev(c.a_node) or (plain(c.a),), ev(c.b_node) or (plain(c.b),)
            ka, kb = self.remark(c.a, c.a_node), self.remark(c.b, c.b_node)
            if (kb, ka) in unique:
                ka, kb, a_ev, b_ev = kb, ka, b_ev, a_ev
            # another rendering of the same remarks is more evidence for the first, not another item
            _, a_places, b_places = unique.setdefault((ka, kb), (c, Places(), Places()))
            a_places.add(a_ev)
            a_places.add(self.versions(ka))
            b_places.add(b_ev)
            b_places.add(self.versions(kb))
        ((first, a_places, b_places),) = unique.values()
        return rows[0][0][0], with_evidence(first, a_places.sides(), b_places.sides())

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


def order(c: Contradiction) -> tuple:
    """Every field of a contradiction whose evidence is not yet added, the sides' places first."""
    return (c.a.doc, c.a.start, c.a.end, c.b.doc, c.b.start, c.b.end, c.type, c.explanation, c.confidence, c.a_node,
            c.b_node, c.a.text, c.b.text, c.a.speaker or "", c.b.speaker or "")


def pair_key(a: str, b: str) -> str:
    """The merge key of a contradiction between two remarks, either way round."""
    return repr(tuple(sorted((a, b))))


def variant_key(v: Contradiction) -> str:
    return "v" + repr((side_key(v.a), side_key(v.b)))


def with_evidence(c: Contradiction, a: tuple[Side, ...], b: tuple[Side, ...]) -> Contradiction:
    """`c` with evidence `a` and `b`: `dataclasses.replace` without running the frozen record's `__init__`
    again, which costs seconds over the tens of thousands of contradictions of a large corpus."""
    out = object.__new__(Contradiction)
    out.__dict__.update(c.__dict__, a_evidence=a, b_evidence=b)
    return out


class Places:
    """Every place one side of a merged contradiction appears, in the order first met. A widely copied statement's
    evidence runs to thousands of places and merging meets it once per finding: a list met again (the same
    tuple: evidence is read once per node, versions once per remark) is not walked again."""

    def __init__(self) -> None:
        self.order: dict[Side, None] = {}
        self.met: dict[int, tuple[Side, ...]] = {}  # by id, each kept alive so that its id is not reused

    def add(self, places: tuple[Side, ...]) -> None:
        if id(places) not in self.met:
            self.met[id(places)] = places
            self.order.update(dict.fromkeys(places))

    def sides(self) -> tuple[Side, ...]:
        return tuple(self.order)
