"""Alerts (issue 13): which status moves are alerts, the configuration, the outbox (once per alert and channel,
claimed by one sender, retried with a bounded backoff), and delivery to a loopback webhook receiver (http.server)
and a loopback SMTP server (aiosmtpd): the message arrives once with the right content, and a receiver that is
down loses neither the alert nor the commit."""

from __future__ import annotations

import json
import socket
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pandas as pd
import pytest

from tracker import alerts
from tracker.cli import main
from tracker.snapshot import store_snapshot

pytest_plugins = ["store_fixtures"]
TODAY = datetime(2026, 12, 1).date()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    """A webhook receiver on loopback in a thread: keeps every JSON body POSTed to it."""

    def __init__(self, port: int | None = None, answer: dict | None = None):
        self.bodies: list = []
        received, reply = self.bodies, json.dumps(answer or {"errcode": 0}).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers["Content-Length"])
                received.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", port or 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def smtp_server():
    """aiosmtpd on a loopback port: the messages it received, with login accepted for user/secret."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    class Handler:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            self.messages.append(
                (envelope.rcpt_tos, envelope.content.decode("utf-8", "replace"), session.authenticated)
            )
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=auth_data.login == b"user" and auth_data.password == b"secret")

    handler = Handler()
    port = free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, authenticator=authenticator, auth_require_tls=False
    )
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def webhook_config(url: str, style: str = "wecom", indicators=("*",), **extra) -> alerts.AlertConfig:
    hook = {"name": "group", "url": url, "style": style, "indicators": list(indicators)}
    return alerts.load_config({"webhook": [hook], "base_url": "https://stats.example.internal/tracker", **extra})


def worsen_gdp(store) -> int:
    """A revision that lowers the zone's 2023 GDP below its 2022 baseline: its doubling targets worsen."""
    rows = pd.DataFrame({"indicator_id": ["gdp"], "period": ["2023"], "value": [1500.0]})
    return store.commit(rows, "王芳", "2023年GDP修订", None)


