"""Property test: the sliding-window pairing of kg.analysis (`window_pairs`) gives exactly the pairs that
comparing every pair (O(n^2)) keeps, on random days, windows and documents."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings, strategies as st

from kg.analysis.context import window_pairs

START = date(2025, 1, 1)
DAYS = st.one_of(st.none(), st.integers(0, 60).map(lambda n: START + timedelta(days=n)))


def brute_force(days: list[date | None], window: int, docs: list[str] | None) -> list[tuple[int, int]]:
    """Every pair i < j whose days are at most `window` apart, or one of them unknown, or (given docs) one doc."""
    return [(i, j) for i in range(len(days)) for j in range(i + 1, len(days))
            if days[i] is None or days[j] is None or abs((days[i] - days[j]).days) <= window
            or (docs is not None and docs[i] == docs[j])]


@settings(max_examples=150, deadline=None)
@given(days=st.lists(DAYS, max_size=40), window=st.integers(0, 20))
def test_window_pairs_are_the_brute_force_pairs(days, window):
    assert window_pairs(days, window) == brute_force(days, window, None)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), days=st.lists(DAYS, max_size=40), window=st.integers(0, 20))
def test_window_pairs_with_docs_add_every_pair_of_one_doc(data, days, window):
    docs = data.draw(st.lists(st.sampled_from("abc"), min_size=len(days), max_size=len(days)))
    assert window_pairs(days, window, docs) == brute_force(days, window, docs)


def test_window_pairs_on_a_small_case():
    days = [START, START + timedelta(days=3), None, START + timedelta(days=10)]
    assert window_pairs(days, 3) == [(0, 1), (0, 2), (1, 2), (2, 3)]
    assert window_pairs(days, 3, ["a", "b", "c", "a"]) == [(0, 1), (0, 2), (0, 3), (1, 2), (2, 3)]
