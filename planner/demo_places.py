"""The real cities and districts the synthetic days are drawn around, read from ``demo_data/districts.csv``.

Places are data, not code: the table (one row per district, its city's code
and names beside it, centre, radius and share of the work) is a CSV file
shipped inside the package and read through ``importlib.resources``, so it
is found in an installed wheel as well as in a checkout, and a city is
added by adding rows. Rows keep their order: a city's core districts come
first, and the cities come largest first, because both generators take
the first few.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: The table's columns, in order.
COLUMNS = (
    "city",
    "city_code",
    "city_name",
    "city_name_en",
    "district",
    "name",
    "name_en",
    "lat",
    "lon",
    "radius_km",
    "weight",
)


@dataclass(frozen=True)
class District:
    """A city district used as a service region; work is scattered within ``radius_km``."""

    id: str
    name: str
    name_en: str
    lat: float
    lon: float
    radius_km: float
    weight: float  # share of the department's work, roughly by population


@dataclass(frozen=True)
class City:
    """A city with its after-sales department: code for ids, and its districts with their real centres."""

    id: str
    code: str
    name: str
    name_en: str
    districts: tuple[District, ...]


@cache
def cities() -> tuple[City, ...]:
    """Every city of the table, in its order, each with its districts in their order."""
    text = resources.files("planner").joinpath("demo_data", "districts.csv").read_text(encoding="utf-8")
    return parse_cities(text)


def parse_cities(text: str) -> tuple[City, ...]:
    """The cities of a districts table (ValueError naming the line of a row that does not fit)."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"districts.csv: the columns must be {', '.join(COLUMNS)}")
    heads: dict[str, tuple[str, str, str]] = {}
    districts: dict[str, list[District]] = {}
    for row in reader:
        try:
            district = District(
                row["district"],
                row["name"],
                row["name_en"],
                float(row["lat"]),
                float(row["lon"]),
                float(row["radius_km"]),
                float(row["weight"]),
            )
        except ValueError as exc:
            raise ValueError(f"districts.csv, line {reader.line_num}: {exc}") from exc
        head = (row["city_code"], row["city_name"], row["city_name_en"])
        if heads.setdefault(row["city"], head) != head:
            raise ValueError(f"districts.csv, line {reader.line_num}: city {row['city']} is named differently above")
        districts.setdefault(row["city"], []).append(district)
    return tuple(City(city, *head, tuple(districts[city])) for city, head in heads.items())


def city(city_id: str) -> City:
    """The city with this id (KeyError if the table has none)."""
    for found in cities():
        if found.id == city_id:
            return found
    raise KeyError(city_id)
