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
  the output files it wrote (size and time), its summary, and the cached N-Quads its graph is made of, in
  order. A rebuild with the same key whose outputs are untouched does nothing else (`kg.build.pipeline`);
  `kg export --build` writes the graph files from it.

Files no build referenced are pruned after it, so a removed article drops out of the cache too.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..ids import digest
from ..io import atomic_write, remove_stale_temps
from ..model import Article, ArticleResult, Denial, Figure, Quote, record_dict
from ..resources.entities import Registry

KINDS = ("records", "nquads", "quotes")
MANIFEST = "build.json"
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
        self.used: set[Path] = set()

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        path = self.root / kind / f"{key}{suffix}"
        self.used.add(path)
        return path

    def load_result(self, key: str) -> ArticleResult | None:
        """The cached records of an article, or None when not cached (or unreadable)."""
        try:
            return result_from_json(json.loads(self._path("records", key, ".json").read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save_result(self, key: str, result: ArticleResult) -> None:
        """Cache an article's records."""
        atomic_write(self._path("records", key, ".json"), json.dumps(result_to_json(result), ensure_ascii=False))

    def _load_text(self, kind: str, key: str, suffix: str) -> str | None:
        try:
            return self._path(kind, key, suffix).read_text(encoding="utf-8")
        except OSError:
            return None

    def load_nquads(self, key: str) -> str | None:
        """The cached N-Quads of a graph, or None."""
        return self._load_text("nquads", key, ".nq")

    def save_nquads(self, key: str, text: str) -> None:
        """Cache the N-Quads of a graph."""
        atomic_write(self._path("nquads", key, ".nq"), text)

    def load_quotes(self, key: str) -> str | None:
        """The cached quotes.jsonl lines of an article, or None."""
        return self._load_text("quotes", key, ".jsonl")

    def save_quotes(self, key: str, text: str) -> None:
        """Cache the quotes.jsonl lines of an article."""
        atomic_write(self._path("quotes", key, ".jsonl"), text)

    def has_nquads(self, key: str) -> bool:
        """Whether the N-Quads of a graph are cached (marking them used)."""
        return self._path("nquads", key, ".nq").is_file()

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

    def prune(self) -> int:
        """Delete cache files this build did not use; returns how many."""
        removed = 0
        for kind in KINDS:
            for path in (self.root / kind).glob("*") if (self.root / kind).is_dir() else ():
                if path not in self.used and not path.name.startswith("."):
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed

    def remove_stale(self) -> int:
        """Delete the temporary files and working directories a killed build left in the cache (call it
        holding the output directory's lock, so none is in use); returns how many."""
        removed = sum(remove_stale_temps(d) for d in (self.root, *(self.root / kind for kind in KINDS)))
        for work in self.root.glob(WORK_DIRS) if self.root.is_dir() else ():
            shutil.rmtree(work, ignore_errors=True)
            removed += 1
        return removed
