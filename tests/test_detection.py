"""Detection as a whole, on records built here (no model): incremental detection gives what detection from
scratch gives, after any edit of the corpus; the settings are honoured; the cache is keyed by them."""

from __future__ import annotations

import pickle
import signal
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from kg.analysis.contradictions import Corpus, Detection, detect, detect_corpus
from kg.analysis.incremental import record_digest
from kg.analysis.store import DATABASE, DetectionCache, Store
from kg.analysis.settings import DetectionSettings
from kg.ids import Iris
from kg.model import Article, ArticleResult, Denial, Figure, Quote

SPEAKERS = ["Ada Brook", "Tom Reyes", "Lee Park", "Ben Brandt", "Ruth Okafor"]
OUTLETS = ["Harbour Post", "Valley Times", "Morning Ledger"]
STATEMENTS = [  # invented; pairs that disagree, explanations, evaluations, dates
    "the council approved the harbour contract last week",
    "the council did not approve the harbour contract",
    "at no time did the council approve the harbour contract",
    "the bridge closed because engineers found cracks in the deck",
    "the bridge closed because the repair budget ran out",
    "the new ferry terminal is outdated and poorly planned",
    "the new ferry terminal is world class",
    "the ministers met in Tarvik on May 3 to settle the dispute",
    "the ministers met in Tarvik on May 5",
    "Brandt asked for the meeting with the harbour board",
    "Okafor requested the meeting with the harbour board",
    "the accusations against the harbour board are false",
    "the depot was hit by rockets fired by Valmor militants",
    "they inflated the number of passengers stranded at the port",
]
QUOTED = [  # direct quotes: versions of one remark, and others
    "We will not sign this deal under pressure from anyone",
    "We will never sign this deal under such pressure from anyone",
    "Nobody wins a harbour dispute and everybody pays for one",
    "The numbers on the harbour speak for themselves and they are not good",
]
THINGS = ["passenger|strand", "flight|cancel", "ferry|cancel"]


@st.composite
def article(draw: st.DrawFn, doc: str) -> ArticleResult:
    """An invented article: a few statements by speakers, a quoted remark or two, a count, a denial."""
    text, quotes, figures, denials = "", [], [], []
    for _ in range(draw(st.integers(1, 4))):
        speaker = draw(st.sampled_from(SPEAKERS))
        said = draw(st.sampled_from(STATEMENTS))
        sentence = f"{speaker} said {said}. "
        start = len(text) + len(speaker) + 6
        text += sentence
        quotes.append(Quote(doc, said, start, start + len(said), speaker, speaker, "said", "indirect"))
    for _ in range(draw(st.integers(0, 2))):
        speaker = draw(st.sampled_from(SPEAKERS))
        words = draw(st.sampled_from(QUOTED))
        start = len(text) + 1
        text += f"“{words},” {speaker} told reporters. "
        quotes.append(Quote(doc, words, start, start + len(words), speaker, speaker, "told", "direct"))
    if draw(st.booleans()):
        value = draw(st.sampled_from([4000, 4100, 6500, 900]))
        sentence = f"The port said {value:,} passengers were stranded."
        at = len(text)
        number = at + sentence.index(f"{value:,}")
        figures.append(Figure(doc, sentence, number, number + len(f"{value:,}"), float(value), "count",
                              draw(st.sampled_from(THINGS)), approximate=draw(st.booleans()),
                              sentence_start=at, sentence_end=at + len(sentence)))
        text += sentence + " "
    if quotes and draw(st.booleans()):
        target = quotes[0]
        denier = draw(st.sampled_from(SPEAKERS))
        piece = f"which {denier} denied"
        start = len(text)
        text += piece + ". "
        denials.append(Denial(doc, piece, start, start + len(piece), denier, denier, "denied", target.start,
                              target.end, "person"))
    day = date(2025, 3, 1) + timedelta(days=draw(st.integers(0, 20)))
    return ArticleResult(Article(doc, text, published=day.isoformat(), outlet=draw(st.sampled_from(OUTLETS))),
                         quotes, denials, figures)


@st.composite
def corpus_and_edit(draw: st.DrawFn) -> tuple[list[ArticleResult], list[ArticleResult]]:
    """A corpus and an edit of it: articles kept, dropped, rewritten, or re-dated, articles added, and sometimes
    the articles reordered."""
    before = [draw(article(f"d{i:02d}")) for i in range(draw(st.integers(2, 8)))]
    after = []
    for r in before:
        op = draw(st.sampled_from(["keep", "keep", "drop", "rewrite", "redate"]))
        if op == "keep":
            after.append(r)
        elif op == "rewrite":
            after.append(draw(article(r.article.doc_id)))
        elif op == "redate":
            after.append(replace(r, article=replace(r.article, published="2025-05-30")))
    after += [draw(article(f"n{i:02d}")) for i in range(draw(st.integers(0, 2)))]
    if draw(st.integers(0, 3)) == 0:  # sometimes reordered: the order decides which copy comes first
        after = draw(st.permutations(after))
    return before, after


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(corpus_and_edit(), st.sampled_from([DetectionSettings(), DetectionSettings(max_index_bucket=3)]))
def test_incremental_detection_is_detection_from_scratch(tmp_path, edit, chosen):
    before, after = edit  # a small bucket: blocks that become too big to compare, or no longer are
    root = tmp_path / "cache"
    for f in root.glob("*"):
        f.unlink()
    cache = DetectionCache(root)
    for corpus in (before, after, before):  # from nothing, from what `before` left, and back
        assert detect(corpus, Iris(), settings=chosen, cache=cache) == detect(corpus, Iris(), settings=chosen)


