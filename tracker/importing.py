"""One upload path: check a file against the store's plan, preview it against the figures it was checked against, and
commit it as a new revision. The upload page and ``python -m tracker import`` both call ``stage_import`` and then
``commit_import``; nothing is stored before ``commit_import``, and a commit is all-or-nothing (Store.commit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tracker.figures import TEXT_COLUMNS, split_by_language
from tracker.i18n import t
from tracker.preview import canonical_figures, preview
from tracker.upload import UploadCheck, check_upload, text_column

STATUSES = ("new", "changed", "unchanged")


class FailedCheck(ValueError):
    """``commit_import`` was handed a staged import whose check found problems: nothing may be stored."""


@dataclass
class StagedImport:
    """A checked upload, previewed against the figures of ``base_revision`` (the latest when it was staged).
    ``preview`` is None when the check found problems."""

    check: UploadCheck
    preview: pd.DataFrame | None
    base_revision: int
    filename: str
    rows: pd.DataFrame | None = None  # what commit_import stores: the new and changed rows, as the preview shows them

    def counts(self) -> dict[str, int]:
        """How many rows are new, changed, unchanged, and flagged as implausible (all 0 for a failed check)."""
        shown = self.preview
        if shown is None:
            return dict.fromkeys((*STATUSES, "flagged"), 0)
        status = shown["status"].astype(str)
        counts = {s: int((status == s).sum()) for s in STATUSES}
        counts["flagged"] = int(shown["implausible"].sum())
        return counts

    def flagged(self) -> pd.DataFrame:
        """The preview rows flagged as implausible (empty for a failed check)."""
        if self.preview is None:
            return pd.DataFrame()
        return self.preview[self.preview["implausible"].to_numpy(dtype=bool)]


def stage_import(
    store,
    filename: str,
    data: bytes,
    today: dt.date,
    progress: Callable[[float], None] | None = None,
) -> StagedImport:
    """Check ``data`` against the store's plan and preview it against the latest figures; stores nothing.
    Raises UploadError when the file cannot be read as a table."""
    base = store.latest_revision()
    stored = store.figures(base)
    # every plan's indicators: the plans of a store share their figures (issue 12); ``stored`` gives a growth row
    # its level
    check = check_upload(filename, data, store.upload_plan(base), today, progress=progress, stored=stored)
    if not check.ok:
        return StagedImport(check=check, preview=None, base_revision=base, filename=filename)
    shown = preview(check.rows, stored)
    return StagedImport(check, shown, base, filename, rows=_rows_to_store(check.rows, shown, stored))


def _rows_to_store(rows: pd.DataFrame, shown: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """The rows the preview calls new or changed, an empty note or source keeping the stored one: the preview reads
    an empty cell as "not given", so storing it as an erasure would store something the preview did not show."""
    keep = (shown["status"].astype(str) != "unchanged").to_numpy()
    if "note_zh" not in rows:
        rows = split_by_language(rows)
    rows = rows.reset_index(drop=True)[keep].reset_index(drop=True)
    if rows.empty:
        return rows
    # The check's text columns are categoricals (tracker.upload): as columns of str, taken in Arrow, for the
    # merge on the keys and the texts' fallback below; the qualifier and flags stay as they are (the store
    # converts each distinct text once).
    rows = rows.assign(**{c: as_texts(rows[c]) for c in ("indicator_id", "period", *TEXT_COLUMNS) if c in rows})
    old = canonical_figures(stored).drop_duplicates(["indicator_id", "period"], keep="last")
    if old.empty:  # a first upload: no stored note, source or growth to keep
        return rows.assign(**{c: rows[c].str.strip() for c in TEXT_COLUMNS})
    merged = rows.merge(
        old[["indicator_id", "period", *TEXT_COLUMNS, "growth"]],
        how="left",
        on=["indicator_id", "period"],
        suffixes=("", "_stored"),
    )
    for column in TEXT_COLUMNS:
        given = merged[column].fillna("").astype(str).str.strip()
        merged[column] = given.where(given != "", merged[f"{column}_stored"].fillna(""))
    if "growth" in merged:  # an empty growth is "not given" too: the stored one stays
        merged["growth"] = merged["growth"].where(merged["growth"].notna(), merged["growth_stored"])
    return merged[list(rows.columns)]


def as_texts(column: pd.Series) -> pd.Series:
    """A text column as str: a categorical's texts taken in Arrow (no Python string per row); others as they are."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column
    codes, categories = column.cat.codes.to_numpy(), np.asarray(column.cat.categories, dtype=object)
    texts = text_column(np.append(categories, None), np.where(codes < 0, len(categories), codes))  # -1: missing
    return pd.Series(texts, index=column.index, name=column.name)


