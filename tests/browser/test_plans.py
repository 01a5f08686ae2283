"""Two plans in a real browser (issue 12 §3): a link with ?plan= opens that plan (its title on the page and in the
picker), a page link keeps it, and the compare page shows both plans' titles."""

from __future__ import annotations

import re

import pytest
from browsing import TIMEOUT_MS, AppServer, exceptions, main_text, open_rendered, wait_done
from playwright.sync_api import expect

from tests.two_plans import EXAMPLE_PLAN, EXAMPLE_TITLES, add_example_plan
from tracker.plan import SHIPPED_PLAN


@pytest.fixture(scope="module")
def two_plan_server(tmp_path_factory, chromium_path):
    """The app against its own database holding the shipped plan and the example 2026–2030 plan."""
    from tracker.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('two-plans') / 'tracker.db'}"
    store = Store(url)
    try:
        add_example_plan(store)
    finally:
        store.close()
    server = AppServer(url)
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_link_to_the_second_plan_opens_it_and_the_page_links_keep_it(two_plan_server, new_page, lang):
    page = new_page()
    open_rendered(page, two_plan_server.url("", lang=None if lang == "zh" else lang, plan=EXAMPLE_PLAN))
    assert not exceptions(page)
    text = main_text(page)
    assert EXAMPLE_TITLES[lang] in text
    assert SHIPPED_PLAN[f"title_{lang}"] not in text
    picker = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input").first
    assert EXAMPLE_TITLES[lang] in picker.input_value()  # "2026年 · <title>"
    # A page link in the sidebar keeps the plan: the indicator page shows the example plan's target.
    page.locator("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']").nth(3).click()
    page.wait_for_url(re.compile(r"/indicator\?"), timeout=TIMEOUT_MS)
    wait_done(page)
    assert f"plan={EXAMPLE_PLAN}" in page.url
    expect(page.locator("[data-testid='stMain']")).to_contain_text("2030", timeout=TIMEOUT_MS)
    assert not exceptions(page)


@pytest.mark.parametrize(("lang", "header"), [("zh", "对比规划"), ("en", "Compare plans")])
def test_the_compare_page_shows_both_plans(two_plan_server, new_page, lang, header):
    page = new_page()
    open_rendered(page, two_plan_server.url("compare", lang=None if lang == "zh" else lang))
    assert not exceptions(page)
    text = main_text(page)
    assert header in text
    assert SHIPPED_PLAN[f"title_{lang}"] in text and EXAMPLE_TITLES[lang] in text
