"""Which map tiles the board and route pages draw on, from one setting.

``PLANNER_MAP_TILES`` names a source: ``amap`` (the default: AutoNavi's
public road map, reachable from mainland China, drawn in GCJ-02), ``osm``
(OpenStreetMap, WGS-84, often slow or blocked in mainland China), ``off``
(no tiles: only the built-in sketch), or a URL template such as
``https://tiles.example.cn/{z}/{x}/{y}.png`` for the company's own tile
server, whose coordinate system ``PLANNER_MAP_TILES_COORDS`` gives
(``wgs84``, the default, or ``gcj02``). Places are shifted on the server
to the source's coordinates, so the page only draws what it is given.
When the tiles cannot load (offline, blocked), the page keeps the sketch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from web.views.gcj02 import wgs84_to_gcj02

COORDINATE_SYSTEMS: tuple[str, ...] = ("wgs84", "gcj02")


@dataclass(frozen=True)
class TileSource:
    """A tile URL template for Leaflet, its subdomains, credit line and coordinate system."""

    url: str
    attribution: str
    coordinates: str = "wgs84"
    subdomains: str = ""
    max_zoom: int = 18

    def place(self, lat: float, lon: float) -> tuple[float, float]:
        """Where a WGS-84 place is drawn on these tiles (rounded to about a decimetre)."""
        if self.coordinates == "gcj02":
            lat, lon = wgs84_to_gcj02(lat, lon)
        return round(lat, 6), round(lon, 6)

    def origins(self) -> list[str]:
        """Every ``scheme://host`` the tiles come from, for the page's Content-Security-Policy."""
        parts = urlsplit(self.url)
        hosts = [parts.netloc.replace("{s}", s) for s in self.subdomains] if "{s}" in parts.netloc else [parts.netloc]
        return [f"{parts.scheme}://{host}" for host in hosts]

    def leaflet(self) -> dict:
        """The options the page's script hands to ``L.tileLayer``."""
        return {
            "url": self.url,
            "attribution": self.attribution,
            "subdomains": self.subdomains,
            "max_zoom": self.max_zoom,
        }


PRESETS: Mapping[str, TileSource] = {
    "amap": TileSource(
        url="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        attribution="© 高德地图 AutoNavi",
        coordinates="gcj02",
        subdomains="1234",
    ),
    "osm": TileSource(
        url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attribution="© OpenStreetMap contributors",
        coordinates="wgs84",
        max_zoom=19,
    ),
}
DEFAULT_SOURCE = "amap"


class BadTileSetting(ValueError):
    """PLANNER_MAP_TILES or PLANNER_MAP_TILES_COORDS names nothing usable."""


def tile_source(setting: str | None, coordinates: str | None = None) -> TileSource | None:
    """The source named by the setting (``amap`` when unset); None for ``off``."""
    name = (setting or DEFAULT_SOURCE).strip()
    if name.lower() == "off":
        return None
    if name.lower() in PRESETS:
        return PRESETS[name.lower()]
    parts = urlsplit(name)
    if parts.scheme != "https" or not parts.netloc or not all(f"{{{k}}}" in name for k in "xyz"):
        raise BadTileSetting(
            f"PLANNER_MAP_TILES={name!r}: expected amap, osm, off or an https URL template with {{x}}, {{y}} and {{z}}"
        )
    coords = (coordinates or "wgs84").strip().lower()
    if coords not in COORDINATE_SYSTEMS:
        raise BadTileSetting(f"PLANNER_MAP_TILES_COORDS={coordinates!r}: expected wgs84 or gcj02")
    subdomains = "abc" if "{s}" in parts.netloc else ""
    return TileSource(url=name, attribution=parts.netloc, coordinates=coords, subdomains=subdomains)
