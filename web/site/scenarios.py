"""The staffing scenario reports as pages of the static site: the list and one page per report.

They are the Flask app's scenario pages (``web.pages.scenarios``) made
from the same report folders (``web.scenario_reports``), view models
(``web.views.scenarios``, charts included as inline SVG) and templates,
with relative links instead of URLs. Only ``comparison.json`` is read,
never the plans beside it, so they hold figures, ids and advice but no
customer data; the build's leak check searches them like every page. In
the app only staff see them; a published site shows them to anyone with
its address, so publishing them is the builder's choice (``--scenarios``).

The pages do not say when a report was made: ``comparison.json`` records
no such time, and its file's time (in the builder's local zone) would
make two builds of the same reports differ byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence

from web.scenario_reports import Report
from web.site import layout
from web.site.render import Page, render
from web.views.scenarios import report_list_model, report_model


def scenario_pages(reports: Sequence[Report], lang: str) -> dict[str, str]:
    """The list of ``reports`` (in the order given) and each report's page, in one language."""
    listing = Page(layout.SCENARIOS, lang, scenarios=True)
    model = report_list_model(reports, lang, lambda name: listing.link(layout.scenario_report(name)), dated=False)
    pages = {listing.file: render("scenarios.html", listing, model=model)}
    for report in reports:
        page = Page(layout.scenario_report(report.name), lang, scenarios=True)
        pages[page.file] = render(
            "scenarios_report.html", page, model=report_model(report, lang, page.link(layout.SCENARIOS), dated=False)
        )
    return pages
