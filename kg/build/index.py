"""The index a build keeps in its manifest: per article, what the stages after extraction need of it without its
records (its records key, document id, a digest of its text, each quote's speaker as extracted), and where the
last build put it (its merged graph key, its lines in quotes.jsonl). A rebuild loads the records only of the
articles that are new, changed, or whose merged speaker names changed."""

from __future__ import annotations

from dataclasses import dataclass

from ..ids import digest
from ..model import ArticleResult


@dataclass
class Entry:
    """One article of a build."""

    doc_id: str
    key: str  # its records' cache key
    text: str  # a digest of its document id and text (what the build's fingerprint is made of)
    names: tuple[tuple[str, str], ...]  # each quote's (speaker, speaker_type), before names are merged
    path: str = ""  # the input file it is the one article of ("" for a line of a JSONL file: never reused)
    stamp: str = ""  # that file's stamp (kg.build.outputs.file_stamps)
    result: ArticleResult | None = None  # its records (names not merged), once loaded

    @classmethod
    def of(cls, key: str, result: ArticleResult, stamps: dict[str, str]) -> Entry:
        """The entry of an article just read (`stamps`: the input files' stamps)."""
        a = result.article
        return cls(a.doc_id, key, digest(a.doc_id, a.text), tuple((q.speaker, q.speaker_type) for q in result.quotes),
                   a.path if a.path in stamps else "", stamps.get(a.path, ""), result)


@dataclass(frozen=True)
class Placed:
    """Where the last build put an article: its merged graph key, its lines' span in quotes.jsonl, and the
    co-quoted pairs its graph names (None in an index written before they were kept)."""

    graph: str
    start: int  # in characters
    end: int
    pairs: tuple[str, ...] | None = None


def encode(entries: list[Entry], graphs: list[str], chars: list[int], pairs: list[tuple[str, ...]]) -> dict:
    """The index of a build as JSON: its entries in order, each with its graph key, the length of its lines of
    quotes.jsonl and its co-quoted pairs (speakers and pairs written once, referred to by position)."""
    table: dict[tuple[str, str], int] = {}
    pair_table: dict[str, int] = {}
    rows = [[e.doc_id, e.key, e.text, e.path, e.stamp, [table.setdefault(n, len(table)) for n in e.names], g, n,
             [pair_table.setdefault(pair, len(pair_table)) for pair in ps]]
            for e, g, n, ps in zip(entries, graphs, chars, pairs)]
    return {"speakers": [list(n) for n in table], "pairs": list(pair_table), "articles": rows}


def decode(index: dict) -> tuple[list[Entry], dict[str, Placed]]:
    """The entries of the index `encode` wrote (without records), and where each article was, by document id."""
    speakers = [(name, kind) for name, kind in index["speakers"]]
    pair_table = index.get("pairs")
    entries, placed, at = [], {}, 0
    for doc_id, key, text, path, stamp, names, graph, chars, *pairs in index["articles"]:
        entries.append(Entry(doc_id, key, text, tuple(speakers[i] for i in names), path, stamp))
        kept = tuple(pair_table[i] for i in pairs[0]) if pairs and pair_table is not None else None
        placed[doc_id] = Placed(graph, at, at + chars, kept)
        at += chars
    return entries, placed


def cache_refs(manifest: dict) -> dict[str, set[str]]:
    """The cache files a build's manifest (one with an index) refers to: their keys by kind (kg.build.cache)."""
    rows = manifest["index"]["articles"]
    return {"records": {row[1] for row in rows}, "quotes": {row[6] for row in rows},
            "nquads": {key for key, _, _ in manifest["parts"]}}
