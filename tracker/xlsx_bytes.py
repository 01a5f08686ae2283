"""The fastest read of an XLSX sheet: its XML cut into rows and cells by one regular expression a few MB at a time,
each cell's text made once per distinct value (numpy, pandas), no element built and no Python step per cell.

Only a sheet written as Excel and openpyxl write one is read so: every <row> with its r, every <c> with its reference
then s and t, holding at most a formula and a <v>, every row closed before the next. Anything else (an inline
string, an error cell, a comment, a row without its number...) and ``byte_records`` returns None: tracker.xlsx_calamine
then, else the streaming reader of tracker.xlsx, reads the sheet and words every refusal. The texts are the streaming
reader's own (its shared strings, its rules for numbers, dates and percents), placed as it places them (a cell's
column from its letters, its row from the enclosing <row>), so both give the same records: tests/test_xlsx.py
compares them on a table of workbooks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from tracker.xlsx_calamine import _StepAside, sheet_blocks

if TYPE_CHECKING:
    from tracker.xlsx import _Workbook

MAX_DENSE_CELLS = 12_000_000  # rows x columns laid out at once (8 bytes a cell): 1.1M rows of 10 columns
_EMPTY: tuple[str, ...] = ()

# A row (its number, "/" when it closes itself) or a cell (column letters, its s and t as written, its value).
_PIECE = re.compile(
    rb'<row r="([0-9]{1,7})"[^<>]*?(/?)>'
    rb'|<c r="([A-Z]{1,3})[0-9]{1,7}"((?: s="[0-9]{1,6}")?(?: t="[a-zA-Z]{1,9}")?)'
    rb"(?:/>|></c>|>(?:<f(?: [^<>]*)?(?:/>|>[^<]*</f>))?<v>([^<]*)</v></c>)"
)
# A decimal that Excel shows as written: at most 15 significant digits, the last not 0, from 0.0001 to below 1e15
# (float() then format(".15g") gives these digits back, as the streaming reader's _number does).
_AS_WRITTEN = re.compile(
    rb"-?(?:(?=[0-9.]{3,16}\Z)[1-9][0-9]*\.[0-9]*[1-9]|0\.0{0,3}(?=[0-9]{1,15}\Z)[1-9](?:[0-9]*[1-9])?)"
)
_ATTRIBUTES = re.compile(rb'(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?')
_KINDS = {b"": "n", b"n": "n", b"s": "s", b"str": "str", b"b": "b"}  # others (e, d, inlineStr): step aside
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not a character XML allows: damaged


def byte_records(book: _Workbook, index: int) -> SheetRows | None:
    """The sheet's rows as ``_Workbook.records`` gives them (text cells, one tuple per spreadsheet row from row 1,
    blank rows empty), or None where another reader must read it. Raises what the streaming reader raises for a
    member past the inflated-size caps or damaged."""
    name, _, path = book.sheets[index]
    budget = book.budget
    strings = book._strings
    try:
        sheet = _Sheet(book)
        for block in sheet_blocks(book, path, head=_plain_head):
            sheet.read(block)
        return sheet.records()
    except _StepAside:
        book.budget = budget  # the next reader inflates the sheet (and the shared strings) again, counted
        book._strings = strings
        return None


def _plain_head(head: bytes) -> None:
    """The XML before <sheetData>: in UTF-8, with no document type (whose entities the reader would expand)."""
    declared = re.match(rb'<\?xml[^>]*encoding="([^"]*)"', head)
    if b"<!DOCTYPE" in head or (declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
        raise _StepAside
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        raise _StepAside


class _Sheet:
    """The cells read so far, a block at a time: (row number, column index from 0, text) of each non-empty cell."""

    def __init__(self, book: _Workbook) -> None:
        from tracker.xlsx import MAX_COLUMNS, MAX_ROW_PARTS, MAX_ROWS

        self.book = book
        self.max_rows, self.max_columns, self.max_row_cells = MAX_ROWS, MAX_COLUMNS, MAX_ROW_PARTS // 3
        self.last_row = 0
        self.rows: list[np.ndarray] = []
        self.columns: list[np.ndarray] = []
        self.texts: list[np.ndarray] = []
        self.shown: dict[tuple[str, bytes | None], dict[bytes, str]] = {}  # (kind, style) -> value -> text
        self._shared: np.ndarray | None = None
        self._too_long = np.zeros(0, dtype=bool)  # of each shared string: past the cap

    def read(self, block: bytes) -> None:
        if b"\r" in block or b"<![CDATA[" in block or b"<!--" in block or b"<?" in block:
            raise _StepAside  # what the XML parser reads otherwise than the bytes say
        pieces = _PIECE.findall(block)
        rows_written = block.count(b"<row")
        if len(pieces) != rows_written + block.count(b"<c"):
            raise _StepAside  # a row or cell not written as looked for
        if not pieces:
            return
        table = np.array(pieces, dtype=object)  # (number, closed, letters, attributes, value) a line
        del pieces
        numbers, closed, letters, attributes, values = table.T
        letters = letters.astype("S3")
        is_row = letters == b""
        row_at = np.flatnonzero(is_row)
        ends = block.count(b"</row>")
        self_closing = closed[row_at] == b"/"
        if ends != len(row_at) - int(self_closing.sum()):
            raise _StepAside  # a row left open: cells nested otherwise than in their row
        if block.count(b"</row><row") != ends - block.rstrip().endswith(b"</row>"):
            raise _StepAside  # something between a row's end and the next row: cells outside any row
        row_numbers = numbers[row_at].astype("S7").astype(np.int64)
        if row_numbers[0] <= self.last_row or (len(row_numbers) > 1 and not (np.diff(row_numbers) > 0).all()):
            raise _StepAside  # rows out of order: the streaming reader calls the file damaged
        if row_numbers[-1] > self.max_rows:
            raise _StepAside  # the streaming reader refuses it, naming the row
        self.last_row = int(row_numbers[-1])
        cell_at = np.flatnonzero(~is_row)
        if not len(cell_at):
            return
        owner = np.cumsum(is_row)[cell_at] - 1  # the row each cell is in
        if owner[0] < 0 or self_closing[owner].any():
            raise _StepAside  # a cell after a row that closed itself: outside any row
        if np.bincount(owner).max() > self.max_row_cells:
            raise _StepAside
        texts, filled = self._texts(values[cell_at], attributes[cell_at])
        kept = np.flatnonzero(filled)
        columns = _column_numbers(letters[cell_at[kept]])
        rows = row_numbers[owner[kept]]
        if len(kept):
            if columns.max() >= self.max_columns:
                raise _StepAside  # the streaming reader refuses it, naming the cell
            same_row = rows[1:] == rows[:-1]
            if (columns[1:][same_row] <= columns[:-1][same_row]).any():
                raise _StepAside  # a column written twice or leftwards: the streaming reader overwrites
        self.rows.append(rows)
        self.columns.append(columns)
        self.texts.append(texts[kept])

    def _texts(self, values: np.ndarray, attributes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each cell as the streaming reader's ``_Workbook._cell`` reads it ("" when empty), and which are not empty."""
        from tracker.xlsx import MAX_CELL_CHARS

        texts = np.full(len(values), "", dtype=object)
        filled = np.zeros(len(values), dtype=bool)
        codes, uniques = pd.factorize(attributes)
        formats = self.book.format_styles
        for a, written_as in enumerate(uniques):
            style, kind = _ATTRIBUTES.fullmatch(written_as).groups()
            read_as = _KINDS.get(kind or b"")
            if read_as is None:
                raise _StepAside  # an error cell, an ISO date, an inline string...
            at = np.flatnonzero(codes == a)
            cells, distinct = pd.factorize(values[at])
            blank = np.flatnonzero(distinct == b"")  # an empty cell, or <v></v>: nothing
            if len(blank):
                kept = cells != blank[0]
                at, cells = at[kept], cells[kept]
                cells -= cells > blank[0]
                distinct = np.delete(distinct, blank[0])
            if not len(at):
                continue
            if max(map(len, distinct)) > MAX_CELL_CHARS:
                raise _StepAside  # the streaming reader refuses it, naming the cell
            if read_as == "s":
                shown = self._shared_texts(distinct)
            elif read_as == "n" and (style is None or style.decode() not in formats):
                shown = [
                    v.decode()
                    if (v.isdigit() and (v[0] != 48 or len(v) == 1)) or _AS_WRITTEN.fullmatch(v)
                    else self._text(v, "n", None)
                    for v in distinct
                ]
            else:
                known = self.shown.setdefault((read_as, style if read_as == "n" else None), {})
                shown = []
                for value in distinct:
                    text = known.get(value)
                    if text is None:
                        text = known[value] = self._text(value, read_as, style)
                    shown.append(text)
            shown = np.array(shown, dtype=object)
            texts[at] = shown[cells]
            filled[at] = (shown != "")[cells]
        return texts, filled

    def _shared_texts(self, written: np.ndarray) -> np.ndarray:
        """The shared strings that the values ``written`` (their indexes as written) point at."""
        if max(map(len, written)) > 9:
            raise _StepAside
        digits = np.array(written, dtype="S9")
        bytes_ = digits.view(np.uint8)
        if not (((bytes_ >= 48) & (bytes_ <= 57)) | (bytes_ == 0)).all():
            raise _StepAside  # " 7" or "+7": read as the streaming reader reads them
        number = digits.astype(np.int64)
        shared = self._shared_strings()
        if number.min() < 0 or number.max() >= len(shared):
            raise _StepAside  # the streaming reader calls the file damaged, naming the cell
        if self._too_long[number].any():
            raise _StepAside  # a text past the cap: the streaming reader refuses it, naming the cell
        return shared[number]

    def _text(self, value: bytes, kind: str, style: bytes | None) -> str:
        """A number ("n", ``style`` given when it shows a date or percent), text ("str") or boolean ("b") cell."""
        from tracker.xlsx import MAX_CELL_CHARS

        if b"&" in value:
            try:
                text = ElementTree.fromstring(b"<v>" + value + b"</v>").text or ""
            except ElementTree.ParseError:
                raise _StepAside from None
        else:
            try:
                text = value.decode()
            except UnicodeDecodeError:
                raise _StepAside from None
        if _CONTROL.search(text):
            raise _StepAside
        if kind == "b":
            return "TRUE" if text.strip() in ("1", "true") else "FALSE"
        if kind == "n":
            written = style.decode() if style is not None else None
            if written is not None or not text.isdigit() or (text[0] == "0" and len(text) > 1):
                text = self.book._number(text, written)
        if len(text) > MAX_CELL_CHARS:
            raise _StepAside
        return text

    def _shared_strings(self) -> np.ndarray:
        if self._shared is None:
            self._shared = np.array(self.book.strings + [None], dtype=object)[:-1]
            self._too_long = np.array([text is None for text in self._shared], dtype=bool)
        return self._shared

    def records(self) -> SheetRows:
        """One row from row 1 to the last row written, kept as columns."""
        from tracker.xlsx import MAX_CELLS

        length = self.last_row
        rows = np.concatenate(self.rows) if self.rows else np.zeros(0, dtype=np.int64)
        columns = np.concatenate(self.columns) if self.columns else np.zeros(0, dtype=np.int64)
        texts = np.concatenate(self.texts) if self.texts else np.zeros(0, dtype=object)
        width = int(columns.max()) + 1 if len(columns) else 0
        if length * width > MAX_DENSE_CELLS:
            raise _StepAside
        widths = np.zeros(length, dtype=np.int64)
        np.maximum.at(widths, rows - 1, columns + 1)
        if int(widths.sum()) > MAX_CELLS:
            raise _StepAside  # the streaming reader refuses it
        laid_out = []
        for column in range(width):
            cells = np.full(length, "", dtype=object)
            mine = columns == column
            cells[rows[mine] - 1] = texts[mine]
            laid_out.append(cells)
        return SheetRows(laid_out, widths)


