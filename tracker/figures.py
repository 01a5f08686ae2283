"""Actual figures: load the shipped CSV, derive indicators that have a formula, and pick the comparable series."""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.periods import parse_period

# A figure's note and source in both languages (issue 10): the reader sees their own language, else the other one as
# written (tracker.formatting.figure_note / figure_source).
TEXT_COLUMNS = ["note_zh", "note_en", "source_zh", "source_en"]
FIGURE_COLUMNS = ["indicator_id", "period", "value", *TEXT_COLUMNS]
# What a figure means beside its number (issue 11): qualifier (exact, at_least, about), flags (a comma list of
# tracker.qualifiers.FLAGS) and growth (reported real year-on-year growth, a fraction; NaN when none).
QUALITY_COLUMNS = ["qualifier", "flags", "growth"]
LEGACY_TEXT_COLUMNS = ("note", "source")  # one language-less note and source: files and stores before issue 10
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(text: object) -> bool:
    """True when ``text`` holds a Han character: a note written in one column (``note``/备注, or a store before
    issue 10) is Chinese when it does, English otherwise."""
    return isinstance(text, str) and _HAN.search(text) is not None


def split_by_language(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with note_zh/note_en/source_zh/source_en: each one taken as given; where it is missing or empty,
    the legacy ``note``/``source`` goes to the _zh column when it holds a Han character, else to the _en one (a text
    in one language is then shown as written in both views). The legacy columns are dropped."""
    frame = frame.copy()
    for field in LEGACY_TEXT_COLUMNS:
        legacy = frame[field].fillna("").astype(str) if field in frame else pd.Series("", index=frame.index)
        # has_han once per distinct text (a million figures share a few sources), mapped back to the rows
        codes, texts = pd.factorize(legacy)
        chinese = pd.Series(
            np.append(np.fromiter((has_han(t) for t in texts), dtype=bool, count=len(texts)), False)[codes],
            index=frame.index,
        )
        for lang, pick in (("zh", chinese), ("en", ~chinese)):
            column = f"{field}_{lang}"
            given = frame[column].fillna("").astype(str) if column in frame else pd.Series("", index=frame.index)
            frame[column] = given.where(given.str.strip() != "", legacy.where(pick, ""))
    return frame.drop(columns=[c for c in LEGACY_TEXT_COLUMNS if c in frame])


def with_legacy_text(figures: pd.DataFrame) -> pd.DataFrame:
    """``figures`` plus read-only ``note`` and ``source`` columns (the English, else the Chinese: the text the
    app showed before issue 10), for readers not yet moved to tracker.formatting.figure_note/figure_source.
    Never stored or exported."""
    return figures.assign(
        note=figures["note_en"].where(figures["note_en"] != "", figures["note_zh"]),
        source=figures["source_en"].where(figures["source_en"] != "", figures["source_zh"]),
    )


@lru_cache(maxsize=65536)
def parse_label(label: str):
    """parse_period for stored (canonical) labels, cached: a million figures share a few hundred periods."""
    return parse_period(label)


def load_figures(path: Path) -> pd.DataFrame:
    """Read a figures CSV (indicator_id, period, value, note_zh, note_en, source_zh, source_en[, confidence]; an
    older file's note and source are split by language, see split_by_language) with canonical periods."""
    frame = split_by_language(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig"))
    frame["period"] = frame["period"].map(lambda p: parse_period(p).label)
    frame["value"] = pd.to_numeric(frame["value"])
    if "confidence" not in frame:
        frame["confidence"] = ""
    frame = with_quality(frame)
    return frame[[*FIGURE_COLUMNS, *QUALITY_COLUMNS, "confidence"]]


def with_quality(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with canonical qualifier, flags and growth columns (a file or store without them: exact, no
    flags, no growth). Raises ValueError for a qualifier or flag that is not one (tracker.qualifiers)."""
    from tracker.qualifiers import flags_of, qualifier_of

    frame = frame.copy()
    frame["qualifier"] = [qualifier_of(q) for q in frame["qualifier"]] if "qualifier" in frame else "exact"
    frame["flags"] = [",".join(flags_of(f)) for f in frame["flags"]] if "flags" in frame else ""
    if "growth" in frame:
        frame["growth"] = pd.to_numeric(frame["growth"].replace("", None), errors="raise").astype("float64")
    else:
        frame["growth"] = float("nan")
    return frame


class _Formula:
    """A formula over annual figures, e.g. ``(gdp[t] - gdp[t-1]) / (city_gdp[t] - city_gdp[t-1]) * 100``.

    Only + - * /, numbers and ``indicator[t - k]`` references are allowed: nothing is executed.
    """

    def __init__(self, text: str):
        try:
            self.tree = ast.parse(text, mode="eval").body
        except SyntaxError as err:
            raise ValueError(f"formula cannot be read: {err.msg}") from None
        self.references: set[str] = set()
        self._check(self.tree)

    def _check(self, node: ast.AST) -> None:
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            self._check(node.left)
            self._check(node.right)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            self._check(node.operand)
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float):  # not True/False
            pass
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            self.references.add(node.value.id)
            self._offset(node.slice)
        else:
            raise ValueError(f"formula element not allowed: {ast.dump(node)[:60]}")

    @staticmethod
    def _offset(node: ast.AST) -> int:
        if isinstance(node, ast.Name) and node.id == "t":
            return 0
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.left, ast.Name)
            and node.left.id == "t"
            and isinstance(node.right, ast.Constant)
            and type(node.right.value) is int  # whole years only: t-1.5 or t-True never match a figure
            and isinstance(node.op, (ast.Sub, ast.Add))
        ):
            return -node.right.value if isinstance(node.op, ast.Sub) else node.right.value
        raise ValueError("a reference must look like name[t] or name[t-1]")

    def evaluate(self, values: dict[tuple[str, int], float], year: int) -> float | None:
        """The formula's value for ``year``, or None when a figure it needs is missing or it divides by zero."""

        def walk(node: ast.AST) -> float | None:
            if isinstance(node, ast.Constant):
                return float(node.value)
            if isinstance(node, ast.UnaryOp):
                inner = walk(node.operand)
                return None if inner is None else -inner
            if isinstance(node, ast.Subscript):
                return values.get((node.value.id, year + self._offset(node.slice)))
            left, right = walk(node.left), walk(node.right)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            return None if right == 0 else left / right

        return walk(self.tree)


def formula_references(text: str) -> set[str]:
    """The indicator ids a formula reads; ValueError when it uses anything but + - * /, numbers and name[t-k]."""
    return _Formula(text).references


def derive_figures(figures: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Figures plus one row per year for each indicator with a formula, computed from annual figures only.

    Derived rows carry the note "derived: <formula>" (in Chinese: 按公式计算, no formula text), a source naming the
    indicators they are computed from, and replace any typed-in figure for the same indicator.
    """
    formulas = indicators.loc[indicators["formula"].fillna("") != ""]
    if formulas.empty:
        return figures
    parsed = [_Formula(f) for f in formulas["formula"]]
    inputs = set().union(*(f.references for f in parsed))
    annual = figures[figures["indicator_id"].isin(inputs) & (figures["period"].str.len() == 4)]
    values = {(i, int(p)): float(v) for i, p, v in zip(annual["indicator_id"], annual["period"], annual["value"])}
    years = sorted({y for _, y in values})
    names = indicators.set_index("id", drop=False).reindex(columns=["name_zh", "name_en"]).fillna("")
    derived_rows = []
    for ind in formulas.itertuples():
        formula = _Formula(ind.formula)
        for year in years:
            value = formula.evaluate(values, year)
            if value is not None:
                derived_rows.append(
                    {
                        "indicator_id": ind.id,
                        "period": str(year),
                        "value": round(value, 4),
                        "note_zh": "按公式计算",
                        "note_en": f"derived: {ind.formula}",
                        "source_zh": "由" + "、".join(_names(names, formula.references, "name_zh")) + "计算",
                        "source_en": "computed from " + ", ".join(_names(names, formula.references, "name_en")),
                        "confidence": "derived",
                    }
                )
    typed_in = figures["indicator_id"].isin(formulas["id"])
    kept = figures[~typed_in] if typed_in.any() else figures  # no copy of a million rows to drop none
    return pd.concat([kept, pd.DataFrame(derived_rows, columns=figures.columns)], ignore_index=True)


def _names(names: pd.DataFrame, ids: set[str], column: str) -> list[str]:
    """The indicators' names in ``column`` (the id where the plan has none), in id order."""
    found = names[column].to_dict() if column in names else {}
    return [str(found.get(i) or i) for i in sorted(ids)]


def comparable_series(figures: pd.DataFrame, indicator_id: str, measure: str) -> pd.DataFrame:
    """The figures of one indicator that can enter rates, one per year, oldest first, with a ``year`` column.

    A flow's year-to-date figures (months, quarters) are left out: they are not comparable with annual totals.
    A stock's or ratio's figure at a month counts as that year's level (the latest in the year wins).
    """
    rows = figures[figures["indicator_id"] == indicator_id]
    series = comparable_by_indicator(rows, pd.Series({indicator_id: measure})).get(indicator_id)
    if series is None:
        return rows.iloc[0:0].assign(year=pd.Series(dtype=int), order=pd.Series(dtype=float))
    return series


def comparable_by_indicator(figures: pd.DataFrame, measures: pd.Series) -> dict[str, pd.DataFrame]:
    """comparable_series for every indicator at once (``measures``: indicator id -> measure), in one pass."""
    frame = comparable_frame(figures, measures)
    return {key: group.reset_index(drop=True) for key, group in frame.groupby("indicator_id", sort=False)}


def comparable_frame(figures: pd.DataFrame, measures: pd.Series) -> pd.DataFrame:
    """Every indicator's comparable figures in one frame, sorted by indicator and time, with ``year`` and ``order``.

    Periods are parsed once per distinct label, so a million figures cost a sort, not a million parses.
    """
    if figures.empty:
        return figures.assign(year=pd.Series(dtype=int), order=pd.Series(dtype=float))
    codes, labels = pd.factorize(figures["period"].astype(str))
    parsed = [parse_label(label) for label in labels]
    frame = figures.assign(
        year=np.array([p.year for p in parsed], dtype=int)[codes],
        order=np.array([p.sort_key for p in parsed], dtype=float)[codes],
    )
    annual = np.array([p.is_annual for p in parsed], dtype=bool)[codes]
    ind_codes, ind_ids = pd.factorize(frame["indicator_id"])
    # One isin, not a Series lookup per indicator (seconds for tens of thousands).
    is_flow = np.asarray(ind_ids.isin(measures.index[(measures == "flow").to_numpy(dtype=bool)]), dtype=bool)
    keep = ~is_flow[ind_codes] | annual if len(ind_ids) else annual
    frame = frame[keep].sort_values(["indicator_id", "order"], kind="stable")
    return frame.drop_duplicates(["indicator_id", "year"], keep="last")


def year_to_date(figures: pd.DataFrame, indicator_id: str, measure: str) -> pd.DataFrame:
    """A flow's year-to-date figures (months and quarters), oldest first; empty for stocks and ratios."""
    rows = figures[figures["indicator_id"] == indicator_id]
    if measure != "flow" or rows.empty:
        return rows.iloc[0:0]
    parsed = rows["period"].map(parse_label)
    rows = rows.assign(order=parsed.map(lambda p: p.sort_key))[~parsed.map(lambda p: p.is_annual)]
    return rows.sort_values("order").reset_index(drop=True)


# Series breaks in derived indicators (issue 11): a formula that differences across a break is not computed.
def _reference_offsets(text: str) -> dict[str, set[int]]:
    """The years relative to t that a formula reads from each indicator: {"gdp": {0, -1}, "city_gdp": {0, -1}}."""
    formula = _Formula(text)
    out: dict[str, set[int]] = {}
    for node in ast.walk(formula.tree):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            out.setdefault(node.value.id, set()).add(formula._offset(node.slice))
    return out


def mixed_basis_years(figures: pd.DataFrame, indicators: pd.DataFrame) -> dict[tuple[str, int], tuple[str, str]]:
    """The years of each derived indicator whose formula would read one input on two bases (issue 11): for
    (gdp[t] − gdp[t−1]) / (city_gdp[t] − city_gdp[t−1]), a year t with a break in gdp at t. Maps (derived id, year)
    to (the input that changes basis, the period its new basis starts). Empty when no figure is flagged break (see
    tracker.series.segments: a revised back series ends the break for the years it covers)."""
    from tracker.qualifiers import flags_of
    from tracker.series import segments

    if "flags" not in figures or "formula" not in indicators:
        return {}
    formulas = indicators.loc[indicators["formula"].fillna("") != ""]
    if formulas.empty:
        return {}
    offsets = {str(ind.id): _reference_offsets(ind.formula) for ind in formulas.itertuples()}
    inputs = set().union(*(set(o) for o in offsets.values()))
    rows = figures[figures["indicator_id"].isin(inputs) & (figures["period"].astype(str).str.len() == 4)]
    if not any("break" in flags_of(f, strict=False) for f in rows["flags"].tolist()):
        return {}
    bases: dict[str, dict[int, tuple[int, str | None]]] = {}
    for input_id, group in rows.groupby("indicator_id"):
        records = [
            {"period": str(p), "year": int(p), "flags": f}
            for p, f in sorted(zip(group["period"].astype(str), group["flags"].tolist()))
        ]
        bases[input_id] = {
            int(r["year"]): (n, part.start_period) for n, part in enumerate(segments(records)) for r in part.records
        }
    out: dict[tuple[str, int], tuple[str, str]] = {}
    for derived_id, refs in offsets.items():
        for input_id, shifts in refs.items():
            basis = bases.get(input_id, {})
            for year in sorted(basis):
                for t in {year - s for s in shifts}:
                    read = [basis[t + s] for s in shifts if t + s in basis]
                    if len({n for n, _ in read}) > 1:
                        out.setdefault((derived_id, t), (input_id, str(max(read)[1])))
    return out


def drop_mixed_bases(figures: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """``figures`` (derived rows included) without the derived figures of mixed_basis_years: pages then show the gap
    and tracker.pace says why (basis_note) instead of a share read from mixed bases."""
    mixed = mixed_basis_years(figures, indicators)
    if not mixed:
        return figures
    return _without_rows(figures, mixed_basis_rows(figures, mixed))


def _without_rows(frame: pd.DataFrame, drop: np.ndarray) -> pd.DataFrame:
    """``frame[~drop]``. A few rows out of a million are left out by joining the slices between them: slices share
    the text columns' memory, where a boolean filter copies every column (a third of a second per million)."""
    positions = np.flatnonzero(drop)
    if not len(positions) or len(positions) > 64:
        return frame[~drop]
    edges = [-1, *positions.tolist(), len(frame)]
    pieces = [frame.iloc[lo + 1 : hi] for lo, hi in zip(edges[:-1], edges[1:]) if hi > lo + 1]
    return pd.concat(pieces) if pieces else frame.iloc[0:0]


def mixed_basis_rows(figures: pd.DataFrame, mixed: dict[tuple[str, int], tuple[str, str]]) -> np.ndarray:
    """Which rows of ``figures`` are the annual figures of a (derived id, year) in ``mixed`` (mixed_basis_years), as
    a boolean array. Only the derived indicators' annual rows are looked at: a million others cost one isin."""
    candidates = np.flatnonzero(figures["indicator_id"].isin({i for i, _ in mixed}).to_numpy(dtype=bool))
    ids = figures["indicator_id"].iloc[candidates].tolist()
    labels = figures["period"].iloc[candidates].astype(str).tolist()
    out = np.zeros(len(figures), dtype=bool)
    out[candidates] = [len(p) == 4 and (i, int(p)) in mixed for i, p in zip(ids, labels)]
    return out
