"""Alerts (issue 13): a revision that worsens a target's status, a figure becoming overdue or a target period ending
unmet is told to whoever wants that indicator, by webhook (JSON POST: WeCom, DingTalk, Feishu or a plain body) or
e-mail (SMTP with TLS and login), in Chinese and English with a link pinned to the revision.

Alerts go through an outbox (the store's ``alert_outbox``): one row per alert and channel, unique on
(indicator|period|kind, channel), so an alert is queued once however many processes find it. A sender claims a row
with one UPDATE that only one process wins, then marks it sent, or counts the failure and retries it later with a
bounded backoff (``max_attempts``, then it stays ``failed`` with its last error; every failure is logged). The
process that commits runs ``after_commit`` after the commit succeeded: it never raises and never undoes anything.
Nothing is queued or sent when no channel is configured.

Configuration: the ``[alerts]`` section of ``.streamlit/secrets.toml`` (see ``.streamlit/secrets.toml.example``).
"""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
import string
import tomllib
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

from tracker import clock
from tracker.i18n import LANGS, STATUS, t
from tracker.store import PROJECT_ROOT, alert_outbox

log = logging.getLogger(__name__)

SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
# Worse is lower. not_assessed is not on the scale: a target that cannot be assessed has not worsened.
RANK = {"achieved": 5, "on_track": 4, "acceleration_needed": 3, "limited_progress": 2, "deterioration": 1, "missed": 0}
DEFAULT_MAX_ATTEMPTS = 5
BACKOFF_BASE_S = 60  # the first retry after a minute, then 2, 4, 8 … minutes
BACKOFF_CAP_S = 6 * 3600
CLAIM_LEASE_S = 600  # a row claimed by a sender that died is claimed again after this
SEND_TIMEOUT_S = 10
# The JSON body each group-bot style expects; $text, $subject and $link are filled in (in every string value).
STYLES = {
    "wecom": {"msgtype": "text", "text": {"content": "$text"}},
    "dingtalk": {"msgtype": "text", "text": {"content": "$text"}},
    "feishu": {"msg_type": "text", "content": {"text": "$text"}},
    "plain": {"subject": "$subject", "text": "$text", "link": "$link"},
}


# ---- configuration ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Channel:
    """One recipient: ``kind`` "webhook" or "email"; ``indicators`` the ids it wants (empty: every indicator)."""

    kind: str
    name: str
    indicators: tuple[str, ...] = ()
    url: str = ""  # webhook
    body: object = None  # webhook: the JSON template (STYLES or the configured body_template)
    to: tuple[str, ...] = ()  # email

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.name}"

    def wants(self, indicator_id: str) -> bool:
        return not self.indicators or "*" in self.indicators or indicator_id in self.indicators


@dataclass(frozen=True)
class AlertConfig:
    channels: tuple[Channel, ...] = ()
    base_url: str = ""
    smtp: dict = field(default_factory=dict)  # host, port, security (starttls/ssl/none), username, password, sender
    max_attempts: int = DEFAULT_MAX_ATTEMPTS

    @property
    def configured(self) -> bool:
        return bool(self.channels)


class AlertConfigError(ValueError):
    """The [alerts] section cannot be used; the message names the entry and says what to write."""


def _list(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())


