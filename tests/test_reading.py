"""Reading uploads as people save them: encodings, delimiters, XLSX, title rows, Chinese headers, non-spreadsheets."""

import io
import zipfile

import pytest
import upload_files as files

from tracker.reading import ReadError, read_table

FIRST_ROW = {
    "indicator": "gdp",
    "period": "2023年1-9月",
    "value": "1,234.5",
    "note": "初步核算",
    "source": "济南市统计局",
}


@pytest.mark.parametrize(
    ("make", "filename"),
    [
        (files.gbk_excel_csv, "figures.csv"),
        (files.gb18030_csv, "figures.csv"),
        (files.utf8_bom_csv, "figures.csv"),
        (files.utf16_tab_text, "figures.txt"),
        (files.semicolon_csv, "figures.csv"),
        (lambda: files.csv_bytes(files.FIGURES_ZH), "figures.csv"),  # plain UTF-8
        (lambda: files.csv_bytes(files.FIGURES_ZH, encoding="gbk", delimiter="\t"), "figures.tsv"),
    ],
)
def test_each_text_encoding_reads_the_same_table(make, filename):
    table = read_table(filename, make())
    first = table.frame.iloc[0].to_dict()
    assert first["indicator"] == "gdp" and first["period"] == "2023年1-9月" and first["value"] == "1,234.5"
    assert first["source"] == "济南市统计局"
    assert table.frame["indicator"].tolist()[1] == "高新区地区生产总值"  # Chinese intact, no mojibake
    assert list(table.rows) == [2, 3, 4, 5, 6]
    assert table.header_row == 1


def test_gb18030_keeps_characters_gbk_lacks():
    assert read_table("f.csv", files.gb18030_csv()).frame.at[0, "note"] == "𠮷园区口径"


def test_xlsx_with_a_title_row_reads_numbers_and_dates_as_people_see_them():
    table = read_table("figures.xlsx", files.xlsx_with_title())
    assert table.header_row == 3
    assert list(table.rows) == files.XLSX_ROWS
    assert table.frame["value"].tolist() == ["1234.5", "1767.3", "3200", "8.1%", "5000万元"]
    assert table.frame["period"].tolist() == ["2023-09-30", "2023", "2023年", "2023", "2023Q3"]
    assert table.sheet == "数据"
    assert table.frame.at[0, "source"] == "济南市统计局" and table.frame.at[1, "note"] == ""


def test_xlsx_is_recognised_by_its_content_not_its_name():
    assert len(read_table("figures.csv", files.xlsx_with_title()).frame) == 5


def test_xlsx_sheet_by_name_and_a_first_sheet_without_a_header():
    assert read_table("f.xlsx", files.xlsx_two_sheets(), sheet="figures").frame.at[0, "value"] == "1767.3"
    table = read_table("f.xlsx", files.xlsx_two_sheets())
    assert table.sheet == "figures" and [w.code for w in table.warnings] == ["other_sheet"]
    with pytest.raises(ReadError, match="no sheet named 'missing'"):
        read_table("f.xlsx", files.xlsx_two_sheets(), sheet="missing")


@pytest.mark.parametrize(
    "header",
    [
        ["indicator_id", "period", "value", "note", "source"],
        ["指标编号", "时期", "数值", "备注", "来源"],
        ["指标代码", "年份", "数据", "说明", "数据来源"],
        ["指标名称", "期间", "值", "备注", "来源"],
        [" Indicator ", "PERIOD", "Value", "Note", "Source"],
        ["ｉｎｄｉｃａｔｏｒ＿ｉｄ", "时间", "数值（亿元）", "备注", "来源"],  # full-width, a unit in brackets
        ["指标", "时期", "数值", "备注", "来源"],
    ],
)
def test_headers_in_english_or_chinese(header):
    table = read_table("f.csv", files.csv_bytes([files.FIGURES_ZH[0]], header=header))
    assert table.frame.iloc[0][["indicator", "period", "value", "note", "source"]].to_dict() == FIRST_ROW
    assert not table.warnings


