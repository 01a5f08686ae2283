"""The overview in Chromium: from navigation until the script has finished and every chart has drawn, against a
bare one-line Streamlit page served the same way."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.measure import Row

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # the browser tests' server and waiting helpers

from browsing import AppServer, launch_chromium, open_rendered  # noqa: E402

LOADS = 7
GOAL = 2.0
BARE_APP = "import streamlit as st\nst.write('Target Tracker')\n"  # the floor of the Chromium and cold-start rows


def median_load_s(browser, url: str, loads: int = LOADS) -> float:
    """Median seconds from goto to rendered over ``loads`` navigations (after one warm-up), one context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    open_rendered(page, url)
    times = []
    for _ in range(loads):
        start = time.perf_counter()
        open_rendered(page, url)
        times.append(time.perf_counter() - start)
    context.close()
    return statistics.median(times)


def browser_rows(database_url: str) -> list[Row]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        app, bare = AppServer(database_url), AppServer(None, script=bare_script)
        try:
            app.wait_healthy()
            bare.wait_healthy()
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                floor = median_load_s(browser, bare.url(""))
                figure = median_load_s(browser, app.url(""))
                browser.close()
        finally:
            app.stop()
            bare.stop()
    return [
        Row(
            f"overview in Chromium: navigation to rendered (median of {LOADS})",
            figure,
            "s",
            floor,
            "bare page",
            GOAL,
            note="browser: page.goto until the script has finished (stApp notRunning, no status widget), "
            "no element is still a loading skeleton and every Vega-Lite chart has a canvas/svg "
            "(tests/browser/browsing.py, open_rendered); the same check for the bare page",
        )
    ]
