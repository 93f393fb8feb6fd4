"""Planning several days at once: input rules, the multi-day plan.json, the checker, and one-day plans unchanged."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_io import read_ok

from planner.check import check, check_plan
from planner.eligibility import eligibility
from planner.horizon.solve import plan_horizon
from planner.horizon.summary import horizon_summary
from planner.horizon.vehicles import with_days
from planner.io import read_dataset
from planner.planning import plan_day
from planner.routing import SearchParams, build_problem
from planner.routing.problem import preference_surcharge, vehicle_surcharge
from planner_cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
WEEK = ROOT / "data" / "sample-week"
PARAMS = SearchParams(time_limit=10.0)


@pytest.fixture(scope="module")
def week():
    """The sample week and its plan, made once."""
    dataset = read_ok(WEEK)
    return dataset, plan_horizon(dataset, PARAMS).plan


def test_sample_week_plans_with_one_command_into_the_contract_shape(tmp_path):
    """``planner plan data/sample-week`` writes days, unassigned and kpis, and the plan passes ``planner check``."""
    out = tmp_path / "plan.json"
    result = subprocess.run(
        [sys.executable, "-m", "planner_cli", "plan", str(WEEK), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["horizon_days"] == 5 and [d["date"] for d in plan["days"]] == [
        "2026-11-23",
        "2026-11-24",
        "2026-11-25",
        "2026-11-26",
        "2026-11-27",
    ]
    assert "routes" not in plan and "later days are proposals" in result.stdout
    assert main(["check", str(WEEK), str(out)]) == 0


def test_every_visit_once_over_the_horizon_and_nobody_on_leave(week):
    dataset, plan = week
    placed = [
        s.visit_id for d in plan.days for r in d.routes for s in r.stops if not s.crew or s.crew[0] == r.technician_id
    ]
    assert len(placed) == len(set(placed))
    assert set(placed) | {u.visit_id for u in plan.unassigned} == {v.id for v in dataset.visits}
    for day in plan.days:
        for route in day.routes:
            assert dataset.shift_on(dataset.technician(route.technician_id), day.date) is not None
    assert check(dataset, plan) == []


def test_release_dates_are_kept(week):
    dataset, plan = week
    for day in plan.days:
        for route in day.routes:
            for stop in route.stops:
                release = dataset.visit(stop.visit_id).release_date
                assert release is None or release <= day.date


def test_urgent_work_goes_to_the_first_day(week):
    """Every urgent visit that is served is served on the first day, where the sample has room for all of them."""
    dataset, plan = week
    first = {s.visit_id for r in plan.days[0].routes for s in r.stops}
    urgent = [
        v.id
        for v in dataset.visits
        if v.priority == 1 and any(s.visit_id == v.id for d in plan.days for r in d.routes for s in r.stops)
    ]
    assert urgent and set(urgent) <= first


def test_a_longer_horizon_serves_what_one_day_could_not():
    dataset = read_ok(SAMPLE)
    one = plan_day(dataset, PARAMS).plan
    three = plan_horizon(with_days(dataset, 3), PARAMS).plan
    assert three.kpis["visits_served"] > one.kpis["visits_served"]
    assert all(u.reason.startswith("on none of the 3 days") for u in three.unassigned if u.reason_code != "deferred")
    assert check(dataset, three) == []


def test_checker_finds_broken_horizon_rules(week):
    """A visit on two days, a route on a day off and a visit before its release date are all reported."""
    dataset, plan = week
    raw = json.loads(plan.to_json())
    solo = next(r for r in raw["days"][0]["routes"] if r["stops"] and "crew" not in r["stops"][0])
    twice = copy.deepcopy(raw)
    twice["days"][1]["routes"].append(copy.deepcopy(solo))
    rules = {v.rule for v in check_plan(dataset, twice)}
    assert "coverage" in rules
    off = copy.deepcopy(raw)
    t03 = next(r for r in off["days"][0]["routes"] if r["technician_id"] == "T03")
    moved = copy.deepcopy(t03)
    for key in ("depart", "return"):
        moved[key] = moved[key].replace("2026-11-23", "2026-11-24")
    moved["break"] = (
        None
        if moved["break"] is None
        else {k: v.replace("2026-11-23", "2026-11-24") for k, v in moved["break"].items()}
    )
    for stop in moved["stops"]:
        for key in ("arrival", "start", "end"):
            stop[key] = stop[key].replace("2026-11-23", "2026-11-24")
    off["days"][0]["routes"].remove(t03)
    off["days"][1]["routes"].append(moved)
    assert "day_off" in {v.rule for v in check_plan(dataset, off)}
    early = copy.deepcopy(raw)
    released = {v.id for v in dataset.visits if v.release_date is not None}
    late = next(
        (d, r, s)
        for d, day in enumerate(early["days"])
        for r in day["routes"]
        for s in r["stops"]
        if s["visit_id"] in released
    )
    fake = dict(late[2])
    early["days"][0]["routes"][0]["stops"].append(fake)
    assert "release" in {v.rule for v in check_plan(dataset, early)}


def _copy_week(tmp_path: Path) -> Path:
    folder = tmp_path / "week"
    shutil.copytree(WEEK, folder)
    return folder


def test_bad_horizon_input_is_reported_at_its_row_and_nothing_is_written(tmp_path, capsys):
    folder = _copy_week(tmp_path)
    with (folder / "availability.csv").open("a", encoding="utf-8") as f:
        f.write("T99,2026-11-24,09:00,17:00\nT01,2026-12-24,09:00,17:00\n")
    visits = (folder / "visits.csv").read_text(encoding="utf-8-sig").splitlines()
    visits[1] = visits[1].rsplit(",", 4)[0] + ",2026-11-27,,,"  # V001 due 2026-11-25
    visits[2] = visits[2].rsplit(",", 4)[0] + ",,,3,electric_recliner:3"  # only T01 holds it in chaoyang
    (folder / "visits.csv").write_text("\n".join(visits) + "\n", encoding="utf-8-sig")
    out = tmp_path / "plan.json"
    assert main(["plan", str(folder), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "availability.csv, row 7, column technician_id: technician_id T99 is not a technician id" in err
    assert "availability.csv, row 8, column date: date 2026-12-24 is outside the plan's horizon" in err
    assert "visits.csv, row 2, column release_date: release_date 2026-11-27 is after due_date 2026-11-25" in err
    assert "visits.csv, row 3, column crew_size: crew_size 3 needs 3 people" in err
    assert not out.exists()


def test_one_day_sample_plans_through_the_one_day_planner_unchanged():
    """Without the new files and columns nothing of the horizon enters the problem, and plan.json keeps its keys."""
    dataset = read_ok(SAMPLE)
    assert not dataset.spans_days
    problem = build_problem(dataset, eligibility(dataset))
    assert problem.vehicle_days == () and problem.owners == () and problem.day_costs == ()
    assert (vehicle_surcharge(problem) == preference_surcharge(problem)).all()
    text = plan_day(dataset, PARAMS).plan.to_json()
    assert '"crew"' not in text and '"horizon_days"' not in text and '"date": null' not in text


def test_the_next_days_run_keeps_yesterdays_proposals_and_reports_the_moves(week, tmp_path, capsys):
    """Tomorrow (today's firm visits done, two people off) keeps more proposed dates with --previous than without."""
    import datetime as dt

    from planner.domain import Availability
    from planner.horizon.previous import moved_proposals, proposed_dates

    dataset, plan = week
    done = {s.visit_id for r in plan.days[0].routes for s in r.stops}
    tomorrow = dt.date(2026, 11, 24)
    leave = tuple(Availability(technician_id=t, date=tomorrow) for t in ("T02", "T07"))
    next_day = dataset.model_copy(
        update={
            "settings": dataset.settings.model_copy(update={"date": tomorrow, "horizon_days": 4}),
            "visits": tuple(v for v in dataset.visits if v.id not in done),
            "availability": tuple(a for a in dataset.availability if a.date > tomorrow) + leave,
        }
    )
    promised = proposed_dates(plan.to_json(), tomorrow)
    assert promised and min(promised.values()) == tomorrow and not set(promised) & done
    kept = plan_horizon(next_day, PARAMS, promised)
    free = plan_horizon(next_day, PARAMS)
    assert check(next_day, kept.plan) == []
    assert len(kept.moved) < len(moved_proposals(promised, free.plan))
    assert kept.plan.kpis["proposals_moved"] == len(kept.moved)
    assert all(m.after != m.before for m in kept.moved)
    previous = tmp_path / "previous.json"
    previous.write_text(plan.to_json(), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["plan", str(WEEK), "--previous", str(bad), "--out", str(tmp_path / "p.json")]) == 2
    assert "bad.json: not a plan.json" in capsys.readouterr().err and not (tmp_path / "p.json").exists()
    assert main(["plan", str(WEEK), "--previous", str(previous), "--out", str(tmp_path / "p.json")]) == 0
    assert "proposals of the previous plan:" in capsys.readouterr().out


def test_availability_rows_are_read_with_their_own_problems(tmp_path):
    """Off days and shifts by date are read; a missing end, a second row for the same day and a bad horizon are errors."""
    import datetime as dt

    folder = _copy_week(tmp_path)
    dataset = read_ok(folder)
    assert dataset.settings.horizon_days == 5
    assert dataset.shift_on(dataset.technician("T03"), dt.date(2026, 11, 24)) is None
    assert dataset.shift_on(dataset.technician("T06"), dt.date(2026, 11, 26)) == (8 * 60 + 30, 17 * 60 + 30)
    assert dataset.shift_on(dataset.technician("T06"), dt.date(2026, 11, 23)) == (13 * 60 + 30, 18 * 60)
    with (folder / "availability.csv").open("a", encoding="utf-8") as f:
        f.write("T04,2026-11-25,09:00,\nT03,2026-11-24,09:00,17:00\n")
    settings = (folder / "settings.yaml").read_text(encoding="utf-8").replace("horizon_days: 5", "horizon_days: 0")
    (folder / "settings.yaml").write_text(settings, encoding="utf-8")
    problems = [str(p) for p in read_dataset(folder).problems if p.severity == "error"]
    assert any("availability.csv, row 7, column shift_end: shift_end is empty" in p for p in problems)
    assert any("availability.csv, row 2, column date: technician T03 has 2 rows for 2026-11-24" in p for p in problems)
    assert any("settings.yaml" in p and "horizon_days 0 is out of range" in p for p in problems)


def test_bench_horizon_reports_both_ways_side_by_side_and_every_plan_is_checked(tmp_path, capsys):
    """A small generated week, planned at once and day by day: both rows, every plan without a violation."""
    out = tmp_path / "bench"
    code = main(
        [
            "bench",
            "--suite",
            "horizon",
            "--weeks",
            "1",
            "--technicians",
            "8",
            "--visits-per-day",
            "30",
            "--days",
            "3",
            "--time-limit",
            "5",
            "--out",
            str(out),
        ]
    )
    table = (out / "horizon.md").read_text(encoding="utf-8")
    assert code == 0, capsys.readouterr()
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    assert [r[1] for r in rows] == ["horizon", "daily"]
    assert all(r[-1].strip(" |") == "0" for r in rows)
    assert all(r[2].endswith("/90") for r in rows)


def test_day_costs_send_urgent_and_due_work_early_and_keep_promised_dates():
    """Each day of delay costs more for urgent work than routine work; past the due date it costs much more."""
    import datetime as dt

    from planner.horizon.vehicles import LATE_MINUTES_PER_DAY, MOVE_MINUTES, day_costs

    dataset = with_days(read_ok(SAMPLE), 5)
    urgent = next(v for v in dataset.visits if v.priority == 1).model_copy(update={"due_date": dt.date(2026, 11, 30)})
    routine = urgent.model_copy(update={"priority": 4})
    assert day_costs(urgent, dataset)[1] > day_costs(routine, dataset)[1] > 0 == day_costs(routine, dataset)[0]
    due_second = routine.model_copy(update={"due_date": dt.date(2026, 11, 24)})
    steps = [b - a for a, b in zip(day_costs(due_second, dataset), day_costs(due_second, dataset)[1:])]
    assert steps[0] < steps[1] and steps[1] - steps[0] == LATE_MINUTES_PER_DAY * 10
    promised = day_costs(routine, dataset, promised=dt.date(2026, 11, 26))
    assert promised.index(min(promised)) == 3 and promised[0] == MOVE_MINUTES * 10 - 3 * 2 * 10


def test_the_day_of_a_vehicle_prices_each_visit_in_both_searches():
    """The surcharge the compiled search and the OR-Tools model share holds each visit's cost of the vehicle's day."""
    from planner.eligibility import Eligibility
    from planner.horizon.vehicles import day_costs as costs_of
    from planner.horizon.vehicles import day_vehicles, horizon_eligibility
    from planner.routing import ProblemOptions

    dataset = with_days(read_ok(SAMPLE), 2)
    vehicles = day_vehicles(dataset)
    found = horizon_eligibility(dataset, dataset.visits).allowed
    expanded = dataset.model_copy(
        update={
            "technicians": tuple(v.technician for v in vehicles),
            "visits": tuple(v for v in dataset.visits if v.id in found.allowed),
        }
    )
    options = ProblemOptions(
        vehicle_days={v.id: v.day for v in vehicles},
        vehicle_people={v.id: v.person for v in vehicles},
        day_costs={v.id: costs_of(v, dataset) for v in expanded.visits},
    )
    problem = build_problem(expanded, Eligibility(found.allowed, {}), 0, options)
    surcharge = vehicle_surcharge(problem) - preference_surcharge(problem)
    m = problem.vehicles
    for k, vehicle in enumerate(vehicles):
        for position, visit_id in enumerate(problem.visit_ids):
            assert surcharge[k, m + position] == options.day_costs[visit_id][vehicle.day]
    assert problem.owners[len(vehicles) // 2] == problem.technician_ids.index(
        vehicles[len(vehicles) // 2].person + "@0"
    )


def test_the_horizon_summary_reads_in_chinese_with_the_same_figures(week):
    """The week's summary line by line: Chinese words, the same dates, counts and reasons."""
    _, plan = week
    english, chinese = horizon_summary(plan, "en"), horizon_summary(plan, "zh")
    assert len(english) == len(chinese)
    assert "第一天为定稿" in chinese[0] and "later days are proposals" in english[0]
    assert chinese[2].split()[:2] == ["日期", "单数"]
    figures = next((n for n, line in enumerate(english) if line.startswith("unassigned: ")), len(english))
    for en, zh in zip(english[4:figures], chinese[4:figures]):
        assert re.findall(r"\d+(?:\.\d+)?", en) == re.findall(r"\d+(?:\.\d+)?", zh), (en, zh)
    for item in plan.unassigned:
        row = next(line for line in chinese if line.startswith(item.visit_id + " "))
        assert (item.reason_zh or item.reason) in row
