"""A technician's published route page: the public shell with the personal part sealed inside.

The personal part is the page's ``main`` as the Flask app would show it
to the technician (customers, phones, addresses, navigation links, job
notes, the exact route sketch), cut out of a full rendering, together
with the day's iCalendar text. Both are encrypted with the technician's
key; the calendar file is made in the browser from the decrypted text,
so no ``.ics`` with customers' details is ever published. The shell
around it is rendered from the public dataset and masked with the board's
own rules (``mask_board`` works on any view model: initials for customers,
districts for addresses, no phone, call or navigation links), leaving
times, order, visit types and districts. Built with an API (``web.site.field``),
the personal part also carries the status buttons and the token they post with.
"""

from __future__ import annotations

import json

from planner.io.ics import route_calendar
from web.site import layout
from web.site.field import FieldApi, status_model
from web.site.render import Page, render
from web.site.sealing import RouteKeys, b64url, seal
from web.store import Day
from web.views.masking import mask_board
from web.views.route import route_page_model

TEMPLATE = "site/route.html"
MAIN_START, MAIN_END = '<div id="route-main">', "<!--/route-main-->"
PAYLOAD_VERSION = 1


def associated_data(date: str, technician_id: str, lang: str) -> str:
    """What a sealed part is bound to, so it cannot be moved to another page, day or language."""
    return json.dumps(["aftersales-planner route", PAYLOAD_VERSION, date, technician_id, lang], ensure_ascii=False)


def calendar_name(date: str, technician_id: str) -> str:
    """The file name the browser offers for the day's calendar (as the Flask app names it)."""
    return f"{date}-{technician_id}.ics"


def personal_main(day: Day, technician_id: str, lang: str, status: dict | None = None) -> str:
    """The page's ``main`` with everything the technician needs (and the status buttons, if any), as HTML."""
    date = day.plan.date.isoformat()
    page = Page(layout.route(date, technician_id), lang)
    model = route_page_model(day.dataset, day.plan, technician_id, lang, calendar_name(date, technician_id))
    html = render(TEMPLATE, page, model=model, sealed=None, status=status)
    start = html.index(MAIN_START) + len(MAIN_START)
    return html[start : html.index(MAIN_END, start)]


def payload(day: Day, technician_id: str, lang: str, status: dict | None = None) -> bytes:
    """The plaintext that gets sealed: the personal main, the calendar text and its file name."""
    date = day.plan.date.isoformat()
    content = {
        "v": PAYLOAD_VERSION,
        "main": personal_main(day, technician_id, lang, status),
        "calendar": route_calendar(day.dataset, day.plan, technician_id, lang),
        "calendar_name": calendar_name(date, technician_id),
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def route_page(
    day: Day, public: Day, technician_id: str, lang: str, keys: RouteKeys, api: FieldApi | None = None
) -> str:
    """The published page: the public model's shell carrying the sealed personal part (with the status
    buttons when there is an ``api``; the shell then loads their script, which starts once unlocked)."""
    date = day.plan.date.isoformat()
    status = status_model(day, technician_id, lang, api) if api is not None else None
    sealed = seal(keys, payload(day, technician_id, lang, status), associated_data(date, technician_id, lang))
    model = mask_board(route_page_model(public.dataset, public.plan, technician_id, lang))
    return render(
        TEMPLATE,
        Page(layout.route(date, technician_id), lang),
        model=model,
        field_status=status is not None,
        sealed={"nonce": b64url(sealed.nonce), "ciphertext": b64url(sealed.ciphertext), "aad": sealed.aad},
    )
