"""The national demo: many cities side by side, each with its own people, districts and parts desk."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from planner.demo import LOAD_RANGE, demand_ratio
from planner.demo_national import CITIES, generate_national
from planner.io import read_dataset


@pytest.fixture(scope="module")
def national():
    return generate_national(4, 60, seed=3)


def _city(code: str):
    return next(c for c in CITIES if c.code == code)


def test_sizes_and_ids_per_city(national):
    codes = [c.code for c in CITIES[:4]]
    assert len(national.visits) == 4 * 60 and len(national.technicians) == 4 * 6
    for code in codes:
        assert sum(v.id.startswith(f"{code}-") for v in national.visits) == 60
        assert sum(t.id.startswith(f"{code}-") for t in national.technicians) == 6
    assert len({v.id for v in national.visits}) == len(national.visits)
    assert len({r.id for r in national.regions}) == len(national.regions) == sum(len(c.districts) for c in CITIES[:4])


def test_technicians_cover_only_their_own_city(national):
    for technician in national.technicians:
        city = _city(technician.id.split("-")[0])
        assert technician.regions, f"{technician.id} may go anywhere in the country"
        assert all(r.startswith(f"{city.id}-") for r in technician.regions)


def test_visits_lie_in_their_district_of_the_real_city(national):
    for v in national.visits:
        city = _city(v.id.split("-")[0])
        district = next(d for d in city.districts if v.region == f"{city.id}-{d.id}")
        km = (
            math.dist(
                (v.lat, v.lon * math.cos(math.radians(v.lat))),
                (district.lat, district.lon * math.cos(math.radians(v.lat))),
            )
            * 111.32
        )
        assert km <= district.radius_km + 0.01
        assert v.address.startswith(city.name)
        assert all(p.startswith(f"{city.code}-") for p in v.parts)
        if v.pinned_technician:
            assert v.pinned_technician.startswith(f"{city.code}-")


def test_each_city_has_more_work_than_its_people_can_do(national):
    for city in CITIES[:4]:
        own = national.model_copy(
            update={
                "visits": tuple(v for v in national.visits if v.id.startswith(f"{city.code}-")),
                "technicians": tuple(t for t in national.technicians if t.id.startswith(f"{city.code}-")),
            }
        )
        assert LOAD_RANGE[0] - 0.05 <= demand_ratio(own) <= LOAD_RANGE[1] + 0.05


def test_same_seed_same_day_and_a_city_does_not_change_when_cities_are_added(national):
    assert generate_national(4, 60, seed=3) == national
    assert generate_national(4, 60, seed=4) != national
    more = generate_national(5, 60, seed=3)
    assert more.visits[:240] == national.visits and more.technicians[:24] == national.technicians


@pytest.mark.parametrize("cities, visits", [(0, 10), (len(CITIES) + 1, 10), (2, -1)])
def test_impossible_sizes_are_refused(cities, visits):
    with pytest.raises(ValueError):
        generate_national(cities, visits, seed=1)


def test_demo_command_writes_a_national_day_that_reads_back_clean(tmp_path):
    out = tmp_path / "national"
    result = subprocess.run(
        [sys.executable, "-m", "planner_cli", "demo", "--cities", "3", "--visits-per-city", "20", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "60 visits, 6 technicians" in result.stdout
    loaded = read_dataset(out)
    assert loaded.dataset is not None
    assert not loaded.problems
    assert {t.id.split("-")[0] for t in loaded.dataset.technicians} == {"BJ", "SH", "GZ"}


def test_demo_command_refuses_too_many_cities(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "planner_cli", "demo", "--cities", str(len(CITIES) + 1), "--out", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and f"from 1 to {len(CITIES)}" in result.stderr
    assert not (tmp_path / "x").exists()


def test_forty_cities_and_more_each_around_its_own_real_centre():
    """The national figures need 40 cities: each a distinct code, districts within one metropolitan area in China."""
    assert len(CITIES) >= 40
    assert len({c.code for c in CITIES}) == len({c.id for c in CITIES}) == len({c.name for c in CITIES}) == len(CITIES)
    for city in CITIES:
        assert len(city.districts) >= 3 and len({d.id for d in city.districts}) == len(city.districts)
        core = city.districts[0]
        for d in city.districts:
            assert 18 <= d.lat <= 54 and 73 <= d.lon <= 135, f"{city.name}{d.name} lies outside China"
            km = math.dist(
                (d.lat, d.lon * math.cos(math.radians(d.lat))), (core.lat, core.lon * math.cos(math.radians(d.lat)))
            )
            assert km * 111.32 <= 40, f"{city.name}{d.name} is {km * 111.32:.0f} km from {core.name}"
            assert d.radius_km > 0 and d.weight > 0
    day = generate_national(len(CITIES), 3, seed=1)
    assert {v.id.split("-")[0] for v in day.visits} == {c.code for c in CITIES}
    assert len({r.id for r in day.regions}) == len(day.regions) == sum(len(c.districts) for c in CITIES)
