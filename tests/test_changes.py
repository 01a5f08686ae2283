"""Why a status changed (tracker.changes, issue 12 §5): a table of revisions, each with the milestones whose status,
progress or needed rate moves and the causes named in both languages; unchanged rows give nothing."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from tracker.changes import explain_changes, explain_snapshots, matched_rows, since_columns
from tracker.plan import build_plan
from tracker.snapshot import build_snapshot

TODAY = date(2026, 12, 1)
FIGURE_COLUMNS = [
    "indicator_id",
    "period",
    "value",
    "note_zh",
    "note_en",
    "source_zh",
    "source_en",
    "qualifier",
    "flags",
    "growth",
    "confidence",
]

PILLARS = pd.DataFrame([{"id": "growth", "order": "1", "name_zh": "增长", "name_en": "Growth", "quote": ""}])


def _indicator(ind_id, name_zh, name_en, unit, unit_en, measure, method, formula=""):
    return {
        "id": ind_id,
        "name_zh": name_zh,
        "name_en": name_en,
        "pillar": "growth",
        "unit": unit,
        "unit_en": unit_en,
        "measure": measure,
        "direction": "up",
        "pace_method": method,
        "formula": formula,
        "description_zh": "",
        "description_en": "",
        "source_zh": "测试",
        "source_en": "test",
    }


INDICATORS = pd.DataFrame(
    [
        _indicator("gdp", "高新区生产总值", "Zone GDP", "亿元", "100 million yuan", "flow", "cagr"),
        _indicator("city", "全市生产总值", "City GDP", "亿元", "100 million yuan", "flow", "cagr"),
        _indicator(
            "share",
            "增量贡献度",
            "Share of the increment",
            "%",
            "%",
            "ratio",
            "linear",
            "(gdp[t] - gdp[t-1]) / (city[t] - city[t-1]) * 100",
        ),
        _indicator("firms", "高新技术企业", "High-tech firms", "家", "enterprises", "stock", "linear"),
    ]
)


def _milestone(milestone_id, ind_id, period, value="", multiple="", baseline="", kind="level", bound="at_least"):
    return {
        "milestone_id": milestone_id,
        "indicator_id": ind_id,
        "target_period": period,
        "target_value": value,
        "target_multiple": multiple,
        "baseline_period": baseline,
        "bound": bound,
        "quote": "规划原文",
        "source_zh": "规划",
        "source_en": "the plan",
        "kind": kind,
    }


MILESTONES = pd.DataFrame(
    [
        _milestone("gdp-double", "gdp", "2028", multiple="2", baseline="2022"),
        _milestone("gdp-growth-2025", "gdp", "2025", value="0.06", kind="annual_growth"),
        _milestone("share-2027", "share", "2027", value="25"),
        _milestone("firms-2027", "firms", "2027", value="4000", baseline="2022"),
    ]
)


def _figure(ind_id, period, value, qualifier="exact", flags="", growth=None):
    return {
        "indicator_id": ind_id,
        "period": period,
        "value": value,
        "note_zh": "",
        "note_en": "",
        "source_zh": "测试",
        "source_en": "test",
        "qualifier": qualifier,
        "flags": flags,
        "growth": growth,
        "confidence": "quoted",
    }


# gdp 2022→2023 +8% a year against the 12.2% doubling needs (acceleration needed); the share of the increment 16.7
# (2022) and 20 (2023) against 25 by 2027 (on track); firms +200 a year against the 400 needed (limited progress);
# no 2025 growth yet (not assessed).
FIGURES = pd.DataFrame(
    [
        _figure("gdp", "2021", 950.0),
        _figure("gdp", "2022", 1000.0),
        _figure("gdp", "2023", 1080.0, growth=0.06),
        _figure("city", "2021", 9700.0),
        _figure("city", "2022", 10000.0),
        _figure("city", "2023", 10400.0),
        _figure("firms", "2022", 2000.0),
        _figure("firms", "2024", 2400.0),
    ],
    columns=FIGURE_COLUMNS,
)


def plan_of(milestones: pd.DataFrame):
    return build_plan(PILLARS.copy(), INDICATORS.copy(), milestones.reset_index(drop=True))


def with_figure(figures, ind_id, period, value, **fields):
    """``figures`` with the figure (ind_id, period) set to ``value`` (added when absent) and ``fields``."""
    kept = figures[~((figures["indicator_id"] == ind_id) & (figures["period"] == period))]
    return pd.concat([kept, pd.DataFrame([_figure(ind_id, period, value, **fields)])], ignore_index=True)


def without_figure(figures, ind_id, period):
    return figures[~((figures["indicator_id"] == ind_id) & (figures["period"] == period))].reset_index(drop=True)


def edit_milestone(milestones, milestone_id, **fields):
    frame = milestones.copy()
    for column, value in fields.items():
        frame.loc[frame["milestone_id"] == milestone_id, column] = value
    return frame


def same(figures, milestones):
    return figures, milestones


# (case, edit of the old revision, edit of the new one, expected changes: (indicator, target period, old status,
# new status, cause kinds, words in zh, words in en))
CASES = [
    (
        "a new figure",
        same,
        lambda f, m: (with_figure(f, "gdp", "2024", 1250.0), m),
        [
            (
                "gdp",
                "2028",
                "acceleration_needed",
                "on_track",
                ["figure_added"],
                "需要加速 → 进度正常，原因：新增2024年数据",
                "Acceleration needed → On track, because the 2024 figure was added",
            )
        ],
    ),
    (
        "a revised figure, and the derived share that reads it",
        same,
        lambda f, m: (with_figure(f, "gdp", "2023", 1150.0), m),
        [
            (
                "gdp",
                "2028",
                "acceleration_needed",
                "on_track",
                ["figure_revised"],
                "原因：2023年数据修订：1,080 → 1,150 亿元",
                "because 2023 revised: 1,080 → 1,150 (100 million yuan)",
            ),
            (
                "share",
                "2027",
                "on_track",
                "achieved",
                ["figure_revised"],
                "原因：高新区生产总值：2023年数据修订：1,080 → 1,150 亿元",
                "because Zone GDP: 2023 revised: 1,080 → 1,150 (100 million yuan)",
            ),
        ],
    ),
    (
        "a revised input of a derived indicator only",
        same,
        lambda f, m: (with_figure(f, "city", "2023", 10100.0), m),
        [
            (
                "share",
                "2027",
                "on_track",
                "achieved",
                ["figure_revised"],
                "全市生产总值：2023年数据修订：10,400 → 10,100 亿元",
                "City GDP: 2023 revised: 10,400 → 10,100 (100 million yuan)",
            )
        ],
    ),
    (
        "a figure removed",
        same,
        lambda f, m: (without_figure(f, "firms", "2024"), m),
        [
            (
                "firms",
                "2027",
                "limited_progress",
                "not_assessed",
                ["figure_removed"],
                "进展有限 → 无法评估，原因：2024年数据已删除",
                "because the 2024 figure was removed",
            )
        ],
    ),
    (
        "a changed target",
        same,
        lambda f, m: (f, edit_milestone(m, "firms-2027", target_value="3000")),
        [
            (
                "firms",
                "2027",
                "limited_progress",
                "on_track",
                ["target_changed"],
                "原因：2027年目标：4,000 家 → 3,000 家",
                "because the 2027 target changed: 4,000 enterprises → 3,000 enterprises",
            )
        ],
    ),
    (
        "a target period edited (matched by milestone_id: a change, not a removal and an addition)",
        same,
        lambda f, m: (f, edit_milestone(m, "firms-2027", target_period="2032")),
        [
            (
                "firms",
                "2032",
                "limited_progress",
                "on_track",
                ["target_period_changed"],
                "目标年份：2027 → 2032",
                "the target year changed: 2027 → 2032",
            )
        ],
    ),
    (
        "a milestone added by the plan",
        lambda f, m: (f, m[m["milestone_id"] != "firms-2027"]),
        same,
        [
            (
                "firms",
                "2027",
                None,
                "limited_progress",
                ["milestone_added"],
                "新增目标（进展有限），原因：规划新增该目标",
                "new target (Limited progress), because the plan added this target",
            )
        ],
    ),
    (
        "a milestone removed by the plan",
        same,
        lambda f, m: (f, m[m["milestone_id"] != "firms-2027"]),
        [
            (
                "firms",
                "2027",
                "limited_progress",
                None,
                ["milestone_removed"],
                "目标已删除（原为进展有限），原因：规划删除了该目标",
                "target removed (was Limited progress), because the plan removed this target",
            )
        ],
    ),
    (
        "a qualifier changed: a lower bound below the target read as exact at the deadline",
        lambda f, m: (
            with_figure(f, "firms", "2024", 2400.0, qualifier="at_least"),
            edit_milestone(m, "firms-2027", target_period="2024", target_value="3000"),
        ),
        lambda f, m: (f, edit_milestone(m, "firms-2027", target_period="2024", target_value="3000")),
        [
            (
                "firms",
                "2024",
                "not_assessed",
                "missed",
                ["figure_qualifier"],
                "2024年数据的写法改变：≥2,400 → 2,400 家",
                "2024 now reads 2,400 enterprises (was ≥2,400)",
            )
        ],
    ),
    (
        "an estimate replaced by the final figure",
        lambda f, m: (with_figure(f, "gdp", "2024", 1250.0, flags="estimate"), m),
        lambda f, m: (with_figure(f, "gdp", "2024", 1300.0), m),
        [
            (
                "gdp",
                "2028",
                "on_track",
                "on_track",
                ["figure_final"],
                "进度 25.0% → 30.0%，原因：2024年正式数据 1,300 亿元 取代预计数 1,250 亿元",
                "the final 2024 figure 1,300 (100 million yuan) replaced the estimate 1,250 (100 million yuan)",
            )
        ],
    ),
    (
        "a series-break flag dropped: the status reads the figure it set apart",
        lambda f, m: (with_figure(f, "gdp", "2024", 1250.0, flags="break"), m),
        lambda f, m: (with_figure(f, "gdp", "2024", 1250.0), m),
        [
            (
                "gdp",
                "2028",
                "acceleration_needed",
                "on_track",
                ["figure_flags"],
                "原因：2024年数据的标记：口径调整 → 无",
                "because 2024 flags: new basis → none",
            )
        ],
    ),
    (
        "a growth rate reported for an annual growth target's year",
        same,
        lambda f, m: (with_figure(f, "gdp", "2025", float("nan"), growth=0.065), m),
        [
            (
                "gdp",
                "2025",
                "not_assessed",
                "achieved",
                ["growth_added"],
                "无法评估 → 已实现，原因：新增2025年同比增速 +6.5%",
                "because the 2025 growth +6.5% was added",
            )
        ],
    ),
    ("nothing changed", same, same, []),
    (
        "a note and a source edited: no status moves",
        same,
        lambda f, m: (f.assign(note_zh="修订说明", source_en="another source"), m),
        [],
    ),
    (
        "a figure of an indicator no milestone reads (and of another year than a growth target's)",
        same,
        lambda f, m: (with_figure(f, "city", "2019", 9000.0), m),
        [],
    ),
]


def _states(old_edit, new_edit):
    old_figures, old_milestones = old_edit(FIGURES, MILESTONES)
    new_figures, new_milestones = new_edit(FIGURES, MILESTONES)
    return plan_of(old_milestones), old_figures, plan_of(new_milestones), new_figures


@pytest.mark.parametrize(("case", "old_edit", "new_edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_change_names_its_cause_in_both_languages(case, old_edit, new_edit, expected):
    old_plan, old_figures, new_plan, new_figures = _states(old_edit, new_edit)
    changes = explain_changes(old_plan, old_figures, new_plan, new_figures, today=TODAY)
    got = [(c.indicator_id, c.target_period, c.old_status, c.new_status, [k.kind for k in c.causes]) for c in changes]
    assert got == [row[:5] for row in expected]
    for change, row in zip(changes, expected):
        zh, en = change.summary(3, "zh"), change.summary(3, "en")
        assert zh.startswith("自第3版以来：") and row[5] in zh, zh
        assert en.startswith("since revision 3: ") and row[6] in en, en
        assert all(cause.text_zh and cause.text_en for cause in change.causes)


@pytest.mark.parametrize(("case", "old_edit", "new_edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_statuses_are_the_status_commands(case, old_edit, new_edit, expected, monkeypatch):
    """Both sides are assessed exactly as `status` assesses a revision (tracker.snapshot.build_snapshot)."""
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    old_plan, old_figures, new_plan, new_figures = _states(old_edit, new_edit)
    old, new = build_snapshot(old_plan, old_figures), build_snapshot(new_plan, new_figures)
    changes = explain_changes(old_plan, old_figures, new_plan, new_figures, today=TODAY)
    assert explain_snapshots(old, new) == changes
    by_milestone = {
        (r["indicator_id"], r["target_period"]): r["status"]
        for r in new.status.to_dict("records")
        if r["target_period"]
    }
    for change in changes:
        if change.new_status is not None:
            assert by_milestone[(change.indicator_id, change.target_period)] == change.new_status


@pytest.mark.parametrize(
    ("lang", "reason"),
    [("zh", "新增2024年数据"), ("en", "the 2024 figure was added")],
)
def test_since_columns_on_every_row(lang, reason, monkeypatch):
    """Every row has previous_status, change_reason and change_causes: the reason only where a row moved."""
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    plan = plan_of(MILESTONES)
    old, new = build_snapshot(plan, FIGURES), build_snapshot(plan, with_figure(FIGURES, "gdp", "2024", 1250.0))
    pairs, removed = matched_rows(old.plan, old.status, new.plan, new.status)
    columns = since_columns(explain_snapshots(old, new), pairs, lang)
    assert removed == [] and len(columns) == len(new.status)
    by_row = {(r["indicator_id"], r["target_period"]): c for r, c in zip(new.status.to_dict("records"), columns)}
    assert by_row[("gdp", "2028")] == {
        "previous_status": "acceleration_needed",
        "change_reason": reason,
        "change_causes": ["figure_added"],
    }
    assert by_row[("firms", "2027")] == {
        "previous_status": "limited_progress",
        "change_reason": None,
        "change_causes": [],
    }


# --- python -m tracker status --since N, on a store seeded from data/ with one upload on top ---------------------


def _upload(store, rows: list[tuple[str, str, float]]) -> int:
    frame = pd.DataFrame(
        [{"indicator_id": i, "period": p, "value": v, "note": "", "source": "test"} for i, p, v in rows]
    )
    return store.commit(frame, author="test", comment="test", base_revision=store.latest_revision())


def _status(capsys, url: str, *args: str):
    from tracker.cli import main

    code = main(["--db", url, "status", *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def _shipped_value(store, ind_id: str, period: str) -> float:
    figures = store.figures(1)
    return float(figures.loc[(figures["indicator_id"] == ind_id) & (figures["period"] == period), "value"].iloc[0])


def _edit_target(store, milestone_id: str, value: str) -> int:
    """A changed target, stored as a plan revision through the plan's own write path (tracker.importing)."""
    from tracker.importing import commit_plan, stage_plan_tables

    pillars, indicators, milestones = store.plan_tables()
    milestones = milestones.copy()
    milestones.loc[milestones["milestone_id"] == milestone_id, "target_value"] = value
    about = store.plan_about()
    staged = stage_plan_tables(store, about["plan_id"], about, pillars, indicators, milestones)
    assert staged.ok, staged.problems
    return commit_plan(store, staged, author="test", comment="target changed")


