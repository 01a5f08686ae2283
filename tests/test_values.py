"""Value cells as people write them, read into the indicator's unit."""

import math

import pandas as pd
import pytest

from tracker.plan import KNOWN_UNITS
from tracker.values import UNIT_SCALES, ValueParseError, is_blank, parse_value, parse_value_column


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1767.3", "亿元", 1767.3),
        ("1.2万亿", "亿元", 12000),
        ("5000亿", "亿元", 5000),
        ("5000亿元", "亿元", 5000),
        ("50万元", "亿元", 0.005),
        ("3.5亿", "亿元", 3.5),
        ("5000万", "亿元", 0.5),
        ("1,234,567.89万元", "亿元", 123.456789),
        ("１，２３４．５", "亿元", 1234.5),
        (" 1767.3 亿元 ", "亿元", 1767.3),
        ("1.2亿元", "万元", 12000),
        ("3,200家", "家", 3200),
        ("3200", "家", 3200),
        ("1.6万户", "户", 16000),
        ("1.6万", "家", 16000),
        ("3,200户", "家", 3200),  # firms are counted in 家 and 户 alike
        ("３，２００家", "家", 3200),
        ("1.5千只", "只", 1500),
        ("35万人", "万人", 35),
        ("3500人", "万人", 0.35),
        ("1.2万人", "人", 12000),
        ("8%", "%", 8),
        ("8.1", "%", 8.1),
        ("８．１％", "%", 8.1),
        ("-0.5%", "%", -0.5),
        ("−3", "%", -3),  # a typographic minus
        ("1e3", "元", 1000),
        ("0e-400", "元", 0),  # zero written with an exponent is zero, not an underflow
        ("1,767.3", "亿元", 1767.3),
        ("12,345,678", "元", 12345678),
        ("１２，３４５，６７８", "元", 12345678),  # full-width digits and comma
        ("1，767.3亿元", "亿元", 1767.3),  # a Chinese comma between thousands
        ("1,234万", "亿元", 0.1234),
        (1767.3, "亿元", 1767.3),  # Excel numeric cells
        (3200, "家", 3200),
    ],
)
def test_values_convert_to_the_indicator_unit(text, unit, expected):
    assert parse_value(text, unit) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "unit", "code", "words"),
    [
        ("3200家", "亿元", "wrong_unit", ["家", "亿元"]),
        ("5%", "家", "wrong_unit", ["%", "家"]),
        ("35万人", "亿元", "wrong_unit", ["人", "亿元"]),
        ("1.2亿元", "%", "wrong_unit", ["元", "%"]),
        ("5万%", "%", "wrong_unit", ["万"]),
        ("abc", "家", "not_a_number", ["abc"]),
        ("1200余家", "家", "not_a_number", ["1200余家"]),
        ("1.2.3", "亿元", "not_a_number", ["1.2.3"]),
        ("1e999999999", "亿元", "out_of_range", ["1e999999999"]),  # a Decimal overflow, not a crash
        ("1e400", "亿元", "out_of_range", ["1e400"]),  # beyond a float
        ("1e-400", "亿元", "out_of_range", ["1e-400"]),  # would be stored as 0
        ("-1e-400", "元", "out_of_range", ["-1e-400"]),
        ("约一千七", "亿元", "not_a_number", ["约一千七"]),
        (True, "家", "not_a_number", ["True"]),
        (float("inf"), "家", "not_a_number", []),
        ("", "家", "empty_value", []),
        (float("nan"), "亿元", "empty_value", []),
    ],
)
def test_values_that_cannot_be_read_say_why_in_both_languages(text, unit, code, words):
    with pytest.raises(ValueParseError) as caught:
        parse_value(text, unit)
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)
    for word in words:
        assert word in caught.value.message_zh and word in caught.value.message_en


@pytest.mark.parametrize(
    ("text", "unit", "header_unit", "expected"),
    [
        ("5000", "亿元", "万元", 0.5),  # header "数值（万元）"
        ("5000", "亿元", "亿元", 5000),
        ("3.5亿", "亿元", "万元", 3.5),  # a unit in the cell beats the header's
        ("8.1", "%", "%", 8.1),
    ],
)
def test_a_unit_in_the_header_applies_to_bare_numbers(text, unit, header_unit, expected):
    assert parse_value(text, unit, default_unit=header_unit) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "  ", "-", "—", "——", "/", "N/A", "无", "暂无", None])
def test_placeholders_for_no_figure_are_blank(text):
    assert is_blank(text)


