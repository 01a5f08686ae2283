"""Upload templates: every typed-in indicator with its names and unit, headers in the reader's language, one filled
example row and (XLSX) a sheet explaining each column; opened by Excel with the Chinese intact, and read back by the
upload check once filled in."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from tracker.periods import canonical
from tracker.snapshot import shipped_snapshot
from tracker.template import (
    exact_number,
    sheet_names,
    template_csv,
    template_frame,
    template_xlsx,
    upload_period,
)
from tracker.upload import check_upload
from tracker.xlsx import GUIDE_SHEETS

SNAP = shipped_snapshot()
TODAY = dt.date(2026, 11, 29)
TYPED_IN = [i for i, ind in SNAP.plan.indicators.iterrows() if not ind["formula"]]
HEADERS = {
    "zh": ["指标编号", "时期", "数值", "备注", "来源", "指标名称", "英文名称", "单位", "最新时期", "最新数值"],
    "en": [
        "indicator_id",
        "period",
        "value",
        "note",
        "source",
        "name_en",
        "name_zh",
        "unit",
        "latest_period",
        "latest_value",
    ],
}
# The example row: the latest stored gdp figure (2025-09, 1656.7 亿元), as people write it in each language.
EXAMPLE = {
    "zh": ["gdp", "2025年1-9月", "1,656.7亿元", "", "163.com/dy/article/KE5546SF0534DDHN.html", "高新区地区生产总值"],
    "en": ["gdp", "2025-09", "1,656.7", "", "163.com/dy/article/KE5546SF0534DDHN.html", "Zone GDP"],
}
LANG_FORMATS = [(lang, fmt) for lang in ("zh", "en") for fmt in ("csv", "xlsx")]


def make(fmt: str, lang: str, indicators: pd.DataFrame = SNAP.plan.indicators) -> bytes:
    return (template_csv if fmt == "csv" else template_xlsx)(indicators, SNAP.figures, lang)


def rows_of(fmt: str, data: bytes) -> list[list[str]]:
    """The template's first sheet as text, header first."""
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to show Chinese"
        frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    else:
        frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
    return [list(frame.columns)] + frame.values.tolist()


@pytest.mark.parametrize(("lang", "fmt"), LANG_FORMATS)
def test_template_has_headers_an_example_and_every_typed_in_indicator(lang, fmt):
    rows = rows_of(fmt, make(fmt, lang))
    assert rows[0] == HEADERS[lang]
    assert rows[1][:6] == EXAMPLE[lang]
    assert [r[0] for r in rows[2:]] == TYPED_IN, "one row per typed-in indicator; derived ones are computed"
    assert all(r[1] == r[2] == "" for r in rows[2:]), "the indicator rows are left to fill in"
    gdp = rows[2]
    assert (gdp[7], gdp[8]) == ("亿元", {"zh": "2025年1-9月", "en": "2025-09"}[lang])


@pytest.mark.parametrize(("lang", "fmt"), LANG_FORMATS)
def test_the_example_row_reads_back_as_the_stored_figure(lang, fmt):
    """Uploaded as it is, the template changes nothing: its one row with a value is a figure already stored."""
    check = check_upload(f"template.{fmt}", make(fmt, lang), SNAP.plan.indicators, TODAY)
    assert check.ok, [p.message("en") for p in check.problems]
    assert [w.code for w in check.warnings if w.code != "skipped_empty"] == [], [
        w.message("en") for w in check.warnings
    ]
    got = check.rows[["indicator_id", "period", "value", "source_zh", "source_en"]].values.tolist()
    stored = SNAP.figures[(SNAP.figures["indicator_id"] == "gdp") & (SNAP.figures["period"] == "2025-09")].iloc[0]
    assert got == [["gdp", "2025-09", stored["value"], stored["source_zh"], stored["source_en"]]]
    assert check.rows[["note_zh", "note_en"]].values.tolist() == [["", ""]], "an empty note leaves the stored one"


@pytest.mark.parametrize(("lang", "fmt"), LANG_FORMATS)
def test_a_filled_in_template_imports_its_filled_rows(lang, fmt):
    frame = template_frame(SNAP.plan.indicators, SNAP.figures, lang)
    id_col, period_col, value_col = HEADERS[lang][:3]
    filled = frame.index > 0  # the indicator rows, not the example in row 0
    frame.loc[filled & (frame[id_col] == "gdp"), [period_col, value_col]] = ["2024年", "1.2万亿"]
    frame.loc[filled & (frame[id_col] == "pe_funds"), [period_col, value_col]] = ["2024年9月", "300只"]
    frame.loc[filled & (frame[id_col] == "rd_intensity"), [period_col, value_col]] = ["2024", "6.5"]
    if fmt == "csv":
        data = frame.to_csv(index=False).encode("utf-8-sig")
    else:
        from tracker.export import sheets_xlsx

        data = sheets_xlsx([(frame, sheet_names(lang)[0])])
    check = check_upload(f"filled.{fmt}", data, SNAP.plan.indicators, TODAY)
    assert check.ok, [p.message("en") for p in check.problems]
    got = sorted(zip(check.rows["indicator_id"], check.rows["period"], check.rows["value"], strict=True))
    assert got == [
        ("gdp", "2024", 12000.0),
        ("gdp", "2025-09", 1656.7),
        ("pe_funds", "2024-09", 300.0),
        ("rd_intensity", "2024", 6.5),
    ]


