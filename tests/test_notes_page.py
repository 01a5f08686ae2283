"""Notes on the pages under AppTest (issue 13): the indicator page's timeline and chart markers, an editor's add,
edit and delete (each a revision), a pinned link showing the notes as they were without "newer figures exist",
the overview card's latest note, and hostile text shown as text."""

from __future__ import annotations

import json
import re

import pytest

from tests.test_pages import page_text as raw_page_text
from tests.test_upload_page import PASSCODE, unlocked
from tracker import notes
from tracker.store import Store

HOSTILE = '<script>alert("x")</script> **bold** [link](https://evil.example) ![img](x.png)'


def add(db_url: str, indicator: str, period: str, text: str, author: str = "王芳", milestone: str = "", **parts):
    store = Store(db_url)
    try:
        return notes.add_note(store, indicator, period, text, author, milestone, parts)
    finally:
        store.close()


def page_text(at) -> str:
    """What the reader sees: the page's text with markdown's escaping backslashes removed."""
    return re.sub(r"\\(.)", r"\1", raw_page_text(at))


def note_marks(at) -> list[dict]:
    """The rows of the note layers of the indicator chart."""
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    return [row for layer in spec["layer"] if "values" in layer.get("data", {}) for row in layer["data"]["values"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_indicator_page_shows_each_note_in_the_timeline_and_on_the_chart(app, db_url, lang):
    add(db_url, "gdp", "2025年1-6月", "投资放缓，二季度回落", cause="房地产投资下降")
    add(db_url, "gdp", "2024", "全年增长 6.5%", milestone="2028")
    add(db_url, "rd_intensity", "2024", "不应出现在 gdp 页面")
    at = app("indicator", lang, indicator="gdp").run()
    assert not at.exception
    text = page_text(at)
    assert "投资放缓，二季度回落" in text and "全年增长 6.5%" in text
    assert ("原因：房地产投资下降" if lang == "zh" else "Why: 房地产投资下降") in text
    assert "不应出现在 gdp 页面" not in text
    marks = note_marks(at)
    assert sorted(m["year"] for m in marks) == [2024.0, 2024.0, 2025.0, 2025.0]  # a rule and a triangle each


def test_hostile_note_text_is_shown_as_text(app, db_url):
    add(db_url, "gdp", "2025", HOSTILE)
    at = app("indicator", indicator="gdp").run()
    assert not at.exception
    shown = [m.value for m in at.markdown if "script" in m.value]
    assert shown, "the note is on the page"
    for value in shown:
        assert "<script>" not in value and "](" not in value and "**bold**" not in value
    overview = app().run()
    cards = "".join(str(h.value) for h in overview.get("html"))
    assert '<script>alert("x")' not in cards and "&lt;script&gt;alert(&quot;x&quot;)" in cards


@pytest.mark.parametrize(
    ("lang", "line"), [("zh", "最新说明 2025-06：二季度回落"), ("en", "Latest note 2025-06: 二季度回落")]
)
def test_the_overview_card_shows_the_latest_notes_first_line(app, db_url, lang, line):
    add(db_url, "gdp", "2024", "older note")
    add(db_url, "gdp", "2025-06", "二季度回落\n第二行不在卡片上")
    at = app(lang=lang).run()
    assert not at.exception
    cards = "".join(str(h.value) for h in at.get("html"))
    assert line in cards
    assert "第二行不在卡片上" not in cards and "older note" not in cards


def test_a_pinned_link_shows_the_notes_as_they_were_and_no_newer_figures_banner(app, db_url):
    first = add(db_url, "gdp", "2025", "第一版说明")
    store = Store(db_url)
    notes.edit_note(store, first.note_ids[0], "李雷", text="修改后的说明")
    store.close()
    pinned = app("indicator", indicator="gdp", rev=str(first.revision)).run()
    assert not pinned.exception
    text = page_text(pinned)
    assert "第一版说明" in text and "修改后的说明" not in text
    assert not [w for w in pinned.warning if "已有更新的数据" in w.value], "only notes changed since"
    latest = app("indicator", indicator="gdp").run()
    assert "修改后的说明" in page_text(latest) and "第一版说明" not in page_text(latest)


def test_a_pinned_link_still_says_newer_figures_exist_after_a_figure_revision(app, db_url):
    first = add(db_url, "gdp", "2025", "说明")
    store = Store(db_url)
    import pandas as pd

    store.commit(pd.DataFrame({"indicator_id": ["gdp"], "period": ["2024"], "value": [1900.0]}), "王芳", "2024", None)
    store.close()
    pinned = app("indicator", indicator="gdp", rev=str(first.revision)).run()
    assert [w for w in pinned.warning if "已有更新的数据" in w.value]


def test_a_visitor_sees_notes_but_no_note_form(app, db_url):
    add(db_url, "gdp", "2025", "公开的说明")
    at = app("indicator", indicator="gdp")
    at.secrets["editor_passcode"] = PASSCODE
    at.run()
    assert "公开的说明" in page_text(at)
    assert not [b for b in at.get("form_submit_button") if b.label == "保存说明"]


def editor_on_indicator_page(app):
    """An editor (the passcode entered on the upload page's gate) on the indicator page of gdp."""
    at = unlocked(app, "upload")
    at.query_params["indicator"] = "gdp"
    at.switch_page("app_pages/indicator.py")
    return at.run()


def test_an_editor_adds_edits_and_deletes_a_note_each_a_revision(app, db_url):
    at = editor_on_indicator_page(app)
    store = Store(db_url)
    before = store.latest_revision()
    at.text_input(key="note_add_period").input("2025年1-9月")
    at.text_area(key="note_add_text").input("前三季度增长 6.1%")
    at.text_input(key="note_add_author").input("王芳")
    next(b for b in at.get("form_submit_button") if b.label == "保存说明").click()
    at.run()
    assert not at.exception
    now = notes.notes_at(store)
    assert now[["indicator_id", "period", "text", "author"]].values.tolist() == [
        ["gdp", "2025-09", "前三季度增长 6.1%", "王芳"]
    ]
    assert store.latest_revision() == before + 1
    assert "前三季度增长 6.1%" in page_text(at)
    note_id = int(now["note_id"].iloc[0])
    at.text_area(key=f"note_edit_{note_id}_text").input("前三季度增长 6.2%（修订）")
    at.text_input(key=f"note_edit_{note_id}_author").input("李雷")
    next(b for b in at.get("form_submit_button") if b.label == "保存说明").click()
    at.run()
    assert notes.notes_at(store)["text"].tolist() == ["前三季度增长 6.2%（修订）"]
    at.text_input(key=f"note_edit_{note_id}_author").input("李雷")
    next(b for b in at.get("form_submit_button") if b.label == "删除").click()
    at.run()
    assert notes.notes_at(store).empty
    assert notes.notes_at(store, before + 1)["text"].tolist() == ["前三季度增长 6.1%"]  # nothing stored is lost
    store.close()


def test_a_note_that_does_not_check_is_refused_and_nothing_is_stored(app, db_url):
    at = editor_on_indicator_page(app)
    store = Store(db_url)
    before = store.latest_revision()
    at.text_input(key="note_add_period").input("明年")
    at.text_area(key="note_add_text").input("x")
    next(b for b in at.get("form_submit_button") if b.label == "保存说明").click()
    at.run()
    assert [e for e in at.error if "时期" in e.value]
    assert store.latest_revision() == before
    store.close()


NOTES_CSV = "指标,时期,说明,目标年份\ngdp,2025-09,前三季度增长 7.8%,2028\nrd_intensity,2024,统计口径调整,\n".encode(
    "gbk"
)
BAD_NOTES_CSV = "指标,时期,说明\ngpd,2025,x\ngdp,明年,\n".encode()


def test_the_upload_page_stores_a_notes_file_as_one_revision(app, db_url):
    at = unlocked(app, "upload")
    store = Store(db_url)
    before = store.latest_revision()
    at.file_uploader(key="notes_file").upload("说明.csv", NOTES_CSV, "text/csv").run()
    assert not at.exception
    assert [i for i in at.info if "2 条说明检查无误" in i.value]
    at.text_input(key="notes_upload_author").input("王芳")
    next(b for b in at.get("form_submit_button") if b.label == "保存 2 条说明").click()
    at.run()
    assert not at.exception
    assert store.latest_revision() == before + 1
    stored = notes.notes_at(store)
    assert stored[["indicator_id", "period", "author"]].values.tolist() == [
        ["gdp", "2025-09", "王芳"],
        ["rd_intensity", "2024", "王芳"],
    ]
    store.close()


def test_the_upload_page_lists_every_problem_of_a_notes_file_and_stores_nothing(app, db_url):
    at = unlocked(app, "upload", "en")
    store = Store(db_url)
    before = store.latest_revision()
    at.file_uploader(key="notes_file").upload("notes.csv", BAD_NOTES_CSV, "text/csv").run()
    assert not at.exception
    assert [e for e in at.error if "3 problem(s) in the notes file" in e.value]
    table = at.dataframe[0].value
    assert table[["Row", "Column"]].values.tolist() == [[2, "指标"], [3, "时期"], [3, "说明"]]
    assert not [b for b in at.get("form_submit_button") if "Store" in b.label and "notes" in b.label]
    assert store.latest_revision() == before
    store.close()
