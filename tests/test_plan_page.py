"""Plans on the pages (issue 12 §1–2) under AppTest: the upload page's plan tab (the 2026–2030 example plan imports,
a file with bad rows stores nothing and names each problem, a stale preview is refused), the indicator page's target
form (a revision a pinned link does not see), the history page's rollback by parts and its plan lines, and the
notice of an edited data/*.csv with its sync."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from tests.plan_files import fifteenth_plan_sheets, fifteenth_plan_xlsx, set_cell, workbook
from tracker.plan import DATA_DIR
from tracker.store import Store

PASSCODE = "plan-passcode"
EXAMPLE_PLAN = "jinan-2026-example"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The example plan's targets start from 2025: the zone's 2025 figures, as an editor would upload them first.
BASELINES = pd.DataFrame(
    [
        ("gdp", "2025", 2200.0, "示例", "示例"),
        ("rd_intensity", "2025", 8.2, "示例", "示例"),
        ("hightech_enterprises", "2025", 2600.0, "示例", "示例"),
    ],
    columns=["indicator_id", "period", "value", "note", "source"],
)


def unlocked(app, page: str, lang: str, **params: str):
    """An AppTest of ``page`` with the editor passcode entered (on the upload page, where the gate is)."""
    at = app("upload", lang, **params)
    at.secrets["editor_passcode"] = PASSCODE
    at.run()
    at.text_input(key="passcode_input").input(PASSCODE)
    at.get("form_submit_button")[0].click()
    at.run()
    if page != "upload":
        at.switch_page(f"app_pages/{page}.py")
        at.run()
    return at


def submit(at, form: str):
    (button,) = [b for b in at.get("form_submit_button") if b.form_id == form]
    button.click()
    return at.run()


def with_baselines(db_url: str) -> int:
    with Store(db_url) as store:
        return store.commit(BASELINES, "统计员", "2025 baselines", 1)


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


# ---- the plan tab ---------------------------------------------------------------------------------------------

SAID = {
    "zh": ("新方案 jinan\\-2026\\-example", "新增 6 个目标", "已保存为第 3 版", "目标"),
    "en": ("a new plan jinan\\-2026\\-example", "6 target(s) added", "Stored as revision 3", "target"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_2026_2030_example_plan_imports_through_the_plan_tab(app, db_url, lang):
    new_plan, added, stored, target = SAID[lang]
    with_baselines(db_url)
    at = unlocked(app, "upload", lang)
    at.file_uploader(key="plan_upload").upload("济南高新区十五五规划.xlsx", fifteenth_plan_xlsx(), XLSX).run()
    assert not at.exception
    preview = texts(at.info)
    assert new_plan in preview and added in preview, preview
    changes = at.dataframe[0].value
    assert (changes.iloc[:, 1] == target).sum() == 6  # the part column: six targets added
    named = dict(zip(changes.iloc[:, 3], changes.iloc[:, 2], strict=True))  # id -> name, in the reader's language
    assert named["gdp-2030"].endswith({"zh": "2030年目标", "en": "2030 target"}[lang]), named
    assert len(at.dataframe[1].value) == 6  # each new target gets a status
    assert not [b for b in at.get("form_submit_button") if b.form_id == "commit"], "the figures form is not shown"
    at.text_input(key="plan_author").input("规划科")
    at.text_input(key="plan_comment").input("十五五规划")
    at = submit(at, "plan_commit")
    assert not at.exception
    assert any(stored in s.value for s in at.success), texts(at.success)
    with Store(db_url) as store:
        plans = store.plans().set_index("plan_id")
        assert plans.loc[EXAMPLE_PLAN, ["milestones", "revision"]].tolist() == [6, 3]
        assert EXAMPLE_PLAN not in set(store.plans(2)["plan_id"]), "revision 2 keeps the plans it had"
        assert store.revision(3).author == "规划科"
    assert not at.get("file_uploader")[-1].value, "a new, empty plan uploader"


# Bad rows of the example plan, all in one file: (sheet, row, header, value).
BAD_CELLS = [
    ("目标", 3, "指标编号", "gpd"),  # a milestone for an unknown indicator
    ("目标", 5, "原文", ""),  # a target without a quote
    ("指标", 7, "单位", "亿美元"),  # an unknown unit
]


@pytest.mark.parametrize(("lang", "where"), [("zh", "第 3 行"), ("en", "row 3")])
def test_a_plan_with_bad_rows_stores_nothing_and_names_each_problem(app, db_url, lang, where):
    with_baselines(db_url)
    sheets = fifteenth_plan_sheets()
    for sheet, row, header, value in BAD_CELLS:
        set_cell(sheets, sheet, row, header, value)
    at = unlocked(app, "upload", lang)
    at.file_uploader(key="plan_upload").upload("bad-plan.xlsx", workbook(sheets), XLSX).run()
    assert not at.exception
    assert any(("没有保存" if lang == "zh" else "nothing was stored") in e.value for e in at.error), texts(at.error)
    problems = at.dataframe[0].value
    listed = {(r[0], int(r[1]), r[2]) for r in problems.itertuples(index=False)}
    assert {(sheet, row, header) for sheet, row, header, _ in BAD_CELLS} <= listed, problems
    assert "gdp" in " ".join(problems.iloc[:, 3]), "the unknown indicator gets a suggestion"
    assert not [b for b in at.get("form_submit_button") if b.form_id == "plan_commit"], "no store button"
    with Store(db_url) as store:
        assert store.latest_revision() == 2
        assert EXAMPLE_PLAN not in set(store.plans()["plan_id"])


def test_the_plans_baselines_missing_are_named_by_row_and_nothing_is_stored(app, db_url):
    at = unlocked(app, "upload", "en")
    at.file_uploader(key="plan_upload").upload("plan.xlsx", fifteenth_plan_xlsx(), XLSX).run()
    problems = at.dataframe[0].value
    assert [(r[0], int(r[1]), r[2]) for r in problems.itertuples(index=False)] == [
        ("目标", 3, "基期"),
        ("目标", 5, "基期"),
        ("目标", 6, "基期"),
    ]
    assert all("upload the baseline figure first" in p for p in problems["Problem"])
    with Store(db_url) as store:
        assert store.latest_revision() == 1


def test_a_plan_changed_after_the_preview_is_refused(app, db_url):
    with_baselines(db_url)
    at = unlocked(app, "upload", "en")
    at.file_uploader(key="plan_upload").upload("plan.xlsx", fifteenth_plan_xlsx(), XLSX).run()
    with Store(db_url) as store:  # a colleague stores the same plan meanwhile
        from tracker.importing import commit_plan, stage_plan

        commit_plan(store, stage_plan(store, "plan.xlsx", fifteenth_plan_xlsx()), "colleague", "first")
    at.text_input(key="plan_author").input("me")
    at.text_input(key="plan_comment").input("second")
    at = submit(at, "plan_commit")
    assert not at.exception
    assert any("Not stored: revision 3 changed the plan" in e.value for e in at.error), texts(at.error)
    with Store(db_url) as store:
        assert store.latest_revision() == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_plan_tab_offers_the_template_and_the_current_plan(app, lang):
    from tracker.i18n import t

    at = app("upload", lang).run()  # a viewer: the downloads, no plan uploader
    assert not at.exception
    assert not [u for u in at.get("file_uploader") if "plan_upload" in u.id]
    labels = {b.proto.label for b in at.get("download_button")}
    assert {t("plan_template_download", lang), t("plan_current_download", lang, plan_id="jinan-2022")} <= labels


def test_the_current_plan_workbook_reads_back_as_the_stored_plan(db_url):
    from tracker.planfile import read_plan_file, write_plan_workbook

    with Store(db_url) as store:
        pillars, indicators, milestones = store.plan_tables()
        data = write_plan_workbook(indicators, milestones, pillars, store.plan_about(), lang="zh")
    read = read_plan_file(data, "plan.xlsx")
    assert not read.problems
    assert read.milestones["milestone_id"].tolist() == milestones["milestone_id"].tolist()


# ---- the target form, a pinned link, the rollback ---------------------------------------------------------------

MILESTONE = "hightech_enterprises-2027"


def progress_texts(at) -> str:
    return "\n".join(p.proto.text for p in at.get("progress"))


def edit_target(at, value: str, period: str | None = None):
    prefix = f"milestone_edit_{MILESTONE}"
    at.text_input(key=f"{prefix}_value").input(value)
    if period is not None:
        at.text_input(key=f"{prefix}_period").input(period)
    at.text_input(key=f"{prefix}_author").input("规划科")
    at.text_input(key=f"{prefix}_comment").input("目标调整")
    return submit(at, prefix)


@pytest.mark.parametrize(("lang", "said"), [("zh", "已保存为第 2 版：1 个目标有改动"), ("en", "Stored as revision 2")])
def test_the_target_form_stores_a_revision_that_a_pinned_link_does_not_see(app, db_url, lang, said):
    at = unlocked(app, "indicator", lang, indicator="hightech_enterprises")
    assert not at.exception
    assert "4,000" in progress_texts(at)
    at = edit_target(at, "5000家以上")  # read as a plan file reads it: 5000, at least
    assert not at.exception
    assert any(said in s.value for s in at.success), texts(at.success)
    assert "5,000" in progress_texts(at) and "4,000" not in progress_texts(at)
    with Store(db_url) as store:
        assert store.latest_revision() == 2
        milestones = store.plan_tables(2)[2].set_index("milestone_id")
        assert milestones.loc[MILESTONE, ["target_value", "bound"]].tolist() == ["5000", "at_least"]
        assert store.plan_tables(1)[2].set_index("milestone_id").loc[MILESTONE, "target_value"] == "4000"
        pd.testing.assert_frame_equal(store.figures(2), store.figures(1))  # a plan edit writes no figure

    pinned = app("indicator", lang, indicator="hightech_enterprises", rev="1").run()
    assert not pinned.exception
    assert "4,000" in progress_texts(pinned) and "5,000" not in progress_texts(pinned)


@pytest.mark.parametrize(
    ("value", "period", "column"),
    [("很多", None, "Target value"), ("5000", "明年", "Target period"), ("", None, "Target value")],
)
def test_a_target_edit_with_a_problem_stores_nothing_and_names_the_field(app, db_url, value, period, column):
    at = unlocked(app, "indicator", "en", indicator="hightech_enterprises")
    at = edit_target(at, value, period)
    assert not at.exception
    assert any("nothing was stored" in e.value and column in e.value for e in at.error), texts(at.error)
    with Store(db_url) as store:
        assert store.latest_revision() == 1


@pytest.mark.parametrize(
    ("lang", "plan_line", "choice"),
    [("zh", "方案 jinan-2022：1 个目标有改动", "方案"), ("en", "plan jinan-2022: 1 target(s) changed", "Plan")],
)
def test_rollback_with_the_plan_restores_the_old_plan(app, db_url, lang, plan_line, choice):
    at = unlocked(app, "indicator", lang, indicator="hightech_enterprises")
    edit_target(at, "4500")
    with Store(db_url) as store:  # and a figure uploaded after it
        store.commit(pd.DataFrame([("gdp", "2019", 1111.1, "", "test")], columns=BASELINES.columns), "a", "c", 2)
    at.switch_page("app_pages/history.py")
    at.run()
    assert not at.exception
    revisions = at.dataframe[0].value
    from tracker.i18n import t

    assert plan_line in revisions[t("history_plan_changes", lang)].tolist(), revisions  # each revision's plan lines
    at.selectbox(key="restore_rev").set_value(1).run()
    assert at.checkbox(key="restore_figures").value and not at.checkbox(key="restore_plan").value, "figures only"
    at.checkbox(key="restore_figures").uncheck()
    at.checkbox(key="restore_plan").check().run()
    preview = texts(at.info)
    assert plan_line in preview.replace("\\", ""), preview
    at.text_input(key="restore_author").input("editor")
    at = submit(at, "restore_form")
    assert not at.exception
    assert at.success and choice.lower() in at.success[0].value.lower(), texts(at.success)
    with Store(db_url) as store:
        assert store.latest_revision() == 4
        milestones = store.plan_tables()[2].set_index("milestone_id")
        assert milestones.loc[MILESTONE, "target_value"] == "4000"
        assert ((store.figures()["indicator_id"] == "gdp") & (store.figures()["period"] == "2019")).any(), (
            "the figures were not chosen: the later upload stays"
        )


def test_rollback_previews_what_each_part_undoes(app, db_url):
    from tracker.notes import add_note

    with Store(db_url) as store:
        add_note(store, "gdp", "2023", "说明", "editor")
    at = unlocked(app, "history", "en")
    at.selectbox(key="restore_rev").set_value(1).run()
    at.checkbox(key="restore_plan").check()
    at.checkbox(key="restore_notes").check().run()
    preview = texts(at.info).replace("\\", "")
    assert "figures: nothing to undo" in preview
    assert "plan: nothing to undo" in preview
    assert "notes: 0 come back, 1 added since go, 0 get their old text back" in preview
    at.text_input(key="restore_author").input("editor")
    at = submit(at, "restore_form")
    assert "Restored the notes of revision 1 as revision 3" in texts(at.success)
    from tracker.notes import notes_at

    with Store(db_url) as store:
        assert notes_at(store).empty and len(notes_at(store, 2)) == 1


# ---- an edited data/*.csv ------------------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path, db_url, monkeypatch):
    """A copy of data/ the store is seeded from and syncs with."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    Store(db_url, data_dir=folder).close()
    monkeypatch.setattr("components.plan_sync.sync_dir", lambda store: folder)
    return folder


