"""Indicator detail page: any indicator's history with baseline, milestones, required path and projection, and its
figures with sources (the link's ``indicator`` and ``milestone``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.overview import freshness_by_indicator
from components import chart_specs
from components.milestone_edit import milestone_editor
from components.notes import notes_for, notes_section
from components.view import View, current, url_widget
from components.widgets import figure_caption, md_escape, milestone_row, source_markdown, source_popover
from tracker import charts, present
from tracker.formatting import (
    confidence_label,
    figure_note,
    figure_source,
    fmt_value,
    is_missing,
    period_as_written,
    qualified_value,
)
from tracker.i18n import t
from tracker.periods import describe

ALL = "all"  # the milestone control's option for every milestone (the link then has no ``milestone``)


def milestone_label(period: str, lang: str, growth_periods: frozenset[str] = frozenset()) -> str:
    """An option of the milestone control: "全部" / "All", "2028年目标" / "2028 target", or for an annual growth
    target (a period in ``growth_periods``) "2024年增速目标" / "2024 growth target"."""
    if period == ALL:
        return t("all_milestones", lang)
    key = "growth_milestone_option" if period in growth_periods else "milestone_option"
    return t(key, lang, period=describe(period, lang))


def figure_value(row: dict, indicator, lang: str) -> str:
    """A stored figure as published: "≥2,400 家", "预计 ≥14,000 亿元"; fmt_value's text for an exact figure."""
    flags = row.get("flags")
    flags = flags if isinstance(flags, list | tuple | str) else ""
    qualifier = row.get("qualifier") if isinstance(row.get("qualifier"), str) and row.get("qualifier") else "exact"
    if qualifier == "exact" and not flags:
        return fmt_value(row["value"], indicator["unit"], lang, indicator["unit_en"])
    return qualified_value(row["value"], qualifier, flags, indicator["unit"], lang, indicator["unit_en"])


def figures_markdown(figures: pd.DataFrame, indicator: pd.Series, lang: str) -> str:
    """An indicator's figures in the reader's language, newest first, one entry each: the period as people write it
    (2024年1-9月), the value with its unit and the confidence as a word on the first line, then the note and the
    source (a web address linked). Entries, not a grid: on a phone a five-column table is cut off or scrolls; these
    wrap. Text from data is escaped."""
    entries = []
    for row in reversed(figures.to_dict("records")):
        period = period_as_written(row["period"], indicator["measure"], lang) or str(row["period"])
        value = figure_value(row, indicator, lang)
        head = [f"**{md_escape(period)}**", f"**{md_escape(value)}**"]
        confidence = confidence_label(row.get("confidence"), lang)
        if confidence:
            head.append(f":gray[{t('label_value', lang, label=t('confidence', lang), value=md_escape(confidence))}]")
        lines = [" · ".join(head)]
        note = figure_note(row, lang)
        if note:
            lines.append(t("label_value", lang, label=t("note", lang), value=md_escape(note)))
        source = figure_source(row, lang)
        if source:
            lines.append(t("label_value", lang, label=t("source", lang), value=source_markdown(source)))
        entries.append("- " + "  \n  ".join(lines))
    return "\n".join(entries)


def render(view: View) -> None:
    language, snap = view.lang, view.snapshot
    indicators = snap.plan.indicators
    st.header(t("page_indicator", language))
    ids = list(indicators.index)
    name_col = f"name_{language}"
    ind_id = url_widget(
        st.selectbox,
        t("choose_indicator", language),
        "indicator",
        view.indicator,
        ids[0],
        ids,
        format_func=lambda i: indicators.at[i, name_col],  # names, not ids (the link keeps the id)
    )
    indicator = indicators.loc[ind_id]
    status = snap.status[snap.status["indicator_id"] == ind_id]
    periods = [p for p in status["target_period"] if isinstance(p, str)]
    growth_periods = frozenset(status.loc[status["milestone_kind"] == "annual_growth", "target_period"].dropna())
    milestone = view.milestone
    if len(periods) > 1:
        # "All" is an option of its own, so the control always shows what is selected.
        chosen = url_widget(
            st.segmented_control,
            t("choose_milestone", language),
            "milestone",
            view.milestone or ALL,
            ALL,
            [ALL, *periods],
            format_func=lambda p: milestone_label(p, language, growth_periods),
        )
        milestone = None if chosen in (None, ALL) else chosen
    # Captions are markdown: text from data is escaped.
    st.caption(md_escape(indicator[f"description_{language}"]))
    # A derived indicator's formula (ids and operators) is for the program; its description says it in words.
    first = status.iloc[0]
    figure = figure_caption(snap, ind_id, first["latest_period"])
    cols = st.columns([3, 1])
    latest_label = period_as_written(first["latest_period"], indicator["measure"], language)
    line = present.status_line(first.to_dict(), indicator, language, fresh=freshness_by_indicator(snap).get(ind_id))
    cols[0].metric(
        f"{indicator[name_col]} · {t('latest', language)}" + (f" ({latest_label})" if latest_label else ""),
        line.latest_value if not is_missing(first["latest_value"]) else t("no_figure", language),
        border=True,
    )
    # What the figure means and when the next one is due: 约 · 下限 · 同比 +7.8% · the basis · 下一期 … · 逾期
    growth = t("growth_label", language, growth=line.growth) if line.growth else ""
    notes = [" · ".join(line.caveats), growth, line.basis, line.fresh]
    shown = " · ".join(md_escape(text) for text in notes if text)
    if shown:
        cols[0].caption(f":orange[{shown}]" if line.overdue else shown)
    with cols[1]:
        ms = snap.plan.milestones[snap.plan.milestones["indicator_id"] == ind_id]
        source_popover(indicator, figure, ms.iloc[0] if len(ms) else None, language)
    spec = chart_specs.indicator(view)  # the one the downloads offer
    notes = notes_for(view, ind_id)  # issue 13: each note a marker on the chart, and the timeline below
    if spec is None:
        st.info(t("no_figure", language))
    else:
        st.vega_lite_chart(spec=charts.with_notes(spec, notes, language), width="stretch", height=520)
    for _, row in status.iterrows():
        if milestone and row["target_period"] != milestone:
            continue
        if isinstance(row["target_period"], str):
            milestone_row(row, indicator, language)
            quote = ms[ms["target_period"] == row["target_period"]]
            if len(quote):
                said = f"“{md_escape(quote.iloc[0]['quote'])}”"
                st.caption(t("label_value", language, label=t("quote", language), value=said))
        else:
            st.caption(t("context_indicator", language))
    milestone_editor(view, ind_id)  # issue 12 §1: an editor changes a target (components/milestone_edit.py)
    notes_section(view, ind_id)
    st.subheader(t("figures_table", language))
    figures = snap.figures[snap.figures["indicator_id"] == ind_id]
    if figures.empty:
        st.caption(t("no_figures_stored", language))
    else:
        st.markdown(figures_markdown(figures, indicator, language))


if __name__ == "__main__":
    render(current())
