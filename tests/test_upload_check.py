"""Checking an upload all-or-nothing, and previewing it against the stored figures."""

import datetime as dt
import json
import math
import string
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import upload_files as files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.upload_rows import make_upload_csv, synthetic_indicators
from tracker.plan import load_plan
from tracker.preview import preview
from tracker.upload import Problem, UploadError, check_upload

TODAY = files.TODAY


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return load_plan().indicators


def figures(check) -> list[tuple[str, str, float]]:
    return [(i, p, round(v, 9)) for i, p, v in check.rows[["indicator_id", "period", "value"]].itertuples(index=False)]


EXPECTED_FIGURES = [(i, p, v) for _, i, p, v in files.EXPECTED]


@pytest.mark.parametrize(
    ("make", "filename", "first_row"),
    [
        (files.gbk_excel_csv, "统计数据.csv", 2),
        (files.gb18030_csv, "data.csv", 2),
        (files.utf8_bom_csv, "data.csv", 2),
        (files.utf16_tab_text, "data.txt", 2),
        (files.semicolon_csv, "data.csv", 2),
        (files.fullwidth_csv, "data.csv", 2),
        (files.xlsx_with_title, "data.xlsx", 4),
        (lambda: files.xlsx_with_title(percent_cell=False), "data.xlsx", 4),
    ],
)
def test_real_files_give_the_same_figures_in_the_indicators_units(indicators, make, filename, first_row):
    check = check_upload(filename, make(), indicators, TODAY)
    assert check.ok, [p.message_en for p in check.problems]
    assert figures(check) == EXPECTED_FIGURES
    assert check.rows["row"].tolist() == list(range(first_row, first_row + 5))


def test_chinese_magnitudes_become_the_indicators_unit(indicators):
    check = check_upload("wanyi.csv", files.wanyi_csv(), indicators, TODAY)
    assert check.ok
    assert figures(check) == [
        ("gdp", "2023", 12000.0),
        ("new_enterprises", "2023", 16000.0),
        ("pe_fund_size", "2023", 0.005),
        ("pe_funds", "2023", 1500.0),
    ]


def test_notes_and_sources_are_kept_as_plain_stripped_text(indicators):
    note = "<b>初步核算</b> **注意**"
    data = files.csv_bytes([["gdp", "2023", "1767.3", f"  {note} ", " 济南市统计局\t"]])
    check = check_upload("f.csv", data, indicators, TODAY)
    assert check.rows.at[0, "note_zh"] == note == check.rows.at[0, "note_en"]
    assert check.rows.at[0, "source_zh"] == "济南市统计局" == check.rows.at[0, "source_en"]


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        # note/备注 and source/来源: stored as written in both languages (an upload's note replaces both views')
        (
            "indicator,period,value,备注,来源",
            "gdp,2023,1.5,初步核算,济南市统计局",
            ("初步核算", "初步核算", "济南市统计局", "济南市统计局"),
        ),
        (
            "indicator,period,value,note,source",
            "gdp,2023,1.5,preliminary,te-ch.tech/a",
            ("preliminary", "preliminary", "te-ch.tech/a", "te-ch.tech/a"),
        ),
        # explicit columns, Chinese or English headers
        (
            "indicator,period,value,中文备注,英文备注,中文来源,英文来源",
            "gdp,2023,1.5,初步,prelim,齐鲁晚报,Qilu",
            ("初步", "prelim", "齐鲁晚报", "Qilu"),
        ),
        (
            "indicator,period,value,note_zh,note_en,source_zh,source_en",
            "gdp,2023,1.5,初步,prelim,齐鲁晚报,Qilu",
            ("初步", "prelim", "齐鲁晚报", "Qilu"),
        ),
        ("indicator,period,value,note-EN,Source ZH", "gdp,2023,1.5,prelim,齐鲁晚报", ("", "prelim", "齐鲁晚报", "")),
        # an explicit column wins over note/备注 for its language; the other language comes from 备注
        (
            "indicator,period,value,备注,note_en",
            "gdp,2023,1.5,初步核算,preliminary",
            ("初步核算", "preliminary", "", ""),
        ),
        (
            "indicator,period,value,备注,中文备注",
            "gdp,2023,1.5,preliminary,初步核算",
            ("初步核算", "preliminary", "", ""),
        ),
        ("indicator,period,value,note_zh", "gdp,2023,1.5,", ("", "", "", "")),
    ],
)
def test_notes_and_sources_go_to_the_column_of_their_language(indicators, header, cells, expected):
    check = check_upload("f.csv", f"{header}\n{cells}\n".encode(), indicators, TODAY)
    assert check.ok, [p.message_en for p in check.problems]
    row = check.rows.iloc[0]
    assert (row["note_zh"], row["note_en"], row["source_zh"], row["source_en"]) == expected


