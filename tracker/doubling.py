"""The doubling path: the required paths for each horizon, the actual figures, and where the actual rate leads."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tracker.figures import comparable_series, year_to_date
from tracker.pace import figure_records
from tracker.periods import period_year, sort_key
from tracker.plan import Plan
from tracker.projection import annual_rate, project, year_reached
from tracker.series import chained_rate, choose_basis, real_index


@dataclass(frozen=True)
class Doubling:
    """One indicator's doubling target. Rates are compound fractions per year; years are None when the figures do
    not allow them (too few annual figures, or a rate that never doubles)."""

    indicator_id: str
    baseline_year: int
    baseline_value: float
    target_value: float
    horizons: dict[int, float]  # target year -> required rate from the baseline
    latest_year: int | None = None
    latest_value: float | None = None
    actual_rate: float | None = None
    actual_year: int | None = None  # year of doubling at the actual rate
    needed_rates: dict[int, float | None] = field(default_factory=dict)  # target year -> rate needed from now
    scenario_rate: float | None = None
    scenario_year: int | None = None
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)  # series, year, value (see doubling())
    # A series break (issue 11): the status reads the levels before it until the new basis has its own baseline.
    break_period: str | None = None  # the break not read across: "on the pre-2024 basis"
    post_break_period: str | None = None  # the latest figure on the new basis, shown beside
    post_break_value: float | None = None
    # The real-terms view: the official growth rates (constant prices) chained from the baseline, in its prices.
    real_index: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))  # year -> level in base prices
    real_rate: float | None = None  # compound real growth per year over real_index
    growths: dict[str, float] = field(default_factory=dict)  # period -> reported real growth (fraction), YTD too

    @property
    def shows_scenario(self) -> bool:
        """Whether the scenario says something the actual rate does not: set, and not the actual rate at the growth
        control's step (its default is the actual rate rounded to 0.1 percentage point)."""
        return self.scenario_rate is not None and not same_rate(self.scenario_rate, self.actual_rate)

    @property
    def progress(self) -> float | None:
        """Share of the way from the baseline to double, by the latest annual figure."""
        if self.latest_value is None:
            return None
        return (self.latest_value - self.baseline_value) / (self.target_value - self.baseline_value)


def same_rate(a: float | None, b: float | None) -> bool:
    """Two annual rates that read the same at 0.1 percentage point (9.14% and 9.1%), as the growth control sets them."""
    return a is not None and b is not None and round(a * 100, 1) == round(b * 100, 1)


def doubling_milestones(plan: Plan) -> pd.DataFrame:
    """The milestones set as a multiple of their baseline (the plan's "double in 6–7 years")."""
    return plan.milestones[plan.milestones["target_multiple"].notna()]


