"""A day too large for the machine's memory is refused with the limit named, before the matrices are built."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.problems import InvalidInput
from planner.travel import MATRIX_MEMORY_ENV, TravelModel, matrix_bytes
from planner_cli.main import main

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def test_estimate_grows_with_the_square_of_the_places():
    assert matrix_bytes(2000) == 4 * matrix_bytes(1000) > 0
    assert matrix_bytes(100_000) > 100 * 2**30  # a 100,000-visit day on one model: far beyond any machine


def test_matrices_beyond_the_limit_are_refused_naming_it(monkeypatch):
    monkeypatch.setenv(MATRIX_MEMORY_ENV, "1")
    points = [(39.9 + i / 1000, 116.4) for i in range(400)]
    with pytest.raises(InvalidInput) as refused:
        TravelModel().matrices(points)
    message = refused.value.problems[0].message
    assert MATRIX_MEMORY_ENV in message and "400 places" in message
    monkeypatch.setenv(MATRIX_MEMORY_ENV, "100")
    km, minutes = TravelModel().matrices(points)
    assert km.shape == minutes.shape == (400, 400)


def test_a_limit_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv(MATRIX_MEMORY_ENV, "lots")
    with pytest.raises(InvalidInput) as refused:
        TravelModel().matrices([(39.9, 116.4), (39.8, 116.3)])
    assert MATRIX_MEMORY_ENV in refused.value.problems[0].message


def test_plan_command_exits_2_with_the_limit(monkeypatch, tmp_path, capsys):
    """``planner plan`` on a day beyond the limit: exit 2, the limit named, nothing written."""
    monkeypatch.setenv(MATRIX_MEMORY_ENV, "0.01")
    assert main(["plan", str(SAMPLE), "--out", str(tmp_path / "plan.json")]) == 2
    assert MATRIX_MEMORY_ENV in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
