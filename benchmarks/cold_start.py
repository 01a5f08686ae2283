"""Cold start: from starting the server (``streamlit run dashboard.py`` on a fresh SQLite store) to the first
rendered overview in Chromium, against the same for a bare one-line Streamlit app.

Both servers run as Python does by default, caching the bytecode of what they import in ``__pycache__`` (a
machine may set PYTHONDONTWRITEBYTECODE; it is left out of the servers' environment), and each is started once
before the timed runs, as a deployment's first start writes that cache: the figure is of a later start, on a fresh
store. The libraries come with their bytecode already; without this, only the app's own modules would be compiled
anew at each start.

``python -m benchmarks.cold_start [RUNS]`` prints the row alone."""

from __future__ import annotations

import os
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
    no_bytecode = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # the servers inherit this environment
    try:
        return _cold_start_row(runs)
    finally:
        if no_bytecode is not None:
            os.environ["PYTHONDONTWRITEBYTECODE"] = no_bytecode


def _cold_start_row(runs: int) -> Row:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        browser = launch_chromium(playwright)
        # warm-up: the disk cache, Chromium's first page, the bytecode of what each server imports
        start_to_rendered_s(browser, None, bare)
        start_to_rendered_s(browser, f"sqlite:///{tmp}/cold-warm-up.db", ROOT / "dashboard.py")
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
        "for a one-line app; bytecode cached as Python does by default, each server started once before; runs "
        f"alternated; app {_seconds(app_s)} s (healthy after {_seconds(app_up)}), bare "
        f"{_seconds(bare_s)} s (healthy after {_seconds(bare_up)})",
    )


def _seconds(times: list[float]) -> str:
    return ", ".join(f"{s:.2f}" for s in times)


if __name__ == "__main__":
    print(table([cold_start_row(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS)]))
