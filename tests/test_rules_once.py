"""Rules decided once: search time defaults, the priority table, the stock left, a new visit row.

Each rule has one home in the library; these tests fail when a second
copy appears that disagrees with it, or when the one home stops being
read by the places that show or apply the rule.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import day, tech, visit
from helpers_io import read_ok

from planner.defaults import PLANNING_DEFAULTS
from planner.domain import LEAST_URGENT, MOST_URGENT, PRIORITIES, PRIORITY_LABELS, PRIORITY_WEIGHTS, Visit
from planner.io.visit_rows import read_visit_row, read_visit_rows
from planner.kpis import plan_kpis
from planner.plan import Plan, Route, Stop
from planner.planning import default_time_limit
from planner.routing import SearchParams
from planner.sectors import stock_left
from planner.slots import SLOT_SEARCH, one_technician_day
from web import default_config
from web.i18n import PRIORITIES as PAGE_PRIORITIES
from web.i18n import priority_label
from web.settings import SettingError

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def test_pages_show_the_domain_priority_labels():
    """The pages' labels are the domain's, in both languages; priority 4 reads the same everywhere."""
    assert {level: zh for level, (zh, _) in PAGE_PRIORITIES.items()} == {p.level: p.zh for p in PRIORITIES}
    assert {level: en.lower() for level, (_, en) in PAGE_PRIORITIES.items()} == dict(PRIORITY_LABELS)
    assert priority_label(LEAST_URGENT, "zh") == PRIORITIES[-1].zh
    assert [p.level for p in PRIORITIES] == list(range(MOST_URGENT, LEAST_URGENT + 1))


def test_a_visit_priority_outside_the_table_is_refused():
    """The model's range is the table's range."""
    visit("V1", priority=LEAST_URGENT)
    with pytest.raises(ValueError):
        visit("V1", priority=LEAST_URGENT + 1)


def test_priority_weighted_service_uses_the_table_weights():
    """Serving only the urgent visit of two gives the urgent weight over the sum of both weights."""
    dataset = day([tech("T1")], [visit("V1", priority=MOST_URGENT), visit("V2", priority=LEAST_URGENT)])
    first = dataset.visit("V1")
    kpis = plan_kpis(dataset, [_route("T1", "V1")], [])
    expected = PRIORITY_WEIGHTS[first.priority] / (PRIORITY_WEIGHTS[MOST_URGENT] + PRIORITY_WEIGHTS[LEAST_URGENT])
    assert kpis["priority_weighted_service"] == pytest.approx(expected, abs=1e-3)


def _at(hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, 23, hour, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _route(technician_id: str, visit_id: str) -> Route:
    """A route serving one visit from 09:00 to 10:00."""
    stop = Stop(visit_id=visit_id, arrival=_at(9), start=_at(9), end=_at(10), travel_min=10, travel_km=5.0)
    return Route.model_validate(
        {
            "technician_id": technician_id,
            "depart": _at(8),
            "return": _at(11),
            "break": None,
            "stops": (stop,),
            "travel_km": 10.0,
            "travel_min": 20,
        }
    )


def test_every_search_default_comes_from_the_planning_defaults():
    """The search, the slots and the day's sized cap read the one defaults object."""
    assert SearchParams().time_limit == PLANNING_DEFAULTS.day_time_limit
    assert SLOT_SEARCH.time_limit == PLANNING_DEFAULTS.slot_time_limit
    dataset = read_ok(SAMPLE)
    assert default_time_limit(dataset) == PLANNING_DEFAULTS.time_limit(len(dataset.visits))
    assert default_time_limit(dataset, 3.0) == 3.0
    assert PLANNING_DEFAULTS.time_limit(10_000) == PLANNING_DEFAULTS.longest_day_time_limit


