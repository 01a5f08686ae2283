"""Exports: CSV (UTF-8 with BOM) and XLSX parse back to the same rows, and no cell can run as a formula."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from tests.conftest import ROOT
from tracker.export import (
    STATUS_EXPORT_COLUMNS,
    figures_csv,
    figures_xlsx,
    neutralise,
    status_csv,
    status_xlsx,
    stored_figures,
)
from tracker.snapshot import shipped_snapshot

SNAPSHOT = shipped_snapshot()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("real growth +9.3%", "real growth +9.3%"),  # a sign inside the text is harmless
        ("济南高新区", "济南高新区"),
        ("", ""),
        (-2.5, -2.5),  # numbers stay numbers, negative ones too
        (1767.3, 1767.3),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def figures_with(notes: list[str]) -> pd.DataFrame:
    """Shipped figures plus one row per note, each with a hostile note and source."""
    extra = pd.DataFrame(
        {
            "indicator_id": "gdp",
            "period": [f"20{30 + i}" for i in range(len(notes))],
            "value": [-1.5 * (i + 1) for i in range(len(notes))],
            "note_zh": notes,
            "note_en": notes,
            "source_zh": notes,
            "source_en": notes,
            "confidence": "uploaded",
        }
    )
    return pd.concat([SNAPSHOT.figures, extra], ignore_index=True)


TEXT_HEAD = ["indicator_id", "period", "value"]
HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+1", "-2+3", "@SUM(A1:A9)"]


def read_csv(data: bytes) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"period": str}, keep_default_na=False)


def read_xlsx(data: bytes) -> pd.DataFrame:
    return pd.read_excel(io.BytesIO(data), dtype={"period": str}, keep_default_na=False)


@pytest.mark.parametrize("reader,writer", [(read_csv, figures_csv), (read_xlsx, figures_xlsx)], ids=["csv", "xlsx"])
def test_figures_parse_back_to_the_same_figures(reader, writer):
    figures = SNAPSHOT.figures
    back = reader(writer(figures))
    assert list(back.columns) == [
        *TEXT_HEAD,
        "note_zh",
        "note_en",
        "source_zh",
        "source_en",
        "qualifier",
        "flags",
        "growth",
        "confidence",
    ]
    assert back["indicator_id"].tolist() == figures["indicator_id"].tolist()
    assert back["period"].tolist() == figures["period"].tolist()
    assert back["value"].astype(float).tolist() == pytest.approx(figures["value"].tolist())
    for column in ("note_zh", "note_en", "source_zh", "source_en"):
        assert back[column].tolist() == figures[column].tolist(), column
    assert "齐鲁晚报" in "".join(back["source_zh"])  # Chinese survives


HOSTILE = [*HOSTILE, "\tcmd", "-", "'already quoted", "=1+1"]


def test_csv_formula_notes_come_out_neutralised():
    """CSV has no cell types: a formula-like note keeps OWASP's leading apostrophe."""
    back = read_csv(figures_csv(figures_with(HOSTILE))).tail(len(HOSTILE))
    assert back["note_zh"].tolist() == ["'" + n if n.startswith(("=", "+", "-", "@", "\t")) else n for n in HOSTILE]
    for column in ("note_en", "source_zh", "source_en"):
        assert back[column].tolist() == back["note_zh"].tolist()
    # Negative numbers are still numbers, not text with an apostrophe.
    assert back["value"].astype(float).tolist() == [-1.5 * (i + 1) for i in range(len(HOSTILE))]


@pytest.mark.parametrize("note", HOSTILE)
def test_xlsx_text_reads_back_exactly_and_is_never_a_formula(note):
    """XLSX writes text cells: the note reads back exactly as stored (no apostrophe), and no cell is a formula."""
    data = figures_xlsx(figures_with([note]))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    last = list(sheet.iter_rows(min_row=sheet.max_row))[0]
    for column in ("note_zh", "note_en", "source_zh", "source_en"):
        cell = last[header.index(column)]
        assert cell.value == note
        assert cell.data_type == "s"
    assert "f" not in {cell.data_type for row in sheet.iter_rows() for cell in row}
    back = read_xlsx(data).tail(1)
    assert back["note_zh"].tolist() == [note] and back["source_en"].tolist() == [note]
    assert back["value"].astype(float).tolist() == [-1.5]


def test_xlsx_status_text_cells_are_text():
    status = SNAPSHOT.status.copy()
    status.loc[status.index[0], "reason"] = '=HYPERLINK("http://evil.example","x")'
    sheet = openpyxl.load_workbook(io.BytesIO(status_xlsx(status))).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("reason") + 1)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil.example","x")', "s")


