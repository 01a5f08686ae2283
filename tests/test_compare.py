"""tracker.compare (plans side by side) and tracker.attributes (kind, owner, cadence): tables of cases, no server."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.two_plans import EXAMPLE_PLAN, EXAMPLE_TITLES, add_example_plan
from tracker.attributes import attribute_choices, attribute_groups, attribute_label, matching
from tracker.compare import compare_plans, compare_rows
from tracker.plan import SHIPPED_PLAN
from tracker.snapshot import store_snapshot

FIRST = SHIPPED_PLAN["plan_id"]
FIRST_TITLE = {"zh": "2022年规划", "en": "2022 plan"}


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory):
    """The two plans' snapshots at the revision that imported the example plan."""
    from tracker.store import Store

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('compare') / 'tracker.db'}")
    try:
        _, revision = add_example_plan(store)
        yield {
            FIRST: store_snapshot(store, revision, FIRST),
            EXAMPLE_PLAN: store_snapshot(store, revision, EXAMPLE_PLAN),
        }
    finally:
        store.close()


def plans(snapshots, lang, order=(FIRST, EXAMPLE_PLAN)):
    titles = {FIRST: FIRST_TITLE[lang], EXAMPLE_PLAN: EXAMPLE_TITLES[lang]}
    return [(plan_id, titles[plan_id], snapshots[plan_id]) for plan_id in order]


@pytest.mark.parametrize(
    ("lang", "indicator", "first_target", "first_status", "example_target", "example_status"),
    [
        # in both plans, several targets in the first joined in the plan's order
        (
            "zh",
            "高新区地区生产总值",
            "≥ 3,238.6 亿元 · 2028年；≥ 3,238.6 亿元 · 2029年",
            "↗ 需要加速 (2028)；↗ 需要加速 (2029)",
            "≥ 3,000 亿元 · 2030年；≈ +7% · 2026年",
            "? 无法评估 (2030)；? 无法评估 (2026)",
        ),
        (
            "en",
            "Zone GDP",
            "≥ 3,238.6 (100 million yuan) · by 2028; ≥ 3,238.6 (100 million yuan) · by 2029",
            "↗ Acceleration needed (2028); ↗ Acceleration needed (2029)",
            "≥ 3,000 (100 million yuan) · by 2030; ≈ +7% · by 2026",
            "? Not assessed (2030); ? Not assessed (2026)",
        ),
        # one target in each
        (
            "zh",
            "高新技术企业数量",
            "≥ 4,000 家 · 2027年",
            "✓ 进度正常 (2027)",
            "≥ 5,000 家 · 2030年",
            "? 无法评估 (2030)",
        ),
        # only in the first plan: "—" in the example's columns
        ("zh", "技术合同成交额", "> 150 亿元 · 2022年", "★ 已实现 (2022)", "—", "—"),
        ("en", "Technology contract turnover", "> 150 (100 million yuan) · by 2022", "★ Achieved (2022)", "—", "—"),
        # only in the example plan (a new indicator): "—" in the first plan's columns
        ("zh", "数字经济核心产业增加值占GDP比重", "—", "—", "≥ 20% · 2030年", "? 无法评估 (2030)"),
    ],
)
def test_each_plans_targets_and_status_side_by_side(
    snapshots, lang, indicator, first_target, first_status, example_target, example_status
):
    table = compare_plans(plans(snapshots, lang), lang)
    row = table.set_index(table.columns[0]).loc[indicator]
    sep = "：" if lang == "zh" else ": "
    word = {"zh": ("目标", "状态"), "en": ("target", "status")}[lang]
    first, example = FIRST_TITLE[lang], EXAMPLE_TITLES[lang]
    assert row[f"{first}{sep}{word[0]}"].startswith(first_target)  # gdp's 2024/2025 growth targets follow
    assert row[f"{first}{sep}{word[1]}"].startswith(first_status)
    assert row[f"{example}{sep}{word[0]}"] == example_target
    assert row[f"{example}{sep}{word[1]}"] == example_status


