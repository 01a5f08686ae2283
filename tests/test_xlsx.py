"""XLSX uploads: bombs refused quickly under a memory cap, the active visible sheet read, damaged files and over-long
cells refused with a message naming the cell. Every workbook is built here, part by part."""

import io
import json
import random
import string
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import upload_files as files

from benchmarks.upload_rows import make_upload_xlsx, synthetic_indicators
from tracker.reading import ReadError, Table, read_table
from tracker.xlsx import MAX_CELL_CHARS, MAX_ROWS, _Workbook, column_letters
from tracker.xlsx_bytes import byte_records
from tracker.xlsx_calamine import calamine_records

_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RELS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["indicator_id", "period", "value", "note"]
ROWS = [HEADER, ["gdp", "2023", "1767.3", ""], ["rd", "2023", "2.5", ""]]


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def rows_xml(rows: list[list[str]], start: int = 1) -> str:
    return "".join(
        f'<row r="{r}">' + "".join(cell(f"{column_letters(c)}{r}", v) for c, v in enumerate(values, 1) if v) + "</row>"
        for r, values in enumerate(rows, start)
    )


def sheet_xml(body: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_MAIN}>{dim}<sheetData>{body}</sheetData></worksheet>'


def workbook(
    sheets: list[tuple[str, object, str | None]],
    active: int = 0,
    shared: str | None = None,
    workbook_xml: str | None = None,
    styles: str | None = None,
) -> bytes:
    """An XLSX of (name, sheet XML or a function writing it to a file, state) with activeTab ``active``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        parts = f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>' + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{kind}.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        if shared is not None:
            parts += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}.sharedStrings+xml"/>'
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f"{parts}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"' + (f' state="{state}"' if state else "") + "/>"
            for i, (name, _, state) in enumerate(sheets, 1)
        )
        archive.writestr(
            "xl/workbook.xml",
            workbook_xml
            or f"<workbook {_MAIN} {_RELS}><bookViews><workbookView "
            f'activeTab="{active}"/></bookViews><sheets>{entries}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_DOC}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        if shared is not None:
            rels += f'<Relationship Id="rIdS" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/>'
            archive.writestr("xl/sharedStrings.xml", shared)
        if styles is not None:
            rels += f'<Relationship Id="rIdT" Type="{_DOC}/styles" Target="styles.xml"/>'
            archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_PKG}">{rels}</Relationships>')
        for i, (_, content, _) in enumerate(sheets, 1):
            if callable(content):
                with archive.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as part:
                    content(part)
            elif content is not None:
                archive.writestr(f"xl/worksheets/sheet{i}.xml", content)
    return out.getvalue()


def one_sheet(body: str, dimension: str | None = None) -> bytes:
    return workbook([("figures", sheet_xml(body, dimension), None)])


# The bombs of finding 1 (and the over-long cells of finding 4), each read in a child process that may use 2 GB and
# 60 s: before the fix the first ran out of memory and the deflate bomb was killed at the timeout.


def dimension_bomb() -> bytes:
    """1.6 KB declaring A1:XFD1048576, with a cell in the last row: openpyxl built 16,384 cells for every row."""
    return one_sheet(rows_xml(ROWS) + '<row r="1048576">' + cell("A1048576", "end") + "</row>", "A1:XFD1048576")


def deflate_bomb() -> bytes:
    """4 MB inflating to 1 GB of identical rows."""
    row = (
        "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in ["gdp", "2023", "1", "x"]) + "</row>"
    ).encode()

    def write(part):
        part.write(sheet_xml("").split("<sheetData>")[0].encode() + b"<sheetData>" + rows_xml([HEADER]).encode())
        block = row * ((1 << 20) // len(row) + 1)
        for _ in range(1024):
            part.write(block)
        part.write(b"</sheetData></worksheet>")

    return workbook([("figures", write, None)])


def lying_sizes() -> bytes:
    """The deflate bomb with its central directory claiming 100 KB for the 1 GB sheet."""
    data = bytearray(deflate_bomb())
    at = data.rfind(b"xl/worksheets/sheet1.xml") - 46  # the sheet's entry in the central directory
    assert data[at : at + 4] == b"PK\x01\x02"
    data[at + 24 : at + 28] = (100_000).to_bytes(4, "little")  # its uncompressed size
    return bytes(data)


def long_text_cell(note: str) -> bytes:
    return one_sheet(rows_xml([HEADER, ["gdp", "2023", "1", note]]))


def varied_text(length: int) -> str:
    """Text that compresses about as well as prose (no suspicious ratio): only its length can refuse it."""
    return "".join(random.Random(0).choices(string.ascii_letters + " ", k=length))


BOMBS = [
    # (the file, what reading it gives: ["read", its spreadsheet rows] or [error code, words of the message])
    (dimension_bomb, ["read", [2, 3, 1048576]]),
    (deflate_bomb, ["xlsx_too_big", "too large once unzipped"]),
    (lying_sizes, ["damaged_xlsx", "damaged: open it in Excel and save it again"]),
    (
        lambda: one_sheet(rows_xml([HEADER, [str(i) for i in range(100_000)]])),
        ["too_many_columns", "the cell GS2 (row 2, column GS)"],
    ),
    (
        lambda: one_sheet(rows_xml(ROWS) + "<row>" + "<c/>" * 300_000 + "</row>"),
        ["too_many_columns", "row 4, column GS"],
    ),
    (
        lambda: one_sheet(rows_xml(ROWS) + f'<row r="{MAX_ROWS + 1}">{cell(f"A{MAX_ROWS + 1}", "x")}</row>'),
        ["too_many_rows", "row 1,100,001"],
    ),
    (
        lambda: one_sheet(rows_xml([HEADER, ["gdp", "2023", "1", "x" * 200_000]])),
        ["cell_too_long", "the cell D2 (row 2, column D) of the sheet 'figures' holds 200,000 characters"],
    ),
    (lambda: long_text_cell("x" * 40_000_000), ["xlsx_too_big", "inflates"]),  # 40 KB storing a 40 MB note
    # Cells far apart: calamine would build the dense range between them (A1:XFD1048576 aborts the process).
    (
        lambda: one_sheet(rows_xml(ROWS) + '<row r="1048576">' + cell("XFD1048576", "end") + "</row>"),
        ["too_many_columns", "the cell XFD1048576"],
    ),
    (lambda: one_sheet(rows_xml(ROWS) + '<row r="1099999">' + cell("GR1099999", "end") + "</row>"), ["read", [2, 3]]),
    (
        lambda: long_text_cell(varied_text(8_000_000)),
        ["cell_too_long", "a cell in row 2 of the sheet 'figures' holds more than the limit of 131,072"],
    ),
]

_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
from tracker.reading import ReadError, read_table
try:
    table = read_table("upload.xlsx", open(sys.argv[1], "rb").read())
    print(json.dumps(["read", [int(r) for r in table.rows]]))
except ReadError as err:
    print(json.dumps([err.code, err.message_en, bool(err.message_zh)]))
"""


