"""The charts of a view as Vega-Lite specs, cached per database, revision, language and setting: the page draws
them and the downloads convert the very same specs (tracker.charts holds the one builder of each chart)."""

from __future__ import annotations

import streamlit as st

from components.view import View, database_url
from tracker import charts
from tracker.i18n import t


# Building and serialising a layered chart costs ~15-100 ms: once per revision, plan, language and setting. The
# snapshot (the same for the same database, revision and plan) is not hashed; the plan is in the key (two plans of
# one revision have two charts).
@st.cache_data(show_spinner=False, max_entries=64)
def _doubling(
    db: str | None, revision: int | None, lang: str, growth: float | None, _snapshot, plan_id: str = ""
) -> dict | None:
    return charts.doubling_spec(_snapshot, lang, growth)


@st.cache_data(show_spinner=False, max_entries=32)
def _industries(db: str | None, revision: int | None, lang: str, _snapshot, plan_id: str = "") -> dict | None:
    return charts.industry_spec(_snapshot, lang)


@st.cache_data(show_spinner=False, max_entries=64)
def _indicator(
    db: str | None, revision: int | None, lang: str, indicator: str, milestone, _snapshot, plan_id: str = ""
) -> dict | None:
    return charts.indicator_spec(_snapshot, indicator, milestone, lang)


@st.cache_data(show_spinner=False, max_entries=32)
def _gap(db: str | None, revision: int | None, lang: str, _snapshot, plan_id: str = "") -> dict | None:
    return charts.gap_spec(_snapshot, lang)


def gap(view: View) -> dict | None:
    """The overview's ranked gap chart: each assessable target's projected share at its deadline."""
    return _gap(database_url(), view.snapshot.revision, view.lang, view.snapshot, view.plan_id)


def drawn(spec: dict) -> dict:
    """``spec`` as st.vega_lite_chart takes it, its named datasets already Arrow IPC bytes: Streamlit converts a
    dataset of rows to Arrow on every call (rows → pandas → Arrow, ~10 ms for a dozen rows), but passes bytes
    through as they are. The same bytes Streamlit would make (its own converter); read it, never change it."""
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes

    datasets = spec.get("datasets")
    if not isinstance(datasets, dict):
        return spec
    return {**spec, "datasets": {name: convert_anything_to_arrow_bytes(rows) for name, rows in datasets.items()}}


GAP_SVG_WIDTH = 440  # px: about half a wide page, so the text is drawn at its size beside the context table


@st.cache_resource(show_spinner=False, max_entries=32)
def _gap_svg(db: str | None, revision: int | None, lang: str, _snapshot, plan_id: str) -> str | None:
    from tracker.chart_files import chart_svg

    spec = _gap(db, revision, lang, _snapshot, plan_id)
    return None if spec is None else chart_svg({**spec, "width": GAP_SVG_WIDTH})


def gap_svg(view: View) -> str | None:
    """The gap chart as a static SVG made on the server from the very spec the downloads convert (gap), once per
    database, revision, plan and language: a Vega-Lite chart in the browser costs the overview ~0.3 s of its first
    paint (issue 15), a drawn SVG next to nothing. The shipped files (no revision) are converted each time."""
    if view.snapshot.revision is None:
        from tracker.chart_files import chart_svg

        spec = gap(view)
        return None if spec is None else chart_svg({**spec, "width": GAP_SVG_WIDTH})
    return _gap_svg(database_url(), view.snapshot.revision, view.lang, view.snapshot, view.plan_id)


def doubling(view: View, scenario: bool = True) -> dict | None:
    """The doubling path, with the view's scenario rate unless ``scenario`` is False (the overview's chart)."""
    growth = view.growth if scenario else None
    return _doubling(database_url(), view.snapshot.revision, view.lang, growth, view.snapshot, view.plan_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def _doubling_drawn(
    db: str | None, revision: int | None, lang: str, growth: float | None, _snapshot, plan_id: str
) -> dict | None:
    spec = _doubling(db, revision, lang, growth, _snapshot, plan_id)
    return None if spec is None else drawn(spec)


def doubling_drawn(view: View) -> dict | None:
    """The doubling page's chart as it draws it (drawn: its rows already Arrow), once per database, revision,
    language, scenario rate and plan, shared by the sessions (cache_resource: the same object, never changed); the
    shipped files (no revision) are converted each time."""
    if view.snapshot.revision is None:
        spec = doubling(view)
        return None if spec is None else drawn(spec)
    return _doubling_drawn(database_url(), view.snapshot.revision, view.lang, view.growth, view.snapshot, view.plan_id)


def industries(view: View) -> dict | None:
    return _industries(database_url(), view.snapshot.revision, view.lang, view.snapshot, view.plan_id)


def indicator(view: View) -> dict | None:
    """The view's indicator at its milestone (all milestones when None)."""
    snap = view.snapshot
    return _indicator(database_url(), snap.revision, view.lang, view.indicator, view.milestone, snap, view.plan_id)


def page_charts(view: View) -> dict[str, dict]:
    """The charts of the view's page as it shows them, keyed by title; the overview offers its gap chart and the
    report's two."""
    lang = view.lang
    if view.page == "doubling":
        found = {t("page_doubling", lang): doubling(view)}
    elif view.page == "industries":
        found = {t("page_industries", lang): industries(view)}
    elif view.page == "indicator":
        found = {view.snapshot.plan.name(view.indicator, lang): indicator(view)}
    elif view.page in ("", "overview"):
        found = {
            t("gap_title", lang): gap(view),
            t("page_doubling", lang): doubling(view, scenario=False),
            t("page_industries", lang): industries(view),
        }
    else:
        found = {}
    return {title: spec for title, spec in found.items() if spec is not None}
