"""The ``planner`` command: its parser, and the day's own commands (validate, plan, check, demo, serve).

Exit codes are those of ``planner_cli.exits``: 0 done; 1 a plan breaks a
hard rule (``check``); 2 the input cannot be used (every problem is
printed, nothing is written).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from planner.check import check
from planner.check_horizon import planned_days
from planner.domain import MAX_HORIZON_DAYS
from planner.io.outputs import write_plan_files
from planner.io.tables import parse_json
from planner.planning import TIME_LIMIT_HELP
from planner.problems import InvalidInput
from planner.report import plan_summary, solved_line
from planner.validate import summary_lines
from planner_cli.args import DB_HELP, iso_date, seconds, seed
from planner_cli.build import add_parser as add_build_parser
from planner_cli.cluster import (
    add_demo_arguments,
    add_plan_arguments,
    add_serve_arguments,
    plan_day_on,
    unreachable,
)
from planner_cli.day import add_parsers as add_day_parsers
from planner_cli.exits import Exit
from planner_cli.history import add_history_options, cmd_demo_history
from planner_cli.history import add_parsers as add_history_parsers
from planner_cli.lang import COMMAND_LANG, add_lang_argument, cli_lang, say
from planner_cli.load import load_dataset, print_problems, print_violations, report_problems
from planner_cli.roster import add_parsers as add_roster_parsers
from planner_cli.scenarios import add_parser as add_scenarios_parser
from planner_cli.store import add_parsers as add_store_parsers
from planner_cli.store import cmd_plan_store


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a dataset and summarise it."""
    dataset = load_dataset(args.dataset)
    if dataset is None:
        return Exit.BAD_INPUT
    print("\n".join(summary_lines(dataset, COMMAND_LANG.get())))
    return Exit.OK


def cmd_plan(args: argparse.Namespace) -> int:
    """Solve a day, write plan.json (and the roster), print the summary."""
    from planner.cluster import ClusterAddressError, cluster_address

    started = time.perf_counter()
    try:
        address = cluster_address(args.cluster)
    except ClusterAddressError as exc:
        print(f"error: --cluster {exc}", file=sys.stderr)
        return Exit.BAD_INPUT
    if args.date is not None or args.db is not None:
        if args.dataset is not None or args.date is None:
            print(
                say(
                    "error: plan either a DATASET, or the store's orders with --date (and --db)",
                    "错误：要么排一个 DATASET，要么用 --date（和 --db）排工单库里的工单",
                ),
                file=sys.stderr,
            )
            return Exit.BAD_INPUT
        if args.previous is not None:
            print(
                say(
                    "error: --previous is for a DATASET; the store keeps the dates proposed before",
                    "错误：--previous 只用于 DATASET；工单库自己记着之前建议的日期",
                ),
                file=sys.stderr,
            )
            return Exit.BAD_INPUT
        return cmd_plan_store(args, address)
    if args.dataset is None:
        print(
            say(
                "error: give a DATASET to plan, or --date to plan the store's orders",
                "错误：请给出要排的 DATASET，或用 --date 排工单库里的工单",
            ),
            file=sys.stderr,
        )
        return Exit.BAD_INPUT
    dataset = load_dataset(args.dataset, horizon_days=args.days)
    if dataset is None:
        return Exit.BAD_INPUT
    if args.days is not None or args.previous is not None or dataset.spans_days:
        from planner.horizon.vehicles import with_days
        from planner_cli.horizon import plan_days, read_previous

        try:
            promised = read_previous(args.previous, dataset)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return Exit.BAD_INPUT
        try:
            plan_days(args, with_days(dataset, args.days), started, promised, address)
        except OSError as exc:
            if address is None:
                raise
            print(unreachable(address, exc), file=sys.stderr)
            return Exit.BAD_INPUT
        return Exit.OK
    lang = COMMAND_LANG.get()
    try:
        day, how = plan_day_on(address, dataset, args.time_limit, args.seed, lang)
    except OSError as exc:
        if address is None:
            raise
        print(unreachable(address, exc), file=sys.stderr)
        return Exit.BAD_INPUT
    except InvalidInput as exc:
        report_problems(exc.problems, f"{args.dataset} cannot be planned")
        return Exit.BAD_INPUT
    # The roster's headers turn Chinese only when asked (--lang zh): scripts read the English ones.
    write_plan_files(
        dataset, day.plan, Path(args.out), Path(args.roster) if args.roster else None, roster_lang=args.lang or "en"
    )
    print("\n".join(plan_summary(dataset, day.plan, lang)))
    if how:
        print(f"\n{how}")
    total = time.perf_counter() - started
    print("\n" + solved_line(day.seconds, day.stopped_by, total, args.out, lang))
    return Exit.OK


