"""Every place that takes a speaker's name matches any of the entity's names and aliases, ignoring case and
accents (issue 15, item 10): `kg viz --speaker`, and the name parameters of canned queries on every backend."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Literal

from kg.cli import main
from kg.nlp import DEFAULT_MODEL
from kg.query.sparql import with_keys
from kg.ids import name_key

ARTICLE = ('"We will count every single vote," Edmundo González said on Monday.\n\n'
           '"The count must be public," Ana Lopes said at the same meeting.\n')
REGISTRY = '[[entity]]\nname = "Edmundo González"\ntype = "person"\naliases = ["González Urrutia"]\n'


@pytest.fixture(scope="module")
def accented(nlp, tmp_path_factory):
    """A build of one invented article quoting Edmundo González (registry alias: González Urrutia), with a store."""
    from kg.resources.entities import Registry
    from kg.build.pipeline import build
    from kg.query.backends import load_store

    root = tmp_path_factory.mktemp("names")
    (root / "a.txt").write_text(ARTICLE)
    (root / "registry.toml").write_text(REGISTRY)
    build([root / "a.txt"], root / "out", nlp, DEFAULT_MODEL, registry=Registry.load(root / "registry.toml"),
          with_html=False)
    load_store(root / "store", root / "out" / "graph.trig")
    return root


def test_name_key_ignores_accents_case_apostrophes_and_spacing_but_keeps_other_scripts():
    assert name_key("  Edmundo   GONZÁLEZ ") == name_key("edmundo gonzalez") == "edmundo gonzalez"
    assert name_key("O’Brien") == name_key("o'brien") and name_key("习近平") == "习近平" != name_key("李强")


def test_a_name_parameter_is_bound_with_its_key_where_the_query_reads_it():
    text = "SELECT ?q WHERE { ?who kg:nameKey ?speakerKey . ?q schema:creator ?who }"
    params = {"speaker": Literal("Edmundo GONZÁLEZ"), "quote": Literal("González")}
    assert with_keys(text, params) == {**params, "speakerKey": Literal("edmundo gonzalez")}
    assert with_keys("SELECT * WHERE { ?s ?p ?speaker }", params) == params


@pytest.mark.parametrize("name", ["Edmundo Gonzalez", "EDMUNDO GONZÁLEZ", "gonzalez urrutia"])
def test_viz_speaker_finds_a_name_or_alias_without_its_accents(accented, tmp_path, name):
    res = CliRunner().invoke(main, ["viz", "--graph", str(accented / "out" / "graph.ttl"), "--out",
                                    str(tmp_path / "page.html"), "--speaker", name])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "every single vote" in page and "must be public" not in page


def test_viz_speaker_still_refuses_a_name_nobody_has(accented, tmp_path):
    res = CliRunner().invoke(main, ["viz", "--graph", str(accented / "out" / "graph.ttl"), "--out",
                                    str(tmp_path / "page.html"), "--speaker", "Edmundo Gomez"])
    assert res.exit_code == 1
    assert res.output.startswith("kg: error: no speaker named 'Edmundo Gomez' in the graph (known: ")
    assert res.output.count("\n") == 1 and "Edmundo González" in res.output  # the name it has, with its accent


@pytest.mark.parametrize("backend", ["graph", "store"])
@pytest.mark.parametrize("name", ["Edmundo Gonzalez", "edmundo gonzález", "Gonzalez Urrutia"])
def test_name_parameters_of_canned_queries_ignore_accents_on_every_backend(accented, backend, name):
    where = accented / "out" / "graph.trig" if backend == "graph" else accented / "store"
    res = CliRunner().invoke(main, ["query", "quotes-by-speaker", "--param", f"speaker={name}", f"--{backend}",
                                    str(where), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["name"] for r in rows] == ["Edmundo González"] and "every single vote" in rows[0]["quote"]
    res = CliRunner().invoke(main, ["query", "co-quoted", "--param", f"speaker={name}", f"--{backend}", str(where),
                                    "--format", "jsonl"])
    assert [(r["speakerA"], r["speakerB"]) for r in map(json.loads, res.stdout.splitlines())] == \
        [("Ana Lopes", "Edmundo González")]
