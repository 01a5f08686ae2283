"""Periods: parse what people write ("2023年1-9月", "2023Q3") into one canonical form, and order them.

Canonical forms:
- ``"2023"``     a whole year (an annual total for a flow, the year-end level for a stock or ratio);
- ``"2023-09"``  a month: for a flow, the year-to-date total from January through September (statistics bureaus
  publish cumulative figures); for a stock, the level at the end of that month;
- ``"2023-Q3"``  a quarter: for a flow, the year-to-date total through the end of Q3; for a stock, the level then.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass

from tracker.i18n import Text, Worded, t

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d{4})(?:年|\.0|年度|年全年)?$"), "year"),
    (re.compile(r"^(\d{4})年?(?:1|01)?月?[-~至到—–](\d{1,2})月?份?$"), "ytd"),  # 2023年1-9月, 2023年1至9月, 1—9月份
    (re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})月?(?:末|底)?$"), "month"),  # 2023-09, 2023/9, 2023年9月末
    (re.compile(r"^(\d{4})\s*[-年]?\s*Q([1-4])$", re.IGNORECASE), "quarter"),  # 2023Q3, 2023-Q3
    (re.compile(r"^(\d{4})\s*年?\s*(?:第)?([1-4一二三四])季度(?:末)?$"), "quarter"),  # 2023年第三季度
    (re.compile(r"^(\d{4})\s*年?\s*前([1-4一二三四])季度$"), "quarter"),  # 2023年前三季度
    (re.compile(r"^(\d{4})\s*年?\s*上半年$"), "half"),
    # Excel dates read as text, and as Chinese Excel writes them in a CSV: 2023-09-30, 2023/9/30, 2023年9月30日
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:T?\d{1,2}:\d{2}(?::\d{2})?)?$"), "date"),
]


class PeriodError(Worded, ValueError):
    """A period that cannot be read; ``message(lang)`` says what forms are accepted (``str()``: in English)."""

    def __init__(self, key: str, **params: object):
        self.text = Text(key, params)
        super().__init__(key)

    def __str__(self) -> str:
        """The English message, rendered when asked for: an upload of refused periods makes one error per distinct
        period (a million of them: 10 s of rendering nobody reads)."""
        return self.message("en")


@dataclass(frozen=True, order=True)
class Period:
    """A canonical period. ``month`` is the last month it covers (12 for a whole year)."""

    year: int
    month: int
    kind: str  # "year", "month" or "quarter"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.month // 3}"
        return f"{self.year}-{self.month:02d}"

    @property
    def is_annual(self) -> bool:
        return self.kind == "year"

    @property
    def sort_key(self) -> float:
        """Years with the month as a fraction: 2023-09 -> 2023.75, 2023 -> 2024.0 (its end)."""
        return self.year + self.month / 12


def parse_period(text: object) -> Period:
    """Read a period the way a statistics office writes it; raise PeriodError if it is not one.

    Accepts 2023, 2023年, 2023年度, 2023-10, 2023年10月, 2023/10, 2023Q3, 2023-Q3, 2023年第三季度, 2023年前三季度,
    2023年1-9月 or 2023年1—9月份 (year to date through September, stored as 2023-09), 2023年上半年 (2023-06), a date
    (2023-09-30, 2023/9/30, 2023年9月30日: the month it falls in), and full-width digits.
    """
    if text is None:
        raise PeriodError("period_empty")
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    raw = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    if not raw:
        raise PeriodError("period_empty")
    for pattern, kind in _PATTERNS:
        match = pattern.match(raw)
        if not match:
            continue
        year = int(match.group(1))
        if not 1900 <= year <= 2200:
            break
        if kind == "year":
            return Period(year, 12, "year")
        if kind == "half":
            return Period(year, 6, "month")
        if kind == "quarter":
            q = match.group(2)
            quarter = _CN_DIGITS.get(q) or int(q)
            return Period(year, quarter * 3, "quarter")
        month = int(match.group(2))
        if not 1 <= month <= 12:
            break
        if kind == "date" and not 1 <= int(match.group(3)) <= calendar.monthrange(year, month)[1]:
            raise PeriodError("period_no_such_day", text=str(text), year=year, month=month, day=int(match.group(3)))
        return Period(year, month, "month")
    raise PeriodError("bad_period", text=str(text))


def canonical(text: object) -> str:
    """The canonical label of a period, e.g. canonical("2023年1-9月") == "2023-09"."""
    return parse_period(text).label


def period_year(label: str) -> int:
    """The calendar year a canonical label falls in."""
    return int(str(label)[:4])


def is_annual(label: str) -> bool:
    """True for a whole-year label such as "2023"."""
    return len(str(label)) == 4


def sort_key(label: str) -> float:
    """Order canonical labels in time (a whole year sorts after its months)."""
    return parse_period(label).sort_key


def describe(label: str, lang: str = "zh") -> str:
    """A human reading of a canonical label: "2023年" / "2023", "2023年第3季度" / "2023 Q3", "2023年9月" / "Sep 2023"
    (a month label says nothing of year to date: tracker.formatting.period_text adds that for a flow)."""
    p = parse_period(label)
    if p.kind == "year":
        return t("period_year", lang, year=p.year)
    if p.kind == "quarter":
        return t("period_quarter", lang, year=p.year, quarter=p.month // 3)
    return t("period_month", lang, year=p.year, month=Text(f"month_{p.month}"))
