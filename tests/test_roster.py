"""The CP-SAT roster: hard rules kept, soft goals met, shortfalls and contradictions explained."""

from __future__ import annotations

import datetime as dt

from roster_builders import SAMPLE_ROSTER, checked, load, write_week

from planner.roster.check import check_roster
from planner.roster.explain import explain_conflict, explain_shortfalls
from planner.roster.solve import RosterParams, find_conflicts
from planner.roster.week import OFF, is_weekend

MONDAY = dt.date(2026, 11, 23)
SUNDAY_BEFORE = MONDAY - dt.timedelta(days=1)


def day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


def test_sample_roster_keeps_every_rule_meets_demand_and_is_proven_optimal():
    week = load(SAMPLE_ROSTER)
    result = checked(week)
    assert result.proven_optimal and result.gap == 0 and result.bound == result.objective
    assert result.shortfalls == ()
    assert result.shifts["T04", MONDAY] == OFF  # six days in a row last week
    assert result.shifts["T07", MONDAY] != "day"  # late shift on Sunday: 11.5 h before 08:30
    for leave in week.leave:
        assert result.shifts[leave.technician_id, leave.date] == OFF


def test_same_week_and_seed_give_the_same_roster():
    week = load(SAMPLE_ROSTER)
    assert checked(week, RosterParams(seed=3)).shifts == checked(week, RosterParams(seed=3)).shifts


def test_requests_are_granted_when_the_rules_and_demand_allow(tmp_path):
    week = load(
        write_week(
            tmp_path,
            requests_csv="technician_id,date,wish\nT01,2026-11-25,off\nT02,2026-11-28,late\nT03,2026-11-29,work\n",
        )
    )
    result = checked(week)
    assert result.shifts["T01", day(2)] == OFF
    assert result.shifts["T02", day(5)] == "late"
    assert result.shifts["T03", day(6)] != OFF
    assert result.terms["requests"] == 0


def test_weekend_work_goes_to_whoever_worked_fewer_weekends_before(tmp_path):
    history = "technician_id,date,shift\n" + "".join(
        f"T01,{d},day\n" for d in ("2026-11-14", "2026-11-15", "2026-11-21", "2026-11-22")
    )
    demand = "date,shift,skill,min_staff\n2026-11-28,day,sofa_repair,1\n2026-11-29,day,sofa_repair,1\n"
    week = load(write_week(tmp_path, history_csv=history, demand_csv=demand))
    result = checked(week)
    assert result.shortfalls == ()
    assert all(result.shifts["T01", d] == OFF for d in week.rules.dates if is_weekend(d))
    assert all(result.shifts["T02", d] == "day" for d in week.rules.dates if is_weekend(d))


def test_days_worked_follow_each_contract(tmp_path):
    week = load(write_week(tmp_path))
    result = checked(week)
    worked = {p.id: sum(result.shifts[p.id, d] != OFF for d in week.rules.dates) for p in week.people}
    assert worked == {"T01": 5, "T02": 5, "T03": 6}


def test_everyone_on_leave_names_the_demand_and_each_persons_leave(tmp_path):
    leave = "technician_id,date,kind\n" + "".join(f"{t},2026-11-23,年假\n" for t in ("T01", "T02", "T03"))
    week = load(write_week(tmp_path, leave_csv=leave, demand_csv="date,shift,skill,min_staff\n2026-11-23,day,,3\n"))
    result = checked(week)
    [shortfall] = result.shortfalls
    assert (shortfall.demand.min_staff, shortfall.rostered) == (3, 0)
    [report] = explain_shortfalls(week, result.shifts, result.shortfalls)
    assert (report.date, report.shift, report.needed, report.rostered) == (MONDAY, "day", 3, 0)
    assert report.why.en.count("is on leave (年假)") == 3 and "休假（年假）" in report.why.zh
    conflicts, complete = find_conflicts(week)
    assert complete and len(conflicts) == 1
    # With three people, one person's leave already stands against a demand of three: the set is minimal.
    [(rule, who)] = [(r.rule, r.technician_id) for r in conflicts[0] if r.rule != "demand"]
    assert rule == "leave" and who in ("T01", "T02", "T03")
    assert [r.demand.min_staff for r in conflicts[0] if r.rule == "demand" and r.demand] == [3]
    text = explain_conflict(week, conflicts[0])
    assert f"({who}) 2026-11-23" in text.en and "3 × * on the 白班 shift" in text.en
    assert "(3 people hold it)" in text.en and "休假" in text.zh


