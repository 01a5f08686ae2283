"""The indicator page's target form (issue 12 §1): an editor changes one milestone's target, period, bound or quote.
The plan's tables with that one row changed are checked as a plan file is (tracker.planfile.plan_from_tables: the
same words read, 5000家以上 or 2030年) and stored through the one write path of plans (tracker.importing
.stage_plan_tables → commit_plan): a revision like any other, which a pinned link does not see."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from components.plan_upload import view_plan_id
from components.view import View, database_url, get_store
from components.widgets import md_escape
from tracker.i18n import t
from tracker.importing import FailedCheck, change_summary, commit_plan, stage_plan_tables
from tracker.periods import describe
from tracker.plan import BOUNDS, PlanError
from tracker.store import NothingToCommit, StalePlan, StoreError

log = logging.getLogger(__name__)
NOTICE_KEY = "_milestone_notice"
BASE_KEY = "_milestone_base"  # the revision whose plan the form was drawn from: the commit's base
FIELDS = ("target_value", "target_multiple", "target_period", "bound", "quote")


def edited_tables(milestones: pd.DataFrame, milestone_id: str, values: dict[str, str]) -> tuple[pd.DataFrame, int]:
    """The plan's milestones with the row ``milestone_id`` given ``values`` (text), and that row's position."""
    edited = milestones.reset_index(drop=True).copy()
    at = int(edited.index[edited["milestone_id"] == milestone_id][0])
    for column, value in values.items():
        edited.loc[at, column] = value
    return edited, at


def check_edit(store, plan_id: str, base: int, milestone_id: str, values: dict[str, str]):
    """(staged plan or None, problems): the edit checked as a plan file is, then staged against ``base``."""
    from tracker.planfile import plan_from_tables

    pillars, indicators, milestones = store.plan_tables(base, plan_id)
    edited, _ = edited_tables(milestones, milestone_id, values)
    catalogue = store.upload_plan(base)
    figures = store.figures(base)
    checked = plan_from_tables(
        indicators,
        edited,
        pillars,
        known_indicators=catalogue.indicators.reset_index(drop=True),
        known_pillars=catalogue.pillars.reset_index(drop=True),
        figures=figures,
    )
    if checked.problems:
        return None, list(checked.problems)
    staged = stage_plan_tables(
        store,
        plan_id,
        {},
        checked.pillars.reset_index(drop=True),
        checked.indicators.reset_index(drop=True),
        checked.milestones.reset_index(drop=True),
        filename="milestones",
        base_revision=base,
    )
    return (staged, []) if staged.ok else (None, list(staged.problems))


LABELS = {
    "target_value": "milestone_edit_value",
    "target_multiple": "milestone_edit_multiple",
    "target_period": "milestone_edit_period",
    "bound": "milestone_edit_bound",
    "quote": "milestone_edit_quote",
}


def problem_text(problem, lang: str) -> str:
    """A problem of the edit named by the form's field ("目标年份：…"); one elsewhere in the plan as the check says it
    (its table, row and column)."""
    field = getattr(problem, "field", None)
    if field in LABELS and hasattr(problem, "detail"):
        return t("label_value", lang, label=t(LABELS[field], lang), value=problem.detail(lang))
    return problem.message(lang)


def _bound_label(bound: str, lang: str) -> str:
    return t(f"milestone_bound_{bound}", lang) if bound in BOUNDS else bound


def milestone_editor(view: View, indicator_id: str) -> None:
    """The form, for an editor at the latest revision: one of the indicator's milestones, its fields as stored."""
    lang = view.lang
    if not view.editor or view.read_only_reason or view.snapshot.revision is None:
        return
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.success(notice)
    if view.pinned:
        st.caption(t("milestone_edit_pinned", lang, rev=view.snapshot.revision))
        return
    store = get_store(database_url())
    latest = store.latest_revision()
    plan_id = view_plan_id(view, store)
    _, _, milestones = store.plan_tables(latest, plan_id)
    own = milestones[milestones["indicator_id"] == indicator_id]
    if own.empty:
        return
    rows = {r["milestone_id"]: r for r in own.to_dict("records")}
    base = st.session_state.get(BASE_KEY, latest)
    with st.expander(t("milestone_edit_title", lang), icon=":material/edit:"):
        st.caption(t("milestone_edit_intro", lang))
        ids = list(rows)
        default = next((i for i, r in rows.items() if r["target_period"] == view.milestone), ids[0])
        chosen = st.selectbox(
            t("milestone_edit_choose", lang),
            ids,
            index=ids.index(default),
            format_func=lambda m: t("milestone_option", lang, period=describe(rows[m]["target_period"], lang)),
            key="milestone_edit_choice",
        )
        row = rows[chosen]
        values = _form(chosen, row, lang)
    if values is None:
        st.session_state[BASE_KEY] = latest
        return
    _store(store, plan_id, base, chosen, row, values, lang)
    st.session_state[BASE_KEY] = store.latest_revision()


