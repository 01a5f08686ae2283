"""The plan as data: pillars, indicators and milestones, loaded from CSV and checked before anything uses them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from tracker.figures import formula_references
from tracker.periods import PeriodError, canonical

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Units an indicator may be kept in; uploads convert Chinese magnitudes into these (see tracker.values).
KNOWN_UNITS = ("亿元", "万元", "元", "%", "家", "户", "只", "个", "项", "人", "万人")
MEASURES = ("flow", "stock", "ratio")
DIRECTIONS = ("up", "down")
PACE_METHODS = ("cagr", "linear")
INDICATOR_KINDS = ("binding", "expected")  # 约束性 / 预期性, as Chinese plans classify their indicators
CADENCES = ("annual", "quarterly", "monthly")
BOUNDS = ("at_least", "about", "above", "at_most", "below")

INDICATOR_COLUMNS = [
    "id",
    "name_zh",
    "name_en",
    "pillar",
    "unit",
    "unit_en",
    "measure",
    "direction",
    "pace_method",
    "formula",
    "description_zh",
    "description_en",
    "source_zh",
    "source_en",
    # issue 12 §4, the attributes planners use, each empty where the plan does not say it (shown as 未指定, never
    # guessed): kind binding (约束性) or expected (预期性); owner, the responsible department (责任部门, a department
    # id); cadence, how often the figure is published (annual, quarterly, monthly)
    "kind",
    "owner",
    "cadence",
]
MILESTONE_COLUMNS = [
    # a stable id (issue 12): an edited period or target is a change of this milestone, not a removal and an
    # addition; generated (milestone_id_for) when a file leaves it empty or out
    "milestone_id",
    "indicator_id",
    "target_period",
    "target_value",
    "target_multiple",
    "baseline_period",
    "bound",
    "quote",
    "source_zh",
    "source_en",
    # level (a value the indicator reaches; the default) or annual_growth (年度预期目标: a real growth rate for one
    # year, a fraction in target_value, judged on that year's reported growth; issue 11)
    "kind",
]
MILESTONE_KINDS = ("level", "annual_growth")
PILLAR_COLUMNS = ["id", "order", "name_zh", "name_en", "quote"]
# may be left out of a plan file
OPTIONAL_COLUMNS = (
    "unit_en",
    "formula",
    "description_zh",
    "description_en",
    "kind",
    "milestone_id",
    "owner",
    "cadence",
)
PLAN_COLUMNS = ["plan_id", "title_zh", "title_en", "issuer", "date", "source"]
# The plan data/ ships (issue 12): the store seeds it as its first plan, the default of every --plan.
SHIPPED_PLAN = {
    "plan_id": "jinan-2022",
    "title_zh": "济南高新区：力争用6-7年实现经济总量翻番，加快“四高”建设",
    "title_en": "Jinan High-tech Zone: double the economy in 6–7 years, build the 'four highs'",
    "issuer": "济南高新区",
    "date": "2022-12",
    "source": "齐鲁晚报 2022年12月：力争用6-7年实现经济总量翻番",
}


class PlanError(ValueError):
    """A plan file that cannot be used; ``problems`` lists (file, row, column, message), rows as a spreadsheet counts
    them (the header is row 1)."""

    def __init__(self, problems: list[tuple[str, int, str, str]]):
        self.problems = problems
        lines = [f"{file}, row {row}, column {column}: {message}" for file, row, column, message in problems]
        super().__init__("the plan has problems:\n" + "\n".join(lines))


@dataclass(frozen=True)
class Plan:
    """The plan: one row per pillar, indicator and milestone. Milestones carry a resolved ``target_value`` only
    after ``resolve_targets`` (a multiple of the baseline depends on the figures)."""

    pillars: pd.DataFrame
    indicators: pd.DataFrame
    milestones: pd.DataFrame
    # Issue 12: which plan of the store this is ("" for the files in data/ read without a store), and its own row
    # (plan_id, title_zh, title_en, issuer, date, source)
    plan_id: str = ""
    about: dict = field(default_factory=dict)

    def indicator(self, indicator_id: str) -> pd.Series:
        return self.indicators.loc[indicator_id]

    def name(self, indicator_id: str, lang: str) -> str:
        """The indicator's name in ``lang`` ("zh" or "en")."""
        return str(self.indicators.at[indicator_id, f"name_{lang}"])

    @cached_property
    def upload_catalogue(self):
        """The indicators as an upload may name them (tracker.upload.Catalogue), built on first use and kept by this
        plan object: every upload is checked against the same plan. (A frozen dataclass still lets cached_property
        write its instance dictionary.)"""
        from tracker.upload import catalogue

        return catalogue(self.indicators)


