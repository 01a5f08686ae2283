"""Plans side by side (issue 12 §3): per indicator, each plan's target(s) and their status.

Load: the snapshots of the plans at one revision (tracker.snapshot.store_snapshot, one per plan).
Process: one row per (indicator, plan, target) for every indicator with a target in any plan, indicators in the
first plan's order, then each later plan's new ones.
Save: a DataFrame for a page (compare_rows) or one row per indicator, two text columns per plan (compare_plans).
"""

from __future__ import annotations

import pandas as pd

from tracker.i18n import t
from tracker.present import status_line

NOT_IN_PLAN = "—"
ROW_COLUMNS = ["indicator_id", "indicator", "plan_id", "plan", "target_period", "target", "status", "status_label"]


def compare_rows(plans: list[tuple[str, str, object]], lang: str) -> pd.DataFrame:
    """``plans``: (plan_id, title, tracker.snapshot.Snapshot) in the order the store lists them. One row per target
    of each plan: indicator_id, indicator (its name in ``lang``, the first plan's that has it), plan_id, plan (the
    title), target_period, target ("≥ 3,000 亿元 · 2030年"), status (the code) and status_label ("↗ 需要加速").
    Indicators in the first plan's order, then each later plan's new ones; a plan's targets in its own order.
    Context indicators (no target) are left out."""
    names: dict[str, str] = {}
    rows: list[dict] = []
    for plan_id, title, snapshot in plans:
        for row in snapshot.status.to_dict("records"):
            if not isinstance(row.get("target_period"), str):
                continue  # a context indicator of this plan
            ind_id = row["indicator_id"]
            indicator = snapshot.indicator_records[ind_id]
            names.setdefault(ind_id, str(indicator[f"name_{lang}"]))
            line = status_line(row, indicator, lang)
            rows.append(
                {
                    "indicator_id": ind_id,
                    "indicator": names[ind_id],
                    "plan_id": plan_id,
                    "plan": title,
                    "target_period": row["target_period"],
                    "target": line.target,
                    "status": line.status,
                    "status_label": line.label,
                }
            )
    if not rows:
        return pd.DataFrame(columns=ROW_COLUMNS, dtype=object)
    frame = pd.DataFrame(rows, columns=ROW_COLUMNS, dtype=object)
    order = {ind_id: n for n, ind_id in enumerate(names)}
    frame["_order"] = frame["indicator_id"].map(order)
    return frame.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def plan_columns(title: str, lang: str) -> tuple[str, str]:
    """The two column headers of a plan in compare_plans: "title：目标" / "title: target" and the status's."""
    return t("compare_col_target", lang, plan=title), t("compare_col_status", lang, plan=title)


def compare_plans(plans: list[tuple[str, str, object]], lang: str) -> pd.DataFrame:
    """compare_rows as one row per indicator: its name, then per plan its target(s) ("≥ 3,000 亿元 · 2030年", several
    joined by "；" / "; ") and their status ("↗ 需要加速 (2030)"), "—" where the plan has no target for it."""
    rows = compare_rows(plans, lang)
    separator = "；" if lang == "zh" else "; "
    order = list(dict.fromkeys(rows["indicator_id"]))
    table: dict[str, list[str]] = {
        t("indicator", lang): [rows.loc[rows["indicator_id"] == i, "indicator"].iloc[0] for i in order]
    }
    titles = [title for _, title, _ in plans]
    for plan_id, title, _ in plans:
        mine = rows[rows["plan_id"] == plan_id]
        shown = title if titles.count(title) == 1 else f"{title} ({plan_id})"  # two plans of one title stay apart
        target_header, status_header = plan_columns(shown, lang)
        targets, statuses = [], []
        for ind_id in order:
            own = mine[mine["indicator_id"] == ind_id]
            targets.append(separator.join(own["target"]) if len(own) else NOT_IN_PLAN)
            labels = [f"{label} ({period})" for label, period in zip(own["status_label"], own["target_period"])]
            statuses.append(separator.join(labels) if labels else NOT_IN_PLAN)
        table[target_header], table[status_header] = targets, statuses
    return pd.DataFrame(table, dtype=object)
