"""Plans in the revision sequence (issue 12 §2–3): a plan change is a revision, a revision fixes its plan, several
plans share one store's figures, a rollback may restore the plan, and an edit of data/*.csv syncs only itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from tracker.importing import FailedCheck, commit_plan, stage_plan_tables
from tracker.plan import DATA_DIR, PlanError
from tracker.plansync import commit_sync, csv_drift, folder_label, stage_sync
from tracker.snapshot import store_snapshot
from tracker.store import NothingToCommit, StalePlan, Store, UnknownPlan

pytest_plugins = ["store_fixtures"]  # store, store_url, postgres_url


def edited(store: Store, edit: str, plan_id: str | None = None):
    """The stored plan's (pillars, indicators, milestones) with one edit a planner makes."""
    pillars, indicators, milestones = (frame.copy() for frame in store.plan_tables(plan_id=plan_id))
    gdp_2028 = milestones["milestone_id"] == "gdp-2028"
    if edit == "target":
        milestones.loc[gdp_2028, "target_multiple"] = "2.5"
    elif edit == "period":
        milestones.loc[gdp_2028, "target_period"] = "2027"
    elif edit == "quote":
        milestones.loc[gdp_2028, "quote"] = "力争用5年实现经济总量翻番"
    elif edit == "removed":
        milestones = milestones[~gdp_2028]
    elif edit == "added":
        extra = milestones[gdp_2028].assign(milestone_id="gdp-2030", target_period="2030", target_multiple="2.2")
        milestones = pd.concat([milestones, extra], ignore_index=True)
    elif edit == "indicator_removed":
        milestones = milestones[milestones["indicator_id"] != "hightech_enterprises"]
        indicators = indicators[indicators["id"] != "hightech_enterprises"]
    return pillars, indicators, milestones


def commit_edit(store: Store, edit: str, plan_id: str = "jinan-2022", base: int | None = None) -> int:
    pillars, indicators, milestones = edited(store, edit)
    return store.commit_plan(plan_id, {}, pillars, indicators, milestones, "planner", edit, base)


EDITS = [
    # edit, the milestone the diff names, its status, the fields changed
    ("target", "gdp-2028", "changed", "target_multiple"),
    ("period", "gdp-2028", "changed", "target_period"),  # a stable id: a change, not a removal and an addition
    ("quote", "gdp-2028", "changed", "quote"),
    ("removed", "gdp-2028", "removed", ""),
    ("added", "gdp-2030", "added", ""),
]


@pytest.mark.parametrize(("edit", "milestone", "status", "fields"), EDITS)
def test_a_plan_edit_is_a_revision_and_a_pinned_revision_keeps_the_old_plan(store, edit, milestone, status, fields):
    before = store.plan(revision=1)
    figures_before = store.figures(1)

    number = commit_edit(store, edit, base=1)

    assert number == 2 == store.latest_revision()
    pd.testing.assert_frame_equal(store.plan(revision=1).milestones, before.milestones)  # pinned: as it was
    pd.testing.assert_frame_equal(store.figures(2), figures_before)  # the figures are untouched
    diff = store.plan_diff(1, 2)
    assert diff[["part", "key", "status", "fields"]].values.tolist() == [["milestones", milestone, status, fields]]
    now = store.plan().milestones.set_index("milestone_id")
    assert (milestone in now.index) == (status != "removed")
    pinned = store_snapshot(store, 1)
    assert len(pinned.plan.milestones) == len(before.milestones)
    assert store.plan_changes().query("revision == 2")[["key", "status"]].values.tolist() == [[milestone, status]]


