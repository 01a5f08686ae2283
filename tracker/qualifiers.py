"""Qualifiers: what a figure means beside its number, as statisticians write it ("2400余家", "近千亿元",
"预计超过1.4万亿元").

A figure has one qualifier — ``exact``, ``at_least`` (余 逾 超 超过 突破 以上 多: the true value is at least the number)
or ``about`` (近 约 左右 级) — and flags: ``estimate`` (预计, 初步), ``revised`` (修订), ``break`` (口径调整: a new
basis from this period on), besides ``proxy`` and ``year_to_date`` which come from the figure's note or period. The
number itself is read by tracker.values.parse_value; this module only takes the words off around it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tracker.values import MAGNITUDES, ValueParseError, normalise, parse_value

QUALIFIERS = ("exact", "at_least", "about")
FLAGS = ("estimate", "revised", "break", "proxy", "year_to_date")

# The words, longest first within each group so that 超过 is taken before 超.
QUALIFIER_WORDS = {
    "at_least": ("超过", "突破", "以上", "余", "逾", "超", "多"),
    "about": ("左右", "近", "约", "级"),
}
FLAG_WORDS = {
    "estimate": ("预计", "初步"),
    "revised": ("修订",),
    "break": ("口径调整",),
}
# Words that only frame the number ("达到2400余家", "为9675.1亿元", "（口径调整）"): dropped, meaning nothing.
_FILLERS = ("达到", "实现", "核算", "为", "达", "共", "(", ")")  # after NFKC: （） are ()
_MAGNITUDE_START = re.compile("^(?:" + "|".join(sorted((m for m in MAGNITUDES if m), key=len, reverse=True)) + ")")


@dataclass(frozen=True)
class Qualified:
    """A value cell read: the number in the indicator's unit, its qualifier and its flags (in FLAGS order)."""

    value: float
    qualifier: str = "exact"
    flags: tuple[str, ...] = ()


def split_words(text: str) -> tuple[str, str, tuple[str, ...]]:
    """``text`` without its qualifier and flag words: (the number as written, qualifier, flags).

    Raises ValueParseError ``mixed_qualifiers`` when a cell says both "at least" and "about" ("约超过100")."""
    rest = normalise(text)
    found: set[str] = set()
    flags: set[str] = set()
    for flag, words in FLAG_WORDS.items():
        for word in words:
            if word in rest:
                flags.add(flag)
                rest = rest.replace(word, "")
    for qualifier, words in QUALIFIER_WORDS.items():
        for word in words:
            if word in rest:
                found.add(qualifier)
                rest = rest.replace(word, "")
    for word in _FILLERS:
        rest = rest.replace(word, "")
    if len(found) > 1:
        raise ValueParseError("mixed_qualifiers", "mixed_qualifiers", shown=str(text).strip()[:40])
    # "近千亿元", "超百亿元": a magnitude without digits is one of it
    if _MAGNITUDE_START.match(rest):
        rest = "1" + rest
    return rest, (found.pop() if found else "exact"), tuple(f for f in FLAGS if f in flags)


def parse_qualified(value: object, unit: str, default_unit: str = "") -> Qualified:
    """A value cell as a Qualified: "2400余家" in 家 -> 2400 at_least; "近千亿元" in 亿元 -> 1000 about;
    "预计超过1.4万亿元" in 亿元 -> 14000 at_least with the flag estimate. Full-width digits and units are read as
    their ASCII forms. Numbers (from Excel) are exact. Raises ValueParseError as tracker.values.parse_value does."""
    if not isinstance(value, str):
        return Qualified(parse_value(value, unit, default_unit))
    number, qualifier, flags = split_words(value)
    if not number:
        raise ValueParseError("not_a_number", shown=value.strip()[:40])
    return Qualified(parse_value(number, unit, default_unit), qualifier, flags)


def qualifier_of(value: object, strict: bool = True) -> str:
    """A stored qualifier as one of QUALIFIERS: missing or empty is ``exact``; any other word is a ValueError, or
    ``exact`` when not ``strict`` (a status is still computed from a store an older or newer version wrote)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return "exact"
    text = str(value).strip()
    if text not in QUALIFIERS:
        if not strict:
            return "exact"
        raise ValueError(f"unknown qualifier {text!r}; use one of {', '.join(QUALIFIERS)}")
    return text


def flags_of(value: object, strict: bool = True) -> list[str]:
    """Stored flags as a list in FLAGS order: a set, list or tuple of flags, or a text separated by commas (、，;
    and spaces too); missing is []. ValueError for a word that is not a flag, or it is left out when not
    ``strict``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    items = value if isinstance(value, set | frozenset | list | tuple) else re.split(r"[,，、;；\s]+", str(value))
    given = {str(item).strip() for item in items} - {""}
    unknown = sorted(given - set(FLAGS))
    if unknown and strict:
        raise ValueError(f"unknown flag {unknown[0]!r}; use {', '.join(FLAGS)}")
    return [f for f in FLAGS if f in given]


def is_approximate(qualifier: str, flags: list[str] | tuple[str, ...]) -> bool:
    """True when a status read from this figure can only be approximate: an ``about`` figure or an estimate."""
    return qualifier == "about" or "estimate" in flags
