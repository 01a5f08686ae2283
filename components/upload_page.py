"""Upload page: read a CSV/XLSX, list every problem, preview new/changed/unchanged rows, then store a revision.

It runs the same calls as ``python -m tracker import``: tracker.upload.check_upload, tracker.upload.preview and
Store.commit.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components.access import editor_gate
from components.state import current_view, database_url, get_store, lang
from components.widgets import md_escape
from tracker.i18n import t
from tracker.template import template_csv, template_xlsx
from tracker.upload import UploadError, check_upload, preview

MAX_MB = 20


def problems_frame(problems, language: str) -> pd.DataFrame:
    """Problems as a table of plain text (row, column, what is wrong): nothing from a file is rendered as markup."""
    return pd.DataFrame(
        [{t("row", language): p.row if p.row is not None else "", t("column", language): p.column or "",
          t("problem", language): p.message(language)} for p in problems],
        columns=[t("row", language), t("column", language), t("problem", language)])


def preview_frame(shown: pd.DataFrame, names: pd.Series, language: str) -> pd.DataFrame:
    """The preview as the user reads it: kind, indicator, period, old → new, change in %, a flag to check."""
    kind = shown["status"].astype(str).map(lambda s: t(f"status_{s}", language))  # plain text, as before
    return pd.DataFrame({
        t("row", language): shown["row"],
        t("preview_status", language): kind,
        t("indicator", language): shown["indicator_id"].map(names).fillna(shown["indicator_id"]),
        t("period", language): shown["period"],
        t("old_value", language): shown["old_value"],
        t("new_value", language): shown["value"],
        t("change_pct", language): shown["change_pct"].round(1),
        # preview gives the reasons as categoricals (each text once): shown as plain text, as before
        t("check_again", language): shown["reason_zh" if language == "zh" else "reason_en"].astype(str).fillna(""),
    })


def _check(file, store, base: int, language: str):
    """Check the uploaded file once per (file, revision) and keep the result in the session."""
    key = (file.file_id, base)
    cached = st.session_state.get("_upload_check")
    if cached and cached[0] == key:
        return cached[1]
    bar = st.progress(0.0, text=t("checking", language))
    plan = store.plan()
    try:
        check = check_upload(file.name, file.getvalue(), plan.indicators, dt.date.today(),
                             progress=lambda f: bar.progress(min(max(f, 0.0), 1.0), text=t("checking", language)))
    except UploadError as err:
        bar.empty()
        st.error(t("file_unreadable", language, message=err.message_zh if language == "zh" else err.message_en))
        return None
    bar.empty()
    shown = preview(check.rows, store.figures(base)) if check.ok else None
    st.session_state["_upload_check"] = (key, (check, shown))
    return check, shown


def render() -> None:
    language = lang()
    st.header(t("page_upload", language))
    st.caption(t("upload_intro", language))
    view = current_view()
    if view.read_only_reason:  # current_view has said why; nothing can be changed
        return
    snap = view.snapshot
    cols = st.columns(2)
    # Made when clicked, not on every rerun of the page (an XLSX costs tens of milliseconds).
    cols[0].download_button(t("template_csv", language), lambda: template_csv(snap.plan.indicators, snap.figures),
                            "tracker-template.csv", "text/csv", icon=":material/download:", on_click="ignore")
    cols[1].download_button(t("template_xlsx", language), lambda: template_xlsx(snap.plan.indicators, snap.figures),
                            "tracker-template.xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            icon=":material/download:", on_click="ignore")
    if not editor_gate(language):
        return
    store = get_store(database_url())
    file = st.file_uploader(t("choose_file", language), type=["csv", "txt", "tsv", "xlsx"], key="upload",
                            max_upload_size=MAX_MB)
    if file is None:
        return
    base = store.latest_revision()
    result = _check(file, store, base, language)
    if result is None:
        return
    check, shown = result
    for warning in check.warnings:
        st.warning(md_escape(warning.message(language)), icon=":material/info:")  # may quote the file's headers
    if not check.ok:
        st.error(t("problems_found", language, n=len(check.problems)))
        st.dataframe(problems_frame(check.problems, language), hide_index=True, width="stretch")
        return
    if check.rows.empty:
        st.info(t("no_rows", language))
        return
    counts = shown["status"].value_counts()
    st.info(t("preview_summary", language, new=int(counts.get("new", 0)), changed=int(counts.get("changed", 0)),
              unchanged=int(counts.get("unchanged", 0)), flagged=int(shown["implausible"].sum())))
    names = snap.plan.indicators["name_zh" if language == "zh" else "name_en"]
    st.dataframe(preview_frame(shown, names, language), hide_index=True, width="stretch")
    commit_form(store, check, base, language)


def commit_form(store, check, base: int, language: str) -> None:
    """Author and comment, then store the checked rows as one revision (or say the data changed meanwhile)."""
    from tracker.store import NothingToCommit, StaleRevision

    with st.form("commit", border=True):
        author = st.text_input(t("author", language), key="author")
        comment = st.text_input(t("comment", language), key="comment")
        submitted = st.form_submit_button(t("commit", language), type="primary")
    if not submitted:
        return
    if not author.strip() or not comment.strip():
        st.error(t("need_comment", language))
        return
    try:
        revision = store.commit(check.rows, author=author.strip(), comment=comment.strip(), base_revision=base)
    except NothingToCommit:
        st.info(t("nothing_new", language))
        return
    except StaleRevision as err:
        st.session_state.pop("_upload_check", None)
        st.warning(t("stale", language, latest=err.latest_revision))
        return
    info = store.revision(revision)
    st.session_state.pop("_upload_check", None)
    st.success(t("committed", language, rev=revision, added=info.added, changed=info.changed))