@pytest.mark.parametrize(
    ("old", "new", "alert"),
    [
        ("on_track", "acceleration_needed", True),
        ("acceleration_needed", "limited_progress", True),
        ("limited_progress", "deterioration", True),
        ("achieved", "on_track", True),
        ("not_assessed", "missed", True),
        ("on_track", "missed", True),
        ("acceleration_needed", "on_track", False),
        ("on_track", "on_track", False),
        ("missed", "missed", False),
        ("on_track", "not_assessed", False),
        ("not_assessed", "deterioration", False),
        (None, "deterioration", False),
    ],
)
def test_which_status_moves_are_alerts(old, new, alert):
    assert alerts.worsened(old, new) is alert


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ({"webhook": [{"name": "a"}]}, "no url"),
        ({"webhook": [{"name": "a", "url": "http://x", "style": "slack"}]}, "unknown style"),
        ({"webhook": [{"name": "a", "url": "http://x", "body_template": "{not json"}]}, "not JSON"),
        ({"email": [{"name": "m", "to": ["a@example.org"]}]}, "no [alerts.smtp] host"),
        ({"email": [{"name": "m"}], "smtp": {"host": "h"}}, "no recipients"),
    ],
)
def test_a_configuration_that_cannot_be_used_says_which_entry(section, problem):
    with pytest.raises(alerts.AlertConfigError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        alerts.load_config(section)


@pytest.mark.parametrize(
    ("style", "path"),
    [("wecom", ("text", "content")), ("dingtalk", ("text", "content")), ("feishu", ("content", "text"))],
)
def test_group_bot_styles_put_the_text_where_the_bot_reads_it(style, path):
    payload = {"subject": "s", "text": 'a "quoted" line\nand $more {braces}', "link": "l"}
    body = alerts.webhook_body(alerts.STYLES[style], payload)
    json.dumps(body)  # still JSON
    assert body[path[0]][path[1]] == payload["text"]


def test_a_configured_body_template_is_filled(tmp_path):
    config = alerts.load_config(
        {"webhook": [{"url": "http://x", "body_template": '{"msg": {"title": "$subject", "url": "$link"}}'}]}
    )
    body = alerts.webhook_body(config.channels[0].body, {"subject": "S", "text": "T", "link": "L"})
    assert body == {"msg": {"title": "S", "url": "L"}}


def test_nothing_is_queued_or_sent_when_nothing_is_configured(store):
    revision = worsen_gdp(store)
    config = alerts.load_config(None)
    assert alerts.revision_alerts(store, revision, config), "the revision does worsen a status"
    assert alerts.after_commit(store, revision, config) is None
    assert alerts.enqueue(store, alerts.revision_alerts(store, revision, config), config) == 0
    assert alerts.outbox(store) == []


def test_a_worsening_revision_names_the_target_old_and_new_status_the_cause_and_a_pinned_link(store):
    revision = worsen_gdp(store)
    config = webhook_config("http://127.0.0.1:9/hook")
    before = store_snapshot(store, revision - 1).status
    after = store_snapshot(store, revision).status
    expected = {
        (r.indicator_id, r.target_period)
        for r in after.itertuples()
        if isinstance(r.target_period, str)
        and alerts.worsened(
            before.set_index(["indicator_id", "target_period"]).loc[(r.indicator_id, r.target_period), "status"],
            r.status,
        )
    }
    found = alerts.revision_alerts(store, revision, config)
    assert {(a.indicator_id, a.period) for a in found} == expected and ("gdp", "2028") in expected
    alert = next(a for a in found if (a.indicator_id, a.period) == ("gdp", "2028"))
    text = alert.text()
    assert text.index("高新区地区生产总值") < text.index("Zone GDP"), "Chinese first, then English"
    old = before.set_index(["indicator_id", "target_period"]).loc[("gdp", "2028"), "status"]
    new = after.set_index(["indicator_id", "target_period"]).loc[("gdp", "2028"), "status"]
    for lang in ("zh", "en"):
        assert f"{alerts.STATUS[old][lang]} → {alerts.STATUS[new][lang]}" in text
    assert "2023" in text, "the cause names the revised figure (or the revision)"
    assert f"https://stats.example.internal/tracker/indicator?indicator=gdp&rev={revision}" in text


def test_a_webhook_alert_arrives_once_with_its_content(store):
    revision = worsen_gdp(store)
    with Receiver() as receiver:
        config = webhook_config(receiver.url, indicators=["gdp"])
        done = alerts.after_commit(store, revision, config)
        assert alerts.after_commit(store, revision, config).sent == 0, "a second run sends nothing again"
        alerts.deliver(store, config)
    gdp_alerts = [a for a in alerts.revision_alerts(store, revision, config) if a.indicator_id == "gdp"]
    assert done.sent == len(gdp_alerts) == len(receiver.bodies) >= 1
    texts = sorted(body["text"]["content"] for body in receiver.bodies)
    assert texts == sorted(a.text() for a in gdp_alerts)
    assert all(body["msgtype"] == "text" for body in receiver.bodies)
    assert {row["state"] for row in alerts.outbox(store)} == {"sent"}


def test_only_the_indicators_a_channel_wants_reach_it(store):
    revision = worsen_gdp(store)
    config = webhook_config("http://127.0.0.1:9/hook", indicators=["rd_intensity"])
    alerts.enqueue(store, alerts.revision_alerts(store, revision, config), config)
    assert alerts.outbox(store) == []


def test_two_senders_at_once_send_each_alert_once(store):
    revision = worsen_gdp(store)
    with Receiver() as receiver:
        config = webhook_config(receiver.url)
        queued = alerts.enqueue(store, alerts.revision_alerts(store, revision, config), config)
        barrier = threading.Barrier(2)
        results = []

        def sender():
            barrier.wait()
            results.append(alerts.deliver(store, config))

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert queued >= 1
    assert sum(r.sent for r in results) == queued == len(receiver.bodies)


def test_a_down_receiver_loses_neither_the_alert_nor_the_commit_and_it_is_retried_later(store, caplog):
    port = free_port()  # nothing listens there yet
    revision = worsen_gdp(store)
    config = webhook_config(f"http://127.0.0.1:{port}/hook")
    start = datetime.now(UTC)
    done = alerts.after_commit(store, revision, config)
    assert store.latest_revision() == revision and store.revision(revision).comment == "2023年GDP修订"
    rows = alerts.outbox(store)
    assert rows and done.retrying == len(rows) and done.sent == 0
    assert all(r["state"] == "pending" and r["attempts"] == 1 and r["last_error"] for r in rows)
    assert "not delivered" in caplog.text
    assert alerts.deliver(store, config, now=start).sent == 0, "not before the backoff"
    with Receiver(port) as receiver:
        later = start + alerts.backoff(1) + timedelta(seconds=5)
        assert alerts.deliver(store, config, now=later).sent == len(rows)
        assert alerts.deliver(store, config, now=later + timedelta(days=1)).sent == 0
    assert len(receiver.bodies) == len(rows)


def test_retries_are_bounded(store):
    revision = worsen_gdp(store)
    config = webhook_config(f"http://127.0.0.1:{free_port()}/hook", max_attempts=2)
    alerts.enqueue(store, alerts.revision_alerts(store, revision, config), config)
    now = datetime.now(UTC)
    for attempt in range(4):
        alerts.deliver(store, config, now=now + timedelta(days=attempt))
    rows = alerts.outbox(store)
    assert {(r["state"], r["attempts"]) for r in rows} == {("failed", 2)}


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (20, alerts.BACKOFF_CAP_S)])
def test_backoff_grows_and_is_capped(attempts, seconds):
    assert alerts.backoff(attempts) == timedelta(seconds=seconds)


