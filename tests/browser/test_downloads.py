"""Each download button on each page delivers a file that opens: CSV and XLSX parse into tables, PNG and SVG are
images, the HTML report is a document."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
from browsing import exceptions, open_rendered, wait_done
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tracker.i18n import t

PAGES = ["", "doubling", "industries", "indicator", "upload", "history", "method"]


def parse(name: str, data: bytes) -> str:
    """Open a downloaded file as its kind says; returns a short description, raises if it does not parse."""
    suffix = Path(name).suffix.lower()
    assert data, f"{name} is empty"
    if suffix == ".csv":
        frame = pd.read_csv(io.BytesIO(data), dtype=str, encoding="utf-8-sig")
        assert len(frame.columns) >= 2, f"{name}: columns {list(frame.columns)}"
        return f"CSV {frame.shape}"
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        rows = sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(values_only=True))
        assert rows >= 1, f"{name}: no rows"
        return f"XLSX {len(book.worksheets)} sheet(s), {rows} rows"
    if suffix == ".png":
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            assert image.size[0] > 50 and image.size[1] > 50, f"{name}: {image.size}"
            return f"PNG {image.size}"
    if suffix == ".svg":
        root = ET.fromstring(data)
        assert root.tag.endswith("svg"), f"{name}: root {root.tag}"
        return "SVG"
    if suffix in (".html", ".htm"):
        text = data.decode("utf-8")
        HTMLParser().feed(text)
        assert "<html" in text.lower() and "</html>" in text.lower(), f"{name}: not a whole document"
        return f"HTML {len(data) // 1024} KB"
    if suffix == ".docx":  # the evaluation report: headings and the targets' table
        import docx

        document = docx.Document(io.BytesIO(data))
        assert document.tables and any(p.style.name.startswith("Heading") for p in document.paragraphs), name
        return f"DOCX {len(document.tables[0].rows)} table rows"
    if suffix == ".pdf":
        from pypdf import PdfReader

        assert data.startswith(b"%PDF"), f"{name}: not a PDF"
        return f"PDF {len(PdfReader(io.BytesIO(data)).pages)} pages"
    raise AssertionError(f"{name}: a download of a kind this test does not know how to open")


def open_downloads(page, lang: str = "en") -> None:
    """The downloads sit in the sidebar's "Downloads" popover, drawn only when opened: open it when it is shut."""
    buttons = page.locator("[data-testid='stDownloadButton'] button:visible")
    if not buttons.count():
        page.locator("[data-testid='stSidebar'] [data-testid='stPopover'] button").filter(
            has_text=t("downloads_title", lang)
        ).click()
        buttons.first.wait_for()
    wait_done(page)


def click_download(page, button, what: str, lang: str = "en"):
    """Click a download button and return the download. The file is made on the server when asked (a callable):
    on a loaded machine the first click can land while the page is still settling, so one more click is allowed
    before the test fails, naming the button."""
    for attempt in (1, 2):
        open_downloads(page, lang)  # (again, should a click have shut the popover)
        try:
            with page.expect_download(timeout=90_000) as info:
                button.click()
            return info.value
        except PlaywrightTimeout:
            if attempt == 2:
                raise AssertionError(f"{what}: no file after two clicks") from None
    raise AssertionError(what)


def test_every_download_button_delivers_a_file_that_parses(app_server, new_page):
    page = new_page(accept_downloads=True)
    checked: dict[str, str] = {}
    counts: dict[str, int] = {}
    for path in PAGES:
        open_rendered(page, app_server.url(path, lang="en"))
        open_downloads(page)
        # Streamlit keeps a hidden copy of each button (for measuring): only the visible ones are the user's.
        buttons = page.locator("[data-testid='stDownloadButton'] button:visible")
        counts[path] = buttons.count()
        for i in range(counts[path]):
            button = buttons.nth(i)
            label = button.inner_text().strip()
            download = click_download(page, button, f"/{path} «{label}»")
            name = download.suggested_filename
            if name in checked:
                continue
            data = Path(download.path()).read_bytes()
            checked[name] = f"/{path} «{label}»: " + parse(name, data)
        assert counts[path] >= 1, f"/{path} offers no download"
        assert not exceptions(page), f"/{path}: {exceptions(page)}"
    print(counts)
    print("\n".join(f"{name}: {what}" for name, what in sorted(checked.items())))
    kinds = {Path(name).suffix for name in checked}
    assert {".csv", ".xlsx"} <= kinds, f"downloads found: {sorted(checked)}"


def test_the_downloaded_indicator_chart_is_the_one_on_the_page(app_server, new_page):
    """The SVG a reader downloads from the indicator page names the unit on its axis as the page's chart does (it
    once said "Value" where the page said "Value (enterprises)")."""
    page = new_page(accept_downloads=True)
    open_rendered(page, app_server.url("indicator", lang="en", indicator="hightech_enterprises"))
    on_page = page.locator("[data-testid='stVegaLiteChart']").first.inner_html()
    open_downloads(page)
    button = page.locator("[data-testid='stDownloadButton'] button:visible").filter(has_text="SVG").first
    svg = Path(click_download(page, button, "/indicator «SVG»").path()).read_text(encoding="utf-8")
    assert "Value (enterprises)" in svg
    assert "Value (enterprises)" in on_page
    assert not exceptions(page), exceptions(page)


def test_a_chinese_page_downloads_chinese_tables(app_server, new_page):
    """From a zh page the status table and the upload template have Chinese headers (and the template an
    explanation sheet); the figures file keeps the column names an upload reads back."""
    from tracker.export import report_headers
    from tracker.template import sheet_names, template_headers

    page = new_page(accept_downloads=True)
    open_rendered(page, app_server.url("upload"))
    got = {}
    for button in page.locator("[data-testid='stMain'] [data-testid='stDownloadButton'] button:visible").all():
        download = click_download(page, button, f"/upload «{button.inner_text()}»", "zh")
        got[download.suggested_filename] = Path(download.path()).read_bytes()
    open_rendered(page, app_server.url("method"))  # a page with no download button of its own
    open_downloads(page, "zh")
    status = page.locator("[data-testid='stDownloadButton'] button:visible").filter(has_text="CSV").nth(1)
    download = click_download(page, status, "/method «进度评估表 CSV»", "zh")
    got[download.suggested_filename] = Path(download.path()).read_bytes()
    (status_name,) = [name for name in got if name.endswith("-status-zh.csv")]  # tracker-r<latest>-status-zh.csv
    assert set(got) == {"tracker-template-zh.csv", "tracker-template-zh.xlsx", status_name}, sorted(got)
    frame = pd.read_csv(io.BytesIO(got[status_name]), dtype=str, encoding="utf-8-sig")
    assert list(frame.columns) == report_headers("zh") and "高新区地区生产总值" in set(frame["指标名称"])
    frame = pd.read_csv(io.BytesIO(got["tracker-template-zh.csv"]), dtype=str, encoding="utf-8-sig")
    assert list(frame.columns) == template_headers("zh")
    book = openpyxl.load_workbook(io.BytesIO(got["tracker-template-zh.xlsx"]))
    assert book.sheetnames == list(sheet_names("zh"))
    assert not exceptions(page), exceptions(page)
