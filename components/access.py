"""The editor gate: viewing needs nothing; uploading and restoring need an editor."""

from __future__ import annotations

import streamlit as st

from tracker.access import is_loopback, passcode_matches
from tracker.i18n import t


def configured_passcode() -> str:
    """``editor_passcode`` from .streamlit/secrets.toml, or "" when none is set."""
    try:
        return str(st.secrets.get("editor_passcode", "") or "")
    except FileNotFoundError:  # no secrets.toml at all
        return ""


def visitor_address() -> str | None:
    """The visitor's IP address, or None when there is no browser connection (as under AppTest).

    ``st.context.ip_address`` reports a visitor on 127.0.0.1 or ::1 as None, the same as no connection at all; a
    real connection always carries request headers, so None with headers is a visitor on this machine.
    """
    address = st.context.ip_address
    headers = st.context.headers
    if headers and any(headers.get(h) for h in ("X-Forwarded-For", "X-Real-Ip", "Forwarded")):
        # Behind a proxy every visitor arrives from the proxy's (often loopback) address, and the forwarded header
        # can be forged: never treat a proxied visitor as local. Set an editor passcode there.
        return None
    if address is None and headers:
        return "127.0.0.1"
    return address


def editor_gate(lang: str) -> bool:
    """True when this visitor may change data; otherwise shows how to become an editor and returns False.

    With a passcode set, the visitor enters it (compared in constant time, remembered for the session). With none
    set, only a visitor on this machine (loopback address) may edit.
    """
    passcode = configured_passcode()
    if passcode:
        if passcode_matches(passcode, st.session_state.get("_editor_passcode", "")):
            return True
        with st.form("editor_login", border=True):
            given = st.text_input(t("passcode", lang), type="password", key="passcode_input")
            if st.form_submit_button(t("passcode_submit", lang)):
                if passcode_matches(passcode, given):
                    st.session_state["_editor_passcode"] = given
                    st.rerun()
                st.error(t("passcode_wrong", lang))
        return False
    if is_loopback(visitor_address()):
        return True
    st.info(t("read_only_visitor", lang), icon=":material/lock:")
    return False
