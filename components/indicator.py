"""Indicator detail page: any indicator's history with baseline, milestones, required path and projection, and its
figures with sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import indicator_chart
from components.state import current_view, lang, url_widget
from components.widgets import figure_caption, is_missing, md_escape, milestone_row, period_text, source_popover
from tracker.figures import comparable_series, year_to_date
from tracker.i18n import fmt_number, fmt_value, t
from tracker.periods import period_year
from tracker.projection import projection_path


def chart_frames(snapshot, indicator: pd.Series, milestone: str | None, language: str):
    """(history, milestones, paths) frames for indicator_chart, for one milestone or all of them."""
    ind_id, measure = indicator["id"], indicator["measure"]
    series = comparable_series(snapshot.figures, ind_id, measure)
    ytd = year_to_date(snapshot.figures, ind_id, measure)
    history = pd.concat(
        [
            pd.DataFrame(
                {
                    "year": series["year"].astype(float),
                    "value": series["value"],
                    "period": series["period"],
                    "kind": "actual",
                    "label": t("path_actual", language),
                }
            ),
            pd.DataFrame(
                {
                    "year": ytd["period"].map(period_year).astype(float),
                    "value": ytd["value"],
                    "period": ytd["period"],
                    "kind": "ytd",
                    "label": t("path_ytd", language),
                }
            ),
        ],
        ignore_index=True,
    )
    status = snapshot.status[snapshot.status["indicator_id"] == ind_id]
    status = status[status["target_period"].notna()]
    if milestone:
        status = status[status["target_period"] == milestone]
    marks, paths = [], []
    for row in status.itertuples():
        if is_missing(row.target_value):
            continue
        target_year = period_year(row.target_period)
        marks.append(
            {
                "year": float(target_year),
                "value": row.target_value,
                "label": t("target", language),
                "text": f"{t('target', language)} {fmt_number(row.target_value)}",
            }
        )
        if isinstance(row.baseline_period, str) and not is_missing(row.baseline_value):
            marks.append(
                {
                    "year": float(period_year(row.baseline_period)),
                    "value": row.baseline_value,
                    "label": t("baseline", language),
                    "text": f"{t('baseline', language)} {fmt_number(row.baseline_value)}",
                }
            )
        # The required path from the baseline and the projection from the latest figure, up to the target year.
        if not is_missing(row.required_rate) and isinstance(row.baseline_period, str):
            paths.append(
                projection_path(
                    period_year(row.baseline_period),
                    row.baseline_value,
                    row.required_rate,
                    target_year,
                    row.pace_method,
                ).assign(series=f"req_{row.target_period}", label=t("required_rate", language))
            )
        if not is_missing(row.actual_rate) and isinstance(row.latest_period, str):
            paths.append(
                projection_path(
                    period_year(row.latest_period), row.latest_value, row.actual_rate, target_year, row.pace_method
                ).assign(series=f"proj_{row.target_period}", label=t("projected", language))
            )
    return (
        history,
        pd.DataFrame(marks, columns=["year", "value", "label", "text"]).drop_duplicates(["year", "label"]),
        pd.concat(paths, ignore_index=True).astype({"year": float})
        if paths
        else pd.DataFrame(columns=["year", "value", "series", "label"]),
    )


def render() -> None:
    language = lang()
    snap = current_view().snapshot
    indicators = snap.plan.indicators
    st.header(t("page_indicator", language))
    ids = list(indicators.index)
    name_col = "name_zh" if language == "zh" else "name_en"
    ind_id = url_widget(
        st.selectbox,
        t("choose_indicator", language),
        "indicator",
        ids,
        ids[0],
        format_func=lambda i: f"{indicators.at[i, name_col]} ({i})",
    )
    indicator = indicators.loc[ind_id]
    status = snap.status[snap.status["indicator_id"] == ind_id]
    periods = [p for p in status["target_period"] if isinstance(p, str)]
    milestone = None
    if len(periods) > 1:
        milestone = url_widget(st.segmented_control, t("choose_milestone", language), "milestone", periods, None)
    # Captions are markdown: text from data is escaped.
    st.caption(md_escape(indicator["description_zh" if language == "zh" else "description_en"]))
    if indicator["formula"]:
        st.caption(f"= {md_escape(indicator['formula'])}")
    first = status.iloc[0]
    figure = figure_caption(snap, ind_id, first["latest_period"])
    cols = st.columns([3, 1])
    latest_label = period_text(first["latest_period"], indicator["measure"], language)
    cols[0].metric(
        f"{indicator[name_col]} · {t('latest', language)}" + (f" ({latest_label})" if latest_label else ""),
        fmt_value(first["latest_value"], indicator["unit"], language, indicator["unit_en"])
        if not is_missing(first["latest_value"])
        else t("no_figure", language),
        border=True,
    )
    with cols[1]:
        ms = snap.plan.milestones[snap.plan.milestones["indicator_id"] == ind_id]
        source_popover(indicator, figure, ms.iloc[0] if len(ms) else None, language, key=f"src_{ind_id}")
    history, marks, paths = chart_frames(snap, indicator, milestone, language)
    # The axis names the unit in the reader's words: "enterprises", not a blank for 家.
    axis_unit = (indicator["unit_en"] or indicator["unit"]) if language == "en" else indicator["unit"]
    if history.empty and marks.empty:
        st.info(t("no_figure", language))
    else:
        st.altair_chart(indicator_chart(history, marks, paths, axis_unit, language), width="stretch", height=520)
    for _, row in status.iterrows():
        if milestone and row["target_period"] != milestone:
            continue
        if isinstance(row["target_period"], str):
            milestone_row(row, indicator, language)
            quote = ms[ms["target_period"] == row["target_period"]]
            if len(quote):
                st.caption(f"{t('quote', language)}: “{md_escape(quote.iloc[0]['quote'])}”")
        else:
            st.caption(t("context_indicator", language))
    st.subheader(t("figures_table", language))
    rows = snap.figures[snap.figures["indicator_id"] == ind_id][["period", "value", "note", "source", "confidence"]]
    st.dataframe(
        rows.rename(columns={c: t(c, language) for c in ["period", "value", "note", "source", "confidence"]}),
        hide_index=True,
    )
