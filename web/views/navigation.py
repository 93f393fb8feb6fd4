"""Navigation links to a customer's door in the three apps Chinese technicians use.

Each link opens the app's route planner (or its mobile web map when the
app is missing) with the customer's address as the destination's name, so
the technician sees where they are going rather than a visit number. The
coordinates are the dataset's WGS-84 ones and every link says so: each
app's URI API takes WGS-84 and shifts it onto its own map (Amap
``coordinate=wgs84``, Baidu ``coord_type=wgs84``, Tencent ``coord_type=1``).

- Amap (高德地图), ``uri.amap.com/navigation``: ``to=lon,lat,name``; with no
  ``from`` the app starts at the phone's position; ``callnative=1`` opens
  the installed app.
- Baidu Maps (百度地图), ``api.map.baidu.com/direction``: the web form wants
  an ``origin``, so the previous place of the route (the base or the
  previous stop) is given; ``destination=latlng:lat,lon|name:...``.
- Tencent Maps (腾讯地图), ``apis.map.qq.com/uri/v1/routeplan``: ``to`` (name)
  and ``tocoord=lat,lon``; with no start the phone's position is used.
"""

from __future__ import annotations

from urllib.parse import urlencode

from planner.domain import Visit
from web.i18n import translator

#: Who is calling, as the URI APIs ask (Baidu's ``src`` is ``webapp.<company>.<app>``).
CALLER = "aftersales-planner"
BAIDU_SOURCE = "webapp.aftersales.planner"

APPS: tuple[tuple[str, str], ...] = (("amap", "nav_amap"), ("baidu", "nav_baidu"), ("tencent", "nav_tencent"))


def _place_name(visit: Visit) -> str:
    """The address (or, without one, the visit id) cleared of the URI APIs' own separators."""
    name = visit.address or visit.id
    return name.replace(",", "，").replace("|", "｜").replace(";", "；")


def amap_url(visit: Visit) -> str:
    """Amap route to the customer from wherever the phone is."""
    query = urlencode(
        {
            "to": f"{visit.lon},{visit.lat},{_place_name(visit)}",
            "mode": "car",
            "coordinate": "wgs84",
            "callnative": 1,
            "src": CALLER,
        }
    )
    return f"https://uri.amap.com/navigation?{query}"


def baidu_url(visit: Visit, origin: tuple[float, float], origin_name: str) -> str:
    """Baidu Maps driving route from the previous place of the day to the customer."""
    query = urlencode(
        {
            "origin": f"latlng:{origin[0]},{origin[1]}|name:{origin_name}",
            "destination": f"latlng:{visit.lat},{visit.lon}|name:{_place_name(visit)}",
            "mode": "driving",
            "coord_type": "wgs84",
            "output": "html",
            "src": BAIDU_SOURCE,
        }
    )
    return f"https://api.map.baidu.com/direction?{query}"


def tencent_url(visit: Visit) -> str:
    """Tencent Maps driving route to the customer from wherever the phone is."""
    query = urlencode(
        {
            "type": "drive",
            "to": _place_name(visit),
            "tocoord": f"{visit.lat},{visit.lon}",
            "coord_type": 1,
            "policy": 0,
            "referer": CALLER,
        }
    )
    return f"https://apis.map.qq.com/uri/v1/routeplan?{query}"


def navigation_links(visit: Visit, origin: tuple[float, float], lang: str) -> list[dict]:
    """The three apps' links for one stop, labelled in the page language."""
    t = translator(lang)
    urls = {"amap": amap_url(visit), "baidu": baidu_url(visit, origin, t("nav_origin")), "tencent": tencent_url(visit)}
    return [{"app": app, "label": t(key), "url": urls[app]} for app, key in APPS]
