"""Why a status changed between two revisions (issue 12 §5): each milestone whose status, progress or needed rate
differs, with its causes in words in both languages — a figure added, revised, removed or re-qualified (an estimate
replaced by the final figure), a target, target period, baseline or bound changed, the milestone added or removed by
the plan. A cause on an input of a derived indicator names the input ("济南市地区生产总值：新增2024年数据").

Statuses are computed as the status command computes them (tracker.snapshot.build_snapshot). Milestones are matched
by ``milestone_id`` where both plans give one, else by (indicator_id, target_period, kind).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from tracker.figures import derive_figures, formula_references, with_legacy_text
from tracker.formatting import fmt_pct, fmt_rate, is_missing, period_text, qualified_value
from tracker.i18n import BOUNDS, LANGS, STATUS, t
from tracker.pace import status_table
from tracker.plan import Plan
from tracker.present import growth_text, target_value_text
from tracker.qualifiers import flags_of, qualifier_of

# The indicator fields whose change alters how a status is computed.
INDICATOR_FIELDS = ("measure", "direction", "pace_method", "formula", "unit")
CAUSES_SHOWN = 6  # figure causes named per milestone; more are counted ("and 3 more")
RATE_TOLERANCE = 1e-9  # progress and rates equal within this are unchanged (they are recomputed floats)


@dataclass(frozen=True)
class Cause:
    """One reason a milestone's status moved. ``kind``: figure_added, figure_removed, figure_revised,
    figure_qualifier, figure_final, figure_flags, growth_added, growth_revised, growth_removed, target_changed,
    target_period_changed, baseline_changed, bound_changed, kind_changed, indicator_changed, milestone_added,
    milestone_removed, recomputed. ``indicator_id`` is the indicator whose figure or definition changed (an input of a
    derived indicator); ``period`` the figure's period, where there is one."""

    kind: str
    indicator_id: str
    period: str | None
    text_zh: str
    text_en: str

    def text(self, lang: str) -> str:
        return self.text_zh if lang == "zh" else self.text_en


@dataclass(frozen=True)
class StatusChange:
    """A milestone whose status, progress or needed rate differs between two revisions. ``key`` is its milestone_id,
    or (indicator_id, target_period, kind) without one. Statuses are tracker.pace.STATUSES keys, None where the
    milestone is not in that revision's plan; progress and rates are fractions (None when not computed)."""

    key: object
    indicator_id: str
    target_period: str
    old_status: str | None
    new_status: str | None
    old_progress: float | None
    new_progress: float | None
    old_needed_rate: float | None
    new_needed_rate: float | None
    causes: tuple[Cause, ...]
    pace_method: str = "cagr"
    unit: str = ""

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status

    def reason(self, lang: str) -> str:
        """The causes as one line: "新增2025年数据；2023年：1,767.3 → 1,801.2 亿元"."""
        return t("change_cause_separator", lang).join(cause.text(lang) for cause in self.causes)

    def moved(self, lang: str) -> str:
        """What moved, in words: "需要加速 → 进度正常", else the progress or the rate still needed."""
        if self.old_status is None:
            return t("change_added_as", lang, status=STATUS[self.new_status][lang])
        if self.new_status is None:
            return t("change_removed_was", lang, status=STATUS[self.old_status][lang])
        if self.status_changed:
            return f"{STATUS[self.old_status][lang]} → {STATUS[self.new_status][lang]}"
        if not _same(self.old_progress, self.new_progress):
            return t("change_progress", lang, old=fmt_pct(self.old_progress), new=fmt_pct(self.new_progress))
        rate = [fmt_rate(r, self.pace_method, self.unit, lang) for r in (self.old_needed_rate, self.new_needed_rate)]
        return t("change_needed", lang, old=rate[0], new=rate[1])

    def summary(self, since: int, lang: str) -> str:
        """A card's line: "自第3版以来：需要加速 → 进度正常，原因：新增2025年数据"."""
        return t("change_since", lang, rev=since, moved=self.moved(lang), reason=self.reason(lang))


def explain_changes(
    old_plan: Plan, old_figures: pd.DataFrame, new_plan: Plan, new_figures: pd.DataFrame, *, today
) -> list[StatusChange]:
    """Every milestone whose status, progress or needed rate differs between (old_plan, old_figures) and (new_plan,
    new_figures), in the new plan's order (removed milestones last), each with its causes. Figures are stored rows
    (Store.figures); statuses are computed as the status command does, on ``today``."""
    return explain_status_changes(
        old_plan,
        old_figures,
        _status(old_plan, old_figures, today),
        new_plan,
        new_figures,
        _status(new_plan, new_figures, today),
    )


