"""The compiled ruin-and-recreate phase: its routes keep the model's rules and are reproducible."""

from __future__ import annotations

import dataclasses
import itertools
import time

import numpy as np
import pytest
from builders import PLAN_DATE, day, tech, visit
from route_steps import keeps_every_rule

from planner.demo import generate_day
from planner.eligibility import eligibility
from planner.routing import build_problem, ruin
from planner.routing.model import build_model
from planner.routing.ruin import driver, improve, recreate, schedule
from planner.routing.ruin.instance import instance_of
from planner.routing.ruin.solution import LEFT_OUT, empty_solution
from planner.routing.solve import SearchParams, search_parameters, warm_start
from planner_bench.problems import classic_problem
from planner_bench.solomon import read_bks, read_solomon
from planner_bench.suites import DEFAULT_DATA
from planner_bench.verify import _dist

SOLOMON = DEFAULT_DATA / "solomon"


def problem_of(dataset):
    return build_problem(dataset, eligibility(dataset))


@pytest.fixture(scope="module")
def busy_day():
    """80 visits for 10 technicians: more work than people, lunch, skills, regions and shared parts."""
    dataset = generate_day(80, 10, seed=3, regions=4)
    return dataset, problem_of(dataset)


def test_routes_are_accepted_by_the_full_model(busy_day):
    """OR-Tools checks the routes against every constraint of the model (lunch, windows, parts...)."""
    _, problem = busy_day
    routes, finished = improve(problem, 1500, seed=0)
    model = build_model(problem)
    assert finished and sum(map(len, routes)) > 0
    assert warm_start(problem, model, search_parameters(problem, SearchParams()), routes) is not None


def test_only_allowed_technicians_and_stock_is_shared(busy_day):
    """Every visit rides with a technician eligibility allowed; no part is used beyond its stock."""
    _, problem = busy_day
    routes, _ = improve(problem, 1500, seed=0)
    served = {p: v for v, route in enumerate(routes) for p in route}
    assert all(v in problem.allowed[p] for p, v in served.items())
    assert problem.parts, "the generated day should share some spare parts"
    for stock, users in problem.parts:
        assert sum(qty for node, qty in users if node - problem.vehicles in served) <= stock


def test_same_seed_same_routes(busy_day):
    """The work is counted in iterations, so the clock never changes the answer."""
    _, problem = busy_day
    assert improve(problem, 800, seed=5)[0] == improve(problem, 800, seed=5)[0]


def test_latest_starts_are_exact(busy_day):
    """An insertion is checked against the latest start of the next stop: that start must be the true limit.

    From each stop of each route, in both break states, starting at the
    recorded latest minute keeps the rest of the route feasible and one
    minute later does not (stepping through the route one stop at a time).
    """
    _, problem = busy_day
    m = problem.vehicles
    routes, _ = improve(problem, 300, seed=0)
    instance = instance_of(problem)
    solution = empty_solution(instance)
    for v, route in enumerate(routes):
        solution.routes[v, : len(route)] = [m + p for p in route]
        solution.lengths[v] = len(route)
    times = schedule.new_schedule(solution.routes)
    checked = 0
    latest_rows = (
        (schedule.LATEST_OWED, lambda s: (s, schedule.INF)),
        (schedule.LATEST_TAKEN, lambda s: (schedule.INF, s)),
    )
    for v in range(m):
        schedule.time_route(instance, solution, v, times)
        for p in range(solution.lengths[v] + 1):
            for row, as_state in latest_rows:
                latest = int(times[row, v, p])
                if latest >= 0:
                    assert keeps_every_rule(instance, solution, v, p, *as_state(latest))
                    checked += 1
                assert not keeps_every_rule(instance, solution, v, p, *as_state(latest + 1))
    assert checked > 20 and instance.has_lunch.any()


def test_by_the_clock_it_runs_until_the_deadline(busy_day):
    """Without an iteration budget the search is not finished by work: the deadline stopped it."""
    _, problem = busy_day
    routes, finished = improve(problem, None, seed=0, deadline=time.perf_counter() + 0.3)
    assert not finished and sum(map(len, routes)) > 0


