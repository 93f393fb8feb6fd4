"""The start page (planned days) and the site icon."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Response, send_from_directory

from web.auth import is_staff
from web.current import get_store
from web.lang import request_lang
from web.pages.blueprint import bp
from web.pages.context import page_url, render_page
from web.pages.week import week_url
from web.views.index import index_model

STATIC = Path(__file__).resolve().parent.parent / "static"


@bp.get("/")
def index() -> str:
    """The days with a plan, newest first, with links to their board and role chart."""
    lang = request_lang()
    store = get_store()
    days = [day for day in (store.day(d) for d in store.dates()) if day is not None]
    model = index_model(
        days,
        lang,
        lambda d: page_url("pages.board", date=d),
        lambda d: page_url("pages.day_org", date=d),
        lambda d: week_url(dt.date.fromisoformat(d)) if is_staff() else None,
    )
    return render_page("index.html", lang, model=model)


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says; answer it rather than log a 404."""
    return send_from_directory(STATIC, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400)