def edit_csv(folder, name: str, key: str, column: str, value: str) -> None:
    path = folder / name
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    id_column = "milestone_id" if "milestone_id" in frame else None
    if id_column is None:  # the shipped milestones.csv has no ids: the row by indicator and period
        indicator, period = key.rsplit("-", 1)
        at = frame.index[(frame["indicator_id"] == indicator) & (frame["target_period"] == period)]
    else:
        at = frame.index[frame[id_column] == key]
    frame.loc[at, column] = value
    frame.to_csv(path, index=False)


@pytest.mark.parametrize(
    ("lang", "notice"),
    [
        ("zh", "data/milestones.csv 与第 1 版同步的内容不同：1 个目标有改动"),
        ("en", "data/milestones.csv differs from revision 1"),
    ],
)
def test_an_edited_milestones_csv_is_said_and_its_sync_applies_only_that(app, db_url, data_copy, lang, notice):
    with Store(db_url) as store:  # an upload after the seed, which data/ never had: a sync must keep it
        store.commit(pd.DataFrame([("gdp", "2019", 1111.1, "", "test")], columns=BASELINES.columns), "a", "c", 1)
        figures = store.figures()
        before = store.plan_tables()[2].set_index("milestone_id")
    at = unlocked(app, "overview", lang)
    assert not at.exception
    assert not [w for w in at.warning if "data/" in w.value], "data/ equals the last sync: nothing said"

    edit_csv(data_copy, "milestones.csv", MILESTONE, "target_value", "4500")
    at.run()
    assert not at.exception
    said = texts(at.warning).replace("\\", "")
    assert notice in said, said
    at.button(key="plansync_check").click().run()
    changes = at.dataframe[0].value  # the notice comes before the page
    assert changes.iloc[:, 5].tolist() == [MILESTONE]  # its id, after what happens, the name, columns, file, part
    assert changes.iloc[0, 1] == {"zh": "高新技术企业数量", "en": "High-tech enterprises"}[lang]
    with Store(db_url) as store:
        assert store.latest_revision() == 2, "nothing stored before the editor stores it"
    at.text_input(key="plansync_author").input("editor")
    at.text_input(key="plansync_comment").input("data/ edited")
    at = submit(at, "plansync_form")
    assert not at.exception
    assert any(("第 3 版" if lang == "zh" else "revision 3") in s.value for s in at.success), texts(at.success)
    with Store(db_url) as store:
        after = store.plan_tables()[2].set_index("milestone_id")
        assert after.loc[MILESTONE, "target_value"] == "4500"
        assert after.drop(index=MILESTONE).equals(before.drop(index=MILESTONE)), "only the edited row changed"
        pd.testing.assert_frame_equal(store.figures(), figures)  # the later upload stays
    at.run()
    assert not [w for w in at.warning if "data/" in w.value], "synced: the notice is gone"


