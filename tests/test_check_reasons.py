"""``planner check`` refuses a reason that says something false about the plan (planner/check_reasons.py).

The day is test_check's: V1 (priority 2) and V4 (priority 3) take both
units of part P1; V5 (priority 4) needs one more and is left out. T01 does
V1, V2, V3 and is back at 13:40; T02 does V4 only and is back at 10:12.
"""

from __future__ import annotations

import pytest
from test_check import dataset, good_plan, minutes, plan, t01_route, t02_route, unassigned

from planner.check import check_plan


def reasons(violations) -> list[str]:
    return [v.message for v in violations if v.rule == "reason"]


def with_reason(entry: dict, drop: str | None = None, routes: list[dict] | None = None) -> dict:
    """The good plan with one more unassigned entry (the routed visit ``drop`` taken off its route)."""
    doc = good_plan() if routes is None else plan(routes, [unassigned("V5", "parts_out_of_stock")])
    if drop:
        for route in doc["routes"]:
            route["stops"] = [s for s in route["stops"] if s["visit_id"] != drop]
    doc["unassigned"].append(entry)
    return doc


def test_the_good_plans_reason_is_true():
    """V5 is short of P1 because V1 and V4, both more important, hold the stock: no reason violation."""
    doc = good_plan()
    doc["unassigned"][0]["evidence"] = {
        "part_id": "P1",
        "quantity": 1,
        "stock": 2,
        "more_important": ["V1", "V4"],
        "others": [],
    }
    assert reasons(check_plan(dataset(), doc)) == []


def test_a_less_important_holder_called_more_important_is_refused():
    """V4 (priority 3, no due date) is called more important than V6 (priority 3, due today): false.

    V1 (priority 2) is more important and holds one unit; the other unit
    would be V6's if V4 gave it back, so the stock is not the reason.
    """
    data = dataset()
    urgent = data.visits[4].model_copy(update={"id": "V6", "priority": 3, "due_date": data.settings.date})
    visits = list(data.visits) + [urgent]
    data = data.model_copy(update={"visits": tuple(visits)})
    doc = good_plan()
    doc["unassigned"].append(
        {
            "visit_id": "V6",
            "reason_code": "parts_out_of_stock",
            "reason": "test",
            "evidence": {"part_id": "P1", "quantity": 1, "stock": 2, "more_important": ["V1", "V4"], "others": []},
        }
    )
    found = reasons(check_plan(data, doc))
    assert any("calls V4 more important" in m for m in found), found
    assert any("only less important visits (V4)" in m for m in found), found


def test_a_holder_that_does_not_hold_the_part_is_refused():
    doc = good_plan()
    doc["unassigned"][0]["evidence"] = {"part_id": "P1", "quantity": 1, "stock": 2, "more_important": ["V2"]}
    assert any("V2 as holding part P1" in m for m in reasons(check_plan(dataset(), doc)))


def test_parts_reason_when_stock_is_left_is_refused():
    """With V4 off the plan one unit of P1 is left, so V5 is not short of parts."""
    doc = good_plan()
    doc["routes"] = [t01_route()]
    doc["unassigned"].append(unassigned("V4", "capacity"))
    assert any("still in stock" in m for m in reasons(check_plan(dataset(), doc)))


def test_no_qualified_technician_when_someone_qualifies_is_refused():
    doc = with_reason(unassigned("V4", "no_qualified_technician"), drop="V4")
    assert any("T02 hold every required skill" in m for m in reasons(check_plan(dataset(), doc)))


def test_no_technician_in_region_when_one_covers_it_is_refused():
    doc = with_reason(unassigned("V4", "no_technician_in_region"), drop="V4")
    assert any("T02 do" in m for m in reasons(check_plan(dataset(), doc)))


def test_window_reason_when_someone_could_do_it_alone_is_refused():
    doc = with_reason(unassigned("V4", "window_outside_shifts"), drop="V4")
    assert any("could do it as their only visit" in m for m in reasons(check_plan(dataset(), doc)))


def test_window_reason_is_accepted_when_the_window_is_outside_every_shift():
    """V2 with a 06:00-06:30 window: both shifts start at 08:00, so the reason is true."""
    data = dataset()
    late = data.visits[1].model_copy(update={"window_start": minutes("06:00"), "window_end": minutes("06:30")})
    data = data.model_copy(update={"visits": (data.visits[0], late, *data.visits[2:])})
    doc = with_reason(unassigned("V2", "window_outside_shifts"), drop="V2")
    assert reasons(check_plan(data, doc)) == []


@pytest.mark.parametrize(
    "load, words",
    [
        ({"technician_id": "T02", "state": "at_cap"}, "at the cap of visits, but T02 has 1"),
        ({"technician_id": "T02", "state": "no_route"}, "as if T02 had no route"),
        ({"technician_id": "T02", "state": "booked", "visits": ["V4"], "until": "17:00"}, "back at 10:12"),
        ({"technician_id": "T02", "state": "booked", "visits": ["V1"], "until": "10:12"}, "not T02's route"),
        ({"technician_id": "T01", "state": "busy", "visits": ["V4"]}, "not on T01's route"),
    ],
)
def test_false_loads_in_a_capacity_reason_are_refused(load: dict, words: str):
    """V2 (due, no parts) left out for capacity; each named load must be as the plan shows."""
    entry = dict(unassigned("V2", "capacity"), evidence={"loads": [load]})
    doc = with_reason(entry, drop="V2")
    assert any(words in m for m in reasons(check_plan(dataset(), doc))), reasons(check_plan(dataset(), doc))


def test_true_loads_are_accepted():
    t01 = t01_route()
    t01["stops"] = [s for s in t01["stops"] if s["visit_id"] != "V2"]
    loads = [
        {"technician_id": "T02", "state": "booked", "visits": ["V4"], "until": "10:12"},
        {"technician_id": "T01", "state": "at_cap"},
    ]
    doc = plan(
        [t01, t02_route()],
        [unassigned("V5", "parts_out_of_stock"), dict(unassigned("V2", "capacity"), evidence={"loads": loads})],
    )
    found = reasons(check_plan(dataset(), doc))
    assert any("at the cap of visits, but T01 has 2" in m for m in found)
    assert not any("T02" in m for m in found), found


def test_deferred_for_a_due_visit_is_refused():
    doc = with_reason(unassigned("V2", "deferred"), drop="V2")
    assert any("due by the plan date" in m for m in reasons(check_plan(dataset(), doc)))


def test_an_idle_person_said_to_be_unable_is_refused():
    """T02 without a route could do V4 alone: "cannot fit it into the shift" is false."""
    entry = dict(unassigned("V4", "capacity"), evidence={"loads": [{"technician_id": "T02", "state": "no_route"}]})
    doc = plan([t01_route()], [unassigned("V5", "parts_out_of_stock"), entry])
    assert any("free all day and could do it" in m for m in reasons(check_plan(dataset(), doc)))
