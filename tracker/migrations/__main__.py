"""``python -m tracker.migrations revision -m "what changes"``: write the next schema revision (see __init__.py).

It builds a scratch SQLite database at the current head, compares it with tracker.store.metadata and writes
``versions/<NNNN>_<slug>.py`` with the operations found (``--empty``: an empty revision to fill in by hand).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from tracker.migrations import config, script_directory


def next_revision_id() -> str:
    numbers = [int(s.revision) for s in script_directory().walk_revisions() if s.revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tracker.migrations")
    commands = parser.add_subparsers(dest="command", required=True)
    revision = commands.add_parser("revision", help="write the next schema revision")
    revision.add_argument("-m", "--message", required=True, help="what the revision changes")
    revision.add_argument("--empty", action="store_true", help="do not compare with tracker.store.metadata")
    commands.add_parser("heads", help="print the head revision")
    args = parser.parse_args(argv)
    if args.command == "heads":
        print(" ".join(script_directory().get_heads()))
        return
    engine = sa.create_engine("sqlite://")
    try:
        with engine.begin() as conn:
            command.upgrade(config(conn), "head")
            written = command.revision(
                config(conn), message=args.message, autogenerate=not args.empty, rev_id=next_revision_id()
            )
    finally:
        engine.dispose()
    for script in written if isinstance(written, list) else [written]:
        init = Path(__file__).with_name("__init__.py")
        init.write_text(
            re.sub(r'^HEAD = "[^"]*"$', f'HEAD = "{script.revision}"', init.read_text(encoding="utf-8"), flags=re.M),
            encoding="utf-8",
        )
        if shutil.which("ruff"):  # CI checks the format of every file
            subprocess.run(["ruff", "format", "-q", script.path], check=False)
        print(f"wrote {script.path} and moved HEAD to {script.revision}: read the revision, then run")
        print("python -m pytest tests/test_migrations.py")


if __name__ == "__main__":
    main()