@pytest.mark.parametrize(
    ("order", "first_row", "last_row"),
    [
        ((FIRST, EXAMPLE_PLAN), "高新区地区生产总值", "数字经济核心产业增加值占GDP比重"),  # new indicators last
        ((EXAMPLE_PLAN, FIRST), "高新区地区生产总值", "未来产业规模（量子信息、空天信息等）"),
    ],
)
def test_indicators_follow_the_first_plan_then_the_new_ones(snapshots, order, first_row, last_row):
    rows = compare_rows(plans(snapshots, "zh", order), "zh")
    names = list(dict.fromkeys(rows["indicator"]))
    assert names[0] == first_row and names[-1] == last_row
    # the example plan's own indicator sits among its plan's rows when that plan comes first, after them when not
    new, old = names.index("数字经济核心产业增加值占GDP比重"), names.index("技术合同成交额")
    assert (new < old) == (order[0] == EXAMPLE_PLAN)
    assert "济南市地区生产总值" not in names  # a context indicator in both plans: no target to compare


def test_two_plans_of_one_title_keep_apart(snapshots):
    same = [(FIRST, "规划", snapshots[FIRST]), (EXAMPLE_PLAN, "规划", snapshots[EXAMPLE_PLAN])]
    table = compare_plans(same, "zh")
    assert list(table.columns) == [
        "指标",
        f"规划 ({FIRST})：目标",
        f"规划 ({FIRST})：状态",
        f"规划 ({EXAMPLE_PLAN})：目标",
        f"规划 ({EXAMPLE_PLAN})：状态",
    ]


def test_no_target_in_any_plan_is_an_empty_table(snapshots):
    empty = snapshots[FIRST].status.iloc[0:0]
    bare = type(snapshots[FIRST])(snapshots[FIRST].plan, snapshots[FIRST].figures, empty, 3)
    assert compare_rows([(FIRST, "x", bare)], "en").empty


INDICATORS = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d", "e"],
        "kind": ["expected", "", "binding", "expected", "odd"],
        "owner": ["科技局", "", "统计局", "科技局", ""],
        "cadence": ["annual", "monthly", "", "quarterly", "annual"],
    }
).set_index("id", drop=False)
IDS = ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize(
    ("attribute", "groups"),
    [
        # known values in their order (binding before expected), others sorted, not specified last
        ("kind", [("binding", ["c"]), ("expected", ["a", "d"]), ("odd", ["e"]), ("", ["b"])]),
        ("cadence", [("annual", ["a", "e"]), ("quarterly", ["d"]), ("monthly", ["b"]), ("", ["c"])]),
        ("owner", [("科技局", ["a", "d"]), ("统计局", ["c"]), ("", ["b", "e"])]),
    ],
)
def test_attribute_groups(attribute, groups):
    assert attribute_groups(INDICATORS, IDS, attribute) == groups


def test_a_plan_without_the_columns_is_not_specified_everywhere():
    bare = INDICATORS[["id"]]
    assert attribute_groups(bare, IDS, "kind") == [("", IDS)]
    assert matching(bare, IDS, "owner", "") == IDS


@pytest.mark.parametrize(
    ("attribute", "value", "lang", "label"),
    [
        ("kind", "binding", "zh", "约束性"),
        ("kind", "expected", "en", "expected"),
        ("kind", "", "zh", "未指定"),
        ("owner", "", "en", "not specified"),
        ("owner", "科技局", "en", "科技局"),  # a department as the plan names it
        ("cadence", "quarterly", "zh", "季度"),
        ("cadence", "odd", "zh", "odd"),  # an unknown code is shown as stored, never reworded
    ],
)
def test_attribute_label(attribute, value, lang, label):
    assert attribute_label(attribute, value, lang) == label


@pytest.mark.parametrize(
    ("attribute", "value", "ids"),
    [("kind", "expected", ["a", "d"]), ("kind", "", ["b"]), ("cadence", "annual", ["a", "e"]), ("owner", "x", [])],
)
def test_matching(attribute, value, ids):
    assert matching(INDICATORS, IDS, attribute, value) == ids


def test_attribute_choices_offer_each_value_once_in_order():
    choices = attribute_choices(INDICATORS, ["a", "b"])
    assert choices == [
        ("kind", "expected"),
        ("kind", ""),
        ("owner", "科技局"),
        ("owner", ""),
        ("cadence", "annual"),
        ("cadence", "monthly"),
    ]
