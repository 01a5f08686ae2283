"""`python -m tracker`: the same calls the dashboard makes, from a terminal.

    python -m tracker status [--format table|csv|json] [--lang zh|en] [--revision N] [--since N]
    python -m tracker import FILE [--comment TEXT] [--author NAME] [--problems-csv FILE] [--dry-run]
    python -m tracker export [--revision N] [--format csv|xlsx] [-o FILE]
    python -m tracker history
    python -m tracker rollback N [--comment TEXT] [--author NAME]
    python -m tracker report [--revision N] [--lang zh|en] -o FILE.html
    python -m tracker freshness [--format table|csv|json] [--lang zh|en] [--revision N]
    python -m tracker evaluation [--plan ID] [--revision N] [--lang zh|en] -o FILE.docx|.pdf|.html
    python -m tracker note add INDICATOR PERIOD --text TEXT [--why …] [--milestone M] --author NAME
    python -m tracker note list [--indicator ID] [--revision N] | note edit ID … | note delete ID | note import FILE
    python -m tracker alerts --since N [--dry-run] | alerts --overdue [--dry-run] | alerts send
    python -m tracker import FILE --department ID | submissions [--all] | publish N --reviewer R | return N --comment C

The database is ``--db URL`` or the environment variable TRACKER_DATABASE_URL (default: instance/tracker.db); a new
one is seeded from ``--data-dir DIR`` or TRACKER_DATA_DIR (default: data/), blank when that folder holds no plan.
Exit codes: 0 done, 1 the file has problems (nothing stored), 2 a file cannot be read or written or an argument is
wrong, 3 the database cannot be used.
"""

from __future__ import annotations

import argparse
import getpass
import json
import math
import sys
from pathlib import Path

import pandas as pd

from tracker import clock, present
from tracker.formatting import fmt_number, fmt_pct, qualified_value
from tracker.i18n import Text, Worded, t
from tracker.pace import FIGURE_COLUMNS, STATUS_COLUMNS
from tracker.snapshot import Snapshot, store_snapshot

MAX_PROBLEMS_SHOWN = 50  # a failing check of a million rows lists the first ones, then counts per kind


class CliError(Worded, Exception):
    """A one-line message for the terminal (exit 2): a file that cannot be read or written, a bad argument.
    ``str(error)`` is the English; ``message(lang)`` either (the text ``key`` of tracker.i18n with ``params``)."""

    def __init__(self, key: str, **params: object):
        self.text = Text(key, params)
        super().__init__(self.message("en"))


# Why a file cannot be used (a text key), for reading and for writing.
_FILE_REASONS = {
    FileNotFoundError: ("cli_no_such_file", "cli_no_such_folder"),
    IsADirectoryError: ("cli_is_a_folder",) * 2,
    PermissionError: ("cli_permission_denied",) * 2,
}


def _file_problem(path: Path, error: OSError, writing: bool) -> CliError:
    """``error`` (from reading or writing ``path``) as one line that says what to do."""
    reasons = next((r for kind, r in _FILE_REASONS.items() if isinstance(error, kind)), None)
    why = Text(reasons[int(writing)]) if reasons else (error.strerror or type(error).__name__)
    return CliError("cli_cannot_write" if writing else "cli_cannot_read", path=path, why=why)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise _file_problem(path, error, writing=False) from None


def _write(path: Path, data: bytes | str) -> None:
    try:
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    except OSError as error:
        raise _file_problem(path, error, writing=True) from None


def _revision_argument(store, revision: int | None) -> int:
    """The revision a command names (the latest when None); refuses 0, negatives and numbers never stored."""
    if revision is None:
        return store.latest_revision()
    if revision < 1 or revision > store.latest_revision():
        latest = store.latest_revision()
        raise CliError("cli_no_revision", revision=revision, latest=latest)
    return revision


def _open_store(args: argparse.Namespace):
    from tracker.store import Store

    return Store(args.db, data_dir=getattr(args, "data_dir", None))


def _require_plan(store, revision: int | None = None) -> None:
    """Refuse a command that needs a plan on a blank store (no plan yet), saying how to import one."""
    if store.plans(revision).empty:
        raise CliError("cli_no_plan_yet")


def _snapshot(args: argparse.Namespace) -> Snapshot:
    store = _open_store(args)
    revision = _revision_argument(store, getattr(args, "revision", None))
    _require_plan(store, revision)
    return store_snapshot(store, revision, _plan_argument(store, getattr(args, "plan", None), revision))