def test_a_bot_that_answers_an_error_code_is_a_failed_delivery(store):
    revision = worsen_gdp(store)
    with Receiver(answer={"errcode": 93000, "errmsg": "invalid webhook url"}) as receiver:
        config = webhook_config(receiver.url)
        done = alerts.after_commit(store, revision, config)
    assert done.sent == 0 and done.retrying >= 1
    assert "93000" in alerts.outbox(store)[0]["last_error"]


@pytest.mark.parametrize("login", [False, True])
def test_an_email_alert_arrives_once_with_both_languages(store, smtp_server, login):
    handler, port = smtp_server
    smtp = {"host": "127.0.0.1", "port": port, "security": "none", "sender": "tracker@example.internal"}
    if login:
        smtp.update(username="user", password="secret")
    config = alerts.load_config(
        {"smtp": smtp, "email": [{"name": "office", "to": ["wang@example.internal"], "indicators": "gdp"}]}
    )
    revision = worsen_gdp(store)
    done = alerts.after_commit(store, revision, config)
    alerts.deliver(store, config)
    wanted = [a for a in alerts.revision_alerts(store, revision, config) if a.indicator_id == "gdp"]
    assert done.sent == len(wanted) == len(handler.messages) >= 1
    recipients, content, authenticated = handler.messages[0]
    assert recipients == ["wang@example.internal"] and bool(authenticated) is login
    import email

    message = email.message_from_string(content)
    body = message.get_payload(decode=True).decode("utf-8")
    assert "高新区地区生产总值" in body and "Zone GDP" in body
    assert "Target alert" in str(email.header.make_header(email.header.decode_header(message["Subject"])))


def test_a_wrong_smtp_login_is_retried_not_lost(store, smtp_server):
    _, port = smtp_server
    smtp = {"host": "127.0.0.1", "port": port, "security": "none", "username": "user", "password": "wrong"}
    config = alerts.load_config({"smtp": smtp, "email": [{"to": "wang@example.internal"}]})
    done = alerts.after_commit(store, worsen_gdp(store), config)
    assert done.sent == 0 and done.retrying >= 1
    assert all(r["state"] == "pending" for r in alerts.outbox(store))


