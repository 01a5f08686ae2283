"""Upload page: read a CSV/XLSX, list every problem, preview new/changed/unchanged rows, then store a revision.

It runs the same calls as ``python -m tracker import``: tracker.importing.stage_import (check, then preview against
the latest revision, which becomes the commit's base) and tracker.importing.commit_import.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.access import editor_gate, open_server_warning
from components.alerts import alert_after_commit
from components.departments import department_access, department_figures
from components.notes import notes_upload
from components.plan_upload import plan_tab
from components.upload_parts import (  # noqa: F401 - preview_frame and uploader_style are the page's too
    FORMATS,
    MAX_MB,
    change_text,
    new_value_text,
    old_text,
    preview_frame,
    uploaded_text,
    uploader_style,
)
from components.view import View, current, database_url, get_store, page_link
from components.widgets import md_escape, problems_frame
from tracker import clock
from tracker.export import neutralise
from tracker.formatting import fmt_number
from tracker.i18n import Listing, t
from tracker.importing import StagedImport, commit_import, stage_import
from tracker.store import NothingToCommit, StaleRevision, StoreError
from tracker.template import template_csv, template_xlsx
from tracker.upload import PROBLEMS_LISTED, Problem, UploadCheck, UploadError, check_upload

log = logging.getLogger(__name__)
MAX_PROBLEMS_KEPT = 300  # problems a session keeps of a failed check; the CSV download has every one
CHECK_KEY = "_upload_check"
ROUND_KEY = "_upload_round"  # how many uploads this session stored: the uploader's key changes with it
STORED_KEY = "_upload_stored"  # (revision, added, changed) of the upload just stored, said once after the form clears


@dataclass(frozen=True)
class ProblemSummary:
    """A failed check as the session keeps it: the count, one line per kind of problem and the first problems
    only (a bad file of a million rows must not sit in every session's memory as a million Problems)."""

    total: int
    kinds: pd.DataFrame  # column, code, count, first_row, example_zh, example_en
    first: list[Problem]
    listed: int = 0  # the problems the check lists (and its CSV): all of them, or the first PROBLEMS_LISTED
    unchecked_from: int | None = None  # the row the check stopped at
    rows_unchecked: int = 0

    @classmethod
    def of(cls, check: UploadCheck) -> ProblemSummary:
        frame = pd.DataFrame(
            [
                (k.column or "", k.code, k.count, k.first.row, k.first.message_zh, k.first.message_en)
                for k in check.kinds
            ],
            columns=["column", "code", "count", "first_row", "example_zh", "example_en"],
        )
        return cls(
            check.problem_count,
            frame,
            check.problems[:MAX_PROBLEMS_KEPT],
            len(check.problems),
            check.unchecked_from,
            check.rows_unchecked,
        )


@dataclass
class CheckedUpload:
    """One uploaded file, checked once: the revision its preview was computed against (the commit's base, fixed
    when the preview is shown), and either the rows to store with their preview or a summary of its problems."""

    file_id: str
    staged: StagedImport | None  # only for a file without problems: its rows are what "Store" stores
    warnings: list[Problem]
    problems: ProblemSummary | None
    refused: StaleRevision | None = None  # set when "Store" found the figures changed since the preview

    @property
    def check(self) -> UploadCheck | None:
        return None if self.staged is None else self.staged.check

    @property
    def shown(self) -> pd.DataFrame | None:
        """The preview (tracker.preview.preview) of a file without problems."""
        return None if self.staged is None else self.staged.preview


def problems_csv(problems: list[Problem], language: str) -> bytes:
    """Every problem as a CSV (UTF-8 with a byte-order mark, so Excel opens it as such); a cell that quotes the
    file and starts like a formula is neutralised (tracker.export.neutralise)."""
    return problems_frame(problems, language).map(neutralise).to_csv(index=False).encode("utf-8-sig")


def _full_problems_csv(file, store, language: str) -> bytes:
    """Made when the download is clicked: the file is checked again (the session keeps only the first problems)."""
    check = check_upload(file.name, file.getvalue(), store.plan(), clock.today())
    return problems_csv(check.problems, language)


def _check(file, store, language: str) -> CheckedUpload | None:
    """Check the uploaded file once and keep the result in the session; the base revision is the latest when
    first checked, and stays so until the file changes or the user asks to check again."""
    cached = st.session_state.get(CHECK_KEY)
    if isinstance(cached, CheckedUpload) and cached.file_id == file.file_id:
        return cached
    st.session_state.pop(CHECK_KEY, None)  # the previous file's check is dropped before this one is made
    bar = st.progress(0.0, text=t("checking", language))
    try:
        staged = stage_import(
            store,
            file.name,
            file.getvalue(),
            clock.today(),
            progress=lambda f: bar.progress(min(max(f, 0.0), 1.0), text=t("checking", language)),
        )
    except UploadError as err:
        bar.empty()
        # The message may quote the file's own header cells: text, never markdown.
        st.error(t("file_unreadable", language, message=md_escape(getattr(err, f"message_{language}"))))
        return None
    bar.empty()
    check = staged.check
    if check.ok:
        checked = CheckedUpload(file.file_id, staged, check.warnings, None)
    else:  # only a summary is kept: a bad file of a million rows must not sit in the session
        checked = CheckedUpload(file.file_id, None, check.warnings, ProblemSummary.of(check))
    st.session_state[CHECK_KEY] = checked
    return checked


def uploader_key() -> str:
    """The file uploader's key: "upload", then "upload_1", "upload_2" … after each stored upload (a widget with a
    new key starts empty: Streamlit offers no other way to clear a file uploader)."""
    round_ = st.session_state.get(ROUND_KEY, 0)
    return "upload" if not round_ else f"upload_{round_}"


# Streamlit writes its own English in the uploader's drop zone: a button "Upload" (or "Browse files"), the line
# "20MB per file • CSV, TXT, TSV, XLSX" (or "Drag and drop file here" above "Limit 20MB per file • ..."). The line is
# hidden on every page (our caption below the uploader says the limit and the formats in the reader's language); on
# a Chinese page the button says 选择文件 and the drop zone 把文件拖到这里.
def _check_again() -> None:
    st.session_state.pop(CHECK_KEY, None)


def render(view: View) -> None:
    language = view.lang
    st.header(t("page_upload", language))
    if view.read_only_reason:  # the view has said why; nothing can be changed
        st.caption(t("upload_intro", language))
        return
    figures, plan = st.tabs([t("upload_tab_figures", language), t("upload_tab_plan", language)])
    with figures:
        figures_tab(view)
    with plan:  # issue 12 §1: a plan file, checked → preview → commit (components/plan_upload.py)
        plan_tab(view)


def figures_tab(view: View) -> None:
    """The figures tab: a figures file (and a notes file) checked, previewed and stored."""
    if (department := department_access()) is not None and not view.editor:  # issue 14: its own indicators only
        department_figures(view, department)
        return
    language = view.lang
    if view.blank:  # issue 12 §3: no plan yet, so nothing to check figures against
        st.info(t("no_plan_yet_figures", language), icon=":material/post_add:")
        return
    st.caption(t("upload_intro", language))
    snap = view.snapshot
    cols = st.columns(2)
    # Made when clicked, not on every rerun of the page (an XLSX costs tens of milliseconds).
    cols[0].download_button(
        t("template_csv", language),
        lambda: template_csv(snap.plan.indicators, snap.figures, language),
        f"tracker-template-{language}.csv",
        "text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    cols[1].download_button(
        t("template_xlsx", language),
        lambda: template_xlsx(snap.plan.indicators, snap.figures, language),
        f"tracker-template-{language}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
    )
    if not editor_gate(view):
        return
    open_server_warning(language)
    store = get_store(database_url())
    notes_upload(view)  # issue 13: a notes file (its own check and revision)
    stored = st.session_state.pop(STORED_KEY, None)
    if stored is not None:  # the upload just stored: the form is cleared, the overview one click away
        revision, added, changed = stored
        st.success(t("committed", language, rev=revision, added=added, changed=changed))
        page_link("app_pages/overview.py", view.carried, label=t("see_overview", language), icon=":material/dashboard:")
    uploader_style(language)
    file = st.file_uploader(t("choose_file", language), type=FORMATS, key=uploader_key(), max_upload_size=MAX_MB)
    st.caption(t("upload_limits", language, mb=MAX_MB, formats=Listing(tuple(f.upper() for f in FORMATS))))
    if file is None:
        st.session_state.pop(CHECK_KEY, None)
        return
    checked = _check(file, store, language)
    if checked is None:
        return
    for warning in checked.warnings:
        st.warning(md_escape(warning.message(language)), icon=":material/info:")  # may quote the file's headers
    if checked.problems is not None:
        show_problems(checked.problems, file, store, language)
        return
    check, shown = checked.check, checked.shown
    if check.rows.empty:
        st.info(t("no_rows", language))
        return
    counts = checked.staged.counts()  # the numbers the CLI prints
    st.info(t("preview_summary", language, **counts))
    if counts["flagged"]:
        st.warning(t("preview_flagged", language, flagged=counts["flagged"]), icon=":material/rule:")
    names = snap.plan.indicators[f"name_{language}"]
    st.dataframe(preview_frame(shown, names, language), hide_index=True, width="stretch")
    if checked.refused is not None:
        show_refusal(checked, names, language)
        return
    commit_form(store, checked, language)


def show_problems(summary: ProblemSummary, file, store, language: str) -> None:
    """The problems of a failed check: the first ones as a table, one line per kind when there are more, and
    every one as a CSV made when the download is clicked."""
    st.error(t("problems_found", language, n=f"{summary.total:,}"))
    if summary.unchecked_from is not None:
        st.warning(
            t(
                "problems_unchecked",
                language,
                row=summary.unchecked_from,
                limit=f"{PROBLEMS_LISTED:,}",
                n=f"{summary.rows_unchecked:,}",
            ),
            icon=":material/block:",
        )
    st.dataframe(problems_frame(summary.first, language), hide_index=True, width="stretch")
    if summary.total > len(summary.first):
        if summary.total > summary.listed:
            st.caption(
                t(
                    "problems_listed_first",
                    language,
                    kept=f"{len(summary.first):,}",
                    shown=f"{summary.listed:,}",
                    n=f"{summary.total:,}",
                )
            )
        else:
            st.caption(t("problems_shown", language, shown=len(summary.first), n=summary.total))
        kinds = summary.kinds
        st.dataframe(
            pd.DataFrame(
                {
                    t("column", language): kinds["column"],
                    t("problem_count", language): kinds["count"],
                    t("first_row", language): kinds["first_row"].map(lambda r: "" if r is None else str(r)),
                    t("example", language): kinds[f"example_{language}"],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    st.download_button(
        t("problems_download", language)
        if summary.total <= summary.listed
        else t("problems_download_listed", language, shown=f"{summary.listed:,}"),
        lambda: _full_problems_csv(file, store, language),
        "upload-problems.csv",
        "text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def show_refusal(checked: CheckedUpload, names: pd.Series, language: str) -> None:
    """Say which rows someone else changed since the preview, and offer to check the file again."""
    refused = checked.refused
    shown = checked.shown.set_index(["indicator_id", "period"])
    lines = []
    for indicator_id, period, now, revision in refused.keys:
        row = shown.loc[(indicator_id, period)] if (indicator_id, period) in shown.index else None
        # The id and period are the plan's and canonical, the numbers formatted here: only the name is escaped.
        lines.append(
            t(
                "stale_row",
                language,
                indicator=indicator_id,
                period=period,
                name=md_escape(str(names.get(indicator_id, indicator_id))),
                rev=revision,
                old=fmt_number(row["old_value"]) if row is not None else "—",
                now=fmt_number(now),
                mine=fmt_number(row["value"]) if row is not None else "—",
            )
        )
    if refused.conflicts > len(refused.keys):
        lines.append(t("stale_more", language, n=refused.conflicts - len(refused.keys)))
    st.error(
        t("stale_refused", language, base=refused.base_revision, n=refused.conflicts, latest=refused.latest_revision)
        + "\n\n"
        + "\n".join(f"- {line}" for line in lines),
        icon=":material/sync_problem:",
    )
    st.button(
        t("check_again_button", language),
        key="check_again",
        type="primary",
        on_click=_check_again,
        icon=":material/refresh:",
    )


def commit_form(store, checked: CheckedUpload, language: str) -> None:
    """Author and comment, then store the checked rows as one revision against the preview's base revision (or
    refuse, naming the rows, when someone changed them since; or say the database cannot be written)."""
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
        revision = commit_import(
            store, checked.staged, author.strip(), comment.strip(), provenance={"role": "editor", "channel": "page"}
        )
    except NothingToCommit:
        st.info(t("nothing_new", language))
        return
    except StaleRevision as err:
        # A fresh copy: the raised one's traceback would keep the store's frames (and the rows) alive in the session.
        checked.refused = StaleRevision(err.base_revision, err.latest_revision, err.conflicts, err.keys)
        st.rerun()  # the page now shows the refusal in place of this form
    except StoreError as err:  # a read-only or unreachable database: nothing stored, the file and preview kept
        log.warning("upload not stored: %s", err)
        detail = md_escape(str(err))  # an editor is shown the detail (the viewer's notice never is)
        st.error(t("store_failed", language, error=detail), icon=":material/database:")
        return
    info = store.revision(revision)
    alert_after_commit(store, revision)  # issue 13: after the commit, in the background, never failing it
    st.session_state.pop(CHECK_KEY, None)
    # A new uploader key clears the form (the file, the preview, author and comment); the next run says what was
    # stored and links to the overview.
    st.session_state[STORED_KEY] = (revision, info.added, info.changed)
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
    st.rerun()


if __name__ == "__main__":
    # Streamlit runs this file afresh on every rerun; the session keeps a CheckedUpload across reruns, so the page
    # runs from the imported module, whose classes stay the same (isinstance holds on the next rerun).
    from app_pages.upload import render as render_page

    render_page(current())
