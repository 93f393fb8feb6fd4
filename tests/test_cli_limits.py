"""Command-line values and files that used to end in a traceback end in a located error, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner_cli.main import main

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "0", "-5", "soon"])
@pytest.mark.parametrize(
    "command",
    [
        ["plan", str(SAMPLE), "--out", "never.json"],
        ["replan", str(SAMPLE), "--plan", "p.json", "--events", "e.yaml", "--out", "never.json"],
        ["slots", str(SAMPLE), "--plan", "p.json", "--visit", "r.yaml"],
        ["scenarios", str(SAMPLE), "s.yaml", "--out", "never"],
        ["build", str(SAMPLE), "--out", "never"],
    ],
)
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


@pytest.mark.parametrize("value", ["-1", "100000000000000000000000", "x"])
@pytest.mark.parametrize(
    "command",
    [
        ["plan", str(SAMPLE), "--out", "never.json"],
        ["replan", str(SAMPLE), "--plan", "p.json", "--events", "e.yaml", "--out", "never.json"],
        ["scenarios", str(SAMPLE), "s.yaml", "--out", "never"],
        ["demo", "--out", "never"],
    ],
)
def test_seed_must_fit_the_search(command, value, capsys, tmp_path, monkeypatch):
    """A seed of 10**23 overflowed inside the search; it is refused by the command line."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main([*command, "--seed", value])
    assert stop.value.code == 2 and "--seed" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_bench_time_limits_must_be_finite(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["bench", "--time-limit", "1,nan"])
    assert stop.value.code == 2 and "--time-limit" in capsys.readouterr().err


def test_demo_with_impossible_counts_exits_2(tmp_path, capsys):
    assert main(["demo", "--visits", "-5", "--out", str(tmp_path / "day")]) == 2
    assert "visits must be 0 or more" in capsys.readouterr().err
    assert not (tmp_path / "day").exists()
