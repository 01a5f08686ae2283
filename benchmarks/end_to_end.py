"""The user's whole wait: an upload read, checked, previewed and committed (tracker.importing.stage_import, then
commit_import) against the peers' path, ``pandas.read_csv`` + ``DataFrame.to_sql`` of the same file into a fresh table
(what Superset's CSV upload does: no check, no preview, no history), with a raw ``executemany`` of the parsed rows
beside it; and an Excel upload against the same rows as a GBK CSV.

From the repository root: ``python -m benchmarks.end_to_end [N] [sqlite|postgresql]`` prints one size's figures.
"""

from __future__ import annotations

import io
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager

import pandas as pd
import sqlalchemy as sa

from benchmarks.measure import Row, best_of, loglog_slope
from benchmarks.peak import TODAY
from benchmarks.upload_rows import current_figures, make_upload_csv, make_upload_xlsx, synthetic_indicators

INDICATORS = 2_000
GOAL_VS_PEERS = 1.5
GOAL_XLSX = 5.0
GOAL_EXPONENT = 1.1
DEFAULT_POSTGRES = "postgresql+psycopg://tracker:tracker@127.0.0.1:5432/tracker_test"


def label(n_rows: int) -> str:
    return f"{n_rows // 1_000_000}M" if n_rows >= 1_000_000 else f"{n_rows // 1_000}k"


class _SyntheticPlanStore:
    """A real Store whose upload plan is the benchmark's synthetic indicators (the shipped plan has a few dozen):
    stage_import and commit_import run unchanged against it."""

    def __init__(self, store, indicators: pd.DataFrame):
        self._store, self._indicators = store, indicators

    def upload_plan(self, revision: int | None = None) -> pd.DataFrame:
        return self._indicators

    def __getattr__(self, name: str):
        return getattr(self._store, name)


