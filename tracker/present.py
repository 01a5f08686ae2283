"""The presenter: an assessment (tracker.pace.status_table rows) as the texts and numbers every face shows — the
overview's cards, the indicator and industry pages, the HTML report and the CLI. No Streamlit and no markup: icons
are plain symbols (the UI maps a status to its own icon), texts are unescaped (each face escapes for its medium).
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.formatting import fmt_pct, fmt_rate, fmt_value, is_missing, period_text
from tracker.i18n import BOUNDS, STATUS, reason, t

# The headline's boxes: (text key, statuses counted, the status whose icon and colour the box takes).
HEADLINE = (
    ("targets_achieved", ("achieved",), "achieved"),
    ("targets_on_track", ("on_track",), "on_track"),
    ("targets_acceleration", ("acceleration_needed",), "acceleration_needed"),
    ("targets_off_pace", ("limited_progress", "deterioration", "missed"), "limited_progress"),
    ("targets_not_assessed", ("not_assessed",), "not_assessed"),
)
RATES = ("actual_rate", "required_rate", "needed_rate")


@dataclass(frozen=True)
class HeadlineCount:
    key: str  # the text key of its label (tracker.i18n)
    label: str
    count: int
    icon: str  # a plain symbol, e.g. "✓"
    status: str  # the status whose icon and colour it shows


@dataclass(frozen=True)
class Headline:
    """Doubling progress and how many targets (milestones, not context indicators) stand where."""

    doubling_label: str
    doubling_progress: str  # "9%", "—" without a doubling target
    counts: tuple[HeadlineCount, ...]
    targets: int


def headline(status, doubling_progress: float | None, lang: str) -> Headline:
    """The headline of ``status`` (tracker.pace.status_table) with ``doubling_progress`` (a fraction or None)."""
    targets = status[status["target_period"].notna()]
    counts = targets["status"].value_counts()
    boxes = tuple(
        HeadlineCount(key, t(key, lang), sum(int(counts.get(s, 0)) for s in counted), STATUS[shown]["icon"], shown)
        for key, counted, shown in HEADLINE
    )
    return Headline(t("doubling_progress", lang), fmt_pct(doubling_progress, 0), boxes, len(targets))


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

    @property
    def latest(self) -> str:
        """The latest figure with its period: "1,767.3 亿元 (2023年)"; "no figure"."""
        return f"{self.latest_value} ({self.latest_period})" if self.has_latest else self.latest_value


def target_text(row, indicator, lang: str) -> str:
    """ "≥ 3,238.6 亿元 · by 2028" as readers say it; "by 2028" when the plan gives no value; "context indicator"
    for a row without a milestone."""
    period = row.get("target_period")
    if not isinstance(period, str):
        return t("context_indicator", lang)
    by = t("by", lang, year=period)
    if is_missing(row.get("target_value")):
        return by
    bound = BOUNDS.get(str(row.get("bound", "")), {}).get(lang, "")
    value = fmt_value(row["target_value"], indicator["unit"], lang, indicator["unit_en"])
    return f"{bound} {value} · {by}".strip()


def status_line(row, indicator, lang: str) -> StatusLine:
    """``row`` (a status_table row as a dict or Series) of ``indicator`` (its plan row) in ``lang``."""
    unit, method = indicator["unit"], row["pace_method"]
    status = STATUS[row["status"]]
    has_latest = not is_missing(row["latest_value"])
    period = period_text(row["latest_period"], indicator["measure"], lang) if has_latest else ""
    latest = fmt_value(row["latest_value"], unit, lang, indicator["unit_en"]) if has_latest else t("no_figure", lang)
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
        latest_period_key=row["latest_period"] if isinstance(row["latest_period"], str) else None,
        target=target_text(row, indicator, lang),
        target_value=fmt_value(row.get("target_value"), unit, lang, indicator["unit_en"]),
        is_milestone=isinstance(row.get("target_period"), str),
        progress=progress,
        progress_text=fmt_pct(progress, 0),
        rates={key: fmt_rate(row[key], method, unit, lang) for key in RATES},
        reason=reason(row.get("reason_code", ""), dict(row.get("reason_params") or ()), lang),
    )


def status_lines(snapshot, indicator_id: str, lang: str) -> list[StatusLine]:
    """The status lines of one indicator of ``snapshot``, one per milestone (one for a context indicator)."""
    indicator = snapshot.indicator_records[indicator_id]
    return [status_line(row, indicator, lang) for row in snapshot.status_by_indicator.get(indicator_id, [])]
