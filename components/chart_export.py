"""Charts as files, without Streamlit: the overview's chart specs rebuilt from a snapshot, and PNG/SVG through
vl-convert (offline). The HTML report and the download buttons both use these.

PNG text is drawn on the server, so Chinese labels need a CJK font there (``apt-get install -y fonts-noto-cjk``);
SVG keeps text as text and uses the reader's fonts.
"""

from __future__ import annotations

import functools
import glob
import json
import math
import re
import shutil
import subprocess

import pandas as pd

from components.charts import doubling_chart, industry_chart
from tracker.i18n import BOUNDS, fmt_number, t

INDUSTRY_PREFIX = "industry_"
FONT_GLOBS = ("/usr/share/fonts/**/*CJK*", "/usr/local/share/fonts/**/*CJK*", "/usr/share/fonts/**/wqy*")
# CJK ideographs and punctuation, Hangul, full-width forms: text that needs a CJK font to draw.
CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
PNG_SCALE = 2  # crisp on high-density screens and in print
FILE_WIDTH = 640  # px: fits an A4 page at print scale
# Sans-serif faces that draw Chinese on Linux, macOS and Windows, then the generic family.
FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def doubling_spec(snapshot, lang: str, growth_percent: float | None = None) -> dict | None:
    """The doubling path chart as a Vega-Lite spec (with a scenario line at ``growth_percent`` when given);
    None when the plan has no doubling target or its baseline has no figure."""
    rate = None if growth_percent is None else growth_percent / 100
    dbl = snapshot.doubling_at(rate)
    if dbl is None:
        return None
    unit = snapshot.plan.indicators.at[dbl.indicator_id, "unit"]
    chart = doubling_chart(
        dbl.frame,
        dbl.horizons,
        dbl.baseline_year,
        unit,
        lang,
        actual_rate=dbl.actual_rate,
        scenario_rate=dbl.scenario_rate,
        target=dbl.target_value,
    )
    return chart.to_dict()


def industry_rows(snapshot, lang: str) -> pd.DataFrame:
    """One row per industry and target value, as components.industries draws them: name (with PROXY), latest value
    and period, target and its label (milestones with the same value share one, labelled with both years), unit.
    Value is None when there is no figure. (A copy without Streamlit, kept equal by tests/test_report.py.)"""
    status = snapshot.status[snapshot.status["indicator_id"].str.startswith(INDUSTRY_PREFIX)]
    figures = snapshot.figures
    rows = []
    for (ind_id, target), group in status.groupby(["indicator_id", "target_value"], sort=False, dropna=False):
        row = group.iloc[0]
        ind = snapshot.plan.indicators.loc[ind_id]
        name = ind["name_zh"] if lang == "zh" else ind["name_en"]
        latest = figures[(figures["indicator_id"] == ind_id) & (figures["period"] == row["latest_period"])]
        if len(latest) and "PROXY" in str(latest.iloc[-1].get("note", "")):
            name += f" [{t('proxy', lang)}]"
        missing = _missing(row["latest_value"])
        bound = BOUNDS.get(row["bound"], {}).get(lang, "")
        rows.append(
            {
                "name": name,
                "value": None if missing else float(row["latest_value"]),
                "period": "" if missing else str(row["latest_period"]),
                "target": target,
                "unit": ind["unit"],
                "target_label": f"{bound}{fmt_number(target)} ({', '.join(group['target_period'])})",
                "value_text": t("no_figure", lang)
                if missing
                else f"{fmt_number(row['latest_value'])} ({row['latest_period']})",
            }
        )
    return pd.DataFrame(rows)


def industry_spec(snapshot, lang: str) -> dict | None:
    """The industry scale chart as a Vega-Lite spec; None when the plan has no industry indicator."""
    rows = industry_rows(snapshot, lang)
    return None if rows.empty else industry_chart(rows, lang).to_dict()


def file_spec(spec: dict) -> dict:
    """``spec`` sized for a file (a page's charts stretch to the container, which a file does not have) and set in
    a sans-serif font that draws Chinese where one exists."""
    out = dict(spec)
    if out.get("width") in (None, "container"):
        out["width"] = FILE_WIDTH
    config = dict(out.get("config") or {})
    config.setdefault("font", FONT_FAMILY)
    out["config"] = config
    return out


def chart_svg(spec: dict) -> str:
    """The chart as an SVG document (text stays text: the reader's fonts show the Chinese)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(file_spec(spec))


@functools.lru_cache(maxsize=1)
def cjk_font_available() -> bool:
    """Whether the server has a font that draws Chinese (asked of fontconfig, else looked for on disk)."""
    if shutil.which("fc-list"):
        try:
            listed = subprocess.run(
                ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10, check=False
            )
            if listed.stdout.strip():
                return True
        except (OSError, subprocess.SubprocessError):
            pass
    return any(glob.glob(pattern, recursive=True) for pattern in FONT_GLOBS)


def has_cjk(spec: dict) -> bool:
    """Whether any text in the spec (titles, labels, data) is Chinese, Japanese or Korean."""
    return bool(CJK.search(json.dumps(spec, ensure_ascii=False)))


def chart_png(spec: dict) -> bytes | None:
    """The chart as a PNG at twice its size; None when it has Chinese text and no CJK font is installed (the text
    would come out as boxes: offer the SVG instead, and install ``fonts-noto-cjk`` on the server)."""
    if has_cjk(spec) and not cjk_font_available():
        return None
    import vl_convert

    return vl_convert.vegalite_to_png(file_spec(spec), scale=PNG_SCALE)
