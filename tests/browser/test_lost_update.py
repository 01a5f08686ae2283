"""Nothing lost: an editor previews a file, a colleague stores the same figure from the CLI meanwhile, and "Store"
is refused, naming the figure, instead of silently replacing the colleague's value."""

from __future__ import annotations

import os
import subprocess
import sys

from browsing import ROOT, exceptions, wait_done
from browsing import open_rendered as open_page
from test_upload_flow import latest_revision, upload
from upload_files import csv_bytes

from tracker.store import Store


def stored(server, indicator_id: str, period: str) -> float | None:
    with Store(server.database_url) as store:
        figures = store.figures()
    match = figures[(figures["indicator_id"] == indicator_id) & (figures["period"] == period)]
    return float(match["value"].iloc[0]) if len(match) else None


def cli_import(server, path) -> str:
    """``python -m tracker import`` against the server's database, as a colleague at a terminal runs it."""
    env = {**os.environ, "TRACKER_DATABASE_URL": server.database_url}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker",
            "import",
            str(path),
            "--author",
            "colleague",
            "--comment",
            "GDP 2024 from the bureau",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_figure_stored_from_the_cli_after_the_preview_is_not_overwritten(app_server, new_page, tmp_path):
    period = "2024"
    if stored(app_server, "gdp", period) is not None:  # another test stored gdp 2024: use a period nobody has
        period = "2024-11"
    label = "2024年" if period == "2024" else "2024年1-11月"
    page = new_page()
    open_page(page, app_server.url("upload", lang="en"))
    upload(page, "gdp.csv", csv_bytes([["gdp", label, "2,046.8", "初步核算", "济南市统计局"]], encoding="gbk"))
    summary = page.locator("[data-testid='stAlertContentInfo']").filter(has_text="Preview:")
    summary.wait_for()
    wait_done(page)
    assert "1 new" in summary.inner_text(), summary.inner_text()

    colleague_file = tmp_path / "colleague.csv"
    colleague_file.write_bytes(csv_bytes([["gdp", label, "2100", "", "济南市统计局"]], encoding="gbk"))
    their_output = cli_import(app_server, colleague_file)
    assert "1 added" in their_output, their_output
    their_revision = latest_revision(app_server)
    assert stored(app_server, "gdp", period) == 2100.0

    page.get_by_label("Author").fill("王芳")
    page.get_by_label("Comment").fill("2024年GDP初步核算")
    page.get_by_role("button", name="Store as a new revision").click()
    refusal = page.locator("[data-testid='stAlertContentError']").filter(has_text="Not stored")
    refusal.wait_for()
    wait_done(page)
    text = refusal.inner_text()
    assert f"gdp {period}" in text and "2,100" in text and "2,046.8" in text, text
    assert page.locator("[data-testid='stAlertContentSuccess']").count() == 0
    assert stored(app_server, "gdp", period) == 2100.0, "the colleague's figure must still be stored"
    assert latest_revision(app_server) == their_revision
    assert not exceptions(page)

    # Checking again compares with the newest figures: the preview now shows the colleague's 2,100 as the old value.
    page.get_by_role("button", name="Check again").click()
    summary = page.locator("[data-testid='stAlertContentInfo']").filter(has_text="1 changed")
    summary.wait_for()
    wait_done(page)
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert stored(app_server, "gdp", period) == 2100.0
    assert not exceptions(page)
