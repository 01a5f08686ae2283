"""Whether the tests run in CI: there a missing PostgreSQL server or Chromium fails the run instead of skipping.

The one place that reads the CI variable (set by .ci/run and by CI services: true, 1 or yes).
"""

from __future__ import annotations

import os


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