def _plan_argument(store, plan_id: str | None, revision: int | None = None) -> str | None:
    """The plan a command names (None: the first), refused when the store has no such plan at ``revision``."""
    if plan_id is None:
        return None
    plans = store.plans(revision)["plan_id"].tolist()
    if plan_id not in plans:
        raise CliError("cli_unknown_plan", plan_id=plan_id, plans=", ".join(plans))
    return plan_id


def _json_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and math.isinf(value):
        return None
    if hasattr(value, "item"):
        return _json_value(value.item())
    return value


def status_records(status: pd.DataFrame) -> list[dict]:
    """The status rows as JSON-ready dicts (None for missing numbers), STATUS_COLUMNS first, then the issue-11 columns
    (FIGURE_COLUMNS: every key on every row, latest_flags a list)."""
    columns = STATUS_COLUMNS + ["pace_method", "ratio", "bound", "reason"] + FIGURE_COLUMNS
    records = [{c: _json_value(row[c]) for c in columns} for row in status.to_dict("records")]
    for record in records:  # a column with gaps comes back from pandas as floats
        if record["projected_year_reached"] is not None:
            record["projected_year_reached"] = int(record["projected_year_reached"])
    return records


def cmd_status(args: argparse.Namespace) -> int:
    # csv with --lang: the table the dashboard downloads in that language; without --lang: raw columns, for programs
    csv_lang, args.lang = args.lang, args.lang or "zh"
    snap = _snapshot(args)
    since = _since(args, snap) if args.since is not None else None
    if args.format == "json":
        records = status_records(snap.status)
        for record, extra in zip(records, since.columns if since else ()):
            record.update(extra)
        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif args.format == "csv" and csv_lang:
        from tracker.export import _csv, status_csv, status_export_table

        sys.stdout.flush()
        if since is None:
            sys.stdout.buffer.write(status_csv(snap.status, snap.plan, csv_lang))
        else:
            table = status_export_table(snap.status, snap.plan, csv_lang)
            sys.stdout.buffer.write(_csv(since.localised(table, csv_lang)))
    elif args.format == "csv":
        frame = snap.status[STATUS_COLUMNS + ["reason"]]
        if since is not None:
            frame = frame.assign(**{k: [c[k] for c in since.columns] for k in ("previous_status", "change_reason")})
        sys.stdout.write(frame.to_csv(index=False))
    else:
        print(status_text(snap, args.lang, since))
    return 0


class Since:
    """What `status --since N` adds: per status row previous_status, change_reason (in the command's language) and
    change_causes (tracker.changes.since_columns); ``changes`` every StatusChange, removed milestones included."""

    def __init__(self, revision: int, changes: list, pairs: list, lang: str):
        from tracker.changes import since_columns

        self.revision, self.changes = revision, changes
        self.columns = since_columns(changes, pairs, lang)
        self.by_row = [next((c for c in changes if c.new_status and c.key == _key(p[0])), None) for p in pairs]

    def localised(self, table: pd.DataFrame, lang: str) -> pd.DataFrame:
        """A status table in ``lang`` (tracker.export.status_export_table) with the status at the older revision and
        the reason, in words."""
        from tracker.export import _neutralised
        from tracker.i18n import STATUS

        before = [c["previous_status"] for c in self.columns]
        added = pd.DataFrame(
            {
                t("change_col_previous", lang, rev=self.revision): [STATUS[s][lang] if s else "" for s in before],
                t("change_col_why", lang): [c["change_reason"] or "" for c in self.columns],
            },
            index=table.index,
        )
        return pd.concat([table, _neutralised(added)], axis=1)


def _key(milestone):
    from tracker.changes import milestone_key

    return None if milestone is None else milestone_key(milestone)


def _since(args: argparse.Namespace, snap: Snapshot) -> Since:
    """The changes from revision ``--since`` (its figures and its plan) to the one shown (tracker.changes)."""
    from tracker.changes import explain_snapshots, matched_rows
    from tracker.snapshot import build_snapshot

    store = _open_store(args)
    revision = _revision_argument(store, args.since)
    figures = store.figures(revision)
    plan = store.plan(figures, revision=revision, plan_id=getattr(args, "plan", None))
    old = build_snapshot(plan, figures, revision)
    pairs, _removed = matched_rows(old.plan, old.status, snap.plan, snap.status)
    return Since(old.revision, explain_snapshots(old, snap), pairs, args.lang)


