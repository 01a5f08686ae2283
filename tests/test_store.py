"""The store on SQLite and PostgreSQL: seeding, revisions, diffs, rollbacks, conflicts and damaged databases."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from tracker.figures import load_figures
from tracker.plan import DATA_DIR, INDICATOR_COLUMNS, MILESTONE_COLUMNS, PILLAR_COLUMNS
from tracker.store import (
    PROJECT_ROOT,
    InvalidRows,
    NothingToCommit,
    StaleRevision,
    Store,
    StoreError,
    StoreUnavailable,
    UnknownRevision,
    default_url,
)

pytest_plugins = ["store_fixtures"]  # the store, store_url and postgres_url fixtures

FIGURE_FRAME_COLUMNS = [
    "indicator_id",
    "period",
    "value",
    "note_zh",
    "note_en",
    "source_zh",
    "source_en",
    "qualifier",
    "flags",
    "growth",
    "confidence",
]


def rows(*figures: tuple) -> pd.DataFrame:
    """Upload rows from (indicator_id, period, value[, note[, source]]) tuples: a legacy note and source, which the
    store puts in the column of their language (Han characters: _zh, else _en)."""
    return pd.DataFrame(
        [(*f, "", "")[:5] for f in figures], columns=["indicator_id", "period", "value", "note", "source"]
    )


def value_of(figures: pd.DataFrame, indicator_id: str, period: str) -> float | None:
    match = figures[(figures["indicator_id"] == indicator_id) & (figures["period"] == period)]
    return None if match.empty else float(match["value"].iloc[0])


def shipped_figures() -> pd.DataFrame:
    return load_figures(DATA_DIR / "figures.csv").sort_values(["indicator_id", "period"], ignore_index=True)


# ---- seeding and reading ------------------------------------------------------------------------------------


def test_a_new_store_holds_the_shipped_figures_as_revision_1(store):
    assert store.latest_revision() == 1
    history = store.revisions()
    assert history["revision"].tolist() == [1]
    first = store.revision(1)
    assert (first.author, first.comment) == ("system", "shipped figures from data/")
    assert (first.added, first.changed, first.removed, first.restored_from) == (len(shipped_figures()), 0, 0, None)
    assert str(first.created_at.tzinfo) == "UTC"
    figures = store.figures()
    assert figures.columns.tolist() == FIGURE_FRAME_COLUMNS
    pd.testing.assert_frame_equal(figures, shipped_figures(), check_dtype=False)


def test_the_plan_tables_mirror_the_csvs(store):
    pillars, indicators, milestones = store.plan_tables()
    for frame, file, columns in (
        (pillars, "pillars.csv", PILLAR_COLUMNS),
        (indicators, "indicators.csv", INDICATOR_COLUMNS),
        (milestones, "milestones.csv", MILESTONE_COLUMNS),
    ):
        expected = pd.read_csv(DATA_DIR / file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        expected = expected.reindex(columns=columns, fill_value="")  # an optional column (kind) may be left out
        pd.testing.assert_frame_equal(frame, expected.apply(lambda s: s.str.strip()), check_dtype=False)
    plan = store.plan(store.figures())
    assert "gdp" in plan.indicators.index
    assert plan.pillars["order"].tolist() == sorted(plan.pillars["order"])


# ---- commits ------------------------------------------------------------------------------------------------


def test_a_commit_adds_a_revision_counting_added_and_changed_rows(store):
    before = store.figures()
    gdp_2022 = before[(before["indicator_id"] == "gdp") & (before["period"] == "2022")].iloc[0]
    upload = pd.concat(
        [
            # 2019: a period nothing ships (2024 ships, flagged as a series break)
            rows(("gdp", "2019", 1900.0, "new", "bureau"), ("gdp", "2023", 1800.0, "revised", "bureau")),
            gdp_2022[FIGURE_FRAME_COLUMNS[:-1]].to_frame().T,  # as stored: not counted
        ]
    ).assign(confidence=["uploaded", "uploaded", gdp_2022["confidence"]])

    number = store.commit(upload, author="Li Wei", comment="2024 annual figures", base_revision=1)

    assert number == 2 == store.latest_revision()
    info = store.revision(2)
    assert (info.author, info.comment, info.added, info.changed, info.removed, info.base_revision) == (
        "Li Wei",
        "2024 annual figures",
        1,
        1,
        0,
        1,
    )
    after = store.figures()
    assert len(after) == len(before) + 1  # rows not in the upload are kept
    assert value_of(after, "gdp", "2019") == 1900.0
    assert value_of(after, "gdp", "2023") == 1800.0
    assert store.diff(1, 2)[["indicator_id", "period"]].values.tolist() == [["gdp", "2019"], ["gdp", "2023"]]


def test_confidence_defaults_to_uploaded(store):
    store.commit(rows(("gdp", "2024", 1900.0)), "a", "c", None)
    figures = store.figures()
    assert figures.loc[(figures["indicator_id"] == "gdp") & (figures["period"] == "2024"), "confidence"].item() == (
        "uploaded"
    )


def test_an_old_revision_reads_the_same_after_later_commits(store):
    first = store.figures(1)
    store.commit(rows(("gdp", "2023", 1.0), ("gdp", "2030", 2.0)), "a", "one", 1)
    second = store.figures(2)
    store.commit(rows(("gdp", "2023", 3.0), ("city_gdp", "2030", 4.0)), "a", "two", 2)
    store.restore(1, "a", "back to the start")
    pd.testing.assert_frame_equal(store.figures(1), first)
    pd.testing.assert_frame_equal(store.figures(2), second)
    assert value_of(store.figures(3), "gdp", "2023") == 3.0


def test_diff_lists_added_changed_and_removed_rows(store):
    store.commit(rows(("gdp", "2023", 1800.0), ("gdp", "2030", 5000.0)), "a", "c", 1)
    old_gdp_2023 = value_of(store.figures(1), "gdp", "2023")
    diff = store.diff(1, 2)
    assert diff[["indicator_id", "period", "status"]].values.tolist() == [
        ["gdp", "2023", "changed"],
        ["gdp", "2030", "added"],
    ]
    assert diff["old_value"].iloc[0] == old_gdp_2023 and pd.isna(diff["old_value"].iloc[1])
    assert diff["status"].tolist() == ["changed", "added"]
    assert diff["new_value"].tolist() == [1800.0, 5000.0]
    backwards = store.diff(2, 1)
    assert backwards["status"].tolist() == ["changed", "removed"]
    assert backwards["new_value"].iloc[0] == old_gdp_2023 and pd.isna(backwards["new_value"].iloc[1])
    assert store.diff(2, 2).empty


QUALITY_CASES = [
    # (what the upload gives, what the store returns: qualifier, flags, growth; the diff's fields vs. an exact row)
    ({"qualifier": "at_least"}, ("at_least", "", None), "qualifier"),
    ({"qualifier": "about", "flags": "estimate"}, ("about", "estimate", None), "qualifier, flags"),
    ({"flags": "year_to_date, estimate"}, ("exact", "estimate,year_to_date", None), "flags"),
    ({"growth": 0.078}, ("exact", "", 0.078), "growth"),
    ({"growth": ""}, ("exact", "", None), None),
    ({}, ("exact", "", None), None),
]


@pytest.mark.parametrize(("extra", "stored", "fields"), QUALITY_CASES)
def test_qualifier_flags_and_growth_are_stored_returned_and_named_in_the_diff(store, extra, stored, fields):
    base = {"indicator_id": "gdp", "period": "2031", "value": 1.0, "note_en": "n"}
    store.commit(pd.DataFrame([base]), "a", "c", None)
    before = store.latest_revision()
    if fields is None:
        with pytest.raises(NothingToCommit):
            store.commit(pd.DataFrame([{**base, **extra}]), "a", "c", None)
        return
    store.commit(pd.DataFrame([{**base, **extra}]), "a", "c", None)
    row = store.figures().set_index(["indicator_id", "period"]).loc[("gdp", "2031")]
    growth = None if pd.isna(row["growth"]) else float(row["growth"])
    assert (row["qualifier"], row["flags"], growth) == stored
    diff = store.diff(before, store.latest_revision())
    assert diff["fields"].tolist() == [fields]


def test_an_unknown_qualifier_or_flag_is_refused(store):
    for extra in ({"qualifier": "roughly"}, {"flags": "guess"}, {"growth": "fast"}):
        with pytest.raises(InvalidRows):
            store.commit(pd.DataFrame([{"indicator_id": "gdp", "period": "2031", "value": 1.0, **extra}]), "a", "c", 1)


def test_restore_makes_a_new_revision_with_the_earlier_figures(store):
    store.commit(rows(("gdp", "2023", 1800.0), ("gdp", "2030", 5000.0)), "a", "c", 1)
    store.commit(rows(("city_gdp", "2030", 20000.0)), "a", "c", 2)

    number = store.restore(1, author="Wang Fang", comment="undo the test uploads")

    assert number == 4
    info = store.revision(4)
    assert (info.restored_from, info.added, info.changed, info.removed, info.base_revision) == (1, 0, 1, 2, 3)
    pd.testing.assert_frame_equal(store.figures(4), store.figures(1))
    assert value_of(store.figures(3), "city_gdp", "2030") == 20000.0  # history is kept
    assert store.diff(3, 4)["status"].tolist() == ["removed", "changed", "removed"]
    # Restoring the restored state again changes nothing; restoring 3 brings the removed rows back.
    with pytest.raises(NothingToCommit):
        store.restore(1, "a", "again")
    store.restore(3, "a", "redo")
    pd.testing.assert_frame_equal(store.figures(5), store.figures(3))
    assert store.revision(5).added == 2


def test_committing_the_current_figures_is_nothing_to_commit(store):
    shipped = store.figures()
    with pytest.raises(NothingToCommit):
        store.commit(shipped, "a", "same again", 1)
    assert store.latest_revision() == 1


def test_rows_that_cannot_be_stored_are_refused(store):
    with pytest.raises(InvalidRows, match="repeat"):
        store.commit(rows(("gdp", "2030", 1.0), ("gdp", "2030", 2.0)), "a", "c", 1)
    with pytest.raises(InvalidRows, match="value"):
        store.commit(rows(("gdp", "2030", "lots")), "a", "c", 1)
    with pytest.raises(InvalidRows, match="value"):
        store.commit(pd.DataFrame({"indicator_id": ["gdp"], "period": ["2030"], "note": [""]}), "a", "c", 1)
    assert store.latest_revision() == 1


@pytest.mark.parametrize(
    ("figure", "column"),
    [
        (("gdp", "2030", 1.0, "a\x00b"), "note_en"),
        (("gdp", "2030", 1.0, "", "src\x00"), "source_en"),
        (("gdp", "2030", 1.0, "备注\x00"), "note_zh"),
        (("gd\x00p", "2030", 1.0), "indicator_id"),
    ],
)
def test_a_nul_character_is_refused_naming_the_row_and_column_on_both_backends(store, figure, column):
    with pytest.raises(InvalidRows, match=f"row 2, column {column}: a NUL character"):
        store.commit(rows(("gdp", "2031", 5.0), figure), "a", "c", 1)
    assert store.latest_revision() == 1


def test_unknown_revisions_are_refused(store):
    for call in (
        lambda: store.revision(7),
        lambda: store.figures(7),
        lambda: store.diff(1, 7),
        lambda: store.restore(7, "a", "c"),
        lambda: store.commit(rows(("gdp", "2030", 1.0)), "a", "c", 7),
    ):
        with pytest.raises(UnknownRevision, match="no revision 7") as caught:
            call()
        assert isinstance(caught.value, KeyError) and isinstance(caught.value, StoreError)


# ---- concurrency --------------------------------------------------------------------------------------------


def test_a_commit_based_on_a_stale_revision_is_refused(store):
    store.commit(rows(("gdp", "2030", 1.0)), "colleague", "first", base_revision=1)
    with pytest.raises(StaleRevision, match="changed under you since revision 1: review the preview again"):
        store.commit(rows(("gdp", "2030", 2.0), ("gdp", "2031", 3.0)), "me", "second", base_revision=1)
    assert store.latest_revision() == 2
    # Rows nobody touched since the base revision still land.
    assert store.commit(rows(("gdp", "2031", 3.0)), "me", "second", base_revision=1) == 3


def test_two_writers_at_once_both_land_as_separate_revisions(store_url, store):
    commits_each = 20
    barrier = threading.Barrier(2)
    numbers: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            with Store(store_url) as own:  # its own engine and connections, as another session would have
                barrier.wait()
                numbers[name] = [
                    own.commit(
                        rows((f"load_{name}", str(2000 + i), float(i))),
                        name,
                        f"{name} {i}",
                        base_revision=own.latest_revision(),
                    )
                    for i in range(commits_each)
                ]
        except BaseException as error:  # reported below, with the thread's own traceback
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    landed = numbers["a"] + numbers["b"]
    assert sorted(landed) == list(range(2, 2 + 2 * commits_each))
    assert store.revisions()["revision"].tolist() == list(range(1 + 2 * commits_each, 0, -1))
    figures = store.figures()
    for name in ("a", "b"):
        mine = figures[figures["indicator_id"] == f"load_{name}"]
        assert mine["value"].tolist() == [float(i) for i in range(commits_each)]


def test_two_writers_changing_the_same_figure_one_is_told_to_review(store_url, store):
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def writer(value: float) -> None:
        with Store(store_url) as own:
            barrier.wait()
            try:
                outcomes.append(own.commit(rows(("gdp", "2030", value)), "w", "c", base_revision=1))
            except StaleRevision as error:
                outcomes.append(error)

    threads = [threading.Thread(target=writer, args=(v,)) for v in (1.0, 2.0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(type, outcomes), key=str) == sorted([int, StaleRevision], key=str)
    assert store.latest_revision() == 2


WRITER_PROCESS = """
import sys
import pandas as pd
from tracker.store import Store
url, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = Store(url)
for i in range(count):
    store.commit(pd.DataFrame({"indicator_id": [name], "period": [str(2000 + i)], "value": [float(i)],
                               "note": [""], "source": ["cli"]}), name, "from a process", None)