def _form(milestone_id: str, row: dict, lang: str) -> dict | None:
    """The fields, keyed per milestone (another milestone starts from its own values); the values when stored."""
    prefix = f"milestone_edit_{milestone_id}"
    with st.form(prefix, border=False):
        cols = st.columns(3)
        value = cols[0].text_input(t("milestone_edit_value", lang), value=row["target_value"], key=f"{prefix}_value")
        multiple = cols[1].text_input(
            t("milestone_edit_multiple", lang), value=row["target_multiple"], key=f"{prefix}_multiple"
        )
        period = cols[2].text_input(
            t("milestone_edit_period", lang), value=row["target_period"], key=f"{prefix}_period"
        )
        bounds = list(BOUNDS) + ([row["bound"]] if row["bound"] not in BOUNDS else [])
        bound = st.selectbox(
            t("milestone_edit_bound", lang),
            bounds,
            index=bounds.index(row["bound"]),
            format_func=lambda b: _bound_label(b, lang),
            key=f"{prefix}_bound",
        )
        quote = st.text_area(t("milestone_edit_quote", lang), value=row["quote"], key=f"{prefix}_quote")
        cols = st.columns(2)
        author = cols[0].text_input(t("author", lang), key=f"{prefix}_author")
        comment = cols[1].text_input(t("comment", lang), key=f"{prefix}_comment")
        submitted = st.form_submit_button(t("milestone_edit_save", lang), type="primary")
    if not submitted:
        return None
    return {
        "target_value": value.strip(),
        "target_multiple": multiple.strip(),
        "target_period": period.strip(),
        "bound": bound,
        "quote": quote.strip(),
        "_author": author.strip(),
        "_comment": comment.strip(),
    }


def _store(store, plan_id: str, base: int, milestone_id: str, row: dict, values: dict, lang: str) -> None:
    author, comment = values.pop("_author"), values.pop("_comment")
    if not author or not comment:
        st.error(t("need_comment", lang))
        return
    if all(str(row[c]) == values[c] for c in FIELDS):
        st.info(t("milestone_edit_unchanged", lang))
        return
    try:
        staged, problems = check_edit(store, plan_id, base, milestone_id, values)
        if problems:
            lines = [md_escape(problem_text(p, lang)) for p in problems]
            st.error(
                t("milestone_edit_problems", lang, n=len(problems)) + "\n\n" + "\n".join(f"- {line}" for line in lines)
            )
            return
        revision = commit_plan(store, staged, author, comment, provenance={"role": "editor", "channel": "page"})
    except NothingToCommit:
        st.info(t("milestone_edit_unchanged", lang))
        return
    except StalePlan as err:
        st.error(t("milestone_edit_stale", lang, by=err.changed_by, latest=err.latest_revision))
        return
    except (StoreError, FailedCheck, PlanError) as err:
        log.warning("target edit not stored: %s", err)
        st.error(t("store_failed", lang, error=md_escape(str(err))), icon=":material/database:")
        return
    changes = staged.changes if staged.changes is not None else pd.DataFrame(columns=["part", "status"])
    st.session_state[NOTICE_KEY] = t(
        "milestone_edit_stored", lang, rev=revision, changes=change_summary(changes[changes["part"] != "plans"], lang)
    )
    st.rerun()
