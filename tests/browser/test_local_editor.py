"""The person running the app, at http://127.0.0.1:PORT, is an editor when no passcode is set — also when Streamlit
listens on every interface (its default) and reports the visitor as the IPv4-mapped ::ffff:127.0.0.1."""

from __future__ import annotations

import pytest
from browsing import AppServer, exceptions, main_text, open_rendered

from tracker.i18n import t

# The figures uploader (its accept list has .tsv): the page also holds the notes and the plan uploaders.
UPLOADER = "[data-testid='stFileUploader'] input[type='file'][accept*='.tsv']"


@pytest.fixture(scope="module")
def all_interfaces_server(tmp_path_factory, chromium_path):
    database = tmp_path_factory.mktemp("local-editor-db") / "tracker.db"
    server = AppServer(f"sqlite:///{database}", address=None)
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_local_editor_can_upload_at_127_0_0_1(all_interfaces_server, new_page, lang):
    page = new_page()
    open_rendered(page, all_interfaces_server.url("upload", **({"lang": lang} if lang != "zh" else {})))
    page.locator(UPLOADER).wait_for(state="attached")
    text = main_text(page)
    assert t("read_only_visitor", lang)[:12] not in text, "the person at the server was told to open it there"
    assert not exceptions(page)
