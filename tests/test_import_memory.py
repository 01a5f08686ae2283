"""What keeps a big import's memory down (issue 15): one array for both languages of a file's single note or source
column, the preview's old qualifier and flags as categoricals, and the stored figures' legacy note/source split once
per distinct text with the same result as tracker.figures.split_by_language."""

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


def _buffer(series: pd.Series) -> int:
    """The address of a str column's character data (its Arrow buffer)."""
    (chunk,) = series.array._pa_array.chunks
    return chunk.buffers()[2].address


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
        assert (_buffer(rows[f"{kind}_zh"]) == _buffer(rows[f"{kind}_en"])) is same, kind


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
