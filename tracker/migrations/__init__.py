"""The store's schema, versioned with Alembic: the revisions in ``versions/`` and how the store runs them.

``Store`` runs these on open (tracker/store.py): a new database is created at the head directly (the tables of
``tracker.store.metadata``, stamped with the head revision); an older one is upgraded in place (SQLite: after a
backup copy ``tracker.db.backup-<old revision>-<UTC time>`` beside the file; PostgreSQL: in one transaction under the
store's write lock); a database stamped with a revision this code does not know was made by newer code and is
refused without being written. Stores made before Alembic (store_meta schema_version "1", up to commit c5a33c4)
have exactly the baseline's tables: they are stamped with the baseline, then upgraded.

Adding a table or a column (every later issue does it this way):

1. Change the tables in ``tracker/store.py`` (``metadata``), e.g. add ``sa.Column("approved_by", sa.String,
   nullable=True)`` to ``revisions_table``, and the code that writes and reads it (here ``REVISION_COLUMNS``). A
   column added to a table that already holds rows is nullable or has a ``server_default``.
2. Write the revision: ``python -m tracker.migrations revision -m "revisions: approved_by"``. It compares
   ``metadata`` with a scratch database at the current head, writes ``versions/<NNNN>_<slug>.py`` with the
   operations found (``--empty``: a blank one, for data moves), formats it with ruff and moves ``HEAD`` below to
   it. Read the file: renames, type changes and data moves are for you to write (on SQLite, ALTERs other than
   adding a column go in ``with op.batch_alter_table("table") as batch_op:``, which autogenerate uses already).
3. Run ``python -m pytest tests/test_migrations.py``: it checks that the revisions build exactly ``metadata``
   on SQLite and PostgreSQL, that the history is one line, and that the previous release's database (the fixture
   ``tests/fixtures/store-c5a33c4.sql``) opens with every revision intact.

Nothing here keeps state between calls: each function takes the connection it works in.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

if TYPE_CHECKING:  # Alembic itself is imported only to create, stamp or upgrade (about 0.15 s): not to open
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SCRIPT_LOCATION = Path(__file__).resolve().parent
VERSION_TABLE = "alembic_version"
BASELINE = "0001"
# The newest revision in versions/: a store stamped with it opens without reading the scripts (which take about a
# millisecond each). ``python -m tracker.migrations revision`` moves it; tests/test_migrations.py checks it.
HEAD = "0008"
# Stores made before Alembic (up to commit c5a33c4): their tables and columns, exactly, and store_meta's version.
UNVERSIONED_SCHEMA_VERSION = "1"
UNVERSIONED_TABLES = {
    "store_meta": ("key", "value"),
    "revisions": (
        "id",
        "created_at",
        "author",
        "comment",
        "added",
        "changed",
        "removed",
        "restored_from",
        "base_revision",
    ),
    "figure_versions": (
        "revision_id",
        "indicator_id",
        "period",
        "value",
        "note",
        "source",
        "confidence",
        "deleted",
    ),
    "pillars": ("position", "id", "order", "name_zh", "name_en", "quote"),
    "indicators": (
        "position",
        "id",
        "name_zh",
        "name_en",
        "pillar",
        "unit",
        "unit_en",
        "measure",
        "direction",
        "pace_method",
        "formula",
        "description_zh",
        "description_en",
        "source",
    ),
    "milestones": (
        "position",
        "indicator_id",
        "target_period",
        "target_value",
        "target_multiple",
        "baseline_period",
        "bound",
        "quote",
        "source",
    ),
}


def config(connection: Connection | None = None) -> Config:
    """An Alembic configuration without alembic.ini: the scripts beside this file; ``connection`` is the one
    env.py migrates (inside its transaction)."""
    from alembic.config import Config

    alembic_config = Config()
    alembic_config.set_main_option("script_location", str(SCRIPT_LOCATION).replace("%", "%%"))
    alembic_config.set_main_option("path_separator", "os")
    if connection is not None:
        alembic_config.attributes["connection"] = connection
    return alembic_config


def script_directory() -> ScriptDirectory:
    """The revisions this code knows."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(SCRIPT_LOCATION))


def database_heads(conn: Connection) -> tuple[str, ...]:
    """The revision(s) a database with a version table is stamped with; () when the table is empty."""
    version = sa.table(VERSION_TABLE, sa.column("version_num", sa.String))
    return tuple(sorted(str(v) for v in conn.execute(sa.select(version.c.version_num)).scalars()))


def unknown_heads(scripts: ScriptDirectory, heads: tuple[str, ...]) -> list[str]:
    """The database's revisions that ``scripts`` does not hold (made by newer code)."""
    unknown = []
    for head in heads:
        try:
            if scripts.get_revision(head) is None:
                unknown.append(head)
        except Exception:  # alembic's ResolutionError / CommandError: a revision it cannot find
            unknown.append(head)
    return unknown


# Alembic's own version table, as its MigrationContext creates it (tests/test_migrations.py compares the two).
_VERSION_TABLE = sa.Table(
    VERSION_TABLE,
    sa.MetaData(),
    sa.Column("version_num", sa.String(32), nullable=False),
    sa.PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def stamp_head(conn: Connection) -> None:
    """Mark a database created from ``metadata`` as being at the head revision: the version table Alembic would
    write, holding ``HEAD``, without importing Alembic (0.4–0.9 s of a new store's first open, i.e. of a fresh
    server's first page; issue 15)."""
    _VERSION_TABLE.create(conn)
    conn.execute(_VERSION_TABLE.insert().values(version_num=HEAD))


def upgrade(conn: Connection, unversioned: bool) -> None:
    """Upgrade the database of ``conn`` to the head, in ``conn``'s transaction (the caller holds the write lock and
    commits). An ``unversioned`` store (made before Alembic) is first stamped with the baseline it matches."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    if unversioned:
        MigrationContext.configure(conn).stamp(script_directory(), BASELINE)
    command.upgrade(config(conn), "head")


def table_columns(conn: Connection) -> dict[str, set[str]]:
    """Every table of the database and its column names."""
    inspector = sa.inspect(conn)
    return {name: {c["name"] for c in inspector.get_columns(name)} for name in inspector.get_table_names()}