@pytest.mark.parametrize("reader,writer", [(read_csv, status_csv), (read_xlsx, status_xlsx)], ids=["csv", "xlsx"])
def test_status_export_has_the_cli_rows_and_columns(reader, writer):
    back = reader(writer(SNAPSHOT.status))
    assert list(back.columns) == STATUS_EXPORT_COLUMNS
    assert back["indicator_id"].tolist() == SNAPSHOT.status["indicator_id"].tolist()
    assert back["status"].tolist() == SNAPSHOT.status["status"].tolist()
    gdp = back[back["indicator_id"] == "gdp"].iloc[0]
    assert float(gdp["target_value"]) == pytest.approx(3238.6)
    assert str(gdp["projected_year_reached"]) == "2030"  # a year, not 2030.0


def test_status_csv_matches_the_cli(fresh_store, db_url):
    cli = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", db_url, "status", "--format", "csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    from tracker.snapshot import store_snapshot

    ours = read_csv(status_csv(store_snapshot(fresh_store).status))
    theirs = pd.read_csv(io.StringIO(cli), dtype={"period": str}, keep_default_na=False)
    assert list(ours.columns) == list(theirs.columns)
    assert ours["indicator_id"].tolist() == theirs["indicator_id"].tolist()
    assert ours["status"].tolist() == theirs["status"].tolist()


def test_stored_figures_leave_out_derived_rows():
    stored = stored_figures(SNAPSHOT.figures, SNAPSHOT.plan.indicators)
    assert "gdp_increment_share" in set(SNAPSHOT.figures["indicator_id"])
    assert "gdp_increment_share" not in set(stored["indicator_id"])
    assert len(stored) == len(SNAPSHOT.figures) - (SNAPSHOT.figures["indicator_id"] == "gdp_increment_share").sum()


