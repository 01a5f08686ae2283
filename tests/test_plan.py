"""The shipped plan, its quotes from the article, and validation errors that name file, row and column."""

import re
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from tracker.figures import load_figures
from tracker.plan import DATA_DIR, PlanError, load_plan

# The passages of the plan article that the plan's quotes come from, verbatim (the article wraps lines anywhere;
# one sentence here was split across two lines there): 修从涛, "力争用6-7年实现经济总量翻番", 齐鲁晚报 (Qilu Evening
# News), December 2022, the source every row of data/milestones.csv names.
ARTICLE_PASSAGES = (
    "# 力争用6-7年实现经济总量翻番",
    "### 打造科创金融 高新样板",
    "力争通过6-7年,实现经济总量翻番,再造一个新高新。",
    "打造高科技创新策源地。济南高新区将努力向高而攀、向新而行,加快构筑中科院济南科创城等高能级创新平台,"
    "强化企业创新主体地位,着力畅通成果转化渠道,力争用5年左右的时间,使国家级研发机构达到22家以上,"
    "全社会研发经费支出占GDP比重达到8%左右,高新技术企业数量达到4000家以上,落地一批大科学装置,"
    "形成一批前沿技术成果,发展一批未来产业。",
    "打造高质量发展增长极。济南高新区将完整、准确、全面贯彻新发展理念,把主引擎做强,把增长极做高,"
    "力争通过5年左右的努力,使大数据与新一代信息技术、智能制造、生物医药三大产业规模分别达到5000亿级、"
    "1000亿级、2000亿级,量子信息、空天信息等未来产业规模达700亿元,基本建立起以数字经济为引领、"
    "先进制造业为重点、现代服务业为支撑的现代化产业体系,实现对全市地区生产总值增量贡献度由16.9%提高到20%。",
    "打造高水平开放新门户。",
    "打造高活力品质生活区。",
    "加快推动中科院济南科创城等重大科创平台建设,充分发挥好山东产研院、山东工研院等新型研发机构作用,"
    "依托“科创经纪人”模式畅通科技成果转化渠道,力争年底前技术合同成交额突破150亿元。",
    "力争2030年前,大数据和新一代信息技术产业规模达到5000亿级。",
    "打造高效便利的政务环境、宽松优质的准入环境,力争全年新增企业1.6万户。",
)

ISSUE_IDS = {
    "gdp",
    "provincial_rd_institutions",  # a context indicator (issue 11): no target
    "city_gdp",
    "gdp_increment_share",
    "rd_intensity",
    "hightech_enterprises",
    "national_rd_institutions",
    "tech_contract_turnover",
    "new_enterprises",
    "industry_digital",
    "industry_intelligent_manufacturing",
    "industry_biomedicine",
    "industry_future",
    "finance_hq_institutions",
    "local_finance_orgs",
    "local_finance_registered_capital",
    "pe_fund_managers",
    "pe_funds",
    "pe_fund_size",
}


@pytest.fixture(scope="module")
def plan():
    return load_plan(DATA_DIR, load_figures(DATA_DIR / "figures.csv"))


