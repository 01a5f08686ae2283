"""Overview page (the home page): the headline row, then every indicator grouped by pillar."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from components.view import View, current
from components.widgets import (
    MATERIAL_ICON,
    figure_caption,
    is_proxy,
    source_lines,
)
from tracker import present
from tracker.i18n import STATUS, status_label, t


def headline(status, doubling_progress: float | None, language: str) -> None:
    """Doubling progress and how many targets stand where (milestones only, not context indicators)."""
    shown = present.headline(status, doubling_progress, language)
    cols = st.columns([1.5, 1, 1, 1, 1, 1])
    cols[0].metric(shown.doubling_label, shown.doubling_progress, border=True, help=t("doubling_help", language))
    for col, box in zip(cols[1:], shown.counts, strict=True):
        tip = t("off_pace_help" if box.key == "targets_off_pace" else "of_targets", language, n=shown.targets)
        col.metric(box.label, f"{box.count}", help=tip, border=True)


# The cards of a pillar are one st.html element, not ~10 Streamlit elements each: in Chromium every element costs a
# few milliseconds to draw (a bordered container, a markdown, a progress bar, a popover), and the cards were most of
# the overview's load time; st.html is lighter than markdown with HTML (no markdown parser; the browser sanitises it
# with DOMPurify). Every text from data is escaped, and the HTML is one line, so it would be safe as markdown too.
# The source is one click away in a <details>; a status is an icon, a word and a colour together. Borders and the
# bar's track derive from the text colour, so a dark theme works too.
CARD_CSS = """<style>
.tt-card{border:1px solid color-mix(in srgb,currentColor 20%,transparent);border-radius:.5rem;padding:1rem;
  margin:0 0 1rem 0;line-height:1.6}
.tt-card p{margin:0}
.tt-ms{margin-top:.75rem}
.tt-target{font-size:.875rem}
.tt-bar{height:.5rem;border-radius:.25rem;background:color-mix(in srgb,currentColor 12%,transparent);
  margin:.25rem 0 .5rem 0;overflow:hidden}
