"""The second read of an XLSX sheet, where tracker.xlsx_bytes steps aside (inline strings, as openpyxl writes
them, say): a byte-level look at the sheet's XML under the caps, then python-calamine (Rust).

calamine builds a sheet as one dense range from its first to its last cell: a 2 KB file with cells at A1 and XFD1048576
makes it ask for half a terabyte, and the process aborts. So nothing reaches calamine before a cheap look at the
inflated XML (bytes counted and searched, no cell built) has found every cell's place, the largest row and column and
the longest text inside the caps. That look also finds the cells whose number format calamine does not report (a
percent cell arrives as 0.081, not 8.1%) and reads them as tracker.xlsx does. Wherever calamine could give something
else than the streaming reader of tracker.xlsx (an error cell, an escaped character, cells without a reference, rows
out of order...), ``calamine_records`` returns None and the caller reads the sheet the streaming way, which also
words every refusal. Both give the same records: tests/test_xlsx.py compares them on a table of workbooks.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tracker.xlsx import _Workbook

MAX_CALAMINE_CELLS = 6_000_000  # the dense range calamine may build (~50 bytes a cell): 1.1M rows of 5 columns
SCAN_BLOCK = 4 * 1024**2  # the XML looked at in one go, cut after a row's end

_ROW_NUMBER = re.compile(rb'<row r="([0-9]+)"')
_CELL_LETTERS = re.compile(rb'<c r="([A-Z]+)')
_ESCAPED = re.compile(rb"_x[0-9A-Fa-f]{4}_")  # calamine reads _x000D_ as a carriage return; the streaming reader not
_OTHER_KIND = re.compile(rb' t="(?!s"|n"|str"|inlineStr"|b")')  # error cells (calamine gives ""), ISO dates...
_BARE = re.compile(rb"<(?:c|row)/?>")  # a cell or row without its reference
_EMPTY_ROW = re.compile(rb"<row [^<>]*/>")
_CELL_AFTER_EMPTY_ROW = re.compile(rb"<row [^<>]*/>\s*<c")
_ODD_SHARED = re.compile(rb' t="s"[^>]*><v>(?![0-9]{1,9}</v>)')  # a shared string's index that is not one


@functools.lru_cache(maxsize=64)
def _past_row(row: int) -> re.Pattern[bytes]:
    """A cell reference whose row number is past ``row`` (compared digit by digit: no number is built)."""
    digits = str(row)
    longer = [b"[0-9]{%d,}" % (len(digits) + 1)]
    for at, digit in enumerate(digits):
        if digit != "9":
            rest = len(digits) - at - 1
            longer.append(digits[:at].encode() + b"[%d-9]" % (int(digit) + 1) + (b"[0-9]{%d}" % rest if rest else b""))
    return re.compile(rb'<c r="[A-Z]+(?:' + b"|".join(longer) + rb')"')


@functools.lru_cache(maxsize=256)
def _past_column(column: int) -> re.Pattern[bytes]:
    """A cell reference whose column is past ``column`` (1 = A)."""
    from tracker.xlsx import column_letters

    known = b"|".join(column_letters(c).encode() for c in range(1, column + 1))
    return re.compile(rb'<c r="(?!(?:' + known + rb")[0-9])" if column else rb'<c r="')


class _StepAside(Exception):
    """calamine might read this sheet otherwise than the streaming reader: read it the streaming way."""


def calamine_records(book: _Workbook, index: int, data: bytes) -> list[tuple[str, ...]] | None:
    """The sheet's rows as ``_Workbook.records`` gives them (text cells, one tuple per spreadsheet row from row 1,
    blank rows empty), read by calamine; None where the streaming reader must read it. Raises what the streaming
    reader raises for a member past the inflated-size caps or damaged."""
    name, _, path = book.sheets[index]
    budget = book.budget
    try:
        scan = _scan_sheet(book, path)
        _check_other_parts(book, path)
    except _StepAside:
        return None
    finally:
        book.budget = budget  # a look, not a read: the streaming reader may inflate the sheet again
    try:
        import python_calamine
    except ImportError:  # pragma: no cover - requirements.txt installs it
        return None
    try:
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            if workbook.sheet_names != [n for n, _, _ in book.sheets]:
                return None
            sheet = workbook.get_sheet_by_name(name)
            if sheet.start is not None and (sheet.end[0] >= scan.last_row or sheet.end[1] >= scan.columns):
                return None
            return _texts(book, sheet, scan)
    except (python_calamine.CalamineError, _StepAside, ValueError, OverflowError):
        return None


class _Scan:
    """What the look at a sheet's XML found: the last row's number, the columns its cells reach, how many cells it
    has, and the text of each number cell in a date or percent style, as the streaming reader reads it."""

    def __init__(self, styles: set[str]) -> None:
        self.last_row = 0
        self.columns = 0
        self.cells = 0
        self.formatted: dict[int, list[tuple[int, str]]] = {}  # row index -> [(column index, text)]
        either = b"|".join(sorted(s.encode() for s in styles))
        self.styles = [b' s="' + s.encode() + b'"' for s in styles]
        # Every cell in one of the styles, as Excel and openpyxl write it: (letters, row, style, a type other than
        # n, "/" when empty, the number as written).
        self.styled = re.compile(
            rb'<c r="([A-Z]+)([0-9]+)" s="(' + either + rb')"(?: t="n"|( t="[^"]*"))?'
            rb"(?:(/)>|>(?:<f>[^<]*</f>|<f [^>]*/>)?<v>([^<]*)</v>)"
        )
        self.texts: dict[tuple[bytes, bytes], str] = {}  # (number, style) -> as Excel shows it
        self.column_index: dict[bytes, int] = {}  # b"C" -> 2


def _scan_sheet(book: _Workbook, path: str) -> _Scan:
    """Inflate the sheet (counted against the workbook's budget) and look at it a few MB of whole rows at a time."""
    from tracker.xlsx import MAX_COLUMNS, MAX_ROWS

    scan = _Scan(book.format_styles)
    for block in sheet_blocks(book, path):
        _scan_block(book, block, scan)
    if scan.columns > MAX_COLUMNS or scan.last_row > MAX_ROWS or scan.cells > MAX_CALAMINE_CELLS:
        raise _StepAside  # the streaming reader refuses it, naming the cell, or reads a sparse sheet
    if scan.last_row * scan.columns > MAX_CALAMINE_CELLS:
        raise _StepAside
    return scan


def sheet_blocks(book: _Workbook, path: str, head: Callable[[bytes], None] | None = None) -> Iterator[bytes]:
    """The sheet's <sheetData> inflated (counted against the workbook's budget) a few MB of whole rows at a time:
    the first block from <sheetData> on, each cut after a row's end, the last one before </sheetData>. ``head`` is
    shown the XML before <sheetData> (it raises _StepAside for what it will not read)."""
    from tracker.xlsx import STUCK_BYTES

    pending = b""
    chunks: list[bytes] = []
    size = 0
    started = False
    for chunk in book._chunks(path):
        chunks.append(chunk)
        size += len(chunk)
        if size < SCAN_BLOCK:
            continue
        pending, chunks, size = pending + b"".join(chunks), [], 0
        end = pending.rfind(b"</row>")
        if end < 0:
            if len(pending) > STUCK_BYTES + SCAN_BLOCK:
                raise _StepAside  # no row ends: the streaming reader says which cell is too long
            continue
        block, pending = pending[: end + 6], pending[end + 6 :]  # what is left of a row waits for its end
        if not started:
            block, started = _after_sheet_data(block, head), True
        yield block
    pending += b"".join(chunks)
    if not started:
        pending = _after_sheet_data(pending, head)
    end = pending.find(b"</sheetData>")
    yield pending if end < 0 else pending[:end]


def _after_sheet_data(block: bytes, head: Callable[[bytes], None] | None = None) -> bytes:
    """The XML from <sheetData> on; the root must be an unprefixed <worksheet> (a prefixed one: step aside)."""
    at = block.find(b"<sheetData")
    if at < 0 or b"<worksheet" not in block[:at]:
        raise _StepAside
    if head is not None:
        head(block[:at])
    return block[at:]


def _scan_block(book: _Workbook, block: bytes, scan: _Scan) -> None:
    """Look at whole rows of XML; raise _StepAside for anything the streaming reader would read otherwise."""
    from tracker.xlsx import MAX_CELL_CHARS, _column_of

    cells = block.count(b'<c r="')
    if block.count(b"<c ") != cells or _BARE.search(block) or _OTHER_KIND.search(block):
        raise _StepAside  # a cell placed by counting (as calamine may not), an error cell, an ISO date...
    if b"\r" in block or b"<![CDATA[" in block or _ESCAPED.search(block) or _ODD_SHARED.search(block):
        raise _StepAside
    rows = _ROW_NUMBER.findall(block)
    if block.count(b"<row ") != len(rows):
        raise _StepAside  # a row without its number
    ends = block.count(b"</row>")
    if ends + len(_EMPTY_ROW.findall(block)) != len(rows) or _CELL_AFTER_EMPTY_ROW.search(block):
        raise _StepAside  # a row left open, or a cell after a row that closed itself: outside any row
    if block.count(b"</row><row") != ends - block.rstrip().endswith(b"</row>"):
        raise _StepAside  # something between a row's end and the next row: cells outside any row
    scan.cells += cells
    if rows:
        numbers = np.fromiter(map(int, rows), dtype=np.int64, count=len(rows))
        if numbers[0] <= scan.last_row or not (np.diff(numbers) > 0).all():
            raise _StepAside  # rows out of order: the streaming reader calls the file damaged
        scan.last_row = int(numbers[-1])
        if _past_row(scan.last_row).search(block):
            raise _StepAside  # a cell naming a row past the last: calamine's range would reach it
    elif cells:
        raise _StepAside
    if _past_column(scan.columns).search(block):  # a cell right of every one so far: find the new last column
        letters = set(_CELL_LETTERS.findall(block))
        if any(len(b) > 3 for b in letters):
            raise _StepAside
        scan.columns = max([scan.columns, *(_column_of(b.decode()) for b in letters)])
    if len(block) > MAX_CELL_CHARS:  # no text longer than a cell may be: at most that many bytes between two tags
        tags = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 0x3C)
        if len(tags) == 0 or np.diff(tags).max(initial=0) > MAX_CELL_CHARS or len(block) - tags[-1] > MAX_CELL_CHARS:
            raise _StepAside
    if not scan.styles:
        return
    found = scan.styled.findall(block)
    if sum(block.count(style) for style in scan.styles) != len(found):
        raise _StepAside  # a formatted cell written otherwise than looked for (or a row style): read it slowly
    texts = scan.texts
    for column, row, style, typed, empty, number in found:
        if typed or empty:
            continue  # a text, or nothing: calamine reads it as the streaming reader does
        text = texts.get((number, style))
        if text is None:
            text = texts[number, style] = book._number(number.decode(), style.decode())
        index = scan.column_index.get(column)
        if index is None:
            index = scan.column_index[column] = _column_of(column.decode()) - 1
        scan.formatted.setdefault(int(row) - 1, []).append((index, text))