"""


def test_two_processes_writing_at_once_lose_nothing(store_url, store):
    commits_each = 10
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER_PROCESS, store_url, f"proc_{n}", str(commits_each)],
            cwd=PROJECT_ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    assert store.latest_revision() == 1 + 2 * commits_each
    figures = store.figures()
    assert (figures["indicator_id"].str.startswith("proc_")).sum() == 2 * commits_each


def test_two_first_opens_at_once_seed_once(store_url):
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            barrier.wait()
            Store(store_url).close()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=opener) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    with Store(store_url) as opened:
        assert opened.revisions()["revision"].tolist() == [1]


OPENER_PROCESS = """
import sys, time
from pathlib import Path
from tracker.store import Store
url, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
ready.touch()
while not go.exists():
    time.sleep(0.005)
with Store(url) as store:
    print(store.latest_revision())
"""


@pytest.mark.parametrize("round_number", range(3))
def test_eight_processes_opening_one_new_database_at_once_all_succeed_and_seed_once(store_url, tmp_path, round_number):
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(8)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER_PROCESS, store_url, str(flag), str(go)],
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
    go.touch()  # all eight imported and waiting: they open at once
    outcomes = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 8, [err for _, err in outcomes if err]
    assert [out.strip() for out, _ in outcomes] == ["1"] * 8
    with Store(store_url) as opened:
        assert opened.revisions()["revision"].tolist() == [1]
        assert opened.revision(1).author == "system"
    if store_url.startswith("sqlite"):  # no temporary seed file is left behind
        folder = Path(sa.make_url(store_url).database).parent
        assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["tracker.db"]


# ---- opening existing and damaged databases ---------------------------------------------------------------


def test_an_existing_store_is_never_seeded_again(store_url, store, tmp_path):
    store.commit(rows(("gdp", "2030", 4321.0)), "a", "kept", 1)
    store.close()
    other_data = tmp_path / "other-data"
    other_data.mkdir()
    for csv in DATA_DIR.glob("*.csv"):
        (other_data / csv.name).write_bytes(csv.read_bytes())
    (other_data / "figures.csv").write_text(
        "indicator_id,period,value,note,source,confidence\ngdp,2022,1.0,,elsewhere,quoted\n", encoding="utf-8"
    )
    with Store(store_url, data_dir=other_data) as reopened:
        assert reopened.latest_revision() == 2
        assert value_of(reopened.figures(), "gdp", "2030") == 4321.0
        assert len(reopened.figures(1)) == len(shipped_figures())


@pytest.mark.parametrize("journal_mode", ["delete", "truncate", "wal"])
def test_a_store_opens_while_another_connection_holds_the_write_lock(tmp_path, journal_mode):
    """A file not in WAL mode (a copy, a restored backup) is switched to WAL on open; when another connection is
    writing, SQLite refuses the switch at once, and the open goes on in the old mode instead of failing."""
    import sqlite3

    path = tmp_path / "tracker.db"
    Store(f"sqlite:///{path}").close()
    sqlite3.connect(path, isolation_level=None).execute(f"PRAGMA journal_mode={journal_mode}").connection.close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with Store(f"sqlite:///{path}") as opened:
            assert opened.latest_revision() == 1
    finally:
        writer.execute("COMMIT")
        writer.close()
    with Store(f"sqlite:///{path}") as reopened:  # the next open, unhindered, switches to WAL
        assert reopened.latest_revision() == 1
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(
    "garbage", [b"this is not a database\n" * 50, bytes(range(256)) * 40, b"SQLite format 3\x00" + b"\xff" * 2000]
)
def test_a_garbage_file_is_unavailable_and_left_untouched(tmp_path, garbage):
    path = tmp_path / "instance" / "tracker.db"
    path.parent.mkdir()
    path.write_bytes(garbage)
    with pytest.raises(StoreUnavailable, match="cannot open the database") as caught:
        Store(f"sqlite:///{path}")
    assert "Traceback" not in str(caught.value) and "sqlalche.me" not in str(caught.value)
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in path.parent.iterdir()) == ["tracker.db"]


def test_a_database_with_a_damaged_schema_is_unavailable_and_left_untouched(store_url):
    if store_url.startswith("sqlite"):
        Path(sa.make_url(store_url).database).parent.mkdir(parents=True)
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE revisions (id INTEGER PRIMARY KEY, note TEXT)")
        conn.exec_driver_sql("INSERT INTO revisions VALUES (1, 'somebody else''s table')")
    try:
        with pytest.raises(StoreUnavailable, match="schema is damaged"):
            Store(store_url)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT id, note FROM revisions").all() == [(1, "somebody else's table")]
            assert "figure_versions" not in sa.inspect(conn).get_table_names()
    finally:
        engine.dispose()


def test_a_store_missing_a_table_is_unavailable(store_url, store):
    store.close()
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE milestone_versions")
    engine.dispose()
    with pytest.raises(StoreUnavailable, match="missing tables: milestone_versions"):
        Store(store_url)


def test_a_database_that_cannot_be_reached_is_unavailable(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreUnavailable):
        Store(f"sqlite:///{blocker / 'tracker.db'}")
    with pytest.raises(StoreUnavailable, match="cannot open the database"):
        Store("postgresql+psycopg://tracker:tracker@127.0.0.1:1/nowhere")


def test_the_default_database_is_a_file_under_instance_unless_the_environment_names_one(monkeypatch):
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    assert default_url() == f"sqlite:///{PROJECT_ROOT / 'instance' / 'tracker.db'}"
    assert "/instance/" in (PROJECT_ROOT / ".gitignore").read_text()
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql://u:p@db.example/tracker")
    assert default_url() == "postgresql://u:p@db.example/tracker"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("TRUE", True), (" true\n", True), ("1", True), ("yes", True)]
    + [("", False), ("false", False), ("0", False), ("no", False), (None, False)],
)
def test_in_ci_reads_the_ci_variable(monkeypatch, value, expected):
    from ci import in_ci

    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert in_ci() is expected


def test_one_helper_reads_the_ci_variable():
    # The store, browser and other fixtures once each read CI their own way (CI=1 failed one and skipped another).
    reads_ci = re.compile(r"def in_ci\(|environ\.get\(\s*[\"']CI[\"']|environ\[[\"']CI[\"']\]")
    readers = [
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in (PROJECT_ROOT / "tests").rglob("*.py")
        if reads_ci.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == ["tests/ci.py"]


def test_a_missing_postgres_server_fails_under_ci_and_skips_elsewhere(monkeypatch):
    from ci import in_ci
    from store_fixtures import postgres_url_or_skip  # here: pytest_plugins imports it first

    unreachable = "postgresql+psycopg://tracker:tracker@127.0.0.1:1/tracker_test"
    monkeypatch.setenv("CI", "true")
    assert in_ci()
    with pytest.raises(pytest.fail.Exception, match="CI=true: no PostgreSQL server reachable"):
        postgres_url_or_skip(unreachable)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="run .ci/postgres.sh"):
        postgres_url_or_skip(unreachable)


def test_figures_of_a_store_have_one_row_per_key(store):
    store.commit(rows(*[("gdp", str(2030 + i), float(i)) for i in range(5)]), "a", "c", 1)
    store.commit(rows(*[("gdp", str(2030 + i), float(i) + 1) for i in range(3)]), "a", "c", 2)
    figures = store.figures()
    assert not figures.duplicated(["indicator_id", "period"]).any()
    assert figures.equals(figures.sort_values(["indicator_id", "period"], ignore_index=True))
    assert [value_of(figures, "gdp", str(2030 + i)) for i in range(5)] == [1.0, 2.0, 3.0, 3.0, 4.0]


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"value": 1800.0}, "value"),
        ({"note_zh": "修订"}, "note_zh"),
        ({"note_en": "revised", "source_en": "bureau"}, "note_en, source_en"),
        ({"source_zh": "齐鲁晚报"}, "source_zh"),
    ],
)
def test_diff_names_each_changed_field_in_either_language(store, change, fields):
    row = store.figures().set_index(["indicator_id", "period"]).loc[[("gdp", "2023")]].reset_index()
    row = row.assign(**change)
    store.commit(row, author="t", comment="one field", base_revision=1)
    diff = store.diff(1, 2)
    assert diff[["indicator_id", "period", "status", "fields"]].values.tolist() == [["gdp", "2023", "changed", fields]]