def explain_snapshots(old, new) -> list[StatusChange]:
    """explain_changes for two tracker.snapshot.Snapshot (their status rows already computed)."""
    return explain_status_changes(old.plan, old.figures, old.status, new.plan, new.figures, new.status)


def _status(plan: Plan, figures: pd.DataFrame, today) -> pd.DataFrame:
    # As tracker.snapshot.build_snapshot computes the status rows the status command prints.
    return status_table(plan, with_legacy_text(derive_figures(figures, plan.indicators)), on=today)


def milestone_key(milestone: dict) -> object:
    """A milestone's identity: its milestone_id when it has one, else (indicator_id, target_period, kind)."""
    given = milestone.get("milestone_id")
    if isinstance(given, str) and given.strip():
        return given.strip()
    return (str(milestone["indicator_id"]), str(milestone["target_period"]), str(milestone.get("kind") or "level"))


def milestone_rows(plan: Plan, status: pd.DataFrame) -> list[tuple[dict | None, dict]]:
    """(milestone, status row) for every status row, in order; milestone None for a context indicator's row. A plan
    has one milestone per indicator and target period (tracker.plan.validate_plan), so that pair finds it."""
    by_period = {(str(m["indicator_id"]), str(m["target_period"])): m for m in plan.milestones.to_dict("records")}
    out: list[tuple[dict | None, dict]] = []
    for row in status.to_dict("records"):
        period = row["target_period"]
        milestone = by_period.get((str(row["indicator_id"]), str(period))) if isinstance(period, str) else None
        out.append((milestone, row))
    return out


def matched_rows(old_plan: Plan, old_status: pd.DataFrame, new_plan: Plan, new_status: pd.DataFrame):
    """For each new status row, (new milestone, new row, old milestone, old row); the old pair is (None, None) when
    the old plan has no such milestone. A context indicator's row is matched to the old one of the same indicator.
    Also returns the old (milestone, row) pairs nothing matched (milestones the new plan removed)."""
    old_pairs = milestone_rows(old_plan, old_status)
    by_id: dict[str, int] = {}
    by_fallback: dict[object, int] = {}
    context: dict[str, int] = {}
    for i, (milestone, row) in enumerate(old_pairs):
        if milestone is None:
            context[row["indicator_id"]] = i
            continue
        key = milestone_key(milestone)
        if isinstance(key, str):
            by_id[key] = i
        by_fallback.setdefault(milestone_key({**milestone, "milestone_id": None}), i)
    used: set[int] = set()
    out = []
    for milestone, row in milestone_rows(new_plan, new_status):
        if milestone is None:
            found = context.get(row["indicator_id"])
        else:
            key = milestone_key(milestone)
            if isinstance(key, str) and by_id:
                found = by_id.get(key)
            else:
                found = by_fallback.get(milestone_key({**milestone, "milestone_id": None}))
                if found is not None and isinstance(milestone_key(old_pairs[found][0]), str) and isinstance(key, str):
                    found = None  # both have ids and they differ: another milestone
        if found is not None and found in used:
            found = None
        if found is not None:
            used.add(found)
        old_milestone, old_row = old_pairs[found] if found is not None else (None, None)
        out.append((milestone, row, old_milestone, old_row))
    removed = [pair for i, pair in enumerate(old_pairs) if i not in used and pair[0] is not None]
    return out, removed


