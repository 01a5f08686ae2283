"""Doubling path page: the 6–7-year band, actual figures, projections, and a growth-rate control (the link's
``growth``)."""

from __future__ import annotations

import streamlit as st

from components import chart_specs
from components.view import GROWTH_MAX, GROWTH_MIN, View, current, database_url, default_growth, url_widget
from components.widgets import md_escape
from tracker import present
from tracker.formatting import doubling_basis_sentence, doubling_sentence, fmt_number, fmt_pct, unit_label
from tracker.i18n import t


@st.cache_resource(show_spinner=False, max_entries=64)
def _doubling_cached(db: str | None, revision: int, plan_id: str, rate: float, _snapshot):
    return _snapshot.doubling_at(rate)


def _doubling_at(view: View, rate: float):
    """Snapshot.doubling_at once per database, revision, plan and scenario rate (~35 ms: a rerun of this page took
    over 50 ms with it), shared by the sessions; read, never changed. The shipped files (no revision): each time."""
    snap = view.snapshot
    if snap.revision is None:
        return snap.doubling_at(rate)
    return _doubling_cached(database_url(), snap.revision, view.plan_id, rate, snap)


def render(view: View) -> None:
    language, snap = view.lang, view.snapshot
    st.header(t("page_doubling", language))
    base = snap.doubling
    if base is None:
        st.info(t("doubling_missing", language))
        return
    indicator = snap.plan.indicators.loc[base.indicator_id]
    growth = url_widget(
        st.slider,
        t("growth_rate", language),
        "growth",
        view.growth,
        default_growth(snap),
        min_value=GROWTH_MIN,
        max_value=GROWTH_MAX,
        step=0.1,
        format="%.1f%%",
        help=t("growth_help", language),
    )
    dbl = _doubling_at(view, growth / 100)
    st.markdown(f"**{doubling_sentence(dbl, language)}**")
    if dbl.shows_scenario:  # at the control's default, the actual rate, the headline says it already
        if dbl.scenario_year:
            st.markdown(t("scenario_sentence", language, rate=fmt_pct(dbl.scenario_rate), year=dbl.scenario_year))
        else:
            st.markdown(t("scenario_never", language, rate=fmt_pct(dbl.scenario_rate)))
    cols = st.columns(4)
    # The unit is said once under the figures: in each label it cut the label short at 1400 px.
    cols[0].metric(f"{t('baseline', language)} ({dbl.baseline_year})", fmt_number(dbl.baseline_value), border=True)
    cols[1].metric(f"{t('target', language)} (×2)", fmt_number(dbl.target_value), border=True)
    cols[2].metric(f"{t('latest', language)} ({dbl.latest_year})", fmt_number(dbl.latest_value), border=True)
    cols[3].metric(t("actual_rate", language), fmt_pct(dbl.actual_rate) + t("per_year", language), border=True)
    st.caption(t("figures_in", language, unit=unit_label(indicator["unit"], language)))
    spec = chart_specs.doubling_drawn(view)
    st.vega_lite_chart(spec=spec, width="stretch", alt=doubling_sentence(dbl, language))
    rows = [
        {
            t("milestone", language): str(year),
            t("required_rate", language): fmt_pct(rate) + t("per_year", language),
            t("needed_rate", language): fmt_pct(dbl.needed_rates.get(year)) + t("per_year", language),
        }
        for year, rate in dbl.horizons.items()
    ]
    st.dataframe(rows, hide_index=True)
    st.caption(t("doubling_note", language, name=snap.plan.name(base.indicator_id, language)))
    real_terms(dbl, indicator, language)


def real_terms(dbl, indicator, language: str) -> None:
    """The real-terms view (issue 11 §2): which basis the status reads, the official growth rates chained from the
    baseline beside the nominal levels, and the required rates beside the reported ones."""
    st.subheader(t("real_view_title", language))
    sentence = doubling_basis_sentence(dbl, language, indicator["unit"], indicator["unit_en"])
    if sentence:
        st.markdown(md_escape(sentence))
    unit = unit_label(indicator["unit"], language)
    rows = present.real_terms_rows(dbl, indicator["unit"], language, indicator["unit_en"])
    if rows:
        columns = {
            "period": t("real_col_period", language),
            "nominal": t("real_col_nominal", language, unit=unit),
            "growth": t("real_col_growth", language),
            "real": t("real_col_index", language, unit=unit, base=dbl.baseline_year),
        }
        st.dataframe([{columns[k]: v for k, v in row.items()} for row in rows], hide_index=True)
    required = present.real_required_text(dbl, language)
    if required:
        st.markdown(f"**{md_escape(required)}**")


if __name__ == "__main__":
    render(current())
