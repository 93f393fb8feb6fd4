"""Unit tests of the bench: readers, encodings, the classical checker, gaps, comparisons, packaging."""

from __future__ import annotations

import csv
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from builders import day, tech, visit

from planner.check import check
from planner_bench.budget import Budget
from planner_bench.classic import ClassicInstance, Customer, Vehicle, ticks
from planner_bench.convert import PeerRoute, plan_from_routes
from planner_bench.metrics import gap_pct, verdict
from planner_bench.ours import solve_classic
from planner_bench.peers import PEERS, Peer
from planner_bench.peers.vroom import encode_skills, vroom_priority
from planner_bench.problems import classic_problem, day_problem
from planner_bench.report import by_priorities, outcome
from planner_bench.run import choose_instances, measure, solvers_for
from planner_bench.solomon import read_bks, read_solomon
from planner_bench.suites import DEFAULT_DATA, SUITES
from planner_bench.trsp import read_best_known, read_pillac
from planner_bench.verify import check_routes
from planner_bench.vrplib import read_vrplib

SOLOMON = DEFAULT_DATA / "solomon"
GH1000 = DEFAULT_DATA / "gh1000"
PILLAC = DEFAULT_DATA / "trsp" / "pillac2013"


def line(*customers: Customer, capacity: int | None = None, end: float = 100.0) -> ClassicInstance:
    """A one-depot instance at the origin with two vehicles."""
    vehicles = tuple(Vehicle(f"v{k}", 0.0, 0.0, 0.0, end, capacity) for k in (1, 2))
    return ClassicInstance("line", customers, vehicles)


def test_solomon_file_parses_to_its_fleet_and_customers():
    """C101 has 25 vehicles of capacity 200 at the depot and 100 customers with the file's windows."""
    instance = read_solomon(SOLOMON / "C101.txt")
    assert (instance.name, len(instance.customers), len(instance.vehicles)) == ("C101", 100, 25)
    assert {v.capacity for v in instance.vehicles} == {200}
    assert {(v.x, v.y, v.start, v.end) for v in instance.vehicles} == {(40, 50, 0, 1236)}
    first, last = instance.customers[0], instance.customers[-1]
    assert (first.id, first.x, first.y, first.demand) == ("1", 45, 68, 10)
    assert (first.ready, first.due, first.service) == (912, 967, 90)
    assert (last.id, last.demand, last.ready, last.due) == ("100", 20, 647, 726)


def test_solomon_reader_rejects_other_files(tmp_path):
    """A file without the VEHICLE block and 7-number rows is refused with its name."""
    bad = tmp_path / "X1.txt"
    bad.write_text("X1\nnot a solomon file\n1 2 3\n")
    with pytest.raises(ValueError, match=r"X1\.txt"):
        read_solomon(bad)


def test_bks_table_reads_distance_only_values_and_flags():
    """bks.csv gives the distance-only best known value; R109 is flagged suspect, C101 is not."""
    table = read_bks(SOLOMON / "bks.csv")
    assert len(table) == 56
    assert table["C101"].distance == 828.94 and not table["C101"].suspect
    assert table["R109"].suspect


def test_pillac_file_parses_technicians_skills_and_requests():
    """C101 of Pillac has 25 technicians at their homes with skills and 100 requests with one skill each."""
    instance = read_pillac(PILLAC / "instances" / "C101.100_25-5-5-5.txt")
    assert len(instance.vehicles) == 25 and len(instance.customers) == 100
    first = instance.vehicles[0]
    assert (first.x, first.y, first.start, first.end, first.skills) == (9, 6, 0, 1236, frozenset({1, 3, 4}))
    request = instance.customers[0]
    assert (request.id, request.skill, request.ready, request.due, request.service) == ("26", 4, 912, 967, 90)
    assert read_best_known(DEFAULT_DATA / "trsp" / "best_known.csv")["C101.100_25-5-5-5"] == 10717.516


def test_checker_matches_the_thesis_routes_of_pillac():
    """Routes of the thesis without a depot stop get the thesis's distance and latest-departure duration."""
    instance = read_pillac(PILLAC / "instances" / "R101.100_25-5-5-5.txt")
    position = {c.id: p for p, c in enumerate(instance.customers)}
    with open(PILLAC / "bks_routes_thesis.csv", newline="") as handle:
        rows = [
            r for r in csv.DictReader(handle) if r["instance"] == instance.name and not r["depot_visit_before_position"]
        ]
    assert rows
    for row in rows:
        routes: list[list[int]] = [[] for _ in instance.vehicles]
        routes[int(row["technician_node_id"]) - 1] = [position[v] for v in row["visits"].split()]
        result = check_routes(instance, routes)
        assert result.violations == ()
        assert result.distance == pytest.approx(float(row["route_distance"]), abs=1e-3)
        assert result.duration == pytest.approx(float(row["route_duration"]), abs=1e-3)


