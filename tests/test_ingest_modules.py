"""Each step of reading an article on its own, on short invented inputs: decode (bytes to text), text (paragraphs
and masking), dates, metadata (front matter, manifest, inference), formats (.txt, .jsonl to an Article) and
problems. The Reader that strings them together is tested in test_ingest.py."""

from __future__ import annotations

import json

import pytest

from kg.ingest.dates import parse_date
from kg.ingest.decode import decode, looks_binary, normalise_newlines
from kg.ingest.formats import article_from_text, jsonl_article
from kg.ingest.metadata import front_matter, infer_metadata, load_manifest, published
from kg.ingest.problems import InputError, Problem, check_size
from kg.resources.lexicon import lexicon
from kg.ingest.text import (bullet_spans, clutter_spans, dateline_spans, is_clutter, is_title_like, masked_text,
                            paragraphs)

SAID = '"The bridge will open in May," Mayor Ana Lopes said on Monday.'


# -- decode

def test_decode_drops_the_bom_normalises_newlines_and_names_a_non_utf8_encoding():
    assert decode(b"\xef\xbb\xbfOne.\r\nTwo.\rThree.", "x") == ("One.\nTwo.\nThree.", None)
    assert decode("Caf\u00e9 open.".encode("utf-16"), "x") == ("Caf\u00e9 open.", "utf-16")
    text, encoding = decode(("Le café est fermé à l'heure du déjeuner, a déclaré la mairie. " * 3).encode("latin-1"),
                            "x")
    assert text.startswith("Le café est fermé") and encoding not in (None, "utf-8")


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.7 words words", "x.txt: looks like a binary file, not an article"),
    (b"text\x00more", "x.txt: looks like a binary file, not an article"),
    (b" \n\t\n", "x.txt: the file is empty")])
def test_decode_refuses_binary_and_empty_input_with_one_line(data, message):
    with pytest.raises(InputError) as caught:
        decode(data, "x.txt")
    assert str(caught.value) == message


def test_looks_binary_by_signature_nul_or_many_control_bytes():
    assert looks_binary(b"\x1f\x8b\x08rest") and looks_binary(b"ab\x00cd") and looks_binary(b"\x01\x02\x03abc")
    assert not looks_binary(b"Plain words.\n\tIndented.\x0c") and not looks_binary("Caf\u00e9".encode())


def test_normalise_newlines_as_python_text_mode():
    assert normalise_newlines("a\r\nb\rc\n") == "a\nb\nc\n"


# -- text and masking

def test_paragraphs_are_the_non_blank_lines_without_their_outer_blanks():
    assert paragraphs("  One line. \n\n\tTwo.\n   \n") == [(2, 11), (15, 19)]


def test_title_like_lines_and_clutter():
    assert is_title_like("Harbour Council Meets Again") and not is_title_like("The council met again.")
    assert not is_title_like('"We will meet again') and not is_title_like("word " * 17)
    lex = lexicon()
    assert is_clutter("Subscribe to the weekly letter", lex) and is_clutter("Photo: a harbour at dusk", lex)
    assert not is_clutter("The council met again.", lex)


def test_clutter_spans_mask_titles_clutter_and_repeated_paragraphs_but_not_an_attribution_headline():
    repeated = "The council will vote on the harbour plan next week."
    text = "\n".join(["Harbour Plan Divides The Council", "Lopes says the vote will be held", "Sign in",
                      repeated, SAID, repeated])
    lines = text.split("\n")
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    assert clutter_spans(text) == [(starts[i], starts[i] + len(lines[i])) for i in (0, 2, 5)]


def test_dateline_and_bullet_spans_open_a_paragraph():
    text = "PORTVILLE, March 12 (Harbour Wire) - The mayor spoke.\n• Lopes said no.\nMid-line - no dateline.\n"
    assert [text[s:e] for s, e in dateline_spans(text)] == ["PORTVILLE, March 12 (Harbour Wire) - "]
    assert [text[s:e] for s, e in bullet_spans(text)] == ["•"]
    dated = "NORTHBAY, SEPT 4: The port shut."
    assert [dated[s:e] for s, e in dateline_spans(dated)] == ["NORTHBAY, SEPT 4: "]


def test_masked_text_blanks_masked_spans_and_keeps_offsets_and_line_breaks():
    article = article_from_text("Menu\nHome\n" + SAID + "\n", "t")
    masked = masked_text(article)
    assert masked == "    \n    \n" + SAID + "\n" and len(masked) == len(article.text)


