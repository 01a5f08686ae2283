"""Edited CSVs in data/ (issue 12 §1), on every page for an editor: when data/*.csv differ from the snapshot last
synced (tracker.plansync.csv_drift), a notice ("data/milestones.csv differs from revision 7: 2 targets changed")
and a button that runs the same check → preview → commit as ``python -m tracker plan sync`` (stage_sync →
commit_sync). Never silently ignored, never silently applied: nothing is stored before the editor stores it."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from components.view import View, database_url, get_store
from components.widgets import md_escape
from tracker.i18n import TEXT, t
from tracker.plansync import FILES, commit_sync, csv_drift, stage_sync
from tracker.store import NothingToCommit, StalePlan, StaleRevision, StoreError

log = logging.getLogger(__name__)
OPEN_KEY = "_plansync_open"  # the editor asked for the preview
NOTICE_KEY = "_plansync_notice"


def sync_dir(store) -> Path:
    """The folder whose CSVs the store was seeded from and syncs with (data/)."""
    return Path(store.data_dir)


def signature(folder: Path) -> tuple:
    """What makes the drift worth computing again: each data/ file's size and modification time."""
    out = []
    for name in FILES:
        path = folder / name
        stat = path.stat() if path.is_file() else None
        out.append((name, stat.st_size if stat else None, stat.st_mtime_ns if stat else None))
    return tuple(out)


@st.cache_data(show_spinner=False, max_entries=8)
def _drift(url: str | None, folder: str, latest: int, files: tuple):
    """csv_drift, once per database, folder, latest revision and state of the files (every rerun of every page
    asks)."""
    return csv_drift(get_store(url), Path(folder))


# A figure's stored columns as the catalogue words them (as app_pages/history.py's comparison does).
FIGURE_WORDS = {"qualifier": "diff_field_qualifier", "flags": "diff_field_flags", "growth": "diff_field_growth"}


def field_words(part: str, fields: str, lang: str) -> str:
    """The columns a row changed ("target_value, quote") as a plan file's headers in ``lang`` (目标值、规划原文)."""
    from tracker.planfile import HEADERS

    names = [f.strip() for f in str(fields or "").split(",") if f.strip()]
    if part == "figures":  # a figure's columns in the history page's words (数值、备注)
        keys = [FIGURE_WORDS.get(base, base) for base in (re.sub(r"_(zh|en)$", "", n) for n in names)]
        return t("list_separator", lang).join(dict.fromkeys(t(k, lang) if k in TEXT else k for k in keys))
    words = []
    for name in names:
        headers = HEADERS.get(part, {}).get(name, ())
        chinese = next((h for h in headers if not h.isascii()), None)
        words.append(chinese if lang == "zh" and chinese else name.replace("_", " "))
    return t("list_separator", lang).join(words)


def row_name(part: str, key: str, names: dict[str, str], lang: str) -> str:
    """A row of data/ as readers name it: an indicator by its name, a figure by its indicator's name and period, a
    target by its indicator's name (its id says the period); "" when unknown."""
    from tracker.periods import describe

    if part == "indicators":
        return names.get(key, "")
    if part == "figures":
        indicator, _, period = key.partition(" ")
        return f"{names.get(indicator, indicator)} · {describe(period, lang)}" if indicator in names else ""
    if part == "milestones":
        indicator = next((i for i in sorted(names, key=len, reverse=True) if key.startswith(f"{i}-")), None)
        return names.get(indicator, "") if indicator else ""
    return ""


