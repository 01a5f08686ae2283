"""The presenter: a status row as the texts every face shows (cards, indicator pages, report), and one headline."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from tracker import present
from tracker.i18n import STATUS
from tracker.report import render_report
from tracker.snapshot import shipped_snapshot

SNAPSHOT = shipped_snapshot()


@pytest.mark.parametrize(
    ("indicator", "lang", "milestone", "label", "latest", "target", "progress", "actual"),
    [
        (
            "gdp",
            "en",
            0,
            "↗ Acceleration needed",
            "1,767.3 (100 million yuan) (2023)",
            "≥ 3,238.6 (100 million yuan) · by 2028",
            "9%",
            "9.1%/yr",
        ),
        ("gdp", "zh", 1, "↗ 需要加速", "1,767.3 亿元 (2023年)", "≥ 3,238.6 亿元 · 2029年", "9%", "9.1%/年"),
        (
            "hightech_enterprises",
            "en",
            0,
            "! Limited progress",
            "≥2,400 enterprises (Sep 2024)",  # "2400余家": a lower bound
            "≥ 4,000 enterprises · by 2027",
            "18%",
            "8.0%/yr",
        ),
        ("gdp_increment_share", "en", 0, "★ Achieved", "20.28% (2023)", "≥ 20% · by 2027", "109%", "—"),
        # the annual growth targets: the latest growth is the figure shown, with its year-to-date span
        ("gdp", "zh", 2, "? 无法评估", "+6.5% (2024年1-9月)", "≥ +7% · 2024年", "—", "—"),
        ("gdp", "en", 3, "? Not assessed", "+7.8% (Jan–Sep 2025)", "≈ +6% · by 2025", "—", "—"),
        (
            "city_gdp",
            "en",
            0,
            "? Not assessed",
            "est. ≥14,000 (100 million yuan) (2025)",  # "预计超过1.4万亿元"
            "Context indicator (no target)",
            "—",
            "—",
        ),
    ],
)
def test_a_status_line_says_status_latest_target_and_rates(
    indicator, lang, milestone, label, latest, target, progress, actual
):
    line = present.status_lines(SNAPSHOT, indicator, lang)[milestone]
    assert (line.label, line.latest, line.progress_text, line.rates["actual_rate"]) == (label, latest, progress, actual)
    assert line.target == target
    assert line.is_milestone is (target != "Context indicator (no target)")
    assert ":material/" not in line.label and ":" not in line.icon  # plain symbols, no Streamlit icon names


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("en", {"Achieved": 3, "On track": 0, "Acceleration needed": 2, "Limited progress": 1, "Not assessed": 9}),
        ("zh", {"已实现": 3, "进度正常": 0, "需要加速": 2, "进展有限": 1, "无法评估": 9}),
    ],
)
def test_the_headline_counts_targets_once_for_every_face(lang, counts):
    shown = present.headline(SNAPSHOT.status, SNAPSHOT.doubling.progress, lang)
    assert {box.label: box.count for box in shown.counts} == counts
    assert shown.targets == 15 and shown.doubling_progress == "9%"
    assert shown.indicators == 11  # GDP's 2028 and 2029 are two targets of one indicator
    for box in shown.counts:  # the badges' vocabulary: word, icon and colour of the status counted
        assert (box.label, box.icon, box.colour) == (
            STATUS[box.key][lang],
            STATUS[box.key]["icon"],
            STATUS[box.key]["hex"],
        )
    report = html.unescape(re.sub(r"<[^>]+>", "|", render_report(SNAPSHOT, lang)))
    for box in shown.counts:  # the report's headline boxes are the presenter's
        assert f"{box.icon} {box.label}|{box.count}|" in report


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_and_the_cards_show_the_same_lines(lang):
    from app_pages.overview import card_html

    report = html.unescape(render_report(SNAPSHOT, lang))
    for ind_id in SNAPSHOT.plan.indicators.index:
        card = html.unescape(
            card_html(SNAPSHOT, SNAPSHOT.indicator_records[ind_id], SNAPSHOT.status_by_indicator[ind_id], lang)
        )
        for line in present.status_lines(SNAPSHOT, ind_id, lang):
            assert line.target in report and line.word in report
            assert line.word in card or not line.is_milestone
            if line.is_milestone:
                # The scorecard says each rate it has (and no "—" for one it has not); a compound rate needed
                # alone reads "需年均增长 26.0%", without "/年".
                shown = [rate for rate in line.rates.values() if rate != "—"]
                # beside its latest figure (which carries the unit) a card says the target's number alone
                target = line.target_short if line.has_latest and line.target_short else line.target
                assert target in card and all(rate.split("/")[0] in card for rate in shown)
                assert not line.has_latest or line.latest_value in card


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_cli_table_shows_the_presenters_lines(lang):
    from tracker.cli import status_text

    table = status_text(SNAPSHOT, lang).splitlines()
    lines = [
        line
        for ind_id in SNAPSHOT.status["indicator_id"].unique()
        for line in present.status_lines(SNAPSHOT, ind_id, lang)
    ]
    assert len(table) == len(lines)
    for text, line in zip(table, lines, strict=True):
        assert text.startswith(line.indicator_id) and line.label in text and text.endswith(line.name)
        assert (f" {line.latest_value} (" in text) is line.has_latest  # the CLI writes "—" for no figure
        assert line.rates["actual_rate"] in text


# Issue 11 on the pages: the latest figure as published, annual growth targets as percentages, the caveats, the
# series break and the next expected figure on a status line; no mixed-basis share in a snapshot's figures.
INDICATOR = {"unit": "亿元", "unit_en": "100 million yuan", "measure": "flow", "name_zh": "x", "name_en": "x"}
ROW = {
    "indicator_id": "x",
    "status": "achieved",
    "latest_value": 14000.0,
    "latest_period": "2025",
    "target_period": "2025",
    "target_value": 12000.0,
    "bound": "at_least",
    "pace_method": "cagr",
    "progress": 1.2,
    "actual_rate": None,
    "required_rate": None,
    "needed_rate": None,
}


@pytest.mark.parametrize(
    ("changes", "lang", "field", "shown"),
    [
        ({"latest_qualifier": "at_least", "latest_flags": ["estimate"]}, "zh", "latest_value", "预计 ≥14,000 亿元"),
        ({"latest_qualifier": "about", "latest_flags": []}, "zh", "latest_value", "≈14,000 亿元"),
        ({"latest_qualifier": "exact", "latest_flags": []}, "zh", "latest_value", "14,000 亿元"),
        ({}, "zh", "latest_value", "14,000 亿元"),  # a row from before issue 11
        ({"milestone_kind": "annual_growth", "target_value": 0.07}, "en", "target_value", "+7%"),
        ({"milestone_kind": "annual_growth", "target_value": 0.065}, "zh", "target_value", "+6.5%"),
        ({"milestone_kind": "level"}, "zh", "target_value", "12,000 亿元"),
        ({"milestone_kind": "annual_growth", "target_value": 0.07}, "zh", "target", "≥ +7% · 2025年"),
        ({"approximate": True, "lower_bound": True}, "zh", "caveats", ("约", "下限")),
        ({"approximate": False, "lower_bound": True}, "en", "caveats", ("lower bound",)),
        ({}, "en", "caveats", ()),
        (
            {"latest_growth": 0.078, "latest_growth_period": "2025-09"},
            "en",
            "growth",
            "+7.8% (Jan–Sep 2025)",  # as a bulletin writes a year-to-date span
        ),
        ({"latest_growth": None, "latest_growth_period": None}, "en", "growth", ""),
        (  # an annual growth target is judged on the growth: that is its latest figure
            {"milestone_kind": "annual_growth", "latest_growth": 0.065, "latest_growth_period": "2024-09"},
            "en",
            "latest",
            "+6.5% (Jan–Sep 2024)",
        ),
        (
            {
                "break_kind": "pre_break",
                "break_period": "2024",
                "post_break_period": "2024",
                "post_break_value": 2053.5,
            },
            "en",
            "basis_short",
            "on the pre-2024 basis",
        ),
        (
            {
                "break_kind": "pre_break",
                "break_period": "2024",
                "post_break_period": "2024",
                "post_break_value": 2053.5,
            },
            "zh",
            "basis",
            "按2024年以前口径；2024年新口径：2,053.5 亿元",  # tracker.pace.basis_text's words, with the unit
        ),
        ({"break_kind": None, "break_period": None}, "zh", "basis", ""),
    ],
)
def test_a_status_line_shows_the_figure_as_published(changes, lang, field, shown):
    line = present.status_line({**ROW, **changes}, INDICATOR, lang)
    assert getattr(line, field) == shown


@pytest.mark.parametrize(
    ("fresh", "lang", "shown", "overdue"),
    [
        (
            {
                "next_expected_period": "2025",
                "next_expected_date": date(2026, 3, 1),
                "overdue": True,
                "days_overdue": 246,
                "days_past_due": 276,
            },
            "zh",
            "下一期：2025年 · 预计 2026-03-01 · ⚠ 逾期 246 天",
            True,
        ),
        (
            {
                "next_expected_period": "2026",
                "next_expected_date": date(2027, 3, 1),
                "overdue": False,
                "days_overdue": 0,
                "days_past_due": -90,
            },
            "en",
            "Next update: 2026 · expected 2027-03-01 · ✓ not yet due",
            False,
        ),
        (None, "en", "", False),
    ],
)
def test_a_status_line_says_when_the_next_figure_is_due(fresh, lang, shown, overdue):
    line = present.status_line(ROW, INDICATOR, lang, fresh=fresh)
    assert (line.fresh, line.overdue) == (shown, overdue)


@pytest.mark.parametrize(
    ("flags", "share_2024"),
    [("break", False), ("", True)],  # a break in the zone's 2024 GDP: the share would difference mixed bases
)
def test_a_snapshot_never_carries_a_share_from_mixed_bases(flags, share_2024):
    import pandas as pd

    from tracker.plan import load_plan
    from tracker.snapshot import build_snapshot

    shipped = shipped_snapshot()
    base = shipped.figures[~shipped.figures["indicator_id"].isin(["gdp_increment_share"])]
    base = base[
        [
            c
            for c in base.columns
            if c in ("indicator_id", "period", "value", "note_zh", "note_en", "source_zh", "source_en", "confidence")
        ]
    ]
    base = base[~((base["indicator_id"] == "gdp") & (base["period"] == "2024"))]
    row = {"indicator_id": "gdp", "period": "2024", "value": 2053.5, "flags": flags, "qualifier": "exact"}
    figures = pd.concat([base, pd.DataFrame([row])], ignore_index=True)
    figures["flags"] = figures["flags"].fillna("") if "flags" in figures else ""
    figures["qualifier"] = figures["qualifier"].fillna("exact")
    snap = build_snapshot(load_plan(figures=figures), figures)
    shares = snap.figures[snap.figures["indicator_id"] == "gdp_increment_share"]
    assert ("2024" in set(shares["period"].astype(str))) is share_2024
    assert "2023" in set(shares["period"].astype(str))  # the years on one basis are still computed


# The doubling page's real-terms view (issue 11 §2) on the shipped GDP with the 2024 break and the growth rates.
@pytest.mark.parametrize(
    ("flags", "lang", "rows", "required"),
    [
        (
            "break",
            "zh",
            [
                ("2022年", "1,619.3", "+3.3%", "1,619.3"),
                ("2023年", "1,767.3", "+7.3%", "1,737.5"),
                ("2024年1-9月", "1,425.9", "+6.5%", "—"),
                ("2024年", "2,053.5（新口径）", "—", "—"),
                ("2025年1-9月", "1,656.7", "+7.8%", "—"),
            ],
            "翻番所需年均增速 10.4%–12.2%（2028–2029年翻番），官方公布增速：2022年 +3.3%、2023年 +7.3%、"
            "2024年1-9月 +6.5%、2025年1-9月 +7.8%。",
        ),
        (
            None,
            "en",
            [
                ("2022", "1,619.3", "+3.3%", "1,619.3"),
                ("2023", "1,767.3", "+7.3%", "1,737.5"),
                ("Jan–Sep 2024", "1,425.9", "+6.5%", "—"),
                ("Jan–Sep 2025", "1,656.7", "+7.8%", "—"),
            ],
            "Doubling needs 10.4%–12.2% a year (doubling by 2028–2029); the official growth rates: 2022 +3.3%, "
            "2023 +7.3%, Jan–Sep 2024 +6.5%, Jan–Sep 2025 +7.8%.",
        ),
    ],
)
def test_the_real_terms_view_sets_the_official_growth_beside_the_levels(flags, lang, rows, required):
    from tests.test_charts import gdp_snapshot

    dbl = gdp_snapshot(flags).doubling
    shown = [tuple(r.values()) for r in present.real_terms_rows(dbl, "亿元", lang)]
    assert (shown, present.real_required_text(dbl, lang)) == (rows, required)


@pytest.mark.parametrize(("rate", "text"), [(0.07, "+7%"), (0.078, "+7.8%"), (-0.021, "-2.1%"), (None, "—")])
def test_a_growth_rate_is_a_signed_percentage(rate, text):
    assert present.growth_text(rate) == text
