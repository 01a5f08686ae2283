"""Download buttons: the viewed revision's figures and status table (CSV and XLSX), the page's charts (PNG and
SVG) and the HTML report.

Files are made only when a button is clicked (a callable passed to st.download_button), and cached per database,
revision and language, so a rerun of the page costs a few buttons and nothing else.
"""

from __future__ import annotations

import re

import streamlit as st

from components.chart_export import chart_png, chart_svg, cjk_font_available, doubling_spec, has_cjk, industry_spec
from components.state import database_url
from tracker import export
from tracker.i18n import t

CSV, XLSX = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(show_spinner=False, max_entries=64)
def _table_file(kind: str, db: str | None, revision: int | None, _snapshot) -> bytes:
    # Keyed on (kind, db, revision): a revision's figures never change; _snapshot is not hashed.
    if kind.startswith("figures"):
        figures = export.stored_figures(_snapshot.figures, _snapshot.plan.indicators)
        return export.figures_xlsx(figures) if kind.endswith("xlsx") else export.figures_csv(figures)
    return export.status_xlsx(_snapshot.status) if kind.endswith("xlsx") else export.status_csv(_snapshot.status)


@st.cache_data(show_spinner=False, max_entries=16)
def _report(db: str | None, revision: int | None, lang: str, link: str, _snapshot, _revision_info) -> bytes:
    from components.report import render_report

    return render_report(_snapshot, lang, share_url=link, revision_info=_revision_info).encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=64)
def _chart_file(fmt: str, spec: dict) -> bytes | None:
    if fmt == "png":
        return chart_png(spec)
    return chart_svg(spec).encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=64)
def _spec(name: str, db: str | None, revision: int | None, lang: str, growth: float | None, _snapshot) -> dict | None:
    return doubling_spec(_snapshot, lang, growth) if name == "doubling" else industry_spec(_snapshot, lang)


def report_charts(snapshot, lang: str, growth: float | None = None) -> dict[str, dict]:
    """The doubling path (with a scenario at ``growth`` percent when given) and the industries, as specs keyed by
    their title; cached per revision and language."""
    db = database_url()
    charts = {}
    for name, title in (("doubling", t("page_doubling", lang)), ("industries", t("page_industries", lang))):
        spec = _spec(name, db, snapshot.revision, lang, growth if name == "doubling" else None, snapshot)
        if spec is not None:
            charts[title] = spec
    return charts


def page_charts(page_path: str, snapshot, lang: str) -> dict[str, dict]:
    """The charts of the page at ``page_path`` as the URL sets them up (growth, indicator, milestone), rebuilt
    from the snapshot with the same chart builders; the overview offers the report's two charts."""
    params = st.query_params
    if page_path in ("", "overview"):
        return report_charts(snapshot, lang)
    if page_path == "doubling":
        growth = _growth(params.get("growth"), database_url(), snapshot.revision, snapshot)
        charts = report_charts(snapshot, lang, growth=growth)
        return {k: v for k, v in charts.items() if k == t("page_doubling", lang)}
    if page_path == "industries":
        return {k: v for k, v in report_charts(snapshot, lang).items() if k == t("page_industries", lang)}
    if page_path == "indicator":
        return _indicator_chart(
            database_url(), snapshot.revision, lang, params.get("indicator"), params.get("milestone"), snapshot
        )
    return {}


@st.cache_data(show_spinner=False, max_entries=64)
def _growth(raw: str | None, db: str | None, revision: int | None, _snapshot) -> float | None:
    """The doubling page's scenario rate in percent: the URL's when valid, else the page's default (the actual
    rate, rounded to 0.1)."""
    from components.doubling_page import GROWTH_MAX, GROWTH_MIN
    from components.state import parse_rate

    value = parse_rate(raw, GROWTH_MIN, GROWTH_MAX)
    if value is not None:
        return value
    base = _snapshot.doubling
    return None if base is None else round((base.actual_rate or 0.1) * 100, 1)


