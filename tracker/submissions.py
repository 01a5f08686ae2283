"""Submissions (issue 14 §2): with ``review = true`` a department's upload waits for the planning office instead of
becoming a revision. The file is kept as uploaded; publishing checks and previews it again against the latest
revision (a submission may be days old) and stores it as a revision whose author is the department's person and
whose reviewer is named; returning it keeps it, with the reviewer's comment. A submission is never a figure before
it is published: the pages and the CLI read figure_versions only, so a viewer (and a pinned link) never sees one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

from tracker.departments import DEPARTMENT, Department, foreign_rows
from tracker.importing import FailedCheck, StagedImport, stage_import
from tracker.store import NothingToCommit, StoreError, submissions_table

PENDING, PUBLISHED, RETURNED = "pending", "published", "returned"
COLUMNS = [
    "id",
    "created_at",
    "department",
    "author",
    "channel",
    "comment",
    "filename",
    "base_revision",
    "state",
    "reviewer",
    "review_comment",
    "decided_at",
    "revision_id",
]


class SubmissionError(StoreError):
    """A submission that cannot be decided: unknown, or already published or returned (``state``)."""

    def __init__(self, message: str, number: int, state: str | None):
        super().__init__(message)
        self.number, self.state = number, state


@dataclass(frozen=True)
class Submission:
    id: int
    created_at: datetime
    department: str
    author: str
    channel: str
    comment: str
    filename: str
    content: bytes
    base_revision: int
    state: str
    reviewer: str = ""
    review_comment: str = ""
    revision_id: int | None = None


def scoped(staged: StagedImport, department: str, owner_of: Mapping[str, str], departments) -> StagedImport:
    """``staged`` refused whole (its preview dropped) when a row's indicator is not ``department``'s: each such row
    is a problem naming the row and the department that reports it. Unchanged when every row is the department's."""
    if not staged.check.ok:
        return staged
    problems = foreign_rows(staged.check.rows, department, owner_of, departments)
    if not problems:
        return staged
    staged.check.refuse(problems)
    return StagedImport(staged.check, None, staged.base_revision, staged.filename)


def stage_for(
    store,
    filename: str,
    data: bytes,
    today: dt.date,
    department: str | None,
    owner_of: Mapping[str, str],
    departments: Iterable[Department],
    progress=None,
) -> StagedImport:
    """stage_import, then scoped to ``department`` (None: the planning office, every indicator)."""
    staged = stage_import(store, filename, data, today, progress=progress)
    return staged if department is None else scoped(staged, department, owner_of, list(departments))


def submit(store, staged: StagedImport, data: bytes, department: str, author: str, channel: str, comment: str) -> int:
    """Keep a checked (and scoped) upload as a pending submission and return its number. Raises FailedCheck for a
    check with problems (a submission is never a file the check refused), NothingToCommit when every row is stored
    already."""
    if not staged.check.ok or staged.rows is None:
        raise FailedCheck(f"{staged.filename}: {len(staged.check.problems)} problem(s); nothing may be submitted")
    if staged.rows.empty:  # every figure already stored so: nothing for the planning office to review
        raise NothingToCommit(f"all {len(staged.check.rows)} rows equal the figures of revision {staged.base_revision}")
    with store._guard("write to"), store._writing() as conn:
        result = conn.execute(
            submissions_table.insert().values(
                created_at=datetime.now(UTC),
                department=department,
                author=author,
                channel=channel,
                comment=comment,
                filename=staged.filename,
                content=bytes(data),
                base_revision=staged.base_revision,
                state=PENDING,
            )
        )
        return int(result.inserted_primary_key[0])


def submissions(store, state: str | None = None, department: str | None = None) -> pd.DataFrame:
    """The submissions, oldest first (COLUMNS; the file itself is read by ``submission``)."""
    c = submissions_table.c
    query = sa.select(*(getattr(c, name) for name in COLUMNS)).order_by(c.id)
    if state:
        query = query.where(c.state == state)
    if department:
        query = query.where(c.department == department)
    with store._guard("read"), store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)


def submission(store, number: int) -> Submission:
    """The submission ``number``; SubmissionError when there is none."""
    with store._guard("read"), store.engine.connect() as conn:
        row = conn.execute(sa.select(submissions_table).where(submissions_table.c.id == int(number))).first()
    if row is None:
        raise SubmissionError(f"there is no submission {number}", int(number), None)
    return Submission(
        row.id,
        row.created_at,
        row.department,
        row.author,
        row.channel,
        row.comment,
        row.filename,
        bytes(row.content),
        row.base_revision,
        row.state,
        row.reviewer,
        row.review_comment,
        row.revision_id,
    )


