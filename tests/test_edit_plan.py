"""Editing a day's plan by hand: each edit re-times only what it touches and is judged by the checker, in words."""

from __future__ import annotations

import pytest
from browser import sample_day
from builders import stops_of

from planner.check import check
from planner.edits import Edit, EditError, apply_edit


def _free_visits(day):
    return [s.visit_id for r in day.plan.routes for s in r.stops if not day.dataset.visit(s.visit_id).pinned_technician]


def test_putting_every_visit_back_in_its_place_keeps_a_plan_that_checks() -> None:
    day = sample_day()
    for route in day.plan.routes:
        visit_id = route.stops[-1].visit_id
        edited = apply_edit(
            day.dataset, day.plan, Edit("move", visit_id, route.technician_id, position=len(route.stops) - 1)
        )
        assert edited.allowed, [w.en for w in edited.broken]
        assert check(edited.dataset, edited.plan) == []
        assert [s.visit_id for s in stops_of(edited.plan, route.technician_id)] == [s.visit_id for s in route.stops]


def test_a_move_to_someone_without_the_skill_is_refused_with_the_name_and_the_skill() -> None:
    day = sample_day()
    ds = day.dataset
    for visit_id in _free_visits(day):
        visit = ds.visit(visit_id)
        lacking = next((t for t in ds.technicians if not t.qualifies(visit.required_skills)), None)
        if lacking is not None:
            break
    assert lacking is not None, "every free visit's skills are held by everybody"
    skill, level = next((s, n) for s, n in visit.required_skills.items() if lacking.level(s) < n)
    edited = apply_edit(ds, day.plan, Edit("move", visit.id, lacking.id))
    assert not edited.allowed
    assert "skills" in {v.rule for v in edited.violations}
    assert any(lacking.name in w.zh and ds.skill_name(skill) in w.zh and f"{level} 级" in w.zh for w in edited.broken)
    assert any(
        f"{lacking.name} lacks {ds.skill_name(skill, english=True)} level {level}" in w.en for w in edited.broken
    )


def allowed_move(day) -> tuple[str, str, int]:
    """The first visit, technician and place in their route that the rules allow a planned visit to move to."""
    ds = day.dataset
    for visit_id in _free_visits(day):
        visit = ds.visit(visit_id)
        here = next(r.technician_id for r in day.plan.routes if visit_id in {s.visit_id for s in r.stops})
        for technician in ds.technicians:
            if (
                technician.id == here
                or not technician.qualifies(visit.required_skills)
                or not technician.covers(visit.region)
            ):
                continue
            route = day.plan.route_of(technician.id)
            for position in range(len(route.stops) + 1 if route else 1):
                if apply_edit(ds, day.plan, Edit("move", visit_id, technician.id, position=position)).allowed:
                    return visit_id, technician.id, position
    raise AssertionError("no visit of the sample can move to anyone else")


def test_a_move_the_rules_allow_is_kept_on_the_new_route_and_checks() -> None:
    day = sample_day()
    visit_id, technician_id, position = allowed_move(day)
    edited = apply_edit(day.dataset, day.plan, Edit("move", visit_id, technician_id, position=position))
    assert [s.visit_id for s in stops_of(edited.plan, technician_id)][position] == visit_id
    assert check(edited.dataset, edited.plan) == []
    assert edited.done.zh.startswith(visit_id) and day.dataset.technician(technician_id).name in edited.done.zh


def test_taking_a_visit_out_gives_it_a_true_reason_and_the_lock_stays_in_the_dataset() -> None:
    day = sample_day()
    visit_id = _free_visits(day)[0]
    out = apply_edit(day.dataset, day.plan, Edit("unassign", visit_id))
    left = {u.visit_id: u for u in out.plan.unassigned}
    assert out.allowed and visit_id in left and left[visit_id].reason_zh.startswith("调度员移出")
    assert check(out.dataset, out.plan) == []
    assert any(visit_id in w.en for w in out.worse)
    route = next(r for r in day.plan.routes if visit_id in {s.visit_id for s in r.stops})
    locked = apply_edit(day.dataset, day.plan, Edit("lock", visit_id))
    assert locked.allowed and locked.dataset.visit(visit_id).pinned_technician == route.technician_id
    with pytest.raises(EditError):
        apply_edit(locked.dataset, locked.plan, Edit("unassign", visit_id))


def test_an_edit_naming_what_the_day_lacks_is_an_error_in_both_languages() -> None:
    day = sample_day()
    with pytest.raises(EditError) as raised:
        apply_edit(day.dataset, day.plan, Edit("move", "NOPE", day.plan.routes[0].technician_id))
    assert "NOPE" in raised.value.words.zh and "NOPE" in raised.value.words.en


def test_a_swap_trades_places_and_an_unlock_lifts_the_lock() -> None:
    day = sample_day()
    first, second = (
        next(s.visit_id for s in r.stops if not day.dataset.visit(s.visit_id).pinned_technician)
        for r in day.plan.routes[:2]
    )
    swapped = apply_edit(day.dataset, day.plan, Edit("swap", first, other_visit_id=second))
    where = {s.visit_id: r.technician_id for r in swapped.plan.routes for s in r.stops}
    assert where[first] == day.plan.routes[1].technician_id and where[second] == day.plan.routes[0].technician_id
    assert set(swapped.technicians) == {day.plan.routes[0].technician_id, day.plan.routes[1].technician_id}
    assert swapped.allowed == (check(swapped.dataset, swapped.plan) == [])
    locked = apply_edit(day.dataset, day.plan, Edit("lock", first))
    unlocked = apply_edit(locked.dataset, locked.plan, Edit("unlock", first))
    assert unlocked.dataset.visit(first).pinned_technician is None and unlocked.allowed


def test_a_lock_to_a_time_puts_the_visit_where_that_time_falls_and_keeps_the_promise() -> None:
    day = sample_day()
    route = max(day.plan.routes, key=lambda r: len(r.stops))
    free = [s for s in route.stops if not day.dataset.visit(s.visit_id).pinned_technician]
    last = free[-1]
    minute = last.start.hour * 60 + last.start.minute
    edited = apply_edit(day.dataset, day.plan, Edit("lock", last.visit_id, start=minute))
    assert edited.dataset.visit(last.visit_id).window_start == minute == edited.dataset.visit(last.visit_id).window_end
    stop = next(s for s in stops_of(edited.plan, route.technician_id) if s.visit_id == last.visit_id)
    started = stop.start.hour * 60 + stop.start.minute
    assert started == minute and edited.allowed and check(edited.dataset, edited.plan) == []
    assert edited.dataset.visit(last.visit_id).pinned_technician == route.technician_id
