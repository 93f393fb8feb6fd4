"""The role chart, open to everyone: people, roles, duties and measures (no customer data)."""

from __future__ import annotations

from web.current import get_store
from web.lang import request_lang
from web.pages.blueprint import bp
from web.pages.context import day_or_404, parse_date, render_page
from web.views.org import no_org_model, org_model


@bp.get("/org")
def org_chart() -> str:
    """The chart of the newest day's dataset, without loads."""
    lang = request_lang()
    store = get_store()
    dates = store.dates()
    day = store.day(dates[0]) if dates else None
    model = org_model(day.dataset, lang) if day else no_org_model()
    return render_page("org.html", lang, model=model)


@bp.get("/d/<date>/org")
def day_org(date: str) -> str:
    """The chart with each technician's load on ``date``."""
    lang = request_lang()
    day = day_or_404(parse_date(date))
    return render_page("org.html", lang, model=org_model(day.dataset, lang, day.plan))
