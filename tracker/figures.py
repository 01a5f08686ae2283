"""Actual figures: load the shipped CSV, derive indicators that have a formula, and pick the comparable series."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd

from tracker.periods import parse_period

FIGURE_COLUMNS = ["indicator_id", "period", "value", "note", "source"]


def load_figures(path: Path) -> pd.DataFrame:
    """Read a figures CSV (indicator_id, period, value, note, source[, confidence]) with canonical periods."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame["period"] = frame["period"].map(lambda p: parse_period(p).label)
    frame["value"] = pd.to_numeric(frame["value"])
    if "confidence" not in frame:
        frame["confidence"] = ""
    return frame[[*FIGURE_COLUMNS, "confidence"]]


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

    Derived rows carry the note "derived: <formula>" and replace any typed-in figure for the same indicator.
    """
    formulas = indicators.loc[indicators["formula"].fillna("") != ""]
    if formulas.empty:
        return figures
    annual = figures[figures["period"].str.len() == 4]
    values = {(i, int(p)): float(v) for i, p, v in zip(annual["indicator_id"], annual["period"], annual["value"])}
    years = sorted({y for _, y in values})
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
                        "note": f"derived: {ind.formula}",
                        "source": "computed from " + ", ".join(sorted(formula.references)),
                        "confidence": "derived",
                    }
                )
    kept = figures[~figures["indicator_id"].isin(formulas["id"])]
    return pd.concat([kept, pd.DataFrame(derived_rows, columns=figures.columns)], ignore_index=True)


def comparable_series(figures: pd.DataFrame, indicator_id: str, measure: str) -> pd.DataFrame:
    """The figures of one indicator that can enter rates, one per year, oldest first, with a ``year`` column.

    A flow's year-to-date figures (months, quarters) are left out: they are not comparable with annual totals.
    A stock's or ratio's figure at a month counts as that year's level (the latest in the year wins).
    """
    rows = figures[figures["indicator_id"] == indicator_id]
    if rows.empty:
        return rows.assign(year=pd.Series(dtype=int), order=pd.Series(dtype=float))
    parsed = rows["period"].map(parse_period)
    rows = rows.assign(
        year=parsed.map(lambda p: p.year),
        order=parsed.map(lambda p: p.sort_key),
        annual=parsed.map(lambda p: p.is_annual),
    )
    if measure == "flow":
        rows = rows[rows["annual"]]
    rows = rows.sort_values("order").drop_duplicates("year", keep="last")
    return rows.drop(columns="annual").reset_index(drop=True)


def year_to_date(figures: pd.DataFrame, indicator_id: str, measure: str) -> pd.DataFrame:
    """A flow's year-to-date figures (months and quarters), oldest first; empty for stocks and ratios."""
    rows = figures[figures["indicator_id"] == indicator_id]
    if measure != "flow" or rows.empty:
        return rows.iloc[0:0]
    parsed = rows["period"].map(parse_period)
    rows = rows.assign(order=parsed.map(lambda p: p.sort_key))[~parsed.map(lambda p: p.is_annual)]
    return rows.sort_values("order").reset_index(drop=True)
