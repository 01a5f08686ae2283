"""`python -m tracker plans`, `plan import|export|sync`, `--plan` and `rollback --parts` (issue 12): the CLI makes the
same calls as the store and prints what they did."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from tracker.cli import main, status_records
from tracker.cli_plans import plan_csv_zip
from tracker.plan import DATA_DIR
from tracker.planfile import read_plan_file
from tracker.snapshot import store_snapshot
from tracker.store import Store


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    Store(url).close()
    return url


def run(db: str, capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", db, *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def plan_zip(db: str, edit=None, about=None) -> bytes:
    with Store(db) as store:
        pillars, indicators, milestones = (frame.copy() for frame in store.plan_tables())
        about = {**store.plan_about(), **(about or {})}
    if edit is not None:
        pillars, indicators, milestones = edit(pillars, indicators, milestones)
    return plan_csv_zip(pillars, indicators, milestones, about)


def test_plans_lists_each_plan_with_its_counts(db, capsys):
    code, out, _ = run(db, capsys, "plans", "--lang", "en")
    assert code == 0
    assert out.split()[:1] == ["jinan-2022"] and "19 indicators  15 milestones  revision 1" in out
    code, out, _ = run(db, capsys, "plans", "--format", "json")
    assert [(p["plan_id"], p["milestones"]) for p in json.loads(out)] == [("jinan-2022", 15)]


@pytest.mark.parametrize("suffix", [".xlsx", ".zip"])
def test_an_exported_plan_reads_back_as_the_same_plan_and_imports_as_no_change(db, capsys, tmp_path, suffix):
    target = tmp_path / f"plan{suffix}"
    code, out, _ = run(db, capsys, "plan", "export", "-o", str(target), "--lang", "en")
    assert code == 0 and "written to" in out
    read = read_plan_file(target.read_bytes(), target.name)
    assert read.ok, [p.message("en") for p in read.problems]
    with Store(db) as store:
        assert read.milestones["milestone_id"].tolist() == store.plan_tables()[2]["milestone_id"].tolist()
    code, out, _ = run(db, capsys, "plan", "import", str(target), "--plan", "jinan-2022", "--author", "a")
    assert code == 0 and "nothing to store" in out
    with Store(db) as store:
        assert store.latest_revision() == 1


def change_gdp_2028_period(pillars, indicators, milestones):
    milestones.loc[milestones["milestone_id"] == "gdp-2028", "target_period"] = "2027"
    return pillars, indicators, milestones


def test_plan_import_previews_a_change_then_stores_it_and_history_names_it(db, capsys, tmp_path):
    path = tmp_path / "plan.zip"
    path.write_bytes(plan_zip(db, change_gdp_2028_period))
    code, out, _ = run(db, capsys, "plan", "import", str(path), "--plan", "jinan-2022", "--dry-run")
    assert code == 0
    assert out.splitlines()[:2] == [
        f"{path}: plan jinan-2022: 1 target(s) changed",
        "  ~ target gdp-2028  target_period: 2028 → 2027",
    ]
    assert "nothing was stored" in out
    code, out, _ = run(db, capsys, "plan", "import", str(path), "--plan", "jinan-2022", "--comment", "one year early")
    assert code == 0 and out.splitlines()[-1] == "revision 2: plan jinan-2022 stored"
    code, out, _ = run(db, capsys, "history", "--lang", "en")
    assert "plan jinan-2022: 1 target(s) changed" in out.splitlines()[1]
    code, out, _ = run(db, capsys, "status", "--revision", "1", "--format", "json")
    assert "2028" in [r["target_period"] for r in json.loads(out)]  # revision 1 keeps its plan


def test_a_plan_file_with_bad_rows_stores_nothing_and_names_each_problem(db, capsys, tmp_path):
    def bad(pillars, indicators, milestones):
        milestones.loc[0, "indicator_id"] = "gpd"
        milestones.loc[1, "quote"] = ""
        return pillars, indicators, milestones

    path = tmp_path / "bad.zip"
    path.write_bytes(plan_zip(db, bad))
    code, _, err = run(db, capsys, "plan", "import", str(path), "--plan", "jinan-2022", "--lang", "zh")
    assert code == 1
    assert "gpd" in err and "没有保存任何数据" in err
    with Store(db) as store:
        assert store.latest_revision() == 1


def test_a_second_plan_and_status_plan_json_has_that_plans_rows(db, capsys, tmp_path):
    def fifteenth_plan(pillars, indicators, milestones):
        gdp = milestones[milestones["milestone_id"] == "gdp-2028"].assign(
            milestone_id="gdp-2030", target_period="2030", target_multiple="1.6", baseline_period="2023"
        )
        return pillars, indicators[indicators["id"] == "gdp"], gdp

    path = tmp_path / "plan-2026.zip"
    path.write_bytes(plan_zip(db, fifteenth_plan, about={"plan_id": "", "title_en": "15th Five-Year Plan"}))
    code, out, _ = run(db, capsys, "plan", "import", str(path), "--plan", "jinan-2026", "--title", "十五五规划")
    assert code == 0, out
    assert (
        out.splitlines()[0]
        == f"{path}: plan jinan-2026 (new): 5 pillar(s) added, 1 indicator(s) added, 1 target(s) added"
    )
    code, out, _ = run(db, capsys, "status", "--plan", "jinan-2026", "--format", "json")
    rows = json.loads(out)
    with Store(db) as store:
        assert rows == json.loads(json.dumps(status_records(store_snapshot(store, plan_id="jinan-2026").status)))
        assert store.plan_about(plan_id="jinan-2026")["title_zh"] == "十五五规划"
    assert [(r["indicator_id"], r["target_period"], r["baseline_period"]) for r in rows] == [("gdp", "2030", "2023")]
    code, out, _ = run(db, capsys, "status", "--format", "json")
    assert len(json.loads(out)) > 1  # the default stays the first plan
    code, out, _ = run(db, capsys, "export", "--plan", "jinan-2026", "-o", str(tmp_path / "f.csv"))
    assert code == 0 and out.startswith("revision 2: ")
    exported = pd.read_csv(tmp_path / "f.csv", encoding="utf-8-sig")
    assert set(exported["indicator_id"]) == {"gdp"}


@pytest.mark.parametrize(
    "argv",
    [
        ("status", "--plan", "nope"),
        ("report", "--plan", "nope", "-o", "r.html"),
        ("freshness", "--plan", "nope"),
        ("history", "--plan", "nope"),
        ("plan", "export", "--plan", "nope", "-o", "p.xlsx"),
    ],
)
def test_an_unknown_plan_is_refused_with_the_plans_named(db, capsys, argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(db, capsys, *argv)
    assert code == 2
    assert "nope" in err and "jinan-2022" in err


@pytest.mark.parametrize(
    ("argv", "first_line", "plan_restored"),
    [
        ((), "revision 4 restores the figures of revision 1", False),
        (("--plan-too",), "figures: 0 come back, 1 added since go, 0 get their old value back", True),
        (("--parts", "plan"), "plan jinan-2022: 1 target(s) changed", True),
    ],
)
def test_rollback_restores_the_plan_when_asked(db, capsys, tmp_path, argv, first_line, plan_restored):
    path = tmp_path / "plan.zip"
    path.write_bytes(plan_zip(db, change_gdp_2028_period))
    run(db, capsys, "plan", "import", str(path), "--plan", "jinan-2022")
    with Store(db) as store:  # a figure upload, so a figures-only rollback has something to undo
        store.commit(pd.DataFrame([("gdp", "2031", 1.0, "n", "s")], columns=store.figures().columns[:5]), "a", "c", 2)
    code, out, _ = run(db, capsys, "rollback", "1", *argv)
    assert code == 0 and out.splitlines()[0] == first_line
    with Store(db) as store:
        periods = store.plan().milestones.set_index("milestone_id").at["gdp-2028", "target_period"]
    assert (periods == "2028") == plan_restored
    code, _, err = run(db, capsys, "rollback", "1", "--parts", "figures,notes")
    assert code == 2 and "notes" in err


def test_plan_sync_previews_then_stores_only_the_csv_edit(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    Store(url, data_dir=data).close()
    code, out, _ = run(url, capsys, "plan", "sync", "--data-dir", str(data))
    # The messages name the folder synced: outside the working directory, by its whole path.
    folder = f"{data.resolve().as_posix()}/"
    assert code == 0 and out.strip() == f"{folder} equals the CSVs synced at revision 1: nothing to sync."
    milestones = pd.read_csv(data / "milestones.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    milestones.loc[milestones["indicator_id"] == "rd_intensity", "target_value"] = "9"
    milestones.to_csv(data / "milestones.csv", index=False)
    code, out, _ = run(url, capsys, "plan", "sync", "--data-dir", str(data), "--dry-run")
    assert out.splitlines()[:2] == [
        f"{folder}milestones.csv differs from revision 1: 1 target(s) changed",
        "  ~ target rd_intensity-2027  target_value",
    ]
    code, out, _ = run(url, capsys, "plan", "sync", "--data-dir", str(data), "--author", "li")
    assert code == 0 and out.splitlines()[-1] == f"revision 2: the edit of {folder} synced"
    with Store(url, data_dir=data) as store:
        assert store.plan_diff(1, 2)["key"].tolist() == ["rd_intensity-2027"]
        assert store.figures(2).equals(store.figures(1))
        # issue 14: the sync's revision says who and from where
        assert (store.revision(2).author, store.revision(2).role, store.revision(2).channel) == ("li", "editor", "cli")
