"""The presenter: a status row as the texts every face shows (cards, indicator pages, report), and one headline."""

from __future__ import annotations

import html
import re

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
            "2,400 enterprises (Sep 2024)",
            "≥ 4,000 enterprises · by 2027",
            "18%",
            "8.0%/yr",
        ),
        ("gdp_increment_share", "en", 0, "★ Achieved", "20.28% (2023)", "≥ 20% · by 2027", "109%", "—"),
        (
            "city_gdp",
            "en",
            0,
            "? Not assessed",
            "13,527.6 (100 million yuan) (2024)",
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
        ("en", {"Achieved": 2, "On track": 0, "Acceleration needed": 2, "Limited progress": 1, "Not assessed": 8}),
        ("zh", {"已实现": 2, "进度正常": 0, "需要加速": 2, "进展有限": 1, "无法评估": 8}),
    ],
)
def test_the_headline_counts_targets_once_for_every_face(lang, counts):
    shown = present.headline(SNAPSHOT.status, SNAPSHOT.doubling.progress, lang)
    assert {box.label: box.count for box in shown.counts} == counts
    assert shown.targets == 13 and shown.doubling_progress == "9%"
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
                assert line.target in card and all(rate.split("/")[0] in card for rate in shown)


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
