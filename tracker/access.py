"""Who may change data: an editor passcode compared in constant time, or, with none set, a visitor on this machine."""

from __future__ import annotations

import hmac
import ipaddress


def passcode_matches(expected: str, given: str) -> bool:
    """True when ``given`` equals ``expected``, compared in constant time; never for an empty expected passcode."""
    if not expected:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), (given or "").encode("utf-8"))


def is_loopback(address: str | None) -> bool:
    """True for 127.0.0.0/8 and ::1 (a visitor on the same machine); False for anything else or nothing."""
    if not address:
        return False
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def may_edit(passcode: str | None, given: str | None, address: str | None) -> bool:
    """The rule: with a passcode set, only who gives it; with none set, only a visitor on the loopback address."""
    if passcode:
        return passcode_matches(passcode, given or "")
    return is_loopback(address)