@pytest.mark.parametrize(("make", "expected"), BOMBS)
def test_a_bomb_is_read_or_refused_quickly_within_2_gb(tmp_path, make, expected):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(make())
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout)
    assert outcome[0] == expected[0]
    if expected[0] == "read":
        assert outcome[1] == expected[1]
    else:
        assert expected[1] in outcome[1] and outcome[2]


@pytest.mark.parametrize(("length", "refused"), [(MAX_CELL_CHARS, False), (MAX_CELL_CHARS + 1, True)])
@pytest.mark.parametrize("shared", [False, True])
def test_a_cell_past_the_csv_cap_is_refused_naming_it(length, refused, shared):
    if shared:
        strings = "".join(f"<si><t>{t}</t></si>" for t in [*HEADER, "gdp", "2023", "1", "y" * length])
        body = '<row r="1">' + "".join(f'<c r="{column_letters(i)}1" t="s"><v>{i - 1}</v></c>' for i in (1, 2, 3, 4))
        body += (
            '</row><row r="2">'
            + "".join(f'<c r="{column_letters(i)}2" t="s"><v>{i + 3}</v></c>' for i in (1, 2, 3, 4))
            + "</row>"
        )
        data = workbook([("figures", sheet_xml(body), None)], shared=f"<sst {_MAIN}>{strings}</sst>")
    else:
        data = one_sheet(rows_xml([HEADER, ["gdp", "2023", "1", "y" * length]]))
    if not refused:
        assert read_table("f.xlsx", data).frame.at[0, "note"] == "y" * length
        return
    with pytest.raises(ReadError) as caught:
        read_table("f.xlsx", data)
    assert caught.value.code == "cell_too_long"
    assert "the cell D2 (row 2, column D) of the sheet 'figures'" in caught.value.message_en
    assert "单元格 D2（第 2 行，D 列）" in caught.value.message_zh


