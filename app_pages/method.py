"""Method page: how progress and pace are computed, in plain words, with the references."""

from __future__ import annotations

import streamlit as st

from components.view import View, current
from components.widgets import badge_markdown, md_escape
from tracker.i18n import STATUS, t

METHOD = {
    "zh": """
**进度** =（最新值 − 基期值）/（目标值 − 基期值）。没有基期时为 最新值 / 目标值。可以超过 100%。

**速度评估**（参照联合国可持续发展目标进展评估方法，加拿大统计局和 Open SDG 的做法）：
比较从基期到最新年度数据的**实际年均速度**与从基期到目标年所需的**年均速度**。
总量类指标按复合年均增长率计算，比重类指标按每年变化的百分点计算；比值 = 实际速度 / 所需速度：

- 最新数据已达到目标 → 已实现；目标年已有数据但未达到 → 未实现；
- 比值 ≥ 95% → 进度正常；60%–95% → 需要加速；0–60% → 进展有限；< 0 → 倒退；
- 年度数据少于两个 → 无法评估（并说明原因）。

**今后每年仍需**：从最新数据到目标年达到目标所需的年均速度。
**预计**：按实际速度推算到目标年的数值，以及达到目标的年份。

年内累计数据（如 1-9 月）不与年度数据比较，只单独显示。存量指标的月度数据视为当年水平。
“左右”类目标以所写的数值为准：达到该数值即为已实现（如“8%左右”在达到 8% 时实现）；
写明“突破”“超过”的目标须高于所写的数值。

**年度预期目标**（如“地区生产总值增长7%”）按当年公布的**全年同比增速**（不变价）评估：达到即为已实现，否则未实现；
“6%左右”在 5.5%–6.5% 之间（±0.5 个百分点）或更高时视为实现。当年尚未结束时，以最新的年内累计增速作为年内信号
（如“1-9月 +7.8%，高于全年目标 6% 左右”）；年份已过但只公布了年内累计增速的，无法评估，并在原因中写出该增速。

**数据的限定词**：“余、逾、超过、突破、以上、多”表示下限（≥），“近、约、左右、级”表示约数（≈），“预计、初步”表示预计值。
下限数据达到目标即为已实现；由约数或预计值得出的状态标注“约”；标注“替代口径”的数据口径与规划不同，由其得出的状态同样标注。

**口径断点**：统计口径调整（如经济普查修订）之后的数据与此前不可比。断点之后有两个及以上年度数据时，按新口径计算速度；
否则仍按断点之前的口径评估并注明（“按2024年以前口径”），新口径数据单独显示；从不把跨断点的跳升当作增长。
不变价增速只用于不变价视角和年度目标，不与现价水平混合计算。
""",
    "en": """
**Progress** = (latest − baseline) / (target − baseline); latest / target where the plan gives no baseline.
It may exceed 100%.

**Pace** (after the UN SDG progress assessment, as Statistics Canada and Open SDG apply it): compare the
**actual rate** per year from the baseline to the latest annual figure with the **required rate** per year from the
baseline to the target. Rates are compound annual growth for totals, and a change in percentage points per year for
shares.
ratio = actual / required:

- the latest figure meets the target → achieved; the target year has a figure that does not meet it → missed;
- ratio ≥ 95% → on track; 60–95% → acceleration needed; 0–60% → limited progress; below 0 → deterioration;
- fewer than two annual figures → not assessed (with the reason).

**Still needed per year**: the rate that takes the latest figure to the target by the target year.
**Projected**: the value at the target year at the actual rate, and the year the target is reached.

Year-to-date figures (e.g. January–September) are never compared with annual ones; they are shown apart.
A stock's figure at a month counts as that year's level. An "about" target is judged against its stated value: it is
achieved once the figure reaches that value (“about 8%” at 8%); a target the plan words as "more than" needs a figure
beyond its value.

**Annual targets** (such as "GDP growth of 7%") are judged on the year's reported **annual real growth** (at constant
prices): met → achieved, otherwise missed; "about 6%" is met within ±0.5 point (5.5% or more). While the year runs,
its latest year-to-date growth is an in-year signal ("Jan–Sep +7.8%, above the annual target of about 6%"); a year
that has passed with only year-to-date growth published is not assessed, with that figure in the reason.

**Qualified figures**: the words a bulletin writes beside a number mark a lower bound (≥: "more than", "over",
"at least"), an approximate figure (≈: "nearly", "about", "in the … range") or an estimate ("expected",
"preliminary"). A lower bound at or above the target is achieved; a status read from an approximate figure or
an estimate says "approximate"; a figure marked PROXY measures something close to the plan's scope, and a status read
from it says so too.

**Series breaks**: after a change of statistical basis (such as an economic census revision) figures are not
comparable with earlier ones. Rates use the segment after the break once it has two or more annual figures;
until then the status keeps the basis before the break, labelled ("on the pre-2024 basis"), with the new figure
shown beside it; a jump across the break is never read as growth. Real growth rates feed the real-terms view and
annual targets only; they are never chained into the current-price levels.
""",
}

# (Chinese title, English title, address): a reference's title in the reader's language, the address as it is.
REFERENCES = [
    (
        "联合国统计司：可持续发展目标进展图技术说明（英文）",
        "UN Statistics Division, SDG Progress Chart — technical note",
        "https://unstats.un.org/sdgs/report/2023/progress-chart-technical-note.pdf",
    ),
    (
        "加拿大统计局：加拿大可持续发展目标数据中心的进展评估（英文）",
        "Statistics Canada, Canada's Sustainable Development Goals Data Hub: progress assessment",
        "https://www144.statcan.gc.ca/sdg-odd/index-eng.htm",
    ),
    (
        "Open SDG：进展状态（英文）",
        "Open SDG: progress status",
        "https://open-sdg.readthedocs.io/en/latest/progress-status/",
    ),
]


def render(view: View) -> None:
    language = view.lang
    st.header(t("method_title", language))
    st.markdown(METHOD[language])
    # The same badges as on the cards: icon, word and colour.
    st.markdown(" ".join(badge_markdown(status, language) for status in STATUS))
    evaluation_classes(language)
    st.subheader(t("references", language))
    titles = {"zh": 0, "en": 1}
    st.markdown("\n".join(f"- [{reference[titles[language]]}]({reference[2]})" for reference in REFERENCES))


def evaluation_classes(lang: str) -> None:
    """How the evaluation report (tracker.evaluation) classes each target: class, the pace statuses it comes from,
    the rule."""
    from tracker.evaluation import CLASS_RULES, CLASSES, method_rules

    st.subheader(t("method_eval_title", lang))
    st.markdown(t("method_eval_intro", lang))
    head = [t("eval_col_class", lang), t("method_eval_status", lang), t("eval_col_rule", lang)]
    rows = [
        [word, t("list_separator", lang).join(STATUS[s][lang] for s in dict.fromkeys(CLASS_RULES[cls])), rule]
        for cls, (word, rule) in zip(CLASSES, method_rules(lang))
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in rows]
    st.markdown("\n".join(lines))


if __name__ == "__main__":
    render(current())
