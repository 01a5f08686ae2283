"""Qualifiers (tracker.qualifiers): value cells as statisticians write them, read as value, qualifier and flags."""

import math

import pytest

from tracker.qualifiers import Qualified, flags_of, is_approximate, parse_qualified, qualifier_of
from tracker.values import ValueParseError


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        # at_least: 余 逾 超 超过 突破 以上 多
        ("2400余家", "家", Qualified(2400, "at_least")),
        ("２４００余家", "家", Qualified(2400, "at_least")),  # full-width digits
        ("逾千家", "家", Qualified(1000, "at_least")),  # a magnitude without digits is one of it
        ("超百亿元", "亿元", Qualified(100, "at_least")),
        ("超过400家", "家", Qualified(400, "at_least")),
        ("突破150亿元", "亿元", Qualified(150, "at_least")),
        ("4000家以上", "家", Qualified(4000, "at_least")),
        ("260多家", "家", Qualified(260, "at_least")),
        ("260多个", "个", Qualified(260, "at_least")),
        ("2,400余家", "家", Qualified(2400, "at_least")),  # thousands separators still read
        # about: 近 约 左右 级
        ("近千亿元", "亿元", Qualified(1000, "about")),
        ("约1767亿元", "亿元", Qualified(1767, "about")),
        ("8%左右", "%", Qualified(8, "about")),
        ("８．１％左右", "%", Qualified(8.1, "about")),  # full-width digits, point and percent sign
        ("5000亿级", "亿元", Qualified(5000, "about")),
        ("近5000万元", "亿元", Qualified(0.5, "about")),  # converted into the indicator's unit
        # flags: estimate (预计, 初步), revised (修订), break (口径调整)
        ("预计超过1.4万亿元", "亿元", Qualified(14000, "at_least", ("estimate",))),
        ("预计超过１．４万亿元", "亿元", Qualified(14000, "at_least", ("estimate",))),
        ("初步核算1767.3亿元", "亿元", Qualified(1767.3, "exact", ("estimate",))),
        ("修订1700亿元", "亿元", Qualified(1700, "exact", ("revised",))),
        ("2053.5亿元（口径调整）", "亿元", Qualified(2053.5, "exact", ("break",))),
        ("预计约2100亿元（修订）", "亿元", Qualified(2100, "about", ("estimate", "revised"))),
        ("达到2400余家", "家", Qualified(2400, "at_least")),  # a framing verb means nothing
        # exact
        ("1767.3", "亿元", Qualified(1767.3)),
        ("1.2万亿", "亿元", Qualified(12000)),
        (1767.3, "亿元", Qualified(1767.3)),  # an Excel number
    ],
)
def test_parse_qualified(cell, unit, expected):
    got = parse_qualified(cell, unit)
    assert (got.value, got.qualifier, got.flags) == (pytest.approx(expected.value), expected.qualifier, expected.flags)


def test_parse_qualified_takes_the_header_unit_for_a_bare_number():
    assert parse_qualified("1.4余", "亿元", default_unit="万亿元") == Qualified(14000, "at_least")


@pytest.mark.parametrize(
    ("cell", "unit", "code"),
    [
        ("约超过100亿元", "亿元", "mixed_qualifiers"),  # a lower bound and an about at once
        ("余家", "家", "not_a_number"),
        ("预计", "亿元", "not_a_number"),
        ("2400余人", "家", "wrong_unit"),  # tracker.values' checks still apply
        ("1767,3亿元", "亿元", "bad_separator"),
    ],
)
def test_parse_qualified_refuses(cell, unit, code):
    with pytest.raises(ValueParseError) as err:
        parse_qualified(cell, unit)
    assert err.value.code == code
    assert err.value.message("zh") and err.value.message("en")


def test_mixed_qualifiers_message_quotes_the_cell_in_both_languages():
    with pytest.raises(ValueParseError) as err:
        parse_qualified("约超过100亿元", "亿元")
    assert "约超过100亿元" in err.value.message("zh") and "约超过100亿元" in err.value.message("en")


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (None, "exact"),
        (math.nan, "exact"),
        ("", "exact"),
        ("exact", "exact"),
        ("at_least", "at_least"),
        ("about", "about"),
    ],
)
def test_qualifier_of(stored, expected):
    assert qualifier_of(stored) == expected


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (None, []),
        (math.nan, []),
        ("", []),
        ("break", ["break"]),
        ("revised,estimate", ["estimate", "revised"]),  # in FLAGS order
        ("estimate， proxy", ["estimate", "proxy"]),
        ({"year_to_date", "proxy"}, ["proxy", "year_to_date"]),
        (["break", "break"], ["break"]),
        (("estimate",), ["estimate"]),
    ],
)
def test_flags_of(stored, expected):
    assert flags_of(stored) == expected


@pytest.mark.parametrize(("function", "stored"), [(qualifier_of, "more_than"), (flags_of, "estimate,guess")])
def test_unknown_words_are_refused(function, stored):
    with pytest.raises(ValueError):
        function(stored)


@pytest.mark.parametrize(
    ("qualifier", "flags", "expected"),
    [("exact", [], False), ("at_least", [], False), ("about", [], True), ("exact", ["estimate"], True)],
)
def test_is_approximate(qualifier, flags, expected):
    assert is_approximate(qualifier, flags) is expected


@pytest.mark.parametrize(
    ("value", "qualifier", "flags", "unit", "lang", "expected"),
    [
        (2400, "at_least", "", "家", "zh", "≥2,400 家"),
        (1000, "about", [], "亿元", "zh", "≈1,000 亿元"),
        (14000, "at_least", "estimate", "亿元", "zh", "预计 ≥14,000 亿元"),
        (14000, "at_least", {"estimate"}, "亿元", "en", "est. ≥14,000 (100 million yuan)"),
        (1767.3, "exact", None, "亿元", "en", "1,767.3 (100 million yuan)"),
        (1767.3, None, "break", "亿元", "zh", "1,767.3 亿元"),  # a missing qualifier is exact; break is not shown here
        (8, "about", "", "%", "en", "≈8%"),
        (float("nan"), "about", "", "亿元", "zh", "—"),
    ],
)
def test_qualified_value(value, qualifier, flags, unit, lang, expected):
    from tracker.formatting import qualified_value

    assert qualified_value(value, qualifier, flags, unit, lang) == expected


@pytest.mark.parametrize(
    ("function", "stored", "expected"),
    [(qualifier_of, "more_than", "exact"), (flags_of, "estimate,guess", ["estimate"]), (flags_of, "guess", [])],
)
def test_lenient_reading_keeps_what_it_knows(function, stored, expected):
    assert function(stored, strict=False) == expected
