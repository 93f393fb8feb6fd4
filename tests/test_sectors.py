"""Large days in sectors: the split, the stock they share, and the pass across them.

The threshold is lowered in the planning tests so that hand-checkable
days take the sector path; every plan still goes through the checker.
"""

from __future__ import annotations

import pytest
from builders import FAST, day, tech, visit

import planner.planning
from planner.check import check
from planner.demo import generate_day
from planner.eligibility import eligibility
from planner.planning import default_time_limit, plan_day
from planner.routing import SearchParams
from planner.sectors import split_day, stock_left


def sector_of(sectors) -> dict[str, str]:
    """technician or visit id -> region of the sector holding it."""
    return {member: s.region for s in sectors for member in (*s.technicians, *s.visits)}


def test_each_visit_and_technician_lands_in_exactly_one_sector():
    """A generated day of five regions: no visit is lost or doubled by the split."""
    dataset = generate_day(120, 15, seed=3, regions=5)
    allowed = eligibility(dataset)
    sectors = split_day(dataset, allowed)
    visits = [v for s in sectors for v in s.visits]
    people = [t for s in sectors for t in s.technicians]
    assert sorted(visits) == sorted(allowed.allowed)
    assert len(people) == len(set(people))
    for s in sectors:
        for v in s.visits:
            assert set(allowed.allowed[v]) & set(s.technicians), f"{v} is in a sector where nobody may do it"


def test_flexible_technician_goes_where_demand_exceeds_capacity():
    """North has 600 minutes of work and T1's 540 of its own (60 short), south 30 minutes
    and T2's 540: T3, who covers both, is placed in north, where the shortfall is larger."""
    dataset = day(
        [tech("T1", regions=("north",)), tech("T2", regions=("south",)), tech("T3", regions=("north", "south"))],
        [
            visit("V1", region="north", duration_min=200),
            visit("V2", region="north", duration_min=200),
            visit("V3", region="north", duration_min=200),
            visit("V4", region="south", duration_min=30),
        ],
    )
    where = sector_of(split_day(dataset, eligibility(dataset)))
    assert where["T1"] == "north" and where["T2"] == "south" and where["T3"] == "north"
    assert where["V4"] == "south"


def test_pinned_visit_follows_its_technician():
    """V2 lies in north but is pinned to T2, who covers north and south and is placed in south."""
    dataset = day(
        [tech("T1", regions=("north",)), tech("T2", regions=("south", "north"))],
        [visit("V1", region="north"), visit("V2", region="north", pinned_technician="T2"), visit("V3", region="south")],
    )
    where = sector_of(split_day(dataset, eligibility(dataset)))
    assert where["T2"] == "south"
    assert where["V2"] == "south"


def test_stock_left_subtracts_what_routes_take():
    """Two units of P1 in stock; a planned visit takes one: one is left for later sectors."""
    dataset = day([tech("T1")], [visit("V1", parts={"P1": 1})], parts={"P1": 2, "P2": 1})
    plan = plan_day(dataset, FAST).plan
    left = {p.id: p.stock for p in stock_left(dataset, plan.routes) or ()}
    assert left == {"P1": 1, "P2": 1}


@pytest.fixture
def small_large_day(monkeypatch):
    """Make a day of more than two visits 'large', so the sector path runs on tiny days."""
    monkeypatch.setattr(planner.planning, "LARGE_DAY", 2)


def test_sectors_share_the_stock(small_large_day):
    """One unit of P1 and a P1 visit in each of two regions: only one is served, and the other says parts."""
    dataset = day(
        [tech("T1", regions=("north",)), tech("T2", regions=("south",))],
        [
            visit("V1", region="north", parts={"P1": 1}, priority=2),
            visit("V2", region="south", parts={"P1": 1}),
            visit("V3", region="south"),
        ],
        parts={"P1": 1},
    )
    plan = plan_day(dataset, FAST).plan
    assert check(dataset, plan) == []
    served = {s.visit_id for r in plan.routes for s in r.stops}
    assert "V3" in served and len(served & {"V1", "V2"}) == 1
    assert {u.reason_code for u in plan.unassigned} == {"parts_out_of_stock"}


def test_left_over_visit_goes_to_a_flexible_technician_of_another_sector(small_large_day):
    """North needs two 5-hour visits and has T1 (one fits in a 9-hour shift; no lunch break
    today); after T1, south's two-hour visit is the larger shortfall, so T2 (north and
    south) is placed there. The pass across sectors gives T2 the north visit T1 could not fit."""
    dataset = day(
        [tech("T1", regions=("north",)), tech("T2", regions=("south", "north"))],
        [
            visit("V1", region="north", duration_min=300),
            visit("V2", region="north", duration_min=300),
            visit("V3", region="south", duration_min=120),
        ],
        lunch_minutes=0,
    )
    where = sector_of(split_day(dataset, eligibility(dataset)))
    assert where["T2"] == "south" and where["V1"] == where["V2"] == "north"
    plan = plan_day(dataset, FAST).plan
    assert check(dataset, plan) == []
    served = {s.visit_id: r.technician_id for r in plan.routes for s in r.stops}
    assert set(served) == {"V1", "V2", "V3"}
    assert served["V3"] == "T2" and sorted(served[v] for v in ("V1", "V2")) == ["T1", "T2"]


def test_a_large_generated_day_plans_in_sectors_and_passes_the_checker(monkeypatch):
    """300 visits over five regions take the sector path (days above 250 visits count as large here);
    the plan keeps every rule and accounts for every visit."""
    monkeypatch.setattr(planner.planning, "LARGE_DAY", 250)
    dataset = generate_day(300, 30, seed=2, regions=5)
    assert len(eligibility(dataset).allowed) > planner.planning.LARGE_DAY
    plan = plan_day(dataset, SearchParams(time_limit=8.0)).plan
    assert check(dataset, plan) == []
    accounted = [s.visit_id for r in plan.routes for s in r.stops] + [u.visit_id for u in plan.unassigned]
    assert sorted(accounted) == sorted(v.id for v in dataset.visits)
    assert plan.kpis["visits_served"] > len(dataset.visits) // 2


def test_the_default_time_cap_grows_with_large_days():
    """10 s for a typical day; a 1,000-visit day gets 35 s (3.5 per hundred visits), a 2,000-visit day 40 s at most."""
    typical = day([tech("T1")], [visit(f"V{i}") for i in range(70)])
    thousand = day([tech("T1")], [visit(f"V{i}") for i in range(1000)])
    large = day([tech("T1")], [visit(f"V{i}") for i in range(2000)])
    assert default_time_limit(typical) == 10.0
    assert default_time_limit(thousand) == 35.0
    assert default_time_limit(large) == 40.0
    assert default_time_limit(large, 5.0) == 5.0, "a cap the caller names always wins"
