"""Upload templates: every indicator id with its names, unit and latest period, ready to fill in."""

from __future__ import annotations

import io

import pandas as pd

from tracker.figures import comparable_series

TEMPLATE_COLUMNS = [
    "indicator_id",
    "period",
    "value",
    "note",
    "source",
    "name_zh",
    "name_en",
    "unit",
    "latest_period",
    "latest_value",
]


def template_frame(indicators: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per typed-in indicator (derived ones are computed, never uploaded), with period and value empty.

    name_zh, name_en, unit, latest_period and latest_value are guidance: the importer ignores those columns.
    """
    rows = []
    for ind_id, ind in indicators.iterrows():
        if str(ind.get("formula", "")):
            continue
        mine = figures[figures["indicator_id"] == ind_id]
        latest = comparable_series(figures, ind_id, "stock").iloc[-1] if len(mine) else None
        rows.append(
            {
                "indicator_id": ind_id,
                "period": "",
                "value": "",
                "note": "",
                "source": "",
                "name_zh": ind["name_zh"],
                "name_en": ind["name_en"],
                "unit": ind["unit"],
                "latest_period": "" if latest is None else latest["period"],
                "latest_value": "" if latest is None else latest["value"],
            }
        )
    return pd.DataFrame(rows, columns=TEMPLATE_COLUMNS)


def template_csv(indicators: pd.DataFrame, figures: pd.DataFrame) -> bytes:
    """The template as CSV in UTF-8 with a BOM, so that Excel shows the Chinese names."""
    return template_frame(indicators, figures).to_csv(index=False).encode("utf-8-sig")


def template_xlsx(indicators: pd.DataFrame, figures: pd.DataFrame) -> bytes:
    """The template as an XLSX workbook with one sheet named "figures"."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        template_frame(indicators, figures).to_excel(writer, sheet_name="figures", index=False)
    return buffer.getvalue()
