"""Target Tracker: page setup, language and navigation. The pages live in components/."""

from pathlib import Path

import streamlit as st

from components.page_tools import page_tools
from components.state import current_lang, set_lang
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
        url_path="overview",
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
# Our own links instead of the built-in menu: a page switch through the built-in menu drops the query string, and
# with it the language and a pinned revision. These links carry both, and each page keeps its own path.
page = st.navigation(pages, position="hidden")
carried = {key: st.query_params[key] for key in ("lang", "rev") if key in st.query_params}
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
