"""Coverage page: which indicators have figures for which years, how many targets can be assessed, what is missing
and who is expected to supply it (the list a statistician works down), and when each indicator's next figure is due."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.departments import coverage_by_department
from components.freshness import calendar
from components.view import View, current
from components.widgets import md_escape
from tracker import clock
from tracker.formatting import figure_source, period_as_written
from tracker.freshness import (
    GRACE_DAYS,
    assessable,
    coverage_cells,
    coverage_grid,
    freshness_table,
    state_text,
)
from tracker.i18n import STATUS, t

# The indicator's name stays in view and leaves room for the other columns on a phone (a long name wraps off).
NAME_COLUMN = st.column_config.TextColumn(width=170, pinned=True)


_calendar = calendar  # the release calendar, read once per server (components.freshness)


def _supplier(row: dict, names: dict[str, str], lang: str) -> str:
    """Who is expected to supply the figure: the issuer the calendar names, a derived indicator's inputs, or
    "未指定" / "not specified"."""
    if row["derived"]:
        text = t("coverage_computed_from", lang, names=tuple(names[i] for i in row["inputs"]))
        if row["waiting_for"]:
            text += t("coverage_waiting", lang, names=tuple(names[i] for i in row["waiting_for"]))
        return text
    return row[f"issuer_{lang}"] or t("coverage_unspecified", lang)


def _targets(view: View, indicator_id: str) -> str:
    """The targets an indicator's figures feed, with their status word; "背景指标" for a context indicator."""
    lang = view.lang
    rows = [r for r in view.snapshot.status_by_indicator.get(indicator_id, []) if isinstance(r["target_period"], str)]
    if not rows:
        return t("coverage_context", lang)
    return t("verdict_sep", lang).join(
        t("coverage_target_of", lang, period=r["target_period"], status=STATUS[r["status"]][lang]) for r in rows
    )


def _height(frame: pd.DataFrame) -> int:
    """Tall enough for every row (a header and 35 px a row): the lists are short and are read whole."""
    return 38 + 35 * len(frame)


def _priority(view: View, indicator_id: str) -> int:
    """0: a target of the indicator is not assessed; 1: its targets are assessed; 2: a context indicator."""
    rows = [r for r in view.snapshot.status_by_indicator.get(indicator_id, []) if isinstance(r["target_period"], str)]
    if not rows:
        return 2
    return 0 if any(r["status"] == "not_assessed" for r in rows) else 1


def render(view: View) -> None:
    lang, snap = view.lang, view.snapshot
    today = clock.today()
    calendar = _calendar()
    fresh = freshness_table(snap.plan, snap.figures, calendar, today)
    records = fresh.to_dict("records")
    names = {i: snap.plan.name(i, lang) for i in snap.plan.indicators.index}
    measures = snap.plan.indicators["measure"].to_dict()

    st.header(t("page_coverage", lang))
    st.caption(t("coverage_intro", lang, date=today.isoformat()))
    counts = assessable(snap.status)
    with_figures = int(fresh["latest_period"].notna().sum())
    overdue = int(fresh["overdue"].sum())
    left, middle, right, last = st.columns(4)
    left.metric(t("coverage_assessable", lang), f"{counts['assessed']} / {counts['targets']}")
    middle.metric(t("coverage_not_assessed", lang), counts["not_assessed"])
    right.metric(t("coverage_with_figures", lang), f"{with_figures} / {len(fresh)}")
    last.metric(t("coverage_overdue", lang), overdue)

    st.subheader(t("coverage_grid_title", lang))
    st.caption(t("coverage_legend", lang))
    grid = coverage_grid(snap.plan, coverage_cells(snap.plan, snap.figures, fresh, today), lang)
    # Newest year first: on a phone the recent years sit next to the names, the old ones scroll off to the right.
    st.dataframe(grid[grid.columns[::-1]], width="stretch", height=_height(grid), column_config={"_index": NAME_COLUMN})

    # The worklist: indicators whose targets cannot be assessed first, then other targets, then context indicators;
    # the longest overdue first within each.
    st.subheader(t("coverage_missing_title", lang))
    st.caption(t("coverage_missing_caption", lang))
    due = sorted(
        (r for r in records if r["days_past_due"] > 0),
        key=lambda r: (_priority(view, r["indicator_id"]), -r["days_past_due"]),
    )
    if not due:
        st.success(t("coverage_nothing_missing", lang))
    else:
        latest = snap.latest_figures
        worklist = pd.DataFrame(
            [
                {
                    t("fresh_col_name", lang): names[r["indicator_id"]],
                    t("coverage_col_missing", lang): period_as_written(
                        r["next_expected_period"], measures[r["indicator_id"]], lang
                    ),
                    t("fresh_col_date", lang): r["next_expected_date"].isoformat(),
                    t("fresh_col_state", lang): state_text(r, lang),
                    t("coverage_col_targets", lang): _targets(view, r["indicator_id"]),
                    t("coverage_col_supplier", lang): _supplier(r, names, lang),
                    t("coverage_col_last_source", lang): figure_source(latest[r["indicator_id"]], lang)
                    if r["indicator_id"] in latest
                    else t("no_figure", lang),
                }
                for r in due
            ]
        )
        st.dataframe(
            worklist,
            hide_index=True,
            width="stretch",
            height=_height(worklist),
            column_config={t("fresh_col_name", lang): NAME_COLUMN},
        )

    st.subheader(t("coverage_fresh_title", lang))
    st.caption(t("coverage_fresh_caption", lang, grace=GRACE_DAYS))
    table = pd.DataFrame(
        [
            {
                t("fresh_col_name", lang): names[r["indicator_id"]],
                t("fresh_col_latest", lang): period_as_written(r["latest_period"], measures[r["indicator_id"]], lang)
                or t("no_figure", lang),
                t("fresh_col_cadence", lang): t(f"cadence_{r['cadence']}", lang),
                t("fresh_col_next", lang): period_as_written(
                    r["next_expected_period"], measures[r["indicator_id"]], lang
                ),
                t("fresh_col_date", lang): r["next_expected_date"].isoformat(),
                t("fresh_col_state", lang): state_text(r, lang),
            }
            for r in records
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=_height(table),
        column_config={t("fresh_col_name", lang): NAME_COLUMN},
    )

    with st.expander(t("coverage_calendar_title", lang)):
        lines = []
        for r in records:
            note = calendar.at[r["indicator_id"], f"note_{lang}"] if r["indicator_id"] in calendar.index else ""
            assumed = t("coverage_assumed", lang) if r["assumed"] else ""
            lag = t("coverage_lag", lang, days=r["lag_days"])
            cadence = t(f"cadence_{r['cadence']}", lang)
            line = t("coverage_calendar_line", lang, name=md_escape(names[r["indicator_id"]]), cadence=cadence, lag=lag)
            lines.append(f"- {line}{assumed} {md_escape(note)}")
        st.markdown("\n".join(lines))
    coverage_by_department(view)  # issue 14: which indicators each department owes, and whether late


if __name__ == "__main__":
    render(current())
