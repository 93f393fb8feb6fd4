"""``planner build``: a planned day as a static website, with private route pages.

Plans the day (or takes a plan.json that still checks), renders the site
with ``web.site`` (with ``--scenarios``, the staffing scenario reports
too) and swaps it into ``--out`` only when every file was written. The
technicians' links carry the keys of their pages, so they are printed
here and written to ``<out>-links.txt`` beside the site, never into it.
Exit 2 when the input cannot be used or the site cannot be written; the
previous site is then left as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from planner.check import check
from planner.domain import Dataset
from planner.plan import Plan
from planner.planning import TIME_LIMIT_HELP
from planner.problems import errors
from planner.routing import SearchParams
from planner_cli.args import seconds
from planner_cli.exits import Exit
from planner_cli.load import load_dataset

if TYPE_CHECKING:
    from planner.roster.folder import FolderRoster
    from web.scenario_reports import Report

SECRET_ENV = "PLANNER_SITE_SECRET"
#: Hosts where browsers allow Web Crypto over plain http.
LOCAL = ("localhost", "127.0.0.1", "::1")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return Exit.BAD_INPUT


def _saved_plan(dataset: Dataset, path: str) -> Plan | str:
    """The plan in ``path``, or why it cannot be published with this dataset."""
    try:
        plan = Plan.from_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"{path}: cannot read the plan: {exc}"
    if plan.date != dataset.settings.date:
        return f"{path} is for {plan.date}, the dataset for {dataset.settings.date}"
    violations = check(dataset, plan)
    if violations:
        return f"{path} breaks {len(violations)} hard rule(s) of this dataset; run `planner check`"
    return plan


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _warn_about(args: argparse.Namespace, reproducible: bool) -> None:
    """Say what the settings mean before the work starts: random links, a base URL browsers will not unlock."""
    if not reproducible:
        print(
            f"warning: {SECRET_ENV} is not set: the keys are random, the links change with every build "
            "and the site is not byte-reproducible",
            file=sys.stderr,
        )
    if args.base_url and urlsplit(args.base_url).scheme != "https" and urlsplit(args.base_url).hostname not in LOCAL:
        print(
            "warning: browsers unlock route pages only over https (or on this machine); "
            f"{args.base_url} will show them locked",
            file=sys.stderr,
        )


def _scenario_reports(folder: str) -> list[Report] | str:
    """The reports of ``--scenarios`` by folder name; a string says why there are none.

    The app lists reports newest first by their files' times; a static
    site must not change with those times, so it lists them by name. A
    folder without reports is refused rather than published as an empty
    list: the likely mistake is naming one report folder instead of the
    folder that holds them, and the message says so.
    """
    from web.scenario_reports import MARKER, folder_reports

    if not Path(folder).is_dir():
        return f"--scenarios {folder} is not a folder"
    reports = folder_reports(folder)
    if reports:
        return reports
    hint = "; it is one report itself: name the folder that holds it" if (Path(folder) / MARKER).is_file() else ""
    return f"--scenarios {folder} holds no report folders of `planner scenarios`{hint}"


def _roster(dataset: str) -> FolderRoster | str | None:
    """The weekly roster beside the dataset (its folder or ``roster/`` in it, as ``planner serve`` finds it);
    None without one, a string saying why a roster folder cannot be published."""
    from planner.roster.folder import find_roster_folder, roster_of_folder

    folder = find_roster_folder(Path(dataset) if Path(dataset).is_dir() else Path(dataset).parent)
    if folder is None:
        return None
    roster, problems = roster_of_folder(folder)
    if roster is None:
        return f"{folder}: the roster cannot be published: " + "; ".join(str(p) for p in errors(problems) or problems)
    return roster


def _plan(args: argparse.Namespace, dataset: Dataset) -> Plan | str:
    """The plan to publish: the given plan.json, or the day planned now; a string says why not."""
    if args.plan:
        return _saved_plan(dataset, args.plan)
    from planner.planning import default_time_limit, plan_day

    return plan_day(dataset, SearchParams(time_limit=default_time_limit(dataset, args.time_limit))).plan


def cmd_build(args: argparse.Namespace) -> int:
    """Plan (or read the plan), build the site, publish it atomically, print the links."""
    from web.site import LeakFound, SiteError, build_site, publish
    from web.site.field import API_KEY_ENV, FieldApi, FieldApiError
    from web.site.layout import UnsafeName
    from web.site.publish import check_target
    from web.site.sealing import WeakSecret, master_secret
    from web.store import Day

    out = Path(args.out)
    inputs = [Path(path) for path in (args.dataset, args.plan, args.scenarios) if path]
    if any(_inside(path, out) for path in inputs):
        return _fail(f"--out {out} holds the input; the build replaces that folder as a whole")
    try:
        check_target(out.absolute())
        master = master_secret(os.environ.get(SECRET_ENV))
        api = FieldApi.configured(args.api, os.environ.get(API_KEY_ENV)) if args.api else None
    except (SiteError, WeakSecret, FieldApiError) as exc:
        return _fail(str(exc))
    if args.hide_links and not master.reproducible:
        return _fail(f"{SECRET_ENV} is not set, so the links would be random and, hidden, lost; set it")
    _warn_about(args, master.reproducible)
    reports = _scenario_reports(args.scenarios) if args.scenarios else None
    if isinstance(reports, str):
        return _fail(reports)
    dataset = load_dataset(args.dataset, "published")
    if dataset is None:
        return Exit.BAD_INPUT
    plan = _plan(args, dataset)
    if isinstance(plan, str):
        return _fail(plan)
    roster = _roster(args.dataset)
    if isinstance(roster, str):
        return _fail(roster)
    try:
        site = build_site(Day(dataset, plan), master, reports, api, roster)
        lines = [f"{link.technician_id}\t{link.name}\t{link.url(args.base_url)}" for link in site.links]
        links_file = publish(site.files, out, "\n".join(lines) + "\n")
    except (LeakFound, SiteError, UnsafeName, OSError) as exc:
        return _fail(f"{exc}; nothing was published, the previous site (if any) is unchanged")
    print(
        f"site for {plan.date} written to {out} ({len(site.files)} files); "
        f"{len(plan.routes)} routes, {len(plan.unassigned)} visits unassigned"
        + (f"; {len(reports)} scenario report(s)" if reports else "")
        + ("; the weekly roster" if roster is not None else "")
    )
    if not args.hide_links:
        print("technicians' private links (send each person only their own):")
        print("\n".join(f"  {line}" for line in lines))
    print(f"links written to {links_file} (keep it private; do not publish it)")
    return Exit.OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``planner build`` on the CLI's subcommands."""
    p = subparsers.add_parser(
        "build",
        help="publish a planned day as a static website with private route pages",
        description=f"Keys come from {SECRET_ENV} (at least 32 characters); unset, they are "
        "random and the links change with every build.",
    )
    p.add_argument("dataset", help="the dataset: a folder of CSV files, an .xlsx workbook or a .json document")
    p.add_argument("--out", required=True, help="the site's folder; replaced as a whole by every build")
    p.add_argument("--plan", help="publish this plan.json (it must check) instead of planning the day")
    p.add_argument("--time-limit", type=seconds, default=None, help=TIME_LIMIT_HELP)
    p.add_argument(
        "--scenarios",
        metavar="DIR",
        help="also publish the staffing scenario reports in DIR, a folder of `planner scenarios` "
        "report folders (as PLANNER_SCENARIOS_DIR); they hold no customer data",
    )
    p.add_argument("--base-url", help="the site's address, so the printed links are complete (https://...)")
    p.add_argument(
        "--api",
        metavar="BASE",
        help="give route pages status buttons that post to the API at BASE (/api: the site's proxy); "
        "tokens are signed with PLANNER_SECRET_KEY, the API server's key, and last its "
        "PLANNER_LINK_DAYS from the build",
    )
    p.add_argument(
        "--hide-links",
        action="store_true",
        help="do not print the links (on a CI whose log others read); they still go to the links file",
    )
    p.set_defaults(run=cmd_build)