# -- dates

def test_parse_date_takes_the_first_full_date_in_a_line():
    assert parse_date("Updated Tuesday, 5 March 2024, 10:00 (first published 4 March 2024)") == "2024-03-05"
    assert parse_date("In May 2024 the council met") is None


# -- metadata

def test_front_matter_keeps_known_fields_and_its_span():
    text = '---\nauthor: "Kim Park"\nlayout: post\nPublished: 2024-05-07\n---\nBody.'
    assert front_matter(text) == ({"author": "Kim Park", "published": "2024-05-07"}, (0, text.index("Body.")))
    assert front_matter("No front matter.\n---\n") == ({}, None)


def test_infer_metadata_from_byline_outlet_line_dateline_and_url():
    text = ("Harbour Plan Divides The Council\nBy Kim Park\nThe Harbour Post | July 30, 2024\n"
            "PORTVILLE - The council met.\nRead it at https://www.harbourpost.example/plan.\n")
    assert infer_metadata(text) == {
        "headline": "Harbour Plan Divides The Council", "author": "Kim Park", "outlet": "The Harbour Post",
        "published": "2024-07-30", "dateline": "PORTVILLE", "url": "https://www.harbourpost.example/plan"}
    assert infer_metadata("See https://m.harbourpost.example/a.\n")["outlet"] == "Harbourpost"
    assert "url" not in infer_metadata("https://cdn.example/pic.jpg\n")


def test_load_manifest_keys_rows_by_document_id(tmp_path):
    (tmp_path / "sources.csv").write_text("doc,url,outlet,notes\nfolder/a.txt,https://e.example/a, Post ,x\n,,,\n")
    assert load_manifest(tmp_path) == {"a": {"url": "https://e.example/a", "outlet": "Post"}}
    assert load_manifest(tmp_path / "missing") == {}


def test_published_prefers_a_readable_given_date_and_warns_about_an_unreadable_one():
    warnings: list[str] = []
    assert published("30/07/2024", "2024-01-01", warnings.append) == "2024-07-30"
    assert published(None, "2024-01-01", warnings.append) == "2024-01-01"
    assert published("soon", "2024-01-01", warnings.append) == "2024-01-01"
    assert warnings == ["publication date 'soon' not understood (write it as YYYY-MM-DD); using 2024-01-01, "
                        "found in the text"]


# -- formats

def test_article_from_text_given_metadata_wins_over_front_matter_over_inference():
    front = "---\noutlet: Front Post\nauthor: Kim Park\n---\n"
    article = article_from_text(f"{front}By Lee Chan\nSource: Inferred Post\n{SAID}\n", "t", "t.txt",
                                {"outlet": "Given Post"})
    assert (article.outlet, article.author, article.path) == ("Given Post", "Kim Park", "t.txt")
    assert article.masked[0] == (0, len(front))


def test_jsonl_article_reads_id_text_and_metadata():
    line = json.dumps({"id": 7, "text": SAID + "\r\n", "outlet": " Harbour Post ", "author": 3})
    article = jsonl_article(line, "a.jsonl:1")
    assert (article.doc_id, article.text, article.outlet, article.author) == ("7", SAID + "\n", "Harbour Post", None)


@pytest.mark.parametrize("line, message", [
    ("{", "not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
    ("[1]", "not a JSON object"), ('{"id": true, "text": "x"}', 'no "id" (a string or a number)'),
    ('{"id": "a", "text": " "}', 'no "text", or the text is empty')])
def test_jsonl_article_refuses_a_bad_record_with_one_line(line, message):
    with pytest.raises(InputError) as caught:
        jsonl_article(line, "a.jsonl:3")
    assert (caught.value.path, caught.value.message) == ("a.jsonl:3", message)


# -- problems

def test_check_size_and_problem_lines():
    check_size(10, 10, "a.txt")
    with pytest.raises(InputError, match=r"^a.jsonl:2: the line is 1,001 bytes, over the limit of 1,000"):
        check_size(1001, 1000, "a.jsonl:2", "the line")
    assert str(Problem("a.txt", "the file is empty")) == "skipped a.txt: the file is empty"
    assert str(Problem("a.txt", "not UTF-8", skipped=False)) == "warning: a.txt: not UTF-8"
