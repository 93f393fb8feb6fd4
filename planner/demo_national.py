"""Synthetic days of a national after-sales network: many cities, each its own department.

A national furniture brand runs a service department in every city it
sells in: the city's technicians live there and cover only that city's
districts, and each city's parts desk holds its own stock. Such a day is
the input the cluster planner is made for (``planner.cluster``): cities
share nobody, so they are planned apart and merged.

Each city is drawn with the building blocks of ``planner.demo`` (teams,
skills, shifts, visits, windows, load, parts) around the real centres of
its districts (``planner/demo_data/districts.csv``); ids, regions and
parts then carry the city's code (``SH-T001``, ``shanghai-pudong``,
``SH-P03``) so that the cities sit side by side in one dataset. Everything is drawn from one ``random.Random``
per city seeded from ``seed`` and the city, so the same arguments always
give the same day, and a city's day does not change when more cities are
added.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from planner import demo
from planner.demo import DEFAULT_DATE
from planner.demo_places import City, cities
from planner.domain import Dataset, Part, Region, Settings, Technician, Visit

#: Districts of a city's department on a national day: its core, the first few of its rows.
CORE_DISTRICTS = 4

#: The cities of ``planner.demo_places``, largest first, each with its core districts.
CITIES: tuple[City, ...] = tuple(replace(c, districts=c.districts[:CORE_DISTRICTS]) for c in cities())

#: Technicians per city when not given: one for every ten visits, as in the issue's national figures.
VISITS_PER_TECHNICIAN = 10


def default_technicians(visits_per_city: int) -> int:
    """Technicians in each city: a tenth of its visits, at least two (a repairer and an installer)."""
    return max(2, visits_per_city // VISITS_PER_TECHNICIAN)


def generate_national(
    cities: int, visits_per_city: int, seed: int, technicians_per_city: int | None = None, date: dt.date | None = None
) -> Dataset:
    """A day of ``cities`` cities (the first of ``CITIES``) with ``visits_per_city`` visits each."""
    if not 1 <= cities <= len(CITIES):
        raise ValueError(f"cities must be from 1 to {len(CITIES)}, not {cities}")
    if visits_per_city < 0:
        raise ValueError(f"visits per city must be 0 or more, not {visits_per_city}")
    staff_count = default_technicians(visits_per_city) if technicians_per_city is None else technicians_per_city
    if staff_count < 1:
        raise ValueError(f"technicians per city must be 1 or more, not {staff_count}")
    settings = Settings(date=date or DEFAULT_DATE)
    days = [_city_day(city, visits_per_city, staff_count, seed, settings) for city in CITIES[:cities]]
    staff = tuple(t for d in days for t in d.technicians)
    return Dataset(
        settings=settings,
        technicians=staff,
        visits=tuple(v for d in days for v in d.visits),
        parts=tuple(p for d in days for p in d.parts or ()),
        regions=tuple(r for d in days for r in d.regions),
        org=demo._org(random.Random(seed), staff),
    )


def _city_day(city: City, visits: int, technicians: int, seed: int, settings: Settings) -> Dataset:
    """One city's department and day, drawn as ``planner.demo`` draws Beijing, then given the city's names."""
    rng = random.Random(f"{seed}:{city.id}")
    staff = tuple(_in_city(t, city) for t in demo._technicians(rng, technicians, city.districts))
    drafted = demo._visits(rng, visits, city.districts, staff, settings.date)
    fitted = demo._fit_load(rng, drafted, demo.capacity_minutes(staff, settings))
    parts = demo._parts(rng, fitted)
    return Dataset(
        settings=settings,
        technicians=tuple(_technician(t, city) for t in staff),
        visits=tuple(_visit(v, city) for v in fitted),
        parts=tuple(Part(id=f"{city.code}-{p.id}", name=p.name, stock=p.stock) for p in parts),
        regions=tuple(
            Region(id=_region(city, d.id), name=f"{city.name}{d.name}", name_en=f"{city.name_en} {d.name_en}")
            for d in city.districts
        ),
    )


def _in_city(technician: Technician, city: City) -> Technician:
    """Leaders and generalists who may go anywhere go anywhere in their own city only."""
    if technician.regions:
        return technician
    return technician.model_copy(update={"regions": tuple(d.id for d in city.districts)})


def _region(city: City, district: str) -> str:
    return f"{city.id}-{district}"


def _technician(technician: Technician, city: City) -> Technician:
    return technician.model_copy(
        update={
            "id": f"{city.code}-{technician.id}",
            "regions": tuple(_region(city, r) for r in technician.regions),
        }
    )


def _visit(visit: Visit, city: City) -> Visit:
    """The city's ids, regions, part ids, and its name in the address (``planner.demo`` writes Beijing's)."""
    return visit.model_copy(
        update={
            "id": f"{city.code}-{visit.id}",
            "region": _region(city, visit.region),
            "address": city.name + visit.address.removeprefix("北京市"),
            "parts": {f"{city.code}-{p}": q for p, q in visit.parts.items()},
            "pinned_technician": f"{city.code}-{visit.pinned_technician}" if visit.pinned_technician else None,
            "preferred_technician": f"{city.code}-{visit.preferred_technician}" if visit.preferred_technician else None,
        }
    )
