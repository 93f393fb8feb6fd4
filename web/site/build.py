"""Every file of the static site of one planned day, in memory, checked before anything is written.

Pages and each technician's redacted calendar come in Chinese (top
level) and English (``en/``); ``plan.json`` and the roster once per day;
the staffing scenario reports when given (``web.site.scenarios``); the
weekly roster (排班表) when given, with leave shown as leave, never its
kind (``planner.roster.folder.without_leave_kinds``). The files are bytes keyed by their path in
the site, made only from the day and the master secret, so the same
inputs give the same site byte for byte. Nothing reaches the disk here,
and ``build_site`` returns only files that ``leaks.check_files`` passed;
``web.site.publish`` writes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from planner.io.ics import route_calendar
from planner.io.outputs import roster_csv
from planner.roster.folder import FolderRoster, without_leave_kinds
from web.i18n import LANGUAGES
from web.scenario_reports import Report
from web.site import layout
from web.site.field import FieldApi
from web.site.leaks import check_files
from web.site.public import public_dataset
from web.site.render import Page, render
from web.site.routes import route_page
from web.site.scenarios import scenario_pages
from web.site.sealing import MasterSecret, fragment, route_keys
from web.store import Day
from web.views.board import board_model
from web.views.index import index_model
from web.views.masking import mask_board
from web.views.org import org_model
from web.views.paperwork import pick_list
from web.views.roster import roster_model

STATIC = Path(__file__).resolve().parent.parent / "static"
#: Search engines have no business with a department's day, even its public parts.
ROBOTS = b"User-agent: *\nDisallow: /\n"


@dataclass(frozen=True)
class Link:
    """One technician's private link: their page and the fragment that opens it."""

    technician_id: str
    name: str
    path: str
    fragment: str

    def url(self, base_url: str | None = None) -> str:
        """The full link under ``base_url``, or the path inside the site when there is none."""
        path = quote(self.path)
        address = f"{base_url.rstrip('/')}/{path}" if base_url else path
        return f"{address}#{self.fragment}"


@dataclass(frozen=True)
class Site:
    """The files of a site (path -> bytes) and the links that open its route pages."""

    files: Mapping[str, bytes]
    links: tuple[Link, ...]


def static_files() -> dict[str, bytes]:
    """web/static as the site's ``static/`` folder, and the icon where browsers look for it."""
    files = {
        layout.static(p.relative_to(STATIC).as_posix()): p.read_bytes()
        for p in sorted(STATIC.rglob("*"))
        if p.is_file()
    }
    files["favicon.ico"] = (STATIC / "favicon.ico").read_bytes()
    return files


def public_calendars(public: Day, technician_id: str) -> dict[str, str]:
    """The technician's day as a redacted calendar (times, visit ids, types, districts) in each language, beside
    their route page; made from the public dataset, so a field the redaction missed has nothing to show."""
    date = public.plan.date.isoformat()
    return {
        layout.in_lang(lang, layout.public_calendar(date, technician_id)): route_calendar(
            public.dataset, public.plan, technician_id, lang, redacted=True
        )
        for lang in LANGUAGES
    }


def day_pages(day: Day, public: Day, lang: str, with_scenarios: bool, with_roster: bool = False) -> dict[str, str]:
    """The index, the role charts, the public board and the parts pick list of one language (linking to the
    scenarios, if any). The pick list names parts and visit ids only; the work order sheets, which carry
    customers and addresses, are not published."""
    date = day.plan.date.isoformat()
    index, org, board, day_org, parts = (
        Page(p, lang, with_scenarios, with_roster)
        for p in (layout.INDEX, layout.ORG, layout.board(date), layout.day_org(date), layout.pick_list(date))
    )
    index_view = index_model(
        [day], lang, lambda d: index.link(layout.board(d)), lambda d: index.link(layout.day_org(d))
    )
    board_view = mask_board(board_model(public.dataset, public.plan, lang))
    calendars = {t.id: board.link(layout.public_calendar(date, t.id)) for t in day.dataset.technicians}
    return {
        index.file: render("index.html", index, model=index_view),
        org.file: render("org.html", org, model=org_model(day.dataset, lang)),
        day_org.file: render("org.html", day_org, model=org_model(day.dataset, lang, day.plan)),
        board.file: render(
            "site/board.html",
            board,
            model=board_view,
            link_days=None,
            org_url=board.link(layout.day_org(date)),
            calendars=calendars,
            paper_urls={"pick_list": board.link(layout.pick_list(date))},
        ),
        parts.file: render("pick_list.html", parts, model=pick_list(public.dataset, public.plan, lang)),
    }


def roster_page(roster: FolderRoster, lang: str, with_scenarios: bool) -> dict[str, str]:
    """The weekly roster grid as published: names, shifts, rest and leave (never its kind), coverage."""
    page = Page(layout.ROSTER, lang, with_scenarios, True)
    return {page.file: render("roster.html", page, model=roster_model(without_leave_kinds(roster), lang))}


def build_site(
    day: Day,
    master: MasterSecret,
    reports: Sequence[Report] | None = None,
    api: FieldApi | None = None,
    roster: FolderRoster | None = None,
) -> Site:
    """Render, seal and check every file; raises LeakFound (nothing to publish) or layout.UnsafeName.

    With ``reports`` (even none) the site gets the scenario pages, listed in
    the order given, and the staff pages link to them. With ``api`` the route
    pages get status buttons that post through it (``web.site.field``). With
    ``roster`` the site gets the roster page, and the staff pages link to it.
    """
    date = day.plan.date.isoformat()
    public = Day(public_dataset(day.dataset), day.plan)
    texts: dict[str, str] = {}  # pages and calendars, by path
    links = []
    for technician in day.dataset.technicians:
        keys = route_keys(master, date, technician.id)
        for lang in LANGUAGES:
            page = Page(layout.route(date, technician.id), lang)
            texts[page.file] = route_page(day, public, technician.id, lang, keys, api)
        texts.update(public_calendars(public, technician.id))
        links.append(
            Link(technician.id, technician.name or technician.id, layout.route(date, technician.id), fragment(keys))
        )
    for lang in LANGUAGES:
        texts.update(day_pages(day, public, lang, reports is not None, roster is not None))
        if roster is not None:
            texts.update(roster_page(roster, lang, reports is not None))
        if reports is not None:
            texts.update(scenario_pages(reports, lang))
    files = {path: text.encode("utf-8") for path, text in texts.items()}
    files[layout.plan_json(date)] = day.plan.to_json().encode("utf-8")
    files[layout.roster_csv(date)] = roster_csv(day.dataset, day.plan).encode("utf-8-sig")
    files["robots.txt"] = ROBOTS
    files.update(static_files())
    check_files(files, day.dataset)
    return Site(files=files, links=tuple(links))
