"""Driving the app in Debian's Chromium: start a server, open pages, wait until Streamlit has finished.

Shared by the browser tests (tests/browser/) and the benchmarks (benchmarks/), which import it by path.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 3000}  # tall: Streamlit scrolls an inner container, a screenshot shows the page
PASSCODE = "browser-test-passcode"  # the editor passcode of the locked test server
TIMEOUT_MS = 90_000  # a slow 2-core machine running the server, the browser and pytest at once

# The script has finished a run: connected, not running, and no status widget ("Running…") on screen; and every
# element is drawn: an element whose code loads on first use (a metric, a progress bar, markdown with HTML) is a
# skeleton until then, which on a first visit can outlast the run.
DONE_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return !!app && app.dataset.testConnectionState === "CONNECTED"
        && app.dataset.testScriptState === "notRunning"
        && !document.querySelector("[data-testid='stStatusWidget']")
        && !document.querySelector("[data-testid='stSkeleton']");
}"""
# Every chart on the page has drawn (Vega-Lite renders into a canvas or an svg inside the element).
CHARTS_DRAWN_JS = """() => Array.from(document.querySelectorAll("[data-testid='stVegaLiteChart']"))
    .every(chart => chart.querySelector("canvas, svg.marks"))"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """``streamlit run`` of a script on a free loopback port, from its own working directory.

    The working directory holds a copy of the repository's .streamlit/config.toml and, when ``secrets`` is given,
    a secrets.toml: a developer's own .streamlit/secrets.toml never leaks into a run.
    """

    def __init__(
        self,
        database_url: str | None,
        script: Path = ROOT / "dashboard.py",
        secrets: str | None = None,
        config: bool = True,
        address: str | None = "127.0.0.1",
    ):
        self.workdir = Path(tempfile.mkdtemp(prefix="tracker-app-"))
        (self.workdir / ".streamlit").mkdir()
        if config and (ROOT / ".streamlit" / "config.toml").exists():
            shutil.copy(ROOT / ".streamlit" / "config.toml", self.workdir / ".streamlit" / "config.toml")
        if secrets is not None:
            (self.workdir / ".streamlit" / "secrets.toml").write_text(secrets, encoding="utf-8")
        self.port = free_port()
        self.log_path = self.workdir / "server.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("TRACKER_DATABASE_URL", None)
        if database_url:
            env["TRACKER_DATABASE_URL"] = database_url
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            # None: Streamlit's default, every interface (it listens on "::", and a browser at 127.0.0.1 is seen
            # as the IPv4-mapped ::ffff:127.0.0.1).
            *(["--server.address", address] if address else []),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, cwd=self.workdir, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self.base_url = f"http://127.0.0.1:{self.port}"

    def wait_healthy(self, timeout_s: float = 90.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the app did not answer /_stcore/health in {timeout_s:.0f} s:\n{self.log_tail()}")

    def url(self, path: str = "", **params: str | float) -> str:
        query = urlencode({k: v for k, v in params.items() if v is not None})
        return f"{self.base_url}/{path.lstrip('/')}" + (f"?{query}" if query else "")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._log.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def wait_done(page, timeout_ms: int = TIMEOUT_MS, charts: bool = True) -> None:
    """Wait until Streamlit has finished running the script (and, by default, every chart has drawn)."""
    page.wait_for_function(DONE_JS, timeout=timeout_ms, polling=100)
    if charts:
        page.wait_for_function(CHARTS_DRAWN_JS, timeout=timeout_ms, polling=100)


def open_rendered(page, url: str, timeout_ms: int = TIMEOUT_MS) -> None:
    """Navigate to ``url`` and wait until the page has rendered (a fresh load starts in the "initial" state)."""
    page.goto(url, timeout=timeout_ms)
    wait_done(page, timeout_ms)


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def exceptions(page) -> list[str]:
    return page.locator("[data-testid='stException']").all_inner_texts()


# Installed before a page's own scripts (context.add_init_script): every string drawn on a canvas (Vega's canvas
# renderer, the data grid's cells and headers) is kept in window.__canvasText, for visible_text to read back.
CANVAS_TEXT_JS = """(() => {
    const drawn = new Set();
    window.__canvasText = drawn;
    for (const name of ["fillText", "strokeText"]) {
        const draw = CanvasRenderingContext2D.prototype[name];
        CanvasRenderingContext2D.prototype[name] = function (text, ...rest) {
            drawn.add(String(text));
            return draw.call(this, text, ...rest);
        };
    }
})();"""
# What a reader meets on the page, one piece a line: the title; the rendered text (document.body.innerText) without
# what is not seen as words (an icon's ligature name, drawn as a glyph by the Material font; a 1 px screen-reader-only
# element such as the skip link), hidden for the read and restored at once; the tooltips (title) of what is on screen,
# and the labels (aria-label) of its controls; the placeholder of an empty input; the text of every svg (a chart drawn
# as svg) and every string drawn on a canvas. Code (what a reader types: a setting's name, a command) is read apart,
# each line in backquotes. Not read: what shows only on hover (an element at opacity 0).
VISIBLE_TEXT_JS = """() => {
    const unseen = [];
    for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        const glyph = !el.children.length && /Material/.test(getComputedStyle(el).fontFamily);
        const tiny = box.width <= 1 && box.height <= 1 && el.textContent.trim() && el.getClientRects().length;
        if (glyph || tiny || el.matches("code")) unseen.push([el, el.style.cssText]);
    }
    for (const [el] of unseen) el.style.setProperty("display", "none", "important");
    const parts = [document.title, document.body.innerText];
    for (const [el, style] of unseen) el.style.cssText = style;
    const controls = "button, a, input, textarea, [role='button'], [role='combobox'], [role='tab'], [role='link']";
    for (const el of document.querySelectorAll("[title], [aria-label], input[placeholder]")) {
        const box = el.getBoundingClientRect();
        const seen = el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
        if (box.width <= 1 || box.height <= 1 || !seen) continue;
        if (el.title) parts.push(el.title);
        if (el.matches(controls) && el.getAttribute("aria-label")) parts.push(el.getAttribute("aria-label"));
        if (el.matches("input") && !el.value && el.placeholder) parts.push(el.placeholder);
    }
    for (const code of document.querySelectorAll("code")) {
        if (code.getClientRects().length) parts.push(...code.textContent.split("\\n").map(line => "`" + line + "`"));
    }
    for (const text of document.querySelectorAll("svg text")) parts.push(text.textContent);
    parts.push(...(window.__canvasText || []));
    return parts.join("\\n");
}"""


def visible_text(page) -> str:
    """The page's text as a reader meets it (VISIBLE_TEXT_JS); canvas text only if CANVAS_TEXT_JS was installed."""
    return page.evaluate(VISIBLE_TEXT_JS)
