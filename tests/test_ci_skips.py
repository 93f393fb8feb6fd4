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
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_skipping.py").write_text(
        "import pytest\n\ndef test_needs_something():\n    pytest.skip('data not here')\n", encoding="utf-8"
    )
    # The test helpers the conftest imports (browser, store fixtures) are read from here.
    path = os.pathsep.join(filter(None, (str(HERE), os.environ.get("PYTHONPATH"))))
    env = {**os.environ, "CI": ci, "PYTHONPATH": path}
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
