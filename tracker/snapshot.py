"""A snapshot: the plan, the figures of one revision (with derived indicators) and their status rows, together."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from tracker.doubling import Doubling, doubling
from tracker.figures import derive_figures, drop_mixed_bases, load_figures, with_legacy_text
from tracker.pace import status_table
from tracker.plan import DATA_DIR, Plan, load_plan


@dataclass(frozen=True)
class Snapshot:
    """Everything a page or a command shows for one revision. ``revision`` is None for the shipped files."""

    plan: Plan
    # indicator_id, period, value, note_zh, note_en, source_zh, source_en, confidence, and the read-only legacy
    # note/source (tracker.figures.with_legacy_text); derived rows included
    figures: pd.DataFrame
    status: pd.DataFrame  # tracker.pace.status_table
    revision: int | None = None

    @cached_property
    def latest_figures(self) -> dict[str, dict]:
        """The stored row (note, source, confidence) behind each indicator's latest figure, by indicator id.

        Built once per snapshot: looking it up in a million figures for every card on every rerun would not be."""
        keys = self.status[["indicator_id", "latest_period"]].dropna().drop_duplicates("indicator_id")
        rows = self.figures.merge(keys, left_on=["indicator_id", "period"], right_on=["indicator_id", "latest_period"])
        return {row["indicator_id"]: row for row in rows.drop(columns="latest_period").to_dict("records")}

    @cached_property
    def indicator_records(self) -> dict[str, dict]:
        """Each indicator's row of the plan as a plain dict, by id."""
        return self.plan.indicators.to_dict("index")

    @cached_property
    def status_by_indicator(self) -> dict[str, list[dict]]:
        """Each indicator's status rows (one per milestone, or one for a context indicator) as plain dicts."""
        out: dict[str, list[dict]] = {}
        for row in self.status.to_dict("records"):
            out.setdefault(row["indicator_id"], []).append(row)
        return out

    @cached_property
    def milestones_by_indicator(self) -> dict[str, list[dict]]:
        """Each indicator's milestones as plain dicts, in plan order."""
        out: dict[str, list[dict]] = {}
        for row in self.plan.milestones.to_dict("records"):
            out.setdefault(row["indicator_id"], []).append(row)
        return out

    @cached_property
    def doubling(self) -> Doubling | None:
        """The doubling view without a scenario (see tracker.doubling.doubling)."""
        return doubling(self.plan, self.figures)

    @cached_property
    def _doubling_figures(self) -> pd.DataFrame:
        # The doubling indicator's own figures, so that a new scenario rate does not scan every figure again.
        ind_id = self.doubling.indicator_id if self.doubling else None
        return self.figures[self.figures["indicator_id"] == ind_id]

    def doubling_at(self, scenario_rate: float | None) -> Doubling | None:
        """The doubling view with a scenario at ``scenario_rate`` (a fraction per year)."""
        if self.doubling is None or scenario_rate is None:
            return self.doubling
        return doubling(self.plan, self._doubling_figures, self.doubling.indicator_id, scenario_rate=scenario_rate)


def build_snapshot(plan: Plan, figures: pd.DataFrame, revision: int | None = None) -> Snapshot:
    """Derive the formula indicators from ``figures`` and assess every milestone. A derived figure whose formula
    would difference across a series break (the zone's 2024 share of the city's increment, 37.2% from mixed bases)
    is left out of the snapshot's figures: pages show the gap and the status row says why (basis_note)."""
    derived = with_legacy_text(derive_figures(figures, plan.indicators))
    status = status_table(plan, derived)
    return Snapshot(plan=plan, figures=drop_mixed_bases(derived, plan.indicators), status=status, revision=revision)


def shipped_snapshot(data_dir: Path = DATA_DIR) -> Snapshot:
    """The snapshot of the files in ``data/``, without any database (the read-only fallback)."""
    figures = load_figures(Path(data_dir) / "figures.csv")
    return build_snapshot(load_plan(data_dir, figures), figures)


def blank_snapshot(revision: int | None = None) -> Snapshot:
    """The snapshot of a blank store (no plan yet, issue 12 §3): no indicator, no figure, no status row."""
    from tracker.pace import FIGURE_COLUMNS, STATUS_COLUMNS
    from tracker.plan import INDICATOR_COLUMNS, MILESTONE_COLUMNS, PILLAR_COLUMNS, build_plan
    from tracker.store import STORED_COLUMNS

    tables = (pd.DataFrame(columns=c, dtype=str) for c in (PILLAR_COLUMNS, INDICATOR_COLUMNS, MILESTONE_COLUMNS))
    status = pd.DataFrame(columns=[*STATUS_COLUMNS, "pace_method", "ratio", "bound", "reason", *FIGURE_COLUMNS])
    return Snapshot(
        plan=build_plan(*tables), figures=pd.DataFrame(columns=STORED_COLUMNS), status=status, revision=revision
    )


def store_snapshot(store, revision: int | None = None, plan_id: str | None = None) -> Snapshot:
    """The snapshot of ``revision`` (the latest when None) in a tracker.store.Store: its figures and the plan
    ``plan_id`` (None: the first) as it was at that revision. A baseline whose figure is not stored (yet, or no
    longer) is not refused here: its target says "no baseline figure" (tracker.pace); imports check baselines."""
    revision = store.latest_revision() if revision is None else revision
    figures = store.figures(revision)
    return build_snapshot(store.plan(revision=revision, plan_id=plan_id), figures, revision)
