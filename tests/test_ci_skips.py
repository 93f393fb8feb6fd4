"""Under CI a skip fails the run (conftest), so a missing install step cannot pass unseen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("ci, expected", [("true", 1), ("", 0)])
def test_a_skip_fails_only_under_ci(tmp_path: Path, ci: str, expected: int):
    """The project's conftest runs over a test that skips: exit 1 with CI set, 0 without."""
    for name in ("conftest.py", "workorder_db.py"):  # the conftest and the fixtures it loads
        shutil.copy(HERE / name, tmp_path / name)
    (tmp_path / "test_skipping.py").write_text(
        "import pytest\n\ndef test_needs_something():\n    pytest.skip('data not here')\n", encoding="utf-8"
    )
    env = {**os.environ, "CI": ci}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == expected, done.stdout + done.stderr
    if expected:
        assert "data not here" in done.stdout
