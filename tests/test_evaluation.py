"""The evaluation report (tracker.evaluation, tracker.evaluation_files): the class of each pace status, the
paragraphs written from the numbers (missing figures, qualifiers, proxies, breaks), the DOCX and PDF read back, the
HTML escaped, and the CLI against a temporary store."""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from tests.ci import in_ci
from tests.conftest import ROOT
from tracker.evaluation import CLASSES, build_evaluation, class_word, evaluation_class, latest_notes, target_paragraph
from tracker.evaluation_files import (
    EAST_ASIAN_FALLBACK,
    EAST_ASIAN_FONT,
    EvaluationError,
    evaluation_docx,
    evaluation_html,
    evaluation_pdf,
    file_format,
    find_chromium,
    html_to_pdf,
)
from tracker.i18n import t
from tracker.plan import SHIPPED_PLAN
from tracker.snapshot import shipped_snapshot

SNAPSHOT = shipped_snapshot()
TODAY = dt.date(2026, 12, 1)
NAN = math.nan


# --- The classes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "latest_period", "target_period", "ratio", "expected"),
    [
        ("achieved", "2023", "2027", NAN, "early"),  # met four years before its year
        ("achieved", "2026-09", "2027", NAN, "early"),  # a stock's level at a month of an earlier year
        ("achieved", "2027", "2027", NAN, "achieved"),  # met in its year: on time, not early
        ("achieved", "2027-06", "2027", NAN, "achieved"),
        ("achieved", "2028", "2027", NAN, "achieved"),  # met late still counts as achieved
        ("achieved", None, "2027", NAN, "achieved"),  # no period to compare: not claimed early
        ("on_track", "2024", "2027", 1.2, "faster"),
        ("on_track", "2024", "2027", 1.0, "as_expected"),  # exactly the required pace is not faster
        ("on_track", "2024", "2027", 0.97, "as_expected"),
        ("on_track", "2024", "2027", NAN, "as_expected"),
        ("acceleration_needed", "2024", "2027", 0.8, "behind"),
        ("limited_progress", "2024", "2027", 0.3, "behind"),
        ("deterioration", "2024", "2027", -0.5, "behind"),
        ("missed", "2027", "2027", NAN, "missed"),
        ("not_assessed", "2024", "2027", NAN, "not_assessed"),
        ("not_assessed", None, "2027", NAN, "not_assessed"),
    ],
)
def test_each_pace_status_maps_to_its_evaluation_class(status, latest_period, target_period, ratio, expected):
    row = {"status": status, "latest_period": latest_period, "target_period": target_period, "ratio": ratio}
    assert evaluation_class(row) == expected


@pytest.mark.parametrize(
    ("cls", "zh", "en"),
    [
        ("early", "提前实现", "Achieved early"),
        ("faster", "快于预期", "Ahead of expectations"),
        ("as_expected", "基本符合预期", "Broadly as expected"),
        ("behind", "滞后于预期", "Behind expectations"),
        ("missed", "未完成", "Missed"),
        ("not_assessed", "无法评估", "Cannot be assessed"),
        ("achieved", "已实现", "Achieved"),
    ],
)
def test_each_class_has_the_words_of_a_mid_term_evaluation(cls, zh, en):
    assert (class_word(cls, "zh"), class_word(cls, "en")) == (zh, en)


# --- The paragraphs ---------------------------------------------------------------------------------------------

GDP = {"name_zh": "高新区地区生产总值", "name_en": "Zone GDP", "unit": "亿元", "unit_en": "100 million yuan",
       "measure": "flow"}  # fmt: skip
FIRMS = {"name_zh": "高新技术企业数量", "name_en": "High-tech enterprises", "unit": "家", "unit_en": "enterprises",
         "measure": "stock"}  # fmt: skip
SHARE = {"name_zh": "研发经费占比", "name_en": "R&D share", "unit": "%", "unit_en": "%", "measure": "ratio"}
DOUBLING = {"target_multiple": "2"}


