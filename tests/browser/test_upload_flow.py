"""An editor uploads a file as Chinese Excel saves it, previews, commits; a colleague opens the link and sees it.
A file with bad rows lists each row's problem and stores nothing."""

from __future__ import annotations

import datetime as dt

from browsing import exceptions, main_text, open_rendered, wait_done
from upload_files import csv_bytes

from tracker.i18n import t
from tracker.store import Store

# The figures uploader (its accept list has .tsv): the page also holds the notes and the plan uploaders.
UPLOADER = "[data-testid='stFileUploader'] input[type='file'][accept*='.tsv']"


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


def test_the_chinese_uploader_shows_no_streamlit_english(app_server, new_page):
    page = new_page()
    open_rendered(page, app_server.url("upload"))
    zone = page.locator("[data-testid='stFileUploaderDropzone']").filter(has=page.locator(UPLOADER.split("] ", 1)[1]))
    zone.wait_for()
    shown = zone.evaluate(
        """zone => [...zone.querySelectorAll('*')].filter(e => e.offsetParent !== null || e === zone)
             .map(e => getComputedStyle(e).fontSize === '0px' || getComputedStyle(e).display === 'none' ? ''
                       : [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(''))
             .join(' ') + ' ' + [...zone.querySelectorAll('*')].map(e => getComputedStyle(e, '::after').content)
             .filter(c => c && c !== 'none').join(' ')"""
    )
    for english in ("Upload", "Browse", "Drag", "per file", "Limit"):
        assert english not in shown, shown
    assert "选择文件" in shown and "把文件拖到这里" in shown, shown
    caption = page.locator("[data-testid='stCaptionContainer']").filter(has_text="单个文件最大 20 MB")
    assert "CSV、TXT、TSV、XLSX" in caption.first.inner_text()
    assert not exceptions(page)


def test_a_chinese_upload_previews_stores_and_clears_the_form(app_server, new_page):
    before = latest_revision(app_server)
    page = new_page()
    open_rendered(page, app_server.url("upload"))
    upload(page, "新数据.csv", csv_bytes([["gdp", "2019年", "1,200.5", "快报", "统计局"]], encoding="gbk"))
    page.locator("[data-testid='stAlertContentInfo']").filter(has_text="预览").wait_for()
    wait_done(page)
    grid = page.locator("[data-testid='stDataFrame'] [role='gridcell']")
    grid.first.wait_for(state="attached")  # the table is a canvas; its accessible grid carries the cells as text
    cells = grid.all_inner_texts()
    assert "—" in cells and "快报" in cells and "统计局" in cells, cells
    assert not [c for c in cells if c in ("nan", "None", "NaN")], cells
    assert page.locator("[data-testid='stAlertContentWarning']").filter(has_text="变化较大").count() == 0
    page.get_by_label("提交人").fill("王芳")
    page.get_by_label("修订说明").fill("2019年数据")
    page.get_by_role("button", name="保存为新版本").click()
    page.locator("[data-testid='stAlertContentSuccess']").filter(has_text=f"第 {before + 1} 版").wait_for()
    wait_done(page)
    assert latest_revision(app_server) == before + 1
    assert page.locator("[data-testid='stDataFrame']").count() == 0, "the preview is gone"
    assert page.locator("[data-testid='stFileUploaderFile']").count() == 0, "the uploader holds no file"
    page.locator("[data-testid='stMain'] [data-testid='stPageLink'] a").filter(has_text="查看总览").click()
    page.wait_for_url(lambda url: url.rstrip("/") == app_server.base_url)
    assert not exceptions(page)


def test_the_copy_button_is_visible_and_copies_the_link(app_server, new_page):
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.base_url)
    open_rendered(page, app_server.url("doubling", lang="en"))
    page.locator("[data-testid='stSidebar'] [data-testid='stPopover'] button").filter(
        has_text=t("share_title", "en")
    ).click()
    button = page.get_by_role("button", name=t("share_copy", "en"))
    button.wait_for()
    assert button.is_visible(), "visible without hovering"
    warning = page.locator("[data-testid='stAlertContentWarning']").filter(has_text="colleagues cannot open it")
    assert warning.count() == 1 and "TRACKER_PUBLIC_URL" in warning.inner_text()  # the server is on 127.0.0.1
    shown = page.locator("[data-testid='stCode'] code").first.inner_text().strip()
    button.click()
    page.get_by_text(t("share_copied", "en")).wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == shown == f"{app_server.base_url}/doubling?lang=en"
    assert not exceptions(page)
