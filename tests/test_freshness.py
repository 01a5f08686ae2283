"""tracker.freshness: the next expected period and its date on each cadence, overdue with TRACKER_TODAY, derived
indicators, the release calendar as data, the coverage grid's cells, and `python -m tracker freshness` in its three
formats."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest

from tracker import clock
from tracker.cli import main
from tracker.figures import derive_figures
from tracker.freshness import (
    CALENDAR_FILE,
    FRESHNESS_COLUMNS,
    CalendarError,
    coverage_cells,
    coverage_grid,
    freshness_table,
    latest_due,
    load_calendar,
    next_period,
)
from tracker.plan import load_plan

PLAN = load_plan()
D = dt.date


@pytest.mark.parametrize(
    ("latest", "cadence", "expected"),
    [
        ("2024", "annual", "2025"),
        ("2024-09", "annual", "2024"),  # a level at a month: the year-end figure of that year comes next
        ("2024-Q3", "annual", "2024"),
        ("2025-09", "quarterly", "2025"),  # Jan-Sep, then the year
        ("2025-Q3", "quarterly", "2025"),
        ("2025", "quarterly", "2026-03"),
        ("2025-03", "quarterly", "2025-06"),
        ("2025-08", "quarterly", "2025-09"),  # off the grid: the quarter it falls in
        ("2025-11", "monthly", "2025"),
        ("2025", "monthly", "2026-01"),
        ("2025-01", "monthly", "2025-02"),
    ],
)
def test_next_period(latest, cadence, expected):
    assert next_period(latest, cadence) == expected


@pytest.mark.parametrize(
    ("cadence", "lag", "today", "expected"),
    [
        ("annual", 90, D(2026, 12, 1), "2025"),
        ("annual", 90, D(2026, 3, 31), "2025"),  # due that very day
        ("annual", 90, D(2026, 3, 30), "2024"),
        ("quarterly", 90, D(2026, 12, 1), "2026-06"),  # Jan-Sep 2026 is due on 2026-12-29
        ("quarterly", 30, D(2026, 12, 1), "2026-09"),
        ("monthly", 20, D(2026, 12, 1), "2026-10"),
        ("monthly", 20, D(2026, 1, 25), "2025"),  # December (the year) is due on 2026-01-20
        ("monthly", 20, D(2026, 1, 15), "2025-11"),
    ],
)
def test_latest_due(cadence, lag, today, expected):
    assert latest_due(cadence, lag, today) == expected


def calendar(**rows: tuple[str, int]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {"indicator_id": i, "cadence": c, "lag_days": lag, "note_zh": "", "note_en": "", "source": ""}
            for i, (c, lag) in rows.items()
        ],
        columns=["indicator_id", "cadence", "lag_days", "note_zh", "note_en", "source"],
    )
    return frame.assign(issuer_zh="", issuer_en="").set_index("indicator_id", drop=False)


def figures(*rows: tuple[str, str, float]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {"indicator_id": i, "period": p, "value": v, "note_zh": "", "note_en": "", "source_zh": "", "source_en": ""}
            for i, p, v in rows
        ],
        columns=["indicator_id", "period", "value", "note_zh", "note_en", "source_zh", "source_en"],
    )
    return derive_figures(frame.assign(confidence=""), PLAN.indicators)


GDP = [("gdp", "2022", 1619.3), ("gdp", "2023", 1767.3)]
CITY = [("city_gdp", "2022", 12027.5), ("city_gdp", "2023", 12757.4)]


# (case, indicator, figures, calendar, TRACKER_TODAY, latest, cadence, next period, next date, overdue, waiting for)
CASES = [
    (
        "annual, within the grace",
        "gdp",
        GDP,
        {"gdp": ("annual", 60)},
        "2025-03-15",
        "2023",
        "annual",
        "2024",
        D(2025, 3, 1),
        False,
        (),
    ),
    (
        "annual, 30 days late is not yet overdue",
        "gdp",
        GDP,
        {"gdp": ("annual", 60)},
        "2025-03-31",
        "2023",
        "annual",
        "2024",
        D(2025, 3, 1),
        False,
        (),
    ),
    (
        "annual, 31 days late is overdue",
        "gdp",
        GDP,
        {"gdp": ("annual", 60)},
        "2025-04-01",
        "2023",
        "annual",
        "2024",
        D(2025, 3, 1),
        True,
        (),
    ),
    (
        "quarterly YTD after Jan-Sep: the year",
        "gdp",
        [*GDP, ("gdp", "2025-09", 1656.7)],
        {"gdp": ("quarterly", 90)},
        "2026-04-29",
        "2025-09",
        "quarterly",
        "2025",
        D(2026, 3, 31),
        False,
        (),
    ),
    (
        "quarterly YTD, the year overdue",
        "gdp",
        [*GDP, ("gdp", "2025-09", 1656.7)],
        {"gdp": ("quarterly", 90)},
        "2026-05-01",
        "2025-09",
        "quarterly",
        "2025",
        D(2026, 3, 31),
        True,
        (),
    ),
    (
        "quarterly YTD after the year: Q1",
        "gdp",
        [*GDP, ("gdp", "2024", 2053.5)],
        {"gdp": ("quarterly", 90)},
        "2025-07-01",
        "2024",
        "quarterly",
        "2025-03",
        D(2025, 6, 29),
        False,
        (),
    ),
    (
        "monthly after November: the year",
        "city_gdp",
        [*CITY, ("city_gdp", "2025-11", 12900)],
        {"city_gdp": ("monthly", 20)},
        "2026-03-01",
        "2025-11",
        "monthly",
        "2025",
        D(2026, 1, 20),
        True,
        (),
    ),
    (
        "monthly after the year: January",
        "city_gdp",
        [*CITY, ("city_gdp", "2025", 14000)],
        {"city_gdp": ("monthly", 20)},
        "2026-02-10",
        "2025",
        "monthly",
        "2026-01",
        D(2026, 2, 20),
        False,
        (),
    ),
    (
        "none yet: what should be out by now, not late",
        "new_enterprises",
        GDP,
        {"new_enterprises": ("annual", 90)},
        "2026-04-10",
        None,
        "annual",
        "2025",
        D(2026, 3, 31),
        False,
        (),
    ),
    (
        "none yet: overdue",
        "new_enterprises",
        GDP,
        {"new_enterprises": ("annual", 90)},
        "2026-12-01",
        None,
        "annual",
        "2025",
        D(2026, 3, 31),
        True,
        (),
    ),
    (
        "none yet, before this year's is due",
        "new_enterprises",
        GDP,
        {"new_enterprises": ("annual", 90)},
        "2026-03-01",
        None,
        "annual",
        "2024",
        D(2025, 3, 31),
        True,
        (),
    ),
    (
        "not in the calendar: annual, 90 days",
        "rd_intensity",
        [("rd_intensity", "2020", 6.19)],
        {},
        "2021-04-15",
        "2020",
        "annual",
        "2021",
        D(2022, 3, 31),
        False,
        (),
    ),
    (
        "derived: when the later input is due",
        "gdp_increment_share",
        [*GDP, *CITY],
        {"gdp": ("quarterly", 60), "city_gdp": ("quarterly", 30)},
        "2025-03-20",
        "2023",
        "annual",
        "2024",
        D(2025, 3, 1),
        False,
        ("city_gdp", "gdp"),
    ),
    (
        "derived: one input in, waiting for the other",
        "gdp_increment_share",
        [*GDP, *CITY, ("gdp", "2024", 1903.6)],
        {"gdp": ("annual", 60), "city_gdp": ("annual", 30)},
        "2025-04-15",
        "2023",
        "annual",
        "2024",
        D(2025, 3, 1),
        True,
        ("city_gdp",),
    ),
    (
        "derived, nothing computed yet",
        "gdp_increment_share",
        GDP,
        {"gdp": ("annual", 60), "city_gdp": ("annual", 30)},
        "2026-12-01",
        None,
        "annual",
        "2025",
        D(2026, 3, 1),
        True,
        ("city_gdp", "gdp"),
    ),
]


@pytest.mark.parametrize(
    ("indicator", "rows", "cal", "today", "latest", "cadence", "period", "date", "overdue", "waiting"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_next_expected_and_overdue(
    monkeypatch, indicator, rows, cal, today, latest, cadence, period, date, overdue, waiting
):
    monkeypatch.setenv("TRACKER_TODAY", today)
    table = freshness_table(PLAN, figures(*rows), calendar(**cal), clock.today()).set_index("indicator_id")
    row = table.loc[indicator]
    assert (row["latest_period"], row["cadence"]) == (latest, cadence)
    assert (row["next_expected_period"], row["next_expected_date"]) == (period, date)
    assert bool(row["overdue"]) is overdue
    assert row["waiting_for"] == waiting
    assert row["days_overdue"] == ((clock.today() - date).days if overdue else 0)
    assert bool(row["assumed"]) is (indicator not in cal)
    assert list(table.index) == list(PLAN.indicators.index)  # every indicator, figures or not, in plan order


def test_the_shipped_calendar_lists_every_indicator_as_a_working_assumption():
    shipped = load_calendar()
    assert set(PLAN.indicators.index) <= set(shipped.index)
    for row in shipped.to_dict("records"):
        if PLAN.indicators.at[row["indicator_id"], "formula"]:
            assert "计算" in row["note_zh"] and "Computed" in row["note_en"]
            continue
        assert "工作假设" in row["note_zh"] and "非官方" in row["note_zh"], row["indicator_id"]
        assert "not an official release calendar" in row["note_en"], row["indicator_id"]
        assert "working assumption" in row["source"], row["indicator_id"]


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("indicator_id,cadence,lag_days,note_zh,note_en,source\ngdp,yearly,60,,,\n", "cadence"),
        ("indicator_id,cadence,lag_days,note_zh,note_en,source\ngdp,annual,two months,,,\n", "lag_days"),
        ("indicator_id,cadence,lag_days,note_zh,note_en,source\ngdp,annual,-5,,,\n", "lag_days"),
        ("indicator_id,cadence,lag_days,note_zh,note_en,source\ngdp,annual,６０,,,\n", "lag_days"),
        (
            "indicator_id,cadence,lag_days,note_zh,note_en,source\ngdp,annual,60,,,\ngdp,quarterly,90,,,\n",
            "indicator_id",
        ),
        ("indicator_id,cadence,note_zh,note_en,source\ngdp,annual,,,\n", "lag_days"),
    ],
)
def test_a_bad_calendar_names_its_cell(tmp_path, text, column):
    path = tmp_path / "release_calendar.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarError) as caught:
        load_calendar(path)
    assert column in caught.value.message("en") and column in caught.value.message("zh")
    assert "release_calendar.csv" in caught.value.message("zh")


@pytest.mark.parametrize(
    ("rows", "year", "lang", "expected"),
    [
        ([("gdp", "2023", 1767.3)], 2023, "zh", "● 全年"),
        ([("gdp", "2023", 1767.3)], 2023, "en", "● annual"),
        ([("gdp", "2024-09", 1425.9)], 2024, "zh", "◐ 1-9月"),
        ([("gdp", "2024-09", 1425.9)], 2024, "en", "◐ Jan–Sep"),
        ([("gdp", "2024-03", 400), ("gdp", "2024-09", 1425.9)], 2024, "en", "◐ Jan–Sep"),
        ([("gdp", "2024-09", 1425.9), ("gdp", "2024", 2053.5)], 2024, "zh", "● 全年"),
        ([("hightech_enterprises", "2024-09", 2400)], 2024, "zh", "◐ 9月末"),
        ([("hightech_enterprises", "2024-09", 2400)], 2024, "en", "◐ end-Sep"),
        ([("gdp", "2023", 1767.3)], 2022, "zh", "○ 缺"),  # due long ago, after the plan's first baseline
        ([("gdp", "2023", 1767.3)], 2022, "en", "○ missing"),
    ],
)
def test_coverage_cells(rows, year, lang, expected):
    today = D(2026, 12, 1)
    figs = figures(*rows)
    fresh = freshness_table(PLAN, figs, load_calendar(), today)
    grid = coverage_grid(PLAN, coverage_cells(PLAN, figs, fresh, today), lang)
    assert grid.at[PLAN.name(rows[0][0], lang), str(year)] == expected


@pytest.mark.parametrize(("lang", "expected"), [("zh", "◇ 全年 · 替代口径"), ("en", "◇ annual · PROXY")])
def test_a_proxy_figure_is_marked_in_words(lang, expected):
    today = D(2026, 12, 1)
    figs = figures(("industry_digital", "2024", 4100)).assign(note_en="PROXY: reported as 新一代信息技术产业")
    fresh = freshness_table(PLAN, figs, load_calendar(), today)
    grid = coverage_grid(PLAN, coverage_cells(PLAN, figs, fresh, today), lang)
    assert grid.at[PLAN.name("industry_digital", lang), "2024"] == expected


def test_a_year_not_due_yet_is_blank_and_a_year_with_nothing_due_is_left_out():
    today = D(2026, 12, 1)
    figs = figures(*GDP, ("gdp", "2026-09", 1800))
    fresh = freshness_table(PLAN, figs, load_calendar(), today)
    cells = coverage_cells(PLAN, figs, fresh, today)
    grid = coverage_grid(PLAN, cells, "en")
    assert grid.at["Zone GDP", "2026"] == "◐ Jan–Sep"
    assert grid.at["Jinan city GDP", "2026"] == ""  # the 2026 figure is not due before 2027
    assert list(grid.columns) == [str(y) for y in range(2020, 2027)]  # from the first baseline year, 2020


# The CLI --------------------------------------------------------------------------------------------------------------


def run(capsys, *argv: str) -> str:
    assert main(["freshness", *argv]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(("today", "gdp_overdue"), [("2026-12-01", "true"), ("2026-03-15", "false")])
def test_cli_csv_is_one_row_per_indicator(monkeypatch, db_url, capsys, today, gdp_overdue):
    monkeypatch.setenv("TRACKER_TODAY", today)
    frame = pd.read_csv(io.StringIO(run(capsys, "--format", "csv")), dtype=str, keep_default_na=False)
    assert list(frame.columns) == FRESHNESS_COLUMNS
    assert list(frame["indicator_id"]) == list(PLAN.indicators.index)
    assert set(frame["overdue"]) <= {"true", "false"}
    assert set(frame["cadence"]) <= {"annual", "quarterly", "monthly"}
    assert all(D.fromisoformat(d) for d in frame["next_expected_date"])
    gdp = frame.set_index("indicator_id").loc["gdp"]
    assert (gdp["cadence"], gdp["next_expected_period"], gdp["overdue"]) == ("quarterly", "2025", gdp_overdue)
    assert frame.set_index("indicator_id").at["national_rd_institutions", "latest_period"] == ""  # no figure yet


def test_cli_json_matches_the_table(monkeypatch, db_url, capsys):
    from tracker.snapshot import shipped_snapshot

    monkeypatch.setenv("TRACKER_TODAY", "2026-12-01")
    records = json.loads(run(capsys, "--format", "json"))
    snap = shipped_snapshot()
    table = freshness_table(snap.plan, snap.figures, load_calendar(CALENDAR_FILE), D(2026, 12, 1))
    assert [list(r) for r in records] == [FRESHNESS_COLUMNS] * len(PLAN.indicators)
    for record, row in zip(records, table.to_dict("records")):
        assert record["indicator_id"] == row["indicator_id"]
        assert record["next_expected_date"] == row["next_expected_date"].isoformat()
        assert record["overdue"] is bool(row["overdue"])
        assert record["latest_period"] == row["latest_period"]  # null where there is no figure
    assert any(r["latest_period"] is None for r in records)


@pytest.mark.parametrize(
    ("lang", "header", "words"),
    [
        ("zh", "下一期", ("高新区地区生产总值", "每季度（年内累计）", "逾期")),
        ("en", "Next expected", ("Zone GDP", "quarterly", "overdue by")),
    ],
)
def test_cli_table_in_each_language(monkeypatch, db_url, capsys, lang, header, words):
    monkeypatch.setenv("TRACKER_TODAY", "2026-12-01")
    lines = run(capsys, "--lang", lang).splitlines()
    assert header in lines[0] and len(lines) == 1 + len(PLAN.indicators)
    gdp = next(line for line in lines if line.startswith("gdp "))
    assert all(word in gdp for word in words) and "2026-03-31" in gdp