def test_checker_reports_late_service_capacity_and_repeats():
    """A window missed, a load over capacity and a customer served twice are each reported."""
    a = Customer("a", 3.0, 4.0, 6, 0.0, 6.0, 1.0)
    b = Customer("b", 6.0, 8.0, 6, 0.0, 20.0, 1.0)
    instance = line(a, b, capacity=10)
    assert check_routes(instance, [[0], [1]]).violations == ()
    late = check_routes(instance, [[1, 0], []])
    assert any("after its due" in v for v in late.violations)
    assert any("over its capacity" in v for v in late.violations)
    assert any("served 2 times" in v for v in check_routes(instance, [[0], [0, 1]]).violations)


def test_checker_times_a_route_from_its_latest_departure():
    """Waiting that a later departure avoids does not count in the route's duration."""
    instance = line(Customer("a", 3.0, 4.0, 0, 50.0, 60.0, 10.0))
    result = check_routes(instance, [[0], []])
    assert result.distance == pytest.approx(10.0)
    assert result.duration == pytest.approx(20.0)


def test_gap_is_a_percentage_above_the_best_known():
    """6.25 % above, negative below, None without a best known value."""
    assert gap_pct(850.0, 800.0) == pytest.approx(6.25)
    assert gap_pct(790.0, 800.0) == pytest.approx(-1.25)
    assert gap_pct(850.0, None) is None


def test_ticks_round_travel_up_without_float_noise():
    """Whole values stay whole; any fraction of a tick is rounded up."""
    assert ticks(5.0) == 5000
    assert ticks(1.0000001) == 1001
    assert ticks(0.1 + 0.2) == 300


def test_vroom_skill_ids_expand_levels_regions_and_pins():
    """A level-3 holder holds levels 1-3; a level-1 holder cannot take level-2 work; regions and pins too."""
    senior = tech("T1", skills={"sofa_repair": 3}, regions=("haidian",))
    junior = tech("T2", skills={"sofa_repair": 1})
    visits = [
        visit("V1", required_skills={"sofa_repair": 2}, region="haidian"),
        visit("V2", required_skills={"sofa_repair": 1}, region="chaoyang"),
        visit("V3", required_skills={"sofa_repair": 1}, pinned_technician="T2"),
    ]
    ids = encode_skills([senior, junior], visits)
    can = [[need <= held for held in ids.technicians] for need in ids.visits]
    assert can == [[True, False], [False, True], [False, True]]
    levels = ids.technicians[0] - ids.technicians[1]
    assert len(levels) >= 2  # levels 2 and 3 of sofa_repair, held by the senior only


def test_vroom_priorities_follow_the_kpi_weights():
    """Priority 1 is VROOM's 100 and each lower priority half of the one above (rounded)."""
    assert [vroom_priority(p) for p in (1, 2, 3, 4)] == [100, 50, 25, 12]


def test_classic_problem_makes_serving_beat_any_travel_and_keeps_capacity():
    """Drop penalties exceed all travel together; Solomon gets a load dimension, TRSP none."""
    instance = read_solomon(SOLOMON / "R101.txt")
    problem = classic_problem(instance)
    assert min(problem.penalties) > 10 * int(problem.travel_min.max()) * (len(instance.customers) + 25)
    assert problem.horizon == ticks(instance.horizon)
    assert problem.capacities == (200,) * 25 and len(problem.loads) == 125
    trsp = classic_problem(read_pillac(PILLAC / "instances" / "C101.100_25-5-5-5.txt"))
    assert trsp.loads == () and all(len(a) < 25 for a in trsp.allowed)


def test_our_model_respects_vehicle_capacity():
    """Four loads of 6 with capacity 12 need both vehicles, though one route would be shorter."""
    customers = tuple(Customer(str(i), 10.0 + i, 0.0, 6, 0.0, 100.0, 0.0) for i in range(4))
    routes = solve_classic(line(*customers, capacity=12), Budget(1.0))
    assert sorted(len(r) for r in routes) == [2, 2]
    assert check_routes(line(*customers, capacity=12), routes).violations == ()


def test_peer_routes_become_a_plan_the_checker_accepts():
    """A peer's sequence, service starts and lunch break are put on the clock into a valid plan."""
    dataset = day(
        [tech("T1")],
        [
            visit("V1", window_start=9 * 60, window_end=10 * 60),
            visit("V2", minutes_east=20, window_start=13 * 60, window_end=14 * 60),
        ],
    )
    problem = day_problem(dataset)
    plan = plan_from_routes(dataset, problem, [PeerRoute(0, (0, 1), (9 * 60, 13 * 60), break_start=12 * 60)])
    assert check(dataset, plan) == []
    assert plan.routes[0].break_ is not None


