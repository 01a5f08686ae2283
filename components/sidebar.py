"""What every page has besides its body: the page links and the language in the sidebar, the banner of a pinned
revision, and the share link and the downloads. dashboard.py calls ``frame`` once per rerun, after st.navigation
and before the page runs."""

from __future__ import annotations

import streamlit as st

from components.share import home_address, revision_banner, share_control, share_link
from components.view import View, page_link, set_lang, url_widget
from tracker.i18n import LANGS, t

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
DOWNLOADS_KEY = "_downloads_open"  # whether the downloads popover is open (st.popover's state)

# On a phone the sidebar covers the page; Streamlit leaves it open after one of our page links is tapped (its own
# menu closes it). Below Streamlit's mobile breakpoint, a tap on a page link closes it too. Added once per tab.
CLOSE_ON_NAVIGATE_HTML = """<script>
(function () {
  if (window.__trackerSidebarCloses) return;
  window.__trackerSidebarCloses = true;
  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']");
    if (!link || window.innerWidth >= 768) return;
    setTimeout(function () {
      const close = document.querySelector("[data-testid='stSidebarCollapseButton'] button, "
        + "[data-testid='stSidebarHeader'] button");
      const sidebar = document.querySelector("[data-testid='stSidebar']");
      if (close && sidebar && sidebar.getAttribute("data-collapsed") === "false") close.click();
    }, 50);
  }, true);
})();
</script>"""


def frame(view: View, pages: list) -> None:
    """The sidebar (page links, language, share, downloads) and the revision banner above the page.

    Share and downloads are popovers, not expanders: a popover's content is drawn only when opened, while an
    expander's is drawn with the page even when collapsed; the downloads' content is also built only then. The
    link's box (st.code) alone loads a syntax highlighter that took ~0.1 s of each page load in Chromium; the radio
    and download buttons load their own code.
    """
    revision_banner(view)
    lang = view.lang
    with st.sidebar:
        # Our own links instead of the built-in menu: a page switch through the built-in menu drops the query
        # string, and with it the language and a pinned revision. Only values the pages accept are carried.
        for entry in pages:
            page_link(entry, view.carried)
        st.html(CLOSE_ON_NAVIGATE_HTML, unsafe_allow_javascript=True)
        st.divider()
        plan_picker(view)
        # Not bound with bind="query-params": a bound widget matches the URL against its formatted labels, and the
        # link must say lang=en. The URL is the source of truth, so back/forward and shared links restore it.
        st.session_state["lang_choice"] = lang
        st.segmented_control(
            "语言 / Language",
            list(LANGS),
            required=True,
            key="lang_choice",
            on_change=set_lang,
            format_func=LANGUAGE_NAMES.get,
        )
        with st.popover(t("share_title", lang), icon=":material/share:", width="stretch"):
            share_control(view)
        if view.blank:  # no plan yet (issue 12 §3): nothing to download
            return
        # Lazy (issue 15): the buttons are built only while the popover is open (opening it reruns the page), not on
        # every rerun of every page (about a fifth of a rerun's time went to them).
        downloads = st.popover(
            t("downloads_title", lang),
            icon=":material/download:",
            width="stretch",
            key=DOWNLOADS_KEY,
            on_change="rerun",
        )
        if not downloads.open:
            return
        # Imported only here: the charts' module imports Altair (~0.5-0.7 s in a fresh process), which the first
        # page of a cold server should not wait for before its sidebar is sent (the overview imports it for its
        # chart, after its cards are on screen).
        from components.chart_specs import page_charts
        from components.downloads import download_bar

        with downloads:
            # The report is of one revision: its link reopens that revision whatever comes later.
            # ... and of one plan (issue 12 §3): the link keeps it.
            lang_param = {key: value for key, value in view.link_params.items() if key in ("lang", "plan")}
            report_link = share_link(home_address(), lang_param, view.snapshot.revision)
            download_bar(view, page_charts(view), report_link=report_link)


def plan_picker(view: View) -> str | None:
    """The plan picker (issue 12 §3): the store's plans by their year and title in the reader's language, only when
    it holds more than one. The choice goes to the URL's ``plan`` (left out for the first plan), so links and
    back/forward keep it. Returns the plan shown, or None when there is nothing to pick."""
    if len(view.plans) < 2:
        return None
    titles = {p.plan_id: p.label(view.lang) for p in view.plans}
    return url_widget(
        st.selectbox,
        t("plan_picker", view.lang),
        "plan",
        view.plan_id,
        view.default_plan,
        options=list(titles),
        format_func=titles.get,
        help=t("plan_picker_help", view.lang),
    )
