"""What every page needs from the request: language, links that keep it, the page frame.

The view models come from ``web.views``; this module is the thin Flask
side: it picks the language, builds URLs and hands both to the templates.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from flask import Response, abort, current_app, make_response, render_template, request, url_for

from web.auth import is_staff, logged_in_staff
from web.current import get_store
from web.i18n import HTML_LANG, translator
from web.security import CONTENT_SECURITY_POLICY
from web.store import Day
from web.views.tiles import BadTileSetting, TileSource, tile_source


def page_url(endpoint: str, **values: Any) -> str:
    """URL of a page, keeping ``?lang=`` when the visitor chose a language by link."""
    asked = request.args.get("lang")
    if asked and "lang" not in values:
        values["lang"] = asked
    return url_for(endpoint, **values)


def switch_url(lang: str) -> str:
    """This very page in the other language (its other parameters, such as a link token, kept)."""
    values = {**(request.view_args or {}), **request.args.to_dict(), "lang": "en" if lang == "zh" else "zh"}
    return url_for(request.endpoint or "pages.index", **values)


def frame(lang: str) -> dict[str, Any]:
    """Template values of the page frame: translator, ``<html lang>``, navigation, assets."""
    logout = "auth.logout_form" in current_app.view_functions and logged_in_staff()
    return {
        "lang": lang,
        "html_lang": HTML_LANG[lang],
        "t": translator(lang),
        "asset": lambda path: url_for("static", filename=path),
        "nav": {
            "home": page_url("pages.index"),
            "org": page_url("pages.org_chart"),
            "roster": page_url("pages.roster"),
            "switch": switch_url(lang) if request.endpoint else page_url("pages.index"),
            "logout": url_for("auth.logout_form") if logout else None,
            "scenarios": page_url("pages.scenario_list") if is_staff() else None,
            **follow_up_links(),
        },
    }


def follow_up_links() -> dict[str, str | None]:
    """Callbacks, escalations and KPIs: for staff of an app that keeps work orders."""
    shown = is_staff() and current_app.extensions.get("planner.workorders") is not None
    return {name: page_url(f"pages.{name}") if shown else None for name in ("callbacks", "escalations", "kpis")}


def render_page(template: str, lang: str, **values: Any) -> str:
    """Render a page template with the frame and its own values."""
    return render_template(template, **{**frame(lang), **values})


def parse_date(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` path segment; anything else is a 404."""
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    abort(404)


def day_or_404(date: dt.date) -> Day:
    """The stored day of ``date``."""
    day = get_store().day(date)
    if day is None:
        abort(404)
    return day


def map_tiles() -> TileSource | None:
    """The tile source of the maps: ``PLANNER_MAP_TILES`` / ``PLANNER_MAP_TILES_COORDS`` (app config, else the
    environment; ``web.views.tiles``). A setting that names nothing usable leaves the sketch only (``planner
    serve`` refuses to start with it, so this is logged, not shown)."""

    def setting(name: str) -> str | None:
        return current_app.config.get(name) or os.environ.get(name)

    try:
        return tile_source(setting("PLANNER_MAP_TILES"), setting("PLANNER_MAP_TILES_COORDS"))
    except BadTileSetting as exc:
        current_app.logger.error("map tiles off: %s", exc)
        return None


def with_tiles_allowed(html: str, tiles: TileSource | None) -> Response:
    """The page, with a Content-Security-Policy that lets its map load images from the tile hosts (and only those)."""
    response = make_response(html)
    images = "img-src 'self' data:"
    if tiles is not None and images in CONTENT_SECURITY_POLICY:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            images, " ".join([images, *tiles.origins()])
        )
    return response