@contextmanager
def database(backend: str):
    """A fresh, empty database URL: a SQLite file, or a PostgreSQL schema dropped afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/{uuid.uuid4().hex[:8]}.db"
        return
    base = os.environ.get("TRACKER_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    schema, admin = f"bench_{uuid.uuid4().hex[:8]}", sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def postgres_reachable() -> bool:
    try:
        engine = sa.create_engine(os.environ.get("TRACKER_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - no server, no driver, refused: the rows are left out
        return False


def tracker_import(backend: str, data: bytes, indicators: pd.DataFrame) -> tuple[float, float]:
    """(seconds of stage_import + commit_import into a fresh store, of which the commit)."""
    from tracker.importing import commit_import, stage_import
    from tracker.store import Store

    with database(backend) as url, Store(url) as store:
        wrapped = _SyntheticPlanStore(store, indicators)
        start = time.perf_counter()
        staged = stage_import(wrapped, "bench.csv", data, TODAY)
        staged_at = time.perf_counter()
        commit_import(wrapped, staged, "benchmark", "end to end")
        done = time.perf_counter()
        assert staged.check.ok, staged.check.problems[:3]
        return done - start, done - staged_at


def peers_import(backend: str, data: bytes) -> float:
    """Seconds of read_csv + to_sql of the file into a fresh table (as Superset's CSV upload)."""
    with database(backend) as url:
        engine = sa.create_engine(url)
        try:
            start = time.perf_counter()
            frame = pd.read_csv(io.BytesIO(data), encoding="gbk", header=1)
            frame.to_sql("figures", engine, index=False)
            return time.perf_counter() - start
        finally:
            engine.dispose()


def raw_insert(backend: str, data: bytes) -> float:
    """Seconds of one executemany of the already-parsed rows into a fresh table, and its commit: the floor."""
    rows = list(pd.read_csv(io.BytesIO(data), encoding="gbk", header=1, dtype=str).fillna("").itertuples(index=False))
    with database(backend) as url:
        if backend == "sqlite":
            conn = sqlite3.connect(sa.make_url(url).database)
            conn.execute("CREATE TABLE figures (indicator_id TEXT, period TEXT, value TEXT, note TEXT, source TEXT)")
            start = time.perf_counter()
            conn.executemany("INSERT INTO figures VALUES (?, ?, ?, ?, ?)", rows)
            conn.commit()
            seconds = time.perf_counter() - start
            conn.close()
            return seconds
        engine = sa.create_engine(url)
        try:
            raw = engine.raw_connection()
            cursor = raw.cursor()
            cursor.execute("CREATE TABLE figures (indicator_id TEXT, period TEXT, value TEXT, note TEXT, source TEXT)")
            raw.commit()
            start = time.perf_counter()
            cursor.executemany("INSERT INTO figures VALUES (%s, %s, %s, %s, %s)", rows)
            raw.commit()
            seconds = time.perf_counter() - start
            raw.close()
            return seconds
        finally:
            engine.dispose()


def end_to_end_rows(sizes: list[int], backends: list[str]) -> list[Row]:
    """For each backend and size: the tracker's import vs the peers' path, and vs the raw insert; the exponent."""
    indicators = synthetic_indicators(INDICATORS)
    ids = list(indicators["id"])
    rows: list[Row] = []
    for backend in backends:
        totals = {}
        for n in sizes:
            data = make_upload_csv(n, ids)
            repeat = 3 if n <= 10_000 else 2 if n <= 100_000 else 1
            runs = [tracker_import(backend, data, indicators) for _ in range(repeat)]
            total, commit = min(runs)
            totals[n] = total
            peers = best_of(lambda d=data, b=backend: peers_import(b, d), repeat)
            floor = min(raw_insert(backend, data) for _ in range(repeat))
            name = "SQLite" if backend == "sqlite" else "PostgreSQL"
            rows.append(
                Row(
                    f"import {label(n)} rows end to end, {name}",
                    total,
                    "s",
                    peers,
                    "read_csv+to_sql",
                    GOAL_VS_PEERS if n >= 100_000 else None,
                    note=f"end to end {label(n)} {name}: stage_import + commit_import into a fresh store (commit "
                    f"{commit:.2f} s of it) vs read_csv + DataFrame.to_sql into a fresh table; the raw executemany "
                    f"of the parsed rows took {floor:.3f} s ({total / floor:.1f}× of it); best of {repeat}",
                )
            )
        if len(totals) >= 3:
            ordered = sorted(totals)
            rows.append(
                Row(
                    f"import end to end growth exponent, {name} ({label(ordered[0])}–{label(ordered[-1])})",
                    loglog_slope(ordered, [totals[n] for n in ordered]),
                    "",
                    1.0,
                    "(linear)",
                    GOAL_EXPONENT,
                    goal_on_figure=True,
                )
            )
    return rows


def xlsx_row(n_rows: int = 100_000) -> Row:
    """Read + check + preview of the rows as an Excel file vs the same rows as a GBK CSV."""
    from tracker.preview import preview
    from tracker.upload import check_upload

    indicators = synthetic_indicators(INDICATORS)
    ids = list(indicators["id"])
    csv_data, xlsx_data = make_upload_csv(n_rows, ids), make_upload_xlsx(n_rows, ids)
    current = current_figures(n_rows, ids)

    def run(name: str, data: bytes) -> None:
        check = check_upload(name, data, indicators, TODAY)
        assert check.ok, check.problems[:3]
        preview(check.rows, current)

    csv_s = best_of(lambda: run("bench.csv", csv_data), 3)
    xlsx_s = best_of(lambda: run("bench.xlsx", xlsx_data), 3)
    return Row(
        f"import {label(n_rows)} rows from Excel: read+check+preview",
        xlsx_s,
        "s",
        csv_s,
        "GBK CSV",
        GOAL_XLSX,
        note=f"Excel {label(n_rows)}: an XLSX of {len(xlsx_data) / 2**20:.1f} MB as Excel writes it (shared strings, "
        "a merged title row, percent and month-date cells) vs the same rows as a GBK CSV; best of 3",
    )


def main(n_rows: int = 100_000, backend: str = "sqlite") -> None:
    from benchmarks.measure import table

    # Excel's goal is at 100k rows: a 1M-row run does not write (and read three times) a 1M-row XLSX
    rows = end_to_end_rows([n_rows], [backend]) + ([xlsx_row(min(n_rows, 100_000))] if backend == "sqlite" else [])
    print(table(rows))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, sys.argv[2] if len(sys.argv) > 2 else "sqlite")