def status_text(snap: Snapshot, lang: str, since: Since | None = None) -> str:
    """A plain-text table of the status rows, for a terminal (the texts of tracker.present, as every face); with
    ``since``, each row that moved is followed by why, and the milestones the plan removed come last."""
    lines = []
    for i, row in enumerate(snap.status.to_dict("records")):
        line = present.status_line(row, snap.indicator_records[row["indicator_id"]], lang)
        latest = f"{line.latest_value} ({line.latest_period_key})" if line.has_latest else "—"
        target = f"{line.target_value} ({row['target_period']})" if line.is_milestone else "—"
        actual, required = line.rates["actual_rate"], line.rates["required_rate"]
        lines.append(
            f"{line.indicator_id:<34} {line.label:<22} latest {latest:<28} target {target:<26} "
            f"progress {fmt_pct(line.progress):>7}  actual {actual:>12}  required {required:>12}  {line.name}"
        )
        if since is not None and since.by_row[i] is not None:
            lines.append("    " + since.by_row[i].summary(since.revision, lang))
    for change in since.changes if since is not None else ():
        if change.new_status is None:
            lines.append(f"{change.indicator_id:<34} ({change.target_period}) {change.summary(since.revision, lang)}")
    return "\n".join(lines)


def cmd_import(args: argparse.Namespace) -> int:
    """Stage the file (check, then preview against the latest revision), print the preview's counts and its flagged
    rows, then commit it (tracker.importing: the same path as the upload page); ``--dry-run`` stops before the
    commit."""
    from tracker.importing import commit_import, stage_import
    from tracker.store import NothingToCommit
    from tracker.upload import UploadError

    path = Path(args.file)
    data = _read_bytes(path)
    store = _open_store(args)
    lang = args.lang
    _require_plan(store)
    if args.department:  # issue 14: scoped to the department's indicators; with review on, a submission
        from tracker.cli_departments import import_as_department

        return import_as_department(args, store, path, data)
    try:
        staged = stage_import(store, path.name, data, clock.today())
    except UploadError as err:
        print(f"{path}: {err.message(lang)}", file=sys.stderr)
        return 2
    stop = report_staged(staged, path, args, lang)
    if stop is not None:
        return stop
    try:
        revision = commit_import(
            store,
            staged,
            author=args.author,
            comment=args.comment or f"import {path.name}",
            provenance={"role": "editor", "channel": "cli"},
        )
    except NothingToCommit:
        print(t("cli_import_all_stored", lang, file=path))
        return 0
    info = store.revision(revision)
    print(
        t(
            "cli_import_stored",
            lang,
            revision=revision,
            added=info.added,
            changed=info.changed,
            rows=len(staged.check.rows),
            file=path.name,
        )
    )
    _alerts_after(store, revision)
    return 0


def report_staged(staged, path: Path, args: argparse.Namespace, lang: str) -> int | None:
    """What an import says once staged (the warnings; the problems, also as a CSV with ``--problems-csv``; the
    preview) and its exit code when it stops there (problems, no values, ``--dry-run``); None to go on and commit.
    The same for an editor's and a department's import."""
    check = staged.check
    for warning in check.warnings:
        print(t("cli_warning", lang, where=_where(warning, lang), message=warning.message(lang)), file=sys.stderr)
    if not check.ok:
        if args.problems_csv:
            _write(Path(args.problems_csv), problems_csv(check.problems, lang))
        sys.stderr.write(problems_summary(check.problems, str(path), lang, args.problems_csv, check=check))
        return 1
    if check.rows.empty:
        print(t("cli_import_no_values", lang, file=path))
        return 0
    print(preview_text(staged, str(path), lang))
    if args.dry_run:
        print(t("cli_import_dry_run", lang))
        return 0
    return None


def preview_text(staged, where: str, lang: str) -> str:
    """The preview of a staged import for a terminal: one line of counts, then each flagged row with its reason."""
    counts = staged.counts()
    lines = [t("cli_import_counts", lang, where=where, **counts)]
    flagged = staged.flagged()
    for row in flagged.head(MAX_PROBLEMS_SHOWN).itertuples():
        lines.append(
            "  "
            + t(
                "cli_import_flagged_row",
                lang,
                row=row.row,
                indicator=row.indicator_id,
                period=row.period,
                value=fmt_number(row.value),
                reason=getattr(row, f"reason_{lang}"),
            )
        )
    if len(flagged) > MAX_PROBLEMS_SHOWN:
        lines.append("  " + t("cli_import_more_flagged", lang, n=len(flagged) - MAX_PROBLEMS_SHOWN))
    shown = staged.preview
    if "replaces_estimate" in shown:  # the final figure arrives: name each stored estimate it replaces
        for row in shown[shown["replaces_estimate"].to_numpy(dtype=bool)].head(MAX_PROBLEMS_SHOWN).itertuples():
            lines.append(
                "  "
                + t(
                    "cli_import_replaces_estimate",
                    lang,
                    row=row.row,
                    indicator=row.indicator_id,
                    period=row.period,
                    value=fmt_number(row.value),
                    old=qualified_value(row.old_value, row.old_qualifier, row.old_flags, "", lang),
                )
            )
    return "\n".join(lines)