def test_comparison_ranks_valid_plans_by_priorities_then_distance():
    """More priority-1 work wins, then the shorter plan; rule-breakers and failures are set apart."""

    def row(p1: int, km: float, verdict_text: str = "ok", status: str = "ok") -> dict:
        return {
            "status": status,
            "verdict": verdict_text,
            "distance": km,
            "served_p1": f"{p1}/5",
            "served_p2": "",
            "served_p3": "",
            "served_p4": "",
            "priority_weighted_service": 0.5,
        }

    assert outcome(row(2, 9.0), row(3, 1.0), by_priorities) == "loss"
    assert outcome(row(3, 1.0), row(3, 2.0), by_priorities) == "win"
    assert outcome(row(3, 1.0), row(3, 1.0), by_priorities) == "tie"
    assert outcome(row(1, 9.0), row(5, 1.0, "break x1"), by_priorities) == "peer invalid"
    assert outcome(row(5, 1.0, "parts x1"), row(1, 9.0), by_priorities) == "ours invalid"
    assert outcome(row(3, 1.0), row(3, 1.0, status="timeout"), by_priorities) == "n/a"


def test_verdict_counts_broken_rules():
    """No rule broken reads ok; otherwise each rule with its count."""
    assert verdict([]) == "ok"
    assert verdict(["parts", "break", "break"]) == "break x2; parts x1"


def test_unknown_instances_and_peers_are_refused():
    """A typo in an instance or peer name is an error naming it, not an empty run."""
    with pytest.raises(ValueError, match="C999"):
        choose_instances(SUITES["solomon"], DEFAULT_DATA, ["C101", "C999"], None)
    with pytest.raises(ValueError, match="gurobi"):
        solvers_for(SUITES["solomon"], ["gurobi"])
    assert solvers_for(SUITES["trsp"], ["pyvrp", "vroom"]) == ["ours", "vroom"]
    assert choose_instances(SUITES["aftersales"], DEFAULT_DATA, [], 2) == ["sample", "day50"]


def test_a_missing_peer_is_reported_not_run(monkeypatch):
    """A peer whose package is absent yields a 'not installed' row without starting a process."""
    monkeypatch.setitem(PEERS, "vroom", Peer("vroom", "planner_bench.peers.vroom", "no_such_package_x"))
    instance = read_solomon(SOLOMON / "C101.txt")
    row = measure(SUITES["solomon"], "C101", instance, "vroom", Budget(1.0), DEFAULT_DATA)
    assert row["status"] == "not installed" and row["verdict"] == ""


def test_importing_the_bench_imports_no_peer():
    """planner_bench and the CLI load without pyvroom or pyvrp, so they stay an optional extra."""
    code = textwrap.dedent("""
        import sys
        import planner_bench, planner_bench.run, planner_bench.report, planner_bench.command
        import planner_bench.peers.vroom, planner_bench.peers.pyvrp, planner_bench.peers.ortools_plain
        print(sorted(m for m in ("vroom", "pyvrp", "pandas") if m in sys.modules))
    """)
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_bench_cli_refuses_an_unknown_instance(tmp_path):
    """python -m planner_bench exits 2 and names the instance it does not know."""
    from planner_bench.command import main

    assert main(["--suite", "solomon", "--instances", "Z999", "--out", str(tmp_path)]) == 2
    assert not (tmp_path / "solomon.csv").exists()


def test_bench_registers_as_a_planner_subcommand():
    """``planner bench`` hands its options to the bench's own parser untouched, which reads them as documented."""
    from planner_bench.command import parser as bench_parser
    from planner_cli.main import parser

    given = ["--suite", "trsp", "--time-limit", "1,10", "--peers", "none", "--limit", "3"]
    assert parser().parse_args(["bench", *given]).bench_args == given
    args = bench_parser("planner bench").parse_args(given)
    assert (args.suite, args.time_limit, args.peers, args.limit) == ("trsp", (1.0, 10.0), (), 3)


def test_vrplib_instance_parses_and_its_best_known_routes_check():
    """C1_10_1: 1,000 customers, 250 vehicles of 200; the .sol routes keep every rule and cost about its Cost.

    The .sol numbers customers from 1 with the depot as 0 (node k + 1 of the
    .vrp, whose depot is node 1); its Cost truncates each distance to one
    decimal, so the double-precision distance lies a little above it.
    """
    instance = read_vrplib(GH1000 / "C1_10_1.vrp")
    assert len(instance.customers) == 1000 and len(instance.vehicles) == 250
    assert instance.vehicles[0].capacity == 200 and instance.customers[0].service == 90
    assert instance.best_known == 42444.8
    routes: list[list[int]] = [[] for _ in instance.vehicles]
    for k, line in enumerate(
        text for text in (GH1000 / "C1_10_1.sol").read_text().splitlines() if text.startswith("Route")
    ):
        routes[k] = [int(c) - 1 for c in line.split(":")[1].split()]
    result = check_routes(instance, routes)
    assert result.violations == ()
    gap = gap_pct(result.distance, instance.best_known)
    assert gap is not None and 0 <= gap < 0.5


def test_vrplib_reader_rejects_other_files(tmp_path):
    bad = tmp_path / "x.vrp"
    bad.write_text("NAME : x\nNODE_COORD_SECTION\n1 0 0\nEOF\n", encoding="ascii")
    with pytest.raises(ValueError, match="VRPLIB"):
        read_vrplib(bad)