def _figures(value: str) -> str:
    return sheet_xml(rows_xml([HEADER, ["gdp", "2023", value, ""]]))


INSTRUCTIONS = sheet_xml(rows_xml([["请填写 figures 工作表"]]))
EMPTY = sheet_xml("")


@pytest.mark.parametrize(
    ("sheets", "active", "read", "value", "warnings"),
    [
        # A hidden first sheet (an old copy) is not read: the visible one is.
        ([("old", _figures("1"), "hidden"), ("figures", _figures("2"), None)], 1, "figures", "2", []),
        ([("old", _figures("1"), "veryHidden"), ("figures", _figures("2"), None)], 0, "figures", "2", []),
        # The active tab is read; other visible sheets holding data are named in a warning.
        ([("2022", _figures("1"), None), ("2023", _figures("2"), None)], 1, "2023", "2", ["unread_sheets"]),
        (
            [("2022", _figures("1"), None), ("2023", _figures("2"), None), ("blank", EMPTY, None)],
            0,
            "2022",
            "1",
            ["unread_sheets"],
        ),
        (
            [("figures", _figures("2"), None), ("blank", EMPTY, None), ("old", _figures("1"), "hidden")],
            0,
            "figures",
            "2",
            [],
        ),
        # Instructions first: the next visible sheet with a header is read, as before.
        ([("说明", INSTRUCTIONS, None), ("figures", _figures("2"), None)], 0, "figures", "2", ["other_sheet"]),
        (
            [("说明", INSTRUCTIONS, None), ("old", _figures("1"), "hidden"), ("figures", _figures("2"), None)],
            0,
            "figures",
            "2",
            ["other_sheet"],
        ),
    ],
)
def test_the_active_visible_sheet_is_read(sheets, active, read, value, warnings):
    table = read_table("f.xlsx", workbook(sheets, active=active))
    assert table.sheet == read and table.frame.at[0, "value"] == value
    assert [w.code for w in table.warnings] == warnings
    for warning in table.warnings:
        assert warning.message_zh and warning.message_en


def test_a_hidden_sheet_is_read_when_named():
    data = workbook([("old", _figures("1"), "hidden"), ("figures", _figures("2"), None)])
    assert read_table("f.xlsx", data, sheet="old").frame.at[0, "value"] == "1"


