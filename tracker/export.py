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

from tracker.pace import STATUS_COLUMNS

FIGURE_EXPORT_COLUMNS = ["indicator_id", "period", "value", "note", "source"]
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
    """The figure rows as exported: indicator_id, period, value, note, source[, confidence]; text neutralised
    unless ``neutralised`` is False (for XLSX, whose text cells need no apostrophe)."""
    columns = FIGURE_EXPORT_COLUMNS + (["confidence"] if "confidence" in figures else [])
    frame = figures[columns].reset_index(drop=True)
    return _neutralised(frame) if neutralised else frame


def status_export_table(status: pd.DataFrame, neutralised: bool = True) -> pd.DataFrame:
    """The status rows as exported: STATUS_COLUMNS and reason, years as whole numbers; text neutralised unless
    ``neutralised`` is False."""
    frame = status[STATUS_EXPORT_COLUMNS].reset_index(drop=True).copy()
    frame["projected_year_reached"] = pd.to_numeric(frame["projected_year_reached"]).round().astype("Int64")
    return _neutralised(frame) if neutralised else frame


def figures_csv(figures: pd.DataFrame) -> bytes:
    """The figures as CSV, UTF-8 with a BOM (so Excel reads the Chinese)."""
    return _csv(figures_table(figures))


def figures_xlsx(figures: pd.DataFrame) -> bytes:
    """The figures as an XLSX workbook with one sheet, "figures"; text exactly as stored, in text cells."""
    return _xlsx(figures_table(figures, neutralised=False), "figures")


def status_csv(status: pd.DataFrame) -> bytes:
    """The status table (tracker.pace.status_table) as CSV, UTF-8 with a BOM."""
    return _csv(status_export_table(status))


def status_xlsx(status: pd.DataFrame) -> bytes:
    """The status table as an XLSX workbook with one sheet, "status"; text in text cells."""
    return _xlsx(status_export_table(status, neutralised=False), "status")


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
    # openpyxl directly rather than DataFrame.to_excel: a bold, frozen header and readable column widths.
    # openpyxl stores a str starting with "=" as a formula: every str is set as a text cell ("s") instead, with
    # Excel's quote prefix, so that editing the cell in Excel keeps it text too.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = sheet
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
        width = max((len(str(c.value)) for c in column_cells if c.value is not None), default=8)
        ws.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