def cmd_check(args: argparse.Namespace) -> int:
    """Verify a plan against every hard rule, independently of the solver."""
    try:
        text = Path(args.plan).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(
            say(f"error: {args.plan}: cannot read the plan: {exc}", f"错误：无法读取方案 {args.plan}：{exc}"),
            file=sys.stderr,
        )
        return Exit.BAD_INPUT
    plan, problems = parse_json(text, Path(args.plan).name)
    if problems:
        first = problems[0]
        where = say(f", line {first.row}", f" 第 {first.row} 行") if first.row else ""
        print(
            say(
                f"error: {args.plan}{where}: cannot read the plan: {first.message}",
                f"错误：{args.plan}{where}：无法读取方案：{first.message_zh}",
            ),
            file=sys.stderr,
        )
        return Exit.BAD_INPUT
    dataset = load_dataset(args.dataset, "checked", horizon_days=planned_days(plan))
    if dataset is None:
        return Exit.BAD_INPUT
    violations = check(dataset, plan)
    print_violations(violations, sys.stdout)
    if violations:
        print(say(f"{len(violations)} violation(s) in {args.plan}", f"{args.plan} 违反 {len(violations)} 条规则"))
        return Exit.VIOLATION
    visits = len(dataset.visits)
    print(
        say(
            f"{args.plan}: every hard rule holds ({visits} visits)",
            f"{args.plan}：每条硬性规则都满足（{visits} 个上门）",
        )
    )
    return Exit.OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Generate a synthetic day of the same domain for trials and benchmarks (or, with --history, months into a store)."""
    from planner.demo import demand_ratio, generate_day
    from planner.io.write import write_dataset

    if args.history is not None:
        return cmd_demo_history(args)
    if args.out is None:
        print("error: --out is required (or give --history N --db URL)", file=sys.stderr)
        return Exit.BAD_INPUT
    try:
        if args.cities is not None:
            from planner_cli.cluster import national_day

            dataset = national_day(args)
        else:
            dataset = generate_day(args.visits, args.technicians, args.seed, regions=args.regions)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return Exit.BAD_INPUT
    folder = write_dataset(dataset, args.out, fmt=args.format)
    print(
        f"{len(dataset.visits)} visits, {len(dataset.technicians)} technicians written to {folder}; "
        f"work {demand_ratio(dataset):.2f} x the team's working time"
    )
    return Exit.OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the web app (dispatch board, route pages, API) on one dataset or a folder of days."""
    from planner.store import database_url, describe
    from web.server import UnsafeServing, is_loopback, serve
    from web.settings import SettingError
    from web.views.tiles import BadTileSetting, tile_source

    if args.source is not None and not Path(args.source).exists():
        print(f"error: {args.source} does not exist; expected a dataset or a folder of datasets", file=sys.stderr)
        return Exit.BAD_INPUT
    # The store: always without a SOURCE (--db, PLANNER_DATABASE_URL, else ./planner.db); beside one only when named.
    database = (
        database_url(args.db) if args.source is None or args.db or os.environ.get("PLANNER_DATABASE_URL") else None
    )
    try:
        tile_source(os.environ.get("PLANNER_MAP_TILES"), os.environ.get("PLANNER_MAP_TILES_COORDS"))
    except BadTileSetting as exc:
        print(f"error: {exc}", file=sys.stderr)
        return Exit.BAD_INPUT
    no_users = (
        "only the one-time link printed below logs in, on this computer"
        if is_loopback(args.host)
        else "nobody can log in; only API tokens work"
    )
    for name, meaning in (
        ("PLANNER_SECRET_KEY", "logins and technicians' links end when the server stops"),
        ("PLANNER_USERS", no_users),
    ):
        if not os.environ.get(name):
            print(f"warning: {name} is not set: {meaning}", file=sys.stderr)
    if not os.environ.get("PLANNER_PUBLIC_URL") and not is_loopback(args.host):
        print(
            "warning: PLANNER_PUBLIC_URL is not set: technicians' links take the host each request names",
            file=sys.stderr,
        )
    store = describe(database) if database is not None else "(none)"
    print(f"loading and planning {args.source} ..." if args.source else f"serving the store {store} ...", flush=True)
    try:
        serve(
            args.source,
            args.host,
            args.port,
            args.threads,
            ready=lambda url: print(f"serving on {url} (Ctrl+C stops)", flush=True),
            database=database,
            login_link=lambda link: print(
                f"log in once (this computer only, single use, 10 minutes): {link}", flush=True
            ),
            cluster=args.cluster,
        )
    except InvalidInput as exc:
        print_problems(exc.problems)
        print(f"{exc}: {args.source} cannot be served", file=sys.stderr)
        return Exit.BAD_INPUT
    except UnsafeServing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return Exit.BAD_INPUT
    except SettingError as exc:
        for message in exc.problems:
            print(f"error: {message}", file=sys.stderr)
        return Exit.BAD_INPUT
    except SQLAlchemyError as exc:
        print(f"error: cannot open the store {store}: {type(exc).__name__}", file=sys.stderr)
        return Exit.BAD_INPUT
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
            raise
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return Exit.BAD_INPUT
    except KeyboardInterrupt:
        pass
    return Exit.OK


