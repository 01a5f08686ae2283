"""Where a page gets its language and its figures: the store (cached per revision) or, if the database cannot be
opened, the shipped files read-only."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import streamlit as st

from components.widgets import md_escape
from tracker.i18n import LANGS, t
from tracker.snapshot import Snapshot, build_snapshot, shipped_snapshot

log = logging.getLogger(__name__)

# What a link may carry: ASCII digits only (str.isdigit and int() accept "²" and "٣"), and few of them (int() of
# 5,000 digits raises). A revision has at most 9 digits; a rate at most 3 digits and 3 decimals.
REVISION_TEXT = re.compile(r"[0-9]{1,9}")
RATE_TEXT = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3})?")
SHOWN_CHARACTERS = 40  # of a bad value echoed in a notice


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
    """The small notice of an invalid query parameter, in ``language`` or in both (the language is unknown)."""
    value = shown_value(raw)
    if language is None:
        st.caption(t("bad_param", "zh", name=name, value=value) + " / " + t("bad_param", "en", name=name, value=value))
    else:
        st.caption(t("bad_param", language, name=name, value=value))


def lang() -> str:
    """The page language, from the ``lang`` query parameter (Chinese by default or when invalid)."""
    value = st.query_params.get("lang", "zh")
    return value if value in LANGS else "zh"


def current_lang() -> str:
    """The page language, with a small notice when the link carries an invalid one."""
    raw = st.query_params.get("lang")
    if raw is not None and raw not in LANGS:
        bad_param_notice("lang", raw)
    return lang()


def set_lang() -> None:
    """Write the language picked in the sidebar to the URL (left out when it is the default)."""
    choice = st.session_state.get("lang_choice") or "zh"
    if choice == "zh":
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = choice


@st.cache_resource(show_spinner=False)
def get_store(url: str | None):
    """One Store per database URL for the whole server (it holds a connection pool)."""
    from tracker.store import Store

    return Store(url)


# A resource, not data: a snapshot is never changed, and copying a million figures out of the cache on each call
# (what st.cache_data does) would cost more than the page.
@st.cache_resource(show_spinner=False, max_entries=16)
def _store_snapshot(url: str | None, revision: int) -> Snapshot:
    store = get_store(url)
    figures = store.figures(revision)
    return build_snapshot(store.plan(figures), figures, revision)


@st.cache_resource(show_spinner=False)
def _shipped() -> Snapshot:
    return shipped_snapshot()


@dataclass(frozen=True)
class View:
    """The snapshot a page shows and how it relates to the newest figures."""

    snapshot: Snapshot
    latest_revision: int | None
    revision_info: dict | None
    read_only_reason: str | None = None  # set when the database could not be opened

    @property
    def pinned(self) -> bool:
        return self.snapshot.revision is not None and self.snapshot.revision != self.latest_revision


def database_url() -> str | None:
    """TRACKER_DATABASE_URL from the environment, else ``database_url`` in the app's secrets, else the default."""
    import os

    if os.environ.get("TRACKER_DATABASE_URL"):
        return os.environ["TRACKER_DATABASE_URL"]
    try:
        return st.secrets.get("database_url")
    except FileNotFoundError:
        return None


def current_view(notify: bool = True) -> View:
    """The figures for this page: the revision in ``?rev=`` when valid, else the latest.

    An invalid ``rev`` falls back to the latest with a small notice (unless ``notify`` is False: the sidebar asks
    too, and the page already says it); a database that cannot be opened falls back to the shipped figures with
    an error that says so.
    """
    from tracker.store import StoreError

    url = database_url()
    try:
        store = get_store(url)
        latest = store.latest_revision()
    except StoreError as err:
        get_store.clear()
        # The detail names the database (a path, a host): for the server's log, never for a viewer.
        if notify:
            log.warning("database unavailable, showing the shipped figures read-only: %s", err)
            language = lang()
            public = getattr(err, f"public_message_{language}", None) or t("read_only_viewer", language)
            st.error(t("read_only_fallback_public", language, message=public), icon=":material/database:")
        return View(_shipped(), None, None, read_only_reason=str(err))
    revision = latest
    raw = st.query_params.get("rev")
    if raw is not None:
        pinned = parse_revision(raw, latest)
        if pinned is not None:
            revision = pinned
        elif notify:
            bad_param_notice("rev", raw, lang())
    info = store.revision(revision)
    return View(_store_snapshot(url, revision), latest, info)


def url_widget(widget, label: str, param: str, options: list | None, default, parse=str, **kwargs):
    """A widget whose value lives in the URL query parameter ``param`` (left out when it equals ``default``).

    Streamlit's ``bind="query-params"`` matches the URL against a widget's formatted labels, so a selectbox of
    indicator ids shown by name would need the name in the link; this keeps the id. An invalid value falls back to
    ``default`` with a small notice. ``parse`` turns the URL text into a value (float for a slider).
    """
    key = f"_url_{param}"
    raw = st.query_params.get(param)
    value = default
    if raw is not None:
        try:
            parsed = parse(raw)
            valid = parsed in options if options is not None else True
            if options is None and "min_value" in kwargs:
                valid = kwargs["min_value"] <= parsed <= kwargs["max_value"]
        except (TypeError, ValueError, OverflowError):
            valid = False
        if valid:
            value = parsed
        else:
            bad_param_notice(param, raw, lang())

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
