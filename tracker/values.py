"""Values: read what people write in a value cell ("1.2万亿", "3,200家", "８.１％") as a number in an indicator's unit.

An indicator is kept in one of ``tracker.plan.KNOWN_UNITS``. A cell may carry a Chinese magnitude (万, 亿, 万亿)
and a unit word (元, 家, %); both are converted to the indicator's unit: for an indicator in 亿元, "5000万元" is 0.5.
A bare number is taken to be in the indicator's unit already.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, DecimalException

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tracker.i18n import Text, Worded

# Powers of ten of the magnitudes written before a unit word.
MAGNITUDES = {
    "": 0,
    "十": 1,
    "百": 2,
    "千": 3,
    "万": 4,
    "十万": 5,
    "百万": 6,
    "千万": 7,
    "亿": 8,
    "十亿": 9,
    "百亿": 10,
    "千亿": 11,
    "万亿": 12,
}

# Each indicator unit as (family, power of ten of its base word). Money counts in 元, people in 人.
UNIT_SCALES: dict[str, tuple[str, int]] = {
    "元": ("money", 0),
    "万元": ("money", 4),
    "亿元": ("money", 8),
    "人": ("people", 0),
    "万人": ("people", 4),
    "家": ("enterprises", 0),
    "户": ("enterprises", 0),  # statistics count firms in 家 and 户 alike
    "只": ("funds", 0),
    "个": ("items", 0),
    "项": ("projects", 0),
    "%": ("percent", 0),
}
# The unit word a cell may carry for each family.
_FAMILY_WORDS = {
    "元": "money",
    "人": "people",
    "家": "enterprises",
    "户": "enterprises",
    "只": "funds",
    "个": "items",
    "项": "projects",
    "%": "percent",
}
COUNT_UNITS = ("家", "户", "只", "个", "项", "人", "万人")

# Cells that mean "no figure" in Chinese statistical tables; an upload skips them rather than failing.
BLANKS = frozenset(
    {"", "-", "--", "—", "——", "–", "/", "\\", "n/a", "na", "nan", "none", "null", "无", "暂无", "…", "..."}
)

_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)(?P<number>[\d,'.]*\d[\d,'.]*)(?:[eE](?P<exp>[+-]?\d+))?"
    r"(?P<magnitude>万亿|十万|百万|千万|十亿|百亿|千亿|十|百|千|万|亿)?(?P<word>元|人|家|户|只|个|项|%)?$"
)


class ValueParseError(Worded, ValueError):
    """A value that cannot be read; ``code`` is "not_a_number", "bad_separator" (a comma that does not separate
    thousands), "out_of_range" (overflows or underflows a float), "wrong_unit" or "empty_value". ``message(lang)``
    says what to do (the text ``key`` of tracker.i18n, the code itself unless given, with ``params``)."""

    def __init__(self, code: str, key: str | None = None, **params: object):
        self.code, self.text = code, Text(key or code, params)
        super().__init__(code)

    def __str__(self) -> str:
        """The English message, rendered when asked for: a file of refused values makes one error per distinct
        value (80,000 of them: 2 s of rendering nobody reads, where the pages render the reader's language)."""
        return self.message("en")


# A number as written: digits with an optional decimal point, or thousands separated in groups of three.
_PLAIN_DIGITS = re.compile(r"\d+(?:\.\d*)?|\.\d+")
_GROUPED_DIGITS = re.compile(r"\d{1,3}(?P<separator>[,'])\d{3}(?:(?P=separator)\d{3})*(?:\.\d*)?")
_DECIMAL_COMMA = re.compile(r"\d{1,3}(?:\.\d{3})*,\d+|\d+,\d+")  # 1.767,3 or 1767,3: a European decimal comma


def normalise(text: str) -> str:
    """NFKC (full-width digits, ，and ％ become ASCII), no spaces, one kind of minus. Thousands separators stay:
    ``parse_value`` checks that they separate groups of three."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s", "", text).replace("−", "-").replace("﹣", "-")


def is_blank(value: object) -> bool:
    """True for an empty cell or a placeholder that means "no figure" ("-", "—", "/", "无", "N/A")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return isinstance(value, str) and normalise(value).lower() in BLANKS


def parse_value(value: object, unit: str, default_unit: str = "") -> float:
    """The number a cell means, in ``unit`` (one of ``tracker.plan.KNOWN_UNITS``).

    ``default_unit`` is the unit a bare number is in when the header names one ("数值（万元）"); otherwise a bare
    number is already in ``unit``. Excel numbers (int, float) are taken as they are. Raises ValueParseError.
    """
    if unit not in UNIT_SCALES:
        raise KeyError(f"unknown indicator unit {unit!r}")
    if isinstance(value, bool):
        raise _not_a_number(str(value))
    if isinstance(value, int | float | np.integer | np.floating):
        if math.isnan(value) or math.isinf(value):
            raise _empty() if math.isnan(value) else _not_a_number(str(value))
        value = repr(float(value))
    if is_blank(value):
        raise _empty()
    text = normalise(str(value))
    match = _NUMBER.match(text)
    if not match:
        raise _not_a_number(str(value))
    digits = _digits(match["number"], str(value))
    magnitude, word = match["magnitude"] or "", match["word"] or ""
    if not magnitude and not word and default_unit:
        magnitude, word = _split_unit(default_unit)
    family, unit_power = UNIT_SCALES[unit]
    if word and _FAMILY_WORDS[word] != family:
        raise ValueParseError("wrong_unit", shown=str(value).strip(), word=word, unit=unit)
    if family == "percent" and magnitude:
        raise ValueParseError("wrong_unit", "magnitude_on_percent", shown=str(value).strip(), magnitude=magnitude)
    power = (MAGNITUDES[magnitude] - unit_power) if (magnitude or word) else 0
    try:
        number = Decimal(match["sign"] + digits + (f"e{match['exp']}" if match["exp"] else ""))
        result = float(number.scaleb(power))
    except (DecimalException, OverflowError, ValueError):  # e.g. Overflow for 1e999999999
        raise _out_of_range(str(value)) from None
    if math.isinf(result) or (result == 0 and not number.is_zero()):  # 1e999 overflows, 1e-400 underflows to 0
        raise _out_of_range(str(value))
    return result


def _digits(number: str, written: str) -> str:
    """The digits of a number without its thousands separators; raises ValueParseError where a comma (or an
    apostrophe) does not separate groups of three digits, rather than guess: "1767,3" is not 17673."""
    if _PLAIN_DIGITS.fullmatch(number):
        return number
    if _GROUPED_DIGITS.fullmatch(number):
        return re.sub("[,']", "", number)
    if "," not in number and "'" not in number:
        raise _not_a_number(written)  # 1.2.3
    shown = written.strip()[:40]
    if _DECIMAL_COMMA.fullmatch(number):
        meant = number.replace(".", "").replace(",", ".")
        raise ValueParseError("bad_separator", "decimal_comma", shown=shown, meant=meant)
    raise ValueParseError("bad_separator", shown=shown)


def _split_unit(unit_text: str) -> tuple[str, str]:
    """A header's unit ("万元", "亿", "%") as (magnitude, word); ("", "") when it is not a unit."""
    match = _NUMBER.match("1" + normalise(unit_text))
    return (match["magnitude"] or "", match["word"] or "") if match else ("", "")


# The common cells, read in Arrow: ASCII digits (thousands separated by commas in groups of three), then a magnitude
# and a unit word. Only the commas are dropped from them, as parse_value drops them.
_SIMPLE = (
    r"^[ \t]*(?P<sign>[+-]?)(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"(?P<magnitude>万亿|十万|百万|千万|十亿|百亿|千亿|十|百|千|万|亿)?(?P<word>元|人|家|户|只|个|项|%)?[ \t]*$"
)
_MAGNITUDE_NAMES = list(MAGNITUDES)
_WORDS = ["", *_FAMILY_WORDS]
_UNITS = list(UNIT_SCALES)
_FAMILIES = sorted({family for family, _ in UNIT_SCALES.values()})


def parse_value_column(
    values: pd.Series,
    units: pd.Series,
    default_unit: str = "",
    order: Callable[[np.ndarray], np.ndarray] | None = None,
    enough: Callable[[int, int, np.ndarray], bool] | None = None,
) -> tuple[np.ndarray, pd.Series]:
    """Vectorised parse_value: (values as floats, NaN where unreadable; the error per position, None where read).

    Numbers written the common way (digits, thousands separators, a magnitude, a unit word that fits) are read in
    Arrow; every other distinct (text, unit) pair goes through parse_value once: in the order ``order`` gives the
    positions (of those it gives), until ``enough(errors so far, the next place in that order, the order)`` says
    so. A position left out keeps NaN and no error.
    """
    texts = values.astype(str).reset_index(drop=True)
    units = units.astype(str).reset_index(drop=True)
    result = np.full(len(texts), np.nan)
    errors = np.full(len(texts), None, dtype=object)  # a Series only at the end: .iat per error took 25 µs each
    simple = _parse_simple(texts, units, default_unit, result)
    rest = np.flatnonzero(~simple)
    if order is not None and len(rest):
        rest = order(rest)
    cache: dict[tuple[str, str], float | ValueParseError] = {}
    failures = 0
    for at, (i, text, unit) in enumerate(zip(rest, texts.to_numpy()[rest], units.to_numpy()[rest], strict=True)):
        key = (text, unit)
        if key not in cache:
            try:
                cache[key] = parse_value(text, unit, default_unit)
            except ValueParseError as err:
                cache[key] = err
        outcome = cache[key]
        if isinstance(outcome, ValueParseError):
            errors[i] = outcome
            failures += 1
            if enough is not None and enough(failures, at + 1, rest):
                break
        else:
            result[i] = outcome
    return result, pd.Series(errors, dtype=object)


def _parse_simple(texts: pd.Series, units: pd.Series, default_unit: str, result: np.ndarray) -> np.ndarray:
    """Fill ``result`` where a text is a simple number that fits its unit; return where it did."""
    if not len(texts):
        return np.zeros(0, dtype=bool)
    parts = pc.extract_regex(pa.array(texts.to_numpy(dtype=object), type=pa.string()), _SIMPLE)
    matched = np.asarray(parts.is_valid(), dtype=bool)
    if not matched.any():
        return matched
    sign, number, magnitude, word = (parts.field(i) for i in range(4))
    digits = pc.replace_substring(number, ",", "")
    count = np.asarray(pc.utf8_length(digits).fill_null(0), dtype=np.int64)
    magnitude_at = np.asarray(pc.index_in(magnitude, pa.array(_MAGNITUDE_NAMES)).fill_null(0), dtype=np.int64)
    word_at = np.asarray(pc.index_in(word, pa.array(_WORDS)).fill_null(0), dtype=np.int64)
    unit_at = np.asarray(
        pc.index_in(pa.array(units.to_numpy(dtype=object), type=pa.string()), pa.array(_UNITS)).fill_null(-1),
        dtype=np.int64,
    )
    if default_unit:  # a bare number is in the header's unit
        default_magnitude, default_word = _split_unit(default_unit)
        bare = (magnitude_at == 0) & (word_at == 0)
        magnitude_at = np.where(bare, _MAGNITUDE_NAMES.index(default_magnitude), magnitude_at)
        word_at = np.where(bare, _WORDS.index(default_word), word_at)
    powers = np.array([MAGNITUDES[m] for m in _MAGNITUDE_NAMES])
    unit_family = np.array([_FAMILIES.index(UNIT_SCALES[u][0]) for u in _UNITS] + [-1])[unit_at]
    unit_power = np.array([UNIT_SCALES[u][1] for u in _UNITS] + [0])[unit_at]
    word_family = np.array([-1] + [_FAMILIES.index(_FAMILY_WORDS[w]) for w in _WORDS[1:]])[word_at]
    percent = _FAMILIES.index("percent")
    fits = (
        (unit_at >= 0)
        & ((word_at == 0) | (word_family == unit_family))
        & ~((unit_family == percent) & (magnitude_at != 0))
    )
    power = np.where((magnitude_at != 0) | (word_at != 0), powers[magnitude_at] - unit_power, 0)
    simple = matched & fits & (count <= 28)  # Decimal keeps 28 digits exactly: parse_value's scaleb is exact
    chosen = np.flatnonzero(simple)
    if len(chosen):
        # sign, digits and the power of ten as one literal, rounded once as float(Decimal) rounds: Arrow's cast
        # rounds correctly too, as float() does, without a Python float per cell.
        literal = pc.binary_join_element_wise(
            sign.take(chosen), digits.take(chosen), "e", pc.cast(pa.array(power[chosen]), pa.string()), ""
        )
        try:
            result[chosen] = pc.cast(literal, pa.float64()).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid:  # not expected: every such literal is a float() literal
            result[chosen] = np.fromiter(map(float, literal.to_pylist()), dtype=float, count=len(chosen))
    return simple


def _empty() -> ValueParseError:
    return ValueParseError("empty_value")


def _out_of_range(text: str) -> ValueParseError:
    shown = text.strip()[:40]
    return ValueParseError("out_of_range", shown=shown)


def _not_a_number(text: str) -> ValueParseError:
    shown = text.strip()[:40]
    return ValueParseError("not_a_number", shown=shown)
