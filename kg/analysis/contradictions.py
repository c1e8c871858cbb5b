"""Where accounts disagree, counted once: detection from the articles' records to the contradictions.

Every statement is read as a claim (kg/analysis/claims.py), a quote or a figure; the same statement
carried by several articles is one (kg/analysis/statements.py), with all of them as evidence, and the rules
compare distinct statements only, block by block (claims sharing a term, quotes of one speaker, counts of one
thing), never all pairs:
- reported denials and conflicting claims (kg/analysis/conflicts.py, explained in kg/analysis/explain.py);
- conflicting figures (kg/analysis/figures.py);
- quote variants (kg/analysis/variants.py): one remark worded differently in different articles. The
  versions of one remark are one statement for the other rules.
What they find is merged into one contradiction per pair of remarks (kg/analysis/merging.py).
Detection keeps what it read and found entry by entry (kg/analysis/store.py): the next detection reads
only the articles that changed, compares again only the blocks whose members changed and merges again only
the contradictions whose findings, evidence or remarks changed; the output is the same as from scratch
(which is the same detection from an empty state).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..ids import Iris, digest
from ..model import ArticleResult, Contradiction, Figure, Quote, Side
from ..resources.entities import Countries
from ..resources.semantics import Semantics, semantics
from .claims import PartyFacts, article_claims, claim_group, combine_parties, normal_words, party_facts, vocabulary
from .conflicts import RULES, Conflict, block_conflicts
from .context import Contexts, Ctx
from .explain import article_denials, claim_contradiction
from .figures import conflicting_counts, conflicting_rates, count_keys, disputed_counts, rate_keys
from .incremental import Rule, block_update, code_version, collector_paused, record_digest
from .merging import COUNTS, DENIALS, DISPUTED, RATES, VARIANTS, Changes, Merging, order, resolved
from .settings import DetectionSettings
from .statements import KINDS, Statements, Touched
from .store import DetectionCache, Store, Unreadable, memory_store
from .tables import Facts, Found
from .variants import Variants

NO_PARTY = PartyFacts((), frozenset(), ())


@dataclass(frozen=True)
class Corpus:
    """The articles detection reads, without holding their records: each article's document id and a key that
    changes whenever its (merged) records change, in the corpus's order (`versions`), and `load`, which gives
    an article's records by document id (called only for the articles detection must read)."""

    versions: tuple[tuple[str, str], ...]
    load: Callable[[str], ArticleResult]


@dataclass(frozen=True)
class Part:
    """One part of a detection's output: the contradictions of one type (`kind`) whose first side is in one
    article (`doc`), `size` of them. `version` changes whenever anything in them changes (evidence offsets and
    texts included), so what is made of a part can be kept by its version; `load()` gives them, in order (`read`
    them only while the detection state that `detect_parts` gave the part is open), read once and kept until
    `release()`: a large corpus's contradictions, all held at once, take gigabytes."""

    kind: str
    doc: str
    version: str
    size: int
    read: Callable[[], list[Contradiction]]
    kept: dict[str, list[Contradiction]] = field(default_factory=dict, compare=False, repr=False)

    def load(self) -> list[Contradiction]:
        if "items" not in self.kept:
            self.kept["items"] = self.read()
        return self.kept["items"]

    def release(self) -> None:
        """Forget the contradictions read (the next `load` reads them again)."""
        self.kept.clear()


@contextmanager
def detect_parts(corpus: Corpus, iris: Iris, domain: Path | None = None,
                 settings: DetectionSettings = DetectionSettings(), cache: DetectionCache | None = None
                 ) -> Iterator[list[Part]]:
    """All contradictions among the articles' statements (see `detect_corpus`), as the parts of the output in
    order, for the block of a `with`: a part's contradictions are read only when it is loaded, and a part whose
    version is the one a caller kept need not be. `domain` is an optional domain pack of synonyms
    (kg/data/domain_*.toml); `cache` keeps what was read and found for the next detection, which then reads
    (`corpus.load`) and compares again only what changed."""
    env = digest(code_version(), domain.read_bytes().hex() if domain is not None else "", repr(settings), iris.base)
    key = digest(env, *(f"{doc} {v}" for doc, v in corpus.versions), length=32)
    sem = semantics(domain)
    given = False
    with collector_paused():
        for again in (False, True):
            try:
                with (cache.opened(env) if cache is not None else memory_store(env)) as store:
                    _detect(store, corpus, iris, sem, settings, key)
                    given = True
                    yield [Part(kind, doc, version, size, partial(store.part_items, kind, doc))
                           for kind, doc, version, size in store.part_versions()]
                return
            except Unreadable:  # a damaged state file, now removed: from scratch (unless the parts were given)
                if given or again:
                    raise


