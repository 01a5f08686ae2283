"""An editor imports the 2026–2030 plan workbook in the upload page's plan tab, previews it, stores it, and sees the
plan's revision on the history page (issue 12 §1–2, the page path in a real browser)."""

from __future__ import annotations

import pandas as pd
import pytest
from browsing import AppServer, exceptions, open_rendered, wait_done
from plan_files import fifteenth_plan_xlsx

from tracker.i18n import t
from tracker.store import Store

BASELINES = pd.DataFrame(
    [
        ("gdp", "2025", 2200.0, "示例", "示例"),
        ("rd_intensity", "2025", 8.2, "示例", "示例"),
        ("hightech_enterprises", "2025", 2600.0, "示例", "示例"),
    ],
    columns=["indicator_id", "period", "value", "note", "source"],
)


@pytest.fixture
def plan_server(tmp_path_factory, chromium_path):
    """An app of its own per test: the plan and the 2025 figures it needs would change what other tests see."""
    database = tmp_path_factory.mktemp("plan-db") / "tracker.db"
    url = f"sqlite:///{database}"
    with Store(url) as store:
        store.commit(BASELINES, "统计员", "2025 baselines", 1)
    server = AppServer(url)
    server.database_url = url
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_editor_imports_a_plan_in_the_plan_tab_and_sees_its_revision_in_history(plan_server, new_page, lang):
    lang_param = {"lang": lang} if lang != "zh" else {}
    page = new_page()
    open_rendered(page, plan_server.url("upload", **lang_param))
    page.get_by_role("tab", name=t("upload_tab_plan", lang)).click()
    uploader = page.locator("[data-testid='stFileUploader']").filter(has_text=t("plan_choose_file", lang))
    uploader.locator("input[type='file']").set_input_files(
        files=[{"name": "十五五规划.xlsx", "mimeType": "application/octet-stream", "buffer": fifteenth_plan_xlsx()}]
    )
    preview = page.locator("[data-testid='stAlertContentInfo']").filter(has_text="jinan-2026-example")
    preview.wait_for()
    wait_done(page)
    assert t("plansync_milestones_added", lang, count=6) in preview.inner_text(), preview.inner_text()
    with Store(plan_server.database_url) as store:
        assert store.latest_revision() == 2, "nothing is stored by the preview"
    form = page.locator("[data-testid='stForm']").filter(has_text=t("plan_commit", lang))
    form.get_by_label(t("author", lang)).fill("规划科")
    form.get_by_label(t("comment", lang)).fill("十五五规划")
    form.get_by_role("button", name=t("plan_commit", lang)).click()
    stored = page.locator("[data-testid='stAlertContentSuccess']")
    stored.wait_for()
    wait_done(page)
    assert t("plan_stored", lang, rev=3, plan_id="jinan-2026-example") in stored.inner_text().replace("\\", "")
    assert not exceptions(page)
    with Store(plan_server.database_url) as store:
        assert store.latest_revision() == 3 and "jinan-2026-example" in set(store.plans()["plan_id"])

    # The history lists the plan's revision and what it changed.
    open_rendered(page, plan_server.url("history", **lang_param))
    cells = page.locator("[data-testid='stDataFrame'] [role='gridcell']")
    cells.first.wait_for(state="attached")
    listed = " | ".join(cells.all_inner_texts())
    assert "十五五规划" in listed, listed[:2000]  # the revision's comment
    line = t("restore_preview_plan", lang, plan_id="jinan-2026-example", changes="")
    assert line in listed and t("plansync_milestones_added", lang, count=6) in listed, listed[:2000]
    assert not exceptions(page)