@pytest.mark.parametrize(
    ("parts", "plan_restored", "figures_restored"),
    [
        (("figures",), False, True),  # the default, as before issue 12
        (("plan",), True, False),
        (("figures", "plan"), True, True),
    ],
)
def test_a_rollback_restores_the_parts_chosen(store, parts, plan_restored, figures_restored):
    plan_before, figures_before = store.plan_tables(revision=1), store.figures(1)
    commit_edit(store, "period", base=1)
    figures = pd.DataFrame([("gdp", "2031", 9999.0, "later", "bureau")], columns=store.figures().columns[:5])
    store.commit(figures, "a", "an upload", 2)
    preview = store.restore_preview(1, parts)
    assert set(preview) == set(parts)
    if "plan" in parts:
        assert preview["plan"][["key", "status", "fields"]].values.tolist() == [
            ["gdp-2028", "changed", "target_period"]
        ]
    if "figures" in parts:
        assert preview["figures"][["indicator_id", "period", "status"]].values.tolist() == [["gdp", "2031", "removed"]]

    number = store.restore(1, "a", "back", parts=parts)

    assert store.revision(number).restored_from == 1
    plan_now = store.plan_tables()
    assert all(old.equals(new) for old, new in zip(plan_before, plan_now, strict=True)) == plan_restored
    assert store.figures().equals(figures_before) == figures_restored


def test_a_restore_of_what_is_already_there_stores_nothing(store):
    commit_edit(store, "target", base=1)
    store.restore(1, "a", "back", parts=("plan",))
    with pytest.raises(NothingToCommit):
        store.restore(1, "a", "again", parts=("plan",))
    with pytest.raises(ValueError, match="notes"):
        store.restore(1, "a", "?", parts=("notes",))


BAD_PLANS = [
    # what is wrong, the column the problem names
    ("unknown indicator", "indicator_id"),
    ("duplicate id", "milestone_id"),
    ("no quote", "quote"),
    ("both value and multiple", "target_value"),
]


def bad(store: Store, problem: str):
    pillars, indicators, milestones = edited(store, "target")
    if problem == "unknown indicator":
        milestones.loc[0, "indicator_id"] = "gpd"
    elif problem == "duplicate id":
        milestones.loc[1, "milestone_id"] = milestones.loc[0, "milestone_id"]
    elif problem == "no quote":
        milestones.loc[0, "quote"] = ""
    elif problem == "both value and multiple":
        milestones.loc[0, "target_value"] = "3000"
    return pillars, indicators, milestones


@pytest.mark.parametrize(("problem", "column"), BAD_PLANS)
def test_a_plan_with_a_bad_row_stores_nothing(store, problem, column):
    tables = bad(store, problem)
    staged = stage_plan_tables(store, "jinan-2022", {}, *tables, filename="plan.zip")
    assert not staged.ok and column in {p.column for p in staged.problems}
    assert all(p.message("zh") and p.message("en") for p in staged.problems)
    with pytest.raises(FailedCheck):
        commit_plan(store, staged, "a", "bad")
    with pytest.raises(PlanError):  # the store refuses it too
        store.commit_plan("jinan-2022", {}, *tables, "a", "bad", 1)
    assert store.latest_revision() == 1
    assert len(store.plan_diff(1, 1)) == 0


def test_a_stale_plan_preview_is_refused_but_a_figure_upload_in_between_is_not(store):
    staged = stage_plan_tables(store, "jinan-2022", {}, *edited(store, "target"))
    figures = pd.DataFrame([("gdp", "2031", 1.0, "n", "s")], columns=store.figures().columns[:5])
    store.commit(figures, "a", "figures meanwhile", 1)
    assert commit_plan(store, staged, "a", "still fine") == 3  # figures do not make a plan preview stale
    late = stage_plan_tables(store, "jinan-2022", {}, *edited(store, "period"), base_revision=2)
    with pytest.raises(StalePlan, match="revision 3"):
        commit_plan(store, late, "b", "too late")
    assert store.latest_revision() == 3


def second_plan(store: Store):
    """A 2026–2030 plan of the same zone: its own GDP target (baseline 2023), the 2022 plan's gdp indicator."""
    pillars, indicators, milestones = store.plan_tables()
    gdp = milestones[milestones["milestone_id"] == "gdp-2028"].assign(
        milestone_id="gdp-2030", target_period="2030", target_multiple="1.6", baseline_period="2023"
    )
    about = {"title_zh": "济南高新区“十五五”规划", "title_en": "Jinan High-tech Zone 15th Five-Year Plan"}
    return about, pillars, indicators[indicators["id"].isin(["gdp", "city_gdp"])], gdp


