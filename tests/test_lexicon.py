"""A lexicon file (`--lexicon`, BuildConfig.lexicon) reaches every stage that reads lexicon words: ingest
(headlines kept or masked), the quote component, attribution (titles, venues, the [attribution] words), and
the build cache (a build with another lexicon parses again). Every word added here is invented."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.attribution.venues import find_venue
from kg.attribution.words import context_words
from kg.cli import main
from kg.ingest.reader import Reader
from kg.ingest.text import clutter_spans
from kg.resources.entities import Countries, Entity, Registry, strip_titles, title_of
from kg.resources.lexicon import load_lexicon

VERB = "zarble"  # an invented reporting verb: the tagger reads `zarbled` as a past tense of it
SENTENCE = "Mara Velt zarbled that the bridge would open in May.\n"
HEADLINE = "Velt zarbles the bridge will open in May"  # a sentence-case headline with that verb
VENUE = '\n[[venue]]\nkind = "broadcast"\npattern = "\\\\bzarbled\\\\s+over\\\\s+(?P<venue>NAME)"\n'


def lexicon_with(path: Path, tail: str = "", **lists: str) -> Path:
    """The packaged lexicon written to `path` with one word put first in each named list (a top-level list or
    one of the [attribution] table) and `tail` appended."""
    text = resources.files("kg.data").joinpath("lexicon.toml").read_text(encoding="utf-8")
    for key, word in lists.items():
        text, found = re.subn(rf"(?m)^{key} = \[", f'{key} = ["{word}", ', text)
        assert found == 1, key
    path.write_text(text + tail, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lexicon_file(tmp_path_factory) -> Path:
    """The packaged lexicon plus an invented reporting verb, title, media role and venue pattern."""
    return lexicon_with(tmp_path_factory.mktemp("lexicon") / "lexicon.toml", VENUE, speech_verbs=VERB,
                        titles="Wavemaster", media_roles="blogcaster")


def test_ingest_keeps_a_headline_whose_reporting_verb_the_lexicon_adds(lexicon_file, tmp_path):
    text = f"{HEADLINE}\n\nThe engineer said the steel was late.\n"
    assert clutter_spans(text) == [(0, len(HEADLINE))]  # title-like and no reporting verb: masked
    assert clutter_spans(text, load_lexicon(lexicon_file)) == []
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    reader = Reader(strict=True)
    assert [a.masked for a in reader.articles([tmp_path])] == [((0, len(HEADLINE)),)]
    assert [a.masked for a in reader.articles([tmp_path], load_lexicon(lexicon_file))] == [()]


def test_attribution_and_the_registry_read_titles_venues_and_context_words_of_the_lexicon(lexicon_file):
    lex = load_lexicon(lexicon_file)
    assert (title_of("Wavemaster Mara Velt"), strip_titles("Wavemaster Mara Velt")) == (None, "Wavemaster Mara Velt")
    assert (title_of("Wavemaster Mara Velt", lex), strip_titles("Wavemaster Mara Velt", lex)) == \
        ("Wavemaster", "Mara Velt")
    registry = Registry([Entity("Mara Velt")])
    assert (registry.lookup("Wavemaster Mara Velt"), registry.lookup("Wavemaster Mara Velt", lex)) == \
        (None, Entity("Mara Velt"))
    clause = "she zarbled over Radio Kestrel"
    assert find_venue(clause, Registry.empty(), Countries.load()) is None
    venue = find_venue(clause, Registry.empty(), Countries.load(), lex=lex)
    assert (venue.name, venue.kind) == ("Radio Kestrel", "broadcast")
    assert "blogcaster" in context_words(lex).media_roles and "blogcaster" not in context_words().media_roles


def _quotes(args: list[str]) -> list[tuple[str, str, str]]:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return [(q["speaker"], q["cue"], q["quote"]) for q in map(json.loads, result.output.splitlines())]


@pytest.mark.model
def test_a_reporting_verb_added_by_the_lexicon_makes_a_quote_in_extract_and_build(lexicon_file, tmp_path):
    article = tmp_path / "docs" / "bridge.txt"
    article.parent.mkdir()
    article.write_text(SENTENCE, encoding="utf-8")
    quote = ("Mara Velt", "zarbled", "the bridge would open in May")
    assert _quotes(["extract", str(article)]) == []
    assert _quotes(["extract", str(article), "--lexicon", str(lexicon_file)]) == [quote]
    out = tmp_path / "out"
    build = ["build", str(article.parent), "--out", str(out), "-q", "--no-html"]
    for options, expected in (([], []), (["--lexicon", str(lexicon_file)], [quote]), ([], [])):
        assert _quotes([*build, *options]) == []  # -q: nothing printed
        rows = [json.loads(line) for line in (out / "quotes.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [(q["speaker"], q["cue"], q["quote"]) for q in rows] == expected  # the cache knows the lexicon


def test_an_unreadable_lexicon_is_one_line_and_exit_1(tmp_path):
    bad = tmp_path / "lexicon.toml"
    bad.write_text("speech_verbs = [", encoding="utf-8")
    (tmp_path / "bridge.txt").write_text(SENTENCE, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "bridge.txt"), "--lexicon", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith(f"kg: error: lexicon file {bad} is not valid TOML") and \
        result.output.count("\n") == 1
