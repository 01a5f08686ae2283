"""Every Chinese page is Chinese and every English page English, at a desk (1400 px) and on a phone (390 px).

Each page is read as a reader meets it (browsing.visible_text: the rendered text, the titles and labels of what is
on screen, the text of charts and tables, whether drawn as svg or on a canvas), with every expander opened and each
popover (the sidebar's share and downloads, a page's sources) and each drop-down opened in turn, and scanned by
find_foreign_text (tests/test_language_scan.py, where the rules are tested as a table). An English page may show the
Chinese the plan and the figures quote: the allow-list is read from data/ (quoted_han), not picked from the pages.

Each page leaves test-artifacts/browser/language-<lang>-<width>-<page>.png, and each run the findings in
test-artifacts/browser/language-<lang>-<width>.json.
"""

from __future__ import annotations

import ast
import json
import time

import pytest
from browsing import CANVAS_TEXT_JS, ROOT, VIEWPORT, exceptions, open_rendered, visible_text, wait_done
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from test_language_scan import find_foreign_text, quoted_han

ARTIFACTS = ROOT / "test-artifacts" / "browser"


def app_pages() -> list[str]:
    """Every page's url path, as dashboard.py lists them (a page added there is walked too)."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    listing = next(
        n.value for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "PAGES"
    )
    return [path for _script, path, _title, _icon in ast.literal_eval(listing)]


PAGES = app_pages()
WIDTHS = (1400, 390)


def _opened(page, trigger, shown: str) -> str:
    """Click ``trigger``, read the page while what it opens (the ``shown`` selector) is on screen, shut it again."""
    trigger.scroll_into_view_if_needed()
    trigger.click()
    page.locator(shown).last.wait_for(state="visible")
    wait_done(page, charts=False)
    text = visible_text(page)
    page.keyboard.press("Escape")
    still_open = page.locator(f"{shown}:visible").first
    try:
        still_open.wait_for(state="hidden", timeout=5_000)
    except PlaywrightTimeout:
        # The downloads popover reruns the page when opened (its buttons are built only then); an Escape that
        # lands during that rerun can be lost (seen once in CI at 390 px). Shut it as a reader would: its button.
        wait_done(page, charts=False)
        trigger.click()
        still_open.wait_for(state="hidden")
    return text


def sidebar_shown(page, shown: bool) -> None:
    """Open or shut the sidebar where it lies over the page (a phone): shut for the page's own controls, open for its
    own. Once opened it stays open on the next page loaded."""
    sidebar = page.locator("[data-testid='stSidebar']")
    if page.viewport_size["width"] >= 768 or (sidebar.get_attribute("data-collapsed") == "false") == shown:
        return
    if shown:
        page.locator("[data-testid='stExpandSidebarButton']").click()
    else:
        sidebar.hover()  # the shut button shows on hover
        page.locator("[data-testid='stSidebarCollapseButton'] button").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false" if shown else "true")
    button = expect(sidebar.locator("[data-testid='stPopover'] button").first)
    button.to_be_in_viewport(ratio=1) if shown else button.not_to_be_in_viewport()


def read_everything(page) -> list[str]:
    """The page's text, then with every expander opened, then with each popover and each drop-down opened in turn:
    the page's own first, then the sidebar's."""
    texts = [visible_text(page)]
    sidebar_shown(page, False)
    shut = page.locator("[data-testid='stMain'] [data-testid='stExpander'] details:not([open]) > summary")
    for _ in range(shut.count()):  # each expander opened, as a reader would: its text is read with the page's
        shut.first.scroll_into_view_if_needed()
        shut.first.click()
    texts.append(visible_text(page))
    for where in ("stMain", "stSidebar"):
        sidebar_shown(page, where == "stSidebar")
        scope = page.locator(f"[data-testid='{where}']")
        popovers = scope.locator("[data-testid='stPopover'] button")
        selects = scope.locator("[data-testid='stSelectbox'] [role='combobox']")
        for n in range(popovers.count()):
            texts.append(_opened(page, popovers.nth(n), "[data-testid='stPopoverBody']"))
        for n in range(selects.count()):
            texts.append(_opened(page, selects.nth(n), "[data-testid='stSelectboxVirtualDropdown']"))
    return texts


def errors(server) -> list[str]:
    """The last error lines of the server's log (the page shows only that it failed)."""
    return [line.strip() for line in server.log_tail(15).splitlines() if "Error" in line][-2:]


def report(findings: dict[str, list[str]], lang: str, width: int) -> str:
    lines = [f"{lang} pages at {width} px show text in the wrong language or internals:"]
    for path, snippets in findings.items():
        lines.append(f"  {path} ({lang}, {width} px): " + " | ".join(repr(s) for s in snippets))
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_speaks_its_language(app_server, new_page, lang, width):
    page = new_page()
    page.context.add_init_script(CANVAS_TEXT_JS)
    page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
    allowed = quoted_han() if lang == "en" else ()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    findings: dict[str, list[str]] = {}
    started = time.monotonic()
    for path in PAGES:
        open_rendered(page, app_server.url(path, lang=None if lang == "zh" else lang))
        page.screenshot(path=str(ARTIFACTS / f"language-{lang}-{width}-{path or 'overview'}.png"))
        if exceptions(page):  # reported with the page's findings; the walk goes on to the next page
            findings[f"/{path}"] = [f"the page failed: {exceptions(page)[0][:80]}", *errors(app_server)]
            continue
        snippets = find_foreign_text("\n".join(read_everything(page)), lang, allowed)
        if snippets:
            findings[f"/{path}"] = snippets
    (ARTIFACTS / f"language-{lang}-{width}.json").write_text(
        json.dumps(
            {"lang": lang, "width": width, "seconds": round(time.monotonic() - started, 1), "findings": findings},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    assert not findings, report(findings, lang, width)
