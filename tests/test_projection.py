"""Rates, projections and the doubling path (tracker.projection) as tables of cases."""

import math

import pytest

from tracker.projection import annual_rate, doubling_path, project, projection_path, year_reached, years_to_reach

GDP_ACTUAL = 1767.3 / 1619.3 - 1  # the zone's GDP 2022 -> 2023, about 9.14 % a year


@pytest.mark.parametrize(
    ("start", "end", "years", "method", "expected"),
    [
        (100, 121, 2, "cagr", 0.10),
        (100, 81, 2, "cagr", -0.10),
        (100, 100, 5, "cagr", 0.0),
        (1619.3, 3238.6, 6, "cagr", 0.122462),  # doubling in 6 years
        (1619.3, 3238.6, 7, "cagr", 0.104090),  # doubling in 7 years
        (1619.3, 1767.3, 1, "cagr", 0.091397),
        (100, 150, 0.5, "cagr", 1.25),  # half a year: (1.5)^2 - 1
        (6.19, 8, 7, "linear", (8 - 6.19) / 7),
        (10, 4, 3, "linear", -2.0),
        (0, 10, 2, "linear", 5.0),  # linear change is defined through zero
        (-10, 0, 2, "linear", 5.0),
        # undefined: a compound rate through zero or from a negative level, or no time to grow
        (0, 10, 2, "cagr", None),
        (-5, 10, 2, "cagr", None),
        (10, 0, 2, "cagr", None),
        (10, -1, 2, "cagr", None),
        (100, 121, 0, "cagr", None),
        (100, 121, -1, "linear", None),
        (100, 121, None, "cagr", None),
    ],
)
def test_annual_rate(start, end, years, method, expected):
    rate = annual_rate(start, end, years, method)
    if expected is None:
        assert rate is None
    else:
        assert rate == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(
    ("value", "rate", "years", "method", "expected"),
    [
        (100, 0.10, 2, "cagr", 121.0),
        (100, -0.10, 2, "cagr", 81.0),
        (100, 0.10, 0, "cagr", 100.0),
        (1767.3, GDP_ACTUAL, 5, "cagr", 2736.687),  # GDP 2023 carried to 2028 at the 2022-23 pace
        (1619.3, 2 ** (1 / 6) - 1, 6, "cagr", 3238.6),
        (6.19, 0.25, 4, "linear", 7.19),
        (10, -2, 3, "linear", 4.0),
    ],
)
def test_project(value, rate, years, method, expected):
    assert project(value, rate, years, method) == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(
    ("value", "target", "rate", "method", "expected"),
    [
        (100, 121, 0.10, "cagr", 2.0),
        (100, 130, 0.10, "cagr", math.log(1.3) / math.log(1.1)),
        (100, 100, 0.10, "cagr", 0.0),  # already there
        (100, 81, -0.10, "cagr", 2.0),  # falling toward a lower target
        (10, 16, 2, "linear", 3.0),
        (10, 4, -2, "linear", 3.0),
        # never
        (100, 121, 0.0, "cagr", None),
        (100, 121, -0.05, "cagr", None),
        (100, 81, 0.10, "cagr", None),
        (100, 121, -1.0, "cagr", None),
        (0, 10, 0.10, "cagr", None),
        (10, 16, 0, "linear", None),
        (10, 16, -1, "linear", None),
    ],
)
def test_years_to_reach(value, target, rate, method, expected):
    years = years_to_reach(value, target, rate, method)
    if expected is None:
        assert years is None
    else:
        assert years == pytest.approx(expected)


@pytest.mark.parametrize(
    ("latest_year", "latest", "target", "rate", "method", "expected"),
    [
        (2023, 1767.3, 3238.6, GDP_ACTUAL, "cagr", 2030),  # 6.93 years from 2023
        (2023, 100, 121, 0.10, "cagr", 2025),  # exactly 2 years, not pushed to 3 by rounding
        (2023, 100, 130, 0.10, "cagr", 2026),  # 2.75 years: reached during 2026
        (2023, 100, 100, 0.10, "cagr", 2023),
        (2020, 10, 16, 2, "linear", 2023),
        (2023, 100, 121, None, "cagr", None),  # no rate
        (2023, 100, 121, 0.0, "cagr", None),  # never
        (2023, 100, 90, 0.10, "cagr", None),  # moving away
        (2023, 10, 16, -1, "linear", None),
    ],
)
def test_year_reached(latest_year, latest, target, rate, method, expected):
    assert year_reached(latest_year, latest, target, rate, method) == expected


