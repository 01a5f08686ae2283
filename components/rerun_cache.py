"""What a page draws from one stored revision, built once and shared by every session and rerun (issue 15: a rerun
of the overview ≤ 50 ms). A revision's figures, plans and notes never change, so what a page builds from them is
fixed by the database, the revision, the plan, the language, the day (what is overdue or old changes with it), what
the page's links carry and the page's own choices (its filter, its grouping): that is the key, and nothing that
depends on who the visitor is may be built here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from components.view import View, database_url
from tracker import clock

T = TypeVar("T")


# A resource, not data: the result (HTML text, tuples, a small table) is only read, and st.cache_data would copy it
# out of the cache on every rerun. ``_build`` is not hashed: ``kind`` names what it builds.
@st.cache_resource(show_spinner=False, max_entries=256)
def _built(kind: str, key: tuple, _build: Callable[[], T]) -> T:
    return _build()


def view_key(view: View) -> tuple:
    """What fixes a page's figures and words: database, revision, plan, language, today, the links' parameters."""
    return (
        database_url(),
        view.snapshot.revision,
        view.plan_id,
        view.lang,
        clock.today(),
        tuple(sorted(view.carried.items())),
    )


def once(kind: str, view: View, choices: tuple, build: Callable[[], T]) -> T:
    """``build()`` once per ``kind``, the view's key (view_key) and ``choices`` (the page's own settings: hashable);
    the shipped files and a snapshot built by hand (no revision) are built each time."""
    if view.snapshot.revision is None or view.read_only_reason:
        return build()
    return _built(kind, (*view_key(view), *choices), build)