def test_a_holder_at_their_weekly_limit_is_named_with_the_rule(tmp_path):
    technicians = "id,name,skills,max_days_per_week\nT01,王建军,sofa_repair:3,2\nT02,李振华,cabinet_install:1,5\n"
    demand = "date,shift,skill,min_staff\n" + "".join(f"2026-11-2{3 + i},day,sofa_repair:3,1\n" for i in range(3))
    week = load(write_week(tmp_path, technicians_csv=technicians, demand_csv=demand))
    result = checked(week)
    [_shortfall] = result.shortfalls
    [report] = explain_shortfalls(week, result.shifts, result.shortfalls)
    assert report.why.en.startswith(
        "1 hold sofa_repair:3; 王建军 (T01) is resting: working would break days in the week (max_days_per_week)"
    )
    conflicts, _ = find_conflicts(week)
    assert {(r.rule, r.technician_id) for r in conflicts[0]} == {("demand", None), ("max_days_per_week", "T01")}
    assert sum(1 for r in conflicts[0] if r.rule == "demand") == 3


def test_history_run_and_rest_rules_name_the_person(tmp_path):
    history = (
        "technician_id,date,shift\n"
        + "".join(f"T01,2026-11-{17 + i},day\n" for i in range(5))
        + "T01,2026-11-22,late\n"
    )
    demand = "date,shift,skill,min_staff\n2026-11-23,day,sofa_repair:3,1\n"
    week = load(write_week(tmp_path, history_csv=history, demand_csv=demand))
    result = checked(week)
    [report] = explain_shortfalls(week, result.shifts, result.shortfalls)
    assert "max_consecutive_days" in report.why.en and "min_rest_hours" in report.why.en
    conflicts, _ = find_conflicts(week)
    rules = {(r.rule, r.technician_id) for r in conflicts[0]}
    assert ("demand", None) in rules and rules & {("max_consecutive_days", "T01"), ("min_rest_hours", "T01")}


def test_the_checker_names_every_broken_rule(tmp_path):
    technicians = "id,name,skills,max_days_per_week,max_hours_per_week\nT01,王建军,sofa_repair:3,5,30\n"
    history = (
        "technician_id,date,shift\n"
        + "".join(f"T01,2026-11-{17 + i},day\n" for i in range(5))
        + "T01,2026-11-22,late\n"
    )
    week = load(
        write_week(
            tmp_path,
            technicians_csv=technicians,
            history_csv=history,
            leave_csv="technician_id,date,kind\nT01,2026-11-25,病假\n",
        )
    )
    shifts = {("T01", d): "day" for d in week.rules.dates}
    rules = sorted({v.rule for v in check_roster(week, shifts)})
    assert rules == [
        "leave",
        "max_consecutive_days",
        "max_days_per_week",
        "max_hours_per_week",
        "min_rest_days",
        "min_rest_hours",
    ]
    del shifts["T01", MONDAY]
    shifts["T01", day(1)] = "night"
    assert [v.date for v in check_roster(week, shifts) if v.rule == "format"] == [MONDAY, day(1)]


def test_a_month_keeps_weekly_limits_in_every_week(tmp_path):
    rules = (SAMPLE_ROSTER / "roster_rules.yaml").read_text(encoding="utf-8").replace("days: 7 ", "days: 28 ")
    demand = "date,shift,skill,min_staff\n" + "".join(f"{MONDAY + dt.timedelta(days=i)},day,,2\n" for i in range(28))
    week = load(write_week(tmp_path, roster_rules_yaml=rules, demand_csv=demand))
    assert week.rules.days == 28
    result = checked(week)
    assert result.shortfalls == ()
    for block in week.rules.blocks():
        for person in week.people:
            assert person.max_days_per_week is not None
            assert sum(result.shifts[person.id, week.rules.dates[d]] != OFF for d in block) <= person.max_days_per_week