def _disagreeing(days_apart: int) -> list[ArticleResult]:
    """Two articles, `days_apart` days apart, whose speakers disagree."""
    out = []
    for doc, said, speaker, day in (("a", STATEMENTS[0], "Ada Brook", 1), ("b", STATEMENTS[1], "Tom Reyes",
                                                                            1 + days_apart)):
        text = f"{speaker} said {said}."
        start = len(speaker) + 6
        out.append(ArticleResult(Article(doc, text, published=f"2025-03-{day:02d}", outlet=doc.upper()),
                                 [Quote(doc, said, start, start + len(said), speaker, speaker, "said", "indirect")]))
    return out


def test_the_claim_window_is_a_setting():
    apart = _disagreeing(10)
    assert [c.type for c in detect(_disagreeing(2), Iris())] == ["conflicting_claims"]
    assert detect(apart, Iris()) == []  # beyond the default window of a week
    wide = DetectionSettings(claim_window_days=14)
    assert [c.type for c in detect(apart, Iris(), settings=wide)] == ["conflicting_claims"]


def test_the_cache_is_keyed_by_the_settings(tmp_path):
    cache = DetectionCache(tmp_path)
    apart = _disagreeing(10)
    assert detect(apart, Iris(), cache=cache) == []
    assert len(detect(apart, Iris(), settings=DetectionSettings(claim_window_days=14), cache=cache)) == 1
    assert detect(apart, Iris(), cache=cache) == []


def test_the_cache_is_keyed_by_the_base_iri(tmp_path):
    """The facts keep their quotes' nodes: a build under another base IRI does not take them."""
    cache = DetectionCache(tmp_path)
    other = Iris("https://example.org/other/")
    assert detect(_variants(), Iris(), cache=cache) == detect(_variants(), Iris())
    found = detect(_variants(), other, cache=cache)
    assert found == detect(_variants(), other) and found[0].a_node.startswith("https://example.org/other/quote/")


def _variants() -> list[ArticleResult]:
    """Two articles quoting one remark in two wordings."""
    out = []
    for doc, words in (("a", QUOTED[0]), ("b", QUOTED[1])):
        text = f"“{words},” Ada Brook told reporters."
        out.append(ArticleResult(Article(doc, text, published="2025-03-01", outlet=doc.upper()),
                                 [Quote(doc, words, 1, 1 + len(words), "Ada Brook", "Ada Brook", "told", "direct")]))
    return out


def test_an_unreadable_cache_is_started_afresh(tmp_path):
    cache = DetectionCache(tmp_path)
    found = detect(_disagreeing(2), Iris(), cache=cache)
    for f in tmp_path.iterdir():
        f.write_bytes(b"not a database")
    assert detect(_disagreeing(2), Iris(), cache=cache) == found
    assert detect(_disagreeing(10), Iris(), cache=cache) == detect(_disagreeing(10), Iris())


def test_a_state_left_by_another_version_is_made_anew(tmp_path):
    """Another version's tables, of other columns, are not taken for this one's: its state is started afresh."""
    with sqlite3.connect(tmp_path / DATABASE) as db:
        db.execute("CREATE TABLE meta(name TEXT PRIMARY KEY, value BLOB)")
        db.execute("INSERT INTO meta VALUES ('env', ?)", (pickle.dumps("another version"),))
        db.execute("CREATE TABLE statements(id INTEGER PRIMARY KEY, kind TEXT, gkey TEXT, node TEXT)")
        db.execute("CREATE TABLE leftover(x)")
    cache = DetectionCache(tmp_path)
    assert detect(_disagreeing(2), Iris(), cache=cache) == detect(_disagreeing(2), Iris()) != []
    with sqlite3.connect(tmp_path / DATABASE) as db:
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'leftover'").fetchall()


