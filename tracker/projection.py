"""Rates and projections: the growth a target needs, the growth achieved, and where that growth leads.

A rate is per year. For the ``cagr`` method it is a compound fraction (0.104 = 10.4 % a year); for ``linear`` it is
a change in the indicator's own unit per year (0.26 percentage points a year for a share in %).
"""

from __future__ import annotations

import math

import pandas as pd


def annual_rate(start: float, end: float, years: float, method: str) -> float | None:
    """The rate per year that takes ``start`` to ``end`` in ``years``; None when it is undefined.

    A compound rate is undefined when either value is zero or negative, or when ``years`` is not positive.
    """
    if years is None or years <= 0:
        return None
    if method == "cagr":
        if start <= 0 or end <= 0:
            return None
        return (end / start) ** (1 / years) - 1
    return (end - start) / years


def project(value: float, rate: float, years: float, method: str) -> float:
    """``value`` carried ``years`` ahead at ``rate``; inf (never NaN, never OverflowError) when it outgrows a float."""
    if method == "cagr":
        try:
            return value * (1 + rate) ** years
        except OverflowError:  # a float power raises where a product gives inf
            return math.copysign(math.inf, value)
    return value + rate * years


def years_to_reach(value: float, target: float, rate: float, method: str) -> float | None:
    """Years (fractional) until ``value`` reaches ``target`` at ``rate``; 0 if already there; None if never, or in
    more years than a float holds (a rate so small that 1 + rate rounds to 1), or when a number is not finite."""
    if not all(math.isfinite(x) for x in (value, target, rate)):
        return None
    if (target - value) == 0:
        return 0.0
    if method == "cagr":
        if value <= 0 or target <= 0 or rate <= -1 or rate == 0:
            return None
        # log1p, not log(1 + rate): for rate=1e-17, 1 + rate is exactly 1 and log(1) divides by zero.
        step = math.log1p(rate)
        if step == 0:
            return None
        years = math.log(target / value) / step
    else:
        if rate == 0:
            return None
        years = (target - value) / rate
    return years if math.isfinite(years) and years >= 0 else None


def year_reached(latest_year: int, latest: float, target: float, rate: float | None, method: str) -> int | None:
    """The first whole year in which the target is reached at ``rate`` from the latest figure; None if never."""
    if rate is None:
        return None
    years = years_to_reach(latest, target, rate, method)
    if years is None:
        return None
    return latest_year + math.ceil(round(years, 9))


def doubling_path(
    baseline_year: int, baseline: float, horizons: tuple[int, ...] = (6, 7), until: int | None = None
) -> pd.DataFrame:
    """Required paths that double ``baseline`` in each horizon (years), one row per path and year.

    Columns: path ("6", "7"), year, value, rate (the compound rate the path needs: 12.25 % for 6 years).
    """
    last = until if until is not None else baseline_year + max(horizons)
    rows = []
    for horizon in horizons:
        rate = 2 ** (1 / horizon) - 1
        for year in range(baseline_year, last + 1):
            rows.append(
                {
                    "path": str(horizon),
                    "year": year,
                    "value": baseline * (1 + rate) ** (year - baseline_year),
                    "rate": rate,
                }
            )
    return pd.DataFrame(rows)


def projection_path(latest_year: int, latest: float, rate: float, until: int, method: str = "cagr") -> pd.DataFrame:
    """The latest figure carried forward at ``rate``, one row per year from ``latest_year`` to ``until``."""
    years = range(latest_year, max(until, latest_year) + 1)
    return pd.DataFrame({"year": list(years), "value": [project(latest, rate, y - latest_year, method) for y in years]})
