"""What every page has besides its body: the banner of a pinned revision, and in the sidebar the share link and
the downloads. dashboard.py calls ``page_tools`` once, after st.navigation and before the page runs."""

from __future__ import annotations

import streamlit as st

from components.downloads import download_bar, page_charts
from components.share import home_address, revision_banner, share_control, share_link
from components.state import current_view
from tracker.i18n import t


def page_tools(page, lang: str) -> None:
    """The revision banner above the page, and "share this view" and "downloads" in the sidebar.

    Both are popovers, not expanders: a popover's content is drawn only when opened, while an expander's is drawn
    with the page even when collapsed. The link's box (st.code) alone loads a syntax highlighter that took ~0.1 s
    of each page load in Chromium; the radio and download buttons load their own code too.
    """
    view = current_view(notify=False)  # the page itself says when ?rev= is invalid
    revision_banner(view, lang)
    with st.sidebar:
        with st.popover(t("share_title", lang), icon=":material/share:", width="stretch"):
            share_control(view, lang, page.url_path)
        with st.popover(t("downloads_title", lang), icon=":material/download:", width="stretch"):
            # The report is of one revision: its link reopens that revision whatever comes later.
            lang_param = {} if lang == "zh" else {"lang": lang}
            report_link = share_link(home_address(page.url_path), lang_param, view.snapshot.revision)
            download_bar(
                view.snapshot,
                lang,
                page_charts(page.url_path, view.snapshot, lang),
                revision_info=view.revision_info,
                report_link=report_link,
            )
