"""Small Streamlit pieces shared by the pages: escaping, status badges, figure and source lines, milestone rows."""

from __future__ import annotations

import re
import string

import pandas as pd
import streamlit as st

from tracker import present
from tracker.formatting import figure_note, figure_source, is_missing, period_as_written, source_address
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
    """Whether a figure stands in for the plan's measure: its (English) note says PROXY."""
    return row is not None and "PROXY" in figure_note(row, "en")


def _link_text(text: str) -> str:
    """A link's visible text: markup characters escaped, and no word joiner (GFM finds no autolink inside a link),
    so the reader sees the address exactly as written."""
    return "".join("\\" + c if c in _MARKDOWN_SPECIALS else c for c in text)


def source_markdown(text: object) -> str:
    """A source as Streamlit markdown: a web address (with or without https://) becomes a link whose text is the
    address as written (Streamlit opens it in a new tab with rel="noopener noreferrer"); anything else is escaped
    text (md_escape), never a link."""
    shown = "" if is_missing(text) else " ".join(str(text).split())
    address = source_address(shown)
    if address is None:
        return md_escape(shown)
    # The address has no space, angle bracket or backslash (source_address), so <...> holds it whole.
    return f"[{_link_text(shown)}](<{address}>)"


def source_items(indicator, figure, milestone, lang: str) -> list[tuple[str, str, bool]]:
    """(label, text, is_source) for the latest figure's source and note (else the indicator's source) and the plan's
    quote and source, in the reader's language."""
    items = []
    if figure is not None:
        period = period_as_written(figure["period"], indicator["measure"], lang) or str(figure["period"])
        items.append((f"{t('latest', lang)} ({period})", figure_source(figure, lang), True))
        note = figure_note(figure, lang)
        if note:
            items.append((t("note", lang), note, False))
    else:
        items.append((t("source", lang), figure_source(indicator, lang), True))
    if milestone is not None:
        items.append((t("quote", lang), f"“{milestone['quote']}”", False))
        items.append((t("source", lang), figure_source(milestone, lang), True))
    return items


def source_lines(indicator, figure, milestone, lang: str) -> list[str]:
    """source_items as plain lines ("Source: ..."), for faces that escape them themselves."""
    return [
        t("label_value", lang, label=label, value=text)
        for label, text, _ in source_items(indicator, figure, milestone, lang)
    ]


def source_popover(indicator: pd.Series, figure: pd.Series | None, milestone: pd.Series | None, lang: str) -> None:
    """The source of the latest figure and the plan's quote, one click away. A source that is a web address is a
    link; any other text from data is escaped."""
    # One markdown element, not one per line: its lines are sent with the page even though the popover's content is
    # only drawn when opened.
    lines = [
        t("label_value", lang, label=md_escape(label), value=source_markdown(text) if is_source else md_escape(text))
        for label, text, is_source in source_items(indicator, figure, milestone, lang)
    ]
    with st.popover(t("source", lang), icon=":material/link:"):
        st.markdown("  \n".join(lines))


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


def problems_frame(problems, language: str) -> pd.DataFrame:
    """Problems as a table of plain text (row, column, what is wrong): nothing from a file is rendered as markup."""
    return pd.DataFrame(
        [
            {
                t("row", language): p.row if p.row is not None else "",
                t("column", language): p.column or "",
                t("problem", language): p.message(language),
            }
            for p in problems
        ],
        columns=[t("row", language), t("column", language), t("problem", language)],
    )
