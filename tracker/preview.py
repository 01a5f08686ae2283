"""Preview: each checked upload row against the stored figures (new, changed, unchanged) and the jumps worth a second
look. Stores nothing; tracker.importing stages a check with its preview and commits it."""

from __future__ import annotations

import string
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tracker.figures import LEGACY_TEXT_COLUMNS, TEXT_COLUMNS, split_by_language
from tracker.i18n import TEXT
from tracker.periods import PeriodError, parse_period
from tracker.reading import PARALLEL_ROWS
from tracker.upload import factorize_keys, narrowest, text_column

JUMP = 0.5  # a change of more than 50% against a comparable figure asks for a second look
# The stored figures' text columns the preview matches by their codes (the period's come with its canonical labels).
STORED_CODED = ("indicator_id", *TEXT_COLUMNS, "qualifier", "flags")


def preview(rows: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Each uploaded row against the stored figures (indicator_id, period, value, note_zh, note_en, source_zh,
    source_en; rows with a legacy note/source have it split by language, tracker.figures.split_by_language).

    Adds ``status`` ("new"; "changed" when the value differs, or a note or source given in the upload differs, or
    the qualifier or flags, or a growth given; "unchanged"), ``old_value``, ``old_qualifier``/``old_flags``/
    ``old_growth`` (None/NaN for a new figure), ``replaces_estimate`` (the stored figure is flagged estimate and
    the uploaded one is not: the preview says "replaces an estimate"),
    ``change_pct`` (for a changed value), ``previous_period``/``previous_value`` (the same kind of period a year
    earlier, from the upload or the store), and ``implausible`` with ``reason_zh``/``reason_en`` when the value moves
    more than 50% against the old value or that previous figure. ``status``, ``old_qualifier``, ``old_flags``,
    ``previous_period`` and the reasons are categoricals (each text kept once); their values are the texts ("" where
    a row has no reason, missing where there is no previous figure or no stored figure).
    """
    rows = rows.reset_index(drop=True)
    if "note_zh" not in rows:
        rows = split_by_language(rows)
    stored, stored_period = _canonical(current)
    coded = {"period": stored_period, **_stored_codes(stored)}
    count = len(rows)
    # Indicators and periods of the upload and the store as shared integer codes; a figure's key is one int64.
    # The upload's text columns are categoricals (tracker.upload): their distinct texts are matched, not each row's.
    (row_ids, stored_ids), ids = _shared(rows["indicator_id"], coded["indicator_id"])
    label_codes, labels = _codes(rows["period"])
    labels = pd.Series(labels, dtype=str)
    previous_labels = (pd.to_numeric(labels.str[:4], errors="coerce").fillna(0).astype(int) - 1).astype(
        str
    ) + labels.str[4:]
    (label_periods, previous_periods, stored_periods), periods = _shared(labels, previous_labels, coded["period"])
    width = np.int64(len(periods) + 1)
    row_keys = row_ids * width + np.append(label_periods, -1)[label_codes]
    previous_keys = row_ids * width + np.append(previous_periods, -1)[label_codes]
    stored_keys = stored_ids * width + stored_periods
    space = (len(ids) + 1) * int(width)
    del row_ids, stored_ids, stored_periods  # row by row intermediates are let go as soon as they are used
    in_stored = _KeyPositions(stored_keys, space, keep="last")  # one per figure: the last one wins
    del stored_keys
    at = in_stored.of(row_keys)
    in_store = in_stored.of(previous_keys)
    last = in_stored.kept()
    del in_stored
    if not last.all():  # positions into the stored figures as they are, then into the last of each figure
        stored = stored[last].reset_index(drop=True)
        coded = {column: (codes[last], distinct) for column, (codes, distinct) in coded.items()}
        renumbered = np.append(np.cumsum(last) - 1, -1)
        at, in_store = renumbered[at], renumbered[in_store]
    del last
    exists = at >= 0
    value = rows["value"].to_numpy(dtype=float)
    stored_value = np.append(stored["value"].to_numpy(dtype=float), np.nan)
    old = stored_value[at]
    same_value = _close(value, old) | (np.isnan(value) & np.isnan(old))
    same_text = np.ones(count, dtype=bool)
    for column in TEXT_COLUMNS:  # an empty note or source in the upload means "not given", not "erase"
        (given, stored_texts, (empty,)), _ = _shared(rows[column], coded[column], pd.Series([""], dtype="str"))
        given, old_text = np.where(given < 0, empty, given), np.append(stored_texts, empty)[at]
        del stored_texts
        same_text &= (given == empty) | (given == old_text)
        del given, old_text
    # What the figure means (issue 11): a qualifier or flags that differ change the figure; an empty growth is
    # "not given" (the stored growth stays, tracker.importing), as an empty note is.
    old_growth = np.append(stored["growth"].to_numpy(dtype=float), np.nan)[at]
    growth = rows["growth"].to_numpy(dtype=float) if "growth" in rows else np.full(count, np.nan)
    same_text &= np.isnan(growth) | _close(growth, old_growth)
    # Qualifier and flags as codes into their distinct texts, the upload's and the store's shared: no Python string
    # per row (1M rows: ~60 MB of str objects each).
    (qualifiers, old_qualifier, qualifier), (flag_texts, old_flags, flags) = (
        _shared_codes(rows.get(column), coded[column], at, missing)
        for column, missing in (("qualifier", "exact"), ("flags", ""))
    )
    del stored, coded
    same_text &= (qualifier == old_qualifier) & (flags == old_flags)
    estimate = np.array(["estimate" in str(f).split(",") for f in flag_texts], dtype=bool)
    replaces_estimate = exists & estimate[old_flags] & ~estimate[flags]
    del qualifier, flags
    status = np.where(~exists, 0, np.where(same_value & same_text, 1, 2)).astype(np.int8)
    del same_text, at
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.where(exists & ~same_value & (old != 0), (value - old) / np.abs(old) * 100, np.nan)

    # The same kind of period a year earlier: from the upload (its first row) or else from the store.
    in_upload = _KeyPositions(row_keys, space, keep="first").of(previous_keys)
    del row_keys, previous_keys
    previous = np.where(in_upload >= 0, np.append(value, np.nan)[in_upload], stored_value[in_store])
    del in_upload, in_store
    with np.errstate(divide="ignore", invalid="ignore"):
        against_previous = np.where(previous != 0, (value - previous) / np.abs(previous) * 100, np.nan)
    jump_old = np.abs(change) > JUMP * 100
    jump_previous = np.abs(against_previous) > JUMP * 100

    # The texts every row picks from (status, earlier period, reasons) as categoricals: each text is kept once.
    previous_codes, previous_texts = pd.factorize(previous_labels)
    previous_period = pd.Categorical.from_codes(
        np.where(np.isnan(previous), -1, previous_codes[label_codes] if len(label_codes) else label_codes),
        categories=pd.Index(previous_texts, dtype="str"),
        validate=False,
    )
    implausible = jump_old | jump_previous
    reason_zh, reason_en = _reasons(
        implausible, jump_old, jump_previous, change, against_previous, label_codes, previous_labels
    )

    added = dict(
        status=pd.Categorical.from_codes(
            status, categories=pd.Index(["new", "unchanged", "changed"], dtype="str"), validate=False
        ),
        old_value=old,
        old_qualifier=_taken(qualifiers, np.where(exists, old_qualifier, -1)),
        old_flags=_taken(flag_texts, np.where(exists, old_flags, -1)),
        old_growth=old_growth,
        replaces_estimate=replaces_estimate,
        change_pct=change,
        previous_period=previous_period,
        previous_value=previous,
        implausible=implausible,
        reason_zh=reason_zh,
        reason_en=reason_en,
    )
    # Side by side rather than rows.assign, which copies every new array: copy-on-write shares the upload's
    # columns and these (1M rows: ~60 MB less at the peak).
    kept = rows.drop(columns=[c for c in added if c in rows])
    return pd.concat([kept, pd.DataFrame(added, index=kept.index, copy=False)], axis=1)


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.isclose(a, b, rtol=1e-9, atol=0)`` (equal infinities are close, NaN is close to nothing), in a third
    of its time: two passes over a million numbers instead of its many."""
    with np.errstate(invalid="ignore"):
        return ((np.abs(a - b) <= 1e-9 * np.abs(b)) & np.isfinite(b)) | (a == b)


class _KeyPositions:
    """Where each figure key (an int64 in [0, space)) is among ``keys``: the first or the last position of a key
    that repeats, -1 for a key not there. A table over the whole key space where that space is small next to the
    keys (indicators × periods, a few million), else pandas' hash table (a million keys: ~50 MB of it, and more
    time)."""

    def __init__(self, keys: np.ndarray, space: int, keep: str):
        self.count, self.space = len(keys), space
        self.dense = space <= max(4 * len(keys), 1 << 20) and not (keys < 0).any()
        if self.dense:
            width = np.int32 if len(keys) < 2**31 - 1 else np.int64
            positions = np.arange(len(keys), dtype=width)
            if keep == "last":
                self.table = np.full(space, -1, dtype=width)
                np.maximum.at(self.table, keys, positions)
            else:
                self.table = np.full(space, len(keys), dtype=width)
                np.minimum.at(self.table, keys, positions)
                self.table[self.table == len(keys)] = -1
        else:
            chosen = ~pd.Series(keys).duplicated(keep=keep).to_numpy()
            self.positions = np.append(np.flatnonzero(chosen), -1)
            self.index = pd.Index(keys[chosen])

    def of(self, wanted: np.ndarray) -> np.ndarray:
        """The position of each wanted key (-1 where there is none)."""
        if self.dense:  # a key outside the space (a row without an indicator or period) is nowhere
            outside = (wanted < 0) | (wanted >= self.space)
            found = self.table[np.where(outside, 0, wanted)]
            return np.where(outside, -1, found) if outside.any() else found
        return self.positions[self.index.get_indexer(wanted)]

    def kept(self) -> np.ndarray:
        """Which positions a key gives (one per distinct key)."""
        mask = np.zeros(self.count, dtype=bool)
        if self.dense:
            found = self.table[self.table >= 0]
        else:
            found = self.positions[:-1]
        mask[found] = True
        return mask


def _shared_codes(
    given: pd.Series | None, stored: pd.Series | tuple[np.ndarray, np.ndarray], at: np.ndarray, missing: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct texts of an upload's column and the store's, the stored figure's code for each row (``at``: its
    position in ``stored``, -1 for a new figure, which reads ``missing``) and the upload's own code (the stored one
    where the upload has no such column; a missing cell reads ``missing``)."""
    empty = pd.Series([], dtype="str")
    (stored_codes, (missing_code,), given_codes), texts = _shared(
        stored, pd.Series([missing], dtype="str"), given if given is not None else empty
    )
    old = np.append(stored_codes, missing_code)[at]
    if given is None:
        return texts, old, old
    return texts, old, np.where(given_codes < 0, missing_code, given_codes)  # a missing cell reads ``missing``


def _codes(column: pd.Series | tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """A text column as (a code per row, -1 where missing; the distinct texts): a categorical's own, else
    factorized; a column already coded, as (codes, distinct texts), as it is."""
    if isinstance(column, tuple):
        return column
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), np.asarray(column.cat.categories, dtype=object)
    codes, distinct = pd.factorize(column)
    return codes, np.asarray(distinct, dtype=object)


def _stored_codes(stored: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """_codes of the stored figures' STORED_CODED columns: for a big store on two threads (a column of str is
    dictionary-encoded in Arrow, which lets go of the GIL: 1M figures, seven columns ~70 -> ~40 ms)."""
    if len(stored) < PARALLEL_ROWS:
        return {column: _codes(stored[column]) for column in STORED_CODED}
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(STORED_CODED, pool.map(_codes, [stored[column] for column in STORED_CODED]), strict=True))


def _shared(*columns: pd.Series | tuple[np.ndarray, np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """Text columns as codes into their distinct texts, shared (-1 where missing), and those texts. Each column is
    factorized alone (a categorical has its codes already; a column of str is dictionary-encoded in Arrow), then
    only the distinct texts are matched: no million-row concatenation, no hash of a million objects."""
    coded = [_codes(column) for column in columns]
    joint, texts = pd.factorize(np.concatenate([np.asarray(distinct, dtype=object) for _, distinct in coded]))
    width = narrowest(len(texts))  # a qualifier's code per row takes 1 byte, not 8
    out, start = [], 0
    for codes, distinct in coded:
        out.append(np.append(joint[start : start + len(distinct)], -1).astype(width)[codes])
        start += len(distinct)
    return out, np.asarray(texts, dtype=object)


def _taken(distinct: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """distinct[codes] as a categorical of str (each text kept once), missing where a code is -1."""
    return pd.Categorical.from_codes(codes, categories=pd.Index(distinct, dtype="str"), validate=False)


def _reasons(
    implausible: np.ndarray,
    jump_old: np.ndarray,
    jump_previous: np.ndarray,
    change: np.ndarray,
    against_previous: np.ndarray,
    label_codes: np.ndarray,
    previous_labels: pd.Series,
) -> tuple[pd.Categorical, pd.Categorical]:
    """Why each row is implausible, in Chinese and English ("" where it is not), as categoricals: the texts are
    built once per distinct (kind of jump, whole percentages, earlier period) and shared by the rows that have it."""
    chosen = np.flatnonzero(implausible)
    jo, jp = jump_old[chosen], jump_previous[chosen]
    # What a reason is made of; a part that does not appear in it counts as 0 (or no period).
    old_codes, old_numbers = pd.factorize(np.where(jo, np.round(np.nan_to_num(change[chosen])), 0.0))
    previous_codes, previous_numbers = pd.factorize(
        np.where(jp, np.round(np.nan_to_num(against_previous[chosen])), 0.0)
    )
    period_codes = np.where(jp, label_codes[chosen], -1).astype(np.int64) + 1
    width = max(len(previous_numbers), 1)
    percents, pairs = factorize_keys(old_codes.astype(np.int64) * width + previous_codes, len(old_numbers) * width)
    key = (percents.astype(np.int64) * (len(previous_labels) + 1) + period_codes) * 4 + jo * 2 + jp
    combo, keys = factorize_keys(key, len(pairs) * (len(previous_labels) + 1) * 4)
    first = np.zeros(len(keys), dtype=np.int64)  # the first implausible row of each combination
    first[combo[::-1]] = np.arange(len(combo) - 1, -1, -1)
    at = chosen[first]

    # The texts of the distinct combinations, filled in Arrow into the catalogue's texts (tracker.i18n).
    previous_period = pa.array(previous_labels.to_numpy(dtype=object), type=pa.string()).take(label_codes[at])
    pct_old, pct_previous = _percent_texts(change[at]), _percent_texts(against_previous[at])
    old_chosen, previous_chosen = pa.array(jump_old[at]), pa.array(jump_previous[at])
    both = pc.and_(old_chosen, previous_chosen)

    def reason(lang: str) -> pa.Array:
        stored = _filled("jump_stored", lang, pct=pct_old)
        earlier = _filled("jump_previous", lang, pct=pct_previous, period=previous_period)
        return pc.if_else(
            both,
            _filled("jump_both", lang, stored=stored, previous=earlier),
            pc.if_else(old_chosen, stored, pc.if_else(previous_chosen, earlier, "")),
        )

    reason_zh, reason_en = reason("zh"), reason("en")

    def column(texts: pa.Array) -> pd.Categorical:
        text_codes, distinct = pd.factorize(pd.array(pa.concat_arrays([pa.array([""]), texts]), dtype="str"))
        codes = np.zeros(len(implausible), dtype=np.int32)  # "" where the row is fine
        codes[chosen] = text_codes[1:][combo]
        return pd.Categorical.from_codes(codes, categories=pd.Index(distinct, dtype="str"), validate=False)

    return column(reason_zh), column(reason_en)


def _filled(key: str, lang: str, **columns: pa.Array) -> pa.Array:
    """The catalogue's text ``key`` in ``lang`` with each {param} taken from an Arrow string column: t() once per
    row, without a Python string per row (the params hold no format spec)."""
    parts: list = []
    for literal, name, spec, conversion in string.Formatter().parse(TEXT[key][lang]):
        if literal:
            parts.append(literal)
        if name is not None:
            assert not spec and not conversion, f"{key}: {{{name}}} cannot be filled in Arrow"
            parts.append(columns[name])
    return pc.binary_join_element_wise(*parts, "")


def _percent_texts(numbers: np.ndarray) -> pa.Array:
    """ "{:+.0f}%" of each number (NaN as 0), formatted once per distinct whole number (rounding first is exact:
    both round half to even)."""
    codes, distinct = pd.factorize(np.round(np.nan_to_num(numbers)))
    return pa.array([f"{n:+.0f}%" for n in distinct], type=pa.string()).take(codes)


def canonical_figures(current: pd.DataFrame) -> pd.DataFrame:
    """The stored figures with canonical periods (``preview`` keeps the last of each indicator and period)."""
    stored, (codes, labels) = _canonical(current)
    stored["period"] = text_column(labels, codes)
    return stored


def _canonical(current: pd.DataFrame) -> tuple[pd.DataFrame, tuple[np.ndarray, np.ndarray]]:
    """canonical_figures, but for the period: left as stored, its canonical label given as (a code per figure, the
    labels; two stored texts of one period share a label)."""
    columns = ["indicator_id", "period", "value", *TEXT_COLUMNS]
    # No .copy(): the columns replaced below are new arrays, and copy-on-write keeps ``current`` as it was.
    stored = current.reindex(columns=columns)
    split = {}
    if "note_zh" not in current and any(c in current for c in LEGACY_TEXT_COLUMNS):
        split = _split_texts(current)
        for column, texts in split.items():
            stored[column] = texts
    # .array, not .to_numpy(): the texts stay in Arrow rather than becoming a Python string per figure
    stored["qualifier"] = current["qualifier"].fillna("exact").astype(str).array if "qualifier" in current else "exact"
    stored["flags"] = current["flags"].fillna("").astype(str).array if "flags" in current else ""
    stored["growth"] = pd.to_numeric(current["growth"], errors="coerce").to_numpy() if "growth" in current else np.nan
    codes, texts = pd.factorize(stored["period"].astype(str))
    labels = []
    for text in texts:
        try:
            labels.append(parse_period(text).label)
        except PeriodError:
            labels.append(text)
    stored["value"] = pd.to_numeric(stored["value"], errors="coerce")
    for column in TEXT_COLUMNS:
        if column not in current and column not in split:  # a store before issue 10's columns, no legacy ones
            stored[column] = ""
        elif stored[column].dtype != "str" or stored[column].hasnans:
            stored[column] = stored[column].fillna("").astype(str)
    stored["indicator_id"] = stored["indicator_id"].astype(str)
    return stored, (codes, np.array(labels, dtype=object))


def _split_texts(current: pd.DataFrame) -> dict[str, pd.api.extensions.ExtensionArray]:
    """tracker.figures.split_by_language of the figures' note and source columns, worked out once per distinct
    combination of their texts (a million stored figures share a few) and taken back per figure in Arrow."""
    given = [c for c in (*LEGACY_TEXT_COLUMNS, *TEXT_COLUMNS) if c in current]
    key = np.zeros(len(current), dtype=np.int64)
    for column in given:
        codes, uniques = pd.factorize(current[column], use_na_sentinel=False)
        key = key * (len(uniques) + 1) + codes
        key = pd.factorize(key)[0].astype(np.int64)  # kept small: never overflows, however many columns
    combination, first = np.unique(key, return_index=True)
    split = split_by_language(current[given].iloc[first].reset_index(drop=True))
    at = np.searchsorted(combination, key)
    return {c: text_column(split[c].fillna("").astype(str).to_numpy(dtype=object), at) for c in TEXT_COLUMNS}
