"""The rows Store.commit stores (tracker.store.normalise_figure_rows): texts stripped, missing texts empty, canonical
qualifiers and flags, whatever the column's dtype; each distinct text converted once, with the same result as
converting every cell. And a write leaves the pooled connection as it found it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tracker.qualifiers import flags_of, qualifier_of
from tracker.store import InvalidRows, normalise_figure_rows

pytest_plugins = ["store_fixtures"]  # the store fixture, on SQLite and PostgreSQL


def one_row(**columns) -> pd.DataFrame:
    return pd.DataFrame({"indicator_id": ["gdp"], "period": ["2031"], "value": [1.0], **columns})


@pytest.mark.parametrize(
    ("given", "column", "stored"),
    [
        ({"note_zh": [" 备注\u3000"]}, "note_zh", "备注"),  # an ideographic space is whitespace too
        ({"note_en": [None]}, "note_en", ""),
        ({"note_en": [np.nan]}, "note_en", ""),
        ({"note_en": pd.Series([pd.NA], dtype="string")}, "note_en", ""),  # was stored as the text "<NA>"
        ({"source_en": pd.Series([" NBS "], dtype="string")}, "source_en", "NBS"),
        ({"source_zh": [7]}, "source_zh", "7"),
        ({"indicator_id": [" gdp\t"]}, "indicator_id", "gdp"),
        ({"period": [2031]}, "period", "2031"),
        ({"confidence": [" estimated "]}, "confidence", "estimated"),
        ({"confidence": [None]}, "confidence", "uploaded"),
        ({"confidence": [""]}, "confidence", "uploaded"),
        ({}, "qualifier", "exact"),
        ({"qualifier": [" about "]}, "qualifier", "about"),
        ({"qualifier": [None]}, "qualifier", "exact"),
        ({"qualifier": pd.Series([pd.NA], dtype="string")}, "qualifier", "exact"),
        ({}, "flags", ""),
        ({"flags": ["break, estimate"]}, "flags", ",".join(flags_of("break, estimate"))),
        ({"flags": [["estimate"]]}, "flags", "estimate"),
        ({"flags": [None]}, "flags", ""),
    ],
)
def test_a_stored_column_is_its_canonical_text(given, column, stored):
    assert normalise_figure_rows(one_row(**given))[column].tolist() == [stored]


def per_cell(value) -> str:
    """What a text column stores, converted cell by cell (the definition the distinct-value path must keep)."""
    return (
        "" if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) else str(value).strip()
    )


@pytest.mark.parametrize("dtype", [object, "str", "string", "category"])
@pytest.mark.parametrize("seed", [1, 2])
def test_each_distinct_text_converted_once_gives_what_every_cell_converted_gives(dtype, seed):
    rng = np.random.default_rng(seed)
    n = 3000
    texts = np.array([" a", "a", "b ", "", " 备注 ", "\u3000c", None], dtype=object)
    qualifiers = np.array(["exact", " about", None, "at_least "], dtype=object)
    flags = np.array(["", "estimate", "break,estimate", " proxy ", "revised year_to_date", None], dtype=object)
    rows = pd.DataFrame(
        {
            "indicator_id": pd.Series([f" id{i % 40} " for i in range(n)], dtype=dtype),
            "period": pd.Series([str(2000 + i // 40) for i in range(n)], dtype=dtype),
            "value": rng.random(n),
            **{c: pd.Series(rng.choice(texts, n), dtype=dtype) for c in ("note_zh", "note_en", "source_zh")},
            "source_en": pd.Series(rng.choice(texts, n), dtype=dtype),
            "qualifier": pd.Series(rng.choice(qualifiers, n), dtype=dtype),
            "flags": pd.Series(rng.choice(flags, n), dtype=dtype),
        }
    )
    stored = normalise_figure_rows(rows)
    for column in ("indicator_id", "period", "note_zh", "note_en", "source_zh", "source_en"):
        assert stored[column].tolist() == [per_cell(v) for v in rows[column]], column
    assert stored["qualifier"].tolist() == [qualifier_of(None if pd.isna(v) else v) for v in rows["qualifier"]]
    assert stored["flags"].tolist() == [",".join(flags_of(None if pd.isna(v) else v)) for v in rows["flags"]]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"qualifier": ["exact", "roughly"]}, "unknown qualifier 'roughly'"),
        ({"flags": ["", "guess"]}, "unknown flag 'guess'"),
        ({"value": [1.0, float("inf")]}, "finite"),
        ({"growth": [0.1, float("-inf")]}, "growth is a finite fraction"),
        ({"note_en": ["", "a\x00"]}, "row 2, column note_en: a NUL character"),
    ],
)
def test_a_row_that_cannot_be_stored_is_refused_by_distinct_value_too(given, message):
    rows = pd.DataFrame({"indicator_id": ["gdp", "gdp"], "period": ["2030", "2031"], "value": [1.0, 2.0]})
    with pytest.raises(InvalidRows, match=message):
        normalise_figure_rows(rows.assign(**given))


@pytest.mark.parametrize("order", ["as given", "reversed", "shuffled"])
def test_rows_in_any_order_are_stored_whole(store, order):
    keys = [(f"k{i % 7}", str(2000 + i)) for i in range(60)]
    frame = pd.DataFrame(
        {"indicator_id": [k for k, _ in keys], "period": [p for _, p in keys], "value": np.arange(60.0)}
    )
    frame = {"as given": frame, "reversed": frame[::-1], "shuffled": frame.sample(frac=1, random_state=3)}[order]
    number = store.commit(frame, "a", "c", None)
    stored = store.figures(number)
    stored = stored[stored["indicator_id"].str.startswith("k")].set_index(["indicator_id", "period"])["value"]
    expected = frame.set_index(["indicator_id", "period"])["value"].sort_index()
    assert stored.sort_index().to_dict() == expected.to_dict()


def test_a_write_gives_the_pooled_connection_its_page_cache_back(store):
    if not store.is_sqlite:
        pytest.skip("SQLite's page cache")
    with store.engine.connect() as conn:
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    store.commit(one_row(), "a", "c", None)
    with store.engine.connect() as conn:  # the pool's one connection, the writer's
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before


def stored_as_read(store, number: int, frame: pd.DataFrame) -> pd.DataFrame:
    """The figures of revision ``number`` for the keys of ``frame``, in key order."""
    figures = store.figures(number)
    keys = pd.MultiIndex.from_frame(frame[["indicator_id", "period"]])
    figures = figures[pd.MultiIndex.from_frame(figures[["indicator_id", "period"]]).isin(keys)]
    return figures.sort_values(["indicator_id", "period"], ignore_index=True)


# A column holding one value in every row is written into the insert statement rather than bound (issue 15): what
# is read back is what normalise_figure_rows made of the rows, whatever the text.
@pytest.mark.parametrize(
    "columns",
    [
        {"source_zh": "市统计局", "note_en": "it's \"final\"; -- '); DROP TABLE figure_versions; --"},
        {"note_zh": "O'Brien''s \\ 'quoted'", "confidence": "estimated", "qualifier": "about", "flags": "estimate"},
        {"growth": 0.078, "source_en": "NBS"},
        {"growth": [0.1, None, -0.25, None, 0.0, 1e-300]},
        {"indicator_id": "solo", "note_zh": ["a", "b", "a", "", "c", "a"]},
        {"period": "2031", "indicator_id": [f"k{i}" for i in range(6)]},
    ],
    ids=["quotes and SQL in a constant", "doubled quotes", "constant growth", "some growths", "one key", "one period"],
)
def test_constant_and_varying_columns_read_back_as_given(store, columns):
    rows = pd.DataFrame(
        {"indicator_id": [f"k{i % 2}" for i in range(6)], "period": [str(2030 + i) for i in range(6)]}
    ).assign(value=[1.5, -2.0, 0.1, 1e15, 3.0, 7.25], **columns)
    number = store.commit(rows, "a", "c", None)
    expected = normalise_figure_rows(rows).sort_values(["indicator_id", "period"], ignore_index=True)
    read = stored_as_read(store, number, rows)
    pd.testing.assert_frame_equal(read[expected.columns], expected, check_dtype=False)


@pytest.mark.parametrize(
    ("second", "added", "changed"),
    [
        ({"k0": [1.0, 2.0], "new": [5.0, 6.0]}, 2, 0),  # an indicator with stored figures beside a new one
        ({"k0": [1.0, 9.0], "new": [5.0, 6.0]}, 2, 1),
        ({"k0": [8.0, 9.0]}, 0, 2),
        ({"new": [5.0, 6.0], "other": [1.0, 2.0]}, 4, 0),  # none of its indicators stored yet
    ],
)
def test_a_commit_counts_and_stores_only_new_and_changed_rows(store, second, added, changed):
    first = pd.DataFrame({"indicator_id": ["k0", "k0"], "period": ["2030", "2031"], "value": [1.0, 2.0]})
    store.commit(first, "a", "first", None)
    rows = pd.DataFrame(
        [(key, str(2030 + i), v) for key, values in second.items() for i, v in enumerate(values)],
        columns=["indicator_id", "period", "value"],
    )
    number = store.commit(rows, "a", "second", None)
    revision = store.revision(number)
    assert (revision.added, revision.changed) == (added, changed)
    read = stored_as_read(store, number, rows)
    assert read["value"].tolist() == rows.sort_values(["indicator_id", "period"])["value"].tolist()
    assert store.diff(number - 1, number)["status"].value_counts().to_dict() == {
        s: n for s, n in (("added", added), ("changed", changed)) if n
    }


@pytest.mark.parametrize("read", ["all figures", "the upload's keys"])
def test_an_upload_of_many_indicators_is_compared_with_the_figures_of_its_keys(store, monkeypatch, read):
    """Over 500 indicators, Store.commit reads the current figures of the upload's keys (a temporary table) when
    the upload is small beside the store, else all of them: the same counts and figures either way."""
    import tracker.store

    monkeypatch.setattr(tracker.store, "KEYS_READ_FRACTION", 10**9 if read == "all figures" else 0)
    ids = [f"m{i:03d}" for i in range(600)]
    first = pd.DataFrame(
        {"indicator_id": np.repeat(ids, 2), "period": ["2030", "2031"] * 600, "value": np.arange(1200.0)}
    )
    one = store.commit(first, "a", "first", None)
    gone = store.commit(first.iloc[[1]].assign(value=-1.0), "a", "changed, to be undone", one)
    store.restore(one, "a", "undo")  # m000 2031 has three versions: 1.0, -1.0, 1.0
    store.commit(first.iloc[2:4].assign(period=["2040", "2041"]), "a", "two added", None)
    restored = store.restore(gone, "a", "m000 2031 is -1.0 again; m001 2040 and 2041 removed: tombstones")
    upload = pd.concat(
        [
            first.iloc[0:1],  # unchanged
            first.iloc[[1]].assign(value=5.0),  # changed (its newest version, -1.0, a restore's)
            first.iloc[2:4].assign(period=["2040", "2041"]),  # newest version a tombstone: added again
            pd.DataFrame({"indicator_id": ids, "period": "2050", "value": 1.0}),  # 600 new
            first.iloc[10:12].assign(value=[10.0, 99.0]),  # one unchanged, one changed
        ],
        ignore_index=True,
    )
    number = store.commit(upload, "a", "many indicators", restored)
    revision = store.revision(number)
    assert (revision.added, revision.changed) == (602, 2)
    read_back = stored_as_read(store, number, upload).set_index(["indicator_id", "period"])["value"]
    assert read_back.to_dict() == upload.set_index(["indicator_id", "period"])["value"].to_dict()
    assert len(store.figures(number)) == len(store.figures(restored)) + 602


@pytest.mark.parametrize("added", [1, 2, 3])
def test_a_rollback_tombstones_every_key_added_since_however_few(store, added):
    """With one key to remove, every column of the tombstone is one value: bound nothing, executemany inserted
    nothing and the rollback left the figure in place (found by tests/test_plan_store.py's rollback by parts)."""
    before = store.figures(1)
    rows = pd.DataFrame(
        [("gdp", str(2031 + i), 9999.0 + i, "later", "bureau") for i in range(added)],
        columns=["indicator_id", "period", "value", "note", "source"],
    )
    store.commit(rows, "a", "an upload", 1)
    assert len(store.figures()) == len(before) + added
    number = store.restore(1, "a", "back")
    assert store.revision(number).removed == added
    assert store.figures().equals(before)


def test_a_categorical_qualifier_and_flags_are_converted_once_per_category(monkeypatch):
    """An upload's rows come as categoricals (tracker.upload): their qualifier and flags are converted once per
    distinct text, not per row (a million rows converted cell by cell took 4.7 s of the commit)."""
    import tracker.store as store_module

    calls = []

    def counted(text):
        calls.append(text)
        return qualifier_of(text)

    monkeypatch.setattr(store_module, "qualifier_of", counted)
    n = 5000
    rows = pd.DataFrame(
        {
            "indicator_id": pd.Categorical([f"id{i % 7}" for i in range(n)]),
            "period": pd.Categorical([str(1000 + i) for i in range(n)]),
            "value": np.arange(n, dtype=float),
            "qualifier": pd.Categorical(["exact", "about", "at_least"] * (n // 3) + ["exact"] * (n % 3)),
        }
    )
    stored = normalise_figure_rows(rows)
    assert stored["qualifier"].tolist() == rows["qualifier"].astype(str).tolist()
    assert len(calls) <= 4
