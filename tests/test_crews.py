"""Visits that need two or three people on site at once: planned in step, checked, and explained."""

from __future__ import annotations

import copy
import json

import pytest
from builders import FAST, PLAN_DATE, day, tech, visit
from helpers_io import read_ok

from planner.check import check, check_plan
from planner.domain import Availability
from planner.eligibility import Eligibility
from planner.horizon.crews import copy_id
from planner.horizon.solve import plan_horizon
from planner.routing import ProblemOptions, SearchParams, build_problem, solve
from planner.routing.model import build_model
from planner.routing.solve import read_routes, search_parameters
from planner_bench.horizon import generate_week


def _crew_day(**settings):
    """Three people; W1 needs a lead with wardrobe_install:3 and a helper with wardrobe_install:1."""
    people = [
        tech("T1", skills={"wardrobe_install": 3, "sofa_repair": 3}),
        tech("T2", skills={"wardrobe_install": 1, "sofa_repair": 3}, base_lon=116.45),
        tech("T3", skills={"sofa_repair": 3}),
    ]
    work = [
        visit(
            "W1",
            20,
            type="install",
            priority=2,
            required_skills={"wardrobe_install": 3},
            duration_min=120,
            crew_size=2,
            crew_skills={"wardrobe_install": 1},
        ),
        visit("V1", 5),
        visit("V2", 15),
        visit("V3", 25),
    ]
    return day(people, work, **settings)


def _stops_of(plan, visit_id):
    return [(r.technician_id, s) for d in plan.days for r in d.routes for s in r.stops if s.visit_id == visit_id]


#: OR-Tools' own search, without the compiled search first (as for a re-plan).
OWN_SEARCH = SearchParams(time_limit=5.0, seed=0, guided=False)


@pytest.mark.parametrize("params", [FAST, OWN_SEARCH], ids=["compiled", "or-tools"])
def test_a_crew_visit_is_in_both_routes_with_the_same_start_and_end(params):
    dataset = _crew_day()
    plan = plan_horizon(dataset, params).plan
    stops = _stops_of(plan, "W1")
    assert sorted(t for t, _ in stops) == ["T1", "T2"]
    assert len({(s.start, s.end) for _, s in stops}) == 1
    assert all(s.crew == ("T1", "T2") for _, s in stops)
    assert check(dataset, plan.day_plan(0)) == []
    text = plan.day_plan(0).to_json()
    assert '"crew": [\n            "T1",\n            "T2"\n          ]' in text


def test_the_routing_model_refuses_one_member_on_site_alone():
    """Routes that serve only the lead's stop of a crew visit break the model; both stops are served at one start."""
    members = [copy_id("W1", i) for i in range(2)]
    stops = [visit(member, 20, window_start=540, window_end=540) for member in members]
    dataset = day([tech("T1"), tech("T2")], stops, lunch_minutes=0)
    allowed = Eligibility({members[0]: ("T1",), members[1]: ("T2",)}, {})
    problem = build_problem(dataset, allowed, 0, ProblemOptions(crews=(tuple(members),)))
    model = build_model(problem)
    lead = problem.visit_ids.index(members[0])
    alone = read_routes(problem, model, search_parameters(problem, OWN_SEARCH), [[lead], []])
    assert alone is None or not model.routing.CheckIfAssignmentIsFeasible(alone, False)
    result = solve(problem, OWN_SEARCH)
    served = {problem.visit_ids[p]: (r.vehicle, start) for r in result.routes for p, start in zip(r.visits, r.starts)}
    assert served == {members[0]: (0, 540), members[1]: (1, 540)}


def test_a_crew_counts_once_for_service_and_towards_each_members_cap():
    dataset = _crew_day()
    plan = plan_horizon(dataset, FAST).plan
    assert plan.kpis["visits_served"] == len({s.visit_id for r in plan.days[0].routes for s in r.stops})
    capped = dataset.model_copy(
        update={
            "technicians": tuple(
                t.model_copy(update={"max_visits": 1}) if t.id == "T2" else t for t in dataset.technicians
            )
        }
    )
    again = plan_horizon(capped, FAST).plan
    t2 = [r for r in again.days[0].routes if r.technician_id == "T2"]
    assert all(len(r.stops) <= 1 for r in t2) and check(capped, again.day_plan(0)) == []


