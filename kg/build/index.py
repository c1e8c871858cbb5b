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
    """Where the last build put an article: its merged graph key and its lines' span in quotes.jsonl."""

    graph: str
    start: int  # in characters
    end: int


def encode(entries: list[Entry], graphs: list[str], chars: list[int]) -> dict:
    """The index of a build as JSON: its entries in order, each with its graph key and the length of its lines of
    quotes.jsonl (speakers written once, referred to by position)."""
    table: dict[tuple[str, str], int] = {}
    rows = [[e.doc_id, e.key, e.text, e.path, e.stamp, [table.setdefault(n, len(table)) for n in e.names], g, n]
            for e, g, n in zip(entries, graphs, chars)]
    return {"speakers": [list(n) for n in table], "articles": rows}


def decode(index: dict) -> tuple[list[Entry], dict[str, Placed]]:
    """The entries of the index `encode` wrote (without records), and where each article was, by document id."""
    speakers = [(name, kind) for name, kind in index["speakers"]]
    entries, placed, at = [], {}, 0
    for doc_id, key, text, path, stamp, names, graph, chars in index["articles"]:
        entries.append(Entry(doc_id, key, text, tuple(speakers[i] for i in names), path, stamp))
        placed[doc_id] = Placed(graph, at, at + chars)
        at += chars
    return entries, placed


def cache_refs(manifest: dict) -> dict[str, set[str]]:
    """The cache files a build's manifest (one with an index) refers to: their keys by kind (kg.build.cache)."""
    rows = manifest["index"]["articles"]
    return {"records": {row[1] for row in rows}, "quotes": {row[6] for row in rows},
            "nquads": {key for key, _, _ in manifest["parts"]}}
