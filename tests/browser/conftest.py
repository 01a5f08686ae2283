"""Real-browser fixtures: the app served on a free loopback port against a temporary database, and Chromium.

Outside CI the tests skip when /usr/bin/chromium is missing; in CI (CI=true) that is a failure.
Each test leaves a screenshot of its last page in test-artifacts/browser/<test>.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browsing import CHROMIUM, PASSCODE, ROOT, TIMEOUT_MS, VIEWPORT, AppServer, launch_chromium
from ci import in_ci

ARTIFACTS = ROOT / "test-artifacts" / "browser"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk"
        if in_ci():
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    return CHROMIUM


def _serve(tmp_path_factory, name: str, secrets: str | None = None):
    database = tmp_path_factory.mktemp(name) / "tracker.db"
    server = AppServer(f"sqlite:///{database}", secrets=secrets)
    server.database_url = f"sqlite:///{database}"
    try:
        server.wait_healthy()
    except RuntimeError:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, chromium_path):
    """The app with no editor passcode: a browser on this machine is an editor."""
    server = _serve(tmp_path_factory, "editor-db")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def locked_server(tmp_path_factory, chromium_path):
    """The app with an editor passcode in its secrets.toml: nobody edits without it."""
    server = _serve(tmp_path_factory, "locked-db", secrets=f'editor_passcode = "{PASSCODE}"\n')
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, request):
    """A factory of pages, each in its own browser context (a separate person: own cookies, own session).

    At the end, pass or fail, the last page opened is saved as test-artifacts/browser/<test>.png (and any earlier
    ones as <test>-<n>.png).
    """
    contexts, pages = [], []

    def make(accept_downloads: bool = False):
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=accept_downloads, locale="zh-CN")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return page

    yield make
    if pages:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for n, page in enumerate(pages, start=1):
            path = ARTIFACTS / (f"{name}.png" if n == len(pages) else f"{name}-{n}.png")
            try:
                page.screenshot(path=str(path), timeout=30_000)
            except Exception as err:  # noqa: BLE001 - a failed screenshot must not hide the test's own result
                print(f"screenshot {path.name} failed: {err}")
    for context in contexts:
        context.close()
