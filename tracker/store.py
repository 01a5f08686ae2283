"""The store: the plan and every revision of the figures in one database (SQLite by default, PostgreSQL by URL).

Revisions are immutable. ``figure_versions`` holds only the rows a revision added or changed, and tombstones for
rows it removed; the figures as of revision N are, for each (indicator_id, period), the newest version at or before
N that is not a tombstone. A rollback is a new revision. Every write is one transaction that first takes the
store's write lock, so two writers (threads, processes, the page and the CLI) get distinct revision numbers.

The schema is versioned with Alembic (tracker/migrations/, which says how to add a table or a column): opening a
store created by older code upgrades it in place, one created by newer code is refused without being written.
"""

from __future__ import annotations

import io
import math
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine, make_url

from tracker import migrations
from tracker.figures import (
    FIGURE_COLUMNS,
    LEGACY_TEXT_COLUMNS,
    QUALITY_COLUMNS,
    TEXT_COLUMNS,
    load_figures,
    split_by_language,
    with_quality,
)
from tracker.plan import (
    DATA_DIR,
    INDICATOR_COLUMNS,
    MILESTONE_COLUMNS,
    OPTIONAL_COLUMNS,
    PILLAR_COLUMNS,
    PLAN_COLUMNS,
    SHIPPED_PLAN,
    Plan,
    PlanError,
    build_plan,
    sources_by_language,
    with_milestone_ids,
)
from tracker.qualifiers import flags_of, qualifier_of

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_VERSION = "1"  # store_meta's, kept from before Alembic; the schema's revision is in alembic_version
# indicator_id, period, value, note_zh, note_en, source_zh, source_en, qualifier, flags, growth, confidence
STORED_COLUMNS = [*FIGURE_COLUMNS, *QUALITY_COLUMNS, "confidence"]
REQUIRED_COLUMNS = ["indicator_id", "period", "value"]  # the texts may be missing (and a legacy note/source given)
KEY = ["indicator_id", "period"]
SEED_AUTHOR = "system"
SEED_COMMENT = "shipped figures from data/"
# A store whose data folder holds no plan and no figures starts blank (another zone's own instance, issue 12 §3):
# revision 1 stores nothing, and the zone's first plan comes with `python -m tracker plan import`.
BLANK_COMMENT = "a blank store: no plan and no figures in its data folder"
DEFAULT_CONFIDENCE = "uploaded"
INSERT_CHUNK = 20_000
# An upload with fewer rows than 1/KEYS_READ_FRACTION of the stored versions reads the current figures of its keys
# only (Store._current_of); a larger one reads them all, which costs less than probing a key each.
KEYS_READ_FRACTION = 4
WRITE_CACHE_KIB = 65_536  # SQLite's page cache during a write transaction (its default is 2,000 KiB)
# Any fixed 64-bit number: PostgreSQL's advisory lock that serialises writers (one per database).
PG_WRITE_LOCK = 0x7472_6163_6B65_72  # "tracker"
SQLITE_BUSY_TIMEOUT_S = 60


class StoreError(Exception):
    """Base of every error the store raises."""


# What a viewer of the pages is told (no path, no host, no driver message): (Chinese, English) by reason.
PUBLIC_MESSAGES = {
    "unavailable": (
        "数据库暂时无法使用。请稍后再试；若一直如此，请联系管理员查看服务器日志。",
        "The database cannot be used right now. Try again later; if this persists, ask the "
        "administrator to check the server log.",
    ),
    "damaged": (
        "数据库已损坏或不是本应用的数据库，系统未对它做任何改动。请联系管理员查看服务器日志并从备份恢复。",
        "The database is damaged or is not this app's; it was left untouched. Ask the administrator to "
        "check the server log and restore it from a backup.",
    ),
    "full": (
        "数据库所在的磁盘已满，本次没有保存任何内容。请联系管理员释放空间后再试。",
        "The disk holding the database is full; nothing was saved this time. Ask the administrator to free "
        "space, then try again.",
    ),
    "newer": (
        "数据库由更新版本的本应用创建，此版本无法打开；系统未对它做任何改动。请联系管理员将本应用更新到最新版本。",
        "The database was made by a newer version of this app, which this version cannot open; it was left "
        "untouched. Ask the administrator to update the app to the latest version.",
    ),
}


class StoreUnavailable(StoreError):
    """The database cannot be opened, is not a database, does not hold the tracker's schema, or failed mid-way.

    ``str(error)`` is the detail for the server log and the CLI (it names the database); ``public_message_zh`` and
    ``public_message_en`` say what happened and what to do without naming it, for anyone viewing the pages.
    ``reason`` is "unavailable", "damaged", "full" or "newer" (made by a newer version of the code)."""

    def __init__(self, message: str, reason: str = "unavailable"):
        super().__init__(message)
        self.reason = reason if reason in PUBLIC_MESSAGES else "unavailable"
        self.public_message_zh, self.public_message_en = PUBLIC_MESSAGES[self.reason]


class UnknownRevision(StoreError, KeyError):
    """No revision with that number."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown revision"


class NothingToCommit(StoreError):
    """The rows equal the current figures: no revision was made."""


class StaleRevision(StoreError):
    """A revision after ``base_revision`` changed some of the same (indicator_id, period) keys.

    ``conflicts`` counts them; ``keys`` names the first MAX_KEYS, in the order of the rows given, each as
    (indicator_id, period, value now or None when removed, the revision that last wrote it).
    """

    MAX_KEYS = 20

    def __init__(
        self,
        base_revision: int,
        latest_revision: int,
        conflicts: int,
        keys: tuple[tuple[str, str, float | None, int], ...] = (),
    ):
        self.base_revision, self.latest_revision, self.conflicts = base_revision, latest_revision, conflicts
        self.keys = tuple(keys)[: self.MAX_KEYS]
        named = ", ".join(f"{i} {p}" for i, p, *_ in self.keys[:5]) + (" …" if conflicts > 5 else "")
        super().__init__(
            f"the figures changed under you since revision {base_revision}: review the preview again "
            f"(now at revision {latest_revision}; {conflicts} of your rows were changed since"
            + (f": {named})" if named else ")")
        )


class UnknownPlan(StoreError, KeyError):
    """No plan with that id (at that revision)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown plan"


class StalePlan(StoreError):
    """A revision after ``base_revision`` changed the plan being written: its preview is out of date."""

    def __init__(self, plan_id: str, base_revision: int, latest_revision: int, changed_by: int):
        self.plan_id, self.base_revision, self.latest_revision = plan_id, base_revision, latest_revision
        self.changed_by = changed_by
        super().__init__(
            f"the plan {plan_id} changed under you since revision {base_revision} (revision {changed_by} changed "
            f"it; now at revision {latest_revision}): review the preview again"
        )


class InvalidRows(StoreError, ValueError):
    """Rows handed to ``commit`` that cannot be stored (missing columns, duplicate keys, values not numbers)."""


@dataclass(frozen=True)
class Revision:
    """One revision: ``added``/``changed``/``removed`` count figure rows against the revision before it."""

    number: int
    created_at: datetime  # UTC
    author: str
    comment: str
    added: int
    changed: int
    removed: int
    restored_from: int | None  # the revision whose figures a rollback restored
    base_revision: int | None  # the revision the writer had seen (its preview was computed against)
    # who, from where (issue 14; "" on revisions stored before): role "editor" or "department", the department's
    # id, channel "page" or "cli", the reviewer who published a department's submission
    role: str = ""
    department: str = ""
    channel: str = ""
    reviewer: str = ""


PROVENANCE_COLUMNS = ("role", "department", "channel", "reviewer")  # issue 14: who and from where
REVISION_COLUMNS = [
    "revision",
    "created_at",
    "author",
    "comment",
    "added",
    "changed",
    "removed",
    "restored_from",
    "base_revision",
    *PROVENANCE_COLUMNS,
]