def test_a_viewer_is_not_told_of_an_edited_csv(app, data_copy):
    edit_csv(data_copy, "milestones.csv", MILESTONE, "target_value", "4500")
    at = app("overview", "en").run()
    assert not at.exception
    assert not [w for w in at.warning if "data/" in w.value]


@pytest.mark.parametrize(
    ("lang", "detail", "summary"),
    [("zh", "目标值：3000 → 3200", "1 个目标有改动"), ("en", "target value: 3000 → 3200", "1 target(s) changed")],
)
def test_a_changed_plan_previews_old_and_new(app, db_url, lang, detail, summary):
    from tracker.importing import commit_plan, stage_plan

    with_baselines(db_url)
    with Store(db_url) as store:
        commit_plan(store, stage_plan(store, "plan.xlsx", fifteenth_plan_xlsx()), "规划科", "十五五")
    sheets = fifteenth_plan_sheets()
    set_cell(sheets, "目标", 3, "目标值", "3200亿元")
    at = unlocked(app, "upload", lang)
    at.file_uploader(key="plan_upload").upload("plan-v2.xlsx", workbook(sheets), XLSX).run()
    assert not at.exception
    assert summary in texts(at.info), texts(at.info)
    changes = at.dataframe[0].value
    assert changes.iloc[:, 3].tolist() == ["gdp-2030"] and changes.iloc[0, 4] == detail, changes


