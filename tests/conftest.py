"""Shared fixtures: the spaCy pipeline (loaded once) and one build of the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.nlp import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline with our components."""
    from kg.nlp.loader import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_results(nlp):
    """Extraction results of the five seed articles."""
    from kg.build.pipeline import extract, read_articles

    return extract(nlp, read_articles(sorted(SEEDS.glob("*.txt"))))


@pytest.fixture(scope="session")
def seed_build(nlp, tmp_path_factory):
    """A full `kg build` of the seeds into a temporary directory; returns that directory."""
    from kg.build.pipeline import build

    out = tmp_path_factory.mktemp("seed-build")
    build(sorted(SEEDS.glob("*.txt")), out, nlp, DEFAULT_MODEL)
    return out


@pytest.fixture(scope="session")
def seed_dataset(seed_build):
    """The seed graph loaded from its TriG file (named graphs kept)."""
    from kg.rdf.graph import load_dataset

    return load_dataset(seed_build / "graph.trig")


@pytest.fixture
def quotes_of(nlp):
    """Extract quotes from a short text written for a test: `quotes_of(text, published=None)`."""
    from kg.attribution.attribute import attribute
    from kg.resources.entities import Countries, Registry
    from kg.ingest.reader import article_from_text, masked_text

    def run(text: str, published: str | None = None, registry=None):
        article = article_from_text(text, "t", meta={"published": published} if published else None)
        doc = nlp(masked_text(article))
        reg = registry if registry is not None else Registry.load()
        return attribute(article, doc, reg, Countries.load())

    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses the spaCy pipeline through a fixture (`nlp`, `seed_build`, `quotes_of`, ...) is
    marked `model`, so `make test-fast` (`-m "not model ..."`) leaves it out; tests that load the model
    another way (the CLI) carry the marker themselves."""
    for item in items:
        if "nlp" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)