def test_every_kind_of_bad_row_is_reported_at_its_row_and_column(indicators):
    check = check_upload("bad.csv", files.bad_rows_csv(), indicators, files.TODAY)
    assert not check.ok
    expected = [(i + 2, column, code) for i, (_, column, code) in enumerate(files.BAD_ROWS) if code]
    assert [(p.row, p.column, p.code) for p in check.problems] == expected
    assert all(p.message_zh and p.message_en for p in check.problems)


@pytest.mark.parametrize(
    ("row", "zh", "en"),
    [
        (["gpd", "2023", "1767.3"], "是否是“gdp”", "did you mean 'gdp'?"),
        (["高新区地区生产总量", "2023", "1767.3"], "高新区地区生产总值 (gdp)", "高新区地区生产总值 (gdp)"),
        (["gdp_increment_share", "2023", "12"], "由 gdp、city_gdp 计算得出", "computed from gdp and city_gdp"),
        (["gdp", "2025", "1767.3"], "2025 年还没有结束", "the year 2025 has not ended yet"),
        (["gdp", "2024", "1767.3"], "2024 年还没有结束", "the year 2024 has not ended yet"),  # the running year
        (["gdp", "2024-06", "900"], "2024-06 还没有结束", "2024-06 has not ended yet"),
        (["gdp", "2024Q2", "900"], "2024-Q2 还没有结束", "2024-Q2 has not ended yet"),
        (["gdp", "上年", "1767.3"], "无法识别时期", "cannot read the period '上年'"),
        (["hightech_enterprises", "2023", "-3"], "数量不能为负数", "a count cannot be negative"),
        (["gdp", "2023", "3200家"], "单位是家，但该指标以亿元计", "is in 家, but this indicator is kept in 亿元"),
        (["gdp", "2023", "一千"], "不是数字", "is not a number"),
    ],
)
def test_problems_say_what_to_do_in_the_users_language(indicators, row, zh, en):
    check = check_upload("f.csv", files.csv_bytes([row], header=files.HEADER_ZH[:3]), indicators, TODAY)
    (problem,) = check.problems
    assert problem.row == 2
    assert zh in problem.message("zh") and en in problem.message("en")


@pytest.mark.parametrize(
    ("period", "future"),
    [
        ("2023", False),
        ("2024", True),
        ("2024年度", True),
        ("2024-05", False),
        ("2024-05-31", False),
        ("2024-Q1", False),
        ("2024-06", True),
        ("2024-06-14", True),
        ("2024-Q2", True),
        ("2024年1-6月", True),
        ("2025", True),
    ],
)
def test_a_period_is_in_the_future_until_it_has_ended(indicators, period, future):
    check = check_upload(
        "f.csv", files.csv_bytes([["gdp", period, "1"]], header=files.HEADER_EN[:3]), indicators, dt.date(2024, 6, 15)
    )
    assert [p.code for p in check.problems] == (["future_period"] if future else [])


def test_duplicates_name_both_rows_even_when_written_differently(indicators):
    rows = [["gdp", "2023年1-9月", "1"], ["Zone GDP", "2023-09", "1"], ["gdp", "2023", "1"]]
    check = check_upload("f.csv", files.csv_bytes(rows, header=files.HEADER_ZH[:3]), indicators, TODAY)
    (problem,) = check.problems
    assert (problem.row, problem.code) == (3, "duplicate")
    assert "rows 2, 3" in problem.message_en and "第 2, 3 行" in problem.message_zh


def test_title_rows_count_in_row_numbers(indicators):
    data = files.csv_bytes(
        [["gdp", "2023", "abc"]], header=files.HEADER_ZH[:3], title=["济南高新区", ""], encoding="gbk"
    )
    assert [(p.row, p.column) for p in check_upload("f.csv", data, indicators, TODAY).problems] == [(4, "数值")]


def test_rows_without_a_value_are_skipped_with_a_warning(indicators):
    rows = [["gdp", "2023", "1767.3"], ["city_gdp", "2023", ""], ["hightech_enterprises", "2023", "—"]]
    check = check_upload("template.csv", files.csv_bytes(rows, header=files.HEADER_EN[:3]), indicators, TODAY)
    assert check.ok and check.rows["indicator_id"].tolist() == ["gdp"]
    assert [w.code for w in check.warnings] == ["skipped_empty"]
    assert "rows 3, 4" in check.warnings[0].message_en


def test_unknown_columns_are_warnings_at_the_header_row(indicators):
    data = files.csv_bytes(
        [["gdp", "2023", "1767.3", "张三"]], header=["指标", "时期", "数值", "填报人"], title=["标题"]
    )
    check = check_upload("f.csv", data, indicators, TODAY)
    assert check.ok
    assert [(w.row, w.column, w.code) for w in check.warnings] == [(2, "填报人", "unknown_column")]


