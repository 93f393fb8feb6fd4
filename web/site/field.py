"""Status buttons on the published route pages, sent to the API through the site's ``/api/*`` proxy.

A static host has no server of its own, but the site's ``/api/*`` path is
proxied to the API service (``netlify.toml``, ``_redirects``). Built with
an API base (``planner build --api /api``), each technician's sealed page
carries the same status buttons and offline queue as the server's route
page (``web/static/js/field-status.js``), posting to
``<api>/v1/visits/<visit>/status?k=<token>``.

The API accepts a status from a technician only with a route-link token
it signed itself (``web.auth.link_holder``: ``PLANNER_SECRET_KEY``, the
link salt, one technician and one day). The site's own secret
(``PLANNER_SITE_SECRET``) is a different key, so the build signs each
technician's token with the API server's ``PLANNER_SECRET_KEY``, given to
the build in its environment. The token travels only inside the sealed
part of the page (opened by the technician's ``#k=`` fragment), never in
the public shell; it is valid for ``PLANNER_LINK_DAYS`` from the build,
as a link the server would have made then. The buttons start from
"planned"; the API's answer shows the order's real status after a tap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from itsdangerous import URLSafeTimedSerializer

from planner.store import OrderState
from web.auth import LINK_SALT
from web.keys import weak_key_problem
from web.store import Day
from web.views.field_status import route_status_model

#: The variable the build reads the API server's signing key from.
API_KEY_ENV = "PLANNER_SECRET_KEY"
#: A routed visit's status when the day is published.
PUBLISHED_STATUS = "planned"


class FieldApiError(ValueError):
    """The build cannot sign tokens the API would accept; the message says what to set."""


@dataclass(frozen=True)
class FieldApi:
    """Where the published pages send statuses (``/api``, or a full URL ending in ``/api``) and the key
    the API server signs route links with."""

    base: str
    secret_key: str

    @classmethod
    def configured(cls, base: str, secret_key: str | None) -> FieldApi:
        """Checked settings: the API's own key must be given and strong (the API refuses any other)."""
        if not secret_key:
            raise FieldApiError(
                f"--api needs {API_KEY_ENV}, the API server's own key, to sign the "
                "technicians' tokens; without it the API would refuse every tap"
            )
        problem = weak_key_problem(API_KEY_ENV, secret_key)
        if problem:
            raise FieldApiError(problem)
        return cls(base.rstrip("/"), secret_key)

    def token(self, date: dt.date, technician_id: str) -> str:
        """The token the API's ``link_holder`` reads as this technician's link of this day."""
        return URLSafeTimedSerializer(self.secret_key, salt=LINK_SALT).dumps([date.isoformat(), technician_id])

    def status_url(self, date: dt.date, technician_id: str) -> str:
        """The status address the page script fills in (``__VISIT__`` is the visit's id)."""
        return f"{self.base}/v1/visits/__VISIT__/status?k={quote(self.token(date, technician_id))}"


def status_model(day: Day, technician_id: str, lang: str, api: FieldApi) -> dict | None:
    """The route page's status panel for the sealed part; None when the technician has no route."""
    route = day.plan.route_of(technician_id)
    if route is None or not route.stops:
        return None
    date = day.plan.date
    states = {
        stop.visit_id: OrderState(day.dataset.visit(stop.visit_id), PUBLISHED_STATUS, 0, date, ())
        for stop in route.stops
    }
    key = f"planner.status-queue.{date.isoformat()}.{technician_id}"
    return route_status_model(day.dataset, states, api.status_url(date, technician_id), key, lang)
