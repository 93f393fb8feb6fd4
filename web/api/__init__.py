"""JSON API, version 1: plans, validation, health and its OpenAPI document."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# The route modules register their views on ``bp`` when imported.
from web.api import meta, plans  # noqa: E402,F401
