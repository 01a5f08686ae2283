"""Target Tracker: page setup, language and navigation. The pages live in components/."""

from pathlib import Path

import streamlit as st

from components.overview import render as render_overview
from components.page_tools import page_tools
from components.state import current_lang, parse_revision, set_lang
from tracker.i18n import t

# A local icon: a :material/...: page icon makes every browser fetch an SVG from outside the network.
ASSETS = Path(__file__).resolve().parent / "assets"
st.set_page_config(page_title="目标进度看板 · Target Tracker", page_icon=str(ASSETS / "favicon.png"), layout="wide")

language = current_lang()
pages = [
    st.Page(
        "app_pages/overview.py",
        title=t("page_overview", language),
        icon=":material/dashboard:",
        url_path="home",  # served at the root: the default page's own path is never used
        default=True,
    ),
    st.Page(
        "app_pages/doubling.py", title=t("page_doubling", language), icon=":material/show_chart:", url_path="doubling"
    ),
    st.Page(
        "app_pages/industries.py",
        title=t("page_industries", language),
        icon=":material/factory:",
        url_path="industries",
    ),
    st.Page(
        "app_pages/indicator.py",
        title=t("page_indicator", language),
        icon=":material/query_stats:",
        url_path="indicator",
    ),
    st.Page("app_pages/upload.py", title=t("page_upload", language), icon=":material/upload_file:", url_path="upload"),
    st.Page("app_pages/history.py", title=t("page_history", language), icon=":material/history:", url_path="history"),
    st.Page("app_pages/method.py", title=t("page_method", language), icon=":material/menu_book:", url_path="method"),
]
# /overview (the home page's old address, and what a reader types) shows the overview too, instead of "Page not
# found" over it: a hidden page, a function rather than the overview's file (two pages on one file would make
# page links ambiguous).
overview_alias = st.Page(render_overview, title=t("page_overview", language), url_path="overview", visibility="hidden")
# Our own links instead of the built-in menu: a page switch through the built-in menu drops the query string, and
# with it the language and a pinned revision. These links carry both, and each page keeps its own path.
page = st.navigation([*pages, overview_alias], position="hidden")
# Only values the pages accept are carried to the other pages: a bad one stays behind with its notice.
carried = {}
if language != "zh":
    carried["lang"] = language
if parse_revision(st.query_params.get("rev"), 10**9) is not None:
    carried["rev"] = st.query_params["rev"]
with st.sidebar:
    for entry in pages:
        st.page_link(entry, query_params=carried or None)
    st.divider()
    # Not bound with bind="query-params": a bound widget matches the URL against its formatted labels, and the
    # link must say lang=en. The URL is the source of truth, so back/forward and shared links restore it.
    st.session_state["lang_choice"] = language
    st.segmented_control(
        "语言 / Language",
        ["zh", "en"],
        required=True,
        key="lang_choice",
        on_change=set_lang,
        format_func={"zh": "中文", "en": "English"}.get,
    )

page_tools(page, language)
page.run()