def problems_summary(
    problems: list,
    where: str,
    lang: str,
    problems_csv: str | None = None,
    limit: int = MAX_PROBLEMS_SHOWN,
    check=None,
) -> str:
    """The problems of a failed check for a terminal: the first ``limit``, one a line; then, when there are more,
    how many of each kind and where the full list is (or how to get it); then "N problem(s): nothing was stored.".
    An upload's ``check`` (tracker.upload.UploadCheck) gives the count and kinds of problems beyond those listed,
    and the row its check stopped at."""
    from tracker.upload import PROBLEMS_LISTED

    total = check.problem_count if check is not None else len(problems)
    lines = [f"{where}: {_where(problem, lang)}{problem.message(lang)}" for problem in problems[:limit]]
    if total > limit:
        counts: dict[str, int] = {}
        if check is not None:
            for kind in check.kinds:
                counts[kind.code] = counts.get(kind.code, 0) + kind.count
        else:
            for problem in problems:
                counts[problem.code] = counts.get(problem.code, 0) + 1
        lines.append(t("cli_more_problems", lang, more=total - min(limit, len(problems))))
        lines += [f"  {code}: {n}" for code, n in sorted(counts.items(), key=lambda item: -item[1])]
        if problems_csv:
            lines.append(t("cli_problems_written", lang, file=problems_csv))
        else:
            lines.append(t("cli_problems_csv_hint", lang))
        if total > len(problems):
            lines.append(t("cli_problems_listed", lang, shown=len(problems), count=total))
    if check is not None and check.unchecked_from is not None:
        lines.append(
            t(
                "problems_unchecked",
                lang,
                row=check.unchecked_from,
                limit=f"{PROBLEMS_LISTED:,}",
                n=f"{check.rows_unchecked:,}",
            )
        )
    lines.append(t("cli_problems_total", lang, count=total))
    return "\n".join(lines) + "\n"


def problems_csv(problems: list, lang: str) -> bytes:
    """Every problem as CSV (row, column, kind, message), UTF-8 with a BOM, text neutralised for spreadsheets."""
    from tracker.export import _csv, _neutralised

    frame = pd.DataFrame(
        [{"row": p.row, "column": p.column or "", "kind": p.code, "message": p.message(lang)} for p in problems],
        columns=["row", "column", "kind", "message"],
    )
    frame["row"] = frame["row"].astype("Int64")
    return _csv(_neutralised(frame))


def _where(problem, lang: str) -> str:
    """Where a problem is, as the start of its line: "row 5, column 数值: " ("第 5 行，数值列：")."""
    parts = []
    if problem.row is not None:
        parts.append(t("cli_where_row", lang, row=problem.row))
    if problem.column:
        parts.append(t("cli_where_column", lang, column=problem.column))
    return (t("cli_where_join", lang).join(parts) + t("cli_where_end", lang)) if parts else ""


