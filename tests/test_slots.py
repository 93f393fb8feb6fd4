"""Appointment slots on the sample day: offered slots are really bookable and keep commitments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers_io import read_ok

from planner.check import check
from planner.domain import Visit
from planner.io.yaml_lines import parse_yaml_with_lines
from planner.planning import plan_day
from planner.routing import SearchParams
from planner.slots import book, find_slots, read_preferred_days

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
QUICK = SearchParams(time_limit=30, solution_limit=200)


@pytest.fixture(scope="module")
def morning():
    dataset = read_ok(SAMPLE)
    return dataset, plan_day(dataset, QUICK).plan


def request(priority: int, skills=None) -> Visit:
    """A sofa repair in chaoyang, one hour on site."""
    return Visit(
        id="NEW",
        lat=39.93,
        lon=116.45,
        region="chaoyang",
        type="repair",
        priority=priority,
        required_skills=skills or {"sofa_repair": 2},
        duration_min=60,
    )


def served(plan) -> dict[str, str]:
    return {s.visit_id: r.technician_id for r in plan.routes for s in r.stops}


def test_top_slot_is_bookable(morning):
    """Booking the best slot and re-planning gives a checked plan serving the visit with that technician in that window."""
    dataset, plan = morning
    slots = find_slots(dataset, plan, request(3), days=3)
    assert slots
    top = slots[0]
    booking = book(dataset, plan, request(3), top, QUICK)
    assert check(booking.dataset, booking.plan) == []
    assert "NEW" in served(booking.plan)
    stop = next(s for r in booking.plan.routes for s in r.stops if s.visit_id == "NEW")
    assert top.start <= stop.start.hour * 60 + stop.start.minute <= top.end


def test_slots_today_never_break_commitments(morning):
    """An urgent request may push out only less important, unpromised work; booking today keeps every promised window."""
    dataset, plan = morning
    slots = list(find_slots(dataset, plan, request(1), days=1, top=20))
    assert slots, "the full sample day should still offer an urgent request a slot"
    for slot in slots:
        for visit_id in slot.displaced:
            other = dataset.visit(visit_id)
            assert other.priority > 1 and other.window_end is None
    booking = book(dataset, plan, request(1), slots[0], QUICK)
    assert check(booking.dataset, booking.plan) == []
    assert "NEW" in served(booking.plan)


def test_later_days_offer_the_same_roster(morning):
    """With three days asked, slots on days two and three match (nothing booked there yet)."""
    dataset, plan = morning
    slots = find_slots(dataset, plan, request(3), days=3, top=100)
    by_day: dict[dt.date, set[tuple[int, str]]] = {}
    for slot in slots:
        by_day.setdefault(slot.date, set()).add((slot.start, slot.technician_id))
    later = sorted(d for d in by_day if d != plan.date)
    assert len(later) == 2 and by_day[later[0]] == by_day[later[1]]


def test_nobody_qualified_means_no_slot(morning):
    """A request for marble_repair (nobody has it) gets no slot."""
    dataset, plan = morning
    assert find_slots(dataset, plan, request(3, {"marble_repair": 2}), days=3) == []


def test_slots_respect_the_moment(morning):
    """Asked at 14:00, today's slots start at 14:00 or later."""
    dataset, plan = morning
    slots = find_slots(dataset, plan, request(1), days=1, not_before=14 * 60, top=20)
    assert all(s.start >= 14 * 60 for s in slots)


def test_preferred_days_come_first_then_the_cost_order(morning):
    """Preferring the third day lists its slots before all others, each group in the order it had without a wish."""
    dataset, plan = morning
    third = plan.date + dt.timedelta(days=2)
    plain = find_slots(dataset, plan, request(3), days=3, top=100)
    assert plain[0].date != third, "the wish must change the order for this test to say anything"
    preferred = find_slots(dataset, plan, request(3), days=3, top=100, preferred_days={third})
    assert preferred == [s for s in plain if s.date == third] + [s for s in plain if s.date != third]


def test_a_preferred_today_outranks_cheaper_later_days(morning):
    """A customer who wants today gets today's slots first, even those that push other work out.

    Priority 2: today's plan is full enough that routine work (priority 3) fits nowhere without
    pushing out work as important or promised; more important work may push out routine work."""
    dataset, plan = morning
    preferred = find_slots(dataset, plan, request(2), days=3, top=100, preferred_days={plan.date})
    today = [s for s in preferred if s.date == plan.date]
    assert today, "the sample day should still fit the request somewhere today"
    assert preferred[: len(today)] == today


def preferred_days_of(text: str, days: int = 3):
    """``read_preferred_days`` of a request file's text, the offer starting on the sample date."""
    doc, problems = parse_yaml_with_lines(text, "request.yaml")
    assert doc is not None and problems == []
    return read_preferred_days(doc, dt.date(2026, 11, 23), days)


def test_preferred_days_are_read_as_dates():
    """Dates written YYYY-MM-DD, in a block or a flow list, repeated or not; none when the key is absent."""
    assert preferred_days_of("priority: 3\npreferred_days:\n  - 2026-11-25\n  - '2026-11-23'\n") == (
        frozenset({dt.date(2026, 11, 23), dt.date(2026, 11, 25)}),
        [],
    )
    assert preferred_days_of("preferred_days: [2026-11-24, 2026-11-24]\n") == (frozenset({dt.date(2026, 11, 24)}), [])
    assert preferred_days_of("priority: 3\n") == (frozenset(), [])


def test_bad_preferred_days_are_errors_on_their_lines():
    """Each unusable entry is an error naming its line; a day beyond the offered days is one too, not dropped."""
    days, problems = preferred_days_of(
        "priority: 3\npreferred_days:\n  - 2026-11-24\n  - 2026-11-31\n"
        "  - 2026-11-26\n  - 24.11.2026\n  - 2026-11-22\n",
        days=3,
    )
    assert days == frozenset({dt.date(2026, 11, 24)})
    assert [(p.file, p.row, p.column, p.severity) for p in problems] == [
        ("request.yaml", line, "preferred_days", "error") for line in (4, 5, 6, 7)
    ]
    assert "not a real date" in problems[0].message and "2026-11-23 to 2026-11-25" in problems[1].message
    assert "expected YYYY-MM-DD" in problems[2].message and "2026-11-22 is not among" in problems[3].message


def test_preferred_days_must_be_a_list():
    """A single date is not taken for a list: the problem points at the key's line."""
    days, problems = preferred_days_of("priority: 3\npreferred_days: 2026-11-24\n")
    assert days == frozenset() and [(p.row, p.column) for p in problems] == [(2, "preferred_days")]
