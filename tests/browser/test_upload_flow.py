"""An editor uploads a file as Chinese Excel saves it, previews, commits; a colleague opens the link and sees it.
A file with bad rows lists each row's problem and stores nothing."""

from __future__ import annotations

import datetime as dt

from browsing import exceptions, main_text, open_rendered, wait_done
from upload_files import csv_bytes

from tracker.i18n import t
from tracker.store import Store

UPLOADER = "[data-testid='stFileUploader'] input[type='file']"


def upload(page, name: str, data: bytes) -> None:
    page.locator(UPLOADER).set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def latest_revision(server) -> int:
    with Store(server.database_url) as store:
        return store.latest_revision()


def shared_link(page) -> str:
    """The link the share control offers when the page has one, else the address bar (the view lives in it).

    The control sits in the sidebar's "Share this view" popover, drawn only when opened."""
    opener = page.locator("[data-testid='stSidebar'] [data-testid='stPopover'] button").filter(
        has_text=t("share_title", "en")
    )
    if opener.count():
        opener.click()
        page.locator("[data-testid='stCode'] code").first.wait_for()
    share = page.locator("[data-testid='stCode'] code, [data-testid='stCodeBlock'] code").filter(has_text="http")
    if share.count():
        return share.first.inner_text().strip()
    return page.url


def test_editor_uploads_gbk_csv_and_a_colleague_sees_the_new_figure(app_server, new_page):
    before = latest_revision(app_server)
    data = csv_bytes([["gdp", "2024年", "2,046.8", "初步核算", "济南市统计局"]], encoding="gbk")
    editor = new_page()
    open_rendered(editor, app_server.url("upload", lang="en"))
    upload(editor, "高新区指标.csv", data)
    summary = editor.locator("[data-testid='stAlertContentInfo']").filter(has_text="Preview:")
    summary.wait_for()
    wait_done(editor)
    assert "1 new" in summary.inner_text() or "1 changed" in summary.inner_text(), summary.inner_text()
    editor.get_by_label("Author").fill("王芳")
    editor.get_by_label("Comment").fill("2024年GDP初步核算")
    editor.get_by_role("button", name="Store as a new revision").click()
    stored = editor.locator("[data-testid='stAlertContentSuccess']")
    stored.wait_for()
    wait_done(editor)
    assert f"Stored as revision {before + 1}" in stored.inner_text()
    assert latest_revision(app_server) == before + 1
    assert not exceptions(editor)

    # The editor opens the overview, sees the new figure, and shares that view.
    open_rendered(editor, app_server.url("", lang="en"))
    assert "2,046.8 (100 million yuan) (2024)" in main_text(editor)
    link = shared_link(editor)
    assert "lang=en" in link and "rev=" not in link, link

    colleague = new_page()
    open_rendered(colleague, link)
    text = main_text(colleague)
    assert "2,046.8 (100 million yuan) (2024)" in text, text[:2000]
    assert not exceptions(colleague)


def test_bad_rows_are_listed_and_nothing_is_stored(app_server, new_page):
    future = str(dt.date.today().year + 2)
    rows = [  # (row in the spreadsheet, cells, a word the problem must quote)
        (2, ["gpd", "2023", "1767.3", "", ""], "gpd"),
        (3, ["gdp", "去年", "1767.3", "", ""], "去年"),
        (4, ["gdp", "2022", "约一千七", "", ""], "约一千七"),
        (5, ["gdp", "2021", "3200家", "", ""], "3200家"),
        (6, ["gdp", future, "1767.3", "", ""], future),
        (7, ["hightech_enterprises", "2022", "-5", "", ""], "-5"),
    ]
    good = ["gdp", "2019", "1111.1", "", ""]  # fine on its own, but nothing is stored when any row is bad
    data = csv_bytes([cells for _, cells, _ in rows] + [good], encoding="gbk")
    before = latest_revision(app_server)
    page = new_page()
    open_rendered(page, app_server.url("upload", lang="en"))
    upload(page, "bad.csv", data)
    error = page.locator("[data-testid='stAlertContentError']")
    error.wait_for()
    wait_done(page)
    assert f"{len(rows)} problem(s) found" in error.inner_text()
    # The problems table is drawn on a canvas; its accessible grid carries the cells as text.
    cells = page.locator("[data-testid='stDataFrame'] [role='gridcell']")
    cells.first.wait_for(state="attached")
    texts = cells.all_inner_texts()
    listed = {texts[i]: texts[i + 2] for i in range(0, len(texts) - 2, 3)}  # row -> problem
    for row, _, quoted in rows:
        assert quoted in listed.get(str(row), ""), f"row {row}: {listed.get(str(row))!r}"
    assert "8" not in listed, "the good row has no problem"
    assert page.locator("form").filter(has_text="Store as a new revision").count() == 0
    assert latest_revision(app_server) == before
    assert not exceptions(page)
