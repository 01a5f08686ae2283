"""tracker.importing: the one upload path (stage = check + preview against the latest revision; commit), which the
upload page and `python -m tracker import` both call."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tracker.importing import FailedCheck, commit_import, stage_import
from tracker.store import NothingToCommit, StaleRevision
from tracker.upload import UploadError

pytest_plugins = ["store_fixtures"]

TODAY = dt.date(2026, 1, 15)
HEADER = "indicator_id,period,value,note,source"


def _csv(*lines: str) -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8")


@pytest.mark.parametrize(
    ("lines", "counts"),
    [
        (["gdp,2023,1767.3,,"], {"new": 0, "changed": 0, "unchanged": 1, "flagged": 0}),
        (["gdp,2023,1800,,"], {"new": 0, "changed": 1, "unchanged": 0, "flagged": 0}),
        (["gdp,2023,3000,,"], {"new": 0, "changed": 1, "unchanged": 0, "flagged": 1}),  # +70% on the stored value
        (["gdp,2019,1000,,"], {"new": 1, "changed": 0, "unchanged": 0, "flagged": 0}),
        # 2022 drops 94% on the stored value, and 2023 then jumps against the uploaded 2022: both flagged
        (
            ["gdp,2019,1000,,", "gdp,2023,1767.3,,", "gdp,2022,100,,"],
            {"new": 1, "changed": 1, "unchanged": 1, "flagged": 2},
        ),
    ],
)
def test_staging_counts_the_preview_and_stores_nothing(store, lines, counts):
    before = store.latest_revision()
    staged = stage_import(store, "f.csv", _csv(*lines), TODAY)
    assert staged.check.ok and staged.base_revision == before
    assert staged.counts() == counts
    assert len(staged.flagged()) == counts["flagged"]
    assert store.latest_revision() == before


@pytest.mark.parametrize(
    ("lines", "added", "changed"),
    [(["gdp,2019,1000,,"], 1, 0), (["gdp,2023,1800,,", "gdp,2019,1000,,"], 1, 1)],
)
def test_a_staged_import_commits_its_rows_as_one_revision(store, lines, added, changed):
    staged = stage_import(store, "f.csv", _csv(*lines), TODAY)
    revision = commit_import(store, staged, author="wang", comment="test")
    assert revision == staged.base_revision + 1
    info = store.revision(revision)
    assert (info.added, info.changed, info.author) == (added, changed, "wang")


@pytest.mark.parametrize("lines", [["no_such,2023,1,,"], ["gdp,someday,1,,"], ["gdp,2023,1,,", "gdp,2019,-x,,"]])
def test_a_failed_check_has_no_preview_and_is_never_committed(store, lines):
    staged = stage_import(store, "f.csv", _csv(*lines), TODAY)
    assert not staged.check.ok and staged.preview is None
    assert staged.counts() == {"new": 0, "changed": 0, "unchanged": 0, "flagged": 0}
    before = store.figures()
    with pytest.raises(FailedCheck):
        commit_import(store, staged, author="wang", comment="test")
    assert store.latest_revision() == staged.base_revision
    pd.testing.assert_frame_equal(store.figures(), before)


@pytest.mark.parametrize(
    ("staged_lines", "meanwhile", "raised"),
    [
        (["gdp,2023,1800,,"], ["gdp,2023,1900,,"], StaleRevision),  # the same figure changed since the preview
        (["gdp,2023,1767.3,,"], None, NothingToCommit),  # every figure already stored
    ],
)
def test_commit_raises_what_the_store_raises(store, staged_lines, meanwhile, raised):
    staged = stage_import(store, "f.csv", _csv(*staged_lines), TODAY)
    if meanwhile:
        other = stage_import(store, "g.csv", _csv(*meanwhile), TODAY)
        commit_import(store, other, author="li", comment="first")
    latest = store.latest_revision()
    with pytest.raises(raised):
        commit_import(store, staged, author="wang", comment="second")
    assert store.latest_revision() == latest


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02\xff" * 10])
def test_a_file_that_cannot_be_read_raises_an_upload_error(store, data):
    with pytest.raises(UploadError):
        stage_import(store, "f.csv", data, TODAY)


def test_the_catalogue_is_built_once_per_plan_object(store):
    plan = store.plan()
    assert plan.upload_catalogue is plan.upload_catalogue
    assert store.plan().upload_catalogue is not plan.upload_catalogue  # a new plan builds its own
    assert plan.upload_catalogue.lookup["gdp"] == "gdp"


URL_2023 = "shicijianshang.com/m/q6QwAkykVo1CKN7ruMvfa3F4vIKloh0W.html"


@pytest.mark.parametrize(
    ("line", "texts"),
    [
        # empty: the stored note and source are kept
        ("gdp,2023,1800,,", ("", "", URL_2023, URL_2023)),
        # given in the one note/source column: stored as written in both languages
        ("gdp,2023,1800,revised,bureau", ("revised", "revised", "bureau", "bureau")),
        ("gdp,2022,1800,修订,统计局", ("修订", "修订", "统计局", "统计局")),
        ("gdp,2020,1300,,", ("占全市地区生产总值的12.7%", "12.7% of the city's GDP", None, None)),  # both kept
    ],
)
def test_an_empty_note_or_source_keeps_the_stored_one_as_the_preview_says(store, line, texts):
    staged = stage_import(store, "f.csv", _csv(line), TODAY)
    assert staged.counts()["changed"] == 1
    commit_import(store, staged, author="wang", comment="test")
    indicator, period = line.split(",")[:2]
    stored = store.figures().set_index(["indicator_id", "period"]).loc[(indicator, period)]
    for column, expected in zip(("note_zh", "note_en", "source_zh", "source_en"), texts, strict=True):
        if expected is not None:
            assert stored[column] == expected, column


def test_only_the_rows_the_preview_calls_new_or_changed_are_stored(store):
    staged = stage_import(store, "f.csv", _csv("gdp,2023,1767.3,,", "gdp,2019,1000,,"), TODAY)
    revision = commit_import(store, staged, author="wang", comment="test")
    info = store.revision(revision)
    assert (info.added, info.changed) == (1, 0)  # the unchanged 2023 row keeps its source and confidence
    stored = store.figures().set_index(["indicator_id", "period"])
    assert stored.loc[("gdp", "2023"), "confidence"] == "quoted-reprint"
