"""What ``planner plan --days N`` prints about the previous plan's proposals, read back by the tests."""

from __future__ import annotations

import re


def kept_and_moved(told: str) -> tuple[int, int]:
    """The proposals kept and moved, as printed; fails the test when the line is missing."""
    found = re.search(r"proposals of the previous plan: (\d+) kept, (\d+) moved", told)
    assert found is not None, told
    return int(found.group(1)), int(found.group(2))
