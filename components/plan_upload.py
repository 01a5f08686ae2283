"""The upload page's plan tab (issue 12 §1): a plan file (XLSX, or a ZIP of CSVs) checked all-or-nothing, its
preview against the plan as stored (rows added / changed / removed with old → new, the statuses that moves, the
figures a dropped indicator keeps), then one revision. The same calls as ``python -m tracker plan import``:
tracker.importing.stage_plan → commit_plan; the template and the current plan as workbooks (tracker.planfile)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.alerts import alert_after_commit
from components.view import View, database_url, get_store
from components.widgets import md_escape
from tracker.i18n import Listing, status_label, t
from tracker.importing import FailedCheck, StagedPlan, change_summary, commit_plan, stage_plan
from tracker.plan import PlanError
from tracker.store import NothingToCommit, StalePlan, StoreError, UnknownPlan

log = logging.getLogger(__name__)
MAX_MB = 20
FORMATS = ["xlsx", "zip"]
CHECK_KEY = "_plan_check"
ROUND_KEY = "_plan_round"  # plans this session stored: the uploader's key changes with each
STORED_KEY = "_plan_stored"  # (revision, plan_id) just stored, said once after the form clears
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def view_plan_id(view: View, store) -> str:
    """The plan the view shows: its ``plan_id`` when the view has one (the plan picker), else the first plan."""
    chosen = getattr(view, "plan_id", None)
    if chosen:
        return str(chosen)
    plan_id = getattr(view.snapshot.plan, "plan_id", None)
    if plan_id:
        return str(plan_id)
    return str(store.plans(view.snapshot.revision)["plan_id"].iloc[0])


@dataclass
class CheckedPlan:
    """One plan file, checked once against the store as of its ``staged.base_revision`` (the commit's base)."""

    key: tuple  # (file_id, plan id given, title given)
    staged: StagedPlan
    refused: StalePlan | None = None  # set when "Store" found the plan changed since the preview


PAGE_WORDS = {"no_plan_id": "plan_tab_no_plan_id", "no_title": "plan_tab_no_title"}


def plan_problems_frame(problems: list, lang: str) -> pd.DataFrame:
    """Every problem of a plan as plain text: sheet, row, column, what is wrong and what to do."""
    rows = []
    for p in problems:
        detail = p.detail(lang) if hasattr(p, "detail") else p.message(lang)
        if getattr(p, "code", None) in PAGE_WORDS:  # the CLI's words (--plan, --title) said as this page's fields
            detail = t(PAGE_WORDS[p.code], lang)
        rows.append(
            {
                t("plan_sheet", lang): p.sheet or "",
                t("row", lang): "" if p.row is None else str(p.row),
                t("column", lang): p.column or "",
                t("problem", lang): detail,
            }
        )
    columns = [t("plan_sheet", lang), t("row", lang), t("column", lang), t("problem", lang)]
    return pd.DataFrame(rows, columns=columns)


def row_names(staged: StagedPlan, store, lang: str) -> dict[tuple[str, str], str]:
    """(part, id) -> the row as readers name it: an indicator's or pillar's name, a target as its indicator's name
    and period ("高新区地区生产总值 · 2030年目标"); the staged plan's rows, then the stored plan's (a removed row)."""
    from tracker.periods import describe

    names = _names(store, staged, lang)
    out: dict[tuple[str, str], str] = {}
    frames = []
    try:
        frames.append(store.plan_tables(staged.base_revision, staged.plan_id))
    except (UnknownPlan, StoreError):
        pass
    frames.append((staged.pillars, staged.indicators, staged.milestones))
    for pillars, indicators, milestones in frames:
        column = f"name_{lang}"
        for frame, part in ((pillars, "pillars"), (indicators, "indicators")):
            if frame is not None and column in frame:
                out.update({(part, i): n for i, n in zip(frame["id"], frame[column], strict=True)})
        if milestones is not None and "milestone_id" in milestones:
            for m in milestones.to_dict("records"):
                target = t("milestone_option", lang, period=describe(str(m["target_period"]), lang))
                out[("milestones", m["milestone_id"])] = f"{names.get(m['indicator_id'], m['indicator_id'])} · {target}"
    return out


def detail_words(part: str, fields: str, detail: str, lang: str) -> str:
    """A changed row's "target_value: 4000 → 4500; quote: … → …" with each column as a plan file's header in
    ``lang`` ("目标值：4000 → 4500")."""
    from components.plan_sync import field_words

    names = [f.strip() for f in str(fields or "").split(",") if f.strip()]
    segments = []
    for segment in str(detail or "").split("; "):
        field = next((f for f in names if segment.startswith(f"{f}: ")), None)
        if field is None:
            segments.append(segment)
        else:
            value = segment[len(field) + 2 :]
            segments.append(t("label_value", lang, label=field_words(part, field, lang), value=value))
    return ("；" if lang == "zh" else "; ").join(segments)


def plan_changes_frame(changes: pd.DataFrame, lang: str, names: dict | None = None) -> pd.DataFrame:
    """The rows a plan adds, changes (old → new of each field) and removes, as readers see them: the part, the row's
    name and id, what happens to it."""
    changes = changes[changes["part"] != "plans"] if len(changes) else changes
    names = names or {}
    # what happens first: on a phone the columns past the first two are scrolled to
    columns = [t("preview_status", lang), t("plan_part", lang), t("plan_row_name", lang), t("plan_row_id", lang)]
    columns.append(t("plan_old_new", lang))
    return pd.DataFrame(
        {
            columns[0]: [t(f"plan_status_{s}", lang) for s in changes["status"]],
            columns[1]: [t(f"plan_part_{p}", lang) for p in changes["part"]],
            columns[2]: [names.get((p, k), "") for p, k in zip(changes["part"], changes["key"], strict=True)],
            columns[3]: list(changes["key"]),
            columns[4]: [
                detail_words(p, f, d, lang) if d else ""
                for p, f, d in zip(
                    changes["part"],
                    changes.get("fields", [""] * len(changes)),
                    changes.get("detail", [""] * len(changes)),
                    strict=True,
                )
            ],
        },
        columns=columns,
    )


def status_changes_frame(status_changes: pd.DataFrame, names: dict, lang: str) -> pd.DataFrame:
    """The targets whose status the plan moves: target (its indicator's name and period), before → after."""

    def label(status) -> str:
        return status_label(status, lang) if isinstance(status, str) and status else t("plan_status_none", lang)

    return pd.DataFrame(
        {
            t("change_col_status", lang): [
                f"{label(a)} → {label(b)}"
                for a, b in zip(status_changes["status_before"], status_changes["status_after"], strict=True)
            ],
            t("plan_target", lang): [names.get(("milestones", m), m) for m in status_changes["milestone_id"]],
        },
        columns=[t("change_col_status", lang), t("plan_target", lang)],
    )


def downloads(view: View, store, lang: str) -> None:
    """The template and the plan the view shows, as workbooks plan import reads (made when clicked)."""
    from tracker.planfile import plan_template, write_plan_workbook

    revision = view.snapshot.revision
    cols = st.columns(2)
    cols[0].download_button(
        t("plan_template_download", lang),
        lambda: plan_template(lang),
        f"plan-template-{lang}.xlsx",
        XLSX_TYPE,
        icon=":material/download:",
        on_click="ignore",
        key="plan_template_download",
    )
    if store is None or revision is None or getattr(view, "blank", False):  # a blank store: no plan to download
        return
    plan_id = view_plan_id(view, store)

    def current_plan() -> bytes:
        pillars, indicators, milestones = store.plan_tables(revision, plan_id)
        return write_plan_workbook(indicators, milestones, pillars, store.plan_about(revision, plan_id), lang=lang)

    cols[1].download_button(
        t("plan_current_download", lang, plan_id=plan_id),
        current_plan,
        f"plan-{plan_id}-rev{revision}-{lang}.xlsx",
        XLSX_TYPE,
        icon=":material/download:",
        on_click="ignore",
        key="plan_current_download",
    )


def uploader_key() -> str:
    round_ = st.session_state.get(ROUND_KEY, 0)
    return "plan_upload" if not round_ else f"plan_upload_{round_}"


def _check_again() -> None:
    st.session_state.pop(CHECK_KEY, None)


def _checked(file, plan_id: str, title: str, store, lang: str) -> CheckedPlan | None:
    key = (file.file_id, plan_id, title)
    cached = st.session_state.get(CHECK_KEY)
    if isinstance(cached, CheckedPlan) and cached.key == key:
        return cached
    st.session_state.pop(CHECK_KEY, None)
    with st.spinner(t("checking", lang)):
        staged = stage_plan(store, file.name, file.getvalue(), plan_id=plan_id or None, title=title or None)
    checked = CheckedPlan(key, staged)
    st.session_state[CHECK_KEY] = checked
    return checked


def plan_tab(view: View) -> None:
    """The plan tab's body: downloads for everyone, the upload for editors."""
    lang = view.lang
    st.caption(t("plan_tab_intro", lang))
    store = None if view.read_only_reason else get_store(database_url())
    downloads(view, store, lang)
    if not view.editor or store is None:
        st.caption(t("plan_tab_editors", lang))
        return
    stored = st.session_state.pop(STORED_KEY, None)
    if stored is not None:
        revision, plan_id = stored
        st.success(t("plan_stored", lang, rev=revision, plan_id=md_escape(plan_id)))
    file = st.file_uploader(t("plan_choose_file", lang), type=FORMATS, key=uploader_key(), max_upload_size=MAX_MB)
    st.caption(t("upload_limits", lang, mb=MAX_MB, formats=Listing(tuple(f.upper() for f in FORMATS))))
    if file is None:
        st.session_state.pop(CHECK_KEY, None)
        return
    cols = st.columns(2)  # shown with a file: the plan it becomes (the about sheet's when empty)
    plan_id = cols[0].text_input(t("plan_id_input", lang), key="plan_id_input", help=t("plan_id_help", lang))
    title = cols[1].text_input(t("plan_title_input", lang), key="plan_title_input", help=t("plan_title_help", lang))
    checked = _checked(file, plan_id.strip(), title.strip(), store, lang)
    staged = checked.staged
    if not staged.ok:
        st.error(t("plan_problems_found", lang, n=len(staged.problems)))
        st.dataframe(plan_problems_frame(staged.problems, lang), hide_index=True, width="stretch", key="plan_problems")
        return
    show_preview(staged, store, lang)
    if checked.refused is not None:
        refused = checked.refused
        st.error(
            t(
                "plan_stale_refused",
                lang,
                plan_id=md_escape(refused.plan_id),
                base=refused.base_revision,
                by=refused.changed_by,
                latest=refused.latest_revision,
            ),
            icon=":material/sync_problem:",
        )
        st.button(t("check_again_button", lang), key="plan_check_again", type="primary", on_click=_check_again)
        return
    commit_form(store, checked, lang)


def _names(store, staged: StagedPlan, lang: str) -> dict:
    """Indicator id -> name in ``lang``: the staged plan's, then the store's."""
    names = {}
    try:
        known = store.upload_plan(staged.base_revision).indicators
        names.update(known[f"name_{lang}"].to_dict())
    except (UnknownPlan, StoreError, KeyError):
        pass
    if staged.indicators is not None and f"name_{lang}" in staged.indicators:
        names.update(dict(zip(staged.indicators["id"], staged.indicators[f"name_{lang}"], strict=True)))
    return names


def show_preview(staged: StagedPlan, store, lang: str) -> None:
    """What storing the plan would change, against the plan as of the base revision."""
    changes = staged.changes if staged.changes is not None else pd.DataFrame(columns=["part", "status"])
    changes = changes[changes["part"] != "plans"]
    title = staged.about.get(f"title_{lang}") or staged.about.get("title_zh") or staged.about.get("title_en") or ""
    key = "plan_preview_new" if staged.is_new else "plan_preview_existing"
    st.info(
        t(
            key,
            lang,
            plan_id=md_escape(staged.plan_id),
            title=md_escape(title),
            rev=staged.base_revision,
            changes=change_summary(changes, lang),
        ),
        icon=":material/preview:",
    )
    for indicator, count in (staged.kept_figures or {}).items():
        st.warning(t("plan_kept_figures", lang, indicator=md_escape(indicator), count=count), icon=":material/info:")
    if staged.not_stored:
        columns = Listing(tuple(t(f"plan_column_{c}", lang) for c in staged.not_stored))
        st.warning(t("plan_not_stored", lang, columns=columns), icon=":material/info:")
    names = row_names(staged, store, lang)
    if len(changes):
        st.dataframe(plan_changes_frame(changes, lang, names), hide_index=True, width="stretch", key="plan_changes")
    status = staged.status_changes
    st.markdown(f"**{md_escape(t('plan_status_title', lang))}**")
    if status is None or status.empty:
        st.caption(t("plan_status_unchanged", lang))
    else:
        st.dataframe(
            status_changes_frame(status, names, lang),
            hide_index=True,
            width="stretch",
            key="plan_status_changes",
        )


def commit_form(store, checked: CheckedPlan, lang: str) -> None:
    """Author and comment, then the plan as one revision against the preview's base (or the refusal)."""
    staged = checked.staged
    with st.form("plan_commit", border=True):
        author = st.text_input(t("author", lang), key="plan_author")
        comment = st.text_input(t("comment", lang), key="plan_comment")
        submitted = st.form_submit_button(t("plan_commit", lang), type="primary")
    if not submitted:
        return
    if not author.strip() or not comment.strip():
        st.error(t("need_comment", lang))
        return
    try:
        revision = commit_plan(
            store, staged, author.strip(), comment.strip(), provenance={"role": "editor", "channel": "page"}
        )
    except NothingToCommit:
        st.info(t("plan_unchanged", lang, plan_id=md_escape(staged.plan_id)))
        return
    except StalePlan as err:
        checked.refused = StalePlan(err.plan_id, err.base_revision, err.latest_revision, err.changed_by)
        st.rerun()
    except (StoreError, FailedCheck, PlanError) as err:
        log.warning("plan not stored: %s", err)
        st.error(t("store_failed", lang, error=md_escape(str(err))), icon=":material/database:")
        return
    alert_after_commit(store, revision)
    st.session_state.pop(CHECK_KEY, None)
    st.session_state[STORED_KEY] = (revision, staged.plan_id)
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
    st.rerun()
