"""The input listing a rebuild reuses (kg.build.listing): the files the reader would list, every time, and the
reader asked again only when a directory changed."""

from __future__ import annotations

import json
import os

import pytest

import kg.build.listing
from kg.build.listing import LISTING, input_files
from kg.errors import KgError
from kg.ingest.reader import Reader


@pytest.fixture
def listings(monkeypatch):
    """How many times the reader listed the inputs; directories changed just now are trusted (the tests change
    them far more than a clock tick after a listing)."""
    monkeypatch.setattr(kg.build.listing, "RACY_SECONDS", 0)
    calls = []
    real = Reader.files
    monkeypatch.setattr(Reader, "files", lambda self, paths: calls.append(1) or real(self, paths))
    return calls


def listed(paths, cache, reader=None):
    """The files a build lists, checked against what the reader lists now."""
    reader = reader or Reader(strict=True)
    files = input_files(paths, reader, cache)
    assert files == list(Reader(strict=True, glob=reader.glob).files(paths))
    return files


@pytest.fixture
def tree(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "sub/c.txt", "notes.md"):
        (corpus / name).write_text("The harbour reopened, the mayor said.\n", encoding="utf-8")
    return corpus


def test_an_unchanged_tree_is_listed_once(tree, tmp_path, listings):
    cache = tmp_path / "cache"
    first = listed([tree], cache)
    assert [p.name for p in first] == ["a.txt", "b.txt", "c.txt"] and len(listings) == 2
    assert listed([tree], cache) == first and len(listings) == 3  # the build's listing was the kept one


@pytest.mark.parametrize("change", ["add", "remove", "rename", "new subdirectory", "nested add"])
def test_a_changed_directory_is_listed_again(tree, tmp_path, listings, change):
    cache = tmp_path / "cache"
    listed([tree], cache)
    if change == "add":
        (tree / "d.txt").write_text("x", encoding="utf-8")
    elif change == "remove":
        (tree / "a.txt").unlink()
    elif change == "rename":
        (tree / "b.txt").rename(tree / "z.txt")
    elif change == "new subdirectory":
        (tree / "new").mkdir()
        (tree / "new" / "e.txt").write_text("x", encoding="utf-8")
    else:
        (tree / "sub" / "f.txt").write_text("x", encoding="utf-8")
    listings.clear()
    listed([tree], cache)
    assert len(listings) == 2  # listed again by the build (and once by the check)


def test_other_paths_another_glob_or_another_working_directory_list_again(tree, tmp_path, listings, monkeypatch):
    cache = tmp_path / "cache"
    listed([tree], cache)
    for paths, glob in (([tree / "sub"], "*.txt"), ([tree], "*.md")):
        listings.clear()
        listed(paths, cache, Reader(strict=True, glob=glob))
        assert len(listings) == 2
    monkeypatch.chdir(tree)
    listed([tree / "sub"], cache)
    listings.clear()
    monkeypatch.chdir(tree.parent)
    assert [str(p) for p in listed([tree / "sub"], cache)] == [str(tree / "sub" / "c.txt")] and len(listings) == 2


def test_files_given_directly_and_the_same_file_twice(tree, tmp_path, listings):
    cache = tmp_path / "cache"
    paths = [tree / "b.txt", tree, tree / "sub" / "c.txt"]
    first = listed(paths, cache)
    assert [p.name for p in first] == ["b.txt", "a.txt", "c.txt"]
    listings.clear()
    assert listed(paths, cache) == first and len(listings) == 1
    (tree / "b.txt").unlink()
    with pytest.raises(KgError, match="no such file or directory"):
        input_files(paths, Reader(strict=True), cache)


def test_a_missing_path_or_an_empty_directory_is_reported_at_every_build(tree, tmp_path, listings):
    cache, empty = tmp_path / "cache", tmp_path / "empty"
    empty.mkdir()
    for _ in range(2):
        reader = Reader()
        assert input_files([tree, empty, tmp_path / "gone.txt"], reader, cache) == \
            list(Reader().files([tree, empty, tmp_path / "gone.txt"]))
        assert [p.message.split(":")[0] for p in reader.problems] == ["no articles", "no such file or directory"]
    assert not (cache / LISTING).exists()


def test_a_tree_with_a_symbolic_link_is_listed_every_time(tree, tmp_path, listings):
    cache, elsewhere = tmp_path / "cache", tmp_path / "elsewhere.txt"
    elsewhere.write_text("x", encoding="utf-8")
    (tree / "sub" / "link.txt").symlink_to(elsewhere)
    listed([tree], cache)
    elsewhere.unlink()  # the link now dangles: no directory of the tree changed
    listings.clear()
    assert [p.name for p in listed([tree], cache)] == ["a.txt", "b.txt", "c.txt"] and len(listings) == 2


def test_a_directory_changed_moments_before_the_listing_is_not_trusted(tree, tmp_path, monkeypatch):
    monkeypatch.setattr(kg.build.listing, "RACY_SECONDS", 3600)
    listed([tree], tmp_path / "cache")
    assert not (tmp_path / "cache" / LISTING).exists()
    monkeypatch.setattr(kg.build.listing, "RACY_SECONDS", 0)
    listed([tree], tmp_path / "cache")
    assert (tmp_path / "cache" / LISTING).exists()


def test_a_directory_whose_modification_time_is_set_back_is_listed_again(tree, tmp_path, listings):
    cache = tmp_path / "cache"
    listed([tree], cache)
    st = os.stat(tree)
    (tree / "d.txt").write_text("x", encoding="utf-8")
    os.utime(tree, ns=(st.st_atime_ns, st.st_mtime_ns))  # as a copy that keeps times would
    listings.clear()
    assert "d.txt" in [p.name for p in listed([tree], cache)] and len(listings) == 2


DAMAGE = {"files not a list": lambda kept: {**kept, "files": 3},
          "dirs not pairs": lambda kept: {**kept, "dirs": {"d": 1}},
          "dirs not a dict": lambda kept: {**kept, "dirs": [1]}, "not an object": lambda kept: [kept]}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_listing_is_listed_again(tree, tmp_path, listings, damage):
    cache = tmp_path / "cache"
    listed([tree], cache)
    kept = json.loads((cache / LISTING).read_text(encoding="utf-8"))
    (cache / LISTING).write_text(json.dumps(DAMAGE[damage](kept)), encoding="utf-8")
    listings.clear()
    listed([tree], cache)
    assert len(listings) == 2
