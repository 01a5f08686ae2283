"""The command line of issue 14: ``import --department ID`` (scoped to that department's indicators; with
``review = true`` in secrets, a submission), ``submissions``, ``publish N --reviewer R``, ``return N --comment C``.
The same calls as the pages: tracker.submissions and tracker.departments."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tomllib
from pathlib import Path

from tracker import clock
from tracker.i18n import t

SECRETS_FILE = Path(__file__).resolve().parent.parent / ".streamlit" / "secrets.toml"


def secrets_from_file(path: str | None = None) -> dict:
    """``path``, else TRACKER_SECRETS_FILE, else .streamlit/secrets.toml, read as TOML ({} when there is none)."""
    file = Path(path or os.environ.get("TRACKER_SECRETS_FILE") or SECRETS_FILE)
    if not file.is_file():
        return {}
    with open(file, "rb") as handle:
        return tomllib.load(handle)


def _departments_and_owners(store):
    from tracker.departments import owners, read_departments

    departments = read_departments()
    return departments, owners(store.upload_plan().indicators, departments)


def _config(args):
    from tracker.cli import CliError
    from tracker.departments import access_config, config_problems, read_departments

    config = access_config(secrets_from_file(getattr(args, "secrets", None)))
    problems = config_problems(config, [d.id for d in read_departments()])
    if problems:
        raise CliError("cli_access_config", problems=tuple(problems))
    return config


def import_as_department(args: argparse.Namespace, store, path: Path, data: bytes) -> int:
    """``import FILE --department ID``: checked and scoped to the department's indicators (a row of another's
    refused, naming it and its department); then stored as a revision of that department, or with review on kept
    as a submission for the planning office."""
    from tracker.cli import CliError, _alerts_after, report_staged
    from tracker.importing import commit_import
    from tracker.store import NothingToCommit
    from tracker.submissions import stage_for, submit
    from tracker.upload import UploadError

    lang, department = args.lang, args.department
    config = _config(args)
    departments, owner_of = _departments_and_owners(store)
    if department not in {d.id for d in departments}:
        raise CliError("cli_unknown_department", id=department, known=tuple(d.id for d in departments) or ("—",))
    try:
        staged = stage_for(store, path.name, data, clock.today(), department, owner_of, departments)
    except UploadError as err:
        print(f"{path}: {err.message(lang)}", file=sys.stderr)
        return 2
    stop = report_staged(staged, path, args, lang)
    if stop is not None:
        return stop
    comment = args.comment or f"import {path.name}"
    if config.review:
        try:
            number = submit(store, staged, data, department, args.author, "cli", comment)
        except NothingToCommit:
            print(t("cli_import_all_stored", lang, file=path))
            return 0
        print(t("cli_submitted", lang, n=number, department=department))
        return 0
    provenance = {"role": "department", "department": department, "channel": "cli"}
    try:
        revision = commit_import(store, staged, author=args.author, comment=comment, provenance=provenance)
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


def cmd_submissions(args: argparse.Namespace) -> int:
    """Every submission, oldest first: number, state, department, author, when, file, comment (and the review)."""
    from tracker.cli import _open_store
    from tracker.submissions import submissions

    store = _open_store(args)
    frame = submissions(store, state=None if args.all else "pending", department=args.department)
    if frame.empty:
        print(t("cli_no_submissions", args.lang))
        return 0
    for row in frame.to_dict("records"):
        state = t(f"submission_state_{row['state']}", args.lang)
        line = (
            f"{row['id']:>4}  {state:<10} {row['department']:<10} {row['author']:<10} "
            f"{str(row['created_at'])[:19]}  {row['filename']}  base r{row['base_revision']}  {row['comment']}"
        )
        if row["state"] != "pending":
            line += f"  [{row['reviewer']}" + (f": {row['review_comment']}" if row["review_comment"] else "") + "]"
        print(line)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """``publish N --reviewer R``: the submission checked and previewed again against the latest revision, what
    changed meanwhile printed, then stored as a revision of its department with R as reviewer (``--dry-run``:
    print only)."""
    import pandas as pd

    from tracker.cli import _alerts_after, _open_store, preview_text, problems_summary
    from tracker.formatting import fmt_number
    from tracker.store import NothingToCommit
    from tracker.submissions import changed_meanwhile, publish, restage, submission

    lang, store = args.lang, _open_store(args)
    _config(args)
    item = submission(store, args.number)
    if item.state != "pending":
        print(t("cli_submission_decided", lang, n=item.id, state=t(f"submission_state_{item.state}", lang)))
        return 1
    departments, owner_of = _departments_and_owners(store)
    staged = restage(store, item, clock.today(), owner_of, departments)
    if not staged.check.ok:
        sys.stderr.write(problems_summary(staged.check.problems, item.filename, lang, check=staged.check))
        return 1
    print(preview_text(staged, f"#{item.id} {item.filename}", lang))
    meanwhile = changed_meanwhile(store, item, staged)
    if len(meanwhile):
        print(t("cli_meanwhile", lang, n=len(meanwhile), base=item.base_revision, latest=store.latest_revision()))
        for row in meanwhile.to_dict("records"):
            old, new = (fmt_number(v) if pd.notna(v) else "—" for v in (row["old_value"], row["new_value"]))
            print(f"  {row['indicator_id']} {row['period']}: {old} → {new} ({row['status']})")
    if args.dry_run:
        print(t("cli_import_dry_run", lang))
        return 0
    try:
        revision = publish(store, item.id, staged, reviewer=args.reviewer, comment=args.comment)
    except NothingToCommit:
        print(t("cli_import_all_stored", lang, file=item.filename))
        return 0
    print(t("cli_published", lang, n=item.id, revision=revision, reviewer=args.reviewer))
    _alerts_after(store, revision)
    return 0


def cmd_return(args: argparse.Namespace) -> int:
    """``return N --comment C``: the submission goes back to its department with the comment; nothing is stored."""
    from tracker.cli import CliError, _open_store
    from tracker.submissions import return_submission, submission

    lang, store = args.lang, _open_store(args)
    if not args.comment.strip():
        raise CliError("cli_return_needs_comment")
    item = submission(store, args.number)
    if item.state != "pending":
        print(t("cli_submission_decided", lang, n=item.id, state=t(f"submission_state_{item.state}", lang)))
        return 1
    return_submission(store, item.id, args.reviewer, args.comment.strip())
    print(t("cli_returned", lang, n=item.id, department=item.department))
    return 0


def add_department_parsers(sub) -> None:
    """The sub-commands submissions, publish and return."""
    lst = sub.add_parser("submissions", help="departments' uploads waiting for review (--all: decided ones too)")
    lst.add_argument("--all", action="store_true")
    lst.add_argument("--department", metavar="ID")
    lst.add_argument("--lang", choices=["zh", "en"], default="en")
    lst.set_defaults(func=cmd_submissions)
    pub = sub.add_parser("publish", help="check submission N again against the latest revision and store it")
    pub.add_argument("number", type=int)
    pub.add_argument("--reviewer", required=True, help="who publishes it (recorded with the revision)")
    pub.add_argument("--comment", default="")
    pub.add_argument("--dry-run", action="store_true", help="print the new preview, store nothing")
    pub.add_argument("--secrets", help="the secrets.toml (default: .streamlit/secrets.toml)")
    pub.add_argument("--lang", choices=["zh", "en"], default="en")
    pub.set_defaults(func=cmd_publish)
    ret = sub.add_parser("return", help="return submission N to its department with a comment")
    ret.add_argument("number", type=int)
    ret.add_argument("--comment", required=True)
    ret.add_argument("--reviewer", default=getpass.getuser())
    ret.add_argument("--lang", choices=["zh", "en"], default="en")
    ret.set_defaults(func=cmd_return)