def test_web_time_limits_are_settings_with_the_planning_defaults(monkeypatch):
    """Unset, the API's limits are the defaults; set, the environment decides; a bad value is named."""
    for name in ("PLANNER_API_TIME_LIMIT", "PLANNER_MAX_TIME_LIMIT", "PLANNER_SCENARIO_MAX_TIME_LIMIT"):
        monkeypatch.delenv(name, raising=False)
    config = default_config()
    assert config["PLANNER_API_TIME_LIMIT"] == PLANNING_DEFAULTS.api_time_limit
    assert config["PLANNER_MAX_TIME_LIMIT"] == PLANNING_DEFAULTS.api_max_time_limit
    assert config["PLANNER_SCENARIO_MAX_TIME_LIMIT"] == PLANNING_DEFAULTS.api_scenario_max_time_limit
    monkeypatch.setenv("PLANNER_API_TIME_LIMIT", "7")
    monkeypatch.setenv("PLANNER_MAX_TIME_LIMIT", "30")
    config = default_config()
    assert (config["PLANNER_API_TIME_LIMIT"], config["PLANNER_MAX_TIME_LIMIT"]) == (7.0, 30.0)
    monkeypatch.setenv("PLANNER_MAX_TIME_LIMIT", "lots")
    with pytest.raises(SettingError, match="PLANNER_MAX_TIME_LIMIT='lots'"):
        default_config()


def test_slots_count_the_stock_left_by_everyone_else():
    """The technician's one-person day has the stock the other routes leave, as the sectors count it."""
    dataset = day(
        [tech("T1"), tech("T2")], [visit("V1", parts={"P1": 2}), visit("V2", parts={"P1": 1})], parts={"P1": 4}
    )
    other = _route("T2", "V1")
    plan = Plan(date=dataset.settings.date, timezone=dataset.settings.timezone, routes=(other,), unassigned=(), kpis={})
    own = one_technician_day(dataset, plan, dataset.technician("T1"), dataset.settings.date, dataset.visit("V2"))
    assert own.parts == stock_left(dataset, [other])
    assert {p.id: p.stock for p in own.parts or ()} == {"P1": 2}


def test_a_new_visit_row_is_read_against_the_day():
    """A good row becomes a visit; a row repeating an id, naming an unknown part and a bad priority gets all three
    problems, on the row's line."""
    dataset = read_ok(SAMPLE)
    row = {
        "id": "NEW",
        "lat": 39.93,
        "lon": 116.45,
        "region": "chaoyang",
        "type": "repair",
        "priority": 2,
        "required_skills": "sofa_repair:2",
        "duration_min": 60,
    }
    new, problems = read_visit_row(dataset, row, "request.yaml", 1)
    assert isinstance(new, Visit) and new.id == "NEW" and new.required_skills == {"sofa_repair": 2}
    assert not [p for p in problems if p.severity == "error"]
    taken = dataset.visits[0].id
    bad = {**row, "id": taken, "parts": "NO_SUCH_PART:1", "priority": LEAST_URGENT + 1}
    new, problems = read_visit_row(dataset, bad, "request.yaml", 7)
    assert new is None
    assert {(p.file, p.row, p.column) for p in problems} == {
        ("request.yaml", 7, "id"),
        ("request.yaml", 7, "parts"),
        ("request.yaml", 7, "priority"),
    }


def test_new_visit_rows_are_checked_together_and_located_each():
    """Two new rows with the same id: the second is named, at its own line; a missing required cell too."""
    dataset = read_ok(SAMPLE)
    row = {"id": "N1", "lat": 39.93, "lon": 116.45, "type": "repair", "priority": 3, "duration_min": 30}
    missing = {k: v for k, v in row.items() if k != "lat"} | {"id": "N2"}
    visits, problems = read_visit_rows(dataset, [row, row, missing], "events", [3, 9, 12])
    assert visits is None
    assert {(p.row, p.column) for p in problems if p.severity == "error"} == {(9, "id"), (12, "lat")}
    assert not read_visit_rows(dataset, [{**row, "id": "@T01"}], "events", [1])[0]
