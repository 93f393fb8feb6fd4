"""HTML pages: index, dispatch board, technician route pages, printed paperwork, role chart."""

# The view modules register their routes on ``bp`` when imported.
from web.pages import board, callbacks, index, kpis, org, paperwork, roster, route, scenarios, week  # noqa: F401
from web.pages.blueprint import bp

__all__ = ["bp"]