def _row(**changes) -> dict:
    """A status row (tracker.pace.status_table) of GDP's doubling target, behind: 2022 1,619.3 → 2023 1,767.3."""
    row = {
        "indicator_id": "gdp",
        "status": "acceleration_needed",
        "latest_period": "2023",
        "latest_value": 1767.3,
        "baseline_period": "2022",
        "baseline_value": 1619.3,
        "target_period": "2028",
        "target_value": 3238.6,
        "progress": 0.0914,
        "actual_rate": 0.0914,
        "required_rate": 0.1225,
        "needed_rate": 0.1288,
        "projected_value": 2736.7,
        "projected_year_reached": 2030,
        "pace_method": "cagr",
        "ratio": 0.746,
        "bound": "at_least",
        "reason_code": "",
        "reason_params": (),
        "latest_qualifier": "exact",
        "latest_flags": [],
        "milestone_kind": "level",
        "latest_growth": NAN,
        "latest_growth_period": None,
        "approximate": False,
        "lower_bound": False,
    }
    row.update(changes)
    return row


PARAGRAPH_CASES = [
    # (id, row changes, indicator, milestone, lang, said, never said)
    (
        "behind, the plan's doubling",
        {},
        GDP,
        DOUBLING,
        "zh",
        [
            "2023年高新区地区生产总值1,767.3亿元",
            "2022—2023年年均增长9.1%",
            "低于2028年实现翻番（3,238.6亿元）所需的12.2%",
            "滞后于预期",
            "今后需年均增长12.9%",
            "需加快推进",
        ],
        ["约", "以上", "替代口径"],
    ),  # fmt: skip
    (
        "behind, in English",
        {},
        GDP,
        DOUBLING,
        "en",
        [
            "In 2023, Zone GDP was 1,767.3 (100 million yuan)",
            "grew 9.1% a year over 2022–2023",
            "below the 12.2% a year needed to double by 2028",
            "behind expectations",
            "growth of 12.9% a year",
        ],
        ["about", "at least", "proxy"],
    ),  # fmt: skip
    (
        "a target without a figure says so and estimates nothing",
        {
            "status": "not_assessed",
            "latest_period": None,
            "latest_value": NAN,
            "actual_rate": NAN,
            "required_rate": NAN,
            "needed_rate": NAN,
            "progress": NAN,
            "reason_code": "no_figure",
        },
        FIRMS,
        None,
        "zh",
        ["高新技术企业数量尚无公开数据", "本报告不作推算", "无法评估"],
        ["年均", "%"],
    ),  # fmt: skip
    (
        "no figure, in English",
        {
            "status": "not_assessed",
            "latest_period": None,
            "latest_value": NAN,
            "actual_rate": NAN,
            "required_rate": NAN,
            "needed_rate": NAN,
            "progress": NAN,
            "reason_code": "no_figure",
        },
        FIRMS,
        None,
        "en",
        ["No figure has been published for High-tech enterprises", "cannot be assessed"],
        ["grew", "a year"],
    ),  # fmt: skip
    (
        "a lower bound (余家) is said as one",
        {
            "indicator_id": "hightech_enterprises",
            "latest_period": "2024-09",
            "latest_value": 2400.0,
            "latest_qualifier": "at_least",
            "lower_bound": True,
            "baseline_value": 2057.0,
            "target_value": 4000.0,
        },
        FIRMS,
        None,
        "zh",
        [
            "2024年9月高新技术企业数量2,400家以上",
            "2022—2024年年均增长9.1%",
            "低于2028年实现目标（4,000家）所需的",
            "最新数据为下限",
        ],
        ["翻番"],
    ),  # fmt: skip
    (
        "a lower bound, in English",
        {"latest_period": "2024-09", "latest_value": 2400.0, "latest_qualifier": "at_least", "lower_bound": True},
        FIRMS,
        None,
        "en",
        ["In Sep 2024, High-tech enterprises was at least 2,400 enterprises", "is a lower bound"],
        [],
    ),  # fmt: skip
    (
        "an about figure and an estimate",
        {"latest_qualifier": "about", "latest_flags": ["estimate"], "approximate": True},
        GDP,
        DOUBLING,
        "zh",
        ["预计约1,767.3亿元", "评估依据约数或预计数"],
        [],
    ),  # fmt: skip
    (
        "an about figure and an estimate, in English",
        {"latest_qualifier": "about", "latest_flags": ["estimate"], "approximate": True},
        GDP,
        DOUBLING,
        "en",
        ["an estimated about 1,767.3", "approximate or estimated figure"],
        [],
    ),  # fmt: skip
    (
        "a proxy figure, achieved early",
        {
            "status": "achieved",
            "latest_period": "2024",
            "latest_value": 1800.0,
            "target_period": "2027",
            "target_value": 1000.0,
            "latest_flags": ["proxy"],
            "bound": "about",
        },
        GDP,
        None,
        "zh",
        ["已于2024年提前实现2027年目标（1,000亿元）", "替代口径"],
        ["滞后"],
    ),  # fmt: skip
    (
        "a proxy, in English",
        {
            "status": "achieved",
            "latest_period": "2024",
            "latest_value": 1800.0,
            "target_period": "2027",
            "target_value": 1000.0,
            "latest_flags": ["proxy"],
        },
        GDP,
        None,
        "en",
        ["met the 2027 target of 1,000 (100 million yuan) early, in 2024", "is a proxy"],
        [],
    ),  # fmt: skip
    (
        "a series break: the basis read is said",
        {"break_kind": "pre_break", "break_period": "2024", "post_break_period": "2024", "post_break_value": 2053.5},
        GDP,
        DOUBLING,
        "zh",
        ["口径说明：按2024年以前口径", "2,053.5"],
        [],
    ),
    (
        "a series break, in English",
        {"break_kind": "pre_break", "break_period": "2024", "post_break_period": "2024", "post_break_value": 2053.5},
        GDP,
        DOUBLING,
        "en",
        ["on the pre-2024 basis", "2,053.5"],
        [],
    ),
    (
        "a break flag without a basis note",
        {"latest_flags": ["break"]},
        GDP,
        DOUBLING,
        "zh",
        ["口径有调整"],
        [],
    ),
    (
        "faster than required",
        {"status": "on_track", "ratio": 1.3, "actual_rate": 0.16, "projected_year_reached": 2027},
        GDP,
        DOUBLING,
        "zh",
        ["年均增长16.0%", "高于2028年实现翻番", "快于预期", "预计2027年达到目标"],
        ["滞后"],
    ),  # fmt: skip
    (
        "as expected",
        {"status": "on_track", "ratio": 0.97, "actual_rate": 0.119},
        GDP,
        DOUBLING,
        "en",
        ["grew 11.9% a year", "broadly as expected"],
        ["behind"],
    ),
    (
        "deterioration: a fall is said as a fall",
        {"status": "deterioration", "ratio": -0.2, "actual_rate": -0.02, "latest_value": 1587.0},
        GDP,
        DOUBLING,
        "zh",
        ["年均下降2.0%", "滞后于预期"],
        ["年均增长-"],
    ),
    (
        "missed",
        {"status": "missed", "latest_period": "2028", "latest_value": 3000.0},
        GDP,
        DOUBLING,
        "en",
        ["the 2028 target of 3,238.6 (100 million yuan) was missed"],
        [],
    ),
    (
        "a share: rates in percentage points",
        {
            "indicator_id": "rd",
            "pace_method": "linear",
            "latest_value": 6.5,
            "baseline_value": 6.19,
            "baseline_period": "2020",
            "target_value": 8.0,
            "target_period": "2027",
            "actual_rate": 0.103,
            "required_rate": 0.259,
            "needed_rate": 0.375,
            "bound": "about",
        },
        SHARE,
        None,
        "zh",
        [
            "2023年研发经费占比6.50%",
            "2020—2023年年均增加0.10个百分点",
            "所需的0.26个百分点",
            "今后需年均增加0.38个百分点",
        ],
        [],
    ),  # fmt: skip
    (
        "not assessed with a figure: the reason and the progress",
        {
            "status": "not_assessed",
            "actual_rate": NAN,
            "required_rate": NAN,
            "needed_rate": NAN,
            "progress": 0.82,
            "reason_code": "few_figures",
        },
        GDP,
        None,
        "zh",
        ["暂无法评估：年度数据少于两个", "已完成进度 82%"],
        ["年均增长"],
    ),  # fmt: skip
]