@pytest.mark.parametrize(("lang", "said"), [("zh", "条数据仍保留在数据库中"), ("en", "figure(s) stay in the store")])
def test_an_indicator_the_plan_drops_keeps_its_figures_and_the_preview_says_so(app, db_url, lang, said):
    from tracker.planfile import write_plan_workbook

    with Store(db_url) as store:
        pillars, indicators, milestones = store.plan_tables()
        kept = int((store.figures()["indicator_id"] == "hightech_enterprises").sum())
        data = write_plan_workbook(
            indicators[indicators["id"] != "hightech_enterprises"],
            milestones[milestones["indicator_id"] != "hightech_enterprises"],
            pillars,
            store.plan_about(),
            lang=lang,
        )
    at = unlocked(app, "upload", lang)
    at.file_uploader(key="plan_upload").upload("plan.xlsx", data, XLSX).run()
    assert not at.exception
    warned = texts(at.warning).replace("\\", "")
    assert "hightech_enterprises" in warned and f"{kept} {said}" in warned, warned


NAMES = {"gdp": "高新区地区生产总值", "city_gdp": "济南市地区生产总值", "hightech_enterprises": "高新技术企业数量"}


@pytest.mark.parametrize(
    ("part", "key", "expected"),
    [
        ("indicators", "gdp", "高新区地区生产总值"),
        ("figures", "city_gdp 2024-09", "济南市地区生产总值 · 2024年9月"),
        ("figures", "gpd 2024", ""),  # an indicator the plan does not know: its id says it
        ("milestones", "hightech_enterprises-2027", "高新技术企业数量"),
        ("milestones", "gdp-2026-annual_growth", "高新区地区生产总值"),
        ("milestones", "city_gdp-2030", "济南市地区生产总值"),  # the longest id that starts it, not gdp's
        ("pillars", "growth", ""),
    ],
)
def test_a_synced_row_is_named_as_readers_name_it(part, key, expected):
    from components.plan_sync import row_name

    assert row_name(part, key, NAMES, "zh") == expected