def explain_status_changes(
    old_plan: Plan,
    old_figures: pd.DataFrame,
    old_status: pd.DataFrame,
    new_plan: Plan,
    new_figures: pd.DataFrame,
    new_status: pd.DataFrame,
) -> list[StatusChange]:
    """explain_changes on status rows already computed (tracker.pace.status_table of each plan and its figures)."""
    pairs, removed = matched_rows(old_plan, old_status, new_plan, new_status)
    differing = [p for p in pairs if p[0] is not None and (p[3] is None or _row_changed(p[3], p[1]))]
    ids = {str(p[1]["indicator_id"]) for p in differing}
    inputs = {i: _inputs(i, old_plan, new_plan) for i in ids}
    # A derived indicator's own figures are computed from its inputs: their changes are named on the inputs.
    stored = set().union(*inputs.values()) - _derived(old_plan) - _derived(new_plan) if inputs else set()
    figures = _figure_changes(old_figures, new_figures, stored)
    out = []
    for milestone, row, old_milestone, old_row in differing:
        ind_id = str(row["indicator_id"])
        indicator = new_plan.indicators.loc[ind_id]
        if old_row is None:
            causes = [_cause("milestone_added", ind_id, None)]
        else:
            causes = _plan_causes(old_plan, new_plan, old_milestone, milestone, old_row, row)
            kind = str(milestone.get("kind") or "level")
            causes += _figure_causes(figures, inputs[ind_id], ind_id, kind, str(row["target_period"]), new_plan)
            causes = causes or [_cause("recomputed", ind_id, None)]
        out.append(_change(milestone, indicator, old_row, row, causes))
    for milestone, old_row in removed:
        ind_id = str(milestone["indicator_id"])
        plan = new_plan if ind_id in new_plan.indicators.index else old_plan
        out.append(
            _change(milestone, plan.indicators.loc[ind_id], old_row, None, [_cause("milestone_removed", ind_id, None)])
        )
    return out


def _change(
    milestone: dict, indicator, old_row: dict | None, new_row: dict | None, causes: list[Cause]
) -> StatusChange:
    either = new_row if new_row is not None else old_row
    return StatusChange(
        key=milestone_key(milestone),
        indicator_id=str(milestone["indicator_id"]),
        target_period=str(milestone["target_period"]),
        old_status=None if old_row is None else old_row["status"],
        new_status=None if new_row is None else new_row["status"],
        old_progress=None if old_row is None else _number(old_row["progress"]),
        new_progress=None if new_row is None else _number(new_row["progress"]),
        old_needed_rate=None if old_row is None else _number(old_row["needed_rate"]),
        new_needed_rate=None if new_row is None else _number(new_row["needed_rate"]),
        causes=tuple(causes),
        pace_method=str(either.get("pace_method") or "cagr"),
        unit=str(indicator["unit"]),
    )


def _number(value: object) -> float | None:
    return None if is_missing(value) else float(value)


def _same(a: object, b: object) -> bool:
    a, b = _number(a), _number(b)
    if a is None or b is None:
        return a is None and b is None
    return a == b or math.isclose(a, b, rel_tol=RATE_TOLERANCE, abs_tol=RATE_TOLERANCE)


def _row_changed(old: dict, new: dict) -> bool:
    return (
        old["status"] != new["status"]
        or not _same(old["progress"], new["progress"])
        or not _same(old["needed_rate"], new["needed_rate"])
    )


def _derived(plan: Plan) -> set[str]:
    formulas = plan.indicators["formula"].fillna("").astype(str).str.strip()
    return set(plan.indicators.index[(formulas != "").to_numpy()])


def _inputs(ind_id: str, *plans: Plan) -> set[str]:
    """The indicator and every indicator its formula reads, in either plan, recursively."""
    found, todo = set(), [ind_id]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        for plan in plans:
            if current in plan.indicators.index:
                formula = plan.indicators.at[current, "formula"]
                if isinstance(formula, str) and formula.strip():
                    todo.extend(formula_references(formula))
    return found


def _cause(kind: str, ind_id: str, at: str | None, name: dict | None = None, **params) -> Cause:
    """A cause with its text in every language; ``params`` are per language (a dict by lang) or plain; ``name``
    (by lang) prefixes the text when the cause is on another indicator than the milestone's."""
    texts = {}
    for lang in LANGS:
        filled = {k: (v[lang] if isinstance(v, dict) else v) for k, v in params.items()}
        text = t(f"change_{kind}", lang, **filled)
        texts[lang] = t("change_on_input", lang, name=name[lang], text=text) if name else text
    return Cause(kind, ind_id, at, texts["zh"], texts["en"])


def _by_lang(render) -> dict[str, str]:
    return {lang: render(lang) for lang in LANGS}