def test_a_unit_column_or_header_unit_converts_bare_numbers(indicators):
    data = files.csv_bytes(
        [["gdp", "2023", "17673000", "万元"], ["hightech_enterprises", "2023", "3200", "家"]],
        header=["指标", "时期", "数值", "单位"],
    )
    assert figures(check_upload("f.csv", data, indicators, TODAY)) == [
        ("gdp", "2023", 1767.3),
        ("hightech_enterprises", "2023", 3200.0),
    ]
    data = files.csv_bytes([["gdp", "2023", "17673000"]], header=["指标", "时期", "数值（万元）"])
    assert figures(check_upload("f.csv", data, indicators, TODAY)) == [("gdp", "2023", 1767.3)]


def test_indicators_indexed_by_id_without_an_id_column_work(indicators):
    by_index = indicators.drop(columns=["id"])
    check = check_upload("f.csv", files.gbk_excel_csv(), by_index, TODAY)
    assert check.ok and figures(check) == EXPECTED_FIGURES


def test_an_indicators_table_changed_in_place_is_checked_as_it_now_is():
    table = pd.DataFrame(
        {
            "id": ["gdp"],
            "name_zh": ["地区生产总值"],
            "name_en": ["Regional GDP"],
            "unit": ["亿元"],
            "formula": pd.Series([None], dtype=object),
        }
    ).set_index("id", drop=False)
    data = "指标,时期,数值\ngdp,2023,5\nRegional GDP,2022,4\n".encode()
    assert check_upload("f.csv", data, table, TODAY).ok
    table.loc["gdp", "name_en"] = "Gross product"  # same object, new content: not the cached one
    assert [p.code for p in check_upload("f.csv", data, table, TODAY).problems] == ["unknown_indicator"]
    table.loc["gdp", "formula"] = "x[t]"
    assert "derived_indicator" in [p.code for p in check_upload("f.csv", data, table, TODAY).problems]


def test_progress_advances_to_the_end(indicators):
    seen: list[float] = []
    check_upload("f.csv", files.gbk_excel_csv(), indicators, TODAY, progress=seen.append)
    assert seen == sorted(seen) and seen[0] == 0.0 and seen[-1] == 1.0 and len(seen) >= 4


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4", b"\xd0\xcf\x11\xe0" + bytes(64), "a,b\n1,2".encode("utf-16")])
def test_unreadable_files_raise_an_upload_error_in_both_languages(indicators, data):
    with pytest.raises(UploadError) as caught:
        check_upload("f.xls", data, indicators, TODAY)
    assert caught.value.message_zh and caught.value.message_en and isinstance(caught.value, ValueError)


def test_the_benchmark_file_is_a_valid_upload():
    synthetic = synthetic_indicators(50)
    check = check_upload("bench.csv", make_upload_csv(1_000, list(synthetic["id"])), synthetic, TODAY)
    assert check.ok, check.problems[:3]
    assert len(check.rows) == 1_000 and check.rows[["indicator_id", "period"]].duplicated().sum() == 0


# Anything at all: an UploadError or a list of problems, never another exception.
_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_cells = st.text(alphabet=string.printable + "指标时期数值万亿元家%，。１２３—\u3000\ufeff", max_size=30)


@_settings
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(indicators, data):
    _check_never_crashes(data, indicators)


@_settings
@given(text=st.text(max_size=500), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_arbitrary_text_in_any_encoding_never_crashes(indicators, text, encoding):
    _check_never_crashes(text.encode(encoding), indicators)


@_settings
@given(
    rows=st.lists(st.lists(_cells, min_size=0, max_size=6), max_size=20),
    encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]),
    delimiter=st.sampled_from([",", "\t", ";"]),
)
def test_arbitrary_rows_under_a_real_header_never_crash(indicators, rows, encoding, delimiter):
    header = delimiter.join(files.HEADER_ZH)
    body = "\n".join(delimiter.join(r) for r in rows)
    check = _check_never_crashes(f"{header}\n{body}".encode(encoding), indicators)
    if check is not None:
        assert all(isinstance(p, Problem) and p.row and p.row >= 2 for p in check.problems)
        assert np.isfinite(check.rows["value"]).all()


def _check_never_crashes(data: bytes, indicators: pd.DataFrame):
    try:
        check = check_upload("upload.csv", data, indicators, TODAY)
    except UploadError as err:
        assert err.message_en and err.message_zh
        return None
    assert check.ok == (not check.problems)
    return check


