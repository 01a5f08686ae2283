"""Reading uploads: a CSV or XLSX file as people actually save it, turned into a table of text cells.

Chinese Excel saves CSV in GBK, or UTF-16 "Unicode text" (tab-separated); offices put a title row above the header
and write the header in Chinese. ``read_table`` accepts all of that, and says plainly what it cannot read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

ROLES = ("indicator", "period", "value", "note", "source", "unit")
REQUIRED = ("indicator", "period", "value")

# Accepted header names per role, compared after NFKC, trimming and lower-casing (spaces and - count as _).
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator_id", "指标编号", "指标代码", "指标id", "id", "indicator", "指标", "指标名称",
                  "indicator_name"),
    "period": ("period", "时期", "年份", "期间", "时间", "统计时期", "报告期", "year"),
    "value": ("value", "数值", "数据", "值", "指标值", "本期值", "amount"),
    "note": ("note", "notes", "备注", "说明", "comment"),
    "source": ("source", "来源", "数据来源"),
    "unit": ("unit", "单位", "计量单位"),
}
# Columns a template or a bureau table carries for people to read; ignored without a warning.
QUIET_COLUMNS = frozenset({"name_zh", "name_en", "中文名称", "英文名称", "名称", "序号", "no", "no.", "#", "pillar",
                           "领域", "latest_period", "latest_value", "最新时期", "最新数值", "上期数值", "measure"})
HEADER_SEARCH_ROWS = 30  # title rows above the header are looked for this far down
DELIMITERS = (",", "\t", ";")

_ROLE_OF = {name: role for role, names in HEADER_NAMES.items() for name in names}
_RANK = {name: rank for names in HEADER_NAMES.values() for rank, name in enumerate(names)}
_UNIT_IN_HEADER = re.compile(r"^(.*?)[(\[](.*)[)\]]$")  # 数值(亿元), value [万元]


class ReadError(ValueError):
    """A file that cannot be read as a table at all; ``message_zh`` / ``message_en`` say what to do."""

    def __init__(self, code: str, message_zh: str, message_en: str):
        super().__init__(message_en)
        self.code, self.message_zh, self.message_en = code, message_zh, message_en


@dataclass(frozen=True)
class ReadWarning:
    """Something the reader did that the user should know about (an ignored column, another sheet used)."""

    code: str
    column: str | None
    message_zh: str
    message_en: str


@dataclass
class Table:
    """An upload as text. ``frame`` has the columns of ROLES ("" where the file has no such column or cell);
    ``rows`` holds the spreadsheet row number of each frame row (the header of a plain CSV is row 1)."""

    frame: pd.DataFrame
    rows: np.ndarray
    header_row: int
    headers: dict[str, str]  # role -> the header as written in the file
    value_unit: str = ""  # a unit named in the value header, "数值（万元）" -> "万元"
    sheet: str | None = None
    warnings: list[ReadWarning] = field(default_factory=list)


def read_table(filename: str, data: bytes, sheet: str | None = None) -> Table:
    """Read an uploaded CSV or XLSX (told apart by content, not only by name) into a Table; raise ReadError."""
    if not data or not data.strip():
        raise ReadError("empty_file", "文件是空的", "the file is empty")
    kind = _sniff_kind(filename, data)
    if kind == "xlsx":
        return _read_xlsx(data, sheet)
    return _read_csv(_decode(data))


def _sniff_kind(filename: str, data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(
            "old_excel", "这是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或“CSV UTF-8”后再上传",
            "this is an old Excel .xls file: save it from Excel as .xlsx or as CSV UTF-8 and upload that")
    if data.startswith(b"%PDF"):
        raise ReadError("pdf", "这是 PDF 文件：请上传 CSV 或 .xlsx 表格",
                        "this is a PDF: upload a CSV or .xlsx spreadsheet")
    return "csv"


def _not_text() -> ReadError:
    return ReadError(
        "not_text", "文件不是 UTF-8、GBK/GB18030 或 UTF-16 编码的表格：请在 Excel 中另存为“CSV UTF-8”或 .xlsx",
        "the file is not UTF-8, GBK/GB18030 or UTF-16: save it as CSV UTF-8 from Excel (or as .xlsx)")


def _decode(data: bytes) -> str:
    """Text in the first encoding that reads the whole file strictly; never a guess that produces mojibake."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _not_text()
    # Binary files can decode as GB18030 by chance; a table has no control characters besides tab and newlines.
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        raise _not_text()
    if text.lstrip("\ufeff \r\n\t").lower().startswith(("<html", "<!doctype", "<?xml", "<table")):
        raise ReadError(
            "html", "这是网页（HTML）另存的表格：请在 Excel 中打开，另存为 .xlsx 或“CSV UTF-8”后再上传",
            "this is a web page (HTML) saved as a spreadsheet: open it in Excel and save it as .xlsx or CSV UTF-8")
    return text.lstrip("\ufeff")


