"""Overview page (the home page): the verdict and its as-of line, a count per status (a link filtering the page to
its targets), a scorecard of the targets grouped by pillar (or by an indicator attribute: kind, owner, cadence, and
filtered by one), the ranked gap chart, the context indicators' table."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components import freshness as components_freshness
from components.changes import card_lines
from components.notes import notes_for
from components.rerun_cache import once
from components.view import View, current
from components.widgets import MATERIAL_ICON, figure_caption, is_proxy, md_escape, source_lines
from tracker import present
from tracker.attributes import ATTRIBUTES, attribute_choices, attribute_groups, attribute_label, matching
from tracker.formatting import fmt_pct, is_missing
from tracker.i18n import STATUS, status_label, t
from tracker.notes import first_line, milestone_period


def freshness_by_indicator(snapshot) -> dict[str, dict]:
    """Each indicator's tracker.freshness row (the next expected figure, its date, overdue), by id (computed once
    per stored revision and plan: components.freshness)."""
    return components_freshness.freshness_by_indicator(snapshot)


def link(params: dict[str, str], path: str = "") -> str:
    """A relative address on this app (``path`` "" for the page itself) with ``params``, escaped for an attribute."""
    query = urlencode(params)
    return escape(f"{path}?{query}" if query else (path or "?"))


def headline_html(view: View, shown: present.Headline) -> str:
    """The verdict sentence, the as-of line, then the doubling progress and one tile per status (icon, word, colour
    and count, as on the badges); a tile is a link that filters the overview to its targets (``?status=``)."""
    language = view.lang
    tiles = [
        f'<div class="tt-tile" title="{escape(t("doubling_help", language))}"><span>{escape(shown.doubling_label)}'
        f"</span><b>{escape(shown.doubling_progress)}</b></div>"
    ]
    for box in shown.counts:
        chosen = " tt-chosen" if view.status == box.key else ""
        params = {**view.carried, "status": box.key}
        tiles.append(
            f'<a class="tt-tile{chosen}" href="{link(params)}" target="_self" style="--c:{box.colour}" '
            f'title="{escape(t("count_help", language, n=box.count))}">'
            f'<span><span class="tt-icon" aria-hidden="true">{MATERIAL_ICON[box.status]}</span> '
            f"{escape(box.label)}</span><b>{box.count}</b></a>"
        )
    return (
        f'<p class="tt-verdict">{escape(shown.verdict)}</p><p class="tt-asof">{escape(shown.as_of)}</p>'
        f'<div class="tt-tiles">{"".join(tiles)}</div>'
    )


# The scorecard of a pillar is one st.html element, not ~10 Streamlit elements a row: in Chromium every element costs a
# few milliseconds to draw, and st.html is lighter than markdown with HTML (no markdown parser; the browser sanitises
# it with DOMPurify). Every text from data is escaped, and the HTML is one line. A row is a target (after the SDSN
# dashboards and Power BI scorecards): level (the bar, with a tick where the figure should be by now) and pace (actual
# vs required rate) side by side. A status is an icon, a word and a colour together. Borders and the bar's track
# derive from the text colour, so a dark theme works too. The grid has as many columns as fit 18rem: three at
# 1400 px, one on a phone.
CARD_CSS = """<style>
.tt-verdict{font-size:1.15rem;font-weight:600;margin:0}
.tt-asof{opacity:.7;margin:.1rem 0 .6rem 0;font-size:.9rem}
.tt-tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(8.5rem,1fr));gap:.5rem;margin-bottom:.5rem}
.tt-tile{display:flex;flex-direction:column;border:1px solid color-mix(in srgb,currentColor 20%,transparent);
  border-radius:.5rem;padding:.4rem .7rem;color:inherit;text-decoration:none;min-width:0}
a.tt-tile{border-left:4px solid var(--c)}
a.tt-tile>span{color:var(--c);font-weight:600}
a.tt-tile:hover,.tt-chosen{background:color-mix(in srgb,var(--c) 12%,transparent)}
.tt-chosen{outline:2px solid var(--c)}
.tt-tile>span{font-size:.875rem}
.tt-tile b{font-size:1.6rem;line-height:1.2}
.tt-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,18rem),1fr));gap:.6rem;margin:0 0 .5rem 0}
.tt-card{border:1px solid color-mix(in srgb,currentColor 20%,transparent);border-left:4px solid var(--c);
  border-radius:.5rem;padding:.4rem .65rem;line-height:1.3;font-size:.85rem;min-width:0;overflow-wrap:anywhere}
