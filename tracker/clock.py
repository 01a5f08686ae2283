"""One clock for the whole core: today's date and the time now in Beijing time (Asia/Shanghai), or the date named
by TRACKER_TODAY=YYYY-MM-DD (for tests and for checking what a page says on a given day)."""

from __future__ import annotations

import datetime as dt
import os
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.i18n import Text, Worded

ENV = "TRACKER_TODAY"
ZONE_NAME = "Asia/Shanghai"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def zone() -> dt.tzinfo:
    """Asia/Shanghai; UTC+8 where the system has no time-zone database (China keeps no summer time)."""
    try:
        return ZoneInfo(ZONE_NAME)
    except ZoneInfoNotFoundError:
        return dt.timezone(dt.timedelta(hours=8), "UTC+8")


class ClockError(Worded, ValueError):
    """TRACKER_TODAY is set to something that is not a date; ``message(lang)`` says what to write."""

    def __init__(self, value: str):
        self.text = Text("clock_bad_today", {"name": ENV, "value": value})
        super().__init__(self.message("en"))


def _fixed_date(environ: dict | None = None) -> dt.date | None:
    """The date TRACKER_TODAY names, None when it is unset or empty; ClockError when it is not YYYY-MM-DD."""
    raw = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not raw:
        return None
    if not _ISO_DATE.fullmatch(raw):
        raise ClockError(raw)
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:  # 2026-02-30
        raise ClockError(raw) from None


def today(environ: dict | None = None) -> dt.date:
    """Today's date in Beijing time, or TRACKER_TODAY's (``environ``: the environment to read, os.environ when None)."""
    fixed = _fixed_date(environ)
    return fixed if fixed is not None else dt.datetime.now(zone()).date()


def now(environ: dict | None = None) -> dt.datetime:
    """The time now in Beijing time (an aware datetime); with TRACKER_TODAY, midnight of that date in Beijing time."""
    fixed = _fixed_date(environ)
    if fixed is not None:
        return dt.datetime.combine(fixed, dt.time(0, 0), tzinfo=zone())
    return dt.datetime.now(zone())