def cmd_export(args: argparse.Namespace) -> int:
    from tracker.export import figures_csv, figures_xlsx

    store = _open_store(args)
    revision = _revision_argument(store, args.revision)
    figures = store.figures(revision)
    if args.plan is not None:  # that plan's indicators only (the plans of a store share their figures)
        plan = store.plan(revision=revision, plan_id=_plan_argument(store, args.plan, revision))
        figures = figures[figures["indicator_id"].isin(plan.indicators.index)].reset_index(drop=True)
    data = figures_xlsx(figures) if args.format == "xlsx" else figures_csv(figures)
    if args.output and args.output != "-":
        _write(Path(args.output), data)
        print(f"revision {revision}: {len(figures)} figures written to {args.output}")
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """The revisions, newest first: figure counts, and on the line below what a revision changed in the plans
    (issue 12; with ``--plan``, in that plan only): "plan jinan-2022: 1 target(s) changed"."""
    from tracker.cli_plans import plan_change_lines

    store = _open_store(args)
    changes = plan_change_lines(store, _plan_argument(store, args.plan), args.lang)
    for rev in store.revisions().to_dict("records"):
        if args.department and rev.get("department") != args.department:
            continue
        restored = f" (restores {int(rev['restored_from'])})" if _json_value(rev.get("restored_from")) else ""
        who = f"{rev['department']}: {rev['author']}" if rev.get("department") else rev["author"]
        reviewed = f" [reviewed by {rev['reviewer']}]" if rev.get("reviewer") else ""
        print(
            f"{rev['revision']:>4}  {str(rev['created_at'])[:19]}  {who:<12} "
            f"+{rev['added']} ~{rev['changed']} -{rev['removed']}{restored}  {rev['comment']}{reviewed}"
        )
        for line in changes.get(rev["revision"], ()):
            print("      " + line)
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    """Restore the chosen parts of revision N (the figures by default; --plan-too or --parts figures,plan): the
    preview of what each part undoes, then the new revision (``--dry-run`` stops after the preview)."""
    from tracker.cli_plans import restore_parts

    store = _open_store(args)
    parts = restore_parts(args)
    target = _revision_argument(store, args.revision) if (parts != {"figures"} or args.dry_run) else args.revision
    if parts != {"figures"} or args.dry_run:  # a figures-only rollback prints its one line, as before issue 12
        from tracker.importing import restore_preview_lines

        for line in restore_preview_lines(store.restore_preview(target, parts), args.lang):
            print(line)
    if args.dry_run:
        print(t("cli_import_dry_run", args.lang))
        return 0
    revision = store.restore(
        target,
        author=args.author,
        comment=args.comment or f"restore {args.revision}",
        parts=parts,
        provenance={"role": "editor", "channel": "cli"},  # issue 14: who and from where
    )
    named = " and ".join(p for p in ("figures", "plan") if p in parts)
    print(f"revision {revision} restores the {named} of revision {args.revision}")
    _alerts_after(store, revision)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from tracker.report import render_report

    store = _open_store(args)
    revision = _revision_argument(store, args.revision)
    snap = store_snapshot(store, revision, _plan_argument(store, args.plan, revision))
    from tracker.notes import notes_at

    notes = notes_at(store, snap.revision, lang=args.lang)
    html = render_report(snap, args.lang, share_url=args.url, revision_info=store.revision(snap.revision), notes=notes)
    _write(Path(args.output), html)
    print(f"report of revision {snap.revision} ({args.lang}) written to {args.output}")
    return 0


def cmd_evaluation(args: argparse.Namespace) -> int:
    """The evaluation report (tracker.evaluation) of a revision as DOCX, PDF or HTML, by the file's suffix, with
    the notes as of that revision."""
    from tracker.evaluation import build_evaluation, store_notes
    from tracker.evaluation_files import EvaluationError, evaluation_file, file_format

    try:
        fmt = file_format(args.output)
        store = _open_store(args)
        revision = _revision_argument(store, args.revision)
        plans = store.plans(revision)["plan_id"].tolist()
        if args.plan is not None and args.plan not in plans:
            raise EvaluationError("eval_no_plan", plan=args.plan, plans=", ".join(plans))
        snap = store_snapshot(store, revision, args.plan)
        notes = store_notes(store, snap.revision, args.lang)
        evaluation = build_evaluation(snap, args.lang, notes, revision_info=store.revision(snap.revision))
        data = evaluation_file(evaluation, fmt)
    except EvaluationError as err:
        raise CliError(err.text.key, **err.text.params) from None
    _write(Path(args.output), data)
    print(
        t(
            "cli_evaluation_written",
            args.lang,
            revision=snap.revision,
            language=args.lang,
            file=args.output,
        )
    )
    return 0


def cmd_freshness(args: argparse.Namespace) -> int:
    """One row per indicator: its latest period, cadence, next expected period and date, and whether it is overdue
    (tracker.freshness, today from tracker.clock). csv and json: the raw columns; table: in --lang."""
    from tracker.freshness import FRESHNESS_COLUMNS, freshness_records, freshness_table, load_calendar

    lang = args.lang
    snap = _snapshot(args)
    table = freshness_table(snap.plan, snap.figures, load_calendar(), clock.today())
    records = freshness_records(table)
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        shown = [{**r, "overdue": "true" if r["overdue"] else "false"} for r in records]
        sys.stdout.write(pd.DataFrame(shown, columns=FRESHNESS_COLUMNS).to_csv(index=False))
    else:
        print(freshness_text(snap, table, lang))
    return 0


