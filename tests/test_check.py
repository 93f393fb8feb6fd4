"""Tests of the independent plan checker on a hand-checkable day in Beijing.

Every place lies on longitude 116.40, so distances are along a meridian:
0.05 degrees of latitude = 6371.0088 km x 0.05 x pi/180 = 5.560 km.
With road_factor 1.5 and speed 45 km/h the model's minutes are
ceil(km x 1.5 / 45 x 60) = ceil(2 x km):
    0.00 deg ->  0 min
    0.05 deg -> 5.560 km great-circle, 8.34 km road, 11.12 -> 12 min
    0.10 deg -> 11.120 km great-circle, 16.68 km road, 22.24 -> 23 min

Places: both bases 39.90; V1, V3, V4, V5 at 39.95; V2 at 40.00.

The correct plan (lunch window 11:30-13:30, 45 minutes):
    T01 leaves 08:30 -> V1 arrive 08:42 (12), serve 09:00-10:00
                     -> V2 arrive 10:12 (12), serve 10:12-11:12
                     -> break 11:30-12:15
                     -> V3 arrive 12:15 (12 + 45 lunch <= 63 min available), serve 12:15-13:15
                     -> base 13:40 (12 needed); travel 12+12+12+12 = 48
    T02 leaves 08:30 -> V4 arrive 08:42 (12), serve 09:00-10:00 -> base 10:12; travel 24
    V5 unassigned: part P1 (stock 2) is used up by V1 and V4.
"""

from __future__ import annotations

import datetime as dt

import pytest

from planner.check import Violation, check, check_plan
from planner.domain import Dataset, Part, Settings, Technician, Visit
from planner.plan import Plan

DAY = "2026-11-23"
LON = 116.40
KM = {0: 0.0, 12: 8.34, 23: 16.68}


def minutes(hhmm: str) -> int:
    """``HH:MM`` as minutes after midnight."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def dataset() -> Dataset:
    """The day described in the module docstring."""
    technicians = (
        Technician(
            id="T01",
            name="Wang Wei",
            base_lat=39.90,
            base_lon=LON,
            skills={"sofa_repair": 3, "install": 1},
            shift_start=minutes("08:00"),
            shift_end=minutes("18:00"),
            max_visits=3,
        ),
        Technician(
            id="T02",
            name="Li Na",
            base_lat=39.90,
            base_lon=LON,
            regions=("chaoyang", "haidian"),
            skills={"sofa_repair": 2, "install": 2, "cleaning": 1},
            shift_start=minutes("08:00"),
            shift_end=minutes("18:00"),
            max_visits=2,
        ),
    )
    visits = (
        Visit(
            id="V1",
            lat=39.95,
            lon=LON,
            region="chaoyang",
            type="repair",
            priority=2,
            required_skills={"sofa_repair": 3},
            duration_min=60,
            window_start=minutes("09:00"),
            window_end=minutes("10:00"),
            parts={"P1": 1},
        ),
        Visit(
            id="V2",
            lat=40.00,
            lon=LON,
            region="dongcheng",
            type="install",
            priority=3,
            required_skills={"install": 1},
            duration_min=60,
            window_start=minutes("10:00"),
            window_end=minutes("12:00"),
        ),
        Visit(
            id="V3",
            lat=39.95,
            lon=LON,
            region="haidian",
            type="install",
            priority=3,
            required_skills={"install": 1},
            duration_min=60,
            window_start=minutes("12:00"),
            window_end=minutes("14:00"),
            pinned_technician="T01",
        ),
        Visit(
            id="V4",
            lat=39.95,
            lon=LON,
            region="chaoyang",
            type="repair",
            priority=3,
            required_skills={"sofa_repair": 2, "cleaning": 1},
            duration_min=60,
            parts={"P1": 1},
        ),
        Visit(
            id="V5",
            lat=39.95,
            lon=LON,
            region="chaoyang",
            type="maintenance",
            priority=4,
            required_skills={"sofa_repair": 1},
            duration_min=30,
            parts={"P1": 1},
        ),
    )
    settings = Settings(
        date=dt.date(2026, 11, 23),
        timezone="Asia/Shanghai",
        speed_kmh=45,
        road_factor=1.5,
        lunch_start=minutes("11:30"),
        lunch_end=minutes("13:30"),
        lunch_minutes=45,
    )
    return Dataset(settings=settings, technicians=technicians, visits=visits, parts=(Part(id="P1", stock=2),))


def at(hhmm: str) -> str:
    """A clock time of the plan date in the contract's ISO 8601 form."""
    return f"{DAY}T{hhmm}:00+08:00"


