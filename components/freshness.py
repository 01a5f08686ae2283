"""When each indicator's next figure is due (tracker.freshness) for the pages, computed once per stored revision and
plan and shared by every session: finding each indicator's latest period reads every figure (seconds for a million
figures), and a revision never changes."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.view import database_url
from tracker import clock
from tracker.freshness import freshness_table, load_calendar


@st.cache_data(show_spinner=False)
def calendar():
    """The release calendar (data/release_calendar.csv), read once per server."""
    return load_calendar()


def freshness_by_indicator(snapshot) -> dict[str, dict]:
    """Each indicator's tracker.freshness row (the next expected figure, its date, overdue), by id, as of today.
    Shared between sessions: read it, never change it."""
    if snapshot.revision is None:  # the shipped files (a few dozen figures) or a snapshot built by hand: not cached
        return _by_indicator(snapshot, clock.today())
    plan_id = getattr(snapshot.plan, "plan_id", None)
    return _stored_freshness(database_url(), snapshot.revision, plan_id, clock.today(), snapshot)


# Keyed on (database, revision, plan, day): the snapshot is the cached one of that revision and plan
# (components.view), so it is not hashed; a new day is a new key (what is overdue changes with it).
@st.cache_resource(show_spinner=False, max_entries=16)
def _stored_freshness(
    url: str | None, revision: int, plan_id: str | None, today: dt.date, _snapshot
) -> dict[str, dict]:
    return _by_indicator(_snapshot, today)


def _by_indicator(snapshot, today: dt.date) -> dict[str, dict]:
    table = freshness_table(snapshot.plan, snapshot.figures, calendar(), today)
    return {row["indicator_id"]: row for row in table.to_dict("records")}
