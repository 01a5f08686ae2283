"""Notes (check-ins) on a target: what happened, why, what is being done and the next step, for an indicator and a
period, by an editor. One write path for the indicator page, the upload page and ``python -m tracker note``.

Notes live in the store's revision sequence (``note_versions``, as ``figure_versions``): each write is a new
revision that writes notes only; an edit is a new version of the note, a delete a tombstone. The notes as of
revision N are, for each note, its newest version at or before N that is not a tombstone, so a link pinned to N
shows the notes as they were. A revision that writes notes changes no figure (``figure_revisions_after``): a
pinned link does not say "newer figures exist" for it.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from tracker.i18n import Listing, Text, Worded, t
from tracker.periods import PeriodError, canonical, sort_key
from tracker.plan import Plan
from tracker.store import UnknownRevision, _utc, note_versions, revisions_table
from tracker.upload import Problem

PARTS = ("happened", "cause", "action", "next_step")  # what happened, why, what is being done, next step
NOTE_COLUMNS = ["indicator_id", "period", "text", "author", "created_at", "note_id", "milestone_id"]
MAX_TEXT = 10_000  # characters of one note's text or part
MAX_ROWS = 10_000  # rows of a notes file
NOTES_SHEETS = ("说明", "notes", "note", "备注说明")  # an XLSX sheet of notes, by name (else the first sheet)
# A notes file's headers (normalised: casefolded, no spaces, "_" and "-" dropped) -> the field they fill.
HEADERS = {
    "indicator": "indicator",
    "indicatorid": "indicator",
    "指标": "indicator",
    "指标编号": "indicator",
    "指标名称": "indicator",
    "period": "period",
    "时期": "period",
    "年份": "period",
    "text": "text",
    "note": "text",
    "说明": "text",
    "内容": "text",
    "milestone": "milestone",
    "milestoneid": "milestone",
    "目标": "milestone",
    "目标年份": "milestone",
    "whathappened": "happened",
    "happened": "happened",
    "情况": "happened",
    "why": "cause",
    "cause": "cause",
    "原因": "cause",
    "action": "action",
    "whatisbeingdone": "action",
    "措施": "action",
    "nextstep": "next_step",
    "下一步": "next_step",
}


class NoteError(Worded, ValueError):
    """A note that cannot be written (no such note, no text, an unknown indicator): ``message(lang)`` says why and
    what to do; ``str()`` is the English."""

    def __init__(self, key: str, **params: object):
        self.text = Text(key, params)
        super().__init__(self.message("en"))


@dataclass(frozen=True)
class NoteWrite:
    """What a write stored: the revision it made and the notes it wrote."""

    revision: int
    note_ids: tuple[int, ...]


@dataclass
class NotesCheck:
    """A notes file checked against the plan: the rows to store (indicator_id, period, milestone_id, text and the
    parts), and every problem (any problem: nothing may be stored)."""

    rows: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    sheet: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


# ---- checking -------------------------------------------------------------------------------------------------


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _indicator_lookup(plan: Plan) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for ind_id, row in plan.indicators.iterrows():
        for name in (ind_id, row.get("name_zh"), row.get("name_en")):
            if isinstance(name, str) and name.strip():
                lookup.setdefault(unicodedata.normalize("NFKC", name).strip().casefold(), str(ind_id))
    return lookup


def milestone_choices(plan: Plan, indicator_id: str) -> dict[str, str]:
    """How a note may name one of the indicator's milestones (its milestone_id or its target period) -> the
    milestone_id stored (the target period where the plan gives no milestone_id)."""
    ms = plan.milestones[plan.milestones["indicator_id"] == indicator_id]
    out: dict[str, str] = {}
    for row in ms.to_dict("records"):
        period = str(row["target_period"])
        stored = _clean(row.get("milestone_id")) or period
        out[stored] = stored
        out.setdefault(period, stored)
    return out


def milestone_period(plan: Plan, milestone_id: str) -> str:
    """The target period of a note's milestone (its milestone_id, or a target period as stored before ids)."""
    ms = plan.milestones
    if "milestone_id" in ms:
        found = ms.loc[ms["milestone_id"].astype(str) == str(milestone_id), "target_period"]
        if len(found):
            return str(found.iloc[0])
    return str(milestone_id)


