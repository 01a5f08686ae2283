"""Doubling path page: the 6–7-year band, actual figures, projections, and a growth-rate control."""

from __future__ import annotations

import streamlit as st

from components.chart_export import doubling_spec
from components.state import current_view, database_url, lang, parse_rate, url_widget
from tracker.i18n import doubling_sentence, fmt_number, fmt_pct, t, unit_label

GROWTH_MIN, GROWTH_MAX = 0.0, 20.0


def growth_from_link(raw: str) -> float:
    """The scenario rate in percent from the link's ``growth``; ValueError unless it is plain decimal digits in
    range (never "1e-17", "nan", "inf")."""
    value = parse_rate(raw, GROWTH_MIN, GROWTH_MAX)
    if value is None:
        raise ValueError(raw)
    return value


@st.cache_data(show_spinner=False, max_entries=64)
def _chart_spec(db: str | None, revision, language: str, growth: float, _snapshot) -> dict | None:
    # Building and serialising a layered chart costs ~15 ms: once per revision, language and scenario rate.
    return doubling_spec(_snapshot, language, growth)


def render() -> None:
    language = lang()
    view = current_view()
    snap = view.snapshot
    st.header(t("page_doubling", language))
    base = snap.doubling
    if base is None:
        st.info(t("doubling_missing", language))
        return
    indicator = snap.plan.indicators.loc[base.indicator_id]
    default_growth = round((base.actual_rate or 0.1) * 100, 1)
    growth = url_widget(
        st.slider,
        t("growth_rate", language),
        "growth",
        None,
        default_growth,
        parse=growth_from_link,
        min_value=GROWTH_MIN,
        max_value=GROWTH_MAX,
        step=0.1,
        format="%.1f%%",
        help=t("growth_help", language),
    )
    dbl = snap.doubling_at(growth / 100)
    st.markdown(f"**{doubling_sentence(dbl, language)}**")
    if dbl.scenario_year:
        st.markdown(t("scenario_sentence", language, rate=fmt_pct(dbl.scenario_rate), year=dbl.scenario_year))
    else:
        st.markdown(t("scenario_never", language, rate=fmt_pct(dbl.scenario_rate)))
    cols = st.columns(4)
    unit = unit_label(indicator["unit"], language)  # in the label, so that the number is never cut short
    cols[0].metric(
        f"{t('baseline', language)} ({dbl.baseline_year}), {unit}", fmt_number(dbl.baseline_value), border=True
    )
    cols[1].metric(f"{t('target', language)} (×2), {unit}", fmt_number(dbl.target_value), border=True)
    cols[2].metric(f"{t('latest', language)} ({dbl.latest_year}), {unit}", fmt_number(dbl.latest_value), border=True)
    cols[3].metric(t("actual_rate", language), fmt_pct(dbl.actual_rate) + t("per_year", language), border=True)
    spec = _chart_spec(database_url(), snap.revision, language, growth, snap)
    st.vega_lite_chart(spec=spec, width="stretch", height=540, alt=doubling_sentence(dbl, language))
    rows = [
        {
            t("milestone", language): str(year),
            t("required_rate", language): fmt_pct(rate) + t("per_year", language),
            t("needed_rate", language): fmt_pct(dbl.needed_rates.get(year)) + t("per_year", language),
        }
        for year, rate in dbl.horizons.items()
    ]
    st.dataframe(rows, hide_index=True)
    st.caption(t("doubling_note", language, name=indicator["name_zh" if language == "zh" else "name_en"]))
