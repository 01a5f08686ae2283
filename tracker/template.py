"""Upload templates: every typed-in indicator with its names, unit and latest period, ready to fill in, with headers
in the reader's language, one filled example row and (XLSX) a second sheet explaining each column.

The example row is the latest stored figure of the first typed-in indicator that has one, written the way people
write it (2025年1-9月, 1,656.7亿元), with an empty note (empty means "not given"): uploaded as it is, it changes
nothing that is stored.
"""

from __future__ import annotations

import pandas as pd

from tracker.export import neutralise, sheets_xlsx
from tracker.figures import comparable_series
from tracker.i18n import t
from tracker.periods import parse_period

# The template's columns, whose headers are the catalogue's template_col_<key> texts (tracker.i18n). Both languages'
# headers are upload headers tracker.reading accepts: the first five are read; 单位/unit tells what a bare number is
# in; the others are guidance the reader ignores.
TEMPLATE_KEYS = (
    "indicator_id",
    "period",
    "value",
    "note",
    "source",
    "name",
    "other_name",
    "unit",
    "latest_period",
    "latest_value",
)
# Whether each column must be filled in (guide_required, guide_optional, guide_leave); what it holds and the forms it
# accepts are guide_what_<key> and guide_forms_<key>.
REQUIRED = {
    "indicator_id": "guide_required",
    "period": "guide_required",
    "value": "guide_required",
    "note": "guide_optional",
    "source": "guide_optional",
    "name": "guide_leave",
    "other_name": "guide_leave",
    "unit": "guide_leave",
    "latest_period": "guide_leave",
    "latest_value": "guide_leave",
}
GUIDE_HEADS = ("guide_head_column", "guide_head_what", "guide_head_forms", "guide_head_required")
GUIDE_NOTES = ("guide_note_example", "guide_note_skip", "guide_note_all_or_nothing")


def template_headers(lang: str) -> list[str]:
    """The template's header row in ``lang``."""
    _check_lang(lang)
    return [t(f"template_col_{key}", lang) for key in TEMPLATE_KEYS]


def sheet_names(lang: str) -> tuple[str, str]:
    """The template workbook's sheets in ``lang``: the data, then the explanation (one of xlsx.GUIDE_SHEETS)."""
    _check_lang(lang)
    return t("template_sheet_data", lang), t("template_sheet_guide", lang)


def _check_lang(lang: str) -> None:
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")


def upload_period(label: str, measure: str, lang: str) -> str:
    """A canonical period written as people fill it in and the upload reads it back: 2023年, 2025年1-9月 (a flow's
    year to date), 2024年9月, 2023年第3季度 in Chinese; 2023, 2025-09, 2023Q3 in English; "" for no period."""
    if not isinstance(label, str) or not label:
        return ""
    period = parse_period(label)
    if lang == "en":
        return f"{period.year}Q{period.month // 3}" if period.kind == "quarter" else label
    if period.kind == "year":
        return f"{period.year}年"
    if period.kind == "quarter":
        return f"{period.year}年第{period.month // 3}季度"
    if measure == "flow" and period.month > 1:
        return f"{period.year}年1-{period.month}月"
    return f"{period.year}年{period.month}月"


def exact_number(value: float) -> str:
    """``value`` with thousands separators and every digit it has (1656.7 -> "1,656.7", 2400.0 -> "2,400"), so that
    it reads back as the same float."""
    text = repr(float(value))
    if "e" in text or "n" in text:
        return text
    whole, _, fraction = text.partition(".")
    whole = f"{int(whole):,}" if whole not in ("-0",) else whole
    return whole if fraction in ("", "0") else f"{whole}.{fraction}"


def template_frame(indicators: pd.DataFrame, figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The template's rows under headers in ``lang`` (template_headers): first one filled example row (see the module
    docstring; none when no typed-in indicator has a figure), then one row per typed-in indicator (derived ones are
    computed, never uploaded) with period and value empty.

    The name, unit and latest columns are guidance (periods as people write them); only the unit is read back, to
    say what a bare number is in."""
    _check_lang(lang)
    rows, example = [], None
    for ind_id, ind in indicators.iterrows():
        if str(ind.get("formula", "") or ""):
            continue
        mine = figures[figures["indicator_id"] == ind_id]
        latest = comparable_series(figures, ind_id, "stock").iloc[-1] if len(mine) else None
        names = (ind["name_zh"], ind["name_en"]) if lang == "zh" else (ind["name_en"], ind["name_zh"])
        row = {
            "indicator_id": ind_id,
            "period": "",
            "value": "",
            "note": "",
            "source": "",
            "name": names[0],
            "other_name": names[1],
            "unit": ind["unit"],
            "latest_period": "" if latest is None else upload_period(latest["period"], ind["measure"], lang),
            "latest_value": "" if latest is None else latest["value"],
        }
        if example is None and latest is not None:
            source = str(latest.get("source", "") or "")
            example = {
                **row,
                "period": row["latest_period"],
                "value": exact_number(latest["value"]) + (ind["unit"] if lang == "zh" else ""),
                "source": source if neutralise(source) == source else "",
            }
        rows.append(row)
    frame = pd.DataFrame(([example] if example else []) + rows, columns=list(TEMPLATE_KEYS))
    frame.columns = template_headers(lang)
    return frame


def template_guide(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The explanation sheet of the template ``frame`` (from template_frame in ``lang``): one row per column (what it
    holds, accepted forms, required or not), then a blank row and general notes (the example row among them)."""
    _check_lang(lang)
    headers = [t(key, lang) for key in GUIDE_HEADS]
    names = template_headers(lang)
    rows = [
        (name, t(f"guide_what_{key}", lang), t(f"guide_forms_{key}", lang), t(REQUIRED[key], lang))
        for key, name in zip(TEMPLATE_KEYS, names, strict=True)
    ]
    first = frame.iloc[0] if len(frame) and str(frame.iloc[0, 1]) else None
    example = "" if first is None else f"{first.iloc[0]} · {first.iloc[1]} · {first.iloc[2]}"
    notes = [t(key, lang, example=example) for key in GUIDE_NOTES if example or key != "guide_note_example"]
    rows += [("", "", "", "")] + [(note, "", "", "") for note in notes]
    return pd.DataFrame(rows, columns=list(headers))


def template_csv(indicators: pd.DataFrame, figures: pd.DataFrame, lang: str = "en") -> bytes:
    """The template as CSV in UTF-8 with a BOM (so that Excel shows the Chinese): headers and rows only, text
    neutralised for spreadsheets."""
    frame = template_frame(indicators, figures, lang)
    return frame.map(neutralise).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def template_xlsx(indicators: pd.DataFrame, figures: pd.DataFrame, lang: str = "en") -> bytes:
    """The template as an XLSX workbook: the rows on the first (active) sheet, "数据"/"figures", and the explanation
    of each column on a second sheet, "填写说明"/"how to fill in". Text in text cells."""
    frame = template_frame(indicators, figures, lang)
    data_sheet, guide_sheet = sheet_names(lang)
    return sheets_xlsx([(frame, data_sheet), (template_guide(frame, lang), guide_sheet)])