# Preview: the stored figures are gdp 2022 = 1619.3 (note "stored"), gdp 2023 = 1767.3, gdp 2023-09 = 1200.
CURRENT = pd.DataFrame(
    {
        "indicator_id": ["gdp", "gdp", "gdp", "hightech_enterprises"],
        "period": ["2022", "2023年", "2023年1-9月", "2022"],
        "value": [1619.3, 1767.3, 1200.0, 2000.0],
        "note": ["stored", "", "", ""],
        "source": ["bureau", "bureau", "", ""],
    }
)


@pytest.mark.parametrize(
    ("indicator", "period", "value", "note", "status", "change_pct", "implausible"),
    [
        ("gdp", "2023", 1767.3, "", "unchanged", None, False),
        ("gdp", "2022", 1619.3, "stored", "unchanged", None, False),
        ("gdp", "2022", 1619.3, "revised note", "changed", None, False),
        ("gdp", "2023", 1800.0, "", "changed", 1.85, False),
        ("gdp", "2023", 3000.0, "", "changed", 69.75, True),  # +70% on the stored value and on 2022
        ("gdp", "2024", 1900.0, "", "new", None, False),  # +7.5% on 2023
        ("gdp", "2024", 2700.0, "", "new", None, True),  # +53% on 2023
        ("gdp", "2024-09", 1300.0, "", "new", None, False),  # against 2023-09 (1200), not the year
        ("gdp", "2024-09", 1900.0, "", "new", None, True),  # +58% on 2023-09
        ("gdp", "2021", 1510.3, "", "new", None, False),  # nothing stored for 2020 here
        ("hightech_enterprises", "2023", 900.0, "", "new", None, True),  # -55% on 2022
        ("hightech_enterprises", "2023-Q3", 900.0, "", "new", None, False),  # no 2022-Q3 to compare with
    ],
)
def test_preview_marks_each_row_and_flags_jumps(indicator, period, value, note, status, change_pct, implausible):
    rows = pd.DataFrame(
        {"row": [2], "indicator_id": [indicator], "period": [period], "value": [value], "note": [note], "source": [""]}
    )
    shown = preview(rows, CURRENT).iloc[0]
    assert shown["status"] == status
    if change_pct is None:
        assert np.isnan(shown["change_pct"])
    else:
        assert shown["change_pct"] == pytest.approx(change_pct, abs=0.01)
    assert shown["implausible"] == implausible
    assert bool(shown["reason_en"]) == implausible and bool(shown["reason_zh"]) == implausible


def test_preview_compares_with_the_previous_year_from_the_same_upload():
    rows = pd.DataFrame(
        {
            "row": [2, 3],
            "indicator_id": ["city_gdp", "city_gdp"],
            "period": ["2022", "2023"],
            "value": [12000.0, 30000.0],
            "note": "",
            "source": "",
        }
    )
    shown = preview(rows, CURRENT)
    assert shown["implausible"].tolist() == [False, True]
    assert "+150% against 2022" in shown.at[1, "reason_en"] and "比 2022 变化 +150%" in shown.at[1, "reason_zh"]
    assert shown.at[1, "previous_value"] == 12000.0


def test_preview_of_a_checked_file_keeps_its_rows(indicators):
    check = check_upload("f.csv", files.gbk_excel_csv(), indicators, TODAY)
    shown = preview(check.rows, CURRENT)
    assert shown["row"].tolist() == check.rows["row"].tolist()
    # gdp 2023-09 moves from 1200 to 1234.5; gdp 2023 keeps its value but names another source
    assert shown["status"].tolist() == ["changed", "changed", "new", "new", "new"]
    assert shown.at[0, "change_pct"] == pytest.approx(2.875) and np.isnan(shown.at[1, "change_pct"])


def test_preview_gives_each_row_its_reason_when_rows_share_one():
    # Reasons are built once per distinct jump and shared: each row still reads its own ("" when plausible).
    rows = pd.DataFrame(
        {
            "row": [2, 3, 4, 5, 6, 7],
            "indicator_id": ["gdp", "gdp", "city_gdp", "city_gdp", "a", "a"],
            "period": ["2023", "2024", "2022", "2023", "2022", "2023"],
            "value": [3000.0, 2700.0, 100.0, 300.0, 10.0, 30.0],
            "note": "",
            "source": "",
        }
    )
    shown = preview(rows, CURRENT)
    assert shown["reason_en"].astype(str).tolist() == [
        "+70% against the stored value; +85% against 2022: please check it again",
        "",
        "",
        "+200% against 2022: please check it again",
        "",
        "+200% against 2022: please check it again",
    ]
    assert shown["reason_zh"].astype(str).tolist() == [
        "比原数值变化 +70%；比 2022 变化 +85%，请再核对一次",
        "",
        "",
        "比 2022 变化 +200%，请再核对一次",
        "",
        "比 2022 变化 +200%，请再核对一次",
    ]
    assert shown["implausible"].tolist() == [True, False, False, True, False, True]


