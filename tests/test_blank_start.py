"""Another zone starts from a blank plan (issue 12 §3): a store seeded from a data folder without plan and figures
holds no plan, every page and command says what to do, and `plan import` then `import` make the zone's tracker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from tracker.cli import main
from tracker.importing import commit_plan, stage_plan
from tracker.plan import PlanError
from tracker.plansync import csv_drift, stage_sync
from tracker.store import BLANK_COMMENT, Store, StoreUnavailable

ROOT = Path(__file__).resolve().parent.parent
BLANK_DATA = ROOT / "examples" / "blank-data"  # the header-only CSVs README's worked example seeds from
EXAMPLE_PLAN = ROOT / "examples" / "plan-2026-example.xlsx"
PAGES = ["overview", "doubling", "industries", "indicator", "compare", "upload", "history", "review", "coverage"]
PAGES += ["method"]
ZONE_FIGURES = """indicator_id,period,value,note,source
gdp,2024,2000,example value,example
gdp,2025,2150,example value,example
city_gdp,2024,13000,example value,example
city_gdp,2025,14000,example value,example
rd_intensity,2025,7.6,example value,example
hightech_enterprises,2025,3900,example value,example
"""


def data_folder(tmp_path: Path, kind: str) -> Path:
    """A zone's data folder: "empty" (no file at all) or "headers" (examples/blank-data: header-only CSVs)."""
    folder = tmp_path / f"zone-data-{kind}"
    if kind == "headers":
        shutil.copytree(BLANK_DATA, folder)
    else:
        folder.mkdir()
    return folder


@pytest.mark.parametrize("kind", ["empty", "headers"])
def test_a_data_folder_without_rows_seeds_a_blank_store(tmp_path, kind):
    folder = data_folder(tmp_path, kind)
    with Store(f"sqlite:///{tmp_path / 'zone.db'}", data_dir=folder) as store:
        assert store.latest_revision() == 1
        assert store.plans().empty and store.figures().empty
        revision = store.revision(1)
        assert (revision.comment, revision.added) == (BLANK_COMMENT, 0)
        assert not csv_drift(store, folder).differs  # plan sync does not complain about an empty folder
        assert store.upload_plan().indicators.empty  # a first plan file is checked against nothing


@pytest.mark.parametrize(
    ("files", "error"),
    [
        (None, StoreUnavailable),  # a mistyped folder starts nothing
        ({"figures.csv": ZONE_FIGURES}, PlanError),  # figures without a plan: nothing to check them against
    ],
)
def test_a_data_folder_that_cannot_seed_creates_no_database(tmp_path, files, error):
    folder = tmp_path / "zone-data"
    if files is not None:
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(error):
        Store(f"sqlite:///{tmp_path / 'zone.db'}", data_dir=folder)
    assert not (tmp_path / "zone.db").exists()


