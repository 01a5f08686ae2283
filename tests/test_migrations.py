"""The schema migrates: Alembic's revisions build the store's tables, the previous release's database (commit
c5a33c4, tests/fixtures/store-c5a33c4.sql) opens upgraded with every revision intact, a newer one is refused."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tracker import migrations
from tracker.store import PROJECT_ROOT, Store, StoreUnavailable, metadata

pytest_plugins = ["store_fixtures"]  # store_url, postgres_url

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DUMP = FIXTURES / "store-c5a33c4.sql"
POSTGRES_DDL = FIXTURES / "store-c5a33c4-postgresql.sql"
TABLE_ORDER = ["store_meta", "revisions", "figure_versions", "pillars", "indicators", "milestones"]


# ---- the previous release's database ------------------------------------------------------------------------


def old_rows() -> dict[str, pd.DataFrame]:
    """Every table of the fixture, as stored (read with sqlite3, not with the store)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(DUMP.read_text(encoding="utf-8"))
        return {name: pd.read_sql_query(f'SELECT * FROM "{name}"', conn) for name in TABLE_ORDER}
    finally:
        conn.close()


def old_digests() -> dict[int, tuple[int, str]]:
    """What the old code read back when it made the fixture: revision -> (figures, sha256 of their CSV)."""
    found = re.findall(r"^-- revision (\d+): (\d+) figures, sha256 ([0-9a-f]{64})$", DUMP.read_text("utf-8"), re.M)
    return {int(n): (int(count), digest) for n, count, digest in found}


def figures_as_of(versions: pd.DataFrame, revision: int) -> pd.DataFrame:
    """The plain reading of the format: for each key the newest version at or before ``revision``, unless it is a
    tombstone (the reference the store's SQL is compared with)."""
    upto = versions[versions["revision_id"] <= revision].sort_values("revision_id")
    newest = upto.groupby(["indicator_id", "period"], as_index=False).tail(1)
    newest = newest[newest["deleted"] == 0]
    columns = ["indicator_id", "period", "value", "note", "source", "confidence"]
    return newest[columns].sort_values(["indicator_id", "period"], ignore_index=True).astype({"value": "float64"})


def by_language(old: pd.DataFrame) -> pd.DataFrame:
    """The old figures as revision 0002 stores them (its docstring): a note or source with a Han character in the
    _zh column, any other in the _en one, the other column empty."""
    new = old[["indicator_id", "period", "value"]].copy()
    for field in ("note", "source"):
        chinese = old[field].map(lambda text: re.search("[\u4e00-\u9fff]", text) is not None)
        new[f"{field}_zh"] = old[field].where(chinese, "")
        new[f"{field}_en"] = old[field].where(~chinese, "")
    # and as 0003 stores them: exact, no flags, no growth (issue 11)
    return new[["indicator_id", "period", "value", "note_zh", "note_en", "source_zh", "source_en"]].assign(
        qualifier="exact", flags="", growth=float("nan"), confidence=old["confidence"]
    )


def as_before(new: pd.DataFrame) -> pd.DataFrame:
    """The one note and source read back from the language columns (one of the two is empty after 0002)."""
    old = new[["indicator_id", "period", "value"]].assign(
        note=new["note_zh"] + new["note_en"], source=new["source_zh"] + new["source_en"]
    )
    return old.assign(confidence=new["confidence"])


def digest(figures: pd.DataFrame) -> str:
    return hashlib.sha256(figures.to_csv(index=False, float_format="%r").encode()).hexdigest()