def changes_frame(drift, lang: str, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Every row the edit touched: what happens to it, its name, which columns, file, part and id."""
    names = names or {}
    rows = []
    for file in drift.files:
        for change in file.changes.to_dict("records"):
            rows.append(  # what happens and to what first: a phone shows the first columns
                {
                    t("preview_status", lang): t(f"plan_status_{change['status']}", lang),
                    t("plan_row_name", lang): row_name(file.part, change["key"], names, lang),
                    t("fields", lang): field_words(file.part, change["fields"], lang),
                    t("plansync_file", lang): f"data/{file.name}",
                    t("plan_part", lang): t(f"plan_part_{file.part}", lang),
                    t("plan_row_id", lang): change["key"],
                }
            )
    return pd.DataFrame(rows)


def sync_problems(store, staged, lang: str) -> pd.DataFrame:
    """Why the edit of data/ cannot be stored, each problem by file, row and column in ``lang``: the merged tables
    checked as a plan file is (tracker.planfile.plan_from_tables, rows numbered as the CSV's); the plan's own rule
    (tracker.plan.validate_plan, in English) where that check finds nothing."""
    from tracker.planfile import plan_from_tables

    tables = staged.tables
    checked = plan_from_tables(
        tables["indicators"], tables["milestones"], tables["pillars"], figures=store.figures(staged.base_revision)
    )
    columns = [t("plansync_file", lang), t("row", lang), t("column", lang), t("problem", lang)]
    if checked.problems:
        rows = [
            (f"data/{p.sheet}.csv", "" if p.row is None else str(p.row), p.field or p.column or "", p.detail(lang))
            for p in checked.problems
        ]
    else:
        rows = [
            (f"data/{file}", "" if row is None else str(row), column or "", message)
            for file, row, column, message in staged.problems
        ]
    return pd.DataFrame(rows, columns=columns)


def _open() -> None:
    st.session_state[OPEN_KEY] = True


def _close() -> None:
    st.session_state.pop(OPEN_KEY, None)


def plan_sync_notice(view: View) -> None:
    """The notice and, once asked, the preview and the form; nothing for a viewer, a read-only view, or when data/
    equals the last sync. A failure to compare is logged, never shown as a page's error."""
    lang = view.lang
    said = st.session_state.pop(NOTICE_KEY, None)
    if said:
        st.success(said)
    if not view.editor or view.read_only_reason or view.latest_revision is None:
        return
    url = database_url()
    try:
        store = get_store(url)
        folder = sync_dir(store)
        drift = _drift(url, str(folder), store.latest_revision(), signature(folder))
    except (StoreError, OSError, ValueError, KeyError) as err:
        log.warning("data/ not compared with the last sync: %s", err)
        return
    if not drift.differs:
        return
    with st.container(border=True, key="plansync"):
        lines = "\n".join(f"- {md_escape(line)}" for line in drift.message(lang).splitlines())
        st.warning(
            t("plansync_notice", lang, folder=md_escape(drift.folder)) + "\n\n" + lines, icon=":material/difference:"
        )
        if not st.session_state.get(OPEN_KEY):
            st.button(t("plansync_check", lang), key="plansync_check", on_click=_open, icon=":material/preview:")
            return
        _preview_and_commit(store, folder, lang)


def _preview_and_commit(store, folder: Path, lang: str) -> None:
    staged = stage_sync(store, folder)
    st.info(t("plansync_preview", lang, folder=md_escape(staged.drift.folder), rev=staged.base_revision))
    names = store.upload_plan(staged.base_revision).indicators[f"name_{lang}"].to_dict()
    frame = changes_frame(staged.drift, lang, names)
    st.dataframe(frame, hide_index=True, width="stretch", key="plansync_changes")
    for key in staged.figures_kept:
        st.caption(t("plansync_kept", lang, folder=md_escape(staged.drift.folder), key=md_escape(key)))
    if not staged.ok:
        problems = sync_problems(store, staged, lang)
        st.error(t("plansync_problems", lang, folder=md_escape(staged.drift.folder), n=len(problems)))
        st.dataframe(problems, hide_index=True, width="stretch", key="plansync_problems")
        st.button(t("plansync_cancel", lang), key="plansync_cancel", on_click=_close)
        return
    with st.form("plansync_form", border=False):
        cols = st.columns(2)
        author = cols[0].text_input(t("author", lang), key="plansync_author")
        comment = cols[1].text_input(t("comment", lang), key="plansync_comment")
        submitted = st.form_submit_button(t("plansync_commit", lang), type="primary")
    st.button(t("plansync_cancel", lang), key="plansync_cancel", on_click=_close)
    if not submitted:
        return
    if not author.strip() or not comment.strip():
        st.error(t("need_comment", lang))
        return
    try:
        revision = commit_sync(
            store, staged, author.strip(), comment.strip(), provenance={"role": "editor", "channel": "page"}
        )
    except NothingToCommit:
        st.info(t("nothing_new", lang))
        return
    except (StalePlan, StaleRevision) as err:
        st.error(
            t("plansync_stale", lang, by=getattr(err, "changed_by", err.latest_revision), latest=err.latest_revision)
        )
        return
    except (StoreError, ValueError) as err:
        log.warning("sync not stored: %s", err)
        st.error(t("store_failed", lang, error=md_escape(str(err))), icon=":material/database:")
        return
    _close()
    _drift.clear()
    st.session_state[NOTICE_KEY] = t("plansync_stored", lang, folder=md_escape(staged.drift.folder), rev=revision)
    st.rerun()
