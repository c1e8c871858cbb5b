"""Choosing what the page shows: the statements of some speakers, outlets or dates (`kg viz --speaker ...`),
with every contradiction touching one of them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ..errors import KgError
from ..ids import name_key
from ..rdf.corpus import Corpus, Statement


@dataclass(frozen=True)
class Selection:
    """Which statements to show: by speaker, outlet and date (all optional)."""

    speakers: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def is_empty(self) -> bool:
        """True when nothing is filtered out."""
        return self == Selection()


def _resolve(wanted: tuple[str, ...], candidates: set[str], corpus: Corpus, what: str) -> set[str]:
    """IRIs of the candidates named (by any name or alias, ignoring case and accents); a name matching none is
    an error."""
    found = set()
    for name in wanted:
        key = name_key(name)
        hits = {c for c in candidates
                if key in {name_key(n) for n in {corpus.names.get(c, "")} | corpus.aliases.get(c, set())}}
        if not hits:
            known = sorted(corpus.names[c] for c in candidates if c in corpus.names)
            raise KgError(f"no {what} named {name!r} in the graph (known: {', '.join(known[:12]) or 'none'})")
        found |= hits
    return found


def select(corpus: Corpus, sel: Selection) -> Corpus:
    """The statements matching `sel`, with every contradiction touching one of them (and its other side)."""
    if sel.is_empty():
        return corpus
    speakers = _resolve(sel.speakers, {s for st in corpus.statements.values() for s in st.speakers}, corpus,
                        "speaker")
    outlets = _resolve(sel.outlets, {a.outlet for a in corpus.articles.values() if a.outlet}, corpus, "outlet")

    def keep(st: Statement) -> bool:
        """Whether one statement passes every filter given."""
        return ((not speakers or bool(speakers & set(st.speakers)))
                and (not outlets or any(corpus.articles[a].outlet in outlets for a in st.articles))
                and (sel.since is None or (st.said is not None and st.said >= sel.since))
                and (sel.until is None or (st.said is not None and st.said <= sel.until)))

    kept = {i for i, st in corpus.statements.items() if keep(st)}
    if not kept:
        raise KgError("no statement matches the filters given (--speaker, --outlet, --since, --until)")
    conflicts = [c for c in corpus.conflicts if c.a in kept or c.b in kept]
    shown = kept | {c.a for c in conflicts} | {c.b for c in conflicts}
    return replace(corpus, statements={i: st for i, st in corpus.statements.items() if i in shown},
                   conflicts=conflicts)