def test_preview_compares_with_the_last_stored_figure_of_a_period():
    # "2023" and "2023年" are one period: the later stored row is the figure.
    current = pd.DataFrame(
        {
            "indicator_id": ["gdp", "gdp", "gdp"],
            "period": ["2023", "2022", "2023年"],
            "value": [1000.0, 1619.3, 1767.3],
            "note": ["old", "", ""],
            "source": "",
        }
    )
    rows = pd.DataFrame(
        {
            "row": [2, 3],
            "indicator_id": ["gdp", "gdp"],
            "period": ["2023", "2022"],
            "value": [1767.3, 1619.3],
            "note": "",
            "source": "",
        }
    )
    shown = preview(rows, current)
    assert shown["status"].tolist() == ["unchanged", "unchanged"]
    assert shown["old_value"].tolist() == [1767.3, 1619.3]


def _check_rows(rows, header=files.HEADER_EN[:3], encoding="utf-8", today=TODAY):
    return check_upload("f.csv", files.csv_bytes(rows, header=header, encoding=encoding), load_plan().indicators, today)


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("1767,3", "bad_separator", "write 1767.3"),  # was stored as 17673
        ("1.767,3", "bad_separator", "write 1767.3"),  # was stored as 1.7673
        ("1,2,3", "bad_separator", "groups of three"),  # was stored as 123
        ("0,5", "bad_separator", "write 0.5"),  # was stored as 5
        ("1e-400", "out_of_range", "too large or too small"),  # was stored as 0
        ("1e400", "out_of_range", "too large or too small"),
    ],
)
def test_numbers_that_would_be_stored_wrong_are_refused_at_their_row(value, code, words):
    check = _check_rows([["gdp", "2023", value], ["gdp", "2022", "1,619.3"]])
    assert [(p.row, p.column, p.code) for p in check.problems] == [(2, "value", code)]
    assert words in check.problems[0].message_en and value in check.problems[0].message_zh
    assert figures(check) == [("gdp", "2022", 1619.3)]  # the good row reads; nothing is stored while one is bad


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("indicator,period,value\r\ngdp,2020,1,767.3\r\ngdp,2021,1800\r\n", 2),  # was stored as 1.0
        ("indicator,period,value\r\ngdp,2021,1800\r\ngdp,2020,1,767.3\r\n", 3),
        ("标题\r\n指标,时期,数值\r\ngdp,2021,1800\r\ngdp,2020,1,767.3\r\n", 4),
        ("indicator\tperiod\tvalue\r\ngdp\t2020\t1767.3\textra\r\n", 2),
    ],
)
def test_a_row_with_more_cells_than_the_header_is_refused_naming_the_row(indicators, text, row):
    check = check_upload("f.csv", text.encode("gbk"), indicators, TODAY)
    assert [(p.row, p.code) for p in check.problems] == [(row, "too_many_cells")]
    assert f"row {row} has 4 cells but the header has 3 columns" in check.problems[0].message_en
    assert "unquoted comma in a number" in check.problems[0].message_en
    assert f"第 {row} 行" in check.problems[0].message_zh and not check.ok


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        # 1,767.3 unquoted under a five-column header: 767.3 would go to the note, the source cell left empty
        ("指标编号,时期,数值,备注,来源\r\ngdp,2020,1,767.3,,\r\n", "too_many_cells", "row 2 has 6 cells"),
        # Excel pads the header when a column past it holds something: 767.3 would go under no header
        (
            "indicator,period,value,,\r\ngdp,2020,1,767.3,\r\ngdp,2021,5,,\r\n",
            "cell_without_header",
            "row 2 has '767.3' in column D, which has no header",
        ),
    ],
)
def test_a_figure_split_by_an_unquoted_comma_is_refused_even_with_empty_cells_around(indicators, text, code, words):
    check = check_upload("f.csv", text.encode("gbk"), indicators, TODAY)
    assert [(p.row, p.code) for p in check.problems] == [(2, code)]
    assert words in check.problems[0].message_en and "unquoted comma" in check.problems[0].message_en


