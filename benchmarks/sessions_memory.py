"""The app server's memory after 20 sessions have opened every page, against after one session: what a session
costs the server (a per-session copy of a snapshot or of the figures would make it grow with every reader).

``python -m benchmarks.sessions_memory [SESSIONS]`` prints the row alone."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.measure import Row, table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # the browser tests' server and waiting helpers

from browsing import TIMEOUT_MS, AppServer, launch_chromium, open_rendered, wait_done  # noqa: E402

SESSIONS = 20
GOAL = 1.5
LINKS = "[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']"


def resident_mb(pid: int) -> float:
    """VmRSS of a process and of its children, in MB."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total


def open_every_page(browser, server: AppServer):
    """One session (one browser context, one websocket) opening the overview and then every page of the
    navigation through the sidebar's links, as a reader clicks them (a link keeps the session; a typed address
    would start a new one). Returns the context, left open: its session stays active on the server."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    open_rendered(page, server.url(""))
    for index in range(1, page.locator(LINKS).count()):
        link = page.locator(LINKS).nth(index)
        path = urlsplit(link.get_attribute("href") or "").path.strip("/")
        link.click(timeout=TIMEOUT_MS)
        page.wait_for_url(lambda url, path=path: urlsplit(url).path.strip("/") == path, timeout=TIMEOUT_MS)
        page.wait_for_timeout(200)  # the page's rerun starts
        wait_done(page)
    return context


def sessions_memory_row(sessions: int = SESSIONS) -> Row:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        server = AppServer(f"sqlite:///{tmp}/sessions.db")
        try:
            server.wait_healthy()
            browser = launch_chromium(playwright)
            contexts = [open_every_page(browser, server)]
            time.sleep(2)
            one = resident_mb(server.process.pid)
            for _ in range(sessions - 1):
                contexts.append(open_every_page(browser, server))
            time.sleep(2)
            many = resident_mb(server.process.pid)
            pages = contexts[0].pages[0].locator(LINKS).count()
            for context in contexts:
                context.close()
            browser.close()
        finally:
            server.stop()
    return Row(
        f"app server memory after {sessions} sessions opened every page",
        many,
        "MB",
        one,
        "after one session",
        GOAL,
        note=f"sessions: the server's VmRSS (with children) after one browser context opened all {pages} pages "
        "through the sidebar's links (the shipped figures, a fresh SQLite store), then after "
        f"{sessions - 1} more contexts did the same, every context still open",
    )


if __name__ == "__main__":
    print(table([sessions_memory_row(int(sys.argv[1]) if len(sys.argv) > 1 else SESSIONS)]))