def test_two_plans_share_the_figures_and_keep_their_own_milestones(store):
    about, pillars, indicators, milestones = second_plan(store)
    staged = stage_plan_tables(store, "jinan-2026", about, pillars, indicators, milestones)
    assert staged.ok and staged.is_new
    number = commit_plan(store, staged, "planner", "the 15th plan")

    plans = store.plans()
    assert plans[["plan_id", "indicators", "milestones", "revision"]].values.tolist() == [
        ["jinan-2022", 19, 15, 1],
        ["jinan-2026", 2, 1, number],
    ]
    assert store.plan().plan_id == "jinan-2022"  # the first plan stays the default
    new = store_snapshot(store, plan_id="jinan-2026")
    old = store_snapshot(store, plan_id="jinan-2022")
    assert new.status["target_period"].dropna().tolist() == ["2030"]
    assert new.status.iloc[0]["latest_value"] == old.status.iloc[0]["latest_value"]  # the same gdp figures
    assert new.status.iloc[0]["baseline_period"] == "2023"
    with pytest.raises(UnknownPlan):
        store.plan(revision=1, plan_id="jinan-2026")  # it did not exist yet


def test_an_indicator_a_plan_drops_keeps_its_figures_and_they_come_back(store):
    kept = store.figures().query("indicator_id == 'hightech_enterprises'")
    assert len(kept)
    staged = stage_plan_tables(store, "jinan-2022", {}, *edited(store, "indicator_removed"))
    assert staged.kept_figures == {"hightech_enterprises": len(kept)}
    assert staged.counts()["indicators"]["removed"] == 1
    commit_plan(store, staged, "a", "drop it")
    assert "hightech_enterprises" not in store.plan().indicators.index
    pd.testing.assert_frame_equal(store.figures().query("indicator_id == 'hightech_enterprises'"), kept)
    store.restore(1, "a", "bring it back", parts=("plan",))
    back = store_snapshot(store)
    assert "hightech_enterprises" in back.plan.indicators.index
    assert back.status.query("indicator_id == 'hightech_enterprises'")["latest_value"].notna().all()


def test_a_milestone_may_name_another_plans_indicator(store):
    _, pillars, _, milestones = second_plan(store)
    staged = stage_plan_tables(
        store, "jinan-2026", {"title_zh": "十五五"}, pillars.iloc[0:0], pd.DataFrame(), milestones
    )
    assert staged.ok, staged.problems
    assert staged.indicators["id"].tolist() == ["gdp"]  # copied from the 2022 plan, with its pillar
    assert staged.pillars["id"].tolist() == ["growth"]


# ---- data/*.csv edited by hand ------------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def edit_csv(path, edit):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    edit(frame)
    frame.to_csv(path, index=False)


def test_an_unedited_data_folder_does_not_differ(store_url, data_dir):
    with Store(store_url, data_dir=data_dir) as store:
        drift = csv_drift(store, data_dir)
        assert not drift.differs and drift.message("en") == "" and drift.revision == 1
        edit_csv(data_dir / "pillars.csv", lambda f: None)  # saved again, same rows: no difference
        assert not csv_drift(store, data_dir).differs


def test_a_sync_applies_only_the_csv_edit_and_never_undoes_a_later_upload(store_url, data_dir):
    with Store(store_url, data_dir=data_dir) as store:
        upload = pd.DataFrame([("gdp", "2023", 1801.2, "revised", "bureau")], columns=store.figures().columns[:5])
        store.commit(upload, "wang", "a revised 2023", 1)  # after the seed, never in figures.csv
        commit_edit(store, "quote", base=2)  # a plan edit in the app, never in milestones.csv

        def two_targets(frame):
            frame.loc[frame["indicator_id"] == "rd_intensity", "target_value"] = "9"
            frame.loc[frame["indicator_id"] == "hightech_enterprises", "target_value"] = "4500"

        edit_csv(data_dir / "milestones.csv", two_targets)
        drift = csv_drift(store, data_dir)
        assert [(f.name, f.count("added"), f.count("changed"), f.count("removed")) for f in drift.files] == [
            ("milestones.csv", 0, 2, 0)
        ]
        folder = f"{data_dir.resolve().as_posix()}/"  # a folder outside the working directory: its whole path
        assert drift.message("en") == f"{folder}milestones.csv differs from revision 1: 2 target(s) changed"
        assert drift.message("zh") == f"{folder}milestones.csv 与第 1 版同步的内容不同：2 个目标有改动"

        number = commit_sync(store, stage_sync(store, data_dir), "li", "sync")

        diff = store.plan_diff(3, number)
        assert sorted(diff["key"]) == ["hightech_enterprises-2027", "rd_intensity-2027"]
        milestones = store.plan().milestones.set_index("milestone_id")
        assert milestones.at["gdp-2028", "quote"] == "力争用5年实现经济总量翻番"  # the app's edit stays
        assert milestones.at["rd_intensity-2027", "target_value"] == 9
        assert store.figures().query("indicator_id == 'gdp' and period == '2023'")["value"].tolist() == [1801.2]
        assert not csv_drift(store, data_dir).differs  # synced: the snapshot is the edited file now
        assert csv_drift(store, data_dir).revision == number