def stop(visit_id: str, arrival: str, start: str, end: str, travel_min: int) -> dict:
    """One stop of a route."""
    return {
        "visit_id": visit_id,
        "arrival": at(arrival),
        "start": at(start),
        "end": at(end),
        "travel_min": travel_min,
        "travel_km": KM[travel_min],
    }


def route(
    technician_id: str, depart: str, stops: list[dict], back: str, travel_min: int, lunch: tuple[str, str] | None = None
) -> dict:
    """One technician's route; its km are its stops' legs and the way home (looked up by minutes)."""
    home_min = travel_min - sum(s["travel_min"] for s in stops)
    travel_km = round(sum(s["travel_km"] for s in stops) + KM.get(home_min, 0.0), 2)
    return {
        "technician_id": technician_id,
        "depart": at(depart),
        "return": at(back),
        "break": {"start": at(lunch[0]), "end": at(lunch[1])} if lunch else None,
        "stops": stops,
        "travel_km": travel_km,
        "travel_min": travel_min,
    }


def plan(routes: list[dict], unassigned: list[dict]) -> dict:
    """A plan.json document for the test day."""
    return {"date": DAY, "timezone": "Asia/Shanghai", "routes": routes, "unassigned": unassigned, "kpis": {}}


def unassigned(visit_id: str, reason_code: str = "capacity") -> dict:
    """One entry of ``unassigned``."""
    return {"visit_id": visit_id, "reason_code": reason_code, "reason": "test"}


def t01_route() -> dict:
    """T01's correct day: V1, V2, lunch, V3."""
    return route(
        "T01",
        "08:30",
        [
            stop("V1", "08:42", "09:00", "10:00", 12),
            stop("V2", "10:12", "10:12", "11:12", 12),
            stop("V3", "12:15", "12:15", "13:15", 12),
        ],
        "13:40",
        48,
        lunch=("11:30", "12:15"),
    )


def t02_route() -> dict:
    """T02's correct day: V4 only."""
    return route("T02", "08:30", [stop("V4", "08:42", "09:00", "10:00", 12)], "10:12", 24)


def good_plan() -> dict:
    """The correct plan of the module docstring."""
    return plan([t01_route(), t02_route()], [unassigned("V5", "parts_out_of_stock")])


def rules(violations: list[Violation]) -> set[str]:
    """The rule codes reported."""
    return {violation.rule for violation in violations}


def found(violations: list[Violation], rule: str, technician_id: str | None, visit_id: str | None) -> bool:
    """True when a violation of ``rule`` names this technician and visit."""
    return any(v.rule == rule and v.technician_id == technician_id and v.visit_id == visit_id for v in violations)


# --- a correct plan -------------------------------------------------------------------


def test_correct_plan_has_no_violations() -> None:
    """The hand-checked plan keeps every rule."""
    assert check_plan(dataset(), good_plan()) == []


def test_plan_object_is_checked_in_its_json_form() -> None:
    """check() accepts the Plan model and finds it as clean as its JSON."""
    assert check(dataset(), Plan.model_validate(good_plan())) == []


def test_plan_object_violations_are_found() -> None:
    """check() on a Plan model still reports a broken rule."""
    bad = good_plan()
    bad["routes"][0]["depart"] = at("07:50")
    assert rules(check(dataset(), Plan.model_validate(bad))) == {"shift"}


# --- coverage -------------------------------------------------------------------------


def test_missing_visit_is_caught() -> None:
    """A visit neither routed nor unassigned is a coverage violation."""
    bad = good_plan()
    bad["unassigned"] = []
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"coverage"} and found(violations, "coverage", None, "V5")


