"""Fixtures for store tests: a fresh database per test, on SQLite (a temp file) and on PostgreSQL (a fresh schema).

Use them from a test module with ``pytest_plugins = ["store_fixtures"]``.
PostgreSQL comes from TRACKER_TEST_POSTGRES_URL; when no server answers, the PostgreSQL cases skip with the reason,
except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from ci import in_ci

from tracker.store import Store

DEFAULT_TEST_POSTGRES_URL = "postgresql+psycopg://tracker:tracker@127.0.0.1:5432/tracker_test"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def postgres_url_or_skip(url: str | None = None) -> str:
    """The test server's URL once it answers; otherwise skip (or, under CI=true, fail) saying why."""
    url = url or os.environ.get("TRACKER_TEST_POSTGRES_URL") or DEFAULT_TEST_POSTGRES_URL
    engine = sa.create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as error:  # any reason the server cannot be used: say it and stop
        where = sa.make_url(url).render_as_string(hide_password=True)
        reason = (
            f"no PostgreSQL server reachable at {where} ({type(error).__name__}: "
            f"{str(getattr(error, 'orig', error)).strip().splitlines()[0] if str(error).strip() else ''}); "
            "run .ci/postgres.sh as root, or set TRACKER_TEST_POSTGRES_URL"
        )
        if in_ci():
            pytest.fail("CI=true: " + reason, pytrace=False)
        pytest.skip(reason)
    finally:
        engine.dispose()
    return url


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return postgres_url_or_skip()


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> Iterator[str]:
    """The URL of a database that does not hold a store yet: a new SQLite file, or a new PostgreSQL schema
    (dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'instance' / 'tracker.db'}"
        return
    base = request.getfixturevalue("postgres_url")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def store(store_url) -> Iterator[Store]:
    """A new store, seeded from data/."""
    with Store(store_url) as opened:
        yield opened