def _corrupt_crc() -> bytes:
    data = bytearray(one_sheet(rows_xml(ROWS)))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2
    data[at] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(one_sheet("<row><c><v>1</v></row>"), id="sheet XML not well-formed"),
        pytest.param(
            workbook([("figures", sheet_xml(rows_xml(ROWS)), None)], workbook_xml="<workbook><sheets>"),
            id="workbook XML not well-formed",
        ),
        pytest.param(workbook([("figures", None, None)]), id="sheet part missing"),
        pytest.param(
            workbook(
                [("figures", sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), None)],
                shared=f"<sst {_MAIN}><si><t>id</t></si",
            ),
            id="shared strings not well-formed",
        ),
        pytest.param(
            workbook(
                [("figures", sheet_xml('<row r="1"><c r="A1" t="s"><v>7</v></c></row>'), None)],
                shared=f"<sst {_MAIN}><si><t>id</t></si></sst>",
            ),
            id="shared string missing",
        ),
        pytest.param(
            workbook(
                [("figures", sheet_xml('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>'), None)],
                shared=f"<sst {_MAIN}><si><t>id</t></si></sst>",
            ),
            id="shared string -1",
        ),
        pytest.param(_corrupt_crc(), id="sheet bytes damaged"),
        pytest.param(one_sheet(rows_xml(ROWS) + rows_xml(ROWS)), id="rows out of order"),
    ],
)
def test_a_damaged_workbook_says_to_save_it_again(data):
    with pytest.raises(ReadError) as caught:
        read_table("f.xlsx", data)
    assert caught.value.code == "damaged_xlsx"
    assert "the .xlsx file is damaged: open it in Excel and save it again" in caught.value.message_en
    assert "已损坏：请在 Excel 中打开并重新保存" in caught.value.message_zh


# The calamine read (tracker.xlsx_calamine) against the streaming one: the same Table for every workbook, and
# calamine kept away from what it would read otherwise (or allocate without bound).


def styles_xml(formats: list[int], custom: dict[int, str] | None = None) -> str:
    """A styles part whose cell style i + 1 shows number format ``formats[i]`` (10: 0.00%, 14: a date)."""
    codes = "".join(f'<numFmt numFmtId="{i}" formatCode="{c}"/>' for i, c in (custom or {}).items())
    xfs = '<xf numFmtId="0"/>' + "".join(f'<xf numFmtId="{f}" applyNumberFormat="1"/>' for f in formats)
    count = len(formats) + 1
    return f'<styleSheet {_MAIN}><numFmts>{codes}</numFmts><cellXfs count="{count}">{xfs}</cellXfs></styleSheet>'


def shared_strings(texts: list[str]) -> str:
    return f"<sst {_MAIN}>" + "".join(f"<si><t>{t}</t></si>" for t in texts) + "</sst>"


def s_cell(ref: str, index: int, style: str = "") -> str:
    return f'<c r="{ref}"{style} t="s"><v>{index}</v></c>'


def n_cell(ref: str, number: str, style: str = "") -> str:
    return f'<c r="{ref}"{style}><v>{number}</v></c>'


# Header and title as shared strings 0-5; the body rows vary by case.
_TEXTS = ["济南高新区主要经济指标", "指标编号", "时期", "数值", "备注", "来源"]
_TOP = (
    '<row r="1" spans="1:5">'
    + s_cell("A1", 0)
    + "</row>"
    + '<row r="2">'
    + "".join(s_cell(f"{c}2", i) for i, c in enumerate("ABCDE", 1))
    + "</row>"
)
_MERGED = '<mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells>'
_PERCENT_DATE_MONTH = styles_xml([10, 14, 176, 9], {176: "yyyy\\-mm"})  # s=1 0.00%, 2 date, 3 month, 4 0%


def office_sheet(body: str, texts: list[str] = (), styles: str = _PERCENT_DATE_MONTH, book_xml=None) -> bytes:
    """A sheet as Excel writes it: the title row merged over A1:E1, the header, then ``body`` (its shared strings
    ``texts`` numbered from 6)."""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet {_MAIN}><dimension ref="A1:E9"/>'
        f"<sheetData>{_TOP}{body}</sheetData>{_MERGED}</worksheet>"
    )
    return workbook(
        [("数据", xml, None)],
        shared=shared_strings(_TEXTS + list(texts)),
        styles=styles,
        workbook_xml=book_xml,
    )


def _row(r: int, *cells: str) -> str:
    return f'<row r="{r}">' + "".join(cells) + "</row>"


