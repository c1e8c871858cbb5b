"""The query layer on the seed graph: every canned query with asserted results, parameters bound as
RDF terms, the output formats, errors as one line, and the same rows from rdflib and Oxigraph."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.cli import main
from kg.rdf.graph import union_graph
from kg.errors import KgError
from kg.query.backends import execute, run
from kg.query.sparql import bind_values, canned_queries, paged, parse_params, resolve
from kg.rdf.vocab import KG, SCHEMA

from .conftest import SEEDS

INJECTION = '"} ; DROP ALL ; {'
BESSENT = URIRef("https://w3id.org/quote-kg/id/entity/scott-bessent")
# Every canned query with the parameters it is tested with.
CANNED_RUNS = [
    ("who-said-what", {}),
    ("quotes-by-speaker", {"speaker": "Bessent"}),
    ("quotes-by-outlet", {"outlet": "fox news"}),
    ("timeline", {}),
    ("timeline", {"from": "2025-05-04", "to": "2025-05-06"}),
    ("speakers", {}),
    ("venues", {}),
    ("contradictions", {}),
    ("quote-provenance", {"quote": "good relationship"}),
    ("co-quoted", {}),
    ("co-quoted", {"speaker": "bessent"}),
]


def cell(term) -> str | None:
    """A result cell for comparing backends: the term in N-Triples syntax; GROUP_CONCAT lists
    (joined with ' | ', in no particular order) sorted."""
    if term is None:
        return None
    if isinstance(term, Literal) and " | " in term:
        return " | ".join(sorted(str(term).split(" | ")))
    return term.n3()


def rows(result) -> list[tuple]:
    """SELECT result rows as comparable tuples, in result order."""
    return [tuple(cell(r[v]) for v in result.vars) for r in result]


def records(result) -> list[dict[str, str | None]]:
    """SELECT result rows as dicts of plain strings."""
    return [{str(v): (None if r[v] is None else str(r[v])) for v in result.vars} for r in result]


def canned(ds, name: str, **params: str):
    """Run a canned query on an rdflib dataset."""
    return run(ds, resolve(name)[0], parse_params([f"{k}={v}" for k, v in params.items()]))


@pytest.fixture(scope="module")
def seed_store(seed_build, tmp_path_factory):
    """The seed graph in an Oxigraph store on disk."""
    from kg.query.backends import load_store

    directory = tmp_path_factory.mktemp("seed-store") / "store"
    load_store(directory, seed_build / "graph.trig")
    return directory


@pytest.fixture(scope="module")
def on_rdflib(seed_dataset):
    """`canned` on the seed graph, each query and parameters run once in this module (quote-provenance takes
    seconds with rdflib); the rdflib Result can be read more than once."""
    done = {}

    def get(name: str, **params: str):
        key = (name, tuple(sorted(params.items())))
        if key not in done:
            done[key] = canned(seed_dataset, name, **params)
        return done[key]

    return get


def one_article(ds) -> Dataset:
    """The named graph of one seed article alone, for a query that rdflib takes seconds over the whole seed graph."""
    name = next(g.identifier for g in ds.graphs() if str(g.identifier).endswith("/graph/002-493ed0ad5c2dff7d"))
    out = Dataset(default_union=True)
    out.addN(ds.quads((None, None, None, name)))
    return out


def invoke(*args: str):
    """Run `kg ARGS` in-process; the result has output and exit_code."""
    return CliRunner().invoke(main, list(args))


# -- the canned queries, on the seed graph


def test_list_shows_every_canned_query_with_its_description():
    res = invoke("query", "--list")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    for name in ("who-said-what", "quotes-by-speaker", "quotes-by-outlet", "timeline", "speakers", "venues",
                 "contradictions", "quote-provenance", "co-quoted"):
        line = next(line for line in lines if line.split()[0] == name)
        assert line.endswith(f"  {canned_queries()[name].description}"), line
    assert any(line.startswith("quotes-by-speaker speaker=…") for line in lines)
    assert any(line.startswith("timeline [from=…] [to=…]") for line in lines)


def test_every_canned_query_documents_itself():
    queries = canned_queries()
    assert all(q.description and q.text.lstrip().startswith("#") for q in queries.values())
    assert queries["quotes-by-speaker"].params == {"speaker": True}
    assert queries["quotes-by-outlet"].params == {"outlet": True}
    assert queries["timeline"].params == {"from": False, "to": False}


def test_quotes_by_speaker_finds_bessent_by_alias_and_nobody_else(seed_build, seed_dataset):
    expected = set(seed_dataset.subjects(SCHEMA.creator, BESSENT))
    got = records(canned(seed_dataset, "quotes-by-speaker", speaker="Bessent"))
    rows = [json.loads(line) for line in (seed_build / "quotes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(expected) == sum("Scott Bessent" in (r["speaker"], *r["co_speakers"]) for r in rows)
    assert {r["name"] for r in got} == {"Scott Bessent"}
    assert {URIRef(r["quotation"]) for r in got} == expected
    for alias in ("scott bessent", "TREASURY SECRETARY SCOTT BESSENT"):
        assert records(canned(seed_dataset, "quotes-by-speaker", speaker=alias)) == got
    assert records(canned(seed_dataset, "quotes-by-speaker", speaker="Bess")) == []


def test_quotes_by_speaker_are_in_date_order(seed_dataset):
    dates = [r["date"] for r in records(canned(seed_dataset, "quotes-by-speaker", speaker="Donald Trump"))]
    assert dates and dates == sorted(dates)


def test_quotes_by_outlet_matches_any_case(seed_dataset):
    got = records(canned(seed_dataset, "quotes-by-outlet", outlet="fox news"))
    fox = {a for a in seed_dataset.subjects(SCHEMA.publisher, URIRef("https://w3id.org/quote-kg/id/outlet/fox-news"))}
    quotes = {q for a in fox for q in seed_dataset.subjects(KG.reportedIn, a)
              if (q, RDF.type, SCHEMA.Quotation) in seed_dataset}
    assert got and {r["outletName"] for r in got} == {"Fox News"}
    assert len(got) == len(quotes)
    assert records(canned(seed_dataset, "quotes-by-outlet", outlet="Fortune"))[0]["outletName"] == "Fortune"


def test_timeline_is_in_date_order_and_bounded_by_from_and_to(seed_dataset):
    everything = records(canned(seed_dataset, "timeline"))
    dates = [r["date"] for r in everything]
    graph = union_graph(seed_dataset)
    dated = [(q, a, who) for q in set(graph.subjects(RDF.type, SCHEMA.Quotation)) for a in graph.objects(q, KG.reportedIn)
             for who in graph.objects(q, SCHEMA.creator)
             for _ in (list(graph.objects(q, SCHEMA.dateCreated)) or list(graph.objects(a, SCHEMA.datePublished)))]
    assert len(everything) == len(dated)  # a row per quote, article, speaker and date (said, else published)
    assert dates == sorted(dates)
    assert {r["basis"] for r in everything} == {"said", "published"}
    window = records(canned(seed_dataset, "timeline", **{"from": "2025-05-04", "to": "2025-05-06"}))
    assert window and all("2025-05-04" <= r["date"] <= "2025-05-06" for r in window)
    assert window == [r for r in everything if "2025-05-04" <= r["date"] <= "2025-05-06"]


def test_speakers_count_quotes_and_list_outlets_and_roles(seed_dataset):
    got = {r["speaker"]: r for r in records(canned(seed_dataset, "speakers"))}
    bessent = got["Scott Bessent"]
    assert int(bessent["quotes"]) == len(set(seed_dataset.subjects(SCHEMA.creator, BESSENT)))
    assert set(bessent["outlets"].split(" | ")) == {"Fortune", "Kyodo", "Fox News"}
    assert bessent["roles"] == "United States Secretary of the Treasury"
    counts = [int(r["quotes"]) for r in records(canned(seed_dataset, "speakers"))]
    assert counts == sorted(counts, reverse=True)


def test_venues_name_where_words_were_said(seed_dataset):
    got = records(canned(seed_dataset, "venues"))
    venues = {r["venue"]: r for r in got}
    assert len(venues) == len(set(seed_dataset.subjects(RDF.type, KG.Venue)))
    meet = next(r for name, r in venues.items() if "Meet the Press" in name)
    assert meet["kind"] == "broadcast" and "Donald Trump" in meet["speakers"]


def test_contradictions_show_both_sides(seed_build, seed_dataset):
    got = records(canned(seed_dataset, "contradictions"))
    expected = json.loads((seed_build / "contradictions.json").read_text())
    assert len(got) == len(expected) == len({r["contradiction"] for r in got})
    assert sorted(r["type"] for r in got) == sorted(c["type"].title().replace("_", "") for c in expected)
    assert {r["type"] for r in got} == {"ReportedDenial", "ConflictingClaims", "ConflictingFigures", "QuoteVariant"}
    assert all(r["saidA"] and r["saidB"] and r["inA"] and r["inB"] for r in got)
    denial = next(r for r in got if r["type"] == "ReportedDenial")
    assert denial["byA"] and denial["byB"]


def test_quote_provenance_gives_each_wording_at_its_position(on_rdflib):
    got = records(on_rdflib("quote-provenance", quote="good relationship"))
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    assert got
    for r in got:
        assert texts[r["articleId"]][int(r["start"]):int(r["end"])] == r["wording"]
    variants = [r for r in got if r["variant"] == "yes"]
    assert variants and all(r["wording"] != r["remark"] for r in variants)
    assert all("good relationship" in r["remark"].lower() for r in got)


def test_co_quoted_pairs_speakers_of_the_same_articles(seed_dataset):
    got = records(canned(seed_dataset, "co-quoted"))
    pair = next(r for r in got if {r["speakerA"], r["speakerB"]} == {"Donald Trump", "Scott Bessent"})
    assert int(pair["articles"]) == 4 and len(pair["articleIds"].split(" | ")) == 4
    only = records(canned(seed_dataset, "co-quoted", speaker="Secretary Bessent"))
    assert only and all("Scott Bessent" in (r["speakerA"], r["speakerB"]) for r in only)
    assert len(only) < len(got)


def test_who_said_what_lists_every_quote(seed_dataset):
    got = records(canned(seed_dataset, "who-said-what"))
    quotes = set(seed_dataset.subjects(RDF.type, SCHEMA.Quotation))
    assert len(got) == sum(len(set(seed_dataset.objects(q, SCHEMA.creator))) for q in quotes)  # a row per speaker
    assert [(r["speaker"]) for r in got] == sorted(r["speaker"] for r in got)


# -- parameters are RDF terms


def test_a_parameter_with_sparql_syntax_is_a_literal_and_changes_nothing(seed_dataset):
    before = len(seed_dataset)
    assert records(canned(seed_dataset, "quotes-by-speaker", speaker=INJECTION)) == []
    assert len(seed_dataset) == before
    article = one_article(seed_dataset)
    before = len(article)
    quotes = set(article.subjects(RDF.type, SCHEMA.Quotation))
    assert len(records(canned(article, "quote-provenance"))) == len(quotes) > 0  # a row per quote of the article
    assert records(canned(article, "quote-provenance", quote=INJECTION)) == []
    assert len(article) == before


def test_bind_values_opens_the_where_pattern_with_escaped_terms():
    text = 'CONSTRUCT { ?s <http://e/p> "{" } # a { comment\nWHERE { ?s ?p ?o FILTER(?o = ?v) }'
    bound = bind_values(text, {"v": Literal(INJECTION)})
    assert bound == ('CONSTRUCT { ?s <http://e/p> "{" } # a { comment\nWHERE { VALUES (?v) { ("\\"} ; DROP ALL ; {") } '
                     ' ?s ?p ?o FILTER(?o = ?v) }')
    assert bind_values("SELECT * { ?s ?p ?o }", {}) == "SELECT * { ?s ?p ?o }"
    with pytest.raises(KgError, match="WHERE"):
        bind_values("DESCRIBE <http://e/x>", {"v": Literal("x")})


def test_unknown_and_missing_parameters_are_refused():
    res = invoke("query", "quotes-by-speaker", "--param", "speker=Bessent")
    assert res.exit_code == 1
    assert res.output == "kg: error: query 'quotes-by-speaker' has no parameter 'speker' (it takes: speaker)\n"
    res = invoke("query", "quotes-by-speaker")
    assert (res.exit_code, res.output) == (1, "kg: error: query 'quotes-by-speaker' needs --param speaker=VALUE\n")
    res = invoke("query", "timeline", "--param", "from")
    assert (res.exit_code, res.output) == (1, "kg: error: --param 'from': expected NAME=VALUE\n")


# -- formats


def test_table_is_aligned_and_cuts_long_quotes(seed_build):
    res = invoke("query", "quotes-by-speaker", "--param", "speaker=Bessent", "--graph", str(seed_build / "graph.trig"))
    assert res.exit_code == 0, res.output
    header, rule, *body, count = res.output.splitlines()
    assert header.split()[:3] == ["name", "quote", "kind"] and set(rule) == {"-", " "}
    assert count.endswith("rows)") and any("…" in line for line in body)
    column = header.index("quote")
    assert all(line[column - 2:column] == "  " for line in body)
    assert all(len(line) <= len(rule) for line in body)


def test_csv_tsv_json_follow_the_w3c_results_formats(seed_build):
    graph = str(seed_build / "graph.trig")
    args = ("query", "quotes-by-speaker", "--param", "speaker=Bessent", "--graph", graph, "--format")
    csv = invoke(*args, "csv").output.splitlines()
    assert csv[0] == "name,quote,kind,outlet,date,quotation"
    data = json.loads(invoke(*args, "json").output)
    assert data["head"]["vars"] == ["name", "quote", "kind", "outlet", "date", "quotation"]
    first = data["results"]["bindings"][0]
    assert first["quotation"]["type"] == "uri" and first["name"] == {"type": "literal", "value": "Scott Bessent"}
    assert first["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"
    tsv = invoke(*args, "tsv").output.splitlines()
    assert tsv[0] == "?name\t?quote\t?kind\t?outlet\t?date\t?quotation" and '"Scott Bessent"' in tsv[1]
    lines = invoke(*args, "jsonl").output.splitlines()
    assert len(lines) == len(data["results"]["bindings"]) and json.loads(lines[0])["name"] == "Scott Bessent"


def test_ask_and_construct_work(seed_build):
    graph = str(seed_build / "graph.trig")
    ask = "ASK { ?q schema:creator/schema:name ?n FILTER(?n = ?who) }"
    assert invoke("query", ask, "--param", "who=Scott Bessent", "--graph", graph).output == "true\n"
    assert invoke("query", ask, "--param", "who=Nobody", "--graph", graph).output == "false\n"
    assert json.loads(invoke("query", ask, "--param", "who=Nobody", "--graph", graph, "--format", "json").output) \
        == {"head": {}, "boolean": False}
    construct = "CONSTRUCT { ?e skos:altLabel ?a } WHERE { ?e schema:name ?n ; skos:altLabel ?a FILTER(?n = ?who) }"
    res = invoke("query", construct, "--param", "who=Scott Bessent", "--graph", graph)
    assert res.exit_code == 0 and "@prefix skos:" in res.output
    g = Graph().parse(data=res.output, format="turtle")
    assert (BESSENT, SKOS.altLabel, Literal("Bessent")) in g and set(g.subjects()) == {BESSENT}


# -- errors


def test_a_malformed_query_is_one_line_with_its_position(seed_build):
    res = invoke("query", "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }", "--graph", str(seed_build / "graph.ttl"))
    assert res.exit_code == 1
    assert res.output.count("\n") == 1
    assert res.output.startswith("kg: error: malformed SPARQL query: line 3, column 18: ")


def test_an_unknown_query_name_suggests_the_closest():
    res = invoke("query", "quotes-by-speakr")
    assert (res.exit_code, res.output) == (1, "kg: error: unknown query 'quotes-by-speakr'; did you mean "
                                              "quotes-by-speaker, quotes-by-outlet, speakers? (`kg query --list` "
                                              "shows them all)\n")


def test_exactly_one_backend(seed_build, seed_store):
    with pytest.raises(KgError, match="exactly one"):
        execute("ASK {}", {}, graph=seed_build / "graph.ttl", store=seed_store)


# -- rdflib and Oxigraph give the same rows


@pytest.mark.parametrize(("name", "params"), CANNED_RUNS)
def test_rdflib_oxigraph_in_memory_and_the_store_give_the_same_rows(on_rdflib, seed_build, seed_store, name, params):
    text, _ = resolve(name)
    bindings = parse_params([f"{k}={v}" for k, v in params.items()])
    in_memory = rows(on_rdflib(name, **params))
    assert in_memory, name
    assert rows(execute(text, bindings, store=seed_store)) == in_memory
    for graph in ("graph.trig", "graph.ttl"):  # a graph file on Oxigraph in memory, what `kg query --graph` runs
        assert rows(execute(text, bindings, graph=seed_build / graph)) == in_memory, graph


def test_the_engine_of_a_graph_file_is_chosen_and_only_for_a_graph_file(seed_build, seed_store):
    graph = str(seed_build / "graph.ttl")
    answers = [invoke("query", "speakers", "--graph", graph, "--format", "csv", *engine)
               for engine in ([], ["--engine", "oxigraph"], ["--engine", "rdflib"])]
    assert [a.exit_code for a in answers] == [0, 0, 0] and answers[0].output == answers[1].output
    got = [[tuple(cell(Literal(v)) for v in r.values()) for r in csv.DictReader(io.StringIO(a.output))]
           for a in answers]  # the outlets of a speaker are joined in no particular order
    assert len(got[0]) > 2 and got[0] == got[2]
    res = invoke("query", "speakers", "--store", str(seed_store), "--engine", "rdflib")
    assert (res.exit_code, res.output) == (1, "kg: error: --engine rdflib queries a graph file (--graph); a store or "
                                              "an endpoint answers with its own\n")
    with pytest.raises(KgError, match="unknown engine 'jena'"):
        execute("ASK {}", {}, graph=seed_build / "graph.ttl", engine="jena")


def test_query_store_from_the_cli(seed_store, on_rdflib):
    res = invoke("query", "quotes-by-speaker", "--param", f"speaker={INJECTION}", "--store", str(seed_store))
    assert (res.exit_code, res.output.splitlines()) == (0, ["name  quote  kind  outlet  date  quotation",
                                                            "----  -----  ----  ------  ----  ---------", "(0 rows)"])
    res = invoke("query", "speakers", "--store", str(seed_store), "--format", "csv")
    assert res.exit_code == 0
    got = list(csv.DictReader(io.StringIO(res.output)))
    assert [r["speaker"] for r in got] == [r["speaker"] for r in records(on_rdflib("speakers"))]
    assert got[0]["speaker"] == "Scott Bessent"
    missing = seed_store / "missing"
    res = invoke("query", "speakers", "--store", str(missing))
    assert (res.exit_code, res.output) == (1, f"kg: error: {missing}: no Oxigraph store here; create one with "
                                              f"`kg build --store {missing}`\n")


def test_a_speaker_is_found_by_any_label_without_case_or_accents():
    """kg:nameKey holds each name and alias folded (case, accents, spacing), so the lookup is an exact match,
    and a name typed without its accents still finds the speaker."""
    from kg.ids import name_key

    assert name_key("Edmundo  González") == name_key("edmundo gonzalez") == "edmundo gonzalez"
    g = Graph()
    who, q = URIRef("https://w3id.org/quote-kg/id/entity/e"), URIRef("https://w3id.org/quote-kg/id/quote/q")
    art = URIRef("https://w3id.org/quote-kg/id/article/a")
    for label, prop in (("Edmundo González", SCHEMA.name), ("Candidate González", SKOS.altLabel)):
        g.add((who, prop, Literal(label)))
        g.add((who, KG.nameKey, Literal(name_key(label))))
    g.add((q, RDF.type, SCHEMA.Quotation))
    for p, o in ((SCHEMA.creator, who), (SCHEMA.text, Literal("We won.")), (KG.kind, KG.Direct), (KG.reportedIn, art)):
        g.add((q, p, o))
    for typed in ("edmundo gonzalez", "CANDIDATE GONZÁLEZ", "Edmundo González"):
        found = records(run(g, resolve("quotes-by-speaker")[0], parse_params([f"speaker={typed}"])))
        assert [r["name"] for r in found] == ["Edmundo González"], typed
    assert records(run(g, resolve("quotes-by-speaker")[0], parse_params(["speaker=Gonzalo"]))) == []


def test_parameters_are_bound_in_subqueries_too():
    text = "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?v } } FILTER(BOUND(?x)) }"
    bound = bind_values(text, {"v": Literal("a")})
    assert bound == ('SELECT ?x WHERE { VALUES (?v) { ("a") }  { SELECT ?x WHERE { VALUES (?v) { ("a") }  ?x ?p ?v } }'
                     ' FILTER(BOUND(?x)) }')


def test_a_timeline_window_is_exactly_the_quotes_dated_in_it(seed_dataset):
    """The window query (dates found first) gives the rows of the whole timeline filtered by date."""
    everything = records(canned(seed_dataset, "timeline"))
    for since, until in (("2025-05-04", "2025-05-06"), ("2025-04-01", "2025-05-04"), ("2025-05-07", "2025-05-07")):
        window = records(canned(seed_dataset, "timeline", **{"from": since, "to": until}))
        assert window == [r for r in everything if since <= r["date"] <= until]


def test_limit_and_offset_page_a_listing(seed_build, seed_dataset):
    graph = ("--graph", str(seed_build / "graph.ttl"), "--format", "jsonl")
    full = invoke("query", "who-said-what", *graph).output.splitlines()
    first = invoke("query", "who-said-what", *graph, "--limit", "5").output.splitlines()
    second = invoke("query", "who-said-what", *graph, "--limit", "5", "--offset", "5").output.splitlines()
    assert len(full) == len(records(canned(seed_dataset, "who-said-what")))
    assert first == full[:5] and second == full[5:10]
    res = invoke("query", "ASK { ?s ?p ?o }", "--limit", "1")
    assert (res.exit_code, res.output) == (1, "kg: error: --limit and --offset page a SELECT, CONSTRUCT or DESCRIBE "
                                              "query, not an ASK\n")
    res = invoke("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "--limit", "1")
    assert (res.exit_code, res.output) == (1, "kg: error: this query has its own LIMIT or OFFSET; drop it or "
                                              "--limit/--offset\n")


def test_a_listing_paged_by_default_gives_its_first_page_and_says_so(seed_build, tmp_path):
    """A `# Page: N rows` header (co-quoted's) pages a listing unless --limit or --all; the note goes to stderr."""
    listing = tmp_path / "names.rq"
    listing.write_text("# Names, in order.\n# Page: 3 rows unless --limit or --all.\n"
                       "SELECT ?name WHERE { ?who schema:name ?name } ORDER BY ?name\n", encoding="utf-8")
    graph = ("--graph", str(seed_build / "graph.ttl"), "--format", "jsonl")
    every = CliRunner().invoke(main, ["query", str(listing), *graph, "--all"])
    first = CliRunner().invoke(main, ["query", str(listing), *graph])
    five = CliRunner().invoke(main, ["query", str(listing), *graph, "--limit", "5", "--offset", "1"])
    assert every.exit_code == first.exit_code == five.exit_code == 0 and len(every.stdout.splitlines()) > 6
    assert first.stdout.splitlines() == every.stdout.splitlines()[:3] and every.stderr == five.stderr == ""
    assert first.stderr == f"kg: {listing} gives 3 rows at a time (--limit N --offset M for another page, --all " \
                           "for every row)\n"
    assert five.stdout.splitlines() == every.stdout.splitlines()[1:6]
    both = CliRunner().invoke(main, ["query", str(listing), *graph, "--all", "--limit", "5"])
    assert (both.exit_code, both.stderr) == (1, "kg: error: give --limit or --all, not both\n")
    assert canned_queries()["co-quoted"].page == 100 and canned_queries()["who-said-what"].page is None
    pairs = CliRunner().invoke(main, ["query", "co-quoted", *graph])  # fewer pairs than a page: all, no note
    assert pairs.stderr == "" and pairs.stdout == CliRunner().invoke(main, ["query", "co-quoted", *graph, "--all"]).stdout


def test_no_canned_queries_at_all_is_an_error_not_an_empty_list(tmp_path, monkeypatch):
    """Issue 15, item 3: an installation without its queries says so, with a non-zero exit."""
    import kg.query.sparql

    monkeypatch.setattr(kg.query.sparql, "QUERY_DIRS", (tmp_path / "queries", tmp_path / "kg" / "queries"))
    res = CliRunner().invoke(main, ["query", "--list"])
    assert res.exit_code == 1 and res.stdout == "" and res.stderr.count("\n") == 1
    assert res.stderr.startswith("kg: error: no canned queries found (looked in ")
    res = CliRunner().invoke(main, ["query", "who-said-what"])
    assert res.exit_code == 1 and "no canned queries are installed" in res.stderr


# -- issue 17: queries shaped for an indexed store give the same rows, paged or not


PAGED_LISTINGS = [("who-said-what", {}), ("timeline", {}), ("timeline", {"from": "2025-05-04", "to": "2025-05-07"}),
                  ("co-quoted", {})]


@pytest.mark.parametrize(("name", "params"), PAGED_LISTINGS)
def test_a_page_is_the_rows_of_the_whole_listing_on_both_backends(seed_dataset, seed_store, name, params):
    """A page's key subquery (`# kg:page`) keeps only the first keys, never rows the page needs."""
    text, _ = resolve(name)
    bindings = parse_params([f"{k}={v}" for k, v in params.items()])
    everything = rows(run(seed_dataset, text, bindings))
    assert len(everything) > 12, name
    for limit, offset in ((1, None), (5, None), (5, 5), (7, 3), (10, len(everything) - 4), (3, len(everything) + 2)):
        page = paged(text, limit, offset)
        expected = everything[offset or 0:(offset or 0) + limit]
        assert rows(run(seed_dataset, page, bindings)) == expected, (limit, offset)
        assert rows(execute(page, bindings, store=seed_store)) == expected, (limit, offset)


def test_paged_limits_the_marked_key_subquery_too():
    text = 'SELECT ?k WHERE { { SELECT ?k WHERE { ?s ?p "# kg:page" } ORDER BY ?k  # kg:page\n} } ORDER BY ?k'
    assert paged(text, 5, 10) == ('SELECT ?k WHERE { { SELECT ?k WHERE { ?s ?p "# kg:page" } ORDER BY ?k  LIMIT 15'
                                  '\n} } ORDER BY ?k\nLIMIT 5\nOFFSET 10\n')
    assert paged(text, None, 10).endswith("# kg:page\n} } ORDER BY ?k\nOFFSET 10\n")
    assert paged(text, None, None) == text


def test_speakers_count_quotations_and_their_outlets_exactly(seed_dataset):
    """speakers.rq counts creators minus claims and reads outlets from kg:quotedBy: both equal the long way."""
    graph = union_graph(seed_dataset)
    quotations = set(graph.subjects(RDF.type, SCHEMA.Quotation))
    got = records(canned(seed_dataset, "speakers"))
    assert len(got) > 10
    for r in got:
        who = URIRef(r["entity"])
        said = {q for q in graph.subjects(SCHEMA.creator, who) if q in quotations}
        outlets = {str(name) for q in said for art in graph.objects(q, KG.reportedIn)
                   for pub in graph.objects(art, SCHEMA.publisher) for name in graph.objects(pub, SCHEMA.name)}
        assert int(r["quotes"]) == len(said), r["speaker"]
        assert set((r["outlets"] or "").split(" | ")) - {""} == outlets, r["speaker"]


def test_co_quoted_with_a_speaker_is_the_whole_listing_narrowed(seed_dataset, seed_store):
    """The speaker's subquery starts from that speaker; its rows are the full listing's rows with them."""
    text, _ = resolve("co-quoted")
    everything = records(execute(text, {}, store=seed_store))  # the whole listing (rdflib takes seconds for it)
    assert all(r["speakerA"] <= r["speakerB"] for r in everything)
    name = str(union_graph(seed_dataset).value(BESSENT, SCHEMA.name))
    key = lambda r: (r["speakerA"], r["speakerB"], r["articles"], sorted(r["articleIds"].split(" | ")))  # noqa: E731
    expected = sorted(key(r) for r in everything if name in (r["speakerA"], r["speakerB"]))
    for typed in ("bessent", name.upper()):
        bindings = parse_params([f"speaker={typed}"])
        assert sorted(map(key, records(execute(text, bindings, store=seed_store)))) == expected, typed
    assert rows(run(seed_dataset, text, bindings)) == rows(execute(text, bindings, store=seed_store))


def test_co_quoted_counts_the_articles_that_quote_both_speakers(seed_dataset, seed_store):
    """The pair nodes written per article (kg:coQuotedIn, kg:pairOf) count what pairing each article graph's
    speakers of quotations gives, and every pair once, the name that sorts first as speakerA."""
    expected: dict[tuple[str, str], set[str]] = {}
    for graph in seed_dataset.graphs():
        for article in graph.subjects(RDF.type, SCHEMA.NewsArticle):
            said = {graph.value(who, SCHEMA.name) for q in graph.subjects(KG.reportedIn, article)
                    if (q, RDF.type, SCHEMA.Quotation) in graph for who in graph.objects(q, SCHEMA.creator)}
            for a in said:
                for b in said:
                    if str(a) < str(b):
                        expected.setdefault((str(a), str(b)), set()).add(str(graph.value(article, SCHEMA.identifier)))
    got = records(execute(resolve("co-quoted")[0], {}, store=seed_store))
    assert len(expected) > 12
    assert {(r["speakerA"], r["speakerB"]): set(r["articleIds"].split(" | ")) for r in got} == expected
    assert all(int(r["articles"]) == len(expected[r["speakerA"], r["speakerB"]]) for r in got)
    assert [int(r["articles"]) for r in got] == sorted((int(r["articles"]) for r in got), reverse=True)


def test_a_page_of_one_speakers_pairs_is_the_slice_of_their_listing(seed_dataset, seed_store):
    text, _ = resolve("co-quoted")
    bindings = parse_params(["speaker=Bessent"])
    everything = rows(execute(text, bindings, store=seed_store))
    assert len(everything) > 5 and everything == rows(run(seed_dataset, text, bindings))
    for limit, offset in ((1, None), (3, 2), (4, len(everything) - 2)):
        page = paged(text, limit, offset)
        expected = everything[offset or 0:(offset or 0) + limit]
        assert rows(execute(page, bindings, store=seed_store)) == expected, (limit, offset)
        assert rows(run(seed_dataset, page, bindings)) == expected, (limit, offset)