def commit_import(store, staged: StagedImport, author: str, comment: str, provenance: dict | None = None) -> int:
    """Store the rows of a staged import as a new revision and return its number. Raises FailedCheck for a check
    with problems, and what Store.commit raises: StaleRevision when a revision after the preview's changed the same
    figures, NothingToCommit when every figure is already stored, StoreError when the database cannot be written.
    ``provenance``: who and from where (issue 14; Store.commit)."""
    if not staged.check.ok or staged.rows is None:
        raise FailedCheck(f"{staged.filename}: {staged.check.problem_count} problem(s); nothing may be stored")
    return store.commit(
        staged.rows, author=author, comment=comment, base_revision=staged.base_revision, provenance=provenance
    )


# ---- plans (issue 12): one write path for a plan file, the CLI's ``plan import`` and the page's plan tab ----------

PLAN_TABLE_NAMES = ("pillars", "indicators", "milestones")
NOT_STORED_YET: tuple[str, ...] = ()  # plan file columns the store does not keep (none since issue 12 §4)


@dataclass(frozen=True)
class PlanCheckProblem:
    """A problem found beyond the plan file's own check (tracker.planfile): the plan's id or title missing, or a
    rule of tracker.plan.validate_plan (``code`` "rule": its file, row, column and message)."""

    sheet: str
    row: int | None
    column: str | None
    code: str
    params: dict = field(default_factory=dict, hash=False)

    def message(self, lang: str = "zh") -> str:
        return t(f"plan_import_{self.code}", lang, **self.params)


def _rule_problems(problems: list[tuple[str, int, str, str]]) -> list[PlanCheckProblem]:
    return [
        PlanCheckProblem(file, row, column, "rule", {"file": file, "row": row, "column": column, "message": message})
        for file, row, column, message in problems
    ]


@dataclass
class StagedPlan:
    """A checked plan, previewed against the store as of ``base_revision`` (the latest when it was staged).

    ``problems``: every problem found (tracker.planfile.PlanProblem, or PlanError tuples as (file, row, column,
    message)); nothing may be stored while there is one. ``changes``: the rows the plan adds, changes and removes
    (Store.plan_diff's columns: plan_id, part, key, status, fields; plus detail, "target_period: 2028 → 2027");
    ``status_changes``: the milestones whose status the change moves (milestone_id, indicator_id, target_period,
    status_before, status_after; None for a milestone added or removed); ``kept_figures``: for each indicator the
    plan drops, how many of its figures stay in the store (they come back if the indicator does)."""

    plan_id: str
    filename: str
    base_revision: int
    problems: list
    about: dict
    pillars: pd.DataFrame | None = None
    indicators: pd.DataFrame | None = None
    milestones: pd.DataFrame | None = None
    is_new: bool = False
    changes: pd.DataFrame | None = None
    status_changes: pd.DataFrame | None = None
    kept_figures: dict | None = None
    not_stored: tuple[str, ...] = ()  # indicator columns the file fills that the store does not keep yet

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, dict[str, int]]:
        """{"indicators": {"added": n, "changed": n, "removed": n}, "milestones": {...}, "pillars": {...}}."""
        out = {part: dict.fromkeys(("added", "changed", "removed"), 0) for part in PLAN_TABLE_NAMES}
        if self.changes is not None:
            for row in self.changes.to_dict("records"):
                if row["part"] in out:
                    out[row["part"]][row["status"]] += 1
        return out


