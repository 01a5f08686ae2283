"""Uploads: read a file of figures and check it all-or-nothing against the plan.

The checking half of an upload (tracker.preview is the other; tracker.importing runs both for the upload page and
``python -m tracker import``). Nothing here stores anything.
Every problem names the row as the user's spreadsheet numbers it, the column as its header reads, and what to do,
in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import time
import unicodedata
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tracker.i18n import Listing, Text, Worded
from tracker.periods import Period, PeriodError, parse_period
from tracker.plan import Plan
from tracker.qualifiers import FLAG_WORDS, QUALIFIER_WORDS, flags_of, qualifier_of, split_words
from tracker.reading import ReadError, Table, read_table
from tracker.values import BLANKS, COUNT_UNITS, ValueParseError, normalise, parse_value_column

# Looking for a close name costs ~0.1 ms against the real plan but up to ~150 ms against thousands of indicators:
# suggest for the first distinct unknown names only, within a time budget.
MAX_SUGGESTIONS = 20
SUGGESTION_SECONDS = 0.5
# A file can have a million problems (a 20 MB upload of refused rows): the first PROBLEMS_LISTED of them by row are
# made into Problems (each kind's first one too), every one is counted by kind. A check that meets more than
# PROBLEMS_LISTED distinct refused texts of one column stops there (a Python parse each: a million of them took
# 10 s), and says from which row on the file was not checked; the rows before it are checked in full.
PROBLEMS_LISTED = 10_000


# What a problem says: one text for all of its rows, a text per row, or a function of the positions (among the rows
# flagged) of those to say it of, giving a text for each.
Texts = Text | list[Text] | Callable[[np.ndarray], list[Text]]


class UploadError(ReadError):
    """A file that cannot be read at all (not CSV/XLSX, an unknown encoding, no header): nothing to check."""


@dataclass
class Problem(Worded):
    """One thing wrong with (or worth knowing about) an upload. ``row`` is the row number in the user's spreadsheet
    (the header of a plain CSV is row 1, its first data row 2); None for the file as a whole. ``text`` is what to
    say (``message(lang)`` renders it)."""

    row: int | None
    column: str | None
    code: str
    text: Text


@dataclass
class UploadCheck:
    """The rows an upload would store (values as floats in each indicator's unit, canonical periods; the text
    columns as categoricals of their sorted distinct texts, each text kept once), and what is wrong with it. Any
    problem means nothing may be stored; warnings do not stop it."""

    rows: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    header_row: int | None = None
    sheet: str | None = None
    rows_read: int = (
        0  # the records under the header: each is in ``rows``, ``skipped_rows``, has a problem or is unchecked
    )
    skipped_rows: list[int] = field(default_factory=list)  # rows without a value (or without any cell), skipped
    problem_count: int = -1  # every problem found, ``problems`` being the first PROBLEMS_LISTED by row; -1: as listed
    kinds: list[ProblemKind] = field(default_factory=list)  # the problems by column and code, counted
    unchecked_from: int | None = None  # the first row not checked (the check stopped, see PROBLEMS_LISTED); None: all

    def __post_init__(self) -> None:
        if self.problem_count < 0:
            self.problem_count = len(self.problems)

    @property
    def ok(self) -> bool:
        return not self.problem_count and not self.problems

    def refuse(self, problems: list[Problem]) -> None:
        """Add problems found after the check (a department's rows of another's indicators): listed, counted."""
        self.problems.extend(problems)
        self.problem_count += len(problems)
        kinds = {(k.column, k.code): k for k in self.kinds}
        for problem in problems:
            kind = kinds.get((problem.column, problem.code))
            if kind is None:
                kinds[(problem.column, problem.code)] = kind = ProblemKind(problem.column, problem.code, 0, problem)
                self.kinds.append(kind)
            kind.count += 1

    @property
    def unlisted(self) -> int:
        """The problems found but not in ``problems``."""
        return self.problem_count - len(self.problems)

    @property
    def rows_unchecked(self) -> int:
        """The records from ``unchecked_from`` on: read, not checked."""
        if self.unchecked_from is None or self.header_row is None:
            return 0
        return max(self.header_row + self.rows_read + 1 - self.unchecked_from, 0)


@dataclass
class ProblemKind:
    """The problems of one code in one column: how many, and the first of them by row."""

    column: str | None
    code: str
    count: int
    first: Problem


def check_upload(
    filename: str,
    data: bytes,
    plan: Plan | pd.DataFrame,
    today: dt.date,
    progress: Callable[[float], None] | None = None,
    stored: pd.DataFrame | None = None,
) -> UploadCheck:
    """Read and validate an uploaded CSV/XLSX of figures against a plan (its catalogue is built once per Plan) or an
    indicators table (id, name_zh, name_en, unit, formula, ...; its catalogue is built on each call). Raises
    UploadError when the file cannot be read as a table; otherwise lists every problem.

    A row whose value cell is a reported growth ("同比增长7.8%", "下降3.2%") gives the growth of a level: of the
    level row for the same indicator and period in the file, else of the figure in ``stored`` (the figures the upload
    is checked against, tracker.store.Store.figures); with neither, the row is refused."""
    report = progress or (lambda fraction: None)
    report(0.0)
    try:
        table = read_table(filename, data)
    except ReadError as err:
        raise UploadError(err.code, err.text.key, **err.text.params) from None
    report(0.4)
    names = plan.upload_catalogue if isinstance(plan, Plan) else catalogue(plan)
    check = _Checker(table, names, today, stored)
    rows = check.run(report)
    report(1.0)
    return UploadCheck(
        rows=rows,
        problems=check.problems,
        warnings=check.warnings,
        header_row=table.header_row,
        sheet=table.sheet,
        rows_read=table.records,
        skipped_rows=check.skipped,
        problem_count=check.problem_count,
        kinds=check.kinds,
        unchecked_from=check.unchecked_from,
    )


@dataclass
class Catalogue:
    """The indicators as an upload may name them."""

    lookup: dict[str, str]  # normalised id, Chinese name or English name -> id
    display: dict[str, str]  # normalised key -> how to show it in a suggestion
    unit: dict[str, str]
    formula: dict[str, str]
    measure: dict[str, str] = field(default_factory=dict)  # "flow", "stock", "ratio"


def _key(text: str) -> str:
    text = str(text)
    if not text.isascii():  # NFKC leaves ASCII as it is
        text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text.strip().lower())


def catalogue(indicators: pd.DataFrame) -> Catalogue:
    """The indicators of a table (id, name_zh, name_en, unit, formula, measure; or indexed by id) as an upload may
    name them. Building it normalises every id and name (~25 ms for 2,000 indicators): a Plan keeps its own
    (Plan.upload_catalogue), built once per plan object."""
    table = indicators.reset_index(drop="id" in indicators.columns)
    if "id" not in table.columns:
        table = table.rename(columns={table.columns[0]: "id"})
    table = table.fillna("")
    formula = table["formula"] if "formula" in table else pd.Series([""] * len(table))
    lookup: dict[str, str] = {}
    display: dict[str, str] = {}
    for column in ("name_en", "name_zh", "id"):  # later wins: an id beats a name that happens to equal it
        if column not in table:
            continue
        for ident, text in zip(table["id"].tolist(), table[column].tolist(), strict=True):
            if str(text).strip():
                key = _key(text)
                lookup[key] = str(ident)
                display[key] = str(text) if column == "id" else f"{text} ({ident})"
    measure = table["measure"] if "measure" in table else pd.Series([""] * len(table))
    return Catalogue(
        lookup=lookup,
        display=display,
        unit=dict(zip(table["id"], table["unit"], strict=True)),
        formula=dict(zip(table["id"], formula.astype(str).str.strip(), strict=True)),
        measure=dict(zip(table["id"], measure.astype(str).str.strip(), strict=True)),
    )


class _Checker:
    """Runs every check over a Table, vectorised, parsing each distinct indicator, period and value text once."""

    def __init__(self, table: Table, catalogue: Catalogue, today: dt.date, stored: pd.DataFrame | None = None):
        self.table, self.catalogue, self.today, self.stored = table, catalogue, today, stored
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = [Problem(table.header_row, w.column, w.code, w.text) for w in table.warnings]
        self.rows = table.rows
        # rows, column, code, texts: one Text for all, a Text per row, or a function of the positions of the rows
        # to say it of (called for the listed problems only)
        self._found: list[tuple[np.ndarray, str | None, str, Texts]] = []
        for refused in table.refused:  # rows the reader could not read whole (more cells than the header, ...)
            self._found.append((np.array([refused.row]), None, refused.code, [refused.text]))
        self.skipped: list[int] = []
        self.unchecked_from: int | None = None  # the first row not checked, where a check stopped
        self.problem_count = 0
        self.kinds: list[ProblemKind] = []

    def column(self, role: str) -> str:
        return self.table.headers.get(role, role)

    def flag(self, mask: np.ndarray, role: str, code: str, texts: Texts) -> None:
        """Record a problem for each row where ``mask`` holds: one text for all, or ``texts(positions)`` the text
        for each of the flagged rows at those positions (in order), asked only of the problems listed."""
        if not mask.any():
            return
        self._found.append((self.rows[mask], self.column(role), code, texts))

    def stop_at(self, row: int) -> None:
        """The check stops before ``row``: it and the rows after it are not checked (see PROBLEMS_LISTED)."""
        self.unchecked_from = row if self.unchecked_from is None else min(self.unchecked_from, row)

    def in_order(self, codes: np.ndarray, todo: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """The distinct texts ``todo`` (positions in a column's distinct texts, ``codes`` one per row of ``rows``)
        as they are worked through one by one: all of them in their order when they are few; else in the order
        the file first has them, those first found at or after a row the check stops before left out."""
        if len(todo) <= 2 * PROBLEMS_LISTED:
            return todo
        first = self.first_rows(codes, rows)[todo]
        order = np.argsort(first, kind="stable")
        if self.unchecked_from is not None:
            order = order[first[order] < self.unchecked_from]
        return todo[order]

    def first_rows(self, codes: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """The row each code first appears on (the largest int64 for a code of no row)."""
        rows = self.rows if rows is None else rows
        first = np.full(int(codes.max(initial=-1)) + 1, np.iinfo(np.int64).max, dtype=np.int64)
        kept = codes >= 0
        np.minimum.at(first, codes[kept], rows[kept].astype(np.int64))
        return first

    def budget_spent(self, failures: int, at: int, order: np.ndarray, codes: np.ndarray, rows=None) -> bool:
        """After ``failures`` refused texts of the ``order`` a loop works through, ``at`` the next one's place:
        when the budget is spent, the check stops at the row the next text first appears on."""
        if failures < PROBLEMS_LISTED or at >= len(order) or len(order) <= 2 * PROBLEMS_LISTED:
            return False
        self.stop_at(int(self.first_rows(codes, rows)[order[at]]))
        return True

    def run(self, report: Callable[[float], None]) -> pd.DataFrame:
        # Every column as (codes, distinct stripped texts): each check works once per distinct text.
        columns = {role: _distinct(self.table.frame[role]) for role in self.table.frame.columns}
        self.rows = self.table.rows
        value_codes, value_texts = columns["value"]
        blank = _blank(pd.Series(value_texts, dtype=str))[value_codes]
        # Rows with no cell at all are not in the table: they are skipped too, and said so with the others.
        first = self.table.header_row + 1
        empty_rows = np.setdiff1d(np.arange(first, first + self.table.records), self.rows, assume_unique=True)
        if blank.any() or len(empty_rows):
            skipped = np.union1d(self.rows[blank], empty_rows)
            skipped = np.setdiff1d(skipped, [r.row for r in self.table.refused])  # refused rows are not skipped
            self.skipped = skipped.astype(int).tolist()
            shown = ", ".join(str(r) for r in skipped[:10]) + (" …" if len(skipped) > 10 else "")
            if len(skipped):
                self.warnings.append(
                    Problem(
                        None,
                        self.column("value"),
                        "skipped_empty",
                        Text("skipped_empty", {"count": len(skipped), "rows": shown}),
                    )
                )
            columns = {role: (codes[~blank], texts) for role, (codes, texts) in columns.items()}
            self.rows = self.rows[~blank]

        columns, growth_row = _growth_rows(columns)
        ids, id_codes = self.check_indicators(*columns["indicator"])
        report(0.55)
        labels, period_codes = self.check_periods(*columns["period"])
        report(0.7)
        value, qualified = self.check_values(columns, ids, id_codes)
        quality = self.check_quality(columns, qualified)
        report(0.9)
        if growth_row.any():  # a growth row is not a second level: the levels and the growths are each unique
            value[growth_row] = np.nan
            self.check_duplicates(ids, np.where(growth_row, -1, id_codes), labels, period_codes)
            self.check_duplicates(ids, np.where(growth_row, id_codes, -1), labels, period_codes)
        else:
            self.check_duplicates(ids, id_codes, labels, period_codes)
        for role in ("indicator", "period", "value", "unit", "qualifier", "flags", "growth"):  # checked
            del columns[role]

        good = np.ones(len(self.rows), dtype=bool)
        if self._found:
            good = ~np.isin(self.rows, np.concatenate([rows for rows, *_ in self._found]))
        if self.unchecked_from is not None:
            good &= self.rows < self.unchecked_from
        rows = self.result(good, ids, id_codes, labels, period_codes, value, columns, quality, growth_row)
        self.collect()
        return rows

    def result(self, good, ids, id_codes, labels, period_codes, value, columns, quality, growth_row) -> pd.DataFrame:
        """The rows ``good`` selects, as UploadCheck.rows holds them."""
        if not good.any():  # the dtypes of an empty result as they always were

            def objects(distinct: np.ndarray, codes: np.ndarray) -> np.ndarray:
                return np.append(distinct, None)[codes]

            rows = pd.DataFrame(
                {
                    "row": self.rows[good],
                    "indicator_id": objects(ids, id_codes[good]),
                    "period": objects(labels, period_codes[good]),
                    "value": value[good],
                    **{c: np.asarray(v, dtype=object) for c, v in _by_language(columns, good).items()},
                    **{
                        c: v[good] if c == "growth" else np.asarray(v[0], dtype=object)[v[1][good]]
                        for c, v in quality.items()
                    },
                }
            )
            return rows.astype({"indicator_id": str, "period": str, "row": int})
        # The text columns as categoricals: each distinct text once, a narrow code per row (1M rows: ~10 MB for
        # the eight of them, where columns of str took ~105 MB); their categories sorted, so that sorting a column
        # sorts its texts.
        rows = pd.DataFrame(
            {
                "row": self.rows[good].astype(int),
                "indicator_id": text_categories(ids, id_codes[good]),
                "period": text_categories(labels, period_codes[good]),
                "value": value[good],
                **_by_language(columns, good),
                **{c: v[good] if c == "growth" else text_categories(v[0], v[1][good]) for c, v in quality.items()},
            },
            copy=False,  # every array is new here: a copy would double the rows at the peak
        )
        return self.attach_growths(rows, growth_row[good]) if growth_row.any() else rows

    def attach_growths(self, rows: pd.DataFrame, growth_row: np.ndarray) -> pd.DataFrame:
        """Each growth row's growth onto its level: the file's row for the same indicator and period (the growth row
        is then part of it), else the stored figure's value, qualifier and flags with this growth. A growth with no
        level anywhere, or a level row giving another growth, is a problem at the growth row."""
        growths = rows[growth_row]
        levels = rows[~growth_row].reset_index(drop=True)
        key = ["indicator_id", "period"]
        at = pd.MultiIndex.from_frame(levels[key].astype(str)).get_indexer(
            pd.MultiIndex.from_frame(growths[key].astype(str))
        )
        stored = None
        if self.stored is not None and not self.stored.empty:
            stored = self.stored.drop_duplicates(key, keep="last").set_index(key)
        extra = []
        for (_, growth), i in zip(growths.iterrows(), at, strict=True):
            rate, where = growth["growth"], (growth["indicator_id"], growth["period"])
            if i >= 0:
                given = levels.at[i, "growth"]
                if given == given and not math.isclose(given, rate, abs_tol=1e-12):
                    self.add(
                        growth["row"],
                        "value",
                        "growth_twice",
                        Text(
                            "growth_twice", {"id": where[0], "period": where[1], "level_row": int(levels.at[i, "row"])}
                        ),
                    )
                levels.at[i, "growth"] = rate
            elif stored is not None and where in stored.index:
                old = stored.loc[where]
                filled = growth.copy()
                filled["value"] = float(old["value"])
                filled["qualifier"] = old.get("qualifier", "exact") or "exact"
                filled["flags"] = old.get("flags", "") or ""
                extra.append(filled)
            else:
                self.add(
                    growth["row"],
                    "value",
                    "growth_without_level",
                    Text("growth_without_level", {"id": where[0], "period": where[1]}),
                )
        if extra:
            levels = pd.concat([levels, pd.DataFrame(extra)], ignore_index=True)
        return levels.sort_values("row", kind="stable").reset_index(drop=True)

    def add(self, row: int, role: str, code: str, text: Text) -> None:
        """One problem found after the vectorised checks."""
        self._found.append((np.array([int(row)]), self.column(role), code, [text]))

    def check_indicators(self, codes: np.ndarray, texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The distinct indicator ids the rows name and each row's code into them (-1: none)."""
        catalogue = self.catalogue
        resolved = np.array([catalogue.lookup.get(_key(t)) for t in texts] + [None], dtype=object)[:-1]
        empty_text = texts == ""
        empty = empty_text[codes]
        self.flag(
            empty,
            "indicator",
            "empty_indicator",
            Text("empty_indicator"),
        )
        unknown_text = pd.isna(resolved) & ~empty_text
        unknown = unknown_text[codes]
        if unknown.any():
            deadline = time.perf_counter() + SUGGESTION_SECONDS
            hints = {
                t: self.suggest(t, i < MAX_SUGGESTIONS and time.perf_counter() < deadline)
                for i, t in enumerate(texts[pd.unique(codes[unknown])])
            }
            names = texts[codes[unknown]]
            self.flag(
                unknown,
                "indicator",
                "unknown_indicator",
                lambda at: [
                    Text("unknown_indicator_hint", {"text": t, "hint": hints[t]})
                    if hints[t]
                    else Text("unknown_indicator", {"text": t})
                    for t in names[at]
                ],
            )
        id_of_text, ids = pd.factorize(resolved)  # None -> -1
        ids = np.asarray(ids, dtype=object)
        id_codes = np.append(id_of_text, -1).astype(narrowest(len(ids)))[codes]
        formula = np.array([catalogue.formula.get(i, "") or "" for i in ids] + [""], dtype=object)[:-1]
        derived_id = formula != ""
        derived = np.append(derived_id, False)[id_codes]
        if derived.any():
            ids_derived = ids[id_codes[derived]]
            sources = {i: _formula_inputs(catalogue.formula[i]) for i in set(ids_derived)}
            self.flag(
                derived,
                "indicator",
                "derived_indicator",
                lambda at: [
                    Text("derived_indicator", {"id": i, "inputs": Listing(tuple(sources[i]), "list_and")})
                    for i in ids_derived[at]
                ],
            )
        return ids, id_codes

    def suggest(self, text: str, look: bool) -> str:
        if not look:
            return ""
        match = difflib.get_close_matches(_key(text), list(self.catalogue.lookup), n=1, cutoff=0.6)
        return self.catalogue.display[match[0]] if match else ""

    def check_periods(self, codes: np.ndarray, texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The distinct canonical periods of the rows and each row's code into them (-1: none)."""
        parsed: list[Period | PeriodError | None] = [None] * len(texts)  # None: not read (the check stopped)
        todo, failures = self.in_order(codes, np.arange(len(texts))), 0
        for at, i in enumerate(todo.tolist()):
            try:
                parsed[i] = parse_period(texts[i])
            except PeriodError as err:
                parsed[i], failures = err, failures + 1
                if self.budget_spent(failures, at + 1, todo, codes):
                    break
        label_of_text = np.array([p.label if isinstance(p, Period) else None for p in parsed] + [None], dtype=object)[
            :-1
        ]
        future = np.array([isinstance(p, Period) and self.in_future(p) for p in parsed], dtype=bool)
        empty_text = texts == ""
        empty = empty_text[codes]
        self.flag(
            empty,
            "period",
            "empty_period",
            Text("empty_period"),
        )
        unreadable = (pd.isna(label_of_text) & ~empty_text)[codes]
        shown = codes[unreadable]
        self.flag(
            unreadable,
            "period",
            "bad_period",
            lambda at, shown=shown: [parsed[t].text for t in shown[at]],
        )
        late = future[codes]
        shown = label_of_text[codes[late]]
        today = f"{self.today:%Y-%m-%d}"
        self.flag(
            late,
            "period",
            "future_period",
            lambda at: [
                Text("future_year" if len(p) == 4 else "future_period", {"period": p, "today": today})
                for p in shown[at]
            ],
        )
        label_codes, labels = pd.factorize(label_of_text)
        period_codes = np.append(label_codes, -1).astype(narrowest(len(labels)))[codes]
        return np.asarray(labels, dtype=object), period_codes

    def in_future(self, period: Period) -> bool:
        """True until the period has ended: a year (the annual figure of the running year too), a quarter or a month
        ends on its last day, so on that day it is still running."""
        end = dt.date(period.year, period.month, monthrange(period.year, period.month)[1])
        return end >= self.today

    def check_values(
        self, columns: dict[str, tuple[np.ndarray, np.ndarray]], ids: np.ndarray, id_codes: np.ndarray
    ) -> tuple[np.ndarray, tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]]:
        """Each row's value in its indicator's unit, and its value cell's qualifier and flags, each as (distinct
        texts, a code per row)."""
        value_codes, value_texts = columns["value"]
        unit_codes, unit_texts = columns["unit"]
        id_units = np.array([self.catalogue.unit.get(i, "") for i in ids] + [""], dtype=object)
        units = id_units[id_codes]  # -1 (no indicator) -> ""
        known = id_codes >= 0
        # A unit column ("单位": 万元) says what a bare number is in.
        plain = pd.Series(value_texts, dtype=str).str.fullmatch(r"-?[0-9]+(?:\.[0-9]*)?").to_numpy(dtype=bool)
        with_unit = plain[value_codes] & (unit_texts != "")[unit_codes]
        # Each distinct (value text, unit column text, indicator unit) is parsed once.
        unit_of_id, unit_names = pd.factorize(id_units)
        key = (
            (
                value_codes.astype(np.int64) * (len(unit_texts) + 1)
                + np.where(with_unit, unit_codes.astype(np.int64) + 1, 0)
            )
            * len(unit_names)
            + unit_of_id[id_codes]
        )[known]
        key_codes, keys = factorize_keys(key, len(value_texts) * (len(unit_texts) + 1) * len(unit_names))
        key_units = np.asarray(unit_names, dtype=object)[keys % len(unit_names)]
        key_unit_text = (keys // len(unit_names)) % (len(unit_texts) + 1)
        key_values = keys // len(unit_names) // (len(unit_texts) + 1)
        texts = value_texts[key_values] + np.append("", unit_texts)[key_unit_text] if len(keys) else value_texts[:0]
        # "2400余家", "预计超过1.4万亿元": the qualifier and flag words come off first (tracker.qualifiers)
        key_qualifier = np.full(len(texts), "exact", dtype=object)
        key_flags = np.full(len(texts), "", dtype=object)
        word_errors: dict[int, ValueParseError] = {}
        texts = np.asarray(texts, dtype=object).copy()
        as_written = texts.copy()  # a refused value is quoted as the cell says it ("约一千七", not "一千七")
        known_rows = self.rows[known]
        worded = self.in_order(
            key_codes,
            np.flatnonzero(pd.Series(texts, dtype=str).str.contains(_WORDS_RE).to_numpy(dtype=bool)),
            known_rows,
        )
        for at, i in enumerate(worded.tolist()):
            try:
                texts[i], key_qualifier[i], flags = split_words(texts[i])
                key_flags[i] = ",".join(flags)
            except ValueParseError as error:
                word_errors[i] = error
                if self.budget_spent(len(word_errors), at + 1, worded, key_codes, known_rows):
                    break
        parsed, errors = parse_value_column(
            pd.Series(texts, dtype=str),
            pd.Series(key_units, dtype=str),
            self.table.value_unit,
            order=lambda rest: self.in_order(key_codes, rest, known_rows),
            enough=lambda failures, at, order: self.budget_spent(failures, at, order, key_codes, known_rows),
        )
        values = np.full(len(value_codes), np.nan)
        values[known] = parsed[key_codes]
        errors = errors.to_numpy(dtype=object).copy()
        for i in np.flatnonzero(texts != as_written):
            error = errors[i]
            if error is not None and "shown" in error.text.params:
                params = {**error.text.params, "shown": str(as_written[i]).strip()[:40]}
                errors[i] = ValueParseError(error.code, error.text.key, **params)
        for i, error in word_errors.items():
            errors[i] = error
            parsed[i] = np.nan
        # Each row's qualifier and flags as its key's code into the keys' words (a last code, for a row naming no
        # indicator, reads "exact" and no flags): no Python object per row.
        row_keys = np.full(len(value_codes), len(keys), dtype=np.int32)
        row_keys[known] = key_codes
        error_codes = np.array([e.code if e is not None else "" for e in errors] + [""], dtype=object)[:-1]
        for code in dict.fromkeys(c for c in error_codes if c):  # checked on the distinct texts, not row by row
            mask = np.zeros(len(value_codes), dtype=bool)
            mask[known] = (error_codes == code)[key_codes]
            found = errors[key_codes[(error_codes == code)[key_codes]]]
            self.flag(mask, "value", code, lambda at, found=found: [e.text for e in found[at]])
        negative = np.isin(id_units, COUNT_UNITS)[id_codes] & (values < 0)
        self.flag(
            negative,
            "value",
            "negative_count",
            lambda at, said=values[negative], unit=units[negative]: [
                Text("negative_count", {"value": v, "unit": u}) for v, u in zip(said[at], unit[at], strict=True)
            ],
        )
        self.check_ratios(values, ids, id_codes, units)
        return values, ((np.append(key_qualifier, "exact"), row_keys), (np.append(key_flags, ""), row_keys))

    def check_quality(
        self,
        columns: dict[str, tuple[np.ndarray, np.ndarray]],
        qualified: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    ) -> dict[str, tuple[np.ndarray, np.ndarray] | np.ndarray]:
        """qualifier and flags per row as (distinct texts, a code per row), growth per row: the ``qualifier``/限定词
        and ``flags``/标记 columns where given (a qualifier column overrides the value cell's word; flags are the
        union of both), ``growth``/同比增长% read as a percent ("7.8" or "7.8%" -> 0.078). ``qualified``: the value
        cells' qualifiers and flags, each as (distinct texts, a code per row)."""
        (cell_words, cell_word_codes), (cell_flag_texts, cell_flag_codes) = qualified
        codes, texts = columns["qualifier"]
        ok_q, bad_q = [], np.zeros(len(texts), dtype=bool)
        for i, text in enumerate(texts):
            try:
                ok_q.append(qualifier_of(_from_chinese_qualifier(text)) if text else "")
            except ValueError:
                ok_q.append("")
                bad_q[i] = True
        # The column's word where it gives one, else the cell's: codes into the words of both, shared.
        column_words = np.append(np.asarray(ok_q, dtype=object), "")  # code -1 (no such column): ""
        word_codes, words = pd.factorize(np.concatenate([np.asarray(cell_words, dtype=object), column_words]))
        cell_word = word_codes[: len(cell_words)][cell_word_codes]
        if (column_words != "").any():
            out_qualifier = (
                np.asarray(words, dtype=object),
                np.where((column_words != "")[codes], word_codes[len(cell_words) :][codes], cell_word),
            )
        else:  # no qualifier column, or an empty one: the value cells' words
            out_qualifier = (np.asarray(words, dtype=object), cell_word)
        if bad_q.any():
            self.flag(
                bad_q[codes],
                "qualifier",
                "bad_qualifier",
                lambda at, shown=texts[codes[bad_q[codes]]]: [Text("bad_qualifier", {"text": t}) for t in shown[at]],
            )
        codes, texts = columns["flags"]
        ok_f, bad_f = [], np.zeros(len(texts), dtype=bool)
        for i, text in enumerate(texts):
            try:
                ok_f.append(flags_of(text))
            except ValueError:
                ok_f.append([])
                bad_f[i] = True
        if bad_f.any():
            self.flag(
                bad_f[codes],
                "flags",
                "bad_flags",
                lambda at, shown=texts[codes[bad_f[codes]]]: [Text("bad_flags", {"text": t}) for t in shown[at]],
            )
        column_flags = [*ok_f, []]
        # The union once per distinct (cell's flags, column's flags) pair, then mapped back to the rows: a Python
        # call per row took 15 of a million-row check's 18 s.
        width = len(column_flags)
        cell_codes, cell_texts = pd.factorize(np.asarray(cell_flag_texts, dtype=object), use_na_sentinel=False)
        cell_codes = cell_codes[cell_flag_codes]
        if any(column_flags):
            column_codes = np.where(codes < 0, width - 1, codes).astype(np.int64)
            pairs, pair_keys = factorize_keys(
                cell_codes.astype(np.int64) * width + column_codes, len(cell_texts) * width
            )
            unions = [
                ",".join(flags_of({*flags_of(cell_texts[key // width]), *column_flags[key % width]}))
                for key in pair_keys
            ]
            out_flags = (np.asarray(unions, dtype=object), pairs)
        else:  # no flags column, or an empty one: the value cells' flags, each distinct text written once
            unions = [",".join(flags_of({*flags_of(text)})) for text in cell_texts]
            out_flags = (np.asarray(unions, dtype=object), cell_codes)
        codes, texts = columns["growth"]
        rates = np.full(len(texts) + 1, np.nan)
        bad_g = np.zeros(len(texts), dtype=bool)
        for i, text in enumerate(texts):
            if not text:
                continue
            number = normalise(text).strip().rstrip("%").strip()
            try:
                rate = float(number) / 100
            except ValueError:
                rate = math.nan
            if not math.isfinite(rate):
                bad_g[i] = True
            else:
                rates[i] = round(rate, 12)
        if bad_g.any():
            self.flag(
                bad_g[codes],
                "growth",
                "bad_growth",
                lambda at, shown=texts[codes[bad_g[codes]]]: [Text("bad_growth", {"text": t}) for t in shown[at]],
            )
        return {"qualifier": out_qualifier, "flags": out_flags, "growth": rates[codes]}

    def check_ratios(self, values: np.ndarray, ids: np.ndarray, id_codes: np.ndarray, units: np.ndarray) -> None:
        """A ratio kept in % (a share or an intensity, such as R&D spending over GDP) below 0 is refused; above 100
        it is only warned about, not refused: a share cannot exceed 100%, but a ratio of two totals can, rarely."""
        is_ratio = np.array([self.catalogue.measure.get(i, "") == "ratio" for i in ids] + [False], dtype=bool)
        percent = is_ratio[id_codes] & (units == "%")
        below = percent & (values < 0)
        self.flag(
            below,
            "value",
            "negative_ratio",
            lambda at, said=values[below]: [Text("negative_ratio", {"value": v}) for v in said[at]],
        )
        above = percent & (values > 100)
        self.warnings.extend(
            Problem(
                int(r),
                self.column("value"),
                "implausible_ratio",
                Text("implausible_ratio", {"value": v}),
            )
            for r, v in zip(self.rows[above], values[above], strict=True)
        )

    def check_duplicates(
        self, ids: np.ndarray, id_codes: np.ndarray, labels: np.ndarray, period_codes: np.ndarray
    ) -> None:
        named = (id_codes >= 0) & (period_codes >= 0)
        key = id_codes.astype(np.int64) * (len(labels) + 1) + period_codes
        if not any_repeated(key[named], (len(ids) + 1) * (len(labels) + 1)):
            return
        indicator_id = np.where(id_codes >= 0, np.append(ids, None)[id_codes], None)
        period = np.where(period_codes >= 0, np.append(labels, None)[period_codes], None)
        keys = pd.DataFrame({"indicator_id": indicator_id, "period": period, "row": self.rows}).dropna()
        repeated = keys[keys.duplicated(["indicator_id", "period"], keep=False)]
        repeated = repeated.assign(figure=repeated.groupby(["indicator_id", "period"], sort=False).ngroup())
        first = repeated.groupby("figure")["row"].transform("min")
        later = (repeated["row"] != first).to_numpy()
        mask = np.isin(self.rows, repeated["row"].to_numpy()[later])
        order = pd.Series(np.arange(len(self.rows)), index=self.rows)
        pick = repeated[later]
        pick = pick.iloc[np.argsort(order[pick["row"]].to_numpy())]
        # Each figure's rows, by figure then row: a listed problem names the first DUPLICATE_ROWS_LISTED of its
        # figure's rows, then "…" (a figure repeated 300 times would otherwise give each of its rows a message naming
        # all 300: quadratic, 80,000 such rows 12 s), and only the listed ones are written out.
        by_figure = repeated.sort_values(["figure", "row"], kind="stable")
        figures, starts, sizes = np.unique(by_figure["figure"].to_numpy(), return_index=True, return_counts=True)
        figure_rows = by_figure["row"].to_numpy()

        def texts(at: np.ndarray) -> list[Text]:
            chosen = pick.iloc[at]
            out = []
            for i, p, figure in zip(chosen["indicator_id"], chosen["period"], chosen["figure"], strict=True):
                k = np.searchsorted(figures, figure)
                listed = figure_rows[starts[k] : starts[k] + min(sizes[k], DUPLICATE_ROWS_LISTED)]
                rows = ", ".join(str(r) for r in listed) + (" …" if sizes[k] > DUPLICATE_ROWS_LISTED else "")
                out.append(Text("duplicate", {"id": i, "period": p, "rows": rows}))
            return out

        self.flag(mask, "indicator", "duplicate", texts)

    def collect(self) -> None:
        """problems (the first PROBLEMS_LISTED by row, then column: indicator, period, value, the rest), their
        count and kinds, from what the checks found: Problems are made only of the listed ones and each kind's
        first, so a file of a million refused rows does not make a million of them (2 GB, 10 s)."""
        order = {"indicator": 0, "period": 1, "value": 2}
        column_rank = {self.column(role): rank for role, rank in order.items()}
        found = []  # (rows, positions among the entry's flagged rows, column, code, texts)
        for rows, column, code, texts in self._found:
            positions = np.arange(len(rows))
            if self.unchecked_from is not None:
                positions = positions[rows < self.unchecked_from]
            if len(positions):
                found.append((np.asarray(rows)[positions].astype(np.int64), positions, column, code, texts))
        if not found:
            return
        kind_at = {key: i for i, key in enumerate(dict.fromkeys((column, code) for _, _, column, code, _ in found))}
        all_rows = np.concatenate([rows for rows, *_ in found])
        entry = np.concatenate([np.full(len(rows), i, dtype=np.int32) for i, (rows, *_) in enumerate(found)])
        position = np.concatenate([positions for _, positions, *_ in found])
        rank = np.array([column_rank.get(column or "", 9) for _, _, column, _, _ in found])[entry]
        kind = np.array([kind_at[(column, code)] for _, _, column, code, _ in found])[entry]
        order = np.lexsort((position, entry, rank, all_rows))  # stable: as the checks found them within a cell
        listed = order[:PROBLEMS_LISTED]
        kind_first = order[np.unique(kind[order], return_index=True)[1]]  # each kind is found: kind k's first
        made = self.make(np.union1d(listed, kind_first), found, all_rows, entry, position)
        self.problems = [made[i] for i in listed]
        self.problem_count = len(all_rows)
        counts = np.bincount(kind, minlength=len(kind_at))
        self.kinds = sorted(
            (ProblemKind(column, code, int(counts[k]), made[kind_first[k]]) for (column, code), k in kind_at.items()),
            key=lambda kind: kind.first.row or 0,
        )

    @staticmethod
    def make(chosen: np.ndarray, found: list, all_rows, entry, position) -> dict[int, Problem]:
        """The Problems at ``chosen`` (places in the concatenated findings), their texts asked of each finding once."""
        made = {}
        for i in np.unique(entry[chosen]):
            picks = chosen[entry[chosen] == i]
            texts = found[i][4]
            if isinstance(texts, Text):
                said = [texts] * len(picks)
            elif callable(texts):
                said = texts(position[picks])
            else:
                said = [texts[p] for p in position[picks]]
            column, code = found[i][2], found[i][3]
            for at, text in zip(picks.tolist(), said, strict=True):
                made[at] = Problem(int(all_rows[at]), column, code, text)
        return made


_WORDS_RE = "|".join(re.escape(w) for words in (*QUALIFIER_WORDS.values(), *FLAG_WORDS.values()) for w in words)
_CHINESE_QUALIFIERS = {"准确": "exact", "以上": "at_least", "不低于": "at_least", "约": "about", "左右": "about"}


def _from_chinese_qualifier(text: str) -> str:
    return _CHINESE_QUALIFIERS.get(text.strip(), text.strip().lower())


def _blank(values: pd.Series) -> np.ndarray:
    """Where a value cell is empty or a "no figure" placeholder; plain numbers skip the per-text check, and so does
    any text with an ASCII digit (normalising keeps digits, and no placeholder has one)."""
    plain = values.str.fullmatch(r"-?[0-9]+(?:\.[0-9]*)?").to_numpy(dtype=bool)
    maybe = ~plain & ~values.str.contains("[0-9]", regex=True).to_numpy(dtype=bool)
    placeholders = {v for v in pd.unique(values[maybe]) if not v or normalise(v).lower() in BLANKS}
    return maybe & values.isin(placeholders).to_numpy()


# A reported growth in the value cell: "同比增长7.8%", "增长 7.8%", "增速7.8%", "下降3.2%" (after NFKC: full-width too).
_GROWTH_CELL = re.compile(r"(?:同比|比上年)?(增长|增速|上升|提高|下降|减少)\s*([+-]?\d+(?:\.\d+)?)\s*%")


def _growth_rows(columns: dict) -> tuple[dict, np.ndarray]:
    """The rows whose value cell is a reported growth, and the columns with those rows' growth in the growth column
    and a placeholder value (the checker sets it to NaN: the level comes from elsewhere, see attach_growths)."""
    value_codes, value_texts = columns["value"]
    # A growth cell ends in a percent sign once normalised, and only "%", "％" and "﹪" become one under NFKC: the
    # texts without any (a million distinct numbers, say) are passed over in one Arrow scan, not matched one by one.
    maybe = pc.match_substring_regex(pa.array(value_texts, type=pa.string(), from_pandas=True), "[%％﹪]").to_numpy(
        zero_copy_only=False
    )
    rates: list[str | None] = [None] * len(value_texts)
    for i in np.flatnonzero(maybe):  # only the texts with a percent sign: none in most files
        match = _GROWTH_CELL.fullmatch(normalise(str(value_texts[i])).replace(" ", ""))
        if match is not None:
            sign = "-" if match.group(1) in ("下降", "减少") else ""
            rates[i] = (sign + match.group(2)).replace("--", "")
    is_growth = np.array([r is not None for r in rates] + [False], dtype=bool)
    if not is_growth.any():
        return columns, np.zeros(len(value_codes), dtype=bool)
    growth_row = is_growth[value_codes]
    if not growth_row.any():
        return columns, growth_row
    growth_codes, growth_texts = columns["growth"]
    extra = np.array([r for r in rates if r is not None], dtype=object)
    into = np.cumsum(is_growth[:-1]) - 1 + len(growth_texts)  # distinct value text -> its growth text's code
    growth_codes = np.where(growth_row, into[value_codes], growth_codes).astype(np.int32)
    placeholder = len(value_texts)
    value_codes = np.where(growth_row, placeholder, value_codes).astype(np.int32)
    out = dict(columns)
    out["growth"] = (growth_codes, np.concatenate([growth_texts, extra]))
    out["value"] = (value_codes, np.concatenate([value_texts, np.array(["0"], dtype=object)]))
    return out, growth_row


DUPLICATE_ROWS_LISTED = 10


def _distinct(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A text column as (codes, distinct texts after stripping), texts[codes] being the stripped column."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, texts = column.cat.codes.to_numpy(), pd.Series(column.cat.categories, dtype=str)
    else:
        codes, uniques = pd.factorize(column)
        texts = pd.Series(uniques, dtype=str)
    stripped_codes, stripped = pd.factorize(texts.str.strip())
    unchanged = len(stripped) == len(texts) and (stripped.str.len() == texts.str.len()).all()
    if unchanged and not (codes < 0).any():  # stripping changed nothing: the codes are the texts' own
        return codes.astype(narrowest(len(texts)), copy=False), np.asarray(stripped, dtype=object)
    # The narrowest codes that hold every text (and a code one past them, unit_codes + 1): a million rows of a
    # column with a few texts take 1 MB, not 4 (or 8) — a dozen columns are alive through the whole check.
    return stripped_codes.astype(narrowest(len(stripped)))[codes], np.asarray(stripped, dtype=object)


def any_repeated(keys: np.ndarray, space: int) -> bool:
    """Whether any of the non-negative int64 ``keys`` (each below ``space``) repeats: a count per key of the space
    where it is small next to the keys, else pandas' hash table of every key (a million: ~40 MB)."""
    if space <= max(4 * len(keys), 1 << 20) and not (keys < 0).any():
        return bool((np.bincount(keys, minlength=space) > 1).any())
    return bool(pd.Series(keys).duplicated().any())


def narrowest(count: int) -> type[np.signedinteger]:
    """The narrowest signed integer that holds codes 0 .. count (one past the distinct texts) and -1."""
    return np.int8 if count < 127 else np.int16 if count < 32767 else np.int32 if count < 2**31 - 1 else np.int64


def _by_language(columns: dict, keep: np.ndarray) -> dict[str, pd.Categorical]:
    """note_zh, note_en, source_zh, source_en of the rows ``keep`` selects. An explicit note_zh (中文备注) etc. is
    taken as written. The file's ``note``/备注 (``source``/来源) is stored as written in each language column the
    file leaves empty: an uploaded note replaces the stored one in both views, so the Chinese page never keeps an
    older note the English page no longer shows (a note put in one column only would, since an empty cell means
    "not given" and keeps what is stored). A row with neither keeps its stored texts (tracker.importing)."""
    out = {}
    for kind in ("note", "source"):
        codes, texts = columns[kind]
        written = codes[keep]
        written_codes = np.where(written >= 0, written, len(texts))  # into texts + [""]
        file_texts = None  # the file's note, taken once: the same categorical for both languages
        for lang in ("zh", "en"):
            own_codes, own_texts = columns[f"{kind}_{lang}"]
            own = own_codes[keep]
            given = (np.append(np.asarray(own_texts, dtype=object), "") != "")[own]
            if not given.any():
                if file_texts is None:
                    file_texts = text_categories(np.append(np.asarray(texts, dtype=object), ""), written_codes)
                out[f"{kind}_{lang}"] = file_texts
                continue
            # codes into own_texts + texts + [""]: the column's own text where it has one, else the file's note
            distinct = np.concatenate([np.asarray(own_texts, dtype=object), np.asarray(texts, dtype=object), [""]])
            out[f"{kind}_{lang}"] = text_categories(
                distinct, np.where(given, own, written_codes.astype(np.int64) + len(own_texts))
            )
    return out


def factorize_keys(keys: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of non-negative int64 keys below ``space`` (codes, distinct keys; these in sorted order).
    Where the space is small next to the keys, a table over it rather than a hash table of every row (a million
    rows: ~50 MB)."""
    if space > max(4 * len(keys), 1 << 20) or (keys < 0).any():
        codes, distinct = pd.factorize(keys, sort=True)
        return codes, np.asarray(distinct, dtype=np.int64)
    present = np.zeros(space, dtype=bool)
    present[keys] = True
    distinct = np.flatnonzero(present)
    code_of = np.zeros(space, dtype=np.int32 if len(distinct) < 2**31 - 1 else np.int64)
    code_of[distinct] = np.arange(len(distinct))
    return code_of[keys], distinct.astype(np.int64)


def text_categories(distinct: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """distinct[codes] as a categorical of str: each text once (``distinct`` may repeat one), sorted, so that
    sorting the column sorts its texts; missing where ``distinct`` holds None."""
    distinct_codes, categories = pd.factorize(np.asarray(distinct, dtype=object), sort=True)
    return pd.Categorical.from_codes(
        np.append(distinct_codes, -1)[codes] if len(codes) else np.empty(0, dtype=np.int8),
        categories=pd.Index(categories, dtype="str"),
        validate=False,
    )


def text_column(distinct: np.ndarray, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """distinct[codes] as a column of pandas' str dtype, taken in Arrow rather than through Python objects.

    The column is allocated by the C library's malloc rather than Arrow's own pool: the memory reading the file
    freed there is reused, where Arrow's pool would take more from the system (1M rows: 245 -> 219 MB peak)."""
    return pd.array(
        pc.take(pa.array(distinct, type=pa.large_string()), pa.array(codes), memory_pool=pa.system_memory_pool()),
        dtype="str",
    )


def _formula_inputs(formula: str) -> list[str]:
    """The indicators a formula reads: "(gdp[t] - gdp[t-1]) / city_gdp[t]" -> ["gdp", "city_gdp"]."""
    return list(dict.fromkeys(re.findall(r"([a-z_][a-z0-9_]*)\s*\[", formula))) or [formula]
