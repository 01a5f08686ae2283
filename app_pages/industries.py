"""Industry scale page: the four industries' latest figures against each milestone, their history, and the growth
still needed per year."""

from __future__ import annotations

import streamlit as st

from components import chart_specs
from components.view import View, current
from components.widgets import figure_caption, is_proxy, latest_text, md_escape, milestone_row
from tracker.charts import INDUSTRY_PREFIX
from tracker.formatting import figure_note
from tracker.i18n import t


def render(view: View) -> None:
    language, snap = view.lang, view.snapshot
    st.header(t("page_industries", language))
    st.caption(t("industry_intro", language))
    spec = chart_specs.industries(view)
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
            st.markdown(f"**{indicator[f'name_{language}']}**")
            st.markdown(f"{t('latest', language)}: {latest_text(first, indicator, language)}")
            note = figure_note(figure, language) if figure is not None else ""  # in the reader's language
            if is_proxy(figure):
                st.warning(md_escape(note), icon=":material/info:")
            elif note:
                st.caption(t("label_value", language, label=t("note", language), value=md_escape(note)))
            history = snap.figures[snap.figures["indicator_id"] == ind_id][["period", "value", "note", "source"]]
            if len(history) > 1:
                st.dataframe(history, hide_index=True)
            for _, row in status.iterrows():
                milestone_row(row, indicator, language)


if __name__ == "__main__":
    render(current())
