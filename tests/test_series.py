"""Series breaks and real growth (tracker.series): segments, the basis a status reads, chained real growth."""

import pytest

from tracker.series import basis_by_year, chained_rate, choose_basis, real_index, segments


def _records(spec: str) -> list[dict]:
    """ "2022 2023r 2024b" -> records for those years; r = revised, b = break, e = estimate."""
    marks = {"r": "revised", "b": "break", "e": "estimate"}
    out = []
    for item in spec.split():
        year, letters = item[:4], item[4:]
        out.append(
            {"period": year, "year": int(year), "value": float(year), "flags": ",".join(marks[c] for c in letters)}
        )
    return out


def _years(records) -> list[int]:
    return [r["year"] for r in records]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("2021 2022 2023", [([2021, 2022, 2023], None)]),
        ("2022 2023 2024b", [([2022, 2023], None), ([2024], "2024")]),
        ("2022 2023 2024b 2025", [([2022, 2023], None), ([2024, 2025], "2024")]),
        ("2022b 2023", [([2022, 2023], None)]),  # a break on the first figure splits nothing
        # a revised back series joins the new basis: the segment starts at the earliest revised period
        ("2022 2023r 2024b", [([2022], None), ([2023, 2024], "2024")]),
        ("2022r 2023r 2024b", [([2022, 2023, 2024], "2024")]),
        ("2021 2022r 2023r 2024b", [([2021], None), ([2022, 2023, 2024], "2024")]),
        ("2022 2023 2024br 2025", [([2022, 2023], None), ([2024, 2025], "2024")]),
        ("2021 2022r", [([2021, 2022], None)]),  # revised without a break: the same basis
        ("2020 2021b 2022 2023b", [([2020], None), ([2021, 2022], "2021"), ([2023], "2023")]),
        ("2020 2021b 2022r 2023b", [([2020], None), ([2021], "2021"), ([2022, 2023], "2023")]),
        ("", []),
    ],
)
def test_segments(spec, expected):
    got = [(_years(s.records), s.break_period) for s in segments(_records(spec))]
    assert got == (expected or [([], None)])


def test_segment_start_period_is_the_earliest_revised():
    assert [s.start_period for s in segments(_records("2021 2022r 2023r 2024b"))] == ["2021", "2022"]


@pytest.mark.parametrize(
    ("spec", "needs_baseline", "used", "break_period", "post_break"),
    [
        ("2022 2023", None, [2022, 2023], None, None),
        # the shipped GDP: one figure on the new basis; the status stays before the break
        ("2022 2023 2024b", None, [2022, 2023], "2024", 2024),
        ("2022 2023 2024b 2025", None, [2024, 2025], None, None),  # two figures after the break: the new basis
        # a multiple target needs its baseline on the same basis
        ("2022 2023 2024b 2025", 2022, [2022, 2023], "2024", 2025),
        ("2022r 2023r 2024b", 2022, [2022, 2023, 2024], None, None),  # the revised back series ends the break
        ("2022 2023r 2024b", 2022, [2022], "2024", 2024),  # revised from 2023 only: no baseline on the new basis
        ("2022 2023r 2024b", None, [2023, 2024], None, None),
    ],
)
def test_choose_basis(spec, needs_baseline, used, break_period, post_break):
    comparable = None if needs_baseline is None else (lambda s: needs_baseline in s.years)
    basis = choose_basis(_records(spec), comparable)
    assert _years(basis.records) == used
    assert basis.break_period == break_period
    assert (basis.post_break["year"] if basis.post_break else None) == post_break


def test_basis_by_year():
    assert basis_by_year(_records("2022 2023r 2024b 2025")) == {2022: 0, 2023: 1, 2024: 1, 2025: 1}


@pytest.mark.parametrize(
    ("growth", "base", "expected"),
    [
        # the zone's reported real growth: 2023 +3.3%, 2024 +7.3% (Jan–Sep 2025 +7.8% does not count)
        ({"2023": 0.033, "2024": 0.073, "2025-09": 0.078}, "2022", {2022: 1.0, 2023: 1.033, 2024: 1.033 * 1.073}),
        ({"2023": 0.033, "2025": 0.05}, "2022", {2022: 1.0, 2023: 1.033}),  # 2024 missing: the chain stops
        ({"2021": 0.1, "2023": 0.033}, "2022", {2022: 1.0, 2023: 1.033}),  # earlier years are not deflated back
        ({}, "2022", {2022: 1.0}),
        ({"2023": -0.02}, "2022", {2022: 1.0, 2023: 0.98}),
        ({"2023": float("nan")}, "2022", {2022: 1.0}),
    ],
)
def test_real_index(growth, base, expected):
    index = real_index(growth, base)
    assert list(index.index) == list(expected)
    assert list(index) == pytest.approx(list(expected.values()))


def test_real_index_from_a_baseline_level():
    index = real_index({"2023": 0.033, "2024": 0.073}, "2022", base_value=1619.3)
    assert index[2024] == pytest.approx(1619.3 * 1.033 * 1.073)
    assert chained_rate(index) == pytest.approx((1.033 * 1.073) ** 0.5 - 1)


def test_chained_rate_needs_two_years():
    assert chained_rate(real_index({}, "2022")) is None
