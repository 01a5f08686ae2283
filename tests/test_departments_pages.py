"""Issue 14 on the pages (AppTest): a department editor stores its own indicator and is refused on another's (the
rows and the owning department named); with review on, a submission no viewer sees, published by the planning
office with its reviewer recorded (the history shows it and filters by department) or returned; equal passcodes
refused at start; coverage by department."""

from __future__ import annotations

import pytest
from upload_files import csv_bytes

from tracker.store import Store

EDITOR, STATS, SCI = "planning-office-key", "stats-bureau-key", "sci-tech-key"
HEADER = ["indicator_id", "period", "value", "note", "source"]
OWN = csv_bytes([["gdp", "2025", "1912.6", "", "区统计局"]], header=HEADER)
MIXED = csv_bytes([["gdp", "2025", "1912.6", "", ""], ["hightech_enterprises", "2025", "2600", "", ""]], header=HEADER)


def _secrets(at, review: bool, editor: str = EDITOR, stats: str = STATS) -> None:
    at.secrets["editor_passcode"] = editor
    at.secrets["review"] = review
    at.secrets["departments"] = {"stats": {"passcode": stats}, "sci_tech": {"passcode": SCI}}


def signed_in(app, page: str, lang: str, passcode: str, review: bool = False):
    at = app(page, lang)
    _secrets(at, review)
    at.run()
    at.text_input(key="passcode_input").input(passcode)
    at.get("form_submit_button")[0].click()
    return at.run()


def _texts(at) -> str:
    return "\n".join([e.value for e in (*at.info, *at.success, *at.error, *at.warning, *at.caption, *at.markdown)])


def _upload(at, data: bytes, name: str = "统计局.csv"):
    uploader = next(u for u in at.get("file_uploader") if u.proto.id and "department_upload" in u.proto.id)
    uploader.upload(name, data, "text/csv")
    return at.run()


@pytest.mark.parametrize(
    "lang, signed, stored", [("zh", "区统计局", "已保存为第 2 版"), ("en", "Statistics bureau", "revision 2")]
)
def test_a_department_stores_its_own_indicator(app, db_url, lang, signed, stored):
    at = signed_in(app, "upload", lang, STATS)
    assert not at.exception
    assert signed in _texts(at)
    due = at.dataframe[0].value  # its indicators and what is due: its own only
    assert len(due) == 6 and any("高新区地区生产总值" in v or "GDP" in v for v in due.iloc[:, 0])
    at = _upload(at, OWN)
    assert not at.exception and not at.error, _texts(at)
    at.text_input(key="department_author").input("王伟")
    at.text_input(key="department_comment").input("2025")
    at.get("form_submit_button")[-1].click()
    at = at.run()
    assert not at.exception
    assert any(stored in s.value for s in at.success), _texts(at)
    with Store(db_url) as store:
        info = store.revision(2)
    assert (info.author, info.role, info.department, info.channel) == ("王伟", "department", "stats", "page")


@pytest.mark.parametrize(
    "lang, named",
    [
        ("zh", ["hightech_enterprises", "区科技局（sci_tech）", "未保存"]),
        ("en", ["Science and technology bureau (sci_tech)", "Nothing of the file was stored"]),
    ],
)
def test_a_department_is_refused_on_anothers_indicator_with_the_rows_named(app, db_url, lang, named):
    at = _upload(signed_in(app, "upload", lang, STATS), MIXED)
    assert not at.exception and at.error
    problems = at.dataframe[-1].value
    assert problems.iloc[:, 0].tolist() == [3]  # the spreadsheet's row
    text = " ".join(problems.iloc[:, 2])
    assert all(n in text for n in named), text
    assert not at.get("form_submit_button") or all("提交" not in b.label for b in at.get("form_submit_button"))
    with Store(db_url) as store:
        assert store.latest_revision() == 1


