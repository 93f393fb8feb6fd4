"""The synthetic day generator and the hand-made sample day in data/sample."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from planner.demo import DEFAULT_DATE, DISTRICTS, demand_ratio, generate_day
from planner.domain import Dataset
from planner.io.dataset import read_dataset
from planner.io.write import PART_COLUMNS, REGION_COLUMNS, TECHNICIAN_COLUMNS, VISIT_COLUMNS

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
PHONE = re.compile(r"1380000\d{4}")


def org_people(unit: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every person of an org.yaml unit tree: leader, members, then sub-groups."""
    yield unit["leader"]
    yield from unit.get("members", [])
    for group in unit.get("groups", []):
        yield from org_people(group)


def unheld_visits(technicians: list[dict[str, int]], visits: list[dict[str, int]]) -> list[int]:
    """Indexes of visits that need a skill no technician holds at any level."""
    held = {skill for skills in technicians for skill in skills}
    return [i for i, need in enumerate(visits) if set(need) - held]


def pairs(cell: str) -> dict[str, int]:
    """``a:2;b`` as a dict (level 1 when not given), for checking the sample without the reader."""
    out = {}
    for item in filter(None, cell.split(";")):
        name, _, level = item.partition(":")
        out[name] = int(level or 1)
    return out


def check_org(org: dict[str, Any], technician_ids: list[str], technician_roles: set[str]) -> None:
    """The org chart is consistent: known roles and measures, each technician placed exactly once."""
    roles = {role["id"]: role for role in org["roles"]}
    measures = {measure["id"] for measure in org["measures"]}
    for role in roles.values():
        assert role["reports_to"] is None or role["reports_to"] in roles
        assert role["measures"] and {m["id"] for m in role["measures"]} <= measures
    people = list(org_people(org["department"]))
    assert {person["role"] for person in people} <= set(roles)
    assert technician_roles <= set(roles)
    placed = Counter(person["technician"] for person in people if "technician" in person)
    assert sorted(placed) == sorted(technician_ids) and set(placed.values()) == {1}


# --- generate_day -------------------------------------------------------------


def test_same_seed_same_day() -> None:
    """A seed names one day: two calls with the same arguments give equal datasets."""
    assert generate_day(120, 15, seed=7) == generate_day(120, 15, seed=7)


def test_different_seeds_differ() -> None:
    """Different seeds give different people and visits."""
    first, second = generate_day(120, 15, seed=7), generate_day(120, 15, seed=8)
    assert first.visits != second.visits and first.technicians != second.technicians


@pytest.mark.parametrize("visits,technicians", [(0, 1), (1, 1), (70, 12), (2000, 200)])
def test_sizes_are_as_asked(visits: int, technicians: int) -> None:
    """Exactly the asked numbers of visits and technicians, with unique ids and at most 10 regions."""
    dataset = generate_day(visits, technicians, seed=3)
    assert len(dataset.visits) == visits and len(dataset.technicians) == technicians
    assert len({v.id for v in dataset.visits}) == visits
    assert len({t.id for t in dataset.technicians}) == technicians
    assert 1 <= len(dataset.regions) <= len(DISTRICTS)


def test_region_count_and_date_are_honoured() -> None:
    """regions=N uses the first N districts; date defaults to the fixed DEFAULT_DATE, not today."""
    dataset = generate_day(100, 10, seed=1, regions=3)
    assert [r.id for r in dataset.regions] == [d.id for d in DISTRICTS[:3]]
    assert {v.region for v in dataset.visits} <= {"chaoyang", "haidian", "fengtai"}
    assert generate_day(5, 2, seed=1).settings.date == DEFAULT_DATE
    assert generate_day(5, 2, seed=1, date=dt.date(2027, 1, 4)).settings.date == dt.date(2027, 1, 4)


@pytest.mark.parametrize("visits,technicians,regions", [(-1, 5, None), (10, 0, None), (10, 5, 0), (10, 5, 11)])
def test_impossible_sizes_are_refused(visits: int, technicians: int, regions: int | None) -> None:
    """Negative visits, no technicians or a region count outside 1-10 raise ValueError."""
    with pytest.raises(ValueError):
        generate_day(visits, technicians, seed=1, regions=regions)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_references_are_valid(seed: int) -> None:
    """Pinned/preferred ids, parts, regions and roles all point at things in the dataset."""
    dataset = generate_day(400, 40, seed=seed)
    technicians = {t.id for t in dataset.technicians}
    regions = {r.id for r in dataset.regions}
    parts = dataset.stock()
    assert parts is not None
    for visit in dataset.visits:
        assert visit.region in regions
        assert set(visit.parts) <= set(parts)
        assert visit.pinned_technician in technicians | {None}
        assert visit.preferred_technician in technicians | {None}
    for technician in dataset.technicians:
        assert set(technician.regions) <= regions
    assert dataset.org is not None
    check_org(dict(dataset.org), [t.id for t in dataset.technicians], {t.role for t in dataset.technicians})


