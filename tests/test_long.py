"""Long articles are parsed in blocks of whole paragraphs with the same findings as one parse."""

from __future__ import annotations

import kg.nlp.loader
from kg.resources.entities import Registry
from kg.ingest.formats import article_from_text
from kg.nlp.loader import text_blocks
from kg.build.pipeline import parse_articles

from .conftest import SEEDS


def test_blocks_cover_the_text_at_line_breaks():
    text = "one line\n\nsecond paragraph here\nthird\n" * 40
    blocks = text_blocks(text, limit=100)
    assert len(blocks) > 1
    assert "".join(chunk for _, _, chunk in blocks) == text
    for offset, paras, chunk in blocks:
        assert text[offset:offset + len(chunk)] == chunk and chunk.endswith("\n")
        assert paras == sum(1 for line in text[:offset].splitlines() if line.strip())


def test_a_line_longer_than_a_block_is_cut_at_a_space():
    text = "word " * 100
    blocks = text_blocks(text, limit=60)
    assert "".join(c for _, _, c in blocks) == text and all(len(c) <= 60 for _, _, c in blocks)


def test_block_parsing_finds_what_one_parse_finds(nlp, monkeypatch):
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    article = article_from_text(text, "long", meta={"published": "2025-05-07"})

    def quotes(limit: int) -> set:
        monkeypatch.setattr(kg.nlp.loader, "BLOCK_CHARS", limit)
        result = next(parse_articles(nlp, [article], Registry.load()))
        assert all(text[q.start:q.end] == q.quote for q in result.quotes)
        return {(q.start, q.end, q.speaker, q.venue, q.date) for q in result.quotes}

    whole, blocks = quotes(1_000_000), quotes(2_500)
    assert len(whole) >= 70
    assert len(whole & blocks) >= 0.95 * len(whole)
