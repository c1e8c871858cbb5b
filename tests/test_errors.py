"""Every row of docs/errors.md: each bad input is one line on stderr naming the file and the problem, no
traceback, the good inputs still done, and exit status 1 at the end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

GOOD = '"We will not raise the tariff this year," Finance Minister Ana Lopes said on Monday.\n'
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def _jsonl(lines: list[str]) -> bytes:
    return "".join(line + "\n" for line in lines).encode("utf-8")


GOOD_JSONL = json.dumps({"id": "j1", "text": GOOD})
# name -> (file to create, its bytes or None for a directory / nothing, extra options, expected stderr line)
CASES = {
    "missing path": ("nope.txt", None, [], r"skipped {p}: no such file or directory"),
    "empty file": ("empty.txt", b" \n\n", [], r"skipped {p}: the file is empty"),
    "binary file": ("image.txt", PNG, [], r"skipped {p}: looks like a binary file, not an article"),
    "directory with no articles": ("emptydir", "dir", [],
                                   r"skipped {p}: no articles: no files matching '\*\.txt' in this directory"),
    "file over --max-bytes": ("big.txt", GOOD.encode() * 10, ["--max-bytes", "200"],
                              r"skipped {p}: the file is 850 bytes, over the limit of 200 \(--max-bytes\)"),
    "malformed JSONL line": ("a.jsonl", _jsonl([GOOD_JSONL, "{broken"]), [],
                             r"skipped {p}:2: not valid JSON \(.+ at column 2\)"),
    "JSONL record without text": ("b.jsonl", _jsonl([GOOD_JSONL, '{"id": "j2"}']), [],
                                  r'skipped {p}:2: no "text", or the text is empty'),
    "JSONL record without id": ("c.jsonl", _jsonl([GOOD_JSONL, json.dumps({"text": GOOD})]), [],
                                r'skipped {p}:2: no "id" \(a string or a number\)'),
    "JSONL line over --max-bytes": ("d.jsonl", _jsonl([GOOD_JSONL, json.dumps({"id": "j2", "text": GOOD * 9})]),
                                    ["--max-bytes", "300"],
                                    r"skipped {p}:2: the line is \d+ bytes, over the limit of 300 \(--max-bytes\)"),
    "duplicate document id": ("good.jsonl", _jsonl([json.dumps({"id": "good", "text": GOOD})]), [],
                              r"skipped {p}:1: document id 'good' already read from .*good\.txt"),
    "HTML page without article text": ("app.html", b"<html><head><title>App</title></head><body>"
                                                   b"<script>render()</script></body></html>", [],
                                       r"skipped {p}: no article text found in the page"),
}


def make_input(tmp_path: Path, name: str, content: bytes | str | None) -> Path:
    """The bad input of a case, created under tmp_path (nothing for a missing path)."""
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
        (path / "notes.md").write_text("not an article")
    elif content is not None:
        path.write_bytes(content)
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A good article: its quote must still come out when a bad input is skipped."""
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.model
def test_bad_input_is_one_line_and_the_rest_is_done(case, tmp_path, good):
    name, content, options, expected = CASES[case]
    bad = make_input(tmp_path, name, content)
    res = CliRunner().invoke(main, ["extract", str(good), str(bad), *options])
    assert res.exit_code == 1
    assert "Traceback" not in res.stderr
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and re.fullmatch("kg: " + expected.format(p=re.escape(str(bad))), lines[0]), lines
    quotes = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(q["speaker"], q["quote"]) for q in quotes if q["doc"] == "good"] == [
        ("Ana Lopes", "We will not raise the tariff this year,")]


@pytest.mark.model
def test_strict_makes_the_first_bad_input_fatal(tmp_path, good):
    bad = make_input(tmp_path, "image.txt", PNG)
    res = CliRunner().invoke(main, ["extract", str(bad), str(good), "--strict"])
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr == f"kg: error: {bad}: looks like a binary file, not an article\n"


@pytest.mark.model
def test_other_encodings_are_a_warning_not_a_skip(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(("« Nous ne céderons pas », a déclaré la ministre Ana Lopes à la presse étrangère. " * 4)
                     .encode("latin-1"))
    res = CliRunner().invoke(main, ["extract", str(path)])
    assert res.exit_code == 0
    assert re.fullmatch(rf"kg: warning: {re.escape(str(path))}: not UTF-8: decoded as \S+\n", res.stderr)


def test_unknown_model_is_one_line(good, tmp_path):
    res = CliRunner().invoke(main, ["build", str(good), "--out", str(tmp_path / "out"), "--model", "no_such_model"])
    assert res.exit_code == 1 and "Traceback" not in res.stderr
    assert res.stderr.startswith("kg: error: unknown spaCy model 'no_such_model'") and res.stderr.count("\n") == 1


def test_unwritable_out_fails_before_any_work(good, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the output directory should go")
    res = CliRunner().invoke(main, ["build", str(good), "--out", str(blocker / "out")])
    assert res.exit_code == 1 and "Traceback" not in res.stderr
    assert res.stderr == f"kg: error: {blocker / 'out'}: cannot write here (Not a directory)\n"


def test_build_with_nothing_readable_leaves_out_alone(tmp_path, nlp):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# the previous build\n")
    res = CliRunner().invoke(main, ["build", str(tmp_path / "missing.txt"), "--out", str(out)])
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"kg: skipped {tmp_path / 'missing.txt'}: no such file or directory",
                                       f"kg: error: no articles could be read; {out} is left as it was"]
    assert (out / "graph.ttl").read_text() == "# the previous build\n"


@pytest.mark.model
def test_build_over_many_files_skips_the_bad_and_says_so(tmp_path, good):
    make_input(tmp_path, "image.txt", PNG)
    make_input(tmp_path, "empty.txt", b"")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(out), "--no-html", "-q"])
    assert res.exit_code == 1
    assert sorted(res.stderr.splitlines()) == [f"kg: skipped {tmp_path / 'empty.txt'}: the file is empty",
                                               f"kg: skipped {tmp_path / 'image.txt'}: looks like a binary file, "
                                               "not an article"]
    rows = [json.loads(line) for line in (out / "quotes.jsonl").read_text().splitlines()]
    assert {r["doc"] for r in rows} == {"good"}