class SheetRows(Sequence):
    """A sheet's records as ``_Workbook.records`` gives them (a tuple of texts a row, trailing empty cells dropped),
    kept as columns: a row's tuple is made when asked for, and ``column`` hands a column over whole (what
    tracker.reading builds its Table of, with no row made)."""

    def __init__(self, columns: list[np.ndarray], widths: np.ndarray) -> None:
        self.columns = columns
        self.widths = widths

    def __len__(self) -> int:
        return len(self.widths)

    def __getitem__(self, at):
        if isinstance(at, slice):
            return [self._row(i) for i in range(*at.indices(len(self)))]
        if at < 0:
            at += len(self)
        if not 0 <= at < len(self):
            raise IndexError(at)
        return self._row(at)

    def _row(self, at: int) -> tuple[str, ...]:
        width = int(self.widths[at])
        return tuple(column[at] for column in self.columns[:width]) if width else _EMPTY

    def column(self, index: int, start: int) -> np.ndarray:
        """The cells of column ``index`` (0 = A) from record ``start`` on ("" where none)."""
        if index < len(self.columns):
            return self.columns[index][start:]
        return np.full(max(len(self) - start, 0), "", dtype=object)


def _column_numbers(letters: np.ndarray) -> np.ndarray:
    """Column indexes (A -> 0) of references' letters (an array of up to 3 bytes each, none empty)."""
    codes = letters.astype("S3").view(np.uint8).reshape(-1, 3).astype(np.int64)
    number = codes[:, 0] - 64
    for at in (1, 2):
        number = np.where(codes[:, at] > 0, number * 26 + codes[:, at] - 64, number)
    return number - 1
