"""Damaged, empty, foreign and full databases: the store raises StoreUnavailable with a message and never writes."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import event

from tracker.store import Store, StoreUnavailable

pytest_plugins = ["store_fixtures"]  # store_url, postgres_url

BULK_ROWS = 6000  # enough figure pages that damage "deep in the file" lands far from the schema


def bulk_rows(n: int, value: float = 1.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": [f"bulk_{i // 50:04d}" for i in range(n)],
            "period": [str(1900 + i % 50) for i in range(n)],
            "value": [value + i for i in range(n)],
            "note": "",
            "source": "test",
        }
    )


def seeded_file(tmp_path: Path) -> Path:
    """A store file with two revisions (the shipped figures, then BULK_ROWS more), closed."""
    path = tmp_path / "instance" / "tracker.db"
    with Store(f"sqlite:///{path}") as store:
        store.commit(bulk_rows(BULK_ROWS), "test", "bulk", 1)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def garbage_pages(path: Path) -> None:
    """Overwrite the pages from 30 % to 80 % of the file with random bytes (the header and schema stay intact)."""
    size = path.stat().st_size
    page = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    start, end = (int(size * 0.3) // page) * page, (int(size * 0.8) // page) * page
    noise = random.Random(8).randbytes(end - start)
    with path.open("r+b") as file:
        file.seek(start)
        file.write(noise)


def truncate_half(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def zero_bytes(path: Path) -> None:
    os.truncate(path, 0)


def foreign_users(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
        conn.execute("INSERT INTO users VALUES (1, 'someone@example.org')")
    conn.close()


def foreign_users_and_ours(path: Path) -> None:
    """The tracker's own tables plus another application's."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
    conn.close()


DAMAGE = {
    "garbage pages deep in the file": garbage_pages,
    "truncated to half": truncate_half,
    "0 bytes": zero_bytes,
    "another application's file": foreign_users,
    "our tables beside another application's": foreign_users_and_ours,
}


def test_the_damage_is_real():
    """Guard against tests that cannot fail: each damaged file differs from the seeded one."""
    import tempfile

    for damage in DAMAGE.values():
        with tempfile.TemporaryDirectory() as folder:
            path = seeded_file(Path(folder))
            before = sha256(path)
            damage(path)
            assert sha256(path) != before


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_opening_a_damaged_or_foreign_file_is_refused_and_leaves_it_unchanged(tmp_path, damage):
    path = seeded_file(tmp_path)
    DAMAGE[damage](path)
    before = sha256(path)
    with pytest.raises(StoreUnavailable) as caught:
        Store(f"sqlite:///{path}")
    assert caught.value.reason == "damaged"
    assert "left untouched" in str(caught.value) or "malformed" in str(caught.value)
    assert sha256(path) == before
    assert not path.with_name(path.name + "-wal").exists() or path.with_name(path.name + "-wal").stat().st_size == 0


ACTIONS = {
    "figures": lambda store: store.figures(),
    "diff": lambda store: store.diff(1, 2),
    "commit": lambda store: store.commit(bulk_rows(50, value=-5.0), "test", "after damage", 2),
    "restore": lambda store: store.restore(1, "test", "rollback after damage"),
}
LATER_DAMAGE = ["garbage pages deep in the file", "truncated to half", "0 bytes"]


@pytest.mark.parametrize("damage", LATER_DAMAGE)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_damage_found_after_the_open_is_unavailable_and_nothing_is_written(tmp_path, damage, action):
    path = seeded_file(tmp_path)
    store = Store(f"sqlite:///{path}")
    try:
        DAMAGE[damage](path)
        store.engine.dispose()  # the next read comes from the damaged file, not a pooled connection's cache
        before = sha256(path)
        with pytest.raises(StoreUnavailable) as caught:
            ACTIONS[action](store)
        assert "Traceback" not in str(caught.value) and "sqlalche.me" not in str(caught.value)
    finally:
        store.close()  # the last connection closing would checkpoint anything written into the file
    assert sha256(path) == before


def test_a_missing_file_is_created_and_seeded_but_an_empty_one_is_not(tmp_path):
    missing = tmp_path / "new" / "tracker.db"
    with Store(f"sqlite:///{missing}") as store:
        assert store.latest_revision() == 1
    assert sorted(p.name for p in missing.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["tracker.db"]
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreUnavailable, match=r"empty \(0 bytes\)"):
        Store(f"sqlite:///{empty}")
    assert empty.stat().st_size == 0


def test_a_postgres_database_with_another_applications_tables_is_refused(postgres_url):
    import uuid

    import sqlalchemy as sa

    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        conn.exec_driver_sql(f'CREATE TABLE "{schema}".users (id integer PRIMARY KEY, email text)')
    url = sa.make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        with pytest.raises(StoreUnavailable, match="tables that are not the tracker's: users"):
            Store(url.render_as_string(hide_password=False))
        with admin.connect() as conn:
            assert sa.inspect(conn).get_table_names(schema=schema) == ["users"]
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


# ---- a full disk ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2000, 30_000], ids=["a few pages", "more rows than one insert chunk"])
def test_a_full_disk_is_unavailable_and_keeps_the_figures(tmp_path, rows):
    path = seeded_file(tmp_path)
    url = f"sqlite:///{path}"
    store = Store(url)
    try:
        before = store.figures()
        pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]

        @event.listens_for(store.engine, "connect")
        def _limit(dbapi_connection, _record):  # SQLite's own "disk": no page beyond the current ones
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        store.engine.dispose()
        with pytest.raises(StoreUnavailable, match="full") as caught:
            store.commit(
                bulk_rows(rows, value=-7.0).assign(indicator_id=lambda f: "full_" + f["indicator_id"]),
                "test",
                "too big",
                2,
            )
        assert caught.value.reason == "full"
        assert "full" in caught.value.public_message_en and "满" in caught.value.public_message_zh
    finally:
        store.close()
    with Store(url) as reopened:
        assert reopened.latest_revision() == 2
        pd.testing.assert_frame_equal(reopened.figures(), before)


# ---- what a viewer is told ------------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_the_public_message_does_not_name_the_database(tmp_path, damage):
    path = seeded_file(tmp_path)
    DAMAGE[damage](path)
    with pytest.raises(StoreUnavailable) as caught:
        Store(f"sqlite:///{path}")
    assert str(path) in str(caught.value)  # the server log and the CLI keep the detail
    for public in (caught.value.public_message_zh, caught.value.public_message_en):
        assert str(tmp_path) not in public and "sqlite" not in public.lower() and "tracker.db" not in public
        assert public.strip()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.public_message_zh)


def test_an_unreachable_server_has_a_public_message_without_its_address():
    with pytest.raises(StoreUnavailable) as caught:
        Store("postgresql+psycopg://tracker:secret@127.0.0.1:1/nowhere")
    assert "127.0.0.1" in str(caught.value) and "secret" not in str(caught.value)
    assert caught.value.reason == "unavailable"
    for public in (caught.value.public_message_zh, caught.value.public_message_en):
        assert "127.0.0.1" not in public and "nowhere" not in public
