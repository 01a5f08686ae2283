"""Download buttons: the viewed revision's figures and status table (CSV and XLSX), the page's charts (PNG and
SVG) and the HTML report.

Files are made only when a button is clicked (a callable passed to st.download_button), and cached per database,
revision, plan and language, so a rerun of the page costs a few buttons and nothing else.
"""

from __future__ import annotations

import re

import streamlit as st

from components.view import View, database_url, get_store
from tracker import chart_files, export
from tracker.chart_files import chart_svg, has_cjk
from tracker.i18n import t

CSV, XLSX = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(show_spinner=False, max_entries=64)
def _table_file(kind: str, db: str | None, revision: int | None, lang: str, _snapshot, plan_id: str = "") -> bytes:
    # Keyed on (kind, db, revision, lang, plan): a revision's figures and plans never change; _snapshot is not
    # hashed. The figures are the same in every language (they upload back as they are); the status table is in the
    # reader's, of the plan shown.
    if kind.startswith("figures"):
        figures = export.stored_figures(_snapshot.figures, _snapshot.plan.indicators)
        return export.figures_xlsx(figures) if kind.endswith("xlsx") else export.figures_csv(figures)
    write = export.status_xlsx if kind.endswith("xlsx") else export.status_csv
    return write(_snapshot.status, _snapshot.plan, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _report(
    db: str | None, revision: int | None, plan_id: str, lang: str, link: str, _snapshot, _revision_info
) -> bytes:
    from tracker.notes import notes_at
    from tracker.report import render_report
    from tracker.store import StoreError

    notes = None
    if revision is not None:
        try:
            notes = notes_at(get_store(db), revision, lang=lang)
        except StoreError:
            notes = None  # the report is still made, without the notes
    return render_report(_snapshot, lang, share_url=link, revision_info=_revision_info, notes=notes).encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=16)
def _evaluation(
    fmt: str, db: str | None, revision: int | None, plan_id: str, lang: str, _snapshot, _revision_info
) -> bytes:
    # Keyed on (fmt, db, revision, plan, lang): a revision's figures, plans and notes never change.
    from tracker.evaluation import build_evaluation, store_notes
    from tracker.evaluation_files import evaluation_file
    from tracker.store import StoreError

    notes = None
    if revision is not None:
        try:
            notes = store_notes(get_store(db), revision, lang)
        except StoreError:
            notes = None  # the report is still made, without the notes
    evaluation = build_evaluation(_snapshot, lang, notes, revision_info=_revision_info)
    return evaluation_file(evaluation, fmt, cjk_font=cjk_font_available())


@st.cache_resource(show_spinner=False)
def chromium_available() -> bool:
    """Whether this server has a Chromium to print the evaluation to PDF (asked once per server)."""
    from tracker.evaluation_files import find_chromium

    return find_chromium() is not None


@st.cache_resource(show_spinner=False)
def cjk_font_available() -> bool:
    """Whether this server draws Chinese in a PNG (asked once per server)."""
    return chart_files.cjk_font_available()


@st.cache_data(show_spinner=False, max_entries=64)
def _chart_file(fmt: str, spec: dict) -> bytes | None:
    if fmt == "png":
        return chart_files.chart_png(spec, cjk_font_available())
    return chart_svg(spec).encode("utf-8")


def _stem(snapshot, plan_id: str = "") -> str:
    """The files' name: the revision, and the plan when it is not the store's first (issue 12 §3)."""
    stem = "tracker-shipped" if snapshot.revision is None else f"tracker-r{snapshot.revision}"
    return f"{stem}-{plan_id}" if plan_id else stem


def download_bar(view: View, charts: dict[str, dict], report_link: str = "") -> None:
    """Buttons for the view's figures and status table (CSV, XLSX), each of ``charts`` (title -> Vega-Lite spec,
    the page's own) as PNG and SVG, and the HTML report stamped with ``report_link``. Nothing is computed until a
    button is clicked."""
    snapshot, lang, revision_info = view.snapshot, view.lang, view.revision_info
    db, revision, plan_id = database_url(), snapshot.revision, view.plan_id
    stem = _stem(snapshot, plan_id if plan_id != view.default_plan else "")
    st.caption(t("downloads_shipped", lang) if revision is None else t("downloads_of", lang, rev=revision))

    def table(kind: str):
        return lambda: _table_file(kind, db, revision, lang, snapshot, plan_id)

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
                f"{stem}-{kind}-{lang}.{fmt}" if kind == "status" else f"{stem}-{kind}.{fmt}",
                mime,
                key=f"_dl_{kind}_{fmt}",
                help=f"{label} ({fmt.upper()})",
                on_click="ignore",
                icon=icon,
                width="stretch",
            )
    st.download_button(
        t("dl_report", lang),
        lambda: _report(db, revision, plan_id, lang, report_link, snapshot, revision_info),
        f"{stem}-report-{lang}.html",
        "text/html",
        key="_dl_report",
        on_click="ignore",
        icon=":material/description:",
        width="stretch",
    )
    _evaluation_buttons(db, revision, plan_id, lang, stem, snapshot, revision_info)
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


def _evaluation_buttons(db, revision, plan_id: str, lang: str, stem: str, snapshot, revision_info) -> None:
    """The evaluation report (tracker.evaluation) as DOCX and PDF; the PDF only where the server has Chromium."""
    from tracker.evaluation_files import MIME

    label = t("dl_evaluation", lang)
    st.caption(label)
    cols = st.columns(2)
    pdf_ok = chromium_available()
    for col, fmt, icon in ((cols[0], "docx", ":material/article:"), (cols[1], "pdf", ":material/picture_as_pdf:")):
        col.download_button(
            fmt.upper(),
            lambda fmt=fmt: _evaluation(fmt, db, revision, plan_id, lang, snapshot, revision_info),
            f"{stem}-evaluation-{lang}.{fmt}",
            MIME[fmt],
            key=f"_dl_evaluation_{fmt}",
            help=f"{label} ({fmt.upper()})" if fmt == "docx" or pdf_ok else t("dl_evaluation_pdf_off", lang),
            on_click="ignore",
            disabled=fmt == "pdf" and not pdf_ok,
            icon=icon,
            width="stretch",
        )
