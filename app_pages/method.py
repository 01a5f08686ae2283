"""Method page: how progress and pace are computed, in plain words, with the references."""

from __future__ import annotations

import streamlit as st

from components.view import View, current
from components.widgets import badge_markdown
from tracker.i18n import STATUS, t

METHOD = {
    "zh": """
**进度** =（最新值 − 基期值）/（目标值 − 基期值）。没有基期时为 最新值 / 目标值。可以超过 100%。

**速度评估**（参照联合国可持续发展目标进展评估方法，加拿大统计局和 Open SDG 的做法）：
比较从基期到最新年度数据的**实际年均速度**与从基期到目标年所需的**年均速度**。
按复合增长（cagr）或每年变化量（linear，用于比重类指标）计算，比值 = 实际速度 / 所需速度：

- 最新数据已达到目标 → 已实现；目标年已有数据但未达到 → 未实现；
- 比值 ≥ 95% → 进度正常；60%–95% → 需要加速；0–60% → 进展有限；< 0 → 倒退；
- 年度数据少于两个 → 无法评估（并说明原因）。

**今后每年仍需**：从最新数据到目标年达到目标所需的年均速度。
**预计**：按实际速度推算到目标年的数值，以及达到目标的年份。

年内累计数据（如 1-9 月）不与年度数据比较，只单独显示。存量指标的月度数据视为当年水平。
“左右”类目标按目标值本身判断是否实现。
""",
    "en": """
**Progress** = (latest − baseline) / (target − baseline); latest / target where the plan gives no baseline.
It may exceed 100%.

**Pace** (after the UN SDG progress assessment, as Statistics Canada and Open SDG apply it): compare the
**actual rate** per year from the baseline to the latest annual figure with the **required rate** per year from the
baseline to the target. Rates are compound (cagr) or a change per year (linear, for shares in %).
ratio = actual / required:

- the latest figure meets the target → achieved; the target year has a figure that does not meet it → missed;
- ratio ≥ 95% → on track; 60–95% → acceleration needed; 0–60% → limited progress; below 0 → deterioration;
- fewer than two annual figures → not assessed (with the reason).

**Still needed per year**: the rate that takes the latest figure to the target by the target year.
**Projected**: the value at the target year at the actual rate, and the year the target is reached.

Year-to-date figures (e.g. January–September) are never compared with annual ones; they are shown apart.
A stock's figure at a month counts as that year's level. An "about" target is judged against its stated value.
""",
}

REFERENCES = [
    (
        "UN Statistics Division, SDG Progress Chart — technical note",
        "https://unstats.un.org/sdgs/report/2023/progress-chart-technical-note.pdf",
    ),
    (
        "Statistics Canada, Canada's Sustainable Development Goals Data Hub: progress assessment",
        "https://www144.statcan.gc.ca/sdg-odd/index-eng.htm",
    ),
    ("Open SDG: progress status", "https://open-sdg.readthedocs.io/en/latest/progress-status/"),
]


REFERENCES_TITLE = {"zh": "参考", "en": "References"}


def render(view: View) -> None:
    language = view.lang
    st.header(t("method_title", language))
    st.markdown(METHOD[language])
    # The same badges as on the cards: icon, word and colour.
    st.markdown(" ".join(badge_markdown(status, language) for status in STATUS))
    st.subheader(REFERENCES_TITLE[language])
    for title, url in REFERENCES:
        st.markdown(f"- [{title}]({url})")


if __name__ == "__main__":
    render(current())
