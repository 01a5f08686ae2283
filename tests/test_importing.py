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


QUALITY_HEADER = "indicator_id,period,value,限定词,标记,同比增长%"


@pytest.mark.parametrize(
    ("line", "stored"),
    [
        # the value cell's words (tracker.qualifiers), in the indicator's unit
        ("hightech_enterprises,2025,2400余家,,,", (2400.0, "at_least", "", None)),
        ("city_gdp,2019,预计超过1.4万亿元,,,", (14000.0, "at_least", "estimate", None)),
        ("industry_biomedicine,2025,近千亿元,,,", (1000.0, "about", "", None)),
        # the explicit columns; growth is a percent with or without its sign
        ('gdp,2019,2100,about,"estimate,revised",7.8', (2100.0, "about", "estimate,revised", 0.078)),
        ("gdp,2019,2100,,break,6.5%", (2100.0, "exact", "break", 0.065)),
        ("gdp,2019,预计2100,,,", (2100.0, "exact", "estimate", None)),
        ("gdp,2019,2100,,,", (2100.0, "exact", "", None)),
    ],
)
def test_an_upload_stores_the_qualifier_flags_and_growth(store, line, stored):
    data = ("\r\n".join([QUALITY_HEADER, line]) + "\r\n").encode("utf-8")
    staged = stage_import(store, "f.csv", data, TODAY)
    assert staged.check.ok, [p.message_en for p in staged.check.problems]
    commit_import(store, staged, author="wang", comment="test")
    indicator, period = line.split(",")[:2]
    row = store.figures().set_index(["indicator_id", "period"]).loc[(indicator, period)]
    growth = None if pd.isna(row["growth"]) else round(float(row["growth"]), 9)
    assert (float(row["value"]), row["qualifier"], row["flags"], growth) == stored


@pytest.mark.parametrize(
    ("cells", "column", "code"),
    [
        ("2100,roughly,,", "限定词", "bad_qualifier"),
        ("2100,,guess,", "标记", "bad_flags"),
        ("2100,,,fast", "同比增长%", "bad_growth"),
        ("约超过2100,,,", "value", "mixed_qualifiers"),
    ],
)
def test_an_unreadable_qualifier_flag_or_growth_is_refused_naming_the_column(store, cells, column, code):
    data = f"{QUALITY_HEADER}\r\ngdp,2019,{cells}\r\n".encode()
    staged = stage_import(store, "f.csv", data, TODAY)
    assert not staged.check.ok
    assert [(p.row, p.code) for p in staged.check.problems] == [(2, code)]
    assert staged.check.problems[0].column in (column, "数值", "value")
    assert staged.check.problems[0].message_zh and staged.check.problems[0].message_en


@pytest.mark.parametrize(
    ("first", "second", "replaces", "status"),
    [
        ("预计2100", "2150", True, "changed"),  # the final figure arrives
        ("预计2100", "预计2150", False, "changed"),
        ("2100", "2100", False, "unchanged"),
        ("2100", "2100余", False, "changed"),  # only the qualifier differs
    ],
)
def test_the_preview_says_when_a_figure_replaces_an_estimate(store, first, second, replaces, status):
    for number, value in enumerate((first, second)):
        data = f"{QUALITY_HEADER}\r\ngdp,2019,{value},,,\r\n".encode()
        staged = stage_import(store, "f.csv", data, TODAY)
        if number == 0:
            commit_import(store, staged, author="wang", comment="test")
    row = staged.preview.iloc[0]
    assert (bool(row["replaces_estimate"]), str(row["status"])) == (replaces, status)


def test_an_upload_without_a_growth_keeps_the_stored_one(store):
    for line in ("gdp,2019,2100,,,7.8", "gdp,2019,2150,,,"):
        staged = stage_import(store, "f.csv", f"{QUALITY_HEADER}\r\n{line}\r\n".encode(), TODAY)
        commit_import(store, staged, author="wang", comment="test")
    row = store.figures().set_index(["indicator_id", "period"]).loc[("gdp", "2019")]
    assert (float(row["value"]), round(float(row["growth"]), 9)) == (2150.0, 0.078)


