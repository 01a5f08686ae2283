"""Large, valid upload files for benchmarks: many indicators × many periods, written as a Chinese office would.

Time ``check_upload`` + ``preview`` on 100,000 rows from the repository root: ``python -m benchmarks.upload_rows [N]``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import time

import pandas as pd

UNITS = ("亿元", "家", "%", "户", "万元")
# How a value is written for each unit, so the benchmark exercises the slow paths too (units, magnitudes, commas).
_WRITTEN = {
    "亿元": lambda v, i: f"{v:,.1f}" if i % 3 else f"{v / 10000:.4f}万亿",
    "家": lambda v, i: f"{int(v):,}家" if i % 2 else str(int(v)),
    "%": lambda v, i: f"{v % 100:.2f}%",
    "户": lambda v, i: f"{v / 10000:.2f}万户" if i % 4 == 0 else str(int(v)),
    "万元": lambda v, i: f"{v:.1f}",
}


def synthetic_indicators(count: int) -> pd.DataFrame:
    """An indicators table (id, name_zh, name_en, unit, measure, formula) of ``count`` synthetic indicators."""
    ids = [f"metric_{i:05d}" for i in range(count)]
    return pd.DataFrame(
        {
            "id": ids,
            "name_zh": [f"指标{i:05d}" for i in range(count)],
            "name_en": [f"Metric {i:05d}" for i in range(count)],
            "unit": [UNITS[i % len(UNITS)] for i in range(count)],
            "measure": ["flow"] * count,
            "formula": [""] * count,
        }
    ).set_index("id", drop=False)


def _periods(count: int) -> list[str]:
    """``count`` distinct past periods, in the mix people write them: years, 2023年1-9月, 2023Q3, 2023-09."""
    periods = []
    for year in range(2023, 1900, -1):
        periods.append(f"{year}年" if year % 2 else str(year))
        for month in range(12, 0, -1):
            periods.append(f"{year}年1-{month}月" if month % 2 else f"{year}-{month:02d}")
        if len(periods) >= count:
            return periods[:count]
    return periods


def make_upload_csv(n_rows: int, indicator_ids: list[str], units: dict[str, str] | None = None) -> bytes:
    """A valid CSV of ``n_rows`` figures (GBK, Chinese headers, a title row), every (indicator, period) distinct.

    ``units`` maps an id to its unit (default: the unit ``synthetic_indicators`` gives the id's position), so each
    value is written in a form that fits it.
    """
    per_indicator = -(-n_rows // len(indicator_ids))
    periods = _periods(per_indicator)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["济南高新区主要指标数据", "", "", "", ""])
    writer.writerow(["指标编号", "时期", "数值", "备注", "来源"])
    n = 0
    for position, ident in enumerate(indicator_ids):
        unit = (units or {}).get(ident, UNITS[position % len(UNITS)])
        for j, period in enumerate(periods):
            if n == n_rows:
                break
            value = 1000 + (position * 37 + j * 11) % 5000 + j * 0.1
            writer.writerow([ident, period, _WRITTEN[unit](value, n), "初步核算" if n % 5 == 0 else "", "市统计局"])
            n += 1
    return out.getvalue().encode("gbk")


def current_figures(n_rows: int, indicator_ids: list[str]) -> pd.DataFrame:
    """Stored figures for the benchmark's preview: every other indicator already has figures for its periods."""
    periods = _periods(-(-n_rows // len(indicator_ids)))
    from tracker.periods import canonical

    labels = [canonical(p) for p in periods]
    frame = pd.DataFrame(
        [(ident, label, 1000.0 + k) for i, ident in enumerate(indicator_ids[::2]) for k, label in enumerate(labels)],
        columns=["indicator_id", "period", "value"],
    )
    return frame.assign(note="", source="市统计局")


def main(n_rows: int = 100_000) -> None:
    from tracker.preview import preview
    from tracker.upload import check_upload

    indicators = synthetic_indicators(2_000)
    ids = list(indicators["id"])
    data = make_upload_csv(n_rows, ids)
    current = current_figures(n_rows, ids)
    start = time.perf_counter()
    check = check_upload("bench.csv", data, indicators, dt.date(2025, 1, 1))
    checked = time.perf_counter()
    shown = preview(check.rows, current)
    done = time.perf_counter()
    print(
        f"{n_rows} rows, {len(data) / 1e6:.1f} MB: check_upload {checked - start:.2f} s, "
        f"preview {done - checked:.2f} s, total {done - start:.2f} s; {len(check.problems)} problems, "
        f"{shown['status'].value_counts().to_dict()}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
