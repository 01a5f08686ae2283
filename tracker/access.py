"""Who may change data: an editor passcode compared in constant time, or, with none set, a visitor on this machine.

Also the backoff after wrong passcodes (PasscodeThrottle): the UI keeps one per server; nothing here is global.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

log = logging.getLogger(__name__)

# A request that came through a proxy carries one of these: its connection address is the proxy's, not the visitor's.
FORWARDED_HEADERS = (
    "x-forwarded-for",
    "x-real-ip",
    "forwarded",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-client-ip",
    "true-client-ip",
    "cf-connecting-ip",
    "via",
)


def passcode_matches(expected: str, given: str) -> bool:
    """True when ``given`` equals ``expected``, compared in constant time; never for an empty expected passcode."""
    if not expected:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), (given or "").encode("utf-8"))


def _ip(address: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address as an ipaddress object (an IPv4-mapped IPv6 address as its IPv4 one); None if not an address."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]").split("%")[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped  # ::ffff:127.0.0.1, as a dual-stack server reports an IPv4 visitor
    return ip


def is_loopback(address: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and ::ffff:127.x.y.z (a visitor on the same machine); False otherwise."""
    ip = _ip(address)
    return ip is not None and ip.is_loopback


def is_proxied(header_names: Iterable[str]) -> bool:
    """True when any of the request's headers says it was forwarded by a proxy."""
    return any(name.lower() in FORWARDED_HEADERS for name in header_names)


def visitor_is_local(ip_address: str | None, header_names: Iterable[str] | None) -> bool:
    """Whether the visitor is on this machine, from Streamlit's ``st.context.ip_address`` and the request headers.

    Streamlit reports 127.0.0.1 and ::1 as None, the same as no connection at all; a real connection always carries
    headers, so None with headers is a local visitor. A proxied request is never local: behind a proxy every
    visitor arrives from the proxy's (often loopback) address, and the forwarded header can be forged.
    """
    names = list(header_names or ())
    if is_proxied(names):
        return False
    if ip_address is None:
        return bool(names)
    return is_loopback(ip_address)


def listens_beyond_loopback(server_address: str | None) -> bool:
    """True when Streamlit's ``server.address`` lets other machines connect: empty (all interfaces), a non-loopback
    address, or a host name other than localhost."""
    if not server_address or not server_address.strip():
        return True
    if server_address.strip().lower() == "localhost":
        return False
    return not is_loopback(server_address)


def may_edit(passcode: str | None, given: str | None, address: str | None) -> bool:
    """The rule: with a passcode set, only who gives it; with none set, only a visitor on the loopback address."""
    if passcode:
        return passcode_matches(passcode, given or "")
    return is_loopback(address)


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0  # clock time of the last failure
    blocked_until: float = 0.0


class PasscodeThrottle:
    """Backoff after wrong passcodes, per client (the visitor's address) and for all clients together.

    The first ``free`` failures cost nothing; each one after that blocks for ``base_s`` doubled per failure, at most
    ``max_s``; over all clients, the first ``global_free`` cost nothing, then ``global_base_s`` doubled, at most
    ``global_max_s`` (a guesser with many addresses). A client with no failure for ``forget_s`` starts afresh; so
    does a client who gives the passcode.
    While blocked, a guess is refused without being compared or counted. Thread-safe (every session of the server
    shares one). ``clock`` is seconds, monotonic (injected by tests).
    """

    GLOBAL = "*"  # the key of the count over every client

    def __init__(
        self,
        free: int = 5,
        base_s: float = 5.0,
        max_s: float = 300.0,
        global_free: int = 30,
        global_base_s: float = 1.0,
        global_max_s: float = 60.0,
        forget_s: float = 900.0,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.free, self.base_s, self.max_s = free, base_s, max_s
        self.global_free, self.global_base_s, self.global_max_s = global_free, global_base_s, global_max_s
        self.forget_s = forget_s
        self.max_clients, self.clock = max_clients, clock
        self._lock = threading.Lock()
        self._failures: dict[str, _Failures] = {}

    def wait_s(self, client: str) -> float:
        """Seconds until ``client`` may try a passcode again; 0 when it may now."""
        now = self.clock()
        with self._lock:
            waits = [
                state.blocked_until - now
                for key in (client, self.GLOBAL)
                if (state := self._failures.get(key)) is not None
            ]
        return max([0.0, *waits])

    def failed(self, client: str) -> float:
        """Record a wrong passcode from ``client``; return how long it must now wait."""
        now = self.clock()
        with self._lock:
            mine = self._count(client, now, self.free, self.base_s, self.max_s)
            every = self._count(self.GLOBAL, now, self.global_free, self.global_base_s, self.global_max_s)
            self._prune(now)
        wait = max(mine.blocked_until, every.blocked_until) - now
        log.warning(
            "wrong editor passcode from %s (%d failures from it, %d in all); next try in %.0f s",
            client,
            mine.count,
            every.count,
            max(wait, 0.0),
        )
        return max(wait, 0.0)

    def succeeded(self, client: str) -> None:
        """The client gave the passcode: its own failures are forgotten (the global count is not)."""
        with self._lock:
            self._failures.pop(client, None)
        log.info("editor passcode accepted from %s", client)

    def _count(self, key: str, now: float, free: int, base_s: float, max_s: float) -> _Failures:
        state = self._failures.get(key)
        if state is None or now - state.last > self.forget_s:
            state = self._failures[key] = _Failures()
        state.count += 1
        state.last = now
        if state.count >= free:
            state.blocked_until = now + min(max_s, base_s * 2 ** (state.count - free))
        return state

    def _prune(self, now: float) -> None:
        """Keep the table bounded: forget stale clients, then the oldest ones (a guesser with many addresses)."""
        if len(self._failures) <= self.max_clients:
            return
        for key in [k for k, s in self._failures.items() if now - s.last > self.forget_s and k != self.GLOBAL]:
            del self._failures[key]
        while len(self._failures) > self.max_clients:
            oldest = next(k for k in self._failures if k != self.GLOBAL)
            del self._failures[oldest]
