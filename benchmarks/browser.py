"""The overview in Chromium: from navigation until the script has finished and every chart has drawn, against a
bare one-line Streamlit page served the same way.

``python -m benchmarks.browser`` prints the row alone (a fresh SQLite store, seeded by the first load)."""

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


def median_load_s(browser, urls: list[str], loads: int = LOADS) -> list[float]:
    """Median seconds from goto to rendered of each of ``urls`` over ``loads`` navigations (after one warm-up),
    one context each; the loads alternate between the urls, so that a burst of load on the machine falls on all."""
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in urls]
    pages = [context.new_page() for context in contexts]
    for page, url in zip(pages, urls):
        open_rendered(page, url)
    times: list[list[float]] = [[] for _ in urls]
    for _ in range(loads):
        for page, url, seconds in zip(pages, urls, times):
            start = time.perf_counter()
            open_rendered(page, url)
            seconds.append(time.perf_counter() - start)
    for context in contexts:
        context.close()
    return [statistics.median(seconds) for seconds in times]


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
                floor, figure = median_load_s(browser, [bare.url(""), app.url("")])
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
            "(tests/browser/browsing.py, open_rendered); the same check for the bare page; loads alternated",
        )
    ]


if __name__ == "__main__":
    from benchmarks.measure import table

    with tempfile.TemporaryDirectory() as store_dir:
        print(table(browser_rows(f"sqlite:///{store_dir}/shipped.db")))