@pytest.mark.parametrize("text", ["0", "-5", "1767.3", "abc"])
def test_numbers_and_words_are_not_blank(text):
    assert not is_blank(text)


def test_every_known_unit_can_be_read():
    assert set(KNOWN_UNITS) <= set(UNIT_SCALES)
    for unit in KNOWN_UNITS:
        assert parse_value("12", unit) == 12


def test_the_column_parser_agrees_with_the_single_parser():
    texts = pd.Series(["1767.3", "1.2万亿", "3,200家", "abc", "8.1%", "1767.3"])
    units = pd.Series(["亿元", "亿元", "家", "家", "%", "亿元"])
    values, errors = parse_value_column(texts, units)
    assert list(values[[0, 1, 2, 4, 5]]) == [1767.3, 12000, 3200, 8.1, 1767.3]
    assert math.isnan(values[3]) and errors[3].code == "not_a_number"
    assert errors.drop(3).isna().all()


def test_the_column_reads_every_cell_as_parse_value_does():
    """The Arrow path for common cells and parse_value for the rest agree with parse_value cell by cell."""
    import random

    rng = random.Random(5)
    tokens = [
        "0",
        "1",
        "5",
        "9",
        "123",
        ",",
        ".",
        "-",
        "+",
        "万",
        "亿",
        "万亿",
        "千",
        "元",
        "家",
        "%",
        "人",
        "只",
        " ",
        "３",
        "，",
        "−",
        "a",
        "1234567890123456789012345678",
    ]
    for default_unit in ("", "万元", "亿", "%", "家"):
        texts = ["".join(rng.choice(tokens) for _ in range(rng.randint(0, 6))) for _ in range(1_000)]
        units = [rng.choice(list(UNIT_SCALES)) for _ in texts]
        values, errors = parse_value_column(pd.Series(texts), pd.Series(units), default_unit)
        for text, unit, value, error in zip(texts, units, values, errors, strict=True):
            try:
                expected = parse_value(text, unit, default_unit)
            except ValueParseError as err:
                assert error is not None and (error.code, error.message_en) == (err.code, err.message_en)
                assert math.isnan(value)
                continue
            assert error is None and value == expected and math.copysign(1, value) == math.copysign(1, expected)


def test_the_column_reads_numbers_exactly_as_parse_value_does():
    import random

    rng = random.Random(3)
    texts = [
        "0.1",
        "1,767.3",
        "+.5",
        "-0",
        "123.",
        "9" * 28,
        "0." + "0" * 27 + "1",
        "1.7976931348623157",
        "3,200家",
        "1.2万亿",
        "8.10%",
        "0.0000001万亿",
    ]
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 28)))
        cut = rng.randint(0, len(digits))
        texts.append(
            rng.choice(["", "-", "+"])
            + digits[:cut]
            + rng.choice([".", ""])
            + digits[cut:]
            + rng.choice(["", "万", "亿", "万亿", "千", "十", "元", "万元"])
        )
    units = [rng.choice(["亿元", "万元", "元"]) if not t.endswith("%") else "%" for t in texts]
    parsed, errors = parse_value_column(pd.Series(texts, dtype=str), pd.Series(units, dtype=str))
    for text, unit, number, error in zip(texts, units, parsed, errors, strict=True):
        if error is None:
            expected = parse_value(text, unit)
            assert number == expected and math.copysign(1, number) == math.copysign(1, expected), text


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("1767,3", "write 1767.3"),  # a decimal comma: refused, not read as 17673
        ("1.767,3", "write 1767.3"),  # European thousands dots and decimal comma: not 1.7673
        ("0,5", "write 0.5"),  # not 5
        ("1767，3", "write 1767.3"),  # the Chinese comma after NFKC
        ("1,2,3", "groups of three"),  # not 123
        ("12,34,567", "groups of three"),
        ("1,767.3,5", "groups of three"),
        ("1,7673", "write 1.7673"),
        (",767", "groups of three"),
        ("1,767,", "groups of three"),
    ],
)
def test_a_comma_that_does_not_separate_thousands_is_refused(text, meant):
    with pytest.raises(ValueParseError) as caught:
        parse_value(text, "亿元")
    assert caught.value.code == "bad_separator"
    assert f"{text!r}: a comma inside a number must separate thousands" in caught.value.message_en
    assert meant in caught.value.message_en and f"“{text}”" in caught.value.message_zh
    assert "千位" in caught.value.message_zh
    values, errors = parse_value_column(pd.Series([text, "1,767.3"]), pd.Series(["亿元", "亿元"]))
    assert math.isnan(values[0]) and errors[0].code == "bad_separator" and values[1] == 1767.3