def test_pins_and_wishes_name_people_who_can_do_the_job() -> None:
    """A pinned or preferred technician holds the skills and covers the region of the visit."""
    dataset = generate_day(2000, 200, seed=5)
    wished = [(v, v.pinned_technician) for v in dataset.visits if v.pinned_technician]
    wished += [(v, v.preferred_technician) for v in dataset.visits if v.preferred_technician]
    assert len(wished) > 20
    for visit, technician_id in wished:
        technician = dataset.technician(technician_id)
        assert technician.qualifies(visit.required_skills) and technician.covers(visit.region)


def test_day_has_the_realistic_mix() -> None:
    """All types and priorities, windows, due and deferrable work, people on 1-3 regions and on all."""
    dataset = generate_day(500, 50, seed=9)
    date = dataset.settings.date
    assert {v.type for v in dataset.visits} == {"install", "repair", "maintenance", "inspection", "complaint"}
    assert {v.priority for v in dataset.visits} == {1, 2, 3, 4}
    assert 0.1 < sum(v.window_start is not None for v in dataset.visits) / 500 < 0.35
    assert sum(v.is_due(date) for v in dataset.visits) > 100
    assert sum(v.due_date is not None and v.due_date > date for v in dataset.visits) > 100
    coverage = Counter(len(t.regions) for t in dataset.technicians)
    assert coverage[0] > 0 and set(coverage) - {0} <= {1, 2, 3} and coverage[1] > 0
    assert all(v.description for v in dataset.visits)
    complaints = [v for v in dataset.visits if v.type == "complaint"]
    grade = {"重大投诉": 1, "重要投诉": 2, "一般投诉": 3}
    assert all(v.priority == grade[v.description.split("：")[0]] for v in complaints)


@pytest.mark.parametrize("visits,technicians", [(70, 12), (300, 30), (2000, 200)])
def test_demand_exceeds_capacity_moderately(visits: int, technicians: int) -> None:
    """Estimated demand is 1.1-1.3 x capacity, so some work must be left for another day."""
    assert 1.1 <= demand_ratio(generate_day(visits, technicians, seed=4)) <= 1.3


def test_parts_limit_bites_on_every_day_with_parts() -> None:
    """On every day that uses parts, some part is wanted more than it is stocked."""
    for seed in range(12):
        dataset = generate_day(60, 8, seed=seed)
        wanted: Counter[str] = Counter()
        for visit in dataset.visits:
            wanted.update(visit.parts)
        stock = dataset.stock() or {}
        assert not wanted or any(wanted[part] > stock[part] for part in wanted), seed