def test_a_sync_of_figures_adds_and_changes_but_keeps_a_figure_the_csv_dropped(store_url, data_dir):
    with Store(store_url, data_dir=data_dir) as store:
        shipped = store.figures()

        frame = pd.read_csv(data_dir / "figures.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frame.loc[0, "value"] = "12345"
        frame.iloc[:-1].to_csv(data_dir / "figures.csv", index=False)  # and the last figure dropped
        staged = stage_sync(store, data_dir)
        assert [(f.count("added"), f.count("changed"), f.count("removed")) for f in staged.drift.files] == [(0, 1, 1)]
        assert len(staged.figures_kept) == 1
        number = commit_sync(store, staged, "li", "sync figures")
        assert store.revision(number).changed == 1
        assert len(store.figures()) == len(shipped)  # the dropped figure stays


def test_an_upgraded_old_store_has_its_plan_at_revision_1_and_a_snapshot(tmp_path):
    from test_migrations import load_sqlite

    path = tmp_path / "old.db"
    load_sqlite(path)
    with Store(f"sqlite:///{path}") as store:
        plans = store.plans(1)
        assert plans[["plan_id", "revision"]].values.tolist() == [["jinan-2022", 1]]
        assert set(store.shipped_csvs()) == {"pillars.csv", "indicators.csv", "milestones.csv", "figures.csv"}
        assert store.plan(revision=1).milestones["milestone_id"].is_unique
        drift = csv_drift(store, DATA_DIR)  # the CSVs shipped since c5a33c4 differ from what it was seeded with
        assert drift.revision == 1 and drift.differs


def test_restoring_the_plan_of_a_revision_before_a_new_plan_removes_it_and_a_later_restore_brings_it_back(store):
    about, pillars, indicators, milestones = second_plan(store)
    added = store.commit_plan("jinan-2026", about, pillars, indicators, milestones, "planner", "15th", 1)
    preview = store.restore_preview(1, ("plan",))["plan"]
    assert set(preview.loc[preview["plan_id"] == "jinan-2026", "status"]) == {"removed"}
    store.restore(1, "a", "before the 15th plan", parts=("plan",))
    assert store.plans()["plan_id"].tolist() == ["jinan-2022"]
    store.restore(added, "a", "the 15th plan again", parts=("plan",))
    assert store.plans()["plan_id"].tolist() == ["jinan-2022", "jinan-2026"]
    pd.testing.assert_frame_equal(
        store.plan(plan_id="jinan-2026").milestones, store.plan(revision=added, plan_id="jinan-2026").milestones
    )


@pytest.mark.parametrize(
    ("folder", "cwd", "label"),
    [
        ("/repo/data", "/repo", "data/"),
        ("/repo/data/", "/repo", "data/"),
        ("/repo/zones/b/data", "/repo", "zones/b/data/"),
        ("/srv/zone-b", "/repo", "/srv/zone-b/"),
        ("/repo", "/repo", "./"),
        ("/repo/data", "/elsewhere", "data/"),  # the repository's own folder, from another working directory
        ("/repo/data", "/repo/zones", "data/"),
    ],
)
def test_sync_messages_name_the_folder_synced(folder, cwd, label):
    """Issue 12 left: the sync said "data/" for every folder; a second zone's --data-dir is named as given."""
    assert folder_label(Path(folder), cwd=Path(cwd), shipped=Path("/repo/data")) == label