def test_after_commit_never_raises(store, monkeypatch, caplog):
    revision = worsen_gdp(store)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(alerts, "revision_alerts", broken)
    assert alerts.after_commit(store, revision, webhook_config("http://127.0.0.1:9/hook")) is None
    assert "boom" in caplog.text and store.latest_revision() == revision


def test_overdue_alerts_are_once_per_indicator_and_period(store):
    config = webhook_config("http://127.0.0.1:9/hook")
    found = alerts.overdue_alerts(store, config, TODAY)
    overdue = [a for a in found if a.kind == "overdue"]
    assert overdue, "figures are overdue on 2026-12-01"
    first = alerts.enqueue(store, found, config)
    assert (
        first == len({a.key for a in found})
        and alerts.enqueue(store, alerts.overdue_alerts(store, config, TODAY), config) == 0
    )
    gdp = next(a for a in overdue if a.indicator_id == "gdp")
    assert "逾期" in gdp.text() and "overdue" in gdp.text()


def write_secrets(tmp_path, url: str) -> str:
    path = tmp_path / "secrets.toml"
    path.write_text(
        f'[alerts]\nbase_url = "https://stats.example.internal/tracker"\n'
        f'[[alerts.webhook]]\nname = "group"\nurl = "{url}"\nstyle = "dingtalk"\n',
        encoding="utf-8",
    )
    return str(path)


def test_the_alerts_commands(fresh_store, db_url, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "2026-12-01")
    revision = worsen_gdp(fresh_store)
    with Receiver() as receiver:
        secrets = write_secrets(tmp_path, receiver.url)
        assert main(["alerts", "--since", "1", "--dry-run", "--secrets", secrets]) == 0
        out = capsys.readouterr().out
        assert "gdp" in out and "webhook:group" in out and "dry run" in out
        assert receiver.bodies == [] and alerts.outbox(fresh_store) == []
        assert main(["alerts", "--since", str(revision - 1), "--secrets", secrets]) == 0
        sent = len(receiver.bodies)
        assert sent >= 1 and "sent" in capsys.readouterr().out
        assert main(["alerts", "--overdue", "--secrets", secrets]) == 0
        assert len(receiver.bodies) > sent
        total = len(receiver.bodies)
        assert main(["alerts", "--overdue", "--secrets", secrets]) == 0
        assert main(["alerts", "send", "--secrets", secrets]) == 0
        assert len(receiver.bodies) == total, "each alert once"
    assert all(body["msgtype"] == "text" for body in receiver.bodies)
    assert main(["alerts", "--since", "1", "--secrets", str(tmp_path / "none.toml")]) == 0
    assert "no alert channel is configured" in capsys.readouterr().out


def test_an_import_from_the_cli_sends_its_alerts_after_the_commit(fresh_store, db_url, tmp_path, capsys, monkeypatch):
    upload = tmp_path / "gdp.csv"
    upload.write_text("indicator_id,period,value\ngdp,2023,1500\n", encoding="utf-8")
    port = free_port()
    monkeypatch.setenv("TRACKER_SECRETS_FILE", write_secrets(tmp_path, f"http://127.0.0.1:{port}/hook"))
    assert main(["import", str(upload), "--author", "wang"]) == 0, "a down receiver does not fail the import"
    revision = fresh_store.latest_revision()
    assert fresh_store.revision(revision).author == "wang"
    assert {r["state"] for r in alerts.outbox(fresh_store)} == {"pending"}
    with Receiver(port) as receiver:
        later = datetime.now(UTC) + timedelta(hours=1)
        assert alerts.deliver(fresh_store, alerts.config_from_file(), now=later).sent == len(receiver.bodies) >= 1


