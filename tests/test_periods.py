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