.tt-bar>div{height:100%;background:#1c83e1}
.tt-badge{display:inline-flex;align-items:center;gap:.25em;padding:0 .4em;border-radius:.25rem;font-size:.875rem;
  font-weight:500;margin-right:.5em}
.tt-icon{font-family:"Material Symbols Rounded";font-weight:normal;font-style:normal;font-size:1.1em;line-height:1;
  display:inline-block;white-space:nowrap;direction:ltr;-webkit-font-feature-settings:"liga";font-feature-settings:"liga"}
.tt-muted{opacity:.65}
.tt-card details{margin-top:.5rem;font-size:.875rem}
.tt-card summary{cursor:pointer;opacity:.8;width:fit-content}
.tt-card details>div{margin-top:.25rem}
</style>"""


def escape(text: object) -> str:
    """Text from data as HTML text (quotes too, for attributes); a line break becomes <br>, so the card stays one
    line of markdown."""
    return html.escape(str(text)).replace("\r\n", "<br>").replace("\r", "<br>").replace("\n", "<br>")


def one_line(markup: str) -> str:
    """Markup on one line (it was markdown once: a line that starts with <style> is one HTML block, never parsed)."""
    return markup.replace("\r", " ").replace("\n", " ")


def _badge(word: str, icon: str, colour: str) -> str:
    """Icon, word and colour together (the icon is a Material Symbols ligature, as Streamlit's own)."""
    return (
        f'<span class="tt-badge" style="color:{colour};background:color-mix(in srgb,{colour} 14%,transparent)">'
        f'<span class="tt-icon" aria-hidden="true">{escape(icon)}</span>{escape(word)}</span>'
    )


def _latest_html(line: present.StatusLine, language: str) -> str:
    if not line.has_latest:
        return f"<i>{escape(line.latest_value)}</i>"
    return f"<b>{escape(line.latest_value)}</b> ({escape(line.latest_period)})"


def _milestone_html(line: present.StatusLine, language: str) -> str:
    """A milestone: target and progress over a bar, then status, actual vs required rate, growth still needed."""
    label = f"{t('target', language)}: {line.target}"
    percent = 0.0 if line.progress is None else min(max(line.progress, 0.0), 1.0) * 100
    rates = " · ".join(f"{escape(t(key, language))}: <b>{escape(text)}</b>" for key, text in line.rates.items())
    return (
        f'<div class="tt-ms"><div class="tt-target">{escape(label)} — {escape(t("progress", language))}: '
        f"{escape(line.progress_text)}</div>"
        f'<div class="tt-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" '
        f'aria-valuenow="{percent:.0f}" aria-label="{escape(label)}"><div style="width:{percent:.1f}%"></div></div>'
        f"<p>{_badge(line.word, MATERIAL_ICON[line.status], line.colour)}{rates}</p>"
        + (f'<p class="tt-muted">{escape(line.reason)}</p>' if line.reason else "")
        + "</div>"
    )


def card_html(snapshot, indicator, rows, language: str) -> str:
    """An indicator's card: name, latest figure with period and unit (and PROXY when it is one), each milestone,
    and its sources behind one click."""
    ind_id = indicator["id"]
    first = rows[0]
    figure = figure_caption(snapshot, ind_id, first["latest_period"])
    milestone = (snapshot.milestones_by_indicator.get(ind_id) or [None])[0]
    name = indicator[f"name_{language}"]
    proxy = _badge(t("proxy", language), "info", STATUS["limited_progress"]["hex"]) if is_proxy(figure) else ""
    lines = [present.status_line(row, indicator, language) for row in rows]
    parts = [
        f'<div class="tt-card"><p><b>{escape(name)}</b></p>',
        f"<p>{escape(t('latest', language))}: {_latest_html(lines[0], language)} {proxy}</p>",
    ]
    for line in lines:
        if line.is_milestone:
            parts.append(_milestone_html(line, language))
        else:
            parts.append(f'<p class="tt-ms tt-muted">{escape(line.target)}</p>')
    parts.append(
        f'<details><summary><span class="tt-icon" aria-hidden="true">link</span> {escape(t("source", language))}'
        f"</summary><div>{sources_html(source_lines(indicator, figure, milestone, language), language)}</div>"
        "</details></div>"
    )
    return "".join(parts)


LINE_SHOWN = 200  # characters of a source or note line on a card (an XLSX cell holds up to 32,767)


def sources_html(lines: list[str], language: str) -> str:
    """The source lines of a card, each cut to LINE_SHOWN characters; when one is cut, the full text is one click
    away in a <details> below."""
    shown = [line if len(line) <= LINE_SHOWN else line[:LINE_SHOWN] + "…" for line in lines]
    markup = escape("\n".join(shown))
    if shown != lines:
        full = "\n".join(lines)
        markup += (
            f"<details><summary>{escape(t('full_note', language, n=len(full)))}</summary>"
            f"<div>{escape(full)}</div></details>"
        )
    return markup


CARD_LIMIT = 30  # indicators per pillar shown as cards; more go into a table


def summary_table(status, indicators, language: str):
    """Status rows as a compact table: name, latest figure and period, target, progress, status (icon and word)."""
    names = indicators[f"name_{language}"]
    return pd.DataFrame(
        {
            t("indicator", language): status["indicator_id"].map(names),
            t("latest", language): status["latest_value"],
            t("period", language): status["latest_period"],
            t("target", language): status["target_value"],
            t("milestone", language): status["target_period"],
            t("progress", language): (status["progress"] * 100).round(1),
            t("status", language): status["status"].map(lambda s: status_label(s, language)),
        }
    )


def render(view: View) -> None:
    language, snap = view.lang, view.snapshot
    st.title(t("app_title", language))
    st.caption(t("app_subtitle", language))
    dbl = snap.doubling
    headline(snap.status, dbl.progress if dbl else None, language)
    st.caption(t("about_figures", language))
    indicators = snap.plan.indicators
    for pillar in snap.plan.pillars.sort_values("order").itertuples():
        st.subheader(getattr(pillar, f"name_{language}"))
        # The ids only: selecting rows of an Arrow-backed frame copies them (~4 ms a pillar).
        members = indicators.index[(indicators["pillar"] == pillar.id).to_numpy()]
        if members.empty:
            st.caption(t("no_target_pillar", language))
            continue
        # Plain records, prepared once per snapshot: pandas lookups per card cost more than the cards.
        cards = "".join(
            card_html(snap, snap.indicator_records[i], snap.status_by_indicator[i], language)
            for i in members[:CARD_LIMIT]
        )
        st.html(one_line(CARD_CSS + cards))
        if len(members) > CARD_LIMIT:
            # A plan with hundreds of indicators stays readable and quick: the rest as one table.
            st.caption(t("more_indicators", language, n=len(members) - CARD_LIMIT))
            rest = snap.status[snap.status["indicator_id"].isin(members[CARD_LIMIT:])]
            st.dataframe(summary_table(rest, indicators, language), hide_index=True, width="stretch")


if __name__ == "__main__":
    render(current())
