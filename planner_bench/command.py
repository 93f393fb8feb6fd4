"""``planner bench``: measure our solver against open peers on three suites.

Exit codes: 0 done and every plan of ours keeps every rule; 1 one of our
plans breaks a rule or our solver failed (peers' failures are reported,
not fatal); 2 the input cannot be used (unknown suite data, instance or
peer).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from planner.defaults import PLANNING_DEFAULTS
from planner_bench.peers import PEERS
from planner_bench.report import OURS, valid
from planner_bench.run import BenchConfig, run_bench
from planner_bench.suites import DEFAULT_DATA, SUITES
from planner_cli.args import MAX_TIME_LIMIT, seed
from planner_cli.exits import Exit


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _limits(text: str) -> tuple[float, ...]:
    try:
        limits = tuple(float(part) for part in _names(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"time limits must be numbers of seconds, like 1,10: {text!r}") from None
    if not limits or any(not math.isfinite(limit) or not 0 < limit <= MAX_TIME_LIMIT for limit in limits):
        raise argparse.ArgumentTypeError(
            f"time limits must be seconds above 0 and at most {MAX_TIME_LIMIT:g}: {text!r}"
        )
    return limits


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1: {text!r}")
    return value


def _peers(text: str) -> tuple[str, ...]:
    return () if text.strip() == "none" else _names(text)


def configure(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the bench's options to ``parser`` (shared by ``planner bench`` and ``python -m planner_bench``)."""
    parser.add_argument(
        "--suite",
        required=True,
        choices=(*SUITES, "roster", "horizon"),
        help="which instances to run (roster: generated weeks of shifts; horizon: generated weeks, "
        "planned at once and day by day)",
    )
    parser.add_argument(
        "--time-limit",
        type=_limits,
        default=None,
        help="seconds per run, or several as 1,10 (default 10; horizon: the planner's default)",
    )
    parser.add_argument(
        "--threads",
        type=_positive,
        default=1,
        help="threads a solver may use; only VROOM uses more than one (default 1)",
    )
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--instances", type=_names, default=(), help="comma-separated instance names")
    chosen.add_argument("--limit", type=_positive, default=None, help="only the first K instances")
    parser.add_argument("--out", default="bench-out", help="folder for <suite>.csv and <suite>.md (default bench-out)")
    parser.add_argument(
        "--peers",
        type=_peers,
        default=tuple(PEERS),
        help=f"comma-separated peers ({','.join(PEERS)}) or none (default all)",
    )
    parser.add_argument(
        "--data",
        default=None,
        help="benchmark data folder with solomon/, trsp/ and gh1000/ (default: the benchmarks folder inside planner_bench)",
    )
    parser.add_argument("--seed", type=seed, default=0, help="seed given to every solver (default 0)")
    horizon = parser.add_argument_group("horizon suite")
    horizon.add_argument("--weeks", type=_positive, default=3, help="generated weeks (default 3)")
    horizon.add_argument("--technicians", type=_positive, default=40, help="team size (default 40)")
    horizon.add_argument("--visits-per-day", type=_positive, default=300, help="new visits a day (default 300)")
    horizon.add_argument("--days", type=_positive, default=5, help="days of the horizon (default 5)")
    parser.set_defaults(run=cmd_bench)
    return parser


def parser(prog: str = "python -m planner_bench") -> argparse.ArgumentParser:
    """The bench's command line, as ``planner bench`` and ``python -m planner_bench`` show it."""
    return configure(argparse.ArgumentParser(prog=prog, description="Measure the solver against open peers."))


def main(argv: Sequence[str] | None = None, prog: str = "python -m planner_bench") -> int:
    """Parse the bench's options and run it."""
    args = parser(prog).parse_args(argv)
    return args.run(args)


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the suite, print where the results are and how ours did."""
    if args.suite == "roster":
        return cmd_roster_bench(args)
    if args.suite == "horizon":
        return cmd_bench_horizon(args)
    config = BenchConfig(
        suite=args.suite,
        time_limits=args.time_limit or (PLANNING_DEFAULTS.day_time_limit,),
        peers=args.peers,
        data=Path(args.data) if args.data else DEFAULT_DATA,
        out=Path(args.out),
        threads=args.threads,
        seed=args.seed,
        instances=args.instances,
        limit=args.limit,
    )
    try:
        result = run_bench(config, progress=lambda line: print(line, file=sys.stderr, flush=True))
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return Exit.BAD_INPUT
    ours = [r for r in result.rows if r["solver"] == OURS]
    broken = [r for r in ours if not valid(r)]
    print(f"{len(result.rows)} runs; results in {result.csv_path} and {result.summary_path}")
    for row in broken:
        print(f"ours on {row['instance']} ({row['time_limit_s']:g} s): {row['verdict'] or row['status']} {row['note']}")
    return Exit.VIOLATION if broken else Exit.OK


def cmd_roster_bench(args: argparse.Namespace) -> int:
    """The roster suite: generated weeks solved by CP-SAT, every roster checked."""
    from planner.roster.bench import run_roster_bench

    rows = run_roster_bench(
        max(args.time_limit or (PLANNING_DEFAULTS.day_time_limit,)),
        args.seed,
        args.threads,
        Path(args.out),
        args.instances,
        progress=lambda line: print(line, flush=True),
    )
    print(f"{len(rows)} rosters; results in {Path(args.out) / 'roster.csv'} and {Path(args.out) / 'roster.md'}")
    return Exit.VIOLATION if any(row.get("violations") != 0 for row in rows) else Exit.OK


def cmd_bench_horizon(args: argparse.Namespace) -> int:
    """Generated weeks planned at once and day by day; horizon.md in ``--out``; 1 when a plan breaks a rule."""
    from planner_bench.horizon import report, run_weeks

    rows = run_weeks(
        args.weeks,
        args.technicians,
        args.visits_per_day,
        args.days,
        args.time_limit[0] if args.time_limit else None,
        args.seed,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table = report(rows)
    (out / "horizon.md").write_text(table, encoding="utf-8")
    print(table + f"results in {out / 'horizon.md'}")
    return Exit.VIOLATION if any(r.violations for r in rows) else Exit.OK