def test_the_example_secrets_file_documents_a_working_alerts_section():
    """Uncommented, the [alerts] lines of .streamlit/secrets.toml.example are a configuration load_config takes."""
    import re
    import tomllib

    from tracker.store import PROJECT_ROOT

    text = (PROJECT_ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    block = text[text.index("# [alerts]") :]
    lines = [line[2:] for line in block.splitlines() if re.match(r"# (\[|\w+ = )", line)]
    config = alerts.load_config(tomllib.loads("\n".join(lines))["alerts"])
    assert [c.kind for c in config.channels] == ["webhook", "webhook", "email"]
    assert config.smtp["security"] == "starttls" and config.base_url


def upload_and_store(app, alerts_section: dict):
    """An editor's upload on the page that lowers gdp 2023 (its targets worsen), with [alerts] in the secrets."""
    from tests.test_upload_page import fill_and_store, unlocked

    at = unlocked(app, "upload", "en", alerts=alerts_section)
    at.file_uploader(key="upload").upload("gdp.csv", b"indicator_id,period,value\ngdp,2023,1500\n", "text/csv").run()
    return fill_and_store(at, "王芳", "2023年GDP修订")


def wait_for(condition, seconds: float = 20.0) -> bool:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_an_upload_on_the_page_sends_its_alerts_after_the_commit(app, db_url):
    from tracker.store import Store

    with Receiver() as receiver:
        section = {"webhook": [{"name": "g", "url": receiver.url, "style": "feishu", "indicators": ["gdp"]}]}
        at = upload_and_store(app, section)
        assert not at.exception and [s for s in at.success if "Stored as revision 2" in s.value]
        store = Store(db_url)
        assert wait_for(lambda: {r["state"] for r in alerts.outbox(store)} == {"sent"})
        wanted = [a for a in alerts.revision_alerts(store, 2, alerts.load_config(section)) if a.indicator_id == "gdp"]
        store.close()
    assert sorted(b["content"]["text"] for b in receiver.bodies) == sorted(a.text() for a in wanted)


def test_a_receiver_that_is_down_does_not_fail_the_pages_upload(app, db_url):
    from tracker.store import Store

    section = {"webhook": [{"name": "g", "url": f"http://127.0.0.1:{free_port()}/hook"}]}
    at = upload_and_store(app, section)
    assert not at.exception and [s for s in at.success if "Stored as revision 2" in s.value]
    store = Store(db_url)
    assert store.revision(2).comment == "2023年GDP修订"
    assert wait_for(lambda: alerts.outbox(store) and {r["state"] for r in alerts.outbox(store)} == {"pending"})
    store.close()


def test_a_restore_on_the_history_page_sends_its_alerts(app, db_url):
    """A restore is a commit from the page too: restoring revision 1 after gdp 2023 was raised lowers the figure
    again (the doubling targets move back), and the alerts of that revision arrive once."""
    from tests.test_upload_page import unlocked
    from tracker.store import Store

    with Store(db_url) as store:  # revision 2: gdp 2023 raised well above the shipped 1,767.3
        store.commit(
            pd.DataFrame([{"indicator_id": "gdp", "period": "2023", "value": 2300.0, "note": "", "source": "t"}]),
            author="a",
            comment="raised",
            base_revision=1,
        )
    with Receiver() as receiver:
        section = {"webhook": [{"name": "g", "url": receiver.url, "style": "feishu", "indicators": ["gdp"]}]}
        at = unlocked(app, "history", "en", alerts=section)
        at.selectbox(key="restore_rev").set_value(1)
        at.text_input(key="restore_author").input("editor")
        [b for b in at.get("form_submit_button") if "1" in b.label][0].click()
        at.run()
        assert not at.exception
        with Store(db_url) as store:
            assert store.latest_revision() == 3
            wanted = [a for a in alerts.revision_alerts(store, 3, alerts.load_config(section))]
            assert wanted, "restoring the lower figure worsens a gdp target"
            assert wait_for(lambda: {r["state"] for r in alerts.outbox(store)} == {"sent"})
        assert sorted(b["content"]["text"] for b in receiver.bodies) == sorted(a.text() for a in wanted)
