"""Series breaks and real growth: where an indicator's levels stop being comparable, and the official growth rates
chained into a real-terms index.

A figure flagged ``break`` starts a new basis from its period on (a census re-basing, a change of scope): levels on
either side are not comparable, so rates are read within one segment, never across the break. A figure flagged
``revised`` before a break is on the new basis (a revised back series): it joins the segment that break starts, which
then begins at the earliest revised period. Real growth rates (at constant prices) are comparable across a break, and
are never chained into a nominal level series: they make a real-terms index of their own (``real_index``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from tracker.periods import is_annual, period_year
from tracker.qualifiers import flags_of


@dataclass(frozen=True)
class Segment:
    """Figures on one basis, oldest first (plain records with at least period and year). ``break_period`` is the
    period of the figure flagged break that starts it; None for the first segment."""

    records: tuple[Mapping, ...]
    break_period: str | None = None

    @property
    def start_period(self) -> str | None:
        """The earliest period on this basis (a revised back series starts before the break)."""
        return str(self.records[0]["period"]) if self.records else None

    @property
    def years(self) -> set[int]:
        return {int(r["year"]) for r in self.records}


@dataclass(frozen=True)
class Basis:
    """The segment a status is read from. ``break_period`` is set when it is the segment before a break (the newer
    figures are not yet enough): "on the pre-<year> basis"; ``post_break`` is then the latest figure on the new basis,
    shown beside it."""

    records: tuple[Mapping, ...]
    break_period: str | None = None
    post_break: Mapping | None = None


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str | list | tuple) and not value)


def segments(records: Sequence[Mapping]) -> list[Segment]:
    """``records`` (oldest first, each with period, year and optional flags) split at every figure flagged break.

    A break on the very first figure splits nothing. A figure flagged revised that comes before a break joins the
    segment that break starts (the first break after it): it is on the new basis."""
    # An empty value (None, "", []) has no flags: most figures, so no parse each (a million per status of a big store)
    flags = [[] if _empty(f) else flags_of(f, strict=False) for f in (r.get("flags") for r in records)]
    breaks = [i for i in range(1, len(records)) if "break" in flags[i]]
    if not breaks:
        return [Segment(tuple(records))]
    starts = [0, *breaks]
    groups: list[list[Mapping]] = [[] for _ in starts]
    for i, record in enumerate(records):
        group = sum(1 for b in breaks if b <= i)
        if "revised" in flags[i] and "break" not in flags[i]:
            later = [b for b in breaks if b > i]
            if later:
                group = starts.index(later[0])
        groups[group].append(record)
    out = []
    for start, group in zip(starts, groups, strict=True):
        if group:
            out.append(Segment(tuple(group), str(records[start]["period"]) if start else None))
    return out


def choose_basis(records: Sequence[Mapping], comparable: Callable[[Segment], bool] | None = None) -> Basis:
    """The figures a status is read from: the latest segment when it has two or more figures and ``comparable``
    (e.g. it holds the baseline a multiple target needs) says yes; otherwise the segment before the last break,
    labelled with that break's period, and the latest figure after the break beside it."""
    parts = segments(records)
    last = parts[-1] if parts else Segment(())
    if len(parts) < 2 or (len(last.records) >= 2 and (comparable is None or comparable(last))):
        return Basis(last.records)
    return Basis(parts[-2].records, last.break_period, last.records[-1])


def basis_by_year(records: Sequence[Mapping]) -> dict[int, int]:
    """Each year's segment number (0 for the first basis) for ``records`` (see segments)."""
    return {int(r["year"]): n for n, part in enumerate(segments(records)) for r in part.records}


def real_index(growth: pd.Series | Mapping[str, float], base_period: str, base_value: float = 1.0) -> pd.Series:
    """The official real growth rates chained from ``base_period``: ``base_value`` at its year, then
    × (1 + growth) for each following year, indexed by year (int).

    ``growth`` maps periods to year-on-year real growth as fractions (0.073 for +7.3%); only annual periods count (a
    Jan–Sep rate is not a year's). The chain stops at the first year without an annual rate: a gap cannot be
    bridged. Earlier years are not deflated back. A level in the base year's prices, never a nominal one."""
    items = growth.items() if isinstance(growth, pd.Series | Mapping) else growth
    annual = {
        period_year(str(p)): float(g)
        for p, g in items
        if is_annual(str(p)) and g is not None and not (isinstance(g, float) and math.isnan(g))
    }
    base_year = period_year(str(base_period))
    values = {base_year: float(base_value)}
    year = base_year + 1
    while year in annual:
        values[year] = values[year - 1] * (1 + annual[year])
        year += 1
    return pd.Series(values, dtype=float, name="real_index")


def chained_rate(index: pd.Series) -> float | None:
    """The compound real rate per year over ``index`` (see real_index): None with fewer than two years."""
    if len(index) < 2:
        return None
    years = int(index.index.max()) - int(index.index.min())
    return float((index.iloc[-1] / index.iloc[0]) ** (1 / years) - 1)