_1904 = (
    f'<workbook {_MAIN} {_RELS}><workbookPr date1904="1"/><bookViews><workbookView activeTab="0"/></bookViews>'
    '<sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>'
)

SAME_EITHER_WAY = [
    pytest.param(
        lambda: office_sheet(
            _row(3, s_cell("A3", 6), n_cell("B3", "2023"), n_cell("C3", "0.078", ' s="1"'))
            + _row(4, s_cell("A4", 7), n_cell("B4", "45199", ' s="2"'), n_cell("C4", "0.081", ' s="1" t="n"'))
            + _row(5, s_cell("A5", 8), n_cell("B5", "45170", ' s="3"'), n_cell("C5", "0.5", ' s="4"')),
            ["gdp", "rd_intensity", "growth"],
        ),
        id="percents and dates",
    ),
    pytest.param(
        lambda: office_sheet(
            _row(3, s_cell("A3", 6), n_cell("B3", "43000", ' s="2"'), n_cell("C3", "1")), ["gdp"], book_xml=_1904
        ),
        id="dates of the 1904 calendar",
    ),
    pytest.param(
        lambda: office_sheet(
            _row(3, s_cell("A3", 6), s_cell("B3", 7), s_cell("C3", 8), s_cell("D3", 9))
            + _row(4, s_cell("A4", 10), s_cell("B4", 7), s_cell("C4", 11)),
            ["hightech_enterprises", "2023年", "2400余家", "初步核算", "gdp", "近千亿元"],
        ),
        id="余 and 近 as text",
    ),
    pytest.param(
        lambda: office_sheet(
            _row(3, s_cell("A3", 6), n_cell("B3", "2023"), '<c r="C3" s="1"/>', '<c r="D3" s="2"/>')
            + '<row r="4" ht="20" customHeight="1"/>'
            + _row(6, s_cell("A6", 6), n_cell("B6", "2022"), n_cell("C6", "5"), '<c r="E6" s="2"/>')
            + '<row r="9" spans="1:5"/>',
            ["gdp"],
        ),
        id="empty cells, blank and trailing rows",
    ),
    pytest.param(
        lambda: office_sheet(
            _row(3, s_cell("A3", 6), s_cell("B3", 7), s_cell("C3", 8))
            + _row(4, s_cell("A4", 6), s_cell("B4", 9), s_cell("C4", 10))
            + _row(5, s_cell("A5", 6), n_cell("B5", "2021"), n_cell("C5", "12.0"), n_cell("D5", "007"))
            + _row(6, s_cell("A6", 6), n_cell("B6", "2020"), n_cell("C6", "1E3"), n_cell("D6", "-0"))
            + _row(7, s_cell("A7", 6), n_cell("B7", "2019"), n_cell("C7", "0.1"), n_cell("D7", "123456789012345")),
            ["gdp", "2023", "1,767.3", "2022", "0012"],
        ),
        id="numbers as text and as numbers",
    ),
    pytest.param(
        lambda: office_sheet(
            _row(
                3,
                s_cell("A3", 6),
                '<c r="B3" t="inlineStr"><is><t>2023年</t></is></c>',
                '<c r="C3" t="inlineStr"><is><r><t>17</t></r><r><rPr><b/></rPr><t>67.3</t></r></is></c>',
                '<c r="D3" t="inlineStr"><is><t xml:space="preserve"> 初步 </t></is></c>',
            )
            + _row(4, s_cell("A4", 7), n_cell("B4", "2023"), '<c r="C4"><f>C3*2</f><v>3534.6</v></c>')
            + _row(5, s_cell("A5", 7), n_cell("B5", "2022"), '<c r="C5" s="1"><f>C4/100</f><v>0.25</v></c>')
            + _row(
                6, s_cell("A6", 7), '<c r="B6" t="str"><f>"2021"</f><v>2021</v></c>', '<c r="C6" t="b"><v>1</v></c>'
            ),
            ["gdp", "rd"],
        ),
        id="inline strings, rich text, formulas, booleans",
    ),
    pytest.param(
        lambda: workbook(
            [
                (
                    "figures",
                    sheet_xml(
                        '<row r="1">'
                        + s_cell("A1", 0)
                        + s_cell("B1", 1)
                        + s_cell("C1", 2)
                        + "</row>"
                        + '<row r="2">'
                        + s_cell("A2", 3)
                        + n_cell("B2", "2023")
                        + s_cell("C2", 4)
                        + "</row>"
                    ),
                    None,
                )
            ],
            shared=f"<sst {_MAIN}><si><t>indicator_id</t></si><si><t>period</t></si><si><r><t>val</t></r>"
            '<r><t>ue</t></r></si><si><t>gdp</t><rPh sb="0" eb="1"><t>ジーディーピー</t></rPh></si>'
            "<si><t>1,767.3</t></si></sst>",
        ),
        id="shared rich text and phonetic runs",
    ),
    pytest.param(files.xlsx_with_title, id="openpyxl's workbook with a title row"),
    pytest.param(files.xlsx_two_sheets, id="openpyxl's workbook, instructions first"),
    pytest.param(
        lambda: make_upload_xlsx(3_000, list(synthetic_indicators(40)["id"])), id="the benchmark's Excel-like workbook"
    ),
]