def test_a_crew_with_nobody_free_gets_a_crew_reason_not_an_error():
    """T2, the only possible helper, is on leave: the visit is left out, saying how many were free."""
    dataset = _crew_day().model_copy(update={"availability": (Availability(technician_id="T2", date=PLAN_DATE),)})
    plan = plan_horizon(dataset, FAST).plan
    reason = next(u for u in plan.unassigned if u.visit_id == "W1")
    assert reason.reason_code == "capacity"
    assert reason.reason.startswith(
        "needs 2 people on site at once (wardrobe_install level 3 to lead, wardrobe_install level 1"
    )
    assert "only 1 free" in reason.reason and "需要 2 人同时上门" in reason.reason_zh
    assert check(dataset, plan.day_plan(0)) == []


def test_over_several_days_the_crew_waits_for_the_day_its_helper_is_back():
    dataset = _crew_day(horizon_days=2).model_copy(
        update={"availability": (Availability(technician_id="T2", date=PLAN_DATE),)}
    )
    plan = plan_horizon(dataset, FAST).plan
    stops = _stops_of(plan, "W1")
    assert len(stops) == 2 and all(s.start.date() == plan.days[1].date for _, s in stops)
    assert check(dataset, plan) == []


def test_a_crew_of_three():
    dataset = _crew_day()
    dataset = dataset.model_copy(
        update={
            "visits": tuple(
                v.model_copy(update={"crew_size": 3, "crew_skills": {}}) if v.id == "W1" else v for v in dataset.visits
            )
        }
    )
    plan = plan_horizon(dataset, FAST).plan
    stops = _stops_of(plan, "W1")
    assert sorted(t for t, _ in stops) == ["T1", "T2", "T3"] and stops[0][1].crew[0] == "T1"
    assert check(dataset, plan.day_plan(0)) == []


def test_the_checker_finds_crews_out_of_step_or_incomplete():
    dataset = _crew_day()
    raw = json.loads(plan_horizon(dataset, FAST).plan.day_plan(0).to_json())
    late = copy.deepcopy(raw)
    for route in late["routes"]:
        for stop in route["stops"]:
            if stop["visit_id"] == "W1" and route["technician_id"] == "T2":
                changed = stop["end"][:-9] + ("58" if stop["end"][-8:-6] == "59" else "59") + ":00+08:00"
                assert changed != stop["end"]
                stop["end"] = changed
    assert "crew" in {v.rule for v in check_plan(dataset, late)}
    alone = copy.deepcopy(raw)
    for route in alone["routes"]:
        if route["technician_id"] == "T2":
            route["stops"] = [s for s in route["stops"] if s["visit_id"] != "W1"]
    assert "crew" in {v.rule for v in check_plan(dataset, alone)}
    unskilled = copy.deepcopy(raw)
    for route in unskilled["routes"]:
        for stop in route["stops"]:
            if stop["visit_id"] == "W1":
                stop["crew"] = list(reversed(stop["crew"]))
    assert "skills" in {v.rule for v in check_plan(dataset, unskilled)}


@pytest.mark.parametrize("seed", [2, 4, 6, 7])
def test_generated_weeks_with_crews_and_days_off_pass_the_checker(seed):
    """Small generated weeks (crews, days off, release dates): every rule holds and every reason is true."""
    dataset = generate_week(seed, technicians=6 + seed % 4, per_day=25, days=2 + seed % 3)
    plan = plan_horizon(dataset, SearchParams(time_limit=3.0)).plan
    assert plan.kpis["crew_visits"]["total"] > 0
    assert check(dataset, plan) == []


def test_the_one_day_planner_keeps_crews_and_release_dates_of_the_sample_week():
    """plan_day (pages, API) on a dataset with crews plans its firm first day with them, and the plan checks."""
    from pathlib import Path

    from planner.planning import plan_day

    week = read_ok(Path(__file__).resolve().parents[1] / "data" / "sample-week")
    plan = plan_day(week, FAST).plan
    crews = {s.visit_id: s.crew for r in plan.routes for s in r.stops if s.crew}
    assert crews and all(len(c) == 2 for c in crews.values())
    assert not {s.visit_id for r in plan.routes for s in r.stops} & {v.id for v in week.visits if v.release_date}
    assert check(week, plan) == []
