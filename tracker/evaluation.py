"""The evaluation report's content (规划实施评估, issue 13 §2): every target in an evaluation class, a paragraph per
target written from its numbers, the editor's latest notes, the counts, the method and the sources. No Streamlit
and no markup: tracker.evaluation_files writes it as DOCX, HTML or PDF.

The classes come from the pace statuses (tracker.pace), as a planning office words its mid-term evaluation:

    achieved, latest figure's year before the target year  -> early        提前实现
    achieved, in or after the target year                  -> achieved     已实现
    on_track with actual / required above 1                -> faster       快于预期
    on_track                                               -> as_expected  基本符合预期
    acceleration_needed, limited_progress, deterioration   -> behind       滞后于预期
    missed                                                 -> missed       未完成
    not_assessed                                           -> not_assessed 无法评估

A paragraph never invents a figure: a target without one says "no figure has been published", and qualifiers
(≥ / 约 / 预计), proxies and series breaks are said beside the number they touch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from tracker import clock, present
from tracker.charts import gap_spec
from tracker.formatting import fmt_number, fmt_pct, fmt_value, is_missing, period_text
from tracker.i18n import reason, t
from tracker.periods import parse_period

# The evaluation classes in the order the report counts them (text keys eval_class_<class>).
CLASSES = ("early", "achieved", "faster", "as_expected", "behind", "missed", "not_assessed")
# The pace statuses each class comes from (the method page and the report's appendix print this table).
CLASS_RULES = {
    "early": ("achieved",),
    "achieved": ("achieved",),
    "faster": ("on_track",),
    "as_expected": ("on_track",),
    "behind": ("acceleration_needed", "limited_progress", "deterioration"),
    "missed": ("missed",),
    "not_assessed": ("not_assessed",),
}
# The phrases of a rate: (past rate "eval_rate" or rate still needed "eval_need", method, direction) -> text key.
RATE_TEXTS = {
    ("eval_rate", "cagr", "up"): "eval_rate_cagr_up",
    ("eval_rate", "cagr", "down"): "eval_rate_cagr_down",
    ("eval_rate", "linear", "up"): "eval_rate_linear_up",
    ("eval_rate", "linear", "down"): "eval_rate_linear_down",
    ("eval_need", "cagr", "up"): "eval_need_cagr_up",
    ("eval_need", "cagr", "down"): "eval_need_cagr_down",
    ("eval_need", "linear", "up"): "eval_need_linear_up",
    ("eval_need", "linear", "down"): "eval_need_linear_down",
}
COMPARED_TEXTS = {"above": "eval_para_above", "below": "eval_para_below", "equal": "eval_para_equal"}
NOTES_COLUMNS = ["indicator_id", "period", "text", "author", "created_at"]
NOTES_SHOWN = 3  # the latest notes of each indicator in the report, newest first


def _year(period: object) -> int | None:
    return parse_period(period).year if isinstance(period, str) else None


def evaluation_class(row) -> str:
    """The evaluation class (a key of CLASSES) of a status row (tracker.pace.status_table, a dict or Series).

    An achieved target is *early* when its latest figure is from a year before the target year, and plainly
    *achieved* when it was met in its target year or later (a target met on time is neither early nor late)."""
    status = row["status"]
    if status == "achieved":
        latest, target = _year(row.get("latest_period")), _year(row.get("target_period"))
        return "early" if latest is not None and target is not None and latest < target else "achieved"
    if status == "on_track":
        ratio = row.get("ratio")
        return "faster" if not is_missing(ratio) and float(ratio) > 1 else "as_expected"
    if status in CLASS_RULES["behind"]:
        return "behind"
    if status == "missed":
        return "missed"
    return "not_assessed"


def class_word(cls: str, lang: str) -> str:
    """The class as the report names it: "提前实现" / "Achieved early"."""
    return t(f"eval_class_{cls}", lang)


@dataclass(frozen=True)
class Note:
    """An editor's note on an indicator (issue 13 §1), as the report quotes it (text unescaped)."""

    period: str
    text: str
    author: str
    created: str  # "2026-11-30", the day it was written in Beijing time


