"""The incremental-build cache under `out/.cache/`: one file per article and stage, named by a key.

- `records/KEY.json`: an article's ArticleResult before cross-article merging, keyed by the
  article (text and metadata), the spaCy model, the extraction code and data (`EXTRACTION_CODE`) and the
  registry: an unchanged article is never parsed again, and an edit to the page or the queries does not
  reparse anything;
- `nquads/KEY.nq`: the N-Quads of an article's named graph (and of the contradictions graph), keyed
  by its merged records, the base IRI, the graph writer's code (`GRAPH_CODE`) and the registry: an
  unchanged article's graph is never rebuilt;
- `quotes/KEY.jsonl`: an article's lines of quotes.jsonl, under the key of its graph (the same merged records);
- `graphs.json`: digests of the N-Quads graph.trig and graph.ttl were last written from, and of those
  files, so a build that would write the same bytes leaves them alone (see `kg.rdf.nquads`);
- `build.json`: the manifest of the last build: a key of its inputs (files' sizes and times, settings, code),
  the output files it wrote (size and time), its summary, the cached N-Quads its graph is made of, in
  order, and the index of its articles (`kg.build.index`). A rebuild with the same key whose outputs are
  untouched does nothing else (`kg.build.pipeline`); `kg export --build` writes the graph files from it.
- `saved.log`: the files saved since the last build finished (a killed build's among them).
- `inputs.json`: the last listing of the input files, with the times of the directories it looked in
  (`kg.build.listing`): reused while none of them changed.
- `finished`: there when the last build (or `kg export --build`) finished: when it is not, a build first removes
  the temporary files and working directories a killed one left.

After a build, the files the last build's manifest refers to, or the journal names, that this build does not use
are deleted (no directory is listed), so a removed article drops out of the cache too.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..ids import digest
from ..io import atomic_write, remove_stale_temps
from ..model import Article, ArticleResult, Denial, Figure, Quote, record_dict
from ..resources.entities import Registry

SUFFIXES = {"records": ".json", "nquads": ".nq", "quotes": ".jsonl"}  # the kinds of per-article files
KINDS = tuple(SUFFIXES)
MANIFEST = "build.json"
JOURNAL = "saved.log"
FINISHED = "finished"  # there when the last build or export into the cache finished (Cache.begin)
WORK_DIRS = ".graph-*"  # the working directories of kg.rdf.nquads.write_graph_files

PACKAGE = Path(__file__).resolve().parent.parent
# What each cached stage is computed by (paths under kg/): an edit elsewhere (the page, the queries, the CLI)
# leaves the cache valid, an edit here invalidates that stage's files without a manual version bump.
EXTRACTION_CODE = ("ingest", "nlp", "attribution", "resources", "build/parse.py", "model.py", "ids.py", "data")
GRAPH_CODE = ("rdf", "resources", "model.py", "ids.py", "data")


def code_files(parts: tuple[str, ...]) -> list[Path]:
    """The source and data files under the given paths of the package, sorted."""
    found = set()
    for part in parts:
        path = PACKAGE / part
        found.update(f for f in (path.rglob("*") if path.is_dir() else [path])
                     if f.is_file() and "__pycache__" not in f.parts)
    return sorted(found)


@lru_cache(maxsize=None)
def code_version(parts: tuple[str, ...]) -> str:
    """The software version and a digest of the code and data files a stage is computed by."""
    return f"{__version__}+{digest(*(f.read_bytes().hex() for f in code_files(parts)))}"


def registry_digest(registry: Registry) -> str:
    """A digest of every entity in the registry (custom registries change attribution)."""
    return digest(*sorted(repr(e) for e in registry.entities.values()))


def domain_digest(domain: Path | None) -> str:
    """A digest of a domain pack's contents (figures' counts are classed with it); empty for none."""
    return digest(Path(domain).read_bytes().hex()) if domain is not None else ""


def article_key(article: Article, model: str, registry: Registry, pack: str = "") -> str:
    """The cache key of an article's records: its text and metadata, the model, extractor, registry and
    domain pack (`pack`: its `domain_digest`)."""
    return digest(repr(article), model, code_version(EXTRACTION_CODE), registry_digest(registry), pack, length=32)


def graph_key(records: object, base_iri: str, registry: str) -> str:
    """The cache key of a graph made from records (what determines an article's merged ArticleResult, or the
    contradictions): their repr (flat and ordered), the base IRI, the graph writer's code and the registry (its
    `registry_digest`)."""
    return digest(repr(records), base_iri, code_version(GRAPH_CODE), registry, length=32)


def result_to_json(result: ArticleResult) -> dict:
    """An ArticleResult as a JSON-ready dict."""
    return {"article": record_dict(result.article), "quotes": [record_dict(q) for q in result.quotes],
            "denials": [record_dict(d) for d in result.denials], "figures": [record_dict(f) for f in result.figures]}


@lru_cache(maxsize=None)
def _field_names(cls: type) -> frozenset[str]:
    """The names of a dataclass's fields."""
    return frozenset(f.name for f in fields(cls))