metadata = sa.MetaData()
store_meta = sa.Table(
    "store_meta", metadata, sa.Column("key", sa.String, primary_key=True), sa.Column("value", sa.String, nullable=False)
)
revisions_table = sa.Table(
    "revisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("author", sa.String, nullable=False),
    sa.Column("comment", sa.String, nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("changed", sa.Integer, nullable=False),
    sa.Column("removed", sa.Integer, nullable=False),
    sa.Column("restored_from", sa.Integer, sa.ForeignKey("revisions.id"), nullable=True),
    sa.Column("base_revision", sa.Integer, sa.ForeignKey("revisions.id"), nullable=True),
    *(sa.Column(c, sa.String, nullable=False, server_default="") for c in PROVENANCE_COLUMNS),
)
figure_versions = sa.Table(
    "figure_versions",
    metadata,
    sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), nullable=False),
    sa.Column("indicator_id", sa.String, nullable=False),
    sa.Column("period", sa.String, nullable=False),
    sa.Column("value", sa.Float(precision=53), nullable=True),  # NULL only in tombstones
    # The one note and source of a version stored before revision 0002 (issue 10), kept as written; 0002 copied
    # them into the language columns. Written "" since; read by nothing.
    sa.Column("note", sa.String, nullable=False),
    sa.Column("source", sa.String, nullable=False),
    sa.Column("confidence", sa.String, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    *(sa.Column(c, sa.String, nullable=False, server_default="") for c in TEXT_COLUMNS),
    # Issue 11 (revision 0003): what the figure means beside its number. A version stored before is exact, with
    # no flags and no growth; growth is a fraction (0.078 for +7.8%), NULL when none was reported.
    sa.Column("qualifier", sa.String, nullable=False, server_default="exact"),
    sa.Column("flags", sa.String, nullable=False, server_default=""),
    sa.Column("growth", sa.Float(precision=53), nullable=True),
    # The key first: "newest version at or before N" is a probe of this index for each key.
    sa.PrimaryKeyConstraint("indicator_id", "period", "revision_id", name="figure_versions_pkey"),
    # What one revision touched: diffs and conflict checks look at a range of revisions.
    sa.Index("figure_versions_revision", "revision_id"),
)
# The keys of an upload, in a temporary table for the one write transaction that compares it (Store._current_of);
# not part of the schema.
UPLOAD_KEYS = sa.table("tracker_upload_keys", sa.column("indicator_id"), sa.column("period"))
# Issue 13 (revision 0005): notes on an indicator for a period, versioned in the same revision sequence as the
# figures (a revision that writes notes writes no figures); an edit is a new version, a delete a tombstone.
# tracker/notes.py reads and writes them.
note_versions = sa.Table(
    "note_versions",
    metadata,
    sa.Column("note_id", sa.Integer, nullable=False),
    sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), nullable=False),
    sa.Column("indicator_id", sa.String, nullable=False),
    sa.Column("period", sa.String, nullable=False),
    sa.Column("milestone_id", sa.String, nullable=False, server_default=""),  # a target period, "" for none
    sa.Column("text", sa.String, nullable=False),
    *(sa.Column(c, sa.String, nullable=False, server_default="") for c in ("happened", "cause", "action", "next_step")),
    sa.Column("author", sa.String, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.PrimaryKeyConstraint("note_id", "revision_id", name="note_versions_pkey"),
    sa.Index("note_versions_revision", "revision_id"),
)
# Issue 13 (revision 0005): alerts to deliver, one row per alert and channel (tracker/alerts.py). The unique key
# makes each alert once per indicator, period and kind; a sender claims a row by an UPDATE that only one wins.
alert_outbox = sa.Table(
    "alert_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("alert_key", sa.String, nullable=False),  # indicator_id|period|kind
    sa.Column("channel", sa.String, nullable=False),  # webhook:<name> or email:<name>
    sa.Column("indicator_id", sa.String, nullable=False),
    sa.Column("period", sa.String, nullable=False),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("revision_id", sa.Integer, nullable=True),
    sa.Column("payload", sa.String, nullable=False),  # JSON: subject, text (both languages), link
    sa.Column("state", sa.String, nullable=False),  # pending, sending, sent, failed
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("claimed_by", sa.String, nullable=False, server_default=""),
    sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_error", sa.String, nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    sa.UniqueConstraint("alert_key", "channel", name="alert_outbox_once"),
    sa.Index("alert_outbox_state", "state", "next_attempt_at"),
)
# Issue 14 (revision 0008): a department's upload waiting for the planning office (tracker/submissions.py). The file
# itself is kept, so publishing checks and previews it again against the latest revision; it is never a figure
# before it is published (a viewer reads figure_versions only).
submissions_table = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("department", sa.String, nullable=False),
    sa.Column("author", sa.String, nullable=False),  # the name typed, or the sign-in identity
    sa.Column("channel", sa.String, nullable=False),  # page or cli
    sa.Column("comment", sa.String, nullable=False),
    sa.Column("filename", sa.String, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("base_revision", sa.Integer, nullable=False),  # the revision its preview was computed against
    sa.Column("state", sa.String, nullable=False),  # pending, published, returned
    sa.Column("reviewer", sa.String, nullable=False, server_default=""),
    sa.Column("review_comment", sa.String, nullable=False, server_default=""),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("revision_id", sa.Integer, nullable=True),  # the revision that published it
    sa.Index("submissions_state", "state"),
)


def _versioned_plan_table(name: str, key: str, columns: list[str], legacy_source: bool) -> sa.Table:
    """A part of the plans, versioned as figure_versions are (issue 12, revision 0006): each row a version written
    by a revision, keyed by (plan_id, ``key``); the newest version at or before N that is not a tombstone is the
    row as of N. ``position`` keeps the file's row order, which the pages follow. The legacy ``source`` of the plan
    tables before revision 0002 is kept as written ("" since)."""
    keys = ["plan_id"] if key == "plan_id" else ["plan_id", key]
    return sa.Table(
        name,
        metadata,
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), nullable=False),
        *(sa.Column(k, sa.String, nullable=False) for k in keys),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        *(sa.Column(c, sa.String, nullable=False, server_default="") for c in columns if c not in keys),
        *([sa.Column("source", sa.String, nullable=False, server_default="")] if legacy_source else []),
        sa.PrimaryKeyConstraint(*keys, "revision_id", name=f"{name}_pkey"),
    )


# part -> (table, key, the columns a reader gets: the CSV's, plan_id left out but for "plans")
PLAN_PARTS = {
    "plans": (_versioned_plan_table("plan_versions", "plan_id", PLAN_COLUMNS, False), "plan_id", PLAN_COLUMNS),
    "pillars": (_versioned_plan_table("pillar_versions", "id", PILLAR_COLUMNS, False), "id", PILLAR_COLUMNS),
    "indicators": (
        _versioned_plan_table("indicator_versions", "id", INDICATOR_COLUMNS, True),
        "id",
        INDICATOR_COLUMNS,
    ),
    "milestones": (
        _versioned_plan_table("milestone_versions", "milestone_id", MILESTONE_COLUMNS, True),
        "milestone_id",
        MILESTONE_COLUMNS,
    ),
}
# The data/*.csv last synced into the store (``plan sync``, tracker.plansync): name -> the file's text, and the
# revision that synced it.
shipped_csvs = sa.Table(
    "shipped_csvs",
    metadata,
    sa.Column("name", sa.String, nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), nullable=True),
    sa.PrimaryKeyConstraint("name", name="shipped_csvs_pkey"),
)
SHIPPED_FILES = ("pillars.csv", "indicators.csv", "milestones.csv", "figures.csv")
_PLAN_TABLE_COLUMNS = (PILLAR_COLUMNS, INDICATOR_COLUMNS, MILESTONE_COLUMNS)  # a blank store's empty plan
RESTORE_PARTS = ("figures", "plan")


def default_url() -> str:
    """TRACKER_DATABASE_URL, else the SQLite file ``instance/tracker.db`` under the project root."""
    return os.environ.get("TRACKER_DATABASE_URL") or f"sqlite:///{PROJECT_ROOT / 'instance' / 'tracker.db'}"


def default_data_dir() -> Path:
    """The folder a new store is seeded from: TRACKER_DATA_DIR, else the repository's ``data/``."""
    return Path(os.environ.get("TRACKER_DATA_DIR") or DATA_DIR)


def _normalise_url(url: str) -> sa.URL:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):  # psycopg 3 is the driver we ship
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _reason(error: BaseException, detail: str) -> str:
    """Which public message fits a driver error: "full", "damaged" or "unavailable"."""
    original = getattr(error, "orig", None) or error
    text = detail.lower()
    if "disk is full" in text or type(original).__name__ == "DiskFull" or "no space left" in text:
        return "full"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "damaged"
    return "unavailable"


def _schema_problem(tables: dict[str, set[str]], expected: dict[str, set[str]]) -> str | None:
    """What differs between a database's tables (name -> columns) and the expected ones, or None."""
    foreign = set(tables) - set(expected)
    if foreign:
        return "tables that are not the tracker's: " + ", ".join(sorted(foreign))
    missing = set(expected) - set(tables)
    if missing:
        return "missing tables: " + ", ".join(sorted(missing))
    for name in sorted(expected):
        if tables[name] != expected[name]:
            return f"table {name} has columns {', '.join(sorted(tables[name]))}"
    return None


def _plain(error: BaseException) -> str:
    """The driver's own first line, without SQLAlchemy's SQL echo and links."""
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__