def restage(store, item: Submission, today: dt.date, owner_of, departments) -> StagedImport:
    """The submission's file checked again and previewed against the latest revision, scoped to its department."""
    return stage_for(store, item.filename, item.content, today, item.department, owner_of, departments)


def changed_meanwhile(store, item: Submission, staged: StagedImport) -> pd.DataFrame:
    """The figures the submission touches that revisions after its own preview changed (Store.diff between its
    base revision and the latest, on the submission's indicator and period keys): what the reviewer should know."""
    latest = store.latest_revision()
    if latest <= item.base_revision or staged.check.rows is None or staged.check.rows.empty:
        return pd.DataFrame(columns=["indicator_id", "period", "status"])
    diff = store.diff(item.base_revision, latest)
    keys = set(zip(staged.check.rows["indicator_id"].astype(str), staged.check.rows["period"].astype(str)))
    touched = [(str(i), str(p)) in keys for i, p in zip(diff["indicator_id"], diff["period"])]
    return diff[touched].reset_index(drop=True)


def _decide(conn, number: int, state: str, reviewer: str, comment: str, revision: int | None) -> None:
    c = submissions_table.c
    done = conn.execute(
        submissions_table.update()
        .where(c.id == int(number), c.state == PENDING)
        .values(
            state=state, reviewer=reviewer, review_comment=comment, decided_at=datetime.now(UTC), revision_id=revision
        )
    )
    if done.rowcount != 1:
        found = conn.execute(sa.select(c.state).where(c.id == int(number))).scalar()
        raise SubmissionError(f"submission {number} is {found or 'unknown'}, not pending", int(number), found)


def publish(store, number: int, staged: StagedImport, reviewer: str, comment: str = "") -> int:
    """Store the re-staged submission ``number`` (``restage``) as a revision: author the department's person, role
    department, the submission's channel, ``reviewer`` named; the submission is marked published in the same
    transaction. Raises SubmissionError when it is not pending, FailedCheck when the check now finds problems, and
    what Store.commit raises (StaleRevision after the preview, NothingToCommit when every figure is stored)."""
    item = submission(store, number)
    if item.state != PENDING:
        raise SubmissionError(f"submission {number} is {item.state}, not pending", number, item.state)
    if not staged.check.ok or staged.rows is None:
        raise FailedCheck(f"{item.filename}: {len(staged.check.problems)} problem(s); nothing may be stored")
    if staged.rows.empty:  # stored meanwhile: nothing to publish, the submission stays pending
        raise NothingToCommit(f"all {len(staged.check.rows)} rows equal the figures of revision {staged.base_revision}")
    provenance = {"role": DEPARTMENT, "department": item.department, "channel": item.channel, "reviewer": reviewer}
    return store.commit(
        staged.rows,
        author=item.author,
        comment=comment or item.comment,
        base_revision=staged.base_revision,
        provenance=provenance,
        on_commit=lambda conn, revision: _decide(conn, number, PUBLISHED, reviewer, comment, revision),
    )


def return_submission(store, number: int, reviewer: str, comment: str) -> None:
    """Return submission ``number`` to its department with ``comment`` (kept; nothing is stored as a figure)."""
    with store._guard("write to"), store._writing() as conn:
        _decide(conn, number, RETURNED, reviewer, comment, None)


def status_moves(store, staged: StagedImport, plan_id: str | None = None) -> pd.DataFrame:
    """The targets whose status publishing ``staged`` would move (indicator_id, target_period, status_before,
    status_after), read with the plan ``plan_id`` (None: the first) on the figures of its base revision."""
    from tracker.snapshot import build_snapshot
    from tracker.store import normalise_figure_rows

    columns = ["indicator_id", "target_period", "status_before", "status_after"]
    if staged.rows is None or staged.rows.empty:
        return pd.DataFrame(columns=columns)
    figures = store.figures(staged.base_revision)
    plan = store.plan(figures, revision=staged.base_revision, plan_id=plan_id)
    new_rows = normalise_figure_rows(staged.rows)
    keys = ["indicator_id", "period"]
    kept = figures.merge(new_rows[keys], on=keys, how="left", indicator=True)["_merge"].eq("left_only").to_numpy()
    after_figures = pd.concat([figures[kept], new_rows.reindex(columns=figures.columns)], ignore_index=True)
    before = build_snapshot(plan, figures).status
    after = build_snapshot(plan, after_figures).status
    key = ["indicator_id", "target_period"]
    merged = before[[*key, "status"]].merge(
        after[[*key, "status"]], on=key, how="outer", suffixes=("_before", "_after")
    )
    moved = merged[merged["status_before"].astype(object) != merged["status_after"].astype(object)]
    return moved[columns].reset_index(drop=True)