def freshness_text(snap: Snapshot, table: pd.DataFrame, lang: str) -> str:
    """The freshness rows as a plain-text table for a terminal, with a header, in ``lang``."""
    from tracker.freshness import state_text

    columns = ("indicator", "latest", "cadence", "next", "date", "state", "name")
    header = [t(f"fresh_col_{c}", lang) for c in columns]
    lines = [header]
    for row in table.to_dict("records"):
        lines.append(
            [
                row["indicator_id"],
                row["latest_period"] or "—",
                t(f"cadence_{row['cadence']}", lang),
                row["next_expected_period"],
                row["next_expected_date"].isoformat(),
                state_text(row, lang),
                snap.plan.name(row["indicator_id"], lang),
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(columns) - 1)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)) + "  " + line[-1] for line in lines)


NOTE_PROVENANCE = {"role": "editor", "channel": "cli"}  # issue 14: a note written from the CLI


def cmd_note(args: argparse.Namespace) -> int:
    """Notes on a target (tracker.notes, the same calls as the indicator and upload pages): add, list, edit, delete,
    import. A note that does not check is refused with why (exit 1); nothing is stored then."""
    from tracker import notes

    store, lang = _open_store(args), args.lang
    try:
        if args.action == "list":
            revision = _revision_argument(store, args.revision)
            print(notes_text(notes.notes_at(store, revision, args.indicator, lang=lang)))
            return 0
        if args.action == "import":
            path = Path(args.file)
            check = notes.check_notes_file(store.plan(), path.name, _read_bytes(path))
            if not check.ok:
                sys.stderr.write(problems_summary(check.problems, str(path), lang))
                return 1
            written = notes.import_notes(
                store, check, args.author, args.comment or f"notes from {path.name}", provenance=NOTE_PROVENANCE
            )
            print(t("cli_notes_imported", lang, rev=written.revision, n=len(written.note_ids), file=path.name))
            return 0
        given = {"happened": "happened", "cause": "cause", "action": "action_taken", "next_step": "next_step"}
        parts = {p: getattr(args, a) for p, a in given.items() if getattr(args, a, None) is not None}
        if args.action == "add":
            written = notes.add_note(
                store,
                args.indicator,
                args.period,
                args.text or "",
                args.author,
                args.milestone or "",
                parts,
                provenance=NOTE_PROVENANCE,
            )
            key = "cli_note_added"
        elif args.action == "edit":
            written = notes.edit_note(
                store, args.id, args.author, args.text, parts, args.period, args.milestone, provenance=NOTE_PROVENANCE
            )
            key = "cli_note_edited"
        else:
            written = notes.delete_note(store, args.id, args.author, provenance=NOTE_PROVENANCE)
            key = "cli_note_deleted"
    except notes.NoteError as err:
        print(t("cli_error", lang, message=err.message(lang)), file=sys.stderr)
        return 1
    print(t(key, lang, rev=written.revision, note_id=written.note_ids[0]))
    return 0


def notes_text(frame: pd.DataFrame) -> str:
    """One note a line: id, indicator, period, author, date (Beijing time), the text on one line."""
    lines = []
    for row in frame.to_dict("records"):
        date = row["created_at"].astimezone(clock.zone()).strftime("%Y-%m-%d")
        text = " / ".join(line.strip() for line in str(row["text"]).splitlines() if line.strip())
        lines.append(
            f"{row['note_id']:>4}  {row['indicator_id']:<28} {row['period']:<8} {row['author']:<12} {date}  {text}"
        )
    return "\n".join(lines)


def _note_parser(sub) -> None:
    note = sub.add_parser("note", help="notes on a target: add, list, edit, delete, import")
    actions = note.add_subparsers(dest="action", required=True)

    def common(parser) -> None:
        parser.add_argument("--lang", choices=["zh", "en"], default="en")
        parser.add_argument("--author", default=getpass.getuser())

    def parts(parser) -> None:
        parser.add_argument("--text", help="the note (or give its parts)")
        parser.add_argument("--milestone", help="a target period of the indicator (optional)")
        parser.add_argument("--happened", help="what happened")
        parser.add_argument("--why", dest="cause", help="why")
        parser.add_argument("--action", dest="action_taken", help="what is being done")
        parser.add_argument("--next-step", dest="next_step", help="the next step")

    add = actions.add_parser("add", help="add a note to INDICATOR (id or name) for PERIOD")
    add.add_argument("indicator")
    add.add_argument("period")
    parts(add)
    common(add)
    listing = actions.add_parser("list", help="id, indicator, period, author, date and text of each note")
    listing.add_argument("--indicator")
    listing.add_argument("--revision", type=int, help="the notes as of revision N (default: the latest)")
    listing.add_argument("--lang", choices=["zh", "en"], default="en")
    edit = actions.add_parser("edit", help="a new version of note ID (what is not given stays)")
    edit.add_argument("id", type=int)
    edit.add_argument("--period")
    parts(edit)
    common(edit)
    delete = actions.add_parser("delete", help="delete note ID (earlier revisions keep it)")
    delete.add_argument("id", type=int)
    common(delete)
    imp = actions.add_parser("import", help="notes from a CSV/XLSX file (indicator, period, text[, milestone])")
    imp.add_argument("file")
    imp.add_argument("--comment", default="")
    common(imp)
    note.set_defaults(func=cmd_note)