def test_visit_twice_is_caught() -> None:
    """A routed visit also listed as unassigned is a coverage violation."""
    bad = good_plan()
    bad["unassigned"].append(unassigned("V1"))
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"coverage"} and found(violations, "coverage", None, "V1")


def test_unknown_visit_is_caught() -> None:
    """A visit id the dataset does not have is a coverage violation."""
    bad = good_plan()
    bad["unassigned"].append(unassigned("V99"))
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"coverage"} and found(violations, "coverage", None, "V99")


def test_unknown_technician_is_caught() -> None:
    """A route of a technician the dataset does not have is a coverage violation."""
    bad = good_plan()
    bad["routes"][1]["technician_id"] = "T99"
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"coverage"} and found(violations, "coverage", "T99", None)


def test_second_route_of_one_technician_is_caught() -> None:
    """A technician with two routes is a coverage violation."""
    bad = good_plan()
    bad["routes"][1]["technician_id"] = "T01"
    assert found(check_plan(dataset(), bad), "coverage", "T01", None)


def test_bad_reason_code_is_caught() -> None:
    """An unassigned visit with a reason code outside the contract's list is caught."""
    bad = good_plan()
    bad["unassigned"][0]["reason_code"] = "too_busy"
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"coverage"} and found(violations, "coverage", None, "V5")


# --- skills and region ----------------------------------------------------------------


def test_wrong_skill_level_and_missing_skill_are_caught() -> None:
    """Swapping V1 and V4: T02 holds sofa_repair 2 < 3, T01 lacks cleaning."""
    bad = good_plan()
    bad["routes"][0]["stops"][0]["visit_id"] = "V4"
    bad["routes"][1]["stops"][0]["visit_id"] = "V1"
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"skills"}
    assert found(violations, "skills", "T02", "V1") and found(violations, "skills", "T01", "V4")


def test_region_is_caught() -> None:
    """V2 (dongcheng) moved to T02, who works only in chaoyang and haidian."""
    t01 = route(
        "T01",
        "08:30",
        [stop("V1", "08:42", "09:00", "10:00", 12), stop("V3", "12:15", "12:15", "13:15", 0)],
        "13:40",
        24,
        lunch=("11:30", "12:15"),
    )  # 12 + 0 + 12
    t02 = route(
        "T02",
        "08:30",
        [stop("V4", "08:42", "09:00", "10:00", 12), stop("V2", "10:12", "10:12", "11:12", 12)],
        "11:35",
        47,
    )  # 12 + 12 + 23 home from 40.00
    violations = check_plan(dataset(), plan([t01, t02], [unassigned("V5", "parts_out_of_stock")]))
    assert rules(violations) == {"region"} and found(violations, "region", "T02", "V2")


# --- clock rules ----------------------------------------------------------------------


def test_window_is_caught() -> None:
    """V1 served 08:50-09:50, before its window opens at 09:00."""
    bad = good_plan()
    bad["routes"][0]["stops"][0].update(start=at("08:50"), end=at("09:50"))
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"window"} and found(violations, "window", "T01", "V1")


def test_wrong_duration_is_caught() -> None:
    """V1 served 09:00-09:50: 50 minutes instead of 60."""
    bad = good_plan()
    bad["routes"][0]["stops"][0]["end"] = at("09:50")
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"duration"} and found(violations, "duration", "T01", "V1")


def test_start_before_arrival_is_caught() -> None:
    """V1 started at 09:00 but arrived at 09:05."""
    bad = good_plan()
    bad["routes"][0]["stops"][0]["arrival"] = at("09:05")
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"duration"} and found(violations, "duration", "T01", "V1")


@pytest.mark.parametrize("field, value", [("depart", "07:50"), ("return", "18:10")])
def test_shift_is_caught(field: str, value: str) -> None:
    """T01 leaving before 08:00 or coming back after 18:00 breaks the shift."""
    bad = good_plan()
    bad["routes"][0][field] = at(value)
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"shift"} and found(violations, "shift", "T01", None)


