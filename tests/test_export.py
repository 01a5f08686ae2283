"""Exports: CSV (UTF-8 with BOM) and XLSX parse back to the same rows, and no cell can run as a formula."""

from __future__ import annotations

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
            "note": notes,
            "source": notes,
            "confidence": "uploaded",
        }
    )
    return pd.concat([SNAPSHOT.figures, extra], ignore_index=True)


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
    assert list(back.columns) == ["indicator_id", "period", "value", "note", "source", "confidence"]
    assert back["indicator_id"].tolist() == figures["indicator_id"].tolist()
    assert back["period"].tolist() == figures["period"].tolist()
    assert back["value"].astype(float).tolist() == pytest.approx(figures["value"].tolist())
    assert back["note"].tolist() == figures["note"].tolist()
    assert back["source"].tolist() == figures["source"].tolist()
    assert "济南高新区" in "".join(back["source"])  # Chinese survives


HOSTILE = [*HOSTILE, "\tcmd", "-", "'already quoted", "=1+1"]


def test_csv_formula_notes_come_out_neutralised():
    """CSV has no cell types: a formula-like note keeps OWASP's leading apostrophe."""
    back = read_csv(figures_csv(figures_with(HOSTILE))).tail(len(HOSTILE))
    assert back["note"].tolist() == ["'" + n if n.startswith(("=", "+", "-", "@", "\t")) else n for n in HOSTILE]
    assert back["source"].tolist() == back["note"].tolist()
    # Negative numbers are still numbers, not text with an apostrophe.
    assert back["value"].astype(float).tolist() == [-1.5 * (i + 1) for i in range(len(HOSTILE))]


@pytest.mark.parametrize("note", HOSTILE)
def test_xlsx_text_reads_back_exactly_and_is_never_a_formula(note):
    """XLSX writes text cells: the note reads back exactly as stored (no apostrophe), and no cell is a formula."""
    data = figures_xlsx(figures_with([note]))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    last = list(sheet.iter_rows(min_row=sheet.max_row))[0]
    for column in ("note", "source"):
        cell = last[header.index(column)]
        assert cell.value == note
        assert cell.data_type == "s"
    assert "f" not in {cell.data_type for row in sheet.iter_rows() for cell in row}
    back = read_xlsx(data).tail(1)
    assert back["note"].tolist() == [note] and back["source"].tolist() == [note]
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
