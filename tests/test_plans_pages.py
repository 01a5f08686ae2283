"""Several plans on the pages (issue 12 §3–4): the sidebar's plan picker, ``plan=`` in the URL kept by our links
and the share link (with a pinned revision too), the snapshot and the downloads per plan, the compare page in both
languages, and the overview grouped and filtered by the indicator attributes (kind, owner, cadence)."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from tests.test_pages import page_text
from tests.two_plans import EXAMPLE_PLAN, EXAMPLE_TITLES, add_example_plan
from tracker.plan import SHIPPED_PLAN

FIRST_PLAN = SHIPPED_PLAN["plan_id"]
FIRST_TITLES = {"zh": SHIPPED_PLAN["title_zh"], "en": SHIPPED_PLAN["title_en"]}
PICKER = {"zh": "规划", "en": "Plan"}


@pytest.fixture
def two_plans(fresh_store):
    """The fresh store with the example plan beside the shipped one: revision 2 its baselines, 3 the plan."""
    add_example_plan(fresh_store)
    return fresh_store


def shown_link(at) -> str:
    return at.sidebar.code[0].value


def picker(at):
    return next((s for s in at.sidebar.selectbox if s.label in PICKER.values()), None)


def cards_text(at) -> str:
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", " ", str(e.value))) for e in at.get("html"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_plan_shows_no_picker(app, lang):
    at = app("overview", lang).run()
    assert not at.exception
    assert picker(at) is None
    assert "plan=" not in shown_link(at)


@pytest.mark.parametrize(
    ("params", "plan", "title_of", "card", "not_card"),
    [
        ({}, FIRST_PLAN, FIRST_TITLES, "技术合同成交额", "数字经济核心产业增加值占GDP比重"),
        ({"plan": EXAMPLE_PLAN}, EXAMPLE_PLAN, EXAMPLE_TITLES, "数字经济核心产业增加值占GDP比重", "技术合同成交额"),
        ({"plan": FIRST_PLAN}, FIRST_PLAN, FIRST_TITLES, "技术合同成交额", "数字经济核心产业增加值占GDP比重"),
        ({"plan": "no-such-plan"}, FIRST_PLAN, FIRST_TITLES, "技术合同成交额", "数字经济核心产业增加值占GDP比重"),
    ],
)
def test_plan_in_the_url_selects_the_plan(app, two_plans, params, plan, title_of, card, not_card):
    at = app("overview", "zh", **params).run()
    assert not at.exception
    chooser = picker(at)
    assert chooser is not None and chooser.value == plan
    # the plans' years and titles, in zh
    assert list(chooser.options) == [f"2022年 · {FIRST_TITLES['zh']}", f"2026年 · {EXAMPLE_TITLES['zh']}"]
    text = page_text(at)
    assert f"规划：{title_of['zh']}" in text.replace("\\", "")
    assert card in cards_text(at) and not_card not in cards_text(at)
    if params.get("plan") == "no-such-plan":
        assert "plan=no\\-such\\-plan 无效" in text
    # The link shared keeps a plan other than the first; the first is the default and left out.
    assert (f"plan={EXAMPLE_PLAN}" in shown_link(at)) == (plan == EXAMPLE_PLAN)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_links_keep_the_plan(app, two_plans, lang):
    at = app("overview", lang, plan=EXAMPLE_PLAN).run()
    assert not at.exception
    wanted = ("lang=en&" if lang == "en" else "") + f"plan={EXAMPLE_PLAN}"
    links = at.sidebar.get("page_link")
    assert links and all(link.proto.query_string == wanted for link in links)
    # The cards' links to the indicator page and the status tiles carry it too.
    cards = " ".join(str(e.value) for e in at.get("html"))
    assert f'href="indicator?{html.escape(wanted)}&amp;indicator=gdp"' in cards
    assert f'href="?{html.escape(wanted)}&amp;status=not_assessed"' in cards
    assert shown_link(at).endswith(f"?{wanted}")
    # The indicator page opened from it shows the example plan's targets.
    page = app("indicator", lang, plan=EXAMPLE_PLAN, indicator="digital_core_share").run()
    assert not page.exception
    assert picker(page).value == EXAMPLE_PLAN
    assert "20%" in page_text(page)


def test_choosing_a_plan_writes_it_to_the_url_and_the_first_leaves_it_out(app, two_plans):
    at = app("overview", "en").run()
    assert "Technology contract turnover" in cards_text(at)
    picker(at).set_value(EXAMPLE_PLAN).run()
    assert not at.exception
    assert at.query_params["plan"] in (EXAMPLE_PLAN, [EXAMPLE_PLAN])
    # The snapshot is kept per (revision, plan): the same revision of the other plan is not the first plan's
    assert "Digital economy core industries" in cards_text(at)
    assert "Technology contract turnover" not in cards_text(at)
    picker(at).set_value(FIRST_PLAN).run()
    assert "plan" not in at.query_params
    assert "Technology contract turnover" in cards_text(at)


def test_a_pinned_revision_and_a_plan_keep_both(app, two_plans):
    from tests.test_share import NEW_GDP

    two_plans.commit(NEW_GDP, author="test", comment="a later figure", base_revision=None)  # revision 4
    at = app("overview", "en", plan=EXAMPLE_PLAN, rev="3").run()
    assert not at.exception
    assert picker(at).value == EXAMPLE_PLAN
    assert "As of revision 3 (" in " ".join(w.value for w in at.warning)
    assert shown_link(at).endswith(f"?lang=en&plan={EXAMPLE_PLAN}&rev=3")
    wanted = f"lang=en&plan={EXAMPLE_PLAN}&rev=3"
    assert all(link.proto.query_string == wanted for link in at.sidebar.get("page_link"))
    # The banner's button drops rev and keeps the plan.
    at.button(key="_show_latest").click().run()
    assert "rev" not in at.query_params and picker(at).value == EXAMPLE_PLAN


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", f"第 2 版时还没有规划 {EXAMPLE_PLAN.replace('-', chr(92) + '-')}"),
        ("en", f"Revision 2 holds no plan {EXAMPLE_PLAN.replace('-', chr(92) + '-')} yet"),
    ],
)
def test_a_revision_before_the_plan_says_so_and_shows_its_plan(app, two_plans, lang, said):
    at = app("overview", lang, plan=EXAMPLE_PLAN, rev="2").run()
    assert not at.exception
    assert said in page_text(at)
    assert picker(at) is None  # revision 2 held one plan
    assert "技术合同成交额" in cards_text(at) or "Technology contract turnover" in cards_text(at)


def test_the_status_download_is_of_the_plan_shown(two_plans, db_url):
    """The status file is cached per plan too: the example plan's file is not the first plan's kept one."""
    from components.downloads import _stem, _table_file
    from tracker.snapshot import store_snapshot

    first = _table_file("status_csv", db_url, 3, "en", store_snapshot(two_plans, 3), FIRST_PLAN)
    example = _table_file("status_csv", db_url, 3, "en", store_snapshot(two_plans, 3, EXAMPLE_PLAN), EXAMPLE_PLAN)
    first, example = first.decode("utf-8-sig"), example.decode("utf-8-sig")
    assert "Technology contract" in first and "Technology contract" not in example
    assert "Digital economy core industries" in example
    assert _stem(store_snapshot(two_plans, 3), EXAMPLE_PLAN) == f"tracker-r3-{EXAMPLE_PLAN}"


COMPARE = {
    "zh": {
        "header": "对比规划",
        "rows": [
            ("高新区地区生产总值", "≥ 3,238.6 亿元 · 2028年", "≥ 3,000 亿元 · 2030年"),
            ("全社会研发经费支出占GDP比重", "≈ 8% · 2027年", "2030年"),
            ("数字经济核心产业增加值占GDP比重", "—", "≥ 20% · 2030年"),
            ("技术合同成交额", "> 150 亿元 · 2022年", "—"),
        ],
        "words": ["需要加速", "无法评估", "已实现"],
    },
    "en": {
        "header": "Compare plans",
        "rows": [
            ("Zone GDP", "≥ 3,238.6 (100 million yuan) · by 2028", "≥ 3,000 (100 million yuan) · by 2030"),
            ("R&D spending as a share of GDP", "≈ 8% · by 2027", "by 2030"),
            ("Digital economy core industries, share of GDP", "—", "≥ 20% · by 2030"),
            ("Technology contract turnover", "> 150 (100 million yuan) · by 2022", "—"),
        ],
        "words": ["Acceleration needed", "Not assessed", "Achieved"],
    },
}


def compare_cells(at) -> list[list[str]]:
    """The compare table's rows as the cells' text (markup dropped)."""
    (table,) = [str(e.value) for e in at.get("html") if "tt-compare" in str(e.value)]
    rows = re.findall(r"<tr>(.*?)</tr>", table)
    return [
        [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<t[hd]>(.*?)</t[hd]>", r)
        ]
        for r in rows
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_compare_page_shows_each_plans_targets_side_by_side(app, two_plans, lang):
    at = app("compare", lang).run()
    assert not at.exception
    expected = COMPARE[lang]
    assert at.header[0].value == expected["header"]
    cells = compare_cells(at)
    assert cells[0][1:] == [FIRST_TITLES[lang], EXAMPLE_TITLES[lang]]
    by_name = {row[0]: row for row in cells[1:]}
    for name, first, example in expected["rows"]:
        assert first in by_name[name][1], (name, by_name[name])
        assert example in by_name[name][2], (name, by_name[name])
    # The indicator only the example plan has comes after the first plan's; a context indicator is not a row.
    names = [row[0] for row in cells[1:]]
    assert names[-1] == expected["rows"][2][0]
    assert not {"Jinan city GDP", "济南市地区生产总值"} & set(names)
    text = " ".join(" ".join(row) for row in cells)
    for word in expected["words"]:
        assert word in text
    if lang == "zh":  # a Chinese page says everything in Chinese
        assert not re.search(r"\b(by|target|status|Achieved|Not assessed)\b", text)


@pytest.mark.parametrize(("lang", "said"), [("zh", "数据库中只有一个规划"), ("en", "The database holds one plan")])
def test_the_compare_page_with_one_plan_says_how_to_add_one(app, lang, said):
    at = app("compare", lang).run()
    assert not at.exception
    assert said in " ".join(i.value for i in at.info)


@pytest.mark.parametrize(
    ("plan", "group", "only", "headings", "shown", "hidden"),
    [
        # The 2022 plan does not classify its indicators: one group, 未指定, never a guessed kind.
        (None, "kind", None, ["指标属性：未指定"], ["技术合同成交额"], []),
        (None, "owner", None, ["责任部门：未指定"], ["技术合同成交额"], []),
        (None, "pillar", None, ["高科技创新策源地"], ["技术合同成交额"], []),
        # The example plan says 约束性 for R&D intensity and 预期性 for the rest; cadence per indicator.
        (EXAMPLE_PLAN, "kind", None, ["指标属性：约束性", "指标属性：预期性"], ["全社会研发经费支出占GDP比重"], []),
        (EXAMPLE_PLAN, "cadence", None, ["统计频率：年度", "统计频率：季度"], ["高新区地区生产总值"], []),
        (
            EXAMPLE_PLAN,
            "pillar",
            ("kind", "binding"),
            ["高科技创新策源地"],
            ["全社会研发经费支出占GDP比重"],
            ["高新技术企业数量", "高新区地区生产总值"],
        ),
        (
            EXAMPLE_PLAN,
            "kind",
            ("cadence", "quarterly"),
            ["指标属性：预期性"],
            ["高新区地区生产总值"],
            ["全社会研发经费支出占GDP比重"],
        ),
        (None, "pillar", ("kind", ""), [], ["技术合同成交额"], []),
    ],
)
def test_the_overview_groups_and_filters_by_indicator_attributes(
    app, two_plans, plan, group, only, headings, shown, hidden
):
    at = app("overview", "zh", **({"plan": plan} if plan else {})).run()
    at.selectbox(key="overview_group").set_value(group).run()
    at.selectbox(key="overview_filter").set_value("all" if only is None else only).run()
    assert not at.exception
    groups = [
        html.unescape(m) for e in at.get("html") for m in re.findall(r'<p class="tt-pillar">(.*?)</p>', str(e.value))
    ]
    for heading in headings:
        assert any(heading in g for g in groups), (heading, groups)
    text = cards_text(at)
    for name in shown:
        assert name in text, name
    for name in hidden:
        assert name not in text.split("背景指标")[0], name
    if only is not None:
        assert "只显示" in page_text(at)


@pytest.mark.parametrize(
    ("lang", "label", "unspecified"), [("zh", "指标属性：未指定", "未指定"), ("en", "Kind: not specified", "not")]
)
def test_the_attribute_filter_speaks_the_pages_language(app, lang, label, unspecified):
    at = app("overview", lang).run()
    chooser = at.selectbox(key="overview_filter")
    labels = list(chooser.options)
    assert label in labels
    assert all(unspecified in x for x in labels[1:])  # the shipped plan says none of them


def test_the_example_plans_attributes_are_stored(two_plans):
    plan = two_plans.plan(plan_id=EXAMPLE_PLAN)
    attributes = plan.indicators[["kind", "cadence"]].to_dict("index")
    assert attributes["rd_intensity"] == {"kind": "binding", "cadence": "annual"}
    assert attributes["gdp"] == {"kind": "expected", "cadence": "quarterly"}
    assert attributes["city_gdp"]["kind"] == ""  # the file leaves it empty: not guessed
    shipped = two_plans.plan().indicators
    assert (shipped[["kind", "owner", "cadence"]] == "").all().all()
    assert isinstance(shipped, pd.DataFrame)
