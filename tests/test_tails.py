"""Exchanging route tails (2-opt*): the constant-time check and cost must agree with the routes made."""

from __future__ import annotations

import numpy as np
import pytest
from builders import day, tech, visit
from route_steps import keeps_every_rule

from planner.eligibility import eligibility
from planner.routing import build_problem
from planner.routing.ruin import improve, schedule
from planner.routing.ruin.cost import route_cost, work
from planner.routing.ruin.instance import instance_of
from planner.routing.ruin.solution import copy_of, empty_solution
from planner.routing.ruin.tails import exchange, exchange_cost, swap_tails
from planner_bench.problems import classic_problem
from planner_bench.solomon import read_solomon
from planner_bench.suites import DEFAULT_DATA


def lunch_day():
    """Five interchangeable technicians with lunch, 30 visits east of the base with windows across the day."""
    visits = [
        visit(
            f"V{k:02d}",
            5 + (k * 7) % 40,
            duration_min=30 + (k % 3) * 15,
            window_start=8 * 60 + (k * 37) % 300,
            window_end=8 * 60 + (k * 37) % 300 + 180,
        )
        for k in range(30)
    ]
    dataset = day([tech(f"T{k}") for k in range(5)], visits)
    return build_problem(dataset, eligibility(dataset))


def solomon(name):
    return classic_problem(read_solomon(DEFAULT_DATA / "solomon" / f"{name}.txt"))


def solution_of(instance, routes):
    m = instance.vehicles
    solution = empty_solution(instance)
    for v, route in enumerate(routes):
        for k, position in enumerate(route):
            solution.routes[v, k] = m + position
            solution.route_of[m + position] = v
            solution.route_load[v] += instance.load[m + position]
        solution.lengths[v] = len(route)
    return solution


def feasible(instance, solution, vehicle):
    """Does the route keep every window and the break, timed stop by stop from the shift start?"""
    return solution.lengths[vehicle] == 0 or keeps_every_rule(instance, solution, vehicle)


def travel_cost(instance, solution, vehicle):
    """The route's cost without the work above the fair share (which the exchange's estimate leaves out)."""
    over = max(0, work(instance, solution, vehicle) - instance.fair_work[vehicle])
    return route_cost(instance, solution, vehicle) - over


@pytest.mark.parametrize(("make", "iterations"), [(lambda: solomon("R201"), 400), (lunch_day, 300)])
def test_exchange_cost_is_what_the_exchanged_routes_cost(make, iterations):
    """For every pair of routes and every two cuts: allowed exactly when both new routes keep every rule
    (timed stop by stop), and then the estimate is the change in their cost; the loads move with the visits."""
    problem = make()
    instance = instance_of(problem)
    routes, _ = improve(problem, iterations, seed=1)
    solution = solution_of(instance, routes)
    times = schedule.new_schedule(solution.routes)
    for v in range(instance.vehicles):
        schedule.time_route(instance, solution, v, times)
    used = [v for v in range(instance.vehicles) if solution.lengths[v]]
    allowed = refused = 0
    moved = np.empty(len(problem.visit_ids), dtype=np.int64)
    for u in used:
        for v in used:
            if u == v or instance.kind[u] != instance.kind[v]:
                continue
            for i in range(solution.lengths[u] + 1):
                for j in range(solution.lengths[v] + 1):
                    if (i == 0 and j == 0) or (i == solution.lengths[u] and j == solution.lengths[v]):
                        continue
                    delta = exchange_cost(instance, solution, times, u, i, v, j)
                    trial = copy_of(solution)
                    trial_times = times.copy()
                    count = exchange(instance, trial, trial_times, u, i, v, j, moved)
                    ok = feasible(instance, trial, u) and feasible(instance, trial, v)
                    assert (delta < schedule.INF) == ok, (u, i, v, j)
                    assert count == solution.lengths[u] - i + solution.lengths[v] - j
                    assert all(trial.route_of[node] in (u, v) for node in moved[:count])
                    for vehicle in (u, v):
                        nodes = trial.routes[vehicle, : trial.lengths[vehicle]]
                        assert trial.route_load[vehicle] == instance.load[nodes].sum()
                    if ok:
                        before = travel_cost(instance, solution, u) + travel_cost(instance, solution, v)
                        after = travel_cost(instance, trial, u) + travel_cost(instance, trial, v)
                        assert delta == after - before
                        allowed += 1
                    else:
                        refused += 1
    assert allowed > 10 and refused > 50


def test_swap_tails_keeps_every_visit_once():
    """A run of exchanges from random seeds never loses or doubles a visit and keeps every route feasible."""
    problem = lunch_day()
    instance = instance_of(problem)
    routes, _ = improve(problem, 200, seed=2)
    solution = solution_of(instance, routes)
    served = sorted(int(node) for v in range(instance.vehicles) for node in solution.routes[v, : solution.lengths[v]])
    times = schedule.new_schedule(solution.routes)
    for v in range(instance.vehicles):
        schedule.time_route(instance, solution, v, times)
    moved = np.empty(len(problem.visit_ids), dtype=np.int64)
    touched = np.zeros(instance.vehicles, dtype=np.bool_)
    exchanges = 0
    for seed in served * 3:
        touched[:] = False
        exchanges += swap_tails(instance, solution, times, seed, moved, touched) > 0
        now = sorted(int(node) for v in range(instance.vehicles) for node in solution.routes[v, : solution.lengths[v]])
        assert now == served
        assert all(feasible(instance, solution, v) for v in range(instance.vehicles))
        for v in range(instance.vehicles):
            assert all(solution.route_of[node] == v for node in solution.routes[v, : solution.lengths[v]])
    assert exchanges > 10