.tt-card p{margin:0}
.tt-card a{color:inherit}
.tt-head{display:flex;justify-content:space-between;gap:.5rem;align-items:flex-start}
.tt-bar{position:relative;height:.5rem;border-radius:.25rem;background:color-mix(in srgb,currentColor 12%,transparent);
  margin:.3rem 0 .15rem 0}
.tt-bar>div{height:100%;border-radius:.25rem}
.tt-bar>i{position:absolute;top:-.2rem;width:2px;height:.9rem;background:currentColor}
.tt-badge{display:inline-flex;align-items:center;gap:.25em;padding:0 .4em;border-radius:.25rem;font-size:.85rem;
  font-weight:500;white-space:nowrap}
.tt-icon{font-family:"Material Symbols Rounded";font-weight:normal;font-style:normal;font-size:1.1em;line-height:1;
  display:inline-block;white-space:nowrap;direction:ltr;-webkit-font-feature-settings:"liga";font-feature-settings:"liga"}
.tt-muted{opacity:.7}
.tt-stale{color:#b35900}
.tt-next{font-size:.8rem;margin:0}
.tt-card details{font-size:.8rem}
.tt-foot{display:flex;flex-wrap:wrap;align-items:baseline;column-gap:.75rem}
.tt-foot details[open]{flex-basis:100%}
.tt-card summary{cursor:pointer;opacity:.7;width:fit-content}
.tt-pillar{font-weight:600;font-size:1.1rem;margin:.6rem 0 .3rem 0}
.tt-context{border-collapse:collapse;font-size:.8rem;width:100%}
.tt-context td:last-child{white-space:nowrap}
.tt-context td,.tt-context th{text-align:left;padding:.1rem .5rem;border-bottom:1px solid
  color-mix(in srgb,currentColor 15%,transparent)}
</style>"""


def escape(text: object) -> str:
    """Text from data as HTML text (quotes too, for attributes); a line break becomes <br>, so the card stays one
    line of markup."""
    return html.escape(str(text)).replace("\r\n", "<br>").replace("\r", "<br>").replace("\n", "<br>")


def one_line(markup: str) -> str:
    """Markup on one line (it was markdown once: a line that starts with <style> is one HTML block, never parsed)."""
    return markup.replace("\r", " ").replace("\n", " ")


def _badge(word: str, icon: str, colour: str, tip: str = "") -> str:
    """Icon, word and colour together (the icon is a Material Symbols ligature, as Streamlit's own); ``tip`` its
    tooltip."""
    title = f' title="{escape(tip)}"' if tip else ""
    return (
        f'<span class="tt-badge"{title} style="color:{colour};background:color-mix(in srgb,{colour} 14%,transparent)">'
        f'<span class="tt-icon" aria-hidden="true">{escape(icon)}</span>{escape(word)}</span>'
    )


def _share(value: float | None) -> float:
    return 0.0 if value is None else min(max(value, 0.0), 1.0) * 100


def _bar_html(line: present.StatusLine, language: str) -> str:
    """The progress bar in the status's colour, with a tick where the figure should be by now."""
    percent = _share(line.progress)
    label = f"{t('progress', language)} {line.progress_text}"
    tick = ""
    if line.expected is not None:
        expected = fmt_pct(line.expected, 0)
        label += f" · {t('expected_at', language, share=expected)}"
        mark = escape(t("expected_mark", language))
        tick = f'<i style="left:calc({_share(line.expected):.1f}% - 1px)" title="{mark}"></i>'
    return (
        f'<div class="tt-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{percent:.0f}" '
        f'aria-label="{escape(label)}"><div style="width:{percent:.1f}%;background:{line.colour}"></div>{tick}</div>'
        f'<p class="tt-muted">{escape(label)}</p>'
    )


def _pace_html(line: present.StatusLine, language: str, row=None) -> str:
    """Actual vs required rate and the rate still needed; how demanding the target is when only that is known."""
    actual, required, needed = (line.rates[key] for key in present.RATES)
    parts = []
    if actual != "—" or required != "—":
        parts.append(escape(t("rates_line", language, actual=actual, required=required)))
        if needed != "—":
            parts.append(f"<b>{escape(t('still_needed', language, rate=needed))}</b>")
    elif needed != "—":
        # A compound rate reads "需年均增长 26.0%"; a linear one keeps its unit ("+0.26 个百分点/年").
        compound = row is not None and row.get("pace_method") == "cagr" and not is_missing(row.get("needed_rate"))
        key, rate = ("demanding", fmt_pct(row["needed_rate"], 1)) if compound else ("demanding_linear", needed)
        parts.append(f"<b>{escape(t(key, language, rate=rate))}</b>")
    return f"<p>{' · '.join(parts)}</p>" if parts else ""


def row_html(
    snapshot,
    indicator,
    row,
    language: str,
    today=None,
    carried: dict | None = None,
    fresh: dict | None = None,
    note: dict | None = None,
    change_line: str | None = None,
) -> str:
    """A target's scorecard row: name and status, latest figure (as published: ≥, ≈, 预计) and target, the caveats
    (约, 下限), the reported growth, the bar, the pace, the series break, an old figure flagged, the next expected
    figure (``fresh``, its tracker.freshness row), why it cannot be assessed, the source one click away."""
    line = present.status_line(row, indicator, language, today, fresh)
    ind_id = indicator["id"]
    figure = figure_caption(snapshot, ind_id, row["latest_period"])
    milestone = next(
        (m for m in snapshot.milestones_by_indicator.get(ind_id) or [] if m["target_period"] == row["target_period"]),
        None,
    )
    name = escape(indicator[f"name_{language}"])
    # The indicator's page, with the view's language and pinned revision (``carried``).
    kept = carried if carried is not None else ({"lang": language} if language != "zh" else {})
    href = link({**kept, "indicator": ind_id}, "indicator")
    proxy = f" {_badge(t('proxy', language), 'info', STATUS['limited_progress']['hex'])}" if is_proxy(figure) else ""
    parts = [
        f'<div class="tt-card" style="--c:{line.colour}"><div class="tt-head"><a href="{href}" target="_self">'
        f"<b>{name}</b></a>{_badge(line.word, MATERIAL_ICON[line.status], line.colour, line.reason)}</div>",
    ]
    target = f"{t('target', language)} {line.target}"
    if line.has_latest:
        caveat = f' <span class="tt-muted">({escape(" · ".join(line.caveats))})</span>' if line.caveats else ""
        # the latest figure carries the unit; the target beside it says only its number (one unit, fewer lines)
        short = f"{t('target', language)} {line.target_short}" if line.target_short else target
        parts.append(
            f"<p><b>{escape(line.latest_value)}</b> ({escape(line.latest_period)}){caveat}{proxy} → {escape(short)}</p>"
        )
        if line.progress is not None:
            parts.append(_bar_html(line, language))
        parts.append(_pace_html(line, language, row))
        if line.stale and not line.overdue:  # an overdue next figure's line says it is late already
            parts.append(
                f'<p class="tt-stale"><span class="tt-icon" aria-hidden="true">schedule</span> {escape(line.stale)}</p>'
            )
    else:  # no figure: the target, and "尚无公开数据" once
        parts.append(f'<p>{escape(target)}</p><p class="tt-muted">{escape(t("no_public_figure", language))}</p>')
    if line.basis:  # the basis the status reads, and the new basis's latest figure beside it
        parts.append(f'<p class="tt-muted">{escape(line.basis)}</p>')
    if change_line:  # issue 12 §5: what moved since the revision before and why (components.changes.card_lines)
        icon = '<span class="tt-icon" aria-hidden="true">history</span>'
        parts.append(f'<p class="tt-next tt-muted">{icon} {escape(change_line)}</p>')
    if note is not None:  # issue 13: the latest note's first line ("最新说明 2025-06：…"), escaped
        text = t("note_latest_line", language, period=note["period"], text=first_line(str(note["text"])))
        icon = '<span class="tt-icon" aria-hidden="true">sticky_note_2</span>'
        parts.append(f'<p class="tt-muted">{icon} {escape(text)}</p>')
    # Why a target cannot be assessed sits with its sources, one click away (the badge's tooltip says it too).
    why = f"{line.reason}\n" if line.status == "not_assessed" and line.has_latest and line.reason else ""
    # The next figure (its date, whether it is late) and the sources share the card's last line; the sources open
    # below it, the card's full width.
    parts.append('<div class="tt-foot">')
    if fresh is not None:
        late = "tt-next tt-stale" if line.overdue else "tt-next tt-muted"
        short = present.fresh_text(fresh, indicator["measure"], language, short=True)
        parts.append(f'<p class="{late}"><span class="tt-icon" aria-hidden="true">schedule</span> {escape(short)}</p>')
    parts.append(
        f"<details><summary>{escape(t('why_source', language) if why else t('source', language))}</summary>"
        f"<div>{escape(why)}{sources_html(source_lines(indicator, figure, milestone, language), language)}</div>"
        "</details></div></div>"
    )
    return "".join(parts)


def card_html(snapshot, indicator, rows, language: str) -> str:
    """Every milestone row of one indicator (the scorecard rows of it)."""
    return "".join(
        row_html(snapshot, indicator, row, language) for row in rows if isinstance(row["target_period"], str)
    )


def context_html(snapshot, ids, language: str) -> str:
    """The context indicators (no target in the plan) as one small table: name, latest figure, period."""
    head = "".join(f"<th>{escape(t(k, language))}</th>" for k in ("indicator", "latest", "period"))
    body = []
    for ind_id in ids:
        for row in snapshot.status_by_indicator[ind_id]:
            line = present.status_line(row, snapshot.indicator_records[ind_id], language)
            # Short beside the period (the table sits beside the gap chart); the whole sentence on hover.
            stale = (
                f' <span class="tt-stale" title="{escape(line.stale)}">⚠ {escape(t("stale_short", language))}</span>'
                if line.stale
                else ""
            )
            body.append(
                f"<tr><td>{escape(line.name)}</td><td>{escape(line.latest_value)}</td>"
                f"<td>{escape(line.latest_period)}{stale}</td></tr>"
            )
    return f'<table class="tt-context"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


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


def milestone_note(notes: pd.DataFrame, indicator_id: str, target_period, plan) -> dict | None:
    """The latest note of an indicator for a card of one milestone: the latest period's, among the notes on no
    milestone or on this one (issue 13); None when there is none."""
    if notes.empty:
        return None
    mine = notes[(notes["indicator_id"] == indicator_id).to_numpy()]
    periods = mine["milestone_id"].map(lambda m: milestone_period(plan, m) if m else "")
    mine = mine[periods.isin(["", str(target_period)]).to_numpy()]
    return None if mine.empty else mine.iloc[-1].to_dict()


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


GROUPINGS = ("pillar", *ATTRIBUTES)


def labelled(name: str, value: str, language: str) -> str:
    """ "指标属性：约束性" / "Kind: binding"."""
    return f"{name}：{value}" if language == "zh" else f"{name}: {value}"


GROUP_KEY, FILTER_KEY = "overview_group", "overview_filter"
SHOW_ALL = "all"


def attribute_controls(
    indicators: pd.DataFrame, ids: list[str], language: str, choices: tuple | None = None
) -> tuple[str, tuple[str, str] | None]:
    """The "group by" and "show only" choices (issue 12 §4): the grouping (pillar, kind, owner or cadence) and the
    (attribute, value) the cards are filtered to, or None for all. A value the plan leaves empty is offered as
    未指定 / not specified. ``choices``: tracker.attributes.attribute_choices of ``ids`` when already known."""
    names = {"pillar": t("group_pillar", language), **{a: t(f"attr_{a}", language) for a in ATTRIBUTES}}
    # "all" rather than None: a selectbox holding None shows a clear button, as if nothing were chosen
    choices = [SHOW_ALL, *(attribute_choices(indicators, ids) if choices is None else choices)]

    def choice_label(choice) -> str:
        if choice == SHOW_ALL:
            return t("attr_all", language)
        attribute, value = choice
        return labelled(names[attribute], attribute_label(attribute, value, language), language)

    if st.session_state.get(FILTER_KEY) not in choices:  # a value of another plan, or of a plan edited since
        st.session_state.pop(FILTER_KEY, None)
    # Each choice says what it chooses ("分组：支柱"), so the controls need no label row above them (the label stays
    # for screen readers).
    group_word, filter_word = t("group_by", language), t("attr_filter", language)
    group_box, filter_box = st.columns(2)
    group = group_box.selectbox(
        group_word,
        GROUPINGS,
        key=GROUP_KEY,
        format_func=lambda g: labelled(group_word, names[g], language),
        label_visibility="collapsed",
    )
    only = filter_box.selectbox(
        filter_word,
        choices,
        key=FILTER_KEY,
        # "只看：全部"; a value says its attribute already ("指标属性：未指定")
        format_func=lambda c: labelled(filter_word, choice_label(c), language) if c == SHOW_ALL else choice_label(c),
        label_visibility="collapsed",
    )
    return group, (None if only == SHOW_ALL else only)


def card_groups(snap, members: list[str], group: str, language: str) -> list[tuple[str, list[str]]]:
    """The cards' groups: (heading, indicator ids), by pillar in the plan's order or by an attribute's value."""
    indicators = snap.plan.indicators
    if group == "pillar":
        return [
            (getattr(pillar, f"name_{language}"), [i for i in members if indicators.at[i, "pillar"] == pillar.id])
            for pillar in snap.plan.pillars.sort_values("order").itertuples()
        ]
    name = t(f"attr_{group}", language)
    return [
        (labelled(name, attribute_label(group, value, language), language), ids)
        for value, ids in attribute_groups(indicators, members, group)
    ]


def targets_by_indicator(snap, status: str | None) -> dict[str, list[dict]]:
    """Each indicator's target rows (status rows with a milestone), only those of ``status`` when given."""
    return {
        ind_id: kept
        for ind_id, rows in snap.status_by_indicator.items()
        if (kept := [r for r in rows if isinstance(r["target_period"], str) and status in (None, r["status"])])
    }


def card_blocks(view: View, group: str, only: tuple[str, str] | None) -> tuple[int, tuple]:
    """The cards of the view grouped by ``group`` and filtered to ``only``: (how many indicators they show, the
    groups' blocks), each block (the group's HTML, and the caption and table of the indicators past CARD_LIMIT or
    None). Built once per view key, grouping and filter (components.rerun_cache)."""
    language, snap = view.lang, view.snapshot
    indicators = snap.plan.indicators
    by_indicator = targets_by_indicator(snap, view.status)
    in_plan_order = [i for i in indicators.index if i in by_indicator]
    if only is not None:
        in_plan_order = matching(indicators, in_plan_order, *only)
    fresh = freshness_by_indicator(snap)
    moved = card_lines(view)
    notes = notes_for(view)
    blocks = []
    for heading, members in card_groups(snap, in_plan_order, group, language):
        if not members:
            continue
        rows = [
            row_html(
                snap,
                snap.indicator_records[i],
                row,
                language,
                carried=view.carried,
                fresh=fresh.get(i),
                change_line=moved.get((i, row["target_period"])),
                note=milestone_note(notes, i, row["target_period"], snap.plan),
            )
            for i in members[:CARD_LIMIT]
            for row in by_indicator[i]
        ]
        markup = one_line(
            CARD_CSS + f'<p class="tt-pillar">{escape(heading)}</p><div class="tt-grid">{"".join(rows)}</div>'
        )
        rest = None
        if len(members) > CARD_LIMIT:
            # A plan with hundreds of indicators stays readable and quick: the rest as one table.
            status = snap.status
            chosen = status[status["target_period"].notna().to_numpy()]
            if view.status is not None:
                chosen = chosen[(chosen["status"] == view.status).to_numpy()]
            table = summary_table(chosen[chosen["indicator_id"].isin(members[CARD_LIMIT:])], indicators, language)
            rest = (t("more_indicators", language, n=len(members) - CARD_LIMIT), table)
        blocks.append((markup, rest))
    return len(in_plan_order), tuple(blocks)


def context_block(view: View, only: tuple[str, str] | None) -> str:
    """The context indicators' table (those without a target in the plan) as HTML, "" when there are none shown
    (a status filter shows none)."""
    snap, language = view.snapshot, view.lang
    if view.status is not None:
        return ""
    indicators = snap.plan.indicators
    status = snap.status
    with_target = set(status.loc[status["target_period"].notna().to_numpy(), "indicator_id"])
    context = [i for i in indicators.index if i not in with_target]
    if only is not None:
        context = matching(indicators, context, *only)
    if not context:
        return ""
    return one_line(
        CARD_CSS
        + f'<p class="tt-pillar">{escape(t("context_title", language))}</p>'
        + context_html(snap, context, language)
    )


def headline_block(view: View) -> str:
    """The verdict, the as-of line and the status tiles as one line of HTML (with the page's CSS)."""
    snap = view.snapshot
    dbl = snap.doubling
    shown = present.headline(snap.status, dbl.progress if dbl else None, view.lang, view.revision_info)
    return one_line(CARD_CSS + headline_html(view, shown))


def render(view: View) -> None:
    language, snap = view.lang, view.snapshot
    st.title(t("app_title", language))
    st.caption(t("app_subtitle", language))
    if view.plan is not None and len(view.plans) > 1:  # issue 12 §3: which plan's targets these are
        st.markdown(f"**{md_escape(t('plan_shown', language, title=view.plan.title(language)))}**")
    # What the page draws from the revision is built once per view, filter and grouping (components.rerun_cache):
    # a rerun that changes none of them draws the same HTML again.
    st.html(once("overview_headline", view, (view.status,), lambda: headline_block(view)))
    if view.status is not None:
        status = snap.status
        word = STATUS[view.status][language]
        n = int(((status["status"] == view.status) & status["target_period"].notna()).sum())
        st.info(t("filter_shown" if n else "filter_none", language, n=n, word=word), icon=":material/filter_alt:")
        st.html(f'<a href="{link(view.carried)}" target="_self">{escape(t("show_all", language))}</a>')
    indicators = snap.plan.indicators
    choices = once("overview_choices", view, (), lambda: tuple(attribute_choices(indicators, list(indicators.index))))
    group, only = attribute_controls(indicators, list(indicators.index), language, choices)
    shown, blocks = once("overview_cards", view, (view.status, group, only), lambda: card_blocks(view, group, only))
    if only is not None:
        attribute, value = only
        word = t(f"attr_{attribute}", language)
        st.caption(
            t(
                "attr_filter_shown",
                language,
                n=shown,
                attr=word if language == "zh" else word.lower(),
                value=attribute_label(attribute, value, language),
            )
            + " "
            + t("attr_help", language)
        )
    elif group != "pillar":  # grouped by an attribute: where its values come from
        st.caption(t("attr_help", language))
    for markup, rest in blocks:
        st.html(markup)
        if rest is not None:
            caption, table = rest
            st.caption(caption)
            st.dataframe(table, hide_index=True, width="stretch")
    # Imported here, after the cards are sent: in a fresh process Altair's import (~0.5-0.7 s) then overlaps with
    # the browser drawing the sidebar and the cards instead of delaying them.
    from components import chart_specs

    spec = chart_specs.gap_svg(view)  # drawn on the server from the spec the downloads offer
    context = once("overview_context", view, (view.status, only), lambda: context_block(view, only))
    # Side by side on a wide screen (the overview stays within about two and a half screens); stacked on a phone.
    gap_box, context_box = st.columns(2, gap="medium") if spec is not None and context else (st.container(),) * 2
    if spec is not None:
        with gap_box:
            st.markdown(f"**{md_escape(t('gap_title', language))}**")
            st.image(spec, alt=f"{t('gap_title', language)}: {t('gap_caption', language)}")
            st.caption(t("gap_caption", language))
    if context:
        with context_box:
            st.html(context)
    st.caption(t("about_figures", language))


if __name__ == "__main__":
    render(current())