@pytest.mark.parametrize(("how", "blank"), [("env", True), ("option", True), ("none", False)])
def test_the_data_folder_is_named_by_env_or_option(tmp_path, monkeypatch, capsys, how, blank):
    monkeypatch.delenv("TRACKER_DATA_DIR", raising=False)
    folder = data_folder(tmp_path, "empty")
    argv = ["--db", f"sqlite:///{tmp_path / 'zone.db'}"]
    if how == "env":
        monkeypatch.setenv("TRACKER_DATA_DIR", str(folder))
    elif how == "option":
        argv += ["--data-dir", str(folder)]
    assert main([*argv, "plans", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert ("no plan yet" in out) is blank
    assert ("jinan-2022" in out) is not blank


def run(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_worked_example_from_a_blank_plan(tmp_path, monkeypatch, capsys, lang):
    """README's "Another zone, from a blank plan", end to end: nothing before the plan, then plan, figures, status,
    plans, export and plan sync of the zone alone (no 2022 plan beside it)."""
    monkeypatch.chdir(tmp_path)
    folder = data_folder(tmp_path, "headers")
    zone = ["--db", f"sqlite:///{tmp_path / 'zone.db'}", "--data-dir", str(folder)]
    (tmp_path / "zone-figures.csv").write_text(ZONE_FIGURES, encoding="utf-8")
    no_plan = "还没有规划方案" if lang == "zh" else "no plan yet"

    code, out = run([*zone, "plans", "--lang", lang], capsys)
    assert code == 0 and no_plan in out and "plan import" in out
    for before in (["status", "--lang", lang], ["import", "zone-figures.csv", "--lang", lang, "--author", "zhao"]):
        code, out = run([*zone, *before], capsys)
        assert code == 2 and no_plan in out and "plan import" in out, out

    code, out = run(
        [*zone, "plan", "import", str(EXAMPLE_PLAN), "--plan", "zone-2026", "--title", "高新区规划（示例）"]
        + ["--author", "zhao", "--comment", "the zone's plan", "--lang", lang],
        capsys,
    )
    assert code == 0 and "zone-2026" in out, out
    code, out = run([*zone, "import", "zone-figures.csv", "--author", "zhao", "--comment", "figures"], capsys)
    assert code == 0 and "revision 3" in out, out

    code, out = run([*zone, "plans", "--format", "json"], capsys)
    assert code == 0 and '"plan_id": "zone-2026"' in out and "jinan-2022" not in out
    code, out = run([*zone, "status", "--format", "csv"], capsys)
    status = pd.read_csv(pd.io.common.StringIO(out), dtype=str)
    assert set(status["indicator_id"]) == {
        "gdp",
        "city_gdp",
        "gdp_increment_share",
        "rd_intensity",
        "hightech_enterprises",
        "digital_core_share",
    }
    gdp = status[(status["indicator_id"] == "gdp") & (status["target_period"] == "2030")].iloc[0]
    assert (gdp["latest_period"], float(gdp["latest_value"]), gdp["baseline_period"]) == ("2025", 2150.0, "2025")
    code, out = run([*zone, "export", "-o", "zone-export.csv"], capsys)
    assert code == 0 and "6 figures written" in out
    assert len(pd.read_csv(tmp_path / "zone-export.csv")) == 6
    code, out = run([*zone, "plan", "sync", "--dry-run", "--lang", lang], capsys)
    assert code == 0 and ("无需同步" if lang == "zh" else "nothing to sync") in out, out


@pytest.mark.parametrize(
    ("seed", "refused"),
    [
        # a blank store: the plan's indicators have no figure yet, so their baselines' come next
        ("blank", []),
        # the shipped store has figures of gdp, rd_intensity and hightech_enterprises, none for 2025: a baseline
        # period without its figure there is still a problem (a mistyped year)
        ("shipped", ["gdp", "rd_intensity", "hightech_enterprises"]),
    ],
)
def test_a_baseline_waits_for_its_figure_only_for_an_indicator_without_any(tmp_path, seed, refused):
    folder = data_folder(tmp_path, "empty") if seed == "blank" else None
    with Store(f"sqlite:///{tmp_path / 'zone.db'}", data_dir=folder) as store:
        staged = stage_plan(store, EXAMPLE_PLAN.name, EXAMPLE_PLAN.read_bytes(), plan_id="zone-2026")
        named = sorted({p.params.get("id") for p in staged.problems if getattr(p, "code", "") == "baseline_no_figure"})
        assert named == sorted(refused)
        if not refused:
            assert commit_plan(store, staged, "zhao", "the zone's plan") == 2
            assert store.plans()["plan_id"].tolist() == ["zone-2026"]


def test_a_csv_edit_on_a_blank_store_is_said_not_stored(tmp_path):
    folder = data_folder(tmp_path, "headers")
    with Store(f"sqlite:///{tmp_path / 'zone.db'}", data_dir=folder) as store:
        with (folder / "pillars.csv").open("a", encoding="utf-8") as f:
            f.write("growth,1,增长极,Growth pole,示例\n")
        staged = stage_sync(store, folder)
        assert staged.drift.differs and not staged.ok
        assert "no plan yet" in staged.problems[0][3]


# ---- the app on a blank store ------------------------------------------------------------------------------------


@pytest.fixture
def blank_app(app, monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_DATA_DIR", str(data_folder(tmp_path, "headers")))
    return app


def infos(at) -> str:
    return "\n".join(str(e.value) for kind in ("info", "warning", "error") for e in at.get(kind))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_a_blank_store_and_says_to_import_a_plan(blank_app, page, lang):
    at = blank_app(page, lang).run()
    assert not at.exception, at.exception
    said = "这个数据库还没有规划方案" if lang == "zh" else "This database has no plan yet"
    assert said in infos(at)
    assert ("规划方案" if lang == "zh" else "plan tab") in infos(at)
    if page == "history":  # the blank store's first revision, in the reader's language
        shown = " ".join(str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel())
        assert ("空白数据库" if lang == "zh" else "A blank store") in shown


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh", "请先在“规划方案”标签导入方案"), ("en", "import a plan on the plan tab first")],
)
def test_the_upload_pages_figures_tab_sends_to_the_plan_tab(blank_app, lang, said):
    at = blank_app("upload", lang)
    at.secrets["editor_passcode"] = ""
    at.run()
    assert not at.exception, at.exception
    assert said in infos(at)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_zones_plan_once_imported(blank_app, db_url, page):
    with Store(db_url) as store:  # the blank store, seeded from TRACKER_DATA_DIR, and its first plan
        staged = stage_plan(store, EXAMPLE_PLAN.name, EXAMPLE_PLAN.read_bytes(), plan_id="zone-2026")
        commit_plan(store, staged, "zhao", "the zone's plan")
    at = blank_app(page, "en").run()
    assert not at.exception, at.exception
    assert "This database has no plan yet" not in infos(at)