def _alerts_after(store, revision: int) -> None:
    """Issue 13: the alerts a stored revision brings, queued and sent after the commit (never failing it)."""
    from tracker.alerts import after_commit

    after_commit(store, revision)


def cmd_alerts(args: argparse.Namespace) -> int:
    """``alerts --since N``: the alerts of each revision after N; ``alerts --overdue``: overdue figures and targets
    whose period ended unmet (for a daily cron); both queue them in the outbox and send what is due, or with
    ``--dry-run`` only list them. ``alerts send``: deliver what the outbox holds (retries included)."""
    from tracker import alerts

    lang, store = args.lang, _open_store(args)
    try:
        config = alerts.config_from_file(Path(args.secrets) if args.secrets else None)
    except (alerts.AlertConfigError, ValueError, OSError) as err:
        print(t("cli_error", lang, message=str(err)), file=sys.stderr)
        return 2
    found: list = []
    if args.since is not None:
        since = _revision_argument(store, args.since)
        for revision in range(since + 1, store.latest_revision() + 1):
            found += alerts.revision_alerts(store, revision, config)
    if args.overdue:
        found += alerts.overdue_alerts(store, config, clock.today())
    if args.action != "send" and args.since is None and not args.overdue:
        raise CliError("cli_alerts_what")
    for alert in found:
        wanted = [c.key for c in config.channels if c.wants(alert.indicator_id)]
        to = ", ".join(wanted) or "—"
        print(f"{alert.indicator_id:<34} {alert.period:<8} {alert.kind:<28} {alert.subject[lang]}  -> {to}")
    if not found and args.action != "send":
        print(t("cli_alerts_none", lang))
    if args.dry_run:
        print(t("cli_alerts_dry_run", lang))
        return 0
    if not config.configured:
        print(t("cli_alerts_not_configured", lang))
        return 0
    queued = alerts.enqueue(store, found, config)
    done = alerts.deliver(store, config)
    print(t("cli_alerts_queued", lang, queued=queued, sent=done.sent, failed=done.retrying + done.failed))
    return 0


