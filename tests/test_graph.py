"""The RDF model: standard terms find every quote, SHACL conforms, builds are deterministic, exports round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cli import main
from kg.errors import KgError
from kg.nlp import DEFAULT_MODEL
from kg.rdf.export import serialize
from kg.rdf.formats import FORMATS, NAMES, by_name, of_file
from kg.model import Article, ArticleResult, Contradiction, Quote, Side
from kg.rdf.graph import BuildInfo, GraphWriter, load_dataset, union_graph
from kg.rdf.sinks import DatasetSink, NQuadsLines
from kg.resources.entities import Countries, Registry
from kg.build.pipeline import build
from kg.rdf.validate import validate
from kg.ids import Iris, normalise_text

from .conftest import SEEDS

STANDARD_TERMS_ONLY = """
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?doc ?start ?end ?text ?speaker ?where WHERE {
  ?ann a oa:Annotation ; oa:hasBody ?q ; oa:hasTarget ?t .
  ?q a schema:Quotation ; prov:wasAttributedTo ?who .
  ?who schema:name ?speaker .
  ?t oa:hasSource ?article ; oa:hasSelector ?sel, ?words .
  ?sel oa:start ?start ; oa:end ?end .
  ?words oa:exact ?text .
  ?article a schema:NewsArticle ; schema:identifier ?doc .
  OPTIONAL { ?article schema:publisher/schema:name ?where }
}"""


def test_standard_terms_find_every_quote(seed_build, seed_dataset):
    found: dict[tuple, set] = {}
    outlets: dict[str, str] = {}
    for r in seed_dataset.query(STANDARD_TERMS_ONLY):
        found.setdefault((str(r.doc), int(r.start), int(r.end)), set()).add((str(r.text), str(r.speaker)))
        if r.where is not None:
            outlets[str(r.doc)] = str(r.where)
    quotes = [json.loads(line) for line in (seed_build / "quotes.jsonl").read_text().splitlines()]
    for q in quotes:
        assert (q["quote"], q["speaker"]) in found[(q["doc"], q["start"], q["end"])]
    assert set(found) == {(q["doc"], q["start"], q["end"]) for q in quotes}
    assert outlets["000_fbe84fbdb8034de3"] == "Fortune" and outlets["001_e3227691fdbe46a9"] == "Kyodo"


def test_every_quote_has_its_kind(seed_dataset, seed_build):
    kinds = {(str(r.text), str(r.kind).rsplit("#", 1)[-1]) for r in seed_dataset.query(
        "SELECT ?text ?kind WHERE { ?q a schema:Quotation ; schema:text ?text ; kg:kind ?kind }")}
    for line in (seed_build / "quotes.jsonl").read_text().splitlines():
        q = json.loads(line)
        assert (normalise_text(q["quote"]), q["kind"].capitalize()) in kinds


def test_seed_graph_conforms_to_the_shapes(seed_dataset):
    assert validate(seed_dataset) == []


def test_validate_reports_a_broken_graph(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix schema: <https://schema.org/> . @prefix kg: <https://w3id.org/quote-kg/ns#> .
        <urn:q> a schema:Quotation ; kg:kind kg:Sideways .""")
    res = CliRunner().invoke(main, ["validate", "--graph", str(bad)])
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
                     "Violation: <urn:q> creator: Less than 1 values on <urn:q>->schema:creator",
                     "Violation: <urn:q> kind: Value kg:Sideways not in list ['kg:Direct', 'kg:Mixed', 'kg:Indirect']",
                     "Violation: <urn:q> reportedIn: Less than 1 values on <urn:q>->kg:reportedIn",
                     "Violation: <urn:q> text: Less than 1 values on <urn:q>->schema:text",
                     "Violation: <urn:q> wasAttributedTo: Less than 1 values on <urn:q>->prov:wasAttributedTo"]
    assert res.stderr == "5 violation(s)\n"