def test_by_the_clock_it_cools_over_the_whole_run(busy_day, monkeypatch):
    """Until the pace is known the first chunk holds the start temperature: a run by the clock is not cold
    after its first chunk (which made the rest a plain descent), and ends near the end temperature."""
    _, problem = busy_day
    instance = instance_of(problem)
    first = empty_solution(instance)
    recreate.construct(instance, first)
    seen = []
    real_search = driver.search

    def recording(instance, state, best, iterations, temperature, cooling):
        seen.append(temperature)
        return real_search(instance, state, best, iterations, temperature, cooling)

    monkeypatch.setattr(driver, "search", recording)
    start = 1000.0
    driver._anneal(instance, first, None, time.perf_counter() + 0.5, start)
    final = start * driver.END_TEMPERATURE / driver.START_TEMPERATURE
    assert len(seen) > 3
    assert seen[1] == start
    assert seen[len(seen) // 2] > final * 1.5
    assert seen[-1] < start / 2


def test_lunch_break_gets_a_gap_inside_the_window():
    """Two visits of four hours each: lunch must fall between them, so they cannot be back to back."""
    dataset = day(
        [tech("T1")],
        [
            visit("V1", 5, duration_min=200, window_start=8 * 60 + 5, window_end=8 * 60 + 5),
            visit("V2", 5, duration_min=200),
        ],
    )
    problem = problem_of(dataset)
    routes, _ = improve(problem, 200, seed=0)
    model = build_model(problem)
    assert sorted(p for r in routes for p in r) == [0, 1]
    assert warm_start(problem, model, search_parameters(problem, SearchParams()), routes) is not None


def test_urgent_visit_takes_the_only_place():
    """One technician with room for one visit: the priority 1 visit goes, the two priority 4 ones wait."""
    dataset = day(
        [tech("T1", max_visits=1)],
        [visit("V1", 30, priority=4), visit("V2", 30, priority=4), visit("V3", 40, priority=1)],
    )
    problem = problem_of(dataset)
    routes, _ = improve(problem, 300, seed=0)
    assert [[problem.visit_ids[p] for p in r] for r in routes] == [["V3"]]


def test_what_does_not_fit_in_the_shift_stays_out():
    """Each visit fits the 90-minute shift alone (10 + 40 + 10 minutes), both together do not."""
    dataset = day(
        [tech("T1", shift_end=9 * 60 + 30)], [visit("V1", 10, duration_min=40), visit("V2", 10, duration_min=40)]
    )
    problem = problem_of(dataset)
    routes, _ = improve(problem, 200, seed=0)
    assert len(problem.visit_ids) == 2 and sum(map(len, routes)) == 1


def test_solomon_c101_within_one_percent_of_best_known():
    """A clustered Solomon instance: 2,000 iterations land within 1 % of the best known distance."""
    instance = read_solomon(SOLOMON / "C101.txt", read_bks(SOLOMON / "bks.csv")["C101"])
    assert instance.best_known is not None
    routes, _ = improve(classic_problem(instance), 2000, seed=0)
    home = (instance.vehicles[0].x, instance.vehicles[0].y)
    length = 0.0
    for route in routes:
        points = [home] + [(instance.customers[p].x, instance.customers[p].y) for p in route] + [home]
        length += sum(_dist(a, b) for a, b in itertools.pairwise(points))
    assert sum(map(len, routes)) == 100
    assert length <= instance.best_known * 1.01


def test_warm_up_compiles_both_entry_points():
    """After ``warm_up`` (what ``planner serve`` runs before listening) no plan waits for the compiler."""
    from planner.routing.warmup import warm_up

    warm_up()
    assert ruin.construct.signatures and ruin.search.signatures and ruin.take_back.signatures


def test_take_back_gives_the_part_to_the_urgent_visit():
    """One technician, one unit of P1: routine V4 holds it, urgent V1 (due today) is left out.

    Recreate only fills free room, so the annealing can end this way; the
    take-back pass swaps them (V1 in, V4 out, as the part allows only one),
    and leaves the plan alone when the left-out visit is the less important.
    """
    dataset = day(
        [tech("T1")],
        [visit("V1", priority=1, due_date=PLAN_DATE, parts={"P1": 1}), visit("V4", priority=4, parts={"P1": 1})],
        parts={"P1": 1},
    )
    problem = build_problem(dataset, eligibility(dataset))
    instance = instance_of(problem)
    m = problem.vehicles
    order = {vid: m + i for i, vid in enumerate(problem.visit_ids)}
    for held in ("V4", "V1"):
        state = empty_solution(instance)
        state.routes[0, 0], state.lengths[0], state.route_of[order[held]] = order[held], 1, 0
        state.parts_used[:] = 1
        ruin.take_back(instance, state)
        assert [int(node) for node in state.routes[0, : state.lengths[0]]] == [order["V1"]]
        assert state.route_of[order["V4"]] == LEFT_OUT and state.parts_used[0] == 1


def test_sooner_puts_the_urgent_visit_first_when_travel_allows():
    """Routine V3 10 minutes out, urgent V1 20 minutes out on the same road: the same 40 minutes of
    travel either way, so V1 goes first (it starts at 08:20 instead of 09:20); the route keeps both."""
    dataset = day([tech("T1")], [visit("V3", 10), visit("V1", 20, priority=1)], lunch_minutes=0)
    problem = build_problem(dataset, eligibility(dataset))
    instance = instance_of(problem)
    m = problem.vehicles
    order = {vid: m + i for i, vid in enumerate(problem.visit_ids)}
    state = empty_solution(instance)
    state.routes[0, :2] = [order["V3"], order["V1"]]
    state.lengths[0] = 2
    ruin.sooner(instance, state)
    assert [int(node) for node in state.routes[0, : state.lengths[0]]] == [order["V1"], order["V3"]]


def test_sooner_keeps_a_route_whose_urgent_visit_cannot_move():
    """V1 (urgent) may only start at 11:00; V3 fits before it, so nothing moves."""
    dataset = day(
        [tech("T1")], [visit("V3", 10), visit("V1", 20, priority=1, window_start=660, window_end=670)], lunch_minutes=0
    )
    problem = build_problem(dataset, eligibility(dataset))
    instance = instance_of(problem)
    m = problem.vehicles
    order = {vid: m + i for i, vid in enumerate(problem.visit_ids)}
    state = empty_solution(instance)
    state.routes[0, :2] = [order["V3"], order["V1"]]
    state.lengths[0] = 2
    ruin.sooner(instance, state)
    assert [int(node) for node in state.routes[0, : state.lengths[0]]] == [order["V3"], order["V1"]]


def test_same_routes_on_one_core_or_several(busy_day, monkeypatch):
    """The annealing runs go on threads, each seeded from the seed and its number: the same routes on 1 or 3."""
    _, problem = busy_day
    found = []
    for workers in (1, 3):
        monkeypatch.setattr(driver, "cores", lambda workers=workers: workers)
        found.append(improve(problem, 900, seed=2)[0])
    assert found[0] == found[1]


def test_interchangeable_people_are_one_kind():
    """Same base, day, limits and skills make two people one kind (one empty route of them is tried); a later
    shift end makes a third one a kind of its own."""
    dataset = day([tech("T1"), tech("T2"), tech("T3", shift_end=18 * 60)], [visit("V1"), visit("V2", 20)])
    assert instance_of(problem_of(dataset)).kind.tolist() == [0, 0, 2]


def test_recreate_tries_every_route_when_the_nearest_are_full():
    """V2's nearest visit V1 fills T1's route (one visit at most): with only that route near, recreate
    must still find T2's route, which holds far-away V3."""
    dataset = day(
        [tech("T1", max_visits=1), tech("T2", shift_end=16 * 60)], [visit("V1", 10), visit("V2", 11), visit("V3", 40)]
    )
    problem = problem_of(dataset)
    instance = instance_of(problem)
    m = problem.vehicles
    node = {vid: m + i for i, vid in enumerate(problem.visit_ids)}
    assert instance.nearest[node["V2"] - m, 0] == node["V1"]
    solution = empty_solution(instance)
    for v, held in ((0, "V1"), (1, "V3")):
        solution.routes[v, 0], solution.lengths[v], solution.route_of[node[held]] = node[held], 1, v
    times = schedule.new_schedule(solution.routes)
    for v in range(m):
        schedule.time_route(instance, solution, v, times)
    pool = np.array([node["V2"]], dtype=np.int64)
    added = recreate.recreate(instance, solution, times, pool, 1, 0.0, recreate.ORDER_RANDOM, 1)
    assert solution.route_of[node["V2"]] == 1 and added < instance.drop_penalty[node["V2"] - m]


def test_a_changed_module_drops_the_compiled_cache(tmp_path):
    """numba notices a change only in a compiled function's own file, not in the kernels it calls from
    the package's other modules: a change to any of them drops the whole cache; no change keeps it."""
    (tmp_path / "schedule.py").write_text("LATE = 1\n")
    cache = tmp_path / "__pycache__"
    cache.mkdir()
    compiled = [cache / "anneal.search-55.py311.nbi", cache / "anneal.search-55.py311.1.nbc"]
    for path in compiled:
        path.write_bytes(b"code")
    assert ruin.drop_stale_cache(tmp_path) and not any(path.exists() for path in compiled)
    for path in compiled:
        path.write_bytes(b"code")
    assert not ruin.drop_stale_cache(tmp_path) and all(path.exists() for path in compiled)
    (tmp_path / "schedule.py").write_text("LATE = 2\n")
    assert ruin.drop_stale_cache(tmp_path) and not any(path.exists() for path in compiled)


def test_a_timed_route_holds_the_cost_of_each_arc(busy_day):
    """Insertion reads the arc it breaks from the schedule, not the travel table: the row must be the
    table's cost of each arc of the route, from the base to the first stop through the return."""
    _, problem = busy_day
    m = problem.vehicles
    routes, _ = improve(problem, 300, seed=0)
    instance = instance_of(problem)
    solution = empty_solution(instance)
    times = schedule.new_schedule(solution.routes)
    arcs = 0
    for v, route in enumerate(routes):
        solution.routes[v, : len(route)] = [m + p for p in route]
        solution.lengths[v] = len(route)
        schedule.time_route(instance, solution, v, times)
        places = [v, *(m + p for p in route), v]
        if route:
            assert times[schedule.ARC_COST, v, : len(route) + 1].tolist() == [
                instance.arc_cost[a, b] for a, b in itertools.pairwise(places)
            ]
            arcs += len(route) + 1
    assert arcs > 30


def test_arrival_costs_are_the_travel_table_turned_over(busy_day):
    """``arc_cost_in[b, a]`` is the cost from a to b, also when travel differs by direction."""
    _, problem = busy_day
    one_way = problem.travel_min.copy()
    one_way[0, -1] += 7  # from the first base to the last visit takes longer than back
    for travel in (problem.travel_min, one_way):
        instance = instance_of(dataclasses.replace(problem, travel_min=travel))
        assert np.array_equal(instance.arc_cost_in, instance.arc_cost.T)
    assert not np.array_equal(instance.arc_cost, instance.arc_cost.T)