def _plan_causes(old_plan, new_plan, old_m: dict, new_m: dict, old_row: dict, new_row: dict) -> list[Cause]:
    ind_id = str(new_m["indicator_id"])
    indicator = new_plan.indicators.loc[ind_id]
    causes = []
    period = str(new_m["target_period"])
    if not (
        _same(old_m["target_value"], new_m["target_value"])
        and _same(old_m["target_multiple"], new_m["target_multiple"])
    ):
        old_text = _by_lang(lambda lang: target_value_text(old_row, indicator, lang))
        new_text = _by_lang(lambda lang: target_value_text(new_row, indicator, lang))
        causes.append(_cause("target_changed", ind_id, period, period=period, old=old_text, new=new_text))
    if str(old_m["target_period"]) != period:
        causes.append(_cause("target_period_changed", ind_id, period, old=str(old_m["target_period"]), new=period))
    if str(old_m.get("baseline_period") or "") != str(new_m.get("baseline_period") or ""):
        old, new = (str(m.get("baseline_period") or "—") for m in (old_m, new_m))
        causes.append(_cause("baseline_changed", ind_id, None, old=old, new=new))
    if str(old_m.get("bound")) != str(new_m.get("bound")):
        old, new = (BOUNDS.get(str(m.get("bound")), {}).get("zh", str(m.get("bound"))) for m in (old_m, new_m))
        causes.append(_cause("bound_changed", ind_id, None, old=old, new=new))
    if str(old_m.get("kind") or "level") != str(new_m.get("kind") or "level"):
        causes.append(_cause("kind_changed", ind_id, None))
    for input_id in sorted(_inputs(ind_id, old_plan, new_plan)):
        if input_id not in old_plan.indicators.index or input_id not in new_plan.indicators.index:
            continue
        old_ind, new_ind = old_plan.indicators.loc[input_id], new_plan.indicators.loc[input_id]
        fields = [f for f in INDICATOR_FIELDS if str(old_ind.get(f) or "") != str(new_ind.get(f) or "")]
        if fields:
            words = {
                lang: t("list_separator", lang).join(t(f"change_field_{f}", lang) for f in fields) for lang in LANGS
            }
            name = None if input_id == ind_id else _names(new_plan, input_id)
            causes.append(_cause("indicator_changed", input_id, None, name, fields=words))
    return causes


def _names(plan: Plan, ind_id: str) -> dict[str, str]:
    return {lang: plan.name(ind_id, lang) for lang in LANGS}


FIGURE_FIELDS = ["indicator_id", "period", "value", "qualifier", "flags", "growth"]


def _figure_changes(old: pd.DataFrame, new: pd.DataFrame, ids: set[str]) -> pd.DataFrame:
    """The stored figures of ``ids`` whose value, qualifier, flags or growth differ (or that one side lacks), one row
    per (indicator_id, period) with the _old and _new fields side by side."""
    frames = []
    for frame in (old, new):
        part = frame[frame["indicator_id"].isin(ids)].reindex(columns=FIGURE_FIELDS)
        part = part.assign(
            period=part["period"].astype(str),
            value=pd.to_numeric(part["value"], errors="coerce"),
            growth=pd.to_numeric(part["growth"], errors="coerce"),
            qualifier=[qualifier_of(q if isinstance(q, str) else "", strict=False) for q in part["qualifier"]],
            flags=[
                tuple(flags_of(f if isinstance(f, str | list | tuple) else "", strict=False)) for f in part["flags"]
            ],
        )
        frames.append(part)
    merged = frames[0].merge(frames[1], on=["indicator_id", "period"], how="outer", suffixes=("_old", "_new"))
    keep = [
        not (
            _same(r["value_old"], r["value_new"])
            and _same(r["growth_old"], r["growth_new"])
            and r["qualifier_old"] == r["qualifier_new"]
            and r["flags_old"] == r["flags_new"]
        )
        for r in merged.to_dict("records")
    ]
    return merged[pd.Series(keep, index=merged.index, dtype=bool)].sort_values(
        ["indicator_id", "period"], ignore_index=True
    )


def _figure_causes(
    changes: pd.DataFrame, inputs: set[str], ind_id: str, kind: str, target_period: str, plan: Plan
) -> list[Cause]:
    """The figure changes behind a milestone of ``ind_id``: level changes for a level target; for an annual growth
    target, the growth reported for its year (and the figures of that year)."""
    causes: list[Cause] = []
    rows = changes[changes["indicator_id"].isin(inputs)].to_dict("records")
    for r in rows:
        fig_id, period = r["indicator_id"], r["period"]
        if kind == "annual_growth" and period[:4] != target_period[:4]:
            continue
        indicator = plan.indicators.loc[fig_id] if fig_id in plan.indicators.index else None
        name = None if fig_id == ind_id or indicator is None else _names(plan, fig_id)
        unit = "" if indicator is None else str(indicator["unit"])
        unit_en = "" if indicator is None else str(indicator["unit_en"])
        measure = "" if indicator is None else str(indicator["measure"])
        when = {lang: period_text(period, measure, lang) or period for lang in LANGS}
        causes += _level_causes(r, fig_id, period, name, when, unit, unit_en) if kind != "annual_growth" else []
        causes += _growth_causes(r, fig_id, period, name, when) if kind == "annual_growth" else []
    if len(causes) > CAUSES_SHOWN:
        more = len(causes) - CAUSES_SHOWN
        causes = causes[:CAUSES_SHOWN] + [_cause("more", ind_id, None, n=more)]
    return causes


