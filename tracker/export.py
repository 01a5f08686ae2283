"""Figures and status rows as files a spreadsheet opens safely: CSV (UTF-8 with BOM) and XLSX.

Notes and sources come from uploads, and "=HYPERLINK(...)" in a note must stay text. In CSV every text cell that a
spreadsheet could read as a formula is neutralised with a leading apostrophe (OWASP's advice on CSV injection). In
XLSX every text cell is written as a text cell (a shared string, with Excel's quote prefix), which no spreadsheet
evaluates, so the text reads back exactly as stored, without an apostrophe. Numbers stay numbers.
"""

from __future__ import annotations

import io
import math

import pandas as pd

from tracker.figures import split_by_language
from tracker.pace import STATUS_COLUMNS

# Every stored column: an export read back by `python -m tracker import` gives the same figures (tests/test_export.py).
FIGURE_EXPORT_COLUMNS = ["indicator_id", "period", "value", "note_zh", "note_en", "source_zh", "source_en"]
STATUS_EXPORT_COLUMNS = [*STATUS_COLUMNS, "reason"]  # what `python -m tracker status --format csv` prints
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` made safe for a spreadsheet cell: text starting with = + - @ tab or CR gets a leading apostrophe.

    Numbers (including negative ones), None and NaN are returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def stored_figures(figures: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """The figures without the rows derived by formula (``indicators.formula``): what the store holds, and what an
    upload accepts back."""
    derived = set(indicators.index[indicators["formula"].fillna("").astype(str) != ""])
    return figures[~figures["indicator_id"].isin(derived)]


def figures_table(figures: pd.DataFrame, neutralised: bool = True) -> pd.DataFrame:
    """The figure rows as exported: indicator_id, period, value, note_zh, note_en, source_zh, source_en[,
    qualifier, flags, growth (in percent: 7.8 for +7.8%, as an upload reads it), confidence] (rows with a legacy
    note/source only have them split by language); text neutralised unless
    ``neutralised`` is False (for XLSX, whose text cells need no apostrophe). The read-only legacy note/source of a
    snapshot's figures are not exported."""
    if "note_zh" not in figures:
        figures = split_by_language(figures)
    quality = [c for c in ("qualifier", "flags", "growth") if c in figures]
    columns = FIGURE_EXPORT_COLUMNS + quality + (["confidence"] if "confidence" in figures else [])
    frame = figures[columns].reset_index(drop=True)
    if "growth" in frame:  # in percent, as an upload reads it (7.8 for +7.8%; tracker.upload)
        frame["growth"] = (pd.to_numeric(frame["growth"], errors="coerce") * 100).round(10)
    return _neutralised(frame) if neutralised else frame


# The status table as a planning office pastes it into a report: its columns, whose headers are the catalogue's
# status_col_<key> texts (tracker.i18n).
REPORT_COLUMNS = [
    "indicator_id",
    "name",
    "latest_period",
    "latest_value",
    "unit",
    "baseline_period",
    "baseline_value",
    "target_period",
    "target_value",
    "progress",
    "status",
    "actual_rate",
    "required_rate",
    "needed_rate",
    "projected_year_reached",
    "reason",
]


def report_headers(lang: str) -> list[str]:
    """The headers of the status table in ``lang`` ("zh" or "en"), in REPORT_COLUMNS order."""
    from tracker.i18n import t

    return [t(f"status_col_{key}", lang) for key in REPORT_COLUMNS]


def status_export_table(
    status: pd.DataFrame,
    plan_or_indicators: object = None,
    lang: str | None = None,
    neutralised: bool = True,
) -> pd.DataFrame:
    """The status rows as exported; text neutralised unless ``neutralised`` is False (XLSX).

    With ``lang`` ("zh" or "en") and the plan (or its indicators table): the table a reader pastes into a report
    (REPORT_COLUMNS): headers, indicator names, status words (the badges' words) and notes in ``lang``; periods as
    people write them; progress and compound rates as percentages rounded to 0.1 ("9.1%"), a linear rate in the
    indicator's unit a year ("0.26个百分点/年"), a fall with a minus sign ("−3.0%", U+2212, never read as a formula);
    latest, baseline and target values as numbers in the unit shown;
    "" where there is nothing. Without ``lang``: STATUS_COLUMNS and reason as `python -m tracker status --format csv`
    prints them (fractions, status codes), years as whole numbers.
    """
    if lang is None:
        frame = status[STATUS_EXPORT_COLUMNS].reset_index(drop=True).copy()
        frame["projected_year_reached"] = pd.to_numeric(frame["projected_year_reached"]).round().astype("Int64")
        return _neutralised(frame) if neutralised else frame
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    if plan_or_indicators is None:
        raise ValueError("the status table in a language needs the plan or its indicators, for names and units")
    indicators = getattr(plan_or_indicators, "indicators", plan_or_indicators)
    rows = [_report_row(row, indicators.loc[row["indicator_id"]], lang) for row in status.to_dict("records")]
    frame = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    for column in ("latest_value", "baseline_value", "target_value"):
        frame[column] = pd.to_numeric(frame[column])
    frame["projected_year_reached"] = pd.to_numeric(frame["projected_year_reached"]).round().astype("Int64")
    frame.columns = report_headers(lang)
    return _neutralised(frame) if neutralised else frame


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _unsigned(text: str) -> str:
    # A leading + or - would make a spreadsheet read the cell as a formula (and CSV would need an apostrophe): a
    # rise is written without a sign, a fall with the minus sign U+2212, as print does.
    if text.startswith("+"):
        return text[1:]
    return "\u2212" + text[1:] if text.startswith("-") else text


def _report_row(row: dict, ind: pd.Series, lang: str) -> dict:
    from tracker.formatting import fmt_pct, fmt_rate, period_text
    from tracker.i18n import STATUS, reason

    method = row.get("pace_method") or ind.get("pace_method") or "cagr"

    def rate(value: object) -> str:
        if _missing(value):
            return ""
        return _unsigned(fmt_pct(value) if method == "cagr" else fmt_rate(value, method, ind["unit"], lang))

    def period(value: object) -> str:
        return "" if _missing(value) else period_text(value, ind["measure"], lang)

    params = row.get("reason_params") or ()
    code = row.get("reason_code")
    return {
        "indicator_id": row["indicator_id"],
        "name": ind["name_zh"] if lang == "zh" else ind["name_en"],
        "latest_period": period(row["latest_period"]),
        "latest_value": row["latest_value"],
        "unit": ind["unit"] if lang == "zh" else (ind.get("unit_en") or ind["unit"]),
        "baseline_period": period(row["baseline_period"]),
        "baseline_value": row["baseline_value"],
        "target_period": period(row["target_period"]),
        "target_value": row["target_value"],
        "progress": "" if _missing(row["progress"]) else _unsigned(fmt_pct(row["progress"])),
        "status": STATUS[row["status"]][lang],
        "actual_rate": rate(row["actual_rate"]),
        "required_rate": rate(row["required_rate"]),
        "needed_rate": rate(row["needed_rate"]),
        "projected_year_reached": row["projected_year_reached"],
        "reason": reason(code, dict(params), lang) if isinstance(code, str) else str(row.get("reason") or ""),
    }


def figures_csv(figures: pd.DataFrame) -> bytes:
    """The figures as CSV, UTF-8 with a BOM (so Excel reads the Chinese)."""
    return _csv(figures_table(figures))


def figures_xlsx(figures: pd.DataFrame) -> bytes:
    """The figures as an XLSX workbook with one sheet, "figures"; text exactly as stored, in text cells."""
    return _xlsx(figures_table(figures, neutralised=False), "figures")


def status_csv(status: pd.DataFrame, plan_or_indicators: object = None, lang: str | None = None) -> bytes:
    """The status table (tracker.pace.status_table) as CSV, UTF-8 with a BOM: in ``lang`` with the plan given, as
    the CLI's raw columns without (see status_export_table)."""
    return _csv(status_export_table(status, plan_or_indicators, lang))


def status_xlsx(status: pd.DataFrame, plan_or_indicators: object = None, lang: str | None = None) -> bytes:
    """The status table as an XLSX workbook with one sheet, "进度评估" in Chinese or "status"; text in text cells."""
    from tracker.i18n import t

    frame = status_export_table(status, plan_or_indicators, lang, neutralised=False)
    return _xlsx(frame, t("status_sheet", lang or "en"))


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype(object).map(neutralise)
    return out


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    return sheets_xlsx([(frame, sheet)])


def sheets_xlsx(sheets: list[tuple[pd.DataFrame, str]]) -> bytes:
    """An XLSX workbook of (frame, sheet name) pairs, the first sheet active: a bold, frozen header, text in text
    cells (never a formula), numbers as numbers, readable column widths."""
    # openpyxl directly rather than DataFrame.to_excel: a bold, frozen header and readable column widths.
    # openpyxl stores a str starting with "=" as a formula: every str is set as a text cell ("s") instead, with
    # Excel's quote prefix, so that editing the cell in Excel keeps it text too.
    from openpyxl import Workbook

    book = Workbook()
    for index, (frame, sheet) in enumerate(sheets):
        ws = book.active if index == 0 else book.create_sheet()
        ws.title = sheet
        _fill_sheet(ws, frame)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _width(text: str) -> int:
    # A Chinese character takes two columns' width.
    return len(text) + sum(1 for ch in text if ord(ch) > 0x2E7F)


def _fill_sheet(ws, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Font

    ws.append(list(frame.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(frame.itertuples(index=False), start=2):
        for column_number, value in enumerate(row, start=1):
            cell = ws.cell(row=row_number, column=column_number, value=_cell(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"
                cell.quotePrefix = True
    ws.freeze_panes = "A2"
    for column_cells in ws.columns:
        width = max((_width(str(c.value)) for c in column_cells if c.value is not None), default=8)
        ws.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 8), 60)
