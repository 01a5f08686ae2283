"""How numbers, units, rates and periods are written for a reader: "1,767.3 亿元" / "1,767.3 (100 million yuan)",
"9.1%/yr", "2024年9月（年内累计）". The words come from the text catalogue (tracker.i18n)."""

from __future__ import annotations

import math

from tracker.i18n import Text, t

UNITS_EN = {
    "亿元": "100 million yuan",
    "万元": "10,000 yuan",
    "元": "yuan",
    "%": "%",
    "家": "",
    "户": "",
    "只": "",
    "个": "",
    "项": "",
    "人": "people",
    "万人": "10,000 people",
}


def unit_label(unit: str, lang: str, unit_en: str = "") -> str:
    """The unit as a reader of ``lang`` writes it (亿元 → "100 million yuan"); ``unit_en`` is the indicator's own
    English unit (data/indicators.csv), used instead of the generic one."""
    return {"zh": unit, "en": unit_en or UNITS_EN.get(unit, unit)}[lang]


def fmt_number(value: float | None, digits: int | None = None) -> str:
    """A figure with thousands separators; whole numbers without decimals; "—" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if digits is None:
        digits = 0 if float(value).is_integer() else (1 if abs(value) >= 100 else 2)
    return f"{value:,.{digits}f}"


def fmt_value(value: float | None, unit: str, lang: str, unit_en: str = "") -> str:
    """A figure with its unit: "1,767.3 亿元", "1,767.3 (100 million yuan)", "2,400 enterprises", "6.19%".

    ``unit_en`` is the indicator's English unit (data/indicators.csv), used instead of the generic one.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    number = fmt_number(value)
    if unit == "%":
        return f"{number}%"
    label = unit_label(unit, lang, unit_en)  # a label of several words is bracketed: "1,767.3 (100 million yuan)"
    return f"{number} ({label})" if " " in label else (f"{number} {label}" if label else number)


def fmt_pct(fraction: float | None, digits: int = 1) -> str:
    """A fraction as a percentage: 0.1225 → "12.3%"; "—" when missing."""
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "—"
    return f"{fraction * 100:.{digits}f}%"


def fmt_rate(rate: float | None, method: str, unit: str, lang: str) -> str:
    """A rate per year: compound as "9.1%/yr", linear as "+0.26 pp/yr" (for %) or "+12 家/年"."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "—"
    if method == "cagr":
        return fmt_pct(rate) + t("per_year", lang)
    if unit == "%":
        return f"{rate:+.2f}" + t("pp_per_year", lang)
    return f"{rate:+,.1f} {unit_label(unit, lang)}{t('per_year', lang)}".replace("  ", " ")


def is_missing(value: object) -> bool:
    """True for None and NaN (a number that is not there)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def period_text(period: object, measure: str, lang: str) -> str:
    """A period as readers say it ("2024年9月", "Sep 2024"), flagging a flow's year-to-date totals; "" if none."""
    from tracker.periods import describe

    if not isinstance(period, str):
        return ""
    text = describe(period, lang)
    if measure == "flow" and len(period) > 4:
        text = t("period_ytd", lang, period=text, ytd=Text("ytd"))
    return text


def doubling_sentence(dbl, lang: str) -> str:
    """One sentence in plain words about a tracker.doubling.Doubling: when output doubles at the actual rate and
    what the last deadline needs from now."""
    if dbl.actual_rate is None:
        return t("doubling_none", lang)
    deadline = max(dbl.horizons)
    needed = fmt_pct(dbl.needed_rates.get(deadline))
    if dbl.actual_year is None:
        return t("doubling_sentence_never", lang, actual=fmt_pct(dbl.actual_rate), deadline=deadline, needed=needed)
    return t(
        "doubling_sentence",
        lang,
        actual=fmt_pct(dbl.actual_rate),
        year=dbl.actual_year,
        deadline=deadline,
        needed=needed,
    )
