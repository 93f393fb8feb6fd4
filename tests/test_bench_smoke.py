"""Smoke run of the bench as CI can afford it: 2 Solomon instances and the 50-visit day at 1 s.

Peers run when the optional extra is installed (``pip install .[bench]``)
and are reported as not installed otherwise; plain OR-Tools is always
there, since OR-Tools is a dependency of the planner itself.
"""

from __future__ import annotations

import csv

import pytest

from planner_bench.command import main
from planner_bench.peers import PEERS


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """Both smoke suites run once into one folder."""
    folder = tmp_path_factory.mktemp("bench")
    common = ["--time-limit", "1", "--threads", "2", "--out", str(folder)]
    assert main(["--suite", "solomon", "--instances", "C101,RC201", *common]) == 0
    assert main(["--suite", "aftersales", "--instances", "day50", *common]) == 0
    return folder


def rows(folder, suite):
    with open(folder / f"{suite}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_smoke_writes_a_csv_and_a_summary_per_suite(out):
    """Each suite leaves its CSV and a markdown summary with the per-solver and versus tables."""
    for suite in ("solomon", "aftersales"):
        text = (out / f"{suite}.md").read_text(encoding="utf-8")
        assert f"# Bench: {suite}" in text and "| ours |" in text and "ours wins" in text
    assert len(rows(out, "solomon")) == 2 * 4 and len(rows(out, "aftersales")) == 3


def test_smoke_solomon_routes_all_pass_the_checker(out):
    """Every installed solver serves all 100 customers of both instances feasibly, with a gap to BKS."""
    for row in rows(out, "solomon"):
        if row["status"] == "not installed":
            assert not PEERS[row["solver"]].available()
            continue
        assert (row["status"], row["verdict"], row["served"]) == ("ok", "ok", "100"), row
        assert float(row["best_known"]) > 0 and row["gap_pct"] != ""
        assert float(row["peak_mb"]) > 0 and 0 < float(row["wall_s"]) < 30


def test_smoke_day_plans_are_checked_and_ours_is_valid(out):
    """Our plan of the 50-visit day keeps every rule; every peer plan carries the checker's verdict."""
    by_solver = {row["solver"]: row for row in rows(out, "aftersales")}
    ours = by_solver["ours"]
    assert (ours["status"], ours["verdict"]) == ("ok", "ok")
    assert ours["served_p1"] == "2/2" and float(ours["priority_weighted_service"]) > 0
    for solver, row in by_solver.items():
        assert row["status"] in ("ok", "not installed"), row
        assert row["verdict"] if row["status"] == "ok" else not PEERS[solver].available()
