"""Reading uploads: a CSV or XLSX file as people actually save it, turned into a table of text cells.

Chinese Excel saves CSV in GBK, or UTF-16 "Unicode text" (tab-separated); offices put a title row above the header
and write the header in Chinese. ``read_table`` accepts all of that, and says plainly what it cannot read.
"""

from __future__ import annotations

import collections
import csv
import ctypes
import io
import queue
import re
import threading
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tracker.i18n import Text, Worded

ROLES = (
    "indicator",
    "period",
    "value",
    "note",
    "source",
    "unit",
    "note_zh",
    "note_en",
    "source_zh",
    "source_en",
    "qualifier",
    "flags",
    "growth",
)
REQUIRED = ("indicator", "period", "value")

# Accepted header names per role, compared after NFKC, trimming and lower-casing (spaces and - count as _).
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "indicator": (
        "indicator_id",
        "指标编号",
        "指标代码",
        "指标id",
        "id",
        "indicator",
        "指标",
        "指标名称",
        "indicator_name",
    ),
    "period": ("period", "时期", "年份", "期间", "时间", "统计时期", "报告期", "year"),
    "value": ("value", "数值", "数据", "值", "指标值", "本期值", "amount"),
    "note": ("note", "notes", "备注", "说明", "comment"),
    "source": ("source", "来源", "数据来源"),
    "unit": ("unit", "单位", "计量单位"),
    # A note or source in one language (issue 10); ``note``/``source`` go by the language they are written in.
    "note_zh": ("note_zh", "中文备注", "备注_中文"),
    "note_en": ("note_en", "英文备注", "备注_英文"),
    "source_zh": ("source_zh", "中文来源", "来源_中文"),
    "source_en": ("source_en", "英文来源", "来源_英文"),
    # What a figure means beside its number (issue 11): exact/at_least/about; a comma list of flags; the reported
    # real year-on-year growth in percent ("7.8" or "7.8%").
    "qualifier": ("qualifier", "限定词", "限定"),
    "flags": ("flags", "标记", "标志"),
    "growth": ("growth", "growth_pct", "同比增长%", "同比增长", "同比增长(%)", "增速"),
}
# Columns a template or a bureau table carries for people to read; ignored without a warning.
QUIET_COLUMNS = frozenset(
    {
        "name_zh",
        "name_en",
        "中文名称",
        "英文名称",
        "名称",
        "序号",
        "no",
        "no.",
        "#",
        "pillar",
        "领域",
        "latest_period",
        "latest_value",
        "最新时期",
        "最新数值",
        "上期数值",
        "measure",
        "confidence",  # written by `python -m tracker export`; an upload's figures are "uploaded"
        "可信度",
    }
)
HEADER_SEARCH_ROWS = 30  # title rows above the header are looked for this far down
MAX_LINE = 1 << 20  # 1 MiB: a longer line is refused before any parsing (splitting it costs seconds); a cell is
# refused past csv.reader's field size limit, 128 KB
DELIMITERS = (",", "\t", ";")
# A GBK file of this many bytes or more has its rows under the header converted to UTF-8 by iconv on a second
# thread while pandas parses them (_piped_gbk); its first HEAD_BYTES (whole lines) are decoded by Python's codec.
PIPED_BYTES = 2 << 20
HEAD_BYTES = 1 << 20

_ROLE_OF = {name: role for role, names in HEADER_NAMES.items() for name in names}
_RANK = {name: rank for names in HEADER_NAMES.values() for rank, name in enumerate(names)}
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 0x20 and b not in (0x09, 0x0A, 0x0D) or b == 0x7F))
_UNIT_IN_HEADER = re.compile(r"^(.*?)[(\[](.*)[)\]]$")  # 数值(亿元), value [万元]


class ReadError(Worded, ValueError):
    """A file that cannot be read as a table at all: ``code`` says what kind, ``message(lang)`` what to do (the text
    ``key`` of tracker.i18n, the code itself unless given, with ``params``)."""

    def __init__(self, code: str, key: str | None = None, **params: object):
        self.code, self.text = code, Text(key or code, params)
        super().__init__(self.message("en"))


@dataclass(frozen=True)
class ReadWarning(Worded):
    """Something the reader did that the user should know about (an ignored column, another sheet used)."""

    code: str
    column: str | None
    text: Text


@dataclass(frozen=True)
class RowError(Worded):
    """A row the reader refuses (more cells than the header, a quote that never closes): ``row`` is its spreadsheet
    row number. The check reports it as a problem of that row."""

    row: int
    code: str
    text: Text


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
    refused: list[RowError] = field(default_factory=list)  # rows read but refused (see RowError)
    records: int = 0  # how many records the file has under the header, blank ones included


_NOT_SPACE = re.compile(rb"[^ \t\n\r\x0b\x0c]")  # what bytes.strip() keeps


