"""With an editor passcode set, a visitor sees no file input until the passcode is given (a wrong one is refused)."""

from __future__ import annotations

from browsing import PASSCODE, exceptions, main_text, open_rendered, wait_done

from tracker.i18n import t

# The figures uploader (its accept list has .tsv): the page also holds the notes and the plan uploaders.
UPLOADER = "[data-testid='stFileUploader'] input[type='file'][accept*='.tsv']"


def submit_passcode(page, passcode: str, lang: str) -> None:
    page.get_by_label(t("passcode", lang)).fill(passcode)
    page.get_by_role("button", name=t("passcode_submit", lang)).click()


def test_visitor_who_is_not_an_editor_cannot_upload(locked_server, new_page):
    page = new_page()
    open_rendered(page, locked_server.url("upload", lang="en"))
    assert page.locator(UPLOADER).count() == 0, "the file input is there before the passcode"
    assert page.get_by_role("button", name=t("passcode_submit", "en")).is_visible()

    submit_passcode(page, "guess", "en")
    page.get_by_text(t("passcode_wrong", "en")).wait_for()
    wait_done(page)
    assert page.locator(UPLOADER).count() == 0, "a wrong passcode opened the uploader"

    # A colleague in another browser, the same link: still no uploader (the passcode is per session).
    colleague = new_page()
    open_rendered(colleague, locked_server.url("upload"))
    assert colleague.locator(UPLOADER).count() == 0
    assert colleague.get_by_role("button", name=t("passcode_submit", "zh")).is_visible()

    submit_passcode(page, PASSCODE, "en")
    page.locator(UPLOADER).wait_for(state="attached")
    wait_done(page)
    assert t("choose_file", "en").split(" (")[0] in main_text(page)
    assert not exceptions(page) and not exceptions(colleague)
