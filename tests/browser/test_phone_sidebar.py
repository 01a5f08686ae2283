"""On a phone the sidebar covers the page: tapping one of its page links opens the page and closes the sidebar."""

from __future__ import annotations

import pytest
from browsing import exceptions, open_rendered, wait_done

COLLAPSED = "[data-testid='stSidebar'][data-collapsed='{}']"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tapping_a_page_link_on_a_phone_closes_the_sidebar(app_server, new_page, lang):
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    open_rendered(page, app_server.url("", **({"lang": lang} if lang != "zh" else {})))
    page.locator(COLLAPSED.format("true")).wait_for(state="attached")
    page.locator("[data-testid='stExpandSidebarButton']").click()
    page.locator(COLLAPSED.format("false")).wait_for(state="attached")
    page.locator("[data-testid='stSidebar'] a[href*='doubling']").first.click()
    page.wait_for_url("**/doubling*")
    page.locator(COLLAPSED.format("true")).wait_for(state="attached")
    wait_done(page)
    assert not exceptions(page)
    assert (lang == "en") == ("lang=en" in page.url), "the link keeps the language"
