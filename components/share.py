"""The share control (the full link to this view, latest or pinned to a revision) and the banner of a pinned view.

A link is the page's address plus the query parameters that make the view: lang, plan, indicator, milestone, growth
(only non-default ones: the pages leave defaults out of the URL) and, when pinned, rev.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import json
import os
from urllib.parse import urlencode, urlsplit

import streamlit as st

from components.view import View, show_latest
from tracker import clock
from tracker.i18n import t

# The query parameters that make a view, in the order a link shows them.
VIEW_PARAMS = ("lang", "plan", "indicator", "milestone", "growth")


def configured_public_url() -> str:
    """The address colleagues reach the app at, for a server behind a proxy: TRACKER_PUBLIC_URL, else
    ``public_url`` in .streamlit/secrets.toml; "" when neither is set (the browser's address is used)."""
    if os.environ.get("TRACKER_PUBLIC_URL"):
        return os.environ["TRACKER_PUBLIC_URL"]
    try:
        return str(st.secrets.get("public_url", "") or "")
    except FileNotFoundError:  # no secrets.toml at all
        return ""


def page_address(page_path: str, public_url: str = "", context_url: str | None = None, base_path: str = "") -> str:
    """The address of the page at ``page_path`` ("" for the home page), without a query string.

    A configured ``public_url`` wins (a proxy's address with its base path); else the origin the browser is at
    (``st.context.url``) with the server's ``base_path`` and the page's own path, so that a visitor who typed
    /overview for the home page still shares a link that opens; else a path from the site's root.
    """
    if public_url:
        return public_url.rstrip("/") + "/" + page_path
    prefix = "/" + "".join(part + "/" for part in base_path.split("/") if part)
    if context_url:
        scheme, _, rest = context_url.split("?", 1)[0].partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}{prefix}{page_path}"
    return prefix + page_path


def share_link(address: str, params: dict[str, str], revision: int | None = None) -> str:
    """``address`` with the view's query parameters from ``params`` (others dropped) and ``rev`` when pinned."""
    query = [(key, str(params[key])) for key in VIEW_PARAMS if params.get(key) not in (None, "")]
    if revision is not None:
        query.append(("rev", str(revision)))
    return address + ("?" + urlencode(query) if query else "")


def current_address(page_path: str) -> str:
    """The address of this page as colleagues should open it."""
    return page_address(page_path, configured_public_url(), st.context.url, st.get_option("server.baseUrlPath"))


def home_address() -> str:
    """The address of the home page (the overview), whatever page this is."""
    return current_address("")


def share_control(view: View) -> str:
    """The link to this view with a copy button, and a choice between the latest figures and this revision.

    Returns the link shown.
    """
    lang = view.lang
    address = current_address(view.page)
    revision = view.snapshot.revision
    pinned = None
    if revision is None:  # the shipped figures, no store: nothing to pin
        st.caption(t("share_no_store", lang))
    else:
        choice = st.radio(
            t("share_mode", lang),
            ["latest", "pinned"],
            index=1 if view.pinned else 0,
            format_func=lambda c: t("share_latest", lang) if c == "latest" else t("share_pinned", lang, rev=revision),
            key=f"_share_mode_{revision}_{int(view.pinned)}",
        )
        pinned = revision if choice == "pinned" else None
    link = share_link(address, view.link_params, pinned)
    host = local_host(link)
    if host:
        st.warning(t("share_local", lang, host=host), icon=":material/wifi_off:")
    st.code(link, language=None, wrap_lines=True)
    copy_button(link, lang)
    st.caption(t("share_help", lang))
    return link


def local_host(link: str) -> str:
    """The host of ``link`` when only this machine can open it (localhost, 127.x.x.x, ::1), else ""."""
    host = urlsplit(link).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return host
    try:
        return host if ipaddress.ip_address(host).is_loopback else ""
    except ValueError:
        return ""


# A plain button, always visible (st.code's own copy button shows only while hovered, so never on a touch screen).
# The clipboard API needs a secure context (https or localhost); elsewhere the link is copied from a selected text
# field, and when even that fails the button says to copy the link by hand.
COPY_HTML = """<div class="tracker-copy">
<button type="button" id="{id}" data-link="{link}" data-done="{done}" data-failed="{failed}"
 style="width:100%;padding:0.375rem 0.75rem;border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;
 background:transparent;color:inherit;font:inherit;cursor:pointer;min-height:2.5rem">{label}</button>
<div role="status" aria-live="polite" style="font-size:0.875rem;opacity:0.7;margin-top:0.25rem"></div>
</div>
<script>
(function () {{
  const button = document.getElementById({id_js});
  if (!button || button.dataset.ready) return;
  button.dataset.ready = "1";
  const said = button.nextElementSibling;
  function fallback(text) {{
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "absolute";
    field.style.opacity = "0";
    button.parentNode.appendChild(field);
    field.select();
    let ok = false;
    try {{ ok = document.execCommand("copy"); }} catch (e) {{ ok = false; }}
    field.remove();
    return ok;
  }}
  button.addEventListener("click", function () {{
    const text = button.dataset.link;
    const done = function () {{ said.textContent = button.dataset.done; }};
    const failed = function () {{ said.textContent = fallback(text) ? button.dataset.done : button.dataset.failed; }};
    if (navigator.clipboard && window.isSecureContext) {{
      navigator.clipboard.writeText(text).then(done, failed);
    }} else {{
      failed();
    }}
  }});
}})();
</script>"""


def copy_button(link: str, lang: str) -> None:
    """A visible "Copy link" button that puts ``link`` on the clipboard, and says so."""
    element_id = "tracker-copy-" + hashlib.sha1(link.encode("utf-8")).hexdigest()[:10]
    st.html(
        COPY_HTML.format(
            id=element_id,
            id_js=json.dumps(element_id),
            link=html.escape(link, quote=True),
            label=html.escape(t("share_copy", lang)),
            done=html.escape(t("share_copied", lang), quote=True),
            failed=html.escape(t("share_copy_failed", lang), quote=True),
        ),
        unsafe_allow_javascript=True,
    )


def revision_banner(view: View) -> None:
    """When the view is pinned to an older revision: "as of revision N (date) — newer figures exist", and a button
    that drops ``rev`` from the address (the same page and view, at the latest figures)."""
    if not view.pinned:
        return
    from components.notes import newer_figures

    lang = view.lang
    created = getattr(view.revision_info, "created_at", None)
    # The revision's day in Beijing, as every time the app shows (a revision stored at 18:13 UTC is the next day).
    date = created.astimezone(clock.zone()).date().isoformat() if hasattr(created, "astimezone") else "—"
    if newer_figures(view):
        text = t("banner_pinned", lang, rev=view.snapshot.revision, date=date, latest=view.latest_revision)
        st.warning(text, icon=":material/history:")
    else:  # issue 13: the revisions since only wrote notes: no "newer figures exist"
        st.caption(t("banner_pinned_notes", lang, rev=view.snapshot.revision, date=date, latest=view.latest_revision))
    # A button, not st.page_link: a page link to the page being shown changes the view but leaves the old
    # address (with rev) in the browser's address bar.
    st.button(t("banner_latest", lang), icon=":material/update:", on_click=show_latest, key="_show_latest")