def _read_csv(text: str) -> Table:
    head = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS + 1])
    best: tuple[tuple[int, int], str, int | None] | None = None
    for delimiter in DELIMITERS:
        records = _csv_records(head, delimiter)
        header_at = _find_header(records)
        found = _roles_found(records[header_at]) if header_at is not None else max(
            (_roles_found(r) for r in records), default=0)
        score = (int(header_at is not None), found, max((len(r) for r in records), default=0))
        if best is None or score > best[0]:
            best = (score, delimiter, header_at)
    assert best is not None
    records = _csv_records(text, best[1])
    return _build_table(records, sheet=None, warnings=[])


def _csv_records(text: str, delimiter: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as err:
        raise ReadError("bad_csv", f"无法按 CSV 读取文件：{err}", f"the file cannot be read as CSV: {err}") from None


def _read_xlsx(data: bytes, sheet: str | None) -> Table:
    import openpyxl  # imported here: reading a CSV does not need it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, AttributeError) as err:
        raise ReadError(
            "bad_xlsx", "这不是可读取的 Excel 工作簿（.xlsx）：请在 Excel 中重新另存为 .xlsx 或“CSV UTF-8”",
            f"this is not a readable Excel workbook (.xlsx): save it again from Excel as .xlsx or CSV UTF-8 ({err})",
        ) from None
    try:
        names = workbook.sheetnames
        if sheet is not None:
            if sheet not in names:
                raise ReadError("no_sheet", f"工作簿中没有名为“{sheet}”的工作表；现有：{'、'.join(names)}",
                                f"the workbook has no sheet named {sheet!r}; it has {', '.join(names)}")
            candidates = [sheet]
        else:
            candidates = names
        warnings: list[ReadWarning] = []
        for name in candidates:
            rows = (_cell_texts(cells) for cells in workbook[name].iter_rows(min_row=1))
            head = [next_row for _, next_row in zip(range(HEADER_SEARCH_ROWS), rows, strict=False)]
            if _find_header(head) is None and name != candidates[-1]:
                continue
            if name != candidates[0]:
                warnings.append(ReadWarning(
                    "other_sheet", None, f"第一个工作表没有表头，已读取工作表“{name}”",
                    f"the first sheet has no header row; read the sheet {name!r} instead"))
            return _build_table(head + list(rows), sheet=name, warnings=warnings)
        raise ReadError("no_sheet", "工作簿中没有工作表", "the workbook has no sheets")
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, AttributeError) as err:
        raise ReadError("bad_xlsx", "Excel 工作簿已损坏，无法读取：请重新另存为 .xlsx",
                        f"the Excel workbook is damaged and cannot be read: save it again as .xlsx ({err})") from None
    finally:
        workbook.close()


def _cell_texts(cells: Iterable[object]) -> list[str]:
    texts = []
    for cell in cells:
        value = getattr(cell, "value", None)
        if value is None or type(value) is str:
            texts.append(value or "")
        else:  # only a number needs its format (a style lookup, slow on 100,000 rows)
            number_format = getattr(cell, "number_format", None) if type(value) is float else None
            texts.append(_cell_text(value, number_format or ""))
    return texts


