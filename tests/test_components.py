"""Our spaCy components are factories configured with the files they read (lexicon, entity registry,
gazetteer): a pipeline carries its configuration through `nlp.to_disk` / `spacy.load`, and the registry
a build is given decides figures' parties in every parse path (one process, `--jobs N`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner
from rdflib import Graph
from spacy.tokens import Doc

from kg.cli import main
from kg.rdf.vocab import KG
from kg.resources.entities import Registry
from kg.resources.semantics import semantics

# An invented person whose registry entry gives her country; the empty registry knows nobody.
INVENTED = '[[entity]]\nname = "Maja Lindqvist"\ntype = "person"\ncountry = "SE"\n'


@pytest.fixture
def registries(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "invented.toml").write_text(INVENTED, encoding="utf-8")
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    return {"invented": tmp_path / "invented.toml", "empty": tmp_path / "empty.toml"}


def _figures_pipeline(registry: Path | None):
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_figures", config={"registry": None if registry is None else str(registry)})
    return nlp


def _parsed(nlp) -> Doc:
    """`Lindqvist raised tariffs to 40 %.` with its parse written by hand (no model)."""
    words = ["Lindqvist", "raised", "tariffs", "to", "40", "%", "."]
    return Doc(nlp.vocab, words=words, spaces=[True, True, True, True, False, False, False],
               heads=[1, 1, 1, 1, 5, 3, 1], deps=["nsubj", "ROOT", "dobj", "prep", "nummod", "pobj", "punct"],
               pos=["PROPN", "VERB", "NOUN", "ADP", "NUM", "NOUN", "PUNCT"],
               lemmas=["Lindqvist", "raise", "tariff", "to", "40", "%", "."],
               sent_starts=[True, False, False, False, False, False, False])


def _imposers(nlp) -> list[str | None]:
    doc = nlp.get_pipe("kg_figures")(_parsed(nlp))
    return [f["imposer"] for f in doc._.kg_figures if f["unit"] == "percent"]


def test_the_configured_registry_decides_a_figures_imposer(registries):
    """Two pipelines in one process, each with its own registry: nothing is shared between them."""
    assert _imposers(_figures_pipeline(registries["invented"])) == ["SE"]
    assert _imposers(_figures_pipeline(registries["empty"])) == [None]
    assert _imposers(_figures_pipeline(registries["invented"])) == ["SE"]


def test_the_configuration_survives_to_disk_and_spacy_load(registries, tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_paragraph_breaks")
    nlp.add_pipe("kg_quotes")
    nlp.add_pipe("kg_figures", config={"registry": str(registries["invented"])})
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["kg_paragraph_breaks", "kg_quotes", "kg_figures"]
    assert loaded.config["components"]["kg_figures"] == {"factory": "kg_figures", "lexicon": None,
                                                         "registry": str(registries["invented"]), "gazetteer": None,
                                                         "domain": None}
    assert loaded.config["components"]["kg_quotes"] == {"factory": "kg_quotes", "lexicon": None}
    assert _imposers(loaded) == ["SE"]


def test_factories_declare_what_they_read_and_write():
    meta = spacy.language.Language.get_factory_meta("kg_figures")
    assert meta.assigns == ["doc._.kg_figures"] and "token.dep" in meta.requires
    assert spacy.language.Language.get_factory_meta("kg_quotes").assigns == [
        "doc._.kg_quotes", "doc._.kg_mentions", "doc._.kg_denials"]


def test_a_missing_registry_file_is_a_kg_error(tmp_path):
    from kg.errors import KgError

    with pytest.raises(KgError, match="registry file not found"):
        _figures_pipeline(tmp_path / "none.toml")


def _build_imposers(docs: Path, out: Path, *options: str) -> set[str]:
    result = CliRunner().invoke(main, ["build", str(docs), "--out", str(out), "-q", "--no-html", *options])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out / "graph.ttl")
    return {str(o).rsplit("/", 1)[-1] for o in graph.objects(None, KG.imposer)}


@pytest.fixture
def invented_article(tmp_path: Path) -> Path:
    """A short invented article in which a person of the packaged registry raises a rate."""
    person = next(e for e in Registry.load().entities.values() if e.type == "person" and e.country)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(f"{person.name} raised tariffs to 40% last week, officials said.\n",
                                encoding="utf-8")
    return docs


@pytest.mark.model
def test_build_with_an_empty_registry_changes_figures_parties(invented_article, registries, tmp_path):
    packaged = _build_imposers(invented_article, tmp_path / "packaged")
    assert len(packaged) == 1
    assert _build_imposers(invented_article, tmp_path / "empty", "--registry", str(registries["empty"])) == set()


@pytest.mark.model
def test_the_registry_reaches_the_components_in_worker_processes(registries, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(4):  # parsed in a spaCy worker process (`nlp.pipe(n_process=2)`), not in this one
        (docs / f"a{i}.txt").write_text(f"Maja Lindqvist raised tariffs to {40 + i}% last week, officials said.\n",
                                        encoding="utf-8")
    options = ("--registry", str(registries["invented"]))
    one = _build_imposers(docs, tmp_path / "one", *options)
    two = _build_imposers(docs, tmp_path / "two", "--jobs", "2", *options)
    assert one == two != set()
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (tmp_path / "two" / "graph.ttl").read_bytes()


# ---------------------------------------------------------------------------- the domain pack, passed explicitly

PACK = '[synonyms]\nvoyage = ["voyage", "sailing"]\n'  # an invented pack: `sailings` are counted as voyages


def _count_measures(nlp) -> list[str]:
    """The measures of `Officials canceled 40 sailings.` (parse written by hand) read by kg_figures."""
    words = ["Officials", "canceled", "40", "sailings", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, True, False, False], heads=[1, 1, 3, 1, 1],
              deps=["nsubj", "ROOT", "nummod", "dobj", "punct"], pos=["NOUN", "VERB", "NUM", "NOUN", "PUNCT"],
              lemmas=["official", "cancel", "40", "sailing", "."], sent_starts=[True, False, False, False, False])
    return [f["measure"] for f in nlp.get_pipe("kg_figures")(doc)._.kg_figures if f["unit"] == "count"]


def test_the_configured_domain_pack_classes_counts_and_nothing_else(tmp_path):
    (tmp_path / "pack.toml").write_text(PACK, encoding="utf-8")
    with_pack = spacy.blank("en")
    with_pack.add_pipe("kg_figures", config={"domain": str(tmp_path / "pack.toml")})
    assert _count_measures(with_pack) == ["voyage|cancel"]
    assert _count_measures(_figures_pipeline(None)) == ["sailing|cancel"]  # a pipeline without it, built after
    assert semantics().cls("sailing") == "sailing" and semantics(tmp_path / "pack.toml").cls("sailing") == "voyage"


def _build_measures(docs: Path, out: Path, *options: str) -> set[str]:
    result = CliRunner().invoke(main, ["build", str(docs), "--out", str(out), "-q", "--no-html", *options])
    assert result.exit_code == 0, result.output
    return {str(o) for o in Graph().parse(out / "graph.ttl").objects(None, KG.measure)}


@pytest.mark.model
def test_builds_with_and_without_a_domain_pack_in_one_process_do_not_leak(tmp_path):
    (tmp_path / "pack.toml").write_text(PACK, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("The company canceled 40 sailings last week, officials said.\n", encoding="utf-8")
    before = _build_measures(docs, tmp_path / "before")
    with_pack = _build_measures(docs, tmp_path / "pack", "--domain", str(tmp_path / "pack.toml"))
    after = _build_measures(docs, tmp_path / "after")
    assert before == after == {"sailing|cancel"} and with_pack == {"voyage|cancel"}
