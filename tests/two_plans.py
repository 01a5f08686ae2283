"""A store holding two plans: the shipped 2022 plan and the EXAMPLE 2026–2030 plan of tests/plan_files.py, imported
as an office would (its 2025 baselines uploaded first, then the plan file through tracker.importing). The 2025
figures are example values for tests, not published figures."""

from __future__ import annotations

import pandas as pd

from tests.plan_files import EXPECTED_ABOUT, fifteenth_plan_xlsx

EXAMPLE_PLAN = EXPECTED_ABOUT["plan_id"]  # jinan-2026-example
EXAMPLE_TITLES = {"zh": EXPECTED_ABOUT["title_zh"], "en": EXPECTED_ABOUT["title_en"]}
# The example plan's baselines (2025) as example values: the plan file is refused without them.
EXAMPLE_BASELINES = pd.DataFrame(
    {
        "indicator_id": ["gdp", "rd_intensity", "hightech_enterprises"],
        "period": ["2025", "2025", "2025"],
        "value": [2150.0, 7.6, 3900.0],
        "note_zh": ["示例数值"] * 3,
        "note_en": ["example value"] * 3,
        "source_zh": ["示例"] * 3,
        "source_en": ["example"] * 3,
    }
)


def add_example_plan(store) -> tuple[int, int]:
    """Upload the example baselines, then import the example plan; returns (the figures' revision, the plan's)."""
    from tracker.importing import commit_plan, stage_plan

    figures = store.commit(EXAMPLE_BASELINES, author="test", comment="example 2025 baselines", base_revision=None)
    staged = stage_plan(store, "plan-2026-example.xlsx", fifteenth_plan_xlsx())
    assert staged.ok, [p.message("en") for p in staged.problems]
    return figures, commit_plan(store, staged, author="test", comment="the example 2026–2030 plan")
