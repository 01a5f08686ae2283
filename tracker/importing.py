"""One upload path: check a file against the store's plan, preview it against the figures it was checked against, and
commit it as a new revision. The upload page and ``python -m tracker import`` both call ``stage_import`` and then
``commit_import``; nothing is stored before ``commit_import``, and a commit is all-or-nothing (Store.commit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from tracker.figures import TEXT_COLUMNS, split_by_language
from tracker.preview import canonical_figures, preview
from tracker.upload import UploadCheck, check_upload

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
    check = check_upload(filename, data, store.plan(), today, progress=progress)
    if not check.ok:
        return StagedImport(check=check, preview=None, base_revision=base, filename=filename)
    stored = store.figures(base)
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
    old = canonical_figures(stored).drop_duplicates(["indicator_id", "period"], keep="last")
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


def commit_import(store, staged: StagedImport, author: str, comment: str) -> int:
    """Store the rows of a staged import as a new revision and return its number. Raises FailedCheck for a check
    with problems, and what Store.commit raises: StaleRevision when a revision after the preview's changed the same
    figures, NothingToCommit when every figure is already stored, StoreError when the database cannot be written."""
    if not staged.check.ok or staged.rows is None:
        raise FailedCheck(f"{staged.filename}: {len(staged.check.problems)} problem(s); nothing may be stored")
    return store.commit(staged.rows, author=author, comment=comment, base_revision=staged.base_revision)
