"""The pages' blueprint, with the page frame every template gets (``web.pages`` imports the view modules)."""

from flask import Blueprint, has_request_context

from web.lang import request_lang
from web.pages.context import frame

bp = Blueprint("pages", __name__)


@bp.app_context_processor
def page_frame() -> dict[str, object]:
    """The page frame (translator, navigation, assets) for every template, so any page can extend base.html."""
    return frame(request_lang()) if has_request_context() else {}
