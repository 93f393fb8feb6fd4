"""JSON API, version 1: plans, validation, re-planning, slots and bookings, work-order statuses, health and its OpenAPI document."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# The route modules register their views on ``bp`` when imported.
from web.api import callbacks, day, edits, field_replan, followup, meta, plans, scenarios, visits  # noqa: E402,F401
