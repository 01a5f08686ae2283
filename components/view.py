"""The view of this rerun, read from the URL once: language, revision, plan and their snapshot, indicator, milestone,
growth, why the database is read-only, whether the visitor may edit. The only module that reads or writes
``st.query_params``: dashboard.py builds the View, the sidebar and the page take it (``current()``).

An invalid value in the link falls back to the default with a small notice that echoes it escaped; the link a
visitor shares carries only the values the page accepted.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.access import may_edit
from components.widgets import md_escape
from tracker.i18n import LANGS, STATUS, t
from tracker.snapshot import Snapshot, blank_snapshot, shipped_snapshot, store_snapshot

log = logging.getLogger(__name__)

DEFAULT_LANG = LANGS[0]
GROWTH_MIN, GROWTH_MAX = 0.0, 20.0  # the doubling page's scenario rate, percent per year
# What a link may carry: ASCII digits only (str.isdigit and int() accept "²" and "٣"), and few of them (int() of
# 5,000 digits raises). A revision has at most 9 digits; a rate at most 3 digits and 3 decimals.
REVISION_TEXT = re.compile(r"[0-9]{1,9}")
RATE_TEXT = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3})?")
SHOWN_CHARACTERS = 40  # of a bad value echoed in a notice
# The query parameters a page reads besides lang and rev (a bad one is noticed only where it is used).
PAGE_PARAMS = {
    "indicator": ("indicator", "milestone"),
    "doubling": ("growth",),
    "": ("status",),
    "overview": ("status",),
}
FIGURELESS_PAGES = ("method",)  # pages that show no figures say nothing of the revision or the database
VIEW_KEY = "_view"


@dataclass(frozen=True)
class PlanChoice:
    """A plan of the store as the picker offers it (issue 12 §3): its id and its title in each language."""

    plan_id: str
    title_zh: str
    title_en: str
    date: str = ""  # the plan's date as its file gives it ("2022-12", "2026-03-01")

    def label(self, lang: str) -> str:
        """The picker's option: the plan's year before its title ("2026年 · 济南高新区“十五五”…"), so that two long
        titles that begin alike stay apart when the picker cuts them."""
        year = self.date[:4] if self.date[:4].isdigit() else ""
        if not year:
            return self.title(lang)
        return f"{year}年 · {self.title(lang)}" if lang == "zh" else f"{year} · {self.title(lang)}"

    def title(self, lang: str) -> str:
        """The title in ``lang``, else the other language's, else the id (a plan file may give one title only)."""
        other = self.title_en if lang == "zh" else self.title_zh
        return (self.title_en if lang == "en" else self.title_zh) or other or self.plan_id


@dataclass(frozen=True)
class View:
    """What this rerun shows. ``indicator`` is always a plan id (the first when the link has none or a bad one);
    ``milestone`` a target period of it or None (all); ``growth`` the doubling scenario in percent (the actual
    rate rounded when the link has none; None without a doubling target)."""

    lang: str
    page: str  # the page's url_path ("" for the home page)
    snapshot: Snapshot
    latest_revision: int | None
    revision_info: object | None  # tracker.store.Revision of snapshot.revision
    indicator: str
    milestone: str | None
    growth: float | None
    link_params: dict[str, str]  # lang, indicator, milestone, growth as the link gave them, valid ones only
    read_only_reason: str | None = None  # set when the database could not be opened (for the log, never shown)
    editor: bool = False  # the visitor may upload and restore
    rev_in_link: bool = False  # the revision shown is the link's ``rev`` (carried to the other pages)
    status: str | None = None  # the overview shows only the targets of this status (tracker.i18n.STATUS key)
    # Issue 12 §3: the plan shown (its id; "" for the shipped files without a store) and the plans of the store at
    # the revision shown, the first (the default) first
    plan_id: str = ""
    plans: tuple[PlanChoice, ...] = ()

    @property
    def blank(self) -> bool:
        """The store opened and holds no plan yet (another zone's new instance): import one first."""
        return self.read_only_reason is None and not self.plans

    @property
    def default_plan(self) -> str:
        return self.plans[0].plan_id if self.plans else ""

    @property
    def plan(self) -> PlanChoice | None:
        """The plan shown, as the picker names it (None without a store)."""
        return next((p for p in self.plans if p.plan_id == self.plan_id), None)

    @property
    def pinned(self) -> bool:
        return self.snapshot.revision is not None and self.snapshot.revision != self.latest_revision

    @property
    def carried(self) -> dict[str, str]:
        """What a link to another page carries: the language, the plan (when not the first) and a pinned revision."""
        kept = {"lang": self.lang} if self.lang != DEFAULT_LANG else {}
        if self.plan_id and self.plan_id != self.default_plan:
            kept["plan"] = self.plan_id
        if self.rev_in_link:
            kept["rev"] = str(self.snapshot.revision)
        return kept


def current() -> View:
    """The View dashboard.py built for this rerun."""
    return st.session_state[VIEW_KEY]


