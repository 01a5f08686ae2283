"""Where a page gets its language and its figures: the store (cached per revision) or, if the database cannot be
opened, the shipped files read-only."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from tracker.i18n import LANGS, t
from tracker.snapshot import Snapshot, build_snapshot, shipped_snapshot


def lang() -> str:
    """The page language, from the ``lang`` query parameter (Chinese by default or when invalid)."""
    value = st.query_params.get("lang", "zh")
    return value if value in LANGS else "zh"


def current_lang() -> str:
    """The page language, with a small notice when the link carries an invalid one."""
    raw = st.query_params.get("lang")
    if raw is not None and raw not in LANGS:
        st.caption(t("bad_param", "zh", name="lang", value=raw) + " / " + t("bad_param", "en", name="lang", value=raw))
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
        if notify:
            st.error(t("read_only_fallback", lang(), error=str(err)), icon=":material/database:")
        return View(_shipped(), None, None, read_only_reason=str(err))
    revision = latest
    raw = st.query_params.get("rev")
    if raw is not None:
        if raw.isdigit() and 1 <= int(raw) <= latest:
            revision = int(raw)
        elif notify:
            st.caption(t("bad_param", lang(), name="rev", value=raw))
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
        except (TypeError, ValueError):
            valid = False
        if valid:
            value = parsed
        else:
            st.caption(t("bad_param", lang(), name=param, value=raw))

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