def load_sqlite(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(DUMP.read_text(encoding="utf-8"))
    conn.close()


def load_postgres(url: str) -> None:
    """The old schema's DDL, then the fixture's rows."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            ddl = "\n".join(line for line in POSTGRES_DDL.read_text("utf-8").splitlines() if not line.startswith("--"))
            for statement in ddl.split(";"):
                if statement.strip():
                    conn.exec_driver_sql(statement)
            reflected = sa.MetaData()
            reflected.reflect(conn)
            for name, frame in old_rows().items():
                records = frame.astype(object).where(frame.notna(), None).to_dict("records")
                for record in records:
                    if name == "revisions":
                        record["created_at"] = datetime.fromisoformat(record["created_at"]).replace(tzinfo=UTC)
                    if name == "figure_versions":
                        record["deleted"] = bool(record["deleted"])
                conn.execute(reflected.tables[name].insert(), records)
    finally:
        engine.dispose()


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


@pytest.fixture
def old_store_url(store_url) -> str:
    """A database holding the fixture (SQLite file or PostgreSQL schema): the previous release's store, never
    opened by the current code."""
    if is_sqlite(store_url):
        load_sqlite(Path(sa.make_url(store_url).database))
    else:
        load_postgres(store_url)
    return store_url


def test_the_fixture_was_made_by_the_previous_release_and_has_several_revisions():
    rows = old_rows()
    assert rows["store_meta"].values.tolist() == [["schema_version", "1"]]
    assert rows["revisions"]["id"].tolist() == [1, 2, 3, 4]
    assert rows["revisions"]["restored_from"].notna().sum() == 1  # a rollback, with its tombstones
    assert (rows["figure_versions"]["deleted"] == 1).any()
    assert "commit c5a33c4" in DUMP.read_text("utf-8").splitlines()[0]
    tables = {name: tuple(frame.columns) for name, frame in rows.items()}
    assert tables == {name: migrations.UNVERSIONED_TABLES[name] for name in TABLE_ORDER}
    # The reference reading agrees with what the old code read back.
    assert {n: (len(figures_as_of(rows["figure_versions"], n)), digest(figures_as_of(rows["figure_versions"], n)))
            for n in rows["revisions"]["id"]} == old_digests()  # fmt: skip


def test_the_previous_releases_database_opens_upgraded_with_every_revision_intact(old_store_url):
    rows = old_rows()
    before = {n: figures_as_of(rows["figure_versions"], n) for n in rows["revisions"]["id"]}
    with Store(old_store_url) as store:
        history = store.revisions().sort_values("revision", ignore_index=True)
        for number, expected in before.items():
            figures = store.figures(int(number))
            pd.testing.assert_frame_equal(figures, by_language(expected), check_dtype=False)
            assert (len(figures), digest(as_before(figures))) == old_digests()[number]
        plan_tables = store.plan_tables()
    old_revisions = rows["revisions"]
    assert history["revision"].tolist() == old_revisions["id"].tolist()
    for column in ("author", "comment", "added", "changed", "removed"):
        assert history[column].tolist() == old_revisions[column].tolist(), column
    for column in ("restored_from", "base_revision"):
        assert history[column].astype(object).where(history[column].notna(), None).tolist() == (
            old_revisions[column].astype(object).where(old_revisions[column].notna(), None).tolist()
        ), column
    assert history["created_at"].tolist() == [
        pd.Timestamp(datetime.fromisoformat(v).replace(tzinfo=UTC)) for v in old_revisions["created_at"]
    ]
    shipped = import_module("tracker.migrations.versions.0002_notes_and_sources_in_both_languages").SHIPPED_SOURCES
    for frame, name in zip(plan_tables, ("pillars", "indicators", "milestones")):
        expected = rows[name].sort_values("position").drop(columns="position").reset_index(drop=True)
        if name == "milestones":  # 0004: kind "" (a level target) on the rows stored before it
            expected = expected.assign(kind="")
            # 0006: a stable id, <indicator_id>-<target_period> (issue 12)
            expected = expected.assign(milestone_id=expected["indicator_id"] + "-" + expected["target_period"])
        if name == "indicators":  # 0007: kind, owner and cadence "" (not said) on the rows stored before it
            expected = expected.assign(kind="", owner="", cadence="")
        if "source" in expected:  # 0002: the shipped sources in both languages, without the shared/seed/ path
            assert set(expected["source"]) <= set(shipped)
            expected = expected.drop(columns="source").assign(
                source_zh=expected["source"].map(lambda s: shipped[s][0]),
                source_en=expected["source"].map(lambda s: shipped[s][1]),
            )
            assert not frame["source_zh"].str.contains("shared/|Qilu|Evening").any()
        pd.testing.assert_frame_equal(frame, expected[list(frame.columns)], check_dtype=False)
    engine = sa.create_engine(old_store_url)
    try:
        with engine.connect() as conn:
            assert migrations.database_heads(conn) == (migrations.HEAD,)
    finally:
        engine.dispose()


def test_an_upgraded_store_takes_new_revisions_and_reopens_without_another_upgrade(old_store_url):
    with Store(old_store_url) as store:
        number = store.commit(
            pd.DataFrame([("gdp", "2031", 7.5, "after the upgrade", "bureau")], columns=store.figures().columns[:5]),
            "test",
            "after",
            4,
        )
        assert number == 5
    backups = sorted(Path(sa.make_url(old_store_url).database or "/nonexistent").parent.glob("*.backup-*"))
    with Store(old_store_url) as store:
        assert store.latest_revision() == 5
        assert store.restore(4, "test", "back") == 6
    if is_sqlite(old_store_url):
        assert len(backups) == 1  # the second open found the head: no upgrade, no backup
        assert sorted(Path(sa.make_url(old_store_url).database).parent.glob("*.backup-*")) == backups


def test_the_sqlite_upgrade_first_keeps_a_backup_copy_beside_the_file(tmp_path):
    path = tmp_path / "instance" / "tracker.db"
    load_sqlite(path)
    original = list(sqlite3.connect(path).iterdump())
    Store(f"sqlite:///{path}").close()
    backups = [p for p in path.parent.iterdir() if ".backup-" in p.name]
    assert [p.name for p in backups] == [p.name for p in backups if re.fullmatch(r"tracker\.db\.backup-schema1-"
                                                                                 r"\d{8}T\d{12}Z", p.name)]  # fmt: skip
    assert len(backups) == 1
    assert list(sqlite3.connect(backups[0]).iterdump()) == original  # the database as it was before the upgrade
    assert "alembic_version" in {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert not list(path.parent.glob(".*partial"))


def test_a_failed_upgrade_leaves_the_database_as_it_was(old_store_url, monkeypatch):
    store_url = old_store_url

    def broken_upgrade(conn, unversioned):
        conn.exec_driver_sql("CREATE TABLE half_done (id INTEGER)")
        conn.exec_driver_sql("ALTER TABLE revisions ADD COLUMN half INTEGER")
        raise sa.exc.OperationalError("ALTER TABLE ...", {}, Exception("a migration failed"))

    monkeypatch.setattr(migrations, "upgrade", broken_upgrade)
    with pytest.raises(StoreUnavailable, match="a migration failed"):
        Store(store_url)
    engine = sa.create_engine(store_url)
    try:
        with engine.connect() as conn:
            assert migrations.table_columns(conn) == {n: set(c) for n, c in migrations.UNVERSIONED_TABLES.items()}
    finally:
        engine.dispose()
    monkeypatch.undo()
    with Store(store_url) as store:  # and the next open upgrades it
        assert store.latest_revision() == 4


UPGRADE_PROCESS = """
import sys, time
from pathlib import Path
from tracker.store import Store
url, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
ready.touch()
while not go.exists():
    time.sleep(0.005)
with Store(url) as store:
    print(store.latest_revision(), len(store.figures(3)))
"""


def test_four_processes_opening_an_old_database_at_once_upgrade_it_once(old_store_url, tmp_path):
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(4)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", UPGRADE_PROCESS, old_store_url, str(flag), str(go)],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    deadline = time.monotonic() + 120
    while not all(flag.exists() for flag in ready) and time.monotonic() < deadline:
        time.sleep(0.02)
    go.touch()
    outcomes = [process.communicate(timeout=120) for process in processes]
    assert [p.returncode for p in processes] == [0] * 4, [err for _, err in outcomes if err]
    assert [out.split() for out, _ in outcomes] == [["4", str(old_digests()[3][0])]] * 4
    if is_sqlite(old_store_url):
        assert len(list(Path(sa.make_url(old_store_url).database).parent.glob("tracker.db.backup-*"))) == 1


# ---- newer and damaged databases --------------------------------------------------------------------------


def state_of(url: str) -> dict:
    """Every table, its columns and rows: to check a refused database was not written."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            tables = migrations.table_columns(conn)
            return {
                name: (sorted(columns), sorted(map(repr, conn.exec_driver_sql(f'SELECT * FROM "{name}"').all())))
                for name, columns in tables.items()
            }
    finally:
        engine.dispose()


NEWER = {
    "a later revision": ["UPDATE alembic_version SET version_num = '0099'"],
    "a later revision with a new table": [
        "UPDATE alembic_version SET version_num = '0042_units'",
        "CREATE TABLE units (id VARCHAR PRIMARY KEY)",
        "ALTER TABLE figure_versions ADD COLUMN unit_note VARCHAR",
    ],
}


@pytest.mark.parametrize("newer", list(NEWER))
def test_a_database_made_by_newer_code_is_refused_and_never_written(store_url, newer):
    Store(store_url).close()
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        for statement in NEWER[newer]:
            conn.exec_driver_sql(statement)
    engine.dispose()
    before = state_of(store_url)
    file = Path(sa.make_url(store_url).database) if is_sqlite(store_url) else None
    digest_before = hashlib.sha256(file.read_bytes()).hexdigest() if file else None
    with pytest.raises(StoreUnavailable, match="made by a newer version") as caught:
        Store(store_url)
    error = caught.value
    assert error.reason == "newer"
    revision = NEWER[newer][0].split("'")[1]
    assert revision in str(error) and f"knows up to {migrations.HEAD}" in str(error)
    assert "newer version" in error.public_message_en and "更新版本" in error.public_message_zh
    for public in (error.public_message_en, error.public_message_zh):
        assert revision not in public and "sqlite" not in public and "tracker.db" not in public
    assert state_of(store_url) == before
    if file:
        assert hashlib.sha256(file.read_bytes()).hexdigest() == digest_before
        assert not list(file.parent.glob("*.backup-*"))


OLD_DAMAGE = {
    "another application's table beside the old store's": ["CREATE TABLE users (id INTEGER PRIMARY KEY)"],
    "a column the old release never had": ["ALTER TABLE revisions ADD COLUMN approved_by VARCHAR"],
    "a store_meta version that is not 1": ["UPDATE store_meta SET value = '2'"],
    "no revisions": ["DELETE FROM figure_versions", "DELETE FROM revisions"],
    "an empty alembic_version": ["CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"],
}


@pytest.mark.parametrize("damage", list(OLD_DAMAGE), ids=list(OLD_DAMAGE))
def test_an_old_database_that_is_not_exactly_the_old_schema_is_refused_unwritten(old_store_url, damage):
    engine = sa.create_engine(old_store_url)
    with engine.begin() as conn:
        for statement in OLD_DAMAGE[damage]:
            conn.exec_driver_sql(statement)
    engine.dispose()
    before = state_of(old_store_url)
    with pytest.raises(StoreUnavailable, match="left untouched") as caught:
        Store(old_store_url)
    assert caught.value.reason == "damaged"
    assert state_of(old_store_url) == before
    if is_sqlite(old_store_url):
        assert not list(Path(sa.make_url(old_store_url).database).parent.glob("*.backup-*"))


# ---- the revisions themselves -------------------------------------------------------------------------------


def test_the_revisions_build_exactly_the_stores_tables(store_url):
    """A database upgraded from nothing through every revision equals one created from the metadata (what a new
    store gets): a change to tracker.store's tables without a revision fails here."""
    if is_sqlite(store_url):
        Path(sa.make_url(store_url).database).parent.mkdir(parents=True)
    engine = sa.create_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrations.config(conn), "head")
            assert migrations.database_heads(conn) == (migrations.HEAD,)
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
            tables = migrations.table_columns(conn)
        expected = {t.name: {c.name for c in t.columns} for t in metadata.sorted_tables}
        assert {n: c for n, c in tables.items() if n != migrations.VERSION_TABLE} == expected
    finally:
        engine.dispose()