def read_table(filename: str, data: bytes, sheet: str | None = None) -> Table:
    """Read an uploaded CSV or XLSX (told apart by content, not only by name) into a Table; raise ReadError."""
    if not _NOT_SPACE.search(data):  # not data.strip(): that copies the whole file
        raise ReadError("empty_file")
    kind = _sniff_kind(filename, data)
    if kind == "xlsx":
        from tracker.xlsx import read_xlsx  # here: tracker.xlsx builds on this module

        return read_xlsx(data, sheet)
    _check_line_lengths(data)
    piped = _piped_gbk(data)
    if piped is not None:
        return piped
    decoded = list(_decode_as(data))
    return _read_csv(decoded, data)


def _piped_gbk(data: bytes) -> Table | None:
    """A big GBK file read without decoding it whole: its first lines decoded by Python's codec (the header, title
    rows and delimiter are found in them, and the checks _decode_as makes of a GBK text), the rows under the header
    converted to UTF-8 by the C library's iconv on a thread of its own while pandas parses them (_GbkPipe). Python's
    GBK codec holds the GIL (1M rows: decoding 0.13 s, then encoding for the parser 0.03 s, before parsing 0.1 s);
    iconv lets go of it, so the conversion and the parsing overlap. None where this is not sure to give what
    _decode_as and _read_csv give: a small file, a byte-order mark, the byte 0x80 (the one byte iconv reads
    differently: as the euro sign, which Python's codec refuses), a head that reads as UTF-8 or not as GBK, anything
    the checks would refuse, no iconv, or a byte sequence iconv cannot read; the caller then reads it that way."""
    if len(data) < PIPED_BYTES or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\x80" in data:
        return None
    iconv = _iconv()
    cut = data.rfind(b"\n", 0, HEAD_BYTES) + 1  # whole lines: a line break is never part of a GBK pair
    if iconv is None or cut <= 0:
        return None
    head_bytes = data[:cut]
    try:
        head_bytes.decode("utf-8")
        return None  # UTF-8 so far: a UTF-8 file, or a mixed one _decode_as names
    except UnicodeDecodeError as err:
        if _mostly_utf8(head_bytes[: err.start]):
            return None
    try:
        head = head_bytes.decode("gbk")
    except UnicodeDecodeError:
        return None
    if len(head) < PLAUSIBLE_SAMPLE:  # a long first line: the checks below would look at less than _decode_as
        return None
    if data.translate(None, _NOT_CONTROL) or _implausible_chinese(head):  # _decode_as refuses these, naming why
        return None
    start = re.match(r"[\ufeff \r\n\t]*", head).end()
    if head[start : start + 9].lower().startswith(("<html", "<!doctype", "<?xml", "<table")):
        return None
    return _read_csv([head.lstrip("\ufeff"), "gb18030"], data, iconv)


