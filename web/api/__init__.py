"""JSON API, version 1: plans, validation, re-planning, slots and bookings, work-order statuses, health and its OpenAPI document."""

# The route modules register their views on ``bp`` when imported.
from web.api import callbacks, day, edits, field_replan, followup, meta, plans, scenarios, visits  # noqa: F401
from web.api.blueprint import bp

__all__ = ["bp"]