def test_travel_too_short_is_caught() -> None:
    """V2 reached at 10:05, 5 minutes after V1 ends, where the model needs 12."""
    bad = good_plan()
    bad["routes"][0]["stops"][1]["arrival"] = at("10:05")
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"travel"} and found(violations, "travel", "T01", "V2")


def test_lunch_does_not_count_as_travel() -> None:
    """V2 ends 11:30, break 11:30-12:15, V3 at 12:20: 50 minutes less 45 of lunch < 12."""
    bad = good_plan()
    stops = bad["routes"][0]["stops"]
    stops[1].update(start=at("10:30"), end=at("11:30"))
    stops[2].update(arrival=at("12:20"), start=at("12:20"), end=at("13:20"))
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"travel"} and found(violations, "travel", "T01", "V3")


def test_under_reported_stop_travel_is_caught() -> None:
    """A stop claiming 5 travel minutes where the model needs 12 is caught."""
    bad = good_plan()
    bad["routes"][0]["stops"][1]["travel_min"] = 5
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"travel"} and found(violations, "travel", "T01", "V2")


def test_wrong_route_travel_total_is_caught() -> None:
    """T01's travel_min 36 leaves out the 12 minutes home (48 expected)."""
    bad = good_plan()
    bad["routes"][0]["travel_min"] = 36
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"travel_total"} and found(violations, "travel_total", "T01", None)


def test_overlapping_services_are_caught() -> None:
    """V2 starting 09:59 overlaps V1, which ends at 10:00."""
    bad = good_plan()
    bad["routes"][0]["stops"][1].update(arrival=at("09:59"), start=at("09:59"), end=at("10:59"))
    assert found(check_plan(dataset(), bad), "overlap", "T01", "V2")


def test_services_out_of_order_are_caught() -> None:
    """Listing V2 (10:12) before V1 (09:00) is out of chronological order."""
    bad = good_plan()
    stops = bad["routes"][0]["stops"]
    stops[0], stops[1] = stops[1], stops[0]
    assert found(check_plan(dataset(), bad), "overlap", "T01", "V1")


# --- lunch break ----------------------------------------------------------------------


def test_missing_break_is_caught() -> None:
    """T01 works 08:30-13:40, across the lunch window, without a break."""
    bad = good_plan()
    bad["routes"][0]["break"] = None
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"break"} and found(violations, "break", "T01", None)


def test_short_break_is_caught() -> None:
    """A 30-minute break where 45 are due is caught."""
    bad = good_plan()
    bad["routes"][0]["break"]["end"] = at("12:00")
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"break"} and found(violations, "break", "T01", None)


def test_break_overlapping_a_service_is_caught() -> None:
    """A break 12:30-13:15 falls into V3's service 12:15-13:15."""
    bad = good_plan()
    bad["routes"][0]["break"] = {"start": at("12:30"), "end": at("13:15")}
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"break"} and found(violations, "break", "T01", "V3")


def test_break_outside_lunch_window_is_caught() -> None:
    """A break 11:12-11:57 starts before the lunch window opens at 11:30."""
    bad = good_plan()
    bad["routes"][0]["break"] = {"start": at("11:12"), "end": at("11:57")}
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"break"} and found(violations, "break", "T01", None)


# --- capacity, parts, pinning ---------------------------------------------------------


def test_max_visits_is_caught() -> None:
    """V5 added after V3 gives T01 four visits against max_visits 3 (V4 left out for parts)."""
    t01 = t01_route()
    t01["stops"].append(stop("V5", "13:15", "13:15", "13:45", 0))
    t01["return"] = at("13:57")  # 13:45 + 12, travel still 12 + 12 + 12 + 0 + 12 = 48
    violations = check_plan(dataset(), plan([t01], [unassigned("V4")]))
    assert rules(violations) == {"max_visits"} and found(violations, "max_visits", "T01", None)


def test_part_over_use_is_caught() -> None:
    """Planning V5 too takes 3 of part P1 with only 2 in stock."""
    t02 = t02_route()
    t02["stops"].append(stop("V5", "10:00", "10:00", "10:30", 0))
    t02["return"] = at("10:42")
    violations = check_plan(dataset(), plan([t01_route(), t02], []))
    assert rules(violations) == {"parts"}
    assert "3 of part P1" in violations[0].message