def test_two_builds_give_identical_files(nlp, tmp_path):
    files = sorted(SEEDS.glob("*.txt"))[:3]
    build(files, tmp_path / "a", nlp, "m", with_html=False)
    build(files, tmp_path / "b", nlp, "m", with_html=False)
    for name in ("graph.ttl", "graph.trig", "quotes.jsonl", "contradictions.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_base_iri_is_configurable(nlp, tmp_path):
    build(sorted(SEEDS.glob("*.txt"))[:1], tmp_path, nlp, "m", base_iri="https://example.org/news/", with_html=False)
    nodes = {str(s) for s in Graph().parse(tmp_path / "graph.ttl").subjects()}
    assert any(n.startswith("https://example.org/news/quote/") for n in nodes)
    assert not any("w3id.org/quote-kg/id/" in n for n in nodes)


def test_same_words_same_speaker_one_iri():
    iris = Iris()
    assert iris.quote("Maria Lopez", "We are “ready”.") == iris.quote("Maria Lopez", "we are \"ready\"")
    assert iris.quote("Maria Lopez", "We are ready") != iris.quote("Ahmed Karimi", "We are ready")
    assert normalise_text("  hello,  World. ") == "Hello, World"
    assert normalise_text("it is “ready”.") == 'It is "ready"'


@pytest.mark.parametrize("fmt", [f for f in FORMATS if not f.datasets], ids=lambda f: f.name)
def test_export_round_trips(seed_dataset, fmt):
    text = serialize(seed_dataset, fmt.name)
    back = Graph().parse(data=text, format=fmt.rdflib)
    assert isomorphic(back, union_graph(seed_dataset))


@pytest.mark.parametrize("fmt", [f.name for f in FORMATS if f.datasets])
def test_named_graph_exports_round_trip(seed_dataset, fmt):
    back = Dataset()
    back.parse(data=serialize(seed_dataset, fmt), format=fmt)
    original = {str(g.identifier): len(g) for g in seed_dataset.graphs() if len(g)}
    again = {str(g.identifier): len(g) for g in back.graphs() if len(g)}
    assert original == again


def test_cli_export_writes_a_file(seed_build, seed_dataset, tmp_path):
    out = tmp_path / "g.jsonld"
    res = CliRunner().invoke(main, ["export", "--format", "json-ld", "--graph", str(seed_build / "graph.trig"),
                                    "--out", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert data["@context"]["schema"] == "https://schema.org/"
    assert len(load_dataset(out)) == len(seed_dataset)  # every triple


SHARED = "Our harbour is a gift of nature"


def test_a_quote_shared_by_two_articles_has_one_text_and_each_article_its_own_evidence(nlp, tmp_path):
    """Issue 15, item 5: the same words by the same speaker, printed with different punctuation in two
    articles, are one quotation node with one text; confidence, rule and the printed words are per article."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(f'"{SHARED}," Mayor Ana Lopes said on Monday at the council meeting.\n')
    (docs / "b.txt").write_text(f'Mayor Ana Lopes told reporters: "{SHARED.lower()}." The council met later.\n')
    build([docs], tmp_path / "out", nlp, DEFAULT_MODEL, with_html=False)
    ds = load_dataset(tmp_path / "out" / "graph.trig")
    rows = list(ds.query("""SELECT ?q ?text ?printed ?conf ?rule WHERE {
        ?q a schema:Quotation ; schema:text ?text .
        ?ev oa:hasBody ?q ; kg:confidence ?conf ; kg:rule ?rule ; oa:hasTarget/oa:hasSelector/oa:exact ?printed }"""))
    assert {str(r.q) for r in rows} == {str(Iris().quote("Ana Lopes", SHARED))}
    assert {str(r.text) for r in rows} == {SHARED}
    assert {str(r.printed) for r in rows} == {f"{SHARED},", f"{SHARED.lower()}."}
    assert len({(r.conf, r.rule) for r in rows}) == 2 and len({str(r.rule) for r in rows}) == 2
    assert validate(ds) == []
    res = CliRunner().invoke(main, ["validate", "--graph", str(tmp_path / "out" / "graph.ttl")])
    assert (res.exit_code, res.output) == (0, f"{tmp_path / 'out' / 'graph.ttl'}: conforms to the kg shapes\n")


def test_validate_refuses_confidence_on_a_shared_quotation(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix schema: <https://schema.org/> . @prefix kg: <https://w3id.org/quote-kg/ns#> .
    <http://x/a> a schema:NewsArticle ; schema:identifier "a" .
    <http://x/p> a schema:Person ; schema:name "P" .
    <http://x/q> a schema:Quotation ; schema:text "Words" ; schema:creator <http://x/p> ;
        <http://www.w3.org/ns/prov#wasAttributedTo> <http://x/p> ; kg:kind kg:Direct ; kg:reportedIn <http://x/a> ;
        kg:confidence 0.9, 0.8 .""")
    violations = validate(load_dataset(bad))
    assert [v.path for v in violations] == ["confidence"] and "evidence" in violations[0].message


def test_validate_lists_allowed_literals_in_the_shapes_order(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix schema: <https://schema.org/> . @prefix kg: <https://w3id.org/quote-kg/ns#> .
    <http://x/v> a kg:Venue ; schema:name "The pier" ; kg:venueKind "moon" .""")
    assert [v.message for v in validate(load_dataset(bad))] == [
        """Value "moon" not in list ['"broadcast"', '"legislative"', '"event"', '"place"', '"social"']"""]


# -- the writer's sinks (issue 16, item 4): invented records, no model

INVENTED = 'Dockside, Tuesday.\n"We will open the \\new\\ pier," Ana Lopes said on Monday.\n'


def invented_result() -> ArticleResult:
    """One invented article with a quote whose words hold backslashes and quote marks (escaping matters)."""
    start = INVENTED.index('"') + 1
    end = INVENTED.index(',"')
    article = Article("inv_a", INVENTED, path="inv_a.txt", outlet="Quay Courier", published="2026-02-03")
    quote = Quote("inv_a", INVENTED[start:end], start, end, "Ana Lopes", "Ana Lopes", "said", "direct",
                  date="2026-02-02", confidence=0.9, rule="test")
    return ArticleResult(article, [quote])


def write_into(sink, build: BuildInfo | None) -> GraphWriter:
    """A writer over `sink` that has written the invented article (and, with a build, the build's graph)."""
    writer = GraphWriter(sink, Iris(), Registry.load(), Countries.load(), build)
    writer.add_article(invented_result())
    if build is not None:
        writer.add_build()
    return writer


def test_the_n_quads_and_dataset_sinks_receive_the_same_quads():
    lines, ds = NQuadsLines(), Dataset()
    for sink in (lines, DatasetSink(ds)):
        write_into(sink, BuildInfo("0", "m", "sinks"))
    back = Dataset()
    back.parse(data=lines.text(), format="nquads")
    assert set(back.quads()) == set(ds.quads()) and len(set(ds.quads())) > 40
    text = lines.text().splitlines()
    assert text == sorted(text, key=lambda line: (line.rsplit(" ", 2)[-2], line))  # by graph name, then line


def test_contradiction_sides_are_written_as_rdflib_writes_each_line():
    """The N-Quads sink writes its lines itself (terms cached, an annotation's triples added at once): each line
    is the one rdflib's own N-Quads serializer writes, graph by graph in order, evidence in several articles."""
    places = (("inv_a", 4), ("inv_b", 40), ("inv_b", 7))
    sides = [Side(doc, start, start + 9, "ports \\ \"shut\"") for doc, start in places]
    claim, quote = str(Iris().claim("inv_a", 4, 13)), lambda i: str(Iris().quote("Ana Lopes", f"w{i}"))  # noqa: E731
    found = [Contradiction(kind, sides[0], sides[i], "they disagree", 0.5, claim, quote(i), (sides[0], sides[2]),
                           (sides[i],)) for kind, i in (("conflicting_claims", 1), ("quote_variant", 2))]
    lines, ds = NQuadsLines(), Dataset()
    for sink in (lines, DatasetSink(ds)):
        GraphWriter(sink, Iris(), Registry.load(), Countries.load(), None).add_contradictions(found)
    text = lines.text().splitlines()
    assert sorted(set(ds.serialize(format="nquads").splitlines()) - {""}) == sorted(text)
    assert text == sorted(text, key=lambda line: (line.rsplit(" ", 2)[-2], line))
    assert len({line.rsplit(" ", 2)[-2] for line in text}) == 2
    offset = '"40"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> '
    assert any(line.endswith(f'{offset}{line.rsplit(" ", 2)[-2]} .') for line in text)


def test_a_writer_without_a_build_writes_no_build_link():
    unlinked, linked = NQuadsLines(), NQuadsLines()
    write_into(unlinked, None)
    write_into(linked, BuildInfo("0", "m", "sinks"))
    gid = str(Iris().article_graph("inv_a"))
    link = f"<{gid}> <http://www.w3.org/ns/prov#wasGeneratedBy> <{Iris().build('sinks')}> <{gid}> .\n"
    in_article = lambda sink: {line for line in sink.text().splitlines(keepends=True)  # noqa: E731
                               if line.endswith(f"<{gid}> .\n")}
    assert in_article(linked) - in_article(unlinked) == {link}
    assert in_article(unlinked) < in_article(linked)
    with pytest.raises(ValueError):
        GraphWriter(NQuadsLines(), Iris(), Registry.load(), Countries.load(), None).add_build()


def test_a_dataset_counts_the_articles_of_each_co_quoted_pair_as_its_article_graphs_name_them():
    """`kg extract` writes the counts with the articles: each pair's kg:articleCount is the number of articles
    whose graph names the pair (kg:coQuotedIn), and `co_quoted_pairs` reads the same pairs from N-Quads."""
    from dataclasses import replace

    from kg.rdf.graph import build_dataset
    from kg.rdf.nquads import article_nquads, co_quoted_pairs
    from kg.rdf.vocab import KG

    one = invented_result()
    results = [replace(one, quotes=[replace(q, co_speakers=co) for q in one.quotes])
               for co in (("Tomas Reyes",), ("Tomas Reyes", "Ida Marsh"))]
    results[1] = replace(results[1], article=replace(one.article, doc_id="inv_b", path="inv_b.txt"))
    ds, _ = build_dataset(results, Iris(), Registry.load(), Countries.load(), BuildInfo("0", "m", "pairs"))
    counts = {str(pair): int(n) for pair, _, n, _ in ds.quads((None, KG.articleCount, None, None))}
    named = [co_quoted_pairs(article_nquads(r, Iris(), Registry.load(), Countries.load())) for r in results]
    assert [len(pairs) for pairs in named] == [1, 3]
    assert counts == {pair: sum(pair in pairs for pairs in named) for pairs in named for pair in pairs}
    assert sorted(counts.values()) == [1, 1, 2]
    assert {str(pair) for pair, _, _, _ in ds.quads((None, KG.coQuotedIn, None, None))} == set(counts)


# -- the one table of formats (issue 16, item 4)

def test_the_format_table_agrees_with_oxigraph_and_the_command_line():
    import pyoxigraph as ox

    from kg.rdf.load import ox_format

    for fmt in FORMATS:
        native = getattr(ox.RdfFormat, fmt.oxigraph)
        assert (native.media_type, f".{native.file_extension}") == (fmt.media_type, fmt.extensions[0]), fmt.name
        assert ox_format(Path(f"g{fmt.extensions[-1].upper()}")) == native
        assert not fmt.datasets or native.supports_datasets
        assert all(by_name(n.upper()) is fmt for n in (fmt.name, *fmt.aliases))
    export = main.commands["export"]
    assert tuple(next(p for p in export.params if p.name == "fmt").type.choices) == NAMES


def test_an_unknown_format_is_one_clear_error(tmp_path):
    with pytest.raises(KgError, match=r"unknown graph format '\.csv' \(use one of .*\.trig"):
        of_file(tmp_path / "g.csv")
    with pytest.raises(KgError, match="unknown RDF format 'yaml'; use one of turtle, trig"):
        by_name("yaml")
