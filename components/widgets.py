"""Small Streamlit pieces shared by the pages: escaping, status badges, figure and source lines, milestone rows."""

from __future__ import annotations

import re
import string

import pandas as pd
import streamlit as st

from tracker import present
from tracker.i18n import STATUS, t

# Every ASCII punctuation character: CommonMark lets a backslash escape any of them.
_MARKDOWN_SPECIALS = set(string.punctuation)
# GFM turns bare addresses into links after the escapes are read (remark-gfm finds http://, www. and a@b.c in the
# text itself), so no escape stops them: an invisible WORD JOINER breaks each pattern instead.
_AUTOLINK_STARTS = re.compile(r"(?i)(https?(?=:)|www(?=\.)|(?=@))")
WORD_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """Text from data or from a link (an uploaded note or source, a query parameter) made safe inside Streamlit
    markdown: every markup character is escaped, bare addresses are broken by an invisible word joiner and line
    breaks become spaces, so no link, autolink, image, colour directive, heading or HTML from it is ever rendered."""
    flat = _AUTOLINK_STARTS.sub(lambda m: m.group(0) + WORD_JOINER, " ".join(str(text).splitlines()))
    return "".join("\\" + c if c in _MARKDOWN_SPECIALS else c for c in flat)


# Each status's Material Symbols icon (Streamlit's ":material/<name>:"); the core's catalogue has plain symbols.
MATERIAL_ICON = {
    "achieved": "emoji_events",
    "on_track": "check_circle",
    "acceleration_needed": "speed",
    "limited_progress": "warning",
    "deterioration": "trending_down",
    "missed": "cancel",
    "not_assessed": "help",
}


def badge_markdown(status: str, lang: str) -> str:
    """A status as a Streamlit markdown badge: icon, word and colour together, never colour alone."""
    s = STATUS[status]
    return f":{s['color']}-badge[:material/{MATERIAL_ICON[status]}: {s[lang]}]"


def latest_text(row: pd.Series, indicator: pd.Series, lang: str) -> str:
    """The latest figure with its unit and period, e.g. "**1,767.3 亿元** (2023年)"; "*no figure*" when missing."""
    line = present.status_line(row, indicator, lang)
    return f"**{line.latest_value}** ({line.latest_period})" if line.has_latest else f"*{line.latest_value}*"


def figure_caption(snapshot, indicator_id: str, period: str | None) -> dict | None:
    """The stored row behind an indicator's latest figure (for its source, note and confidence)."""
    if not isinstance(period, str):
        return None
    row = snapshot.latest_figures.get(indicator_id)
    return row if row is not None and row["period"] == period else None


def is_proxy(row: dict | None) -> bool:
    return row is not None and "PROXY" in str(row.get("note", ""))


def source_lines(indicator, figure, milestone, lang: str) -> list[str]:
    """The source of the latest figure (with its note) and the plan's quote and source, one line each."""
    lines = []
    if figure is not None:
        lines.append(f"{t('latest', lang)} ({figure['period']}): {figure['source']}")
        if figure.get("note"):
            lines.append(f"{t('note', lang)}: {figure['note']}")
    else:
        lines.append(f"{t('source', lang)}: {indicator['source']}")
    if milestone is not None:
        lines.append(f"{t('quote', lang)}: “{milestone['quote']}”")
        lines.append(f"{t('source', lang)}: {milestone['source']}")
    return lines


def source_popover(indicator: pd.Series, figure: pd.Series | None, milestone: pd.Series | None, lang: str) -> None:
    """The source of the latest figure and the plan's quote, one click away. Text from data is shown as text."""
    # One text element, not one per line: its lines are sent with the page even though the popover's content is
    # only drawn when opened.
    with st.popover(t("source", lang), icon=":material/link:"):
        st.text("\n".join(source_lines(indicator, figure, milestone, lang)))


def milestone_row(row: pd.Series, indicator: pd.Series, lang: str) -> None:
    """One milestone: a progress bar to the target, status, actual vs required rate, and the growth still needed."""
    line = present.status_line(row, indicator, lang)
    label = f"{t('target', lang)}: {line.target}"
    share = 0.0 if line.progress is None else min(max(line.progress, 0.0), 1.0)
    st.progress(share, text=f"{label} — {t('progress', lang)}: {line.progress_text}")
    # One line of text, not a row of columns: a page of cards is mostly these, and each element costs the browser.
    rates = " · ".join(f"{t(key, lang)}: **{text}**" for key, text in line.rates.items())
    row_text = f"{badge_markdown(line.status, lang)} &nbsp; {rates}"
    st.markdown(row_text + (f"  \n:gray[{md_escape(line.reason)}]" if line.reason else ""))