@pytest.mark.parametrize(
    ("row_changes", "indicator", "milestone", "lang", "said", "unsaid"),
    [case[1:] for case in PARAGRAPH_CASES],
    ids=[case[0] for case in PARAGRAPH_CASES],
)
def test_each_target_gets_a_paragraph_from_its_numbers(row_changes, indicator, milestone, lang, said, unsaid):
    text = target_paragraph(_row(**row_changes), indicator, lang, milestone, today=TODAY)
    for part in said:
        assert part in text
    for part in unsaid:
        assert part not in text
    assert "nan" not in text.lower() and "None" not in text


def test_the_shipped_paragraphs_name_every_target_and_say_no_nan():
    for lang in ("zh", "en"):
        evaluation = build_evaluation(SNAPSHOT, lang, today=TODAY)
        for section in evaluation.sections:
            for target in section.targets:
                assert target.name in target.paragraph or lang == "en" and target.name in target.paragraph
                assert not re.search(r"\bnan\b|None|<NA>", target.paragraph), target.paragraph


# --- Notes ------------------------------------------------------------------------------------------------------

NOTES = pd.DataFrame(
    [
        ("gdp", "2024", "一季度受外部需求影响增速放缓", "wang", "2026-05-01T02:00:00Z"),
        ("gdp", "2025-06", "上半年重点项目投产，增速回升", "li", "2026-08-01T02:00:00Z"),
        ("gdp", "2025-09", "三季度新增规上企业 40 家", "li", "2026-11-01T02:00:00Z"),
        ("gdp", "2023", "an old note", "wang", "2025-01-01T02:00:00Z"),
        ("hightech_enterprises", "2024", '<script>alert("x")</script> 认定工作延后', "zhao", "2026-10-01T02:00:00Z"),
    ],
    columns=["indicator_id", "period", "text", "author", "created_at"],
)