def test_a_unit_in_the_value_header_is_kept():
    table = read_table("f.csv", files.csv_bytes([["gdp", "2023", "5000"]], header=["指标", "时期", "数值（万元）"]))
    assert table.value_unit == "万元"


def test_unknown_columns_are_ignored_with_a_warning_naming_them():
    header = ["序号", "指标编号", "地区", "时期", "数值", "填报人"]
    table = read_table("f.csv", files.csv_bytes([["1", "gdp", "高新区", "2023", "1767.3", "张三"]], header=header))
    assert table.frame.at[0, "value"] == "1767.3"
    assert [w.column for w in table.warnings] == ["地区", "填报人"]  # 序号 is expected in Chinese tables
    assert "地区" in table.warnings[0].message_zh


def test_several_title_rows_and_blank_rows_keep_the_spreadsheet_row_numbers():
    data = files.csv_bytes(
        [files.FIGURES_ZH[0], ["", "", "", "", ""], files.FIGURES_ZH[1]],
        encoding="gbk",
        title=["济南高新区", "2023年统计数据"],
    )
    table = read_table("f.csv", data)
    assert table.header_row == 3
    assert list(table.rows) == [4, 6]


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["指标", "数值"], ["period"]),
        (["时期", "数值"], ["indicator"]),
        (["备注", "来源"], ["indicator", "period", "value"]),
        (["a", "b", "c"], ["indicator", "period", "value"]),
    ],
)
def test_missing_required_columns_are_named_with_the_accepted_names(header, missing):
    with pytest.raises(ReadError) as caught:
        read_table("f.csv", files.csv_bytes([["x"] * len(header)], header=header))
    message = caught.value.message_en
    assert caught.value.code == "missing_columns"
    assert f"missing required columns: {', '.join(missing)}" in message
    assert "指标编号" in message and "period / 时期" in message


def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", "empty_file", "empty"),
        (b" \r\n ", "empty_file", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old_excel", ".xls"),
        (b"PK\x03\x04" + bytes(50), "bad_xlsx", "not a readable Excel workbook"),
        (_zip_without_workbook(), "bad_xlsx", "not a readable Excel workbook"),
        (bytes(range(256)) * 4, "not_text", "not UTF-8, GBK/GB18030 or UTF-16: save it as CSV UTF-8 from Excel"),
        ("indicator,period,value\ncafé,2023,1\n".encode("cp1252"), "other_encoding", "save it as CSV UTF-8"),
        (b"\x89PNG\r\n\x1a\n" + bytes(30), "not_text", "not UTF-8"),
        (b"<html><body><table><tr><td>gdp</td></tr></table></body></html>", "html", "web page"),
    ],
)
def test_files_that_are_not_spreadsheets_get_a_clear_error(data, code, words):
    with pytest.raises(ReadError) as caught:
        read_table("upload.xls", data)
    assert caught.value.code == code
    assert words in caught.value.message_en
    assert caught.value.message_zh


# The fast path (pandas' C parser under the header, reading._fast_csv) against its plain twin (reading._plain_csv:
# csv.reader for every record): the same Table, or the fast path steps aside. Random files made of the characters
# that matter to CSV: quotes, delimiters, line ends.
def _slow_table(monkeypatch, data):
    """The Table read_table gives with the fast path always stepping aside: the plain twin's."""
    import tracker.reading as reading

    with monkeypatch.context() as patched:
        patched.setattr(reading, "_fast_csv", lambda box, *args: box.pop())
        return read_table("f.csv", data)


def _same_tables(fast, slow):
    assert fast.frame.astype(str).to_dict("list") == slow.frame.astype(str).to_dict("list")
    assert list(fast.rows) == list(slow.rows)
    assert (fast.header_row, fast.headers, fast.value_unit, fast.warnings, fast.refused, fast.records) == (
        slow.header_row,
        slow.headers,
        slow.value_unit,
        slow.warnings,
        slow.refused,
        slow.records,
    )


