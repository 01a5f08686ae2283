"""How numbers, units, rates and periods are written for a reader: "1,767.3 亿元" / "1,767.3 (100 million yuan)",
"9.1%/yr", "2024年9月（年内累计）". The words come from the text catalogue (tracker.i18n)."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone

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
    what each deadline needs from now ("…；2028 年翻番今后需年均增长 12.9%，2029 年需 10.6%。")."""
    if dbl.actual_rate is None:
        return t("doubling_none", lang)
    needs = [
        t(
            "doubling_needs_more" if i else "doubling_needs_first",
            lang,
            deadline=year,
            needed=fmt_pct(dbl.needed_rates.get(year)),
        )
        for i, year in enumerate(sorted(dbl.horizons))
    ]
    params = {"actual": fmt_pct(dbl.actual_rate), "needs": ("，" if lang == "zh" else ", ").join(needs)}
    if dbl.actual_year is None:
        return t("doubling_sentence_never", lang, **params)
    return t("doubling_sentence", lang, year=dbl.actual_year, **params)


# A figure's note, source and confidence in the reader's language (issue 10 §3). A row is any mapping: a figures
# DataFrame row, a store row, a dict. It carries note_zh/note_en/source_zh/source_en; an older row carries only the
# legacy `note`/`source`. A text written in one language only is shown as written in both views.

CONFIDENCE_KEYS = {
    "quoted": "confidence_quoted",
    "quoted-reprint": "confidence_quoted_reprint",
    "uploaded": "confidence_uploaded",
}

# A web address on its own: an optional http(s):// scheme, a host of dotted labels ending in letters (te-ch.tech,
# 163.com), then an optional path of URL characters only (no spaces, quotes, angle brackets or non-ASCII). Without a
# scheme, the host must be followed by a path or start with www., so that a file name ("figures.csv") or an
# abbreviation is never taken for an address.
_ADDRESS = re.compile(
    r"(?P<scheme>https?://)?(?P<host>(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
    r"(?P<port>:\d{1,5})?(?P<path>/[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]*)?",
    re.IGNORECASE,
)


def _text(row: Mapping, key: str) -> str:
    """``row[key]`` as a stripped string; "" when absent, None or NaN."""
    value = row.get(key) if hasattr(row, "get") else None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip()
    return "" if text in ("nan", "None", "<NA>") and not isinstance(value, str) else text


def _in_language(row: Mapping, field: str, lang: str) -> str:
    other = "en" if lang == "zh" else "zh"
    return _text(row, f"{field}_{lang}") or _text(row, f"{field}_{other}") or _text(row, field)


def figure_note(row: Mapping, lang: str) -> str:
    """The figure's note for a reader of ``lang``: note_<lang>, else the other language's note as written, else the
    legacy ``note``; "" when there is none."""
    return _in_language(row, "note", lang)


def figure_source(row: Mapping, lang: str) -> str:
    """The figure's source for a reader of ``lang``: source_<lang>, else the other language's as written, else the
    legacy ``source``; "" when there is none."""
    return _in_language(row, "source", lang)


def confidence_label(code: object, lang: str) -> str:
    """A confidence code as a word: quoted → 原文引用 / quoted, quoted-reprint → 转载引用 / quoted (reprint),
    uploaded → 用户上传 / uploaded; any other code → 其他 / other (never the raw code); "" when there is none."""
    if code is None or (isinstance(code, float) and math.isnan(code)) or not str(code).strip():
        return ""
    return t(CONFIDENCE_KEYS.get(str(code).strip().lower(), "confidence_other"), lang)


def source_address(text: object) -> str | None:
    """The link target when the whole of ``text`` is one web address (with or without http(s)://): the address
    with https:// added when it has no scheme. None for anything else (a name, a sentence, a path, javascript:)."""
    if not isinstance(text, str):
        return None
    match = _ADDRESS.fullmatch(text.strip())
    if match is None or (not match["scheme"] and not match["path"] and not match["host"].lower().startswith("www.")):
        return None
    return text.strip() if match["scheme"] else "https://" + text.strip()


def source_is_address(text: object) -> bool:
    """True when the whole of ``text`` is one web address (see source_address)."""
    return source_address(text) is not None