def test_one_visit_per_day_needs_a_skill_nobody_has() -> None:
    """A 70-visit day has exactly one visit whose skill no technician holds; 2,000 visits have a few."""
    for visits, expected in ((70, 1), (2000, 8)):
        dataset = generate_day(visits, max(2, visits // 10), seed=6)
        found = unheld_visits(
            [dict(t.skills) for t in dataset.technicians], [dict(v.required_skills) for v in dataset.visits]
        )
        assert len(found) == expected


def test_personal_data_is_synthetic() -> None:
    """Phones are the obviously fake 1380000xxxx form; addresses name a Beijing district."""
    dataset = generate_day(200, 20, seed=1)
    assert all(PHONE.fullmatch(v.phone) for v in dataset.visits)
    names = {r.id: r.name for r in dataset.regions}
    assert all(v.address.startswith(f"北京市{names[v.region]}") for v in dataset.visits)


def test_locations_stay_near_their_district() -> None:
    """Visits lie within their district's radius of its centre (about 111 km per degree)."""
    dataset = generate_day(500, 50, seed=2)
    centres = {d.id: d for d in DISTRICTS}
    for visit in dataset.visits:
        district = centres[visit.region]
        assert abs(visit.lat - district.lat) * 111 <= district.radius_km + 0.1


# --- the sample folder --------------------------------------------------------


def sample_table(name: str) -> list[dict[str, str]]:
    """Rows of a sample CSV as plain dicts (UTF-8 with BOM, as Excel opens it)."""
    with open(SAMPLE / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def sample_yaml(name: str) -> Any:
    """A sample YAML file as plain data."""
    return yaml.safe_load((SAMPLE / name).read_text(encoding="utf-8"))


def test_sample_files_have_the_contract_columns() -> None:
    """Every sample CSV has exactly the writer's columns, in contract order; settings has the contract keys."""
    for name, columns in (
        ("technicians.csv", TECHNICIAN_COLUMNS),
        ("visits.csv", VISIT_COLUMNS),
        ("parts.csv", PART_COLUMNS),
        ("regions.csv", REGION_COLUMNS),
    ):
        with open(SAMPLE / name, encoding="utf-8-sig", newline="") as handle:
            assert tuple(next(csv.reader(handle))) == columns, name
    settings = sample_yaml("settings.yaml")
    assert settings == {
        "date": dt.date(2026, 11, 23),
        "timezone": "Asia/Shanghai",
        "speed_kmh": 30,
        "road_factor": 1.3,
        "lunch_window": "11:30-13:30",
        "lunch_minutes": 45,
    }


def test_sample_sizes_and_cases() -> None:
    """About 12 technicians and 70 visits, ~15 windows, parts on ~6 visits, pins and wishes that exist."""
    technicians, visits = sample_table("technicians.csv"), sample_table("visits.csv")
    ids = {t["id"] for t in technicians}
    assert 10 <= len(technicians) <= 14 and 60 <= len(visits) <= 80
    assert 12 <= sum(bool(v["window_start"]) for v in visits) <= 18
    assert 5 <= sum(bool(v["parts"]) for v in visits) <= 9
    pinned = [v["pinned_technician"] for v in visits if v["pinned_technician"]]
    preferred = [v["preferred_technician"] for v in visits if v["preferred_technician"]]
    assert 1 <= len(pinned) <= 2 and len(preferred) >= 3 and set(pinned + preferred) <= ids
    assert {v["region"] for v in visits} == {r["id"] for r in sample_table("regions.csv")}
    assert all(PHONE.fullmatch(v["phone"]) for v in visits)
    assert all(30 <= int(v["duration_min"]) <= 180 for v in visits)


def test_sample_has_exactly_one_visit_nobody_can_do() -> None:
    """Exactly one sample visit needs a skill no technician holds (the marble repair)."""
    technicians, visits = sample_table("technicians.csv"), sample_table("visits.csv")
    found = unheld_visits([pairs(t["skills"]) for t in technicians], [pairs(v["required_skills"]) for v in visits])
    assert len(found) == 1 and "marble_repair" in visits[found[0]]["required_skills"]


def test_sample_parts_limit_bites() -> None:
    """At least one sample part is wanted more than it is stocked."""
    wanted: Counter[str] = Counter()
    for visit in sample_table("visits.csv"):
        wanted.update(pairs(visit["parts"]))
    stock = {p["part_id"]: int(p["stock"]) for p in sample_table("parts.csv")}
    assert set(wanted) <= set(stock)
    assert any(wanted[part] > stock[part] for part in wanted)


def test_sample_complaints_are_graded() -> None:
    """Sample complaints say their grade, and major/important/minor are priority 1/2/3."""
    grade = {"重大投诉": "1", "重要投诉": "2", "一般投诉": "3"}
    complaints = [v for v in sample_table("visits.csv") if v["type"] == "complaint"]
    assert len(complaints) >= 5
    assert all(v["priority"] == grade[v["description"].split("：")[0]] for v in complaints)


def test_sample_org_chart_is_consistent() -> None:
    """org.yaml: every role and measure referenced exists, every technician is placed exactly once."""
    technicians = sample_table("technicians.csv")
    org = sample_yaml("org.yaml")
    check_org(org, [t["id"] for t in technicians], {t["role"] for t in technicians})
    titles = {role["id"]: role["title"] for role in org["roles"]}
    assert titles["service_manager"] == "售后经理"
    groups = {group["id"] for group in org["department"]["groups"]}
    assert groups == {"repair", "installation", "customer_service", "parts"}


def test_sample_is_over_full() -> None:
    """The sample loads cleanly and holds more work than its people have time for (demand > capacity)."""
    loaded = read_dataset(SAMPLE)
    assert loaded.ok and isinstance(loaded.dataset, Dataset)
    assert 1.05 <= demand_ratio(loaded.dataset) <= 1.35