def _check_other_parts(book: _Workbook, sheet_path: str) -> None:
    """Inflate (counted, checksums verified) every part calamine may read besides the sheet: the shared strings
    looked at as the sheet is; the others only so that none inflates past what the zip says."""
    from tracker.xlsx import MAX_CELL_CHARS, MAX_SHARED_STRINGS

    sheets = {book._member(p).filename for _, _, p in book.sheets if book._member(p) is not None}
    for name in book.members:
        if name in sheets or not name.lower().endswith((".xml", ".rels")):
            continue
        part = b"".join(book._chunks(name))
        if not name.lower().endswith("sharedstrings.xml"):
            continue
        body = (part[part.find(b"?>") + 2 :] if part.startswith(b"<?xml") else part).lstrip()
        if b"\r" in body or b"x005F_" in body or b"<![CDATA[" in body or _ESCAPED.search(body):
            raise _StepAside
        if body.count(b"<si>") + body.count(b"<si/>") > MAX_SHARED_STRINGS or body.count(b"<si ") or body.count(b":si"):
            raise _StepAside
        if len(body) > MAX_CELL_CHARS:
            tags = np.flatnonzero(np.frombuffer(body, dtype=np.uint8) == 0x3C)
            if len(tags) == 0 or np.diff(tags).max(initial=0) > MAX_CELL_CHARS:
                raise _StepAside


