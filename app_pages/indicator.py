"""Indicator detail page: any indicator's history with baseline, milestones, required path and projection, and its
figures with sources (the link's ``indicator`` and ``milestone``)."""

from __future__ import annotations

import streamlit as st

from components import chart_specs
from components.view import View, current, url_widget
from components.widgets import figure_caption, md_escape, milestone_row, source_popover
from tracker.formatting import fmt_value, is_missing, period_text
from tracker.i18n import t


def render(view: View) -> None:
    language, snap = view.lang, view.snapshot
    indicators = snap.plan.indicators
    st.header(t("page_indicator", language))
    ids = list(indicators.index)
    name_col = f"name_{language}"
    ind_id = url_widget(
        st.selectbox,
        t("choose_indicator", language),
        "indicator",
        view.indicator,
        ids[0],
        ids,
        format_func=lambda i: f"{indicators.at[i, name_col]} ({i})",
    )
    indicator = indicators.loc[ind_id]
    status = snap.status[snap.status["indicator_id"] == ind_id]
    periods = [p for p in status["target_period"] if isinstance(p, str)]
    milestone = view.milestone
    if len(periods) > 1:
        milestone = url_widget(
            st.segmented_control, t("choose_milestone", language), "milestone", view.milestone, None, periods
        )
    # Captions are markdown: text from data is escaped.
    st.caption(md_escape(indicator[f"description_{language}"]))
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
        source_popover(indicator, figure, ms.iloc[0] if len(ms) else None, language)
    spec = chart_specs.indicator(view)  # the one the downloads offer
    if spec is None:
        st.info(t("no_figure", language))
    else:
        st.vega_lite_chart(spec=spec, width="stretch", height=520)
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


if __name__ == "__main__":
    render(current())
