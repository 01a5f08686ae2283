"""Progress and pace status of each milestone, after the UN SDG progress assessment.

The method (as Statistics Canada and Open SDG apply the UN's): compare the rate of change achieved from the
baseline to the latest annual figure with the rate the target needs from the baseline to the target period.
ratio = actual / required:  >= 0.95 on_track; 0.60–0.95 acceleration_needed; 0–0.60 limited_progress;
< 0 deterioration. A target the latest figure already meets is achieved; a target whose period has a figure that
does not meet it is missed; fewer than two comparable annual figures cannot be assessed.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from tracker.figures import comparable_frame
from tracker.i18n import reason
from tracker.periods import is_annual, period_year
from tracker.plan import Plan
from tracker.projection import annual_rate, project, year_reached

STATUSES = (
    "achieved",
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "deterioration",
    "missed",
    "not_assessed",
)
ON_TRACK, ACCELERATION = 0.95, 0.60

STATUS_COLUMNS = [
    "indicator_id",
    "latest_period",
    "latest_value",
    "baseline_period",
    "baseline_value",
    "target_period",
    "target_value",
    "progress",
    "status",
    "actual_rate",
    "required_rate",
    "needed_rate",
    "projected_value",
    "projected_year_reached",
]


@dataclass(frozen=True)
class Assessment:
    """Where one milestone stands. Rates follow ``pace_method`` (see tracker.projection); None means "cannot be
    computed" and ``reason`` says why."""

    indicator_id: str
    latest_period: str | None
    latest_value: float | None
    baseline_period: str | None
    baseline_value: float | None
    target_period: str | None
    target_value: float | None
    progress: float | None
    status: str
    actual_rate: float | None
    required_rate: float | None
    needed_rate: float | None
    projected_value: float | None
    projected_year_reached: int | None
    pace_method: str = "cagr"
    ratio: float | None = None
    bound: str = ""
    reason_code: str = ""
    reason_params: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        """Why the status is what it is, in English (``tracker.i18n.reason`` gives it in either language)."""
        return reason(self.reason_code, dict(self.reason_params), "en")


def meets(value: float, target: float, direction: str, bound: str = "at_least") -> bool:
    """Whether ``value`` meets ``target``: at or beyond it in the good direction (strictly for above/below)."""
    if bound in ("above", "below"):
        return value > target if direction == "up" else value < target
    return value >= target if direction == "up" else value <= target


def progress(latest: float, target: float, baseline: float | None, direction: str = "up") -> tuple[float | None, str]:
    """Share of the way from baseline to target, (latest − baseline) / (target − baseline); may exceed 1 or be < 0.

    Without a baseline: latest / target (target / latest for an indicator where down is good).
    Returns (None, reason) when the share cannot be computed.
    """
    if baseline is not None:
        if target == baseline:
            return None, "the target equals the baseline"
        return (latest - baseline) / (target - baseline), ""
    if direction == "up":
        return (None, "the target is zero") if target == 0 else (latest / target, "")
    return (None, "the latest figure is zero") if latest == 0 else (target / latest, "")


def classify(ratio: float) -> str:
    """The pace status for ratio = actual rate / required rate."""
    if ratio >= ON_TRACK:
        return "on_track"
    if ratio >= ACCELERATION:
        return "acceleration_needed"
    if ratio >= 0:
        return "limited_progress"
    return "deterioration"


def _rates_method(method: str, *values: float | None) -> str:
    # A compound rate needs positive values; fall back to linear change for zero or negative figures.
    if method == "cagr" and any(v is not None and v <= 0 for v in values):
        return "linear"
    return method


def assess(indicator: pd.Series, milestone: pd.Series | None, series: pd.DataFrame) -> Assessment:
    """Assess one milestone of one indicator from its comparable annual ``series`` (see comparable_series).

    ``milestone`` is None for a context indicator without a target: the row then carries only the latest figure.
    """
    records = series[["period", "value", "year"]].to_dict("records") if len(series) else []
    return _assess(indicator, milestone, records)