def parse_revision(raw: str | None, latest: int | None) -> int | None:
    """The revision in a link's ``rev`` when it is a stored one (1 to ``latest``), else None."""
    if raw is None or latest is None or not REVISION_TEXT.fullmatch(raw):
        return None
    revision = int(raw)
    return revision if 1 <= revision <= latest else None


def parse_rate(raw: str | None, low: float, high: float) -> float | None:
    """A rate in percent from a link ("12.5"), when it is plain decimal digits between ``low`` and ``high``;
    else None (so "1e-17", "nan", "inf" and "1e308" are refused, not read as floats)."""
    if raw is None or not RATE_TEXT.fullmatch(raw):
        return None
    value = float(raw)
    return value if low <= value <= high else None


def shown_value(raw: object) -> str:
    """A value from the address as a notice may echo it: cut to SHOWN_CHARACTERS and with every markdown character
    escaped (a link's text is the visitor's, and a notice must never plant a link or an image)."""
    text = " ".join(str(raw).split())
    if len(text) > SHOWN_CHARACTERS:
        text = text[:SHOWN_CHARACTERS] + "…"
    return md_escape(text)


def bad_param_notice(name: str, raw: object, language: str | None = None) -> None:
    """The small notice of an invalid query parameter, in ``language`` or in every language (it is unknown)."""
    value = shown_value(raw)
    shown = LANGS if language is None else (language,)
    st.caption(" / ".join(t("bad_param", lang, name=name, value=value) for lang in shown))


def language() -> str:
    """The page language from ``lang`` (Chinese by default), with a notice when the link carries an invalid one."""
    raw = st.query_params.get("lang")
    if raw is None:
        return DEFAULT_LANG
    if raw not in LANGS:
        bad_param_notice("lang", raw)
        return DEFAULT_LANG
    return raw


def set_lang() -> None:
    """Write the language picked in the sidebar to the URL (left out when it is the default)."""
    choice = st.session_state.get("lang_choice") or DEFAULT_LANG
    if choice == DEFAULT_LANG:
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = choice


def show_latest() -> None:
    """Drop ``rev`` from the address: the same page and view, at the latest figures."""
    st.query_params.pop("rev", None)


def database_url() -> str | None:
    """TRACKER_DATABASE_URL from the environment, else ``database_url`` in the app's secrets, else the default."""
    if os.environ.get("TRACKER_DATABASE_URL"):
        return os.environ["TRACKER_DATABASE_URL"]
    try:
        return st.secrets.get("database_url")
    except FileNotFoundError:
        return None


@st.cache_resource(show_spinner=False)
def get_store(url: str | None):
    """One Store per database URL for the whole server (it holds a connection pool)."""
    from tracker.store import Store

    return Store(url)


# A resource, not data: a snapshot is never changed, and copying a million figures out of the cache on each call
# (what st.cache_data does) would cost more than the page.
@st.cache_resource(show_spinner=False, max_entries=16)
def _store_snapshot(url: str | None, revision: int, plan_id: str | None = None) -> Snapshot:
    # Keyed on (database, revision, plan): a revision fixes both the figures and every plan (issue 12).
    if plan_id is None and not _plans(url, revision):  # a blank store: no plan yet (dashboard.py says what to do)
        return blank_snapshot(revision)
    return store_snapshot(get_store(url), revision, plan_id)


def plan_snapshot(url: str | None, revision: int, plan_id: str) -> Snapshot:
    """The snapshot of the plan ``plan_id`` at ``revision`` (cached as the view's own: the compare page reads each
    plan's)."""
    return _store_snapshot(url, revision, plan_id)


