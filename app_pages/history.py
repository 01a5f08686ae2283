"""History page: every revision, the dashboard as of any of them, a comparison of two, and restore."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from components.access import editor_gate
from components.view import View, current, database_url, get_store, page_link
from components.widgets import md_escape
from tracker.i18n import t
from tracker.store import NothingToCommit, StoreError

log = logging.getLogger(__name__)


def revisions_frame(revisions: pd.DataFrame, language: str) -> pd.DataFrame:
    """The revision list as readers see it, newest first."""
    columns = {
        "revision": "revision",
        "created_at": "created_at",
        "author": "author",
        "comment": "comment",
        "added": "added",
        "changed": "changed",
        "removed": "removed",
        "restored_from": "restored_from",
    }
    frame = revisions[list(columns)].copy()
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True).dt.strftime("%Y-%m-%d %H:%M")
    frame["restored_from"] = pd.to_numeric(frame["restored_from"], errors="coerce").astype("Int64")
    return frame.rename(columns={k: t(v, language) for k, v in columns.items()})


def diff_frame(diff: pd.DataFrame, indicators: pd.DataFrame, language: str) -> pd.DataFrame:
    """A comparison as readers see it: indicator name, period, old → new value, what changed."""
    names = indicators[f"name_{language}"]
    return pd.DataFrame(
        {
            t("indicator", language): diff["indicator_id"].map(names).fillna(diff["indicator_id"]),
            t("period", language): diff["period"],
            t("old_value", language): pd.to_numeric(diff["old_value"], errors="coerce"),
            t("new_value", language): pd.to_numeric(diff["new_value"], errors="coerce"),
            t("preview_status", language): diff["status"].map(lambda s: t(f"status_{s}", language)),
            t("fields", language): diff.get("fields", pd.Series("", index=diff.index)).fillna(""),
        }
    )


def render(view: View) -> None:
    language = view.lang
    st.header(t("page_history", language))
    st.caption(t("history_intro", language))
    if view.read_only_reason:  # the view has said why; nothing can be changed
        return
    store = get_store(database_url())
    revisions = store.revisions()
    st.dataframe(revisions_frame(revisions, language), hide_index=True, width="stretch")
    numbers = revisions["revision"].astype(int).tolist()

    chosen = st.selectbox(t("revision", language), numbers, key="history_rev")
    params = {key: value for key, value in view.link_params.items() if key == "lang"}
    if chosen != numbers[0]:
        params["rev"] = str(chosen)
    page_link("app_pages/overview.py", params, label=t("view_revision", language), icon=":material/visibility:")

    st.subheader(t("compare", language))
    cols = st.columns(2)
    older = cols[0].selectbox(t("from_rev", language), numbers, index=min(1, len(numbers) - 1), key="diff_a")
    newer = cols[1].selectbox(t("to_rev", language), numbers, index=0, key="diff_b")
    diff = store.diff(int(older), int(newer))
    if diff.empty:
        st.caption(t("no_difference", language))
    else:
        st.dataframe(diff_frame(diff, store.plan().indicators, language), hide_index=True, width="stretch")

    st.subheader(t("restore", language))
    if not editor_gate(view):
        return
    target = st.selectbox(t("revision", language), numbers[1:] or numbers, key="restore_rev")
    with st.form("restore_form"):
        author = st.text_input(t("author", language), key="restore_author")
        confirmed = st.form_submit_button(t("restore_confirm", language, rev=target))
    if confirmed:
        if not author.strip():
            st.error(t("need_comment", language))
            return
        try:
            new = store.restore(int(target), author=author.strip(), comment=f"restore revision {target}")
        except NothingToCommit:
            st.info(t("nothing_new", language))
            return
        except StoreError as err:  # a read-only or unreachable database: nothing changed
            log.warning("restore not stored: %s", err)
            detail = md_escape(str(err))  # an editor is shown the detail (the viewer's notice never is)
            st.error(t("store_failed", language, error=detail), icon=":material/database:")
            return
        st.success(t("restored", language, new=new, rev=target))


if __name__ == "__main__":
    render(current())
