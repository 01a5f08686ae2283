"""The upload page under AppTest: the editor gate, problems listed per row, preview, commit, and the new figure on
the overview; history and restore."""

from __future__ import annotations

import pytest

from tests.upload_files import bad_rows_csv, csv_bytes
from tracker.store import Store

PASSCODE = "s3cret-passcode"
GBK_UPDATE = csv_bytes(
    [["gdp", "2024年", "1,912.6", "统计局快报", "济南市统计局"],
     ["高新技术企业数量", "2024年", "2,600家", "", "科技局"]],
    encoding="gbk")


def unlocked(app, page: str, lang: str = "zh"):
    """An AppTest of ``page`` with the editor passcode set in secrets and entered in the form."""
    at = app(page, lang)
    at.secrets["editor_passcode"] = PASSCODE
    at.run()
    at.text_input(key="passcode_input").input(PASSCODE)
    at.get("form_submit_button")[0].click()
    return at.run()


def button_labels(at) -> list[str]:
    return [b.label for b in at.get("form_submit_button")]


def test_visitor_without_passcode_or_loopback_cannot_upload(app):
    at = app("upload", "en").run()
    assert not at.exception
    assert not at.get("file_uploader"), "a visitor who is not an editor must not get the uploader"
    assert any("Read-only" in i.value for i in at.info)


def test_wrong_passcode_keeps_the_page_read_only(app):
    at = app("upload", "en")
    at.secrets["editor_passcode"] = PASSCODE
    at.run()
    at.text_input(key="passcode_input").input("guess")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.get("file_uploader")
    assert any("not right" in e.value for e in at.error)


def test_gbk_upload_previews_commits_and_shows_on_overview(app, db_url):
    at = unlocked(app, "upload", "en")
    assert at.get("file_uploader"), "the editor sees the uploader"
    at.file_uploader(key="upload").upload("高新区2024.csv", GBK_UPDATE, "text/csv").run()
    assert not at.exception
    assert any("2 new, 0 changed" in i.value for i in at.info), [i.value for i in at.info]
    preview = at.dataframe[0].value
    assert set(preview["New value"]) == {1912.6, 2600.0}
    at.text_input(key="author").input("王磊")
    at.text_input(key="comment").input("2024 annual figures")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    assert any("Stored as revision 2" in s.value for s in at.success), [s.value for s in at.success]

    store = Store(db_url)
    assert store.latest_revision() == 2
    info = store.revision(2)
    assert (info.author, info.comment, info.added, info.changed) == ("王磊", "2024 annual figures", 2, 0)
    store.close()

    overview = app("overview", "en").run()
    text = "\n".join(h.value for h in overview.html)  # the cards are one st.html element a pillar
    assert "1,912.6 (100 million yuan)" in text and "(2024)" in text


def test_bad_rows_list_every_problem_and_store_nothing(app, db_url):
    at = unlocked(app, "upload", "zh")
    at.file_uploader(key="upload").upload("bad.csv", bad_rows_csv(), "text/csv").run()
    assert not at.exception
    assert any("没有保存" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert {"行", "列", "问题"} <= set(problems.columns)
    # One problem per bad row, each with its row number as the spreadsheet shows it. (Row 8, 2024年1-6月, is only
    # "in the future" for the core tests' fixed date; the page checks against today.)
    assert set(problems["行"].astype(int)) >= {2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14}
    assert not [b for b in button_labels(at) if "保存为新版本" in b], "no commit button when the file has problems"
    store = Store(db_url)
    assert store.latest_revision() == 1
    store.close()


def test_unreadable_file_gets_a_clear_message(app):
    at = unlocked(app, "upload", "en")
    at.file_uploader(key="upload").upload("figures.csv", b"\x00\xff\xfe\x00garbage\x81\x82", "text/csv").run()
    assert not at.exception
    assert at.error and "cannot be read" in at.error[0].value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_history_lists_revisions_and_restores(app, db_url, lang):
    store = Store(db_url)
    import pandas as pd

    store.commit(pd.DataFrame([{"indicator_id": "gdp", "period": "2024", "value": 1900.0, "note": "",
                                "source": "test"}]), author="a", comment="c", base_revision=1)
    store.close()
    at = unlocked(app, "history", lang)
    assert not at.exception
    revisions = at.dataframe[0].value
    assert len(revisions) == 2
    at.selectbox(key="restore_rev").set_value(1)
    at.text_input(key="restore_author").input("editor")
    submit = [b for b in at.get("form_submit_button") if "1" in b.label][0]
    submit.click()
    at.run()
    assert not at.exception
    store = Store(db_url)
    assert store.latest_revision() == 3
    figures = store.figures(3)
    assert not ((figures["indicator_id"] == "gdp") & (figures["period"] == "2024")).any()
    store.close()


def test_markup_in_an_upload_is_shown_as_text(app, db_url):
    """A note with a markdown image or colour directive is stored and shown as text, never rendered."""
    evil = "![x](http://tracker.invalid/pixel.png) :red[warning] <b>bold</b>"
    data = csv_bytes([["industry_digital", "2023", "3900", evil, "test"]], encoding="utf-8")
    at = unlocked(app, "upload", "en")
    at.file_uploader(key="upload").upload("evil.csv", data, "text/csv").run()
    at.text_input(key="author").input("a")
    at.text_input(key="comment").input("c")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    page = app("industries", "en").run()
    assert not page.exception
    texts = [m.value for m in page.markdown] + [c.value for c in page.caption] + [w.value for w in page.warning]
    assert not any("](http://tracker.invalid" in text for text in texts), "a markdown image must be escaped"


def test_database_that_cannot_be_opened_is_reported_and_left_alone(app, db_url, tmp_path):
    """A damaged database: every page says so and shows the shipped figures read-only; the file is untouched."""
    path = tmp_path / "tracker.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    at = app("overview", "en").run()
    assert not at.exception
    assert any("cannot be opened" in e.value for e in at.error)
    assert any("1,767.3" in h.value for h in at.html), "the shipped figures are still shown"
    upload = app("upload", "en")
    upload.secrets["editor_passcode"] = PASSCODE
    upload.run()
    assert not upload.exception
    assert not upload.get("file_uploader"), "no uploads into a database that cannot be opened"
    assert any("cannot be opened" in e.value for e in upload.error)
    assert path.read_bytes() == before
