"""The API's blueprint, on which each route module registers its views (``web.api`` imports them all)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