def test_the_history_is_one_line_and_head_names_its_end():
    scripts = migrations.script_directory()
    assert scripts.get_heads() == [migrations.HEAD], "two revisions share a parent: renumber one onto the other"
    chain = list(reversed(list(scripts.walk_revisions())))
    assert chain[0].revision == migrations.BASELINE and chain[0].down_revision is None
    for previous, script in zip(chain, chain[1:]):
        assert script.down_revision == previous.revision
    for script in chain:
        assert Path(script.path).name.startswith(f"{script.revision}_"), script.path


def test_a_new_store_is_stamped_as_alembic_stamps(store_url, tmp_path):
    """stamp_head writes the version table without Alembic: the same table (columns, types, key's name) and row as
    Alembic's own stamp of the head, so later upgrades run on it as on one Alembic stamped."""
    Store(store_url).close()
    if is_sqlite(store_url):
        reference_url = f"sqlite:///{tmp_path / 'alembic-stamped.db'}"
    else:
        reference_url = store_url  # the version table compared first, then replaced by Alembic's in a transaction
    engine = sa.create_engine(store_url)

    def described(conn) -> tuple:
        inspector = sa.inspect(conn)
        columns = [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(migrations.VERSION_TABLE)]
        key = inspector.get_pk_constraint(migrations.VERSION_TABLE)
        rows = conn.exec_driver_sql(f"SELECT version_num FROM {migrations.VERSION_TABLE}").all()
        return columns, key["constrained_columns"], key["name"], rows

    try:
        with engine.connect() as conn:
            ours = described(conn)
    finally:
        engine.dispose()
    reference = sa.create_engine(reference_url)
    try:
        with reference.connect() as conn:
            transaction = conn.begin()
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {migrations.VERSION_TABLE}")
            MigrationContext.configure(conn).stamp(migrations.script_directory(), "head")
            theirs = described(conn)
            transaction.rollback()
    finally:
        reference.dispose()
    assert ours[3] == [(migrations.HEAD,)]
    assert ours == theirs


