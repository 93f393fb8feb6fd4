"""Re-planning the sample day at 10:30: what started stays, the rest moves as little as it must."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import stops_of
from helpers_io import read_ok

from planner.check import check
from planner.planning import plan_day
from planner.problems import InvalidInput
from planner.replan import read_events, replan, replan_params
from planner.replan.day import minutes
from planner.replan.diff import diff_plans
from planner.routing import SearchParams

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
AT = 10 * 60 + 30


@pytest.fixture(scope="module")
def morning():
    """The sample dataset and its morning plan (a smaller search than the CLI's, same engine)."""
    dataset = read_ok(SAMPLE)
    return dataset, plan_day(dataset, SearchParams(time_limit=30, solution_limit=200)).plan


def events_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(morning, tmp_path, text, at=AT):
    """Read the events and re-plan; the new plan must pass the checker on the day as it now stands."""
    dataset, plan = morning
    events, moment, problems = read_events(events_file(tmp_path, text), dataset, plan, at)
    assert moment is not None
    assert events is not None
    assert problems == []
    result = replan(dataset, plan, events, moment, replan_params(dataset, 20))
    assert check(result.dataset, result.plan) == []
    return result


def placements(plan) -> dict[str, tuple[str, int]]:
    """visit id -> (technician, start minute) of every served visit."""
    return {s.visit_id: (r.technician_id, minutes(s.start)) for r in plan.routes for s in r.stops}


def started_before(plan, at) -> dict[str, tuple[str, int]]:
    return {v: p for v, p in placements(plan).items() if p[1] < at}


URGENT = """
new_visits:
  - {id: V101, lat: 39.93, lon: 116.45, region: chaoyang, type: complaint, priority: 1,
     required_skills: "sofa_repair:2", duration_min: 60, due_date: 2026-11-23}
"""


def test_urgent_complaint_is_served_and_started_visits_stay(morning, tmp_path):
    """A major complaint at 10:30 is served today by someone with sofa_repair 2+; started visits keep technician and time."""
    _dataset, plan = morning
    result = run(morning, tmp_path, URGENT)
    after = placements(result.plan)
    assert "V101" in after
    technician = result.dataset.technician(after["V101"][0])
    assert technician.level("sofa_repair") >= 2 and after["V101"][1] >= AT
    for visit_id, placed in started_before(plan, AT).items():
        assert after[visit_id] == placed


def test_unavailable_technician_has_no_work_after_13(morning, tmp_path):
    """T03 off from 13:00: no service of T03 runs past 13:00; T03's afternoon visits are placed (by others, or by T03 earlier) or explained."""
    _dataset, plan = morning
    later = [s.visit_id for s in stops_of(plan, "T03") if minutes(s.start) >= 13 * 60]
    assert later, "the sample's T03 should have afternoon work for this test to mean something"
    result = run(morning, tmp_path, "unavailable:\n  - {technician: T03, from: '13:00'}\n")
    route = result.plan.route_of("T03")
    assert route is None or all(minutes(s.end) <= 13 * 60 for s in route.stops)
    after = placements(result.plan)
    unassigned = {u.visit_id for u in result.plan.unassigned}
    for visit_id in later:
        assert visit_id in after or visit_id in unassigned
        if visit_id in after and after[visit_id][0] == "T03":
            assert after[visit_id][1] < 13 * 60


def test_diff_lists_exactly_the_visits_that_changed(morning, tmp_path):
    """Every visit whose technician or start changed is in the diff, and no other served visit."""
    _dataset, plan = morning
    result = run(morning, tmp_path, URGENT + "unavailable:\n  - {technician: T03, from: '13:00'}\n")
    before, after = placements(plan), placements(result.plan)
    changed = {v for v in before if v in after and before[v] != after[v]}
    dropped = {v for v in before if v not in after}
    by_kind: dict[str, set[str]] = {}
    for change in result.diff.changes:
        by_kind.setdefault(change.kind, set()).add(change.visit_id)
    assert by_kind.get("reassigned", set()) | by_kind.get("retimed", set()) == changed
    assert by_kind.get("dropped", set()) == dropped
    assert by_kind.get("added") == {"V101"}
    assert result.diff.unchanged == len([v for v in before if v in after and before[v] == after[v]])
    assert all(c.call_customer for c in result.diff.changes if c.kind == "dropped")


def test_cancelled_visit_leaves_the_plan(morning, tmp_path):
    """A cancelled, not yet started visit is gone from the new plan and listed as cancelled."""
    _dataset, plan = morning
    victim = next(v for v, (_, start) in placements(plan).items() if start > 13 * 60)
    result = run(morning, tmp_path, f"cancelled: [{victim}]\n")
    assert victim not in placements(result.plan)
    assert [c.kind for c in result.diff.changes if c.visit_id == victim] == ["cancelled"]


def test_not_home_visit_leaves_the_plan_and_is_listed(morning, tmp_path):
    """Nobody opened the door at a visit due after 13:00: it is out of the new plan, listed as not_home, no call flagged."""
    _dataset, plan = morning
    victim = next(v for v, (_, start) in placements(plan).items() if start > 13 * 60)
    result = run(morning, tmp_path, f"not_home: [{victim}]\n")
    assert victim not in placements(result.plan)
    [change] = [c for c in result.diff.changes if c.visit_id == victim]
    assert change.kind == "not_home" and not change.call_customer


def test_customers_are_called_only_when_their_start_moves_past_the_threshold(morning):
    """Two stops moved by hand, one by 20 minutes and one by 40: with a 30-minute threshold only the second is a call."""
    _dataset, plan = morning
    route = max(plan.routes, key=lambda r: len(r.stops))
    small, large = route.stops[-2].visit_id, route.stops[-1].visit_id
    shift = {small: dt.timedelta(minutes=20), large: dt.timedelta(minutes=40)}
    stops = tuple(s.model_copy(update={"start": s.start + shift.get(s.visit_id, dt.timedelta())}) for s in route.stops)
    moved = plan.model_copy(
        update={"routes": tuple(r if r is not route else r.model_copy(update={"stops": stops}) for r in plan.routes)}
    )
    changes = {c.visit_id: c for c in diff_plans(plan, moved, threshold_min=30).changes}
    assert set(changes) == {small, large}
    assert (changes[small].minutes_moved, changes[small].call_customer) == (20, False)
    assert (changes[large].minutes_moved, changes[large].call_customer) == (40, True)


def test_running_late_pushes_the_rest_of_the_route(morning, tmp_path):
    """A visit in progress ends 60 minutes later than planned: the plan keeps its start and its new end.

    The moment is ten minutes into the first service that starts at or after AT and whose late end
    still leaves room for lunch (a break after it, or one already behind), so a visit is in progress
    and the day as it now stands has a plan that keeps every rule."""
    dataset, plan = morning
    latest_lunch = dataset.settings.lunch_end - dataset.settings.lunch_minutes

    def lunch_still_fits(route, stop) -> bool:
        return route.break_ is None or route.break_.end <= stop.start or minutes(stop.end) + 60 <= latest_lunch

    route, stop = min(
        (
            (r, s)
            for r in plan.routes
            for s in r.stops
            if minutes(s.start) >= AT and s.end > s.start and lunch_still_fits(r, s)
        ),
        key=lambda rs: (rs[1].start, rs[0].technician_id),
    )
    at = minutes(stop.start) + min(10, minutes(stop.end) - minutes(stop.start))
    new_end = minutes(stop.end) + 60
    result = run(
        morning,
        tmp_path,
        f"running_late:\n  - {{visit: {stop.visit_id}, expected_end: '{new_end // 60:02d}:{new_end % 60:02d}'}}\n",
        at=at,
    )
    late = next(s for s in stops_of(result.plan, route.technician_id) if s.visit_id == stop.visit_id)
    assert minutes(late.start) == minutes(stop.start) and minutes(late.end) == new_end


def test_reported_position_is_respected(morning, tmp_path):
    """T12 reports being far out in tongzhou at 10:30: any next stop starts no earlier than the drive from there allows."""
    result = run(morning, tmp_path, "positions:\n  - {technician: T12, lat: 39.9, lon: 116.75}\n")
    route = result.plan.route_of("T12")
    if route is not None:
        after = [s for s in route.stops if minutes(s.start) >= AT]
        assert all(minutes(s.arrival) >= AT for s in after)
    assert all(not u.visit_id.startswith("@") for u in result.plan.unassigned)


def test_event_problems_name_their_lines(morning, tmp_path):
    """Unknown visit, bad time, unknown kind and cancelling a started visit are all reported with lines."""
    dataset, plan = morning
    started = next(iter(started_before(plan, AT)))
    text = f"cancelled: [V999, {started}]\nunavailable:\n  - {{technician: T03, from: '25:00'}}\nholiday: yes\n"
    events, _, problems = read_events(events_file(tmp_path, text), dataset, plan, AT)
    assert events is None
    lines = sorted((p.row, p.column) for p in problems)
    assert (3, "from") in lines and (4, "holiday") in lines
    events, _, problems = read_events(events_file(tmp_path, f"cancelled: [V999, {started}]\n"), dataset, plan, AT)
    assert events is None and [p.row for p in problems] == [1, 1]
    assert "V999" in problems[0].message and "already started" in problems[1].message


def test_bad_new_visit_is_reported_in_the_events_file(morning, tmp_path):
    """A new visit with priority 9 fails with the events file, its line and the column."""
    dataset, plan = morning
    text = "new_visits:\n  - {id: V102, lat: 39.9, lon: 116.4, type: repair, priority: 9, required_skills: '', duration_min: 30}\n"
    events, moment, _problems = read_events(events_file(tmp_path, text), dataset, plan, AT)
    assert moment is not None
    assert events is not None
    with pytest.raises(InvalidInput) as caught:
        replan(dataset, plan, events, moment, replan_params(dataset, 5))
    located = [(p.file, p.row, p.column) for p in caught.value.problems if p.severity == "error"]
    assert ("events.yaml", 2, "priority") in located


def test_customer_who_agreed_to_move_may_leave_their_window(morning, tmp_path):
    """allow_moving frees a windowed visit from its window; the plan still checks against the day as it stands."""
    dataset, plan = morning
    windowed = next(
        v.id
        for v in dataset.visits
        if v.window_end is not None and v.id in placements(plan) and placements(plan)[v.id][1] >= AT
    )
    result = run(
        morning,
        tmp_path,
        f"allow_moving: [{windowed}]\nunavailable:\n  - {{technician: {placements(plan)[windowed][0]}, from: '10:30'}}\n",
    )
    assert result.dataset.visit(windowed).window_end is None


def test_new_visit_ids_may_not_look_like_positions(morning, tmp_path):
    """A new visit id starting with @ is refused with its line."""
    dataset, plan = morning
    text = "new_visits:\n  - {id: '@X', lat: 39.9, lon: 116.4, type: repair, priority: 2, required_skills: '', duration_min: 30}\n"
    events, moment, _problems = read_events(events_file(tmp_path, text), dataset, plan, AT)
    assert moment is not None
    assert events is not None
    with pytest.raises(InvalidInput) as caught:
        replan(dataset, plan, events, moment, replan_params(dataset, 5))
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "id")]
