"""The doubling view of the zone's GDP on the shipped figures (tracker.doubling)."""

import pandas as pd
import pytest

from tracker.doubling import doubling
from tracker.snapshot import shipped_snapshot


@pytest.fixture(scope="module")
def snap():
    return shipped_snapshot()


def test_doubling_of_shipped_gdp(snap):
    d = doubling(snap.plan, snap.figures)
    assert (d.indicator_id, d.baseline_year, d.baseline_value, d.target_value) == ("gdp", 2022, 1619.3, 3238.6)
    assert {y: round(r, 4) for y, r in d.horizons.items()} == {2028: 0.1225, 2029: 0.1041}
    assert (d.latest_year, d.latest_value) == (2023, 1767.3)
    assert d.actual_rate == pytest.approx(0.0914, abs=1e-4)
    assert d.actual_year == 2030  # "at 9.1 % a year output doubles in 2030"
    assert d.needed_rates[2029] == pytest.approx(0.1062, abs=1e-4)  # "to double by 2029 it needs 10.6 % a year"
    assert d.needed_rates[2028] == pytest.approx((3238.6 / 1767.3) ** (1 / 5) - 1)
    assert d.progress == pytest.approx(148 / 1619.3)


def test_doubling_frame_keeps_year_to_date_apart(snap):
    frame = doubling(snap.plan, snap.figures).frame
    actual = frame[frame["series"] == "actual"]
    assert list(zip(actual["year"], actual["value"])) == [(2022.0, 1619.3), (2023.0, 1767.3)]
    ytd = frame[frame["series"] == "ytd"]
    assert list(zip(ytd["period"], ytd["value"])) == [("2021-09", 1106.8), ("2024-09", 1425.9), ("2025-09", 1656.7)]
    required = frame[frame["series"] == "required_2028"].set_index("year")["value"]
    assert required[2028.0] == pytest.approx(3238.6)


@pytest.mark.parametrize(
    ("scenario_rate", "scenario_year"),
    [
        (0.12, 2029),  # 5.3 years from 2023
        (0.20, 2027),
        (0.0, None),
        (-0.05, None),
        (None, None),
    ],
)
def test_doubling_scenario_year(snap, scenario_rate, scenario_year):
    d = doubling(snap.plan, snap.figures, scenario_rate=scenario_rate)
    assert d.scenario_year == scenario_year
    has_scenario = bool((d.frame["series"] == "scenario").any())
    assert has_scenario is (scenario_rate is not None)


def test_no_doubling_for_an_indicator_without_a_multiple(snap):
    assert doubling(snap.plan, snap.figures, "hightech_enterprises") is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (0.0914, 0.091, True),  # the actual rate and the growth control's default (rounded to 0.1 pp)
        (0.0914, 0.0909, True),
        (0.0914, 0.092, False),
        (0.0914, 0.09, False),
        (0.125, 0.125, True),
        (None, 0.091, False),
        (0.091, None, False),
    ],
)
def test_same_rate(a, b, same):
    from tracker.doubling import same_rate

    assert same_rate(a, b) is same


@pytest.mark.parametrize(("scenario_rate", "shown"), [(None, False), (0.091, False), (0.092, True), (0.125, True)])
def test_the_scenario_is_shown_only_when_it_differs_from_the_actual_rate(snap, scenario_rate, shown):
    assert doubling(snap.plan, snap.figures, scenario_rate=scenario_rate).shows_scenario is shown


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("zh", "按实际增速 9.1%/年，经济总量将在 2030 年翻番；2028 年翻番今后需年均增长 12.9%，2029 年需 10.6%。"),
        (
            "en",
            "At 9.1% a year, output doubles in 2030; to double by 2028 it needs 12.9% a year from now, by 2029 10.6%.",
        ),
    ],
)
def test_the_headline_names_both_deadlines(snap, lang, sentence):
    from tracker.formatting import doubling_sentence

    assert doubling_sentence(doubling(snap.plan, snap.figures), lang) == sentence


@pytest.mark.parametrize(
    ("lang", "growth", "shown", "hidden"),
    [
        ("zh", None, ["2028 年翻番今后需年均增长 12.9%，2029 年需 10.6%"], ["情景增速"]),
        ("en", None, ["to double by 2028 it needs 12.9% a year from now, by 2029 10.6%"], ["scenario rate"]),
        ("en", "9.1", [], ["scenario rate"]),
        ("zh", "12.5", ["按 12.5%/年 的情景增速，将在 2029 年翻番。"], []),
        ("en", "12.5", ["At the scenario rate of 12.5% a year, output doubles in 2029."], []),
    ],
)
def test_the_doubling_page_says_the_scenario_only_when_it_differs(app, lang, growth, shown, hidden):
    """At the growth control's default (the actual rate) the scenario sentence repeated the headline."""
    at = app("doubling", lang, **({"growth": growth} if growth else {})).run()
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert all(s in text for s in shown), text
    assert not any(s in text for s in hidden), text


@pytest.mark.parametrize(
    ("lang", "labels", "unit"),
    [
        ("zh", ["基期 (2022)", "目标 (×2)", "最新 (2023)", "实际速度"], "单位：亿元"),
        ("en", ["Baseline (2022)", "Target (×2)", "Latest (2023)", "Actual rate"], "Figures in 100 million yuan"),
    ],
)
def test_the_doubling_figures_say_their_unit_once(app, lang, labels, unit):
    """ "Baseline (2022), 100 million yuan" was cut short at 1400 px: the unit is said once, under the figures."""
    at = app("doubling", lang).run()
    assert [m.label for m in at.metric] == labels
    assert [m.value for m in at.metric][:3] == ["1,619.3", "3,238.6", "1,767.3"]
    assert unit in [c.value for c in at.caption]


