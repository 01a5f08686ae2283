"""Alerts from the pages (issue 13): the [alerts] section of the app's secrets, and the alerts of a revision the page
just stored, queued and sent in a background thread so the editor never waits on a webhook or a mail server (the
commit is done before this starts; tracker.alerts.after_commit never raises)."""

from __future__ import annotations

import logging
import os
import threading

import streamlit as st

from tracker import alerts

log = logging.getLogger(__name__)


def _plain(value):
    """st.secrets' sections as plain dicts and lists."""
    if hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def alerts_config() -> alerts.AlertConfig:
    """The [alerts] section of .streamlit/secrets.toml (none: nothing configured)."""
    try:
        section = st.secrets.get("alerts")
        public = os.environ.get("TRACKER_PUBLIC_URL") or str(st.secrets.get("public_url", "") or "")
    except FileNotFoundError:
        return alerts.AlertConfig()
    return alerts.load_config(_plain(section) if section is not None else None, public)


def alert_after_commit(store, revision: int) -> threading.Thread | None:
    """Start queuing and sending the alerts of ``revision`` (already stored) in a thread; None when no channel is
    configured or the configuration cannot be read (logged)."""
    try:
        config = alerts_config()
    except Exception:  # a broken [alerts] section must not touch the upload that just succeeded
        log.exception("the [alerts] section cannot be used; no alert for revision %s", revision)
        return None
    if not config.configured:
        return None
    thread = threading.Thread(
        target=alerts.after_commit, args=(store, revision, config), name=f"alerts-{revision}", daemon=True
    )
    thread.start()
    return thread
