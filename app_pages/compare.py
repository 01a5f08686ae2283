"""Compare plans (issue 12 §3): per indicator, each plan's target(s) and status side by side, at the revision shown.

One st.html table (as the overview's cards: every text from data escaped): a column per plan, headed by its title
in the reader's language; a cell lists the plan's targets of the indicator, each with its status badge (icon, word,
colour); "—" where the plan has no target for it. Below 640 px each indicator is a block, its plans one under the
other, each named.
"""

from __future__ import annotations

import streamlit as st

from app_pages.overview import _badge, escape, one_line
from components.view import View, current, database_url, plan_snapshot
from components.widgets import MATERIAL_ICON
from tracker.compare import NOT_IN_PLAN, compare_rows
from tracker.i18n import STATUS, t

COMPARE_CSS = """<style>
.tt-compare{border-collapse:collapse;width:100%;font-size:.875rem;line-height:1.4;table-layout:fixed}
.tt-compare th,.tt-compare td{text-align:left;vertical-align:top;padding:.35rem .5rem;
  border-bottom:1px solid color-mix(in srgb,currentColor 15%,transparent);overflow-wrap:anywhere}
.tt-compare th{font-weight:600}
.tt-compare td p{margin:0 0 .25rem 0}
.tt-compare .tt-none{opacity:.6}
.tt-compare .tt-plan-name{display:none}
.tt-badge{display:inline-flex;align-items:center;gap:.25em;padding:0 .4em;border-radius:.25rem;font-size:.85rem;
  font-weight:500;white-space:nowrap}
.tt-icon{font-family:"Material Symbols Rounded";font-weight:normal;font-style:normal;font-size:1.1em;line-height:1;
  display:inline-block;white-space:nowrap;direction:ltr;-webkit-font-feature-settings:"liga";font-feature-settings:"liga"}
@media (max-width:640px){
  .tt-compare,.tt-compare tbody,.tt-compare tr,.tt-compare td{display:block;width:100%}
  .tt-compare thead{display:none}
  .tt-compare tr{border-bottom:1px solid color-mix(in srgb,currentColor 25%,transparent);padding:.3rem 0}
  .tt-compare td{border:none;padding:.15rem 0}
  .tt-compare td:first-child{font-weight:600}
  .tt-compare .tt-plan-name{display:block;opacity:.7;font-size:.8rem}
}
</style>"""


@st.cache_data(show_spinner=False, max_entries=16)
def comparison(db: str | None, revision: int, plan_ids: tuple[str, ...], lang: str, _titles: tuple[str, ...]):
    """tracker.compare.compare_rows of ``plan_ids`` at ``revision``, kept per database, revision, plans and language
    (a revision's figures and plans never change; the titles are the plans' at that revision)."""
    plans = [
        (plan_id, title, plan_snapshot(db, revision, plan_id)) for plan_id, title in zip(plan_ids, _titles, strict=True)
    ]
    return compare_rows(plans, lang)


def compare_html(rows, plans: list[tuple[str, str]], lang: str) -> str:
    """The table: ``rows`` (compare_rows) by indicator, a column per plan of ``plans`` ((plan_id, title))."""
    head = f"<th>{escape(t('indicator', lang))}</th>" + "".join(f"<th>{escape(title)}</th>" for _, title in plans)
    body = []
    for _, own in rows.groupby("indicator_id", sort=False):
        cells = [f"<td>{escape(own['indicator'].iloc[0])}</td>"]
        for plan_id, title in plans:
            targets = own[own["plan_id"] == plan_id]
            lines = [
                f"<p>{escape(target)} {_badge(STATUS[status][lang], MATERIAL_ICON[status], STATUS[status]['hex'])}</p>"
                for target, status in zip(targets["target"], targets["status"], strict=True)
            ] or [f'<p class="tt-none">{NOT_IN_PLAN}</p>']
            cells.append(f'<td><span class="tt-plan-name">{escape(title)}</span>{"".join(lines)}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="tt-compare"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def render(view: View) -> None:
    lang = view.lang
    st.header(t("page_compare", lang))
    if len(view.plans) < 2 or view.snapshot.revision is None:
        st.info(t("compare_one_plan", lang), icon=":material/compare_arrows:")
        return
    st.caption(t("compare_intro", lang, rev=view.snapshot.revision))
    plans = [(p.plan_id, p.title(lang)) for p in view.plans]
    rows = comparison(
        database_url(), view.snapshot.revision, tuple(p for p, _ in plans), lang, tuple(n for _, n in plans)
    )
    if rows.empty:
        st.info(t("compare_none", lang))
        return
    st.html(one_line(COMPARE_CSS + compare_html(rows, plans, lang)))


if __name__ == "__main__":
    render(current())