def stage_plan(
    store,
    filename: str,
    data: bytes,
    plan_id: str | None = None,
    title: str | None = None,
) -> StagedPlan:
    """Read and check a plan file (tracker.planfile: XLSX or a ZIP of CSVs) against the store's indicators,
    pillars and figures, and preview it against the plan ``plan_id`` (from the file's about sheet when None) as
    stored; stores nothing. ``title`` overrides the Chinese title."""
    from tracker.planfile import read_plan_file

    base = store.latest_revision()
    catalogue = store.upload_plan(base)
    file = read_plan_file(
        data,
        filename,
        known_indicators=catalogue.indicators.reset_index(drop=True),
        known_pillars=catalogue.pillars.reset_index(drop=True),
        figures=store.figures(base),
    )
    about = {k: str(v or "") for k, v in (file.about or {}).items()}
    plan_id = plan_id or about.get("plan_id") or ""
    not_stored = tuple(
        c
        for c in NOT_STORED_YET
        if c in file.indicators and file.indicators[c].fillna("").astype(str).str.strip().ne("").any()
    )
    return stage_plan_tables(
        store,
        plan_id,
        about={**about, **({"title_zh": title} if title else {})},
        pillars=file.pillars,
        indicators=file.indicators,
        milestones=file.milestones,
        filename=filename,
        problems=list(file.problems),
        base_revision=base,
        not_stored=not_stored,
    )


def stage_plan_tables(
    store,
    plan_id: str,
    about: dict,
    pillars: pd.DataFrame,
    indicators: pd.DataFrame,
    milestones: pd.DataFrame,
    filename: str = "",
    problems: list | None = None,
    base_revision: int | None = None,
    not_stored: tuple[str, ...] = (),
) -> StagedPlan:
    """Check plan tables (text, the columns of data/*.csv) and preview them against the plan ``plan_id`` as of
    ``base_revision`` (None: the latest); stores nothing. A milestone may name an indicator of another plan of the
    store, and a plan without pillars uses the store's: both are copied into this plan."""
    from tracker.plan import PlanError, build_plan, validate_plan, with_milestone_ids
    from tracker.snapshot import build_snapshot
    from tracker.store import UnknownPlan

    base = store.latest_revision() if base_revision is None else base_revision
    problems = list(problems or [])
    if not plan_id:
        problems.append(PlanCheckProblem(filename, None, "plan_id", "no_plan_id"))
    staged = StagedPlan(plan_id, filename, base, problems, dict(about), not_stored=not_stored)
    if problems:
        return staged
    catalogue = store.upload_plan(base)
    indicators = _text_frame(indicators)
    milestones = with_milestone_ids(_text_frame(milestones))
    pillars = _text_frame(pillars)
    # Indicators named by a milestone but defined by another plan of the store, and pillars the indicators name.
    borrowed = sorted(
        set(milestones.get("indicator_id", [])) - set(indicators.get("id", [])) & set(catalogue.indicators.index)
    )
    if borrowed:
        known = catalogue.indicators.loc[borrowed].reset_index(drop=True)
        indicators = pd.concat([indicators, _text_frame(known)], ignore_index=True)
    needed = set(indicators.get("pillar", [])) - set(pillars.get("id", []))
    if needed & set(catalogue.pillars.index):
        known = catalogue.pillars.loc[sorted(needed & set(catalogue.pillars.index))].reset_index(drop=True)
        pillars = pd.concat([pillars, _text_frame(known)], ignore_index=True)
    figures = store.figures(base)
    tables = _csv_columns(pillars, indicators, milestones)
    problems += _rule_problems(validate_plan(*tables, figures))
    try:
        current = store.plan(revision=base, plan_id=plan_id)
        is_new = False
    except UnknownPlan:
        current, is_new = None, True
    old_about = current.about if current is not None else {}
    about = {**{k: v for k, v in old_about.items()}, **{k: v for k, v in about.items() if v}, "plan_id": plan_id}
    if is_new and not (about.get("title_zh") or about.get("title_en")):
        problems.append(PlanCheckProblem(filename, None, "title_zh", "no_title"))
    staged.about, staged.is_new = about, is_new
    if problems:
        return staged
    staged.pillars, staged.indicators, staged.milestones = tables
    try:
        new_plan = build_plan(*tables)
    except PlanError as err:  # validate_plan found nothing, so this is not expected; stored nothing either way
        staged.problems = _rule_problems(err.problems)
        return staged
    staged.changes = _plan_changes(current, new_plan, plan_id)
    before = build_snapshot(current, figures).status if current is not None else None
    after = build_snapshot(new_plan, figures).status
    staged.status_changes = _status_changes(before, current, after, new_plan)
    removed = staged.changes[(staged.changes["part"] == "indicators") & (staged.changes["status"] == "removed")]
    counts = figures.groupby("indicator_id").size()
    staged.kept_figures = {key: int(counts.get(key, 0)) for key in removed["key"]}
    return staged


