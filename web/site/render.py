"""The app's templates rendered to HTML files, with a page frame of relative links.

The templates are the Flask app's own (``web/templates``), loaded by a
plain Jinja environment with the app's autoescaping, so the static build
needs neither an app nor a request. Where the app's frame
(``web.pages.context.frame``) makes URLs with ``url_for``, this one makes
links relative to the page being written (``web.site.layout``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from web.i18n import HTML_LANG
from web.site import layout
from web.site.labels import translator

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """One Jinja environment over the app's templates, autoescaping HTML as Flask does."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


@dataclass(frozen=True)
class Page:
    """One page of the site: its language-neutral path, its language, and whether its navigation links
    to the scenario reports (when the site has them; not on technicians' pages, as the app shows that
    link to staff only) and to the weekly roster (when the site has one)."""

    path: str
    lang: str
    scenarios: bool = False
    roster: bool = False

    @property
    def file(self) -> str:
        """Where the page is written inside the site."""
        return layout.in_lang(self.lang, self.path)

    def link(self, path: str) -> str:
        """Relative href to another page (language-neutral ``path``) in this page's language."""
        return layout.link(self.file, layout.in_lang(self.lang, path))

    def frame(self) -> dict[str, Any]:
        """The values base.html needs: translator, ``<html lang>``, navigation, assets."""
        switch = layout.in_lang(layout.other_lang(self.lang), self.path)
        return {
            "lang": self.lang,
            "html_lang": HTML_LANG[self.lang],
            "t": translator(self.lang),
            "asset": lambda path: layout.link(self.file, layout.static(path)),
            "nav": {
                "home": self.link(layout.INDEX),
                "org": self.link(layout.ORG),
                "switch": layout.link(self.file, switch),
                "logout": None,
                "scenarios": self.link(layout.SCENARIOS) if self.scenarios else None,
                "roster": self.link(layout.ROSTER) if self.roster else None,
            },
        }


def render(template: str, page: Page, **values: Any) -> str:
    """A template rendered with the page's frame and its own values."""
    return environment().get_template(template).render(**{**page.frame(), **values})