def _cell_text(value: object, number_format: str) -> str:
    """A cell as the user sees it: 1767 not 1767.0, 8.1% for a percent-formatted 0.081, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if "%" in number_format:
            return format(value * 100, ".12g") + "%"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def header_key(text: str) -> tuple[str, str]:
    """A header cell as (name to look up, unit in brackets): "数值（亿元）" -> ("数值", "亿元")."""
    key = unicodedata.normalize("NFKC", str(text)).strip().lower()
    unit = ""
    match = _UNIT_IN_HEADER.match(key)
    if match and match.group(1).strip():
        key, unit = match.group(1).strip(), match.group(2).strip()
    return re.sub(r"[\s\-]+", "_", key), unit


def _roles_found(record: list[str]) -> int:
    return len({_ROLE_OF[header_key(c)[0]] for c in record if header_key(c)[0] in _ROLE_OF})


def _find_header(records: list[list[str]]) -> int | None:
    """The index of the first record naming an indicator column and a value column."""
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        roles = {_ROLE_OF.get(header_key(c)[0]) for c in record}
        if {"indicator", "value"} <= roles:
            return index
    return None


def accepted_headers() -> str:
    """The accepted header names, one role a line, for error messages."""
    return "; ".join(f"{role}: {' / '.join(names)}" for role, names in HEADER_NAMES.items())


def _missing_columns(missing: list[str], seen: list[str]) -> ReadError:
    names_zh = {"indicator": "指标", "period": "时期", "value": "数值"}
    shown = ", ".join(repr(s) for s in seen if s.strip()) or "(none)"
    return ReadError(
        "missing_columns",
        f"缺少必需的列：{'、'.join(names_zh[m] for m in missing)}（表头找到：{shown}）。"
        f"可用的列名：{accepted_headers()}",
        f"missing required columns: {', '.join(missing)} (header found: {shown}). Accepted header names: "
        f"{accepted_headers()}",
    )


def _build_table(records: list[list[str]], sheet: str | None, warnings: list[ReadWarning]) -> Table:
    header_at = _find_header(records)
    if header_at is None:
        nonempty = [r for r in records[:HEADER_SEARCH_ROWS] if any(c.strip() for c in r)]
        if not nonempty:
            raise ReadError("empty_file", "文件里没有数据", "the file has no data")
        seen = max(nonempty, key=_roles_found)
        found = {_ROLE_OF.get(header_key(c)[0]) for c in seen}
        raise _missing_columns([r for r in REQUIRED if r not in found], seen)
    header = records[header_at]
    columns: dict[str, int] = {}
    value_unit = ""
    for index, cell in enumerate(header):
        key, unit = header_key(cell)
        role = _ROLE_OF.get(key)
        written = cell.strip()
        if role is None:
            if written and key not in QUIET_COLUMNS:
                warnings.append(ReadWarning("unknown_column", written, f"不认识的列“{written}”，已忽略",
                                            f"unknown column {written!r} ignored"))
            continue
        if role in columns:
            if _RANK[key] < _RANK[header_key(header[columns[role]])[0]]:
                columns[role], index = index, columns[role]  # an id column wins over a name column
            dropped = header[index].strip()
            if role != "indicator":  # an id column and a name column side by side is normal
                warnings.append(ReadWarning(
                    "duplicate_column", dropped, f"列“{dropped}”与“{header[columns[role]].strip()}”含义相同，已忽略",
                    f"column {dropped!r} means the same as {header[columns[role]].strip()!r}; ignored"))
            continue
        columns[role] = index
        if role == "value":
            value_unit = unit
    missing = [r for r in REQUIRED if r not in columns]
    if missing:
        raise _missing_columns(missing, header)
    body = records[header_at + 1:]
    frame = pd.DataFrame({role: _column(body, columns.get(role)) for role in ROLES}, dtype=str)
    rows = np.arange(header_at + 2, header_at + 2 + len(body))
    nonblank = (frame[list(ROLES[:5])].apply(lambda s: s.str.strip()) != "").any(axis=1).to_numpy()
    return Table(frame=frame[nonblank].reset_index(drop=True), rows=rows[nonblank], header_row=header_at + 1,
                 headers={role: header[i].strip() for role, i in columns.items()}, value_unit=value_unit,
                 sheet=sheet, warnings=warnings)


def _column(body: list[list[str]], index: int | None) -> list[str]:
    if index is None:
        return [""] * len(body)
    return [r[index] if index < len(r) else "" for r in body]