def test_empty_cells_under_an_empty_header_are_read(indicators):
    check = check_upload("f.csv", b"indicator,period,value,,\r\ngdp,2020,1767.3,,\r\n", indicators, TODAY)
    assert check.ok and figures(check) == [("gdp", "2020", 1767.3)]


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ('indicator,period,value,note\r\ngdp,2020,1767.3,"初步\r\ngdp,2021,1800,\r\ngdp,2022,1900,\r\n', 2),
        ('indicator,period,value,note\r\ngdp,2019,1500,\r\ngdp,2020,1767.3,"a ""b""\r\ngdp,2021,1800,\r\n', 3),
        ('indicator,period,value,note\r\ngdp,2020,1767.3,"\r\ngdp,2021,1800,', 2),
    ],
)
def test_a_quote_that_never_closes_is_refused_at_the_row_it_opens(indicators, text, row):
    check = check_upload("f.csv", text.encode(), indicators, TODAY)
    assert [(p.row, p.code) for p in check.problems] == [(row, "unclosed_quote")]
    assert f"row {row} opens a quote" in check.problems[0].message_en and "引号" in check.problems[0].message_zh


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ('indicator,period,value,note\r\ngdp,2020,1767.3,"初步\r\ngdp,2021,1800,修订"\r\ngdp,2022,5,\r\n', 2),
        ('indicator,period,value,note\r\ngdp,2019,1,\r\ngdp,2020,2,"a\r\ngdp,2021,3,\r\ngdp,2022,4,b"\r\n', 3),
    ],
)
def test_a_stray_quote_that_takes_rows_into_one_cell_is_refused(indicators, text, row):
    check = check_upload("f.csv", text.encode(), indicators, TODAY)
    assert [(p.row, p.code) for p in check.problems] == [(row, "swallowed_rows")]
    assert "stray quote" in check.problems[0].message_en and "引号" in check.problems[0].message_zh


def test_a_note_over_several_lines_is_read(indicators):
    text = 'indicator,period,value,note\r\ngdp,2020,1767.3,"初步核算\r\n第二行，说明"\r\n'
    check = check_upload("f.csv", text.encode(), indicators, TODAY)
    assert check.ok and check.rows.at[0, "note_zh"] == "初步核算\r\n第二行，说明"


def test_a_closed_quote_at_the_end_of_the_file_is_read(indicators):
    for text in (b'indicator,period,value,note\r\ngdp,2020,1,""', b'indicator,period,value,note\r\ngdp,2020,1,"a"'):
        check = check_upload("f.csv", text, indicators, TODAY)
        assert check.ok and len(check.rows) == 1


@pytest.mark.parametrize(
    "data",
    [
        files.gbk_excel_csv(),
        files.bad_rows_csv(),
        files.xlsx_with_title(),
        "indicator,period,value\r\ngdp,2020,1767.3\r\n,,\r\n\r\ngdp,2021,—\r\ngdp,2022,1,767.3\r\ngdp,2023,5\r\n".encode(),
        b'indicator,period,value,note\r\ngdp,2020,1,\r\ngdp,2021,2,"x\r\ngdp,2022,3,\r\n',
    ],
)
def test_every_row_read_is_stored_skipped_or_refused(indicators, data):
    check = check_upload("f.csv", data, indicators, TODAY)
    stored, skipped = set(check.rows["row"]), set(check.skipped_rows)
    refused = {p.row for p in check.problems}
    assert not (stored & skipped) and not (skipped & refused) and not (stored & refused)
    first = check.header_row + 1
    assert stored | skipped | refused == set(range(first, first + check.rows_read))
    if skipped:
        warning = next(w for w in check.warnings if w.code == "skipped_empty")
        assert f"{len(skipped)} row(s) have no value" in warning.message_en


def test_blank_rows_are_said_to_be_skipped(indicators):
    data = "indicator,period,value\r\ngdp,2020,1767.3\r\n,,\r\n\r\ngdp,2021,—\r\n".encode()
    check = check_upload("f.csv", data, indicators, TODAY)
    assert check.ok and check.skipped_rows == [3, 4, 5] and check.rows_read == 4
    assert "rows 3, 4, 5" in check.warnings[0].message_en and "第 3, 4, 5 行" in check.warnings[0].message_zh


@pytest.mark.parametrize(
    ("today", "period", "running"),
    [
        (dt.date(2026, 12, 1), "2026", True),  # the annual figure of the running year
        (dt.date(2026, 12, 31), "2026", True),  # its last day: not over yet
        (dt.date(2027, 1, 1), "2026", False),
        (dt.date(2026, 12, 1), "2025", False),
        (dt.date(2026, 12, 1), "2026-11", False),
        (dt.date(2026, 12, 1), "2026-Q4", True),
        (dt.date(2026, 10, 1), "2026-Q3", False),
    ],
)
def test_an_annual_figure_waits_for_the_year_to_end(indicators, today, period, running):
    check = _check_rows([["gdp", period, "1"]], today=today)
    assert [p.code for p in check.problems] == (["future_period"] if running else [])
    if running and len(period) == 4:
        assert f"the year {period} has not ended yet" in check.problems[0].message_en


@pytest.mark.parametrize("period", ["2023-02-30", "2023/4/31", "2023年2月29日", "2023-09-00"])
def test_a_day_that_does_not_exist_is_not_a_date(indicators, period):
    (problem,) = _check_rows([["gdp", period, "1"]]).problems
    assert (problem.row, problem.code) == (2, "bad_period") and "not a date" in problem.message_en