def _iconv() -> ctypes.CDLL | None:
    """The C library's iconv (in the process already on Linux), typed for _GbkPipe; None where there is none."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.iconv_open.restype = ctypes.c_void_p
        libc.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        libc.iconv.restype = ctypes.c_size_t
        pointer, size = ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t)
        libc.iconv.argtypes = [ctypes.c_void_p, pointer, size, pointer, size]
        libc.iconv_close.argtypes = [ctypes.c_void_p]
    except (OSError, AttributeError):
        return None
    return libc


class _GbkPipe:
    """``data[start:]``, GBK, as a binary file of UTF-8 for pandas' parser: iconv converts it a piece at a time on a
    thread of its own, a few pieces ahead of the parser, never a whole copy. iconv reads every GBK byte sequence as
    Python's codec does, but for the lone byte 0x80 (kept away by _piped_gbk). Where it meets a sequence it cannot
    read (a GB18030 four-byte one, a damaged pair, a pair cut by the end of the file) the stream ends there and
    ``failed`` is set: what was parsed is not the file, and the caller reads the file the exact way."""

    PIECE = 1 << 20  # bytes of GBK per conversion

    def __init__(self, iconv: ctypes.CDLL, data: bytes, start: int):
        self.failed = False
        self._pieces: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._stop = threading.Event()
        self._pending, self._at = b"", 0  # the piece being read, and how far
        self._ended = False
        self._thread = threading.Thread(
            target=self._convert, args=(iconv, data, start), name="GBK to UTF-8", daemon=True
        )
        self._thread.start()

    def _convert(self, iconv: ctypes.CDLL, data: bytes, start: int) -> None:
        try:
            if not self._convert_all(iconv, data, start):
                self.failed = True
        except Exception:  # noqa: BLE001 - whatever went wrong, the exact path reads the file
            self.failed = True
        finally:
            self._put(None)

    def _convert_all(self, iconv: ctypes.CDLL, data: bytes, start: int) -> bool:
        handle = iconv.iconv_open(b"UTF-8", b"GBK")
        if handle is None or handle == ctypes.c_void_p(-1).value:
            return False
        try:
            base = ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p).value
            out = ctypes.create_string_buffer(2 * self.PIECE + 16)  # a GBK byte becomes at most 1.5 bytes
            at = start
            while at < len(data):
                if self._stop.is_set():
                    return True
                size = min(self.PIECE, len(data) - at)
                source, left = ctypes.c_char_p(base + at), ctypes.c_size_t(size)
                target, room = ctypes.cast(out, ctypes.c_char_p), ctypes.c_size_t(len(out))
                result = iconv.iconv(
                    handle, ctypes.byref(source), ctypes.byref(left), ctypes.byref(target), ctypes.byref(room)
                )
                used = size - left.value
                if result == ctypes.c_size_t(-1).value:
                    error = ctypes.get_errno()
                    # EINVAL: a pair cut by the end of the piece, read with the next one (not by the file's end)
                    if error != 22 or used == 0 or at + size >= len(data):
                        return False
                elif result != 0:  # a conversion iconv calls irreversible: not what Python's codec gives
                    return False
                self._put(ctypes.string_at(out, len(out) - room.value))
                at += used
            return True
        finally:
            iconv.iconv_close(handle)

    def _put(self, piece: bytes | None) -> None:
        while not self._stop.is_set():
            try:
                self._pieces.put(piece, timeout=0.1)
                return
            except queue.Full:
                continue

    def read(self, size: int = -1) -> bytes:
        while self._at >= len(self._pending) and not self._ended:
            piece = self._pieces.get()
            if piece is None:
                self._ended = True
            else:
                self._pending, self._at = piece, 0
        end = len(self._pending) if size is None or size < 0 else min(len(self._pending), self._at + size)
        out = self._pending[self._at : end]  # only what is read is copied (a whole piece is not copied at all)
        self._at = end
        return out

    def close(self) -> None:
        """Stop the conversion (the parser may give up early) and wait for its thread."""
        self._stop.set()
        self._thread.join()


def _after_line_breaks(data: bytes, count: int) -> int:
    """The position in ``data`` just after its ``count``-th CR or LF byte (GBK bytes: each is that character)."""
    for number, match in enumerate(re.finditer(rb"[\r\n]", data), start=1):
        if number == count:
            return match.end()
    return len(data)


_BREAK = re.compile(rb"[\r\n]")


def _check_line_lengths(data: bytes) -> None:
    """Refuse a line longer than MAX_LINE bytes, naming it, before decoding or splitting it into cells."""
    if len(data) <= MAX_LINE:
        return
    # A line longer than MAX_LINE is MAX_LINE + 1 bytes without a line break, so it covers a whole window of
    # ``half`` bytes starting at a multiple of ``half``: a break in every such window shows that every line is short
    # (a search per window, stopping at its first break; a scan of every byte took 0.2 s for 1M rows). A window
    # without one is looked at byte by byte, below.
    half = (MAX_LINE + 1) // 2
    if all(_BREAK.search(data, start, start + half) for start in range(0, len(data) - half + 1, half)):
        return
    raw = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero((raw == 0x0A) | (raw == 0x0D))
    ends = np.concatenate(([-1], breaks, [len(raw)]))
    lengths = np.diff(ends) - 1
    longest = int(np.argmax(lengths))
    if lengths[longest] <= MAX_LINE:
        return
    line = int(np.count_nonzero(raw[: ends[longest] + 1] == 0x0A)) + 1 if longest else 1
    size = f"{lengths[longest] / 1e6:.1f} MB"
    raise ReadError("line_too_long", line=line, size=size)


def _sniff_kind(filename: str, data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("old_excel")
    if data.startswith(b"%PDF"):
        raise ReadError("pdf")
    return "csv"


def _not_text(line: int, why: Text) -> ReadError:
    """The file is not text in an encoding read here: ``why`` says what line ``line`` holds."""
    return ReadError("not_text", where=Text("not_text_where", {"line": line, "why": why}))


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Other encodings a file may come in, told apart by what their text holds: kana for Shift-JIS, CJK for Big5.
_OTHER_ENCODINGS = (
    ("shift_jis", "Shift-JIS", re.compile(r"[\u3040-\u30ff]")),
    ("big5", "Big5", re.compile(r"[\u4e00-\u9fff]")),
    ("cp1252", "Western (cp1252)", re.compile(r"[À-ÿ]")),
)
PLAUSIBLE_SAMPLE = 65536  # characters of a GBK/GB18030 text looked at to tell it from Big5 or Shift-JIS mojibake


def _other_encoding(data: bytes) -> ReadError | None:
    """The error for a file in Big5, Shift-JIS or cp1252 (None if it reads as none of them): decoded as GBK, such
    text is mojibake, so it is refused with the encoding it seems to be in."""
    sample = data[:PLAUSIBLE_SAMPLE]
    for encoding, name, shows in _OTHER_ENCODINGS:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError as err:
            if err.start < len(sample) - 4:  # not just a character cut by the sample's end
                continue
            text = sample[: err.start].decode(encoding)
        if shows.search(text):
            return ReadError("other_encoding", name=name)
    return None


def _implausible_chinese(text: str) -> bool:
    """True when GBK/GB18030 text is unlikely to be Chinese: private-use characters (what Big5 bytes often decode
    to), or many characters outside GB2312 (the 6,763 common ones) among its non-ASCII characters. A few rare
    characters (a name, 𠮷) are fine."""
    sample = text[:PLAUSIBLE_SAMPLE]
    if sample.isascii():
        return False
    if re.search("[\ue000-\uf8ff]", sample):
        return True
    wide = collections.Counter(re.findall(r"[^\x00-\x7f]", sample))  # each distinct character looked up once
    uncommon = sum(count for ch, count in wide.items() if not _in_gb2312(ch))
    return uncommon >= 4 and uncommon > 0.25 * wide.total()


def _in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _decode_as(data: bytes) -> tuple[str, str]:
    """The text of ``data`` in the first encoding that reads the whole file strictly (never a guess that produces
    mojibake), and that encoding. A file that reads in none of them is refused naming the first line
    that does not, or the encoding it seems to be in (UTF-16 without a byte-order mark, Big5, Shift-JIS, cp1252)."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "gb18030"]
    # Where each encoding failed, not the errors themselves: a UnicodeDecodeError holds a copy of the whole file,
    # and its traceback this frame, whose text (a decoded GBK file's, 70 MB for 1M rows) it would keep alive until
    # the garbage collector happens to run (1M rows: 110 MB more at the reading's peak).
    failed_at: list[int] = []
    for encoding in encodings:
        try:
            text = _decode_strictly(data, encoding)
            break
        except UnicodeDecodeError as err:
            failed_at.append(err.start)
        if encoding == "utf-8" and _mostly_utf8(data[: failed_at[-1]]):  # UTF-8 lines, then a line in GBK
            raise ReadError("mixed_encoding", line=_line_of(data, failed_at[-1])) from None
    else:
        raise _undecodable(data, failed_at[-1])
    # Binary files can decode as GB18030 by chance; a table has no control characters besides tab and newlines.
    # In UTF-8 and GB18030 those bytes only ever stand for themselves, so the bytes can be searched (much faster).
    if encoding != "utf-16" and data.translate(None, _NOT_CONTROL):
        raise _control_character(data, _CONTROL.search(data).start(), data)
    if encoding == "utf-16" and (found := _CONTROL_TEXT.search(text)):
        raise _control_character(text, found.start(), data)
    if encoding == "gb18030" and _implausible_chinese(text):
        raise _other_encoding(data) or ReadError("other_encoding", "not_chinese_gbk")
    start = re.match(r"[\ufeff \r\n\t]*", text).end()  # not text.lstrip(): that copies the whole text
    if text[start : start + 9].lower().startswith(("<html", "<!doctype", "<?xml", "<table")):
        raise ReadError("html")
    return text.lstrip("\ufeff"), encoding