def milestone_id_for(indicator_id: str, target_period: str, kind: str = "") -> str:
    """The id a milestone gets when its file gives none: ``gdp-2028``; ``gdp-2024-annual_growth`` for a kind other
    than level."""
    period = str(target_period).strip()
    try:
        period = canonical(period)
    except PeriodError:
        pass
    return f"{indicator_id}-{period}" + (f"-{kind}" if kind and kind != "level" else "")


def with_milestone_ids(milestones: pd.DataFrame) -> pd.DataFrame:
    """``milestones`` with every empty or missing milestone_id generated (milestone_id_for); given ids kept."""
    milestones = milestones.copy()
    given = milestones["milestone_id"].fillna("").astype(str).str.strip() if "milestone_id" in milestones else None
    generated = [
        milestone_id_for(m["indicator_id"], m["target_period"], m.get("kind", "") or "")
        for m in milestones.to_dict("records")
    ]
    ids = pd.Series(generated, index=milestones.index, dtype=str)
    milestones["milestone_id"] = ids if given is None else given.where(given != "", ids)
    return milestones


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    # Blank lines are kept and then dropped, so that the index still counts the file's lines for error messages.
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skip_blank_lines=False)
    frame = frame[frame.ne("").any(axis=1)]
    for optional in OPTIONAL_COLUMNS:
        if optional in columns and optional not in frame.columns:
            frame[optional] = ""
    if "source_zh" in columns:  # a plan file before issue 10: its one source, by language (tracker.figures)
        frame = sources_by_language(frame)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise PlanError([(path.name, 1, c, "this column is missing from the header") for c in missing])
    return frame[columns].apply(lambda s: s.str.strip())


def sources_by_language(frame: pd.DataFrame) -> pd.DataFrame:
    """source_zh/source_en as given; a legacy ``source`` fills the empty one of its language (Han characters: zh)."""
    from tracker.figures import has_han

    if "source" not in frame.columns:
        return frame
    legacy = frame["source"].fillna("").astype(str)
    chinese = legacy.map(has_han)
    frame = frame.drop(columns=["source"])
    for lang, pick in (("zh", chinese), ("en", ~chinese)):
        given = frame[f"source_{lang}"].fillna("") if f"source_{lang}" in frame else pd.Series("", index=frame.index)
        frame[f"source_{lang}"] = given.where(given.str.strip() != "", legacy.where(pick, ""))
    return frame


def load_plan(data_dir: Path = DATA_DIR, figures: pd.DataFrame | None = None) -> Plan:
    """Read pillars.csv, indicators.csv and milestones.csv from ``data_dir`` and validate them.

    With ``figures`` (indicator_id, period, value), also check that every baseline period has a figure.
    Raises PlanError naming the file, row and column of every problem.
    """
    data_dir = Path(data_dir)
    pillars = _read(data_dir / "pillars.csv", PILLAR_COLUMNS)
    indicators = _read(data_dir / "indicators.csv", INDICATOR_COLUMNS)
    milestones = _read(data_dir / "milestones.csv", MILESTONE_COLUMNS)
    return build_plan(pillars, indicators, milestones, figures)


