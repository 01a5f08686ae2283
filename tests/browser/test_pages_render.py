"""Every page renders in a real browser, in Chinese and in English, with no exception box; the overview names every
indicator of the plan."""

from __future__ import annotations

import pytest
from browsing import exceptions, main_text, open_rendered

from tracker.i18n import t
from tracker.plan import load_plan

# url path -> the heading a reader sees first
PAGES = {
    "": "app_title",
    "doubling": "page_doubling",
    "industries": "page_industries",
    "indicator": "page_indicator",
    "upload": "page_upload",
    "history": "page_history",
    "method": "method_title",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_without_exception(app_server, new_page, lang):
    page = new_page()
    for path, heading in PAGES.items():
        open_rendered(page, app_server.url(path, lang=None if lang == "zh" else lang))
        assert not exceptions(page), f"/{path} ({lang}): {exceptions(page)}\n{app_server.log_tail()}"
        headings = page.locator("[data-testid='stMain'] h1, [data-testid='stMain'] h2").all_inner_texts()
        assert any(t(heading, lang) in h for h in headings), f"/{path} ({lang}) headings: {headings}"
        # The sidebar navigation speaks the page's language too.
        links = page.locator("[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']")
        links.first.wait_for(state="attached")
        nav = " ".join(links.all_text_contents())
        assert t("page_doubling", lang) in nav and t("page_method", lang) in nav


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_names_every_indicator(app_server, new_page, lang):
    page = new_page()
    open_rendered(page, app_server.url("", lang=None if lang == "zh" else lang))
    text = main_text(page)
    column = "name_zh" if lang == "zh" else "name_en"
    missing = [name for name in load_plan().indicators[column] if name not in text]
    assert not missing, f"not on the {lang} overview: {missing}"
    assert not exceptions(page)