_EMPTY: tuple[str, ...] = ()


def _texts(book: _Workbook, sheet, scan: _Scan) -> list[tuple[str, ...]]:
    """calamine's rows as the streaming reader's records: numbers as Excel shows them, formatted cells read from
    their XML, trailing empty cells dropped, blank rows empty, as many rows as the sheet's XML has."""
    records: list[tuple[str, ...]] = []
    formatted = scan.formatted
    for index, row in enumerate(sheet.iter_rows()):
        dated = False
        for j, value in enumerate(row):
            kind = value.__class__
            if kind is str:
                continue
            if kind is float:  # as tracker.xlsx._cell_text writes it
                if value.is_integer():
                    if abs(value) >= 1e15:
                        raise _StepAside  # the streaming reader keeps such a number as written: digits unknown
                    row[j] = str(int(value))
                else:
                    row[j] = format(value, ".15g")
            elif kind is bool:
                row[j] = "TRUE" if value else "FALSE"
            elif kind is int:
                row[j] = str(value)
            else:
                dated = True  # a date, time or duration: the cell must be one the look found
        for j, text in formatted.get(index, ()):
            row[j] = text
        if dated and any(value.__class__ is not str for value in row):
            raise _StepAside  # calamine read a date where the streaming reader reads a number
        while row and row[-1] == "":
            row.pop()
        records.append(tuple(row) if row else _EMPTY)
    records.extend([_EMPTY] * (scan.last_row - len(records)))
    return records