# Issue 11: the series break and the real-terms view, on the shipped figures plus the zone's 2024 GDP and the
# official growth rates (../shared/reference/figures-2026-12.csv and growth-rates.csv).
GROWTH = {"2021": 0.093, "2022": 0.033, "2023": 0.073, "2021-09": 0.129, "2024-09": 0.065, "2025-09": 0.078}


def _figures(snap, extra: list[dict], growth: dict[str, float] | None = None):
    figures = snap.figures.assign(flags="", growth=float("nan"))
    # the cases add the 2024 figure themselves (BREAK) or leave it out: the shipped one, without its break flag,
    # would read as +16.2% of growth
    figures = figures[~((figures["indicator_id"] == "gdp") & (figures["period"] == "2024")).to_numpy()]
    replaced = {(r["indicator_id"], r["period"]) for r in extra}
    keys = list(zip(figures["indicator_id"], figures["period"]))
    figures = pd.concat([figures[[k not in replaced for k in keys]], pd.DataFrame(extra)], ignore_index=True)
    for period, rate in (growth or {}).items():
        at = (figures["indicator_id"] == "gdp") & (figures["period"] == period)
        if at.any():
            figures.loc[at, "growth"] = rate
        else:
            figures.loc[len(figures)] = {"indicator_id": "gdp", "period": period, "value": float("nan"), "growth": rate}
    return figures


BREAK = {"indicator_id": "gdp", "period": "2024", "value": 2053.5, "flags": "break"}


def test_the_break_keeps_doubling_on_2022_2023(snap):
    d = doubling(snap.plan, _figures(snap, [BREAK]))
    assert (d.baseline_value, d.target_value, d.latest_year, d.latest_value) == (1619.3, 3238.6, 2023, 1767.3)
    assert d.actual_rate == pytest.approx(0.0914, abs=1e-4)  # never the +16.2% jump to 2024
    assert (d.break_period, d.post_break_period, d.post_break_value) == ("2024", "2024", 2053.5)
    frame = d.frame
    assert list(frame.loc[frame["series"] == "actual", "year"]) == [2022.0, 2023.0]
    assert list(
        zip(frame.loc[frame["series"] == "new_basis", "year"], frame.loc[frame["series"] == "new_basis", "value"])
    ) == [(2024.0, 2053.5)]


def test_a_revised_back_series_moves_the_baseline_and_the_target(snap):
    revised = [
        {"indicator_id": "gdp", "period": "2022", "value": 1800.0, "flags": "revised"},
        {"indicator_id": "gdp", "period": "2023", "value": 1900.0, "flags": "revised"},
        BREAK,
    ]
    d = doubling(snap.plan, _figures(snap, revised))
    assert (d.baseline_value, d.target_value, d.latest_year, d.latest_value) == (1800.0, 3600.0, 2024, 2053.5)
    assert d.break_period is None
    assert d.actual_rate == pytest.approx((2053.5 / 1800) ** 0.5 - 1)


@pytest.mark.parametrize(
    ("growth", "real_years", "real_rate"),
    [
        (GROWTH, [2022, 2023], 0.073),  # 2024 has only Jan–Sep growth: the chain stops at 2023
        ({**GROWTH, "2024": 0.07}, [2022, 2023, 2024], (1.073 * 1.07) ** 0.5 - 1),
        ({}, [2022], None),
    ],
)
def test_real_terms_view(snap, growth, real_years, real_rate):
    d = doubling(snap.plan, _figures(snap, [BREAK], growth))
    assert list(d.real_index.index) == real_years
    assert d.real_index[2022] == 1619.3  # in the baseline's prices
    assert (d.real_rate is None) if real_rate is None else d.real_rate == pytest.approx(real_rate)
    real = d.frame[d.frame["series"] == "real"]
    assert list(real["year"]) == [float(y) for y in real_years]
    assert list(d.growths) == sorted(growth, key=lambda p: (p[:4], len(p) == 4, p))  # YTD before the year
    # growth-only rows (no level) do not become levels
    assert list(d.frame.loc[d.frame["series"] == "actual", "year"]) == [2022.0, 2023.0]
    assert d.actual_rate == pytest.approx(0.0914, abs=1e-4)


@pytest.mark.parametrize(
    ("extra", "growth", "lang", "expected"),
    [
        (
            [BREAK],
            GROWTH,
            "zh",
            "翻番状态按2024年以前口径计算（2022–2023年年均 9.1%），2024年新口径为 2,053.5 亿元，与此前不可比；"
            "按官方不变价增速，2022年以来实际年均增长 7.3%。",
        ),
        (
            [BREAK],
            GROWTH,
            "en",
            "The doubling status reads the pre-2024 basis (9.1% a year in 2022–2023); 2024 is 2,053.5 (100 million "
            "yuan) on a new basis, not comparable with earlier years; at the official constant-price growth rates, "
            "real growth since 2022 is 7.3% a year.",
        ),
        ([], {}, "zh", "翻番状态按现价水平计算（2022–2023年年均 9.1%）；尚无可连乘的年度不变价增速。"),
        (
            [],
            {},
            "en",
            "The doubling status reads current-price levels (9.1% a year in 2022–2023); there are no annual "
            "constant-price growth rates to chain yet.",
        ),
    ],
)
def test_doubling_basis_sentence(snap, extra, growth, lang, expected):
    from tracker.formatting import doubling_basis_sentence

    assert doubling_basis_sentence(doubling(snap.plan, _figures(snap, extra, growth)), lang) == expected
