"""The ``planner`` command: the only place that prints and sets exit codes.

Exit codes: 0 done; 1 a plan breaks a hard rule (``check``); 2 the input
cannot be used (every problem is printed, nothing is written).
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import time
from pathlib import Path
from typing import Sequence

from planner.check import check
from planner.cli_bench import add_parser as add_bench_parser
from planner.cli_build import add_parser as add_build_parser
from planner.cli_day import add_parsers as add_day_parsers
from planner.cli_scenarios import add_parser as add_scenarios_parser
from planner.domain import MAX_HORIZON_DAYS, Dataset
from planner.io import read_dataset
from planner.io.outputs import write_plan_files
from planner.plan import Plan
from planner.planning import TIME_LIMIT_HELP
from planner.problems import InvalidInput, errors
from planner.report import plan_summary
from planner.routing import SearchParams
from planner.validate import summary_lines

EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT = 0, 1, 2


def _load(path: str) -> Dataset | None:
    """Read a dataset, printing every problem; None when it has errors."""
    loaded = read_dataset(path)
    for problem in loaded.problems:
        print(problem, file=sys.stderr)
    if errors(loaded.problems):
        print(f"{len(errors(loaded.problems))} error(s): {path} cannot be planned", file=sys.stderr)
        return None
    return loaded.dataset


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a dataset and summarise it."""
    dataset = _load(args.dataset)
    if dataset is None:
        return EXIT_BAD_INPUT
    print("\n".join(summary_lines(dataset)))
    return EXIT_OK


def cmd_plan(args: argparse.Namespace) -> int:
    """Solve a day, write plan.json (and the roster), print the summary."""
    from planner.planning import default_time_limit, plan_day

    started = time.perf_counter()
    dataset = _load(args.dataset)
    if dataset is None:
        return EXIT_BAD_INPUT
    if args.days is not None or args.previous is not None or dataset.spans_days:
        from planner.cli_horizon import plan_days, read_previous
        from planner.horizon.vehicles import with_days

        try:
            promised = read_previous(args.previous, dataset)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        plan_days(args, with_days(dataset, args.days), started, promised)
        return EXIT_OK
    day = plan_day(dataset, SearchParams(time_limit=default_time_limit(dataset, args.time_limit), seed=args.seed))
    write_plan_files(dataset, day.plan, Path(args.out), Path(args.roster) if args.roster else None)
    print("\n".join(plan_summary(dataset, day.plan)))
    print(f"\nsolve time {day.seconds:.2f} s (search stopped by {day.stopped_by.replace('_', ' ')}), "
          f"total {time.perf_counter() - started:.2f} s; plan written to {args.out}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Verify a plan against every hard rule, independently of the solver."""
    dataset = _load(args.dataset)
    if dataset is None:
        return EXIT_BAD_INPUT
    try:
        plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"error: {args.plan}: cannot read the plan: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    violations = check(dataset, plan)
    for violation in violations:
        print(f"{violation.rule}: {violation.message}")
    if violations:
        print(f"{len(violations)} violation(s) in {args.plan}")
        return EXIT_VIOLATIONS
    print(f"{args.plan}: every hard rule holds ({len(dataset.visits)} visits)")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Generate a synthetic day of the same domain for trials and benchmarks."""
    from planner.demo import generate_day
    from planner.io.write import write_dataset

    dataset = generate_day(args.visits, args.technicians, args.seed, regions=args.regions)
    folder = write_dataset(dataset, args.out, fmt=args.format)
    print(f"{len(dataset.visits)} visits, {len(dataset.technicians)} technicians written to {folder}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the web app (dispatch board, route pages, API) on one dataset or a folder of days."""
    from web.server import serve

    if not Path(args.source).exists():
        print(f"error: {args.source} does not exist; expected a dataset or a folder of datasets",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    for name, meaning in (("PLANNER_SECRET_KEY", "logins and technicians' links end when the server stops"),
                          ("PLANNER_USERS", "nobody can log in; only API tokens work")):
        if not os.environ.get(name):
            print(f"warning: {name} is not set: {meaning}", file=sys.stderr)
    print(f"loading and planning {args.source} ...", flush=True)
    try:
        serve(args.source, args.host, args.port, args.threads,
              ready=lambda url: print(f"serving on {url} (Ctrl+C stops)", flush=True))
    except InvalidInput as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{exc}: {args.source} cannot be served", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
            raise
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The command line: validate, plan, check, demo, serve, replan, slots, scenarios, bench, build."""
    top = argparse.ArgumentParser(prog="planner", description="After-sales dispatch and roster planner.")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a dataset and summarise it")
    p.add_argument("dataset")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("plan", help="plan a day and write plan.json")
    p.add_argument("dataset")
    p.add_argument("--out", required=True, help="where to write plan.json")
    p.add_argument("--time-limit", type=float, default=None,
                   help=TIME_LIMIT_HELP)
    p.add_argument("--seed", type=int, default=0, help="seed of the search's start (default 0)")
    p.add_argument("--roster", help="also write the day's roster as CSV here")
    p.add_argument("--days", type=int, choices=range(1, MAX_HORIZON_DAYS + 1), metavar="N", default=None,
                   help="plan N days from the plan date (default: horizon_days of the settings, else 1)")
    p.add_argument("--previous", default=None, metavar="PLAN_JSON",
                   help="an earlier plan.json whose proposed dates are kept unless there is a reason to move them")
    p.set_defaults(run=cmd_plan)

    p = sub.add_parser("check", help="verify a plan against every hard rule")
    p.add_argument("dataset")
    p.add_argument("plan")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("demo", help="generate a synthetic day")
    p.add_argument("--visits", type=int, default=70)
    p.add_argument("--technicians", type=int, default=12)
    p.add_argument("--regions", type=int, default=None)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv")
    p.add_argument("--out", required=True)
    p.set_defaults(run=cmd_demo)

    p = sub.add_parser("serve", help="serve the web app and API")
    p.add_argument("source", help="a dataset, or a folder with one dataset folder per day")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 = any free port)")
    p.add_argument("--threads", type=int, default=4, help="worker threads (default 4)")
    p.set_defaults(run=cmd_serve)

    add_day_parsers(sub)
    add_scenarios_parser(sub)
    add_bench_parser(sub)
    add_build_parser(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``planner`` console script."""
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