@pytest.mark.parametrize(
    ("notes", "indicator_id", "expected"),
    [
        (NOTES, "gdp", ["三季度新增规上企业 40 家", "上半年重点项目投产，增速回升", "一季度受外部需求影响增速放缓"]),
        (NOTES, "hightech_enterprises", ['<script>alert("x")</script> 认定工作延后']),
        (NOTES, "rd_intensity", []),
        (None, "gdp", []),  # no notes kept: nothing said
        (NOTES.iloc[0:0], "gdp", []),
    ],
)
def test_the_latest_three_notes_of_an_indicator_newest_first(notes, indicator_id, expected):
    assert [note.text for note in latest_notes(notes, indicator_id)] == expected


@pytest.mark.parametrize(
    ("created_at", "day"),
    [
        ("2026-05-01T15:59:00Z", "2026-05-01"),
        ("2026-05-01T16:00:00Z", "2026-05-02"),  # midnight in Beijing
        (pd.Timestamp("2026-05-01 20:00", tz="UTC"), "2026-05-02"),  # as tracker.notes.notes_at gives it
    ],
)
def test_a_notes_date_is_the_day_in_beijing(created_at, day):
    notes = pd.DataFrame([("gdp", "2025", "x", "wang", created_at)], columns=NOTES.columns)
    assert latest_notes(notes, "gdp")[0].created == day


