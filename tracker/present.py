"""The presenter: an assessment (tracker.pace.status_table rows) as the texts and numbers every face shows — the
overview's cards, the indicator and industry pages, the HTML report and the CLI. No Streamlit and no markup: icons
are plain symbols (the UI maps a status to its own icon), texts are unescaped (each face escapes for its medium).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta, timezone

from tracker import clock
from tracker.formatting import (
    fmt_number,
    fmt_pct,
    fmt_rate,
    fmt_value,
    is_missing,
    period_as_written,
    period_text,
    qualified_value,
)
from tracker.i18n import BOUNDS, STATUS, reason, t
from tracker.pace import basis_text, caveats
from tracker.periods import parse_period
from tracker.projection import project

# One status vocabulary: every face counts and names a status with STATUS's word, icon and colour, in this order.
# The headline always shows these, and any other status as soon as a target has it (never lumped under another word).
ALWAYS_COUNTED = ("achieved", "on_track", "acceleration_needed", "limited_progress", "not_assessed")
RATES = ("actual_rate", "required_rate", "needed_rate")
BEIJING = timezone(timedelta(hours=8), "UTC+8")
STALE_YEARS = 2  # a latest figure from before (this year − STALE_YEARS) is flagged as old where it is shown


@dataclass(frozen=True)
class HeadlineCount:
    key: str  # the status it counts ("acceleration_needed"), also the overview's ?status= value
    label: str  # the status word, as on the badges ("需要加速")
    count: int
    icon: str  # a plain symbol, e.g. "✓"
    status: str  # the status whose icon and colour it shows (the one it counts)
    colour: str = ""


@dataclass(frozen=True)
class Headline:
    """Doubling progress and how many targets (milestones, not context indicators) stand where, said in one sentence
    with the date of the figures."""

    doubling_label: str
    doubling_progress: str  # "9%", "—" without a doubling target
    counts: tuple[HeadlineCount, ...]
    targets: int  # milestones (GDP's 2028 and 2029 are two)
    indicators: int = 0  # the indicators those milestones belong to
    verdict: str = ""  # "13 项目标（11 个指标）：2 项已实现、2 项需要加速、1 项进展有限、8 项无法评估。"
    as_of: str = ""  # "数据截至 2024 年 9 月 · 第 2 版（2026-12-01）"


def latest_period(status) -> str | None:
    """The latest period of any figure in ``status`` (a whole year ends after its months), None without figures."""
    periods = [p for p in status["latest_period"].dropna().unique() if isinstance(p, str)]
    return max(periods, key=lambda p: parse_period(p).sort_key) if periods else None


def as_of_text(status, revision, lang: str) -> str:
    """ "数据截至 2024 年 9 月 · 第 2 版（2026-12-01）": the latest figure's period and the revision with its date in
    Beijing time (``revision`` a tracker.store.Revision, or None for the shipped figures)."""
    period = latest_period(status)
    parts = []
    if period is not None:
        p = parse_period(period)
        key = "as_of_year" if p.kind == "year" else "as_of_month"
        parts.append(t(key, lang, year=p.year, month=p.month))
    if revision is not None:
        created = revision.created_at
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        day = created.astimezone(BEIJING).strftime("%Y-%m-%d")
        parts.append(t("as_of_revision", lang, n=revision.number, date=day))
    return " · ".join(parts)


def headline(status, doubling_progress: float | None, lang: str, revision=None) -> Headline:
    """The headline of ``status`` (tracker.pace.status_table) with ``doubling_progress`` (a fraction or None) and
    the ``revision`` shown (for the as-of line)."""
    targets = status[status["target_period"].notna()]
    counts = targets["status"].value_counts()
    boxes = tuple(
        HeadlineCount(s, STATUS[s][lang], int(counts.get(s, 0)), STATUS[s]["icon"], s, STATUS[s]["hex"])
        for s in STATUS
        if s in ALWAYS_COUNTED or counts.get(s, 0)
    )
    indicators = int(targets["indicator_id"].nunique())
    said = t("verdict_sep", lang).join(t("verdict_count", lang, n=b.count, word=b.label) for b in boxes if b.count)
    verdict = t("verdict", lang, targets=len(targets), indicators=indicators, counts=said)
    return Headline(
        t("doubling_progress", lang),
        fmt_pct(doubling_progress, 0),
        boxes,
        len(targets),
        indicators,
        verdict,
        as_of_text(status, revision, lang),
    )


def stale_text(period: object, lang: str, today: date | None = None) -> str:
    """ "最新年度数据为 2020 年" when the latest figure is from before (this year − STALE_YEARS); "" otherwise."""
    if not isinstance(period, str):
        return ""
    year = (today or clock.today()).year
    p = parse_period(period)
    if p.year >= year - STALE_YEARS:
        return ""
    if p.kind == "year":
        return t("stale_year", lang, year=p.year)
    return t("stale_month", lang, year=p.year, month=p.month)


def expected_progress(row) -> float | None:
    """Where the figure should be by now on the required path, as a share of the way from baseline to target
    (the scorecard's marker); None without a required rate or a baseline."""
    needed = ("required_rate", "baseline_value", "baseline_period", "target_value", "latest_period")
    if any(is_missing(row.get(k)) for k in needed):
        return None
    baseline, target = float(row["baseline_value"]), float(row["target_value"])
    if target == baseline:
        return None
    years = parse_period(row["latest_period"]).sort_key - parse_period(row["baseline_period"]).sort_key
    value = project(baseline, float(row["required_rate"]), max(years, 0.0), row["pace_method"])
    return (value - baseline) / (target - baseline)


def gap_share(row, direction: str = "up") -> float | None:
    """The value projected at the target period as a share of the target (the gap chart): the projection at the
    actual rate, or the figure that met the target; None when the target cannot be assessed."""
    if row.get("status") == "not_assessed" or is_missing(row.get("target_value")):
        return None
    value = row.get("projected_value")
    if is_missing(value):
        value = row.get("latest_value")
    if is_missing(value):
        return None
    value, target = float(value), float(row["target_value"])
    if direction == "down":
        return None if value == 0 else target / value
    return None if target == 0 else value / target


@dataclass(frozen=True)
class StatusLine:
    """One status row (a milestone, or a context indicator) as every face says it."""

    indicator_id: str
    name: str
    status: str
    word: str  # "On track"
    icon: str  # "✓"
    colour: str  # "#2ca02c"
    label: str  # "✓ On track"
    latest_value: str  # "1,767.3 (100 million yuan)", or "no figure"
    has_latest: bool
    latest_period: str  # "2023年", "Sep 2024 (year to date)"; "" without a figure
    latest_period_key: str | None  # the stored period ("2023", "2024-09"), None without a figure
    target: str  # "≥ 3,238.6 亿元 · by 2028"; "context indicator" without a milestone
    target_value: str  # "3,238.6 亿元"; "—" when the plan gives no value
    is_milestone: bool
    progress: float | None  # the share of the way from baseline to target (may pass 1)
    progress_text: str  # "55%", "—"
    rates: dict[str, str]  # actual_rate, required_rate, needed_rate as "9.1%/yr", "+12 家/年", "—"
    reason: str  # why the status is what it is ("" when nothing needs saying)
    expected: float | None = None  # where the figure should be by now on the required path (share, like progress)
    stale: str = ""  # "最新年度数据为 2020 年" when the latest figure is old
    # issue 11: what the figure means and when the next one is due
    basis: str = ""  # "按2024年以前口径；2024年新口径：2,053.5", or why a derived figure is not computed
    basis_short: str = ""  # "按2024年以前口径" (a card); the derived gap's reason in full
    caveats: tuple[str, ...] = ()  # "约" (an about figure or an estimate), "下限" (a lower bound)
    growth: str = ""  # the reported real growth beside the level: "+7.8% (2025年1-9月)"
    fresh: str = ""  # "下一期：2025年 · 预计 2026-03-01 · ⚠ 逾期 246 天"; "" without a freshness row
    overdue: bool = False
    target_short: str = ""  # the target without the unit, beside a latest figure that shows it: "≥ 3,238.6 · by 2028"

    @property
    def latest(self) -> str:
        """The latest figure with its period: "1,767.3 亿元 (2023年)"; "no figure"."""
        return f"{self.latest_value} ({self.latest_period})" if self.has_latest else self.latest_value


def target_text(row, indicator, lang: str, with_unit: bool = True) -> str:
    """ "≥ 3,238.6 亿元 · by 2028" as readers say it ("≥ 3,238.6 · by 2028" without ``with_unit``: beside a latest
    figure that shows the unit); "by 2028" when the plan gives no value; "context indicator" for a row without a
    milestone."""
    period = row.get("target_period")
    if not isinstance(period, str):
        return t("context_indicator", lang)
    by = t("by", lang, year=period)
    if is_missing(row.get("target_value")):
        return by
    bound = BOUNDS.get(str(row.get("bound", "")), {}).get(lang, "")
    shown = target_value_text(row, indicator if with_unit else {**dict(indicator), "unit": "", "unit_en": ""}, lang)
    return f"{bound} {shown} · {by}".strip()


def growth_text(rate: object) -> str:
    """A growth rate (a fraction) as a signed percentage: 0.07 -> "+7%", 0.078 -> "+7.8%"; "—" when missing."""
    if is_missing(rate):
        return "—"
    text = f"{float(rate) * 100:+.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def target_value_text(row, indicator, lang: str) -> str:
    """A milestone's value: a level in the indicator's unit ("3,238.6 亿元"), an annual growth target as a growth
    rate ("+7%", never 0.07 亿元); "—" when the plan gives no value."""
    if row.get("milestone_kind") == "annual_growth":
        return growth_text(row.get("target_value"))
    return fmt_value(row.get("target_value"), indicator["unit"], lang, indicator["unit_en"])


def fresh_text(fresh, measure: str, lang: str, short: bool = False) -> str:
    """A tracker.freshness.freshness_table row as one line: "下一期：2025年 · 预计 2026-03-01 · ⚠ 逾期 246 天";
    ``short`` for a card: "下一期 2025年 · 2026-03-01 前 · ⚠ 逾期 246 天"."""
    from tracker.freshness import state_text

    period = period_text(fresh["next_expected_period"], measure, lang) or str(fresh["next_expected_period"])
    due = fresh["next_expected_date"]
    day = due.isoformat() if hasattr(due, "isoformat") else str(due)
    if not short:
        return t("next_update", lang, period=period, date=day, state=state_text(fresh, lang))
    state = (
        t("fresh_late_short", lang, days=int(fresh["days_overdue"])) if fresh["overdue"] else state_text(fresh, lang)
    )
    return t("next_update_short", lang, period=period, date=day, state=state)


def _basis_short(row: dict, lang: str) -> str:
    if row.get("break_kind") == "pre_break" and isinstance(row.get("break_period"), str):
        return t("basis_pre_break", lang, year=row["break_period"][:4])
    return basis_text(row, lang) or ""


def status_line(row, indicator, lang: str, today: date | None = None, fresh=None) -> StatusLine:
    """``row`` (a status_table row as a dict or Series) of ``indicator`` (its plan row) in ``lang``; ``today``
    (Beijing's date by default) decides whether the latest figure is old; ``fresh`` (its tracker.freshness row, or
    None) when the next figure is due. The latest figure is shown as published (≥2,400 家, ≈1,000 亿元)."""
    unit, method = indicator["unit"], row["pace_method"]
    status = STATUS[row["status"]]
    has_latest = not is_missing(row["latest_value"])
    period = period_as_written(row["latest_period"], indicator["measure"], lang) if has_latest else ""
    qualifier, flags = row.get("latest_qualifier") or "exact", row.get("latest_flags")
    flags = [] if flags is None or (isinstance(flags, float) and flags != flags) else flags
    latest = (
        qualified_value(row["latest_value"], qualifier, flags, unit, lang, indicator["unit_en"])
        if has_latest
        else t("no_figure", lang)
    )
    growth = ""
    period_key = row["latest_period"] if isinstance(row["latest_period"], str) else None
    if not is_missing(row.get("latest_growth")) and isinstance(row.get("latest_growth_period"), str):
        when = period_as_written(row["latest_growth_period"], indicator["measure"], lang)
        growth = f"{growth_text(row['latest_growth'])} ({when})"
        if row.get("milestone_kind") == "annual_growth":  # judged on the growth: it is the latest figure shown
            latest, period, growth = growth_text(row["latest_growth"]), when, ""
            period_key = row["latest_growth_period"]
    row_dict = dict(row)
    progress = None if is_missing(row["progress"]) else float(row["progress"])
    return StatusLine(
        indicator_id=row["indicator_id"],
        name=str(indicator[f"name_{lang}"]),
        status=row["status"],
        word=status[lang],
        icon=status["icon"],
        colour=status["hex"],
        label=f"{status['icon']} {status[lang]}",
        latest_value=latest,
        has_latest=has_latest,
        latest_period=period,
        latest_period_key=period_key,
        target=target_text(row, indicator, lang),
        target_short=target_text(row, indicator, lang, with_unit=False),
        target_value=target_value_text(row, indicator, lang),
        is_milestone=isinstance(row.get("target_period"), str),
        progress=progress,
        progress_text=fmt_pct(progress, 0),
        rates={key: fmt_rate(row[key], method, unit, lang) for key in RATES},
        reason=reason(row.get("reason_code", ""), dict(row.get("reason_params") or ()), lang),
        expected=expected_progress(row),
        stale=stale_text(row["latest_period"], lang, today) if has_latest else "",
        basis=basis_text(row_dict, lang, unit, indicator["unit_en"]) or "",
        basis_short=_basis_short(row_dict, lang),
        caveats=tuple(caveats(row_dict, lang)),
        growth=growth,
        fresh=fresh_text(fresh, indicator["measure"], lang) if fresh is not None else "",
        overdue=bool(fresh["overdue"]) if fresh is not None else False,
    )


def status_lines(snapshot, indicator_id: str, lang: str) -> list[StatusLine]:
    """The status lines of one indicator of ``snapshot``, one per milestone (one for a context indicator)."""
    indicator = snapshot.indicator_records[indicator_id]
    return [status_line(row, indicator, lang) for row in snapshot.status_by_indicator.get(indicator_id, [])]


def _growth_period(period: str, lang: str) -> str:
    """ "2024年1-9月" / "Jan–Sep 2024" for a year-to-date growth period, "2023年" / "2023" for a year."""
    from tracker.formatting import period_as_written

    return period_as_written(period, "flow", lang) or period


def real_terms_rows(dbl, unit: str, lang: str, unit_en: str = "") -> list[dict]:
    """The doubling page's real-terms view (issue 11 §2), one row per period from the baseline on, oldest first:
    period, nominal (the level as published, "2,053.5（新口径）" after a break), growth (the official real growth,
    "+7.3%"), real (the baseline chained by those rates, in baseline-year prices); "—" where there is none."""
    frame = dbl.frame
    nominal: dict[str, str] = {}
    for row in frame[frame["series"].isin(["actual", "new_basis", "ytd"])].to_dict("records"):
        period = row["period"] if isinstance(row.get("period"), str) else str(int(row["year"]))
        text = fmt_number(row["value"])
        if row["series"] == "new_basis":
            text = t("new_basis_value", lang, value=text)
        nominal[period] = text
    real = {str(int(y)): fmt_number(v) for y, v in dbl.real_index.items()}
    periods = set(nominal) | set(real) | {p for p in dbl.growths if int(p[:4]) >= dbl.baseline_year}
    periods = {p for p in periods if int(p[:4]) >= dbl.baseline_year}
    return [
        {
            "period": _growth_period(p, lang),
            "nominal": nominal.get(p, "—"),
            "growth": growth_text(dbl.growths.get(p)),
            "real": real.get(p, "—"),
        }
        for p in sorted(periods, key=lambda p: parse_period(p).sort_key)
    ]


def real_required_text(dbl, lang: str) -> str:
    """ "翻番所需年均增速 10.4%–12.2%（2028–2029年翻番），官方公布增速：2022年 +3.3%、…" beside the reported growth
    rates from the baseline year on; the required band from the plan's horizons."""
    if not dbl.horizons:
        return ""
    rates = sorted(dbl.horizons.values())
    growths = [(p, g) for p, g in dbl.growths.items() if int(p[:4]) >= dbl.baseline_year]
    if not growths:
        return t("real_none", lang)
    sep = t("list_separator", lang)
    reported = sep.join(
        f"{_growth_period(p, lang)} {growth_text(g)}"
        for p, g in sorted(growths, key=lambda x: parse_period(x[0]).sort_key)
    )
    years = sorted(dbl.horizons)
    return t(
        "real_required",
        lang,
        low=fmt_pct(rates[0]),
        high=fmt_pct(rates[-1]),
        first=years[0],
        last=years[-1],
        reported=reported,
    )