def _detect(store: Store, corpus: Corpus, iris: Iris, sem: Semantics, s: DetectionSettings, key: str) -> None:
    """Bring the detection state up to date with the corpus of version key `key` (nothing to do when it is)."""
    if store.get("key") != key:
        Detection(store, corpus, iris, sem, s).run()
        store.put("key", key)


def detect_corpus(corpus: Corpus, iris: Iris, domain: Path | None = None,
                  settings: DetectionSettings = DetectionSettings(), cache: DetectionCache | None = None
                  ) -> list[Contradiction]:
    """All contradictions among the articles' statements, each between two distinct statements (a
    statement carried by several articles counts once, with all of them as evidence), in a stable order
    (`detect_parts`, every part loaded)."""
    with detect_parts(corpus, iris, domain, settings, cache) as parts:
        return [c for part in parts for c in part.load()]


def detect(results: list[ArticleResult], iris: Iris, domain: Path | None = None,
           settings: DetectionSettings = DetectionSettings(), cache: DetectionCache | None = None
           ) -> list[Contradiction]:
    """`detect_corpus` on records held in memory (each article's version: `record_digest`)."""
    by_doc = {r.article.doc_id: r for r in results}
    versions = tuple((r.article.doc_id, record_digest(r)) for r in results)
    return detect_corpus(Corpus(versions, by_doc.__getitem__), iris, domain, settings, cache)


def splice(store: Store, changes: Changes, pos: dict[str, int]) -> None:
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
        entries.sort(key=lambda e: (e[2].a.start, e[2].b.doc, e[2].b.start, resolved(e[1], pos), order(e[2])))
    store.unplace(changes)
    store.put_parts(parts)


class Detection(Statements, Merging):
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
        self.ctx = Contexts(self.store.context)
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
        splice(self.store, self.merge(evidence_changed), self.pos)

    # the articles
    def read(self) -> tuple[set[str], dict[str, Facts], dict[str, Facts]]:
        """Read anew the articles new, changed or using a name whose party changed, and keep what they say;
        returns the articles read anew or gone, and their facts before and after."""
        store, corpus, pos = self.store, self.corpus, self.pos
        stored = store.docs()
        kept = sorted((p, doc) for doc, (p, _) in stored.items() if doc in pos)
        version = dict(corpus.versions)
        reordered = any(pos[a] > pos[b] for (_, a), (_, b) in zip(kept, kept[1:]))
        unchanged = sum(stored[doc][1] == version[doc] for _, doc in kept)
        if reordered or 2 * unchanged < len(stored):
            # the order decides which copy comes first; and when most articles changed, diffing would hold their
            # facts before and after and every finding at once: start afresh
            store.reset()
            stored = {}
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

def _explained(conflicts: list[Conflict] | None, ctx: dict[str, Ctx], iris: Iris, sem: Semantics,
               s: DetectionSettings) -> list[Contradiction] | None:
    return None if conflicts is None else [claim_contradiction(k, ctx, iris, sem, s) for k in conflicts]


def quote_group(q: Quote) -> tuple[str, str]:
    """Which distinct remark a quote is a copy of: same speaker, same words."""
    return q.speaker, normal_words(q.quote)


def figure_group(f: Figure) -> tuple:
    """Which distinct statement of a value a figure is a copy of: same value, measure, parties and role."""
    return f.measure, f.unit, f.value, f.imposer, f.target, f.role
