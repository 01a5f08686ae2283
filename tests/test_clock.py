"""tracker.clock: today in Beijing time, or TRACKER_TODAY; a bad TRACKER_TODAY is a clear error in both languages;
the core takes its date from it (a scan of the source)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tracker import clock

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-01", dt.date(2026, 12, 1)),
        (" 2024-02-29 ", dt.date(2024, 2, 29)),  # a leap day; spaces around are dropped
        ("2030-01-01", dt.date(2030, 1, 1)),
    ],
)
def test_tracker_today_names_the_date(value, expected):
    assert clock.today({"TRACKER_TODAY": value}) == expected
    moment = clock.now({"TRACKER_TODAY": value})
    assert moment.date() == expected and moment.utcoffset() == dt.timedelta(hours=8)


@pytest.mark.parametrize("value", ["2026-02-30", "2025-02-29", "26-12-01", "2026/12/01", "2026-1-1", "today", "１２"])
def test_a_bad_tracker_today_is_a_clear_error(value):
    with pytest.raises(clock.ClockError) as caught:
        clock.today({"TRACKER_TODAY": value})
    assert f"TRACKER_TODAY={value.strip()}" in caught.value.message("en")
    assert "YYYY-MM-DD" in caught.value.message("en") and "YYYY-MM-DD" in caught.value.message("zh")
    assert "北京时间" in caught.value.message("zh")
    with pytest.raises(clock.ClockError):
        clock.now({"TRACKER_TODAY": value})


@pytest.mark.parametrize("environ", [{}, {"TRACKER_TODAY": ""}, {"TRACKER_TODAY": "  "}])
def test_without_tracker_today_it_is_beijing_time(environ):
    before = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    got = clock.today(environ)
    after = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    assert before <= got <= after
    assert clock.now(environ).utcoffset() == dt.timedelta(hours=8)


def test_the_environment_is_read_by_default(monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "2027-03-15")
    assert clock.today() == dt.date(2027, 3, 15)
    monkeypatch.setenv("TRACKER_TODAY", "2027-3-15")
    with pytest.raises(clock.ClockError):
        clock.today()


@pytest.mark.parametrize(("lang", "words"), [("zh", "不是日期"), ("en", "is not a date")])
def test_the_cli_says_what_is_wrong_with_tracker_today(monkeypatch, db_url, tmp_path, capsys, lang, words):
    from tracker.cli import main

    upload = tmp_path / "update.csv"
    upload.write_text("indicator_id,period,value\ngdp,2024,1903.6\n", encoding="utf-8")
    monkeypatch.setenv("TRACKER_TODAY", "2026-13-01")
    assert main(["import", str(upload), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert "TRACKER_TODAY=2026-13-01" in err and "YYYY-MM-DD" in err and words in err


# Where the core, the CLI and the pages once asked the system for today's date themselves.
TODAY_CALLS = re.compile(r"date\.today\(\)|datetime\.now\(\)")


@pytest.mark.parametrize("path", ["tracker/cli.py", "tracker/report.py"])
def test_today_comes_from_the_clock(path):
    source = (ROOT / path).read_text(encoding="utf-8")
    assert not TODAY_CALLS.search(source), f"{path} takes today's date without tracker.clock"
    assert "clock.today()" in source
