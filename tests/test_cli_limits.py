"""Command-line values and files that used to end in a traceback end in a located error, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "0", "-5", "soon"])
@pytest.mark.parametrize("command", [
    ["plan", str(SAMPLE), "--out", "never.json"],
    ["replan", str(SAMPLE), "--plan", "p.json", "--events", "e.yaml", "--out", "never.json"],
    ["slots", str(SAMPLE), "--plan", "p.json", "--visit", "r.yaml"],
    ["scenarios", str(SAMPLE), "s.yaml", "--out", "never"],
    ["build", str(SAMPLE), "--out", "never"],
])
def test_time_limit_must_be_a_sensible_number_of_seconds(command, value, capsys, tmp_path, monkeypatch):
    """``--time-limit nan`` or ``1e308`` is refused by the command line with exit 2, before any work."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main([*command, "--time-limit", value])
    assert stop.value.code == 2
    assert "--time-limit" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_check_refuses_a_deeply_nested_plan_with_exit_2(tmp_path, capsys):
    """A plan.json nested 100,000 deep is an input error of ``planner check``, not a RecursionError."""
    plan = tmp_path / "plan.json"
    plan.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert main(["check", str(SAMPLE), str(plan)]) == 2
    assert "plan.json" in capsys.readouterr().err