def _streamed(data: bytes, sheet: str | None = None) -> Table:
    """The Table as the streaming reader alone reads it (no file bytes: no calamine)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _Workbook(archive).table(sheet)


def _assert_same_table(fast: Table, slow: Table) -> None:
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert list(fast.rows) == list(slow.rows)
    assert (fast.header_row, fast.headers, fast.value_unit, fast.sheet, fast.records) == (
        slow.header_row,
        slow.headers,
        slow.value_unit,
        slow.sheet,
        slow.records,
    )
    assert [w.code for w in fast.warnings] == [w.code for w in slow.warnings]


def _read_by_calamine(data: bytes, index: int) -> list | None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return calamine_records(_Workbook(archive, data), index, data)


@pytest.mark.parametrize("make", SAME_EITHER_WAY)
def test_calamine_reads_an_office_workbook_as_the_streaming_reader_does(make):
    data = make()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = _Workbook(archive, data)
        read = [i for i, (_, state, _) in enumerate(book.sheets) if state == "visible"]
        for index in read:
            fast = calamine_records(book, index, data)
            assert fast is not None, "calamine stepped aside"
            assert fast == book.records(index)
    _assert_same_table(read_table("f.xlsx", data), _streamed(data))


def test_percents_and_dates_read_as_excel_shows_them():
    table = read_table("f.xlsx", SAME_EITHER_WAY[0].values[0]())
    assert table.frame["value"].tolist() == ["7.8%", "8.1%", "50%"]
    assert table.frame["period"].tolist() == ["2023", "2023-09-30", "2023-09-01"]


STEPS_ASIDE = [
    # (sheet body under the header, shared strings from 6): calamine would read it otherwise, or build it too big.
    pytest.param(
        _row(3, s_cell("A3", 6), n_cell("B3", "2023"), '<c r="C3" t="e"><v>#DIV/0!</v></c>'), id="an error cell"
    ),
    pytest.param(_row(3, s_cell("A3", 6), '<c r="B3" t="inlineStr"><is><t>2023_x000D_</t></is></c>'), id="an escape"),
    pytest.param('<row r="3"><c t="s"><v>6</v></c><c><v>2023</v></c><c><v>1</v></c></row>', id="cells without r"),
    pytest.param('<row><c r="A3" t="s"><v>6</v></c></row>', id="a row without r"),
    pytest.param(_row(3, s_cell("A3", 6), n_cell("B3", "2023"), n_cell("C3", "12345678901234567890")), id="20 digits"),
    pytest.param(_row(3, s_cell("A3", 6), n_cell("B3", "2023"), n_cell("C7", "1")), id="a cell of another row"),
    pytest.param(_row(3, s_cell("A3", 6)) + _row(9, s_cell("GS9", 6)), id="a cell past column GR"),
    pytest.param(_row(3, s_cell("A3", 6)) + _row(1_000_000, s_cell("GR1000000", 6)), id="a range of 200M cells"),
    pytest.param(_row(3, s_cell("A3", 6), n_cell("B3", "2023", ' s="2" t="n" cm="1"')), id="a date cell written oddly"),
    pytest.param(_row(3, s_cell("A3", 6), '<c r="B3" t="d"><v>2023-09-30T00:00:00</v></c>'), id="an ISO date cell"),
]


def _streamed_or_same_refusal(data: bytes):
    """The streaming reader's table of ``data``; or None when it refuses the file, once read_table is seen to
    refuse it with the same code."""
    try:
        return _streamed(data)
    except ReadError as err:
        with pytest.raises(ReadError) as caught:
            read_table("f.xlsx", data)
        assert caught.value.code == err.code
        return None


@pytest.mark.parametrize("body", STEPS_ASIDE)
def test_calamine_steps_aside_where_it_would_read_otherwise(body):
    data = office_sheet(body, ["gdp"])
    assert _read_by_calamine(data, 0) is None
    slow = _streamed_or_same_refusal(data)
    if slow is not None:
        _assert_same_table(read_table("f.xlsx", data), slow)


# The byte read (tracker.xlsx_bytes), tried before calamine: the streaming reader's records for every workbook it
# reads, and it reads those Excel writes (shared strings, numbers, styles, formulas) without stepping aside.

_READ_FROM_BYTES = {
    "percents and dates",
    "dates of the 1904 calendar",
    "余 and 近 as text",
    "empty cells, blank and trailing rows",
    "numbers as text and as numbers",
    "shared rich text and phonetic runs",
    "the benchmark's Excel-like workbook",
}


def _read_from_bytes(data: bytes, index: int = 0) -> tuple[list | None, list]:
    """(the byte read's records or None, the streaming reader's records) of sheet ``index``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = _Workbook(archive, data)
        return byte_records(book, index), book.records(index)


