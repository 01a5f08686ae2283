"""Figures: derived indicators, the safe formula evaluator, and which figures enter rates (tracker.figures)."""

import pandas as pd
import pytest

from tracker.figures import (
    comparable_series,
    derive_figures,
    drop_mixed_bases,
    formula_references,
    load_figures,
    year_to_date,
)
from tracker.plan import DATA_DIR, load_plan

SHARE = "(gdp[t] - gdp[t-1]) / (city_gdp[t] - city_gdp[t-1]) * 100"


@pytest.fixture(scope="module")
def shipped_derived() -> pd.DataFrame:
    figures = load_figures(DATA_DIR / "figures.csv")
    indicators = load_plan(DATA_DIR, figures).indicators
    return drop_mixed_bases(derive_figures(figures, indicators), indicators)  # as tracker.snapshot does


def _figures(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"indicator_id": i, "period": p, "value": v, "note": "", "source": "s", "confidence": ""} for i, p, v in rows],
        columns=["indicator_id", "period", "value", "note", "source", "confidence"],
    )


def _indicators(formula: str, ind_id: str = "share") -> pd.DataFrame:
    return pd.DataFrame({"id": ["a", "b", ind_id], "formula": ["", "", formula]})


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2021", 16.94),  # (1510.3 - 1291.5) / (11432.22 - 10140.9): the plan's 16.9 % baseline
        ("2022", 18.31),  # 109.0 / 595.28
        ("2023", 20.28),  # 148.0 / 729.9: past the plan's 20 %
    ],
)
def test_gdp_increment_share_from_shipped_figures(shipped_derived, period, expected):
    rows = shipped_derived[(shipped_derived["indicator_id"] == "gdp_increment_share")]
    value = rows.loc[rows["period"] == period, "value"]
    assert len(value) == 1
    assert value.iloc[0] == pytest.approx(expected, abs=0.01)


def test_gdp_increment_share_only_where_both_years_are_annual(shipped_derived):
    rows = shipped_derived[shipped_derived["indicator_id"] == "gdp_increment_share"]
    # 2020 has no 2019 figures; 2024 has both, but the zone's 2024 is a new basis (flagged break, issue 11): its
    # increment over 2023 would mix bases; 2025 has only Jan-Sep for the zone.
    assert rows["period"].tolist() == ["2021", "2022", "2023"]
    assert set(rows["confidence"]) == {"derived"}
    assert rows["note_en"].iloc[0] == f"derived: {SHARE}"
    assert rows["note_zh"].iloc[0] == "按公式计算"  # no formula text on a zh page
    assert rows["source_en"].iloc[0] == "computed from Jinan city GDP, Zone GDP"
    assert rows["source_zh"].iloc[0] == "由济南市地区生产总值、高新区地区生产总值计算"


def test_typed_figures_of_a_derived_indicator_are_replaced():
    figures = _figures([("a", "2020", 10), ("a", "2021", 12), ("b", "2021", 4), ("share", "2021", 99)])
    out = derive_figures(figures, _indicators("a[t] / b[t]"))
    assert out.loc[out["indicator_id"] == "share", ["period", "value"]].values.tolist() == [["2021", 3.0]]
    assert len(out) == 4  # a, a, b and the derived share


@pytest.mark.parametrize(
    ("formula", "rows", "expected"),
    [
        ("a[t] - a[t-1]", [("a", "2020", 10), ("a", "2021", 12), ("a", "2023", 20)], {"2021": 2.0}),  # 2022 missing
        ("a[t] / b[t]", [("a", "2020", 10), ("b", "2020", 0), ("a", "2021", 9), ("b", "2021", 3)], {"2021": 3.0}),
        ("a[t] + b[t]", [("a", "2020", 10)], {}),  # b never published
        ("a[t] * 2 - 1", [("a", "2020", 10), ("a", "2021-09", 12)], {"2020": 19.0}),  # year-to-date not used
        ("-a[t+1] + 0.5", [("a", "2020", 10), ("a", "2021", 12)], {"2020": -11.5}),
        ("a[t] / 3", [("a", "2020", 10)], {"2020": 3.3333}),  # rounded to 4 decimals
    ],
)
def test_derive_figures_cases(formula, rows, expected):
    out = derive_figures(_figures(rows), _indicators(formula))
    derived = out[out["indicator_id"] == "share"]
    assert dict(zip(derived["period"], derived["value"])) == expected


def test_no_formula_leaves_figures_alone():
    figures = _figures([("a", "2020", 10)])
    assert derive_figures(figures, pd.DataFrame({"id": ["a"], "formula": [""]})) is figures


@pytest.mark.parametrize(
    "formula",
    [
        "__import__('os').system('true')",  # a call
        "abs(a[t])",
        "a.real[t]",  # an attribute
        "a[t].real",
        "a",  # a name without [t]
        "a + b[t]",
        "a[1]",  # an index that is not t
        "a[x]",
        "a[t * 2]",
        "a[t - 'x']",
        "a[t - 1.5]",
        "a[t - True]",
        "a[t] ** 2",
        "a[t] % 2",
        "a[t] // 2",
        "a[t] * True",
        "'text'",
        "[a[t]]",
        "a[t] if a[t] else 0",
        "lambda: 1",
        "a[t",  # not even Python
    ],
)
def test_formula_with_disallowed_syntax_raises(formula):
    with pytest.raises(ValueError):
        formula_references(formula)
    with pytest.raises(ValueError):
        derive_figures(_figures([("a", "2020", 1)]), _indicators(formula))


