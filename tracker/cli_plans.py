"""`python -m tracker plans` and `plan import|export|sync` (issue 12): the same calls as the upload page's plan tab.

    python -m tracker plans [--revision N] [--format table|json] [--lang zh|en]
    python -m tracker plan import FILE [--plan ID] [--title TEXT] [--author A] [--comment C] [--dry-run]
    python -m tracker plan export [--plan ID] [--revision N] [--lang zh|en] -o FILE.xlsx|FILE.zip
    python -m tracker plan sync [--dry-run] [--author A] [--comment C] [--data-dir DIR]

Exit codes as tracker.cli: 0 done (also when nothing changes), 1 the file has problems (nothing stored), 2 a file
or an argument is wrong, 3 the database cannot be used.
"""

from __future__ import annotations

import argparse
import getpass
import io
import json
import sys
import zipfile
from pathlib import Path

import pandas as pd

from tracker.i18n import status_label, t

MAX_ROWS_SHOWN = 50
SIGNS = {"added": "+", "changed": "~", "removed": "-"}


def restore_parts(args: argparse.Namespace) -> frozenset[str]:
    """The parts a rollback restores: --parts (figures by default) and --plan-too."""
    from tracker.cli import CliError
    from tracker.store import RESTORE_PARTS

    parts = {p.strip() for p in (args.parts or "figures").split(",") if p.strip()}
    if args.plan_too:
        parts |= {"figures", "plan"}
    unknown = sorted(parts - set(RESTORE_PARTS))
    if unknown or not parts:
        raise CliError("cli_bad_parts", parts=", ".join(unknown) or "—", known=", ".join(RESTORE_PARTS))
    return frozenset(parts)


def plan_change_lines(store, plan_id: str | None, lang: str) -> dict[int, list[str]]:
    """For each revision after the seed, "plan jinan-2022: 1 target(s) changed" per plan it changed."""
    from tracker.importing import change_summary

    changes = store.plan_changes()
    changes = changes[changes["revision"] > 1]  # revision 1 seeds the whole shipped plan
    if plan_id is not None:
        changes = changes[changes["plan_id"] == plan_id]
    lines: dict[int, list[str]] = {}
    for (revision, changed_plan), rows in changes.groupby(["revision", "plan_id"], sort=False):
        summary = change_summary(rows, lang)
        line = t("restore_preview_plan", lang, plan_id=changed_plan, changes=summary)
        lines.setdefault(int(revision), []).append(line)
    return lines


def _title(row: dict, lang: str) -> str:
    return (row.get(f"title_{lang}") or row.get("title_zh") or row.get("title_en") or "").strip()


def cmd_plans(args: argparse.Namespace) -> int:
    """One line per plan: id, title, indicators, milestones and the last revision that changed it."""
    from tracker.cli import _json_value, _open_store, _revision_argument

    store = _open_store(args)
    plans = store.plans(_revision_argument(store, args.revision))
    records = [{k: _json_value(v) for k, v in row.items()} for row in plans.to_dict("records")]
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    if not records:  # a blank store: say what to do rather than print nothing
        print(t("cli_no_plan_yet", args.lang))
        return 0
    for row in records:
        print(t("cli_plans_row", args.lang, title=_title(row, args.lang), **{k: row[k] for k in row if k != "title"}))
    return 0


def preview_lines(staged, where: str, lang: str) -> list[str]:
    """The preview of a staged plan for a terminal: the counts, each row added (+), changed (~, old → new) and
    removed (-), the milestones whose status moves, the figures a dropped indicator keeps."""
    from tracker.importing import change_summary

    changes = staged.changes if staged.changes is not None else pd.DataFrame(columns=["part", "status"])
    changes = changes[changes["part"] != "plans"]
    new = t("cli_plan_new", lang) if staged.is_new else ""
    summary = change_summary(changes, lang)
    lines = [t("cli_plan_counts", lang, where=where, plan_id=staged.plan_id, new=new, changes=summary)]
    if staged.is_new:  # every row is added and every status new: the counts say it (status --plan lists them)
        return lines
    for row in changes.head(MAX_ROWS_SHOWN).to_dict("records"):
        detail = f"  {row['detail']}" if row.get("detail") else ""
        part = t(f"plan_part_{row['part']}", lang)
        lines.append(f"  {SIGNS[row['status']]} {part} {row['key']}{detail}")
    if len(changes) > MAX_ROWS_SHOWN:
        lines.append("  " + t("cli_import_more_flagged", lang, n=len(changes) - MAX_ROWS_SHOWN))
    none = t("cli_plan_status_none", lang)
    for row in (staged.status_changes if staged.status_changes is not None else pd.DataFrame()).to_dict("records"):
        before = status_label(row["status_before"], lang) if row["status_before"] else none
        after = status_label(row["status_after"], lang) if row["status_after"] else none
        lines.append(t("cli_plan_status_change", lang, milestone=row["milestone_id"], before=before, after=after))
    for indicator, count in (staged.kept_figures or {}).items():
        lines.append(t("cli_plan_kept_figures", lang, indicator=indicator, count=count))
    if staged.not_stored:
        lines.append(t("cli_plan_not_stored", lang, columns=", ".join(staged.not_stored)))
    return lines