def doubling(
    plan: Plan, figures: pd.DataFrame, indicator_id: str | None = None, scenario_rate: float | None = None
) -> Doubling | None:
    """The doubling view of ``indicator_id`` (by default the first indicator with a multiple target).

    ``frame`` has one row per point: series is "required_<year>" for each target year, "actual" (annual
    figures from the baseline on, on the basis the status reads), "new_basis" (annual figures after a break the
    status does not read across yet, see tracker.series.choose_basis), "ytd" (year-to-date figures, at their year),
    "real" (the baseline carried by the official real growth rates, tracker.series.real_index), "projection" (actual
    rate from the latest figure) and "scenario" (``scenario_rate`` from the latest figure). The figures may carry
    ``flags`` and ``growth`` (issue 11). Returns None when the plan has no such target or its baseline has no figure.
    """
    milestones = doubling_milestones(plan)
    if indicator_id is not None:
        milestones = milestones[milestones["indicator_id"] == indicator_id]
    if milestones.empty:
        return None
    indicator_id = str(milestones.iloc[0]["indicator_id"])
    milestones = milestones[milestones["indicator_id"] == indicator_id]
    measure = plan.indicators.at[indicator_id, "measure"]
    own = figures[figures["indicator_id"] == indicator_id]
    levels = own[own["value"].notna()]
    baseline_year = period_year(milestones.iloc[0]["baseline_period"])
    records = figure_records(comparable_series(levels, indicator_id, measure))
    # The multiple is of the baseline on the basis read: a revised back series moves it (tracker.series).
    basis = choose_basis(records, lambda segment: baseline_year in segment.years)
    series = pd.DataFrame(list(basis.records), columns=["period", "value", "year"])
    base = series[series["year"] == baseline_year]
    if base.empty:
        return None
    baseline_value = float(base.iloc[-1]["value"])
    multiple = float(milestones.iloc[0]["target_multiple"])
    target = baseline_value * multiple
    target_years = sorted(period_year(p) for p in milestones["target_period"])
    horizons = {y: annual_rate(baseline_value, target, y - baseline_year, "cagr") for y in target_years}

    after = series[series["year"] >= baseline_year]
    latest = after.iloc[-1]
    latest_year, latest_value = int(latest["year"]), float(latest["value"])
    actual = annual_rate(baseline_value, latest_value, latest_year - baseline_year, "cagr")
    until = max(target_years + [latest_year + 1])
    actual_year = year_reached(latest_year, latest_value, target, actual, "cagr")
    scenario_year = year_reached(latest_year, latest_value, target, scenario_rate, "cagr")
    if actual_year:
        until = max(until, min(actual_year, baseline_year + 20))
    if scenario_year:
        until = max(until, min(scenario_year, baseline_year + 20))

    rows = []
    for year, rate in horizons.items():
        rows += [
            {
                "series": f"required_{year}",
                "year": float(y),
                "value": project(baseline_value, rate, y - baseline_year, "cagr"),
            }
            for y in range(baseline_year, until + 1)
        ]
    rows += [{"series": "actual", "year": float(r.year), "value": float(r.value)} for r in after.itertuples()]
    if basis.break_period is not None:
        newer = [r for r in records if int(r["year"]) >= period_year(basis.break_period)]
        rows += [{"series": "new_basis", "year": float(r["year"]), "value": float(r["value"])} for r in newer]
    growths = {}
    if "growth" in own:
        given = [(str(p), float(g)) for p, g in zip(own["period"], own["growth"]) if g is not None and g == g]
        growths = dict(sorted(given, key=lambda pg: sort_key(pg[0])))
    real = real_index(growths, str(baseline_year), baseline_value)
    rows += [{"series": "real", "year": float(y), "value": float(v)} for y, v in real.items()]
    for r in year_to_date(levels, indicator_id, measure).itertuples():
        # Placed at their year, as marks of their own: a Jan–Sep total is not comparable with a year's.
        rows.append(
            {"series": "ytd", "year": float(period_year(r.period)), "value": float(r.value), "period": r.period}
        )
    for key, rate in (("projection", actual), ("scenario", scenario_rate)):
        if rate is not None:
            rows += [
                {"series": key, "year": float(y), "value": project(latest_value, rate, y - latest_year, "cagr")}
                for y in range(latest_year, until + 1)
            ]
    needed = {
        y: (annual_rate(latest_value, target, y - latest_year, "cagr") if y > latest_year else None)
        for y in target_years
    }
    return Doubling(
        indicator_id=indicator_id,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
        target_value=target,
        horizons=horizons,
        latest_year=latest_year,
        latest_value=latest_value,
        actual_rate=actual,
        actual_year=actual_year if actual is not None else None,
        needed_rates=needed,
        scenario_rate=scenario_rate,
        scenario_year=scenario_year,
        frame=pd.DataFrame(rows),
        break_period=basis.break_period,
        post_break_period=str(basis.post_break["period"]) if basis.post_break else None,
        post_break_value=float(basis.post_break["value"]) if basis.post_break else None,
        real_index=real,
        real_rate=chained_rate(real),
        growths=growths,
    )
