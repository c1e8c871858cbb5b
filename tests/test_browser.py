"""The interactive page in headless Chromium (Debian's `chromium`, driven by Playwright's Python package): it
loads offline, settles, shows every node and edge of the graph, runs no markup from articles.

Also a script: `python -m tests.test_browser PAGE.html SHOT.png` loads a page and saves a screenshot
(`make screenshot` uses it for docs/graph.png).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.nlp import DEFAULT_MODEL

from .make_test import find_chromium
from .test_viz import page_data

INSTALL_HINT = "install chromium: apt-get install -y chromium (Debian's package; Playwright downloads none)"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS = "<img src=x onerror=alert(1)>"


@dataclass
class PageRun:
    """What one load of a page showed: its counts, timings, and everything suspicious it did."""

    nodes: int
    edges: int
    contradiction_edges: int
    stabilise_ms: int
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    xss_fired: bool = False


def chromium_path() -> str:
    """Debian's Chromium (or KG_CHROMIUM), or a failure that says how to install it."""
    found = find_chromium()
    if not found:
        pytest.fail(INSTALL_HINT, pytrace=False)
    return found


@contextmanager
def chromium() -> Iterator:
    """Headless Chromium driven by Playwright (a `Browser`: each page opens in a context of its own), closed at the
    end; a failure that says how to install it when it is missing."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One Chromium for the browser tests of a module (a launch is seconds; a new context is a fraction of one);
    without Chromium each of them fails at once, before building what it would have loaded."""
    with chromium() as opened:
        yield opened


def load_page(page_file: Path, screenshot: Path | None = None, timeout_ms: int = 60_000,
              viewport: tuple[int, int] = (1600, 1000), probe=None, browser=None) -> PageRun:
    """Open `page_file` in headless Chromium (`browser`, else one launched for this page), wait for the network to
    go idle and the layout to settle, and report what the page holds and did; `probe(page)` may interact with it
    before the screenshot."""
    with ExitStack() as stack:
        opened = browser if browser is not None else stack.enter_context(chromium())
        ctx = opened.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        stack.callback(ctx.close)
        page = ctx.new_page()
        url = page_file.resolve().as_uri()
        seen: dict[str, list[str]] = {"requests": [], "console": [], "dialogs": [], "errors": []}
        page.on("request", lambda r: r.url != url and seen["requests"].append(r.url))
        page.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
        page.on("pageerror", lambda e: seen["errors"].append(str(e)))
        page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
        page.goto(url, wait_until="load", timeout=timeout_ms)
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
        _wait_until_settled(page, timeout_ms)
        if probe is not None:
            probe(page)
        counts = page.evaluate("""() => ({
            nodes: kg.nodes.length, edges: kg.edges.length, ms: kg.stabiliseMs,
            contradictions: kg.edges.get({filter: e => e.kind === 'contradicts'}).length,
            xss: document.querySelectorAll('img').length > 0 || window.__xss === true})""")
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
    return PageRun(counts["nodes"], counts["edges"], counts["contradictions"], counts["ms"], seen["requests"],
                   seen["console"], seen["dialogs"], seen["errors"], counts["xss"])


