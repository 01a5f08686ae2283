"""Notes on the pages (issue 13): read for the view's revision (cached: a revision's notes never change), the
timeline and the editor's forms on the indicator page, the notes upload, and whether a pinned view has newer
figures. Every write goes through tracker.notes, the same calls as ``python -m tracker note``."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from components.view import View, database_url, get_store
from components.widgets import md_escape
from tracker import clock, notes
from tracker.i18n import t
from tracker.periods import describe

log = logging.getLogger(__name__)
NOTICE_KEY = "_note_notice"
PAGE = {"role": "editor", "channel": "page"}  # issue 14: who and from where a note from the page is written


@st.cache_data(show_spinner=False, max_entries=64)
def _notes_at(db: str | None, revision: int, lang: str) -> pd.DataFrame:
    return notes.notes_at(get_store(db), revision, lang=lang)


def notes_for(view: View, indicator_id: str | None = None) -> pd.DataFrame:
    """The notes as of the view's revision (one indicator's, when given); empty without a database."""
    from tracker.store import StoreError

    revision = view.snapshot.revision
    if revision is None:
        return pd.DataFrame(columns=[*notes.NOTE_COLUMNS, *notes.PARTS, "note_text"])
    try:
        frame = _notes_at(database_url(), revision, view.lang)
    except StoreError as err:
        log.warning("notes not read: %s", err)
        return pd.DataFrame(columns=[*notes.NOTE_COLUMNS, *notes.PARTS, "note_text"])
    return frame if indicator_id is None else frame[frame["indicator_id"] == indicator_id]


@st.cache_data(show_spinner=False, max_entries=64)
def _figure_revisions_after(db: str | None, revision: int, latest: int) -> int:
    return len([r for r in notes.figure_revisions_after(get_store(db), revision) if r <= latest])


def newer_figures(view: View) -> bool:
    """Whether a revision after the pinned one changed figures or the plan (not only notes)."""
    from tracker.store import StoreError

    if not view.pinned:
        return False
    try:
        return _figure_revisions_after(database_url(), view.snapshot.revision, view.latest_revision) > 0
    except StoreError:
        return True


def note_date(created) -> str:
    """The day a note version was written, in Beijing time."""
    return created.astimezone(clock.zone()).date().isoformat() if hasattr(created, "astimezone") else "—"


def note_markdown(row: dict, lang: str, plan=None) -> str:
    """One note of the timeline as markdown: the period (and milestone), author and date, then the text, every line
    escaped (a note is the editor's text: no link, image or HTML from it is rendered)."""
    head = [f"**{md_escape(describe(row['period'], lang))}**"]
    if row.get("milestone_id"):
        period = notes.milestone_period(plan, row["milestone_id"]) if plan is not None else row["milestone_id"]
        head.append(md_escape(t("note_milestone", lang, period=period)))
    meta = t("note_meta", lang, author=row["author"], date=note_date(row["created_at"]))
    head.append(f":gray[{md_escape(meta)}]")
    body = [md_escape(line) for line in str(row["text"]).splitlines() if line.strip()]
    return "  \n".join([" · ".join(head), *body])


def _store_note(action, lang: str, success_key: str) -> None:
    from tracker.store import StoreError

    try:
        written = action()
    except notes.NoteError as err:
        st.error(md_escape(err.message(lang)))
        return
    except StoreError as err:
        log.warning("note not stored: %s", err)
        st.error(t("store_failed", lang, error=md_escape(str(err))), icon=":material/database:")
        return
    st.session_state[NOTICE_KEY] = t(success_key, lang, rev=written.revision)
    st.rerun()


def _note_fields(prefix: str, lang: str, row: dict | None = None) -> dict:
    row = row or {}
    fields = {"text": st.text_area(t("note_text", lang), value=row.get("text_raw", ""), key=f"{prefix}_text")}
    cols = st.columns(2)
    for i, part in enumerate(notes.PARTS):
        fields[part] = cols[i % 2].text_input(t(f"note_{part}", lang), value=row.get(part, ""), key=f"{prefix}_{part}")
    return fields


def notes_section(view: View, indicator_id: str) -> None:
    """The indicator's notes as a timeline, newest first; an editor at the latest revision may add, edit and
    delete them (each write is a new revision)."""
    lang = view.lang
    st.subheader(t("notes_title", lang))
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.success(notice)
    shown = notes_for(view, indicator_id)
    if shown.empty:
        st.caption(t("notes_none_yet", lang))
    editable = view.editor and not view.pinned and not view.read_only_reason and view.snapshot.revision is not None
    for row in reversed(shown.to_dict("records")):
        st.markdown(note_markdown(row, lang, view.snapshot.plan))
        if editable:
            _edit_controls(view, row)
    if view.editor and view.pinned:
        st.caption(t("note_pinned_read_only", lang, rev=view.snapshot.revision))
    if editable:
        _add_form(view, indicator_id)


def _milestones(view: View, indicator_id: str) -> list[str]:
    """ "" (none) and the indicator's milestone ids."""
    return ["", *dict.fromkeys(notes.milestone_choices(view.snapshot.plan, indicator_id).values())]


def _add_form(view: View, indicator_id: str) -> None:
    lang = view.lang
    with st.expander(t("note_add", lang), icon=":material/edit_note:"):
        with st.form(f"note_add_{indicator_id}", border=False):
            period = st.text_input(t("note_period", lang), key="note_add_period")
            milestone = st.selectbox(
                t("note_milestone_choice", lang),
                _milestones(view, indicator_id),
                format_func=lambda m: (
                    t("note_milestone", lang, period=notes.milestone_period(view.snapshot.plan, m))
                    if m
                    else t("note_no_milestone", lang)
                ),
                key="note_add_milestone",
            )
            fields = _note_fields("note_add", lang)
            author = st.text_input(t("note_author", lang), key="note_add_author")
            submitted = st.form_submit_button(t("note_save", lang), type="primary")
    if submitted:
        store = get_store(database_url())
        parts = {p: fields[p] for p in notes.PARTS}
        _store_note(
            lambda: notes.add_note(
                store,
                indicator_id,
                period,
                fields["text"],
                author,
                milestone,
                parts,
                plan=view.snapshot.plan,
                provenance=PAGE,
            ),
            lang,
            "note_saved",
        )


def _edit_controls(view: View, row: dict) -> None:
    lang, note_id = view.lang, int(row["note_id"])
    with st.popover(t("note_edit", lang), icon=":material/edit:"):
        with st.form(f"note_edit_{note_id}", border=False):
            fields = _note_fields(f"note_edit_{note_id}", lang, {**row, "text_raw": _raw_text(view, note_id)})
            author = st.text_input(t("note_author", lang), key=f"note_edit_{note_id}_author")
            save = st.form_submit_button(t("note_save", lang), type="primary")
            delete = st.form_submit_button(t("note_delete", lang), icon=":material/delete:")
    if save or delete:
        store = get_store(database_url())
        if delete:
            action = lambda: notes.delete_note(store, note_id, author, provenance=PAGE)  # noqa: E731
        else:
            parts = {p: fields[p] for p in notes.PARTS}
            action = lambda: notes.edit_note(  # noqa: E731
                store, note_id, author, fields["text"], parts, plan=view.snapshot.plan, provenance=PAGE
            )
        _store_note(action, lang, "note_deleted" if delete else "note_saved")


def _raw_text(view: View, note_id: int) -> str:
    """The note's own text (without its labelled parts), to edit."""
    frame = notes_for(view)
    row = frame[frame["note_id"] == note_id]
    return "" if row.empty else str(row.iloc[0]["note_text"])


def notes_upload(view: View) -> None:
    """The notes upload: a CSV or XLSX of notes, checked all-or-nothing (every problem listed with its row and
    column), then stored as one revision."""
    from components.widgets import problems_frame
    from tracker.store import StoreError

    lang = view.lang
    with st.expander(t("notes_upload_tab", lang), icon=":material/sticky_note_2:"):
        st.caption(t("notes_upload_help", lang))
        notice = st.session_state.pop(NOTICE_KEY + "_upload", None)
        if notice:
            st.success(notice)
        file = st.file_uploader(t("notes_file", lang), type=["csv", "xlsx"], key="notes_file")
        if file is None:
            return
        store = get_store(database_url())
        try:
            check = notes.check_notes_file(view.snapshot.plan, file.name, file.getvalue())
        except notes.NoteError as err:
            st.error(md_escape(err.message(lang)))
            return
        if not check.ok:
            st.error(t("notes_refused", lang, n=len(check.problems)))
            st.dataframe(problems_frame(check.problems, lang), hide_index=True, width="stretch")
            return
        st.info(t("notes_checked", lang, n=len(check.rows)))
        with st.form("notes_store", border=False):
            author = st.text_input(t("note_author", lang), key="notes_upload_author")
            submitted = st.form_submit_button(t("notes_store", lang, n=len(check.rows)), type="primary")
        if not submitted:
            return
        try:
            written = notes.import_notes(store, check, author, f"notes from {file.name}", provenance=PAGE)
        except (notes.NoteError, StoreError) as err:
            st.error(md_escape(err.message(lang) if isinstance(err, notes.NoteError) else str(err)))
            return
        st.session_state[NOTICE_KEY + "_upload"] = t(
            "notes_stored", lang, n=len(written.note_ids), rev=written.revision
        )
        st.rerun()