@pytest.mark.parametrize(
    "make",
    [
        files.gbk_excel_csv,
        files.gb18030_csv,
        files.utf8_bom_csv,
        files.utf16_tab_text,
        files.semicolon_csv,
        files.fullwidth_csv,
        files.wanyi_csv,
        files.bad_rows_csv,
        lambda: files.csv_bytes(
            [files.FIGURES_ZH[0], ["", "", "", "", ""], files.FIGURES_ZH[1]],
            encoding="gbk",
            title=["济南高新区", "2023年统计数据"],
        ),
        lambda: '\ufeff\ufeffindicator,period,value\r\ngdp,2023,"1\r\n2"\r\n\r\ngdp,"20""24",5\n'.encode("utf-8-sig"),
        lambda: b"indicator,period,value\r\ngdp,2023,1,extra\r\n",  # more cells than the header: the slow path
        lambda: b"indicator,period,value\r\ngdp,2023,1\r\ngdp,2024,2,extra\r\n",
    ],
)
def test_the_fast_path_reads_the_same_table_as_csv_reader(monkeypatch, make):
    data = make()
    _same_tables(read_table("f.csv", data), _slow_table(monkeypatch, data))


NUMBER_LIKE = ["1.10", "007", "1e3", "NA", "null", "True", " 12 ", "-0", "1,000", "0x1F", "nan", "２３"]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_every_cell_is_read_as_its_exact_text_not_a_guessed_type(monkeypatch, encoding):
    """The C parser reads every cell as text (Arrow strings): a column of number-like cells keeps each as written
    ("1.10" is not 1.1, "007" not 7, "NA" not missing), as csv.reader does."""
    rows = [["gdp", f"20{10 + i}", value, value] for i, value in enumerate(NUMBER_LIKE)]
    data = files.csv_bytes(rows, header=["indicator", "period", "value", "note"], encoding=encoding)
    table = read_table("f.csv", data)
    assert table.frame["note"].astype(str).tolist() == NUMBER_LIKE
    assert table.frame["period"].astype(str).tolist() == [f"20{10 + i}" for i in range(len(NUMBER_LIKE))]
    _same_tables(table, _slow_table(monkeypatch, data))


def test_the_fast_path_matches_csv_reader_on_random_files(monkeypatch):
    import random

    rng = random.Random(7)
    alphabet = ["a", "1", ",", ";", "\t", '"', '""', " ", "\r", "\n", "\r\n", "中", "万"]
    for _ in range(400):
        delimiter = rng.choice([",", ";", "\t"])
        header = delimiter.join(rng.sample(["indicator", "period", "value", "note", "x"], rng.randint(3, 5)))
        title = "".join(rng.choice(["标题", delimiter, "\r\n"]) for _ in range(rng.randint(0, 3)))
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        text = title + ("\r\n" if title else "") + header + rng.choice(["\r\n", "\n", "\r"]) + body
        data = text.encode(rng.choice(["utf-8", "gbk", "utf-16"]))
        try:
            slow = _slow_table(monkeypatch, data)
        except ReadError as err:
            with pytest.raises(ReadError) as caught:
                read_table("f.csv", data)
            assert caught.value.code == err.code
            continue
        _same_tables(read_table("f.csv", data), slow)


def test_a_cell_longer_than_csv_readers_limit_is_refused_as_before():
    data = ("indicator,period,value\r\ngdp,2023," + "1" * 200_000 + "\r\n").encode()
    with pytest.raises(ReadError) as caught:
        read_table("f.csv", data)
    assert caught.value.code == "bad_csv"


def test_texts_are_told_apart_as_pandas_factorize_does():
    import numpy as np
    import pandas as pd

    from tracker.reading import _factorize_texts

    shared = "".join(["gd", "p"])  # one object in several cells, and equal texts in distinct objects
    texts = np.array(
        [shared, "gdp", "", shared, "".join(["", ""]), "万元", "gdp"[:3], "万" + "元", shared], dtype=object
    )
    for cells in (texts, texts[::2], texts[:0], texts[:1]):
        codes, uniques = _factorize_texts(cells)
        expected_codes, expected = pd.factorize(cells)
        assert codes.tolist() == expected_codes.tolist() and list(uniques) == list(expected)


