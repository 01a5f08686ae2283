"""Cold start: from starting the server (``streamlit run dashboard.py`` on a fresh SQLite store) to the first
rendered overview in Chromium, against the same for a bare one-line Streamlit app.

``python -m benchmarks.cold_start [RUNS]`` prints the row alone."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.browser import BARE_APP
from benchmarks.measure import Row, table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # the browser tests' server and waiting helpers

from browsing import AppServer, launch_chromium, open_rendered  # noqa: E402

RUNS = 3
GOAL = 2.0


def start_to_rendered_s(browser, database_url: str | None, script: Path) -> tuple[float, float]:
    """Seconds from starting the server to the first page rendered (the browser is running already): the server
    answers /_stcore/health, then one fresh context opens the root and waits until the script and the charts have
    finished (tests/browser/browsing.py, open_rendered). Returns (to rendered, to healthy) in seconds."""
    start = time.perf_counter()
    server = AppServer(database_url, script=script)
    try:
        server.wait_healthy()
        healthy = time.perf_counter() - start
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        open_rendered(context.new_page(), server.url(""))
        seconds = time.perf_counter() - start
        context.close()
    finally:
        server.stop()
    return seconds, healthy


def cold_start_row(runs: int = RUNS) -> Row:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        browser = launch_chromium(playwright)
        start_to_rendered_s(browser, None, bare)  # warm-up: the disk cache, Chromium's first page
        app_s, bare_s, app_up, bare_up = [], [], [], []
        for run in range(runs):  # alternated, so that a burst of load on the machine falls on both
            store = f"sqlite:///{tmp}/cold-{run}.db"  # a fresh store each time, as on a first deployment
            for times, up, args in ((app_s, app_up, (store, ROOT / "dashboard.py")), (bare_s, bare_up, (None, bare))):
                seconds, healthy = start_to_rendered_s(browser, *args)
                times.append(seconds)
                up.append(healthy)
        browser.close()
    return Row(
        f"cold start: server start to the first rendered overview (median of {runs})",
        statistics.median(app_s),
        "s",
        statistics.median(bare_s),
        "bare app",
        GOAL,
        note="cold start: `streamlit run dashboard.py` (headless, a free port, a fresh SQLite store) until "
        "/_stcore/health answers and a fresh Chromium context has the overview rendered (open_rendered); the same "
        f"for a one-line app; runs alternated; app {_seconds(app_s)} s (healthy after {_seconds(app_up)}), bare "
        f"{_seconds(bare_s)} s (healthy after {_seconds(bare_up)})",
    )


def _seconds(times: list[float]) -> str:
    return ", ".join(f"{s:.2f}" for s in times)


if __name__ == "__main__":
    print(table([cold_start_row(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS)]))