def _problem_lines(problems: list, where: str, lang: str) -> str:
    lines = [f"{where}: {p.message(lang)}" for p in problems[:MAX_ROWS_SHOWN]]
    if len(problems) > MAX_ROWS_SHOWN:
        lines.append(t("cli_more_problems", lang, more=len(problems) - MAX_ROWS_SHOWN))
    lines.append(t("cli_problems_total", lang, count=len(problems)))
    return "\n".join(lines) + "\n"


def cmd_plan_import(args: argparse.Namespace) -> int:
    """Check the plan file, print the preview, then store it as a new revision (tracker.importing.stage_plan →
    commit_plan: the page's path); ``--dry-run`` stops before storing."""
    from tracker.cli import _open_store, _read_bytes
    from tracker.importing import commit_plan, stage_plan
    from tracker.store import NothingToCommit

    path, lang = Path(args.file), args.lang
    data = _read_bytes(path)
    store = _open_store(args)
    staged = stage_plan(store, path.name, data, plan_id=args.plan, title=args.title)
    if not staged.ok:
        sys.stderr.write(_problem_lines(staged.problems, str(path), lang))
        return 1
    for line in preview_lines(staged, str(path), lang):
        print(line)
    if args.dry_run:
        print(t("cli_import_dry_run", lang))
        return 0
    try:
        revision = commit_plan(
            store,
            staged,
            author=args.author,
            comment=args.comment or f"plan import {path.name}",
            provenance={"role": "editor", "channel": "cli"},  # issue 14: who and from where
        )
    except NothingToCommit:
        print(t("cli_plan_unchanged", lang, where=path, plan_id=staged.plan_id))
        return 0
    print(t("cli_plan_stored", lang, revision=revision, plan_id=staged.plan_id))
    return 0


