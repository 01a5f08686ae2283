"""`python -m benchmarks [--quick] [--profile]`: one table of figures, each against a floor measured in the same run.

Rows: import (read + parse + validate, and with the preview) of 10k, 100k and 1M rows vs pandas.read_csv of the
same bytes, with peak memory vs the parsed DataFrame; the whole import (stage_import + commit_import into a fresh
SQLite store, and PostgreSQL when TRACKER_TEST_POSTGRES_URL's server answers) vs the peers' read_csv + to_sql, with
the raw executemany beside it; 100k rows from Excel vs the same rows as a GBK CSV; status (build_snapshot) of as
many figures; a dashboard rerun (AppTest) of the overview and the doubling page with the shipped figures and with a
million, vs a one-line app; the overview in Chromium vs a bare page; the fitted exponents of import time over rows
and of status time over 200 / 2,000 / 20,000 indicators; 20 MB uploads, honest and hostile, in seconds and MB.
``--quick`` leaves out 1M rows, 20,000 indicators and the 20 MB uploads (a few minutes); ``--profile`` runs
pyinstrument on the slowest work and saves HTML in test-artifacts/benchmarks/.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from benchmarks.measure import Row, table

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "benchmarks"


def profile(name: str, call) -> None:
    """Run ``call`` under pyinstrument; save the HTML and print the heaviest frames."""
    from pyinstrument import Profiler

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    profiler = Profiler(interval=0.001)
    profiler.start()
    call()
    profiler.stop()
    path = ARTIFACTS / f"profile-{name}.html"
    path.write_text(profiler.output_html(), encoding="utf-8")
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    print(f"\n--- profile: {name} (saved {path.relative_to(ROOT)}) ---")
    print("\n".join(text.splitlines()[:60]))


def profiles(sizes: list[int], files: dict[int, bytes], big_url: str) -> None:
    import datetime as dt

    from benchmarks.imports import figures_frame
    from benchmarks.upload_rows import current_figures, synthetic_indicators
    from tracker.figures import load_figures
    from tracker.plan import load_plan
    from tracker.preview import preview
    from tracker.snapshot import build_snapshot
    from tracker.upload import check_upload

    n = max(sizes)
    indicators = synthetic_indicators(2_000)
    current = current_figures(n, list(indicators["id"]))

    def do_import():
        check = check_upload("bench.csv", files[n], indicators, dt.date(2025, 1, 1))
        preview(check.rows, current)

    profile(f"import-{n}", do_import)
    shipped = load_figures(ROOT / "data" / "figures.csv")
    figures, plan = figures_frame(n, shipped), load_plan(ROOT / "data", shipped)
    profile(f"status-{n}", lambda: build_snapshot(plan, figures, 2))
    os.environ["TRACKER_DATABASE_URL"] = big_url
    for page in ("overview", "doubling"):
        rerun_profile(page, "1M" if n >= 1_000_000 else "shipped")


# AppTest runs the script in its own thread, which a profiler started here does not see: a wrapper beside
# dashboard.py (so its page paths resolve) profiles each run from inside that thread.
RERUN_WRAPPER = """
import builtins, runpy
from pyinstrument import Profiler
profiler = Profiler(interval=0.001)
profiler.start()
try:
    runpy.run_path({dashboard!r}, run_name="__main__")
finally:
    profiler.stop()
    builtins._benchmark_sessions.append(profiler.last_session)
