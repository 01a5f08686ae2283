"""Plan files (issue 12 §1): a plan workbook or a ZIP of CSVs read as an office writes it, every problem named by
sheet, row and column in both languages, the plan written back and read identically, and two plans compared."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from tests.plan_files import (
    CSV_NAMES,
    EXPECTED_ABOUT,
    EXPECTED_INDICATORS,
    EXPECTED_MILESTONES,
    add_column,
    csv_zip,
    drop_column,
    fifteenth_plan_sheets,
    fifteenth_plan_xlsx,
    fifteenth_plan_zip,
    set_cell,
    workbook,
)
from tracker.plan import DATA_DIR
from tracker.planfile import (
    PLAN_INDICATOR_COLUMNS,
    PLAN_MILESTONE_COLUMNS,
    diff_plans,
    milestone_ids,
    plan_from_tables,
    plan_template,
    read_plan_file,
    write_plan_workbook,
)

# The example plan, read: as a workbook, and as zips of CSVs in each encoding Excel saves.
FILES = [
    ("fifteenth.xlsx", fifteenth_plan_xlsx),
    ("fifteenth-gbk.zip", lambda: fifteenth_plan_zip("gbk")),
    ("fifteenth-utf8.zip", lambda: fifteenth_plan_zip("utf-8")),
    ("fifteenth-bom.zip", lambda: fifteenth_plan_zip("utf-8-sig")),
]


@pytest.mark.parametrize(("filename", "make"), FILES)
def test_a_plan_written_as_a_chinese_office_writes_it_reads(filename, make):
    plan = read_plan_file(make(), filename)
    assert [p.message("en") for p in plan.problems] == []
    assert plan.rows_read == {"indicators": 6, "milestones": 6, "pillars": 2, "about": 6}
    assert plan.about == EXPECTED_ABOUT
    assert list(plan.indicators.columns) == PLAN_INDICATOR_COLUMNS
    assert list(plan.milestones.columns) == PLAN_MILESTONE_COLUMNS
    indicators = plan.indicators[["id", "unit", "measure", "direction", "pace_method", "kind", "cadence"]]
    assert [
        (row, *values) for row, values in zip(indicators.index, map(tuple, indicators.values))
    ] == EXPECTED_INDICATORS
    columns = ["milestone_id", "indicator_id", "target_period", "target_value", "baseline_period", "bound", "kind"]
    got = [(row, *values) for row, values in zip(plan.milestones.index, map(tuple, plan.milestones[columns].values))]
    assert got == EXPECTED_MILESTONES
    assert set(plan.milestones["source_zh"]) == {"示例：济南高新区“十五五”规划（测试用示例文件，非正式发布）"}
    assert set(plan.milestones["source_en"]) == {""}
    assert plan.indicators.loc[5, "formula"] == "(gdp[t] - gdp[t-1]) / (city_gdp[t] - city_gdp[t-1]) * 100"


def test_the_title_row_is_the_title_when_the_about_sheet_is_left_out():
    sheets = fifteenth_plan_sheets()
    del sheets["关于"]
    plan = read_plan_file(workbook(sheets), "plan.xlsx")
    assert plan.problems == []
    assert plan.about["title_zh"] == "济南高新区“十五五”规划主要指标（示例，非正式数据）"
    assert plan.about["plan_id"] == ""


def _edit(sheet, row, header, value):
    def edit(sheets):
        set_cell(sheets, sheet, row, header, value)

    return edit


def _row_copy(sheet, row, new_id=None):
    """Append a copy of ``row`` (with another id, when given) under the last row."""

    def edit(sheets):
        sheets[sheet].append(list(sheets[sheet][row - 1]))
        if new_id is not None:
            set_cell(sheets, sheet, len(sheets[sheet]), "指标编号", new_id)

    return edit


def _drop(sheet, header):
    return lambda sheets: drop_column(sheets, sheet, header)


def _ids(*values):
    return lambda sheets: add_column(sheets, "目标", "目标编号", list(values))


def _no_sheet(sheet):
    return lambda sheets: sheets.pop(sheet)


def _no_pillars(sheets):
    sheets.pop("支柱")


# Each bad row: the edit, then (sheet, row, column, code) of the one problem it makes and a word each language's
# message says (the value or the way out). Rows as Excel numbers them: the title is row 1, the header row 2.
BAD = [
    (
        "unknown indicator",
        _edit("目标", 3, "指标编号", "gpd"),
        ("目标", 3, "指标编号", "unknown_indicator"),
        "“gdp”",
        "'gdp'",
    ),
    ("no quote", _edit("目标", 5, "原文", ""), ("目标", 5, "原文", "no_quote"), "原文", "quote"),
    ("no source", _edit("目标", 6, "来源", ""), ("目标", 6, "来源", "no_source"), "出处", "source"),
    ("unknown unit", _edit("指标", 7, "单位", "亿美元"), ("指标", 7, "单位", "unknown_unit"), "亿美元", "'亿美元'"),
    (
        "unknown pillar",
        _edit("指标", 8, "所属支柱", "space"),
        ("指标", 8, "所属支柱", "unknown_pillar"),
        "space",
        "space",
    ),
    (
        "formula naming a missing indicator",
        _edit("指标", 5, "计算公式", "(gdp[t] - gdp[t-1]) / (city_gpd[t] - city_gpd[t-1]) * 100"),
        ("指标", 5, "计算公式", "formula_unknown"),
        "“city_gdp”",
        "'city_gdp'",
    ),
    (
        "formula not allowed",
        _edit("指标", 5, "计算公式", "abs(gdp[t])"),
        ("指标", 5, "计算公式", "bad_formula"),
        "公式“abs(gdp[t])”",
        "'abs(gdp[t])'",
    ),
    (
        "duplicate indicator",
        _row_copy("指标", 3),
        ("指标", 9, "指标编号", "duplicate_indicator"),
        "第 3 行",
        "row 3",
    ),
    (
        "id not snake_case",
        _row_copy("指标", 8, "Digital Share"),
        ("指标", 9, "指标编号", "bad_id"),
        "小写",
        "lower-case",
    ),
    ("no id", _row_copy("指标", 8, ""), ("指标", 9, "指标编号", "no_id"), "请填写指标编号", "give the indicator an id"),
    (
        "duplicate milestone id",
        _ids("m1", "m2", "m3", "m1", "m5", "m6"),
        ("目标", 6, "目标编号", "duplicate_milestone_id"),
        "第 3 行",
        "row 3",
    ),
    (
        "two targets, one period",
        _edit("目标", 7, "指标编号", "rd_intensity"),
        ("目标", 7, "目标年份", "duplicate_milestone"),
        "第 5 行",
        "row 5",
    ),
    (
        "target before baseline",
        _edit("目标", 6, "基期", "2031年"),
        ("目标", 6, "目标年份", "target_before_baseline"),
        "2031",
        "2031",
    ),
    (
        "unreadable period",
        _edit("目标", 7, "目标年份", "十五五末"),
        ("目标", 7, "目标年份", "bad_period"),
        "十五五末",
        "十五五末",
    ),
    (
        "unreadable number",
        _edit("目标", 6, "目标值", "约五千"),
        ("目标", 6, "目标值", "bad_number"),
        "约五千",
        "约五千",
    ),
    (
        "number in the wrong unit",
        _edit("目标", 6, "目标值", "5000亿元"),
        ("目标", 6, "目标值", "bad_number"),
        "5000亿元",
        "5000亿元",
    ),
    (
        "bound not allowed",
        _edit("目标", 3, "目标界限", "大概"),
        ("目标", 3, "目标界限", "bad_choice"),
        "at_least（不低于）、about（左右）",
        "at_least (不低于), about (左右)",
    ),
    ("bound left empty", _edit("目标", 3, "目标界限", ""), ("目标", 3, "目标界限", "no_choice"), "必填", "required"),
    (
        "both value and multiple",
        _edit("目标", 3, "目标倍数", 2),
        ("目标", 3, "目标值", "value_or_multiple"),
        "目标倍数",
        "target_multiple",
    ),
    ("growth not a rate", _edit("目标", 4, "目标值", "7"), ("目标", 4, "目标值", "growth_fraction"), "7%", "7%"),
    (
        "indicator kind not allowed",
        _edit("指标", 6, "指标属性", "重要"),
        ("指标", 6, "指标属性", "bad_choice"),
        "约束性",
        "binding",
    ),
    (
        "measure not allowed",
        _edit("指标", 6, "计量类型", "level"),
        ("指标", 6, "计量类型", "bad_choice"),
        "流量",
        "flow",
    ),
    ("missing column", _drop("目标", "原文"), ("目标", 2, "原文", "missing_column"), "原文", "quote"),
    ("missing sheet", _no_sheet("目标"), ("目标", None, None, "missing_sheet"), "目标", "milestones"),
    ("no pillars sheet, none known", _no_pillars, ("指标", 3, "所属支柱", "no_pillars_known"), "支柱", "pillars"),
    (
        "bad date",
        lambda sheets: sheets["关于"][5].__setitem__(1, "三月"),
        ("关于", 6, "内容", "bad_date"),
        "三月",
        "三月",
    ),
]


@pytest.mark.parametrize(("name", "edit", "where", "zh_word", "en_word"), BAD, ids=[case[0] for case in BAD])
@pytest.mark.parametrize("kind", ["xlsx", "gbk zip"])
def test_each_bad_row_gives_its_problem_named_by_sheet_row_and_column(name, edit, where, zh_word, en_word, kind):
    sheets = fifteenth_plan_sheets()
    edit(sheets)
    data = workbook(sheets) if kind == "xlsx" else csv_zip(sheets, "gbk")
    plan = read_plan_file(data, "plan.xlsx" if kind == "xlsx" else "plan.zip")
    if name == "no pillars sheet, none known":  # every indicator's pillar is unknown: the first is the case
        plan_problems = plan.problems[:1]
        assert {p.code for p in plan.problems} == {"no_pillars_known"} and len(plan.problems) == 6
    else:
        plan_problems = plan.problems
    sheet = where[0] if kind == "xlsx" else CSV_NAMES[where[0]]
    assert [(p.sheet, p.row, p.column, p.code) for p in plan_problems] == [(sheet, *where[1:])]
    zh, en = plan_problems[0].message("zh"), plan_problems[0].message("en")
    assert zh_word in zh and en_word in en
    for message in (zh, en):
        assert sheet in message
        if where[1] is not None:
            assert str(where[1]) in message
        if where[2] is not None:
            assert where[2] in message


def test_pillars_the_store_knows_are_enough():
    sheets = fifteenth_plan_sheets()
    sheets.pop("支柱")
    known = pd.read_csv(DATA_DIR / "pillars.csv", dtype=str, keep_default_na=False)
    assert read_plan_file(workbook(sheets), "plan.xlsx", known_pillars=known).problems == []


@pytest.mark.parametrize(
    ("indicator", "known", "codes"),
    [
        ("provincial_rd_institutions", True, []),  # another plan's indicator: the store has it
        ("provincial_rd_institutions", False, ["unknown_indicator"]),
        ("省级研发机构", True, []),  # named by its Chinese name
    ],
)
def test_a_milestone_may_name_an_indicator_the_store_holds(indicator, known, codes):
    sheets = fifteenth_plan_sheets()
    set_cell(sheets, "目标", 7, "指标编号", indicator)
    set_cell(sheets, "目标", 7, "目标值", "30个")
    indicators = pd.DataFrame(
        [{"id": "provincial_rd_institutions", "name_zh": "省级研发机构", "name_en": "Provincial R&D", "unit": "个"}]
    )
    plan = read_plan_file(workbook(sheets), "plan.xlsx", known_indicators=indicators if known else None)
    assert [p.code for p in plan.problems] == codes
    if not codes:
        assert plan.milestones.loc[7, ["indicator_id", "target_value"]].tolist() == ["provincial_rd_institutions", "30"]


@pytest.mark.parametrize(
    ("baseline", "figures", "codes"),
    [
        ("2025年", [("hightech_enterprises", "2025")], []),
        ("2025年", [("hightech_enterprises", "2024")], ["baseline_no_figure"]),  # its figures, not the baseline's
        # no figure of the indicator at all (a blank store's first plan): its baseline's comes next (issue 12 §3)
        ("2025年", [("gdp", "2025")], []),
    ],
)
def test_with_figures_a_baseline_needs_its_figure(baseline, figures, codes):
    sheets = fifteenth_plan_sheets()
    for row in (3, 5, 8):  # only the high-tech enterprises target keeps a baseline
        set_cell(sheets, "目标", row, "基期", "")
    set_cell(sheets, "目标", 6, "基期", baseline)
    frame = pd.DataFrame(figures, columns=["indicator_id", "period"])
    plan = read_plan_file(workbook(sheets), "plan.xlsx", figures=frame)
    assert [(p.row, p.code) for p in plan.problems] == [(6, c) for c in codes]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"indicator_id,period\ngdp,2030\n", "planfile_not_plan"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old_excel"),
        (b"PK\x03\x04" + b"\0" * 100, "bad_xlsx"),
        (b"", "empty_file"),
    ],
)
def test_a_file_that_is_no_plan_file_is_one_problem(data, code):
    plan = read_plan_file(data, "plan.xlsx")
    assert [(p.sheet, p.row, p.code) for p in plan.problems] == [("plan.xlsx", None, code)]
    assert plan.problems[0].message("zh") != plan.problems[0].message("en")
    assert plan.milestones.empty and plan.indicators.empty


def test_a_zip_inflating_past_the_cap_is_refused_before_it_is_read():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("milestones.csv", b"indicator_id,target_period\n" + b"0" * (17 * 1024**2))
    plan = read_plan_file(out.getvalue(), "plan.zip")
    assert [p.code for p in plan.problems] == ["planfile_zip_too_big"]
    assert "MB" in plan.problems[0].message("en") and "MB" in plan.problems[0].message("zh")


# Round trip: the shipped plan written as a workbook and read back is the same plan.


def _shipped(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False).map(str.strip)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_shipped_plan_round_trips_through_a_workbook(lang):
    indicators, milestones, pillars = _shipped("indicators.csv"), _shipped("milestones.csv"), _shipped("pillars.csv")
    about = {"plan_id": "jinan-2022", "title_zh": "济南高新区", "title_en": "Jinan", "issuer": "", "date": "2022-12"}
    data = write_plan_workbook(indicators, milestones, pillars, about, lang=lang)
    plan = read_plan_file(data, "plan.xlsx")
    assert plan.problems == []
    assert plan.about == {**about, "source": ""}
    for frame, shipped in ((plan.indicators, indicators), (plan.milestones, milestones), (plan.pillars, pillars)):
        read = frame.reset_index(drop=True)[list(shipped.columns)]
        pd.testing.assert_frame_equal(read.astype(object), shipped.astype(object))
    assert plan.rows_read["milestones"] == len(milestones)
    expected_ids = milestones["milestone_id"] if "milestone_id" in milestones else milestone_ids(milestones)
    assert plan.milestones["milestone_id"].tolist() == list(expected_ids)
    sheet_names = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    assert sheet_names == (
        ["指标", "目标", "支柱", "关于"] if lang == "zh" else ["indicators", "milestones", "pillars", "about"]
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_example_plan_round_trips_too(lang):
    first = read_plan_file(fifteenth_plan_xlsx(), "plan.xlsx")
    data = write_plan_workbook(first.indicators, first.milestones, first.pillars, first.about, lang=lang)
    again = read_plan_file(data, "again.xlsx")
    assert again.problems == [] and again.about == first.about
    for a, b in (
        (first.indicators, again.indicators),
        (first.milestones, again.milestones),
        (first.pillars, again.pillars),
    ):
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_template_reads_back_with_its_examples_skipped(lang):
    plan = read_plan_file(plan_template(lang), "template.xlsx")
    assert plan.examples_skipped == 3
    assert [(p.code, p.row) for p in plan.problems] == [("no_milestones", None)]
    assert plan.rows_read == {"indicators": 0, "milestones": 0, "pillars": 0, "about": 0}
    names = openpyxl.load_workbook(io.BytesIO(plan_template(lang))).sheetnames
    assert names[-1] == ("填写说明" if lang == "zh" else "how to fill in") and len(names) == 5


def test_the_template_filled_in_below_its_example_reads():
    book = openpyxl.load_workbook(io.BytesIO(plan_template("zh")))
    filled = {
        "指标": {"指标编号": "gdp", "指标名称": "地区生产总值", "英文名称": "GDP", "所属支柱": "growth", "单位": "亿元"}
        | {"计量类型": "流量", "方向": "上升", "进度算法": "复合增长", "中文来源": "统计局"},
        "目标": {"指标编号": "gdp", "目标年份": "2030年", "目标值": "3000亿元", "基期": "2025", "目标界限": "不低于"}
        | {"原文": "示例", "中文来源": "示例来源"},
        "支柱": {"支柱编号": "growth", "顺序": 1, "支柱名称": "增长", "英文名称": "Growth"},
    }
    for name, cells in filled.items():
        header = [c.value for c in book[name][1]]
        book[name].append([cells.get(h, "") for h in header])
    out = io.BytesIO()
    book.save(out)
    plan = read_plan_file(out.getvalue(), "filled.xlsx")
    assert [p.message("en") for p in plan.problems] == []
    assert plan.milestones[["milestone_id", "target_value", "bound"]].values.tolist() == [
        ["gdp-2030", "3000", "at_least"]
    ]


# Diff: what importing the new plan changes.


def _plan():
    return _shipped("indicators.csv"), _shipped("milestones.csv")


def _row(frame, **where):
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return frame.index[mask][0]


def _target_changed(ind, ms):
    ms.loc[_row(ms, indicator_id="rd_intensity", target_period="2027"), "target_value"] = "8.5"


def _period_edited(ind, ms):
    ms.loc[_row(ms, indicator_id="industry_digital", target_period="2030"), "target_period"] = "2029"


def _added(ind, ms):
    extra = ms.iloc[[0]].assign(target_period="2030", target_multiple="2.5", milestone_id="")
    return ind, pd.concat([ms, extra], ignore_index=True)


def _removed(ind, ms):
    return ind.drop(index=_row(ind, id="pe_fund_size")), ms


def _renamed(ind, ms):
    ind.loc[_row(ind, id="gdp"), "name_en"] = "GDP of the zone"


DIFFS = [
    (
        "target changed",
        _target_changed,
        {"milestones_changed": [("rd_intensity-2027", {"target_value": ("8", "8.5")})]},
    ),
    (
        "period edited is a change",
        _period_edited,
        {"milestones_changed": [("industry_digital-2030", {"target_period": ("2030", "2029")})]},
    ),
    ("milestone added", _added, {"milestones_added": ["gdp-2030"]}),
    ("indicator removed", _removed, {"indicators_removed": ["pe_fund_size"]}),
    ("indicator renamed", _renamed, {"indicators_changed": [("gdp", {"name_en": ("Zone GDP", "GDP of the zone")})]}),
    ("nothing", lambda ind, ms: None, {}),
]


@pytest.mark.parametrize(("name", "edit", "expected"), DIFFS, ids=[d[0] for d in DIFFS])
def test_diff_names_what_a_new_plan_adds_changes_and_removes(name, edit, expected):
    old_ind, old_ms = _plan()
    old_ms = old_ms.assign(milestone_id=milestone_ids(old_ms))  # the store keeps each milestone's id
    new_ind, new_ms = old_ind.copy(), old_ms.copy()
    edited = edit(new_ind, new_ms)
    if edited is not None:
        new_ind, new_ms = edited
    diff = diff_plans(old_ind, old_ms, new_ind, new_ms)
    got = {
        field: [(c.key, c.fields) for c in value] if field.endswith("changed") else list(value)
        for field, value in vars(diff).items()
        if value
    }
    assert got == expected
    assert diff.empty == (not expected)
    assert (diff.summary("zh") == "方案没有变化") == (not expected)


def test_diff_compares_numbers_by_value_and_ids_missing_on_one_side():
    old_ind, old_ms = _plan()
    typed = old_ms.assign(target_value=pd.to_numeric(old_ms["target_value"].replace("", None)))  # 22.0 from a store
    assert diff_plans(old_ind, typed, old_ind, old_ms).empty
    read = read_plan_file(write_plan_workbook(old_ind, old_ms, None, {}), "plan.xlsx")
    assert diff_plans(old_ind, old_ms, read.indicators, read.milestones).empty


def test_diff_summary_counts_in_both_languages():
    old_ind, old_ms = _plan()
    new_ms = old_ms.copy()
    new_ms.loc[0, "target_multiple"] = "2.2"
    new_ms.loc[1, "quote"] = "力争通过6-7年"
    diff = diff_plans(old_ind, old_ms, old_ind, new_ms.iloc[:-1])
    assert diff.summary("zh") == "2 个目标有修改、删除 1 个目标"
    assert diff.summary("en") == "2 milestone(s) changed, 1 milestone(s) removed"


@pytest.mark.parametrize(
    ("rows", "ids"),
    [
        ([("gdp", "2028", "level", ""), ("gdp", "2029", "level", "")], ["gdp-2028", "gdp-2029"]),
        ([("gdp", "2024", "annual_growth", "")], ["gdp-2024-annual_growth"]),
        ([("gdp", "2028", "level", "gdp-2028-b"), ("gdp", "2028", "level", "")], ["gdp-2028-b", "gdp-2028"]),
        ([("gdp", "2028", "level", "gdp-2028"), ("gdp", "2028", "level", "")], ["gdp-2028", "gdp-2028-2"]),
        (
            [("gdp", "2028", "", ""), ("gdp", "2028", "level", ""), ("gdp", "2028", "level", "")],
            ["gdp-2028", "gdp-2028-2", "gdp-2028-3"],
        ),
    ],
)
def test_milestone_ids_are_generated_deterministically(rows, ids):
    frame = pd.DataFrame(rows, columns=["indicator_id", "target_period", "kind", "milestone_id"])
    assert milestone_ids(frame) == ids
    assert milestone_ids(frame) == milestone_ids(frame.copy())


def test_diff_compares_pillars_when_both_are_given():
    ind, ms = _plan()
    old = _shipped("pillars.csv")
    new = old.copy()
    new.loc[_row(new, id="finance"), "name_en"] = "Science and technology finance"
    diff = diff_plans(ind, ms, ind, ms, old_pillars=old, new_pillars=new.drop(index=_row(new, id="opening")))
    assert [(c.key, list(c.fields)) for c in diff.pillars_changed] == [("finance", ["name_en"])]
    assert diff.pillars_removed == ("opening",)
    assert diff_plans(ind, ms, ind, ms, old_pillars=old).empty  # one side only: not compared


# A target cell may say its bound in words, as plans write targets: the words give the bound where the bound column
# is empty; the bound column wins where it says one. A cell that cannot be read is quoted whole.
WORDED = [
    ("5000家以上", "", ("5000", "at_least"), []),
    ("达到5000家以上", "", ("5000", "at_least"), []),
    ("不低于5000家", "", ("5000", "at_least"), []),
    ("约5000家", "", ("5000", "about"), []),
    ("超过5000家", "", ("5000", "above"), []),
    ("5000家左右", "不低于", ("5000", "at_least"), []),
    ("约五千", "不低于", ("约五千", "at_least"), ["bad_number"]),
    ("5000家以上", "大概", ("5000", "大概"), ["bad_choice"]),
]


@pytest.mark.parametrize(("cell", "bound", "expected", "codes"), WORDED)
def test_a_target_cell_may_say_its_bound_in_words(cell, bound, expected, codes):
    sheets = fifteenth_plan_sheets()
    set_cell(sheets, "目标", 6, "目标值", cell)  # high-tech enterprises, in 家
    set_cell(sheets, "目标", 6, "目标界限", bound)
    plan = read_plan_file(workbook(sheets), "plan.xlsx")
    assert tuple(plan.milestones.loc[6, ["target_value", "bound"]]) == expected
    assert [(p.row, p.code) for p in plan.problems] == [(6, c) for c in codes]
    if codes == ["bad_number"]:
        assert "约五千" in plan.problems[0].message("zh") and "约五千" in plan.problems[0].message("en")


def test_a_loaded_plan_writes_as_its_csvs_say():
    from tracker.plan import load_plan

    plan = load_plan()  # frames indexed by id, targets as floats, a read-only source column
    about = {"plan_id": "jinan-2022"}
    read = read_plan_file(write_plan_workbook(plan.indicators, plan.milestones, plan.pillars, about), "plan.xlsx")
    assert read.problems == []
    for frame, name in ((read.indicators, "indicators.csv"), (read.milestones, "milestones.csv")):
        shipped = _shipped(name)
        pd.testing.assert_frame_equal(
            frame.reset_index(drop=True)[list(shipped.columns)].astype(object), shipped.astype(object)
        )


@pytest.mark.parametrize(("filename", "make"), FILES)
def test_a_plan_file_that_reads_without_problems_builds_as_tracker_plan_checks_it(filename, make):
    from tracker.plan import build_plan

    plan = read_plan_file(make(), filename)
    assert plan.problems == []
    built = build_plan(*(f.reset_index(drop=True) for f in (plan.pillars, plan.indicators, plan.milestones)))
    assert list(built.milestones["target_value"].fillna(-1)) == [3000, 0.07, 8.5, 5000, 20, 22]


@pytest.mark.parametrize(
    ("kinds", "codes"),
    [(("", "年度增速"), ["duplicate_milestone"]), (("", ""), ["duplicate_milestone"])],
)
def test_one_target_per_indicator_and_period_as_tracker_plan_has_it(kinds, codes):
    sheets = fifteenth_plan_sheets()
    set_cell(sheets, "目标", 4, "目标年份", "2030年")  # the 2026 growth target moved onto the 2030 level target's year
    set_cell(sheets, "目标", 3, "目标类型", kinds[0])
    set_cell(sheets, "目标", 4, "目标类型", kinds[1])
    if kinds[1] == "":
        set_cell(sheets, "目标", 4, "目标值", "3300亿元")
    plan = read_plan_file(workbook(sheets), "plan.xlsx")
    assert [(p.row, p.column, p.code) for p in plan.problems] == [(4, "目标年份", c) for c in codes]


# An edit made in the app is checked as a file is: plan_from_tables on the plan's tables with one cell changed.
EDITS = [
    ("target_value", "5000家以上", "bound", "", [], ("5000", "at_least")),
    ("target_period", "2030年", None, None, [], ("2030",)),
    ("target_period", "明年", None, None, [("milestones", "target_period", "bad_period")], ("明年",)),
    ("bound", "大概", None, None, [("milestones", "bound", "bad_choice")], ("大概",)),
    ("quote", "", None, None, [("milestones", "quote", "no_quote")], ("",)),
    ("indicator_id", "hightech", None, None, [("milestones", "indicator_id", "unknown_indicator")], ("hightech",)),
]


@pytest.mark.parametrize(("column", "value", "other", "other_value", "problems", "expected"), EDITS)
def test_an_edit_is_checked_as_a_plan_file_is(column, value, other, other_value, problems, expected):
    from tracker.plan import load_plan

    plan = load_plan()  # a Plan's own frames: indexed by id, typed targets
    milestones = plan.milestones.copy().astype(object)
    at = milestones.index[(milestones["indicator_id"] == "hightech_enterprises")][0]
    milestones.loc[at, column] = value
    if other:
        milestones.loc[at, other] = other_value
    checked = plan_from_tables(plan.indicators, milestones, plan.pillars)
    assert [(p.sheet, p.row, p.field, p.code) for p in checked.problems] == [
        (sheet, at + 2, field, code) for sheet, field, code in problems
    ]
    columns = [column] + ([other] if other else [])
    assert tuple(checked.milestones.loc[at + 2, columns]) == expected
    for problem in checked.problems:
        assert f"row {at + 2}" in problem.message("en") and f"第 {at + 2} 行" in problem.message("zh")


def _wide_workbook() -> bytes:
    sheets = fifteenth_plan_sheets()
    book = openpyxl.load_workbook(io.BytesIO(workbook(sheets)))
    book["指标"].cell(row=3, column=201, value="x")  # past column GR: tracker.xlsx's cap
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _many_members() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(70):
            archive.writestr(f"notes{number}.txt", b"x")
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "code"),
    [(_wide_workbook, "too_many_columns"), (_many_members, "planfile_zip_members")],
)
def test_the_readers_caps_apply_to_plan_files(make, code):
    plan = read_plan_file(make(), "plan.xlsx")
    assert [p.code for p in plan.problems] == [code]
    assert plan.problems[0].message("zh") and plan.problems[0].message("en")


def test_every_word_the_guide_offers_is_read_back_as_its_code():
    from tracker.planfile import CHINESE_WORDS, CHOICES, CODES

    guide = openpyxl.load_workbook(io.BytesIO(plan_template("zh")))["填写说明"]
    offered = " ".join(str(c) for row in guide.iter_rows(values_only=True) for c in row if c)
    for kind, codes in CODES.items():
        for code in codes:
            assert f"{code}（{CHINESE_WORDS[code]}）" in offered
            assert CHOICES[kind][code] == code and CHOICES[kind][CHINESE_WORDS[code]] == code
    assert "5000家以上" in offered and "亿元" in offered
