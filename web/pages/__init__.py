"""HTML pages: index, dispatch board, technician route pages, role chart."""

from flask import Blueprint

bp = Blueprint("pages", __name__)