"""


def rerun_profile(page: str, label: str, runs: int = 5) -> None:
    import builtins

    import streamlit as st
    from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer
    from pyinstrument.session import Session
    from streamlit.testing.v1 import AppTest

    wrapper = ROOT / f".benchmark-profile-{os.getpid()}.py"
    wrapper.write_text(RERUN_WRAPPER.format(dashboard=str(ROOT / "dashboard.py")), encoding="utf-8")
    builtins._benchmark_sessions = []
    try:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(wrapper), default_timeout=600)
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        builtins._benchmark_sessions.clear()
        for _ in range(runs):
            at.run()
        assert not at.exception, at.exception
        session = builtins._benchmark_sessions[0]
        for more in builtins._benchmark_sessions[1:]:
            session = Session.combine(session, more)
    finally:
        wrapper.unlink(missing_ok=True)
        del builtins._benchmark_sessions
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"profile-rerun-{page}-{label}.html"
    path.write_text(HTMLRenderer().render(session), encoding="utf-8")
    text = ConsoleRenderer(unicode=True, color=False, show_all=False).render(session)
    print(f"\n--- profile: {runs} reruns of {page}, {label} (saved {path.relative_to(ROOT)}) ---")
    print("\n".join(text.splitlines()[:70]))


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="leave out 1M rows, 20,000 indicators and the 20 MB uploads"
    )
    parser.add_argument("--profile", action="store_true", help="pyinstrument the slowest work, HTML in test-artifacts/")
    parser.add_argument("--no-browser", action="store_true", help="leave out the Chromium row")
    parser.add_argument("--no-postgres", action="store_true", help="leave out the PostgreSQL import rows")
    args = parser.parse_args()
    # AppTest outside a server warns about its missing runtime on every cache clear.
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

    from benchmarks.imports import exponent_row, import_rows, memory_row, status_rows
    from benchmarks.reruns import build_big_store, rerun_rows

    started = time.perf_counter()
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}", flush=True)
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    rows: list[Row] = []
    print("import ...", flush=True)
    import_table, totals, files = import_rows(sizes)
    rows += import_table
    print("memory ...", flush=True)
    rows.append(memory_row(max(sizes), files[max(sizes)]))
    rows.append(exponent_row(totals))
    print("import end to end ...", flush=True)
    from benchmarks.end_to_end import end_to_end_rows, postgres_reachable, xlsx_row

    backends = ["sqlite"] + (["postgresql"] if not args.no_postgres and postgres_reachable() else [])
    rows += end_to_end_rows(sizes, backends)
    print("Excel ...", flush=True)
    rows.append(xlsx_row(100_000))
    print("status ...", flush=True)
    rows += status_rows(sizes)
    from benchmarks.status_growth import status_growth_row

    rows.append(status_growth_row([200, 2_000] if args.quick else [200, 2_000, 20_000]))
    if not args.quick:
        print("20 MB uploads ...", flush=True)
        from benchmarks.hostile import hostile_rows

        rows += hostile_rows()
    with tempfile.TemporaryDirectory() as tmp:
        shipped_url = f"sqlite:///{tmp}/shipped.db"
        big_url = None
        if not args.quick:
            print("a store of 1M figures ...", flush=True)
            big_url = f"sqlite:///{tmp}/big.db"
            commit_s = build_big_store(big_url)
            print(f"  committed 1M figures in {commit_s:.1f} s", flush=True)
            from benchmarks.reruns import figures_row

            rows.append(figures_row(big_url))
        print("reruns ...", flush=True)
        rows += rerun_rows(shipped_url, big_url)
        if not args.no_browser:
            print("browser ...", flush=True)
            from benchmarks.browser import browser_rows

            rows += browser_rows(shipped_url)
            print("cold start ...", flush=True)
            from benchmarks.cold_start import cold_start_row

            rows.append(cold_start_row())
            print("20 sessions ...", flush=True)
            from benchmarks.sessions_memory import sessions_memory_row

            rows.append(sessions_memory_row())
        print()
        print(table(rows))
        missed = [row.what for row in rows if row.met is False]
        print(
            f"\n{sum(row.met is True for row in rows)} goals met, {len(missed)} missed"
            f"{': ' + '; '.join(missed) if missed else ''}. Took {time.perf_counter() - started:.0f} s; load "
            f"average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}."
        )
        if args.profile:
            profiles(sizes, files, big_url or shipped_url)


if __name__ == "__main__":
    main()
