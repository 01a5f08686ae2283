"""Freshness and coverage: when each indicator's next figure is expected (its release cadence and usual lag, kept as
data in data/release_calendar.csv), whether it is overdue, and which periods the figures cover.

Cadences: ``annual`` (one figure a year), ``quarterly`` (year to date at the end of March, June and September, and
the year), ``monthly`` (year to date at the end of every month, and the year). A period's figure is expected
``lag_days`` after the period ends; it is overdue ``grace_days`` after that. The lags are the tracker's working
assumption from the publication dates seen in the figures' sources, not an official release calendar.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.figures import formula_references, parse_label
from tracker.i18n import Text, Worded, t
from tracker.periods import PeriodError
from tracker.plan import DATA_DIR

CALENDAR_FILE = DATA_DIR / "release_calendar.csv"
CALENDAR_COLUMNS = ["indicator_id", "cadence", "lag_days", "note_zh", "note_en", "source"]
OPTIONAL_CALENDAR_COLUMNS = ("issuer_zh", "issuer_en")  # who publishes it, where the data says; empty: not specified
CADENCES = ("annual", "quarterly", "monthly")
STEP_MONTHS = {"annual": 12, "quarterly": 3, "monthly": 1}
GRACE_DAYS = 30  # a figure is overdue this many days after its expected date
# An indicator the calendar does not list: taken as annual, 90 days after the year (marked ``assumed``).
DEFAULT_CADENCE, DEFAULT_LAG_DAYS = "annual", 90
FRESHNESS_COLUMNS = [
    "indicator_id",
    "latest_period",
    "cadence",
    "next_expected_period",
    "next_expected_date",
    "overdue",
]


class CalendarError(Worded, ValueError):
    """A release calendar that cannot be used: the file, row (the header is row 1) and column, and what to write."""

    def __init__(self, file: str, row: int, column: str, value: str, expected: str):
        self.text = Text(
            "calendar_bad_cell", {"file": file, "row": row, "column": column, "value": value, "expected": expected}
        )
        super().__init__(self.message("en"))


# Load ----------------------------------------------------------------------------------------------------------------


def load_calendar(path: Path = CALENDAR_FILE) -> pd.DataFrame:
    """The release calendar (CALENDAR_COLUMNS, issuer_zh/issuer_en when given) indexed by indicator_id, with
    ``lag_days`` as int. CalendarError names the first bad cell (an unknown cadence, a lag that is not a whole number
    of days, an indicator listed twice)."""
    path = Path(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for column in CALENDAR_COLUMNS:
        if column not in frame.columns:
            raise CalendarError(path.name, 1, column, "", ", ".join(CALENDAR_COLUMNS))
    for column in OPTIONAL_CALENDAR_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame.apply(lambda s: s.str.strip())
    seen: set[str] = set()
    for i, row in enumerate(frame.to_dict("records"), start=2):
        if row["cadence"] not in CADENCES:
            raise CalendarError(path.name, i, "cadence", row["cadence"], " / ".join(CADENCES))
        if not (row["lag_days"].isascii() and row["lag_days"].isdigit()):
            raise CalendarError(path.name, i, "lag_days", row["lag_days"], "0, 1, 2, …")
        if row["indicator_id"] in seen or not row["indicator_id"]:
            raise CalendarError(path.name, i, "indicator_id", row["indicator_id"], "one row per indicator")
        seen.add(row["indicator_id"])
    frame["lag_days"] = frame["lag_days"].astype(int)
    return frame.set_index("indicator_id", drop=False)


# Process: periods on a cadence's grid --------------------------------------------------------------------------------


def _label(year: int, month: int) -> str:
    """A canonical label on the grid: the year at month 12 ("2025"), else the month ("2025-09", year to date)."""
    return str(year) if month == 12 else f"{year}-{month:02d}"


def period_end(label: str) -> dt.date:
    """The last day a canonical period covers: 2025 -> 2025-12-31, 2025-09 and 2025-Q3 -> 2025-09-30."""
    p = parse_label(label)
    return dt.date(p.year, p.month, month_calendar.monthrange(p.year, p.month)[1])


def expected_date(label: str, lag_days: int) -> dt.date:
    """When a period's figure is expected: ``lag_days`` after the period ends."""
    return period_end(label) + dt.timedelta(days=int(lag_days))