@pytest.mark.parametrize(
    ("upload", "row", "causes", "reason"),
    [
        (  # a changed target (a plan revision)
            "hightech_enterprises-2027=3000",
            ("hightech_enterprises", "2027"),
            ["target_changed"],
            {
                "zh": "2027年目标：4,000 家 → 3,000 家",
                "en": "the 2027 target changed: 4,000 enterprises → 3,000 enterprises",
            },
        ),
        (  # a revised figure
            [("gdp", "2023", 1900.0)],
            ("gdp", "2028"),
            ["figure_revised"],
            {
                "zh": "2023年数据修订：{gdp_2023} → 1,900 亿元",
                "en": "2023 revised: {gdp_2023} → 1,900 (100 million yuan)",
            },
        ),
        (  # a new figure
            [("hightech_enterprises", "2025", 3000.0)],
            ("hightech_enterprises", "2027"),
            ["figure_added"],
            {"zh": "新增2025年数据", "en": "the 2025 figure was added"},
        ),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_status_since_json_has_previous_status_and_change_reason(
    fresh_store, db_url, capsys, monkeypatch, upload, row, causes, reason, lang
):
    from tracker.formatting import fmt_number

    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    gdp_2023 = fmt_number(_shipped_value(fresh_store, "gdp", "2023"))
    if isinstance(upload, str):
        milestone_id, value = upload.split("=")
        _edit_target(fresh_store, milestone_id, value)
    else:
        _upload(fresh_store, upload)
    before = json.loads(_status(capsys, db_url, "--revision", "1", "--format", "json"))
    now = json.loads(_status(capsys, db_url, "--format", "json"))
    since = json.loads(_status(capsys, db_url, "--since", "1", "--format", "json", "--lang", lang))
    assert len(since) == len(now) == len(before)  # the shipped plan for both revisions
    for old, new, got in zip(before, now, since):
        assert {k: v for k, v in got.items() if k not in ("previous_status", "change_reason", "change_causes")} == new
        assert got["previous_status"] == old["status"]  # every key on every row
        moved = old["status"] != new["status"] or old["progress"] != new["progress"]
        moved = moved or old["needed_rate"] != new["needed_rate"]
        assert (got["change_reason"] is not None) == moved and bool(got["change_causes"]) == moved
    by_row = {(r["indicator_id"], r["target_period"]): r for r in since}
    assert by_row[row]["change_causes"] == causes
    assert by_row[row]["change_reason"] == reason[lang].format(gdp_2023=gdp_2023)
    assert by_row[row]["previous_status"] != by_row[row]["status"]


@pytest.mark.parametrize(
    ("args", "texts"),
    [
        (("--lang", "en"), ["since revision 1: ", ", because the 2025 figure was added"]),
        ((), ["自第1版以来：", "，原因：新增2025年数据"]),
        (("--format", "csv"), ["previous_status,change_reason", "新增2025年数据"]),
        (("--format", "csv", "--lang", "en"), ["Status at revision 1,Why", "the 2025 figure was added"]),
        (("--format", "csv", "--lang", "zh"), ["第1版时的状态,原因", "新增2025年数据"]),
    ],
)
def test_status_since_in_every_format(fresh_store, db_url, capsys, monkeypatch, args, texts):
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    _upload(fresh_store, [("hightech_enterprises", "2025", 3000.0)])
    out = _status(capsys, db_url, "--since", "1", *args)
    for text in texts:
        assert text in out
    assert "第1版" not in _status(capsys, db_url, *args) and "revision 1" not in _status(capsys, db_url, *args)


@pytest.mark.parametrize(("lang", "message"), [("en", "there is no revision 5"), ("zh", "没有第 5 版")])
def test_status_since_a_revision_never_stored(fresh_store, db_url, capsys, lang, message):
    from tracker.cli import main

    assert main(["--db", db_url, "status", "--since", "5", "--lang", lang]) == 2
    assert message in capsys.readouterr().err


# --- The pages: the history page's comparison and the overview's cards ----------------------------------------


def _html_text(at) -> str:
    import html
    import re

    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", str(e.value))) for e in at.get("html"))


def _changes_table(at, lang: str):
    from tracker.i18n import t

    tables = [d.value for d in at.dataframe if t("change_col_why", lang) in d.value.columns]
    return tables[0] if tables else None


@pytest.mark.parametrize(
    ("lang", "row", "status", "why"),
    [
        ("zh", "高新技术企业数量", "进展有限 → 需要加速", "新增2025年数据"),
        ("en", "High-tech enterprises", "Limited progress → Acceleration needed", "the 2025 figure was added"),
    ],
)
def test_history_comparison_lists_each_target_that_moved_with_its_cause(
    app, fresh_store, monkeypatch, lang, row, status, why
):
    from tracker.i18n import t

    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    _upload(fresh_store, [("hightech_enterprises", "2025", 3000.0)])
    at = app("history", lang).run()
    assert not at.exception, at.exception
    table = _changes_table(at, lang)
    assert table is not None and len(table) == 1, table  # only the one target that moved
    got = table.iloc[0]
    assert got[t("indicator", lang)] == row and got[t("change_col_status", lang)] == status
    assert got[t("change_col_why", lang)] == why
    # The same revision on both sides: no difference, and it says so.
    at.selectbox(key="diff_a").set_value(2).run()
    assert not at.exception and _changes_table(at, lang) is None
    assert t("change_none", lang) in [c.value for c in at.caption]


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "自第1版以来：进展有限 → 需要加速，原因：新增2025年数据"),
        ("en", "since revision 1: Limited progress → Acceleration needed, because the 2025 figure was added"),
    ],
)
def test_overview_card_says_what_moved_since_the_revision_before(app, fresh_store, monkeypatch, lang, line):
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    at = app(None, lang).run()
    assert not at.exception and line.split("：")[0].split(":")[0] not in _html_text(at)  # revision 1: nothing moved
    _upload(fresh_store, [("hightech_enterprises", "2025", 3000.0)])
    at = app(None, lang).run()
    assert not at.exception, at.exception
    text = _html_text(at)
    assert line in text and text.count(line.split("：")[0].split(":")[0]) == 1  # on that card only
    pinned = app(None, lang, rev="1").run()  # the cards of revision 1 say nothing of later revisions
    assert not pinned.exception and line not in _html_text(pinned)
    # A note is a revision of its own (issue 13) and moves no status: the cards still say what moved since revision 1.
    from tracker.notes import add_note

    add_note(fresh_store, "hightech_enterprises", "2025", "说明", author="test")
    at = app(None, lang).run()
    assert not at.exception and line in _html_text(at)


@pytest.mark.parametrize(
    ("fields", "lang", "words"),
    [
        ("value, note_zh, note_en", "zh", "数值、备注"),
        ("qualifier, flags, growth", "zh", "限定词、标记、同比增长"),  # issue 11's fields: the page raised KeyError
        ("value, qualifier, flags, growth, confidence", "en", "Value, Qualifier, Flags, Growth, Confidence"),
    ],
)
def test_history_names_every_stored_field_in_words(fields, lang, words):
    from app_pages.history import fields_text

    assert fields_text(fields, lang) == words


def test_a_plan_not_in_the_store_at_a_revision_compares_nothing(fresh_store, db_url):
    """The history page and the cards compare one plan at two revisions; a plan missing at one says nothing moved."""
    from components.changes import changes_since, status_changes
    from tracker.snapshot import store_snapshot

    assert status_changes(db_url, 1, 1, "no-such-plan") == ()
    assert changes_since(db_url, 1, 1, "no-such-plan", store_snapshot(fresh_store, 1)) == {}