@pytest.mark.parametrize("make", SAME_EITHER_WAY)
def test_the_byte_read_gives_the_streaming_reader_s_records(request, make):
    data = make()
    fast, slow = _read_from_bytes(data)
    if request.node.callspec.id in _READ_FROM_BYTES:
        assert fast is not None, "the byte read stepped aside"
    assert fast is None or list(fast) == slow
    _assert_same_table(read_table("f.xlsx", data), _streamed(data))


BYTE_CASES = [
    # (sheet body under the header, its shared strings from 6, read from the bytes or stepped aside)
    pytest.param(
        _row(
            3,
            s_cell("A3", 6),
            n_cell("B3", "2023"),
            n_cell("C3", "0.00001"),
            n_cell("D3", "1.10"),
            n_cell("E3", "12345678901234567"),
        )
        + _row(4, s_cell("A4", 6), n_cell("B4", "2022"), n_cell("C4", "0.1234567890123456"), n_cell("D4", "-0.0001"))
        + _row(5, s_cell("A5", 6), n_cell("B5", "2021"), n_cell("C5", "0.30000000000000004"), n_cell("D5", " 12 ")),
        ["gdp"],
        True,
        id="decimals Excel shows otherwise than written",
    ),
    pytest.param(
        _row(3, s_cell("A3", 6), '<c r="B3" t="str"><f>A1&amp;"x"</f><v>R&amp;D &lt;1&gt;</v></c>', n_cell("C3", "1")),
        ["gdp"],
        True,
        id="escaped text and formula",
    ),
    pytest.param(
        _row(3, s_cell("A3", 6), n_cell("B3", "2023"), n_cell("C3", "1"), '<c r="D3" t="b"><v>0</v></c>')
        + '<row r="5" spans="1:5"/>'
        + _row(7, s_cell("A7", 6), '<c r="C7"><f t="shared" ref="C7:C8" si="0">C3*2</f><v>2</v></c>')
        + _row(8, s_cell("A8", 6), '<c r="C8"><f t="shared" si="0"/><v>4</v></c>'),
        ["gdp"],
        True,
        id="booleans, blank rows, shared formulas",
    ),
    pytest.param(_row(3, s_cell("A3", 6), s_cell("C3", 6), s_cell("B3", 6)), ["gdp"], False, id="columns leftwards"),
    pytest.param(_row(3, s_cell("A3", 6), s_cell("A3", 6)), ["gdp"], False, id="a column written twice"),
    pytest.param(
        '<row r="3" spans="1:5"/>' + s_cell("A3", 6) + _row(4, s_cell("A4", 6)),
        ["gdp"],
        False,
        id="a cell outside rows",
    ),
    pytest.param(_row(3, s_cell("A3", 6)) + s_cell("B3", 6), ["gdp"], False, id="a cell after a row's end"),
    pytest.param(_row(3, s_cell("A3", 6), "<!-- " + s_cell("B3", 6) + " -->"), ["gdp"], False, id="a comment"),
    pytest.param(_row(3, s_cell("A3", 6), '<c r="B3" t="s"><v> 6</v></c>'), ["gdp"], False, id="a spaced index"),
    pytest.param(_row(3, s_cell("A3", 6), s_cell("B3", 99)), ["gdp"], False, id="a shared string past the last"),
    pytest.param(_row(4, s_cell("A4", 6)) + _row(3, s_cell("A3", 6)), ["gdp"], False, id="rows out of order"),
    pytest.param(_row(MAX_ROWS + 1, s_cell("A3", 6)), ["gdp"], False, id="a row past the cap"),
    pytest.param(_row(3, s_cell("A3", 6), s_cell("GS3", 6)), ["gdp"], False, id="a cell past column GR"),
    pytest.param(
        _row(3, s_cell("A3", 6), '<c r="B3" t="inlineStr"><is><t>2023</t></is></c>'), ["gdp"], False, id="inline"
    ),
]


