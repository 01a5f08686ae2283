"""Edited CSVs in data/ (issue 12): what differs from the CSVs last synced into the store, and a sync that applies
only that edit as a new revision.

The store keeps the text of data/pillars.csv, indicators.csv, milestones.csv and figures.csv as last synced
(seeded with revision 1, replaced by every sync: Store.shipped_csvs). ``csv_drift`` compares data/ with that
snapshot — not with the latest revision, which holds later uploads and plan imports the CSVs never had — and
``stage_sync`` → ``commit_sync`` applies the rows the edit added, changed or removed (removed figures excepted:
figures are never removed by a sync, the preview says they stay) on top of the store as it is now, so a sync never
undoes a later upload.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tracker.figures import load_figures
from tracker.i18n import t
from tracker.plan import (
    DATA_DIR,
    INDICATOR_COLUMNS,
    MILESTONE_COLUMNS,
    OPTIONAL_COLUMNS,
    PILLAR_COLUMNS,
    SHIPPED_PLAN,
    sources_by_language,
    validate_plan,
    with_milestone_ids,
)

# file -> (part, key columns, the file's columns; None for figures)
FILES = {
    "pillars.csv": ("pillars", ["id"], PILLAR_COLUMNS),
    "indicators.csv": ("indicators", ["id"], INDICATOR_COLUMNS),
    "milestones.csv": ("milestones", ["milestone_id"], MILESTONE_COLUMNS),
    "figures.csv": ("figures", ["indicator_id", "period"], None),
}
STATUSES = ("added", "changed", "removed")


@dataclass(frozen=True)
class FileDrift:
    """How one data/ file differs from its snapshot: the rows added, changed and removed by the edit (key: the row's
    id, or "indicator_id period" for a figure; fields: the columns changed)."""

    name: str
    part: str
    changes: pd.DataFrame = field(hash=False)  # key, status, fields

    def count(self, status: str) -> int:
        return int((self.changes["status"] == status).sum())

    def message(self, lang: str, revision: int | None, folder: str = "data/") -> str:
        """ "data/milestones.csv differs from revision 7: 2 targets changed" in ``lang`` (``folder``: folder_label)."""
        counts = [
            t(f"plansync_{self.part}_{status}", lang, count=self.count(status))
            for status in STATUSES
            if self.count(status)
        ]
        return t(
            "plansync_file_differs",
            lang,
            file=f"{folder}{self.name}",
            revision=revision if revision is not None else "?",
            changes=t("list_separator", lang).join(counts),
        )


@dataclass(frozen=True)
class Drift:
    """What data/ changed since the last sync. ``files`` holds only the files that differ; ``revision`` is the
    revision that last synced the snapshot (1: the seed). ``missing`` names snapshot files absent from data/."""

    revision: int | None
    files: tuple[FileDrift, ...] = ()
    missing: tuple[str, ...] = ()
    folder: str = "data/"  # the folder compared, as messages name it (folder_label)

    @property
    def differs(self) -> bool:
        return bool(self.files)

    def message(self, lang: str) -> str:
        """One line per file that differs, or "" when data/ equals the last sync."""
        return "\n".join(f.message(lang, self.revision, self.folder) for f in self.files)


def folder_label(data_dir: Path | str, cwd: Path | None = None, shipped: Path = DATA_DIR) -> str:
    """How messages name the folder synced: relative to the working directory when inside it ("data/",
    "zone-b/data/"), "data/" for the repository's own data folder (README's name for it) from anywhere else, else
    the absolute path; always ending in "/" so a file name can follow."""
    path = Path(data_dir).resolve()
    try:
        text = path.relative_to((cwd or Path.cwd()).resolve()).as_posix()
    except ValueError:
        text = "data" if path == Path(shipped).resolve() else path.as_posix()
    return "./" if text in ("", ".") else text.rstrip("/") + "/"


def _plan_csv(text: str, columns: list[str]) -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame = frame[frame.ne("").any(axis=1)] if len(frame.columns) else frame
    for optional in OPTIONAL_COLUMNS:
        if optional in columns and optional not in frame:
            frame[optional] = ""
    if "source_zh" in columns:
        frame = sources_by_language(frame)
    frame = frame.reindex(columns=columns, fill_value="").apply(lambda s: s.astype(str).str.strip())
    if "milestone_id" in columns:
        frame = with_milestone_ids(frame)
    return frame.reset_index(drop=True)


def _figures_csv(text: str) -> pd.DataFrame:
    from tracker.store import normalise_figure_rows

    return normalise_figure_rows(load_figures(io.StringIO(text)))


def read_file(name: str, text: str) -> pd.DataFrame:
    """A data/ file's rows as the store compares them (plan tables as text with generated milestone ids; figures
    as Store.commit would store them)."""
    part, _, columns = FILES[name]
    return _figures_csv(text) if part == "figures" else _plan_csv(text, columns)


def _compare(name: str, old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """key, status, fields: the rows of ``new`` that differ from ``old`` (one data/ file)."""
    part, keys, columns = FILES[name]
    if part == "figures":
        from tracker.store import compare_figures

        diff = compare_figures(old, new)
        return pd.DataFrame(
            {
                "key": diff["indicator_id"] + " " + diff["period"],
                "status": diff["status"],
                "fields": diff["fields"],
            }
        )
    fields = [c for c in columns if c not in keys]
    merged = old.merge(new, on=keys, how="outer", suffixes=("_old", "_new"), indicator=True)
    rows = []
    for record in merged.to_dict("records"):
        status = {"left_only": "removed", "right_only": "added", "both": "changed"}[record["_merge"]]
        changed = [c for c in fields if status == "changed" and record[f"{c}_old"] != record[f"{c}_new"]]
        if status != "changed" or changed:
            rows.append({"key": record[keys[0]], "status": status, "fields": ", ".join(changed)})
    return pd.DataFrame(rows, columns=["key", "status", "fields"])


def csv_drift(store, data_dir: Path) -> Drift:
    """How the CSVs in ``data_dir`` differ from those the store last synced (Store.shipped_csvs): a FileDrift for
    each file whose rows differ (a file re-saved with the same rows does not). What every page shows an editor."""
    snapshot = store.shipped_csvs()
    revision = max((rev for _, rev in snapshot.values() if rev is not None), default=None)
    files, missing = [], []
    for name in FILES:
        path = Path(data_dir) / name
        if name not in snapshot:
            continue
        if not path.is_file():
            missing.append(name)
            continue
        text = path.read_bytes().decode("utf-8-sig")
        if text == snapshot[name][0]:
            continue
        changes = _compare(name, read_file(name, snapshot[name][0]), read_file(name, text))
        if len(changes):
            files.append(FileDrift(name, FILES[name][0], changes))
    return Drift(revision, tuple(files), tuple(missing), folder_label(data_dir))


@dataclass
class StagedSync:
    """A sync previewed against the store as of ``base_revision``: ``drift`` (what the CSV edit changed), the plan
    ``plan_id`` as it will be (``tables``: pillars, indicators, milestones as text), the figure rows to store and
    the figures the CSVs dropped (kept in the store). ``problems``: why the merged plan cannot be stored (PlanError
    tuples); nothing may be stored while there is one."""

    drift: Drift
    plan_id: str
    base_revision: int
    about: dict
    tables: dict[str, pd.DataFrame]
    figure_rows: pd.DataFrame
    figures_kept: tuple[str, ...]
    shipped: dict[str, str]
    problems: list

    @property
    def ok(self) -> bool:
        return not self.problems


def stage_sync(store, data_dir: Path) -> StagedSync:
    """Preview applying the CSV edit to the store as it is now; stores nothing. A row the edit did not touch keeps
    what the store holds (a later upload or plan import stays); a row it touched becomes the CSV's (a row it removed
    is removed from the plan — a figure it removed is kept, and said)."""
    drift = csv_drift(store, data_dir)
    base = store.latest_revision()
    plans = store.plans(base)
    if plans.empty:  # a blank store: the CSVs' rows have no plan to go to; a plan file starts one
        texts = {
            n: (Path(data_dir) / n).read_bytes().decode("utf-8-sig") for n in FILES if (Path(data_dir) / n).is_file()
        }
        empty = {part: pd.DataFrame(columns=columns) for _, (part, _, columns) in FILES.items() if columns}
        first = drift.files[0].name if drift.files else ""
        problem = (first, 2, "", "the store has no plan yet: import a plan file first (python -m tracker plan import)")
        return StagedSync(drift, "", base, {}, empty, pd.DataFrame(), (), texts, [problem] if drift.differs else [])
    plan_id = SHIPPED_PLAN["plan_id"] if SHIPPED_PLAN["plan_id"] in set(plans["plan_id"]) else plans["plan_id"].iloc[0]
    stored = dict(zip(("pillars", "indicators", "milestones"), store.plan_tables(base, plan_id), strict=True))
    texts = {name: (Path(data_dir) / name).read_bytes().decode("utf-8-sig") for name in FILES}
    edited = {f.name: f for f in drift.files}
    tables = dict(stored)
    figure_rows = pd.DataFrame()
    kept: tuple[str, ...] = ()
    for name, (part, keys, _) in FILES.items():
        if name not in edited:
            continue
        new = read_file(name, texts[name])
        changes = edited[name].changes
        touched = set(changes.loc[changes["status"] != "removed", "key"])
        if part == "figures":
            label = new["indicator_id"] + " " + new["period"]
            figure_rows = new[label.isin(touched).to_numpy()].reset_index(drop=True)
            kept = tuple(changes.loc[changes["status"] == "removed", "key"])
            continue
        key = keys[0]
        removed = set(changes.loc[changes["status"] == "removed", "key"])
        current = tables[part]
        current = current[~current[key].isin(removed | touched)]
        # a touched row takes the CSV's place in the order: after the rows the CSV has before it
        merged = pd.concat([current, new[new[key].isin(touched)]], ignore_index=True)
        order = {k: i for i, k in enumerate(new[key])}
        stored_order = {k: i for i, k in enumerate(stored[part][key])}
        merged["_order"] = [order.get(k, stored_order.get(k, len(order))) for k in merged[key]]
        tables[part] = merged.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    figures = store.figures(base)
    if len(figure_rows):
        figures = pd.concat([figures, figure_rows], ignore_index=True).drop_duplicates(
            ["indicator_id", "period"], keep="last"
        )
    problems = validate_plan(tables["pillars"], tables["indicators"], tables["milestones"], figures)
    shipped = {name: texts[name] for name in FILES}
    return StagedSync(
        drift, plan_id, base, store.plan_about(base, plan_id), tables, figure_rows, kept, shipped, problems
    )


def commit_sync(store, staged: StagedSync, author: str, comment: str, provenance: dict | None = None) -> int:
    """Store a staged sync as one revision (the plan, the figures the edit added or changed, and the new snapshot)
    and return its number; ``provenance`` (role, channel: issue 14) is recorded on it. Raises ValueError for a sync
    with problems, and what Store.commit_plan raises."""
    if not staged.ok:
        raise ValueError(f"the CSVs in data/ have {len(staged.problems)} problem(s): nothing was stored")
    return store.commit_plan(
        staged.plan_id,
        staged.about,
        staged.tables["pillars"],
        staged.tables["indicators"],
        staged.tables["milestones"],
        author=author,
        comment=comment,
        base_revision=staged.base_revision,
        figures=staged.figure_rows if len(staged.figure_rows) else None,
        shipped=staged.shipped,
        provenance=provenance,
    )