def _alerts_parser(sub) -> None:
    al = sub.add_parser("alerts", help="alerts of worsened statuses and overdue figures: list, queue, send")
    al.add_argument("action", nargs="?", choices=["send"], help="send: deliver what the outbox holds")
    al.add_argument("--since", type=int, metavar="N", help="the alerts of every revision after N")
    al.add_argument("--overdue", action="store_true", help="overdue figures and ended targets (run daily from cron)")
    al.add_argument("--dry-run", action="store_true", help="list the alerts, queue and send nothing")
    al.add_argument("--secrets", help="the secrets.toml holding [alerts] (default: .streamlit/secrets.toml)")
    al.add_argument("--lang", choices=["zh", "en"], default="en")
    al.set_defaults(func=cmd_alerts)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tracker", description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="database URL (default: TRACKER_DATABASE_URL or instance/tracker.db)")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the folder a new database is seeded from (default: TRACKER_DATA_DIR or data/; an empty folder: a blank "
        "store, for another zone's own plan)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    status = sub.add_parser("status", help="one row per indicator and milestone")
    status.add_argument("--format", choices=["table", "csv", "json"], default="table")
    status.add_argument(
        "--lang", choices=["zh", "en"], help="zh (the default) or en; with --format csv, the headers and words too"
    )
    status.add_argument("--revision", type=int)
    status.add_argument("--plan", metavar="ID", help="the plan (see python -m tracker plans; default: the first)")
    status.add_argument(
        "--since",
        type=int,
        metavar="N",
        help="add previous_status and change_reason: each row's status at revision N and why it changed since",
    )
    status.set_defaults(func=cmd_status)

    imp = sub.add_parser("import", help="validate a CSV/XLSX file and store it as a new revision")
    imp.add_argument("file")
    imp.add_argument("--comment", default="")
    imp.add_argument("--author", default=getpass.getuser())
    imp.add_argument("--lang", choices=["zh", "en"], default="en")
    imp.add_argument("--problems-csv", metavar="FILE", help="when the check fails, write every problem to FILE")
    imp.add_argument("--department", metavar="ID", help="upload as that department (its indicators only)")
    imp.add_argument("--secrets", help="the secrets.toml (review = true: a submission; default: .streamlit/)")
    imp.add_argument(
        "--dry-run", action="store_true", help="check and preview the file, print the preview, store nothing"
    )
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", help="the figures of a revision as CSV (UTF-8 with BOM) or XLSX")
    exp.add_argument("--revision", type=int)
    exp.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    exp.add_argument("-o", "--output")
    exp.add_argument("--lang", choices=["zh", "en"], default="en", help="the language of error messages")
    exp.add_argument("--plan", metavar="ID", help="only the figures of that plan's indicators (default: all)")
    exp.set_defaults(func=cmd_export)

    hist = sub.add_parser("history", help="list the revisions, newest first")
    hist.add_argument("--plan", metavar="ID", help="the plan changes of that plan only (default: every plan's)")
    hist.add_argument("--department", metavar="ID", help="only the revisions of that department")
    hist.add_argument("--lang", choices=["zh", "en"], default="en", help="the language of the plan changes")
    hist.set_defaults(func=cmd_history)

    roll = sub.add_parser("rollback", help="restore the figures (and/or the plan) of revision N as a new revision")
    roll.add_argument("revision", type=int)
    roll.add_argument("--comment", default="")
    roll.add_argument("--author", default=getpass.getuser())
    roll.add_argument("--parts", metavar="LIST", help="what to restore: figures (the default), plan, or figures,plan")
    roll.add_argument("--plan-too", action="store_true", help="restore the plan as well as the figures")
    roll.add_argument("--dry-run", action="store_true", help="print what each part undoes, store nothing")
    roll.add_argument("--lang", choices=["zh", "en"], default="en")
    roll.set_defaults(func=cmd_rollback)

    rep = sub.add_parser("report", help="a one-file HTML report, printable and offline")
    rep.add_argument("--revision", type=int)
    rep.add_argument("--lang", choices=["zh", "en"], default="zh")
    rep.add_argument("--url", default="", help="the share link to stamp on the report")
    rep.add_argument("-o", "--output", required=True)
    rep.add_argument("--plan", metavar="ID", help="the plan (see python -m tracker plans; default: the first)")
    rep.set_defaults(func=cmd_report)

    ev = sub.add_parser("evaluation", help="the evaluation report: every target's class, paragraphs, notes")
    ev.add_argument("--plan", metavar="ID", help="the plan to evaluate (default: the store's first plan)")
    ev.add_argument("--revision", type=int)
    ev.add_argument("--lang", choices=["zh", "en"], default="zh")
    ev.add_argument("-o", "--output", required=True, help="FILE.docx, FILE.pdf (through Chromium) or FILE.html")
    ev.set_defaults(func=cmd_evaluation)

    fresh = sub.add_parser("freshness", help="when each indicator's next figure is expected, and whether it is overdue")
    fresh.add_argument("--format", choices=["table", "csv", "json"], default="table")
    fresh.add_argument("--lang", choices=["zh", "en"], default="zh", help="zh (the default) or en: the table's words")
    fresh.add_argument("--revision", type=int)
    fresh.add_argument("--plan", metavar="ID", help="the plan (see python -m tracker plans; default: the first)")
    fresh.set_defaults(func=cmd_freshness)
    from tracker.cli_plans import add_plan_parsers

    add_plan_parsers(sub)  # issue 12: plans, plan import|export|sync
    _note_parser(sub)
    _alerts_parser(sub)
    from tracker.cli_departments import add_department_parsers

    add_department_parsers(sub)  # issue 14: submissions, publish, return
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from tracker.chart_files import quiet_converter_logs

    quiet_converter_logs()  # a report or chart file is the output, not the converter's notes
    from tracker.store import StoreError

    try:
        return args.func(args)
    except (CliError, clock.ClockError) as err:
        lang = getattr(args, "lang", "en") or "zh"
        print(t("cli_error", lang, message=err.message(lang)), file=sys.stderr)
        return 2
    except StoreError as err:
        print(f"error: {err}", file=sys.stderr)
        return 3