def _level_causes(r: dict, fig_id: str, period: str, name, when, unit: str, unit_en: str) -> list[Cause]:
    had, has = not is_missing(r["value_old"]), not is_missing(r["value_new"])
    if not had and not has:
        return []
    if not had:
        return [_cause("figure_added", fig_id, period, name, period=when)]
    if not has:
        return [_cause("figure_removed", fig_id, period, name, period=when)]
    if _same(r["value_old"], r["value_new"]) and (r["qualifier_old"], r["flags_old"]) == (
        r["qualifier_new"],
        r["flags_new"],
    ):
        return []

    def shown(side: str, with_unit: bool, flags: tuple | None = None):
        def render(lang: str) -> str:
            keep = with_unit or unit == "%"
            return qualified_value(
                r[f"value_{side}"],
                r[f"qualifier_{side}"],
                r[f"flags_{side}"] if flags is None else flags,
                unit if keep else "",
                lang,
                unit_en if keep else "",
            )

        return _by_lang(render)

    old, new = shown("old", False), shown("new", True)
    causes = []
    if "estimate" in r["flags_old"] and "estimate" not in r["flags_new"]:  # "the estimate 1,250", not "est. 1,250"
        estimate = shown("old", True, tuple(f for f in r["flags_old"] if f != "estimate"))
        causes.append(_cause("figure_final", fig_id, period, name, period=when, old=estimate, new=new))
    elif not _same(r["value_old"], r["value_new"]):
        causes.append(_cause("figure_revised", fig_id, period, name, period=when, old=old, new=new))
    elif r["qualifier_old"] != r["qualifier_new"] or "estimate" in r["flags_new"]:
        causes.append(_cause("figure_qualifier", fig_id, period, name, period=when, old=old, new=new))
    # Other flags (a series break, revised, proxy) change what the status reads: named in words.
    flags = [tuple(f for f in r[f"flags_{side}"] if f != "estimate") for side in ("old", "new")]
    if flags[0] != flags[1]:
        words = [_by_lang(lambda lang, f=f: _flag_words(f, lang)) for f in flags]
        causes.append(_cause("figure_flags", fig_id, period, name, period=when, old=words[0], new=words[1]))
    return causes


def _flag_words(flags: tuple[str, ...], lang: str) -> str:
    """Flags as words ("口径调整、修订" / "new basis, revised"); "无" / "none" without any."""
    if not flags:
        return t("change_flag_none", lang)
    return t("list_separator", lang).join(t(f"change_flag_{flag}", lang) for flag in flags)


def _growth_causes(r: dict, fig_id: str, period: str, name, when) -> list[Cause]:
    had, has = not is_missing(r["growth_old"]), not is_missing(r["growth_new"])
    if _same(r["growth_old"], r["growth_new"]):
        return []
    if not had:
        return [_cause("growth_added", fig_id, period, name, period=when, new=growth_text(r["growth_new"]))]
    if not has:
        return [_cause("growth_removed", fig_id, period, name, period=when)]
    old, new = growth_text(r["growth_old"]), growth_text(r["growth_new"])
    return [_cause("growth_revised", fig_id, period, name, period=when, old=old, new=new)]


def since_columns(changes: list[StatusChange], pairs, lang: str) -> list[dict]:
    """For each status row of the newer revision (``pairs`` from matched_rows): previous_status (its status in the
    older revision, None when the older plan has no such milestone), change_reason (the causes in ``lang``, None when
    status, progress and needed rate are unchanged) and change_causes (the causes' kinds, [] when unchanged)."""
    by_key = {c.key: c for c in changes if c.new_status is not None}
    out = []
    for milestone, _row, _old_milestone, old_row in pairs:
        change = by_key.get(milestone_key(milestone)) if milestone is not None else None
        out.append(
            {
                "previous_status": None if old_row is None else old_row["status"],
                "change_reason": None if change is None else change.reason(lang),
                "change_causes": [] if change is None else [c.kind for c in change.causes],
            }
        )
    return out