@st.cache_resource(show_spinner=False, max_entries=16)
def _plans(url: str | None, revision: int) -> tuple[PlanChoice, ...]:
    """The plans of the store as of ``revision``, the first first (Store.plans)."""
    plans = get_store(url).plans(revision)
    return tuple(
        PlanChoice(
            str(p["plan_id"]), str(p.get("title_zh") or ""), str(p.get("title_en") or ""), str(p.get("date") or "")
        )
        for p in plans.to_dict("records")
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def _revision_info(url: str | None, revision: int):
    """Store.revision of ``revision``: a stored revision's record is never changed (issue 15: read once, not on each
    rerun)."""
    return get_store(url).revision(revision)


def parse_plan(raw: str | None, plans: tuple[PlanChoice, ...]) -> str | None:
    """The plan in a link's ``plan`` when the store held it at the revision shown, else None."""
    return raw if raw is not None and any(p.plan_id == raw for p in plans) else None


@st.cache_resource(show_spinner=False)
def _shipped() -> Snapshot:
    return shipped_snapshot()


def _figures(lang: str, notify: bool) -> tuple[Snapshot, int | None, object | None, str | None, bool, tuple]:
    """(snapshot, latest revision, its Revision, read-only reason, whether ``rev`` chose it, the plans at that
    revision): the revision in ``rev`` when valid, else the latest, and the plan in ``plan`` when the store held it
    then, else the first; the shipped figures read-only when the database cannot be opened (an error says so)."""
    from tracker.store import StoreError

    url = database_url()
    try:
        store = get_store(url)
        latest = store.latest_revision()
    except StoreError as err:
        get_store.clear()
        # The detail names the database (a path, a host): for the server's log, never for a viewer.
        log.warning("database unavailable, showing the shipped figures read-only: %s", err)
        if notify:
            public = getattr(err, f"public_message_{lang}", None) or t("read_only_viewer", lang)
            st.error(t("read_only_fallback_public", lang, message=public), icon=":material/database:")
        return _shipped(), None, None, str(err), False, ()
    revision = latest
    raw = st.query_params.get("rev")
    pinned = None
    if raw is not None:
        pinned = parse_revision(raw, latest)
        if pinned is not None:
            revision = pinned
        elif notify:
            bad_param_notice("rev", raw, lang)
    plans = _plans(url, revision)
    raw_plan = st.query_params.get("plan")
    plan_id = parse_plan(raw_plan, plans)
    if raw_plan is not None and plan_id is None and notify:
        if revision != latest and parse_plan(raw_plan, _plans(url, latest)) is not None:
            # a link pinned to a revision before the plan was imported: say so, and show that revision's first plan
            first = plans[0].title(lang) if plans else "—"
            st.caption(
                t("plan_not_at_revision", lang, plan=shown_value(raw_plan), rev=revision, title=md_escape(first))
            )
        else:
            bad_param_notice("plan", raw_plan, lang)
    return (
        _store_snapshot(url, revision, plan_id or (plans[0].plan_id if plans else None)),
        latest,
        _revision_info(url, revision),
        None,
        raw is not None and pinned is not None,
        plans,
    )


def default_growth(snapshot: Snapshot) -> float | None:
    """The doubling scenario without a link's ``growth``: the actual rate in percent, rounded to 0.1 (10 without
    one); None when the plan has no doubling target."""
    base = snapshot.doubling
    return None if base is None else round((base.actual_rate or 0.1) * 100, 1)


def build(page: str, lang: str) -> View:
    """Read the view of this rerun from the URL, say what falls back, and keep it for ``current()``."""
    params = st.query_params
    used = PAGE_PARAMS.get(page, ())
    snapshot, latest, info, reason, rev_in_link, plans = _figures(lang, notify=page not in FIGURELESS_PAGES)
    kept = {"lang": lang} if lang != DEFAULT_LANG else {}
    plan_id = str(getattr(snapshot.plan, "plan_id", "") or "")
    if plans and plan_id != plans[0].plan_id:
        kept["plan"] = plan_id

    ids = list(snapshot.plan.indicators.index)
    indicator, raw = (ids[0] if ids else ""), params.get("indicator")  # "": a blank store, no plan yet
    if raw in ids:
        indicator = kept["indicator"] = raw
    elif raw is not None and "indicator" in used:
        bad_param_notice("indicator", raw, lang)

    # the indicator's own rows (Snapshot.status_by_indicator, built once per snapshot), not a scan of the table
    periods = [
        str(row["target_period"])
        for row in snapshot.status_by_indicator.get(indicator, [])
        if not pd.isna(row["target_period"])
    ]
    milestone, raw = None, params.get("milestone")
    if raw in periods:
        milestone = kept["milestone"] = raw
    elif raw is not None and "milestone" in used and len(periods) > 1:
        bad_param_notice("milestone", raw, lang)

    base = snapshot.doubling
    growth = default_growth(snapshot)
    raw = params.get("growth")
    rate = parse_rate(raw, GROWTH_MIN, GROWTH_MAX)
    if rate is not None:
        kept["growth"] = raw
        growth = rate if base is not None else None
    elif raw is not None and "growth" in used and base is not None:
        bad_param_notice("growth", raw, lang)

    status, raw = None, params.get("status")
    if raw in STATUS:
        status = kept["status"] = raw
    elif raw is not None and "status" in used:
        bad_param_notice("status", raw, lang)

    view = View(
        lang,
        page,
        snapshot,
        latest,
        info,
        indicator,
        milestone,
        growth,
        kept,
        reason,
        may_edit(),
        rev_in_link,
        status,
        plan_id,
        plans,
    )
    st.session_state[VIEW_KEY] = view
    return view


def page_link(page, params: dict[str, str], **kwargs) -> None:
    """A link to ``page`` carrying ``params`` in its query string (st.page_link)."""
    st.page_link(page, query_params=params or None, **kwargs)


def url_widget(widget, label: str, param: str, value, default, options: list | None = None, **kwargs):
    """A widget showing ``value`` (the View's) whose changes go to the URL query parameter ``param`` (left out
    when it equals ``default``).

    Streamlit's ``bind="query-params"`` matches the URL against a widget's formatted labels, so a selectbox of
    indicator ids shown by name would need the name in the link; this keeps the id.
    """
    key = f"_url_{param}"

    def write_back() -> None:
        chosen = st.session_state.get(key)
        if chosen is None or chosen == default:
            st.query_params.pop(param, None)
        else:
            st.query_params[param] = str(chosen)

    st.session_state[key] = value
    if options is not None:
        return widget(label, options, key=key, on_change=write_back, **kwargs)
    return widget(label, key=key, on_change=write_back, **kwargs)
