"""Run the command line: python -m tracker --help."""

import sys

from tracker.cli import main

sys.exit(main())