def _mostly_utf8(prefix: bytes) -> bool:
    """True when ``prefix`` (valid UTF-8) holds enough multi-byte characters to show the file was UTF-8: GBK bytes
    only rarely form one by chance ("联通"), never a dozen."""
    return len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", prefix)) >= 12


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: mostly ASCII text, so every other byte is NUL."""
    sample = data[:4096]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.05 * len(even)) or (
        even.count(0) > 0.6 * len(even) and odd.count(0) < 0.05 * len(odd)
    )


def _undecodable(data: bytes, position: int) -> ReadError:
    """The error for a file no encoding reads: ``position`` is where the last one tried failed."""
    if _looks_utf16(data):
        return ReadError("not_text", "utf16_without_bom")
    return _other_encoding(data) or _not_text(_line_of(data, position), Text("not_text_unreadable"))


def _control_character(text: bytes | str, position: int, data: bytes) -> ReadError:
    if _looks_utf16(data):
        return _undecodable(data, 0)
    line = (text.count(b"\n" if isinstance(text, bytes) else "\n", 0, position)) + 1
    code = ord(text[position : position + 1])
    return _not_text(line, Text("not_text_control", {"code": code}))


def _decode_strictly(data: bytes, encoding: str) -> str:
    """``data.decode(encoding)``. GB18030 is tried as GBK first, Python's GBK codec being faster: every byte
    sequence GBK reads, GB18030 reads as the same characters (GB18030 only adds sequences), so where GBK reads the
    whole file the text is GB18030's."""
    if encoding == "gb18030":
        try:
            return data.decode("gbk")
        except UnicodeDecodeError:
            pass
    return data.decode(encoding)


