"""Submissions and provenance (issue 14 §2–3), on a real store: a department's upload scoped to its indicators, kept
as a submission no reader sees, published against the latest revision with its reviewer, or returned; the CLI's
import --department, submissions, publish and return."""

from __future__ import annotations

import datetime as dt

import pytest
from upload_files import csv_bytes

from tracker import submissions as subs
from tracker.cli import main
from tracker.departments import Department, owners
from tracker.store import NothingToCommit
from tracker.submissions import SubmissionError

TODAY = dt.date(2026, 12, 1)
STATS = Department("stats", "区统计局", "Statistics bureau", ("gdp", "city_gdp"))
SCI = Department("sci_tech", "区科技局", "Science and technology bureau", ("rd_intensity", "hightech_enterprises"))
DEPARTMENTS = [STATS, SCI]
HEADER = ["indicator_id", "period", "value", "note", "source"]
OWN = csv_bytes([["gdp", "2025", "1912.6", "", "统计局"]], header=HEADER)
MIXED = csv_bytes([["gdp", "2025", "1912.6", "", ""], ["hightech_enterprises", "2025", "2600", "", ""]], header=HEADER)


def _stage(store, data: bytes, department: str | None):
    owner_of = owners(store.upload_plan().indicators, DEPARTMENTS)
    return subs.stage_for(store, "f.csv", data, TODAY, department, owner_of, DEPARTMENTS)


@pytest.mark.parametrize(
    "department, data, refused_rows",
    [("stats", OWN, []), ("stats", MIXED, [3]), ("sci_tech", MIXED, [2]), (None, MIXED, [])],
)
def test_a_departments_upload_is_refused_whole_on_anothers_indicator(fresh_store, department, data, refused_rows):
    staged = _stage(fresh_store, data, department)
    assert [p.row for p in staged.check.problems] == refused_rows
    assert (staged.preview is None) == bool(refused_rows)  # refused whole: nothing to preview or store


def test_a_submission_is_invisible_until_published_and_then_names_its_reviewer(fresh_store):
    staged = _stage(fresh_store, OWN, "stats")
    number = subs.submit(fresh_store, staged, OWN, "stats", "王伟", "page", "2025 annual")
    assert fresh_store.latest_revision() == 1  # no revision: a pinned link and every reader see what they saw
    assert "2025" not in set(fresh_store.figures().query("indicator_id == 'gdp'")["period"])
    assert subs.submissions(fresh_store, "pending")["id"].tolist() == [number]
    item = subs.submission(fresh_store, number)
    again = subs.restage(
        fresh_store, item, TODAY, owners(fresh_store.upload_plan().indicators, DEPARTMENTS), DEPARTMENTS
    )
    revision = subs.publish(fresh_store, number, again, reviewer="李娜")
    info = fresh_store.revision(revision)
    assert (info.author, info.role, info.department, info.channel, info.reviewer) == (
        "王伟",
        "department",
        "stats",
        "page",
        "李娜",
    )
    assert subs.submission(fresh_store, number).state == "published"
    assert subs.submission(fresh_store, number).revision_id == revision
    with pytest.raises(SubmissionError):  # never twice
        subs.publish(fresh_store, number, again, reviewer="李娜")
    with pytest.raises(SubmissionError):
        subs.return_submission(fresh_store, number, "李娜", "late")


def test_a_returned_submission_stores_nothing_and_keeps_the_comment(fresh_store):
    staged = _stage(fresh_store, OWN, "stats")
    number = subs.submit(fresh_store, staged, OWN, "stats", "王伟", "cli", "")
    subs.return_submission(fresh_store, number, "李娜", "请附来源")
    item = subs.submission(fresh_store, number)
    assert (item.state, item.reviewer, item.review_comment) == ("returned", "李娜", "请附来源")
    assert fresh_store.latest_revision() == 1


def test_publishing_rechecks_against_the_latest_and_shows_what_changed_meanwhile(fresh_store):
    staged = _stage(fresh_store, OWN, "stats")
    number = subs.submit(fresh_store, staged, OWN, "stats", "王伟", "page", "")
    # meanwhile the planning office stores another figure for the same key
    other = csv_bytes([["gdp", "2025", "1900", "", ""]], header=HEADER)
    from tracker.importing import commit_import

    commit_import(fresh_store, _stage(fresh_store, other, None), "李娜", "estimate")
    item = subs.submission(fresh_store, number)
    owner_of = owners(fresh_store.upload_plan().indicators, DEPARTMENTS)
    again = subs.restage(fresh_store, item, TODAY, owner_of, DEPARTMENTS)
    assert again.base_revision == 2 and again.counts()["changed"] == 1  # previewed against revision 2 now
    meanwhile = subs.changed_meanwhile(fresh_store, item, again)
    assert meanwhile[["indicator_id", "period", "new_value"]].values.tolist() == [["gdp", "2025", 1900.0]]
    assert subs.publish(fresh_store, number, again, reviewer="李娜") == 3
    # a submission equal to what is stored is refused: nothing to review
    with pytest.raises(NothingToCommit):
        subs.submit(fresh_store, _stage(fresh_store, OWN, "stats"), OWN, "stats", "王伟", "page", "")
    # one that the planning office stored meanwhile publishes nothing, and stays pending
    later = csv_bytes([["gdp", "2025", "1915", "", ""]], header=HEADER)
    number = subs.submit(fresh_store, _stage(fresh_store, later, "stats"), later, "stats", "王伟", "page", "")
    commit_import(fresh_store, _stage(fresh_store, later, None), "李娜", "the same figure")
    again = subs.restage(fresh_store, subs.submission(fresh_store, number), TODAY, owner_of, DEPARTMENTS)
    with pytest.raises(NothingToCommit):
        subs.publish(fresh_store, number, again, "李娜")
    assert subs.submission(fresh_store, number).state == "pending"  # the hook rolled back with the commit