def cmd_bench(args: argparse.Namespace) -> int:
    """``planner bench``: the bench's own command line, loaded only now (planner_bench is a development tool)."""
    from planner_bench.command import main as bench_main

    return bench_main(args.bench_args, prog="planner bench")


def parser() -> argparse.ArgumentParser:
    """The command line: validate, plan, check, demo, serve, replan, slots, import, export, scenarios, bench, build."""
    top = argparse.ArgumentParser(prog="planner", description="After-sales dispatch and roster planner.")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a dataset and summarise it")
    p.add_argument("dataset", help="the dataset: a folder of CSV files, an .xlsx workbook or a .json document")
    add_lang_argument(p, "the input's problems and the summary")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("plan", help="plan a day and write plan.json")
    p.add_argument("dataset", nargs="?", help="the dataset; leave out with --date to plan the store's orders")
    p.add_argument("--date", type=iso_date, help="plan the store's waiting orders for this day, YYYY-MM-DD")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--out", required=True, help="where to write plan.json")
    p.add_argument("--time-limit", type=seconds, default=None, help=TIME_LIMIT_HELP)
    p.add_argument("--seed", type=seed, default=0, help="seed of the search's start (default 0)")
    p.add_argument("--roster", help="also write the day's roster as CSV here")
    add_lang_argument(p, "the summary", " and, when given, of the roster's column headers")
    p.add_argument(
        "--days",
        type=int,
        choices=range(1, MAX_HORIZON_DAYS + 1),
        metavar="N",
        default=None,
        help="plan N days from the plan date (default: horizon_days of the settings, else 1)",
    )
    p.add_argument(
        "--previous",
        default=None,
        metavar="PLAN_JSON",
        help="an earlier plan.json whose proposed dates are kept unless there is a reason to move them",
    )
    add_plan_arguments(p)
    p.set_defaults(run=cmd_plan)

    p = sub.add_parser("check", help="verify a plan against every hard rule")
    p.add_argument("dataset", help="the dataset the plan was made for")
    p.add_argument("plan", help="the plan.json to verify")
    add_lang_argument(p, "the input's problems and the broken rules")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("demo", help="generate a synthetic day")
    p.add_argument("--visits", type=int, default=70, help="visits of the day (default 70)")
    p.add_argument("--technicians", type=int, default=12, help="technicians of the day (default 12)")
    p.add_argument(
        "--regions",
        type=int,
        default=None,
        help="districts the visits fall in (default: from the team size, at most 10)",
    )
    p.add_argument("--seed", type=seed, default=1, help="the same seed gives the same day (default 1)")
    p.add_argument(
        "--format",
        choices=("csv", "xlsx", "json"),
        default="csv",
        help="csv: a folder of CSV files; xlsx: one workbook; json: one document (default csv)",
    )
    p.add_argument("--out", help="folder to write the day into (required unless --history)")
    add_history_options(p)
    add_demo_arguments(p)
    p.set_defaults(run=cmd_demo)

    p = sub.add_parser("serve", help="serve the web app and API")
    p.add_argument(
        "source",
        nargs="?",
        help="a dataset, or a folder with one dataset folder per day; leave out to serve the days planned in the store",
    )
    p.add_argument("--db", help=DB_HELP + "; with a SOURCE, the store takes the visits' statuses")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 = any free port)")
    p.add_argument("--threads", type=int, default=4, help="worker threads (default 4)")
    add_serve_arguments(p)
    p.set_defaults(run=cmd_serve)

    add_day_parsers(sub)
    add_roster_parsers(sub)
    add_store_parsers(sub)
    add_history_parsers(sub)
    add_scenarios_parser(sub)
    # The bench is a development tool with its own parser: its options pass through untouched (no
    # prefix characters, so even --help is the bench's), and planner_bench is imported only when run.
    p = sub.add_parser(
        "bench",
        help="measure the solver against open peers (planner bench --help: its options)",
        add_help=False,
        prefix_chars="\0",
    )
    p.add_argument(
        "bench_args",
        nargs=argparse.REMAINDER,
        metavar="...",
        help="the bench's options, as planner bench --help lists them",
    )
    p.set_defaults(run=cmd_bench)
    add_build_parser(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``planner`` console script; input problems are printed in the command's language."""
    args = parser().parse_args(argv)
    said_in = COMMAND_LANG.set(cli_lang(getattr(args, "lang", None), os.environ))
    try:
        return args.run(args)
    finally:
        COMMAND_LANG.reset(said_in)


if __name__ == "__main__":
    sys.exit(main())
