"""``python -m planner_bench --suite ...``: the bench without the ``planner`` command."""

from __future__ import annotations

import sys

from planner_bench.command import main

if __name__ == "__main__":
    sys.exit(main())
