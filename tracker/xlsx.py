"""Reading an XLSX upload: the active visible sheet as rows of text cells, streamed out of the zip under caps.

An XLSX is a zip of XML parts, and a 1.5 KB file can declare a 16,384 by 1,048,576 sheet or inflate to gigabytes.
Nothing declared is trusted: the members' sizes are checked from the zip's central directory before anything is
inflated, the bytes are counted again while inflating, and the sheet is read cell by cell, so every cap is met before
anything grows past it. Cells read as Excel shows them: numbers in their percent or date format.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

from tracker.i18n import Text
from tracker.reading import HEADER_SEARCH_ROWS, ReadError, ReadWarning, Table, _build_table, _find_header

MAX_ROWS = 1_100_000  # a sheet row number past this is refused (the 1,000,000-row benchmark upload passes)
MAX_COLUMNS = 200  # a cell holding something past column GR is refused
MAX_CELLS = 30_000_000  # cells kept in all, blanks between written cells included (8 bytes each)
MAX_CELL_CHARS = 131072  # csv.field_size_limit(): the same cap as a CSV cell
MAX_INFLATED_BYTES = 400 * 1024**2  # every member together, inflated
MAX_RATIO = 100  # inflated / compressed, for a member inflating past RATIO_FROM (honest sheets: 5 to 30)
RATIO_FROM = 16 * 1024**2
MAX_SMALL_PART = 16 * 1024**2  # workbook.xml, its relationships, styles.xml: read whole
MAX_SHARED_STRINGS = 6_000_000
CHUNK = 256 * 1024
MAX_ROW_PARTS = 200_000  # XML elements in one row (cells, values, rich-text runs), empty cells included
STUCK_BYTES = 4 * 1024**2  # this much XML with no element ending is one text far past MAX_CELL_CHARS

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_HIDDEN = ("hidden", "veryHidden")
# The upload template's explanation sheet (tracker.template): never data, so not named as a sheet left unread.
GUIDE_SHEETS = frozenset({"填写说明", "how to fill in"})
_EMPTY: tuple[str, ...] = ()  # a row with nothing in it


class _Stuck(Exception):
    """Far more XML than any cell may hold went by without an element ending."""


def read_xlsx(data: bytes, sheet: str | None = None) -> Table:
    """The sheet named ``sheet``, or else the active visible one (a later visible sheet when it has no header row)
    as a Table; raise ReadError for a file that is not a workbook, is damaged or is past a cap."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise _not_a_workbook(err) from None
    with archive:
        try:
            return _Workbook(archive, data).table(sheet)
        except ReadError:
            raise
        except (
            ElementTree.ParseError,
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            KeyError,
            ValueError,
            IndexError,
            NotImplementedError,
            RuntimeError,
        ) as err:
            raise _damaged(err) from None


def _not_a_workbook(err: object) -> ReadError:
    return ReadError("bad_xlsx", error=err)


def _damaged(err: object) -> ReadError:
    return ReadError("damaged_xlsx", error=err)


def _too_big(detail: str, **params: object) -> ReadError:
    """The workbook inflates past a limit; ``detail`` (a text key, with ``params``) says which."""
    return ReadError("xlsx_too_big", detail=Text(detail, params))


