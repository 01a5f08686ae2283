"""What keeps a big import's memory down (issue 15): the check's text columns as categoricals of sorted texts, one
array for both languages of a file's single note or source column, the preview's old qualifier and flags as
categoricals, its key lookups as tables over the key space (answering as pandas' hash tables do), and the stored
figures' legacy note/source split once per distinct text with the same result as tracker.figures.split_by_language."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tracker.figures import TEXT_COLUMNS, split_by_language
from tracker.preview import canonical_figures, preview
from tracker.upload import check_upload

TODAY = dt.date(2026, 1, 15)
INDICATORS = pd.DataFrame(
    {
        "id": ["gdp", "firms"],
        "name_zh": ["地区生产总值", "企业数"],
        "name_en": ["GDP", "Firms"],
        "unit": ["亿元", "家"],
        "formula": ["", ""],
    }
)


def _one_array(first: pd.Series, second: pd.Series) -> bool:
    """Whether two categorical text columns are one array: their codes share memory."""
    return np.shares_memory(first.array.codes, second.array.codes)


@pytest.mark.parametrize(
    ("header", "row", "shared"),
    [
        ("indicator_id,period,value,note,source", "gdp,2023,1800,初步核算,市统计局", {"note": True, "source": True}),
        (
            "indicator_id,period,value,note_zh,source",
            "gdp,2023,1800,初步核算,市统计局",
            {"note": False, "source": True},
        ),
        ("indicator_id,period,value,note,source_en", "gdp,2023,1800,初步核算,NBS", {"note": True, "source": False}),
    ],
)
def test_a_single_note_or_source_column_is_one_array_for_both_languages(header, row, shared):
    data = (f"{header}\r\n{row}\r\ngdp,2022,1700,,\r\n").encode()
    rows = check_upload("up.csv", data, INDICATORS, TODAY).rows
    for kind, same in shared.items():
        assert _one_array(rows[f"{kind}_zh"], rows[f"{kind}_en"]) is same, kind


def test_the_previews_old_qualifier_and_flags_keep_each_text_once():
    data = "indicator_id,period,value,note,source\r\ngdp,2023,1800,初步核算,市统计局\r\nfirms,2023,12,,\r\n"
    rows = check_upload("up.csv", data.encode(), INDICATORS, TODAY).rows
    stored = pd.DataFrame(
        {"indicator_id": ["gdp"], "period": ["2023"], "value": [1767.3], "qualifier": ["about"], "flags": ["estimate"]}
    )
    shown = preview(rows, stored)
    assert list(shown["status"].astype(str)) == ["changed", "new"]
    assert list(shown["replaces_estimate"]) == [True, False]
    for column, old in (("old_qualifier", "about"), ("old_flags", "estimate")):
        assert isinstance(shown[column].dtype, pd.CategoricalDtype), column
        assert shown[column].iloc[0] == old and pd.isna(shown[column].iloc[1]), column
    # the upload's own columns are the check's, not copies
    assert np.shares_memory(shown["value"].to_numpy(), rows["value"].to_numpy())


@pytest.mark.parametrize(
    "columns",
    [
        {"note": ["初步核算", "", None, "preliminary"], "source": ["市统计局", "NBS", "市统计局", None]},
        {"note": ["初步核算", "初步核算", "", ""], "source": ["", "", "", ""]},
        # a store between the two: some rows have their language columns, the rest only the legacy ones
        {
            "note": ["初步核算", "", "old", ""],
            "source": ["市统计局", "", "", "NBS"],
            "note_zh": ["", "核实", None, ""],
            "source_en": ["", "", "Bureau", None],
        },
    ],
)
def test_the_stored_legacy_texts_split_as_split_by_language(columns):
    figures = pd.DataFrame(
        {
            "indicator_id": ["gdp", "gdp", "firms", "firms"],
            "period": ["2023", "2022", "2023", "2022"],
            "value": [1.0, 2.0, 3.0, 4.0],
            **columns,
        }
    )
    if "note_zh" in columns:  # canonical_figures splits only a store without the language columns
        figures = figures.drop(columns=["note_zh"])
    expected = split_by_language(figures)
    got = canonical_figures(figures)
    for column in TEXT_COLUMNS:
        assert list(got[column]) == list(expected[column].fillna("").astype(str)), column


@pytest.mark.parametrize("distinct", [1, 126, 127, 128, 300])
def test_narrow_codes_keep_every_text_at_their_bounds(distinct):
    """The check keeps each column as the narrowest codes that hold its texts (int8 below 127): notes on both sides
    of each bound, with a note_zh column of its own beside them, come back as written."""
    lines = ["indicator_id,period,value,note,note_zh,source"]
    notes, own = [f"note {i % distinct}" for i in range(400)], [f"备注{i % 130}" if i % 3 else "" for i in range(400)]
    lines += [f"gdp,{1990 + i // 12}-{i % 12 + 1:02d},{i},{notes[i]},{own[i]},src {i % 200}" for i in range(400)]
    rows = check_upload("up.csv", ("\r\n".join(lines) + "\r\n").encode(), INDICATORS, TODAY).rows
    assert list(rows["note_en"]) == notes
    assert list(rows["note_zh"]) == [o or n for o, n in zip(own, notes, strict=True)]
    assert list(rows["source_zh"]) == [f"src {i % 200}" for i in range(400)]


def test_the_checks_text_columns_are_categoricals_of_sorted_texts():
    """The rows a check gives keep each text once (1M rows: ~10 MB for the eight text columns, not ~105 MB), with
    categories in sorted order, so that sorting a column sorts its texts, and each row reads as written."""
    data = (
        "indicator_id,period,value,note,source,qualifier,flags\r\n"
        "gdp,2023,约1800,初步核算,市统计局,,estimate\r\n"
        "firms,2021,12,,NBS,at_least,\r\n"
        "gdp,2022,1700,核实,市统计局,,\r\n"
    ).encode()
    rows = check_upload("up.csv", data, INDICATORS, TODAY).rows
    texts = ["indicator_id", "period", *TEXT_COLUMNS, "qualifier", "flags"]
    for column in texts:
        assert isinstance(rows[column].dtype, pd.CategoricalDtype), column
        categories = list(rows[column].cat.categories)
        assert categories == sorted(set(categories)), column
    assert list(rows["indicator_id"]) == ["gdp", "firms", "gdp"]
    assert list(rows["note_zh"]) == ["初步核算", "", "核实"]
    assert list(rows["qualifier"]) == ["about", "at_least", "exact"]
    assert list(rows["flags"]) == ["estimate", "", ""]
    assert list(rows.sort_values("period")["period"]) == ["2021", "2022", "2023"]


@pytest.mark.parametrize("dense", [True, False])
@pytest.mark.parametrize(
    ("keys", "wanted", "keep", "positions", "kept"),
    [
        ([3, 1, 3, 0], [3, 1, 0, 2], "last", [2, 1, 3, -1], [False, True, True, True]),
        ([3, 1, 3, 0], [3, 1, 0, 2], "first", [0, 1, 3, -1], [True, True, False, True]),
        ([5], [5, 5, 4], "first", [0, 0, -1], [True]),
        ([], [0, 1], "last", [-1, -1], []),
        ([3, 1], [-1, 3, 9], "last", [-1, 0, -1], [True, True]),  # keys outside the space are nowhere
    ],
)
def test_key_positions_answer_as_get_indexer_does(monkeypatch, dense, keys, wanted, keep, positions, kept):
    """The preview finds each figure key's stored (or uploaded) row with a table over the key space where that is
    small, else with pandas' hash table: both give the first or last position of a repeated key, -1 for none."""
    import tracker.preview as preview_module

    space = 8 if dense else 10**9
    found = preview_module._KeyPositions(np.array(keys, dtype=np.int64), space, keep=keep)
    assert found.dense is dense
    assert list(found.of(np.array(wanted, dtype=np.int64))) == positions
    assert list(found.kept()) == kept


