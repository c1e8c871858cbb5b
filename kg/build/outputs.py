"""A build's output files: what they are written from, how the last build's are reused (quotes.jsonl by
article, contradictions.json by part of the detection's output), and the stamps of input and output files that
tell whether a rebuild has anything to do."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..analysis.contradictions import Part
from ..errors import KgError
from ..ids import Iris, digest
from ..ingest.metadata import MANIFEST_NAMES
from ..io import atomic_write
from ..model import Contradiction
from ..rdf.nquads import build_link, write_graph_files
from ..rdf.quads import QuadView
from .cache import Cache, code_version

CACHE_DIR = ".cache"
GRAPH_FILES = ("graph.trig", "graph.ttl")
HTML_FILE = "graph.html"


JSON_OPEN, JSON_BETWEEN, JSON_CLOSE = b"[\n", b",\n", b"\n]\n"  # how contradictions.json lays out its objects
PARTS_ROWS = "contradiction_parts"  # in a build's manifest: each part's version and its bytes in contradictions.json


def part_json(found: list[Contradiction]) -> bytes:
    """The objects of some contradictions as contradictions.json lays them out (what `json.dumps(..., indent=1)`
    writes for each in a list), one after the other, in UTF-8."""
    return JSON_BETWEEN.join((" " + json.dumps(c.to_json(), indent=1, ensure_ascii=False).replace("\n", "\n "))
                             .encode("utf-8") for c in found)


def contradictions_json(parts: list[Part], last: tuple[bytes, dict[str, tuple[int, int]]] | None
                        ) -> tuple[bytes, list[list]]:
    """contradictions.json in UTF-8 (what `json.dumps(..., indent=1)` writes), and each part's version and number
    of bytes in it. A part's objects are taken from the last contradictions.json (`last`: its bytes, and the span
    of each part by version) when its version is there, else made from the part's contradictions (only then
    loaded). Bytes, not text: the file of a large corpus is hundreds of MB, which decoded would take twice that."""
    texts, rows = [], []
    for part in parts:
        at = last[1].get(part.version) if last is not None else None
        text = last[0][at[0]:at[1]] if last is not None and at is not None else part_json(part.load())
        texts.append(text)
        rows.append([part.version, len(text)])
    return (JSON_OPEN + JSON_BETWEEN.join(texts) + JSON_CLOSE if texts else b"[]\n"), rows


def ensure_nquads(cache: Cache, key: str, make: Callable[[], str]) -> str:
    """`key`, with the N-Quads it names made and cached unless they are cached already (not read when they are)."""
    if key not in cache.keys("nquads"):
        cache.save_nquads(key, make())
    return key


def cached_text(cache: Cache, key: str) -> str:
    """The cached N-Quads of a graph of the last build; a KgError when they are gone."""
    text = cache.load_nquads(key)
    if text is None:
        raise KgError(f"{cache.root}: a cached graph is missing ({key}.nq); run `kg build` again")
    return text


def graph_texts(cache: Cache, parts: list[tuple[str, str, bool]], build_iri: str) -> Iterator[str]:
    """The N-Quads of the graph, graph by graph (`graph_parts`), each with its link to the build `build_iri`."""
    for key, graph, linked in parts:
        yield cached_text(cache, key) + (build_link(graph, build_iri) if linked else "")


def write_outputs(out: Path, quotes: str, contradictions: bytes, graphs: Callable[[], Iterable[str]] | None, iris: Iris,
                  build_ttl: str, with_html: bool) -> list[str]:
    """Every output file of a build, each written atomically (`contradictions`: the bytes of contradictions.json):
    the whole-corpus files (graph.trig, graph.ttl and graph.html, made from the written graph.trig) only when
    `graphs` gives their N-Quads; otherwise those left by an earlier build are removed, as they no longer
    describe the corpus."""
    files = {"quotes.jsonl": quotes, "contradictions.json": contradictions, "build.ttl": build_ttl}
    if graphs is None:
        for name in (*GRAPH_FILES, HTML_FILE):
            (out / name).unlink(missing_ok=True)
    else:
        write_graph_files(out, out / CACHE_DIR, graphs(), iris)
    if graphs is not None and with_html:
        from ..viz.page import render_html  # pyvis (about 0.7 s) is imported only for the page

        files[HTML_FILE] = render_html(QuadView(out / "graph.trig"))
    for name, data in files.items():
        atomic_write(out / name, data)
    return sorted([*files, *(GRAPH_FILES if graphs is not None else ())])


def file_stamps(files: list[Path]) -> dict[str, str]:
    """Each file's size and modification time, with those of the metadata manifests beside it, by path."""
    beside = {d: ";".join(_stamp(d / name) for name in MANIFEST_NAMES) for d in {f.parent for f in files}}
    return {str(f): f"{_stamp(f)};{beside[f.parent]}" for f in files}


def _stamp(path: Path) -> str:
    """A file's size and modification time ("-" when it is not there)."""
    st = _stat(path)
    return "-" if st is None else f"{st.st_size}:{st.st_mtime_ns}"


def inputs_key(stamps: dict[str, str], *settings: str) -> str:
    """A key of everything a build's outputs follow from: the input files (`file_stamps`), the settings and the
    package's code and data."""
    return digest(code_version(("",)), *settings, *(f"{path}={stamp}" for path, stamp in stamps.items()))


def _stat(path: Path) -> os.stat_result | None:
    """A file's stat, or None when it is not there."""
    try:
        return path.stat()
    except OSError:
        return None


def output_stamps(out: Path, names: Iterable[str]) -> dict[str, list[int]]:
    """Size and modification time of output files (those that exist)."""
    return {n: [st.st_size, st.st_mtime_ns] for n in names if (st := _stat(out / n)) is not None}


def unchanged(last: dict | None, key: str, out: Path) -> bool:
    """Whether the last build had inputs of this key and its outputs are as it wrote them."""
    return (last is not None and last.get("inputs") == key and isinstance(last.get("outputs"), dict)
            and output_stamps(out, last["outputs"]) == last["outputs"])


def _as_written(out: Path, last: dict | None, name: str) -> Path | None:
    """An output file of the last build, or None when it is not as that build wrote it."""
    if last is None or last.get("outputs", {}).get(name) != output_stamps(out, [name]).get(name):
        return None
    return out / name


def last_output(out: Path, last: dict | None, name: str) -> str | None:
    """The text of an output file of the last build, or None when it is not as that build wrote it."""
    path = _as_written(out, last, name)
    return path.read_text(encoding="utf-8") if path is not None else None


def last_contradictions(out: Path, last: dict | None) -> tuple[bytes, dict[str, tuple[int, int]]] | None:
    """The contradictions.json of the last build (its bytes) and the span of each part's objects in it, by the
    part's version; None when the file is not as that build wrote it (or it did not say where the parts are)."""
    path = _as_written(out, last, "contradictions.json") if last is not None and PARTS_ROWS in last else None
    if path is None:
        return None
    text = path.read_bytes()
    spans, at = {}, len(JSON_OPEN)
    for version, chars in last[PARTS_ROWS]:
        spans[version] = (at, at + chars)
        at += chars + len(JSON_BETWEEN)
    return text, spans
