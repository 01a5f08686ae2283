"""Time the store on a million figures: commit, figures as of a revision, diff and restore.

From the repository root: ``python -m benchmarks.store_revisions [sqlite|postgresql] [INDICATORS] [PERIODS]``
(PostgreSQL from TRACKER_TEST_POSTGRES_URL, in a schema dropped afterwards; SQLite in a temporary file).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid

import numpy as np
import pandas as pd
import sqlalchemy as sa

from tracker.store import Store

DEFAULT_POSTGRES = "postgresql+psycopg://tracker:tracker@127.0.0.1:5432/tracker_test"


def synthetic_rows(indicators: int, periods: int) -> pd.DataFrame:
    """``indicators`` × ``periods`` monthly figures (indicator_id, period, value, note, source)."""
    ids = np.repeat([f"metric_{i:05d}" for i in range(indicators)], periods)
    labels = np.tile([f"{1900 + p // 12}-{p % 12 + 1:02d}" for p in range(periods)], indicators)
    return pd.DataFrame(
        {
            "indicator_id": ids,
            "period": labels,
            "value": np.arange(len(ids), dtype=float),
            "note": "",
            "source": "benchmark",
        }
    )


def timed(label: str, call):
    start = time.perf_counter()
    result = call()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main(backend: str = "sqlite", indicators: int = 5000, periods: int = 200) -> None:
    admin, schema = None, None
    if backend == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp()}/tracker.db"
    else:
        base = os.environ.get("TRACKER_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
        schema, admin = f"bench_{uuid.uuid4().hex[:8]}", sa.create_engine(base)
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    try:
        with Store(url) as store:
            rows = synthetic_rows(indicators, periods)
            print(f"{backend}: {len(rows):,} rows, {indicators:,} indicators")
            full = timed("commit of all rows (new)", lambda: store.commit(rows, "bench", "all rows", None))
            tenth = rows.iloc[::10].assign(value=lambda f: f["value"] + 1)
            part = timed("commit of 10% changed", lambda: store.commit(tenth, "bench", "a tenth", full))
            timed("commit of 50 rows", lambda: store.commit(rows.iloc[:50].assign(value=-1.0), "b", "few", part))
            for number in (full, part, store.latest_revision()):
                timed(f"figures({number})", lambda n=number: store.figures(n))
            timed("diff of the 10% revision", lambda: store.diff(full, part))
            timed("restore of the full revision", lambda: store.restore(full, "bench", "back"))
    finally:
        if admin is not None:
            with admin.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite", *(int(a) for a in sys.argv[2:4]))