@pytest.mark.parametrize(
    ("part", "fields", "lang", "expected"),
    [
        ("milestones", "target_value, quote", "zh", "目标值、原文"),
        ("milestones", "target_value, quote", "en", "target value, quote"),
        ("figures", "value, note_zh, note_en, flags", "zh", "数值、备注、标记"),
        ("figures", "value, source_en", "en", "Value, Source"),
        ("indicators", "", "zh", ""),
    ],
)
def test_the_columns_a_row_changed_are_said_in_the_readers_words(part, fields, lang, expected):
    from components.plan_sync import field_words

    assert field_words(part, fields, lang) == expected


@pytest.mark.parametrize(
    ("detail", "fields", "lang", "expected"),
    [
        ("target_value: 4000 → 4500", "target_value", "zh", "目标值：4000 → 4500"),
        (
            "target_period: 2027 → 2028; quote: a → b",
            "target_period, quote",
            "zh",
            "目标年份：2027 → 2028；原文：a → b",
        ),
        (
            "target_period: 2027 → 2028; quote: a → b",
            "target_period, quote",
            "en",
            "target period: 2027 → 2028; quote: a → b",
        ),
    ],
)
def test_a_changed_rows_old_and_new_name_its_columns(detail, fields, lang, expected):
    from components.plan_upload import detail_words

    assert detail_words("milestones", fields, detail, lang) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(1767.3, "1,767.3"), (8.2, "8.2"), (2200.0, "2,200"), (float("nan"), "—"), (None, "—")]
)
def test_a_compared_figure_is_text_with_every_digit_and_a_dash_for_none(value, expected):
    from app_pages.history import value_text

    assert value_text(value) == expected


