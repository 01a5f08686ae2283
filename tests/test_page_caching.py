"""What a page computes from a stored revision is computed once and shared (components.freshness): a rerun of the
overview with a million figures in the store must not read them all again for each card's next-figure line."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

import components.freshness as freshness
from tracker.freshness import freshness_table, load_calendar
from tracker.snapshot import shipped_snapshot, store_snapshot


@pytest.fixture
def counted(monkeypatch):
    """The number of times components.freshness computed a freshness table."""
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[3])
        return freshness_table(*args, **kwargs)

    monkeypatch.setattr(freshness, "freshness_table", counting)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield calls
    st.cache_data.clear()
    st.cache_resource.clear()


def later_revision(store) -> int:
    return store.commit(pd.DataFrame({"indicator_id": ["gdp"], "period": ["2031"], "value": [9999.0]}), "a", "c", None)


@pytest.mark.parametrize(
    ("second", "computed"),
    [
        ("the same revision again", 1),
        ("a later revision", 2),
        ("the same revision the next day", 2),
        ("the shipped files (not stored) twice", 2),
    ],
)
def test_freshness_is_computed_once_per_revision_plan_and_day(fresh_store, monkeypatch, counted, second, computed):
    monkeypatch.setenv("TRACKER_TODAY", "2026-12-01")
    shipped = second.startswith("the shipped")
    first = shipped_snapshot() if shipped else store_snapshot(fresh_store, 1)
    rows = freshness.freshness_by_indicator(first)
    expected = freshness_table(first.plan, first.figures, load_calendar(), pd.Timestamp("2026-12-01").date())
    assert rows == {row["indicator_id"]: row for row in expected.to_dict("records")}
    if second == "a later revision":
        again = store_snapshot(fresh_store, later_revision(fresh_store))
    elif second == "the same revision the next day":
        monkeypatch.setenv("TRACKER_TODAY", "2026-12-02")
        again = store_snapshot(fresh_store, 1)
    else:
        again = shipped_snapshot() if shipped else store_snapshot(fresh_store, 1)
    freshness.freshness_by_indicator(again)
    assert len(counted) == computed


def test_a_rerun_of_the_overview_computes_no_freshness_again(app, counted):
    at = app("overview")
    at.run()
    assert not at.exception
    at.run()
    assert not at.exception
    assert len(counted) == 1