def _read_csv(decoded: list[str], data: bytes, iconv: ctypes.CDLL | None = None) -> Table | None:
    """``decoded`` is [text, encoding] of ``data``, taken out of the list so the text can be let go early. With
    ``iconv`` (_piped_gbk), the text is the file's first lines only, and None says the exact path must read it."""
    text, encoding = decoded
    decoded.clear()
    head = "\n".join(_first_lines(text, HEADER_SEARCH_ROWS + 1))
    best: tuple[tuple[int, int], str, int | None] | None = None
    for delimiter in DELIMITERS:
        try:
            records = _csv_records(head, delimiter)
        except ReadError:  # this delimiter cannot read the first lines (a cell too long): try the others
            continue
        header_at = _find_header(records)
        found = (
            _roles_found(records[header_at])
            if header_at is not None
            else max((_roles_found(r) for r in records), default=0)
        )
        score = (int(header_at is not None), found, max((len(r) for r in records), default=0))
        if best is None or score > best[0]:
            best = (score, delimiter, header_at)
    delimiter = best[1] if best is not None else DELIMITERS[0]
    box = [text]
    del text
    fast = _fast_csv(box, encoding, data, delimiter, iconv)
    if isinstance(fast, Table):
        return _refuse_swallowed_rows(fast, delimiter)
    if fast is None:  # piped: the exact path reads the file
        return None
    return _refuse_swallowed_rows(_plain_csv(fast, delimiter), delimiter)  # the fast path could not keep it exact


def _plain_csv(text: str, delimiter: str) -> Table:
    """The plain twin of ``_fast_csv``: every record read by csv.reader, then built into a Table. Used where the fast
    path steps aside, and in tests/test_reading.py as the reference the fast path must agree with."""
    records = _csv_records(text, delimiter)
    return _build_table(
        records, sheet=None, warnings=[], strict=True, unclosed=_ends_in_open_quote(text, records, delimiter)
    )


def _refuse_swallowed_rows(table: Table, delimiter: str) -> Table:
    """Refuse the rows whose quoted cell holds what looks like further rows of the file: a line break, then a line
    with as many delimiters as the header has between its columns. A stray quote that closes rows later takes the
    rows between into one cell, silently. Each distinct text is looked at once."""
    width = max(len(table.headers), 2)
    refused = {r.row for r in table.refused}
    for role in ROLES:
        categories = table.frame[role].cat.categories
        if not len(categories):
            continue
        multiline = categories.str.contains("[\r\n]", regex=True)
        if not multiline.any():
            continue
        looks_like_rows = np.array(
            [
                multiline[i] and any(line.count(delimiter) >= width - 1 for line in re.split(r"\r\n|\r|\n", text)[1:])
                for i, text in enumerate(categories)
            ],
            dtype=bool,
        )
        if not looks_like_rows.any():
            continue
        for row in table.rows[looks_like_rows[table.frame[role].cat.codes.to_numpy()]]:
            if int(row) not in refused:
                refused.add(int(row))
                table.refused.append(
                    RowError(
                        int(row), "swallowed_rows", Text("swallowed_rows", {"row": row, "column": table.headers[role]})
                    )
                )
    table.refused.sort(key=lambda r: r.row)
    return table


def _first_lines(text: str, count: int) -> list[str]:
    """``text.splitlines()[:count]`` without splitting the whole text."""
    size = 65536
    while True:
        lines = text[:size].splitlines()
        if len(lines) > count or size >= len(text):
            return lines[:count]
        size *= 4


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # lines as csv.reader sees them (newline="")