def commit_plan(
    store,
    staged: StagedPlan,
    author: str,
    comment: str,
    base_revision: int | None = None,
    provenance: dict | None = None,
) -> int:
    """Store a staged plan as a new revision and return its number (Store.commit_plan). ``base_revision``: the
    revision the preview was computed against (None: the staged one). Raises FailedCheck for a plan with problems,
    StalePlan when a revision after it changed this plan, NothingToCommit when the plan is already stored so."""
    if not staged.ok or staged.milestones is None:
        raise FailedCheck(f"{staged.filename}: {len(staged.problems)} problem(s); nothing may be stored")
    return store.commit_plan(
        staged.plan_id,
        staged.about,
        staged.pillars,
        staged.indicators,
        staged.milestones,
        author=author,
        comment=comment,
        base_revision=staged.base_revision if base_revision is None else base_revision,
        provenance=provenance,  # issue 14: who and from where
    )


def _text_frame(frame: pd.DataFrame | None) -> pd.DataFrame:
    if frame is None:
        return pd.DataFrame()
    frame = frame.reset_index(drop=True)
    return frame.apply(
        lambda s: s.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip())
    )


def _csv_columns(pillars, indicators, milestones) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from tracker.plan import INDICATOR_COLUMNS, MILESTONE_COLUMNS, PILLAR_COLUMNS

    return tuple(
        frame.reindex(columns=columns, fill_value="").fillna("").reset_index(drop=True)
        for frame, columns in (
            (pillars, PILLAR_COLUMNS),
            (indicators, INDICATOR_COLUMNS),
            (milestones, MILESTONE_COLUMNS),
        )
    )


def _plan_changes(current, new_plan, plan_id: str) -> pd.DataFrame:
    """The rows ``new_plan`` adds, changes and removes against ``current`` (None: a new plan), each change's old
    and new values as text in ``detail``."""
    from tracker.plan import INDICATOR_COLUMNS, MILESTONE_COLUMNS, PILLAR_COLUMNS
    from tracker.store import compare_plan_rows

    frames = []
    for part, columns, attribute in (
        ("pillars", PILLAR_COLUMNS, "pillars"),
        ("indicators", INDICATOR_COLUMNS, "indicators"),
        ("milestones", MILESTONE_COLUMNS, "milestones"),
    ):
        old = (
            _stored_text(getattr(current, attribute), columns) if current is not None else pd.DataFrame(columns=columns)
        )
        new = _stored_text(getattr(new_plan, attribute), columns)
        changes = compare_plan_rows(part, old.assign(plan_id=plan_id), new.assign(plan_id=plan_id))
        key = "milestone_id" if part == "milestones" else "id"
        old_rows, new_rows = old.set_index(key).to_dict("index"), new.set_index(key).to_dict("index")
        changes["detail"] = [
            "; ".join(f"{f}: {old_rows[k][f] or '—'} → {new_rows[k][f] or '—'}" for f in fields.split(", "))
            if status == "changed"
            else ""
            for k, status, fields in zip(changes["key"], changes["status"], changes["fields"], strict=True)
        ]
        frames.append(changes)
    return pd.concat(frames, ignore_index=True)


