"""A dashboard rerun under AppTest (the overview, the doubling page) with the shipped figures and with a million,
against a one-line Streamlit app; and the store of a million figures those runs read."""

from __future__ import annotations

import os
import time
from pathlib import Path

from benchmarks.measure import Row, median_of

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 20
GOAL_MS = 50.0  # issue 15: a rerun of the overview with the shipped data
GOAL_BIG = 1.5  # issue 15: with 1M figures in the store, vs the shipped rerun
GOAL_FIGURES = 2.0  # Store.figures(N) vs pandas.read_sql of a plain table of the same rows
BIG_INDICATORS, BIG_PERIODS = 5_000, 200  # 1,000,000 figures


def build_big_store(url: str) -> float:
    """Seed the shipped plan and figures (revision 1), then commit 5,000 × 200 monthly figures (revision 2).

    The synthetic indicators are not added to the plan: every page draws one card per plan indicator, so thousands
    of plan indicators would measure drawing thousands of cards (a different question, answered by paging) rather
    than what a million stored figures cost. Uploads refuse unknown indicators; Store.commit does not check.
    Returns the seconds the commit took.
    """
    from benchmarks.store_revisions import synthetic_rows
    from tracker.store import Store

    with Store(url) as store:
        rows = synthetic_rows(BIG_INDICATORS, BIG_PERIODS)
        start = time.perf_counter()
        store.commit(rows, "benchmark", "a million figures", store.latest_revision())
        return time.perf_counter() - start


def figures_row(big_url: str, repeat: int = 2) -> Row:
    """Store.figures(N) of the 1M-figure store (the newest version of each key at or before N, what the first view
    of a new revision waits for) vs pandas.read_sql of a plain table holding the same rows, in the same folder."""
    import pandas as pd
    import sqlalchemy as sa

    from benchmarks.measure import best_of
    from tracker.store import Store

    with Store(big_url) as store:
        number = store.latest_revision()
        figures = store.figures(number)
        seconds = best_of(lambda: store.figures(number), repeat)
    plain_url = big_url.replace("big.db", "plain.db")
    engine = sa.create_engine(plain_url)
    try:
        figures.to_sql("figures", engine, index=False, if_exists="replace")
        floor = best_of(lambda: pd.read_sql("SELECT * FROM figures", engine), repeat)
    finally:
        engine.dispose()
    return Row(
        f"Store.figures(N) of a 1M-figure store ({len(figures):,} rows)",
        seconds,
        "s",
        floor,
        "read_sql plain table",
        GOAL_FIGURES,
        note=f"figures: best of {repeat}; the floor reads a table of the same rows with no versions (SQLite)",
    )


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def page_rerun_ms(page: str, database_url: str, repeat: int = REPEAT) -> float:
    """Median milliseconds of ``repeat`` reruns of ``page`` after a first run that fills the caches."""
    from streamlit.testing.v1 import AppTest

    os.environ["TRACKER_DATABASE_URL"] = database_url
    _clear_caches()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    seconds = median_of(lambda: at.run(), repeat)
    assert not at.exception, at.exception
    _clear_caches()
    return seconds * 1000


def paired_rerun_ms(page: str, urls: list[str], repeat: int = REPEAT) -> list[float]:
    """Median milliseconds of ``repeat`` reruns of ``page`` against each database of ``urls``, the reruns taking
    turns (one of each, then again): on a shared machine the load moves within seconds, and a ratio of two
    medians measured one after the other measures that move as much as the page. Caches are filled first (each
    database its own keys) and cleared after."""
    import statistics

    from streamlit.testing.v1 import AppTest

    _clear_caches()
    apps = []
    for url in urls:
        os.environ["TRACKER_DATABASE_URL"] = url
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        assert not at.exception, at.exception
        apps.append(at)
    times: list[list[float]] = [[] for _ in urls]
    for _ in range(repeat):
        for n, (url, at) in enumerate(zip(urls, apps)):
            os.environ["TRACKER_DATABASE_URL"] = url  # the page reads it on every run
            start = time.perf_counter()
            at.run()
            times[n].append(time.perf_counter() - start)
            assert not at.exception, at.exception
    _clear_caches()
    return [statistics.median(t) * 1000 for t in times]


def one_line_rerun_ms(repeat: int = REPEAT) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("import streamlit as st\nst.write('Target Tracker')\n", default_timeout=60)
    at.run()
    return median_of(lambda: at.run(), repeat) * 1000


def rerun_rows(shipped_url: str, big_url: str | None) -> list[Row]:
    floor = one_line_rerun_ms()
    rows, shipped = [], {}
    for page in ("overview", "doubling"):
        shipped[page] = page_rerun_ms(page, shipped_url)
        rows.append(
            Row(
                f"rerun {page}, shipped figures (median of {REPEAT})",
                shipped[page],
                "ms",
                floor,
                "one-line app",
                GOAL_MS,
                goal_on_figure=True,
            )
        )
    if big_url:
        for page in ("overview", "doubling"):
            # Against the shipped page measured in the same turns (paired_rerun_ms), not the row above.
            paired_shipped, big = paired_rerun_ms(page, [shipped_url, big_url])
            rows.append(
                Row(
                    f"rerun {page}, 1M figures in the store",
                    big,
                    "ms",
                    paired_shipped,
                    f"shipped {page}, same turns",
                    GOAL_BIG,
                    note=f"1M store: {BIG_INDICATORS:,} synthetic indicators × {BIG_PERIODS} months beside "
                    "the shipped figures, committed with Store.commit to a temporary SQLite file; "
                    "the plan is the shipped one (see benchmarks/reruns.py, build_big_store); the shipped and "
                    "the 1M reruns take turns, so a change of load hits both"
                    if page == "overview"
                    else "",
                )
            )
    return rows