def check_note(
    plan: Plan,
    indicator: object,
    period: object,
    text: object = "",
    milestone: object = "",
    parts: dict | None = None,
    row: int | None = None,
    columns: dict[str, str] | None = None,
) -> tuple[dict, list[Problem]]:
    """One note checked against ``plan``: (the note as stored, problems). ``indicator`` is an id or a name,
    ``period`` as people write it (stored canonical), ``milestone`` a target period of that indicator or empty; the
    text or at least one part must be given. ``row``/``columns`` say where a file's cells are, for the problems."""
    columns = columns or {}
    problems: list[Problem] = []

    def problem(field_name: str, code: str, key: str, **params) -> None:
        problems.append(Problem(row, columns.get(field_name, field_name), code, Text(key, params)))

    given = _clean(indicator)
    ind_id = _indicator_lookup(plan).get(unicodedata.normalize("NFKC", given).casefold()) if given else None
    if not given:
        problem("indicator", "note_no_indicator", "note_no_indicator")
    elif ind_id is None:
        problem("indicator", "note_unknown_indicator", "note_unknown_indicator", indicator=given)
    label = ""
    try:
        label = canonical(_clean(period))
    except PeriodError as err:
        problems.append(Problem(row, columns.get("period", "period"), "note_bad_period", err.text))
    milestone_id = _clean(milestone)
    if milestone_id.endswith(".0"):  # a year read from a spreadsheet as a number
        milestone_id = milestone_id[:-2]
    if milestone_id and ind_id is not None:
        known = milestone_choices(plan, ind_id)
        if milestone_id in known:
            milestone_id = known[milestone_id]
        else:
            targets = sorted(set(known.values()), key=lambda m: milestone_period(plan, m))
            problem(
                "milestone",
                "note_unknown_milestone",
                "note_unknown_milestone",
                milestone=milestone_id,
                indicator=ind_id,
                targets=tuple(milestone_period(plan, m) for m in targets) or "—",
            )
    note = {"indicator_id": ind_id or given, "period": label, "milestone_id": milestone_id, "text": _clean(text)}
    for part in PARTS:
        note[part] = _clean((parts or {}).get(part))
    if not any(note[c] for c in ("text", *PARTS)):
        problem("text", "note_empty", "note_empty")
    for name in ("text", *PARTS):
        if len(note[name]) > MAX_TEXT:
            problem(name, "note_too_long", "note_too_long", n=len(note[name]), limit=MAX_TEXT)
        if "\x00" in note[name]:
            problem(name, "note_nul", "note_nul")
    return note, problems


def _header_key(text: object) -> str:
    key = unicodedata.normalize("NFKC", _clean(text)).casefold()
    return "".join(ch for ch in key if ch not in " _-\t")