def test_gbk_reads_every_byte_pair_as_gb18030_does():
    # _decode_strictly tries GBK before GB18030: sound only if GBK never reads a sequence differently.
    for lead in range(0x81, 0xFF):
        for trail in range(0x30, 0xFF):
            pair = bytes([lead, trail])
            try:
                text = pair.decode("gbk")
            except UnicodeDecodeError:
                continue
            assert text == pair.decode("gb18030"), pair
    for byte in range(0x100):
        try:
            text = bytes([byte]).decode("gbk")
        except UnicodeDecodeError:
            continue
        assert text == bytes([byte]).decode("gb18030")


@pytest.mark.parametrize(
    ("text", "encoding", "name"),
    [
        ("繁體中文 指標 數值", "big5", "Big5"),
        ("日本語のテキスト", "shift_jis", "Shift-JIS"),
        ("Café, déjà vu, naïve", "cp1252", "Western (cp1252)"),
        ("déjà vu", "cp1252", "Western (cp1252)"),  # decodes as GBK ("d閖" ...) without the comma after é
    ],
)
def test_text_in_other_encodings_is_refused_not_read_as_mojibake(text, encoding, name):
    data = files.csv_bytes([["gdp", "2023", "1767.3", text, ""]], header=files.HEADER_EN, encoding=encoding)
    with pytest.raises(ReadError) as caught:
        read_table("f.csv", data)
    assert caught.value.code == "other_encoding"
    assert (
        f"this looks like {name} text" in caught.value.message_en and "save it as CSV UTF-8" in caught.value.message_en
    )
    assert "CSV UTF-8" in caught.value.message_zh and name in caught.value.message_zh


@pytest.mark.parametrize(
    "note", ["张喆", "𠮷园区口径", "初步核算，镕基", "高新区地区生产总值 初步核算 济南市统计局 科技局 " * 50]
)
def test_real_gbk_text_with_a_few_rare_characters_still_reads(note):
    data = files.csv_bytes([["gdp", "2023", "1767.3", note, ""]], encoding="gb18030")
    assert read_table("f.csv", data).frame.at[0, "note"] == note


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            b"indicator,period,value\r\ngdp,2023,1\r\ngdp,2022,2\r\ngdp,2021,3\r\ngdp,\x00020,4\r\n",
            "line 5 holds a control character (0x00)",
        ),
        (b"indicator,period,value\r\ngdp,2023,1\x1b[0m\r\n", "line 2 holds a control character (0x1B)"),
        ("indicator,period,value\r\ngdp,2023,1\r\n".encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
        ("indicator,period,value\r\ngdp,2023,1\r\n".encode("utf-16-be"), "UTF-16 text without a byte-order mark"),
        (
            "指标,时期,数值,备注\r\ngdp,2023,1,初步核算济南市统计局\r\n".encode()
            + "gdp,2022,2,初步核算\r\n".encode("gbk"),
            "line 3 is not in the encoding of the lines before it (UTF-8)",
        ),
        (b"indicator,period,value\r\ngdp,2023,1\r\ngdp,2022,\x80\x80\r\n", "line 3 cannot be read"),
    ],
)
def test_text_that_cannot_be_read_names_the_first_bad_line(data, words):
    with pytest.raises(ReadError) as caught:
        read_table("f.csv", data)
    assert words in caught.value.message_en and caught.value.message_zh


def test_a_delimiter_that_cannot_read_the_first_lines_gives_way_to_the_others():
    # A title line of 200 KB of tab-separated cells: one cell too long for a comma, short cells for a tab.
    title = "\t".join(["标题"] * 70_000)
    data = (title + "\r\nindicator\tperiod\tvalue\r\ngdp\t2023\t1767.3\r\n").encode("utf-8")
    table = read_table("f.tsv", data)
    assert table.header_row == 2 and table.frame.at[0, "value"] == "1767.3"