def test_cli_export_writes_csv_and_xlsx(fresh_store, db_url, tmp_path):
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"figures.{fmt}"
        subprocess.run(
            [sys.executable, "-m", "tracker", "--db", db_url, "export", "--format", fmt, "-o", str(out)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        back = (read_csv if fmt == "csv" else read_xlsx)(out.read_bytes())
        assert len(back) == len(fresh_store.figures(1))


# The status table in the reader's language (issue 10, section 4): what a planning office pastes into a report.
HEADERS = {
    "zh": [
        "指标编号",
        "指标名称",
        "最新时期",
        "最新数值",
        "单位",
        "基期",
        "基期数值",
        "目标时期",
        "目标值",
        "进度",
        "状态",
        "实际年均增速",
        "所需年均增速",
        "今后每年仍需",
        "按实际增速预计达标年份",
        "说明",
    ],
    "en": [
        "Indicator ID",
        "Indicator",
        "Latest period",
        "Latest value",
        "Unit",
        "Baseline period",
        "Baseline value",
        "Target period",
        "Target value",
        "Progress",
        "Status",
        "Actual annual rate",
        "Required annual rate",
        "Rate still needed a year",
        "Reached at the actual rate in",
        "Note",
    ],
}
READ = {"csv": read_csv, "xlsx": read_xlsx}
WRITE = {"csv": status_csv, "xlsx": status_xlsx}
LANG_FORMATS = [(lang, fmt) for lang in ("zh", "en") for fmt in ("csv", "xlsx")]


def read_report(fmt: str, data: bytes) -> pd.DataFrame:
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
        return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)


@pytest.mark.parametrize(
    ("lang", "fmt", "gdp_2028"),
    [
        (
            "zh",
            "csv",
            {
                "指标名称": "高新区地区生产总值",
                "最新时期": "2023年",
                "单位": "亿元",
                "目标时期": "2028年",
                "状态": "需要加速",
            },
        ),
        (
            "zh",
            "xlsx",
            {
                "指标名称": "高新区地区生产总值",
                "最新时期": "2023年",
                "单位": "亿元",
                "目标时期": "2028年",
                "状态": "需要加速",
            },
        ),
        (
            "en",
            "csv",
            {
                "Indicator": "Zone GDP",
                "Latest period": "2023",
                "Unit": "100 million yuan",
                "Target period": "2028",
                "Status": "Acceleration needed",
            },
        ),
        (
            "en",
            "xlsx",
            {
                "Indicator": "Zone GDP",
                "Latest period": "2023",
                "Unit": "100 million yuan",
                "Target period": "2028",
                "Status": "Acceleration needed",
            },
        ),
    ],
)
def test_status_download_speaks_the_readers_language(lang, fmt, gdp_2028):
    back = read_report(fmt, WRITE[fmt](SNAPSHOT.status, SNAPSHOT.plan, lang))
    assert list(back.columns) == HEADERS[lang]
    assert len(back) == len(SNAPSHOT.status)
    id_column, target_column = HEADERS[lang][0], HEADERS[lang][7]
    gdp = back[(back[id_column] == "gdp") & (back[target_column] == gdp_2028[target_column])].iloc[0]
    for column, expected in gdp_2028.items():
        assert gdp[column] == expected, column
    # progress 9.14 %, actual 9.14 %/yr, required 12.25 %/yr, still needed 12.88 %/yr: rounded to 0.1
    assert [gdp[HEADERS[lang][i]] for i in (9, 11, 12, 13)] == ["9.1%", "9.1%", "12.2%", "12.9%"]
    assert float(gdp[HEADERS[lang][3]]) == pytest.approx(1767.3) and float(gdp[HEADERS[lang][8]]) == pytest.approx(
        3238.6
    )
    assert gdp[HEADERS[lang][14]] == "2030"  # a year, not 2030.0
    # A linear rate in the indicator's unit a year: R&D intensity still needs 0.26 percentage points a year.
    rd = back[back[id_column] == "rd_intensity"].iloc[0]
    assert rd[HEADERS[lang][13]] == {"zh": "0.26个百分点/年", "en": "0.26 pp/yr"}[lang]
    # Why a row cannot be assessed, in the same language.
    none = back[back[id_column] == "national_rd_institutions"].iloc[0]
    assert (
        none[HEADERS[lang][15]] == {"zh": "尚无公开数据", "en": "no figure has been published for this indicator"}[lang]
    )
    assert none[HEADERS[lang][2]] == "" and none[HEADERS[lang][9]] == ""  # nothing shown as "", not NaN or None


def one_status_row(**fields) -> pd.DataFrame:
    """The shipped gdp 2028 status row with ``fields`` changed."""
    row = SNAPSHOT.status.iloc[[0]].copy().reset_index(drop=True)
    for column, value in fields.items():
        row.at[0, column] = value
    return row


@pytest.mark.parametrize(("lang", "fmt"), LANG_FORMATS)
@pytest.mark.parametrize("status", ["achieved", "on_track", "acceleration_needed", "limited_progress", "deterioration"])
def test_status_words_are_the_badges_words(lang, fmt, status):
    from tracker.i18n import STATUS

    back = read_report(fmt, WRITE[fmt](one_status_row(status=status), SNAPSHOT.plan, lang))
    assert back[HEADERS[lang][10]].tolist() == [STATUS[status][lang]]


@pytest.mark.parametrize(
    ("method", "fraction", "zh", "en"),
    [
        ("cagr", 0.0913975, "9.1%", "9.1%"),
        ("cagr", 0.12246, "12.2%", "12.2%"),
        ("cagr", 0.12878, "12.9%", "12.9%"),
        ("cagr", 0.0, "0.0%", "0.0%"),
        ("cagr", -0.0304, "\u22123.0%", "\u22123.0%"),  # a fall: the minus sign, never "-" (a formula start)
        ("cagr", float("nan"), "", ""),
        ("linear", 0.258571, "0.26个百分点/年", "0.26 pp/yr"),
        ("linear", -0.1, "\u22120.10个百分点/年", "\u22120.10 pp/yr"),
    ],
)
def test_rates_are_rounded_percentages(method, fraction, zh, en):
    rows = one_status_row(pace_method=method, needed_rate=fraction, actual_rate=fraction)
    indicators = SNAPSHOT.plan.indicators.copy()
    if method == "linear":
        indicators.loc["gdp", "unit"] = "%"
    for lang, expected in (("zh", zh), ("en", en)):
        for fmt in ("csv", "xlsx"):
            back = read_report(fmt, WRITE[fmt](rows, indicators, lang))
            assert back[HEADERS[lang][13]].tolist() == [expected], (lang, fmt)
            assert back[HEADERS[lang][11]].tolist() == [expected], (lang, fmt)


@pytest.mark.parametrize(
    ("progress", "expected"), [(0.0913975, "9.1%"), (1.2266667, "122.7%"), (0.0, "0.0%"), (-0.05, "\u22125.0%")]
)
def test_progress_is_a_rounded_percentage(progress, expected):
    for lang in ("zh", "en"):
        back = read_report("csv", status_csv(one_status_row(progress=progress), SNAPSHOT.plan, lang))
        assert back[HEADERS[lang][9]].tolist() == [expected]


@pytest.mark.parametrize(("lang", "fmt"), LANG_FORMATS)
def test_status_download_keeps_text_safe(lang, fmt):
    """A formula in a name (indicators come from a file) stays text: CSV with OWASP's apostrophe, XLSX a text cell."""
    hostile = '=HYPERLINK("http://evil.example","x")'
    indicators = SNAPSHOT.plan.indicators.copy()
    indicators.loc["gdp", ["name_zh", "name_en"]] = hostile
    data = WRITE[fmt](SNAPSHOT.status, indicators, lang)
    names = read_report(fmt, data)[HEADERS[lang][1]]
    assert names.iloc[0] == ("'" + hostile if fmt == "csv" else hostile)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet.title == {"zh": "进度评估", "en": "status"}[lang]
        assert (sheet.cell(row=2, column=2).value, sheet.cell(row=2, column=2).data_type) == (hostile, "s")
        assert "f" not in {cell.data_type for row in sheet.iter_rows() for cell in row}


@pytest.mark.parametrize("lang", [None, "fr", "zh-CN"])
def test_status_table_in_a_language_needs_a_known_language_and_the_plan(lang):
    with pytest.raises(ValueError):
        status_csv(SNAPSHOT.status, None if lang is None else SNAPSHOT.plan, lang or "zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_status_csv_in_a_language_is_the_download(fresh_store, db_url, lang):
    from tracker.snapshot import store_snapshot

    run = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", db_url, "status", "--format", "csv", "--lang", lang],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    snap = store_snapshot(fresh_store)
    assert run.stdout == status_csv(snap.status, snap.plan, lang)
    assert read_report("csv", run.stdout).columns.tolist() == HEADERS[lang]


def test_cli_status_json_keeps_english_keys_and_fractions_in_zh(fresh_store, db_url):
    import json

    run = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", db_url, "status", "--format", "json", "--lang", "zh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    gdp = json.loads(run.stdout)[0]
    assert list(gdp)[: len(STATUS_EXPORT_COLUMNS) - 1] == STATUS_EXPORT_COLUMNS[:-1]
    assert gdp["status"] == "acceleration_needed" and gdp["progress"] == pytest.approx(0.0913975, abs=1e-6)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trips_every_field(fresh_store, db_url, tmp_path, fmt):
    """`python -m tracker export` writes every stored column; importing the file into another store at revision 1
    gives the same figures: values, notes and sources in both languages, qualifier, flags, growth, confidence."""
    from tracker.importing import commit_import, stage_import
    from tracker.store import Store

    rows = pd.DataFrame(
        {
            "indicator_id": ["gdp", "gdp", "rd_intensity"],
            "period": ["2024", "2025", "2024"],
            "value": [1900.5, 2050.25, 6.5],
            "note_zh": ["初步核算", "", "中文\n两行"],
            "note_en": ["preliminary", "English only", ""],
            "source_zh": ["齐鲁晚报", "te-ch.tech/a.html", ""],
            "source_en": ["Qilu Evening News", "te-ch.tech/a.html", "Dazhong Daily"],
            "qualifier": ["at_least", "about", "exact"],
            "flags": ["estimate", "break,revised", ""],
            "growth": [0.078, float("nan"), 0.033],
        }
    )
    fresh_store.commit(rows, author="t", comment="bilingual", base_revision=1)
    out = tmp_path / f"figures.{fmt}"
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", db_url, "export", "--format", fmt, "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    header = (read_csv if fmt == "csv" else read_xlsx)(out.read_bytes()).columns.tolist()
    assert header == [
        *TEXT_HEAD,
        "note_zh",
        "note_en",
        "source_zh",
        "source_en",
        "qualifier",
        "flags",
        "growth",
        "confidence",
    ]
    with Store(f"sqlite:///{tmp_path / 'other.db'}") as other:
        staged = stage_import(other, out.name, out.read_bytes(), dt.date(2026, 12, 1))
        assert staged.check.ok, [p.message_en for p in staged.check.problems]
        assert staged.check.warnings == []  # the confidence column is the export's own: no "unknown column"
        commit_import(other, staged, author="t", comment="round trip")
        pd.testing.assert_frame_equal(other.figures(), fresh_store.figures())