@pytest.mark.parametrize(
    ("horizon", "rate", "doubled_year"),
    [
        ("6", 0.1225, 2028),  # 12.25 % a year doubles 2022's figure by 2028
        ("7", 0.1041, 2029),  # 10.41 % a year doubles it by 2029
    ],
)
def test_doubling_path(horizon, rate, doubled_year):
    path = doubling_path(2022, 1619.3)
    assert list(path.columns) == ["path", "year", "value", "rate"]
    assert sorted(path["path"].unique()) == ["6", "7"]
    one = path[path["path"] == horizon]
    assert one["year"].tolist() == list(range(2022, 2030))  # baseline year to the longer horizon
    assert one["rate"].round(4).unique().tolist() == [rate]
    values = dict(zip(one["year"], one["value"]))
    assert values[2022] == pytest.approx(1619.3)
    assert values[doubled_year] == pytest.approx(3238.6)
    assert values[2023] == pytest.approx(1619.3 * (1 + rate), rel=1e-4)


def test_doubling_path_until():
    path = doubling_path(2022, 100.0, horizons=(6,), until=2032)
    assert path["year"].tolist() == list(range(2022, 2033))
    assert path["value"].iloc[-1] == pytest.approx(100 * 2 ** (10 / 6))


@pytest.mark.parametrize(
    ("latest_year", "until", "years", "last_value"),
    [
        (2023, 2026, [2023, 2024, 2025, 2026], 133.1),
        (2023, 2023, [2023], 100.0),
        (2023, 2020, [2023], 100.0),  # never runs backwards
    ],
)
def test_projection_path(latest_year, until, years, last_value):
    path = projection_path(latest_year, 100.0, 0.10, until)
    assert path["year"].tolist() == years
    assert path["value"].iloc[-1] == pytest.approx(last_value)


# Rates from a link or a file at the edge of what a float holds: an answer or None, never an exception.
EDGE_RATES = [1e-17, 1e-19, 5e-324, 0.0, -0.0, 1e308, -1e308, math.inf, -math.inf, math.nan, -1.0, -1 + 1e-16]


@pytest.mark.parametrize("method", ["cagr", "linear"])
@pytest.mark.parametrize("rate", EDGE_RATES)
def test_years_to_reach_edge_rates(rate, method):
    years = years_to_reach(1767.3, 3238.6, rate, method)
    assert years is None or (math.isfinite(years) and years >= 0)
    reached = year_reached(2023, 1767.3, 3238.6, rate, method)
    assert reached is None or reached >= 2023


@pytest.mark.parametrize(
    ("rate", "method", "expected"),
    [
        (1e-17, "cagr", math.log(3238.6 / 1767.3) / 1e-17),  # log1p: not a ZeroDivisionError, and accurate
        (1e-19, "cagr", math.log(3238.6 / 1767.3) / 1e-19),
        (5e-324, "cagr", None),  # 1 + rate is 1 even for log1p: more years than a float holds
        (1e-320, "linear", None),  # (target - value) / rate overflows
        (math.nan, "cagr", None),
        (math.inf, "cagr", None),
        (1e308, "cagr", math.log(3238.6 / 1767.3) / math.log(1e308)),
    ],
)
def test_years_to_reach_tiny_and_huge_rates(rate, method, expected):
    years = years_to_reach(1767.3, 3238.6, rate, method)
    assert years == (None if expected is None else pytest.approx(expected, rel=1e-9))


@pytest.mark.parametrize(
    ("rate", "years", "expected"),
    [(1e308, 5, math.inf), (1e-17, 5, 1767.3), (10.0, 400, math.inf), (-0.5, 2000, 0.0)],
)
def test_project_never_raises_on_huge_powers(rate, years, expected):
    assert project(1767.3, rate, years, "cagr") == pytest.approx(expected)


@pytest.mark.parametrize("rate", [1e-19, 1e-17, 0.0, 0.2])
def test_doubling_scenario_at_edge_rates(rate):
    from tracker.doubling import doubling
    from tracker.snapshot import shipped_snapshot

    snap = shipped_snapshot()
    result = doubling(snap.plan, snap.figures, scenario_rate=rate)
    assert result.scenario_year is None or result.scenario_year >= 2023