@pytest.mark.parametrize("above", [30, 31, 200])
def test_a_header_below_row_30_is_named(above):
    data = ("说明\r\n" * above + "indicator,period,value\r\ngdp,2023,1\r\n").encode()
    with pytest.raises(ReadError) as caught:
        read_table("f.csv", data)
    assert caught.value.code == "header_too_low"
    assert f"the header is in row {above + 1}: the header must be in the first 30 rows" in caught.value.message_en
    assert "前 30 行" in caught.value.message_zh


def test_a_header_in_row_30_is_found():
    data = ("说明\r\n" * 29 + "indicator,period,value\r\ngdp,2023,1\r\n").encode()
    assert read_table("f.csv", data).header_row == 30


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"ab," * 6_300_000 + b"\r\nindicator,period,value\r\n", 1),  # 19 MB: 8 s to refuse before
        (b"indicator,period,value\r\ngdp,2023," + b"1" * 19_000_000 + b"\r\n", 2),
        (b"indicator,period,value\r\n" + b"gdp,2023,1\r\n" * 3 + b"x;" * 600_000, 5),
    ],
)
def test_a_line_longer_than_a_table_row_is_refused_fast(data, line):
    import time

    start = time.perf_counter()
    with pytest.raises(ReadError) as caught:
        read_table("f.csv", data)
    assert time.perf_counter() - start < 1.0
    assert caught.value.code == "line_too_long" and f"line {line} is" in caught.value.message_en
    assert f"第 {line} 行" in caught.value.message_zh


def test_a_cell_longer_than_128_kb_names_its_row():
    data = ("indicator,period,value\r\ngdp,2022,1\r\ngdp,2023," + "1" * 200_000 + "\r\n").encode()
    with pytest.raises(ReadError) as caught:
        read_table("f.csv", data)
    assert "row 3 has a cell longer than 128 KB" in caught.value.message_en


@pytest.mark.parametrize(
    "data",
    [
        b"indicator,period,value\r\ngdp,2020,1,767.3\r\ngdp,2021,5\r\n",
        b"indicator,period,value\r\ngdp,2021,5\r\ngdp,2020,1,767.3\r\n",
        b"indicator,period,value\r\ngdp,2021,5,,\r\n",
        b"indicator,period,value,,\r\ngdp,2021,5,,\r\ngdp,2020,1,767.3,\r\n",
        b"indicator,period,value,,\r\ngdp,2021,5,,\r\ngdp,2020,1,,\r\n",
        'indicator,period,value,note\r\ngdp,2020,1,"初步\r\ngdp,2021,1800,修订"\r\ngdp,2022,5,\r\n'.encode(),
        'indicator,period,value,note\r\ngdp,2020,1,"初步\r\n第二行"\r\ngdp,2022,5,\r\n'.encode("gbk"),
        b'indicator,period,value,note\r\ngdp,2020,1,"abc\r\ngdp,2021,5,\r\n',
        b'indicator,period,value,note\r\ngdp,2020,1,""\r\ngdp,2021,5,"x"',
    ],
)
def test_the_fast_path_and_csv_reader_refuse_the_same_rows(monkeypatch, data):
    fast, slow = read_table("f.csv", data), _slow_table(monkeypatch, data)
    _same_tables(fast, slow)
    assert (fast.refused, fast.records) == (slow.refused, slow.records)


@pytest.mark.parametrize("piece", [1, 2, 7, 64])
def test_a_gbk_file_given_to_the_parser_in_small_pieces_reads_as_csv_reader_does(monkeypatch, piece):
    """A GBK file's text goes to pandas' parser as UTF-8 a piece at a time (tracker.reading._Utf8Pieces): cells,
    quoted line breaks and doubled quotes cut across pieces read the same."""
    import random

    import tracker.reading as reading

    rng = random.Random(piece)
    lines = ["标题：济南高新区", "指标,期间,数值,备注"]
    for i in range(60):
        note = rng.choice(["", "初步核算", '"含""引号"""', '"两行\r\n备注"', "约数"])
        lines.append(f"地区生产总值,{2000 + i},{rng.randint(1, 9999)}.{i},{note}")
    data = ("\r\n".join(lines) + "\r\n").encode("gbk")
    monkeypatch.setattr(reading._Utf8Pieces, "PIECE", piece)
    fast = read_table("f.csv", data)
    _same_tables(fast, _slow_table(monkeypatch, data))
    assert len(fast.frame) == 60