def _fast_csv(
    box: list[str], encoding: str, data: bytes, delimiter: str, iconv: ctypes.CDLL | None = None
) -> Table | str | None:
    """The table read by pandas' C parser, or (when it cannot be sure to give what csv.reader gives) ``text``; with
    ``iconv``, the text is the first lines of a GBK file, the rows come through a _GbkPipe, and None stands for
    ``text`` (the caller reads the whole file the exact way).

    The header and the title rows above it are read with csv.reader as before; the rows under the header go to
    pandas.read_csv as UTF-8 bytes. Both count a quoted multi-line cell and a blank line as one record each, so the
    spreadsheet row numbers are the same; a row with more cells than the header makes pandas fail, and the caller
    reads the file the slow way.
    """
    text = box.pop()
    lines = _LINE.finditer(text)
    consumed = [0]

    def feed():
        for match in lines:
            consumed[0] = match.end()
            yield match.group()

    reader = csv.reader(feed(), delimiter=delimiter)
    head: list[list[str]] = []
    try:
        for record in reader:
            head.append(record)
            if len(head) == HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        return None if iconv is not None else text
    header_at = _find_header(head)
    if header_at is None or (iconv is not None and consumed[0] >= len(text)):  # the lines read may be cut short
        return None if iconv is not None else text
    # Where the rows under the header start: re-read up to the header, counting the characters csv.reader took.
    lines = _LINE.finditer(text)
    consumed[0] = 0
    reader = csv.reader(feed(), delimiter=delimiter)
    for _ in range(header_at + 1):
        next(reader)
    start = consumed[0]
    header = head[header_at]
    warnings: list[ReadWarning] = []
    roles, value_unit = _header_roles(header, warnings)
    if iconv is not None:  # the GBK bytes past the header, converted as the parser reads them
        line_breaks = text.count("\r", 0, start) + text.count("\n", 0, start)
        buffer = _GbkPipe(iconv, data, _after_line_breaks(data, line_breaks))

        def again() -> None:
            return None

    elif encoding.startswith("utf-8"):  # read the file's own bytes past any byte-order marks and the header
        buffer = io.BytesIO(data)
        buffer.seek(_utf8_bom_bytes(data) + len(text[:start].encode("utf-8")))

        def again() -> str:
            return data.decode("utf-8-sig").lstrip("\ufeff")

    else:  # a GBK file's text, given to the parser as UTF-8 a piece at a time: never a second whole copy of it
        buffer = _Utf8Pieces(text, start)

        def again(pieces: _Utf8Pieces = buffer) -> str:
            return pieces.text

    # The caller holds no other reference: a UTF-8 file's text goes now (the parser reads its bytes). The line
    # iterator and the reader's generator refer to the text too, and go with it.
    del text, reader
    lines = iter(())
    try:
        body = pd.read_csv(
            buffer,
            sep=delimiter,
            header=None,
            names=list(range(len(header))),
            # Every cell as its exact text, in Arrow strings: no type is guessed (nothing a number would lose, such
            # as "1.10" or "007"), and no Python string is made per cell (object columns: 0.2 s for 1M rows, this
            # 0.1 s; the distinct texts are found by Arrow's hash tables, off the GIL).
            dtype=pd.ArrowDtype(pa.string()),
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quotechar='"',
            doublequote=True,
            escapechar=None,
            comment=None,
            skipinitialspace=False,
        )
    except ValueError:  # pandas.errors.ParserError, EmptyDataError (no rows under the header)
        body = None
    finally:
        if isinstance(buffer, _GbkPipe):
            buffer.close()
    if isinstance(buffer, _GbkPipe) and buffer.failed:
        return None
    # A first row with more cells than the header becomes pandas' index: csv.reader's reading differs, so read slowly.
    if body is None or not isinstance(body.index, pd.RangeIndex):
        return again()
    # A cell under a column without a header would be lost: the slow path refuses its row, naming it.
    unnamed = [i for i, name in enumerate(header) if not name.strip()]
    if any(body[i].str.strip().ne("").any() for i in unnamed):
        return again()
    del buffer, again
    cells = {index: body[index].array for index in roles.values()}
    length = len(body)
    del body
    table = _table(header, header_at, roles, value_unit, cells, length, sheet=None, warnings=warnings)
    del cells
    # The cells were Arrow strings: Arrow's pool keeps what they held for its own next use, while what follows
    # allocates through malloc; handed back to the system now (1M rows: ~25 MB less at the import's peak).
    pa.default_memory_pool().release_unused()
    # csv.reader refuses a cell longer than its field size limit: so does the slow path, with its message.
    if any(
        len(table.frame[role].cat.categories)
        and table.frame[role].cat.categories.str.len().max() > csv.field_size_limit()
        for role in roles
    ):
        return None if iconv is not None else data.decode(encoding).lstrip("\ufeff")
    return table