def _normalise(text: str) -> str:
    """Full-width punctuation as half-width (NFKC), and no whitespace at all (the article wraps lines anywhere)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_shipped_plan_loads(plan):
    assert len(plan.pillars) == 5
    assert len(plan.milestones) == 15  # 13 from the 2022 article, 2 annual growth targets (issue 11)
    assert set(plan.indicators["id"]) == ISSUE_IDS


def test_every_milestone_has_its_indicator(plan):
    missing = set(plan.milestones["indicator_id"]) - set(plan.indicators["id"])
    assert missing == set()


def test_every_indicator_has_a_known_pillar(plan):
    assert set(plan.indicators["pillar"]) <= set(plan.pillars["id"])


@pytest.mark.parametrize(
    ("indicator_id", "target_period", "target_value", "target_multiple", "baseline_period", "bound"),
    [
        ("gdp", "2028", None, 2, "2022", "at_least"),  # doubled in 6 years
        ("gdp", "2029", None, 2, "2022", "at_least"),  # or in 7
        ("national_rd_institutions", "2027", 22, None, "", "at_least"),
        ("rd_intensity", "2027", 8, None, "2020", "about"),
        ("hightech_enterprises", "2027", 4000, None, "2022", "at_least"),
        ("industry_digital", "2027", 5000, None, "", "about"),
        ("industry_digital", "2030", 5000, None, "", "about"),
        ("industry_intelligent_manufacturing", "2027", 1000, None, "", "about"),
        ("industry_biomedicine", "2027", 2000, None, "", "about"),
        ("industry_future", "2027", 700, None, "", "about"),
        ("gdp_increment_share", "2027", 20, None, "2021", "at_least"),
        ("tech_contract_turnover", "2022", 150, None, "", "above"),
        ("new_enterprises", "2022", 16000, None, "", "at_least"),
        ("gdp", "2024", 0.07, None, "", "at_least"),  # annual growth targets: a fraction
        ("gdp", "2025", 0.06, None, "", "about"),
    ],
)
def test_shipped_milestones(plan, indicator_id, target_period, target_value, target_multiple, baseline_period, bound):
    m = plan.milestones
    rows = m[(m["indicator_id"] == indicator_id) & (m["target_period"] == target_period)]
    assert len(rows) == 1
    row = rows.iloc[0]
    for got, want in ((row["target_value"], target_value), (row["target_multiple"], target_multiple)):
        assert pd.isna(got) if want is None else got == want
    assert (row["baseline_period"], row["bound"]) == (baseline_period, bound)


@pytest.mark.parametrize(
    ("indicator_id", "measure", "unit", "pace_method", "derived"),
    [
        ("gdp", "flow", "亿元", "cagr", False),
        ("gdp_increment_share", "ratio", "%", "linear", True),
        ("rd_intensity", "ratio", "%", "linear", False),
        ("hightech_enterprises", "stock", "家", "cagr", False),
        ("new_enterprises", "flow", "户", "cagr", False),
        ("pe_funds", "stock", "只", "cagr", False),
    ],
)
def test_shipped_indicators(plan, indicator_id, measure, unit, pace_method, derived):
    ind = plan.indicator(indicator_id)
    assert (ind["measure"], ind["unit"], ind["pace_method"], bool(ind["formula"])) == (
        measure,
        unit,
        pace_method,
        derived,
    )


# The passages of the other sources a milestone cites (its source_en), verbatim: the zone's work-meeting reports
# give the annual targets (issue 11; ../shared/reference/annual-targets.csv).
CITED_PASSAGES = {
    "report of the zone's 2024 work meeting, reprinted at shenzhen.show/index.php/2024/02/26/"
    "ji-nan-gao-xin-qu-2024-nian-gong-zuo-dong-yuan-da-hui-zhao": "2024年经济社会发展主要预期目标为:地区生产总值增长7%",
    "report of the zone's 2025 work meeting, reprinted at wxredian.com/art?id=a46597675dfd1ebb2d72ed3584b3332e": (
        "2025年经济社会发展主要预期目标为:地区生产总值增长6%左右"
    ),
}


def _quoted_from_its_source(quote: str, source_en: str) -> bool:
    """A quote is from the 2022 article, or from the passage of the source the milestone cites."""
    article = _normalise("\n".join(ARTICLE_PASSAGES))
    return _normalise(quote) in article or _normalise(quote) in _normalise(CITED_PASSAGES.get(source_en, ""))


def test_every_target_quotes_the_plan(plan):
    quotes = list(zip(plan.milestones["quote"], plan.milestones["source_en"], strict=True))
    quotes += [(q, "") for q in plan.pillars["quote"]]
    assert len(quotes) == 20
    missing = [q for q, source in quotes if not _quoted_from_its_source(q, source)]
    assert missing == []


@pytest.mark.parametrize(
    ("quote", "source_en", "accepted"),
    [
        ("地区生产总值增长7%", next(iter(CITED_PASSAGES)), True),
        ("地区生产总值增长7%", "Qilu Evening News, 2022-12", False),  # not in the article: only its own source
        ("地区生产总值增长8%", next(iter(CITED_PASSAGES)), False),
        ("力争用6-7年实现经济总量翻番", next(iter(CITED_PASSAGES)), True),  # the article still counts
    ],
)
def test_a_quote_is_accepted_from_the_source_its_milestone_cites(quote, source_en, accepted):
    assert _quoted_from_its_source(quote, source_en) is accepted


def test_quote_normalising_is_not_too_lenient():
    # The check above would pass anything if normalising erased the text; a changed figure must not match.
    article = _normalise("力争通过6-7年,实现经济总量翻番,再造一个新高新。")
    assert _normalise("力争通过6-7年，实现经济总量翻番，再造一个新高新") in article
    assert _normalise("力争通过5-7年，实现经济总量翻番") not in article


# A broken copy of the shipped files: (file, spreadsheet row, column, value written, what the message says).
# Rows count as a spreadsheet does: the header is row 1.
BROKEN = [
    ("indicators.csv", 5, "unit", "亿美元", "unknown unit '亿美元'"),
    ("indicators.csv", 6, "pillar", "space", "unknown pillar 'space'"),
    ("indicators.csv", 19, "id", "PE funds", "must be snake_case"),
    ("indicators.csv", 3, "measure", "level", "measure must be one of flow, stock, ratio"),
    ("indicators.csv", 3, "direction", "sideways", "direction must be up or down"),
    ("indicators.csv", 4, "formula", "(gdp[t] - gdp[t-1]) / zone_gdp[t]", "unknown indicators: zone_gdp"),
    ("indicators.csv", 4, "formula", "abs(gdp[t])", "formula element not allowed"),
    ("milestones.csv", 4, "indicator_id", "national_labs", "no indicator 'national_labs' in indicators.csv"),
    ("milestones.csv", 11, "quote", "", "every target must quote the plan"),
    ("milestones.csv", 6, "baseline_period", "2019", "no figure for hightech_enterprises in 2019"),
    ("milestones.csv", 9, "target_period", "in five years", "cannot read the period 'in five years'"),
    ("milestones.csv", 5, "baseline_period", "last year", "cannot read the period 'last year'"),
    ("milestones.csv", 14, "bound", "roughly", "bound must be one of"),
    ("milestones.csv", 10, "target_value", "", "give either target_value or target_multiple"),
    ("milestones.csv", 3, "target_period", "2028", "already has a milestone for this period"),
    ("pillars.csv", 3, "order", "two", "order must be a whole number"),
    # annual growth targets (issue 11): rows 15 and 16 are GDP's 2024 and 2025 ones
    ("milestones.csv", 15, "kind", "yearly", "kind must be one of level, annual_growth"),
    ("milestones.csv", 15, "target_value", "7", "a growth rate as a fraction in target_value"),
    ("milestones.csv", 16, "baseline_period", "2022", "an annual_growth target has no baseline"),
    ("milestones.csv", 16, "target_period", "2025-09", "for one year"),
]


def _copy_plan(tmp_path: Path) -> Path:
    for name in ("pillars.csv", "indicators.csv", "milestones.csv", "figures.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _load(data_dir: Path):
    return load_plan(data_dir, load_figures(data_dir / "figures.csv"))


@pytest.mark.parametrize(("file", "row", "column", "value", "message"), BROKEN)
def test_broken_plan_names_file_row_and_column(tmp_path, file, row, column, value, message):
    data_dir = _copy_plan(tmp_path)
    frame = pd.read_csv(data_dir / file, dtype=str, keep_default_na=False)
    frame.loc[row - 2, column] = value
    frame.to_csv(data_dir / file, index=False)
    with pytest.raises(PlanError) as caught:
        _load(data_dir)
    assert [p[:3] for p in caught.value.problems] == [(file, row, column)]
    assert f"{file}, row {row}, column {column}: " in str(caught.value)
    assert message in str(caught.value)


def test_missing_column_is_named_in_the_header_row(tmp_path):
    data_dir = _copy_plan(tmp_path)
    frame = pd.read_csv(data_dir / "milestones.csv", dtype=str, keep_default_na=False)
    frame.drop(columns="quote").to_csv(data_dir / "milestones.csv", index=False)
    with pytest.raises(PlanError, match=r"milestones\.csv, row 1, column quote: this column is missing"):
        _load(data_dir)


def test_row_numbers_count_blank_lines(tmp_path):
    data_dir = _copy_plan(tmp_path)
    path = data_dir / "milestones.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "")  # a blank line as row 4: the gdp 2029 milestone moves to row 5
    lines[4] = lines[4].replace(",at_least,", ",roughly,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        _load(data_dir)
    assert [p[:3] for p in caught.value.problems] == [("milestones.csv", 5, "bound")]


def test_several_problems_are_all_reported(tmp_path):
    data_dir = _copy_plan(tmp_path)
    frame = pd.read_csv(data_dir / "milestones.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "quote"] = ""
    frame.loc[1, ["source_zh", "source_en"]] = ""
    frame.to_csv(data_dir / "milestones.csv", index=False)
    with pytest.raises(PlanError) as caught:
        _load(data_dir)
    assert [p[:3] for p in caught.value.problems] == [
        ("milestones.csv", 2, "quote"),
        ("milestones.csv", 3, "source_zh"),
    ]


@pytest.mark.parametrize(
    ("file", "row", "blank", "message"),
    [
        ("indicators.csv", 19, ["source_zh", "source_en"], "every indicator needs a source"),
        ("milestones.csv", 13, ["source_zh", "source_en"], "every target needs a source"),
        ("indicators.csv", 19, ["source_zh"], None),  # one language is enough: shown as written in both views
        ("milestones.csv", 13, ["source_en"], None),
    ],
)
def test_a_source_in_either_language_is_enough(tmp_path, file, row, blank, message):
    data_dir = _copy_plan(tmp_path)
    frame = pd.read_csv(data_dir / file, dtype=str, keep_default_na=False)
    frame.loc[row - 2, blank] = ""
    frame.to_csv(data_dir / file, index=False)
    if message is None:
        _load(data_dir)
        return
    with pytest.raises(PlanError) as caught:
        _load(data_dir)
    assert [(p[0], p[1], p[2]) for p in caught.value.problems] == [(file, row, "source_zh")]
    assert message in caught.value.problems[0][3]


@pytest.mark.parametrize(
    ("source", "zh", "en"),
    [("齐鲁晚报 2022年12月", "齐鲁晚报 2022年12月", ""), ("Jinan statistics bureau", "", "Jinan statistics bureau")],
)
def test_a_plan_file_with_one_source_column_is_read_by_language(tmp_path, source, zh, en):
    data_dir = _copy_plan(tmp_path)
    frame = pd.read_csv(data_dir / "milestones.csv", dtype=str, keep_default_na=False)
    frame = frame.drop(columns=["source_zh", "source_en"]).assign(source=source)
    frame.to_csv(data_dir / "milestones.csv", index=False)
    milestones = _load(data_dir).milestones
    assert set(milestones["source_zh"]) == {zh} and set(milestones["source_en"]) == {en}


def test_baselines_are_checked_only_against_given_figures(tmp_path):
    data_dir = _copy_plan(tmp_path)
    frame = pd.read_csv(data_dir / "milestones.csv", dtype=str, keep_default_na=False)
    frame.loc[4, "baseline_period"] = "2019"
    frame.to_csv(data_dir / "milestones.csv", index=False)
    assert len(load_plan(data_dir).milestones) == 15  # without figures the baseline cannot be checked


@pytest.mark.parametrize(("kind", "expected"), [(None, "level"), ("", "level"), ("annual_growth", "annual_growth")])
def test_a_milestone_kind_is_optional_and_defaults_to_level(tmp_path, kind, expected):
    data_dir = _copy_plan(tmp_path)
    frame = pd.read_csv(data_dir / "milestones.csv", dtype=str, keep_default_na=False)
    frame = frame[frame["kind"] == "annual_growth"].drop(columns=[] if kind is not None else ["kind"])
    if kind is not None:
        frame["kind"] = kind
    frame.to_csv(data_dir / "milestones.csv", index=False)
    assert set(_load(data_dir).milestones["kind"]) == {expected}
