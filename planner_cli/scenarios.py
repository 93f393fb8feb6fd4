"""The ``planner scenarios`` command: solve a day under several staffing variants and compare them.

``add_parser`` registers the subcommand on the ``planner`` command line;
``cmd_scenarios`` runs it. Like the other commands it prints, and exits
0 when done, 1 when any plan breaks a hard rule (the report is still
written, with the broken rules listed), and 2 when the dataset, the
scenario file or the output folder cannot be used (every problem is
printed and nothing is written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from planner.cluster import ClusterAddressError
from planner.defaults import PLANNING_DEFAULTS
from planner.routing import SearchParams
from planner_cli.args import seconds, seed
from planner_cli.cluster import add_scenario_arguments, scenario_client
from planner_cli.exits import Exit
from planner_cli.load import load_dataset, report_problems

DEFAULT_TIME_LIMIT = PLANNING_DEFAULTS.scenario_time_limit
BAR_WIDTH = 30


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``planner scenarios DATASET SCENARIOS.yaml --out DIR``."""
    p = subparsers.add_parser(
        "scenarios",
        help="compare staffing scenarios (what if we hire, train, change shifts)",
        description="Solve the same day under every variant of a scenario file, in parallel, check "
        "every plan, and write a comparison with deltas against the base, charts and advice.",
    )
    p.add_argument("dataset", help="the dataset (folder, .xlsx or .json)")
    p.add_argument("scenarios", help="the scenario file (YAML, see docs/scenarios.md)")
    p.add_argument("--out", required=True, help="folder for the report (created or replaced)")
    p.add_argument(
        "--time-limit",
        type=seconds,
        default=DEFAULT_TIME_LIMIT,
        help=f"search time cap per variant in seconds (default {DEFAULT_TIME_LIMIT:g})",
    )
    p.add_argument(
        "--workers", type=int, default=None, help="variants solved at once (default: the number of CPU cores)"
    )
    p.add_argument("--seed", type=seed, default=0, help="seed of every search's start (default 0)")
    p.add_argument("--no-advice", action="store_true", help="skip trying single changes for advice")
    add_scenario_arguments(p)
    p.set_defaults(run=cmd_scenarios)
    return p


class ProgressBar:
    """A text bar on stderr: redrawn in place on a terminal, one line per step in a log."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.live = stream.isatty()

    def __call__(self, done: int, total: int, what: str) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} {what}"
        if self.live:
            self.stream.write("\r" + line.ljust(BAR_WIDTH + 50))
            if done >= total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def cmd_scenarios(args: argparse.Namespace) -> int:
    """Read and check everything first, then solve, write the report and print the summary."""
    from planner.scenarios.render import summary_lines
    from planner.scenarios.report import target_problems, write_report
    from planner.scenarios.run import run_scenarios
    from planner.scenarios.spec import read_scenario_file

    if args.workers is not None and args.workers < 1:
        print("error: --workers must be 1 or more", file=sys.stderr)
        return Exit.BAD_INPUT
    dataset = load_dataset(args.dataset)
    if dataset is None:
        return Exit.BAD_INPUT
    scenario, problems = read_scenario_file(args.scenarios, dataset)
    if report_problems(problems, f"{args.scenarios} cannot be used") or scenario is None:
        return Exit.BAD_INPUT
    out = Path(args.out)
    if report_problems(target_problems(out), f"nothing written to {out}"):
        return Exit.BAD_INPUT
    try:
        with scenario_client(args.cluster) as client:
            run = run_scenarios(
                dataset,
                scenario,
                SearchParams(time_limit=args.time_limit, seed=args.seed),
                workers=args.workers,
                progress=ProgressBar(sys.stderr),
                advice=not args.no_advice,
                client=client,
            )
    except ClusterAddressError as exc:
        print(f"error: --cluster {exc}", file=sys.stderr)
        return Exit.BAD_INPUT
    document = write_report(run, out, Path(args.dataset).name)
    print("\n".join(summary_lines(document)))
    print(
        f"\nwritten to {out}: comparison.md, comparison.csv, comparison.json, "
        f"{len(document['variants'])} plans, {len(document['charts'])} charts"
    )
    if document["violations"]:
        for violation in document["violations"]:
            print(f"violation: {violation}", file=sys.stderr)
        print(f"{len(document['violations'])} violation(s): a plan breaks a hard rule", file=sys.stderr)
        return Exit.VIOLATION
    return Exit.OK
