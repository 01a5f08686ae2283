"""Charts as files, without Streamlit: a spec of tracker.charts as PNG or SVG through vl-convert (offline). The
HTML report and the download buttons both use these.

PNG text is drawn on the server, so Chinese labels need a CJK font there (``apt-get install -y fonts-noto-cjk``);
SVG keeps text as text and uses the reader's fonts.
"""

from __future__ import annotations

import glob
import json
import logging
import re
import shutil
import subprocess

FONT_GLOBS = ("/usr/share/fonts/**/*CJK*", "/usr/local/share/fonts/**/*CJK*", "/usr/share/fonts/**/wqy*")
# CJK ideographs and punctuation, Hangul, full-width forms: text that needs a CJK font to draw.
CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
PNG_SCALE = 2  # crisp on high-density screens and in print
FILE_WIDTH = 640  # px: fits an A4 page at print scale
# vl-convert 2 forwards Vega-Lite's warnings and its renderer's (tiny-skia) to Python's logging.
CONVERTER_LOGGERS = ("vl_convert", "tiny_skia")
# Sans-serif faces that draw Chinese on Linux, macOS and Windows, then the generic family.
FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


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


def quiet_converter_logs() -> None:
    """Keep vl-convert's diagnostics out of a command's output and the server's log: Vega-Lite's 'Dropping "fit-y"
    because spec has discrete height' and the renderer's 'path dashing failed' (a one-point dashed line) say nothing
    about the chart a reader gets. Errors still show. For the entry points (the CLI, the dashboard), which own the
    process's logging."""
    for name in CONVERTER_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def warm_up() -> None:
    """Start vl-convert's JavaScript engine now (~0.2-0.4 s), so that the first conversion does not wait for it.
    vl-convert 2 does this without holding the GIL: on a thread, it overlaps a server's first script run."""
    import vl_convert

    vl_convert.warm_up_workers()


def chart_svg(spec: dict) -> str:
    """The chart as an SVG document (text stays text: the reader's fonts show the Chinese)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(file_spec(spec))


def cjk_font_available() -> bool:
    """Whether the server has a font that draws Chinese (asked of fontconfig, else looked for on disk). Not cached
    here: the UI keeps the answer per server (st.cache_resource)."""
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


def chart_png(spec: dict, cjk_font: bool | None = None) -> bytes | None:
    """The chart as a PNG at twice its size; None when it has Chinese text and no CJK font is installed (the text
    would come out as boxes: offer the SVG instead, and install ``fonts-noto-cjk`` on the server). ``cjk_font`` is
    cjk_font_available() when the caller already knows it."""
    if has_cjk(spec) and not (cjk_font_available() if cjk_font is None else cjk_font):
        return None
    import vl_convert

    return vl_convert.vegalite_to_png(file_spec(spec), scale=PNG_SCALE)
