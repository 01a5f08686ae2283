"""Overview page: the headline row, then every indicator grouped by pillar."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.state import current_view, lang
from components.widgets import (
    figure_caption,
    is_missing,
    is_proxy,
    latest_text,
    milestone_row,
    source_lines,
    sources_popover,
)
from tracker.i18n import fmt_pct, status_label, t


def headline(status, doubling_progress: float | None, language: str) -> None:
    """Doubling progress and how many targets stand where (milestones only, not context indicators)."""
    targets = status[status["target_period"].notna()]
    counts = targets["status"].value_counts()
    off_pace = int(counts.get("limited_progress", 0) + counts.get("deterioration", 0) + counts.get("missed", 0))
    cols = st.columns([1.5, 1, 1, 1, 1, 1])
    cols[0].metric(
        t("doubling_progress", language), fmt_pct(doubling_progress, 0), border=True, help=t("doubling_help", language)
    )
    for col, key, value in (
        (cols[1], "targets_achieved", int(counts.get("achieved", 0))),
        (cols[2], "targets_on_track", int(counts.get("on_track", 0))),
        (cols[3], "targets_acceleration", int(counts.get("acceleration_needed", 0))),
        (cols[4], "targets_off_pace", off_pace),
        (cols[5], "targets_not_assessed", int(counts.get("not_assessed", 0))),
    ):
        tip = t("off_pace_help" if key == "targets_off_pace" else "of_targets", language, n=len(targets))
        col.metric(t(key, language), f"{value}", help=tip, border=True)


def card_sources(snapshot, indicator, rows, language: str) -> tuple[str, list[str]]:
    """The indicator's name and the lines of its sources, for its pillar's source popover."""
    figure = figure_caption(snapshot, indicator["id"], rows[0]["latest_period"])
    milestone = (snapshot.milestones_by_indicator.get(indicator["id"]) or [None])[0]
    name = indicator["name_zh"] if language == "zh" else indicator["name_en"]
    return name, source_lines(indicator, figure, milestone, language)


def indicator_card(snapshot, indicator, rows, language: str) -> None:
    """Name, latest figure with period and unit, then each milestone's progress and pace. The sources are in the
    pillar's popover, one click away: each element of a card costs the browser a few milliseconds to draw."""
    first = rows[0]
    figure = figure_caption(snapshot, indicator["id"], first["latest_period"])
    name = indicator["name_zh"] if language == "zh" else indicator["name_en"]
    proxy = f" · :orange-badge[{t('proxy', language)}]" if is_proxy(figure) else ""
    with st.container(border=True):
        st.markdown(f"**{name}**  \n{t('latest', language)}: {latest_text(first, indicator, language)}{proxy}")
        for row in rows:
            if is_missing(row["target_period"]):
                st.caption(t("context_indicator", language))
            else:
                milestone_row(row, indicator, language)


CARD_LIMIT = 30  # indicators per pillar shown as cards; more go into a table


def summary_table(status, indicators, language: str):
    """Status rows as a compact table: name, latest figure and period, target, progress, status (icon and word)."""
    names = indicators["name_zh" if language == "zh" else "name_en"]
    return pd.DataFrame({
        t("indicator", language): status["indicator_id"].map(names),
        t("latest", language): status["latest_value"],
        t("period", language): status["latest_period"],
        t("target", language): status["target_value"],
        t("milestone", language): status["target_period"],
        t("progress", language): (status["progress"] * 100).round(1),
        t("status", language): status["status"].map(lambda s: status_label(s, language)),
    })


def render() -> None:
    language = lang()
    view = current_view()
    snap = view.snapshot
    st.title(t("app_title", language))
    st.caption(t("app_subtitle", language))
    dbl = snap.doubling
    headline(snap.status, dbl.progress if dbl else None, language)
    st.caption(t("about_figures", language))
    indicators = snap.plan.indicators
    for pillar in snap.plan.pillars.sort_values("order").itertuples():
        title = pillar.name_zh if language == "zh" else pillar.name_en
        # The ids only: selecting rows of an Arrow-backed frame copies them (~4 ms a pillar).
        members = indicators.index[(indicators["pillar"] == pillar.id).to_numpy()]
        if members.empty:
            st.subheader(title)
            st.caption(t("no_target_pillar", language))
            continue
        # Plain records, prepared once per snapshot: pandas lookups per card cost more than the cards.
        cards = [(snap.indicator_records[i], snap.status_by_indicator[i]) for i in members[:CARD_LIMIT]]
        with st.container(horizontal=True, vertical_alignment="bottom"):
            st.subheader(title, width="stretch")
            sources_popover([card_sources(snap, ind, rows, language) for ind, rows in cards], language)
        for indicator, rows in cards:
            indicator_card(snap, indicator, rows, language)
        if len(members) > CARD_LIMIT:
            # A plan with hundreds of indicators stays readable and quick: the rest as one table.
            st.caption(t("more_indicators", language, n=len(members) - CARD_LIMIT))
            rest = snap.status[snap.status["indicator_id"].isin(members[CARD_LIMIT:])]
            st.dataframe(summary_table(rest, indicators, language), hide_index=True, width="stretch")