def load_config(section: dict | None, public_url: str = "") -> AlertConfig:
    """The [alerts] section (a mapping, as tomllib or st.secrets give it) as an AlertConfig; an empty one when None.
    Raises AlertConfigError naming a webhook without url, an unknown style, a body_template that is not JSON, or
    e-mail recipients without an [alerts.smtp] host."""
    section = dict(section or {})
    channels = []
    for i, hook in enumerate(section.get("webhook") or []):
        name = str(hook.get("name") or f"webhook{i + 1}")
        if not hook.get("url"):
            raise AlertConfigError(f"[[alerts.webhook]] {name}: no url; give the group bot's address")
        template = hook.get("body_template")
        if template:
            try:
                body = json.loads(template) if isinstance(template, str) else dict(template)
            except (ValueError, TypeError) as err:
                raise AlertConfigError(f"[[alerts.webhook]] {name}: body_template is not JSON ({err})") from None
        else:
            style = str(hook.get("style") or "plain")
            if style not in STYLES:
                raise AlertConfigError(
                    f"[[alerts.webhook]] {name}: unknown style {style!r}; use one of {', '.join(STYLES)}"
                )
            body = STYLES[style]
        channels.append(Channel("webhook", name, _list(hook.get("indicators")), url=str(hook["url"]), body=body))
    smtp = dict(section.get("smtp") or {})
    for i, mail in enumerate(section.get("email") or []):
        name = str(mail.get("name") or f"email{i + 1}")
        to = _list(mail.get("to"))
        if not to:
            raise AlertConfigError(f'[[alerts.email]] {name}: no recipients; give to = ["name@example.org"]')
        if not smtp.get("host"):
            raise AlertConfigError(f"[[alerts.email]] {name}: no [alerts.smtp] host to send through")
        channels.append(Channel("email", name, _list(mail.get("indicators")), to=to))
    attempts = int(section.get("max_attempts") or DEFAULT_MAX_ATTEMPTS)
    base = str(section.get("base_url") or public_url or "").rstrip("/")
    return AlertConfig(tuple(channels), base, smtp, max(1, attempts))


def config_from_file(path: Path | None = None) -> AlertConfig:
    """The [alerts] section of a secrets.toml file: ``path``, else TRACKER_SECRETS_FILE, else the app's
    .streamlit/secrets.toml (no file or no section: nothing configured). public_url, or the TRACKER_PUBLIC_URL
    environment variable, is the links' base when [alerts] gives no base_url."""
    import os

    path = Path(path or os.environ.get("TRACKER_SECRETS_FILE") or SECRETS_FILE)
    data: dict = {}
    if Path(path).is_file():
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    public = os.environ.get("TRACKER_PUBLIC_URL") or str(data.get("public_url") or "")
    return load_config(data.get("alerts"), public)


