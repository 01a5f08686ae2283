"""Restoring the notes of a revision (issue 12 §2: a rollback offers figures, plan and notes as separate choices).

A notes restore is a revision of its own that writes only note versions (a revision that writes notes writes no
figures: tracker.notes.figure_revisions_after relies on it): each note as it was at the revision, with its own
author; a note deleted since comes back, one added since gets a tombstone, one edited since gets its old text.
"""

from __future__ import annotations

import sqlalchemy as sa

from tracker.notes import PARTS
from tracker.store import NothingToCommit, note_versions

FIELDS = ("indicator_id", "period", "milestone_id", "text", *PARTS)


def _versions_at(conn, revision: int) -> dict[int, dict]:
    """Each note's newest version at or before ``revision`` (tombstones left out), by note id."""
    nv = note_versions.c
    newer = note_versions.alias("newer")
    no_newer = ~sa.exists().where(
        newer.c.note_id == nv.note_id, newer.c.revision_id > nv.revision_id, newer.c.revision_id <= revision
    )
    query = sa.select(note_versions).where(nv.revision_id <= revision, no_newer, nv.deleted == sa.false())
    return {int(row["note_id"]): dict(row) for row in conn.execute(query).mappings()}


def _writes(conn, revision: int, latest: int) -> tuple[list[dict], dict[str, int]]:
    then, now = _versions_at(conn, revision), _versions_at(conn, latest)
    writes, counts = [], {"back": 0, "gone": 0, "changed": 0}
    for note_id, old in then.items():
        current = now.get(note_id)
        if current is None:
            counts["back"] += 1
        elif any((current[f] or "") != (old[f] or "") for f in FIELDS):
            counts["changed"] += 1
        else:
            continue
        writes.append(
            {**{f: old[f] or "" for f in FIELDS}, "note_id": note_id, "author": old["author"], "deleted": False}
        )
    for note_id, current in now.items():
        if note_id not in then:
            counts["gone"] += 1
            kept = {f: current[f] or "" for f in FIELDS}
            writes.append({**kept, "note_id": note_id, "author": current["author"], "deleted": True})
    return writes, counts


def notes_restore_preview(store, revision: int) -> dict[str, int]:
    """What restoring the notes of ``revision`` undoes: {"back": notes deleted since that come back, "gone": notes
    added since that are deleted, "changed": notes edited since that get their old text}."""
    with store._guard("read"), store.engine.connect() as conn:
        store._check_revision(conn, revision)
        return _writes(conn, revision, store._latest(conn))[1]


def restore_notes(store, revision: int, author: str, comment: str, provenance: dict | None = None) -> int:
    """A new revision whose notes equal those of ``revision``; returns its number. NothingToCommit when they do
    already. Each restored version keeps its note's author; the revision is the restorer's."""
    with store._guard("write to"), store._writing() as conn:
        target = store._check_revision(conn, revision)
        latest = store._latest(conn)
        writes, _ = _writes(conn, target, latest)
        if not writes:
            raise NothingToCommit(f"the notes of revision {latest} already equal those of revision {revision}")
        number = latest + 1
        store._insert_revision(
            conn,
            number,
            author,
            comment,
            added=0,
            changed=0,
            removed=0,
            restored_from=target,
            base_revision=latest,
            provenance=provenance,
        )
        conn.execute(note_versions.insert(), [{**w, "revision_id": number} for w in writes])
    return number