def test_a_failed_decoding_keeps_nothing_alive():
    """Reading a GBK file first tries UTF-8; the UnicodeDecodeError it raises holds a copy of the file and, through
    its traceback, the decoded text: nothing of it may be left for the garbage collector to find (a million-row
    file: 110 MB more at the reading's peak)."""
    import gc

    data = files.csv_bytes(files.FIGURES_ZH, encoding="gbk")
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        read_table("f.csv", data)
        gc.collect()
        kept = [o for o in gc.garbage if isinstance(o, UnicodeDecodeError)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert kept == []


@pytest.mark.parametrize("offset", [0, 1, 2, 7, (1 << 19) - 1, 1 << 19, (1 << 19) + 1, 1 << 20])
@pytest.mark.parametrize("extra", [-1, 0, 1, 2])
def test_the_line_length_cap_holds_at_its_bound_wherever_the_line_starts(offset, extra):
    """The cap looks for a line break in windows of half its size and only then at every byte: a line one byte
    past MAX_LINE is refused, one of MAX_LINE is not, wherever in the file it starts."""
    from tracker.reading import MAX_LINE, _check_line_lengths

    head = b"x" * max(offset - 1, 0) + (b"\n" if offset else b"")
    data = head + b"y" * (MAX_LINE + extra) + b"\r\n" + b"z\n" * 1000
    if extra > 0:
        with pytest.raises(ReadError) as caught:
            _check_line_lengths(data)
        assert caught.value.code == "line_too_long"
        assert f"line {2 if offset else 1} is" in caught.value.message_en
    else:
        _check_line_lengths(data)


def test_columns_factorized_on_two_threads_read_as_on_one(monkeypatch):
    import tracker.reading as reading

    data = files.csv_bytes(files.FIGURES_ZH * 50, encoding="gbk", title=["济南高新区", "2023年统计数据"])
    one = read_table("f.csv", data)
    monkeypatch.setattr(reading, "PARALLEL_ROWS", 1)
    _same_tables(read_table("f.csv", data), one)


# A big GBK file's rows go to the parser through iconv on a second thread (reading._piped_gbk): the same Table as
# the exact path (Python's codec decoding the whole file), or it steps aside. Small limits make small files big.
@pytest.fixture
def piping(monkeypatch):
    import tracker.reading as reading

    monkeypatch.setattr(reading, "PIPED_BYTES", 0)
    monkeypatch.setattr(reading, "HEAD_BYTES", 4096)
    monkeypatch.setattr(reading, "PLAUSIBLE_SAMPLE", 200)  # both paths look at as much of the text
    monkeypatch.setattr(reading._GbkPipe, "PIECE", 7)  # odd: pairs cut between pieces
    return reading


def _exact_table(monkeypatch, data):
    import tracker.reading as reading

    with monkeypatch.context() as patched:
        patched.setattr(reading, "PIPED_BYTES", 1 << 60)
        return read_table("f.csv", data)


def _gbk_rows(count: int, note: str = "初步核算") -> list[list[str]]:
    return [
        [f"指标{i % 7}", f"{2000 + i}年", f"{i},{i % 10}00.5万元", note if i % 3 else "", "市统计局\r\n（转载）"]
        for i in range(count)
    ]


@pytest.mark.parametrize(
    "make",
    [
        lambda: files.csv_bytes(_gbk_rows(300), encoding="gbk", title=["济南高新区主要指标", "2024年"]),
        lambda: files.csv_bytes(_gbk_rows(300), encoding="gbk", delimiter=";"),
        lambda: files.csv_bytes(_gbk_rows(300, note='他说"预计"'), encoding="gbk", delimiter="\t"),
        lambda: files.csv_bytes(_gbk_rows(300), encoding="gbk").replace(b"\r\n", b"\n"),
    ],
)
def test_a_big_gbk_file_piped_through_iconv_reads_as_the_exact_path_does(piping, monkeypatch, make):
    data = make()
    piped = piping._piped_gbk(data)
    assert piped is not None  # the pipe was used, not stepped aside
    _same_tables(piped, _exact_table(monkeypatch, data))
    _same_tables(read_table("f.csv", data), _exact_table(monkeypatch, data))


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("𠮷园区口径", "a GB18030 four-byte character: iconv's GBK cannot read it, the exact path reads GB18030"),
        ("€", "the euro sign: 0x80 in iconv's GBK, refused by Python's, two bytes in GB18030"),
    ],
)
def test_the_pipe_steps_aside_where_iconv_cannot_read_as_python_does(piping, monkeypatch, body, why):
    rows = _gbk_rows(300)
    rows[250][3] = body  # far under the first lines, so only the pipe meets it
    data = files.csv_bytes(rows, encoding="gb18030")
    assert piping._piped_gbk(data) is None, why
    table = read_table("f.csv", data)
    _same_tables(table, _exact_table(monkeypatch, data))
    assert body in table.frame["note"].astype(str).tolist()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) - 40] + b"\xb0\x20" + data[len(data) - 38 :],  # a lead byte, then a space
        lambda data: data + b"\xb0",  # a pair cut by the end of the file
        lambda data: data[: len(data) - 40] + b"\x80" + data[len(data) - 39 :],  # 0x80 alone
    ],
)
def test_a_damaged_big_gbk_file_gets_the_exact_paths_error(piping, monkeypatch, damage):
    data = damage(files.csv_bytes(_gbk_rows(300), encoding="gbk"))
    assert piping._piped_gbk(data) is None
    with pytest.raises(ReadError) as exact:
        _exact_table(monkeypatch, data)
    with pytest.raises(ReadError) as caught:
        read_table("f.csv", data)
    assert (caught.value.code, caught.value.message_en) == (exact.value.code, exact.value.message_en)


