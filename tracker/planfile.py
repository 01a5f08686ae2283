"""Plan files: a plan's indicators, milestones, pillars and about rows as one XLSX workbook or a ZIP of CSVs, read,
checked all-or-nothing, written back, and compared with the plan stored (issue 12 §1).

A plan file is written the way an office writes it: sheets 指标/目标/支柱/关于 (or indicators/milestones/pillars/about),
headers in Chinese or English, a title row above the header, words for choices (不低于, 约束性, 流量), numbers with
their units (4000家, 8%). Reading turns what it can into the tracker's own forms (the columns of data/*.csv, codes,
canonical periods, plain numbers) and leaves what it cannot as written; ``check_plan`` then names every problem by
sheet, row and column, in Chinese and English. Nothing here stores anything: a caller stores a plan only when its
``problems`` is empty.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import difflib
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

import pandas as pd

from tracker.figures import formula_references
from tracker.i18n import Listing, Text, t
from tracker.periods import PeriodError, canonical, parse_period
from tracker.plan import (
    BOUNDS,
    DIRECTIONS,
    INDICATOR_COLUMNS,
    KNOWN_UNITS,
    MEASURES,
    MILESTONE_COLUMNS,
    MILESTONE_KINDS,
    PACE_METHODS,
    PILLAR_COLUMNS,
    milestone_id_for,
    sources_by_language,
)
from tracker.reading import DELIMITERS, HEADER_SEARCH_ROWS, ReadError, header_key
from tracker.values import ValueParseError, normalise, parse_value

# Load ---------------------------------------------------------------------------------------------------------------

INDICATOR_KINDS = ("binding", "expected")  # 约束性 / 预期性, as Chinese plans classify their indicators
CADENCES = ("annual", "quarterly", "monthly")
# kind, owner and cadence are tracker.plan's indicator columns since issue 12 §4 (kept here for a plan file)
PLAN_INDICATOR_COLUMNS = [*INDICATOR_COLUMNS, *(c for c in ("kind", "owner", "cadence") if c not in INDICATOR_COLUMNS)]
PLAN_MILESTONE_COLUMNS = ["milestone_id", *(c for c in MILESTONE_COLUMNS if c != "milestone_id")]
ABOUT_KEYS = ("plan_id", "title_zh", "title_en", "issuer", "date", "source")
TABLES = ("indicators", "milestones", "pillars", "about")
REQUIRED_TABLES = ("indicators", "milestones")

# Caps for a ZIP of CSVs (an XLSX is read under tracker.xlsx's caps). A plan has tens of rows, not millions.
MAX_ZIP_MEMBERS = 64
MAX_CSV_BYTES = 16 * 1024**2  # one CSV, inflated
MAX_ZIP_BYTES = 64 * 1024**2  # every member together, inflated

# The names a sheet (or a CSV in a zip, without .csv) may have, compared after NFKC and lower-casing.
SHEET_NAMES = {
    "indicators": ("指标", "indicators", "指标表", "主要指标", "indicator"),
    "milestones": ("目标", "milestones", "目标表", "目标值", "milestone", "targets"),
    "pillars": ("支柱", "pillars", "领域", "pillar"),
    "about": ("关于", "about", "规划信息", "基本信息"),
}
GUIDE_SHEET_NAMES = ("填写说明", "how to fill in", "说明", "instructions")

# Accepted headers per column, compared as tracker.reading.header_key compares them (NFKC, lower case, a unit in
# brackets set aside, spaces and - as _). The first Chinese name of each is what a Chinese workbook is written with.
# "source" is a source in either language, sorted by the language it is written in (tracker.plan.sources_by_language).
_SOURCE = {
    "source_zh": ("source_zh", "中文来源", "来源_中文"),
    "source_en": ("source_en", "英文来源", "来源_英文"),
    "source": ("source", "来源", "出处", "数据来源"),
}
_EXAMPLE = {"example": ("example", "示例", "示例行", "example_row")}  # a row marked here is an example: skipped
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "indicators": {
        "id": ("id", "指标编号", "indicator_id", "指标代码", "编号", "指标id"),
        "name_zh": ("name_zh", "指标名称", "中文名称", "名称", "指标名称_中文"),
        "name_en": ("name_en", "英文名称", "指标名称_英文", "english_name"),
        "pillar": ("pillar", "所属支柱", "支柱", "领域", "所属领域"),
        "unit": ("unit", "单位", "计量单位"),
        "unit_en": ("unit_en", "英文单位", "单位_英文"),
        "measure": ("measure", "计量类型", "数据类型"),
        "direction": ("direction", "方向", "指标方向", "变化方向"),
        "pace_method": ("pace_method", "进度算法", "测算方法"),
        "formula": ("formula", "计算公式", "公式"),
        "description_zh": ("description_zh", "中文说明", "指标说明", "指标解释", "说明"),
        "description_en": ("description_en", "英文说明", "说明_英文"),
        **_SOURCE,
        "kind": ("kind", "指标属性", "属性"),
        "owner": ("owner", "责任部门", "牵头部门", "责任单位"),
        "cadence": ("cadence", "统计频率", "发布频率", "频率"),
        **_EXAMPLE,
    },
    "milestones": {
        "milestone_id": ("milestone_id", "目标编号"),
        "indicator_id": ("indicator_id", "指标编号", "指标代码", "指标id", "indicator", "指标"),
        "indicator_name": ("指标名称", "name_zh", "name_en", "英文名称"),  # read where there is no indicator_id
        "target_period": ("target_period", "目标年份", "目标年度", "目标时期", "目标期"),
        "target_value": ("target_value", "目标值", "目标数值"),
        "target_multiple": ("target_multiple", "目标倍数", "倍数", "基期倍数"),
        "baseline_period": ("baseline_period", "基期", "基期年份", "基准年", "基准期"),
        "bound": ("bound", "目标界限", "界限", "达标方式", "比较方式"),
        "quote": ("quote", "原文", "规划原文", "原文表述"),
        **_SOURCE,
        "kind": ("kind", "目标类型", "目标种类"),
        **_EXAMPLE,
    },
    "pillars": {
        "id": ("id", "支柱编号", "pillar", "编号"),
        "order": ("order", "顺序", "序号", "排序"),
        "name_zh": ("name_zh", "支柱名称", "中文名称", "名称"),
        "name_en": ("name_en", "英文名称"),
        "quote": ("quote", "原文", "规划原文"),
        **_EXAMPLE,
    },
}
ABOUT_NAMES = {
    "plan_id": ("plan_id", "方案编号", "规划编号", "编号", "id"),
    "title_zh": ("title_zh", "中文标题", "标题", "规划名称", "title"),
    "title_en": ("title_en", "英文标题", "英文名称"),
    "issuer": ("issuer", "发布单位", "印发单位", "发布机关", "制定单位"),
    "date": ("date", "发布日期", "印发日期", "日期"),
    "source": ("source", "来源", "出处", "网址"),
}
_ABOUT_HEADER_WORDS = frozenset({"key", "value", "项目", "内容", "字段", "取值"})
# Columns kept for people to read (a row number, a note): ignored without a word.
QUIET_HEADERS = frozenset({"序号", "no", "no.", "#", "备注", "note", "notes", "unit", "单位"})
# Columns a table must have (for a source: one of the three); the others may be left out (empty).
REQUIRED_COLUMNS = {
    "indicators": ("id", "name_zh", "name_en", "pillar", "unit", "measure", "direction", "pace_method", "source"),
    "milestones": ("indicator_id", "target_period", "bound", "quote", "source"),
    "pillars": ("id", "order", "name_zh", "name_en"),
}
_KEY_COLUMNS = {"indicators": "id", "milestones": "indicator_id", "pillars": "id"}

# Words a planner writes for each choice, mapped to the tracker's codes (compared after NFKC, lower case).
CHOICES: dict[str, dict[str, str]] = {
    "measure": {"flow": "flow", "流量": "flow", "stock": "stock", "存量": "stock", "ratio": "ratio", "比率": "ratio"},
    "direction": {
        "up": "up",
        "上升": "up",
        "越大越好": "up",
        "正向": "up",
        "down": "down",
        "下降": "down",
        "越小越好": "down",
        "逆向": "down",
    },
    "pace_method": {"cagr": "cagr", "复合增长": "cagr", "年均增长": "cagr", "linear": "linear", "线性": "linear"},
    "bound": {
        "at_least": "at_least",
        "不低于": "at_least",
        "以上": "at_least",
        "≥": "at_least",
        ">=": "at_least",
        "about": "about",
        "左右": "about",
        "约": "about",
        "above": "above",
        "超过": "above",
        "高于": "above",
        ">": "above",
        "at_most": "at_most",
        "不高于": "at_most",
        "不超过": "at_most",
        "以内": "at_most",
        "≤": "at_most",
        "<=": "at_most",
        "below": "below",
        "低于": "below",
        "<": "below",
    },
    "milestone_kind": {
        "level": "level",
        "水平": "level",
        "总量": "level",
        "annual_growth": "annual_growth",
        "年度增速": "annual_growth",
        "年度增长": "annual_growth",
    },
    "indicator_kind": {"binding": "binding", "约束性": "binding", "expected": "expected", "预期性": "expected"},
    "cadence": {
        "annual": "annual",
        "年度": "annual",
        "每年": "annual",
        "quarterly": "quarterly",
        "季度": "quarterly",
        "按季": "quarterly",
        "monthly": "monthly",
        "月度": "monthly",
        "按月": "monthly",
    },
}
# The codes of each choice, in order, and the Chinese word written beside each in messages and templates.
CODES = {
    "measure": MEASURES,
    "direction": DIRECTIONS,
    "pace_method": PACE_METHODS,
    "bound": BOUNDS,
    "milestone_kind": MILESTONE_KINDS,
    "indicator_kind": INDICATOR_KINDS,
    "cadence": CADENCES,
}
CHINESE_WORDS = {
    "flow": "流量",
    "stock": "存量",
    "ratio": "比率",
    "up": "上升",
    "down": "下降",
    "cagr": "复合增长",
    "linear": "线性",
    "at_least": "不低于",
    "about": "左右",
    "above": "超过",
    "at_most": "不超过",
    "below": "低于",
    "level": "水平",
    "annual_growth": "年度增速",
    "binding": "约束性",
    "expected": "预期性",
    "annual": "年度",
    "quarterly": "季度",
    "monthly": "月度",
}
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


@dataclass(frozen=True)
class PlanProblem:
    """One problem in a plan file. ``sheet`` is the sheet as the file names it (or the CSV's name in a zip; the
    file's name for the file as a whole); ``row`` the row as Excel numbers it (title rows counted; None for the sheet
    or file as a whole); ``column`` the header as the file writes it (the expected name for a missing column).
    ``table`` and ``field`` are the same place in the tracker's terms (``milestones``, ``target_value``).
    ``message(lang)`` says where and what to do; ``detail(lang)`` only what to do."""

    sheet: str
    row: int | None
    column: str | None
    code: str
    params: dict = dataclasses.field(default_factory=dict, hash=False)
    table: str = ""
    field: str | None = None
    # the text of another module (a read error's); None: the catalogue's planfile_<code>
    text: Text | None = dataclasses.field(default=None, hash=False)

    def detail(self, lang: str = "zh") -> str:
        if self.text is not None:
            return self.text.render(lang)
        return t(f"planfile_{self.code}", lang, **self.params)

    def where(self, lang: str = "zh") -> str:
        kind = "file" if self.sheet.lower().endswith((".csv", ".zip", ".xlsx")) else "sheet"
        if self.row is None and self.column is None:
            return t(f"planfile_where_{kind}", lang, sheet=self.sheet)
        if self.column is None:
            return t(f"planfile_where_{kind}_row", lang, sheet=self.sheet, row=self.row)
        if self.row is None:
            return t(f"planfile_where_{kind}_column", lang, sheet=self.sheet, column=self.column)
        return t(f"planfile_where_{kind}_cell", lang, sheet=self.sheet, row=self.row, column=self.column)

    def message(self, lang: str = "zh") -> str:
        return t("planfile_located", lang, where=self.where(lang), detail=self.detail(lang))


@dataclass(frozen=True)
class PlanFile:
    """A plan as read from a file, in the tracker's forms where the file could be read (text columns; numbers as
    plain decimal text, periods canonical, choices as codes) and as written where it could not (``problems`` says
    where). Each frame's index is the row the file has it on (Excel's numbering). ``rows_read``: the data rows per
    table (blank and example rows not counted); ``sheets``: the name the file gives each table; ``headers``: per
    table, column -> the header as written; ``ignored_columns``/``ignored_sheets``: what the file holds that a plan
    does not read, for the preview to say so."""

    indicators: pd.DataFrame
    milestones: pd.DataFrame
    pillars: pd.DataFrame
    about: dict
    problems: list[PlanProblem]
    rows_read: dict[str, int]
    sheets: dict[str, str] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    ignored_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignored_sheets: tuple[str, ...] = ()
    examples_skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _key(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


def _table_of_sheet(name: str) -> str | None:
    key = _key(name)
    key = key[:-4] if key.endswith(".csv") else key
    for table, names in SHEET_NAMES.items():
        if key in names:
            return table
    return None


def read_plan_file(
    data: bytes,
    filename: str,
    *,
    known_indicators: pd.DataFrame | None = None,
    known_pillars: pd.DataFrame | None = None,
    figures: pd.DataFrame | None = None,
) -> PlanFile:
    """Read a plan file (an XLSX workbook, or a ZIP of CSVs in GBK or UTF-8) and check it (``check_plan``).

    ``known_indicators``/``known_pillars``: what the store already holds (other plans' indicators, which a milestone
    may name; pillars a plan without a pillars sheet uses). ``figures`` (indicator_id, period): when given, every
    baseline of a typed-in indicator must have a figure. A file that cannot be read at all gives one problem naming
    the file and empty tables; nothing is raised."""
    try:
        sheets, ignored = _read_sheets(data, filename)
    except ReadError as err:
        problem = PlanProblem(filename, None, None, err.code, text=err.text)
        return PlanFile(
            _empty(PLAN_INDICATOR_COLUMNS),
            _empty(PLAN_MILESTONE_COLUMNS),
            _empty(PILLAR_COLUMNS),
            dict.fromkeys(ABOUT_KEYS, ""),
            [problem],
            {},
        )
    problems: list[PlanProblem] = []
    frames: dict[str, pd.DataFrame] = {}
    headers: dict[str, dict[str, str]] = {}
    ignored_columns: dict[str, tuple[str, ...]] = {}
    rows_read: dict[str, int] = {}
    names: dict[str, str] = {}
    examples = 0
    title_row = ""
    for table in TABLES:
        found = [(name, records) for key, name, records in sheets if key == table]
        if len(found) > 1:
            problems.append(
                PlanProblem(found[1][0], None, None, "two_sheets", {"first": found[0][0], "second": found[1][0]}, table)
            )
        if not found:
            if table in REQUIRED_TABLES:
                in_zip = any(name.lower().endswith(".csv") for _, name, _ in sheets)
                problems.append(
                    PlanProblem(
                        f"{table}.csv" if in_zip else t(f"planfile_sheet_{table}", "zh"),
                        None,
                        None,
                        "missing_sheet",
                        {"zh": t(f"planfile_sheet_{table}", "zh"), "en": t(f"planfile_sheet_{table}", "en")},
                        table,
                    )
                )
            continue
        name, records = found[0]
        names[table] = name
        if table == "about":
            about_rows = records
            continue
        read = _read_records(table, name, records)
        problems += read.problems
        frames[table], headers[table] = read.frame, read.headers
        ignored_columns[table] = read.ignored
        rows_read[table] = len(read.frame)
        examples += read.examples
        title_row = title_row or read.title
    about = dict.fromkeys(ABOUT_KEYS, "")
    if "about" in names:
        about, about_problems, rows_read["about"] = _read_about(names["about"], about_rows)
        problems += about_problems
    if not about["title_zh"] and title_row:  # the title an office writes in A1 above the header
        about["title_zh"] = title_row
    indicators = frames.get("indicators", _empty(PLAN_INDICATOR_COLUMNS))
    pillars = frames.get("pillars", _empty(PILLAR_COLUMNS))
    milestones = frames.get("milestones", _empty(PLAN_MILESTONE_COLUMNS))
    indicators = _normalise_indicators(indicators).astype(object)
    pillars = _normalise_pillars(pillars).astype(object)
    units = _units(indicators, known_indicators)
    lookup = _indicator_lookup(indicators, known_indicators)
    milestones = _normalise_milestones(milestones, units, lookup, headers.get("milestones", {})).astype(object)
    plan = PlanFile(
        indicators=indicators,
        milestones=milestones,
        pillars=pillars,
        about=about,
        problems=problems,
        rows_read=rows_read,
        sheets=names,
        headers=headers,
        ignored_columns=ignored_columns,
        ignored_sheets=tuple(ignored),
        examples_skipped=examples,
    )
    if any(p.code in ("missing_sheet", "no_header", "missing_column", "two_sheets") for p in problems):
        return plan  # the tables are not there to check
    problems += check_plan(plan, known_indicators=known_indicators, known_pillars=known_pillars, figures=figures)
    return plan


def plan_from_tables(
    indicators: pd.DataFrame,
    milestones: pd.DataFrame,
    pillars: pd.DataFrame | None = None,
    about: dict | None = None,
    *,
    known_indicators: pd.DataFrame | None = None,
    known_pillars: pd.DataFrame | None = None,
    figures: pd.DataFrame | None = None,
) -> PlanFile:
    """Text tables (the columns of data/*.csv; more or fewer) read and checked as a plan file's sheets are: the words
    a planner types (不低于, 5000家以上, 2030年) become the tracker's forms, and ``problems`` names each row as a CSV
    of the table would (the header is row 1: a frame's first row is row 2) on the sheets indicators, milestones and
    pillars. For an edit made in the app (a milestone's target, period, bound or quote): the same checks as a file."""
    frames = {}
    for table, frame, columns in (
        ("indicators", indicators, PLAN_INDICATOR_COLUMNS),
        ("milestones", milestones, PLAN_MILESTONE_COLUMNS),
        ("pillars", pillars if pillars is not None else _empty(PILLAR_COLUMNS), PILLAR_COLUMNS),
    ):
        frame = _with_id_column(frame) if table != "milestones" else frame.reset_index(drop=True)
        if "source" in frame.columns and not {"source_zh", "source_en"} <= set(frame.columns):  # a legacy source
            frame = sources_by_language(frame.assign(**{c: frame.get(c, "") for c in ("source_zh", "source_en")}))
        frame = frame.reindex(columns=columns).astype(object)
        frame = frame.where(frame.notna(), "").map(_text)
        frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
        frames[table] = frame
    names = {table: table for table in TABLES}
    indicators = _normalise_indicators(frames["indicators"]).astype(object)
    lookup = _indicator_lookup(indicators, known_indicators)
    plan = PlanFile(
        indicators=indicators,
        milestones=_normalise_milestones(frames["milestones"], _units(indicators, known_indicators), lookup, {}).astype(
            object
        ),
        pillars=_normalise_pillars(frames["pillars"]).astype(object),
        about={**dict.fromkeys(ABOUT_KEYS, ""), **(about or {})},
        problems=[],
        rows_read={table: len(frames[table]) for table in ("indicators", "milestones", "pillars")},
        sheets=names,
    )
    plan.problems.extend(
        check_plan(plan, known_indicators=known_indicators, known_pillars=known_pillars, figures=figures)
    )
    return plan


# Reading the sheets: an XLSX under tracker.xlsx's caps, or CSVs in a zip under this module's.


def _read_sheets(data: bytes, filename: str) -> tuple[list[tuple[str, str, list[tuple[str, ...]]]], list[str]]:
    """(table, sheet name, rows of text cells from row 1) for each sheet a plan reads, and the names of the others."""
    if not data or not data.strip():
        raise ReadError("empty_file")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("old_excel")
    if not data.startswith(b"PK\x03\x04"):
        raise ReadError("planfile_not_plan", "planfile_not_plan")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise ReadError("bad_xlsx", error=err) from None
    with archive:
        names = {info.filename.lower() for info in archive.infolist()}
        if "[content_types].xml" in names or "xl/workbook.xml" in names:
            return _xlsx_sheets(archive)
        return _zip_sheets(archive)


def _xlsx_sheets(archive: zipfile.ZipFile) -> tuple[list, list[str]]:
    from tracker.xlsx import _damaged, _Workbook

    try:
        book = _Workbook(archive)
        found, ignored = [], []
        for index, (name, _, _) in enumerate(book.sheets):
            table = _table_of_sheet(name)
            if table is None:
                if _key(name) not in GUIDE_SHEET_NAMES and book.holds_data(index):
                    ignored.append(name)
                continue
            found.append((table, name, book.records(index)))
        return found, ignored
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


def _zip_sheets(archive: zipfile.ZipFile) -> tuple[list, list[str]]:
    from tracker.reading import _check_line_lengths, _decode_as

    members = [
        info
        for info in archive.infolist()
        if not info.is_dir() and not info.filename.startswith("__MACOSX/") and not info.filename.endswith(".DS_Store")
    ]
    if len(members) > MAX_ZIP_MEMBERS:
        raise ReadError("planfile_zip_members", "planfile_zip_members", count=len(members), limit=MAX_ZIP_MEMBERS)
    total = sum(info.file_size for info in members)
    if total > MAX_ZIP_BYTES or any(info.file_size > MAX_CSV_BYTES for info in members):
        raise ReadError("planfile_zip_too_big", "planfile_zip_too_big", limit=MAX_CSV_BYTES // 1024**2)
    found, ignored = [], []
    for info in members:
        name = info.filename.rsplit("/", 1)[-1]
        table = _table_of_sheet(name) if name.lower().endswith(".csv") else None
        if table is None:
            ignored.append(name)
            continue
        try:
            with archive.open(info) as member:
                raw = member.read(MAX_CSV_BYTES + 1)  # counted again: the directory's size may lie
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as err:
            raise ReadError("planfile_bad_zip", "planfile_bad_zip", member=name, error=err) from None
        if len(raw) > MAX_CSV_BYTES:
            raise ReadError("planfile_zip_too_big", "planfile_zip_too_big", limit=MAX_CSV_BYTES // 1024**2)
        if not raw.strip():
            found.append((table, name, []))
            continue
        _check_line_lengths(raw)
        text, _ = _decode_as(raw)
        found.append((table, name, _csv_rows(table, text)))
    if not found:
        raise ReadError("planfile_not_plan", "planfile_not_plan")
    return found, ignored


def _csv_rows(table: str, text: str) -> list[tuple[str, ...]]:
    """The CSV's records (one per row as Excel shows it), split by the delimiter that finds the most headers."""
    best: tuple[int, list[tuple[str, ...]]] | None = None
    for delimiter in DELIMITERS:
        records: list[tuple[str, ...]] = []
        try:
            records.extend(tuple(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as err:
            if "field limit" in str(err):
                raise ReadError("bad_csv", "csv_cell_too_long", row=len(records) + 1) from None
            raise ReadError("bad_csv", row=len(records) + 1, error=err) from None
        if table == "about":
            score = max((len(r) for r in records[:HEADER_SEARCH_ROWS]), default=0) == 2
        else:
            score = max((len(_roles(table, r)) for r in records[:HEADER_SEARCH_ROWS]), default=0)
        if best is None or score > best[0]:
            best = (score, records)
    return best[1]


def _column_of(table: str, header: str) -> str | None:
    key = header_key(header)[0]
    for column, names in HEADERS[table].items():
        if key in names:
            return column
    return None


def _roles(table: str, record: tuple[str, ...]) -> set[str]:
    return {c for c in (_column_of(table, cell) for cell in record if str(cell).strip()) if c}


@dataclass
class _Read:
    frame: pd.DataFrame
    headers: dict[str, str]
    ignored: tuple[str, ...]
    problems: list[PlanProblem]
    examples: int
    title: str


def _read_records(table: str, sheet: str, records: list[tuple[str, ...]]) -> _Read:
    """One table's rows under its header (found among the first rows: the row naming most of its columns)."""
    columns = {
        "indicators": PLAN_INDICATOR_COLUMNS,
        "milestones": PLAN_MILESTONE_COLUMNS,
        "pillars": PILLAR_COLUMNS,
    }[table]
    scores = [len(_roles(table, r)) for r in records[:HEADER_SEARCH_ROWS]]
    best = max(scores, default=0)
    if best < 2:
        expected = Listing(tuple(HEADERS[table][c][1] for c in REQUIRED_COLUMNS[table] if c != "source"))
        problem = PlanProblem(sheet, None, None, "no_header", {"expected": expected, "rows": HEADER_SEARCH_ROWS}, table)
        return _Read(_empty(columns), {}, (), [problem], 0, "")
    at = scores.index(best)
    header_row = at + 1
    title = next((c.strip() for r in records[:at] for c in r if c.strip()), "")
    problems: list[PlanProblem] = []
    where: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(records[at]):
        cell = str(cell).strip()
        if not cell:
            continue
        column = _column_of(table, cell)
        if column is None:
            if header_key(cell)[0] not in QUIET_HEADERS:
                ignored.append(cell)
            continue
        if column in where:
            problems.append(
                PlanProblem(
                    sheet, header_row, cell, "duplicate_column", {"first": headers[column]}, table, _public(column)
                )
            )
            continue
        where[column], headers[column] = index, cell
    chinese = any(not str(c).isascii() for c in records[at])
    for column in REQUIRED_COLUMNS[table]:
        present = (
            any(c in where for c in ("source", "source_zh", "source_en"))
            if column == "source"
            else column in where or (column == "indicator_id" and "indicator_name" in where)
        )
        if not present:
            public = "source_zh" if column == "source" else column
            names = HEADERS[table][public]
            problems.append(
                PlanProblem(
                    sheet,
                    header_row,
                    _header(table, public, "zh" if chinese else "en"),  # named as the file's other headers are
                    "missing_column",
                    {"names": Listing(names)},
                    table,
                    "source_zh" if column == "source" else column,
                )
            )
    rows, numbers, examples = [], [], 0
    for number, record in enumerate(records[at + 1 :], start=header_row + 1):
        cells = {c: (record[i].strip() if i < len(record) else "") for c, i in where.items()}
        if not any(cells.values()):
            continue
        if cells.pop("example", ""):
            examples += 1
            continue
        rows.append(cells)
        numbers.append(number)
    frame = pd.DataFrame(rows, index=pd.Index(numbers, name="row"), columns=[c for c in where if c != "example"])
    frame = frame.fillna("").astype(object)
    if "source" in frame or {"source_zh", "source_en"} & set(frame.columns):
        for c in ("source_zh", "source_en"):
            if c not in frame:
                frame[c] = ""
        frame = sources_by_language(frame)
        if "source" in headers:
            for c in ("source_zh", "source_en"):
                headers.setdefault(c, headers["source"])
    for c in columns:
        if c not in frame:
            frame[c] = ""
    if table == "milestones" and "indicator_name" in frame:
        frame["indicator_id"] = frame["indicator_id"].where(frame["indicator_id"] != "", frame["indicator_name"])
        headers.setdefault("indicator_id", headers["indicator_name"])
    return _Read(frame[columns], headers, tuple(ignored), problems, examples, title)


def _public(column: str) -> str:
    return {"source": "source_zh", "indicator_name": "indicator_id"}.get(column, column)


def _read_about(sheet: str, records: list[tuple[str, ...]]) -> tuple[dict, list[PlanProblem], int]:
    """The about sheet's key/value rows (a header row and a title row tolerated); unknown keys kept as written."""
    about = dict.fromkeys(ABOUT_KEYS, "")
    problems: list[PlanProblem] = []
    seen: dict[str, int] = {}
    count = 0
    key_column, value_column = "A", "B"  # the sheet's own headers where it has a header row (项目 / 内容)
    for number, record in enumerate(records, start=1):
        cells = [str(c).strip() for c in record]
        name = cells[0] if cells else ""
        value = cells[1] if len(cells) > 1 else ""
        if _key(name) in _ABOUT_HEADER_WORDS:
            key_column, value_column = name, value or value_column
            continue
        if not name:
            continue
        key = next((k for k, names in ABOUT_NAMES.items() if header_key(name)[0] in names), None)
        if key is None:
            if value:
                about[name] = value
                count += 1
            continue
        count += bool(value)
        if key in seen:
            problems.append(
                PlanProblem(sheet, number, key_column, "about_twice", {"key": name, "first": seen[key]}, "about")
            )
            continue
        seen[key] = number
        if key == "date" and value:
            date = _date(value)
            if date is None:
                problems.append(PlanProblem(sheet, number, value_column, "bad_date", {"text": value}, "about", "date"))
            else:
                value = date
        if key == "plan_id" and value and not _PLAN_ID.match(value):
            problems.append(PlanProblem(sheet, number, value_column, "bad_plan_id", {"id": value}, "about", "plan_id"))
        about[key] = value
    return about, problems, count


def _date(text: str) -> str | None:
    """A plan's date as YYYY-MM-DD (or YYYY-MM, YYYY where that is all it says); None when it is not a date."""
    text = unicodedata.normalize("NFKC", text).strip()
    match = re.fullmatch(r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)?)?年?", text)
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        if day:
            return dt.date(int(year), int(month), int(day)).isoformat()
        if month:
            return f"{int(year):04d}-{dt.date(int(year), int(month), 1).month:02d}"
    except ValueError:
        return None
    return year


# Process: what the file says, in the tracker's forms ------------------------------------------------------------------


def number_text(value: float) -> str:
    """A number as a plan's CSV writes it and an XLSX cell shows it: 22 not 22.0, 0.07, 3238.6."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(float(value), ".15g")


def _choice(text: str, kind: str) -> str:
    """The code for a word a planner writes ("不低于" -> "at_least"); the text as written when it is none."""
    return CHOICES[kind].get(_key(text), text) if text else ""


def _period(text: str) -> str:
    try:
        return canonical(text) if text else ""
    except PeriodError:
        return text


def _normalise_indicators(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["unit"] = frame["unit"].map(lambda u: unicodedata.normalize("NFKC", u).strip())
    for column, kind in (("measure", "measure"), ("direction", "direction"), ("pace_method", "pace_method")):
        frame[column] = frame[column].map(lambda v, k=kind: _choice(v, k))
    frame["kind"] = frame["kind"].map(lambda v: _choice(v, "indicator_kind"))
    frame["cadence"] = frame["cadence"].map(lambda v: _choice(v, "cadence"))
    return frame


def _normalise_pillars(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["order"] = frame["order"].map(lambda v: unicodedata.normalize("NFKC", v).strip())
    return frame


def _units(indicators: pd.DataFrame, known: pd.DataFrame | None) -> dict[str, str]:
    units = dict(zip(_ids(known), _known_column(known, "unit"), strict=True)) if known is not None else {}
    units.update(zip(indicators["id"], indicators["unit"], strict=True))
    return units


def _ids(frame: pd.DataFrame | None) -> list[str]:
    if frame is None:
        return []
    return [str(i) for i in (frame["id"] if "id" in frame.columns else frame.index)]


def _known_column(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame.columns:
        return [""] * len(frame)
    return ["" if pd.isna(v) else str(v) for v in frame[column]]


def _indicator_lookup(indicators: pd.DataFrame, known: pd.DataFrame | None) -> dict[str, str]:
    """Normalised id or name -> id, for a milestone that names its indicator (an id wins over a name)."""
    lookup: dict[str, str] = {}
    for frame in (known, indicators):
        if frame is None:
            continue
        ids = _ids(frame)
        for column in ("name_en", "name_zh"):
            for ident, name in zip(ids, _known_column(frame, column), strict=True):
                if name.strip():
                    lookup[_key(name)] = ident
    for frame in (known, indicators):
        for ident in _ids(frame):
            lookup[_key(ident)] = ident
    return lookup


def _target_number(text: str, unit: str, kind: str, header_unit: str = "") -> str:
    """A target cell as plain decimal text in the indicator's unit ("4000家" -> "4000", "1.2万亿" in 亿元 ->
    "12000"); an annual growth target as a fraction ("7%" -> "0.07"). The text as written when it cannot be read."""
    if not text:
        return ""
    try:
        return number_text(float(text))
    except ValueError:
        pass
    try:
        if kind == "annual_growth":
            written = normalise(text)
            if written.endswith("%"):
                return number_text(round(parse_value(written, "%") / 100, 12))
            return number_text(parse_value(written, "%"))
        if unit in KNOWN_UNITS:
            return number_text(parse_value(text, unit, header_unit))
    except (ValueParseError, KeyError):
        return text
    return text


def _multiple(text: str) -> str:
    """A multiple of the baseline ("2倍", "2 times") as plain decimal text; as written when it is not one."""
    if not text:
        return ""
    bare = re.sub(r"(倍|times|x)$", "", normalise(text), flags=re.IGNORECASE)
    try:
        return number_text(float(bare))
    except ValueError:
        return text


def _normalise_milestones(
    frame: pd.DataFrame, units: dict[str, str], lookup: dict[str, str], headers: dict[str, str]
) -> pd.DataFrame:
    frame = frame.copy()
    frame["indicator_id"] = frame["indicator_id"].map(lambda v: lookup.get(_key(v), v) if v else v)
    frame["kind"] = frame["kind"].map(lambda v: _choice(v, "milestone_kind") if v else "level")
    frame["bound"] = frame["bound"].map(lambda v: _choice(v, "bound"))
    frame["target_period"] = frame["target_period"].map(_period)
    frame["baseline_period"] = frame["baseline_period"].map(_period)
    header_unit = header_key(headers.get("target_value", ""))[1]
    targets = [
        _worded_target(v, units.get(i, ""), k, header_unit)
        for v, i, k in zip(frame["target_value"], frame["indicator_id"], frame["kind"], strict=True)
    ]
    frame["target_value"] = [number for number, _ in targets]
    frame["bound"] = [given or word for given, (_, word) in zip(frame["bound"], targets, strict=True)]
    frame["target_multiple"] = frame["target_multiple"].map(_multiple)
    frame["milestone_id"] = milestone_ids(frame)
    return frame


# The words of a bound a target cell may carry before or after its number ("不低于20%", "5000家以上"), as the bound
# column reads them; a bound column that says otherwise wins.
_BOUND_PREFIXES = ("不低于", "不高于", "不超过", "超过", "高于", "低于", "约")
_BOUND_SUFFIXES = ("以上", "左右", "以内")


def _worded_target(text: str, unit: str, kind: str, header_unit: str) -> tuple[str, str]:
    """(the target as plain decimal text, the bound its words say or ""): "5000家以上" -> ("5000", "at_least").
    A cell that cannot be read stays as written, words and all, so that its problem quotes it."""
    number = _target_number(text, unit, kind, header_unit)
    if number != text or not text:
        return number, ""
    rest = unicodedata.normalize("NFKC", str(text)).strip().removeprefix("达到")
    for word in _BOUND_PREFIXES:
        if rest.startswith(word):
            number = _target_number(rest[len(word) :].strip(), unit, kind, header_unit)
            return (number, CHOICES["bound"][word]) if number != rest[len(word) :].strip() else (text, "")
    for word in _BOUND_SUFFIXES:
        if rest.endswith(word):
            number = _target_number(rest[: -len(word)].strip(), unit, kind, header_unit)
            return (number, CHOICES["bound"][word]) if number != rest[: -len(word)].strip() else (text, "")
    return text, ""


def milestone_ids(milestones: pd.DataFrame) -> list[str]:
    """Each milestone's stable id: its own where it has one, else tracker.plan.milestone_id_for's
    (``{indicator_id}-{target_period}``, with ``-{kind}`` for a kind other than level) numbered -2, -3, ... where that
    id is taken; in row order, so the same rows always get the same ids."""
    given = milestones["milestone_id"] if "milestone_id" in milestones else pd.Series("", index=milestones.index)
    given = given.fillna("").astype(str).str.strip()
    taken = set(given[given != ""])
    kinds = milestones["kind"] if "kind" in milestones else pd.Series("level", index=milestones.index)
    ids = []
    for own, indicator, period, kind in zip(
        given, milestones["indicator_id"], milestones["target_period"], kinds.fillna("level"), strict=True
    ):
        if own:
            ids.append(own)
            continue
        base = milestone_id_for(indicator, period, kind)
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate)
        ids.append(candidate)
    return ids


# Checks ---------------------------------------------------------------------------------------------------------------


def _choices_text(kind: str) -> Listing:
    """The codes of a choice with the Chinese word each is also written as: at_least（不低于）、about（左右）."""
    return Listing(tuple(Text("planfile_choice", {"code": code, "word": CHINESE_WORDS[code]}) for code in CODES[kind]))


def check_plan(
    plan: PlanFile,
    *,
    known_indicators: pd.DataFrame | None = None,
    known_pillars: pd.DataFrame | None = None,
    figures: pd.DataFrame | None = None,
    units: tuple[str, ...] = KNOWN_UNITS,
) -> list[PlanProblem]:
    """Every problem in a plan's tables (as read_plan_file leaves them, or as an edit changed them), each naming its
    sheet, row (the frame's index) and column (the file's header, or the column's name); empty when the plan may be
    stored. A milestone may name an indicator of ``known_indicators``; an indicator a pillar of ``known_pillars``;
    ``figures`` (indicator_id, period), when given, must hold each typed-in indicator's baseline."""
    problems: list[PlanProblem] = []

    def at(table: str, row: int | None, column: str | None, code: str, **params: object) -> None:
        sheet = plan.sheets.get(table) or t(f"planfile_sheet_{table}", "zh")
        header = plan.headers.get(table, {}).get(column, column) if column else None
        problems.append(PlanProblem(sheet, _row(row), header, code, params, table, column))

    pillars, indicators, milestones = plan.pillars, plan.indicators, plan.milestones
    first_pillar: dict[str, int] = {}
    for row, p in pillars.iterrows():
        if not p["id"]:
            at("pillars", row, "id", "pillar_no_id")
        elif p["id"] in first_pillar:
            at("pillars", row, "id", "duplicate_pillar", id=p["id"], first=first_pillar[p["id"]])
        else:
            first_pillar[p["id"]] = row
        if not p["order"].isdigit():
            at("pillars", row, "order", "bad_order", text=p["order"])
        for column in ("name_zh", "name_en"):
            if not p[column]:
                at("pillars", row, column, f"pillar_no_{column}")
    pillar_ids = set(first_pillar) | set(_ids(known_pillars))

    known_ids = set(_ids(known_indicators))
    all_ids = set(indicators["id"]) | known_ids
    first_indicator: dict[str, int] = {}
    for row, ind in indicators.iterrows():
        ident = ind["id"]
        if not ident:
            at("indicators", row, "id", "no_id")
        elif not _SNAKE.match(ident):
            at("indicators", row, "id", "bad_id", id=ident)
        elif ident in first_indicator:
            at("indicators", row, "id", "duplicate_indicator", id=ident, first=first_indicator[ident])
        else:
            first_indicator[ident] = row
        for column in ("name_zh", "name_en"):
            if not ind[column]:
                at("indicators", row, column, f"no_{column}")
        if ind["pillar"] not in pillar_ids:
            listed = Listing(tuple(sorted(pillar_ids)))
            code = ("unknown_pillar" if ind["pillar"] else "no_pillar") if pillar_ids else "no_pillars_known"
            at("indicators", row, "pillar", code, pillar=ind["pillar"], pillars=listed)
        if ind["unit"] not in units:
            code = "unknown_unit" if ind["unit"] else "no_unit"
            at("indicators", row, "unit", code, unit=ind["unit"], units=" ".join(units))
        for column, kind in (("measure", "measure"), ("direction", "direction"), ("pace_method", "pace_method")):
            if ind[column] not in CODES[kind]:
                _bad_choice(at, "indicators", row, column, ind[column], kind)
        for column, kind in (("kind", "indicator_kind"), ("cadence", "cadence")):
            if ind[column] and ind[column] not in CODES[kind]:
                _bad_choice(at, "indicators", row, column, ind[column], kind)
        if not (ind["source_zh"] or ind["source_en"]):
            at("indicators", row, "source_zh", "indicator_no_source")
        if ind["formula"]:
            try:
                unknown = sorted(formula_references(ind["formula"]) - all_ids)
            except ValueError:
                at("indicators", row, "formula", "bad_formula", formula=ind["formula"])
            else:
                if unknown:
                    at(
                        "indicators",
                        row,
                        "formula",
                        "formula_unknown",
                        names=Listing(tuple(unknown)),
                        suggestion=_suggestion(unknown[0], {i: i for i in all_ids}),
                    )

    lookup = _indicator_lookup(indicators, known_indicators)
    formulas = _formulas(indicators, known_indicators)
    unit_of = _units(indicators, known_indicators)
    figure_keys = set()
    if figures is not None:
        figure_keys = set(zip(figures["indicator_id"].astype(str), figures["period"].astype(str), strict=True))
    # An indicator without any figure yet (a blank store's first plan) cannot have its baseline's: it comes next.
    with_figures = {indicator for indicator, _ in figure_keys}
    if milestones.empty:
        at("milestones", None, None, "no_milestones")
    first_id: dict[str, int] = {}
    first_target: dict[tuple[str, str], int] = {}
    for row, m in milestones.iterrows():
        indicator = m["indicator_id"]
        if not indicator:
            at("milestones", row, "indicator_id", "milestone_no_indicator")
        elif indicator not in all_ids:
            at(
                "milestones",
                row,
                "indicator_id",
                "unknown_indicator",
                id=indicator,
                suggestion=_suggestion(indicator, lookup),
            )
        made = m["milestone_id"].startswith(f"{indicator}-{m['target_period']}")  # made here: its parts are checked
        if not made and not all(c.isascii() and (c.isalnum() or c in "-_.") for c in m["milestone_id"]):
            at("milestones", row, "milestone_id", "bad_milestone_id", id=m["milestone_id"])
        if m["milestone_id"] in first_id:
            at(
                "milestones",
                row,
                "milestone_id",
                "duplicate_milestone_id",
                id=m["milestone_id"],
                first=first_id[m["milestone_id"]],
            )
        else:
            first_id[m["milestone_id"]] = row
        kind = m["kind"] or "level"
        if kind not in MILESTONE_KINDS:
            _bad_choice(at, "milestones", row, "kind", kind, "milestone_kind")
        target = _checked_period(at, row, "target_period", m["target_period"], required=True)
        baseline = _checked_period(at, row, "baseline_period", m["baseline_period"], required=False)
        if target is not None:
            key = (indicator, target.label)  # one target per indicator and period, as tracker.plan has it
            if key in first_target:
                at(
                    "milestones",
                    row,
                    "target_period",
                    "duplicate_milestone",
                    period=target.label,
                    first=first_target[key],
                )
            else:
                first_target[key] = row
        if target is not None and baseline is not None and target.sort_key <= baseline.sort_key:
            at(
                "milestones",
                row,
                "target_period",
                "target_before_baseline",
                target=target.label,
                baseline=baseline.label,
            )
        value = _checked_number(at, row, "target_value", m["target_value"], unit_of.get(indicator, ""))
        multiple = _checked_number(at, row, "target_multiple", m["target_multiple"], "")
        if value is not False and multiple is not False and (value is None) == (multiple is None):
            at("milestones", row, "target_value", "value_or_multiple")
        if multiple not in (None, False) and not m["baseline_period"]:
            at("milestones", row, "baseline_period", "multiple_needs_baseline")
        if kind == "annual_growth":
            if value is not False and not (value is not None and multiple is None and -1 < value < 1):
                at("milestones", row, "target_value", "growth_fraction")
            if m["baseline_period"]:
                at("milestones", row, "baseline_period", "growth_no_baseline")
            if target is not None and not target.is_annual:
                at("milestones", row, "target_period", "growth_one_year", period=target.label)
        if m["bound"] not in BOUNDS:
            _bad_choice(at, "milestones", row, "bound", m["bound"], "bound")
        if not m["quote"]:
            at("milestones", row, "quote", "no_quote")
        if not (m["source_zh"] or m["source_en"]):
            at("milestones", row, "source_zh", "no_source")
        if (
            figures is not None
            and baseline is not None
            and indicator in all_ids
            and not formulas.get(indicator)
            and indicator in with_figures
            and (indicator, baseline.label) not in figure_keys
        ):
            at("milestones", row, "baseline_period", "baseline_no_figure", id=indicator, period=baseline.label)
    return problems


def _row(row: object) -> int | None:
    return int(row) if isinstance(row, int | float) and not pd.isna(row) else None


def _formulas(indicators: pd.DataFrame, known: pd.DataFrame | None) -> dict[str, str]:
    formulas = dict(zip(_ids(known), _known_column(known, "formula"), strict=True)) if known is not None else {}
    formulas.update(zip(indicators["id"], indicators["formula"], strict=True))
    return formulas


def _bad_choice(at, table: str, row: int, column: str, value: str, kind: str) -> None:
    at(table, row, column, "bad_choice" if value else "no_choice", value=value, choices=_choices_text(kind))


def _checked_period(at, row: int, column: str, text: str, required: bool):
    """The milestone's period (a tracker.periods.Period); None, with a problem, when it is missing or unreadable."""
    if not text:
        if required:
            at("milestones", row, column, "no_period")
        return None
    try:
        return parse_period(text)
    except PeriodError as err:
        at("milestones", row, column, "bad_period", text=text, why=err.text)
        return None


def _checked_number(at, row: int, column: str, text: str, unit: str) -> float | None | bool:
    """The cell's number; None when it is empty; False, with a problem, when it cannot be read."""
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    if unit not in KNOWN_UNITS:  # an unknown indicator or unit is the problem to name, not a number in some unit
        for some_unit in KNOWN_UNITS:
            try:
                return parse_value(text, some_unit)
            except ValueParseError:
                continue
    try:  # why it could not be read, in the indicator's unit where it has one
        parse_value(text, unit if unit in KNOWN_UNITS else "个")
        why = Text("planfile_not_plain", {})
    except ValueParseError as err:
        why = err.text
    at("milestones", row, column, "bad_number", text=text, why=why)
    return False


def _suggestion(text: str, lookup: dict[str, str]) -> Text | str:
    """ "，是否是“gdp”？" / "; did you mean 'gdp'?" for the closest id or name, or "" when none is close."""
    match = difflib.get_close_matches(_key(text), list(lookup), n=1, cutoff=0.6)
    return Text("planfile_did_you_mean", {"id": lookup[match[0]]}) if match else ""


# Save: the plan as a workbook that read_plan_file reads back --------------------------------------------------------

_NUMBER_COLUMNS = {"target_value", "target_multiple"}


def _header(table: str, column: str, lang: str) -> str:
    """The header a workbook in ``lang`` writes: the column's name in English (as data/*.csv), its first Chinese
    name in Chinese."""
    if lang == "en":
        return column
    return next(n for n in HEADERS[table][column] if not n.isascii())


def _sheet_frame(frame: pd.DataFrame, table: str, columns: list[str], lang: str) -> pd.DataFrame:
    frame = frame.reset_index(drop=True).reindex(columns=columns).astype(object)
    frame = frame.where(frame.notna(), "")
    for column in columns:
        if column in _NUMBER_COLUMNS:
            frame[column] = [_cell_number(v) for v in frame[column]]
        elif table == "pillars" and column == "order":
            frame[column] = [int(v) if str(v).strip().isdigit() else str(v) for v in frame[column]]
        else:
            frame[column] = [_text(v) for v in frame[column]]
    frame.columns = [_header(table, c, lang) for c in columns]
    return frame


def _text(value: object) -> str:
    if isinstance(value, float):
        return number_text(value)
    return str(value).strip()


def _cell_number(value: object) -> object:
    """A number cell where the text is a number (Excel shows it as the number), else the text."""
    text = _text(value)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _about_frame(about: dict, lang: str) -> pd.DataFrame:
    rows = [(_about_name(key, lang), about.get(key, "") or "") for key in ABOUT_KEYS]
    rows += [(key, value) for key, value in about.items() if key not in ABOUT_KEYS and value]
    return pd.DataFrame(rows, columns=[t("planfile_about_key", lang), t("planfile_about_value", lang)])


def _about_name(key: str, lang: str) -> str:
    return key if lang == "en" else next(n for n in ABOUT_NAMES[key] if not n.isascii())


def _sheet_name(table: str, lang: str) -> str:
    return t(f"planfile_sheet_{table}", lang)


def write_plan_workbook(
    indicators: pd.DataFrame,
    milestones: pd.DataFrame,
    pillars: pd.DataFrame | None,
    about: dict | None,
    *,
    lang: str = "zh",
) -> bytes:
    """The plan as an XLSX workbook (sheets 指标, 目标, 支柱, 关于 in Chinese; indicators, milestones, pillars, about
    in English) that ``read_plan_file`` reads back as the same tables. ``indicators`` may be indexed by id;
    milestones without a ``milestone_id`` get theirs (``milestone_ids``)."""
    from tracker.export import sheets_xlsx

    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    indicators = _with_id_column(indicators)
    milestones = milestones.reset_index(drop=True).copy()
    for column in MILESTONE_COLUMNS:
        if column not in milestones:
            milestones[column] = ""
    milestones["target_period"] = milestones["target_period"].astype(str)
    milestones["kind"] = milestones["kind"].fillna("").replace("", "level")
    if "milestone_id" not in milestones or milestones["milestone_id"].fillna("").eq("").any():
        milestones["milestone_id"] = milestone_ids(milestones)
    sheets = [
        (_sheet_frame(indicators, "indicators", PLAN_INDICATOR_COLUMNS, lang), _sheet_name("indicators", lang)),
        (_sheet_frame(milestones, "milestones", PLAN_MILESTONE_COLUMNS, lang), _sheet_name("milestones", lang)),
    ]
    if pillars is not None:
        pillars = _with_id_column(pillars)
        sheets.append((_sheet_frame(pillars, "pillars", PILLAR_COLUMNS, lang), _sheet_name("pillars", lang)))
    sheets.append((_about_frame(about or {}, lang), _sheet_name("about", lang)))
    return sheets_xlsx(sheets)


def _with_id_column(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its ids in an ``id`` column (a store's or a Plan's frames are indexed by id)."""
    if "id" in frame.columns:
        return frame.reset_index(drop=True)
    frame = frame.reset_index()
    return frame.rename(columns={frame.columns[0]: "id"})


def plan_template(lang: str = "zh") -> bytes:
    """An empty plan workbook in ``lang``: each sheet's headers with one example row, marked in its first column
    (示例/example: read_plan_file skips it, so the template imports as it is without storing the example), and a
    sheet explaining each column and the words each choice accepts."""
    from tracker.export import sheets_xlsx

    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    mark = t("planfile_example_mark", lang)
    examples = {
        "indicators": {
            "id": "gdp",
            "name_zh": "地区生产总值",
            "name_en": "GDP",
            "pillar": "growth",
            "unit": "亿元",
            "unit_en": "100 million yuan",
            "measure": "flow" if lang == "en" else "流量",
            "direction": "up" if lang == "en" else "上升",
            "pace_method": "cagr" if lang == "en" else "复合增长",
            "source_zh": "统计局",
            "kind": "expected" if lang == "en" else "预期性",
            "cadence": "annual" if lang == "en" else "年度",
        },
        "milestones": {
            "indicator_id": "gdp",
            "target_period": "2030",
            "target_multiple": 2.0,
            "baseline_period": "2025",
            "bound": "at_least" if lang == "en" else "不低于",
            "quote": t("planfile_example_quote", lang),
            "source_zh": t("planfile_example_source", "zh"),
            "source_en": t("planfile_example_source", "en"),
            "kind": "level" if lang == "en" else "水平",
        },
        "pillars": {"id": "growth", "order": 1, "name_zh": "高质量发展", "name_en": "High-quality growth"},
    }
    columns = {"indicators": PLAN_INDICATOR_COLUMNS, "milestones": PLAN_MILESTONE_COLUMNS, "pillars": PILLAR_COLUMNS}
    sheets = []
    for table in ("indicators", "milestones", "pillars"):
        row = {c: examples[table].get(c, "") for c in columns[table]}
        frame = _sheet_frame(pd.DataFrame([row]), table, columns[table], lang)
        frame.insert(0, _header(table, "example", lang) if lang == "zh" else "example", [mark])
        sheets.append((frame, _sheet_name(table, lang)))
    sheets.append((_about_frame({}, lang), _sheet_name("about", lang)))
    sheets.append((_guide(lang), t("planfile_sheet_guide", lang)))
    return sheets_xlsx(sheets)


GUIDE_FORMS = ("unit", "formula", "source_zh", "milestone_id", "target_period", "target_value", "target_multiple")
GUIDE_FORMS += ("baseline_period",)


def _guide(lang: str) -> pd.DataFrame:
    """The template's explanation: one row per column of each sheet (its header in both languages, required or
    not, the accepted words), then the notes."""
    rows = []
    for table in ("indicators", "milestones", "pillars"):
        for column in HEADERS[table]:
            if column in ("source", "indicator_name", "example"):
                continue
            kind = {"kind": "indicator_kind" if table == "indicators" else "milestone_kind"}.get(column, column)
            accepted = _choices_text(kind).render(lang) if kind in CODES else ""
            if column in GUIDE_FORMS:
                accepted = t(f"planfile_forms_{column}", lang, units=" ".join(KNOWN_UNITS))
            required = column in REQUIRED_COLUMNS[table] or (column == "source_zh" and table != "pillars")
            rows.append(
                (
                    _sheet_name(table, lang),
                    " / ".join(dict.fromkeys((_header(table, column, "zh"), column))),
                    t("guide_required" if required else "guide_optional", lang),
                    accepted,
                )
            )
    rows.append(("", "", "", ""))
    rows += [
        (t(key, lang), "", "", "") for key in ("planfile_guide_example", "planfile_guide_all", "planfile_guide_ids")
    ]
    headers = [t(f"planfile_guide_head_{k}", lang) for k in ("sheet", "column", "required", "accepted")]
    return pd.DataFrame(rows, columns=headers)


# Compare: what a new plan changes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowChange:
    """One indicator or milestone in both plans, with the fields that differ: field -> (old, new) as text."""

    key: str
    fields: dict = field(hash=False)


@dataclass(frozen=True)
class PlanDiff:
    """Indicators and pillars (by id) and milestones (by milestone_id) a new plan adds, changes and removes, each in
    plan order."""

    indicators_added: tuple[str, ...] = ()
    indicators_changed: tuple[RowChange, ...] = ()
    indicators_removed: tuple[str, ...] = ()
    milestones_added: tuple[str, ...] = ()
    milestones_changed: tuple[RowChange, ...] = ()
    milestones_removed: tuple[str, ...] = ()
    pillars_added: tuple[str, ...] = ()
    pillars_changed: tuple[RowChange, ...] = ()
    pillars_removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f) for f in self.__dataclass_fields__)

    def summary(self, lang: str = "zh") -> str:
        """ "2 个目标变更，1 个新增" / "2 milestones changed, 1 added": the counts that are not 0."""
        parts = [
            t(f"planfile_diff_{name}", lang, count=len(getattr(self, name)))
            for name in self.__dataclass_fields__
            if getattr(self, name)
        ]
        return t("list_separator", lang).join(parts) if parts else t("planfile_diff_none", lang)


def _comparable(frame: pd.DataFrame, key: str) -> dict[str, dict[str, str]]:
    if key not in frame.columns:
        frame = frame.reset_index()
        frame = frame.rename(columns={frame.columns[0]: key}) if key not in frame.columns else frame
    rows = {}
    for record in frame.to_dict("records"):
        rows[str(record[key])] = {c: _diff_text(v) for c, v in record.items() if c not in ("row", "index", "source")}
    return rows


def _diff_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return number_text(float(value))
    return str(value).strip()


def _with_ids(milestones: pd.DataFrame) -> pd.DataFrame:
    milestones = milestones.reset_index(drop=True).copy()
    if "kind" in milestones:
        milestones["kind"] = milestones["kind"].fillna("").replace("", "level")
    milestones["target_period"] = milestones["target_period"].astype(str)
    if "milestone_id" not in milestones or milestones["milestone_id"].fillna("").eq("").any():
        milestones["milestone_id"] = milestone_ids(milestones)
    return milestones


def _diff(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]):
    added = tuple(k for k in new if k not in old)
    removed = tuple(k for k in old if k not in new)
    changed = []
    for k in new:
        if k in old:
            fields = {
                c: (old[k].get(c, ""), new[k].get(c, ""))
                for c in dict.fromkeys([*old[k], *new[k]])
                if c in old[k] and c in new[k] and old[k][c] != new[k][c]
            }
            if fields:
                changed.append(RowChange(k, fields))
    return added, tuple(changed), removed


def diff_plans(
    old_indicators: pd.DataFrame,
    old_milestones: pd.DataFrame,
    new_indicators: pd.DataFrame,
    new_milestones: pd.DataFrame,
    *,
    old_pillars: pd.DataFrame | None = None,
    new_pillars: pd.DataFrame | None = None,
) -> PlanDiff:
    """What replacing the old plan by the new one does. Indicators are matched by id, milestones by milestone_id
    (given where missing as ``milestone_ids`` gives it), so an edited target period is a change of that milestone.
    Fields are compared as text (22.0 and "22" are the same); a field only one side has is not compared. Pillars
    are compared when both sides are given."""
    ind = _diff(_comparable(old_indicators, "id"), _comparable(new_indicators, "id"))
    ms = _diff(
        _comparable(_with_ids(old_milestones), "milestone_id"), _comparable(_with_ids(new_milestones), "milestone_id")
    )
    pillars = ((), (), ())
    if old_pillars is not None and new_pillars is not None:
        pillars = _diff(_comparable(old_pillars, "id"), _comparable(new_pillars, "id"))
    return PlanDiff(*ind, *ms, *pillars)
