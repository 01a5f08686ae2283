"""The coverage page (/coverage) under AppTest in zh and en with the shipped data and TRACKER_TODAY: no exception,
the counts, the grid's cells (symbol and words, in the reader's language), the worklist of missing figures and the
freshness rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tracker.figures import parse_label
from tracker.freshness import freshness_table, load_calendar
from tracker.pace import status_table
from tracker.snapshot import shipped_snapshot

SNAP = shipped_snapshot()
HAN = re.compile(r"[\u4e00-\u9fff]")
INTERNAL = re.compile(r"[a-z]_[a-z]|\bNone\b|\bnan\b|NaT|<NA>")
HEADERS = {
    "zh": ("数据覆盖", "指标", "缺少的数据", "应由谁提供", "相关目标", "未指定"),
    "en": ("Coverage", "Indicator", "Missing figure", "Expected from", "Targets", "not specified"),
}


def coverage(app, monkeypatch, lang: str, today: str = "2026-12-01"):
    monkeypatch.setenv("TRACKER_TODAY", today)
    at = app("coverage", lang).run()
    assert not at.exception, at.exception
    return at


def expected_counts(today: dt.date) -> dict[str, str]:
    """What the metrics should say, counted here from the status rows (assessed on ``today``: on 2025-11-15 the 2025
    growth target's year still runs, and its Jan–Sep growth is an in-year signal) and the freshness table."""
    status = status_table(SNAP.plan, SNAP.figures, today)
    targets = status[status["target_period"].notna()]
    assessed = int((targets["status"] != "not_assessed").sum())
    fresh = freshness_table(SNAP.plan, SNAP.figures, load_calendar(), today)
    with_figures = SNAP.figures["indicator_id"].nunique()
    return {
        "assessed": f"{assessed} / {len(targets)}",
        "not_assessed": str(len(targets) - assessed),
        "with_figures": f"{with_figures} / {len(SNAP.plan.indicators)}",
        "overdue": str(int(fresh["overdue"].sum())),
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("today", ["2026-12-01", "2025-11-15"])
def test_the_counts(app, monkeypatch, lang, today):
    at = coverage(app, monkeypatch, lang, today)
    shown = [str(m.value) for m in at.metric]
    counts = expected_counts(dt.date.fromisoformat(today))
    assert shown == [counts["assessed"], counts["not_assessed"], counts["with_figures"], counts["overdue"]]
    assert today in " ".join(str(c.value) for c in at.caption)  # the page says which day it counts from


@pytest.mark.parametrize(
    ("lang", "annual", "part", "missing"),
    [("zh", "● 全年", "◐ 1-9月", "○ 缺"), ("en", "● annual", "◐ Jan–Sep", "○ missing")],
)
def test_the_grid_has_a_cell_for_every_figure(app, monkeypatch, lang, annual, part, missing):
    at = coverage(app, monkeypatch, lang)
    grid = at.dataframe[0].value
    names = {i: SNAP.plan.name(i, lang) for i in SNAP.plan.indicators.index}
    assert list(grid.index) == [names[i] for i in SNAP.plan.indicators.index]
    for row in SNAP.figures.to_dict("records"):
        p = parse_label(row["period"])
        cell = grid.at[names[row["indicator_id"]], str(p.year)]
        assert cell and cell[0] in "●◐◇", (row["indicator_id"], row["period"], cell)
    assert grid.at[names["gdp"], "2023"] == annual
    assert grid.at[names["gdp"], "2025"] == part  # only Jan-Sep 2025 is in
    assert grid.at[names["national_rd_institutions"], "2024"] == missing  # nothing published
    cells = " ".join(grid.to_numpy().ravel())
    assert not (re.search("[A-Za-z]", cells) if lang == "zh" else HAN.search(cells)), cells


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_worklist_names_what_is_missing_and_who_supplies_it(app, monkeypatch, lang):
    at = coverage(app, monkeypatch, lang)
    worklist = at.dataframe[1].value
    for header in HEADERS[lang][1:5]:
        assert header in worklist.columns
    fresh = freshness_table(SNAP.plan, SNAP.figures, load_calendar(), dt.date(2026, 12, 1))
    due = fresh[fresh["days_past_due"] > 0]
    names = {i: SNAP.plan.name(i, lang) for i in SNAP.plan.indicators.index}
    assert sorted(worklist[HEADERS[lang][1]]) == sorted(names[i] for i in due["indicator_id"])
    supplier = dict(zip(worklist[HEADERS[lang][1]], worklist[HEADERS[lang][3]]))
    assert supplier[names["gdp"]] == ("济南市统计局" if lang == "zh" else "Jinan statistics bureau")
    assert supplier[names["national_rd_institutions"]] == HEADERS[lang][5]
    assert names["gdp"] in supplier[names["gdp_increment_share"]]  # derived: computed from its inputs
    # Indicators whose targets cannot be assessed come first, context indicators last.
    targets = worklist[HEADERS[lang][4]].tolist()
    context = "背景指标（无目标）" if lang == "zh" else "context indicator (no target)"
    first_context = next(i for i, text in enumerate(targets) if text == context)
    assert all(text == context for text in targets[first_context:])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_freshness_rows_and_no_internals(app, monkeypatch, lang):
    at = coverage(app, monkeypatch, lang)
    table = at.dataframe[2].value
    assert len(table) == len(SNAP.plan.indicators)
    gdp = table.iloc[0].tolist()
    assert "2026-03-31" in gdp
    assert ("每季度（年内累计）" if lang == "zh" else "quarterly (year to date)") in gdp
    assert any(("逾期" if lang == "zh" else "overdue by") in str(cell) for cell in gdp)
    shown = [str(e.value) for kind in ("header", "subheader", "caption", "markdown") for e in at.get(kind)]
    shown += [m.label for m in at.metric]
    shown += [" ".join(map(str, frame.value.columns)) for frame in at.dataframe]
    shown += [" ".join(map(str, frame.value.iloc[:, :4].to_numpy().ravel())) for frame in at.dataframe[1:]]
    text = "\n".join(shown)
    assert not INTERNAL.search(text), INTERNAL.search(text)
    for word in HEADERS[lang][:1]:
        assert word in text