HOSTILE = "![x](http://tracker.invalid/pixel.png) :red[警告] <b>粗体</b> [link](http://tracker.invalid)"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_plan_files_text_is_shown_as_text(app, db_url, lang):
    """A title, a name and a quote with markdown or HTML in them are shown as written, never rendered."""
    with_baselines(db_url)
    sheets = fifteenth_plan_sheets()
    sheets["关于"][2][1] = HOSTILE  # 中文标题
    sheets["关于"][3][1] = HOSTILE  # 英文标题
    set_cell(sheets, "指标", 3, "指标名称", HOSTILE)
    set_cell(sheets, "指标", 3, "英文名称", HOSTILE)
    at = unlocked(app, "upload", lang)
    at.file_uploader(key="plan_upload").upload("plan.xlsx", workbook(sheets), XLSX).run()
    assert not at.exception
    (preview,) = [i.value for i in at.info if "jinan" in i.value]
    assert "\\!\\[x\\]" in preview and "\\:red\\[" in preview and "\\<b\\>" in preview, preview
    assert "](http" not in preview
    shown = at.dataframe[1].value  # the status table: plain text in a grid, never markdown
    assert any(HOSTILE in str(v) for v in shown.iloc[:, 1]), shown


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "每个目标都必须引用规划原文"), ("en", "every target must quote the plan")]
)
def test_an_edited_csv_with_a_problem_names_it_by_row_and_stores_nothing(app, db_url, data_copy, lang, said):
    edit_csv(data_copy, "milestones.csv", MILESTONE, "quote", "")
    row = (
        2
        + pd.read_csv(data_copy / "milestones.csv", dtype=str).index[
            pd.read_csv(data_copy / "milestones.csv", dtype=str)["indicator_id"] == "hightech_enterprises"
        ][0]
    )
    at = unlocked(app, "overview", lang)
    at.button(key="plansync_check").click().run()
    assert not at.exception
    problems = at.dataframe[1].value  # after the rows the edit touched
    assert problems.values.tolist() == [["data/milestones.csv", str(row), "quote", problems.iloc[0, 3]]]
    assert said in problems.iloc[0, 3]
    assert not [b for b in at.get("form_submit_button") if b.form_id == "plansync_form"], "nothing to store"
    with Store(db_url) as store:
        assert store.latest_revision() == 1


@pytest.mark.parametrize(
    ("lang", "said", "typed"),
    [("zh", "请在上方“方案编号”中填写", "jinan-2026-typed"), ("en", "fill in “Plan id” above", "jinan-2026-typed")],
)
def test_a_plan_without_an_id_says_to_fill_the_field_and_the_field_gives_it(app, db_url, lang, said, typed):
    with_baselines(db_url)
    sheets = fifteenth_plan_sheets()
    sheets["关于"][1][1] = ""  # 方案编号
    at = unlocked(app, "upload", lang)
    at.file_uploader(key="plan_upload").upload("plan.xlsx", workbook(sheets), XLSX).run()
    problems = at.dataframe[0].value
    assert said in " ".join(problems.iloc[:, 3]) and "--plan" not in " ".join(problems.iloc[:, 3]), problems
    at.text_input(key="plan_id_input").input(typed).run()
    assert not at.exception
    assert any(typed.replace("-", "\\-") in i.value for i in at.info), texts(at.info)
