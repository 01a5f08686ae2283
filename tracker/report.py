"""The overview as one HTML file for e-mail and print: headline counts, every indicator by pillar, the doubling path
and the industries, with the charts inline as SVG. No Streamlit (the CLI makes the same file), no JavaScript, no
network: it opens offline and prints to A4.

Every text from the data (names, notes, sources, the share link) is escaped: an uploaded note is never HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re

from tracker import clock, present
from tracker.chart_files import chart_svg
from tracker.charts import doubling_spec, industry_spec
from tracker.formatting import doubling_sentence, figure_note, figure_source, source_html
from tracker.i18n import t

# The overview table, one row per milestone (text keys of tracker.i18n).
TABLE_COLUMNS = [
    "indicator",
    "latest",
    "target",
    "progress",
    "status",
    "actual_rate",
    "required_rate",
    "needed_rate",
    "source",
]
HTML_LANG = {"zh": "zh-CN", "en": "en"}  # the document's language tag
CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       color: #1a1a1a; max-width: 190mm; margin: 0 auto; padding: 8px; font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 18pt; margin: 0 0 2px; }
h2 { font-size: 13pt; margin: 18px 0 6px; border-bottom: 1px solid #ccc; padding-bottom: 2px;
     break-after: avoid; page-break-after: avoid; }
.stamp { color: #444; font-size: 9pt; margin: 4px 0 10px; }
.stamp a { color: #1f4e79; word-break: break-all; }
.headline { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
.headline div { border: 1px solid #ccc; border-radius: 4px; padding: 4px 10px; min-width: 26mm; }
.headline b { display: block; font-size: 15pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
thead { display: table-header-group; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 4px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
.status { white-space: nowrap; font-weight: bold; border-left: 4px solid; padding-left: 4px; }
.source { color: #555; font-size: 7.5pt; word-break: break-word; }
figure { margin: 10px 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 8.5pt; color: #444; }
.note { font-size: 8.5pt; color: #444; }
"""


def _e(value: object) -> str:
    """Escaped text; "—" for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return html.escape(str(value), quote=True)


def _inline_svg(svg: str, prefix: str) -> str:
    """An SVG made safe to sit beside others in one page: its ids get a prefix so two charts' clip paths or
    gradients never resolve to each other's."""
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)


def _stamp(snapshot, lang: str, share_url: str, revision_info, today: dt.date) -> str:
    if snapshot.revision is None:
        revision = t("report_shipped", lang)
    else:
        created = getattr(revision_info, "created_at", None)
        date = created.date().isoformat() if hasattr(created, "date") else str(created or "")[:10]
        revision = t("as_of", lang, rev=snapshot.revision, date=date or "—")
    parts = [_e(revision), _e(t("report_made", lang, date=today.isoformat()))]
    if share_url:
        link = _e(share_url)
        # Only a web address becomes a link; anything else stays text.
        shown = f'<a href="{link}">{link}</a>' if re.match(r"https?://", share_url) else link
        parts.append(f"{_e(t('share_link', lang))}: {shown}")
    return '<p class="stamp">' + " · ".join(parts) + "</p>"


def _headline(snapshot, lang: str) -> str:
    dbl = snapshot.doubling
    shown = present.headline(snapshot.status, dbl.progress if dbl else None, lang)
    cells = [(shown.doubling_label, shown.doubling_progress)]
    cells += [(f"{box.icon} {box.label}", box.count) for box in shown.counts]
    boxes = "".join(f"<div>{_e(label)}<b>{_e(value)}</b></div>" for label, value in cells)
    return f'<div class="headline">{boxes}</div><p class="note">{_e(t("of_targets", lang, n=shown.targets))}</p>'


def _source(snapshot, indicator, ind_id: str, period: object, lang: str) -> str:
    """The latest figure's source and note in ``lang`` as HTML (a source that is a web address is a link showing the
    address; all else escaped), else the indicator's source."""
    figures = snapshot.figures
    rows = figures[(figures["indicator_id"] == ind_id) & (figures["period"] == period)]
    if len(rows):
        row = rows.iloc[-1]
        note = figure_note(row, lang)
        return source_html(figure_source(row, lang)) + (f" — {_e(note)}" if note else "")
    return source_html(figure_source(indicator, lang))