@dataclass(frozen=True)
class TargetEvaluation:
    """One target (a milestone) as the report shows it: a table row and a paragraph."""

    indicator_id: str
    name: str
    target_period: str
    eval_class: str
    class_word: str
    baseline: str  # "1,619.3 亿元（2022年）", "—"
    target: str  # "≥ 3,238.6 亿元 · 2028年"
    latest: str  # "1,767.3 亿元 (2023年)", "暂无数据"
    progress: str  # "9%", "—"
    actual_rate: str  # "9.1%/年", "—"
    required_rate: str
    paragraph: str


@dataclass(frozen=True)
class IndicatorSection:
    """An indicator's part of the report: a paragraph per target, then the editor's latest notes."""

    indicator_id: str
    name: str
    targets: tuple[TargetEvaluation, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Source:
    indicator: str  # the indicator's name
    kind: str  # "target" (the plan's milestone) or "figure" (the latest figure)
    text: str  # the source as stored (an address stays an address)


@dataclass(frozen=True)
class Evaluation:
    lang: str
    title: str
    plan: str
    stamp: str  # "数据截至 2024 年 9 月 · 第 2 版（2026-12-01）· 编制日期 2026-12-02"
    revision: int | None
    made: dt.date
    summary: str
    counts: tuple[tuple[str, str, int], ...]  # (class, word, count) in CLASSES order
    targets: tuple[TargetEvaluation, ...]
    sections: tuple[IndicatorSection, ...]
    sources: tuple[Source, ...]
    context_indicators: int  # indicators the plan follows without a target (not evaluated)
    gap_spec: dict | None = None  # the ranked gap chart (tracker.charts.gap_spec), None when nothing is assessable


# --- Paragraphs -------------------------------------------------------------------------------------------------


def _prose_value(row, indicator, lang: str) -> str:
    """The latest figure as a sentence says it: "2,400家以上", "约1,000亿元", "预计14,000亿元以上" / "at least 2,400
    enterprises", "an estimated 14,000 (100 million yuan)"."""
    from tracker.qualifiers import flags_of, qualifier_of

    value = fmt_value(row["latest_value"], indicator["unit"], lang, indicator.get("unit_en", ""))
    if lang == "zh":
        value = value.replace(" ", "")
    qualifier = qualifier_of(row.get("latest_qualifier") or "exact", strict=False)
    if qualifier != "exact":
        value = t(f"eval_qualifier_{qualifier}", lang, value=value)
    if "estimate" in flags_of(row.get("latest_flags") or [], strict=False):
        value = t("eval_qualifier_estimate", lang, value=value)
    return value


def _amount(rate: float, row, indicator, lang: str) -> str:
    """A rate per year in words: "9.1%" (compound) or "0.5个百分点" / "120家" (linear)."""
    if row["pace_method"] == "cagr":
        return fmt_pct(abs(rate))
    if indicator["unit"] == "%":
        return t("eval_points", lang, points=fmt_number(abs(rate), 2))
    text = fmt_value(abs(rate), indicator["unit"], lang, indicator.get("unit_en", ""))
    return text.replace(" ", "") if lang == "zh" else text


def _rate_words(rate: float, row, indicator, lang: str, key: str) -> str:
    """ "增长9.1%" / "下降2.0%" / "增加120家" / "grew 9.1%" …: ``key`` is eval_rate (a past rate) or eval_need."""
    direction = "up" if rate >= 0 else "down"
    method = "cagr" if row["pace_method"] == "cagr" else "linear"
    return t(RATE_TEXTS[key, method, direction], lang, amount=_amount(rate, row, indicator, lang))


def _goal(row, milestone: dict | None, target: str, lang: str) -> str:
    """What the required rate is for: "2028年实现翻番（3,238.6亿元）" / "to double by 2028 (…)"."""
    multiple = (milestone or {}).get("target_multiple")
    year = row["target_period"]
    try:
        doubling = float(multiple) == 2
    except (TypeError, ValueError):
        doubling = False
    return t("eval_goal_double" if doubling else "eval_goal", lang, year=year, target=target)


def _target_value(line, lang: str) -> str:
    return line.target_value.replace(" ", "") if lang == "zh" else line.target_value


def _milestone(snapshot, row) -> dict | None:
    for milestone in snapshot.milestones_by_indicator.get(row["indicator_id"], []):
        if str(milestone.get("target_period")) == str(row["target_period"]):
            return milestone
    return None


def _caveats(row, line, lang: str) -> list[str]:
    """The sentences after a paragraph about what the figure is: a lower bound, approximate, a proxy, a break."""
    from tracker.qualifiers import flags_of

    flags = flags_of(row.get("latest_flags") or [], strict=False)
    out = []
    if row.get("lower_bound") is True:
        out.append(t("eval_note_lower_bound", lang))
    if row.get("approximate") is True:
        out.append(t("eval_note_approximate", lang))
    if "proxy" in flags:
        out.append(t("eval_note_proxy", lang))
    if line.basis:
        out.append(t("eval_note_basis", lang, basis=line.basis))
    elif "break" in flags:
        out.append(t("eval_note_break", lang))
    if "revised" in flags:
        out.append(t("eval_note_revised", lang))
    if line.stale:
        out.append(t("eval_note_stale", lang, stale=line.stale))
    return out


def target_paragraph(row, indicator, lang: str, milestone: dict | None = None, today: dt.date | None = None) -> str:
    """The paragraph about one target (a status row of ``indicator``) in plain words, from its numbers only:
    "2023年高新区地区生产总值1,767.3亿元，2022—2023年年均增长9.1%，低于2028年实现翻番（3,238.6亿元）所需的
    12.2%，滞后于预期；今后需年均增长12.9%才能如期实现，需加快推进。" ``milestone`` is the plan's milestone row (a
    doubling is said as one); a target without a figure says none has been published."""
    line = present.status_line(row, indicator, lang, today=today)
    cls = evaluation_class(row)
    name = line.name
    target = _target_value(line, lang)
    target_year = row["target_period"]
    end = t("eval_end", lang)
    if not line.has_latest:
        return t("eval_para_no_figure", lang, name=name, target=line.target) + end

    if row.get("milestone_kind") == "annual_growth":
        text = t(
            "eval_para_growth",
            lang,
            name=name,
            year=target_year,
            target=target,
            reason=line.reason or line.latest,
            word=class_word(cls, lang),
        )
        return _joined([text + end, *_caveats(row, line, lang)], lang)

    latest_year = _year(row["latest_period"])
    measure = indicator.get("measure", "flow")
    text = t(
        "eval_para_latest",
        lang,
        period=period_text(row["latest_period"], measure, lang),
        name=name,
        value=_prose_value(row, indicator, lang),
    )
    actual, required = row.get("actual_rate"), row.get("required_rate")
    rated = cls in ("faster", "as_expected", "behind") and not is_missing(actual) and not is_missing(required)
    if rated:
        text += t(
            "eval_para_rate",
            lang,
            start=_year(row["baseline_period"]) if isinstance(row.get("baseline_period"), str) else latest_year,
            end=latest_year,
            rate=_rate_words(float(actual), row, indicator, lang, "eval_rate"),
        )
        compared = "above" if float(actual) > float(required) else "below" if actual < required else "equal"
        text += t(
            COMPARED_TEXTS[compared],
            lang,
            goal=_goal(row, milestone, target, lang),
            required=_amount(float(required), row, indicator, lang),
        )
    if cls == "early":
        text += t("eval_end_early", lang, year=latest_year, target_year=target_year, target=target)
    elif cls == "achieved":
        text += t("eval_end_achieved", lang, target_year=target_year, target=target)
    elif cls == "faster":
        reach = row.get("projected_year_reached")
        text += t("eval_end_faster_by", lang, reach=int(reach)) if not is_missing(reach) else t("eval_end_faster", lang)
    elif cls == "as_expected":
        text += t("eval_end_as_expected", lang)
    elif cls == "behind":
        needed = row.get("needed_rate")
        if is_missing(needed):
            text += t("eval_end_behind", lang)
        else:
            need = _rate_words(float(needed), row, indicator, lang, "eval_need")
            text += t("eval_end_behind_need", lang, need=need, target_year=target_year)
    elif cls == "missed":
        text += t("eval_end_missed", lang, target_year=target_year, target=target)
    else:
        text += t("eval_end_not_assessed", lang, reason=line.reason or reason("no_rates", {}, lang))
        if line.progress is not None:
            text += t("eval_end_progress", lang, progress=line.progress_text, target=line.target)
    return _joined([text + end, *_caveats(row, line, lang)], lang)


def _joined(sentences: list[str], lang: str) -> str:
    return ("" if lang == "zh" else " ").join(sentences)


# --- Notes ------------------------------------------------------------------------------------------------------


def latest_notes(notes: pd.DataFrame | None, indicator_id: str, limit: int = NOTES_SHOWN) -> tuple[Note, ...]:
    """The ``limit`` newest notes of ``indicator_id`` in ``notes`` (columns NOTES_COLUMNS), newest first; () when
    there are none or no notes are given."""
    if notes is None or notes.empty:
        return ()
    mine = notes[notes["indicator_id"] == indicator_id]
    if mine.empty:
        return ()
    created = pd.to_datetime(mine["created_at"], errors="coerce", utc=True)
    mine = mine.assign(_created=created).sort_values("_created", ascending=False, na_position="last").head(limit)
    return tuple(
        Note(
            period=str(row["period"]) if not is_missing(row["period"]) else "",
            text=str(row["text"]),
            author=str(row["author"]) if not is_missing(row["author"]) else "",
            created="" if pd.isna(row["_created"]) else row["_created"].tz_convert(clock.zone()).date().isoformat(),
        )
        for row in mine.to_dict("records")
    )


def store_notes(store, revision: int | None, lang: str = "zh") -> pd.DataFrame | None:
    """The notes as of ``revision`` in the store (tracker.notes.notes_at, their parts labelled in ``lang``), or
    None when this store keeps no notes."""
    try:
        from tracker.notes import notes_at
    except ImportError:
        return None
    frame = notes_at(store, revision, lang=lang)
    return frame if set(NOTES_COLUMNS) <= set(frame.columns) else None


# --- The whole report -------------------------------------------------------------------------------------------


def _baseline(row, indicator, lang: str) -> str:
    if is_missing(row.get("baseline_value")) or not isinstance(row.get("baseline_period"), str):
        return "—"
    value = fmt_value(row["baseline_value"], indicator["unit"], lang, indicator.get("unit_en", ""))
    return t("eval_with_period", lang, value=value, period=period_text(row["baseline_period"], "stock", lang))


def _sources(snapshot, indicator_ids: list[str], lang: str) -> tuple[Source, ...]:
    from tracker.formatting import figure_source

    out: list[Source] = []
    seen: set[tuple[str, str, str]] = set()
    for ind_id in indicator_ids:
        name = snapshot.plan.name(ind_id, lang)
        for milestone in snapshot.milestones_by_indicator.get(ind_id, []):
            text = figure_source(milestone, lang)
            if text and (name, "target", text) not in seen:
                seen.add((name, "target", text))
                out.append(Source(name, "target", text))
        latest = snapshot.latest_figures.get(ind_id)
        if latest is not None:
            text = figure_source(latest, lang)
            if text and (name, "figure", text) not in seen:
                seen.add((name, "figure", text))
                out.append(Source(name, "figure", text))
    return tuple(out)


def _plan_title(plan, lang: str) -> str:
    """The plan's title in ``lang`` with its date ("济南高新区：……（2022-12）"), from the store's plan row (issue 12);
    the app's subtitle for a plan without one."""
    about = getattr(plan, "about", None) or {}
    title = str(about.get(f"title_{lang}") or about.get("title_zh") or "").strip()
    if not title:
        return t("app_subtitle", lang)
    date = str(about.get("date") or "").strip()
    return t("eval_plan_dated", lang, title=title, date=date) if date else title


def build_evaluation(
    snapshot,
    lang: str = "zh",
    notes: pd.DataFrame | None = None,
    revision_info=None,
    today: dt.date | None = None,
) -> Evaluation:
    """The evaluation of every target of ``snapshot`` (a tracker.snapshot.Snapshot) in ``lang``, with each
    indicator's latest ``notes`` (columns NOTES_COLUMNS, or None). ``revision_info`` is the tracker.store.Revision
    of the snapshot (for its date), ``today`` the report's date (Beijing's today by default)."""
    today = today or clock.today()
    targets: list[TargetEvaluation] = []
    by_indicator: dict[str, list[TargetEvaluation]] = {}
    status = snapshot.status
    for row in status[status["target_period"].notna()].to_dict("records"):
        indicator = snapshot.indicator_records[row["indicator_id"]]
        line = present.status_line(row, indicator, lang, today=today)
        cls = evaluation_class(row)
        evaluation = TargetEvaluation(
            indicator_id=row["indicator_id"],
            name=line.name,
            target_period=str(row["target_period"]),
            eval_class=cls,
            class_word=class_word(cls, lang),
            baseline=_baseline(row, indicator, lang),
            target=line.target,
            latest=line.latest,
            progress=line.progress_text,
            actual_rate=line.rates["actual_rate"],
            required_rate=line.rates["required_rate"],
            paragraph=target_paragraph(row, indicator, lang, _milestone(snapshot, row), today),
        )
        targets.append(evaluation)
        by_indicator.setdefault(row["indicator_id"], []).append(evaluation)
    sections = tuple(
        IndicatorSection(ind_id, items[0].name, tuple(items), latest_notes(notes, ind_id))
        for ind_id, items in by_indicator.items()
    )
    counted = {cls: sum(1 for target in targets if target.eval_class == cls) for cls in CLASSES}
    counts = tuple((cls, class_word(cls, lang), counted[cls]) for cls in CLASSES)
    said = t("list_separator", lang).join(t("eval_count", lang, word=word, n=n) for _, word, n in counts)
    context = int(status.loc[status["target_period"].isna(), "indicator_id"].nunique())
    summary = t("eval_summary", lang, targets=len(targets), indicators=len(by_indicator), counts=said)
    if context:
        summary += t("eval_summary_context", lang, n=context)
    as_of = present.as_of_text(status, revision_info, lang)
    stamp = " · ".join(part for part in (as_of, t("eval_made", lang, date=today.isoformat())) if part)
    return Evaluation(
        lang=lang,
        title=t("eval_title", lang),
        plan=_plan_title(snapshot.plan, lang),
        stamp=stamp,
        revision=snapshot.revision,
        made=today,
        summary=summary,
        counts=counts,
        targets=tuple(targets),
        sections=sections,
        sources=_sources(snapshot, list(by_indicator), lang),
        context_indicators=context,
        gap_spec=gap_spec(snapshot, lang),
    )


def method_rules(lang: str) -> list[tuple[str, str]]:
    """(class word, the rule in words) for each class: the table the method page and the report's appendix show."""
    return [(class_word(cls, lang), t(f"eval_rule_{cls}", lang)) for cls in CLASSES]