def _stored_text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A Plan's typed table back as text, as the store keeps it (periods canonical, numbers as written)."""
    from tracker.planfile import number_text

    def text(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, float | int) and not isinstance(value, bool):
            return number_text(float(value))
        return str(value).strip()

    frame = frame.reset_index(drop=True).reindex(columns=columns, fill_value="")
    if "kind" in frame and "target_period" in frame:
        frame["kind"] = frame["kind"].replace("", "level")
    return frame.apply(lambda s: s.map(text))


def _status_changes(before, current, after, new_plan) -> pd.DataFrame:
    """The milestones whose status differs between the two plans read on the same figures."""

    def by_milestone(status, plan) -> dict[str, dict]:
        if status is None or plan is None:
            return {}
        ids = {
            (m["indicator_id"], str(m["target_period"]), m["kind"]): m["milestone_id"]
            for m in plan.milestones.to_dict("records")
        }
        out = {}
        for row in status.to_dict("records"):
            key = (row["indicator_id"], str(row.get("target_period")), row.get("milestone_kind") or "level")
            if key in ids:
                out[ids[key]] = row
        return out

    old, new = by_milestone(before, current), by_milestone(after, new_plan)
    rows = []
    for milestone_id in dict.fromkeys([*old, *new]):
        a, b = old.get(milestone_id), new.get(milestone_id)
        status_a, status_b = (a or {}).get("status"), (b or {}).get("status")
        if status_a != status_b:
            row = b or a
            rows.append(
                {
                    "milestone_id": milestone_id,
                    "indicator_id": row["indicator_id"],
                    "target_period": row.get("target_period"),
                    "status_before": status_a,
                    "status_after": status_b,
                }
            )
    columns = ["milestone_id", "indicator_id", "target_period", "status_before", "status_after"]
    return pd.DataFrame(rows, columns=columns)


def change_summary(changes: pd.DataFrame, lang: str) -> str:
    """ "1 target(s) changed, 1 indicator(s) removed" for rows with part and status columns (the parts of a plan
    and of data/); "no changes" when there are none."""
    parts = []
    for part in ("pillars", "indicators", "milestones", "figures"):
        for status in ("added", "changed", "removed"):
            count = int(((changes["part"] == part) & (changes["status"] == status)).sum()) if len(changes) else 0
            if count:
                parts.append(t(f"plansync_{part}_{status}", lang, count=count))
    return t("list_separator", lang).join(parts) if parts else t("plansync_no_changes", lang)


def restore_preview_lines(preview: dict[str, pd.DataFrame], lang: str) -> list[str]:
    """What a restore undoes, one line per part (Store.restore_preview): the figures that come back, go and get
    their old values back; for each plan, its rows the restore adds back, changes back and removes."""
    lines = []
    if "figures" in preview:
        diff = preview["figures"]
        if diff.empty:
            lines.append(t("restore_preview_nothing", lang, part=t("restore_part_figures", lang)))
        else:
            status = diff["status"]
            lines.append(
                t(
                    "restore_preview_figures",
                    lang,
                    back=int((status == "added").sum()),
                    gone=int((status == "removed").sum()),
                    changed=int((status == "changed").sum()),
                )
            )
    if "plan" in preview:
        diff = preview["plan"]
        diff = diff[diff["part"] != "plans"] if len(diff) else diff
        if diff.empty:
            lines.append(t("restore_preview_nothing", lang, part=t("restore_part_plan", lang)))
        for plan_id, rows in diff.groupby("plan_id", sort=False) if len(diff) else ():
            lines.append(t("restore_preview_plan", lang, plan_id=plan_id, changes=change_summary(rows, lang)))
    return lines
