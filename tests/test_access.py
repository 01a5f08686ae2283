"""Who may edit: the visitor's address (IPv4, IPv6, IPv4-mapped, proxied), the server's listening address, and the
backoff after wrong passcodes, as tables of cases with an injected clock."""

from __future__ import annotations

import logging

import pytest

from tracker.access import PasscodeThrottle, is_loopback, listens_beyond_loopback, visitor_is_local

BROWSER = ["Host", "User-Agent", "Accept"]  # a real connection always carries headers


@pytest.mark.parametrize(
    ("ip_address", "headers", "local"),
    [
        (None, BROWSER, True),  # Streamlit reports 127.0.0.1 and ::1 as None
        (None, [], False),  # no browser connection at all (AppTest)
        ("127.0.0.1", BROWSER, True),
        ("127.8.9.10", BROWSER, True),
        ("::1", BROWSER, True),
        ("::ffff:127.0.0.1", BROWSER, True),  # a dual-stack server's IPv4 visitor on this machine (issue 9)
        ("::ffff:7f00:1", BROWSER, True),
        ("[::ffff:127.0.0.1]", BROWSER, True),
        ("::ffff:10.0.0.5", BROWSER, False),
        ("::ffff:192.168.1.20", BROWSER, False),
        ("10.0.0.5", BROWSER, False),
        ("192.168.1.20", BROWSER, False),
        ("2001:db8::1", BROWSER, False),
        ("fe80::1%eth0", BROWSER, False),
        ("0.0.0.0", BROWSER, False),
        ("not an address", BROWSER, False),
        ("", BROWSER, False),
        # Proxied: never local, whatever the proxy's own address.
        (None, [*BROWSER, "X-Forwarded-For"], False),
        ("127.0.0.1", [*BROWSER, "X-Forwarded-For"], False),
        ("::ffff:127.0.0.1", [*BROWSER, "x-forwarded-for"], False),
        ("::1", [*BROWSER, "X-Real-Ip"], False),
        ("127.0.0.1", [*BROWSER, "Forwarded"], False),
        ("127.0.0.1", [*BROWSER, "X-Forwarded-Host"], False),
        ("127.0.0.1", [*BROWSER, "Via"], False),
    ],
)
def test_visitor_is_local(ip_address, headers, local):
    assert visitor_is_local(ip_address, headers) is local


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("::ffff:127.1.2.3", True),
        ("::ffff:8.8.8.8", False),
        ("8.8.8.8", False),
        ("::", False),
        (None, False),
        ("", False),
        ("localhost", False),
    ],
)
def test_is_loopback(address, loopback):
    assert is_loopback(address) is loopback


@pytest.mark.parametrize(
    ("server_address", "beyond"),
    [
        ("", True),  # Streamlit's default: every interface
        (None, True),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.20", True),
        ("tracker.example.org", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("localhost", False),
        ("::ffff:127.0.0.1", False),
    ],
)
def test_listens_beyond_loopback(server_address, beyond):
    assert listens_beyond_loopback(server_address) is beyond


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# Each case: steps of (seconds passed, client, "fail" / "ok"), then the waits expected for some clients.
THROTTLE_CASES = [
    ("four wrong guesses cost nothing", [(0, "a", "fail")] * 4, {"a": 0.0}),
    ("the fifth blocks for 5 s", [(0, "a", "fail")] * 5, {"a": 5.0, "b": 0.0}),
    ("then the delay doubles", [(0, "a", "fail")] * 7, {"a": 20.0}),
    ("up to five minutes", [(0, "a", "fail")] * 20, {"a": 300.0}),
    ("the wait runs down", [(0, "a", "fail")] * 5 + [(3, "a", "wait")], {"a": 2.0}),
    (
        "after the wait one more guess is allowed, and it waits longer",
        [(0, "a", "fail")] * 5 + [(5, "a", "fail")],
        {"a": 10.0},
    ),
    (
        "a client who gives the passcode starts afresh",
        [(0, "a", "fail")] * 6 + [(0, "a", "ok"), (0, "a", "fail")],
        {"a": 0.0},
    ),
    ("fifteen quiet minutes are forgotten", [(0, "a", "fail")] * 5 + [(901, "a", "fail")], {"a": 0.0}),
    ("other clients are not blocked by one", [(0, "a", "fail")] * 10, {"a": 160.0, "b": 0.0}),
    (
        "many addresses: 30 failures in all block everyone for 1 s",
        [(0, f"10.0.0.{n}", "fail") for n in range(30)],
        {"10.0.0.0": 1.0, "someone else": 1.0},
    ),
    (
        "and the global delay doubles up to a minute",
        [(0, f"10.0.0.{n}", "fail") for n in range(40)],
        {"someone else": 60.0},
    ),
    (
        "29 failures from many addresses block nobody",
        [(0, f"10.0.0.{n}", "fail") for n in range(29)],
        {"someone else": 0.0, "10.0.0.3": 0.0},
    ),
]


@pytest.mark.parametrize(("steps", "expected"), [c[1:] for c in THROTTLE_CASES], ids=[c[0] for c in THROTTLE_CASES])
def test_passcode_throttle(steps, expected):
    clock = Clock()
    throttle = PasscodeThrottle(clock=clock)
    for passed, client, action in steps:
        clock.now += passed
        if action == "fail":
            throttle.failed(client)
        elif action == "ok":
            throttle.succeeded(client)
    assert {client: throttle.wait_s(client) for client in expected} == expected


def test_throttle_table_stays_bounded_and_failures_are_logged(caplog):
    clock = Clock()
    throttle = PasscodeThrottle(clock=clock, max_clients=100, global_free=10**9)
    with caplog.at_level(logging.WARNING, logger="tracker.access"):
        for n in range(1000):
            throttle.failed(f"2001:db8::{n:x}")
    assert len(throttle._failures) <= 101  # the clients kept, plus the global count
    assert "wrong editor passcode from 2001:db8::3e7" in caplog.text
