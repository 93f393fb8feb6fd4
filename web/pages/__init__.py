"""HTML pages: index, dispatch board, technician route pages, printed paperwork, role chart."""

from flask import Blueprint, has_request_context

bp = Blueprint("pages", __name__)


@bp.app_context_processor
def page_frame() -> dict[str, object]:
    """The page frame (translator, navigation, assets) for every template, so any page can extend base.html."""
    from web.pages.context import frame, page_lang

    return frame(page_lang()) if has_request_context() else {}


# The view modules register their routes on ``bp`` when imported.
from web.pages import board, callbacks, index, kpis, org, paperwork, roster, route, scenarios, week  # noqa: E402,F401