def next_period(label: str, cadence: str) -> str:
    """The period after ``label`` on the cadence's grid: annual 2024 -> 2025 (and a month 2024-09 -> 2024, the year
    it falls in); quarterly 2025-09 -> 2025, 2025 -> 2026-03, 2025-08 -> 2025-09; monthly 2025-11 -> 2025,
    2025 -> 2026-01."""
    p = parse_label(label)
    step = STEP_MONTHS[cadence]
    if p.month == 12:
        return _label(p.year + 1, step)
    return _label(p.year, (p.month // step + 1) * step)


def latest_due(cadence: str, lag_days: int, today: dt.date) -> str:
    """The latest period on the cadence's grid whose figure is expected by ``today`` (what should be in hand now)."""
    step = STEP_MONTHS[cadence]
    year, month = today.year, -(-today.month // step) * step
    while expected_date(_label(year, month), lag_days) > today:
        year, month = (year, month - step) if month > step else (year - 1, 12)
    return _label(year, month)


def coarsest(cadences) -> str:
    """The coarsest of ``cadences`` ("annual" when there are none)."""
    return max(cadences, key=lambda c: STEP_MONTHS[c], default="annual")


def latest_periods(figures: pd.DataFrame) -> dict[str, str]:
    """Each indicator's latest period (a whole year sorts after its months)."""
    if figures.empty:
        return {}
    frame = figures[["indicator_id", "period"]].drop_duplicates()
    # Each distinct label parsed once, and plain lists zipped: a million figures share a few hundred periods, and
    # iterating text columns an element at a time costs seconds.
    codes, labels = pd.factorize(frame["period"].astype(str))
    if (codes < 0).any():  # a missing period: parse_label says what is wrong with it
        order = frame["period"].astype(str).map(lambda p: parse_label(p).sort_key)
    else:
        order = np.array([parse_label(label).sort_key for label in labels], dtype=float)[codes]
    frame = frame.assign(order=order).sort_values(["indicator_id", "order"], kind="stable")
    return dict(zip(frame["indicator_id"].tolist(), frame["period"].astype(str).tolist()))


def _calendar_row(calendar: pd.DataFrame, indicator_id: str) -> dict:
    if indicator_id in calendar.index:
        row = calendar.loc[indicator_id]
        return {
            "cadence": row["cadence"],
            "lag_days": int(row["lag_days"]),
            "issuer_zh": row.get("issuer_zh", ""),
            "issuer_en": row.get("issuer_en", ""),
            "assumed": False,
        }
    return {"cadence": DEFAULT_CADENCE, "lag_days": DEFAULT_LAG_DAYS, "issuer_zh": "", "issuer_en": "", "assumed": True}


def freshness_table(
    plan, figures: pd.DataFrame, calendar: pd.DataFrame, today: dt.date, grace_days: int = GRACE_DAYS
) -> pd.DataFrame:
    """One row per indicator of ``plan``, in plan order: FRESHNESS_COLUMNS, then lag_days, days_overdue (0 when not
    overdue), days_past_due (today − next_expected_date, negative before it), derived, inputs and waiting_for (a
    derived indicator's input ids; those still missing its next period), assumed (the calendar has no row: annual,
    90 days), issuer_zh, issuer_en.

    ``figures``: a snapshot's figures (derived rows included). ``next_expected_period`` is the period after the
    latest figure on the indicator's cadence; with no figure yet, the latest period that should be out by ``today``.
    A derived indicator is computed from annual figures (tracker.figures.derive_figures): its cadence is annual,
    its next period the year after its latest, expected when the later of its inputs is. ``overdue``: ``today`` is
    more than ``grace_days`` past ``next_expected_date``.
    """
    latest = latest_periods(figures)
    annual = figures[figures["period"].astype(str).str.len() == 4]
    annual_years = set(zip(annual["indicator_id"].tolist(), annual["period"].astype(str).tolist()))
    rows = []
    for ind in plan.indicators.itertuples():
        entry = _calendar_row(calendar, ind.id)
        inputs: tuple[str, ...] = ()
        waiting: tuple[str, ...] = ()
        period = latest.get(ind.id)
        formula = getattr(ind, "formula", "") or ""
        if formula:
            inputs = tuple(sorted(formula_references(formula)))
            lags = {i: _calendar_row(calendar, i)["lag_days"] for i in inputs}
            cadence = "annual"
            annual_latest = max((int(p) for i, p in annual_years if i == ind.id), default=None)
            if annual_latest is not None:
                next_label = str(annual_latest + 1)
            else:
                next_label = latest_due("annual", max(lags.values(), default=0), today)
            due = max((expected_date(next_label, lag) for lag in lags.values()), default=expected_date(next_label, 0))
            waiting = tuple(i for i in inputs if (i, next_label) not in annual_years)
            entry["lag_days"] = max(lags.values(), default=0)
        else:
            cadence = entry["cadence"]
            next_label = next_period(period, cadence) if period else latest_due(cadence, entry["lag_days"], today)
            due = expected_date(next_label, entry["lag_days"])
        late = (today - due).days
        overdue = late > grace_days
        rows.append(
            {
                "indicator_id": ind.id,
                "latest_period": period,
                "cadence": cadence,
                "next_expected_period": next_label,
                "next_expected_date": due,
                "overdue": overdue,
                "lag_days": entry["lag_days"],
                "days_overdue": late if overdue else 0,
                "days_past_due": late,
                "derived": bool(formula),
                "inputs": inputs,
                "waiting_for": waiting,
                "assumed": entry["assumed"],
                "issuer_zh": entry["issuer_zh"],
                "issuer_en": entry["issuer_en"],
            }
        )
    table = pd.DataFrame(rows, columns=[*FRESHNESS_COLUMNS, *_EXTRA_COLUMNS])
    table["latest_period"] = table["latest_period"].astype(object).where(table["latest_period"].notna(), None)
    return table


_EXTRA_COLUMNS = [
    "lag_days",
    "days_overdue",
    "days_past_due",
    "derived",
    "inputs",
    "waiting_for",
    "assumed",
    "issuer_zh",
    "issuer_en",
]


def state_text(row: dict, lang: str) -> str:
    """Whether a row's next figure is late, in words with a symbol: "⚠ 逾期 246 天", "… 待发布" (past its expected
    date, within the grace), "✓ 未到期"."""
    if row["overdue"]:
        return t("fresh_overdue", lang, days=int(row["days_overdue"]))
    if row["days_past_due"] > 0:
        return t("fresh_due", lang)
    return t("fresh_not_due", lang)


def freshness_records(table: pd.DataFrame) -> list[dict]:
    """The FRESHNESS_COLUMNS of ``table`` as JSON-ready dicts: dates as ISO text, overdue as a bool, None for none."""
    records = []
    for row in table[FRESHNESS_COLUMNS].to_dict("records"):
        records.append(
            {
                **row,
                "latest_period": row["latest_period"] if isinstance(row["latest_period"], str) else None,
                "next_expected_date": row["next_expected_date"].isoformat() if row["next_expected_date"] else None,
                "overdue": bool(row["overdue"]),
            }
        )
    return records


# Coverage: which periods the figures cover ---------------------------------------------------------------------------


def _flags(row: dict) -> set[str]:
    """A figure's flags: the ``flags`` column where the store has one (a list or "a,b" text), and proxy from a note
    that says PROXY (figures before issue 11)."""
    raw = row.get("flags")
    flags = set(raw) if isinstance(raw, (list, tuple, set)) else {f.strip() for f in str(raw or "").split(",")}
    note = f"{row.get('note_en', '')} {row.get('note', '')}"
    if "PROXY" in note:
        flags.add("proxy")
    return flags - {""}


def coverage_cells(plan, figures: pd.DataFrame, freshness: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The coverage grid as data: one row per (indicator, year) from the plan's first baseline year (or the first
    figure's, if earlier) to this year, with ``kind`` — "annual", "part" (only figures within the year: year to date
    for a flow, a level at a month for a stock), "missing" (the year's figure should be out by ``today`` and is not;
    from the first baseline year on) or "" (not due yet, or before the plan) — ``month`` (the latest month of a part
    year), ``proxy`` and ``estimate``."""
    years_of_figures = [parse_label(str(p)).year for p in figures["period"].unique()] if not figures.empty else []
    baselines = [int(str(p)[:4]) for p in plan.milestones["baseline_period"] if str(p)[:4].isdigit()]
    plan_start = min(baselines, default=min(years_of_figures, default=today.year))
    first = min([plan_start, *years_of_figures])
    years = list(range(first, today.year + 1))
    by_key: dict[tuple[str, int], list[dict]] = {}
    # Only the plan's indicators have cells: a store's other figures (a million) would cost a dict each for nothing.
    for row in figures[figures["indicator_id"].isin(plan.indicators["id"])].to_dict("records"):
        try:
            p = parse_label(str(row["period"]))
        except PeriodError:
            continue
        by_key.setdefault((row["indicator_id"], p.year), []).append({**row, "_period": p})
    fresh = freshness.set_index("indicator_id")
    cells = []
    for ind in plan.indicators.itertuples():
        lag = int(fresh.at[ind.id, "lag_days"]) if ind.id in fresh.index else DEFAULT_LAG_DAYS
        for year in years:
            rows = by_key.get((ind.id, year), [])
            annual = [r for r in rows if r["_period"].is_annual]
            flags = set().union(*(_flags(r) for r in (annual or rows))) if rows else set()
            if annual:
                kind, month = "annual", 12
            elif rows:
                kind, month = "part", max(r["_period"].month for r in rows)
            elif year >= plan_start and expected_date(str(year), lag) <= today:
                kind, month = "missing", None
            else:
                kind, month = "", None
            cells.append(
                {
                    "indicator_id": ind.id,
                    "year": year,
                    "kind": kind,
                    "month": month,
                    "proxy": "proxy" in flags,
                    "estimate": "estimate" in flags,
                }
            )
    return pd.DataFrame(cells, columns=["indicator_id", "year", "kind", "month", "proxy", "estimate"])


def cell_text(cell: dict, measure: str, lang: str) -> str:
    """A grid cell as a symbol and words, never colour alone: "● 全年" / "● annual", "◐ 1-9月" / "◐ Jan–Sep" (a
    stock: "◐ 9月末" / "◐ end-Sep"), "◇ 全年 · 替代口径" for a proxy, "○ 缺" / "○ missing", "" for nothing due."""
    kind = cell["kind"]
    if kind == "missing":
        return t("cov_missing", lang)
    if not kind:
        return ""
    if kind == "annual":
        words = t("cov_annual", lang)
    else:
        key = "cov_ytd" if measure == "flow" else "cov_level_at"
        words = t(key, lang, month=Text(f"month_{int(cell['month'])}"))
    if cell["estimate"]:
        words += t("cov_and", lang, word=t("cov_estimate", lang))
    if cell["proxy"]:
        return t("cov_symbol_proxy", lang) + " " + words + t("cov_and", lang, word=t("proxy", lang))
    symbol = t("cov_symbol_annual" if kind == "annual" else "cov_symbol_part", lang)
    return f"{symbol} {words}"


def coverage_grid(plan, cells: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The grid a page shows: one row per indicator (its name as the index), one column per year, cell_text cells."""
    measures = plan.indicators["measure"].to_dict()
    names = {i: plan.name(i, lang) for i in plan.indicators.index}
    texts = cells.assign(
        text=[cell_text(c, measures.get(c["indicator_id"], "flow"), lang) for c in cells.to_dict("records")]
    )
    grid = texts.pivot(index="indicator_id", columns="year", values="text").reindex(plan.indicators.index)
    grid.index = [names[i] for i in grid.index]
    grid.columns = [str(year) for year in grid.columns]
    grid = grid.fillna("")
    return grid.loc[:, (grid != "").any()]  # a year with nothing in it and nothing due yet is left out


def assessable(status: pd.DataFrame) -> dict[str, int]:
    """How many targets (milestones) there are, how many can be assessed and how many cannot."""
    targets = status[status["target_period"].notna()]
    not_assessed = int((targets["status"] == "not_assessed").sum())
    return {"targets": len(targets), "assessed": len(targets) - not_assessed, "not_assessed": not_assessed}
