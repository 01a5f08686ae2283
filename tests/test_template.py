"""Upload templates: every typed-in indicator with its names and unit, opened by Excel with the Chinese intact, and
read back by the importer once filled in."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd

from tracker.snapshot import shipped_snapshot
from tracker.template import template_csv, template_frame, template_xlsx
from tracker.upload import check_upload

SNAP = shipped_snapshot()
TODAY = dt.date(2026, 11, 29)


def test_csv_template_has_a_bom_and_every_typed_in_indicator():
    data = template_csv(SNAP.plan.indicators, SNAP.figures)
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to show Chinese"
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    typed_in = [i for i, ind in SNAP.plan.indicators.iterrows() if not ind["formula"]]
    assert frame["indicator_id"].tolist() == typed_in
    assert "gdp_increment_share" not in set(frame["indicator_id"]), "derived indicators are computed, not uploaded"
    gdp = frame[frame["indicator_id"] == "gdp"].iloc[0]
    assert (gdp["name_zh"], gdp["unit"], gdp["latest_period"]) == ("高新区地区生产总值", "亿元", "2025-09")


def test_xlsx_template_opens_with_the_same_rows():
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(SNAP.plan.indicators, SNAP.figures)))
    rows = list(book["figures"].values)
    assert rows[0][:3] == ("indicator_id", "period", "value")
    assert len(rows) - 1 == len(template_frame(SNAP.plan.indicators, SNAP.figures))


def test_a_filled_in_template_imports_its_filled_rows_only():
    frame = template_frame(SNAP.plan.indicators, SNAP.figures)
    frame.loc[frame["indicator_id"] == "gdp", ["period", "value"]] = ["2024", "1,912.6"]
    frame.loc[frame["indicator_id"] == "pe_funds", ["period", "value"]] = ["2024年9月", "300只"]
    check = check_upload("filled.csv", frame.to_csv(index=False).encode("utf-8-sig"), SNAP.plan.indicators, TODAY)
    assert check.ok, [p.message("en") for p in check.problems]
    got = sorted(zip(check.rows["indicator_id"], check.rows["period"], check.rows["value"]))
    assert got == [("gdp", "2024", 1912.6), ("pe_funds", "2024-09", 300.0)]