def build_plan(
    pillars: pd.DataFrame, indicators: pd.DataFrame, milestones: pd.DataFrame, figures: pd.DataFrame | None = None
) -> Plan:
    """Validate the three tables (all text) and return a Plan with typed columns."""
    milestones = with_milestone_ids(milestones)
    problems = validate_plan(pillars, indicators, milestones, figures)
    if problems:
        raise PlanError(problems)
    pillars = pillars.assign(order=pillars["order"].astype(int)).set_index("id", drop=False)
    # ``source``: read-only, the English else the Chinese (what pages showed before issue 10), for readers not yet
    # moved to tracker.formatting.figure_source; never stored.
    indicators = indicators.set_index("id", drop=False).assign(source=lambda f: _either(f))
    milestones = milestones.assign(
        source=_either(milestones),
        target_period=milestones["target_period"].map(canonical),
        baseline_period=milestones["baseline_period"].map(lambda p: canonical(p) if p else ""),
        target_value=pd.to_numeric(milestones["target_value"].replace("", None), errors="coerce"),
        target_multiple=pd.to_numeric(milestones["target_multiple"].replace("", None), errors="coerce"),
        kind=milestones["kind"].replace("", "level") if "kind" in milestones else "level",
    ).reset_index(drop=True)
    return Plan(pillars=pillars, indicators=indicators, milestones=milestones)


