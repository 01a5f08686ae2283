"""Progress and pace status of each milestone, after the UN SDG progress assessment.

The method (as Statistics Canada and Open SDG apply the UN's): compare the rate of change achieved from the
baseline to the latest annual figure with the rate the target needs from the baseline to the target period.
ratio = actual / required:  >= 0.95 on_track; 0.60–0.95 acceleration_needed; 0–0.60 limited_progress;
< 0 deterioration. A target the latest figure already meets is achieved; a target whose period has a figure that
does not meet it is missed; fewer than two comparable annual figures cannot be assessed.

Figures as statisticians publish them (issue 11). A figure's qualifier acts: an ``at_least`` figure at or above the
target is achieved, one below it at the deadline is a lower bound, not known to be missed, and progress from it is a
lower bound (``lower_bound``); a status read from an ``about`` figure or an estimate is ``approximate``. A series
break (a figure flagged ``break``) splits the levels: the status reads one basis, never a jump across it (see
tracker.series.choose_basis; ``basis_note`` says "on the pre-2024 basis" and ``post_break_*`` is the new figure). A
milestone of kind ``annual_growth`` (年度预期目标) is a real growth rate for one year, judged on that year's reported
growth and, while the year runs, on its latest year-to-date growth (an in-year signal). "About 6%" is met within
ABOUT_GROWTH_TOLERANCE (0.5 percentage point) below it; growth above a growth target always meets it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from datetime import date

import numpy as np
import pandas as pd

from tracker import clock
from tracker.figures import comparable_frame, mixed_basis_rows, mixed_basis_years, parse_label
from tracker.formatting import fmt_number, fmt_value
from tracker.i18n import reason, t
from tracker.periods import describe, is_annual, period_year
from tracker.plan import Plan
from tracker.projection import annual_rate, project, year_reached
from tracker.qualifiers import flags_of, is_approximate, qualifier_of
from tracker.series import choose_basis

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
# An annual growth target of "about 6%" (6%左右) is met by growth of 5.5% or more: half a percentage point below.
ABOUT_GROWTH_TOLERANCE = 0.005
MILESTONE_KINDS = ("level", "annual_growth")

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
# The figure columns an assessment reads (the issue-11 ones may be missing).
ASSESSED_COLUMNS = ["indicator_id", "period", "value", "qualifier", "flags", "growth"]
# Issue 11's columns: on every row, None (or [] for the flags) where they do not apply. Growths are fractions.
FIGURE_COLUMNS = [
    "latest_qualifier",
    "latest_flags",
    "milestone_kind",
    "latest_growth",
    "latest_growth_period",
    "approximate",
    "basis_note",
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
    # What the latest figure means (tracker.qualifiers): exact/at_least/about and its flags; None without a figure.
    latest_qualifier: str | None = None
    latest_flags: tuple[str, ...] = ()
    milestone_kind: str | None = None  # "level" or "annual_growth"; None for a context indicator
    latest_growth: float | None = None  # reported real year-on-year growth (0.078 for +7.8%), the latest or judged
    latest_growth_period: str | None = None
    approximate: bool = False  # read from an about figure or an estimate
    lower_bound: bool = False  # the figure judged is a lower bound (at_least): so are progress and the actual rate
    break_period: str | None = None  # a series break the status does not read across (see basis_note)
    break_kind: str | None = None  # "pre_break" (read on the basis before it) or "mixed_formula" (a derived gap)
    break_input: str | None = None  # for mixed_formula: the input indicator that changes basis
    break_input_zh: str | None = None  # its name, as the reason says it
    break_input_en: str | None = None
    post_break_period: str | None = None  # for pre_break: the latest figure on the new basis
    post_break_value: float | None = None

    @property
    def reason(self) -> str:
        """Why the status is what it is, in English (``tracker.i18n.reason`` gives it in either language)."""
        return reason(self.reason_code, dict(self.reason_params), "en")

    @property
    def basis_note(self) -> str | None:
        """The series break beside the status, in English (``basis_text`` gives it in either language)."""
        return basis_text(asdict(self), "en")


def basis_text(row, lang: str, unit: str = "", unit_en: str = "") -> str | None:
    """What a status row (an Assessment as a dict, or a status_table row) says about a series break, in ``lang``:
    "按2024年以前口径；2024年新口径：2,053.5" / "on the pre-2024 basis; 2024 on the new basis: 2,053.5", or why a
    derived figure is not computed; None when no break touches it."""
    kind, period = row.get("break_kind"), row.get("break_period")
    if not isinstance(kind, str) or not isinstance(period, str):
        return None
    year = period_year(period)
    if kind == "mixed_formula":
        name = row.get(f"break_input_{lang}") or row.get("break_input")
        return t("basis_mixed", lang, period=period, input=name, year=year)
    note = t("basis_pre_break", lang, year=year)
    value = row.get("post_break_value")
    if row.get("post_break_period") and value is not None and value == value:
        shown = fmt_value(value, unit, lang, unit_en) if unit else fmt_number(value)  # with its unit where given
        new = t("basis_new_figure", lang, period=describe(row["post_break_period"], lang), value=shown)
        note += ("；" if lang == "zh" else "; ") + new
    return note


def caveats(row, lang: str) -> list[str]:
    """The words a status row carries beside its status: "约" / "approximate" for a status read from an about figure
    or an estimate, "下限" / "lower bound" where the figure judged is a lower bound (a proxy figure carries its own
    PROXY badge where it is shown, tracker.present)."""
    out = []
    if row.get("approximate") is True:
        out.append(t("caveat_approximate", lang))
    if row.get("lower_bound") is True:
        out.append(t("caveat_lower_bound", lang))
    return out


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


def meets_growth(growth: float, target: float, bound: str) -> bool:
    """Whether reported growth meets an annual growth target: at or above it (strictly for ``above``); for ``about``,
    at most ABOUT_GROWTH_TOLERANCE below it."""
    if bound == "above":
        return growth > target
    if bound == "about":
        return growth >= target - ABOUT_GROWTH_TOLERANCE - 1e-12  # 5.5% meets "about 6%" despite float rounding
    return growth >= target - 1e-12


def assess(
    indicator: pd.Series,
    milestone: pd.Series | None,
    series: pd.DataFrame,
    growths: pd.DataFrame | None = None,
    on: date | None = None,
) -> Assessment:
    """Assess one milestone of one indicator from its comparable annual ``series`` (see comparable_series).

    ``series`` may carry ``qualifier``, ``flags`` and ``growth`` columns; ``growths`` (period, growth[, flags]) are
    the indicator's reported growth rates, year-to-date ones included, for an annual_growth milestone. ``on`` is
    today (default: tracker.clock.today()). ``milestone`` is None for a context indicator: the row carries only the
    figure.
    """
    records = figure_records(series) if len(series) else []
    growth_records = _growth_records(growths) if growths is not None and len(growths) else []
    return _assess(indicator, milestone, records, growth_records, on or clock.today())


def figure_records(frame: pd.DataFrame) -> list[dict]:
    """Plain records (period, value, year, qualifier, flags, growth) of a figures frame; the issue-11 columns may be
    missing (exact, no flags, no growth). Stored words are read once per distinct value, leniently."""
    n = len(frame)
    if "qualifier" in frame:
        stored = frame["qualifier"].astype(object).where(frame["qualifier"].notna(), "").astype(str)
        words = {q: qualifier_of(q, strict=False) for q in stored.drop_duplicates().tolist()}
        qualifiers = [words[q] for q in stored.tolist()] if len(words) > 1 else [*words.values()] * n
    else:
        qualifiers = ["exact"] * n
    flags = _flag_lists(frame["flags"]) if "flags" in frame else [[]] * n
    if "growth" in frame:
        numbers = pd.to_numeric(frame["growth"], errors="coerce")
        growth = numbers.astype(object).where(numbers.notna(), None).tolist()
    else:
        growth = [None] * n
    return [
        {"period": p, "value": v, "year": y, "qualifier": q, "flags": f, "growth": g}
        for p, v, y, q, f, g in zip(
            frame["period"].tolist(), frame["value"].tolist(), frame["year"].tolist(), qualifiers, flags, growth
        )
    ]


def _flag_lists(flags: pd.Series) -> list[list[str]]:
    """flags_of for every stored value, once per distinct text (a million figures share a handful)."""
    cache: dict[object, list[str]] = {}
    out = []
    for value in flags.tolist():
        key = tuple(value) if isinstance(value, list | tuple | set | frozenset) else value
        if key not in cache:
            cache[key] = flags_of(value, strict=False)
        out.append(cache[key])
    return out


def _growth_records(frame: pd.DataFrame) -> list[dict]:
    """Reported growth rates (period, growth, year, annual, order, flags), oldest first; rows without one left out."""
    frame = frame[frame["growth"].notna()]
    flags = _flag_lists(frame["flags"]) if "flags" in frame else [[]] * len(frame)
    rows = []
    for period, growth, flag in zip(frame["period"].tolist(), frame["growth"].tolist(), flags):
        parsed = parse_label(str(period))
        rows.append(
            {
                "period": str(period),
                "growth": float(growth),
                "year": parsed.year,
                "month": parsed.month,
                "annual": parsed.is_annual,
                "order": parsed.sort_key,
                "flags": flag,
            }
        )
    return sorted(rows, key=lambda r: r["order"])


def _growths_by_indicator(figures: pd.DataFrame, every: set[str] | None = None) -> dict[str, list[dict]]:
    """_growth_records of every indicator, by id, in one pass: each period parsed once, one stable sort by
    indicator and time, then slices by position (a groupby per indicator costs seconds for thousands). Indicators
    not in ``every`` (None: all) get their latest record only: a level target reads no other (see _assess)."""
    frame = figures[figures["growth"].notna()]
    ind_codes, ind_ids = pd.factorize(frame["indicator_id"])
    if not len(ind_ids):
        return {}
    periods = frame["period"].astype(str)
    codes, labels = pd.factorize(periods)
    parsed = [parse_label(label) for label in labels]
    order = np.array([p.sort_key for p in parsed], dtype=float)[codes]
    # Oldest first within each indicator, ties in stored order (as _growth_records' stable sort).
    by_time = np.argsort(order, kind="stable")
    by_time = by_time[np.argsort(ind_codes[by_time], kind="stable")]
    by_time = by_time[ind_codes[by_time] >= 0]  # a row without an indicator id belongs to none (as groupby)
    if not len(by_time):
        return {}
    sorted_codes = ind_codes[by_time]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]]).tolist()
    ends = [*starts[1:], len(sorted_codes)]
    spans = {ind_ids[sorted_codes[lo]]: (lo, hi) for lo, hi in zip(starts, ends)}
    if every is not None:
        spans = {ind_id: (lo, hi) if ind_id in every else (hi - 1, hi) for ind_id, (lo, hi) in spans.items()}
    rows = by_time[np.concatenate([np.arange(lo, hi) for lo, hi in spans.values()])].tolist()
    flags = _flag_lists(frame["flags"].iloc[rows]) if "flags" in frame else [[]] * len(rows)
    label_of, growth_of, code_of = periods.tolist(), frame["growth"].tolist(), codes.tolist()
    info = [(p.year, p.month, p.is_annual, p.sort_key) for p in parsed]
    records = []
    for i, flag in zip(rows, flags):
        year, month, annual, sort_key = info[code_of[i]]
        records.append(
            {
                "period": label_of[i],
                "growth": float(growth_of[i]),
                "year": year,
                "month": month,
                "annual": annual,
                "order": sort_key,
                "flags": flag,
            }
        )
    out, at = {}, 0
    for ind_id, (lo, hi) in spans.items():
        out[ind_id] = records[at : at + hi - lo]
        at += hi - lo
    return out


def _assess(indicator, milestone, records: list[dict], growths=(), on: date | None = None, mixed=None) -> Assessment:
    """assess() on plain records (period, value, year[, qualifier, flags, growth]), oldest first; indicator and
    milestone may be dicts. ``growths``: see _growth_records; ``mixed``: (period, input) of the latest year a derived
    indicator is not computed for (its formula would difference across a break)."""
    on = on or clock.today()
    kind = _kind(milestone)
    if kind == "annual_growth":
        return _assess_growth(indicator, milestone, records, list(growths), on)
    latest_growth = growths[-1] if growths else None
    growth_fields = {
        "latest_growth": latest_growth["growth"] if latest_growth else None,
        "latest_growth_period": latest_growth["period"] if latest_growth else None,
    }
    extra: dict = {"milestone_kind": kind, **growth_fields}
    if mixed is not None:
        extra.update(break_kind="mixed_formula", break_period=mixed[0], break_input=mixed[1])
        if len(mixed) > 2:
            extra.update(break_input_zh=mixed[2], break_input_en=mixed[3])

    comparable = None
    if milestone is not None and pd.isna(milestone["target_value"]) and str(milestone["baseline_period"]):
        baseline_year = period_year(str(milestone["baseline_period"]))
        comparable = lambda segment: baseline_year in segment.years  # noqa: E731 - a multiple needs its baseline
    basis = choose_basis(records, comparable)
    if basis.break_period is not None:
        extra.update(
            break_kind="pre_break",
            break_period=basis.break_period,
            post_break_period=str(basis.post_break["period"]),
            post_break_value=float(basis.post_break["value"]),
        )
    return _assess_level(indicator, milestone, list(basis.records), extra)


def _kind(milestone) -> str | None:
    if milestone is None:
        return None
    kind = milestone.get("kind", "level")
    return kind if isinstance(kind, str) and kind in MILESTONE_KINDS else "level"


def _figure_fields(record: dict | None) -> dict:
    if record is None:
        return {"latest_qualifier": None, "latest_flags": ()}
    return {"latest_qualifier": record.get("qualifier", "exact"), "latest_flags": tuple(record.get("flags") or ())}


def _assess_level(indicator, milestone, records: list[dict], extra: dict) -> Assessment:
    """A level milestone (or a context indicator) on the records of one basis."""
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
        **_figure_fields(latest),
        **extra,
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
        # A multiple of the baseline on the basis read: a revised baseline moves the target with it.
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
    judged_qualifier = judged.get("qualifier", "exact")
    base["approximate"] = is_approximate(judged_qualifier, judged.get("flags") or ())
    base["lower_bound"] = judged_qualifier == "at_least"
    facts = {"period": str(judged["period"]), "value": f"{judged_value:g}", "target": f"{target_value:g}"}
    if meets(judged_value, target_value, direction, bound):
        return result("achieved", "meets", facts, projected_year_reached=int(judged["year"]), needed_rate=None)
    # A stock's level at a month of the target year still has the rest of the year to go.
    if latest_year > target_year or (latest_year == target_year and is_annual(latest_period)):
        if judged_qualifier == "at_least" and direction == "up":  # "3900余": the true figure may meet 4000
            return result("not_assessed", "lower_bound_below", facts, needed_rate=None)
        return result("missed", "does_not_meet", facts, needed_rate=None)

    # Start of the actual rate: the plan's baseline, or else the earliest comparable figure.
    start = baseline_row if baseline_row is not None else (records[0] if len(records) >= 2 else None)
    if len(records) < 2 or start is None:
        return result("not_assessed", "few_figures")
    start_year, start_value = int(start["year"]), float(start["value"])
    if latest_year <= start_year:
        return result("not_assessed", "nothing_after_baseline", {"period": start["period"]})
    base["approximate"] = base["approximate"] or is_approximate(
        start.get("qualifier", "exact"), start.get("flags") or ()
    )

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


def _assess_growth(indicator, milestone, records: list[dict], growths: list[dict], on: date) -> Assessment:
    """An annual growth target (年度预期目标): a real growth rate for one year. A passed year is judged on its reported
    annual growth (achieved / missed), not on year-to-date growth (not assessed, with that figure in the reason);
    while the year runs, its latest year-to-date growth is an in-year signal (on_track / acceleration_needed)."""
    latest = records[-1] if records else None
    target_period = str(milestone["target_period"])
    year = period_year(target_period)
    target = float(milestone["target_value"])
    bound = str(milestone.get("bound", "at_least"))
    suffix = "_about" if bound == "about" else ""
    of_year = [g for g in growths if g["year"] == year]
    annual = [g for g in of_year if g["annual"]]
    ytd = [g for g in of_year if not g["annual"]]
    used = annual[-1] if annual else (ytd[-1] if ytd else None)
    fields = dict(
        indicator_id=str(indicator["id"]),
        latest_period=str(latest["period"]) if latest else None,
        latest_value=float(latest["value"]) if latest else None,
        baseline_period=None,
        baseline_value=None,
        target_period=target_period,
        target_value=target,
        progress=None,
        actual_rate=None,
        required_rate=None,
        needed_rate=None,
        projected_value=None,
        projected_year_reached=None,
        pace_method=str(indicator["pace_method"]),
        bound=bound,
        milestone_kind="annual_growth",
        latest_growth=used["growth"] if used else None,
        latest_growth_period=used["period"] if used else None,
        approximate=bool(used and "estimate" in used["flags"]),
        **_figure_fields(latest),
    )
    target_text = f"{target * 100:g}%"

    def result(status: str, code: str, **params: object) -> Assessment:
        pairs = tuple((k, str(v)) for k, v in params.items())
        return Assessment(**fields, status=status, reason_code=code, reason_params=pairs)

    if used is None:
        if on.year < year:
            return result("not_assessed", "growth_not_begun", period=target_period)
        return result("not_assessed", "no_growth", period=target_period)
    growth_text = f"{used['growth'] * 100:+.1f}%"
    met = meets_growth(used["growth"], target, bound)
    if annual:
        code = ("growth_meets" if met else "growth_misses") + suffix
        return result(
            "achieved" if met else "missed", code, period=target_period, growth=growth_text, target=target_text
        )
    if on.year > year:  # the year is over and only its year-to-date growth was published
        return result(
            "not_assessed",
            "ytd_only" + suffix,
            period=target_period,
            last_month=used["month"],
            growth=growth_text,
            target=target_text,
        )
    code = ("ytd_above" if met else "ytd_below") + suffix
    return result(
        "on_track" if met else "acceleration_needed",
        code,
        last_month=used["month"],
        growth=growth_text,
        target=target_text,
    )


def assess_plan(plan: Plan, figures: pd.DataFrame, on: date | None = None) -> list[Assessment]:
    """One Assessment per milestone (in plan order), and one per indicator that has no milestone. ``on``: today
    (default tracker.clock.today()), which decides whether an annual growth target's year is still running."""
    on = on or clock.today()
    out = []
    # A derived figure whose formula differences across a series break is not computed (tracker.figures).
    mixed = mixed_basis_years(figures, plan.indicators)
    # Only the columns read below (every filter and sort then moves six columns, not a dozen texts), and only the
    # plan's indicators, each assessed from its own rows alone: a store's other figures (a million, of indicators no
    # plan names) would cost a sort and a record each for nothing.
    figures = figures[[c for c in ASSESSED_COLUMNS if c in figures]]
    in_plan = figures["indicator_id"].isin(plan.indicators["id"])
    if not in_plan.all():
        figures = figures[in_plan]
    if mixed:
        figures = figures[~mixed_basis_rows(figures, mixed)]
    # derived indicator -> (latest period not computed, its input's id, its names in zh and en)
    latest_mixed: dict[str, tuple[str, str, str, str]] = {}
    names = plan.indicators.set_index("id")
    for (ind_id, year), (input_id, _) in sorted(mixed.items(), key=lambda kv: kv[0][1]):
        known = input_id in names.index
        name_zh = str(names.at[input_id, "name_zh"]) if known else input_id
        name_en = str(names.at[input_id, "name_en"]) if known else input_id
        latest_mixed[ind_id] = (str(year), input_id, name_zh, name_en)
    milestones: dict[str, list[dict]] = {}
    for milestone in _records(plan.milestones):
        milestones.setdefault(milestone["indicator_id"], []).append(milestone)
    # Only an annual growth target reads every reported growth; any other row reads the latest.
    every = {i for i, ms in milestones.items() if any(_kind(m) == "annual_growth" for m in ms)}
    growths = _growths_by_indicator(figures, every) if "growth" in figures else {}
    levels = figures[figures["value"].notna()] if figures["value"].isna().any() else figures  # growth-only rows
    # One pass over the figures: filtering a million rows once per indicator would cost seconds per thousand.
    # Plain records, sliced from one sorted frame: a pandas lookup per field would cost more than the whole
    # assessment when the plan has thousands of indicators.
    frame = comparable_frame(levels, plan.indicators["measure"])
    ids = frame["indicator_id"].to_numpy()
    all_records = figure_records(frame) if len(frame) else []
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else np.array([], dtype=int)
    bounds = dict(zip(ids[starts], zip(starts, np.r_[starts[1:], len(ids)]))) if len(ids) else {}
    for indicator in _records(plan.indicators):
        lo, hi = bounds.get(indicator["id"], (0, 0))
        records = all_records[lo:hi]
        gap = latest_mixed.get(indicator["id"])
        if gap is not None and records and int(gap[0]) <= int(records[-1]["year"]):
            gap = None  # an older gap: the latest figure is computed
        for milestone in milestones.get(indicator["id"]) or [None]:
            out.append(_assess(indicator, milestone, records, growths.get(indicator["id"], []), on, gap))
    return out


def _records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")`` (the same plain values), a column at a time: to_dict boxes every cell alone."""
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in zip(*(frame[c].tolist() for c in columns))] if columns else []


def status_table(plan: Plan, figures: pd.DataFrame, on: date | None = None) -> pd.DataFrame:
    """The status rows (``STATUS_COLUMNS`` first, then pace_method, ratio, bound, reason, the issue-11 columns
    FIGURE_COLUMNS and the break fields), one per assessment. ``latest_flags`` is a list."""
    assessments = assess_plan(plan, figures, on)
    # asdict deep-copies every field (twice with basis_note): seconds for tens of thousands of rows. A shallow dict
    # holds the same values (the tuples are immutable).
    names = [f.name for f in fields(Assessment)]
    rows = [{name: getattr(a, name) for name in names} for a in assessments]
    frame = pd.DataFrame(rows)
    frame["reason"] = [a.reason for a in assessments]
    frame["basis_note"] = [basis_text(row, "en") for row in rows]
    frame["latest_flags"] = [list(a.latest_flags) for a in assessments]
    return frame[STATUS_COLUMNS + [c for c in frame.columns if c not in STATUS_COLUMNS]]