@pytest.mark.parametrize(
    ("lang", "title", "explained"),
    [
        ("zh", "填写说明", {"时期": "2023年1-9月", "数值": "1.2万亿", "指标编号": "必填", "备注": "可选"}),
        (
            "en",
            "how to fill in",
            {"period": "2023年1-9月", "value": "1.2万亿", "indicator_id": "required", "note": "optional"},
        ),
    ],
)
def test_xlsx_template_explains_each_column_on_a_second_sheet(lang, title, explained):
    book = openpyxl.load_workbook(io.BytesIO(make("xlsx", lang)))
    assert book.sheetnames == [sheet_names(lang)[0], title] and book.active.title == sheet_names(lang)[0]
    assert title in GUIDE_SHEETS, "the reader must not warn that the explanation sheet was left unread"
    guide = [[c if c is not None else "" for c in row] for row in book[title].values]
    blank = guide.index(["", "", "", ""])  # the columns, a blank row, then the notes
    by_column = {row[0]: " ".join(row[1:]) for row in guide[1:blank]}
    assert list(by_column) == HEADERS[lang], "every column of the data sheet is explained, in its order"
    for column, text in explained.items():
        assert text in by_column[column], column
    notes = " ".join(row[0] for row in guide[blank:])
    assert "gdp" in notes and EXAMPLE[lang][1] in notes, "the notes say which row is the example"
    assert all(cell.data_type != "f" for row in book[title].iter_rows() for cell in row)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_template_is_plain_and_neutralised(lang):
    hostile = '=HYPERLINK("http://evil.example","x")'
    indicators = SNAP.plan.indicators.copy()
    indicators.loc["city_gdp", ["name_zh", "name_en"]] = hostile
    rows = rows_of("csv", make("csv", lang, indicators))
    assert len(rows) == 2 + len(TYPED_IN), "CSV: a header row, the example and the indicator rows, nothing else"
    city = next(r for r in rows[2:] if r[0] == "city_gdp")
    assert city[5] == "'" + hostile and city[6] == "'" + hostile
    book = openpyxl.load_workbook(io.BytesIO(make("xlsx", lang, indicators)))
    cell = next(row[5] for row in book.active.iter_rows(min_row=3) if row[0].value == "city_gdp")
    assert (cell.value, cell.data_type) == (hostile, "s"), "XLSX: text cells, read back exactly"


def test_no_figures_no_example_row():
    frame = template_frame(SNAP.plan.indicators, SNAP.figures.iloc[0:0], "zh")
    assert frame["指标编号"].tolist() == TYPED_IN and set(frame["时期"]) == {""}


@pytest.mark.parametrize(
    ("label", "measure", "zh", "en"),
    [
        ("2023", "flow", "2023年", "2023"),
        ("2025-09", "flow", "2025年1-9月", "2025-09"),  # a flow's month is a year-to-date total
        ("2025-01", "flow", "2025年1月", "2025-01"),
        ("2024-09", "stock", "2024年9月", "2024-09"),
        ("2023-Q3", "flow", "2023年第3季度", "2023Q3"),
        ("", "flow", "", ""),
    ],
)
def test_upload_period_reads_back(label, measure, zh, en):
    assert (upload_period(label, measure, "zh"), upload_period(label, measure, "en")) == (zh, en)
    if label:
        assert canonical(zh) == canonical(en) == label


@pytest.mark.parametrize(
    ("value", "text"),
    [(1656.7, "1,656.7"), (2400.0, "2,400"), (13527.6, "13,527.6"), (0.1 + 0.2, "0.30000000000000004"), (-1.5, "-1.5")],
)
def test_exact_number_keeps_every_digit(value, text):
    assert exact_number(value) == text
    assert float(text.replace(",", "")) == value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_explanation_sheet_is_the_one_the_reader_skips(lang):
    """The sheet names come from the catalogue; the reader's list of explanation sheets must name the same one."""
    data_sheet, guide_sheet = sheet_names(lang)
    assert guide_sheet in GUIDE_SHEETS and data_sheet not in GUIDE_SHEETS


@pytest.mark.parametrize("lang", ["fr", "zh-CN", ""])
def test_an_unknown_language_is_refused(lang):
    with pytest.raises(ValueError):
        template_frame(SNAP.plan.indicators, SNAP.figures, lang)
