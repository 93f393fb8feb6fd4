"""The map's tile setting: presets, a company tile server, off, and what the page's policy must allow."""

from __future__ import annotations

import pytest

from web.views.gcj02 import wgs84_to_gcj02
from web.views.tiles import BadTileSetting, tile_source


def test_default_is_amap_in_gcj02_with_its_four_hosts():
    """Unset: Amap tiles, places shifted to GCJ-02, webrd01-04 allowed as image sources."""
    source = tile_source(None)
    assert source is not None and source.coordinates == "gcj02" and "autonavi.com" in source.url
    assert source.origins() == [f"https://webrd0{n}.is.autonavi.com" for n in "1234"]
    lat, lon = 39.9712, 116.4868
    assert source.place(lat, lon) == tuple(round(x, 6) for x in wgs84_to_gcj02(lat, lon)) != (lat, lon)


def test_osm_keeps_wgs84_and_off_means_no_tiles():
    osm = tile_source("OSM")
    assert osm is not None and osm.place(39.9712, 116.4868) == (39.9712, 116.4868)
    assert osm.origins() == ["https://tile.openstreetmap.org"]
    assert tile_source("off") is None


def test_company_tile_server_with_its_coordinate_system():
    source = tile_source("https://tiles.example.cn/{z}/{x}/{y}.png", "gcj02")
    assert source is not None and source.coordinates == "gcj02" and source.origins() == ["https://tiles.example.cn"]
    subdomains = tile_source("https://{s}.tiles.example.cn/{z}/{x}/{y}.png")
    assert subdomains is not None and subdomains.coordinates == "wgs84"
    assert subdomains.origins() == [f"https://{s}.tiles.example.cn" for s in "abc"]


@pytest.mark.parametrize(
    ("setting", "coords"),
    [
        ("http://tiles.example.cn/{z}/{x}/{y}.png", None),  # not https: the pages are served over https
        ("https://tiles.example.cn/{z}/{x}.png", None),  # no {y}
        ("amap-satellite", None),
        ("https://tiles.example.cn/{z}/{x}/{y}.png", "bd09"),
    ],
)
def test_bad_settings_are_refused_with_what_is_expected(setting, coords):
    with pytest.raises(BadTileSetting, match="expected"):
        tile_source(setting, coords)


def test_serve_refuses_a_bad_tile_setting(monkeypatch, capsys):
    """planner serve stops at once (exit 2) and says what PLANNER_MAP_TILES should be."""
    from pathlib import Path

    from planner_cli.main import main

    monkeypatch.setenv("PLANNER_MAP_TILES", "amap-satellite")
    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    assert main(["serve", str(sample), "--port", "0"]) == 2
    assert "PLANNER_MAP_TILES='amap-satellite': expected amap, osm, off" in capsys.readouterr().err


def test_live_map_places_stops_in_the_tiles_coordinates_without_personal_data():
    """Every stop is drawn where the tiles put it (GCJ-02 for Amap), in route order, with no customer detail."""
    import json

    from browser import sample_day

    from web.views.maps import live_map

    day = sample_day()
    source = tile_source("amap")
    assert source is not None
    model = live_map(day.dataset, day.plan, "zh", source)
    routed = [r for r in day.plan.routes if r.stops]
    assert len(model["routes"]) == len(routed)
    for drawn, route in zip(model["routes"], routed):
        visits = [day.dataset.visit(s.visit_id) for s in route.stops]
        assert [s["at"] for s in drawn["stops"]] == [source.place(v.lat, v.lon) for v in visits]
        assert drawn["line"][1:-1] == [s["at"] for s in drawn["stops"]] and drawn["line"][0] == drawn["line"][-1]
    text = json.dumps(model, ensure_ascii=False)
    assert not [x for v in day.dataset.visits for x in (v.customer, v.phone, v.address) if x and x in text]
