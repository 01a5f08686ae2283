"""Industry scale page: the four industries' latest figures against each milestone, their history, and the growth
still needed per year."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import industry_chart
from components.state import current_view, lang
from components.widgets import figure_caption, is_missing, is_proxy, latest_text, md_escape, milestone_row
from tracker.i18n import BOUNDS, fmt_number, t

INDUSTRY_PREFIX = "industry_"


def industry_rows(snapshot, language: str) -> pd.DataFrame:
    """One row per industry and target value: name, latest value and period, target, labels (pre-aggregated).

    Milestones with the same value (5,000亿 by 2027 and by 2030) share one rule, labelled with both years.
    """
    status = snapshot.status[snapshot.status["indicator_id"].str.startswith(INDUSTRY_PREFIX)]
    rows = []
    for (ind_id, target), group in status.groupby(["indicator_id", "target_value"], sort=False, dropna=False):
        row = group.iloc[0]
        ind = snapshot.plan.indicators.loc[ind_id]
        figure = figure_caption(snapshot.figures, ind_id, row["latest_period"])
        name = ind["name_zh"] if language == "zh" else ind["name_en"]
        if is_proxy(figure):
            name += f" [{t('proxy', language)}]"
        missing = is_missing(row["latest_value"])
        bound = BOUNDS.get(row["bound"], {}).get(language, "")
        rows.append({
            "name": name,
            "value": None if missing else float(row["latest_value"]),
            "period": "" if missing else str(row["latest_period"]),
            "target": target,
            "unit": ind["unit"],
            "target_label": f"{bound}{fmt_number(target)} ({', '.join(group['target_period'])})",
            "value_text": t("no_figure", language) if missing
            else f"{fmt_number(row['latest_value'])} ({row['latest_period']})",
        })
    return pd.DataFrame(rows)


@st.cache_data(show_spinner=False, max_entries=32)
def _chart_spec(revision, rows: pd.DataFrame, language: str) -> dict:
    return industry_chart(rows, language).to_dict()


def render() -> None:
    language = lang()
    snap = current_view().snapshot
    st.header(t("page_industries", language))
    st.caption(t("industry_intro", language))
    rows = industry_rows(snap, language)
    if rows.empty:
        st.info(t("no_target_pillar", language))
        return
    st.vega_lite_chart(spec=_chart_spec(snap.revision, rows, language), width="stretch")
    indicators = snap.plan.indicators
    for ind_id in [i for i in indicators.index if i.startswith(INDUSTRY_PREFIX)]:
        indicator = indicators.loc[ind_id]
        status = snap.status[snap.status["indicator_id"] == ind_id]
        first = status.iloc[0]
        figure = figure_caption(snap.figures, ind_id, first["latest_period"])
        with st.container(border=True):
            st.markdown(f"**{indicator['name_zh' if language == 'zh' else 'name_en']}**")
            st.markdown(f"{t('latest', language)}: {latest_text(first, indicator, language)}")
            if is_proxy(figure):
                st.warning(md_escape(figure["note"]), icon=":material/info:")
            elif figure is not None and figure["note"]:
                st.caption(f"{t('note', language)}: {md_escape(figure['note'])}")
            history = snap.figures[snap.figures["indicator_id"] == ind_id][["period", "value", "note", "source"]]
            if len(history) > 1:
                st.dataframe(history, hide_index=True)
            for _, row in status.iterrows():
                milestone_row(row, indicator, language)