def source_html(text: object) -> str:
    """A source as HTML: a web address becomes a link whose visible text is the address as written, opened in a new
    tab with rel="noopener noreferrer"; anything else is escaped text, never a link."""
    shown = html.escape("" if is_missing(text) else str(text).strip(), quote=True)
    address = source_address(text)
    if address is None:
        return shown
    href = html.escape(address, quote=True)
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{shown}</a>'


BEIJING = timezone(timedelta(hours=8), "UTC+8")  # China Standard Time has no daylight saving: a fixed offset


def fmt_time(moment: object, lang: str, labelled: bool = True) -> str:
    """A moment in Beijing time, as a Chinese office reads it: "2026-12-01 18:30（北京时间）" / "2026-12-01 18:30
    (Beijing time, UTC+8)"; without ``labelled`` only "2026-12-01 18:30" (where a column header says Beijing time).
    A naive datetime or an ISO text without an offset is taken as UTC (the store writes UTC); "—" when missing."""
    if moment is None or moment != moment or moment == "":  # None, NaN, NaT, empty
        return "—"
    when = moment if isinstance(moment, datetime) else datetime.fromisoformat(str(moment).replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    text = when.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    return t("beijing_time", lang, time=text) if labelled else text


def period_as_written(period: object, measure: str, lang: str) -> str:
    """A period as a statistics bulletin writes it: a flow's year-to-date total as its span of months ("2024年1-9月",
    "Jan–Sep 2024"; a quarter as its months too), anything else as period_text ("2023年", "2024年9月"); "" if none."""
    from tracker.periods import parse_period

    if not isinstance(period, str):
        return ""
    p = parse_period(period)
    if measure != "flow" or p.is_annual or p.month == 1:
        return period_text(period, measure, lang)
    return t("period_ytd_span", lang, year=p.year, first=t("month_1", lang), last=t(f"month_{p.month}", lang))


# issue 11: a figure with its qualifier and flags, as statisticians publish it
def qualified_value(value: float | None, qualifier: str, flags, unit: str, lang: str, unit_en: str = "") -> str:
    """A figure as it was published (issue 11): "≥2,400 家" (at least), "≈1,000 亿元" (about), "预计 ≥14,000 亿元" /
    "est. ≥14,000 (100 million yuan)" (an estimate); an exact figure as fmt_value writes it. ``flags``: a list, set
    or comma-separated text (tracker.qualifiers.flags_of); "—" when the value is missing."""
    from tracker.qualifiers import flags_of, qualifier_of

    if is_missing(value):
        return "—"
    symbol = {"exact": "", "at_least": "≥", "about": "≈"}[qualifier_of(qualifier, strict=False)]
    text = symbol + fmt_value(value, unit, lang, unit_en)
    return t("qualified_estimate", lang, value=text) if "estimate" in flags_of(flags, strict=False) else text


# issue 11: which basis the doubling status reads, and what the real growth rates say
def doubling_basis_sentence(dbl, lang: str, unit: str = "亿元", unit_en: str = "") -> str:
    """One sentence on which basis a tracker.doubling.Doubling's status reads and what the other says: the nominal
    levels (or the pre-break basis, with the new figure beside it) and the official real growth chained from the
    baseline: "翻番状态按2024年以前口径计算（2022–2023年年均 9.1%），2024年新口径为 2,053.5 亿元，与此前不可比；按官方
    不变价增速，2022年以来实际年均增长 7.3%。"; "" without an actual rate."""
    if dbl.actual_rate is None:
        return ""
    span = {"start": dbl.baseline_year, "end": dbl.latest_year, "rate": fmt_pct(dbl.actual_rate)}
    if dbl.break_period:
        first = t(
            "doubling_basis_pre_break",
            lang,
            year=dbl.break_period[:4],
            period=dbl.post_break_period,
            value=fmt_value(dbl.post_break_value, unit, lang, unit_en),
            **span,
        )
    else:
        first = t("doubling_basis_nominal", lang, **span)
    if dbl.real_rate is None:
        return first + t("doubling_basis_no_real", lang)
    return first + t("doubling_basis_real", lang, base=dbl.baseline_year, real=fmt_pct(dbl.real_rate))