def _wait_until_settled(page, timeout_ms: int) -> None:
    """Poll until the page says its layout settled (the page's CSP forbids Playwright's eval-based waits)."""
    for _ in range(timeout_ms // 100):
        if page.evaluate("() => Boolean(window.kg && window.kg.stabilised)"):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the page did not settle within {timeout_ms} ms")


def assert_clean(run: PageRun) -> None:
    """No request left the page, nothing was logged as an error, no dialog opened, no injected markup ran."""
    assert run.requests == [], f"the page made requests: {run.requests[:5]}"
    assert run.console_errors == [] and run.page_errors == [], run.console_errors + run.page_errors
    assert run.dialogs == [] and not run.xss_fired, f"markup from an article ran: {run.dialogs}"


def _open_every_card(shown: list[str]):
    """A probe that hovers over and clicks each node the way a reader would, keeping the text of each card."""

    def probe(page) -> None:
        box = page.locator("#graph").bounding_box()
        for node_id in page.evaluate("kg.nodes.getIds()"):
            pos = page.evaluate("id => kg.network.canvasToDOM(kg.network.getPositions([id])[id])", node_id)
            page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
            page.wait_for_timeout(200)
            page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
            shown.append(page.evaluate("document.getElementById('details-body').textContent"))
            shown.append(page.evaluate("(document.querySelector('.vis-tooltip') || {}).textContent || ''"))

    return probe


@pytest.mark.browser
def test_seed_page_in_chromium(browser, seed_build, seed_dataset, tmp_path):
    from kg.rdf.corpus import read_corpus
    from kg.viz.graphs import full_graph
    from rdflib.namespace import RDF
    from kg.rdf.vocab import KG

    g = full_graph(read_corpus(seed_dataset))
    run = load_page(seed_build / "graph.html", tmp_path / "seed.png", browser=browser)
    assert (run.nodes, run.edges) == (g.number_of_nodes(), g.number_of_edges())
    assert run.contradiction_edges == len(set(seed_dataset.subjects(RDF.type, KG.Contradiction))) > 0
    assert_clean(run)
    assert (tmp_path / "seed.png").stat().st_size > 20_000


@pytest.mark.browser
def test_markup_in_a_quote_shows_as_text(browser, nlp, tmp_path):
    from kg.build.pipeline import build

    article = tmp_path / "in" / "010_probe.txt"
    article.parent.mkdir()
    article.write_text(f'Senator Jane Doe spoke on Tuesday.\n\n"The plan {XSS} will fail, and everyone '
                       'knows it," Doe told reporters at the Capitol.\n', encoding="utf-8")
    build([article], tmp_path / "out", nlp, DEFAULT_MODEL)
    page = tmp_path / "out" / "graph.html"
    assert "<img src=x" not in page.read_text(encoding="utf-8")
    shown: list[str] = []
    cards = _open_every_card(shown)

    def probe(page) -> None:
        cards(page)
        page.fill("#q", "the plan")
        shown.append(page.evaluate("document.getElementById('results').textContent"))
        page.fill("#q", "doe")
        wait_drawn(page, lambda: page.press("#q", "Enter"))
        shown.append(page.evaluate("document.getElementById('record-list').textContent"))

    run = load_page(page, probe=probe, browser=browser)
    nodes, edges, _ = page_data(page.read_text(encoding="utf-8"))
    assert (run.nodes, run.edges) == (len(nodes), len(edges))
    assert_clean(run)
    *cards, results, record = shown  # a card and a tooltip per node, then the search results and the record
    assert XSS in results and XSS in record, "the quote with markup was not shown as text in the search and record"
    assert any(XSS in card and XSS in tooltip for card, tooltip in zip(cards[::2], cards[1::2])), \
        "the quote with markup was not shown as text in its card and tooltip"


@pytest.mark.browser
def test_without_contradictions_the_panel_says_so_and_lists_the_most_quoted(browser, seed_dataset, tmp_path):
    from kg.viz.page import render_html
    from kg.viz.select import Selection

    page_file = tmp_path / "none.html"
    page_file.write_text(render_html(seed_dataset, selection=Selection(speakers=("Xi Jinping",))), encoding="utf-8")
    seen: dict = {}

    def probe(page) -> None:
        seen["title"] = page.locator("#panel-title").text_content()
        seen["top"] = page.locator("#top-speakers button").all_text_contents()
        wait_drawn(page, lambda: page.locator("#top-speakers button").first.click())
        seen["record"] = page.locator("#record-title").text_content()

    run = load_page(page_file, probe=probe, browser=browser)
    assert_clean(run)
    assert seen["title"].startswith("No contradictions") and seen["top"][0].startswith("Xi Jinping")
    assert seen["record"].startswith("Xi Jinping")


@pytest.mark.browser
def test_speakers_mode_page_settles(browser, tmp_path):
    from bench.bench_viz import synthetic_page

    page, expected = synthetic_page(tmp_path, quotes=1500, mode="speakers")
    run = load_page(page, browser=browser)
    assert (run.nodes, run.edges) == expected
    _, edges, _ = page_data(page.read_text(encoding="utf-8"))
    assert run.contradiction_edges == sum(e["kind"] == "contradicts" for e in edges) > 0
    assert_clean(run)
    assert run.stabilise_ms < 10_000


# -- the page as a workbench: panel, search, filters, records, shared views


def wait_drawn(page, act, timeout_ms: int = 20_000) -> None:
    """Run `act()` (which changes the view) and poll until the page has drawn the new view."""
    before = page.evaluate("kg.drawn")
    act()
    for _ in range(timeout_ms // 50):
        if page.evaluate("kg.drawn") > before:
            return
        page.wait_for_timeout(50)
    raise AssertionError("the view was not drawn")


def visible(page) -> set[str]:
    """The ids of the nodes the graph shows."""
    return set(page.evaluate("kg.visible()"))


@pytest.fixture(scope="module")
def seed_corpus(seed_dataset):
    """The seed graph as the page reads it."""
    from kg.rdf.corpus import read_corpus

    return read_corpus(seed_dataset)


@pytest.mark.browser
def test_panel_lists_exactly_the_contradictions_and_focuses_one(browser, seed_build, seed_corpus):
    expected = json.loads((seed_build / "contradictions.json").read_text(encoding="utf-8"))
    seen: dict = {}

    def probe(page) -> None:
        seen["all"] = visible(page)
        seen["items"] = page.evaluate("""() => Array.from(document.querySelectorAll('#conflicts > li')).map(li => ({
            type: li.dataset.type, why: li.querySelector('.why').textContent,
            conf: li.querySelector('.conf').textContent}))""")
        buttons = page.locator("#conflicts > li > button")
        for k in range(buttons.count()):  # the first disagreement whose articles have a URL to link to
            wait_drawn(page, lambda: buttons.nth(k).click())
            seen["links"] = page.evaluate("""() => Array.from(document.querySelectorAll('#conflicts .evidence a'))
                .map(a => a.href)""")
            if seen["links"]:
                break
        seen["focused"] = visible(page)
        seen["state"] = page.evaluate("kg.state.conflicts")
        seen["evidence"] = page.evaluate("document.querySelector('#conflicts .evidence').textContent")
        seen["hash"] = page.evaluate("location.hash")
        wait_drawn(page, lambda: page.click("#reset"))
        page.focus("#q")
        for _ in range(40):  # the keyboard alone reaches the panel and opens a disagreement
            page.keyboard.press("Tab")
            if page.evaluate("Boolean(document.activeElement.closest('.conflict'))"):
                break
        wait_drawn(page, lambda: page.keyboard.press("Enter"))
        seen["keyboard"] = page.evaluate("kg.state.conflicts.length")

    run = load_page(seed_build / "graph.html", probe=probe, browser=browser)
    assert_clean(run)
    assert sorted((i["type"], i["why"]) for i in seen["items"]) == \
        sorted((c["type"].replace("_", " "), c["explanation"]) for c in expected)
    confidences = [float(i["conf"].split()[-1]) for i in seen["items"]]
    assert confidences == sorted(confidences, reverse=True)
    conflict = next(c for c in seed_corpus.conflicts if [c.iri] == seen["state"])
    a, b = seed_corpus.statements[conflict.a], seed_corpus.statements[conflict.b]
    must = {a.iri, b.iri, *a.speakers, *b.speakers, *a.articles, *b.articles}
    assert must <= seen["focused"] < seen["all"]
    assert seen["links"] and all(link.startswith("http") for link in seen["links"])
    assert a.text.split()[0] in seen["evidence"] and "c=" in seen["hash"]
    assert seen["keyboard"] == 1


@pytest.mark.browser
def test_search_finds_a_speaker_by_an_alias_typed_without_accents(browser, seed_dataset, seed_corpus, tmp_path):
    from rdflib import Literal, URIRef
    from rdflib.namespace import SKOS

    from kg.viz.page import render_html

    bessent = next(i for i, n in seed_corpus.names.items() if n == "Scott Bessent")
    alias = (URIRef(bessent), SKOS.altLabel, Literal("Secretário Bessènt"))
    seed_dataset.add(alias)
    try:
        page_file = tmp_path / "alias.html"
        page_file.write_text(render_html(seed_dataset), encoding="utf-8")
    finally:
        seed_dataset.remove(alias)
    seen: dict = {}

    def probe(page) -> None:
        page.fill("#q", "secretario bessent")
        seen["first"] = page.locator("#results button").first.text_content()
        wait_drawn(page, lambda: page.press("#q", "Enter"))
        seen["speaker"] = page.evaluate("kg.state.speaker")
        seen["record"] = page.evaluate("""() => Array.from(document.querySelectorAll('#record-list > li'))
            .map(li => li.querySelector('time').textContent)""")
        seen["flags"] = page.locator("#record-list .contradicted").count()
        seen["shown"] = visible(page)
        page.fill("#q", "mofcom")
        seen["ministry"] = page.locator("#results button").first.text_content()

    run = load_page(page_file, probe=probe, browser=browser)
    assert_clean(run)
    own = [st for st in seed_corpus.statements.values() if bessent in st.speakers]
    assert "Scott Bessent" in seen["first"] and seen["speaker"] == bessent
    assert len(seen["record"]) == len(own)
    dated = [d for d in seen["record"] if d != "undated"]
    assert dated == sorted(dated) and seen["record"][:len(dated)] == dated
    assert seen["flags"] > 0 and {st.iri for st in own} <= seen["shown"]
    assert "Ministry of Commerce" in seen["ministry"]


@pytest.mark.browser
def test_filters_change_what_is_shown_and_the_fragment_restores_the_view(browser, seed_build, seed_corpus):
    statements = seed_corpus.statements
    kyodo = next(o for o in {a.outlet for a in seed_corpus.articles.values()} if seed_corpus.names.get(o) == "Kyodo")
    seen: dict = {}

    def shown_statements(page) -> set[str]:
        return visible(page) & set(statements)

    def probe(page) -> None:
        every = shown_statements(page)
        seen["all"] = every
        wait_drawn(page, lambda: page.select_option("#outlet", kyodo))
        seen["outlet"] = shown_statements(page)
        wait_drawn(page, lambda: page.select_option("#kind", "direct"))
        seen["outlet+direct"] = shown_statements(page)
        wait_drawn(page, lambda: page.click("#reset"))
        wait_drawn(page, lambda: page.fill("#from", "2025-05-01"))
        seen["since"] = shown_statements(page)
        wait_drawn(page, lambda: page.click("#reset"))
        wait_drawn(page, lambda: page.check("#only"))
        seen["only"] = shown_statements(page)
        wait_drawn(page, lambda: page.select_option("#kind", "indirect"))
        seen["hash"] = page.evaluate("location.hash")
        seen["view"] = visible(page)
        seen["panel"] = page.locator("#conflicts > li").count()

    run = load_page(seed_build / "graph.html", probe=probe, browser=browser)
    assert_clean(run)
    partners = {s for c in seed_corpus.conflicts for s in (c.a, c.b)} | \
        {x for st in statements.values() for t in st.denies for x in (st.iri, t)}

    def main_ones(ids: set[str], ok) -> set[str]:
        """The statements shown for themselves (not as the other side of a contradiction)."""
        return {i for i in ids if ok(statements[i])}

    in_kyodo = lambda st: any(seed_corpus.articles[a].outlet == kyodo for a in st.articles)  # noqa: E731
    assert seen["outlet"] < seen["all"] and main_ones(seen["outlet"], in_kyodo)
    assert all(in_kyodo(statements[i]) or i in partners for i in seen["outlet"])
    assert seen["outlet+direct"] < seen["outlet"]
    assert all((in_kyodo(statements[i]) and statements[i].quote_kind == "direct") or i in partners
               for i in seen["outlet+direct"])
    assert seen["since"] < seen["all"]
    assert all((statements[i].said and statements[i].said.isoformat() >= "2025-05-01") or i in partners
               for i in seen["since"])
    assert seen["only"] == partners & seen["all"]
    assert "only=1" in seen["hash"] and "k=indirect" in seen["hash"] and 0 < seen["panel"] < len(seed_corpus.conflicts)
    restored: dict = {}

    def reopen(page) -> None:
        page.goto((seed_build / "graph.html").resolve().as_uri() + seen["hash"])
        _wait_until_settled(page, 60_000)
        restored["view"] = visible(page)
        restored["controls"] = page.evaluate("[document.getElementById('kind').value, "
                                             "document.getElementById('only').checked]")
        restored["panel"] = page.locator("#conflicts > li").count()

    run = load_page(seed_build / "graph.html", probe=reopen, browser=browser)
    assert_clean(run)
    assert restored == {"view": seen["view"], "controls": ["indirect", True], "panel": seen["panel"]}


@pytest.mark.browser
def test_big_corpus_opens_on_its_overview_and_draws_on_demand(browser, tmp_path):
    from bench.bench_viz import synthetic_dataset
    from kg.rdf.corpus import read_corpus
    from kg.viz.graphs import full_graph, overview_graph
    from kg.viz.page import OVERVIEW_LIMIT, render_html

    ds = synthetic_dataset(1200)
    corpus = read_corpus(ds)
    full = full_graph(corpus)
    assert full.number_of_nodes() + full.number_of_edges() > OVERVIEW_LIMIT
    page_file = tmp_path / "big.html"
    page_file.write_text(render_html(ds), encoding="utf-8")
    speaker = max(corpus.names, key=lambda s: sum(s in st.speakers for st in corpus.statements.values()))
    seen: dict = {}

    def probe(page) -> None:
        seen["overview"] = visible(page)
        wait_drawn(page, lambda: page.evaluate("id => kg.focusSpeaker(id)", speaker))
        seen["speaker"] = visible(page)
        wait_drawn(page, lambda: page.locator("#conflicts > li > button").first.click())
        seen["conflict"] = visible(page)
        wait_drawn(page, lambda: page.click("#reset"))
        seen["back"] = visible(page)

    run = load_page(page_file, probe=probe, browser=browser)
    assert_clean(run)
    assert seen["overview"] == set(overview_graph(corpus).nodes) == seen["back"]
    own = {i for i, st in corpus.statements.items() if speaker in st.speakers}
    assert own <= seen["speaker"] and not seen["speaker"] & (set(corpus.statements) - own -
                                                             {s for c in corpus.conflicts for s in (c.a, c.b)})
    assert len(seen["conflict"] & set(corpus.statements)) == 2


def _show_a_disagreement(page) -> None:
    """A probe that opens the first disagreement between two people (or the first one) as a reader would."""
    items = page.locator("#conflicts > li")
    people = [i for i, who in enumerate(page.locator("#conflicts > li .side.a .who").all_text_contents())
              if "stated by the article" not in who]
    wait_drawn(page, lambda: items.nth(people[0] if people else 0).locator("button").first.click())


if __name__ == "__main__":
    result = load_page(Path(sys.argv[1]), Path(sys.argv[2]))
    assert_clean(result)
    print(f"{sys.argv[2]}: {result.nodes} nodes, {result.edges} edges, settled in {result.stabilise_ms} ms")
    if len(sys.argv) > 3:  # a second screenshot, of the panel in use
        assert_clean(load_page(Path(sys.argv[1]), Path(sys.argv[3]), probe=_show_a_disagreement))
        print(f"{sys.argv[3]}: a disagreement opened")


@pytest.mark.browser
def test_quoted_words_inside_a_quote_show_as_single_marks(browser, tmp_path):
    """A mixed quote's own quotation marks are nested (‘ ’) inside the marks the page adds, never doubled."""
    from kg.ids import Iris
    from kg.model import Article, ArticleResult, Quote
    from kg.rdf.graph import BuildInfo, build_dataset
    from kg.resources.entities import Countries, Registry
    from kg.viz.page import render_html

    text = 'Mayor Ana Lopes said both sides want "a fair deal" soon. "We will sign," she said.'
    quotes = [Quote("t", words, text.index(words), text.index(words) + len(words), "Ana Lopes", "Ana Lopes", "said",
                    kind) for words, kind in (('both sides want "a fair deal"', "mixed"), ("We will sign,", "direct"))]
    ds, _ = build_dataset([ArticleResult(Article("t", text, "t.txt"), quotes)], Iris(), Registry([]), Countries([]),
                          BuildInfo("0", "model", "fp"))
    page_file = tmp_path / "nested.html"
    page_file.write_text(render_html(ds), encoding="utf-8")
    seen: dict = {}

    def probe(page) -> None:
        page.fill("#q", "ana lopes")
        wait_drawn(page, lambda: page.press("#q", "Enter"))
        seen["record"] = page.evaluate("""() => Array.from(document.querySelectorAll('#record-list .text'))
            .map(el => el.textContent)""")

    assert_clean(load_page(page_file, probe=probe, browser=browser))
    assert sorted(seen["record"]) == ["“Both sides want ‘a fair deal’”", "“We will sign”"]
