"""Notes (issue 13) in the core: checked against the plan, stored in the revision sequence (edit = a new version,
delete = a tombstone), read as of any revision, imported all-or-nothing, the CLI, and the chart's note layers."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from tracker import charts, notes
from tracker.cli import main
from tracker.store import UnknownRevision

pytest_plugins = ["store_fixtures"]


@pytest.fixture
def plan(fresh_store):
    return fresh_store.plan()


@pytest.mark.parametrize(
    ("indicator", "period", "text", "milestone", "stored", "codes"),
    [
        ("gdp", "2025年1-6月", "投资放缓", "", ("gdp", "2025-06", ""), []),
        ("高新区地区生产总值", "2024年", "x", "2028", ("gdp", "2024", "gdp-2028"), []),
        ("gdp", "2024", "x", "gdp-2029", ("gdp", "2024", "gdp-2029"), []),
        ("Zone GDP", "2024Q3", "x", "", ("gdp", "2024-Q3", ""), []),
        ("gpd", "2024", "x", "", None, ["note_unknown_indicator"]),
        ("", "2024", "x", "", None, ["note_no_indicator"]),
        ("gdp", "明年", "x", "", None, ["note_bad_period"]),
        ("gdp", "2024", "   ", "", None, ["note_empty"]),
        ("gdp", "2024", "x", "2030", None, ["note_unknown_milestone"]),
        ("gdp", "2024", "a\x00b", "", None, ["note_nul"]),
        ("gdp", "2024", "长" * (notes.MAX_TEXT + 1), "", None, ["note_too_long"]),
        ("gpd", "20xx", "", "", None, ["note_unknown_indicator", "note_bad_period", "note_empty"]),
    ],
)
def test_a_note_is_checked_against_the_plan(plan, indicator, period, text, milestone, stored, codes):
    note, problems = notes.check_note(plan, indicator, period, text, milestone)
    assert [p.code for p in problems] == codes
    if stored:
        assert (note["indicator_id"], note["period"], note["milestone_id"]) == stored
    for problem in problems:  # both languages, each saying what to do
        assert problem.message("zh") != problem.message("en")
        assert problem.message("zh") and problem.message("en")


def test_notes_round_trip_through_revisions(store):
    """A pinned revision shows the notes as they were: added, edited (a new version), deleted (a tombstone)."""
    seed = store.latest_revision()
    a = notes.add_note(store, "gdp", "2025-06", "第一版", "王芳", parts={"cause": "投资放缓"})
    b = notes.add_note(store, "rd_intensity", "2024", "研发投入", "李雷", milestone="2027")
    edited = notes.edit_note(store, a.note_ids[0], "张三", text="第二版")
    deleted = notes.delete_note(store, b.note_ids[0], "张三")
    seen = {
        r: notes.notes_at(store, r)[["note_id", "text", "author"]].values.tolist()
        for r in range(seed, deleted.revision + 1)
    }
    one, two = a.note_ids[0], b.note_ids[0]
    assert seen == {
        seed: [],
        a.revision: [[one, "第一版\n原因：投资放缓", "王芳"]],
        b.revision: [[one, "第一版\n原因：投资放缓", "王芳"], [two, "研发投入", "李雷"]],
        edited.revision: [[one, "第二版\n原因：投资放缓", "张三"], [two, "研发投入", "李雷"]],
        deleted.revision: [[one, "第二版\n原因：投资放缓", "张三"]],
    }
    frame = notes.notes_at(store, b.revision, indicator_id="rd_intensity")
    assert list(frame.columns[: len(notes.NOTE_COLUMNS)]) == notes.NOTE_COLUMNS
    assert frame[["indicator_id", "period", "milestone_id"]].values.tolist() == [
        ["rd_intensity", "2024", "rd_intensity-2027"]
    ]
    assert notes.notes_at(store, a.revision, lang="en")["text"].tolist() == ["第一版\nWhy: 投资放缓"]
    # the figures never moved: every note revision is "not a figure revision"
    assert notes.figure_revisions_after(store, seed) == []
    assert store.figures(deleted.revision).equals(store.figures(seed))


def test_a_figure_revision_after_notes_counts_as_newer_figures(store):
    first = notes.add_note(store, "gdp", "2025", "x", "a")
    figures = store.commit(
        pd.DataFrame({"indicator_id": ["gdp"], "period": ["2024"], "value": [1900.0]}), "a", "c", None
    )
    notes.add_note(store, "gdp", "2025", "y", "a")
    assert notes.figure_revisions_after(store, first.revision) == [figures]
    assert notes.figure_revisions_after(store, figures) == []


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda s: notes.edit_note(s, 99, "a", text="x"), "note_no_such"),
        (lambda s: notes.delete_note(s, 99, "a"), "note_no_such"),
        (lambda s: notes.add_note(s, "gdp", "2025", "", "a"), "note_refused"),
    ],
)
def test_a_write_that_cannot_be_made_stores_nothing(store, call, code):
    before = store.latest_revision()
    with pytest.raises(notes.NoteError) as raised:
        call(store)
    assert raised.value.text.key == code
    assert store.latest_revision() == before


def test_a_deleted_note_cannot_be_edited_or_deleted_again(store):
    written = notes.add_note(store, "gdp", "2025", "x", "a")
    notes.delete_note(store, written.note_ids[0], "a")
    with pytest.raises(notes.NoteError):
        notes.edit_note(store, written.note_ids[0], "a", text="again")
    with pytest.raises(notes.NoteError):
        notes.delete_note(store, written.note_ids[0], "a")


def test_notes_at_an_unknown_revision_is_refused(store):
    with pytest.raises(UnknownRevision):
        notes.notes_at(store, 999)


def csv_file(rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    return "\n".join(",".join(r) for r in rows).encode(encoding)


def xlsx_file(rows: list[list[str]], sheet: str = "说明") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "数据"
    book.active.append(["indicator_id", "period", "value"])
    ws = book.create_sheet(sheet)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    ["指标", "时期", "说明", "目标年份"],
    ["gdp", "2025年1-6月", "上半年回落", ""],
    ["rd_intensity", "2024", "研发", "2027"],
]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.csv", csv_file(GOOD)),
        ("notes.csv", csv_file(GOOD, "gbk")),
        ("notes.xlsx", xlsx_file(GOOD)),
        ("notes.xlsx", xlsx_file([["indicator", "period", "text", "milestone"], *GOOD[1:]], sheet="notes")),
    ],
)
def test_a_notes_file_is_imported_as_one_revision(store, name, data):
    check = notes.check_notes_file(store.plan(), name, data)
    assert check.ok, [p.message("en") for p in check.problems]
    written = notes.import_notes(store, check, "王芳")
    stored = notes.notes_at(store, written.revision)
    assert stored[["indicator_id", "period", "text", "milestone_id"]].values.tolist() == [
        ["gdp", "2025-06", "上半年回落", ""],
        ["rd_intensity", "2024", "研发", "rd_intensity-2027"],
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["指标", "时期", "说明"], ["gdp", "2025", "ok"], ["gpd", "2025", "x"], ["", "", ""], ["gdp", "20xx", ""]],
            [(3, "指标", "note_unknown_indicator"), (5, "时期", "note_bad_period"), (5, "说明", "note_empty")],
        ),
        ([["indicator", "text"], ["gdp", "x"]], [(1, None, "notes_missing_column")]),
        (
            [["indicator", "period", "text", "milestone"], ["gdp", "2025", "x", "2030"]],
            [(2, "milestone", "note_unknown_milestone")],
        ),
        ([["indicator", "period", "text"]], [(None, None, "notes_none")]),
    ],
)
def test_a_notes_file_with_any_problem_stores_nothing_and_names_row_and_column(store, rows, expected):
    before = store.latest_revision()
    check = notes.check_notes_file(store.plan(), "n.csv", csv_file(rows))
    assert [(p.row, p.column, p.code) for p in check.problems] == expected
    with pytest.raises(notes.NoteError):
        notes.import_notes(store, check, "a")
    assert store.latest_revision() == before


def test_an_unreadable_notes_file_says_so(plan):
    with pytest.raises(notes.NoteError) as raised:
        notes.check_notes_file(plan, "n.xlsx", b"PK\x03\x04 not really a workbook")
    assert "CSV" in raised.value.message("zh") and "CSV" in raised.value.message("en")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_note_commands(fresh_store, db_url, capsys, tmp_path):
    code, out, _ = run(
        capsys, "note", "add", "gdp", "2025年1-6月", "--text", "上半年回落", "--author", "wang", "--why", "投资"
    )
    assert code == 0 and out.strip() == "revision 2: note 1 added"
    code, out, _ = run(capsys, "note", "list")
    (line,) = out.strip().splitlines()
    assert line.split()[:4] == ["1", "gdp", "2025-06", "wang"] and line.endswith("上半年回落 / Why: 投资")
    assert (
        run(capsys, "note", "edit", "1", "--text", "修订", "--author", "li")[1].strip() == "revision 3: note 1 edited"
    )
    assert run(capsys, "note", "delete", "1", "--author", "li")[1].strip() == "revision 4: note 1 deleted"
    assert run(capsys, "note", "list")[1].strip() == ""
    assert "上半年回落" in run(capsys, "note", "list", "--revision", "2")[1]
    assert "修订" in run(capsys, "note", "list", "--revision", "3", "--indicator", "gdp")[1]
    assert run(capsys, "note", "list", "--revision", "3", "--indicator", "rd_intensity")[1].strip() == ""
    code, _, err = run(capsys, "note", "add", "gpd", "2025", "--text", "x", "--lang", "zh")
    assert code == 1 and "不认识的指标“gpd”" in err
    code, _, err = run(capsys, "note", "delete", "7")
    assert code == 1 and "there is no note 7" in err
    good = tmp_path / "notes.csv"
    good.write_bytes(csv_file(GOOD))
    code, out, _ = run(capsys, "note", "import", str(good), "--author", "wang")
    assert code == 0 and out.strip() == "revision 5: 2 notes from notes.csv"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file([["指标", "时期", "说明"], ["gpd", "2025", "x"]]))
    code, _, err = run(capsys, "note", "import", str(bad))
    assert code == 1 and "row 2, column 指标: unknown indicator 'gpd'" in err and "nothing was stored" in err
    # issue 14: every note revision says who and from where: the CLI, as the planning office's editor
    for number in (2, 3, 4, 5):
        info = fresh_store.revision(number)
        assert (info.author != "", info.role, info.channel) == (True, "editor", "cli"), number


@pytest.mark.parametrize(
    ("write", "provenance"),
    [
        (lambda s, p: notes.add_note(s, "gdp", "2025-06", "x", "wang", provenance=p), {"channel": "page"}),
        (lambda s, p: notes.add_note(s, "gdp", "2025-06", "x", "wang", provenance=p), {"channel": "cli"}),
        (lambda s, p: notes.add_note(s, "gdp", "2025-06", "x", "wang", provenance=p), None),
    ],
)
def test_a_note_revision_records_from_where(store, write, provenance):
    written = write(store, {**provenance, "role": "editor"} if provenance else None)
    info = store.revision(written.revision)
    assert (info.role, info.channel) == (("editor", provenance["channel"]) if provenance else ("", ""))


@pytest.mark.parametrize(
    ("periods", "years"),
    [([], []), (["2024"], [2024.0]), (["2025-06", "2023-Q3"], [2025.0, 2023.0])],
)
def test_the_chart_marks_each_note_at_its_period(periods, years):
    frame = pd.DataFrame(
        {"period": periods, "author": ["a"] * len(periods), "text": ["<b>x</b>\nsecond"] * len(periods)}
    )
    layers = charts.note_layers(frame, "zh")
    assert len(layers) == (2 if periods else 0)
    for layer in layers:
        assert [row["year"] for row in layer["data"]["values"]] == years
        assert all(row["text"] == "<b>x</b>" for row in layer["data"]["values"])  # the first line; a tooltip is text
    spec = {"layer": [{"mark": "line"}]}
    assert len(charts.with_notes(spec, frame, "zh")["layer"]) == 1 + len(layers)
    assert spec == {"layer": [{"mark": "line"}]}, "the cached spec is left as it was"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "zh",
            "说明未保存：“indicator”：不认识的指标“gpd”：请使用指标编号或名称（见指标页）；“period”：无法识别时期“明年”",
        ),
        (
            "en",
            "the note was not saved: indicator: unknown indicator 'gpd': use an indicator id or name (see the "
            "indicator page); period: cannot read the period '明年'",
        ),
    ],
)
def test_a_refused_note_names_every_problem(store, lang, said):
    with pytest.raises(notes.NoteError) as raised:
        notes.add_note(store, "gpd", "明年", "x", "a")
    assert raised.value.message(lang).startswith(said)
