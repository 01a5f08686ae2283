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
from tracker.periods import parse_period

# The template's columns: (English header, Chinese header). Both are upload headers tracker.reading accepts: the
# first five are read; 单位/unit tells what a bare number is in; the others are guidance the reader ignores.
TEMPLATE_HEADERS = {
    "indicator_id": ("indicator_id", "指标编号"),
    "period": ("period", "时期"),
    "value": ("value", "数值"),
    "note": ("note", "备注"),
    "source": ("source", "来源"),
    "name": ("name_en", "指标名称"),
    "other_name": ("name_zh", "英文名称"),
    "unit": ("unit", "单位"),
    "latest_period": ("latest_period", "最新时期"),
    "latest_value": ("latest_value", "最新数值"),
}
TEMPLATE_COLUMNS = [en for en, _ in TEMPLATE_HEADERS.values()]  # the English template's header row

# The explanation sheet: per column (what it holds, accepted forms, required), in each language.
GUIDE = {
    "indicator_id": {
        "zh": ("指标编号（如 gdp），也可以填指标名称", "见本表各行的“指标编号”", "必填"),
        "en": ("the indicator's id (such as gdp), or its name", "the ids in the template's rows", "required"),
    },
    "period": {
        "zh": (
            "数据所属的时期",
            "年份：2023 或 2023年；月份：2023-09 或 2023年9月；季度：2023Q3 或 2023年第3季度；年内累计：2023年1-9月",
            "必填",
        ),
        "en": (
            "the period the figure is for",
            "a year: 2023 or 2023年; a month: 2023-09 or 2023年9月; a quarter: 2023Q3; a year to date: 2023-09 "
            "or 2023年1-9月 (for totals such as GDP, a month means January to that month)",
            "required",
        ),
    },
    "value": {
        "zh": (
            "数值，可以带单位；不带单位时按“单位”列读取",
            "1767.3、1,767.3、1767.3亿元、1.2万亿、5000万元、2400家、6.19%",
            "必填",
        ),
        "en": (
            "the figure, with or without a unit; a bare number is read in the unit of the unit column",
            "1767.3, 1,767.3, 1767.3亿元, 1.2万亿 (1.2 trillion yuan), 5000万元, 2400家, 6.19%",
            "required",
        ),
    },
    "note": {
        "zh": ("口径等说明；空着表示不修改已保存的备注", "任意文字", "可选"),
        "en": (
            "a note on the figure (coverage, revisions); empty leaves a stored note as it is",
            "any text",
            "optional",
        ),
    },
    "source": {
        "zh": ("数据来源：公报、文件名称或网址；空着表示不修改已保存的来源", "任意文字或网址", "可选"),
        "en": (
            "where the figure comes from: a bulletin, a document or a web address",
            "any text or address",
            "optional",
        ),
    },
    "name": {
        "zh": ("指标的中文名称，供参考", "有“指标编号”时上传不读取", "不必填写"),
        "en": ("the indicator's English name, for reference", "not read on upload", "leave as it is"),
    },
    "other_name": {
        "zh": ("指标的英文名称，供参考", "上传时不读取", "不必填写"),
        "en": ("the indicator's Chinese name, for reference", "not read on upload", "leave as it is"),
    },
    "unit": {
        "zh": ("指标的计量单位：不带单位的数值按此单位读取", "请不要修改", "不必填写"),
        "en": (
            "the indicator's unit (亿元 = 100 million yuan, 万元 = 10,000 yuan, 家 = enterprises): a bare number is "
            "read in it",
            "do not change it",
            "leave as it is",
        ),
    },
    "latest_period": {
        "zh": ("已保存的最新数据的时期，供参考", "上传时不读取", "不必填写"),
        "en": ("the period of the latest stored figure, for reference", "not read on upload", "leave as it is"),
    },
    "latest_value": {
        "zh": ("已保存的最新数值（按“单位”），供参考", "上传时不读取", "不必填写"),
        "en": (
            "the latest stored figure (in the unit column's unit), for reference",
            "not read on upload",
            "leave as it is",
        ),
    },
}
GUIDE_HEADERS = {
    "zh": ("列", "内容", "可填写的形式", "是否必填"),
    "en": ("Column", "What it holds", "Accepted forms", "Required"),
}
GUIDE_NOTES = {
    "zh": (
        "第 2 行是示例：{example}。它就是已保存的数据，原样上传不会改变任何数据，可以保留或删除。",
        "只填写要上传的行：时期和数值都空着的行会被跳过。",
        "文件中任何一行有问题，整个文件都不会保存；检查结果会指出行号和列名。",
    ),
    "en": (
        "Row 2 is an example: {example}. It is a stored figure, so uploading it as it is changes nothing; keep it or "
        "delete it.",
        "Fill in only the rows you upload: a row with no period and no value is skipped.",
        "If any row of the file has a problem, nothing from the file is stored; the check names its row and column.",
    ),
}
SHEET_NAMES = {"zh": ("数据", "填写说明"), "en": ("figures", "how to fill in")}  # the second: xlsx.GUIDE_SHEETS


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
    """The template's rows under headers in ``lang`` (TEMPLATE_HEADERS): first one filled example row (see the module
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
    frame = pd.DataFrame(([example] if example else []) + rows, columns=list(TEMPLATE_HEADERS))
    return frame.rename(columns={key: names[lang == "zh"] for key, names in TEMPLATE_HEADERS.items()})


def template_guide(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The explanation sheet of the template ``frame`` (from template_frame in ``lang``): one row per column (what it
    holds, accepted forms, required or not), then a blank row and general notes (the example row among them)."""
    _check_lang(lang)
    headers = GUIDE_HEADERS[lang]
    rows = [(names[lang == "zh"], *GUIDE[key][lang]) for key, names in TEMPLATE_HEADERS.items()]
    first = frame.iloc[0] if len(frame) and str(frame.iloc[0, 1]) else None
    example = "" if first is None else f"{first.iloc[0]} · {first.iloc[1]} · {first.iloc[2]}"
    notes = [n for n in GUIDE_NOTES[lang] if example or "{example}" not in n]
    rows += [("", "", "", "")] + [(note.format(example=example), "", "", "") for note in notes]
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
    data_sheet, guide_sheet = SHEET_NAMES[lang]
    return sheets_xlsx([(frame, data_sheet), (template_guide(frame, lang), guide_sheet)])