def column_letters(column: int) -> str:
    """1 -> "A", 27 -> "AA": the spreadsheet's name of a column."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_of(ref: str) -> int:
    """The column number of an A1-style reference ("C7" -> 3); 0 when it names none."""
    number = 0
    for char in ref:
        code = ord(char) & ~0x20  # upper case
        if not 65 <= code <= 90:
            break
        number = number * 26 + code - 64
    return number


class _Workbook:
    """One open XLSX: its sheets, shared strings and number formats, read on demand under the caps."""

    def __init__(self, archive: zipfile.ZipFile, data: bytes = b""):
        self.archive = archive
        self.data = data  # the file's bytes, for calamine (tracker.xlsx_calamine)
        self.members = {info.filename: info for info in archive.infolist()}
        self.lower = {name.lower(): name for name in self.members}
        self._check_sizes()
        self.budget = MAX_INFLATED_BYTES
        root = _relationships(self, "_rels/.rels", "")
        workbook_path = next(
            (target for kind, target in root.values() if kind.endswith("/officeDocument")), "xl/workbook.xml"
        )
        if self._member(workbook_path) is None:
            raise _not_a_workbook("no xl/workbook.xml")
        rels = _relationships(
            self,
            posixpath.join(posixpath.dirname(workbook_path), "_rels", posixpath.basename(workbook_path) + ".rels"),
            posixpath.dirname(workbook_path),
        )
        book = ElementTree.fromstring(self._small(workbook_path))
        ns = book.tag[: book.tag.index("}") + 1] if book.tag.startswith("{") else ""
        self.sheets: list[tuple[str, str, str]] = []  # (name, state, part path)
        for entry in book.iter(f"{ns}sheet"):
            rid = entry.get(f"{{{_REL_NS}}}id") or entry.get(f"{{{_STRICT_REL_NS}}}id") or ""
            self.sheets.append((entry.get("name", ""), entry.get("state", "visible"), rels.get(rid, ("", ""))[1]))
        view = book.find(f"{ns}bookViews/{ns}workbookView")
        self.active = int(view.get("activeTab", "0")) if view is not None else 0
        properties = book.find(f"{ns}workbookPr")
        self.date1904 = properties is not None and properties.get("date1904", "0").lower() in ("1", "true")
        targets = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.values()}
        self.strings_path = targets.get("sharedStrings")
        self._strings: list[str | None] | None = None  # read when the streaming reader first needs them
        self.date_styles, self.timedelta_styles, self.percent_styles = self._styles(targets.get("styles"))
        self.format_styles = self.date_styles | self.percent_styles

    # The zip: sizes from the central directory first, then counted while inflating.

    def _check_sizes(self) -> None:
        total = 0
        for info in self.members.values():
            total += info.file_size
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _too_big("xlsx_ratio", member=info.filename, ratio=info.file_size // max(info.compress_size, 1))
        if total > MAX_INFLATED_BYTES:
            raise _too_big("xlsx_total", size=total / 1024**2, limit=MAX_INFLATED_BYTES // 1024**2)

    def _member(self, path: str) -> zipfile.ZipInfo | None:
        path = path.lstrip("/")
        return self.members.get(path) or self.members.get(self.lower.get(path.lower(), ""))

    def _chunks(self, path: str) -> Iterator[bytes]:
        info = self._member(path)
        if info is None:
            raise _damaged(f"{path} is missing")
        with self.archive.open(info) as member:
            while chunk := member.read(CHUNK):
                self.budget -= len(chunk)
                if self.budget < 0:
                    raise _too_big("xlsx_more_than_mb", limit=MAX_INFLATED_BYTES // 1024**2)
                yield chunk

    def _small(self, path: str) -> bytes:
        info = self._member(path)
        if info is not None and info.file_size > MAX_SMALL_PART:
            raise _too_big("xlsx_part", member=path, size=info.file_size / 1024**2)
        return b"".join(self._chunks(path))

    def _events(self, path: str) -> Iterator[tuple[str, ElementTree.Element]]:
        """(event, element) as the part is inflated; raises _Stuck on a text too long to be a cell."""
        parser = ElementTree.XMLPullParser(("start", "end"))
        quiet = 0
        for chunk in self._chunks(path):
            parser.feed(chunk)
            quiet += len(chunk)
            for event in parser.read_events():
                quiet = 0
                yield event
            if quiet > STUCK_BYTES:
                raise _Stuck
        parser.close()
        yield from parser.read_events()

    # Shared strings and number formats: what the cells point at.

    @property
    def strings(self) -> list[str | None]:
        if self._strings is None:
            self._strings = self._shared_strings(self.strings_path)
        return self._strings

    def _shared_strings(self, path: str | None) -> list[str | None]:
        """Each shared string; None for one longer than MAX_CELL_CHARS (refused when a cell uses it)."""
        strings: list[str | None] = []
        if path is None or self._member(path) is None:
            return strings
        if self._member(path).file_size <= MAX_SMALL_PART:
            budget = self.budget
            simple = _simple_strings(self._small(path))
            if simple is not None:
                return simple
            self.budget = budget  # inflated again, and counted, as it is parsed
        parent = None
        try:
            for event, elem in self._events(path):
                tag = elem.tag.rpartition("}")[2]
                if event == "start":
                    if tag == "sst":
                        parent = elem
                    continue
                if tag == "si":
                    text = "".join(_rich_text(elem)).replace("x005F_", "")
                    strings.append(text if len(text) <= MAX_CELL_CHARS else None)
                    if len(strings) > MAX_SHARED_STRINGS:
                        raise _too_big("xlsx_strings", limit=MAX_SHARED_STRINGS)
                    if parent is not None:
                        parent.remove(elem)
        except _Stuck:
            raise _cell_too_long(None, None, None) from None
        return strings

    def _styles(self, path: str | None) -> tuple[set[str], set[str], set[str]]:
        """The cell styles showing a date, a duration and a percent (indexes into cellXfs, as a cell's s="...")."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        dates: set[str] = set()
        durations: set[str] = set()
        percents: set[str] = set()
        if path is None or self._member(path) is None:
            return dates, durations, percents
        root = ElementTree.fromstring(self._small(path))
        ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
        custom = {int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in root.iter(f"{ns}numFmt")}
        xfs = root.find(f"{ns}cellXfs")
        for index, xf in enumerate(xfs if xfs is not None else ()):
            number = int(xf.get("numFmtId", "0"))
            code = custom.get(number, BUILTIN_FORMATS.get(number, "General"))
            if is_date_format(code):
                dates.add(str(index))
                if is_timedelta_format(code):
                    durations.add(str(index))
            if "%" in code:
                percents.add(str(index))
        return dates, durations, percents

    # Sheets.

    def table(self, sheet: str | None) -> Table:
        """The Table of the sheet, each sheet read from its bytes where tracker.xlsx_bytes can, else by calamine
        where tracker.xlsx_calamine finds it can be, else streamed by ``records``."""
        from tracker.xlsx_bytes import byte_records
        from tracker.xlsx_calamine import calamine_records

        names = [name for name, _, _ in self.sheets]
        if not self.sheets:
            raise ReadError("no_sheet")
        if sheet is not None:
            if sheet not in names:
                raise ReadError("no_sheet", "no_sheet_named", sheet=sheet, names=tuple(names))
            candidates = [names.index(sheet)]
        else:
            visible = [i for i, (_, state, _) in enumerate(self.sheets) if state not in _HIDDEN] or [0]
            first = self.active if self.active in visible else visible[0]
            candidates = [first] + [i for i in visible if i != first]
        warnings: list[ReadWarning] = []
        for index in candidates:
            name = names[index]
            fast = None
            if self.data:  # the bytes read first, calamine where they step aside, else streamed
                fast = byte_records(self, index)
                if fast is None:
                    fast = calamine_records(self, index, self.data)
            head = fast[:HEADER_SEARCH_ROWS] if fast is not None else self.records(index, until_row=HEADER_SEARCH_ROWS)
            if _find_header(head) is None and index != candidates[-1]:
                continue
            if index != candidates[0]:
                warnings.append(
                    ReadWarning(
                        "other_sheet", None, Text("other_sheet", {"first": names[candidates[0]], "sheet": name})
                    )
                )
            later = [
                names[i]
                for i in candidates[candidates.index(index) + 1 :]
                if names[i] not in GUIDE_SHEETS and self.holds_data(i)
            ]
            if later:
                warnings.append(
                    ReadWarning(
                        "unread_sheets",
                        None,
                        Text(
                            "unread_sheets",
                            {"sheet": name, "later": tuple(Text("quoted_sheet", {"sheet": s}) for s in later)},
                        ),
                    )
                )
            return _build_table(self.records(index) if fast is None else fast, sheet=name, warnings=warnings)
        raise ReadError("no_sheet")

    def holds_data(self, index: int) -> bool:
        return any(any(cell.strip() for cell in row) for row in self.records(index, first_data=True))

    def records(self, index: int, until_row: int | None = None, first_data: bool = False) -> list[tuple[str, ...]]:
        """The sheet's rows as text cells, one tuple per spreadsheet row from row 1 (blank rows empty); stops past
        ``until_row``, or at the first row holding something when ``first_data``.

        Each row is read when its end tag arrives and then taken out of the tree, so memory holds one row of XML;
        a row may hold at most MAX_ROW_PARTS elements before it ends. Rows are tuples, which the garbage collector
        stops tracking (lists of a million rows made reading a 200,000-row sheet twice as slow)."""
        name, _, path = self.sheets[index]
        records: list[tuple[str, ...]] = []
        ns = row_tag = cell_tag = data_tag = sheet_data = None
        row_number = 0
        kept = 0
        pending = 0  # elements since the last row ended
        columns: dict[str, int] = {}  # "AB" -> 28, worked out once per sheet
        parser = ElementTree.XMLPullParser(("start", "end"))
        quiet = 0
        for chunk in self._chunks(path):
            parser.feed(chunk)
            quiet += len(chunk)
            for event, elem in parser.read_events():
                quiet = 0
                tag = elem.tag
                if event == "start":
                    if tag == data_tag:
                        sheet_data = elem
                    elif ns is None:  # the root, <worksheet>: its namespace is the cells'
                        ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
                        row_tag, cell_tag, data_tag = f"{ns}row", f"{ns}c", f"{ns}sheetData"
                    continue
                if tag != row_tag:
                    pending += 1
                    if pending > MAX_ROW_PARTS:
                        raise _too_many_columns(name, f"{column_letters(MAX_COLUMNS + 1)}{row_number + 1}")
                    if tag == data_tag:
                        return records  # what follows the cells (merged ranges, page setup) is not read
                    continue
                pending = 0
                written = elem.get("r")
                number = int(written) if written else row_number + 1
                if number <= row_number:
                    raise _damaged(f"{name}: row {number} after row {row_number}")
                if until_row is not None and number > until_row:
                    return records
                if number > MAX_ROWS:
                    raise _too_many_rows(name, number)
                if number > row_number + 1:
                    records.extend([_EMPTY] * (number - row_number - 1))
                row_number = number
                cells: list[str] = []
                column = 0
                for cell in elem:
                    if cell.tag != cell_tag:
                        continue
                    ref = cell.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        column = columns.get(letters) or columns.setdefault(letters, _column_of(letters))
                    else:
                        column += 1
                    text = self._cell(cell, ns, name, ref or f"{column_letters(column)}{number}")
                    if text:
                        if column > MAX_COLUMNS:
                            raise _too_many_columns(name, ref or f"{column_letters(column)}{number}")
                        if column > len(cells):
                            if column - 1 > len(cells):
                                cells.extend([""] * (column - 1 - len(cells)))
                            cells.append(text)
                        else:
                            cells[column - 1] = text
                if sheet_data is not None:
                    sheet_data.remove(elem)
                else:
                    elem.clear()
                kept += len(cells)
                if kept > MAX_CELLS:
                    raise _too_big("xlsx_cells", limit=MAX_CELLS)
                records.append(tuple(cells) if cells else _EMPTY)  # a tuple of texts: not tracked by gc
                if first_data and cells:
                    return records
            if quiet > STUCK_BYTES:
                raise _cell_too_long(name, None, None, row=row_number + 1)
        parser.close()
        return records

    def _cell(self, elem: ElementTree.Element, ns: str, sheet: str, ref: str) -> str:
        """One cell as Excel shows it ("" when empty)."""
        kind = elem.get("t")
        if kind == "inlineStr":
            found = elem.find(f"{ns}is")
            text = "".join(_rich_text(found)) if found is not None else ""
        else:
            found = elem.find(f"{ns}v")
            if found is None or found.text is None:
                return ""
            text = found.text
            if kind is None or kind == "n":
                style = elem.get("s")
                if style in self.format_styles:
                    text = self._number(text, style)
                elif not text.isdigit() or (text[0] == "0" and len(text) > 1):  # "12" stays as written
                    text = self._number(text, style)
            elif kind == "s":
                number = int(text)
                if not 0 <= number < len(self.strings):
                    raise _damaged(f"{sheet}!{ref}: shared string {number} of {len(self.strings)}")
                text = self.strings[number]
                if text is None:
                    raise _cell_too_long(sheet, ref, None)
            elif kind == "b":
                text = "TRUE" if text.strip() in ("1", "true") else "FALSE"
            elif kind == "d":
                try:
                    text = dt.datetime.fromisoformat(text.strip()).strftime("%Y-%m-%d")
                except ValueError:
                    pass
        if len(text) > MAX_CELL_CHARS:
            raise _cell_too_long(sheet, ref, len(text))
        return text

    def _number(self, written: str, style: str | None) -> str:
        """A number cell (its <v> as written, its style index) as Excel shows it."""
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        try:
            value: float | int = float(written) if "." in written or "e" in written or "E" in written else int(written)
        except ValueError:
            return written
        if style in self.date_styles:
            try:
                return _cell_text(
                    from_excel(
                        value,
                        CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900,
                        timedelta=style in self.timedelta_styles,
                    ),
                    "",
                )
            except (OverflowError, ValueError):
                return "#VALUE!"
        return _cell_text(value, "%" if type(value) is float and style in self.percent_styles else "")


def _simple_strings(part: bytes) -> list[str | None] | None:
    """The shared strings of a part where each is one plain <t> (as Excel writes most), read from its bytes as
    ``_Workbook._shared_strings`` parses them; None for any other part (rich text, phonetic runs, a text past the cap,
    what the XML parser would read otherwise), which is parsed."""
    declared = _DECLARATION.match(part)
    if declared and declared.group(1) and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return None
    body = (part[declared.end() :] if declared else part).lstrip()
    if not body.startswith(b"<sst ") or b"\r" in body or b"<!" in body or b"<?" in body:
        return None
    found = _SIMPLE_STRING.findall(body)
    if len(found) != body.count(b"<si") or len(found) > MAX_SHARED_STRINGS:
        return None
    if _NOT_XML.search(body):
        return None
    try:  # every text decoded in one go (no text holds a NUL: XML forbids it)
        strings: list[str | None] = b"\x00".join(found).decode().split("\x00") if found else []
    except UnicodeDecodeError:
        return None
    if b"&" in body:
        for at, written in enumerate(found):
            if b"&" in written:
                try:
                    strings[at] = ElementTree.fromstring(b"<t>" + written + b"</t>").text or ""
                except ElementTree.ParseError:
                    return None
    if len(body) > MAX_CELL_CHARS and max(map(len, strings), default=0) > MAX_CELL_CHARS:
        return None
    if b"x005F_" in body:
        strings = [text.replace("x005F_", "") for text in strings]
    return strings


_DECLARATION = re.compile(rb'<\?xml[^>]*?(?:encoding="([^"]*)"[^>]*)?\?>')
_SIMPLE_STRING = re.compile(rb'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>|<si><t/></si>|<si/>')
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")  # characters XML forbids: damaged


def _rich_text(elem: ElementTree.Element) -> Iterator[str]:
    """The texts of a shared or inline string: its <t>, or the <t> of each run; not the phonetic <rPh> runs."""
    for child in elem:
        tag = child.tag.rpartition("}")[2]
        if tag == "t":
            yield child.text or ""
        elif tag == "r":
            for part in child:
                if part.tag.rpartition("}")[2] == "t":
                    yield part.text or ""


def _relationships(book: _Workbook, path: str, base: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, the target's path in the zip)."""
    if book._member(path) is None:
        return {}
    found = {}
    for rel in ElementTree.fromstring(book._small(path)).iter():
        if rel.tag.rpartition("}")[2] == "Relationship" and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            found[rel.get("Id", "")] = (rel.get("Type", ""), target)
    return found


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


def _where(sheet: str | None, ref: str | None, row: int | None = None) -> Text:
    """Where a cell is: 工作表“数据”的单元格 D2（第 2 行，D 列）."""
    if ref is None:
        if sheet is None:
            return Text("where_workbook")
        if row is not None:
            return Text("where_sheet_row", {"sheet": sheet, "row": row})
        return Text("where_sheet", {"sheet": sheet})
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    letters = ref[: len(ref) - len(row)]
    return Text("where_cell", {"sheet": sheet, "ref": ref, "row": row, "letters": letters})


def _cell_too_long(sheet: str | None, ref: str | None, length: int | None, row: int | None = None) -> ReadError:
    """``length``: the cell's characters where known (None: a text cut off past the cap)."""
    has = Text("cell_has_length", {"length": length}) if length is not None else Text("cell_has_text")
    return ReadError("cell_too_long", where=_where(sheet, ref, row), has=has, limit=MAX_CELL_CHARS)


def _too_many_columns(sheet: str, ref: str) -> ReadError:
    return ReadError(
        "too_many_columns", where=_where(sheet, ref), limit=MAX_COLUMNS, letters=column_letters(MAX_COLUMNS)
    )


def _too_many_rows(sheet: str, row: int) -> ReadError:
    return ReadError("too_many_rows", sheet=sheet, row=row, limit=MAX_ROWS)