@pytest.mark.parametrize(
    ("formula", "references"),
    [
        (SHARE, {"gdp", "city_gdp"}),
        ("a[t] / b[t-2] * 100", {"a", "b"}),
        ("-a[t+1]", {"a"}),
    ],
)
def test_formula_references(formula, references):
    assert formula_references(formula) == references


ROWS = [
    ("x", "2023", 110),
    ("x", "2022", 100),
    ("x", "2024-09", 90),
    ("x", "2023-Q3", 80),
    ("y", "2023", 5),
]


@pytest.mark.parametrize(
    ("rows", "measure", "expected"),
    [
        (ROWS, "flow", [("2022", 2022, 100), ("2023", 2023, 110)]),  # year-to-date left out, oldest first
        (ROWS, "stock", [("2022", 2022, 100), ("2023", 2023, 110), ("2024-09", 2024, 90)]),  # 2024-09 is 2024's
        (ROWS, "ratio", [("2022", 2022, 100), ("2023", 2023, 110), ("2024-09", 2024, 90)]),
        ([("x", "2024-06", 1), ("x", "2024-09", 2)], "stock", [("2024-09", 2024, 2)]),  # the latest in a year
        ([("x", "2024", 3), ("x", "2024-09", 2)], "stock", [("2024", 2024, 3)]),  # year-end after September
        ([("x", "2024-11", 2), ("x", "2024-Q3", 3)], "stock", [("2024-11", 2024, 2)]),
        ([("x", "2024-09", 2)], "flow", []),
        ([("y", "2023", 5)], "flow", []),  # other indicators' figures are not this one's
        ([], "flow", []),
    ],
)
def test_comparable_series(rows, measure, expected):
    series = comparable_series(_figures(rows), "x", measure)
    assert "year" in series.columns
    assert list(zip(series["period"], series["year"], series["value"])) == expected


@pytest.mark.parametrize(
    ("rows", "measure", "expected"),
    [
        (ROWS, "flow", [("2023-Q3", 80), ("2024-09", 90)]),
        (ROWS, "stock", []),  # a stock's month is its level, not a partial total
        (ROWS, "ratio", []),
        ([("x", "2022", 1)], "flow", []),
        ([], "flow", []),
    ],
)
def test_year_to_date(rows, measure, expected):
    ytd = year_to_date(_figures(rows), "x", measure)
    assert list(zip(ytd["period"], ytd["value"])) == expected


def test_shipped_gdp_year_to_date_is_kept_apart(shipped_derived):
    annual = ["2020", "2021", "2022", "2023", "2024"]  # 2024 shipped in issue 11 (flagged break)
    assert comparable_series(shipped_derived, "gdp", "flow")["period"].tolist() == annual
    assert year_to_date(shipped_derived, "gdp", "flow")["period"].tolist() == ["2021-09", "2024-09", "2025-09"]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("2023", "2023"), ("2023年1-9月", "2023-09"), ("2023Q3", "2023-Q3"), ("2024年9月末", "2024-09")],
)
def test_load_figures_canonical_periods(tmp_path, written, canonical):
    path = tmp_path / "figures.csv"
    path.write_text(f"indicator_id,period,value,note,source\ngdp,{written},1767.3,,s\n", encoding="utf-8-sig")
    figures = load_figures(path)
    assert figures.columns.tolist() == [
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
    assert figures.iloc[0]["source_en"] == "s"  # a legacy source without Han characters: English
    assert figures.iloc[0]["period"] == canonical
    assert figures.iloc[0]["value"] == 1767.3
    assert (figures.iloc[0]["qualifier"], figures.iloc[0]["flags"]) == ("exact", "")  # a file before issue 11


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("at_least,,", ("at_least", "", None)),
        ("about,estimate,", ("about", "estimate", None)),
        (',"year_to_date,estimate",0.078', ("exact", "estimate,year_to_date", 0.078)),
        (",break,", ("exact", "break", None)),
        (",,", ("exact", "", None)),
    ],
)
def test_load_figures_reads_qualifier_flags_and_growth(tmp_path, cells, expected):
    path = tmp_path / "figures.csv"
    path.write_text(f"indicator_id,period,value,qualifier,flags,growth\ngdp,2023,1,{cells}\n", encoding="utf-8")
    row = load_figures(path).iloc[0]
    assert (row["qualifier"], row["flags"], None if pd.isna(row["growth"]) else row["growth"]) == expected


@pytest.mark.parametrize("cells", ["roughly,,", ",guess,", ",,fast"])
def test_load_figures_refuses_an_unknown_qualifier_flag_or_growth(tmp_path, cells):
    path = tmp_path / "figures.csv"
    path.write_text(f"indicator_id,period,value,qualifier,flags,growth\ngdp,2023,1,{cells}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_figures(path)


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        # a file before issue 10: one note and source, put in the column of their language
        ("note,source", "占全市12.7%,齐鲁晚报", ("占全市12.7%", "", "齐鲁晚报", "")),
        ("note,source", "real growth,te-ch.tech/a", ("", "real growth", "", "te-ch.tech/a")),
        ("note_zh,note_en,source_zh,source_en", "中,en,源,src", ("中", "en", "源", "src")),
        # an explicit column wins over the legacy one of its language
        ("note,note_zh,source", "旧,新,s", ("新", "", "", "s")),
    ],
)
def test_load_figures_reads_notes_and_sources_by_language(tmp_path, header, cells, expected):
    path = tmp_path / "figures.csv"
    path.write_text(f"indicator_id,period,value,{header}\ngdp,2023,1.5,{cells}\n", encoding="utf-8")
    row = load_figures(path).iloc[0]
    assert (row["note_zh"], row["note_en"], row["source_zh"], row["source_en"]) == expected