def test_the_cache_key_follows_the_detection_code_only():
    """An edit to the page, the queries or the command line leaves the detection cache valid."""
    from kg.analysis.incremental import CODE, PACKAGE

    parts = {str(f.relative_to(PACKAGE)) for part in CODE for f in
             ((PACKAGE / part).rglob("*.py") if (PACKAGE / part).is_dir() else [PACKAGE / part])}
    assert {"analysis/claims.py", "analysis/conflicts.py", "resources/semantics.py", "attribution/timex.py"} <= parts
    assert not {f for f in parts if f.startswith(("viz/", "query/", "rdf/", "build/", "nlp/")) or f == "cli.py"}


def test_a_detection_that_fails_midway_leaves_the_state_before(tmp_path, monkeypatch):
    """An error after part of the state is written (here, while merging) leaves the state of the detection
    before, which the next detection starts from."""
    cache = DetectionCache(tmp_path)
    detect(_disagreeing(2), Iris(), cache=cache)

    def broken(self, changed):
        raise RuntimeError("killed")

    with monkeypatch.context() as patched:
        patched.setattr(Detection, "merge", broken)
        with pytest.raises(RuntimeError):
            detect(_disagreeing(10), Iris(), cache=cache)
    for corpus in (_disagreeing(10), _disagreeing(2)):
        assert detect(corpus, Iris(), cache=cache) == detect(corpus, Iris())


KILLED = """
import os, signal, sys
sys.path.insert(0, {tests!r})
from kg.analysis import contradictions
from kg.analysis.store import DetectionCache
from kg.ids import Iris
from test_detection import _disagreeing

def killed(self, changed):
    os.kill(os.getpid(), signal.SIGKILL)

contradictions.Detection.merge = killed
contradictions.detect(_disagreeing(10), Iris(), cache=DetectionCache({root!r}))
"""


def test_a_build_killed_while_detecting_leaves_the_state_before(tmp_path):
    """SIGKILL in the middle of writing the state: the next detection gives what detection from scratch gives."""
    cache = DetectionCache(tmp_path / "cache")
    detect(_disagreeing(2), Iris(), cache=cache)
    script = KILLED.format(tests=str(Path(__file__).parent), root=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    for corpus in (_disagreeing(10), _disagreeing(2)):
        assert detect(corpus, Iris(), cache=cache) == detect(corpus, Iris())


def _said(doc: str, said: str, speaker: str, day: int = 1) -> ArticleResult:
    """An article in which `speaker` says `said`."""
    text = f"{speaker} said {said}."
    start = len(speaker) + 6
    return ArticleResult(Article(doc, text, published=f"2025-03-{day:02d}", outlet=doc.upper()),
                         [Quote(doc, said, start, start + len(said), speaker, speaker, "said", "indirect")])


def test_a_rebuild_reads_only_the_articles_it_must(tmp_path):
    """Unchanged articles are not read again (`Corpus.load`), unless a name they use now names another party
    (an acronym spelled out by a new article)."""
    read: list[str] = []

    def built(results: list[ArticleResult]) -> Corpus:
        by_doc = {r.article.doc_id: r for r in results}
        return Corpus(tuple((r.article.doc_id, record_digest(r)) for r in results),
                      lambda doc: read.append(doc) or by_doc[doc])

    cache = DetectionCache(tmp_path)
    corpus = [_said(f"d{i}", STATEMENTS[i % 3], SPEAKERS[i % 5]) for i in range(5)]
    corpus.append(_said("d5", "the JCG did not approve the harbour contract", "Lee Park"))
    edited = corpus[:2] + [_said("d2", STATEMENTS[1], "Tom Reyes")] + corpus[3:]
    spelled = edited + [_said("d6", "the Japan Coast Guard approved the harbour contract", "Ada Brook")]
    for step, must in ((corpus, [f"d{i}" for i in range(6)]), (corpus, []), (edited, ["d2"]),
                       (spelled, ["d5", "d6"])):
        read.clear()
        assert detect_corpus(built(step), Iris(), cache=cache) == detect(step, Iris())
        assert sorted(read) == must


def test_a_state_whose_articles_mostly_changed_is_started_afresh(tmp_path, monkeypatch):
    """When most articles changed (a registry or model change re-keys them all), the state is not diffed: holding
    every article's facts before and after, and every finding, at once would double the memory."""
    resets: list[int] = []
    real = Store.reset
    monkeypatch.setattr(Store, "reset", lambda self: resets.append(1) or real(self))
    cache = DetectionCache(tmp_path)
    corpus = [_said(f"d{i}", STATEMENTS[i % 3], SPEAKERS[i % 5]) for i in range(6)]
    few = corpus[:5] + [_said("d5", STATEMENTS[2], "Tom Reyes")]
    most = [_said(r.article.doc_id, STATEMENTS[(i + 1) % 3], SPEAKERS[i % 5], day=2) for i, r in enumerate(few)]
    for step, afresh in ((corpus, True), (few, False), (most, True)):  # from nothing, one changed, all changed
        expected = detect(step, Iris())
        resets.clear()
        assert detect(step, Iris(), cache=cache) == expected
        assert bool(resets) == afresh