def test_the_pipe_matches_the_exact_path_on_random_gbk_files(piping, monkeypatch):
    import random

    rng = random.Random(11)
    alphabet = ["a", "1", ",", '"', '""', " ", "\r\n", "\n", "中", "万", "亿", "（", "·", "丂"]
    used = 0
    for _ in range(60):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        lines = "".join(f"指标{i},2023年,{i}\r\n" for i in range(rng.randint(20, 60)))
        data = ("标题\r\nindicator,period,value\r\n" + lines + body).encode("gbk")
        try:
            exact = _exact_table(monkeypatch, data)
        except ReadError as err:
            with pytest.raises(ReadError) as caught:
                read_table("f.csv", data)
            assert caught.value.code == err.code
            continue
        used += piping._piped_gbk(data) is not None
        _same_tables(read_table("f.csv", data), exact)
    # A third went through the pipe (20 of 60 here); the others step aside where the exact path's parser does too
    # (a row with more cells than the header, a quote left open).
    assert used >= 15


def test_a_head_shorter_than_the_plausibility_sample_goes_the_exact_way(piping, monkeypatch):
    """The checks of a GBK text look at its first PLAUSIBLE_SAMPLE characters: first lines shorter than that (cut
    short by a long line) are not enough to pass them, so the file is not piped."""
    data = files.csv_bytes(_gbk_rows(300), encoding="gbk")
    assert piping._piped_gbk(data) is not None
    monkeypatch.setattr(piping, "PLAUSIBLE_SAMPLE", 5000)  # more characters than the 4096 bytes of first lines
    assert piping._piped_gbk(data) is None
    _same_tables(read_table("f.csv", data), _exact_table(monkeypatch, data))