def _indicator_rows(snapshot, ind_id: str, indicator, lang: str) -> str:
    out = []
    for i, line in enumerate(present.status_lines(snapshot, ind_id, lang)):
        first = i == 0
        source = _source(snapshot, indicator, ind_id, line.latest_period_key, lang) if first else ""
        cells = [
            f"<td>{_e(line.name) if first else ''}</td>",
            f"<td>{_e(line.latest) if first else ''}</td>",
            f"<td>{_e(line.target)}</td>",
            f'<td class="num">{_e(line.progress_text)}</td>',
            f'<td><span class="status" style="border-color:{line.colour}">{_e(line.label)}</span></td>',
            *(f'<td class="num">{_e(text)}</td>' for text in line.rates.values()),
            f'<td class="source">{source if first else ""}</td>',  # escaped by _source
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(out)


def _pillars(snapshot, lang: str) -> str:
    head = "".join(f"<th>{_e(t(key, lang))}</th>" for key in TABLE_COLUMNS)
    indicators = snapshot.plan.indicators
    parts = []
    for pillar in snapshot.plan.pillars.sort_values("order").itertuples():
        parts.append(f"<h2>{_e(getattr(pillar, f'name_{lang}'))}</h2>")
        members = indicators[indicators["pillar"] == pillar.id]
        if members.empty:
            parts.append(f'<p class="note">{_e(t("no_target_pillar", lang))}</p>')
            continue
        body = "".join(_indicator_rows(snapshot, ind_id, ind, lang) for ind_id, ind in members.iterrows())
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "".join(parts)


def _doubling_sentence(snapshot, lang: str) -> str:
    dbl = snapshot.doubling
    return t("doubling_missing", lang) if dbl is None else doubling_sentence(dbl, lang)


def _figure(spec: dict | None, prefix: str, caption: str) -> str:
    if spec is None:
        return f'<p class="note">{_e(caption)}</p>'
    return f"<figure>{_inline_svg(chart_svg(spec), prefix)}<figcaption>{_e(caption)}</figcaption></figure>"


def _notes(snapshot, notes, lang: str) -> str:
    """The editors' notes as of the revision (tracker.notes.notes_at), per indicator in the plan's order, newest first,
    each with its period as readers say it, author and day (Beijing); "" without notes. Escaped: a note is never
    HTML."""
    if notes is None or len(notes) == 0:
        return ""
    from tracker.formatting import fmt_time, period_as_written

    indicators = snapshot.plan.indicators
    parts = []
    for ind_id in indicators.index:
        mine = notes[notes["indicator_id"] == ind_id]
        if mine.empty:
            continue
        measure = indicators.at[ind_id, "measure"]
        items = "".join(
            f"<li><b>{_e(period_as_written(str(n.period), measure, lang) or n.period)}</b> — {_e(n.text)} "
            f'<span class="note">({_e(n.author)}, {_e(fmt_time(n.created_at, lang, labelled=False)[:10])})</span></li>'
            for n in mine.iloc[::-1].itertuples()
        )
        parts.append(f"<h3>{_e(snapshot.plan.name(ind_id, lang))}</h3><ul>{items}</ul>")
    if not parts:
        return ""
    return f"<h2>{_e(t('notes_title', lang))}</h2>" + "".join(parts)


def render_report(
    snapshot, lang: str, share_url: str = "", revision_info=None, today: dt.date | None = None, notes=None
) -> str:
    """The overview of ``snapshot`` in ``lang`` as one self-contained HTML document (charts as inline SVG).

    ``revision_info`` is the tracker.store.Revision of ``snapshot.revision`` (for its date), ``share_url`` the
    link that reopens this view; both are stamped at the top. ``today`` is the report date (default: today).
    ``notes``: the editors' notes of that revision (tracker.notes.notes_at), shown after the targets.
    """
    today = today or clock.today()
    dbl = snapshot.doubling
    name = ""
    if dbl is not None:
        name = snapshot.plan.name(dbl.indicator_id, lang)
    doubling_part = _figure(
        doubling_spec(snapshot, lang),
        "doubling",
        t("doubling_note", lang, name=name) if dbl is not None else t("doubling_missing", lang),
    )
    industry_part = _figure(industry_spec(snapshot, lang), "industries", t("industry_intro", lang))
    title = f"{t('app_title', lang)} · {t('report_title', lang)}"
    return f"""<!DOCTYPE html>
<html lang="{HTML_LANG.get(lang, lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{_e(t("app_title", lang))}</h1>
<p>{_e(t("app_subtitle", lang))}</p>
{_stamp(snapshot, lang, share_url, revision_info, today)}
{_headline(snapshot, lang)}
<p class="note">{_e(t("about_figures", lang))}</p>
<h2>{_e(t("page_doubling", lang))}</h2>
<p><b>{_e(_doubling_sentence(snapshot, lang))}</b></p>
{doubling_part}
<h2>{_e(t("page_industries", lang))}</h2>
{industry_part}
{_pillars(snapshot, lang)}
{_notes(snapshot, notes, lang)}
<p class="note">{_e(t("report_footer", lang))}</p>
</body>
</html>
"""
