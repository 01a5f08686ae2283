"""The overview fits about two and a half screens at 1400 px (≤ 2,400 px of page height) and nothing on it overflows
sideways on a 390 px phone, in Chinese and in English (issue 10 §2)."""

from __future__ import annotations

import pytest
from browsing import exceptions, open_rendered

MAX_HEIGHT = 2400  # px at 1400 px wide
# The page's height: Streamlit scrolls an inner container, so the document is as tall as the viewport; the main
# block's bottom edge inside its scrolled container is the height a reader scrolls through.
PAGE_HEIGHT_JS = """() => {
  const block = document.querySelector("[data-testid='stMainBlockContainer']");
  const main = document.querySelector("[data-testid='stMain']");
  return block.getBoundingClientRect().bottom + main.scrollTop;
}"""
# Wider than the screen: the document, the scrolled main container, or any element of the main block.
OVERFLOW_JS = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const wide = Array.from(main.querySelectorAll("*")).filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > window.innerWidth + 1;
  }).map(e => e.className || e.tagName).slice(0, 5);
  return {doc: document.documentElement.scrollWidth, main: main.scrollWidth, inner: window.innerWidth, wide};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_is_at_most_2400_px_tall_at_1400(app_server, new_page, lang):
    page = new_page()
    page.set_viewport_size({"width": 1400, "height": 900})
    open_rendered(page, app_server.url("", lang=None if lang == "zh" else lang))
    assert not exceptions(page)
    height = page.evaluate(PAGE_HEIGHT_JS)
    assert height <= MAX_HEIGHT, f"the {lang} overview is {height:.0f} px tall at 1400 px"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_does_not_overflow_sideways_at_390(app_server, new_page, lang):
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    open_rendered(page, app_server.url("", lang=None if lang == "zh" else lang))
    assert not exceptions(page)
    found = page.evaluate(OVERFLOW_JS)
    assert found["doc"] <= found["inner"] and found["main"] <= found["inner"], found
    assert not found["wide"], found
    # The status counts sit two per row: the first two tiles share a line, the third starts the next.
    tops = page.locator(".tt-tile").evaluate_all("els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    assert len(tops) >= 3 and tops[0] == tops[1] < tops[2], tops


def test_a_status_tile_filters_the_overview_and_its_link_carries_it(app_server, new_page):
    page = new_page()
    open_rendered(page, app_server.url("", lang="en"))
    page.locator("a.tt-tile", has_text="Acceleration needed").click()
    page.wait_for_url("**status=acceleration_needed**")
    open_rendered(page, page.url)  # the address alone shows the filtered page (a link a colleague opens)
    assert "lang=en" in page.url
    # As many rows as the store's status table has targets needing acceleration (the server is shared with other
    # tests that upload figures, so the count is read, not assumed; on the shipped figures GDP's 2028 and 2029).
    from tracker.snapshot import store_snapshot
    from tracker.store import Store

    with Store(app_server.database_url) as store:
        status = store_snapshot(store).status
    expected = int(((status["status"] == "acceleration_needed") & status["target_period"].notna()).sum())
    assert expected >= 1
    assert page.locator(".tt-card").count() == expected
    assert not exceptions(page)