class _Utf8Pieces:
    """``text[start:]`` as a binary file of UTF-8 for pandas' parser, encoded a piece at a time as it reads: a
    million-row GBK file's text (70 MB) is not copied whole into UTF-8 (47 MB, and its encoder's 105 MB at once)."""

    PIECE = 1 << 18  # characters

    def __init__(self, text: str, start: int):
        self.text, self.at = text, start

    def read(self, size: int = -1) -> bytes:
        count = self.PIECE if size is None or size < 0 else max(1, min(size // 3, self.PIECE))  # ≤ 3 bytes each
        piece = self.text[self.at : self.at + count]
        self.at += len(piece)
        return piece.encode("utf-8")


def _utf8_bom_bytes(data: bytes) -> int:
    """How many bytes of UTF-8 byte-order marks start ``data`` (decoding strips them all)."""
    count = 0
    while data.startswith(b"\xef\xbb\xbf", count):
        count += 3
    return count


def _csv_records(text: str, delimiter: str) -> list[list[str]]:
    records: list[list[str]] = []
    try:
        records.extend(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as err:
        row = len(records) + 1
        if "field limit" in str(err):
            raise ReadError("bad_csv", "csv_cell_too_long", row=row) from None
        raise ReadError("bad_csv", row=row, error=err) from None
    return records


def _ends_in_open_quote(text: str, records: list[list[str]], delimiter: str) -> bool:
    """True when the last record's last cell opens a quote that never closes: csv.reader then takes every line
    to the end of the file into that cell, silently. The cell is then the file's tail after the quote."""
    if not records or not records[-1]:
        return False
    cell = records[-1][-1]
    escaped = '"' + cell.replace('"', '""')
    if not text.endswith(escaped):
        return False
    before = len(text) - len(escaped) - 1  # the character before the opening quote starts the cell
    return before < 0 or text[before] in (delimiter, "\n", "\r", "\ufeff")


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
    shown = ", ".join(repr(s) for s in seen if s.strip()) or "(none)"
    return ReadError(
        "missing_columns",
        missing=tuple(Text(f"role_{m}") for m in missing),
        shown=shown,
        accepted=accepted_headers(),
    )


def _build_table(
    records: list[list[str]],
    sheet: str | None,
    warnings: list[ReadWarning],
    strict: bool = False,
    unclosed: bool = False,
) -> Table:
    """The Table of a file's records. ``strict`` (a CSV): a row with more cells than the header is refused, as is
    the last row when ``unclosed`` (its quote never closes)."""
    header_at = _find_header(records)
    if unclosed and (header_at is None or len(records) <= header_at + 1):
        row = len(records)
        raise ReadError("unclosed_quote", row=row)
    if header_at is None:
        nonempty = [r for r in records[:HEADER_SEARCH_ROWS] if any(c.strip() for c in r)]
        lower = next(
            (
                i
                for i, r in enumerate(records[HEADER_SEARCH_ROWS : HEADER_SEARCH_ROWS + 10_000])
                if _find_header([r]) is not None
            ),
            None,
        )  # looked for only to say where it is
        if lower is not None:
            row = HEADER_SEARCH_ROWS + lower + 1
            raise ReadError("header_too_low", row=row, rows=HEADER_SEARCH_ROWS)
        if not nonempty:
            raise ReadError("empty_file", "no_data")
        seen = max(nonempty, key=_roles_found)
        found = {_ROLE_OF.get(header_key(c)[0]) for c in seen}
        raise _missing_columns([r for r in REQUIRED if r not in found], seen)
    header = records[header_at]
    columns, value_unit = _header_roles(header, warnings)
    column_of = getattr(records, "column", None)  # rows kept as columns (tracker.xlsx_bytes): none transposed
    body = records[header_at + 1 :] if column_of is None or strict else []
    if column_of is not None:
        cells = {index: column_of(index, header_at + 1) for index in columns.values()}
    else:
        cells = {index: _column(body, index) for index in columns.values()}
    table = _table(header, header_at, columns, value_unit, cells, len(records) - header_at - 1, sheet, warnings)
    if strict:  # no cell is lost: a row longer than the header, or a cell under no header, is refused
        width = len(header)
        unnamed = [i for i, name in enumerate(header) if not name.strip()]
        table.refused.extend(
            _too_many_cells(header_at + 2 + i, len(r), width)
            if len(r) > width
            else _cell_without_header(header_at + 2 + i, next(j for j in unnamed if j < len(r) and r[j].strip()), r)
            for i, r in enumerate(body)
            if len(r) > width or any(j < len(r) and r[j].strip() for j in unnamed)
        )
    if unclosed:
        row = len(records)
        table.refused.append(RowError(row, "unclosed_quote", Text("unclosed_quote_row", {"row": row})))
    return table


def _cell_without_header(row: int, column: int, record: list[str]) -> RowError:
    letter = _column_letter(column)
    shown = record[column].strip()[:40]
    return RowError(
        row, "cell_without_header", Text("cell_without_header", {"row": row, "letter": letter, "shown": shown})
    )


def _column_letter(index: int) -> str:
    """A column as a spreadsheet names it: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _too_many_cells(row: int, cells: int, width: int) -> RowError:
    return RowError(row, "too_many_cells", Text("too_many_cells", {"row": row, "cells": cells, "width": width}))


def _header_roles(header: list[str], warnings: list[ReadWarning]) -> tuple[dict[str, int], str]:
    """Which column holds each role (role -> index) and the unit named in the value header; warns about the
    columns it ignores and raises ReadError when a required role has no column."""
    columns: dict[str, int] = {}
    value_unit = ""
    for index, cell in enumerate(header):
        key, unit = header_key(cell)
        role = _ROLE_OF.get(key)
        written = cell.strip()
        if role is None:
            if written and key not in QUIET_COLUMNS:
                warnings.append(ReadWarning("unknown_column", written, Text("unknown_column", {"column": written})))
            continue
        if role in columns:
            if _RANK[key] < _RANK[header_key(header[columns[role]])[0]]:
                columns[role], index = index, columns[role]  # an id column wins over a name column
            dropped = header[index].strip()
            if role != "indicator":  # an id column and a name column side by side is normal
                warnings.append(
                    ReadWarning(
                        "duplicate_column",
                        dropped,
                        Text("duplicate_column", {"column": dropped, "kept": header[columns[role]].strip()}),
                    )
                )
            continue
        columns[role] = index
        if role == "value":
            value_unit = unit
    missing = [r for r in REQUIRED if r not in columns]
    if missing:
        raise _missing_columns(missing, header)
    return columns, value_unit


def _table(
    header: list[str],
    header_at: int,
    columns: dict[str, int],
    value_unit: str,
    cells: dict[int, Sequence[str]],
    length: int,
    sheet: str | None,
    warnings: list[ReadWarning],
) -> Table:
    """The Table of the body's cells (column index -> the cells under the header, one per record).

    Each column is categorical: every distinct text is kept once, which is what the checks work on."""
    frame: dict[str, pd.Categorical] = {}
    nonblank = np.zeros(length, dtype=bool)
    present = [role for role in ROLES if role in columns]
    factorized = dict(zip(present, _factorize_columns([cells[columns[role]] for role in present]), strict=True))
    for role in ROLES:
        if role in columns:
            codes, uniques = factorized.pop(role)
            categories = pd.Index(uniques, dtype=str) if len(uniques) else pd.Index([""], dtype=str)
            if role != "unit":
                written = np.asarray(categories.str.strip() != "", dtype=bool)
                nonblank |= written[codes]
            frame[role] = pd.Categorical.from_codes(codes, categories=categories)
        else:
            frame[role] = pd.Categorical.from_codes(
                np.zeros(length, dtype=np.int8), categories=pd.Index([""], dtype=str)
            )
    rows = np.arange(header_at + 2, header_at + 2 + length)
    table = pd.DataFrame(frame)
    if not nonblank.all():  # (no copy of every column when no record is blank)
        table = table[nonblank].reset_index(drop=True)
    return Table(
        frame=table,
        rows=rows[nonblank],
        header_row=header_at + 1,
        headers={role: header[i].strip() for role, i in columns.items()},
        value_unit=value_unit,
        sheet=sheet,
        warnings=warnings,
        records=length,
    )


PARALLEL_ROWS = 200_000  # from this many rows the columns are factorized on two threads


def _factorize_columns(columns: list[Sequence[str]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """_factorize_texts of each column. A big table's columns are factorized on two threads: pandas' and Arrow's
    hash tables let go of the GIL while they work (1M rows, five columns: 41 ms -> 13 ms)."""
    arrays = [
        column if isinstance(column, pd.arrays.ArrowExtensionArray) else np.asarray(column, dtype=object)
        for column in columns
    ]
    if len(arrays) < 2 or len(arrays[0]) < PARALLEL_ROWS:
        return [_factorize_texts(array) for array in arrays]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(_factorize_texts, arrays))


def _factorize_texts(texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(texts)`` (the same codes and uniques), faster on what pandas' parser gives.

    The parser makes one string object per distinct text in each chunk it reads, so the cells are first told apart
    by the objects' addresses (plain integers: quick to hash), and only the first cell of each object is compared
    by text. Two cells at one address are one object, hence one text; the uniques keep the order of first
    appearance. The addresses are read while ``texts`` holds every object, so none can be reused meanwhile.

    Arrow strings (the C parser's reading) are factorized by Arrow, the uniques handed back as Python strings."""
    if isinstance(texts, pd.arrays.ArrowExtensionArray):
        encoded = pc.dictionary_encode(texts._pa_array).combine_chunks()  # pd.factorize's own reading, less work
        return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_numpy(zero_copy_only=False)
    if not len(texts) or not texts.flags.c_contiguous or texts.dtype != object or texts.itemsize != 8:
        return pd.factorize(texts)
    raw = (ctypes.c_char * (len(texts) * 8)).from_address(texts.ctypes.data)
    object_codes, addresses = pd.factorize(np.frombuffer(raw, dtype=np.int64))
    # The first cell holding each object: codes are numbered in order of first appearance, so their running
    # maximum steps up exactly there.
    running = np.maximum.accumulate(object_codes)
    first = np.flatnonzero(np.concatenate(([True], running[1:] > running[:-1])))
    text_codes, uniques = pd.factorize(texts[first])
    return text_codes[object_codes], uniques


def _column(body: list[list[str]], index: int | None) -> list[str]:
    if index is None:
        return [""] * len(body)
    return [r[index] if index < len(r) else "" for r in body]