def read_notes_table(filename: str, data: bytes) -> tuple[pd.DataFrame, str | None]:
    """A notes file as text cells with its header row, and the XLSX sheet read (None for CSV). CSV in UTF-8 (with
    or without BOM) or GBK/GB18030; XLSX: the sheet named 说明 or notes, else the first. Raises NoteError when the
    file cannot be read."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as err:  # calamine raises its own error types
            raise NoteError("notes_unreadable", file=filename, why=str(err)[:200]) from None
        names = book.sheet_names
        wanted = {name.casefold() for name in NOTES_SHEETS}
        sheet = next((n for n in names if n.strip().casefold() in wanted), names[0] if names else None)
        if sheet is None:
            raise NoteError("notes_unreadable", file=filename, why="no sheet")
        cells = book.get_sheet_by_name(sheet).to_python()
        records = [[_cell(c) for c in r] for r in cells]
    else:
        sheet = None
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                decoded = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise NoteError("notes_unreadable", file=filename, why="not UTF-8 or GBK text")
        try:
            frame = pd.read_csv(io.StringIO(decoded), dtype=str, keep_default_na=False, header=None)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise NoteError("notes_unreadable", file=filename, why=str(err).splitlines()[0][:200]) from None
        records = frame.values.tolist()
    if not records:
        raise NoteError("notes_unreadable", file=filename, why="empty")
    width = max(len(r) for r in records)
    records = [list(r) + [""] * (width - len(r)) for r in records]
    return pd.DataFrame(records[1:], columns=[str(c) for c in records[0]], dtype=str), sheet


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def check_notes_file(plan: Plan, filename: str, data: bytes) -> NotesCheck:
    """Read a notes file (indicator, period, text, optional milestone and parts) and check every row against
    ``plan``, all-or-nothing: rows are numbered as the spreadsheet numbers them (the header is row 1), columns as
    their header reads. Blank rows are skipped. Raises NoteError when the file cannot be read at all."""
    table, sheet = read_notes_table(filename, data)
    fields: dict[str, str] = {}
    for header in table.columns:
        role = HEADERS.get(_header_key(header))
        if role and role not in fields:
            fields[role] = header
    problems: list[Problem] = []
    for needed in ("indicator", "period"):
        if needed not in fields:
            problems.append(Problem(1, None, "notes_missing_column", Text("notes_missing_column", {"column": needed})))
    if "text" not in fields and not any(p in fields for p in PARTS):
        problems.append(Problem(1, None, "notes_missing_column", Text("notes_missing_column", {"column": "text"})))
    if len(table) > MAX_ROWS:
        problems.append(
            Problem(None, None, "notes_too_many", Text("notes_too_many", {"n": len(table), "limit": MAX_ROWS}))
        )
    if problems:
        return NotesCheck(
            pd.DataFrame(columns=["indicator_id", "period", "milestone_id", "text", *PARTS]), problems, sheet
        )
    notes = []
    for index, record in enumerate(table.to_dict("records")):
        cells = {role: record.get(header, "") for role, header in fields.items()}
        if not any(_clean(v) for v in cells.values()):
            continue
        note, found = check_note(
            plan,
            cells.get("indicator"),
            cells.get("period"),
            cells.get("text", ""),
            cells.get("milestone", ""),
            {p: cells.get(p, "") for p in PARTS},
            row=index + 2,
            columns=fields,
        )
        problems += found
        notes.append(note)
    if not notes and not problems:
        problems.append(Problem(None, None, "notes_none", Text("notes_none", {"file": filename})))
    rows = pd.DataFrame(notes, columns=["indicator_id", "period", "milestone_id", "text", *PARTS])
    return NotesCheck(rows, problems, sheet)


# ---- writing --------------------------------------------------------------------------------------------------


def _write(
    store, author: str, comment: str, versions: list[dict], new: int, provenance: dict | None = None
) -> NoteWrite:
    """Store ``versions`` (note versions; the first ``new`` of them are new notes, numbered here) as one new
    revision, under the store's write lock: the revision and the note numbers are taken in the same transaction.
    ``provenance``: who and from where (role, channel: issue 14), recorded on the revision."""
    author = _clean(author) or "unknown"
    with store._guard("write to"), store._writing() as conn:
        number = store._latest(conn) + 1
        next_id = int(conn.execute(sa.select(sa.func.max(note_versions.c.note_id))).scalar() or 0) + 1
        ids = []
        for i, version in enumerate(versions):
            if i < new:
                version["note_id"], next_id = next_id, next_id + 1
            ids.append(version["note_id"])
        store._insert_revision(
            conn,
            number,
            author,
            comment,
            added=0,
            changed=0,
            removed=0,
            restored_from=None,
            base_revision=number - 1,
            provenance=provenance,
        )
        conn.execute(
            note_versions.insert(),
            [
                {
                    "note_id": v["note_id"],
                    "revision_id": number,
                    "indicator_id": v["indicator_id"],
                    "period": v["period"],
                    "milestone_id": v.get("milestone_id") or "",
                    "text": v.get("text") or "",
                    **{p: v.get(p) or "" for p in PARTS},
                    "author": author,
                    "deleted": bool(v.get("deleted", False)),
                }
                for v in versions
            ],
        )
    return NoteWrite(number, tuple(ids))


def _checked(plan: Plan, *args, **kwargs) -> dict:
    note, problems = check_note(plan, *args, **kwargs)
    if problems:  # every problem, each with its field: "“period”：…；“text”：…"
        items = tuple(Text("note_refused_item", {"column": p.column or "", "message": p.text}) for p in problems)
        raise NoteError("note_refused", problems=Listing(items, "note_refused_separator"))
    return note


def add_note(
    store,
    indicator: str,
    period: str,
    text: str,
    author: str,
    milestone: str = "",
    parts: dict | None = None,
    plan: Plan | None = None,
    provenance: dict | None = None,
) -> NoteWrite:
    """Add a note as a new revision; raises NoteError (nothing stored) when it does not check. ``provenance``: who
    and from where (``{"role": "editor", "channel": "page"}``), recorded on the revision."""
    note = _checked(plan or store.plan(), indicator, period, text, milestone, parts)
    comment = f"note added: {note['indicator_id']} {note['period']}"
    return _write(store, author, comment, [note], new=1, provenance=provenance)


def _current_version(store, note_id: int) -> dict:
    nv = note_versions.c
    with store._guard("read"), store.engine.connect() as conn:
        row = (
            conn.execute(sa.select(note_versions).where(nv.note_id == int(note_id)).order_by(nv.revision_id.desc()))
            .mappings()
            .first()
        )
    if row is None or row["deleted"]:
        raise NoteError("note_no_such", note_id=note_id)
    return dict(row)


def edit_note(
    store,
    note_id: int,
    author: str,
    text: str | None = None,
    parts: dict | None = None,
    period: str | None = None,
    milestone: str | None = None,
    plan: Plan | None = None,
    provenance: dict | None = None,
) -> NoteWrite:
    """A new version of note ``note_id`` (what is not given stays); raises NoteError for a note that does not
    exist or was deleted, or an edit that does not check."""
    old = _current_version(store, note_id)
    merged_parts = {p: (parts or {}).get(p, old[p]) for p in PARTS}
    note = _checked(
        plan or store.plan(),
        old["indicator_id"],
        old["period"] if period is None else period,
        old["text"] if text is None else text,
        old["milestone_id"] if milestone is None else milestone,
        merged_parts,
    )
    if all(note[c] == old[c] for c in ("period", "milestone_id", "text", *PARTS)):
        raise NoteError("note_unchanged", note_id=note_id)
    note["note_id"] = int(note_id)
    comment = f"note {note_id} edited: {note['indicator_id']} {note['period']}"
    return _write(store, author, comment, [note], new=0, provenance=provenance)


def delete_note(store, note_id: int, author: str, provenance: dict | None = None) -> NoteWrite:
    """A tombstone for note ``note_id`` as a new revision (earlier revisions still show it)."""
    old = _current_version(store, note_id)
    tombstone = {**{k: old[k] for k in ("note_id", "indicator_id", "period", "milestone_id")}, "deleted": True}
    comment = f"note {note_id} deleted: {old['indicator_id']} {old['period']}"
    return _write(store, author, comment, [tombstone], new=0, provenance=provenance)


def import_notes(store, check: NotesCheck, author: str, comment: str = "", provenance: dict | None = None) -> NoteWrite:
    """Store every row of a checked notes file as new notes in one revision; refuses a check with problems."""
    if not check.ok:
        raise NoteError("notes_refused", n=len(check.problems))
    rows = check.rows.to_dict("records")
    if not rows:
        raise NoteError("notes_none", file=comment or "")
    return _write(store, author, comment or f"{len(rows)} notes imported", rows, new=len(rows), provenance=provenance)


# ---- reading --------------------------------------------------------------------------------------------------


def compose_text(row: dict, lang: str = "zh") -> str:
    """A note's text: its text, then each part given on a line of its own with its label ("原因：…" / "Why: …")."""
    lines = [row["text"]] if _clean(row.get("text")) else []
    lines += [t(f"note_part_{p}", lang, value=row[p]) for p in PARTS if _clean(row.get(p))]
    return "\n".join(lines)