def test_a_new_store_is_created_at_the_head(store_url):
    with Store(store_url) as store:
        assert store.latest_revision() == 1
    engine = sa.create_engine(store_url)
    try:
        with engine.connect() as conn:
            assert migrations.database_heads(conn) == (migrations.HEAD,)
    finally:
        engine.dispose()
    if is_sqlite(store_url):
        assert not list(Path(sa.make_url(store_url).database).parent.glob("*.backup-*"))


# ---- from another folder, and the CLI ---------------------------------------------------------------------------


INSTALLED_PROCESS = """
import sys
from tracker import migrations
from tracker.store import Store
assert migrations.SCRIPT_LOCATION.is_relative_to(sys.argv[2]), migrations.SCRIPT_LOCATION
with Store(sys.argv[1]) as store:
    print(store.latest_revision())
"""


def test_the_migrations_are_found_from_an_installed_copy_of_the_package(tmp_path):
    site = tmp_path / "site-packages"
    shutil.copytree(PROJECT_ROOT / "tracker", site / "tracker", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "elsewhere" / "tracker.db"
    load_sqlite(path)
    result = subprocess.run(
        [sys.executable, "-c", INSTALLED_PROCESS, f"sqlite:///{path}", str(site)],
        cwd=path.parent,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "4"
    assert len(list(path.parent.glob("tracker.db.backup-schema1-*"))) == 1


@pytest.mark.parametrize("database", ["new", "upgraded"])
def test_the_cli_works_on_a_new_and_an_upgraded_database(tmp_path, database):
    path = tmp_path / "tracker.db"
    if database == "upgraded":
        load_sqlite(path)
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DATABASE_URL"}

    def tracker(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "tracker", "--db", f"sqlite:///{path}", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    history = tracker("history")
    assert history.returncode == 0, history.stderr
    latest = 4 if database == "upgraded" else 1
    assert re.search(rf"^\s*{latest}\b", history.stdout, re.M), history.stdout
    status = tracker("status", "--format", "json")
    assert status.returncode == 0, status.stderr
    assert "gdp" in status.stdout
    commit = tracker("rollback", "1", "--author", "test", "--comment", "back") if latest > 1 else None
    if commit is not None:  # a write on the upgraded database: revision 5 restores revision 1
        assert commit.returncode == 0, commit.stderr
        assert "revision 5 restores the figures of revision 1" in commit.stdout
    with Store(f"sqlite:///{path}") as store:
        assert store.latest_revision() == (5 if latest > 1 else 1)


# ---- the documented way to add a column, followed on a copy of the code ----------------------------------------

CHECK_COPY = """
import sys
import sqlalchemy as sa
from tracker import migrations
from tracker.store import Store
for url in sys.argv[1:]:
    with Store(url) as store:
        latest = store.latest_revision()
        figures = len(store.figures(1))
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        columns = migrations.table_columns(conn)["revisions"]
        print(latest, figures, migrations.database_heads(conn)[0], "approved_by" in columns)
    engine.dispose()
"""


def test_adding_a_column_as_the_migrations_docstring_says_upgrades_old_stores(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(PROJECT_ROOT / "tracker", tree / "tracker", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT_ROOT / "data", tree / "data")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("TRACKER_DATABASE_URL", None)
    # Stores made before the change: one by the previous release, one at today's head.
    legacy, current = tmp_path / "legacy" / "tracker.db", tmp_path / "current" / "tracker.db"
    load_sqlite(legacy)
    Store(f"sqlite:///{current}").close()
    # Step 1: the column in tracker/store.py.
    store_py = tree / "tracker" / "store.py"
    anchor = '    sa.Column("base_revision", sa.Integer, sa.ForeignKey("revisions.id"), nullable=True),\n'
    assert store_py.read_text("utf-8").count(anchor) == 1
    store_py.write_text(
        store_py.read_text("utf-8").replace(
            anchor, anchor + '    sa.Column("approved_by", sa.String, nullable=True),\n'
        ),
        encoding="utf-8",
    )
    # Step 2: the revision.
    written = subprocess.run(
        [sys.executable, "-m", "tracker.migrations", "revision", "-m", "revisions: approved_by"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert written.returncode == 0, written.stderr
    number = f"{int(migrations.HEAD) + 1:04d}"
    revision_file = tree / "tracker" / "migrations" / "versions" / f"{number}_revisions_approved_by.py"
    assert f"moved HEAD to {number}" in written.stdout
    assert "add_column" in revision_file.read_text("utf-8") and "approved_by" in revision_file.read_text("utf-8")
    assert f'HEAD = "{number}"' in (tree / "tracker" / "migrations" / "__init__.py").read_text("utf-8")
    # Both stores open with the copy: upgraded, a backup of each, every revision kept.
    opened = subprocess.run(
        [sys.executable, "-c", CHECK_COPY, f"sqlite:///{legacy}", f"sqlite:///{current}"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.split("\n")[:2] == [
        f"4 {old_digests()[1][0]} {number} True",
        f"1 {len(pd.read_csv(PROJECT_ROOT / 'data' / 'figures.csv'))} {number} True",  # seeded from data/
    ]
    assert len(list(legacy.parent.glob("tracker.db.backup-schema1-*"))) == 1
    assert len(list(current.parent.glob(f"tracker.db.backup-{migrations.HEAD}-*"))) == 1
    # And this code, which does not know the new revision, refuses the upgraded store without writing it.
    before = hashlib.sha256(current.read_bytes()).hexdigest()
    with pytest.raises(StoreUnavailable, match=f"newer version of the tracker \\(schema revision {number}"):
        Store(f"sqlite:///{current}")
    assert hashlib.sha256(current.read_bytes()).hexdigest() == before


OPEN_AT_HEAD = """
import sys
from tracker.store import Store
with Store(sys.argv[1]) as store:
    store.latest_revision()
print(sorted({name.split(".")[0] for name in sys.modules} & {"alembic", "mako"}))
"""


@pytest.mark.parametrize("database", ["new", "at the head", "made by the previous release"])
def test_opening_a_store_at_the_head_does_not_load_alembic(tmp_path, database):
    """Opening a current store reads one row of alembic_version, not the revision scripts (a few ms each)."""
    path = tmp_path / "tracker.db"
    if database == "at the head":
        Store(f"sqlite:///{path}").close()
    elif database != "new":  # a new one is created and stamped by the process itself (issue 15: a fresh server)
        load_sqlite(path)
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AT_HEAD, f"sqlite:///{path}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("['alembic', 'mako']" if database == "made by the previous release" else "[]")
