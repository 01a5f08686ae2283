"""`python -m tracker status` end to end, checked against a hand computation on the shipped figures."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

KEYS = [
    "indicator_id",
    "latest_period",
    "latest_value",
    "baseline_period",
    "baseline_value",
    "target_period",
    "target_value",
    "progress",
    "status",
    "actual_rate",
    "required_rate",
    "needed_rate",
    "projected_value",
    "projected_year_reached",
]


def _tracker(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "tracker", "--db", f"sqlite:///{db}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli") / "t.db"  # seeded from data/ on first use


@pytest.fixture(scope="module")
def rows(db) -> dict[tuple[str, str | None], dict]:
    run = _tracker(db, "status", "--format", "json")
    assert run.returncode == 0, run.stderr
    records = json.loads(run.stdout)
    assert isinstance(records, list)
    assert all(isinstance(r, dict) and set(KEYS) <= set(r) for r in records)
    return {(r["indicator_id"], r["target_period"]): r for r in records}


# The hand computation, from data/figures.csv.
GDP_2022, GDP_2023 = 1619.3, 1767.3
GDP_ACTUAL = GDP_2023 / GDP_2022 - 1  # 0.09140
HIGHTECH_ACTUAL = (2400 / 2057) ** (1 / 2) - 1  # 2022 -> 2024-09, which counts as 2024: 0.0802

EXPECTED = {
    ("gdp", "2028"): {
        "status": "acceleration_needed",  # 0.09140 / 0.12246 = 0.746
        "latest_period": "2023",
        "latest_value": GDP_2023,
        "baseline_period": "2022",
        "baseline_value": GDP_2022,
        "target_value": 3238.6,
        "progress": (GDP_2023 - GDP_2022) / (3238.6 - GDP_2022),
        "required_rate": 2 ** (1 / 6) - 1,
        "actual_rate": GDP_ACTUAL,
        "needed_rate": (3238.6 / GDP_2023) ** (1 / 5) - 1,
        "projected_value": GDP_2023 * (1 + GDP_ACTUAL) ** 5,
        "projected_year_reached": 2030,
    },
    ("gdp", "2029"): {
        "status": "acceleration_needed",  # 0.09140 / 0.10409 = 0.878
        "target_value": 3238.6,
        "required_rate": 2 ** (1 / 7) - 1,
        "actual_rate": GDP_ACTUAL,
        "needed_rate": 0.1062,
        "projected_value": GDP_2023 * (1 + GDP_ACTUAL) ** 6,
        "projected_year_reached": 2030,
    },
    ("hightech_enterprises", "2027"): {
        "status": "limited_progress",  # 0.0802 / 0.1423 = 0.56
        "latest_period": "2024-09",
        "latest_value": 2400,
        "baseline_value": 2057,
        "target_value": 4000,
        "progress": (2400 - 2057) / (4000 - 2057),
        "required_rate": (4000 / 2057) ** (1 / 5) - 1,
        "actual_rate": HIGHTECH_ACTUAL,
        "needed_rate": (4000 / 2400) ** (1 / 3) - 1,
        "projected_year_reached": 2031,
    },
    ("gdp_increment_share", "2027"): {
        "status": "achieved",  # 2023: 148.0 / 729.9 = 20.28 % >= 20 %
        "latest_period": "2023",
        "latest_value": 20.2768,
        "baseline_period": "2021",
        "baseline_value": 16.9439,  # the plan's 16.9 %
        "target_value": 20,
        "needed_rate": None,
    },
    ("tech_contract_turnover", "2022"): {
        "status": "achieved",  # 184 > 150
        "latest_value": 184,
        "target_value": 150,
        "progress": 184 / 150,
    },
    ("rd_intensity", "2027"): {
        "status": "not_assessed",  # the latest annual figure is the 2020 baseline
        "latest_period": "2020",
        "actual_rate": None,
        "required_rate": None,
        "needed_rate": (8 - 6.19) / 7,  # linear: percentage points a year
    },
    ("industry_digital", "2027"): {
        "status": "not_assessed",  # one figure
        "latest_value": 4100,
        "progress": 0.82,
        "actual_rate": None,
        "needed_rate": (5000 / 4100) ** (1 / 3) - 1,
    },
    ("industry_digital", "2030"): {"status": "not_assessed", "needed_rate": (5000 / 4100) ** (1 / 6) - 1},
    ("new_enterprises", "2022"): {"status": "not_assessed", "latest_value": None, "progress": None},
    ("national_rd_institutions", "2027"): {"status": "not_assessed", "latest_value": None, "target_value": 22},
    ("industry_biomedicine", "2027"): {"status": "not_assessed", "latest_value": 1000, "progress": 0.5},
    # the 2026 work report's "预计超过1.4万亿元": an estimate and a lower bound
    ("city_gdp", None): {
        "status": "not_assessed",
        "latest_period": "2025",
        "latest_value": 14000.0,
        "latest_qualifier": "at_least",
        "latest_flags": ["estimate"],
    },
    # the annual growth targets: only Jan–Sep growth is published for both years
    ("gdp", "2024"): {
        "status": "not_assessed",
        "milestone_kind": "annual_growth",
        "target_value": 0.07,
        "latest_growth": 0.065,
        "latest_growth_period": "2024-09",
    },
    ("gdp", "2025"): {"status": "not_assessed", "milestone_kind": "annual_growth", "latest_growth": 0.078},
    ("industry_intelligent_manufacturing", "2027"): {"status": "achieved", "latest_flags": ["proxy"]},
    ("pe_fund_size", None): {"status": "not_assessed", "latest_period": "2022-10", "latest_value": 465.5},
}


@pytest.mark.parametrize(("key", "expected"), list(EXPECTED.items()), ids=[f"{i}-{p}" for i, p in EXPECTED])
def test_status_json_agrees_with_hand_computation(rows, key, expected):
    row = rows[key]
    for field, want in expected.items():
        if isinstance(want, float):
            assert row[field] == pytest.approx(want, abs=5e-5), field
        else:
            assert row[field] == want, field


def test_status_json_has_one_row_per_milestone_and_context_indicator(rows):
    assert len(rows) == 23  # 15 milestones and 8 indicators without a target
    assert sum(1 for _, period in rows if period is None) == 8
    counts = {}
    for r in rows.values():
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    assert counts == {"acceleration_needed": 2, "limited_progress": 1, "achieved": 3, "not_assessed": 17}


def test_status_csv(db, rows):
    run = _tracker(db, "status", "--format", "csv")
    assert run.returncode == 0, run.stderr
    table = list(csv.DictReader(io.StringIO(run.stdout)))
    assert list(table[0])[: len(KEYS)] == KEYS
    assert len(table) == 23
    gdp = next(r for r in table if r["indicator_id"] == "gdp" and r["target_period"] == "2028")
    assert gdp["status"] == "acceleration_needed"
    assert float(gdp["required_rate"]) == pytest.approx(0.12246, abs=1e-5)
    assert {(r["indicator_id"], r["status"]) for r in table} == {(i, r["status"]) for (i, _), r in rows.items()}


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("en", ["Zone GDP", "Acceleration needed", "Limited progress", "Achieved", "High-tech enterprises"]),
        ("zh", ["高新区地区生产总值", "需要加速", "进展有限", "已实现", "高新技术企业数量"]),
    ],
)
def test_status_table(db, lang, texts):
    run = _tracker(db, "status", "--format", "table", "--lang", lang)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 23
    assert lines[0].startswith("gdp ")
    for text in texts:
        assert text in run.stdout


def test_every_cli_command_is_documented(db):
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md does not exist yet")
    run = _tracker(db, "--help")
    assert run.returncode == 0, run.stderr
    commands = re.search(r"\{([a-z_,-]+)\}", run.stdout).group(1).split(",")
    assert "status" in commands
    text = readme.read_text(encoding="utf-8")
    undocumented = [c for c in commands if not re.search(rf"python -m tracker\b[^\n]*\s{c}\b", text)]
    assert undocumented == []


# --- Files that cannot be read or written, bad revisions, long problem lists: one line each, never a traceback. ---


def _run_main(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    from tracker.cli import main

    code = main(["--db", f"sqlite:///{db}", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "{tmp}/missing.csv"], "cannot read {tmp}/missing.csv: no such file"),
        (["import", "{tmp}"], "cannot read {tmp}: it is a folder, not a file"),
        (["export", "-o", "{tmp}/no/such/folder/f.csv"], "cannot write {tmp}/no/such/folder/f.csv: its folder does"),
        (["export", "-o", "{tmp}"], "cannot write {tmp}: it is a folder, not a file"),
        (["export", "--format", "xlsx", "-o", "{tmp}/read-only/f.xlsx"], "cannot write {tmp}/read-only/f.xlsx"),
        (["report", "--lang", "en", "-o", "{tmp}"], "cannot write {tmp}: it is a folder, not a file"),
        (["report", "--lang", "en", "-o", "{tmp}/no/such/folder/r.html"], "cannot write {tmp}/no/such/folder/r.html"),
        (["export", "--revision", "0"], "there is no revision 0"),
        (["export", "--revision", "-1"], "there is no revision -1"),
        (["export", "--revision", "7"], "there is no revision 7"),
        (["report", "--lang", "en", "--revision", "0", "-o", "{tmp}/r.html"], "there is no revision 0"),
        (["status", "--lang", "en", "--revision", "0"], "there is no revision 0"),
    ],
)
def test_unreadable_files_and_bad_revisions_exit_2_with_one_line(capsys, tmp_path, db, args, message):
    (tmp_path / "read-only").mkdir()
    (tmp_path / "read-only").chmod(0o500)
    try:
        code, out, err = _run_main(capsys, db, *[a.format(tmp=tmp_path) for a in args])
    finally:
        (tmp_path / "read-only").chmod(0o700)
    if os.geteuid() == 0 and "read-only" in message:
        pytest.skip("root may write into a read-only folder")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert message.format(tmp=tmp_path) in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "{tmp}/missing.csv", "--lang", "zh"], "错误：无法读取 {tmp}/missing.csv：文件不存在；请检查路径"),
        (["export", "--lang", "zh", "-o", "{tmp}"], "错误：无法写入 {tmp}：这是文件夹，不是文件"),
        (["report", "--revision", "0", "-o", "{tmp}/r.html"], "错误：没有第 0 版：版本编号为 1 至 1"),  # report: zh
        (["export", "--revision", "0"], "error: there is no revision 0: revisions are numbered 1 to 1"),
    ],
)
def test_the_one_line_is_in_the_chosen_language(capsys, tmp_path, db, args, message):
    code, _, err = _run_main(capsys, db, *[a.format(tmp=tmp_path) for a in args])
    assert code == 2 and err.startswith(message.format(tmp=tmp_path)) and err.count("\n") == 1


def test_a_failed_check_is_summarised_in_chinese(capsys, tmp_path, db):
    code, _, err = _run_main(capsys, db, "import", str(_bad_rows(400, tmp_path)), "--lang", "zh")
    assert code == 1
    assert "另有 390 个问题未列出" in err and "用 --problems-csv FILE" in err
    assert err.strip().splitlines()[-1] == "共 440 个问题：没有保存任何数据。"


def test_a_missing_file_exits_2_without_a_traceback_from_the_command_line(db, tmp_path):
    run = _tracker(db, "import", str(tmp_path / "missing.csv"))
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        f"error: cannot read {tmp_path / 'missing.csv'}: no such file; check the path and try again"
    ]


def _bad_rows(n: int, tmp_path: Path) -> Path:
    """n rows naming an unknown indicator, and every tenth an unreadable period too."""
    lines = ["indicator_id,period,value,note,source"]
    lines += [f"no_such_indicator,{'someday' if i % 10 == 0 else '2023'},1,," for i in range(n)]
    path = tmp_path / f"bad{n}.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("rows", "total"), [(3, 4), (45, 50), (46, 51), (400, 440)])
def test_a_failed_check_lists_the_first_problems_then_counts_per_kind(capsys, tmp_path, db, rows, total):
    path = _bad_rows(rows, tmp_path)  # a problem a row, and one more every tenth row
    code, _, err = _run_main(capsys, db, "import", str(path))
    assert code == 1
    lines = err.strip().splitlines()
    listed = min(total, 50)
    problems = [line for line in lines if line.startswith(f"{path}: row ")]
    assert len(problems) == listed
    assert lines[-1] == f"{total} problem(s): nothing was stored."
    if total > listed:
        assert f"{total - listed} more not listed; problems by kind:" in err
        kinds = [line for line in lines if line.startswith("  ")]
        assert sum(int(line.rsplit(": ", 1)[1]) for line in kinds) == total
        assert "use --problems-csv FILE" in err
    else:
        assert "more not listed" not in err
    assert len(lines) <= 50 + 10


def test_problems_csv_holds_every_problem(capsys, tmp_path, db):
    path, out = _bad_rows(400, tmp_path), tmp_path / "problems.csv"
    code, _, err = _run_main(capsys, db, "import", str(path), "--problems-csv", str(out))
    assert code == 1
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    total = int(err.strip().splitlines()[-1].split()[0])
    assert len(table) == total and list(table[0]) == ["row", "column", "kind", "message"]
    assert {r["row"] for r in table if r["row"]} >= {str(i) for i in range(2, 402)}
    assert f"every problem is in {out}" in err


# --- import: the preview's counts and flagged rows before the commit; --dry-run stops there (tracker.importing). ---

IMPORT_ROWS = "indicator_id,period,value,note,source\r\ngdp,2019,1000,,\r\ngdp,2023,1767.3,,\r\ngdp,2022,100,,\r\n"


@pytest.mark.parametrize(
    ("lang", "counts", "flagged"),
    [
        ("en", ": 1 new, 1 changed, 1 unchanged, 2 flagged", "  row 4 gdp 2022 100: -94% against the stored value"),
        ("zh", "：新增 1 行，修改 1 行，未变 1 行，需核对 2 行", "  第 4 行 gdp 2022 100：比原数值变化 -94%"),
    ],
)
@pytest.mark.parametrize("dry_run", [True, False])
def test_import_prints_the_preview_before_it_commits(capsys, tmp_path, lang, counts, flagged, dry_run):
    db, path = tmp_path / "t.db", tmp_path / "update.csv"
    path.write_text(IMPORT_ROWS, encoding="utf-8")
    args = ["import", str(path), "--lang", lang] + (["--dry-run"] if dry_run else [])
    code, out, err = _run_main(capsys, db, *args)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{path}{counts}"
    assert any(line.startswith(flagged) for line in lines[1:3]), lines
    from tracker.store import Store

    with Store(f"sqlite:///{db}") as store:
        assert store.latest_revision() == (1 if dry_run else 2)
    if dry_run:
        assert (
            lines[-1]
            == {"en": "dry run (--dry-run): nothing was stored.", "zh": "试运行（--dry-run）：没有保存任何数据。"}[lang]
        )
    else:
        assert lines[-1].startswith(
            {"en": "revision 2: 1 added, 1 changed", "zh": "第 2 版：新增 1 个，修改 1 个"}[lang]
        )


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_failed_check_stores_nothing_with_or_without_dry_run(capsys, tmp_path, dry_run):
    db = tmp_path / "t.db"
    code, out, err = _run_main(capsys, db, "import", str(_bad_rows(3, tmp_path)), *(["--dry-run"] if dry_run else []))
    assert code == 1 and out == "" and err.strip().endswith("nothing was stored.")
