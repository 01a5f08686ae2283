"""Issue 14 in a real browser: with review on, a department editor is refused on another department's indicator (the
row and the owner named), submits its own; a viewer never sees the pending figure; the planning office publishes it
on the review page with its name, and the history shows the reviewer. A second submission is returned."""

from __future__ import annotations

import pytest
from browsing import AppServer, exceptions, main_text, open_rendered, wait_done
from upload_files import csv_bytes

from tracker.i18n import t
from tracker.store import Store

EDITOR, STATS = "planning-office-passphrase", "stats-bureau-passphrase"
SECRETS = f"""editor_passcode = "{EDITOR}"
review = true
[departments.stats]
passcode = "{STATS}"
[departments.sci_tech]
passcode = "sci-tech-passphrase"
"""
UPLOADER = "[data-testid='stFileUploader'] input[type='file'][accept*='.tsv']"
HEADER = ["indicator_id", "period", "value", "note", "source"]
OWN = csv_bytes([["gdp", "2025", "1912.6", "", "区统计局"]], header=HEADER)
MIXED = csv_bytes([["gdp", "2025", "1912.6", "", ""], ["hightech_enterprises", "2025", "2600", "", ""]], header=HEADER)


@pytest.fixture
def review_server(tmp_path, chromium_path):
    database = f"sqlite:///{tmp_path / 'tracker.db'}"
    server = AppServer(database, secrets=SECRETS)
    server.database_url = database
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


def sign_in(page, server, path: str, passcode: str, lang: str, then: str) -> None:
    """Open ``path``, give ``passcode`` and wait for the text ``then`` the signed-in page shows."""
    open_rendered(page, server.url(path, lang=lang))
    page.get_by_label(t("passcode", lang)).fill(passcode)
    page.get_by_role("button", name=t("passcode_submit", lang)).click()
    # exact: "Publish" is also the start of the review page's intro ("Publishing checks..."), shown before signing in
    page.get_by_text(then, exact=True).first.wait_for()
    wait_done(page)


def upload(page, name: str, data: bytes) -> None:
    page.locator(UPLOADER).set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    wait_done(page)


def submit(page, lang: str, comment: str) -> None:
    page.get_by_label(t("department_author", lang)).fill("王伟")
    page.get_by_label(t("comment", lang)).fill(comment)
    page.get_by_role("button", name=t("department_submit", lang)).click()
    page.locator("[data-testid='stAlertContentSuccess']").wait_for()
    wait_done(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_department_submits_and_the_planning_office_publishes(review_server, new_page, lang):
    department = new_page()
    sign_in(department, review_server, "upload", STATS, lang, t("department_due_title", lang))
    upload(department, "mixed.csv", MIXED)
    department.locator("[data-testid='stAlertContentError']").wait_for()
    text = main_text(department)
    assert "hightech_enterprises" in text and ("区科技局" in text or "Science and technology bureau" in text), text
    assert department.get_by_role("button", name=t("department_submit", lang)).count() == 0
    upload(department, "own.csv", OWN)
    submit(department, lang, "2025")
    with Store(review_server.database_url) as store:
        assert store.latest_revision() == 1  # a submission, not a revision

    viewer = new_page()
    open_rendered(viewer, review_server.url("indicator", lang=lang, indicator="gdp"))
    assert "1,912.6" not in main_text(viewer)

    office = new_page()
    sign_in(office, review_server, "review", EDITOR, lang, t("review_publish", lang))
    assert "王伟" in main_text(office)
    office.get_by_label(t("review_reviewer", lang)).first.fill("李娜")
    office.get_by_text(t("review_confirm", lang)).click()
    office.get_by_role("button", name=t("review_publish", lang)).click()
    office.locator("[data-testid='stAlertContentSuccess']").wait_for()
    wait_done(office)
    assert "李娜" in main_text(office)
    with Store(review_server.database_url) as store:
        info = store.revision(2)
    assert (info.author, info.department, info.reviewer, info.channel) == ("王伟", "stats", "李娜", "page")

    # a second submission goes back with a comment, and stores nothing
    upload(department, "later.csv", csv_bytes([["gdp", "2025", "1915", "", ""]], header=HEADER))
    submit(department, lang, "revised")
    sign_in(office, review_server, "review", EDITOR, lang, t("review_return", lang))  # a new load: a new session
    office.get_by_label(t("review_return_comment", lang)).fill("请附来源")
    office.get_by_label(t("review_reviewer", lang)).last.fill("李娜")
    office.get_by_role("button", name=t("review_return", lang), exact=True).click()
    office.locator("[data-testid='stAlertContentSuccess']").wait_for()
    wait_done(office)
    with Store(review_server.database_url) as store:
        assert store.latest_revision() == 2

    open_rendered(viewer, review_server.url("history", lang=lang))
    # the history (its table a canvas, the reviewer checked in the store above) offers the filter by department
    assert t("history_department", lang) in main_text(viewer)
    pinned = new_page()
    open_rendered(pinned, review_server.url("indicator", lang=lang, indicator="gdp", rev="1"))
    assert "1,912.6" not in main_text(pinned)  # a pinned link never changes
    assert not exceptions(department) and not exceptions(office) and not exceptions(viewer)