# ---- finding alerts ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    """One thing to tell: ``kind`` is "missed", "overdue" or "worsened:<new status>"; ``period`` the target period
    (the next expected period for "overdue"). ``key`` makes it once: a worsening once per revision, a missed target
    and an overdue figure once per indicator and period."""

    indicator_id: str
    period: str
    kind: str
    revision: int | None
    subject: dict  # lang -> text
    lines: dict  # lang -> list of lines
    link: str

    @property
    def key(self) -> str:
        base = f"{self.indicator_id}|{self.period}|{self.kind}"
        return f"{base}|r{self.revision}" if self.kind.startswith("worsened") else base

    def subject_text(self) -> str:
        return " / ".join(self.subject[lang] for lang in LANGS)

    def text(self) -> str:
        """The message, Chinese first, then English."""
        blocks = ["\n".join([self.subject[lang], *self.lines[lang]]) for lang in LANGS]
        return "\n\n".join(blocks)

    def payload(self) -> dict:
        return {"subject": self.subject_text(), "text": self.text(), "link": self.link, "revision": self.revision}


def worsened(old: str | None, new: str | None) -> bool:
    """Whether a status moved down the scale (on_track → acceleration_needed; anything → missed)."""
    if old is None or new is None or old == new:
        return False
    if new == "missed":
        return True
    return old in RANK and new in RANK and RANK[new] < RANK[old]


def pinned_link(base_url: str, indicator_id: str, revision: int | None) -> str:
    """The indicator page pinned to ``revision`` under ``base_url`` ("" without a base)."""
    if not base_url:
        return ""
    params = {"indicator": indicator_id, **({"rev": str(revision)} if revision is not None else {})}
    return f"{base_url}/indicator?{urlencode(params)}"


def _alert(snap, indicator_id, period, kind, revision, old, new, causes: dict, link: str, subject_key: str, **extra):
    names = {lang: snap.plan.name(indicator_id, lang) for lang in LANGS}
    subject, lines = {}, {}
    for lang in LANGS:
        params = {"name": names[lang], "period": period, **extra}
        if old is not None or new is not None:
            params.update(old=STATUS.get(old, {}).get(lang, old or "—"), new=STATUS.get(new, {}).get(lang, new or "—"))
        subject[lang] = t(subject_key, lang, **params)
        body = []
        if old is not None and new is not None:
            body.append(t("alert_status_line", lang, old=params["old"], new=params["new"]))
        if causes.get(lang):
            body.append(t("alert_cause_line", lang, cause=causes[lang]))
        if link:
            body.append(t("alert_link_line", lang, rev=revision, link=link))
        lines[lang] = body
    return Alert(indicator_id, str(period), kind, revision, subject, lines, link)


def revision_alerts(store, revision: int, config: AlertConfig) -> list[Alert]:
    """The targets revision ``revision`` worsened against the revision before it (the statuses the status command
    computes), each with why (tracker.changes when it is there, else the revision's author and comment)."""
    from tracker.snapshot import store_snapshot

    if revision <= 1:
        return []
    old, new = store_snapshot(store, revision - 1), store_snapshot(store, revision)
    info = store.revision(revision)
    fallback = {
        lang: t("alert_revision_cause", lang, rev=revision, author=info.author, comment=info.comment) for lang in LANGS
    }
    reasons: dict[tuple[str, str], dict] = {}
    try:
        from tracker.changes import explain_snapshots

        for change in explain_snapshots(old, new):
            if change.causes:
                reasons[(change.indicator_id, str(change.target_period))] = {
                    lang: change.reason(lang) for lang in LANGS
                }
    except ImportError:
        pass
    except Exception:  # the reason is a courtesy: an alert without it is still an alert
        log.exception("explaining revision %s failed; alerts carry the revision's comment", revision)
    before = {
        (r["indicator_id"], str(r["target_period"])): r["status"]
        for r in old.status.to_dict("records")
        if isinstance(r["target_period"], str)
    }
    found = []
    for row in new.status.to_dict("records"):
        if not isinstance(row["target_period"], str):
            continue
        key = (row["indicator_id"], row["target_period"])
        was, now = before.get(key), row["status"]
        if not worsened(was, now):
            continue
        kind = "missed" if now == "missed" else f"worsened:{now}"
        subject = "alert_missed_subject" if now == "missed" else "alert_worsened_subject"
        link = pinned_link(config.base_url, row["indicator_id"], revision)
        found.append(_alert(new, *key, kind, revision, was, now, reasons.get(key, fallback), link, subject))
    return found


def overdue_alerts(store, config: AlertConfig, today=None) -> list[Alert]:
    """What the passing of time brought at the latest revision: each figure overdue (tracker.freshness) and each
    target whose period ended unmet (status missed), once per indicator and period."""
    from tracker.freshness import freshness_table, load_calendar
    from tracker.snapshot import store_snapshot

    today = today or clock.today()
    snap = store_snapshot(store)
    revision = snap.revision
    found = []
    table = freshness_table(snap.plan, snap.figures, load_calendar(), today)
    for row in table.to_dict("records"):
        if not row["overdue"]:
            continue
        cause = {
            lang: t(
                "alert_overdue_cause",
                lang,
                latest=row["latest_period"] or "—",
                period=row["next_expected_period"],
                days=int(row["days_overdue"]),
            )
            for lang in LANGS
        }
        link = pinned_link(config.base_url, row["indicator_id"], revision)
        found.append(
            _alert(
                snap,
                row["indicator_id"],
                row["next_expected_period"],
                "overdue",
                revision,
                None,
                None,
                cause,
                link,
                "alert_overdue_subject",
                date=row["next_expected_date"].isoformat(),
            )
        )
    for row in snap.status.to_dict("records"):
        if row["status"] != "missed" or not isinstance(row["target_period"], str):
            continue
        cause = {lang: t("alert_missed_cause", lang, period=row["target_period"]) for lang in LANGS}
        link = pinned_link(config.base_url, row["indicator_id"], revision)
        found.append(
            _alert(
                snap,
                row["indicator_id"],
                row["target_period"],
                "missed",
                revision,
                None,
                "missed",
                cause,
                link,
                "alert_missed_subject",
            )
        )
    return found


# ---- the outbox -----------------------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def enqueue(store, alerts: list[Alert], config: AlertConfig, now: datetime | None = None) -> int:
    """Queue each alert for every channel that wants its indicator, unless it is queued already (sent or not);
    returns how many rows were added. Under the store's write lock, so two processes never queue one twice."""
    if not config.configured or not alerts:
        return 0
    now = now or _now()
    rows = []
    for alert in alerts:
        for channel in config.channels:
            if channel.wants(alert.indicator_id):
                rows.append((alert, channel))
    if not rows:
        return 0
    ob = alert_outbox.c
    with store._guard("write to"), store._writing() as conn:
        keys = {a.key for a, _ in rows}
        have = {
            (k, c) for k, c in conn.execute(sa.select(ob.alert_key, ob.channel).where(ob.alert_key.in_(sorted(keys))))
        }
        new = [
            {
                "alert_key": a.key,
                "channel": c.key,
                "indicator_id": a.indicator_id,
                "period": a.period,
                "kind": a.kind,
                "revision_id": a.revision,
                "payload": json.dumps(a.payload(), ensure_ascii=False),
                "state": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "claimed_by": "",
                "last_error": "",
                "created_at": now,
            }
            for a, c in rows
            if (a.key, c.key) not in have
        ]
        new = list({(r["alert_key"], r["channel"]): r for r in new}.values())
        if new:
            conn.execute(alert_outbox.insert(), new)
    return len(new)


def outbox(store) -> list[dict]:
    """Every outbox row, oldest first (for the CLI and tests)."""
    with store._guard("read"), store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(alert_outbox).order_by(alert_outbox.c.id)).mappings()]


