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