def test_status_moves_names_the_targets_a_submission_would_move(fresh_store):
    big = csv_bytes([["hightech_enterprises", "2025", "9000", "", ""]], header=HEADER)
    moves = subs.status_moves(fresh_store, _stage(fresh_store, big, "sci_tech"))
    assert moves[["indicator_id", "target_period", "status_before"]].values.tolist() == [
        ["hightech_enterprises", "2027", "limited_progress"]
    ]
    assert (moves["status_before"] != moves["status_after"]).all()


@pytest.fixture
def secrets_file(tmp_path, monkeypatch):
    def write(review: bool):
        path = tmp_path / "secrets.toml"
        path.write_text(
            f'editor_passcode = "plan"\nreview = {str(review).lower()}\n[departments.stats]\npasscode = "s"\n'
            '[departments.sci_tech]\npasscode = "k"\n',
            encoding="utf-8",
        )
        monkeypatch.setenv("TRACKER_SECRETS_FILE", str(path))
        return path

    return write


def test_cli_import_as_a_department_with_review_makes_a_submission(fresh_store, db_url, tmp_path, secrets_file, capsys):
    secrets_file(review=True)
    own, mixed = tmp_path / "own.csv", tmp_path / "mixed.csv"
    own.write_bytes(OWN)
    mixed.write_bytes(MIXED)
    assert main(["--db", db_url, "import", str(mixed), "--department", "stats", "--author", "王伟"]) == 1
    err = capsys.readouterr().err
    assert "hightech_enterprises" in err and "sci_tech" in err and "row 3" in err
    assert main(["--db", db_url, "import", str(own), "--department", "stats", "--author", "王伟"]) == 0
    assert "kept as submission 1 of stats" in capsys.readouterr().out
    assert fresh_store.latest_revision() == 1
    assert main(["--db", db_url, "submissions"]) == 0
    assert "pending" in capsys.readouterr().out
    assert main(["--db", db_url, "publish", "1", "--reviewer", "李娜"]) == 0
    assert "published as revision 2 (reviewer 李娜)" in capsys.readouterr().out
    assert fresh_store.revision(2).reviewer == "李娜" and fresh_store.revision(2).channel == "cli"
    assert main(["--db", db_url, "history", "--department", "stats"]) == 0
    out = capsys.readouterr().out
    assert "stats: 王伟" in out and "reviewed by 李娜" in out and "seed" not in out.lower()
    assert main(["--db", db_url, "import", str(own), "--department", "stats", "--author", "王伟"]) == 0
    assert "every figure is already stored" in capsys.readouterr().out  # nothing to review: no submission
    revised = tmp_path / "revised.csv"
    revised.write_bytes(csv_bytes([["gdp", "2025", "1915", "", ""]], header=HEADER))
    assert main(["--db", db_url, "import", str(revised), "--department", "stats", "--author", "王伟"]) == 0
    assert main(["--db", db_url, "return", "2", "--comment", "duplicate"]) == 0
    assert "returned to stats" in capsys.readouterr().out
    assert main(["--db", db_url, "publish", "2", "--reviewer", "李娜"]) == 1


def test_cli_import_as_a_department_without_review_stores_a_revision(fresh_store, db_url, tmp_path, secrets_file):
    secrets_file(review=False)
    own = tmp_path / "own.csv"
    own.write_bytes(OWN)
    assert main(["--db", db_url, "import", str(own), "--department", "stats", "--author", "王伟"]) == 0
    info = fresh_store.revision(2)
    assert (info.role, info.department, info.channel, info.reviewer) == ("department", "stats", "cli", "")


def test_cli_refuses_equal_passcodes_and_unknown_departments(db_url, tmp_path, monkeypatch, capsys):
    path = tmp_path / "secrets.toml"
    path.write_text('editor_passcode = "x"\n[departments.stats]\npasscode = "x"\n', encoding="utf-8")
    monkeypatch.setenv("TRACKER_SECRETS_FILE", str(path))
    own = tmp_path / "own.csv"
    own.write_bytes(OWN)
    assert main(["--db", db_url, "import", str(own), "--department", "stats"]) == 2
    assert "editor_passcode equals departments.stats.passcode" in capsys.readouterr().err
    path.write_text('editor_passcode = "x"\n', encoding="utf-8")
    assert main(["--db", db_url, "import", str(own), "--department", "police"]) == 2
    assert "there is no department police" in capsys.readouterr().err