class Store:
    """The tracker's database. Opening it creates and seeds a missing schema from ``data_dir`` (None:
    default_data_dir(); a folder without plan and figures rows seeds a blank store); it never seeds over, repairs or
    replaces an existing database (anything unexpected raises StoreUnavailable)."""

    def __init__(self, url: str | None = None, data_dir: Path | str | None = None):
        self.url = _normalise_url(url or default_url())
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self._script_directory = None
        try:
            self.engine = self._create_engine()
        except (exc.ArgumentError, ImportError, ValueError, OSError) as error:
            raise StoreUnavailable(f"cannot use the database URL {self.url.render_as_string()}: {error}") from error
        try:
            self._open()
        except BaseException:
            self.engine.dispose()
            raise

    # ---- opening -------------------------------------------------------------------------------------------

    def _create_engine(self) -> Engine:
        if not self.is_sqlite:
            connect_args = {"connect_timeout": 10} if self.url.get_backend_name() == "postgresql" else {}
            return sa.create_engine(self.url, pool_pre_ping=True, connect_args=connect_args)
        database = self.url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(self.url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record):
            # Let the "begin" listener below issue BEGIN itself (pysqlite would defer it to the first write).
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection):
            # Writers take SQLite's write lock before they read anything (BEGIN IMMEDIATE, waiting up to the busy
            # timeout), so the next revision number is computed under the lock; readers never block on it.
            immediate = connection.get_execution_options().get("tracker_write", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    def _open(self) -> None:
        """Check the database before anything is written to it: only a file that does not exist (or a database
        with no tables at all) becomes a new store; a 0-byte file, a damaged one or another application's
        database is refused and left as it was."""
        with self._guard("open"):
            file = self._sqlite_file()
            if file is not None:
                if not file.exists():
                    self._create_file(file)
                elif file.is_file() and file.stat().st_size == 0:
                    # An empty file is what a lost or truncated history looks like: never seed over it.
                    raise StoreUnavailable(
                        f"the database file {file} is empty (0 bytes): a tracker store is "
                        "never empty, so it was left untouched; restore it from a backup, "
                        "or remove it to start a new store",
                        "damaged",
                    )
            with self.engine.connect() as conn:
                if self.is_sqlite:
                    self._check_integrity(conn)
                state, detail = self._schema_state(conn)
            if state == "empty" and file is None:  # PostgreSQL, or an SQLite database that is not a file
                with self._writing() as conn:
                    state, detail = self._schema_state(conn)  # another process may have seeded meanwhile
                    if state == "empty":
                        self._create_and_seed(conn)
                        state = "ok"
            if state == "older":
                state, detail = self._upgrade(file)
            if state == "newer":
                raise StoreUnavailable(
                    f"the database at {self._where()} was made by a newer version of the tracker (schema revision "
                    f"{detail}; this code knows up to {', '.join(self._scripts().get_heads())}); it was left "
                    "untouched: open it with that version, or update this one",
                    "newer",
                )
            if state != "ok":
                raise StoreUnavailable(
                    f"the database at {self._where()} is not a tracker store "
                    f"or its schema is damaged ({detail}); it was left untouched",
                    "damaged",
                )
            if file is not None:
                # WAL lets the page read while an upload is being written. Set only on a verified store (a new
                # store's file is already in WAL mode: changing it needs a lock that concurrent openers contend).
                raw = self.engine.raw_connection()  # outside any transaction (the "begin" listener adds one)
                try:
                    mode = raw.driver_connection.execute("PRAGMA journal_mode").fetchone()[0]
                    if str(mode).lower() != "wal":
                        raw.driver_connection.execute("PRAGMA journal_mode=WAL")
                except sqlite3.OperationalError as error:
                    # Another connection is writing (SQLite answers at once, without the busy timeout): the store
                    # works in its old journal mode, and the next open tries again.
                    if "locked" not in str(error) and "busy" not in str(error):
                        raise
                finally:
                    raw.close()

    def _sqlite_file(self) -> Path | None:
        """The SQLite database file, or None (PostgreSQL, an in-memory database, a ``file:`` URI)."""
        database = self.url.database if self.is_sqlite else None
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        return Path(database)

    def _create_file(self, file: Path) -> None:
        """Seed a new store in a temporary file beside ``file``, then link it into place: the file appears whole
        or not at all, and when several processes create it at once exactly one link wins (the others drop
        theirs and open the winner's)."""
        temp = file.with_name(f".{file.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.new")
        engine = sa.create_engine(f"sqlite:///{temp}", poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")  # kept in the file's header
            with engine.begin() as conn:
                self._create_and_seed(conn)
            engine.dispose()  # closed: the WAL is checkpointed into the file and removed
            try:
                os.link(temp, file)
            except FileExistsError:
                pass  # another process created the store first: open that one
            except OSError:  # a file system without hard links: a rename (not exclusive, but whole)
                if not file.exists():
                    os.replace(temp, file)
        finally:
            engine.dispose()
            for leftover in (temp, *(temp.with_name(temp.name + s) for s in ("-wal", "-shm", "-journal"))):
                leftover.unlink(missing_ok=True)

    def _check_integrity(self, conn: Connection) -> None:
        """SQLite's quick_check (every page of every table and index is readable and well formed)."""
        problems = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA quick_check").all()]
        if problems != ["ok"]:
            raise StoreUnavailable(
                f"the database at {self._where()} is damaged ({len(problems)} problem(s), "
                f"first: {problems[0] if problems else 'no answer'}); it was left untouched: "
                "restore it from a backup",
                "damaged",
            )

    def _scripts(self) -> migrations.ScriptDirectory:
        """The schema revisions this code knows (read once per Store, only when a version is to be compared)."""
        if self._script_directory is None:
            self._script_directory = migrations.script_directory()
        return self._script_directory

    def _schema_state(self, conn: Connection) -> tuple[str, str]:
        """(state, detail): "ok" (at the head), "empty" (no tables at all: a new database), "older" (detail: the
        revision it is at, to upgrade from), "newer" (detail: the revision this code does not know) or "damaged"
        (detail: what is wrong)."""
        tables = migrations.table_columns(conn)
        if not tables:
            return "empty", ""
        if migrations.VERSION_TABLE not in tables:  # made before Alembic: exactly the baseline, then upgraded
            expected = {name: set(columns) for name, columns in migrations.UNVERSIONED_TABLES.items()}
            problem = _schema_problem(tables, expected) or self._content_problem(conn)
            if problem is None and self._stored_version(conn) != migrations.UNVERSIONED_SCHEMA_VERSION:
                problem = f"schema version {self._stored_version(conn)!r}, expected {SCHEMA_VERSION!r}"
            return ("damaged", problem) if problem else ("older", "schema" + migrations.UNVERSIONED_SCHEMA_VERSION)
        heads = migrations.database_heads(conn)
        if not heads:
            return "damaged", f"an empty {migrations.VERSION_TABLE} table"
        if heads != (migrations.HEAD,):  # only then are the scripts read
            unknown = migrations.unknown_heads(self._scripts(), heads)
            if unknown:
                return "newer", ", ".join(unknown)
            return "older", "+".join(heads)
        expected = {t.name: {c.name for c in t.columns} for t in metadata.sorted_tables}
        expected[migrations.VERSION_TABLE] = tables[migrations.VERSION_TABLE]
        problem = _schema_problem(tables, expected) or self._content_problem(conn)
        return ("damaged", problem) if problem else ("ok", "")

    @staticmethod
    def _stored_version(conn: Connection) -> str | None:
        return conn.execute(sa.select(store_meta.c.value).where(store_meta.c.key == "schema_version")).scalar()

    @staticmethod
    def _content_problem(conn: Connection) -> str | None:
        if conn.execute(sa.select(sa.func.count()).select_from(revisions_table)).scalar() == 0:
            return "no revisions"
        return None

    def _upgrade(self, file: Path | None) -> tuple[str, str]:
        """Upgrade an older store to the head in one write transaction (SQLite: after a backup copy beside the
        file). Another process may have upgraded it meanwhile: the state is read again under the lock."""
        with self._writing() as conn:
            state, detail = self._schema_state(conn)
            if state != "older":
                return state, detail
            if file is not None:
                self._backup(file, detail)
            migrations.upgrade(conn, unversioned=detail.startswith("schema"))
            state, problem = self._schema_state(conn)
            if state != "ok":  # raising rolls the upgrade back: the database stays as it was
                raise StoreUnavailable(
                    f"upgrading the database at {self._where()} from schema revision {detail} did not give the "
                    f"tracker's schema ({problem}); it was left as it was",
                    "damaged",
                )
            return "ok", ""

    def _backup(self, file: Path, old_revision: str) -> Path:
        """Copy ``file`` with SQLite's backup API to ``<file>.backup-<old revision>-<UTC time>`` (a consistent
        copy: the caller holds the write lock and has not written yet). Returns the copy's path."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = file.with_name(f"{file.name}.backup-{old_revision}-{stamp}")
        partial = target.with_name(f".{target.name}.partial")
        source = sqlite3.connect(file, timeout=SQLITE_BUSY_TIMEOUT_S)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
            os.replace(partial, target)  # the copy appears whole or not at all
        finally:
            source.close()
            partial.unlink(missing_ok=True)
        return target

    def _create_and_seed(self, conn: Connection) -> None:
        if not self.data_dir.is_dir():  # a mistyped TRACKER_DATA_DIR must not start a blank store unnoticed
            raise StoreUnavailable(
                f"the data folder {self.data_dir} does not exist: create it (an empty folder starts a blank store) "
                "or name the right one (TRACKER_DATA_DIR, --data-dir); no database was created"
            )
        # A file absent from the folder seeds nothing, as a header-only one; the snapshot keeps the files present.
        shipped = {
            name: (self.data_dir / name).read_bytes().decode("utf-8-sig")
            for name in SHIPPED_FILES
            if (self.data_dir / name).is_file()
        }
        pillars, indicators, milestones = (
            _read_text_csv(self.data_dir / name, columns)
            for name, columns in (
                ("pillars.csv", PILLAR_COLUMNS),
                ("indicators.csv", INDICATOR_COLUMNS),
                ("milestones.csv", MILESTONE_COLUMNS),
            )
        )
        milestones = with_milestone_ids(milestones)
        figures_file = self.data_dir / "figures.csv"
        figures = load_figures(figures_file if figures_file.is_file() else io.StringIO(",".join(REQUIRED_COLUMNS)))
        blank = indicators.empty and milestones.empty and pillars.empty
        if blank and not figures.empty:
            raise PlanError([("figures.csv", 2, "indicator_id", "figures without a plan: add the plan's CSVs")])
        build_plan(pillars, indicators, milestones, figures)  # refuse to seed a plan that does not validate
        metadata.create_all(conn)  # the head's tables directly, stamped as such
        migrations.stamp_head(conn)
        conn.execute(store_meta.insert(), [{"key": "schema_version", "value": SCHEMA_VERSION}])
        rows = _normalise_rows(figures) if len(figures) else None
        self._insert_revision(
            conn,
            1,
            SEED_AUTHOR,
            BLANK_COMMENT if blank else SEED_COMMENT,
            added=0 if rows is None else len(rows),
            changed=0,
            removed=0,
            restored_from=None,
            base_revision=None,
        )
        if rows is not None:
            self._insert_versions(conn, 1, rows, deleted=False)
        if not blank:
            about = {**SHIPPED_PLAN, "position": 0}
            tables = {"pillars": pillars, "indicators": indicators, "milestones": milestones}
            self._write_plan(conn, 1, SHIPPED_PLAN["plan_id"], about, tables, current=None)
        if shipped:
            conn.execute(
                shipped_csvs.insert(), [{"name": n, "content": text, "revision_id": 1} for n, text in shipped.items()]
            )

    def _where(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Turn driver errors (cannot connect, not a database, locked too long) into StoreUnavailable."""
        try:
            yield
        except StoreError:
            raise
        except (
            exc.OperationalError,
            exc.DatabaseError,
            exc.InterfaceError,
            exc.NoSuchTableError,
            OSError,
            self.engine.dialect.loaded_dbapi.Error,
        ) as error:  # the last: raw cursors raise the driver's own
            detail = _plain(error)
            raise StoreUnavailable(
                f"cannot {action} the database at {self._where()}: {detail}", _reason(error, detail)
            ) from error

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """One write transaction holding the store's write lock from its first statement."""
        with self.engine.connect() as conn:
            conn.execution_options(tracker_write=True)
            with conn.begin():
                if not self.is_sqlite:
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(PG_WRITE_LOCK)))
                    yield conn
                    return
                # Never write into a damaged file (damage since the open; about 0.2 s on a million figures).
                self._check_integrity(conn)
                # A writer's page cache holds the primary key's pages a large upload touches (SQLite's default,
                # 2 MB, rereads them); the pooled connection gets its default back afterwards.
                default_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
                conn.exec_driver_sql(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")
                try:
                    yield conn
                finally:
                    with suppress(exc.DBAPIError):  # a broken connection: the error that broke it is raised
                        conn.exec_driver_sql(f"PRAGMA cache_size={int(default_cache)}")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # ---- reading -------------------------------------------------------------------------------------------

    def latest_revision(self) -> int:
        with self._guard("read"), self.engine.connect() as conn:
            return self._latest(conn)

    def revisions(self) -> pd.DataFrame:
        """Every revision, newest first: revision, created_at (UTC), author, comment, added, changed, removed,
        restored_from, base_revision (the last two may be missing)."""
        r = revisions_table.c
        with self._guard("read"), self.engine.connect() as conn:
            rows = conn.execute(sa.select(*revisions_table.columns).order_by(r.id.desc())).all()
        frame = pd.DataFrame([tuple(row) for row in rows], columns=REVISION_COLUMNS)
        frame["created_at"] = pd.to_datetime(frame["created_at"].map(_utc), utc=True)
        for column in ("revision", "added", "changed", "removed"):
            frame[column] = frame[column].astype("int64")
        for column in ("restored_from", "base_revision"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def revision(self, number: int) -> Revision:
        """The revision ``number``; UnknownRevision if there is none."""
        with self._guard("read"), self.engine.connect() as conn:
            row = conn.execute(sa.select(*revisions_table.columns).where(revisions_table.c.id == number)).first()
        if row is None:
            raise UnknownRevision(f"there is no revision {number}")
        return Revision(
            number=row.id,
            created_at=_utc(row.created_at),
            author=row.author,
            comment=row.comment,
            added=row.added,
            changed=row.changed,
            removed=row.removed,
            restored_from=row.restored_from,
            base_revision=row.base_revision,
            **{c: getattr(row, c) or "" for c in PROVENANCE_COLUMNS},
        )

    def figures(self, revision: int | None = None) -> pd.DataFrame:
        """The figures as of ``revision`` (None: the latest): indicator_id, period, value, note_zh, note_en,
        source_zh, source_en, qualifier, flags (a comma list), growth (a fraction, NaN when none), confidence,
        sorted by indicator_id and period."""
        with self._guard("read"), self.engine.connect() as conn:
            number = self._latest(conn) if revision is None else self._check_revision(conn, revision)
            return self._state(conn, number)

    # ---- plans (issue 12): versioned in the same revision sequence as the figures -------------------------

    def plans(self, revision: int | None = None) -> pd.DataFrame:
        """The plans as of ``revision`` (None: the latest), the first (the default of every --plan) first:
        plan_id, title_zh, title_en, issuer, date, source, indicators and milestones (how many), revision (the
        last revision at or before ``revision`` that changed the plan)."""
        with self._guard("read"), self.engine.connect() as conn:
            number = self._latest(conn) if revision is None else self._check_revision(conn, revision)
            state = {part: self._plan_state(conn, part, number) for part in PLAN_PARTS}
            changed = {}
            for table, _, _ in PLAN_PARTS.values():
                c = table.c
                query = sa.select(c.plan_id, sa.func.max(c.revision_id)).where(c.revision_id <= number)
                for plan_id, last in conn.execute(query.group_by(c.plan_id)).all():
                    changed[plan_id] = max(changed.get(plan_id, 0), int(last))
        plans = state["plans"][PLAN_COLUMNS].reset_index(drop=True)
        for part in ("indicators", "milestones"):
            counts = state[part].groupby("plan_id").size()
            plans[part] = plans["plan_id"].map(counts).fillna(0).astype("int64")
        plans["revision"] = plans["plan_id"].map(changed).astype("int64")
        return plans

    def plan_tables(
        self, revision: int | None = None, plan_id: str | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """(pillars, indicators, milestones) of the plan ``plan_id`` (None: the first) as of ``revision`` (None:
        the latest), as text with the CSVs' columns and row order. UnknownPlan when there is no such plan."""
        with self._guard("read"), self.engine.connect() as conn:
            number = self._latest(conn) if revision is None else self._check_revision(conn, revision)
            plan_id = self._plan_id(conn, number, plan_id)
            return tuple(
                self._plan_frame(conn, part, number, plan_id) for part in ("pillars", "indicators", "milestones")
            )

    def plan_about(self, revision: int | None = None, plan_id: str | None = None) -> dict[str, str]:
        """The plan's own row (plan_id, title_zh, title_en, issuer, date, source) as of ``revision``."""
        with self._guard("read"), self.engine.connect() as conn:
            number = self._latest(conn) if revision is None else self._check_revision(conn, revision)
            plan_id = self._plan_id(conn, number, plan_id)
            return self._plan_frame(conn, "plans", number, plan_id).iloc[0].to_dict()

    def plan(
        self, figures: pd.DataFrame | None = None, revision: int | None = None, plan_id: str | None = None
    ) -> Plan:
        """The validated plan ``plan_id`` (None: the first) as it was at ``revision`` (None: the latest)
        (tracker.plan.build_plan); with ``figures``, baselines are checked against them."""
        with self._guard("read"), self.engine.connect() as conn:
            number = self._latest(conn) if revision is None else self._check_revision(conn, revision)
            plan_id = self._plan_id(conn, number, plan_id)
            about = self._plan_frame(conn, "plans", number, plan_id).iloc[0].to_dict()
            tables = [self._plan_frame(conn, part, number, plan_id) for part in ("pillars", "indicators", "milestones")]
        plan = build_plan(*tables, figures)
        return Plan(plan.pillars, plan.indicators, plan.milestones, plan_id=plan_id, about=about)

    def upload_plan(self, revision: int | None = None) -> Plan:
        """The first plan, with every indicator of every plan (the first plan's definition of a shared id): what an
        upload of figures is checked against, since the plans of a store share their indicators' figures. A blank
        store (no plan yet) gives an empty plan: a first plan file is checked against nothing stored."""
        if self.plans(revision).empty:
            return build_plan(*(pd.DataFrame(columns=c, dtype=str) for c in _PLAN_TABLE_COLUMNS))
        plan = self.plan(revision=revision)
        with self._guard("read"), self.engine.connect() as conn:
            number = self._latest(conn) if revision is None else revision
            indicators = self._plan_state(conn, "indicators", number)
        others = indicators[~indicators["id"].isin(plan.indicators.index)].drop_duplicates("id")
        if others.empty:
            return plan
        extra = others[INDICATOR_COLUMNS].set_index("id", drop=False)
        extra = extra.assign(source=extra["source_en"].where(extra["source_en"] != "", extra["source_zh"]))
        return Plan(plan.pillars, pd.concat([plan.indicators, extra]), plan.milestones, plan.plan_id, plan.about)

    def plan_diff(self, a: int, b: int, plan_id: str | None = None) -> pd.DataFrame:
        """How the plans as of revision ``b`` differ from those as of ``a``: plan_id, part ("plans", "pillars",
        "indicators" or "milestones"), key (the row's id), status ("added", "changed" or "removed") and fields
        (which columns changed; a move in the row order alone is not a change). ``plan_id`` None: every plan."""
        with self._guard("read"), self.engine.connect() as conn:
            a, b = self._check_revision(conn, a), self._check_revision(conn, b)
            frames = [
                compare_plan_rows(
                    part, self._plan_state(conn, part, a, plan_id), self._plan_state(conn, part, b, plan_id)
                )
                for part in PLAN_PARTS
            ]
        return pd.concat(frames, ignore_index=True)

    def plan_changes(self) -> pd.DataFrame:
        """What each revision changed in the plans' pillars, indicators and milestones: revision, plan_id, part, key,
        status ("added", "changed" or "removed"), in revision order (a move in the row order alone is left out)."""
        frames = []
        with self._guard("read"), self.engine.connect() as conn:
            for part, (table, key, columns) in PLAN_PARTS.items():
                if part == "plans":
                    continue
                fields = [c for c in columns if c != key]
                names = ["revision_id", "plan_id", key, "deleted", *fields]
                rows = conn.execute(sa.select(*(table.c[n] for n in names))).all()
                versions = pd.DataFrame([tuple(r) for r in rows], columns=names)
                versions = versions.sort_values(["plan_id", key, "revision_id"], kind="stable", ignore_index=True)
                previous = versions.groupby(["plan_id", key], sort=False).shift(1)
                first = previous["revision_id"].isna()
                was_gone = first | previous["deleted"].fillna(True).astype(bool)
                deleted = versions["deleted"].astype(bool)
                differs = pd.Series(False, index=versions.index)
                for column in fields:
                    differs |= versions[column].ne(previous[column])
                status = pd.Series("", index=versions.index)
                status[was_gone & ~deleted] = "added"
                status[~was_gone & deleted] = "removed"
                status[~was_gone & ~deleted & differs] = "changed"
                frame = pd.DataFrame(
                    {
                        "revision": versions["revision_id"].astype("int64"),
                        "plan_id": versions["plan_id"],
                        "part": part,
                        "key": versions[key],
                        "status": status,
                    }
                )
                frames.append(frame[frame["status"] != ""])
        changes = pd.concat(frames, ignore_index=True)
        return changes.sort_values("revision", kind="stable", ignore_index=True)

    def shipped_csvs(self) -> dict[str, tuple[str, int | None]]:
        """The data/*.csv last synced: file name -> (its text, the revision that synced it)."""
        with self._guard("read"), self.engine.connect() as conn:
            rows = conn.execute(sa.select(shipped_csvs.c.name, shipped_csvs.c.content, shipped_csvs.c.revision_id))
            return {name: (content, revision) for name, content, revision in rows.all()}

    def _plan_id(self, conn: Connection, revision: int, plan_id: str | None) -> str:
        plans = self._plan_state(conn, "plans", revision)
        if plan_id is None:
            if plans.empty:
                raise UnknownPlan(f"there is no plan at revision {revision}")
            return str(plans["plan_id"].iloc[0])
        if plan_id not in set(plans["plan_id"]):
            known = ", ".join(plans["plan_id"]) or "none"
            raise UnknownPlan(f"there is no plan {plan_id!r} at revision {revision} (plans: {known})")
        return plan_id

    def _plan_frame(self, conn: Connection, part: str, revision: int, plan_id: str) -> pd.DataFrame:
        """One part of one plan as of ``revision``: text with the CSV's columns, in row order."""
        columns = PLAN_PARTS[part][2]
        frame = self._plan_state(conn, part, revision, plan_id)
        return frame[columns].reset_index(drop=True).astype(str)

    @staticmethod
    def _plan_state(conn: Connection, part: str, revision: int, plan_id: str | None = None) -> pd.DataFrame:
        """The rows of ``part`` as of ``revision``: plan_id, position and the part's columns, ordered by plan (the
        plans' own order) and position. The newest version of each key at or before ``revision``, tombstones
        left out (as Store._state reads the figures)."""
        table, key, columns = PLAN_PARTS[part]
        c = table.c
        newer = table.alias("newer")
        same_key = [newer.c.plan_id == c.plan_id] + ([newer.c[key] == c[key]] if key != "plan_id" else [])
        no_newer = ~sa.exists().where(*same_key, newer.c.revision_id > c.revision_id, newer.c.revision_id <= revision)
        names = ["plan_id", "position", *(col for col in columns if col != "plan_id")]
        query = sa.select(*(c[n] for n in names)).where(c.revision_id <= revision, no_newer, c.deleted == sa.false())
        if plan_id is not None:
            query = query.where(c.plan_id == plan_id)
        frame = pd.DataFrame([tuple(r) for r in conn.execute(query).all()], columns=names)
        if part != "plans":
            order = Store._plan_state(conn, "plans", revision).set_index("plan_id")["position"]
            frame["_plan"] = frame["plan_id"].map(order)
            frame = frame.sort_values(["_plan", "plan_id", "position"], kind="stable").drop(columns="_plan")
        else:
            frame = frame.sort_values(["position", "plan_id"], kind="stable")
        return frame.reset_index(drop=True)

    def commit_plan(
        self,
        plan_id: str,
        about: dict[str, str],
        pillars: pd.DataFrame,
        indicators: pd.DataFrame,
        milestones: pd.DataFrame,
        author: str,
        comment: str,
        base_revision: int | None,
        figures: pd.DataFrame | None = None,
        shipped: dict[str, str] | None = None,
        provenance: dict | None = None,
    ) -> int:
        """Store the plan ``plan_id`` as these tables (text, the CSVs' columns; it replaces the plan's pillars,
        indicators and milestones, or adds a new plan after the others) as a new revision and return its number.
        ``about``: title_zh, title_en, issuer, date, source (missing ones keep the stored, or are empty).
        ``figures``: rows to store in the same revision (as Store.commit; ``plan sync``); ``shipped``: the data/
        CSVs' texts to keep as the new snapshot (file name -> text).

        Raises PlanError when the tables do not validate (nothing stored), StalePlan when a revision after
        ``base_revision`` changed this plan, StaleRevision when one changed the same figures, NothingToCommit when
        nothing would change. Figures are never removed: an indicator a plan drops keeps them."""
        milestones = with_milestone_ids(milestones)
        build_plan(pillars, indicators, milestones)  # raises PlanError: nothing is stored
        upload = _normalise_rows(figures) if figures is not None and len(figures) else None
        with self._guard("write to"), self._writing() as conn:
            latest = self._latest(conn)
            if base_revision is not None:
                self._check_revision(conn, base_revision)
                self._check_plan_not_stale(conn, plan_id, base_revision, latest)
                if upload is not None:
                    self._check_not_stale(conn, upload, base_revision, latest)
            plans = self._plan_state(conn, "plans", latest)
            stored = plans[plans["plan_id"] == plan_id]
            position = (
                int(stored["position"].iloc[0])
                if len(stored)
                else int(plans["position"].max() + 1 if len(plans) else 0)
            )
            old_about = stored.iloc[0].to_dict() if len(stored) else {}
            about = {
                **{c: str(old_about.get(c, "")) for c in PLAN_COLUMNS},
                **{c: str(v) for c, v in about.items() if c in PLAN_COLUMNS and v is not None},
                "plan_id": plan_id,
                "position": position,
            }
            tables = {"pillars": pillars, "indicators": indicators, "milestones": milestones}
            current = {part: self._plan_state(conn, part, latest, plan_id) for part in PLAN_PARTS}
            writes = _plan_writes(about, tables, current)
            figure_rows, counts = None, {"added": 0, "changed": 0}
            if upload is not None:
                now = self._state(conn, latest, indicator_ids=upload["indicator_id"].unique().tolist())
                merged = upload.merge(now, on=KEY, how="left", suffixes=("", "_current"), indicator=True)
                is_new = merged["_merge"] == "left_only"
                differs = is_new | _differs(merged, "_current")
                figure_rows = upload.loc[differs.to_numpy(), STORED_COLUMNS]
                counts = {"added": int(is_new.sum()), "changed": int((differs & ~is_new).sum())}
            snapshot = self._shipped(conn)
            shipped_changes = {n: t for n, t in (shipped or {}).items() if snapshot.get(n) != t}
            if not any(writes.values()) and (figure_rows is None or figure_rows.empty) and not shipped_changes:
                raise NothingToCommit(f"the plan {plan_id} of revision {latest} already equals these tables")
            number = latest + 1
            self._insert_revision(
                conn,
                number,
                author,
                comment,
                provenance=provenance,
                **counts,
                removed=0,
                restored_from=None,
                base_revision=base_revision,
            )
            self._insert_plan_writes(conn, number, writes)
            if figure_rows is not None and not figure_rows.empty:
                self._insert_versions(conn, number, figure_rows, deleted=False)
            if shipped:
                conn.execute(shipped_csvs.delete().where(shipped_csvs.c.name.in_(list(shipped))))
                conn.execute(
                    shipped_csvs.insert(),
                    [{"name": n, "content": t, "revision_id": number} for n, t in shipped.items()],
                )
            return number

    def _write_plan(
        self, conn: Connection, number: int, plan_id: str, about: dict, tables: dict, current: dict | None
    ) -> None:
        """Write a whole plan at revision ``number`` (the seed: nothing stored before)."""
        empty = {
            part: pd.DataFrame(columns=["plan_id", "position", *(c for c in PLAN_PARTS[part][2] if c != "plan_id")])
            for part in PLAN_PARTS
        }
        self._insert_plan_writes(conn, number, _plan_writes(about, tables, current or empty))

    @staticmethod
    def _shipped(conn: Connection) -> dict[str, str]:
        return dict(conn.execute(sa.select(shipped_csvs.c.name, shipped_csvs.c.content)).all())

    @staticmethod
    def _insert_plan_writes(conn: Connection, number: int, writes: dict[str, list[dict]]) -> None:
        for part, rows in writes.items():
            if rows:
                conn.execute(PLAN_PARTS[part][0].insert(), [{**row, "revision_id": number} for row in rows])

    def _check_plan_not_stale(self, conn: Connection, plan_id: str, base_revision: int, latest: int) -> None:
        if latest <= base_revision:
            return
        for table, _, _ in PLAN_PARTS.values():
            c = table.c
            last = conn.execute(
                sa.select(sa.func.max(c.revision_id)).where(c.plan_id == plan_id, c.revision_id > base_revision)
            ).scalar()
            if last is not None:
                raise StalePlan(plan_id, base_revision, latest, int(last))

    def diff(self, a: int, b: int) -> pd.DataFrame:
        """How the figures as of revision ``b`` differ from those as of ``a``: indicator_id, period, old_value,
        new_value, status ("added", "changed" or "removed") and fields (which of value, note_zh, note_en, source_zh,
        source_en, qualifier, flags, growth, confidence changed). Rows equal in both are left out."""
        with self._guard("read"), self.engine.connect() as conn:
            a, b = self._check_revision(conn, a), self._check_revision(conn, b)
            low, high = min(a, b), max(a, b)
            old = self._state(conn, a, touched_after=low, touched_until=high)
            new = self._state(conn, b, touched_after=low, touched_until=high)
        return _compare(old, new)

    def _latest(self, conn: Connection) -> int:
        return int(conn.execute(sa.select(sa.func.max(revisions_table.c.id))).scalar() or 0)

    def _check_revision(self, conn: Connection, number: int) -> int:
        if isinstance(number, bool) or not isinstance(number, int):
            raise UnknownRevision(f"a revision is a whole number, not {number!r}")
        if conn.execute(sa.select(revisions_table.c.id).where(revisions_table.c.id == number)).first() is None:
            raise UnknownRevision(f"there is no revision {number}")
        return number

    def _state(
        self,
        conn: Connection,
        revision: int,
        *,
        touched_after: int | None = None,
        touched_until: int | None = None,
        indicator_ids: list[str] | None = None,
    ) -> pd.DataFrame:
        """The figures as of ``revision``; only the keys some revision in (touched_after, touched_until] wrote,
        or only some indicators, when given (to compare without reading everything)."""
        fv = figure_versions.c
        columns = [fv[c] for c in STORED_COLUMNS]
        newer = figure_versions.alias("newer")
        if touched_after is not None:
            # Start from what the range of revisions wrote (the revision index), then probe each key's newest
            # version at or before ``revision`` (the primary key).
            touched = (
                sa.select(fv.indicator_id, fv.period)
                .distinct()
                .where(fv.revision_id > touched_after, fv.revision_id <= touched_until)
                .subquery("touched")
            )
            newest = (
                sa.select(sa.func.max(newer.c.revision_id))
                .where(
                    newer.c.indicator_id == touched.c.indicator_id,
                    newer.c.period == touched.c.period,
                    newer.c.revision_id <= revision,
                )
                .scalar_subquery()
            )
            query = (
                sa.select(*columns)
                .select_from(
                    touched.join(
                        figure_versions,
                        sa.and_(fv.indicator_id == touched.c.indicator_id, fv.period == touched.c.period),
                    )
                )
                .where(fv.revision_id == newest, fv.deleted == sa.false())
            )
        else:
            # The newest version at or before ``revision``: no later version of the same key up to ``revision``.
            no_newer = ~sa.exists().where(
                newer.c.indicator_id == fv.indicator_id,
                newer.c.period == fv.period,
                newer.c.revision_id > fv.revision_id,
                newer.c.revision_id <= revision,
            )
            query = sa.select(*columns).where(fv.revision_id <= revision, no_newer, fv.deleted == sa.false())
            if indicator_ids is not None:
                query = query.where(fv.indicator_id.in_(indicator_ids))
        return _frame(_fetch_all(conn, query))

    # ---- writing -------------------------------------------------------------------------------------------

    def commit(
        self,
        rows: pd.DataFrame,
        author: str,
        comment: str,
        base_revision: int | None,
        provenance: dict | None = None,
        on_commit: Callable[[Connection, int], None] | None = None,
    ) -> int:
        """Store ``rows`` (indicator_id, period, value[, note_zh, note_en, source_zh, source_en, confidence]; or a
        legacy note/source, split by language) as a new revision and return
        its number. Rows not in ``rows`` are kept; rows equal to the current figures are not stored again.

        ``base_revision`` is the revision the writer's preview was computed against: if a later revision changed
        any of the same keys, raise StaleRevision. None skips that check. Raises NothingToCommit when nothing
        would change, InvalidRows when ``rows`` cannot be stored. ``provenance``: who and from where (issue 14:
        role, department, channel, reviewer); ``on_commit(conn, number)`` runs in the same transaction (a published
        submission is marked so with its revision, or neither is stored).
        """
        upload = _normalise_rows(rows)
        with self._guard("write to"), self._writing() as conn:
            latest = self._latest(conn)
            if base_revision is not None:
                self._check_revision(conn, base_revision)
            if upload.empty:  # every row of the upload equals a stored figure (the preview kept none of them)
                raise NothingToCommit(f"all {len(upload)} rows equal the figures of revision {latest}")
            if base_revision is not None:
                self._check_not_stale(conn, upload, base_revision, latest)
            current = self._current_of(conn, upload, latest)
            # Only the rows of indicators with stored figures are compared (a first import's rows are all new).
            is_new = np.ones(len(upload), dtype=bool)
            stored = upload["indicator_id"].isin(current["indicator_id"].unique()).to_numpy()
            differs = is_new.copy()
            if stored.any():
                merged = upload[stored].merge(current, on=KEY, how="left", suffixes=("", "_current"), indicator=True)
                is_new[stored] = (merged["_merge"] == "left_only").to_numpy()
                differs[stored] = is_new[stored] | _differs(merged, "_current").to_numpy()
            if not differs.any():
                raise NothingToCommit(f"all {len(upload)} rows equal the figures of revision {latest}")
            number = latest + 1
            self._insert_revision(
                conn,
                number,
                author,
                comment,
                added=int(is_new.sum()),
                changed=int((differs & ~is_new).sum()),
                removed=0,
                restored_from=None,
                base_revision=base_revision,
                provenance=provenance,
            )
            self._insert_versions(conn, number, upload if differs.all() else upload.loc[differs], deleted=False)
            if on_commit is not None:
                on_commit(conn, number)
            return number

    def _current_of(self, conn: Connection, upload: pd.DataFrame, latest: int) -> pd.DataFrame:
        """The figures as of ``latest`` that ``upload`` may change: those of its indicators (a few hundred or fewer),
        of its keys (an upload a small part of a large store: its keys in a temporary table, each probing the primary
        key, rather than a million figures read), or all of them."""
        indicators = upload["indicator_id"].unique().tolist()
        if len(indicators) <= 500:
            return self._state(conn, latest, indicator_ids=indicators)
        versions = conn.execute(sa.select(sa.func.count()).select_from(figure_versions)).scalar()
        if len(upload) * KEYS_READ_FRACTION > versions:
            return self._state(conn, latest)
        postgres = conn.dialect.name == "postgresql"
        conn.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {UPLOAD_KEYS.name} (indicator_id VARCHAR NOT NULL, period VARCHAR NOT NULL, "
            f"PRIMARY KEY (indicator_id, period)){' ON COMMIT DROP' if postgres else ''}"
        )
        try:
            keys = upload[KEY].sort_values(KEY)
            cursor = conn.connection.driver_connection.cursor() if postgres else conn.connection.cursor()
            try:
                for start in range(0, len(keys), INSERT_CHUNK):
                    chunk = zip(*(keys[c].iloc[start : start + INSERT_CHUNK].tolist() for c in KEY), strict=True)
                    if postgres:
                        with cursor.copy(f"COPY {UPLOAD_KEYS.name} (indicator_id, period) FROM STDIN") as copy:
                            for row in chunk:
                                copy.write_row(row)
                    else:
                        cursor.executemany(f"INSERT INTO {UPLOAD_KEYS.name} VALUES (?, ?)", chunk)
            finally:
                cursor.close()
            if postgres:  # its planner then knows how many keys there are
                conn.exec_driver_sql(f"ANALYZE {UPLOAD_KEYS.name}")
            fv, newer, k = figure_versions.c, figure_versions.alias("newer"), UPLOAD_KEYS.c
            newest = (
                sa.select(sa.func.max(newer.c.revision_id))
                .where(newer.c.indicator_id == k.indicator_id, newer.c.period == k.period)
                .where(newer.c.revision_id <= latest)
                .scalar_subquery()
            )
            query = (
                sa.select(*(fv[c] for c in STORED_COLUMNS))
                .select_from(
                    UPLOAD_KEYS.join(figure_versions, sa.and_(fv.indicator_id == k.indicator_id, fv.period == k.period))
                )
                .where(fv.revision_id == newest, fv.deleted == sa.false())
            )
            return _frame(_fetch_all(conn, query))
        finally:
            if not postgres:  # PostgreSQL drops it at the commit; a rollback drops it on both
                with suppress(exc.DBAPIError):  # a broken connection: the error that broke it is raised
                    conn.exec_driver_sql(f"DROP TABLE temp.{UPLOAD_KEYS.name}")

    def restore(
        self,
        revision: int,
        author: str,
        comment: str,
        parts: frozenset[str] | set[str] | tuple = ("figures",),
        provenance: dict | None = None,
    ) -> int:
        """Make a new revision whose ``parts`` equal those of ``revision`` (a rollback) and return its number.
        ``parts``: "figures" (the default, as before issue 12: rows added since are removed as tombstones, changed
        ones get their old values back) and/or "plan" (every plan's pillars, indicators and milestones as they
        were; a plan added since is removed, its versions kept). What each part undoes: Store.restore_preview."""
        parts = _restore_parts(parts)
        with self._guard("write to"), self._writing() as conn:
            target_number = self._check_revision(conn, revision)
            latest = self._latest(conn)
            figures = self._figures_to_restore(conn, target_number, latest) if "figures" in parts else None
            writes = self._plan_to_restore(conn, target_number, latest) if "plan" in parts else {}
            if (figures is None or not figures[1]) and not any(writes.values()):
                raise NothingToCommit(
                    f"the {' and '.join(sorted(parts))} of revision {latest} already equal those of revision {revision}"
                )
            number = latest + 1
            merged, changes, counts = figures if figures is not None else (None, False, {})
            self._insert_revision(
                conn,
                number,
                author,
                comment,
                added=counts.get("added", 0),
                changed=counts.get("changed", 0),
                removed=counts.get("removed", 0),
                restored_from=target_number,
                base_revision=latest,
                provenance=provenance,
            )
            if merged is not None and changes:
                keep, removed = counts["_keep"], counts["_removed"]
                self._insert_versions(conn, number, merged.loc[keep, STORED_COLUMNS], deleted=False)
                self._insert_versions(conn, number, merged.loc[removed, KEY], deleted=True)
            self._insert_plan_writes(conn, number, writes)
            return number

    def _figures_to_restore(self, conn: Connection, target_number: int, latest: int):
        """(merged rows, whether anything changes, counts and masks) for restoring the figures of ``target_number``."""
        target = self._state(conn, target_number, touched_after=target_number, touched_until=latest)
        current = self._state(conn, latest, touched_after=target_number, touched_until=latest)
        merged = target.merge(current, on=KEY, how="outer", suffixes=("", "_current"), indicator=True)
        added_back = merged["_merge"] == "left_only"
        removed = merged["_merge"] == "right_only"
        changed = (merged["_merge"] == "both") & _differs(merged, "_current")
        counts = {
            "added": int(added_back.sum()),
            "changed": int(changed.sum()),
            "removed": int(removed.sum()),
            "_keep": (added_back | changed).to_numpy(),
            "_removed": removed.to_numpy(),
        }
        return merged, bool((added_back | removed | changed).any()), counts

    def _plan_to_restore(self, conn: Connection, target_number: int, latest: int) -> dict[str, list[dict]]:
        """The plan versions that make the plans as they were at ``target_number`` (a plan added since removed)."""
        writes: dict[str, list[dict]] = {part: [] for part in PLAN_PARTS}
        old_plans = self._plan_state(conn, "plans", target_number)
        for about in old_plans.to_dict("records"):
            plan_id = about["plan_id"]
            tables = {
                part: self._plan_state(conn, part, target_number, plan_id)
                for part in ("pillars", "indicators", "milestones")
            }
            current = {part: self._plan_state(conn, part, latest, plan_id) for part in PLAN_PARTS}
            for part, rows in _plan_writes(about, tables, current, keep_positions=True).items():
                writes[part] += rows
        # A plan added since goes (its versions stay: restoring a later revision brings it back).
        added_since = self._plan_state(conn, "plans", latest)
        for plan_id in added_since.loc[~added_since["plan_id"].isin(old_plans["plan_id"]), "plan_id"]:
            for part, (_, key, columns) in PLAN_PARTS.items():
                fields = [c for c in columns if c not in ("plan_id", key)]
                for row in self._plan_state(conn, part, latest, plan_id).to_dict("records"):
                    tombstone = {"plan_id": plan_id, "position": int(row["position"]), "deleted": True}
                    writes[part].append(
                        {**tombstone, **({key: row[key]} if key != "plan_id" else {}), **dict.fromkeys(fields, "")}
                    )
        return writes

    def restore_preview(self, revision: int, parts=("figures",)) -> dict[str, pd.DataFrame]:
        """What restoring ``parts`` of ``revision`` undoes, by part: "figures" -> Store.diff(latest, revision)
        (status added: a figure removed since comes back; removed: one added since goes; changed: gets its old
        value back); "plan" -> Store.plan_diff(latest, revision) (a plan added since: its rows removed)."""
        parts = _restore_parts(parts)
        latest = self.latest_revision()
        preview = {}
        if "figures" in parts:
            preview["figures"] = self.diff(latest, revision)
        if "plan" in parts:
            preview["plan"] = self.plan_diff(latest, revision)
        return preview

    def _check_not_stale(self, conn: Connection, upload: pd.DataFrame, base_revision: int, latest: int) -> None:
        if latest <= base_revision:
            return
        fv = figure_versions.c
        since = conn.execute(sa.select(fv.indicator_id, fv.period).distinct().where(fv.revision_id > base_revision))
        changed_since = set(map(tuple, since.all()))
        conflicting = [
            key for key in zip(upload["indicator_id"], upload["period"], strict=True) if key in changed_since
        ]
        if not conflicting:
            return
        named = []
        for indicator_id, period in conflicting[: StaleRevision.MAX_KEYS]:  # a probe of the primary key each
            newest = conn.execute(
                sa.select(fv.value, fv.deleted, fv.revision_id)
                .where(fv.indicator_id == indicator_id, fv.period == period, fv.revision_id <= latest)
                .order_by(fv.revision_id.desc())
                .limit(1)
            ).first()
            named.append(
                (indicator_id, period, None if newest.deleted else float(newest.value), int(newest.revision_id))
            )
        raise StaleRevision(base_revision, latest, len(conflicting), tuple(named))

    @staticmethod
    def _insert_revision(
        conn: Connection, number: int, author: str, comment: str, provenance: dict | None = None, **counts
    ) -> None:
        """``provenance``: role, department, channel, reviewer (issue 14; missing ones "")."""
        who = {c: str((provenance or {}).get(c) or "") for c in PROVENANCE_COLUMNS}
        conn.execute(
            revisions_table.insert().values(
                id=number, created_at=datetime.now(UTC), author=str(author), comment=str(comment), **counts, **who
            )
        )

    @staticmethod
    def _insert_versions(conn: Connection, number: int, rows: pd.DataFrame, deleted: bool) -> None:
        """executemany in chunks on the driver's cursor (PostgreSQL: COPY), each chunk's columns taken in C: a
        million rows never sit in memory as a million parameter sets at once, nor go through per-row Python. The
        rows go in in key order, so the primary key's B-tree is appended to page by page rather than written all
        over (about half the insert time of a million rows uploaded month by month). On SQLite a column holding one
        value in every row (the revision, the legacy note and source, most often the confidence, the English texts,
        the growth) is written into the statement rather than bound a million times: the same stored values."""
        if rows.empty:
            return
        columns = _version_columns(rows, number, deleted)
        dialect = conn.dialect.name
        if dialect == "postgresql":  # COPY: about ten times faster than executemany for a million rows
            bound = list(columns)
            cursor = conn.connection.driver_connection.cursor()
            sql = f"COPY figure_versions ({', '.join(bound)}) FROM STDIN"
        elif dialect == "sqlite":
            # The key is always bound: with every column constant (one row, say a single tombstone) nothing
            # would be bound, and executemany of no parameter sets inserts nothing.
            bound = [name for name, column in columns.items() if not column.is_constant or name in KEY]
            cursor = conn.connection.cursor()
            values = ", ".join("?" if name in bound else column.literal() for name, column in columns.items())
            sql = f"INSERT INTO figure_versions ({', '.join(columns)}) VALUES ({values})"
        else:  # another driver: every column bound, in its own parameter style
            compiled = figure_versions.insert().compile(dialect=conn.dialect)
            bound = list(compiled.positiontup or compiled.params)
            cursor = conn.connection.cursor()
            sql = compiled.string
        try:
            for start in range(0, len(rows), INSERT_CHUNK):
                stop = min(start + INSERT_CHUNK, len(rows))
                params = zip(*(columns[name].take(start, stop) for name in bound), strict=True)
                if dialect == "postgresql":
                    with cursor.copy(sql) as copy:
                        for row in params:
                            copy.write_row(row)
                elif dialect == "sqlite" or compiled.positiontup:
                    cursor.executemany(sql, params)
                else:  # named parameters
                    cursor.executemany(sql, [dict(zip(bound, p, strict=True)) for p in params])
        finally:
            cursor.close()


# ---- rows as DataFrames ------------------------------------------------------------------------------------


def _read_text_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """A plan CSV as text with ``columns``; an absent file reads as one with the header only (a blank store)."""
    if not path.is_file():
        return pd.DataFrame(columns=columns, dtype=str)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for optional in OPTIONAL_COLUMNS:
        if optional in columns and optional not in frame:
            frame[optional] = ""
    if "source_zh" in columns:
        frame = sources_by_language(frame)
    return frame[columns].apply(lambda s: s.str.strip())


def _fetch_all(conn: Connection, query: sa.Select) -> list[tuple]:
    """Run ``query`` on the driver's cursor (in ``conn``'s transaction): a million rows come back as plain
    tuples, without SQLAlchemy building a Row for each."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    if compiled.positiontup is not None:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = conn.connection.cursor()
    try:
        cursor.execute(compiled.string, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=STORED_COLUMNS)
    for column in STORED_COLUMNS:
        frame[column] = frame[column].astype("float64" if column in ("value", "growth") else str)
    # Sorted here, not in SQL, so both backends order text the same way (by code point).
    return frame.sort_values(KEY, kind="stable", ignore_index=True)


def _stored_text(value: object) -> str:
    """A text column's value as stored: missing (None, NaN, pd.NA) is "", anything else its text, stripped."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _per_distinct(column: pd.Series, convert: Callable[[object], object]) -> pd.api.extensions.ExtensionArray | list:
    """``convert`` of each value of ``column``, called once per distinct text: a million uploaded rows hold a few
    thousand ids, periods, notes and sources, and pd.factorize finds them in C. Missing values are converted as
    None. A column that is not all text (numbers, lists, mixed) is converted cell by cell, since 1, 1.0 and True
    would count as one value."""
    if column.isna().all():
        return [convert(None)] * len(column)
    if isinstance(column.dtype, pd.CategoricalDtype) and column.cat.categories.dtype == "str":
        # a categorical of texts (an upload's qualifier and flags): its categories are the distinct texts
        categories = column.cat.categories
        converted = pd.Index([*(convert(value) for value in categories), convert(None)])
        codes = column.cat.codes.to_numpy()
        return converted.take(np.where(codes < 0, len(categories), codes)).array
    if pd.api.types.infer_dtype(column, skipna=True) != "string":
        return [convert(value) for value in column]
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    values = [convert(value) for value in uniques]
    converted = pd.Index([*values, convert(None)])
    if converted.dtype == column.dtype and not (codes < 0).any() and values == list(uniques):
        return column.array  # nothing to convert (texts already stripped): the column as it is, not a copy of it
    return converted.take(np.where(codes < 0, len(uniques), codes)).array


@dataclass(frozen=True)
class _VersionColumn:
    """One column of the versions an insert writes, in key order: one value for every row (``is_constant``), or
    the distinct ``values`` and each row's ``codes`` into them (texts: a million rows share a few thousand str
    objects), or ``values`` row by row (numbers). ``take`` gives a chunk's values as the driver binds them."""

    values: object
    codes: np.ndarray | None = None
    is_constant: bool = False
    missing_as_none: bool = False  # numbers: NaN is stored as NULL

    def take(self, start: int, stop: int) -> list:
        if self.is_constant:
            return [self.values] * (stop - start)
        if self.codes is not None:
            return self.values.take(self.codes[start:stop]).tolist()
        chunk = self.values[start:stop]
        if not self.missing_as_none:
            return chunk.tolist()
        out = chunk.astype(object)
        out[np.isnan(chunk)] = None
        return out.tolist()

    def literal(self) -> str:
        """The constant as SQL text (only texts, whole numbers, booleans and None are ever constants)."""
        value = self.values
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "1" if value else "0"  # as SQLite stores a bound True/False
        if isinstance(value, int):
            return str(value)
        return "'" + str(value).replace("'", "''") + "'"


def _constant(value: object) -> _VersionColumn:
    return _VersionColumn(value, is_constant=True)


def _distinct(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct values in sorted order as Python objects, each row's code into them): pd.factorize, in C;
    missing is None (refused by NOT NULL, as before)."""
    try:
        codes, uniques = pd.factorize(column, sort=True, use_na_sentinel=True)
    except TypeError:  # values that do not sort (mixed types): any order stores the same rows
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
    values = np.asarray(uniques, dtype=object)
    if (codes < 0).any():
        values, codes = np.append(values, None), np.where(codes < 0, len(values), codes)
    return values, codes


def _text_column(values: np.ndarray, codes: np.ndarray, order: np.ndarray) -> _VersionColumn:
    if len(values) == 1 and isinstance(values[0], str) and "\x00" not in values[0]:
        return _constant(values[0])
    return _VersionColumn(values, codes.take(order))


def _number_column(column: pd.Series, order: np.ndarray) -> _VersionColumn:
    """A float column in key order, NaN stored as NULL (a column of NaN only is the constant NULL)."""
    numbers = column.to_numpy(dtype="float64", na_value=np.nan).take(order)
    if np.isnan(numbers).all():
        return _constant(None)
    return _VersionColumn(numbers, missing_as_none=bool(np.isnan(numbers).any()))


def _version_columns(rows: pd.DataFrame, number: int, deleted: bool) -> dict[str, _VersionColumn]:
    """Every column of figure_versions (in the table's order) for ``rows`` as revision ``number``, in key order:
    their stored columns, or tombstones of their keys (``deleted``). The legacy note and source are written ""
    (read by nothing)."""
    keys = {c: _distinct(rows[c]) for c in KEY}
    order = np.lexsort([keys[c][1] for c in reversed(KEY)])  # the codes of sorted values: key order, stable
    given = {c: _text_column(*keys[c], order) for c in KEY}
    if deleted:
        given |= {"value": _constant(None), "confidence": _constant(""), "qualifier": _constant("exact")}
        given |= {c: _constant("") for c in (*TEXT_COLUMNS, "flags")} | {"growth": _constant(None)}
    else:
        given |= {c: _number_column(rows[c], order) for c in ("value", "growth")}
        given |= {c: _text_column(*_distinct(rows[c]), order) for c in STORED_COLUMNS if c not in given}
    given |= {"revision_id": _constant(int(number)), "deleted": _constant(bool(deleted))}
    given |= {c: _constant("") for c in LEGACY_TEXT_COLUMNS}
    return {c.name: given[c.name] for c in figure_versions.columns}


def _normalise_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows to store: text keys and columns, float values, confidence defaulting to "uploaded". Rows with a
    legacy note/source (and no note_zh/... of their own) have them split by language (tracker.figures)."""
    missing = [c for c in REQUIRED_COLUMNS if c not in rows.columns]
    if missing:
        raise InvalidRows(f"the rows lack the column(s) {', '.join(missing)}")
    if any(c in rows.columns for c in LEGACY_TEXT_COLUMNS):
        rows = split_by_language(rows)
    frame = rows.reindex(columns=[c for c in STORED_COLUMNS if c not in QUALITY_COLUMNS]).copy()
    if "confidence" not in rows.columns:
        frame["confidence"] = DEFAULT_CONFIDENCE
    try:
        # with_quality's rules, run once per distinct qualifier and flags text (a few for a million rows)
        frame["qualifier"] = _per_distinct(rows["qualifier"], qualifier_of) if "qualifier" in rows else "exact"
        frame["flags"] = _per_distinct(rows["flags"], lambda f: ",".join(flags_of(f))) if "flags" in rows else ""
        frame["growth"] = with_quality(rows.reindex(columns=[c for c in ("growth",) if c in rows.columns]))[
            "growth"
        ].to_numpy()
    except (ValueError, TypeError) as error:
        raise InvalidRows(f"a qualifier, flags or growth cannot be stored: {error}") from error
    frame = frame[STORED_COLUMNS]
    for column in ("indicator_id", "period", *TEXT_COLUMNS, "confidence"):
        frame[column] = _per_distinct(frame[column], _stored_text)
    frame.loc[frame["confidence"] == "", "confidence"] = DEFAULT_CONFIDENCE
    if (frame["indicator_id"] == "").any() or (frame["period"] == "").any():
        raise InvalidRows("every row needs an indicator_id and a period")
    for column in ("indicator_id", "period", *TEXT_COLUMNS, "confidence") if len(frame) else ():  # none: no text
        has_nul = frame[column].str.contains("\x00", regex=False)
        if has_nul.any():  # PostgreSQL cannot store it; refused on both backends so they hold the same figures
            raise InvalidRows(
                f"row {int(has_nul.to_numpy().argmax()) + 1}, column {column}: a NUL character "
                "(0x00) cannot be stored; remove it and upload again"
            )
    try:
        frame["value"] = pd.to_numeric(frame["value"], errors="raise").astype("float64")
    except (ValueError, TypeError) as error:
        raise InvalidRows(f"every value must be a number: {error}") from error
    if not np.isfinite(frame["value"].to_numpy()).all():
        raise InvalidRows("every row needs a value (a finite number)")
    if np.isinf(frame["growth"].to_numpy()).any():
        raise InvalidRows("a growth is a finite fraction (0.078 for +7.8%) or empty")
    duplicated = frame.duplicated(KEY)
    if duplicated.any():
        first = frame.loc[duplicated, KEY].iloc[0]
        raise InvalidRows(
            f"{int(duplicated.sum())} rows repeat an (indicator_id, period), "
            f"e.g. {first['indicator_id']} {first['period']}"
        )
    return frame.reset_index(drop=True)


def _differs(merged: pd.DataFrame, suffix: str) -> pd.Series:
    """Whether a row's stored fields differ from the ``suffix`` ones (merged side by side)."""
    different = merged["value"].ne(merged["value" + suffix])
    different |= _growth_differs(merged["growth"], merged["growth" + suffix])
    for column in (*TEXT_COLUMNS, "qualifier", "flags", "confidence"):
        different |= merged[column].ne(merged[column + suffix])
    return different


def _growth_differs(a: pd.Series, b: pd.Series) -> pd.Series:
    """Growths differ: both NaN (none reported) is equal; one NaN is a change."""
    return a.ne(b) & ~(a.isna() & b.isna())


def _compare(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    merged = old.merge(new, on=KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    status = merged["_merge"].map({"left_only": "removed", "right_only": "added", "both": "changed"}).astype(str)
    fields = pd.Series("", index=merged.index, dtype=str)
    for column in ("value", *TEXT_COLUMNS, *QUALITY_COLUMNS, "confidence"):
        if column == "growth":
            changed = _growth_differs(merged["growth_old"], merged["growth_new"]) & (status == "changed")
        else:
            changed = merged[f"{column}_old"].ne(merged[f"{column}_new"]) & (status == "changed")
        fields = fields.where(~changed, fields + "," + column)
    fields = fields.str.lstrip(",").str.replace(",", ", ")
    result = pd.DataFrame(
        {
            "indicator_id": merged["indicator_id"],
            "period": merged["period"],
            "old_value": merged["value_old"],
            "new_value": merged["value_new"],
            "status": status,
            "fields": fields.where(status == "changed", ""),
        }
    )
    result = result[(result["status"] != "changed") | (result["fields"] != "")]
    return result.sort_values(KEY, kind="stable", ignore_index=True)


def normalise_figure_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Figure rows as Store.commit stores them (tracker.plansync compares data/figures.csv so)."""
    return _normalise_rows(rows)


def compare_figures(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """How the figure rows ``new`` differ from ``old``: the columns of Store.diff."""
    return _compare(old, new)


def _restore_parts(parts) -> frozenset[str]:
    parts = frozenset([parts] if isinstance(parts, str) else parts)
    unknown = sorted(parts - set(RESTORE_PARTS))
    if not parts or unknown:
        raise ValueError(f"a restore takes parts among {', '.join(RESTORE_PARTS)}, not {', '.join(unknown) or 'none'}")
    return parts


def _plan_text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` with exactly ``columns`` as stripped text (a missing column empty)."""
    frame = frame.reset_index(drop=True)
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        values = frame[column] if column in frame else pd.Series("", index=frame.index)
        out[column] = values.map(
            lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v).strip()
        )
    return out


def _plan_writes(about: dict, tables: dict, current: dict, keep_positions: bool = False) -> dict[str, list[dict]]:
    """The versions that turn ``current`` (each part of one plan as stored: plan_id, position, columns) into
    ``about`` and ``tables`` (the part's CSV columns, in row order): a version for each row added or changed (or
    moved in the order), a tombstone for each row no longer there."""
    plan_id = about["plan_id"]
    new = {"plans": pd.DataFrame([{**{c: str(about.get(c, "")) for c in PLAN_COLUMNS}, "position": about["position"]}])}
    for part, frame in tables.items():
        columns = PLAN_PARTS[part][2]
        rows = _plan_text(frame, columns)
        rows["plan_id"] = plan_id
        rows["position"] = frame["position"].astype(int).to_numpy() if keep_positions else range(len(rows))
        new[part] = rows
    writes: dict[str, list[dict]] = {}
    for part, (_, key, columns) in PLAN_PARTS.items():
        fields = [c for c in columns if c != "plan_id"]
        stored = {str(row[key]): row for row in current[part].to_dict("records")}
        rows = []
        for row in new[part].to_dict("records"):
            old = stored.pop(str(row[key]), None)
            if (
                old is None
                or any(str(old[c]) != str(row[c]) for c in fields)
                or int(old["position"]) != int(row["position"])
            ):
                rows.append(
                    {
                        "plan_id": plan_id,
                        "position": int(row["position"]),
                        "deleted": False,
                        **{c: row[c] for c in fields},
                    }
                )
        for old_key, old in stored.items():
            tombstone = {c: "" for c in fields}
            tombstone[key] = old_key
            rows.append({"plan_id": plan_id, "position": int(old["position"]), "deleted": True, **tombstone})
        writes[part] = rows
    return writes


def compare_plan_rows(part: str, old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """plan_id, part, key, status, fields: the rows of one part that differ between two states (Store.plan_diff)."""
    _, key, columns = PLAN_PARTS[part]
    keys = ["plan_id"] if key == "plan_id" else ["plan_id", key]
    fields = [c for c in columns if c not in keys]
    merged = old.merge(new, on=keys, how="outer", suffixes=("_old", "_new"), indicator=True)
    status = merged["_merge"].map({"left_only": "removed", "right_only": "added", "both": "changed"}).astype(str)
    changed_fields = [
        ", ".join(c for c in fields if str(row[f"{c}_old"]) != str(row[f"{c}_new"])) if s == "changed" else ""
        for row, s in zip(merged.to_dict("records"), status, strict=True)
    ]
    result = pd.DataFrame(
        {
            "plan_id": merged["plan_id"].astype(str),
            "part": part,
            "key": merged[key].astype(str),
            "status": status,
            "fields": changed_fields,
        },
        columns=["plan_id", "part", "key", "status", "fields"],
    )
    return result[(result["status"] != "changed") | (result["fields"] != "")].reset_index(drop=True)


def _utc(value: datetime | str) -> datetime:
    """SQLite hands back naive datetimes (stored in UTC); PostgreSQL aware ones."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