@pytest.mark.parametrize(("body", "texts", "from_bytes"), BYTE_CASES)
def test_the_byte_read_reads_as_the_streaming_reader_or_steps_aside(body, texts, from_bytes):
    data = office_sheet(body, texts)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        fast = byte_records(_Workbook(archive, data), 0)
    assert (fast is not None) == from_bytes
    slow = _streamed_or_same_refusal(data)
    if slow is None:
        return
    if fast is not None:
        assert list(fast) == _read_from_bytes(data)[1]
    _assert_same_table(read_table("f.xlsx", data), slow)


@pytest.mark.parametrize(
    ("shared", "simple"),
    [
        (shared_strings(["指标编号", "R&amp;D", "", " 空格 "]), True),
        (f'<sst {_MAIN}><si><t xml:space="preserve"> a </t></si><si/><si><t/></si></sst>', True),
        (f"<sst {_MAIN}><si><r><t>val</t></r><r><t>ue</t></r></si></sst>", False),
        (f"<sst {_MAIN}><si><t>a\r\nb</t></si></sst>", False),
        (f"<sst {_MAIN}><si><t>x_x005F_x000D_</t></si></sst>", True),
        (shared_strings(["gdp", "长" * (MAX_CELL_CHARS + 1)]), False),
        (shared_strings(["gdp", "长" * MAX_CELL_CHARS]), True),
    ],
)
def test_plain_shared_strings_are_read_from_their_bytes_as_parsed(monkeypatch, shared, simple):
    import tracker.xlsx as xlsx

    data = workbook([("s", sheet_xml(""), None)], shared=shared)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        fast = xlsx._simple_strings(archive.read("xl/sharedStrings.xml"))
        book = _Workbook(archive, data)
        monkeypatch.setattr(xlsx, "MAX_SMALL_PART", -1)  # past the byte path's size: the XML parser reads them
        parsed = book._shared_strings(book.strings_path)
    assert (fast is not None) == simple
    assert fast is None or fast == parsed
