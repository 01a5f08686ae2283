"""Write examples/plan-2026-example.xlsx: the EXAMPLE 2026–2030 plan workbook of tests/plan_files.py, as an office
sends it (Chinese sheets and headers, a title row). Its targets are made up (示例, said in its title, quotes and
sources), not facts about the real plan.

    python examples/make_plan_example.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.plan_files import fifteenth_plan_xlsx  # noqa: E402

OUT = Path(__file__).resolve().parent / "plan-2026-example.xlsx"

if __name__ == "__main__":
    OUT.write_bytes(fifteenth_plan_xlsx())
    print(f"written to {OUT.relative_to(ROOT)}")