@pytest.mark.parametrize(
    ("value", "problem", "warning"),
    [
        ("8.1", None, None),
        ("0", None, None),
        ("100", None, None),
        ("-5", "negative_ratio", None),
        ("-5%", "negative_ratio", None),
        ("200", None, "implausible_ratio"),
        ("100.5%", None, "implausible_ratio"),
    ],
)
def test_a_ratio_below_0_is_refused_and_above_100_flagged(indicators, value, problem, warning):
    check = _check_rows([["rd_intensity", "2023", value]])
    assert [p.code for p in check.problems] == ([problem] if problem else [])
    assert [w.code for w in check.warnings] == ([warning] if warning else [])
    for found in check.problems + check.warnings:
        assert found.row == 2 and found.message_zh and found.message_en


# --- The preview (vectorised) against its plain twin (tests/plain_preview.py), row by row, on random uploads. ---


@pytest.mark.parametrize("seed", range(12))
def test_the_preview_agrees_with_its_plain_twin(seed):
    import random

    from plain_preview import plain_preview

    rng = random.Random(seed)
    ids, periods = ["gdp", "rd", "firms"], ["2020", "2021", "2022", "2023", "2022-09", "2023-09", "2023Q3"]
    written = {"2023": ["2023", "2023年"], "2023-09": ["2023-09", "2023年1-9月"]}  # one period written two ways
    stored = [
        (i, rng.choice(written.get(p, [p])), rng.choice([0.0, 100.0, 140.0, 1000.0, -50.0]), rng.choice(["", "n"]))
        for i in ids
        for p in periods
        if rng.random() < 0.6
    ]
    current = pd.DataFrame(stored, columns=["indicator_id", "period", "value", "note_zh"]).assign(
        note_en=lambda f: [rng.choice(["", "e"]) for _ in range(len(f))], source_zh="源", source_en="s"
    )
    keys = rng.sample([(i, p) for i in ids for p in periods], rng.randint(1, len(ids) * len(periods)))
    rows = pd.DataFrame(
        [
            (n + 2, i, p, rng.choice([0.0, 100.0, 100.0000000001, 151.0, 1000.0, -50.0]), rng.choice(["", "n", "m"]))
            for n, (i, p) in enumerate(keys)
        ],
        columns=["row", "indicator_id", "period", "value", "note_zh"],
    ).assign(
        note_en=lambda f: [rng.choice(["", "e", "f"]) for _ in range(len(f))],
        source_zh=lambda f: [rng.choice(["", "源", "他"]) for _ in range(len(f))],
        source_en=lambda f: [rng.choice(["", "s", "t"]) for _ in range(len(f))],
    )
    fast = preview(rows, current)
    twin = plain_preview(rows, current)
    for column in twin[0]:
        got = [None if pd.isna(v) else v for v in fast[column].tolist()]
        want = [None if isinstance(v, float) and math.isnan(v) else v for v in (r[column] for r in twin)]
        if column in ("old_value", "change_pct", "previous_value"):
            assert got == pytest.approx(want, nan_ok=True), column
        else:
            assert got == want, column


def _many_rows(cells) -> bytes:
    return files.csv_bytes([list(c) for c in cells], header=files.HEADER_EN[:3])


@pytest.mark.parametrize(
    ("cells", "count", "kinds"),
    [
        # one refused value on every row, every row the same figure: counted in full, listed up to the cap
        ([("gdp", "2022", "x")] * 120, 239, {("value", "not_a_number"): 120, ("indicator_id", "duplicate"): 119}),
        # a distinct unknown indicator on each row (no Python work per problem row beyond the distinct texts)
        ([(f"no_{i}", "2022", "1") for i in range(90)], 90, {("indicator_id", "unknown_indicator"): 90}),
    ],
)
def test_a_file_of_many_problems_counts_every_one_and_lists_the_first_by_row(monkeypatch, cells, count, kinds):
    import tracker.upload as upload

    monkeypatch.setattr(upload, "PROBLEMS_LISTED", 50)
    check = check_upload("f.csv", _many_rows(cells), load_plan().indicators, TODAY)
    assert not check.ok and check.problem_count == count and check.unlisted == count - 50
    assert len(check.problems) == 50 and check.unchecked_from is None and check.rows_unchecked == 0
    rows = [p.row for p in check.problems]
    assert rows == sorted(rows) and rows[0] == 2
    assert {(k.column, k.code): k.count for k in check.kinds} == kinds
    assert all(
        k.first.code == k.code and k.first.row == min(rows_of)
        for k in check.kinds
        for rows_of in [[p.row for p in check.problems if p.code == k.code]]
        if rows_of
    )
    # what it lists is what a check of the same file without the cap lists first
    monkeypatch.setattr(upload, "PROBLEMS_LISTED", 10_000)
    whole = check_upload("f.csv", _many_rows(cells), load_plan().indicators, TODAY)
    assert whole.problem_count == count and [(p.row, p.code, p.message_en) for p in whole.problems[:50]] == [
        (p.row, p.code, p.message_en) for p in check.problems
    ]