def test_no_parts_file_means_no_parts_rule() -> None:
    """Without parts.csv (parts None) the same over-use is no violation."""
    t02 = t02_route()
    t02["stops"].append(stop("V5", "10:00", "10:00", "10:30", 0))
    t02["return"] = at("10:42")
    unconstrained = dataset().model_copy(update={"parts": None})
    assert check_plan(unconstrained, plan([t01_route(), t02], [])) == []


def test_pinned_on_wrong_technician_is_caught() -> None:
    """V3, pinned to T01, moved onto T02's route."""
    t01 = route(
        "T01",
        "08:30",
        [stop("V1", "08:42", "09:00", "10:00", 12), stop("V2", "10:12", "10:12", "11:12", 12)],
        "11:35",
        47,
    )  # 12 + 12 + 23; back before 13:30, so no break due
    t02 = route(
        "T02",
        "08:30",
        [stop("V4", "08:42", "09:00", "10:00", 12), stop("V3", "10:00", "12:00", "13:00", 0)],
        "13:12",
        24,
    )  # back before 13:30, so no break due
    violations = check_plan(dataset(), plan([t01, t02], [unassigned("V5", "parts_out_of_stock")]))
    assert rules(violations) == {"pinned"} and found(violations, "pinned", "T02", "V3")


# --- times and format -----------------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-11-23 9am", "09:00", 900, None])
def test_malformed_datetime_is_caught(value: object) -> None:
    """A start that is not an ISO 8601 date-time is a times violation."""
    bad = good_plan()
    bad["routes"][0]["stops"][0]["start"] = value
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"times"} and found(violations, "times", "T01", "V1")


def test_wrong_utc_offset_is_caught() -> None:
    """10:00+09:00 is the right instant but not in Asia/Shanghai's +08:00."""
    bad = good_plan()
    bad["routes"][0]["stops"][0]["start"] = f"{DAY}T10:00:00+09:00"
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"times"} and found(violations, "times", "T01", "V1")


def test_plan_for_another_date_is_caught() -> None:
    """A plan dated the next day does not belong to this dataset."""
    bad = good_plan()
    bad["date"] = "2026-11-24"
    assert rules(check_plan(dataset(), bad)) == {"times"}


@pytest.mark.parametrize("value", ["2026-11-24T00:00:00+08:00", f"{DAY}T24:00:00+08:00"])
def test_return_at_midnight_is_on_the_plan_date(value: str) -> None:
    """A return at 24:00 is read as the end of the plan date (only the shift is broken)."""
    bad = good_plan()
    bad["routes"][1].update({"return": value, "break": {"start": at("11:30"), "end": at("12:15")}})
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"shift"}
    assert "24:00" in violations[0].message


def test_missing_field_is_a_format_violation() -> None:
    """A stop without its end time is a format violation."""
    bad = good_plan()
    del bad["routes"][0]["stops"][0]["end"]
    violations = check_plan(dataset(), bad)
    assert rules(violations) == {"format"} and found(violations, "format", "T01", "V1")


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        [],
        "plan",
        {},
        {"date": DAY, "timezone": "Asia/Shanghai", "routes": "none", "unassigned": 3},
        {
            "date": DAY,
            "timezone": "Asia/Shanghai",
            "unassigned": [None, {"visit_id": 1}],
            "routes": [
                None,
                {"technician_id": 5},
                {"technician_id": "T01", "stops": "x"},
                {
                    "technician_id": "T02",
                    "stops": [None, {"visit_id": "V4", "start": []}],
                    "depart": "0001-01-01T00:00:00+08:00",
                    "return": "9999-12-31T24:00-08:00",
                    "break": 7,
                    "travel_min": 10**400,
                },
            ],
        },
    ],
)
def test_malformed_plan_never_raises(garbage: object) -> None:
    """Whatever the plan holds, the checker answers with violations instead of raising."""
    violations = check_plan(dataset(), garbage)
    assert violations and rules(violations) <= {"format", "times", "coverage"}
