"""Industry scale page: the four industries' latest figures against each milestone, their history, and the growth
still needed per year."""

from __future__ import annotations

import streamlit as st

from components.chart_export import INDUSTRY_PREFIX, industry_spec
from components.state import current_view, database_url, lang
from components.widgets import figure_caption, is_proxy, latest_text, md_escape, milestone_row
from tracker.i18n import t


@st.cache_data(show_spinner=False, max_entries=32)
def _chart_spec(db: str | None, revision, language: str, _snapshot) -> dict | None:
    # Keyed on the database and revision; the snapshot (the same for both) is not hashed on every rerun.
    return industry_spec(_snapshot, language)


def render() -> None:
    language = lang()
    snap = current_view().snapshot
    st.header(t("page_industries", language))
    st.caption(t("industry_intro", language))
    spec = _chart_spec(database_url(), snap.revision, language, snap)
    if spec is None:
        st.info(t("no_target_pillar", language))
        return
    st.vega_lite_chart(spec=spec, width="stretch")
    indicators = snap.plan.indicators
    for ind_id in [i for i in indicators.index if i.startswith(INDUSTRY_PREFIX)]:
        indicator = indicators.loc[ind_id]
        status = snap.status[snap.status["indicator_id"] == ind_id]
        first = status.iloc[0]
        figure = figure_caption(snap, ind_id, first["latest_period"])
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
