"""The doubling view of the zone's GDP on the shipped figures (tracker.doubling)."""

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
    assert list(zip(ytd["period"], ytd["value"])) == [("2024-09", 1425.9), ("2025-09", 1656.7)]
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