@pytest.mark.parametrize(
    ("cells", "column", "code"),
    [
        ([("gdp", "2022", f"bad{i}") for i in range(300)], "value", "not_a_number"),  # a distinct refused value
        ([("gdp", f"when{i}", "1") for i in range(300)], "period", "bad_period"),
        ([("gdp", "2022", f"约{i}.1.1") for i in range(300)], "value", "not_a_number"),  # after the qualifier word
    ],
)
def test_a_check_meeting_too_many_distinct_refused_texts_stops_and_says_where(monkeypatch, cells, column, code):
    import tracker.upload as upload

    monkeypatch.setattr(upload, "PROBLEMS_LISTED", 50)
    good = [("rd_intensity", "2022", "3.1")] * 2  # rows read fine before and after
    check = check_upload("f.csv", _many_rows(good[:1] + cells + good[1:]), load_plan().indicators, TODAY)
    # The 51st distinct refused text is on row 2 (header) + 1 (good row) + 50: the check stops there.
    assert check.unchecked_from == 53
    assert check.rows_read == 302 and check.rows_unchecked == 302 - (53 - 2)
    listed = [p for p in check.problems if p.code == code]
    assert [p.row for p in listed] == list(range(3, 3 + len(listed))) and {p.column for p in listed} == {column}
    assert {(k.column, k.code): k.count for k in check.kinds}[(column, code)] == 50  # rows 3-52: all counted
    assert all(p.row < 53 for p in check.problems) and not check.ok
    assert check.rows["row"].tolist() == [2]  # the good row before the stop reads; the one after is not checked
    zh = problems_summary_text(check, "zh")
    assert "检查在第 53 行停止" in zh and "第 53 行起的 251 行没有检查" in zh
    assert "Checking stopped at row 53" in problems_summary_text(check, "en")


def problems_summary_text(check, lang: str) -> str:
    from tracker.cli import problems_summary

    return problems_summary(check.problems, "f.csv", lang, check=check)


def test_many_distinct_refused_texts_under_the_budget_are_all_checked(monkeypatch):
    import tracker.upload as upload

    monkeypatch.setattr(upload, "PROBLEMS_LISTED", 50)
    cells = [("gdp", "2022", f"bad{i}") for i in range(100)]  # no more than twice the cap: each one is parsed
    check = check_upload("f.csv", _many_rows(cells), load_plan().indicators, TODAY)
    assert check.unchecked_from is None and check.problem_count == 100 + 99  # and 99 repeats of the figure


_CHECK_CHILD = """
import datetime, json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
from benchmarks.upload_rows import synthetic_indicators
from tracker.upload import check_upload
today = datetime.date.fromisoformat(sys.argv[2])
check = check_upload("upload.csv", open(sys.argv[1], "rb").read(), synthetic_indicators(2_000), today)
print(json.dumps([check.rows_read, check.problem_count, len(check.problems), check.unchecked_from]))
"""


@pytest.mark.parametrize(
    ("line", "stops"),
    [
        ("metric_00001,2023,坏值{i}", True),  # a distinct refused value on each row, every row the same figure
        ("metric_{k:05d},时期{i},1", True),  # a distinct refused period on each row
        ("metric_00001,2023,x", False),  # one refused value on every row: each counted, 2 problems a row
    ],
)
def test_a_20_mb_file_of_refused_rows_is_checked_quickly_within_2_gb(tmp_path, line, stops):
    from tracker.upload import PROBLEMS_LISTED

    lines, size, i = ["指标编号,时期,数值"], 0, 0
    while size < 20 * 2**20 - 100:
        lines.append(line.format(i=i, k=i % 2_000))
        size += len(lines[-1].encode("gbk")) + 2
        i += 1
    path = tmp_path / "upload.csv"
    path.write_bytes("\r\n".join(lines[:-1]).encode("gbk") + b"\r\n")
    done = subprocess.run(
        [sys.executable, "-c", _CHECK_CHILD, str(path), TODAY.isoformat()],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows, count, listed, stopped = json.loads(done.stdout)
    assert rows == len(lines) - 2 and listed == PROBLEMS_LISTED
    if stops:  # the check stops after PROBLEMS_LISTED distinct refused texts, just past as many rows
        assert stopped == PROBLEMS_LISTED + 2 and count >= PROBLEMS_LISTED
    else:  # every row counted: its value refused, and (but the first) its figure repeated
        assert stopped is None and count == 2 * rows - 1
