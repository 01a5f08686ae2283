"""Periods as statistics offices write them, read into canonical labels; dates must be real days."""

import pytest

from tracker.periods import PeriodError, canonical


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2023-09-30", "2023-09"),
        ("2024-02-29", "2024-02"),  # a leap day
        ("2023/4/30", "2023-04"),
        ("2023年9月30日", "2023-09"),
        ("2023-12-31T00:00", "2023-12"),
    ],
)
def test_a_real_date_is_the_month_it_falls_in(text, label):
    assert canonical(text) == label


@pytest.mark.parametrize("text", ["2023-02-30", "2023-02-29", "2023/4/31", "2023年6月31日", "2023-09-00", "2023-01-32"])
def test_a_day_that_does_not_exist_is_not_a_date(text):
    with pytest.raises(PeriodError, match="not a date"):
        canonical(text)


@pytest.mark.parametrize(
    ("label", "zh", "en"),
    [
        ("2023", "2023年", "2023"),
        ("2023Q3", "2023年第3季度", "2023 Q3"),
        ("2023-09", "2023年9月", "Sep 2023"),
        ("2024-01", "2024年1月", "Jan 2024"),
    ],
)
def test_describe_says_a_period_as_readers_do(label, zh, en):
    from tracker.periods import describe

    assert (describe(label, "zh"), describe(label, "en")) == (zh, en)


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("2023-02-30", "2023-02 没有 30 日", "2023-02 has no day 30"),
        ("someday", "无法识别时期“someday”：请写年份", "cannot read the period 'someday': write a year"),
        ("", "没有填写时期", "empty period"),
    ],
)
def test_a_period_error_says_what_to_do_in_both_languages(text, zh, en):
    with pytest.raises(PeriodError) as caught:
        canonical(text)
    assert zh in caught.value.message("zh") and en in caught.value.message("en") and en in str(caught.value)
