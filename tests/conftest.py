"""Shared fixtures: the spaCy pipeline (loaded once per session, also for the `kg` commands tests run in this
process) and one build of the seed articles; the guard that keeps tests without the `model` marker model-free."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.nlp import DEFAULT_MODEL, loader

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data"


_PIPELINES: dict[tuple, object] = {}  # the pipelines loaded in this session: see `load_once`


def _contents(path: str | Path | None) -> tuple[str, bytes | None] | None:
    """A configured file as a key: its path and contents (None: not there, and loading it fails)."""
    return None if path is None else (str(path), Path(path).read_bytes() if Path(path).is_file() else None)


def load_once(model: str = DEFAULT_MODEL, registry_path: str | Path | None = None,
              lexicon_path: str | Path | None = None, gazetteer_path: str | Path | None = None,
              domain_path: str | Path | None = None):
    """`kg.nlp.loader.load_pipeline`, run once per session for each model and contents of the configured files:
    the `kg` commands that tests run in this process reuse the pipeline instead of loading spaCy each time."""
    files = (registry_path, lexicon_path, gazetteer_path, domain_path)
    key = (str(model), *map(_contents, files))
    if key not in _PIPELINES:
        _PIPELINES[key] = LOAD_PIPELINE(model, *files)
    return _PIPELINES[key]


LOAD_PIPELINE = loader.load_pipeline  # the real one: tests marked `model` see `load_once` in its place


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline with our components."""
    return load_once()


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
    from kg.ingest.formats import article_from_text
    from kg.ingest.text import masked_text

    def run(text: str, published: str | None = None, registry=None):
        article = article_from_text(text, "t", meta={"published": published} if published else None)
        doc = nlp(masked_text(article))
        reg = registry if registry is not None else Registry.load()
        return attribute(article, doc, reg, Countries.load())

    return run


@pytest.fixture(autouse=True)
def _model_only_where_marked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test without the `model` marker that loads an installed spaCy model in this process fails at once,
    so `make test-fast` stays model-free (a test that runs `kg` in a subprocess carries the marker by hand);
    a test with it loads each pipeline once per session (`load_once`)."""
    if request.node.get_closest_marker("model") is None:
        import spacy.util

        def refuse(name: str, **_: object) -> None:
            pytest.fail(f"this test loads the spaCy model {name}: mark it @pytest.mark.model")

        monkeypatch.setattr(spacy.util, "load_model_from_package", refuse)
    else:
        monkeypatch.setattr(loader, "load_pipeline", load_once)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses the spaCy pipeline through a fixture (`nlp`, `seed_build`, `quotes_of`, ...) is
    marked `model`, so `make test-fast` (`-m "not model ..."`) leaves it out; tests that load the model
    another way (the CLI) carry the marker themselves."""
    for item in items:
        if "nlp" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)