def _assess(indicator, milestone, records: list[dict]) -> Assessment:
    """assess() on plain records (period, value, year), oldest first; indicator and milestone may be dicts."""
    ind_id = str(indicator["id"])
    method = str(indicator["pace_method"])
    direction = str(indicator["direction"])
    latest = records[-1] if records else None
    latest_period = str(latest["period"]) if latest is not None else None
    latest_value = float(latest["value"]) if latest is not None else None
    empty = dict(
        indicator_id=ind_id,
        latest_period=latest_period,
        latest_value=latest_value,
        baseline_period=None,
        baseline_value=None,
        target_period=None,
        target_value=None,
        progress=None,
        actual_rate=None,
        required_rate=None,
        needed_rate=None,
        projected_value=None,
        projected_year_reached=None,
        pace_method=method,
    )
    if milestone is None:
        return Assessment(**empty, status="not_assessed", reason_code="context")

    target_period = str(milestone["target_period"])
    target_year = period_year(target_period)
    bound = str(milestone.get("bound", "at_least"))
    baseline_period = str(milestone["baseline_period"]) or None
    baseline_row = None
    if baseline_period:
        match = [r for r in records if r["year"] == period_year(baseline_period)]
        baseline_row = match[-1] if match else None
    baseline_value = float(baseline_row["value"]) if baseline_row is not None else None

    target_value = milestone["target_value"]
    if pd.isna(target_value):
        multiple = float(milestone["target_multiple"])
        target_value = None if baseline_value is None else multiple * baseline_value
    else:
        target_value = float(target_value)
    base = dict(
        empty,
        baseline_period=baseline_period,
        baseline_value=baseline_value,
        target_period=target_period,
        target_value=target_value,
    )

    def result(status: str, code: str = "", params: dict | None = None, **fields: object) -> Assessment:
        pairs = tuple((k, str(v)) for k, v in (params or {}).items())
        return Assessment(**{**base, **fields}, status=status, bound=bound, reason_code=code, reason_params=pairs)

    if target_value is None:
        return result("not_assessed", "no_baseline_figure", {"period": baseline_period})
    if latest is None:
        return result("not_assessed", "no_figure")

    latest_year = int(latest["year"])
    share, why = progress(latest_value, target_value, baseline_value, direction)
    base["progress"] = share
    needed_method = _rates_method(method, latest_value, target_value)
    needed = (
        annual_rate(latest_value, target_value, target_year - latest_year, needed_method)
        if target_year > latest_year
        else None
    )
    base["needed_rate"] = needed

    # Once the target year has a figure, the target is judged on it: a later rise or fall does not change the verdict.
    judged = latest
    if latest_year > target_year:
        at_target = [r for r in records if r["year"] == target_year]
        judged = at_target[-1] if at_target else latest
    judged_value = float(judged["value"])
    facts = {"period": str(judged["period"]), "value": f"{judged_value:g}", "target": f"{target_value:g}"}
    if meets(judged_value, target_value, direction, bound):
        return result("achieved", "meets", facts, projected_year_reached=int(judged["year"]), needed_rate=None)
    # A stock's level at a month of the target year still has the rest of the year to go.
    if latest_year > target_year or (latest_year == target_year and is_annual(latest_period)):
        return result("missed", "does_not_meet", facts, needed_rate=None)

    # Start of the actual rate: the plan's baseline, or else the earliest comparable figure.
    start = baseline_row if baseline_row is not None else (records[0] if len(records) >= 2 else None)
    if len(records) < 2 or start is None:
        return result("not_assessed", "few_figures")
    start_year, start_value = int(start["year"]), float(start["value"])
    if latest_year <= start_year:
        return result("not_assessed", "nothing_after_baseline", {"period": start["period"]})

    rate_method = _rates_method(method, start_value, latest_value, target_value)
    required = annual_rate(start_value, target_value, target_year - start_year, rate_method)
    actual = annual_rate(start_value, latest_value, latest_year - start_year, rate_method)
    if needed is not None and rate_method != needed_method:
        needed = annual_rate(latest_value, target_value, target_year - latest_year, rate_method)
    if required is None or actual is None:
        return result("not_assessed", "no_rates")
    if required == 0:
        ratio = math.inf if actual * (1 if direction == "up" else -1) >= 0 else -math.inf
    else:
        ratio = actual / required
    code = "" if baseline_row is not None else "from_earliest"
    if rate_method != method:
        code = "linear_fallback"
    return result(
        classify(ratio),
        code,
        {"period": start["period"]},
        actual_rate=actual,
        required_rate=required,
        ratio=ratio,
        needed_rate=needed,
        projected_value=project(latest_value, actual, target_year - latest_year, rate_method),
        projected_year_reached=year_reached(latest_year, latest_value, target_value, actual, rate_method),
        pace_method=rate_method,
    )


def assess_plan(plan: Plan, figures: pd.DataFrame) -> list[Assessment]:
    """One Assessment per milestone (in plan order), and one per indicator that has no milestone."""
    out = []
    # One pass over the figures: filtering a million rows once per indicator would cost seconds per thousand.
    # Plain records, sliced from one sorted frame: a pandas lookup per field would cost more than the whole
    # assessment when the plan has thousands of indicators.
    frame = comparable_frame(figures, plan.indicators["measure"])
    ids = frame["indicator_id"].to_numpy()
    periods, values, years = frame["period"].tolist(), frame["value"].tolist(), frame["year"].tolist()
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else np.array([], dtype=int)
    bounds = dict(zip(ids[starts], zip(starts, np.r_[starts[1:], len(ids)]))) if len(ids) else {}
    milestones: dict[str, list[dict]] = {}
    for milestone in plan.milestones.to_dict("records"):
        milestones.setdefault(milestone["indicator_id"], []).append(milestone)
    for indicator in plan.indicators.to_dict("records"):
        lo, hi = bounds.get(indicator["id"], (0, 0))
        records = [{"period": periods[i], "value": values[i], "year": years[i]} for i in range(lo, hi)]
        for milestone in milestones.get(indicator["id"]) or [None]:
            out.append(_assess(indicator, milestone, records))
    return out


def status_table(plan: Plan, figures: pd.DataFrame) -> pd.DataFrame:
    """The status rows (``STATUS_COLUMNS`` first, then pace_method, ratio, bound, reason), one per assessment."""
    assessments = assess_plan(plan, figures)
    frame = pd.DataFrame([asdict(a) for a in assessments])
    frame["reason"] = [a.reason for a in assessments]
    return frame[STATUS_COLUMNS + [c for c in frame.columns if c not in STATUS_COLUMNS]]
