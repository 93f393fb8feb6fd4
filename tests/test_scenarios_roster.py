"""Roster scenarios by the week: each variant's roster made by CP-SAT from changed rules, every day following it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from helpers_io import read_ok

from planner.io.yaml_lines import LinedYaml, parse_yaml_with_lines
from planner.roster.check import check_roster
from planner.roster.week import OFF
from planner.routing import SearchParams
from planner.scenarios import read_scenario_file, run_scenarios
from planner.scenarios.compare import comparison_document, coverage
from planner.scenarios.render import comparison_csv, comparison_markdown, summary_lines
from planner.scenarios.report import write_report
from planner.scenarios.roster_change import FollowRoster, roster_for
from planner.scenarios.spec import read_scenario_document
from web import create_app

WEEK = Path(__file__).resolve().parents[1] / "data" / "sample-week"


def scenario():
    dataset = read_ok(WEEK)
    found, problems = read_scenario_file(WEEK / "scenarios.yaml", dataset)
    assert found is not None, [str(p) for p in problems]
    return dataset, found


def roster_change(variant) -> FollowRoster:
    return next(c for c in variant.changes if isinstance(c, FollowRoster))


def assert_follows(day, change: FollowRoster) -> None:
    """Every person's shift on every date of the horizon is the roster's, unless availability.csv names it."""
    week = change.rules_week()
    made = roster_for(week)
    assert made is not None and check_roster(week, made.shifts) == []
    for person in day.technicians:
        for date in day.settings.days():
            if (person.id, date) in change.kept or (person.id, date) not in made.shifts:
                continue
            shift_id = made.shifts[(person.id, date)]
            expected = (
                None
                if shift_id == OFF
                else (week.rules.shift(shift_id).start, min(week.rules.shift(shift_id).end, 24 * 60))
            )
            assert day.shift_on(person, date) == expected, (person.id, date)


def lined(text: str, label: str) -> LinedYaml:
    """YAML text that must parse, with its lines."""
    parsed, problems = parse_yaml_with_lines(text, label)
    assert parsed is not None, [str(p) for p in problems]
    return parsed


def test_base_and_variants_follow_their_own_roster() -> None:
    dataset, found = scenario()
    base_day = found.base_dataset(dataset)
    assert_follows(base_day, roster_change(found.base))
    by_name = {v.name: v for v in found.variants}
    for name in ("two_rest_days", "late_to_22"):
        variant = by_name[name]
        day = found.base_dataset(dataset)
        for change in variant.changes:
            day = change.apply(day)
        assert_follows(day, roster_change(variant))
    rest = roster_for(roster_change(by_name["two_rest_days"]).rules_week())
    assert rest is not None
    week = roster_change(by_name["two_rest_days"]).rules_week()
    assert all(sum(rest.shifts[(p.id, d)] == OFF for d in week.rules.dates) >= 2 for p in week.people)
    late = roster_change(by_name["late_to_22"]).rules_week().rules.shift("late")
    assert late.end == 22 * 60
    # availability.csv still wins: T03 is off on 2026-11-24 in every variant.
    t03 = next(t for t in base_day.technicians if t.id == "T03")
    assert base_day.shift_on(t03, dt.date(2026, 11, 24)) is None


def test_wrong_roster_entries_are_located_errors() -> None:
    dataset = read_ok(WEEK)
    text = "variants:\n  - name: bad\n    roster:\n      min_rest_days: 9\n      shifts: [{id: night, end: '23:00'}]\n"
    doc, _ = parse_yaml_with_lines(text, "bad.yaml")
    assert doc is not None
    found, problems = read_scenario_document(doc, dataset, WEEK)
    assert found is None
    messages = {(p.row, p.column): p.message for p in problems if p.severity == "error"}
    assert any(col == "min_rest_days" and row == 4 for row, col in messages)
    assert any(col == "id" and "night" in m for (row, col), m in messages.items())
    posted, problems = read_scenario_document(
        lined("variants:\n  - name: r\n    roster: {}\n", "posted"), dataset, None
    )
    assert posted is None and any("roster folder" in p.message for p in problems)


def test_a_roster_scenario_runs_and_every_week_plan_checks() -> None:
    dataset = read_ok(WEEK)
    text = "base: {roster: {}}\nvariants:\n  - name: late_to_22\n    roster: {shifts: [{id: late, end: '22:00'}]}\n"
    found, problems = read_scenario_document(lined(text, "s.yaml"), dataset, WEEK)
    assert found is not None, [str(p) for p in problems]
    result = run_scenarios(dataset, found, SearchParams(time_limit=5), workers=1, advice=False)
    assert result.violations() == []
    week = result.variants[0].solved.week
    assert week is not None
    late = {
        (r.technician_id, day.date)
        for day in week.days
        for r in day.routes
        if r.return_.hour * 60 + r.return_.minute > 21 * 60
    }
    day = result.variants[0].dataset
    people = {t.id: t for t in day.technicians}
    assert all((day.shift_on(people[who], date) or (0, 0))[1] == 22 * 60 for who, date in late)


def recounted_shortfalls(change: FollowRoster) -> tuple[int, int]:
    """(demand rows short, people missing) recounted from the roster's shifts and the week's demand."""
    week = change.rules_week()
    made = roster_for(week)
    assert made is not None
    rows = missing = 0
    for need in week.demand:
        on = sum(
            1
            for person in week.people
            if made.shifts.get((person.id, need.date)) == need.shift and person.holds(need.skill, need.level)
        )
        if on < need.min_staff:
            rows, missing = rows + 1, missing + need.min_staff - on
    return rows, missing


def test_roster_variants_are_compared_by_coverage(tmp_path: Path) -> None:
    dataset = read_ok(WEEK)
    text = (
        "base: {roster: {}}\nvariants:\n  - name: three_rest_days\n    roster: {min_rest_days: 3}\n"
        "  - name: plus_one\n    add_technicians: [{like: T08, count: 1}]\n"
    )
    found, problems = read_scenario_document(lined(text, "s.yaml"), dataset, WEEK)
    assert found is not None, [str(p) for p in problems]
    result = run_scenarios(dataset, found, SearchParams(time_limit=2), workers=1, advice=False)
    document = comparison_document(result, "sample-week")
    base, rest, plus = document["variants"]
    base_short = recounted_shortfalls(roster_change(found.base))
    rest_short = recounted_shortfalls(roster_change(found.variants[0]))
    assert (base["measures"]["roster_shortfall_rows"], base["measures"]["roster_short_staff"]) == base_short
    assert (rest["measures"]["roster_shortfall_rows"], rest["measures"]["roster_short_staff"]) == rest_short
    assert rest_short[1] > base_short[1], "three rest days leave the week's demand short"
    assert rest["delta"]["roster_short_staff"] == rest_short[1] - base_short[1]
    # A variant without roster: keeps the base's roster, and so its coverage.
    assert plus["measures"]["roster_short_staff"] == base_short[1] and plus["delta"]["roster_short_staff"] == 0
    row = next(r for r in csv.DictReader(io.StringIO(comparison_csv(document))) if r["name"] == "three_rest_days")
    assert row["roster_short_staff"] == str(rest_short[1])
    assert row["delta_roster_shortfall_rows"] == str(rest_short[0] - base_short[0])
    assert "roster short" in summary_lines(document)[0]
    assert "roster people short" in comparison_markdown(document)
    write_report(result, tmp_path / "week", "sample-week")
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "PLANNER_API_TOKENS": ["t"], "PLANNER_SCENARIOS_DIR": str(tmp_path)}
    )
    for lang, heading in (("zh", "排班缺员（人次）"), ("en", "Roster people short")):
        reply = app.test_client().get(f"/scenarios/week?lang={lang}", headers={"Authorization": "Bearer t"})
        assert reply.status_code == 200 and heading in reply.get_data(as_text=True)


def test_coverage_is_null_without_a_roster() -> None:
    dataset = read_ok(WEEK)
    text = "variants:\n  - name: plus_one\n    add_technicians: [{like: T08, count: 1}]\n"
    found, problems = read_scenario_document(lined(text, "s.yaml"), dataset, WEEK)
    assert found is not None, [str(p) for p in problems]
    assert coverage(found.base.changes) == (None, None)
    assert coverage((*found.base.changes, *found.variants[0].changes)) == (None, None)