def _due(now: datetime):
    ob = alert_outbox.c
    lease = now - timedelta(seconds=CLAIM_LEASE_S)
    return sa.or_(
        sa.and_(ob.state == "pending", ob.next_attempt_at <= now),
        sa.and_(ob.state == "sending", ob.claimed_at < lease),
    )


def claim(store, worker: str, now: datetime | None = None) -> list[dict]:
    """Claim every row due now for ``worker``: each by one UPDATE whose condition only one sender can still meet
    (the row is due and not claimed), so two instances never both send it."""
    now = now or _now()
    ob = alert_outbox.c
    claimed = []
    with store._guard("write to"), store.engine.connect() as conn:
        with conn.begin():
            ids = [int(i) for i in conn.execute(sa.select(ob.id).where(_due(now)).order_by(ob.id)).scalars()]
        for row_id in ids:
            with conn.begin():
                won = conn.execute(
                    alert_outbox.update()
                    .where(ob.id == row_id, _due(now))
                    .values(state="sending", claimed_by=worker, claimed_at=now)
                ).rowcount
                if won == 1:
                    claimed.append(dict(conn.execute(sa.select(alert_outbox).where(ob.id == row_id)).mappings().one()))
    return claimed


def backoff(attempts: int) -> timedelta:
    """How long after the ``attempts``-th failure the next try comes: 1, 2, 4 … minutes, at most BACKOFF_CAP_S."""
    return timedelta(seconds=min(BACKOFF_BASE_S * 2 ** max(attempts - 1, 0), BACKOFF_CAP_S))


def _finish(store, row: dict, worker: str, error: str | None, config: AlertConfig, now: datetime) -> str:
    ob = alert_outbox.c
    attempts = int(row["attempts"]) + 1
    if error is None:
        values = {"state": "sent", "attempts": attempts, "sent_at": now, "last_error": ""}
    elif attempts >= config.max_attempts:
        values = {"state": "failed", "attempts": attempts, "last_error": error[:1000]}
    else:
        values = {
            "state": "pending",
            "attempts": attempts,
            "last_error": error[:1000],
            "next_attempt_at": now + backoff(attempts),
        }
    with store._guard("write to"), store.engine.begin() as conn:
        conn.execute(alert_outbox.update().where(ob.id == row["id"], ob.claimed_by == worker).values(**values))
    return values["state"]