def _either(frame: pd.DataFrame) -> pd.Series:
    return frame["source_en"].where(frame["source_en"] != "", frame["source_zh"])


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def validate_plan(
    pillars: pd.DataFrame, indicators: pd.DataFrame, milestones: pd.DataFrame, figures: pd.DataFrame | None = None
) -> list[tuple[str, int, str, str]]:
    """Every problem in the plan tables as (file, row, column, message); an empty list means the plan is usable."""
    problems: list[tuple[str, int, str, str]] = []

    def check(file: str, row: int, column: str, ok: bool, message: str) -> None:
        if not ok:
            problems.append((file, row, column, message))

    pillar_ids = set(pillars["id"])
    for i, p in pillars.iterrows():
        check("pillars.csv", i + 2, "order", p["order"].isdigit(), "order must be a whole number")
        check("pillars.csv", i + 2, "name_zh", bool(p["name_zh"]), "every pillar needs a Chinese name")
        check("pillars.csv", i + 2, "name_en", bool(p["name_en"]), "every pillar needs an English name")

    seen: set[str] = set()
    all_indicator_ids = set(indicators["id"])
    for i, ind in indicators.iterrows():
        row, f = i + 2, "indicators.csv"
        check(
            f,
            row,
            "id",
            bool(ind["id"]) and ind["id"].replace("_", "a").isalnum() and ind["id"] == ind["id"].lower(),
            f"id {ind['id']!r} must be snake_case (lower-case letters, digits and _)",
        )
        check(f, row, "id", ind["id"] not in seen, f"the id {ind['id']!r} appears twice")
        seen.add(ind["id"])
        check(f, row, "name_zh", bool(ind["name_zh"]), "every indicator needs a Chinese name")
        check(f, row, "name_en", bool(ind["name_en"]), "every indicator needs an English name")
        check(
            f,
            row,
            "pillar",
            ind["pillar"] in pillar_ids,
            f"unknown pillar {ind['pillar']!r}; use one of {', '.join(sorted(pillar_ids))}",
        )
        check(
            f,
            row,
            "unit",
            ind["unit"] in KNOWN_UNITS,
            f"unknown unit {ind['unit']!r}; use one of {' '.join(KNOWN_UNITS)}",
        )
        check(f, row, "measure", ind["measure"] in MEASURES, f"measure must be one of {', '.join(MEASURES)}")
        check(f, row, "direction", ind["direction"] in DIRECTIONS, "direction must be up or down")
        check(f, row, "pace_method", ind["pace_method"] in PACE_METHODS, "pace_method must be cagr or linear")
        check(f, row, "source_zh", bool(ind["source_zh"] or ind["source_en"]), "every indicator needs a source")
        kind, cadence = ind.get("kind", "") or "", ind.get("cadence", "") or ""
        check(
            f,
            row,
            "kind",
            kind in ("", *INDICATOR_KINDS),
            f"kind must be one of {', '.join(INDICATOR_KINDS)} (or empty)",
        )
        check(f, row, "cadence", cadence in ("", *CADENCES), f"cadence must be one of {', '.join(CADENCES)} (or empty)")
        if ind["formula"]:
            try:
                unknown = sorted(formula_references(ind["formula"]) - all_indicator_ids)
                check(f, row, "formula", not unknown, f"the formula reads unknown indicators: {', '.join(unknown)}")
            except ValueError as err:
                check(f, row, "formula", False, str(err))

    indicator_ids = set(indicators["id"])
    figure_keys: set[tuple[str, str]] = set()
    if figures is not None:
        figure_keys = set(zip(figures["indicator_id"], figures["period"].astype(str)))
    derived = set(indicators.loc[indicators["formula"] != "", "id"])
    # An indicator without any figure yet (a blank store's first plan) cannot have its baseline's: it comes next.
    with_figures = {indicator for indicator, _ in figure_keys}
    seen_milestones: set[tuple[str, str]] = set()
    seen_ids: set[str] = set()
    if "milestone_id" not in milestones or (milestones["milestone_id"] == "").any():
        milestones = with_milestone_ids(milestones)
    for i, m in milestones.iterrows():
        row, f = i + 2, "milestones.csv"
        check(
            f,
            row,
            "milestone_id",
            all(c.isascii() and (c.isalnum() or c in "-_.") for c in m["milestone_id"]),
            f"milestone_id {m['milestone_id']!r} may hold only letters, digits, -, _ and .",
        )
        check(f, row, "milestone_id", m["milestone_id"] not in seen_ids, f"the id {m['milestone_id']!r} appears twice")
        seen_ids.add(m["milestone_id"])
        check(
            f,
            row,
            "indicator_id",
            m["indicator_id"] in indicator_ids,
            f"no indicator {m['indicator_id']!r} in indicators.csv",
        )
        try:
            target_period = canonical(m["target_period"])
            check(
                f,
                row,
                "target_period",
                (m["indicator_id"], target_period) not in seen_milestones,
                "this indicator already has a milestone for this period",
            )
            seen_milestones.add((m["indicator_id"], target_period))
        except PeriodError as err:
            check(f, row, "target_period", False, str(err))
        value, multiple = _number(m["target_value"]), _number(m["target_multiple"])
        check(
            f,
            row,
            "target_value",
            (value is None) != (multiple is None),
            "give either target_value or target_multiple (a multiple of the baseline), not both or neither",
        )
        if multiple is not None:
            check(f, row, "baseline_period", bool(m["baseline_period"]), "a target_multiple needs a baseline_period")
        kind = m.get("kind", "") or "level"
        check(f, row, "kind", kind in MILESTONE_KINDS, f"kind must be one of {', '.join(MILESTONE_KINDS)} (or empty)")
        if kind == "annual_growth":
            check(
                f,
                row,
                "target_value",
                value is not None and multiple is None and -1 < value < 1,
                "an annual_growth target is a growth rate as a fraction in target_value (0.07 for 7%)",
            )
            check(f, row, "baseline_period", not m["baseline_period"], "an annual_growth target has no baseline")
            check(
                f,
                row,
                "target_period",
                len(str(m["target_period"]).strip()) == 4 and str(m["target_period"]).strip().isdigit(),
                "an annual_growth target is for one year (such as 2025)",
            )
        check(f, row, "bound", m["bound"] in BOUNDS, f"bound must be one of {', '.join(BOUNDS)}")
        check(f, row, "quote", bool(m["quote"]), "every target must quote the plan")
        check(f, row, "source_zh", bool(m["source_zh"] or m["source_en"]), "every target needs a source")
        if m["baseline_period"]:
            try:
                baseline = canonical(m["baseline_period"])
                if figures is not None and m["indicator_id"] not in derived and m["indicator_id"] in with_figures:
                    check(
                        f,
                        row,
                        "baseline_period",
                        (m["indicator_id"], baseline) in figure_keys,
                        f"no figure for {m['indicator_id']} in {baseline}: add it or leave the baseline empty",
                    )
            except PeriodError as err:
                check(f, row, "baseline_period", False, str(err))
    return problems
