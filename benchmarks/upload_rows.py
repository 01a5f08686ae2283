"""Large, valid upload files for benchmarks: many indicators × many periods, written as a Chinese office would.

Time ``check_upload`` + ``preview`` on 100,000 rows from the repository root: ``python -m benchmarks.upload_rows [N]``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import time
import zipfile

import numpy as np
import pandas as pd

UNITS = ("亿元", "家", "%", "户", "万元")
# How a value is written for each unit, so the benchmark exercises the slow paths too (units, magnitudes, commas).
_WRITTEN = {
    "亿元": lambda v, i: f"{v:,.1f}" if i % 3 else f"{v / 10000:.4f}万亿",
    "家": lambda v, i: f"{int(v):,}家" if i % 2 else str(int(v)),
    "%": lambda v, i: f"{v % 100:.2f}%",
    "户": lambda v, i: f"{v / 10000:.2f}万户" if i % 4 == 0 else str(int(v)),
    "万元": lambda v, i: f"{v:.1f}",
}


def synthetic_indicators(count: int) -> pd.DataFrame:
    """An indicators table (id, name_zh, name_en, unit, measure, formula) of ``count`` synthetic indicators."""
    ids = [f"metric_{i:05d}" for i in range(count)]
    return pd.DataFrame(
        {
            "id": ids,
            "name_zh": [f"指标{i:05d}" for i in range(count)],
            "name_en": [f"Metric {i:05d}" for i in range(count)],
            "unit": [UNITS[i % len(UNITS)] for i in range(count)],
            "measure": ["flow"] * count,
            "formula": [""] * count,
        }
    ).set_index("id", drop=False)


def _periods(count: int) -> list[str]:
    """``count`` distinct past periods, in the mix people write them: years, 2023年1-9月, 2023Q3, 2023-09."""
    periods = []
    for year in range(2023, 1900, -1):
        periods.append(f"{year}年" if year % 2 else str(year))
        for month in range(12, 0, -1):
            periods.append(f"{year}年1-{month}月" if month % 2 else f"{year}-{month:02d}")
        if len(periods) >= count:
            return periods[:count]
    return periods


def make_upload_csv(n_rows: int, indicator_ids: list[str], units: dict[str, str] | None = None) -> bytes:
    """A valid CSV of ``n_rows`` figures (GBK, Chinese headers, a title row), every (indicator, period) distinct.

    ``units`` maps an id to its unit (default: the unit ``synthetic_indicators`` gives the id's position), so each
    value is written in a form that fits it.
    """
    per_indicator = -(-n_rows // len(indicator_ids))
    periods = _periods(per_indicator)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["济南高新区主要指标数据", "", "", "", ""])
    writer.writerow(["指标编号", "时期", "数值", "备注", "来源"])
    n = 0
    for position, ident in enumerate(indicator_ids):
        unit = (units or {}).get(ident, UNITS[position % len(UNITS)])
        for j, period in enumerate(periods):
            if n == n_rows:
                break
            value = 1000 + (position * 37 + j * 11) % 5000 + j * 0.1
            writer.writerow([ident, period, _WRITTEN[unit](value, n), "初步核算" if n % 5 == 0 else "", "市统计局"])
            n += 1
    return out.getvalue().encode("gbk")


def make_upload_xlsx(n_rows: int, indicator_ids: list[str]) -> bytes:
    """The rows of ``make_upload_csv`` as Excel saves them: a merged title row, Chinese headers, every text a shared
    string, numbers as numbers, percents as percent-formatted cells (0.341 shown as 34.10%), months as date cells
    (shown yyyy-mm), years as numbers, and the texts with units or magnitudes ("3,200家", "0.1234万亿") as text.

    Written part by part, the way Excel lays them out (openpyxl writes inline strings, which Excel never does)."""
    per_indicator = -(-n_rows // len(indicator_ids))
    periods = [_period_cell(p) for p in _periods(per_indicator)]
    strings: dict[str, int] = {}

    def text(ref: str, value: str, style: str = "") -> str:
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}"{style} t="s"><v>{index}</v></c>'

    def number(ref: str, value: object, style: str = "") -> str:
        return f'<c r="{ref}"{style}><v>{value}</v></c>'

    rows = [
        '<row r="1" spans="1:5" ht="18.75" customHeight="1">'
        + text("A1", "济南高新区主要指标数据", ' s="3"')
        + "</row>",
        '<row r="2" spans="1:5">'
        + "".join(text(f"{c}2", h) for c, h in zip("ABCDE", ["指标编号", "时期", "数值", "备注", "来源"]))
        + "</row>",
    ]
    n = 0
    for position, ident in enumerate(indicator_ids):
        unit = UNITS[position % len(UNITS)]
        for j, (kind, period) in enumerate(periods):
            if n == n_rows:
                break
            r = n + 3
            value = 1000 + (position * 37 + j * 11) % 5000 + j * 0.1
            written = _WRITTEN[unit](value, n)
            if unit == "%":
                shown = number(f"C{r}", repr(round(value % 100, 2) / 100), ' s="1"')
            elif re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", written):
                shown = number(f"C{r}", written)
            else:
                shown = text(f"C{r}", written)
            cells = [
                text(f"A{r}", ident),
                number(f"B{r}", period, ' s="2"')
                if kind == "date"
                else (number(f"B{r}", period) if kind == "number" else text(f"B{r}", period)),
                shown,
                text(f"D{r}", "初步核算") if n % 5 == 0 else "",
                text(f"E{r}", "市统计局"),
            ]
            rows.append(f'<row r="{r}" spans="1:5">' + "".join(cells) + "</row>")
            n += 1
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet {main} xmlns:r="{rel}">'
        f'<dimension ref="A1:E{n + 2}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="13.5"/><sheetData>'
        + "".join(rows)
        + '</sheetData><mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    )
    shared = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst {main} count="{3 * n + 6}" '
        f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<styleSheet {main}>'
        '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy\\-mm"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="等线"/><charset val="134"/></font>'
        '<font><b/><sz val="14"/><name val="等线"/><charset val="134"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
        '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<workbook {main} xmlns:r="{rel}">'
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets><sheet name="数据" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    package = "http://schemas.openxmlformats.org/package/2006"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{package}/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        f'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{kind}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{kind}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
        "xl/styles.xml": styles,
        "xl/sharedStrings.xml": shared,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content.encode("utf-8"))
    return out.getvalue()


def _period_cell(period: str) -> tuple[str, str]:
    """A period as an office types it: 2023 a number, 2023-09 a date (its Excel serial, shown as a month), the rest
    text."""
    if period.isdigit():
        return "number", period
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}", period):
        serial = (dt.date(int(period[:4]), int(period[5:]), 1) - dt.date(1899, 12, 30)).days
        return "date", str(serial)
    return "text", period


def current_figures(n_rows: int, indicator_ids: list[str]) -> pd.DataFrame:
    """Stored figures for the benchmark's preview, in the columns and types Store.figures gives: every other
    indicator already has figures for its periods."""
    periods = _periods(-(-n_rows // len(indicator_ids)))
    from tracker.periods import canonical

    labels = [canonical(p) for p in periods]
    frame = pd.DataFrame(
        [(ident, label, 1000.0 + k) for i, ident in enumerate(indicator_ids[::2]) for k, label in enumerate(labels)],
        columns=["indicator_id", "period", "value"],
    )
    texts = {"note_zh": "", "note_en": "", "source_zh": "市统计局", "source_en": "Municipal Statistics Bureau"}
    texts |= {"qualifier": "exact", "flags": ""}
    frame = frame.assign(**{column: pd.Series(text, index=frame.index, dtype="str") for column, text in texts.items()})
    return frame.assign(growth=np.nan, confidence=pd.Series("uploaded", index=frame.index, dtype="str"))


def main(n_rows: int = 100_000) -> None:
    from tracker.preview import preview
    from tracker.upload import check_upload

    indicators = synthetic_indicators(2_000)
    ids = list(indicators["id"])
    data = make_upload_csv(n_rows, ids)
    current = current_figures(n_rows, ids)
    start = time.perf_counter()
    check = check_upload("bench.csv", data, indicators, dt.date(2025, 1, 1))
    checked = time.perf_counter()
    shown = preview(check.rows, current)
    done = time.perf_counter()
    print(
        f"{n_rows} rows, {len(data) / 1e6:.1f} MB: check_upload {checked - start:.2f} s, "
        f"preview {done - checked:.2f} s, total {done - start:.2f} s; {len(check.problems)} problems, "
        f"{shown['status'].value_counts().to_dict()}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