@dataclass
class Delivery:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def deliver(store, config: AlertConfig, now: datetime | None = None, sender=None) -> Delivery:
    """Send every outbox row due now through its channel; a failure is logged and retried later (backoff), up to
    ``max_attempts``. ``sender(channel, payload)`` sends one (the real webhook and SMTP senders by default)."""
    result = Delivery()
    if not config.configured:
        return result
    now = now or _now()
    sender = sender or send
    channels = {c.key: c for c in config.channels}
    worker = uuid.uuid4().hex
    for row in claim(store, worker, now):
        channel = channels.get(row["channel"])
        error = None
        if channel is None:
            error = f"channel {row['channel']} is no longer configured"
        else:
            try:
                sender(channel, json.loads(row["payload"]), config)
            except Exception as err:  # every way a delivery fails is a retry, never a crash
                error = f"{type(err).__name__}: {err}"
        state = _finish(store, row, worker, error, config, now)
        if error is not None:
            log.warning(
                "alert %s to %s not delivered (attempt %s, %s): %s",
                row["alert_key"],
                row["channel"],
                int(row["attempts"]) + 1,
                state,
                error,
            )
        if state == "sent":
            result.sent += 1
        elif state == "pending":
            result.retrying += 1
        else:
            result.failed += 1
    return result


# ---- sending --------------------------------------------------------------------------------------------------


def webhook_body(template: object, payload: dict) -> object:
    """The template with $text, $subject and $link filled in every string (JSON stays JSON whatever the text)."""
    values = {"text": payload["text"], "subject": payload["subject"], "link": payload.get("link") or ""}
    if isinstance(template, str):
        return string.Template(template).safe_substitute(values)
    if isinstance(template, dict):
        return {k: webhook_body(v, payload) for k, v in template.items()}
    if isinstance(template, list):
        return [webhook_body(v, payload) for v in template]
    return template


def send_webhook(channel: Channel, payload: dict, config: AlertConfig) -> None:
    """POST the JSON body; a non-2xx answer, or a group bot's errcode/code other than 0, is a failure."""
    data = json.dumps(webhook_body(channel.body, payload), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        channel.url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=SEND_TIMEOUT_S) as response:
        answer = response.read(65536)
    try:
        parsed = json.loads(answer) if answer else {}
    except ValueError:
        return
    if isinstance(parsed, dict):
        code = parsed.get("errcode", parsed.get("code", 0))
        if code not in (0, "0", None):
            raise RuntimeError(f"the webhook answered {str(parsed)[:200]}")


def send_email(channel: Channel, payload: dict, config: AlertConfig) -> None:
    """One e-mail to the channel's recipients through [alerts.smtp]: security "starttls" (the default), "ssl" or
    "none"; login when a username is given."""
    smtp = config.smtp
    host, security = str(smtp["host"]), str(smtp.get("security") or "starttls")
    port = int(smtp.get("port") or (465 if security == "ssl" else 587))
    message = EmailMessage()
    message["Subject"] = payload["subject"]
    message["From"] = str(smtp.get("sender") or smtp.get("username") or f"tracker@{host}")
    message["To"] = ", ".join(channel.to)
    message.set_content(payload["text"])
    context = ssl.create_default_context()
    if security == "ssl":
        client = smtplib.SMTP_SSL(host, port, timeout=SEND_TIMEOUT_S, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=SEND_TIMEOUT_S)
    with client:
        if security == "starttls":
            client.starttls(context=context)
        if smtp.get("username"):
            client.login(str(smtp["username"]), str(smtp.get("password") or ""))
        client.send_message(message)


def send(channel: Channel, payload: dict, config: AlertConfig) -> None:
    (send_webhook if channel.kind == "webhook" else send_email)(channel, payload, config)


# ---- after a commit -------------------------------------------------------------------------------------------


def after_commit(store, revision: int, config: AlertConfig | None = None) -> Delivery | None:
    """Queue the alerts revision ``revision`` brings and send what is due. Run after the commit succeeded; never
    raises (a failure is logged: the outbox keeps what was queued, ``alerts send`` retries it)."""
    try:
        config = config if config is not None else config_from_file()
        if not config.configured:
            return None
        enqueue(store, revision_alerts(store, revision, config), config)
        return deliver(store, config)
    except Exception:
        log.exception("alerts after revision %s failed; the revision is stored", revision)
        return None