def _tuples(cls: type, row: dict) -> dict:
    """A record's fields with JSON lists turned back into the tuples the dataclass holds."""
    names = _field_names(cls)
    return {k: (tuple(tuple(x) if isinstance(x, list) else x for x in v) if isinstance(v, list) else v)
            for k, v in row.items() if k in names}


def result_from_json(data: dict) -> ArticleResult:
    """The ArticleResult that `result_to_json` wrote."""
    return ArticleResult(Article(**_tuples(Article, data["article"])),
                         [Quote(**_tuples(Quote, q)) for q in data["quotes"]],
                         [Denial(**_tuples(Denial, d)) for d in data["denials"]],
                         [Figure(**_tuples(Figure, f)) for f in data["figures"]])


class Cache:
    """Per-article files of one output directory's cache, with the keys a build used."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._keys: dict[str, set[str]] = {}  # the keys of each kind's files, once listed

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / f"{key}{SUFFIXES[kind]}"

    def _save(self, kind: str, key: str, data: str) -> None:
        """Save a file of a kind, noted in the journal first (so a killed build's files are pruned too)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / JOURNAL).open("a", encoding="utf-8") as journal:
            journal.write(f"{kind}/{key}\n")
        atomic_write(self._path(kind, key), data)
        self.keys(kind).add(key)

    def keys(self, kind: str) -> set[str]:
        """The keys of the cached files of a kind (the directory listed once per build)."""
        if kind not in self._keys:
            suffix = SUFFIXES[kind]
            try:
                names = os.listdir(self.root / kind)
            except OSError:
                names = []
            self._keys[kind] = {n[:-len(suffix)] for n in names if n.endswith(suffix) and not n.startswith(".")}
        return self._keys[kind]

    def load_result(self, key: str) -> ArticleResult | None:
        """The cached records of an article, or None when not cached (or unreadable)."""
        try:
            return result_from_json(json.loads(self._path("records", key).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save_result(self, key: str, result: ArticleResult) -> None:
        """Cache an article's records."""
        self._save("records", key, json.dumps(result_to_json(result), ensure_ascii=False))

    def _load_text(self, kind: str, key: str) -> str | None:
        try:
            return self._path(kind, key).read_text(encoding="utf-8")
        except OSError:
            return None

    def load_nquads(self, key: str) -> str | None:
        """The cached N-Quads of a graph, or None."""
        return self._load_text("nquads", key)

    def save_nquads(self, key: str, text: str) -> None:
        """Cache the N-Quads of a graph."""
        self._save("nquads", key, text)

    def load_quotes(self, key: str) -> str | None:
        """The cached quotes.jsonl lines of an article, or None."""
        return self._load_text("quotes", key)

    def save_quotes(self, key: str, text: str) -> None:
        """Cache the quotes.jsonl lines of an article."""
        self._save("quotes", key, text)

    def load_manifest(self) -> dict | None:
        """The manifest of the last build into this directory, or None (no build finished, or unreadable)."""
        try:
            data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def save_manifest(self, data: dict) -> None:
        """Record the manifest of the build that just finished."""
        atomic_write(self.root / MANIFEST, json.dumps(data, ensure_ascii=False))

    def prune(self, used: dict[str, set[str]], known: dict[str, set[str]] | None) -> None:
        """Delete the files a build does not use (`used`: keys by kind) among those the last build used (`known`)
        and those the journal names; with `known` None (the last build left no index), among all the cache holds."""
        saved: dict[str, set[str]] = {kind: set() for kind in KINDS}
        try:
            for line in (self.root / JOURNAL).read_text(encoding="utf-8").splitlines():
                kind, _, key = line.partition("/")
                saved.get(kind, set()).add(key)
        except OSError:
            pass
        for kind in KINDS:
            for key in ((self.keys(kind) if known is None else known[kind]) | saved[kind]) - used[kind]:
                self._path(kind, key).unlink(missing_ok=True)

    def end_journal(self) -> None:
        """Forget the files saved so far (call it once the build that saved them has its manifest saved)."""
        (self.root / JOURNAL).unlink(missing_ok=True)

    def begin(self) -> None:
        """Start writing into the cache (holding the output directory's lock): what a build or an export that did
        not finish left is removed first (`remove_stale`, which lists every directory of the cache); one that
        finished said so (`finish`) and the cache is not listed."""
        try:
            (self.root / FINISHED).unlink()
        except FileNotFoundError:
            self.remove_stale()

    def finish(self) -> None:
        """Note that what began writing into the cache finished (`begin`)."""
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / FINISHED).touch()

    def remove_stale(self) -> int:
        """Delete the temporary files and working directories a killed build left in the cache (call it
        holding the output directory's lock, so none is in use); returns how many."""
        removed = sum(remove_stale_temps(d) for d in (self.root, *(self.root / kind for kind in KINDS)))
        for work in self.root.glob(WORK_DIRS) if self.root.is_dir() else ():
            shutil.rmtree(work, ignore_errors=True)
            removed += 1
        return removed
