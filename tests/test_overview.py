"""The overview's verdict (issue 10 §1–2): the sentence, the as-of line and the counts agree with the status table in
both languages; a status count filters the page through ``?status=`` (kept in the share link); rows say once what
they have to say; the gap chart ranks the assessable targets."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from tracker import present
from tracker.i18n import STATUS, t
from tracker.snapshot import shipped_snapshot

SNAPSHOT = shipped_snapshot()


def html_text(at) -> str:
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", " ", str(e.value))) for e in at.get("html"))


def status_counts(status) -> dict[str, int]:
    """The status table's own count of targets (milestones) per status."""
    targets = status[status["target_period"].notna()]
    return targets["status"].value_counts().to_dict()


@pytest.mark.parametrize(
    ("lang", "verdict"),
    [
        ("zh", "15 项目标（11 个指标）：3 项已实现、2 项需要加速、1 项进展有限、9 项无法评估。"),
        ("en", "15 targets (11 indicators): 3 Achieved, 2 Acceleration needed, 1 Limited progress, 9 Not assessed."),
    ],
)
def test_the_verdict_and_counts_agree_with_the_status_table(app, lang, verdict):
    at = app("overview", lang).run()
    assert not at.exception, at.exception
    view = at.session_state["_view"]
    status = view.snapshot.status
    text = html_text(at)
    assert verdict in text
    # Every count is the status table's, under the badges' word; they add up to the total the sentence names.
    counts = status_counts(status)
    shown = present.headline(status, None, lang, view.revision_info)
    assert {b.status: b.count for b in shown.counts if b.count} == counts
    assert sum(b.count for b in shown.counts) == shown.targets == int(status["target_period"].notna().sum())
    for box in shown.counts:
        assert box.label == STATUS[box.status][lang]
        assert f"{box.label} {box.count}" in " ".join(text.split())
    # As of: the latest period of any figure (the city's 2025 estimate) and the revision's date in Beijing time.
    info = view.revision_info
    day = info.created_at.astimezone(present.BEIJING).strftime("%Y-%m-%d")
    as_of = f"{t('as_of_year', lang, year=2025)} · {t('as_of_revision', lang, n=info.number, date=day)}"
    assert as_of in text and shown.as_of == as_of


@pytest.mark.parametrize(
    ("created", "day"),
    [("2026-12-01T15:59:00+00:00", "2026-12-01"), ("2026-12-01T16:00:00+00:00", "2026-12-02")],
)
def test_the_as_of_date_is_beijings(created, day):
    from datetime import datetime
    from types import SimpleNamespace

    revision = SimpleNamespace(number=3, created_at=datetime.fromisoformat(created))
    assert present.as_of_text(SNAPSHOT.status, revision, "zh") == f"数据截至 2025 年 · 第 3 版（{day}）"


@pytest.mark.parametrize(
    ("periods", "shown"),
    [(["2024-09", "2023"], "数据截至 2024 年 9 月"), (["2024-09", "2024"], "数据截至 2024 年"), ([None], "")],
)
def test_as_of_is_the_latest_period(periods, shown):
    import pandas as pd

    assert present.as_of_text(pd.DataFrame({"latest_period": periods}), None, "zh") == shown


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("chosen", ["acceleration_needed", "achieved", "not_assessed", "on_track"])
def test_a_status_link_filters_the_overview_to_its_targets(app, lang, chosen):
    at = app("overview", lang, status=chosen).run()
    assert not at.exception, at.exception
    status = at.session_state["_view"].snapshot.status
    targets = status[status["target_period"].notna()]
    shown = at.session_state["_view"]
    assert shown.status == chosen and shown.link_params["status"] == chosen  # a shared link keeps it
    cards = "".join(str(e.value) for e in at.get("html"))
    assert cards.count('class="tt-card"') == int((targets["status"] == chosen).sum())
    assert at.info and STATUS[chosen][lang] in at.info[0].value
    # Every tile links to its filter, carrying the language.
    for key in ("achieved", "not_assessed"):
        query = f"lang=en&amp;status={key}" if lang == "en" else f"status={key}"
        assert f'href="?{query}"' in cards


@pytest.mark.parametrize("raw", ["nope", "<b>x</b>", "acceleration needed"])
def test_a_bad_status_is_noticed_escaped_and_shows_everything(app, raw):
    at = app("overview", "en", status=raw).run()
    assert not at.exception, at.exception
    view = at.session_state["_view"]
    assert view.status is None and "status" not in view.link_params
    notices = [c.value for c in at.caption if "status" in c.value]
    assert notices and "<b>" not in notices[0]
    cards = "".join(str(e.value) for e in at.get("html"))
    assert cards.count('class="tt-card"') == 15  # every target: 13 of the 2022 plan, the 2024 and 2025 annual ones


