"""README.md stays true (as sqlite-utils' test_docs keeps its docs): every `$ python -m tracker …` example of the
command-line section runs against a fresh database and prints what README shows, every subcommand and option is
documented there, and the Quick start's commands name files that exist and the command CI runs."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tracker.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of README's ``## title`` section, up to the next ``## `` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, flags=re.M | re.S)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def code_lines(text: str) -> list[str]:
    """The lines of the indented code blocks of ``text``, without their four-space indent."""
    return [line[4:] for line in text.splitlines() if line.startswith("    ")]


@dataclass
class Example:
    command: str  # as README shows it after "$ ", run verbatim by bash (a trailing "# …" is a shell comment)
    output: list[str]  # the lines README shows below it; a last line "…" means "and more"


def examples(text: str) -> list[Example]:
    """Each ``$ command`` line of the indented blocks, with the indented lines under it up to a blank line."""
    found: list[Example] = []
    current: Example | None = None
    for line in text.splitlines():
        if line.startswith("    $ "):
            current = Example(line[6:], [])
            found.append(current)
        elif current is not None and line.startswith("    ") and line.strip():
            current.output.append(line[4:])
        else:
            current = None
    return found


@dataclass
class Ran:
    example: Example
    printed: str  # output and errors together, as a terminal shows them
    exit_code: int
    folder: Path


CLI = section("The command line")
EXAMPLES = examples(CLI)
TRACKER_EXAMPLES = [e for e in EXAMPLES if e.command.startswith("python -m tracker ")]
SHOWN_FILES = [e for e in EXAMPLES if e.command.startswith("cat ")]  # example files, and a file a command wrote


def normalised(line: str) -> str:
    """A line with what differs from run to run replaced: dates and times (timestamps, "today is …"), the last
    digits of long floats; runs of spaces are one space (column widths follow the longest id)."""
    line = line.replace("\ufeff", "")  # the byte-order mark of a CSV written for Excel
    line = re.sub(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?", "<timestamp>", line)
    line = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", "<date>", line)
    line = re.sub(r"\d+\.\d{7,}(e-?\d+)?", lambda m: f"{float(m.group()):.10g}", line)
    return " ".join(line.split())


def matches(shown: list[str], printed: list[str]) -> bool:
    """``printed`` is what README shows: the same lines, or its first lines when README ends with "…"."""
    shown = [normalised(line) for line in shown]
    printed = [normalised(line) for line in printed]
    if shown and shown[-1] == "…":
        return printed[: len(shown) - 1] == shown[:-1] and len(printed) >= len(shown)
    return printed == shown


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> list[Ran]:
    """Every example of the command-line section, in README's order, run verbatim by bash in one folder against one
    fresh database. `$ cat FILE` of a file no command has written yet first writes it with the lines README shows
    (the example files); of a file a command wrote, it shows what the command wrote."""
    work = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", work / "examples")  # the example plan file README imports
    bin_dir = tmp_path_factory.mktemp("bin")
    (bin_dir / "python").symlink_to(sys.executable)  # README's `python` is the interpreter running the tests
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(
        TRACKER_DATABASE_URL=f"sqlite:///{work / 'tracker.db'}",
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",  # errors and output interleave as in a terminal
        PYTHONIOENCODING="utf-8",
    )
    results = []
    for example in EXAMPLES:
        if example.command.startswith("cat ") and not (work / example.command[4:].strip()).exists():
            (work / example.command[4:].strip()).write_text("\n".join(example.output) + "\n", encoding="utf-8")
        run = subprocess.run(
            ["bash", "-c", example.command],
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            timeout=180,
        )
        results.append(Ran(example, run.stdout, run.returncode, work))
    return results


def test_the_command_line_section_has_its_examples():
    assert len(TRACKER_EXAMPLES) >= 8, [e.command for e in EXAMPLES]
    assert {"cat update.csv", "cat bad.csv"} <= {e.command for e in SHOWN_FILES}
    assert all(e in TRACKER_EXAMPLES or e in SHOWN_FILES for e in EXAMPLES), "a README example the test cannot run"
    assert all(e.output for e in EXAMPLES), "an example without its output"


@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=[e.command for e in EXAMPLES])
def test_every_example_prints_what_readme_shows(ran, index):
    example, run = ran[index].example, ran[index]
    same = matches(example.output, run.printed.splitlines())
    assert same, (
        f"README shows, under `$ {example.command}`:\n"
        + "\n".join(example.output)
        + f"\n\nit printed (exit {run.exit_code}):\n{run.printed}"
    )
    if not example.command.rstrip().endswith("echo $?"):  # README shows the exit code where it is not 0
        assert run.exit_code == 0, run.printed


@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=[e.command for e in EXAMPLES])
def test_a_file_an_example_says_it_wrote_is_there(ran, index):
    example, run = ran[index].example, ran[index]
    for name in re.findall(r"written to (\S+)$", run.printed, flags=re.M):
        path = run.folder / name
        assert path.is_file() and path.stat().st_size > 0, (
            f"`$ {example.command}` says it wrote {name}; it is not there"
        )


def subcommands() -> dict[str, list[tuple[str, ...]]]:
    """Each subcommand of `python -m tracker` (from its argparse parser) with the option strings of each option."""
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name: [tuple(a.option_strings) for a in sub._actions if a.option_strings and "--help" not in a.option_strings]
        for name, sub in action.choices.items()
    }


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_subcommand_has_an_example_in_readme(command):
    assert any(shlex.split(e.command)[3:4] == [command] for e in TRACKER_EXAMPLES), (
        f"`python -m tracker {command}` exists and README's command-line section has no example of it"
    )


@pytest.mark.parametrize(
    ("command", "option"),
    [(c, o) for c, options in sorted(subcommands().items()) for o in options] + [("", ("--db",))],
    ids=lambda value: "/".join(value) if isinstance(value, tuple) else value,
)
def test_every_option_is_named_in_readme(command, option):
    named = any(re.search(rf"(?<![\w-]){re.escape(o)}\b", CLI) for o in option)
    assert named, (
        f"`python -m tracker {command} {'/'.join(option)}` exists and README's command-line section does not name it"
    )


QUICK_START = section("Quick start")
RUN_COMMAND, TEST_COMMAND = code_lines(QUICK_START)[:2]


@pytest.mark.parametrize("command", [RUN_COMMAND, TEST_COMMAND])
def test_the_quick_start_installs_files_that_exist(command):
    parts = [shlex.split(part) for part in command.split("&&")]
    assert parts[0][:3] == ["pip", "install", "-r"]
    requirements = ROOT / parts[0][3]
    assert requirements.is_file(), f"README's `{command}` names {parts[0][3]}, which is not in the repository"
    names = {re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower() for line in requirements.read_text().splitlines()}
    wanted = {"streamlit"} if parts[1][0] == "streamlit" else {"pytest", "ruff"}
    assert wanted <= names | _included(requirements), f"{requirements.name} does not install {wanted - names}"


def _included(requirements: Path) -> set[str]:
    """The packages of the files a requirements file includes with ``-r``."""
    names: set[str] = set()
    for line in requirements.read_text().splitlines():
        if line.startswith("-r "):
            included = requirements.parent / line[3:].strip()
            names |= {re.split(r"[<>=!~\[; ]", x, maxsplit=1)[0].lower() for x in included.read_text().splitlines()}
    return names


def test_the_run_command_starts_the_dashboard():
    run = shlex.split(RUN_COMMAND.split("&&")[1])
    assert run[:2] == ["streamlit", "run"] and len(run) == 3, RUN_COMMAND
    entry = ROOT / run[2]
    assert entry.is_file(), f"README runs {run[2]}, which is not in the repository"
    source = entry.read_text(encoding="utf-8")
    assert "import streamlit" in source and "st.navigation(" in source, f"{run[2]} is not the app's entry"
    assert f"streamlit run {run[2]}" in section("Share with colleagues")  # Serving runs the same entry


def test_ci_runs_the_readme_test_command_verbatim_after_the_lint():
    lines = [line.strip() for line in CI_RUN.splitlines()]
    assert TEST_COMMAND in lines, f".ci/run does not run README's test command `{TEST_COMMAND}`"
    lint = [line for line in lines if line.startswith("ruff ")]
    assert lint and all(lines.index(line) < lines.index(TEST_COMMAND) for line in lint)
    for line in lint:  # README's Test section says CI lints, with the very commands
        assert f"`{line}`" in QUICK_START, f"README's Quick start does not say CI runs `{line}`"
