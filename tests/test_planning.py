"""The solver keeps every hard rule and the objective's order, on days small enough to check by hand.

Every plan produced here also passes the independent checker.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from builders import FAST, PLAN_DATE, day, east, tech, visit
from helpers_io import read_ok

from planner.check import check
from planner.domain import Region
from planner.planning import plan_day
from planner.routing import SearchParams

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def solved(dataset, params=FAST):
    """Plan the day and insist that the independent checker finds nothing wrong."""
    plan = plan_day(dataset, params).plan
    assert check(dataset, plan) == []
    return plan


def assigned(plan) -> dict[str, str]:
    """visit id -> technician id of every served visit."""
    return {s.visit_id: r.technician_id for r in plan.routes for s in r.stops}


def reasons(plan) -> dict[str, str]:
    """visit id -> reason code of every unassigned visit."""
    return {u.visit_id: u.reason_code for u in plan.unassigned}


def minutes_of(moment) -> int:
    return moment.hour * 60 + moment.minute


def test_skill_level_decides_who_goes():
    """sofa_repair:3 is needed; T1 has level 2 (closer), T2 level 3: T2 goes."""
    dataset = day(
        [tech("T1", skills={"sofa_repair": 2}), tech("T2", skills={"sofa_repair": 3}, base_lon=east(20))],
        [visit("V1", 10, required_skills={"sofa_repair": 3})],
    )
    assert assigned(solved(dataset)) == {"V1": "T2"}


def test_region_limits_who_goes():
    """A fengtai visit goes to the person covering fengtai, not the closer chaoyang-only one."""
    dataset = day(
        [tech("T1", regions=("chaoyang",)), tech("T2", regions=("fengtai", "chaoyang"), base_lon=east(30))],
        [visit("V1", 5, region="fengtai")],
    )
    assert assigned(solved(dataset)) == {"V1": "T2"}


def test_service_starts_inside_window():
    """Window 14:00-15:00, 10 minutes from base: the service starts between 14:00 and 15:00."""
    dataset = day([tech("T1")], [visit("V1", 10, window_start=14 * 60, window_end=15 * 60), visit("V2", 12)])
    plan = solved(dataset)
    stop = next(s for s in plan.routes[0].stops if s.visit_id == "V1")
    assert 14 * 60 <= minutes_of(stop.start) <= 15 * 60


def test_shift_bounds_the_day():
    """An afternoon shift 13:00-17:00: leaves at 13:00 or later, back by 17:00; the third 90-min visit cannot fit."""
    dataset = day(
        [tech("T1", shift_start=13 * 60, shift_end=17 * 60)],
        [visit("V1", 10, duration_min=90), visit("V2", 11, duration_min=90), visit("V3", 12, duration_min=90)],
    )
    plan = solved(dataset)
    route = plan.routes[0]
    assert minutes_of(route.depart) >= 13 * 60 and minutes_of(route.return_) <= 17 * 60
    # 10 + 90 + 1 + 90 + 1 + 90 + 12 = 294 minutes > 240 available: one visit is left out.
    assert len(route.stops) == 2 and list(reasons(plan).values()) == ["capacity"]


def test_lunch_break_inside_window_between_services():
    """A full day of 60-min visits gets a 45-min break inside 11:30-13:30 that overlaps no service."""
    dataset = day([tech("T1")], [visit(f"V{i}", 5 + i) for i in range(7)])
    route = solved(dataset).routes[0]
    assert route.break_ is not None
    start, end = minutes_of(route.break_.start), minutes_of(route.break_.end)
    assert 11 * 60 + 30 <= start and end <= 13 * 60 + 30 and end - start == 45
    assert all(minutes_of(s.end) <= start or minutes_of(s.start) >= end for s in route.stops)


def test_max_visits_caps_the_day():
    """max_visits 2 with four short visits: two are served, two are left out naming the cap."""
    dataset = day([tech("T1", max_visits=2)], [visit(f"V{i}", 5, duration_min=30) for i in range(4)])
    plan = solved(dataset)
    assert len(plan.routes[0].stops) == 2
    assert set(reasons(plan).values()) == {"capacity"}
    assert all("cap of 2" in u.reason for u in plan.unassigned)


def test_parts_stock_goes_to_the_more_important_visit():
    """One bracket in stock, wanted by a priority-2 and a priority-4 visit: the priority-2 visit gets it."""
    dataset = day(
        [tech("T1")],
        [visit("V1", 10, priority=4, parts={"bracket": 1}), visit("V2", 20, priority=2, parts={"bracket": 1})],
        parts={"bracket": 1},
    )
    plan = solved(dataset)
    assert assigned(plan) == {"V2": "T1"}
    assert reasons(plan) == {"V1": "parts_out_of_stock"}
    assert "V2" in plan.unassigned[0].reason


def test_pinned_technician_is_hard():
    """Pinned to T2, who lives 40 minutes away, although T1 is next door: T2 goes."""
    dataset = day([tech("T1"), tech("T2", base_lon=east(40))], [visit("V1", 2, pinned_technician="T2")])
    assert assigned(solved(dataset)) == {"V1": "T2"}


def test_preferred_technician_wins_when_cost_is_close():
    """Two people at the same base; the customer prefers T2: T2 goes (a soft wish, no travel lost)."""
    dataset = day([tech("T1"), tech("T2")], [visit("V1", 10, preferred_technician="T2")])
    assert assigned(solved(dataset)) == {"V1": "T2"}


def test_priority_one_outweighs_many_priority_fours():
    """Room for either one 435-min urgent visit or six 30-min low-priority ones: the urgent one is served."""
    # Shift 570 min; urgent alone 10 + 435 + 10 = 455; with the six others 455 + 180 = 635 > 570.
    visits = [visit("URG", 10, priority=1, duration_min=435)] + [
        visit(f"L{i}", 10, priority=4, duration_min=30) for i in range(6)
    ]
    dataset = day([tech("T1", shift_start=8 * 60, shift_end=17 * 60 + 30)], visits, lunch_minutes=0)
    plan = solved(dataset)
    assert "URG" in assigned(plan)


def test_nearer_due_date_first_among_equals():
    """Two equal visits, only one fits: the one due today is served, the one due next week is deferred."""
    import datetime as dt

    dataset = day(
        [tech("T1", shift_start=9 * 60, shift_end=12 * 60)],
        [
            visit("LATER", 10, duration_min=150, due_date=dt.date(2026, 11, 30)),
            visit("TODAY", 10, duration_min=150, due_date=dt.date(2026, 11, 23)),
        ],
        lunch_minutes=0,
    )
    plan = solved(dataset)
    assert assigned(plan) == {"TODAY": "T1"}
    assert reasons(plan) == {"LATER": "deferred"}


def test_each_technician_takes_the_nearer_visit():
    """T1 based west, T2 east; V1 next to T1, V2 next to T2: travel is least when each takes their own."""
    dataset = day([tech("T1"), tech("T2", base_lon=east(60))], [visit("V1", 3), visit("V2", 57)])
    assert assigned(solved(dataset)) == {"V1": "T1", "V2": "T2"}


def test_equal_travel_is_shared_out():
    """Two people at one base, one visit 30 min east and one 30 min west: either way 120 travel minutes, so they split."""
    west = visit("W", 0, lon=116.4 - (30 - 0.5) / 2.2 * 0.01, duration_min=240)
    dataset = day([tech("T1"), tech("T2")], [visit("E", 30, duration_min=240), west], lunch_minutes=0)
    plan = solved(dataset)
    assert len(plan.routes) == 2


def test_reason_no_qualified_technician():
    """Nobody has marble_repair: the visit is reported with the missing skill."""
    dataset = day([tech("T1")], [visit("V1", 10, required_skills={"marble_repair": 2})])
    plan = solved(dataset)
    assert reasons(plan) == {"V1": "no_qualified_technician"}
    assert "marble_repair level 2" in plan.unassigned[0].reason
    assert "name T1 could take it with marble_repair level 2" in plan.unassigned[0].reason


def test_reason_skills_reported_before_region():
    """A visit failing both skills and region is reported for skills (the contract's order)."""
    dataset = day(
        [tech("T1", regions=("haidian",))], [visit("V1", 10, region="fengtai", required_skills={"sofa_repair": 5})]
    )
    assert reasons(solved(dataset)) == {"V1": "no_qualified_technician"}


def test_reason_no_technician_in_region():
    """Qualified T1 and T2 work in haidian only: a fengtai visit names both and the region."""
    dataset = day(
        [tech("T1", regions=("haidian",)), tech("T2", regions=("haidian",))],
        [visit("V1", 10, region="fengtai")],
        regions=(Region(id="fengtai", name="丰台区", name_en="Fengtai"),),
    )
    plan = solved(dataset)
    assert reasons(plan) == {"V1": "no_technician_in_region"}
    assert "name T1, name T2" in plan.unassigned[0].reason and "Fengtai" in plan.unassigned[0].reason
    assert "丰台区" in plan.unassigned[0].reason_zh
    assert "name T1 could take it if allowed to work in Fengtai" in plan.unassigned[0].reason
    assert "若允许 name T1 负责丰台区，即可上门" in plan.unassigned[0].reason_zh


def test_reason_window_outside_shifts():
    """An evening window 19:00-20:00 while every shift ends at 17:00."""
    dataset = day([tech("T1")], [visit("V1", 10, window_start=19 * 60, window_end=20 * 60)])
    assert reasons(solved(dataset)) == {"V1": "window_outside_shifts"}


def test_reason_window_when_lunch_cannot_fit_around_the_service():
    """A 435-min service in an 08:00-17:30 shift leaves no room for the 45-min break inside 11:30-13:30."""
    dataset = day([tech("T1", shift_start=8 * 60, shift_end=17 * 60 + 30)], [visit("V1", 10, duration_min=435)])
    plan = solved(dataset)
    assert reasons(plan) == {"V1": "window_outside_shifts"}
    assert "45-min lunch break" in plan.unassigned[0].reason


def test_reason_parts_out_of_stock():
    """The visit needs two hinges and the desk has one."""
    dataset = day([tech("T1")], [visit("V1", 10, parts={"hinge": 2})], parts={"hinge": 1})
    assert reasons(solved(dataset)) == {"V1": "parts_out_of_stock"}


def test_reason_capacity_when_the_only_qualified_person_is_busy():
    """Only T1 can do either; both visits want 10:00-10:30 and last 2 hours: one is left for capacity."""
    dataset = day(
        [tech("T1")],
        [
            visit("A", 10, priority=2, window_start=600, window_end=630, duration_min=120),
            visit("B", 12, priority=3, window_start=600, window_end=630, duration_min=120),
        ],
    )
    plan = solved(dataset)
    assert assigned(plan) == {"A": "T1"}
    assert reasons(plan) == {"B": "capacity"}
    assert "busy in 10:00-10:30 with A" in plan.unassigned[0].reason


def test_pinned_and_due_urgent_come_first():
    """Room for one of two 7-hour jobs: the due priority-1 complaint beats a priority-1 job due next week."""
    import datetime as dt

    dataset = day(
        [tech("T1")],
        [
            visit("LATER", 10, priority=1, duration_min=420, due_date=dt.date(2026, 11, 30)),
            visit("DUE", 10, priority=1, duration_min=420, due_date=dt.date(2026, 11, 22)),
        ],
        lunch_minutes=0,
    )
    assert assigned(solved(dataset)) == {"DUE": "T1"}


@pytest.mark.parametrize("seed", [0, 7])
def test_same_input_and_seed_give_the_same_plan(seed):
    """Planning a 30-visit day twice with one seed gives byte-identical plan.json."""
    visits = [
        visit(
            f"V{i:02d}",
            3 + (i * 7) % 50,
            priority=1 + i % 4,
            duration_min=30 + (i % 3) * 30,
            lat=39.9 + ((i * 13) % 11 - 5) * 0.01,
        )
        for i in range(30)
    ]
    dataset = day(
        [tech("T1"), tech("T2", base_lon=east(25)), tech("T3", base_lon=east(50), shift_start=9 * 60)], visits
    )
    params = SearchParams(time_limit=20, seed=seed)
    first = plan_day(dataset, params)
    second = plan_day(dataset, params)
    assert first.stopped_by == "work_limit"
    assert first.plan.to_json() == second.plan.to_json()


def test_the_sample_day_plans_the_same_twice_within_its_work_budget():
    """The bundled sample (70 visits, 12 technicians): the work budget, not the clock, ends the
    search, so two runs give byte-identical plans (the cap is raised so a slow machine cannot cut in)."""
    dataset = read_ok(SAMPLE)
    first = plan_day(dataset, SearchParams(time_limit=120))
    second = plan_day(dataset, SearchParams(time_limit=120))
    assert first.stopped_by == "work_limit"
    assert first.plan.to_json() == second.plan.to_json()
    assert check(dataset, first.plan) == []


def test_only_the_routing_package_the_roster_model_and_the_textbook_peer_import_ortools():
    """OR-Tools stays behind planner.routing (routing) and planner/roster/solve.py (CP-SAT); the bench's
    plain OR-Tools peer is the one other user, because it is a separate textbook model to compare against."""
    root = Path(__file__).resolve().parents[1]
    users = sorted(
        str(p.relative_to(root))
        for folder in ("planner", "web")
        for p in (root / folder).rglob("*.py")
        if re.search(r"^\s*(from|import) ortools", p.read_text(encoding="utf-8"), re.M)
    )
    others = {"planner_bench/peers/ortools_plain.py", "planner/roster/solve.py"}
    assert users and all(u.startswith("planner/routing/") or u in others for u in users), users


def test_start_from_a_plan_is_never_worse():
    """Re-planning a day from its own plan with one more technician keeps every served visit's priority covered."""
    visits = [
        visit(f"V{i:02d}", 3 + (i * 7) % 50, priority=1 + i % 4, duration_min=60 + (i % 3) * 30) for i in range(24)
    ]
    base = day([tech("T1"), tech("T2", base_lon=east(25))], visits)
    first = plan_day(base, FAST).plan
    more = day([tech("T1"), tech("T2", base_lon=east(25)), tech("T3", base_lon=east(50))], visits)
    again = plan_day(more, FAST, start_from=first)
    assert again.warm_started
    assert check(more, again.plan) == []
    assert again.plan.kpis["priority_weighted_service"] >= first.kpis["priority_weighted_service"]
    assert again.plan.kpis["visits_served"] > first.kpis["visits_served"]


def test_start_from_an_infeasible_plan_starts_afresh():
    """A start plan that breaks this day's rules (a shift too short for both visits) is ignored, not an error."""
    base = day([tech("T1")], [visit("V1", 10, duration_min=120), visit("V2", 12, duration_min=120)])
    first = plan_day(base, FAST).plan
    # Each visit alone fits 08:00-11:00 (10 + 120 + 12 minutes at most); both together do not.
    shorter = day(
        [tech("T1", shift_end=11 * 60)], [visit("V1", 10, duration_min=120), visit("V2", 12, duration_min=120)]
    )
    again = plan_day(shorter, FAST, start_from=first)
    assert not again.warm_started
    assert check(shorter, again.plan) == []
    assert again.plan.kpis["visits_served"] == 1


def test_no_plan_in_time_is_reported_as_such(monkeypatch):
    """When the search finds no plan at all, every plannable visit says so instead of blaming capacity."""
    import sys

    solve_module = sys.modules["planner.routing.solve"]
    monkeypatch.setattr(solve_module.pywrapcp.RoutingModel, "SolveWithParameters", lambda self, search: None)
    monkeypatch.setattr(solve_module.pywrapcp.RoutingModel, "RestoreAssignment", lambda self, start: None)
    dataset = day([tech("T1")], [visit("V1", 10), visit("V2", 10, required_skills={"marble_repair": 1})])
    plan = plan_day(dataset, FAST).plan
    assert reasons(plan) == {"V1": "no_plan_in_time", "V2": "no_qualified_technician"}
    assert check(dataset, plan) == []


def test_a_day_without_technicians_is_planned_empty():
    """No technicians on the roster: every visit is unassigned for want of a qualified person, nothing crashes."""
    dataset = day([], [visit("V1", 10), visit("V2", 20)])
    plan = solved(dataset)
    assert plan.routes == () and set(reasons(plan).values()) == {"no_qualified_technician"}


def test_a_day_without_visits_is_planned_empty():
    """No visits: an empty plan that checks."""
    plan = solved(day([tech("T1")], []))
    assert plan.routes == () and plan.unassigned == ()


def test_the_older_order_goes_first_among_equals():
    """Two routine repairs, room for one: the one the customer asked for five days ago is served."""
    plan_date = PLAN_DATE
    older = visit("V1", 10, duration_min=400, created_date=plan_date - dt.timedelta(days=5))
    newer = visit("V2", 10, duration_min=400, created_date=plan_date)
    for visits in ([older, newer], [newer, older]):
        plan = plan_day(day([tech("T1")], visits, lunch_minutes=0), FAST).plan
        assert [s.visit_id for r in plan.routes for s in r.stops] == ["V1"]
        assert [u.visit_id for u in plan.unassigned] == ["V2"]