def test_a_department_sees_neither_the_plan_tab_nor_the_review_page(app):
    at = signed_in(app, "upload", "en", STATS)
    assert not at.exception
    # the plan tab and the review page still ask for the planning office's key
    review = app("review", "en")
    _secrets(review, True)
    review.session_state["_department_passcode"] = STATS
    review.run()
    assert not review.exception and review.text_input(key="passcode_input") is not None
    assert not any("Publish" == b.label for b in review.get("form_submit_button"))


def _submit(app, lang: str = "en"):
    at = _upload(signed_in(app, "upload", lang, STATS, review=True), OWN)
    at.text_input(key="department_author").input("王伟")
    at.text_input(key="department_comment").input("2025 年报")
    labels = [b.label for b in at.get("form_submit_button")]
    assert "Submit for review" in labels or "提交审核" in labels
    at.get("form_submit_button")[-1].click()
    return at.run()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_submission_is_published_with_its_reviewer_and_never_seen_before(app, db_url, lang):
    at = _submit(app, lang)
    assert not at.exception and any("1" in s.value for s in at.success), _texts(at)
    with Store(db_url) as store:
        assert store.latest_revision() == 1  # a submission, not a revision
    viewer = app("indicator", lang, indicator="gdp").run()
    assert "1,912.6" not in _texts(viewer) + "".join(h.value for h in viewer.html)
    review = signed_in(app, "review", lang, EDITOR, review=True)
    assert not review.exception
    text = _texts(review)
    assert "王伟" in "".join(e.label for e in review.expander) and (
        "1 new" in text or "1 个新增" in text or "新增" in text
    )
    review.text_input(key="reviewer_1").input("李娜")
    review.checkbox(key="confirm_1").check()
    next(b for b in review.get("form_submit_button") if b.label in ("Publish", "发布")).click()
    review = review.run()
    assert not review.exception
    assert any("李娜" in s.value for s in review.success), _texts(review)
    with Store(db_url) as store:
        info = store.revision(2)
    assert (info.author, info.department, info.reviewer) == ("王伟", "stats", "李娜")
    history = signed_in(app, "history", lang, EDITOR, review=True)
    table = history.dataframe[0].value
    assert "李娜" in table.to_string() and ("区统计局" in table.to_string() or "Statistics bureau" in table.to_string())
    history.selectbox(key="history_department").select("stats").run()
    assert len(history.dataframe[0].value) == 1  # the department's revisions only
    pinned = app("indicator", lang, indicator="gdp", rev="1").run()
    assert "1,912.6" not in _texts(pinned) + "".join(h.value for h in pinned.html)  # a pinned link never changes


def test_a_returned_submission_stores_nothing_and_tells_the_department(app, db_url):
    _submit(app, "en")
    review = signed_in(app, "review", "en", EDITOR, review=True)
    review.text_input(key="return_reviewer_1").input("李娜")
    review.text_area(key="return_comment_1").input("<b>请附来源</b>")
    next(b for b in review.get("form_submit_button") if b.label == "Return").click()
    review = review.run()
    assert not review.exception and any("went back" in s.value for s in review.success)
    with Store(db_url) as store:
        assert store.latest_revision() == 1
    back = signed_in(app, "upload", "en", STATS, review=True)
    assert "<b>请附来源</b>" in back.dataframe[-1].value.to_string()  # as text, in a table


@pytest.mark.parametrize("lang, said", [("zh", "与"), ("en", "equals")])
def test_two_equal_passcodes_are_refused_at_start(app, lang, said):
    at = app("upload", lang)
    _secrets(at, False, editor="same", stats="same")
    at.run()
    assert not at.exception
    assert any(said in e.value and "departments.stats.passcode" in e.value for e in at.error)
    assert not at.get("text_input")  # no sign-in form at all


@pytest.mark.parametrize("lang, title", [("zh", "各部门的报送情况"), ("en", "By department")])
def test_coverage_by_department(app, lang, title):
    at = app("coverage", lang).run()
    assert not at.exception
    assert any(title in s.value for s in at.subheader)
    table = at.dataframe[-1].value
    assert len(table) == 4 and table.iloc[:, 1].str.contains("6").any()