@st.cache_data(show_spinner=False, max_entries=64)
def _indicator_chart(
    db: str | None, revision: int | None, lang: str, indicator_id: str | None, milestone: str | None, _snapshot
) -> dict[str, dict]:
    # ~0.1 s to build: cached per revision, language, indicator and milestone (_snapshot is not hashed).
    snapshot = _snapshot
    from components.charts import indicator_chart
    from components.indicator import chart_frames

    indicators = snapshot.plan.indicators
    if indicator_id not in indicators.index:
        indicator_id = indicators.index[0]
    indicator = indicators.loc[indicator_id]
    periods = set(snapshot.status.loc[snapshot.status["indicator_id"] == indicator_id, "target_period"].dropna())
    history, marks, paths = chart_frames(snapshot, indicator, milestone if milestone in periods else None, lang)
    if history.empty and marks.empty:
        return {}
    title = indicator["name_zh" if lang == "zh" else "name_en"]
    return {title: indicator_chart(history, marks, paths, indicator["unit"], lang).to_dict()}


def _stem(snapshot) -> str:
    return "tracker-shipped" if snapshot.revision is None else f"tracker-r{snapshot.revision}"


def download_bar(
    snapshot, lang: str, charts: dict[str, dict] | None, revision_info=None, report_link: str = ""
) -> None:
    """Buttons for the figures and status table (CSV, XLSX), each of ``charts`` (title -> Vega-Lite spec) as PNG
    and SVG, and the HTML report stamped with ``report_link``. Nothing is computed until a button is clicked."""
    db, revision, stem = database_url(), snapshot.revision, _stem(snapshot)
    st.caption(t("downloads_shipped", lang) if revision is None else t("downloads_of", lang, rev=revision))

    def table(kind: str):
        return lambda: _table_file(kind, db, revision, snapshot)

    for kind, label in (("figures", t("dl_figures", lang)), ("status", t("dl_status", lang))):
        st.caption(label)
        cols = st.columns(2)
        for col, fmt, mime, icon in (
            (cols[0], "csv", CSV, ":material/table:"),
            (cols[1], "xlsx", XLSX, ":material/grid_on:"),
        ):
            col.download_button(
                fmt.upper(),
                table(f"{kind}_{fmt}"),
                f"{stem}-{kind}.{fmt}",
                mime,
                key=f"_dl_{kind}_{fmt}",
                help=f"{label} ({fmt.upper()})",
                on_click="ignore",
                icon=icon,
                width="stretch",
            )
    st.download_button(
        t("dl_report", lang),
        lambda: _report(db, revision, lang, report_link, snapshot, revision_info),
        f"{stem}-report-{lang}.html",
        "text/html",
        key="_dl_report",
        on_click="ignore",
        icon=":material/description:",
        width="stretch",
    )
    if not charts:
        return
    st.markdown(f"**{t('dl_charts', lang)}**")
    if not cjk_font_available() and any(has_cjk(spec) for spec in charts.values()):
        st.info(t("png_no_font", lang), icon=":material/font_download_off:")
    for number, (title, spec) in enumerate(charts.items()):
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or f"chart{number + 1}"
        name = f"{stem}-{slug}-{lang}"
        png_ok = cjk_font_available() or not has_cjk(spec)
        st.caption(title)
        cols = st.columns(2)
        cols[0].download_button(
            "PNG",
            lambda spec=spec: _chart_file("png", spec),
            f"{name}.png",
            "image/png",
            key=f"_dl_png_{number}",
            help=f"{title} (PNG)",
            on_click="ignore",
            disabled=not png_ok,
            icon=":material/image:",
            width="stretch",
        )
        cols[1].download_button(
            "SVG",
            lambda spec=spec: _chart_file("svg", spec),
            f"{name}.svg",
            "image/svg+xml",
            key=f"_dl_svg_{number}",
            help=f"{title} (SVG)",
            on_click="ignore",
            icon=":material/polyline:",
            width="stretch",
        )