@pytest.mark.parametrize(
    ("indicator", "target", "lang", "says", "not_says"),
    [
        ("industry_biomedicine", "2027", "zh", ["需年均增长 26.0%"], ["— · —", "%/年"]),
        ("industry_biomedicine", "2027", "en", ["needs 26.0% a year"], ["— · —", "%/yr"]),
        ("rd_intensity", "2027", "zh", ["需 +0.26个百分点/年"], ["需年均增长"]),
        ("rd_intensity", "2027", "en", ["needs +0.26 pp/yr"], []),
        ("national_rd_institutions", "2027", "zh", ["尚无公开数据"], ["暂无数据", "— · —", "进度"]),
        ("gdp", "2028", "zh", ["实际 9.1%/年 · 所需 12.2%/年", "今后仍需 12.9%/年", "此时应达"], ["需年均增长"]),
        ("rd_intensity", "2027", "zh", ["最新年度数据为 2020 年"], []),
        ("rd_intensity", "2027", "en", ["latest annual figure is from 2020"], []),
    ],
)
def test_a_row_says_what_it_has_once(indicator, target, lang, says, not_says):
    from app_pages.overview import row_html

    row = next(r for r in SNAPSHOT.status_by_indicator[indicator] if r["target_period"] == target)
    markup = row_html(SNAPSHOT, SNAPSHOT.indicator_records[indicator], row, lang, today=date(2026, 12, 1))
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    for part in says:
        assert text.count(part) == 1, (part, text)
    for part in not_says:
        assert part not in text, (part, text)


@pytest.mark.parametrize(
    ("period", "today", "stale"),
    [
        ("2020", date(2026, 12, 1), "最新年度数据为 2020 年"),
        ("2023", date(2026, 12, 1), "最新年度数据为 2023 年"),
        ("2024", date(2026, 12, 1), ""),
        ("2022-10", date(2026, 1, 1), "最新数据为 2022 年 10 月"),
        ("2024-09", date(2026, 1, 1), ""),
        (None, date(2026, 1, 1), ""),
    ],
)
def test_an_old_figure_is_flagged(period, today, stale):
    assert present.stale_text(period, "zh", today) == stale


def test_the_gap_chart_ranks_assessable_targets():
    from tracker.charts import gap_rows

    rows = gap_rows(SNAPSHOT, "en")
    status = SNAPSHOT.status
    assessable = status[status["target_period"].notna() & (status["status"] != "not_assessed")]
    assert len(rows) == len(assessable)
    assert list(rows["share"]) == sorted(rows["share"])
    gdp_2028 = assessable[(assessable["indicator_id"] == "gdp") & (assessable["target_period"] == "2028")].iloc[0]
    share = rows.loc[rows["label"] == "Zone GDP · by 2028", "share"].iloc[0]
    assert share == pytest.approx(gdp_2028["projected_value"] / gdp_2028["target_value"])
    assert (rows.loc[rows["status"].str.contains("Achieved"), "share"] >= 1).all()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_context_indicators_are_one_table(app, lang):
    at = app("overview", lang).run()
    tables = [str(e.value) for e in at.get("html") if "tt-context" in str(e.value) and "<table" in str(e.value)]
    assert len(tables) == 1
    status = SNAPSHOT.status
    context = status.loc[status["target_period"].isna(), "indicator_id"]
    assert tables[0].count("<tr>") == len(context) + 1  # a header and a row each
    for ind_id in context:
        assert html.escape(SNAPSHOT.plan.name(ind_id, lang)) in tables[0]


@pytest.mark.parametrize(
    ("fresh", "lang", "says", "not_says"),
    [
        (
            {"next_expected_period": "2021", "next_expected_date": date(2022, 9, 27), "overdue": True},
            "zh",
            ["下一期 2021年：2022-09-27 · ⚠ 逾期 1526 天"],
            ["最新年度数据为 2020 年"],  # the next figure's line says it is late, once
        ),
        (
            {"next_expected_period": "2027", "next_expected_date": date(2027, 9, 27), "overdue": False},
            "en",
            ["Next 2027 by 2027-09-27 · ✓ not yet due", "latest annual figure is from 2020"],
            [],
        ),
        (None, "en", ["latest annual figure is from 2020"], ["Next "]),
    ],
)
def test_a_row_says_when_its_next_figure_is_due(fresh, lang, says, not_says):
    from app_pages.overview import row_html

    if fresh is not None:
        late = (date(2026, 12, 1) - fresh["next_expected_date"]).days
        fresh = {**fresh, "days_past_due": late, "days_overdue": late if fresh["overdue"] else 0}
    row = next(r for r in SNAPSHOT.status_by_indicator["rd_intensity"] if r["target_period"] == "2027")
    markup = row_html(SNAPSHOT, SNAPSHOT.indicator_records["rd_intensity"], row, lang, date(2026, 12, 1), fresh=fresh)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    for part in says:
        assert text.count(part) == 1, (part, text)
    for part in not_says:
        assert part not in text, (part, text)
