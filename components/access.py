"""The editor gate: viewing needs nothing; uploading and restoring need an editor."""

from __future__ import annotations

import math

import streamlit as st

from tracker.access import PasscodeThrottle, listens_beyond_loopback, passcode_matches, visitor_is_local
from tracker.departments import access_for_passcode
from tracker.i18n import t


def configured_passcode() -> str:
    """``editor_passcode`` from .streamlit/secrets.toml, or "" when none is set."""
    try:
        return str(st.secrets.get("editor_passcode", "") or "")
    except FileNotFoundError:  # no secrets.toml at all
        return ""


@st.cache_resource(show_spinner=False)
def passcode_throttle() -> PasscodeThrottle:
    """One backoff table for the whole server: every tab and session of one visitor shares its count."""
    return PasscodeThrottle()


def _header_names() -> list[str]:
    headers = st.context.headers
    return [name for name in headers.keys() if isinstance(name, str)] if headers else []


def _connection_address() -> str | None:
    address = st.context.ip_address
    return address if isinstance(address, str) else None  # AppTest hands a mock


def visitor_is_on_this_machine() -> bool:
    """Whether this visitor connects from this machine (never when proxied; never without a browser connection)."""
    return visitor_is_local(_connection_address(), _header_names())


def client_key() -> str:
    """Who is guessing, for the backoff: the connection's address, with the forwarded-for one when proxied (a
    forged header only escapes the per-client count, not the global one)."""
    headers = st.context.headers
    forwarded = (headers.get("X-Forwarded-For") or headers.get("X-Real-Ip") or "") if headers else ""
    forwarded = forwarded if isinstance(forwarded, str) else ""
    address = _connection_address() or ("local" if _header_names() else "no-connection")
    return f"{address} for {forwarded.split(',')[0].strip()}" if forwarded else address


def open_server_warning(lang: str) -> None:
    """Warn an editor when no passcode is set but the server listens beyond loopback: anything that forwards
    connections from this machine (ssh -L, socat, a proxy without forwarded headers) then makes its visitors
    editors."""
    if configured_passcode():
        return
    address = st.get_option("server.address")
    if listens_beyond_loopback(address):
        st.warning(t("open_without_passcode", lang, address=address or "0.0.0.0 / ::"), icon=":material/warning:")


def may_edit() -> bool:
    """Whether this visitor may change data: the passcode entered this session matches, or, with none set, the
    visitor is on this machine (loopback address)."""
    from components.departments import current_access, settings_problems

    if settings_problems():  # issue 14: equal passcodes or an unknown department: nobody signs in
        return False
    signed_in = current_access()  # a sign-in claim of the planning office (issue 14)
    if signed_in is not None and signed_in.is_editor:
        return True
    passcode = configured_passcode()
    if passcode:
        return passcode_matches(passcode, st.session_state.get("_editor_passcode", ""))
    return visitor_is_on_this_machine()


def editor_gate(view) -> bool:
    """True when the visitor may change data (``view.editor``); otherwise shows how to become an editor and
    returns False.

    With a passcode set, the visitor enters it (compared in constant time, remembered for the session; after
    repeated wrong guesses from one address, or from all together, guesses wait a growing delay). With none
    set, only a visitor on this machine (loopback address) may edit.
    """
    if view.editor:
        return True
    from components.departments import PASSCODE_KEY, settings, show_settings_problems, sign_in_button

    lang, passcode = view.lang, configured_passcode()
    if show_settings_problems(lang):  # issue 14: refused at start, with what to fix
        return False
    sign_in_button(lang)  # issue 14: st.login (OIDC) when secrets have [auth]
    config = settings()
    if passcode or config.passcodes:  # the planning office's key, or a department's (issue 14)
        with st.form("editor_login", border=True):
            given = st.text_input(t("passcode", lang), type="password", key="passcode_input")
            if st.form_submit_button(t("passcode_submit", lang)):
                throttle, client = passcode_throttle(), client_key()
                wait = throttle.wait_s(client)
                if wait > 0:  # not compared, not counted
                    st.error(t("passcode_throttled", lang, s=math.ceil(wait)))
                elif passcode_matches(passcode, given):
                    throttle.succeeded(client)
                    st.session_state["_editor_passcode"] = given
                    st.rerun()
                elif (who := access_for_passcode(given, config)) is not None and not who.is_editor:
                    throttle.succeeded(client)
                    st.session_state[PASSCODE_KEY] = given  # a department's door (components/departments.py)
                    st.rerun()
                else:
                    wait = throttle.failed(client)
                    st.error(
                        t("passcode_wrong", lang)
                        + (" " + t("passcode_throttled", lang, s=math.ceil(wait)) if wait > 0 else "")
                    )
        return False
    st.info(t("read_only_visitor", lang), icon=":material/lock:")
    return False
