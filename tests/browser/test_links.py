"""Links reproduce a view: a link pinned to a revision keeps its numbers after newer uploads; the language stays
while moving between pages; back and forward show the right page with nothing stale."""

from __future__ import annotations

import subprocess
import sys

from browsing import ROOT, exceptions, main_text, open_rendered, wait_done
from upload_files import csv_bytes

from tracker.i18n import t


def import_with_cli(server, tmp_path, rows: list[list[str]]) -> None:
    """A second editor stores figures through `python -m tracker import`, the same calls the page makes."""
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_bytes(rows, encoding="gbk"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker",
            "--db",
            server.database_url,
            "import",
            str(path),
            "--author",
            "李明",
            "--comment",
            "年末数",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_link_pinned_to_revision_1_keeps_the_old_figure_after_an_upload(app_server, new_page, tmp_path):
    import_with_cli(app_server, tmp_path, [["hightech_enterprises", "2024年12月", "2,650", "", "科技局"]])
    page = new_page()
    open_rendered(page, app_server.url("", lang="en"))
    assert "2,650 enterprises (Dec 2024)" in main_text(page)

    colleague = new_page()
    open_rendered(colleague, app_server.url("", lang="en", rev=1))
    text = main_text(colleague)
    assert "2,400 enterprises (Sep 2024)" in text, text[:1500]
    assert "2,650" not in text
    assert "revision 1" in text and "newer figures exist" in text, "a pinned view says so"
    assert not exceptions(colleague)


def test_back_and_forward_between_overview_and_doubling(app_server, new_page):
    page = new_page()
    open_rendered(page, app_server.url("", lang="en"))
    overview_charts = page.locator("[data-testid='stVegaLiteChart']").count()  # the overview's own (none: an SVG)
    open_rendered(page, app_server.url("doubling", lang="en", growth=12))
    slider = page.locator("[data-testid='stSlider'] input[type='range']")
    assert slider.input_value() == "12"

    page.go_back()
    page.get_by_role("heading", name=t("app_title", "en")).wait_for()
    wait_done(page)
    assert page.locator("[data-testid='stSlider']").count() == 0, "the doubling slider is stale on the overview"
    assert page.locator("[data-testid='stVegaLiteChart']").count() == overview_charts, "a doubling chart is stale"
    assert t("page_doubling", "en") not in [h for h in page.locator("[data-testid='stMain'] h2").all_inner_texts()]
    assert "/doubling" not in page.url

    page.go_forward()
    page.get_by_role("heading", name=t("page_doubling", "en")).wait_for()
    wait_done(page)
    assert "growth=12" in page.url
    assert slider.input_value() == "12"
    assert page.get_by_role("heading", name=t("app_title", "en")).count() == 0, "the overview is stale"
    assert not exceptions(page)


def test_sidebar_navigation_keeps_the_language_and_back_returns(app_server, new_page):
    page = new_page()
    open_rendered(page, app_server.url("", lang="en"))
    page.locator("[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink'][href^='doubling']").click()
    page.get_by_role("heading", name=t("page_doubling", "en")).or_(
        page.get_by_role("heading", name=t("page_doubling", "zh"))
    ).wait_for()
    wait_done(page)
    assert "/doubling" in page.url
    assert page.get_by_role("heading", name=t("page_doubling", "en")).count() == 1, "English was lost on the way"
    assert "lang=en" in page.url, page.url

    page.go_back()
    page.get_by_role("heading", name=t("app_title", "en")).wait_for()
    wait_done(page)
    assert page.locator("[data-testid='stSlider']").count() == 0
    assert not exceptions(page)