GROWTH_HEADER = "indicator_id,period,value"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a growth row beside its level row in the file: one figure with both (the rows in either order)
        (["gdp,2019-09,1000", "gdp,2019-09,同比增长7.8%"], {("gdp", "2019-09"): (1000.0, 0.078)}),
        (["gdp,2019-09,增长７.８％", "gdp,2019-09,1000"], {("gdp", "2019-09"): (1000.0, 0.078)}),
        (["gdp,2019,1000", "gdp,2019,下降3.2%"], {("gdp", "2019"): (1000.0, -0.032)}),
        (["gdp,2019,1000", "gdp,2019,比上年提高2.5﹪"], {("gdp", "2019"): (1000.0, 0.025)}),  # the small-form percent
        # a growth row alone: the growth of the stored figure, whose value stays (gdp 2023 = 1,767.3 is shipped)
        (["gdp,2023,同比增长 7.4%"], {("gdp", "2023"): (1767.3, 0.074)}),  # 7.3% is shipped
        (["gdp,2023,增速6.9%", "gdp,2019,1000"], {("gdp", "2023"): (1767.3, 0.069), ("gdp", "2019"): (1000.0, None)}),
    ],
)
def test_a_growth_given_as_its_own_row_is_stored_beside_its_level(store, lines, expected):
    data = ("\r\n".join([GROWTH_HEADER, *lines]) + "\r\n").encode("utf-8")
    staged = stage_import(store, "f.csv", data, TODAY)
    assert staged.check.ok, [p.message_en for p in staged.check.problems]
    commit_import(store, staged, author="wang", comment="growth rows")
    stored = store.figures().set_index(["indicator_id", "period"])
    for key, (value, growth) in expected.items():
        row = stored.loc[key]
        got = None if pd.isna(row["growth"]) else round(float(row["growth"]), 9)
        assert (float(row["value"]), got) == (value, growth)


@pytest.mark.parametrize(
    ("lines", "row", "code"),
    [
        (["gdp,2019,同比增长7.8%"], 2, "growth_without_level"),  # no level for 2019 in the file nor the store
        (["gdp,2023,同比增长7.8%", "gdp,2023,增长8%"], 3, "duplicate"),  # two growths for one figure
    ],
)
def test_a_growth_row_without_its_level_is_refused_and_nothing_is_stored(store, lines, row, code):
    before = store.latest_revision()
    data = ("\r\n".join([GROWTH_HEADER, *lines]) + "\r\n").encode("utf-8")
    staged = stage_import(store, "f.csv", data, TODAY)
    assert [(p.row, p.code) for p in staged.check.problems] == [(row, code)]
    problem = staged.check.problems[0]
    period = lines[0].split(",")[1]
    assert period in problem.message_zh and period in problem.message_en
    with pytest.raises(FailedCheck):
        commit_import(store, staged, author="wang", comment="refused")
    assert store.latest_revision() == before


@pytest.mark.parametrize(
    ("first", "second", "lang", "kind", "new_value"),
    [
        ("预计2100", "2150", "zh", "修改（替换预计值）", "2,150"),
        ("预计2100", "2150", "en", "changed (replaces an estimate)", "2,150"),
        ("2100", "2100余", "zh", "修改", "≥2,100"),
        ("2100", "约2100", "en", "changed", "≈2,100"),
        ("2100", "预计超过2200", "zh", "修改", "预计 ≥2,200"),
    ],
)
def test_the_upload_page_preview_shows_the_qualifier_and_an_estimate_replaced(
    store, first, second, lang, kind, new_value
):
    from app_pages.upload import preview_frame
    from tracker.i18n import t

    for number, value in enumerate((first, second)):
        data = f"{QUALITY_HEADER}\r\ngdp,2019,{value},,,\r\n".encode()
        staged = stage_import(store, "f.csv", data, TODAY)
        if number == 0:
            commit_import(store, staged, author="wang", comment="test")
    shown = preview_frame(staged.preview, pd.Series({"gdp": "GDP"}), lang).iloc[0]
    assert (shown[t("preview_status", lang)], shown[t("new_value", lang)]) == (kind, new_value)
