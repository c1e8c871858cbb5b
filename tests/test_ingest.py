"""Reading every input format: .txt in any encoding and line ending, saved .html pages, .jsonl, directories."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF

from kg.cli import main
from kg.ingest.dates import parse_date
from kg.ingest.decode import decode
from kg.ingest.metadata import infer_metadata
from kg.ingest.reader import Reader
from kg.nlp import DEFAULT_MODEL
from kg.rdf.vocab import SCHEMA

from .conftest import DATA

PROSE = '"We will not raise the tariff this year," Finance Minister Ana Lopes said on Monday.\n'


def read(*paths, **options):
    """The articles and the reader after reading `paths`."""
    reader = Reader(**options)
    return list(reader.articles(paths)), reader


def test_utf8_with_bom_and_without_read_the_same(tmp_path):
    (tmp_path / "a.txt").write_bytes(PROSE.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + PROSE.encode("utf-8"))
    (a, b), reader = read(tmp_path / "a.txt", tmp_path / "b.txt")
    assert a.text == b.text == PROSE and not reader.problems


def test_latin1_is_detected_and_warned_about(tmp_path):
    text = ("Le ministre a déclaré que la réforme était nécessaire. « Nous irons jusqu'au bout », a-t-il "
            "affirmé à la presse étrangère, après une réunion très animée à l'Élysée.\n") * 3
    (tmp_path / "fr.txt").write_bytes(text.encode("latin-1"))
    (article,), reader = read(tmp_path / "fr.txt")
    assert article.text == text
    assert len(reader.problems) == 1 and not reader.problems[0].skipped
    assert "decoded as" in reader.problems[0].message and not reader.skipped


def test_utf16_with_bom_is_read(tmp_path):
    (tmp_path / "u.txt").write_bytes(PROSE.encode("utf-16"))
    (article,), _ = read(tmp_path / "u.txt")
    assert article.text == PROSE


def test_crlf_and_cr_become_lf_like_python_text_mode(tmp_path):
    raw = 'Headline here\r\n\r\n"We are ready," Ana Lopes said.\rSecond line.\r\n'
    (tmp_path / "w.txt").write_bytes(raw.encode("utf-8"))
    (article,), _ = read(tmp_path / "w.txt")
    with open(tmp_path / "w.txt", encoding="utf-8") as fh:
        assert article.text == fh.read() == 'Headline here\n\n"We are ready," Ana Lopes said.\nSecond line.\n'
    assert decode(raw.encode(), "x") == (article.text, None)


@pytest.mark.model
def test_crlf_offsets_match_the_text_as_python_reads_it(tmp_path):
    (tmp_path / "w.txt").write_bytes(("Intro line.\r\n\r\n" + PROSE.replace("\n", "\r\n")).encode("utf-8"))
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "w.txt")])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    text = (tmp_path / "w.txt").read_text(encoding="utf-8")
    assert [(text[r["start"]:r["end"]], r["speaker"]) for r in rows] == [("We will not raise the tariff this year,",
                                                                          "Ana Lopes")]
    assert all(text[r["start"]:r["end"]] == r["quote"] for r in rows)


def test_html_page_text_and_metadata():
    (article,), reader = read(DATA / "inputs" / "page.html")
    assert not reader.problems
    assert article.headline == "Port strike talks stall as union rejects offer"
    assert (article.author, article.published, article.outlet) == ("Mara Quill", "2025-03-14", "The Harbour Ledger")
    assert article.url == "https://harbour-ledger.example/news/port-strike-talks"
    assert "cost of living" in article.text and "Sign in" not in article.text and "Subscribe" not in article.text


def test_html_build_keeps_the_text_so_evidence_can_be_shown(nlp, tmp_path):
    from kg.build.pipeline import build

    build([DATA / "inputs" / "page.html"], tmp_path, nlp, DEFAULT_MODEL, with_html=False)
    g = Graph().parse(tmp_path / "graph.ttl")
    (article,) = g.subjects(RDF.type, SCHEMA.NewsArticle)
    text = str(g.value(article, SCHEMA.text))
    rows = [json.loads(line) for line in (tmp_path / "quotes.jsonl").read_text().splitlines()]
    assert [r["speaker"] for r in rows] == ["Dana Okafor", "port authority", "Tom Reyes", "regional labour board"]
    assert all(text[r["start"]:r["end"]] == r["quote"] for r in rows)


def test_jsonl_articles_take_their_id_and_metadata(tmp_path):
    rows = [{"id": "x1", "text": PROSE, "url": "https://e.example/1", "outlet": "Example Post", "author": "Kim Park",
             "published": "2025-05-07T08:00:00Z"},
            {"id": 2, "text": "Crlf\r\ntext.\r\n"}]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (a, b), reader = read(tmp_path / "a.jsonl")
    assert not reader.problems
    assert (a.doc_id, a.outlet, a.author, a.published, a.url) == ("x1", "Example Post", "Kim Park", "2025-05-07",
                                                                  "https://e.example/1")
    assert a.path == f"{tmp_path / 'a.jsonl'}:1" and b.doc_id == "2" and b.text == "Crlf\ntext.\n"


def test_directories_are_searched_recursively_with_glob(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "one.txt").write_text(PROSE)
    (tmp_path / "sub" / "deeper" / "two.txt").write_text(PROSE)
    (tmp_path / "sub" / "page.html").write_text((DATA / "inputs" / "page.html").read_text())
    txt, _ = read(tmp_path)
    html, _ = read(tmp_path, glob="*.html")
    assert [a.doc_id for a in txt] == ["one", "two"] and [a.doc_id for a in html] == ["page"]


def test_a_file_named_twice_is_read_once(tmp_path):
    (tmp_path / "one.txt").write_text(PROSE)
    articles, reader = read(tmp_path / "one.txt", tmp_path, tmp_path / "one.txt")
    assert len(articles) == 1 and not reader.problems


# -- publication dates: every way of giving one goes through kg.ingest.dates.parse_date (issue 15, item 2)

DATED = '"We will not raise the tariff this year," Finance Minister Ana Lopes said on Monday.\n'


@pytest.mark.parametrize("given, iso", [
    ("July 30, 2024", "2024-07-30"), ("30 July 2024", "2024-07-30"), ("30/07/2024", "2024-07-30"),
    ("07/30/2024", "2024-07-30"), ("2024-07-30T10:00:00Z", "2024-07-30"), ("2024-07-30", "2024-07-30"),
    ("Thursday, 14 September, 2023", "2023-09-14"), ("Sept. 3, 2024", "2024-09-03"), ("2024/7/30", "2024-07-30"),
    ("04/05/2024", None), ("31/02/2024", None), ("last Tuesday", None), ("2024-13-01", None)])
def test_parse_date_reads_common_forms_and_refuses_ambiguous_or_impossible_ones(given, iso):
    assert parse_date(given) == iso


def test_non_iso_dates_in_front_matter_manifest_and_jsonl_are_read(tmp_path):
    (tmp_path / "front.txt").write_text(f"---\npublished: July 30, 2024\noutlet: Harbour Post\n---\n{DATED}")
    (tmp_path / "listed.txt").write_text(DATED)
    (tmp_path / "sources.csv").write_text("doc,outlet,published\nlisted,Harbour Post,30/07/2024\n")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "j", "text": DATED, "published": "July 30, 2024"}) + "\n")
    (tmp_path / "page.txt").write_text(f"Harbour Post\nPublished : Thursday, 14 September, 2023\n\n{DATED}")
    articles, reader = read(tmp_path / "front.txt", tmp_path / "listed.txt", tmp_path / "a.jsonl",
                            tmp_path / "page.txt")
    assert [a.published for a in articles] == ["2024-07-30", "2024-07-30", "2024-07-30", "2023-09-14"]
    assert not reader.problems


@pytest.mark.model
def test_an_unreadable_date_is_one_warning_and_the_article_goes_on_without_it(tmp_path):
    (tmp_path / "a.txt").write_text(f"---\npublished: the day after the vote\n---\n{DATED}")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "j", "text": DATED, "published": "04/05/2024"}) + "\n")
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")])
    assert res.exit_code == 0, res.output
    warnings = [line for line in res.stderr.splitlines() if line]
    assert warnings == [
        f"kg: warning: {tmp_path / 'a.txt'}: publication date 'the day after the vote' not understood "
        "(write it as YYYY-MM-DD); the article has no date",
        f"kg: warning: {tmp_path / 'b.jsonl'}:1: publication date '04/05/2024' not understood "
        "(write it as YYYY-MM-DD); the article has no date"]
    assert {json.loads(line)["doc"] for line in res.stdout.splitlines()} == {"a", "j"}


def test_a_build_with_non_iso_dates_writes_them_as_xsd_dates(nlp, tmp_path):
    from kg.build.pipeline import build

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(f"---\npublished: 2024-07-30T10:00:00Z\n---\n{DATED}")
    (docs / "b.txt").write_text(DATED)
    (docs / "sources.csv").write_text('doc,published\nb,"July 30, 2024"\n')
    build([docs], tmp_path / "out", nlp, DEFAULT_MODEL, with_html=False)
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert sorted(str(d) for d in g.objects(None, SCHEMA.datePublished)) == ["2024-07-30", "2024-07-30"]


# -- guessed headlines (issue 15, item 4)

def test_a_guessed_headline_is_never_a_date_or_a_timestamp():
    meta = infer_metadata("Tuesday, 5 September, 2023, 1:23 PM\nUpdated 14:05 GMT on the harbour\n"
                          "Council approves the new harbour plan\n\n" + DATED)
    assert meta["headline"] == "Council approves the new harbour plan" and meta["published"] == "2023-09-05"
    assert "headline" not in infer_metadata("Monday 30 July 2024 10:00 am\n\n" + DATED)


# -- binary files (issue 15, item 8)

@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n", b"\x89PNG\r\n\x1a\n" + "Hello there".encode("utf-16-le"),
                                  b"\xff\xd8\xff\xe0" + b"JFIF text text text" * 4, b"%PDF-1.7\n" + b"words " * 50])
@pytest.mark.model
def test_a_binary_file_named_txt_is_skipped_with_one_line_before_any_encoding_guess(tmp_path, data):
    (tmp_path / "image.txt").write_bytes(data)
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "image.txt")])
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr == f"kg: skipped {tmp_path / 'image.txt'}: looks like a binary file, not an article\n"