# --- The files --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evaluations():
    return {lang: build_evaluation(SNAPSHOT, lang, NOTES, today=TODAY) for lang in ("zh", "en")}


def _docx_text(data: bytes):
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return document, "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_docx_has_headings_a_table_every_target_and_its_class(evaluations, lang):
    evaluation = evaluations[lang]
    document, text = _docx_text(evaluation_docx(evaluation))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    chapters = [p.text for p in headings if p.style.name == "Heading 1"]
    assert chapters == [t(key, lang) for key in ("eval_h_summary", "eval_h_table", "eval_h_indicators", "eval_h_method",
                                                 "eval_h_sources")]  # fmt: skip
    assert {section.name for section in evaluation.sections} <= {
        p.text for p in headings if p.style.name == "Heading 2"
    }
    targets = document.tables[0]
    assert len(targets.rows) == len(evaluation.targets) + 1  # a header row, then a row per target
    for target, row in zip(evaluation.targets, targets.rows[1:]):
        assert row.cells[0].text == target.name and row.cells[-1].text == target.class_word
    for target in evaluation.targets:
        assert target.name in text and target.class_word in text and target.paragraph in text
    note = {
        "zh": "2025年9月（li，2026-11-01）：三季度新增规上企业 40 家",
        "en": "Sep 2025 (li, 2026-11-01): 三季度新增规上企业 40 家",
    }
    assert note[lang] in text  # the editor's latest note: its period as readers say it, author, day in Beijing
    assert evaluation.summary in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_docx_sets_the_east_asian_font_and_embeds_the_gap_chart(evaluations, lang):
    from docx.oxml.ns import qn

    document, _ = _docx_text(evaluation_docx(evaluations[lang], cjk_font=True))
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        rfonts = document.styles[name].element.rPr.rFonts
        assert rfonts.get(qn("w:eastAsia")) == EAST_ASIAN_FONT, name
        assert rfonts.get(qn("w:asciiTheme")) is None  # a theme font would win over the named one
    font_table = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    assert f'w:name="{EAST_ASIAN_FONT}"' in font_table.blob.decode() and EAST_ASIAN_FALLBACK in font_table.blob.decode()
    assert len(document.inline_shapes) == 1  # the gap chart, a PNG


def test_the_docx_says_so_when_the_gap_chart_cannot_be_drawn(evaluations):
    document, text = _docx_text(evaluation_docx(evaluations["zh"], cjk_font=False))
    assert len(document.inline_shapes) == 0
    assert "fonts-noto-cjk" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_html_is_one_file_that_escapes_a_hostile_note(evaluations, lang):
    page = evaluation_html(evaluations[lang])
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 认定工作延后" in page
    assert "<link" not in page.lower() and not re.search(r"""src\s*=\s*["']?(https?:)?//""", page)
    assert page.count("<svg") == 1  # the gap chart, inline
    for target in evaluations[lang].targets:
        assert target.class_word in page


@pytest.mark.parametrize(
    ("name", "expected"),
    [("r.docx", "docx"), ("R.PDF", "pdf"), ("a/b.html", "html"), ("x.htm", "html"), ("x.txt", None), ("x", None)],
)
def test_the_format_comes_from_the_file_name(name, expected):
    if expected is None:
        with pytest.raises(EvaluationError) as error:
            file_format(name)
        assert ".docx" in error.value.message("en") and ".docx" in error.value.message("zh")
    else:
        assert file_format(name) == expected


def test_a_pdf_without_chromium_is_a_clear_error(tmp_path):
    missing = str(tmp_path / "no-chromium")
    with pytest.raises(EvaluationError) as error:
        html_to_pdf("<p>x</p>", chromium=missing)
    assert "apt-get install -y chromium" in error.value.message("en")
    assert "Chromium" in error.value.message("zh") and ".docx" in error.value.message("zh")


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        if in_ci():
            pytest.fail("the PDF tests must run in CI: apt-get install -y chromium fonts-noto-cjk")
        pytest.skip("Chromium is missing: apt-get install -y chromium fonts-noto-cjk")
    return found


