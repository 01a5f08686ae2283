"""Target Tracker: page setup, the view of this rerun (read from the URL once), navigation and the sidebar. Each
page's body is its own script in app_pages/; components/ holds the pieces they share."""

import gc
import threading
from pathlib import Path

import streamlit as st

from components import view as url_view
from components.plan_sync import plan_sync_notice
from components.sidebar import frame
from tracker.chart_files import quiet_converter_logs, warm_up
from tracker.i18n import t

# A local icon: a :material/...: page icon makes every browser fetch an SVG from outside the network.
ASSETS = Path(__file__).resolve().parent / "assets"
# (script, url_path, title key, icon); the first is the home page, served at the root.
PAGES = [
    ("overview", "", "page_overview", ":material/dashboard:"),
    ("doubling", "doubling", "page_doubling", ":material/show_chart:"),
    ("industries", "industries", "page_industries", ":material/factory:"),
    ("indicator", "indicator", "page_indicator", ":material/query_stats:"),
    ("compare", "compare", "page_compare", ":material/compare_arrows:"),
    ("upload", "upload", "page_upload", ":material/upload_file:"),
    ("history", "history", "page_history", ":material/history:"),
    ("review", "review", "page_review", ":material/approval:"),  # issue 14: departments' submissions
    ("coverage", "coverage", "page_coverage", ":material/grid_on:"),
    ("method", "method", "page_method", ":material/menu_book:"),
]

# Pages that work on a blank store (no plan yet): the upload page's plan tab imports the first plan.
BLANK_PAGES = ("upload", "history", "method")


def show_overview() -> None:
    """/overview (the home page's old address, and what a reader types) shows the overview too, instead of "Page
    not found" over it: a hidden page, a function rather than the overview's file (two pages on one file would
    make page links ambiguous)."""
    from app_pages.overview import render

    render(url_view.current())


@st.cache_resource(show_spinner=False)
def _freeze_imported() -> None:
    gc.freeze()


def collect_lightly_on_first_run() -> None:
    """The first run of a server process, after the imports above, moves what exists (modules, classes,
    functions: ~100,000 objects) out of the garbage collector's sight (gc.freeze): the automatic collections
    during that run's later imports and the full one Streamlit runs after it no longer walk them (~0.1-0.3 s of a
    cold start). The next run hands them back (gc.unfreeze): the first session's own objects were frozen too, and
    a frozen object is never collected, so that session's state would outlive it."""
    if gc.get_freeze_count():
        gc.unfreeze()
    else:
        _freeze_imported()  # once per process


@st.cache_resource(show_spinner=False)
def start_chart_engine() -> None:
    """Once per server process, vl-convert's engine starts on a thread of its own (it releases the GIL), while
    the first run goes on with the store and the page: the overview's gap chart is an SVG made on the server, and
    its first conversion no longer waits ~0.3 s for the engine (issue 15: cold start)."""
    quiet_converter_logs()
    threading.Thread(target=warm_up, name="chart engine warm-up", daemon=True).start()


collect_lightly_on_first_run()
start_chart_engine()
st.set_page_config(page_title="目标进度看板 · Target Tracker", page_icon=str(ASSETS / "favicon.png"), layout="wide")
language = url_view.language()
pages = [
    st.Page(
        f"app_pages/{script}.py",
        title=t(title, language),
        icon=icon,
        url_path=path or "home",  # the default page is served at the root: its own path is never used
        default=not path,
    )
    for script, path, title, icon in PAGES
]
alias = st.Page(show_overview, title=t("page_overview", language), url_path="overview", visibility="hidden")
page = st.navigation([*pages, alias], position="hidden")
view = url_view.build(page.url_path, language)
frame(view, pages)
plan_sync_notice(view)  # issue 12: data/*.csv edited since the last sync, said to an editor
if view.blank:  # issue 12 §3: another zone's new store, no plan yet: every page says what to do first
    st.info(t("no_plan_yet", language), icon=":material/post_add:")
    st.page_link("app_pages/upload.py", label=t("page_upload", language), icon=":material/upload_file:")
if not view.blank or page.url_path in BLANK_PAGES:
    page.run()
