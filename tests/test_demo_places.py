"""The demo's cities and districts: a CSV table shipped in the package, read back the same on every install."""

from __future__ import annotations

import pytest

from planner.demo import DISTRICTS
from planner.demo_national import CITIES, CORE_DISTRICTS
from planner.demo_places import COLUMNS, cities, parse_cities

HEADER = ",".join(COLUMNS)


def test_every_city_has_its_own_code_and_districts_near_its_centre() -> None:
    table = cities()
    assert table[0].id == "beijing" and len(table) == len(CITIES) >= 19
    assert len({c.id for c in table}) == len({c.code for c in table}) == len(table)
    for city in table:
        assert len(city.districts) >= 3 and len({d.id for d in city.districts}) == len(city.districts)
        lats = [d.lat for d in city.districts]
        lons = [d.lon for d in city.districts]
        assert max(lats) - min(lats) < 1 and max(lons) - min(lons) < 1, city.id
        assert all(18 < d.lat < 54 and 73 < d.lon < 135 and d.radius_km > 0 < d.weight for d in city.districts)


def test_the_beijing_day_and_the_national_day_read_the_same_table() -> None:
    assert cities()[0].districts == DISTRICTS
    assert CITIES[0].districts == DISTRICTS[:CORE_DISTRICTS]
    assert all(c.districts == t.districts[:CORE_DISTRICTS] for c, t in zip(CITIES, cities()))


def test_a_row_that_does_not_fit_is_named_by_its_line() -> None:
    good = "beijing,BJ,北京市,Beijing,chaoyang,朝阳区,Chaoyang,39.9480,116.4950,4.0,1.0"
    assert parse_cities(f"{HEADER}\n{good}\n")[0].districts[0].lat == 39.948
    with pytest.raises(ValueError, match="line 3"):
        parse_cities(f"{HEADER}\n{good}\n{good.replace('39.9480', 'north')}\n")
    with pytest.raises(ValueError, match="line 3: city beijing"):
        parse_cities(f"{HEADER}\n{good}\n{good.replace('BJ', 'PK')}\n")
    with pytest.raises(ValueError, match="columns"):
        parse_cities(f"city,name\n{good}\n")