def _squeezed(text: str) -> str:
    """Text without white space, in NFKC: a PDF's CJK font may map 高 to the Kangxi radical ⾼ (U+2F7C)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_names_every_target_and_its_class(evaluations, chromium, lang):
    from pypdf import PdfReader

    data = evaluation_pdf(evaluations[lang], chromium)
    reader = PdfReader(io.BytesIO(data))
    text = _squeezed("".join(page.extract_text() or "" for page in reader.pages))
    assert len(reader.pages) >= 2
    for target in evaluations[lang].targets:
        assert _squeezed(target.name) in text and _squeezed(target.class_word) in text, target.name
    assert _squeezed(evaluations[lang].title) in text


# --- The command ------------------------------------------------------------------------------------------------


def _tracker(db: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DATABASE_URL"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "tracker", "--db", f"sqlite:///{db}", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["evaluation", "-o", "e.docx"], 0, "第 1 版的评估报告（zh）已写入 e.docx"),
        (["evaluation", "--lang", "en", "--revision", "1", "-o", "e.html"], 0, "evaluation of revision 1 (en)"),
        (["evaluation", "--plan", SHIPPED_PLAN["plan_id"], "-o", "p.html"], 0, "p.html"),
        (["evaluation", "-o", "e.txt"], 2, "请以 .docx、.pdf 或 .html 结尾"),
        (
            ["evaluation", "--lang", "en", "--plan", "other", "-o", "e.docx"],
            2,
            f"there is no plan 'other': the plans in this database are {SHIPPED_PLAN['plan_id']}",
        ),
        (["evaluation", "--lang", "en", "--revision", "7", "-o", "e.docx"], 2, "there is no revision 7"),
        (["evaluation", "--lang", "en", "-o", "no-folder/e.docx"], 2, "its folder does not exist"),
    ],
)
def test_the_command_writes_the_evaluation_of_a_temporary_store(tmp_path, args, code, said):
    done = _tracker(tmp_path / "t.db", *args, cwd=tmp_path)
    assert done.returncode == code, done.stderr
    assert said in done.stdout + done.stderr
    if code == 0:
        written = tmp_path / args[-1]
        assert written.stat().st_size > 1000
        if written.suffix == ".html":  # the plan evaluated, by its title and date
            lang = "en" if "en" in args else "zh"
            title = t("eval_plan_dated", lang, title=SHIPPED_PLAN[f"title_{lang}"], date=SHIPPED_PLAN["date"])
            assert html.escape(title) in written.read_text(encoding="utf-8")
        if written.suffix == ".docx":
            _, text = _docx_text(written.read_bytes())
            assert all(class_word(cls, "zh") in text for cls in CLASSES)  # the summary counts every class


def test_the_command_quotes_the_stores_notes(tmp_path):
    pytest.importorskip("tracker.notes")
    from tracker import notes
    from tracker.store import Store

    if not hasattr(notes, "add_note"):
        pytest.skip("tracker.notes has no add_note yet")
    db = tmp_path / "t.db"
    store = Store(f"sqlite:///{db}")
    notes.add_note(store, "gdp", "2025-09", "三季度重点项目陆续投产", "wang")
    store.close()
    done = _tracker(db, "evaluation", "-o", "n.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "三季度重点项目陆续投产" in (tmp_path / "n.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_method_page_documents_the_classes(app, lang):
    at = app("method", lang=lang).run()
    assert not at.exception
    text = "\n".join(block.value for block in at.markdown)
    for cls in CLASSES:
        assert class_word(cls, lang) in text
    assert "python -m tracker evaluation" in text
