"""Why a status changed (tracker.changes) for the pages: the changes between two stored revisions, each read with
its own figures and plan, cached per database and pair of revisions (revisions never change)."""

from __future__ import annotations

import streamlit as st

from components.view import database_url, get_store
from tracker.changes import StatusChange, explain_snapshots
from tracker.snapshot import Snapshot, store_snapshot
from tracker.store import UnknownPlan


@st.cache_resource(show_spinner=False, max_entries=16)
def status_changes(url: str | None, older: int, newer: int, plan_id: str | None = None) -> tuple[StatusChange, ...]:
    """Every milestone of the plan ``plan_id`` (None: the first) whose status, progress or needed rate differs from
    revision ``older`` to ``newer``."""
    store = get_store(url)
    try:
        return tuple(explain_snapshots(store_snapshot(store, older, plan_id), store_snapshot(store, newer, plan_id)))
    except UnknownPlan:  # the plan was not in the store yet at one of them: nothing to compare
        return ()


@st.cache_resource(show_spinner=False, max_entries=16)
def changes_since(
    url: str | None, older: int, shown: int, plan_id: str | None, _snapshot: Snapshot
) -> dict[tuple[str, str], StatusChange]:
    """The changes from revision ``older`` to the snapshot a page shows (revision ``shown`` of the plan ``plan_id``),
    by (indicator_id, target_period) of its status rows: what a card says moved since."""
    try:
        old = store_snapshot(get_store(url), older, plan_id)
    except UnknownPlan:  # the plan was not in the store yet at ``older``
        return {}
    return {(c.indicator_id, c.target_period): c for c in explain_snapshots(old, _snapshot) if c.new_status is not None}


def since_revision(store, shown: int) -> int | None:
    """The revision a card compares with: the one before the latest revision up to ``shown`` that changed figures
    or the plan (a revision that only wrote notes moves no status); None when that is the first revision."""
    from tracker.notes import note_revisions

    notes = note_revisions(store)
    changed = next((n for n in range(shown, 0, -1) if n not in notes), None)
    return None if changed is None or changed <= 1 else changed - 1


def card_lines(view) -> dict[tuple[str, str], str]:
    """The overview cards' line for each target that moved since the revision before the last one that changed
    figures or the plan ("自第3版以来：需要加速 → 进度正常，原因：新增2025年数据"), by (indicator_id, target_period), in
    the view's language; empty at the first revision and when the database cannot be read."""
    shown = view.snapshot.revision
    if shown is None or shown <= 1 or view.read_only_reason:
        return {}
    url = database_url()
    since = since_revision(get_store(url), shown)
    if since is None:
        return {}
    changes = changes_since(url, since, shown, plan_id_of(view.snapshot), view.snapshot)
    return {key: change.summary(since, view.lang) for key, change in changes.items()}


def plan_id_of(snapshot: Snapshot) -> str | None:
    """The plan a snapshot shows (None before plans had ids: the store's first)."""
    return getattr(snapshot.plan, "plan_id", None)