@pytest.mark.parametrize("space", [16, 10**9])
@pytest.mark.parametrize("given", [[7, 2, 7, 0, 15, 2], [3, -1, 3]])
def test_factorize_keys_agrees_with_sorted_pd_factorize(space, given):
    from tracker.upload import factorize_keys

    keys = np.array(given, dtype=np.int64)
    codes, distinct = factorize_keys(keys, space)
    expected_codes, expected = pd.factorize(keys, sort=True)
    assert list(codes) == list(expected_codes)
    assert list(distinct) == list(expected)


@pytest.mark.parametrize("space", [16, 10**9])
@pytest.mark.parametrize(
    ("keys", "repeated"), [([3, 1, 3], True), ([3, 1, 0], False), ([], False), ([15, 15], True), ([-1, 2, -1], True)]
)
def test_any_repeated_counts_or_hashes_alike(space, keys, repeated):
    from tracker.upload import any_repeated

    assert any_repeated(np.array(keys, dtype=np.int64), space) is repeated


@pytest.mark.parametrize("count", [0, 125, 126, 127, 32765, 32766, 32767])
def test_the_narrowest_codes_hold_one_past_the_texts_and_minus_one(count):
    from tracker.upload import narrowest

    width = np.iinfo(narrowest(count))
    assert width.max >= count and width.min <= -1


def test_close_is_numpys_isclose_at_a_relative_tolerance_of_1e_9():
    from tracker.preview import _close

    inf, nan = float("inf"), float("nan")
    a = np.array([1.0, 1.0, 1e12, 0.0, 0.0, inf, inf, nan, 1.0, -5.0, 1e-300, 3.0, inf])
    b = np.array([1.0, 1.0 + 2e-9, 1e12 + 999.0, 0.0, 1e-12, inf, -inf, nan, nan, -5.000000001, 0.0, inf, 3.0])
    assert list(_close(a, b)) == list(np.isclose(a, b, rtol=1e-9, atol=0))