def notes_at(store, revision: int | None = None, indicator_id: str | None = None, lang: str = "zh") -> pd.DataFrame:
    """The notes as of ``revision`` (None: the latest): indicator_id, period, text (with its parts, labelled in
    ``lang``), author, created_at (UTC: when this version was written), note_id, milestone_id ("" for none), then
    the parts (happened, cause, action, next_step) and note_text (the text without its parts); ordered by
    indicator, period (in time), then note_id. Raises UnknownRevision for a revision that does not exist."""
    nv, rv = note_versions.c, revisions_table.c
    newer = note_versions.alias("newer")
    with store._guard("read"), store.engine.connect() as conn:
        if revision is None:
            revision = store._latest(conn)
        elif conn.execute(sa.select(rv.id).where(rv.id == revision)).first() is None:
            raise UnknownRevision(f"there is no revision {revision}")
        no_newer = ~sa.exists().where(
            newer.c.note_id == nv.note_id, newer.c.revision_id > nv.revision_id, newer.c.revision_id <= revision
        )
        query = (
            sa.select(note_versions, rv.created_at)
            .join(revisions_table, rv.id == nv.revision_id)
            .where(nv.revision_id <= revision, no_newer, nv.deleted == sa.false())
        )
        if indicator_id is not None:
            query = query.where(nv.indicator_id == indicator_id)
        rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:
        row["note_text"] = row["text"]
        row["text"] = compose_text(row, lang)
        row["created_at"] = _utc(row["created_at"])
    frame = pd.DataFrame(rows, columns=[*NOTE_COLUMNS, *PARTS, "note_text"])
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    frame["note_id"] = frame["note_id"].astype("int64")
    if frame.empty:
        return frame
    frame["_order"] = frame["period"].map(sort_key)
    return frame.sort_values(["indicator_id", "_order", "note_id"], ignore_index=True).drop(columns="_order")


def latest_notes(notes: pd.DataFrame) -> dict[str, dict]:
    """Each indicator's latest note (the latest period, then the newest note), by indicator id."""
    if notes.empty:
        return {}
    return {row["indicator_id"]: row for row in notes.drop_duplicates("indicator_id", keep="last").to_dict("records")}


def first_line(text: str, limit: int = 80) -> str:
    """The first line of a note, cut to ``limit`` characters with "…"."""
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def note_revisions(store) -> set[int]:
    """The revisions that wrote notes (and so no figures)."""
    with store._guard("read"), store.engine.connect() as conn:
        return {int(r) for r in conn.execute(sa.select(note_versions.c.revision_id).distinct()).scalars()}


def figure_revisions_after(store, revision: int) -> list[int]:
    """The revisions after ``revision`` that changed figures or the plan (every revision that wrote no note):
    what makes a link pinned to ``revision`` say "newer figures exist"."""
    rv, nv = revisions_table.c, note_versions.c
    with store._guard("read"), store.engine.connect() as conn:
        query = sa.select(rv.id).where(rv.id > revision, ~sa.exists().where(nv.revision_id == rv.id)).order_by(rv.id)
        return [int(r) for r in conn.execute(query).scalars()]