def plan_csv_zip(pillars: pd.DataFrame, indicators: pd.DataFrame, milestones: pd.DataFrame, about: dict) -> bytes:
    """The plan as a ZIP of CSVs (UTF-8 with BOM, the columns of data/*.csv; about.csv as key,value rows), which
    ``plan import`` reads back."""
    from tracker.export import _neutralised
    from tracker.planfile import ABOUT_KEYS

    about_rows = pd.DataFrame([(k, about.get(k, "")) for k in ABOUT_KEYS], columns=["key", "value"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in (
            ("indicators.csv", indicators),
            ("milestones.csv", milestones),
            ("pillars.csv", pillars),
            ("about.csv", about_rows),
        ):
            text = _neutralised(frame.reset_index(drop=True)).to_csv(index=False)
            archive.writestr(name, "\ufeff" + text)
    return out.getvalue()


def cmd_plan_export(args: argparse.Namespace) -> int:
    """The plan of a revision as the workbook ``plan import`` reads (FILE.xlsx, in --lang) or a ZIP of CSVs."""
    from tracker.cli import CliError, _open_store, _plan_argument, _revision_argument, _write
    from tracker.planfile import write_plan_workbook

    store = _open_store(args)
    revision = _revision_argument(store, args.revision)
    plan_id = _plan_argument(store, args.plan, revision)
    pillars, indicators, milestones = store.plan_tables(revision, plan_id)
    about = store.plan_about(revision, plan_id)
    suffix = Path(args.output).suffix.lower()
    if suffix == ".xlsx":
        data = write_plan_workbook(indicators, milestones, pillars, about, lang=args.lang)
    elif suffix == ".zip":
        data = plan_csv_zip(pillars, indicators, milestones, about)
    else:
        raise CliError("cli_plan_export_suffix", file=args.output)
    _write(Path(args.output), data)
    print(
        t(
            "cli_plan_exported",
            args.lang,
            revision=revision,
            plan_id=about["plan_id"],
            indicators=len(indicators),
            milestones=len(milestones),
            file=args.output,
        )
    )
    return 0


def cmd_plan_sync(args: argparse.Namespace) -> int:
    """Apply the edit of data/*.csv since the last sync (tracker.plansync) as a new revision, after its preview."""
    from tracker.cli import _open_store
    from tracker.plansync import commit_sync, stage_sync

    lang = args.lang
    store = _open_store(args)
    data_dir = Path(args.data_dir) if getattr(args, "data_dir", None) else store.data_dir
    staged = stage_sync(store, data_dir)
    if not staged.drift.differs:
        print(t("cli_sync_none", lang, folder=staged.drift.folder, revision=staged.drift.revision))
        return 0
    print(staged.drift.message(lang))
    for drift in staged.drift.files:
        for row in drift.changes.head(MAX_ROWS_SHOWN).to_dict("records"):
            if drift.part == "figures" and row["status"] == "removed":
                continue
            fields = f"  {row['fields']}" if row["fields"] else ""
            lines = f"  {SIGNS[row['status']]} {t(f'plan_part_{drift.part}', lang)} {row['key']}{fields}"
            print(lines)
    for key in staged.figures_kept:
        print(t("cli_sync_figure_kept", lang, folder=staged.drift.folder, key=key))
    if not staged.ok:
        problems = [_rule(p) for p in staged.problems]
        sys.stderr.write(_problem_lines(problems, str(data_dir), lang))
        return 1
    if args.dry_run:
        print(t("cli_import_dry_run", lang))
        return 0
    revision = commit_sync(
        store,
        staged,
        author=args.author,
        comment=args.comment or f"plan sync: the edit of {staged.drift.folder}",
        provenance={"role": "editor", "channel": "cli"},
    )
    print(t("cli_sync_stored", lang, folder=staged.drift.folder, revision=revision))
    return 0


def _rule(problem: tuple):
    from tracker.importing import PlanCheckProblem

    file, row, column, message = problem
    return PlanCheckProblem(file, row, column, "rule", {"file": file, "row": row, "column": column, "message": message})


def add_plan_parsers(sub) -> None:
    """The sub-commands ``plans`` and ``plan import|export|sync`` (tracker.cli.build_parser calls it)."""
    plans = sub.add_parser("plans", help="list the plans: id, title, indicators, milestones, revision")
    plans.add_argument("--revision", type=int)
    plans.add_argument("--format", choices=["table", "json"], default="table")
    plans.add_argument("--lang", choices=["zh", "en"], default="zh")
    plans.set_defaults(func=cmd_plans)

    plan = sub.add_parser("plan", help="import, export or sync a plan (its indicators, milestones, pillars)")
    actions = plan.add_subparsers(dest="plan_command", required=True)
    imp = actions.add_parser("import", help="check a plan file (XLSX or a ZIP of CSVs) and store it as a revision")
    imp.add_argument("file")
    imp.add_argument("--plan", metavar="ID", help="the plan's id (default: plan_id of the about sheet)")
    imp.add_argument("--title", help="the plan's Chinese title (overrides the about sheet)")
    imp.add_argument("--author", default=getpass.getuser())
    imp.add_argument("--comment", default="")
    imp.add_argument("--dry-run", action="store_true", help="check and preview the file, store nothing")
    imp.add_argument("--lang", choices=["zh", "en"], default="en")
    imp.set_defaults(func=cmd_plan_import)

    exp = actions.add_parser("export", help="a plan as the workbook plan import reads (.xlsx) or a ZIP of CSVs")
    exp.add_argument("--plan", metavar="ID", help="the plan (default: the first)")
    exp.add_argument("--revision", type=int)
    exp.add_argument("--lang", choices=["zh", "en"], default="zh", help="the workbook's sheet names and headers")
    exp.add_argument("-o", "--output", required=True, help="FILE.xlsx or FILE.zip")
    exp.set_defaults(func=cmd_plan_export)

    sync = actions.add_parser("sync", help="store the edit of data/*.csv since the last sync as a revision")
    sync.add_argument("--dry-run", action="store_true", help="print what the edit changed, store nothing")
    sync.add_argument("--author", default=getpass.getuser())
    sync.add_argument("--comment", default="")
    # the global --data-dir, also accepted after "sync" (SUPPRESS: an absent one keeps the global value)
    sync.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="the folder of the CSVs (default: the store's)"
    )
    sync.add_argument("--lang", choices=["zh", "en"], default="en")
    sync.set_defaults(func=cmd_plan_sync)
