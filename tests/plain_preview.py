"""The plain twin of tracker.preview.preview: the same preview, row by row in Python, written to be read rather than
to be fast. tests/test_upload_check.py checks that the vectorised preview agrees with it on random uploads."""

from __future__ import annotations

import math

import pandas as pd

from tracker.figures import TEXT_COLUMNS
from tracker.i18n import t
from tracker.preview import JUMP, canonical_figures


def _pct(number: float) -> str:
    return f"{round(number):+.0f}%"


def plain_preview(rows: pd.DataFrame, current: pd.DataFrame) -> list[dict]:
    """One dict per uploaded row: status, old_value, change_pct, previous_period, previous_value, implausible,
    reason_zh, reason_en (None where preview has a missing previous_period)."""
    stored = {}
    for figure in canonical_figures(current).to_dict("records"):
        stored[(figure["indicator_id"], figure["period"])] = figure  # the last one of a figure wins
    uploaded = {}
    for row in rows.to_dict("records"):
        uploaded.setdefault((str(row["indicator_id"]), str(row["period"])), row["value"])  # the first one wins
    out = []
    for row in rows.to_dict("records"):
        indicator, period, value = str(row["indicator_id"]), str(row["period"]), float(row["value"])
        old = stored.get((indicator, period))
        old_value = float(old["value"]) if old else math.nan
        same_value = math.isclose(value, old_value, rel_tol=1e-9) or (math.isnan(value) and math.isnan(old_value))
        same_text = old is not None and all(
            str(row[c] or "") in ("", old[c]) for c in TEXT_COLUMNS
        )  # an empty note or source (in either language) is "not given"
        status = "new" if old is None else ("unchanged" if same_value and same_text else "changed")
        change = (value - old_value) / abs(old_value) * 100 if old and not same_value and old_value != 0 else math.nan
        year = int(period[:4]) if period[:4].isdigit() else 0
        earlier = f"{year - 1}{period[4:]}"
        if (indicator, earlier) in uploaded:
            previous = float(uploaded[(indicator, earlier)])
        elif (indicator, earlier) in stored:
            previous = float(stored[(indicator, earlier)]["value"])
        else:
            previous = math.nan
        against = (value - previous) / abs(previous) * 100 if previous != 0 else math.nan
        jump_old, jump_previous = abs(change) > JUMP * 100, abs(against) > JUMP * 100
        reasons = {}
        for lang in ("zh", "en"):
            parts = {
                "stored": t("jump_stored", lang, pct=_pct(change)) if jump_old else "",
                "previous": t("jump_previous", lang, pct=_pct(against), period=earlier) if jump_previous else "",
            }
            reasons[lang] = (
                t("jump_both", lang, **parts) if all(parts.values()) else parts["stored"] or parts["previous"]
            )
        out.append(
            {
                "status": status,
                "old_value": old_value,
                "change_pct": change,
                "previous_period": None if math.isnan(previous) else earlier,
                "previous_value": previous,
                "implausible": bool(jump_old or jump_previous),
                "reason_zh": reasons["zh"],
                "reason_en": reasons["en"],
            }
        )
    return out
