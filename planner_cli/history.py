"""``planner kpis``, ``demo --history``, ``calendar`` and ``bench-kpis``: the department's follow-up over time.

The figures are computed by ``planner.history`` from the records the
store keeps (``planner.store.records``), so the command line, the pages
and the monthly report can never disagree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from planner.history.kpis import BY_KINDS
from planner.history.periods import PERIOD_KINDS, DateRangeError, check_range
from planner.history.report import FORMATS, render
from planner_cli.args import DB_HELP, iso_date
from planner_cli.exits import Exit
from planner_cli.load import print_problems


def _open(url: str | None):
    from planner.store import describe, open_database
    from planner.store.database import database_url

    try:
        return open_database(url)
    except SQLAlchemyError as exc:
        print(f"error: cannot open the store {describe(database_url(url))}: {type(exc).__name__}", file=sys.stderr)
        return None


def cmd_kpis(args: argparse.Namespace) -> int:
    """Print every KPI of the contract for each period and department, group or technician."""
    from planner.store.calendar import stored_calendar
    from planner.store.kpi_query import kpi_rows
    from planner.store.records import kpi_names

    try:
        check_range(args.start, args.end)
    except DateRangeError as exc:
        print(f"error: --from/--to: {exc}", file=sys.stderr)
        return Exit.BAD_INPUT
    db = _open(args.db)
    if db is None:
        return Exit.BAD_INPUT
    try:
        rows = kpi_rows(db, args.start, args.end, by=args.by, period=args.period)
        names = kpi_names(db, args.by, english=args.lang == "en")
        with db.transaction() as session:
            guessed = stored_calendar(session).guessed_years(days_between(args.start, args.end))
    finally:
        db.close()
    sys.stdout.write(render(rows, args.format, names, english=args.lang == "en"))
    for year in guessed:
        print(_GUESSED[args.lang].format(year=year), file=sys.stderr)
    return Exit.OK


#: Said when a year's working days were counted Monday-Friday: its holidays and 调休 are not known yet.
_GUESSED = {
    "zh": "注意：{year} 年的法定节假日和调休尚未知晓，工作日按周一至周五计算；"
    "国务院通知发布后用 planner calendar 文件 录入",
    "en": "warning: the holidays and 调休 of {year} are not known yet, so its working days are counted Monday-Friday; "
    "keep the State Council's notice with planner calendar FILE",
}


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every date from ``start`` to ``end``, both included."""
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def cmd_demo_history(args: argparse.Namespace) -> int:
    """Fill an empty store with ``--history`` days of a department planned by the real planner, day by day."""
    from planner.history.simulate import simulate_history
    from planner.store import describe
    from planner.store.database import database_url
    from planner.store.history_writer import StoreNotEmpty, require_empty, write_history

    if args.history < 1:
        print(f"error: --history {args.history}: give 1 or more days", file=sys.stderr)
        return Exit.BAD_INPUT
    start = args.start or dt.date.today() - dt.timedelta(days=args.history)
    db = _open(args.db)
    if db is None:
        return Exit.BAD_INPUT
    try:
        require_empty(db)
        print(f"planning {args.history} days from {start} with {args.technicians} technicians ...", flush=True)
        history = simulate_history(
            args.history, start=start, technicians=args.technicians, seed=args.seed, time_limit=args.time_limit
        )
        counts = write_history(db, history)
    except StoreNotEmpty as exc:
        print(f"error: {exc}", file=sys.stderr)
        return Exit.BAD_INPUT
    finally:
        db.close()
    print(
        ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())
        + f" written to {describe(database_url(args.db))}"
    )
    return Exit.OK


def cmd_calendar(args: argparse.Namespace) -> int:
    """Keep a ``date,kind`` file's working days and rest days in the store, for every callback due date."""
    from planner.store.calendar import save_calendar
    from planner.workdays import load_calendar

    calendar, problems = load_calendar(Path(args.file))
    print_problems(problems)
    if calendar is None:
        print(f"{args.file}: the calendar cannot be used; nothing was written", file=sys.stderr)
        return Exit.BAD_INPUT
    db = _open(args.db)
    if db is None:
        return Exit.BAD_INPUT
    try:
        kept = save_calendar(db, calendar)
    finally:
        db.close()
    print(f"{kept} date(s) of {args.file} kept in the store; callbacks of orders done from now on count them")
    return Exit.OK


def add_history_options(demo: argparse.ArgumentParser) -> None:
    """``demo --history N --db URL``: months of a department into a store instead of one day into a folder."""
    demo.add_argument(
        "--history",
        type=int,
        metavar="N",
        help="write N days of a department, planned day by day, into the store --db instead",
    )
    demo.add_argument("--db", help=DB_HELP)
    demo.add_argument("--start", type=iso_date, help="with --history: the first day (default: N days ago)")
    demo.add_argument(
        "--time-limit", type=float, default=2.0, help="with --history: seconds of search per planned day (default 2)"
    )


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``kpis``, ``calendar`` and ``bench-kpis``."""
    p = sub.add_parser("kpis", help="the department's KPIs over a date range, from the store")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--from", dest="start", type=iso_date, required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=iso_date, required=True, help="last day, YYYY-MM-DD")
    p.add_argument(
        "--by",
        choices=BY_KINDS,
        default="department",
        help="one row per department, group or technician (default department)",
    )
    p.add_argument(
        "--period",
        choices=PERIOD_KINDS,
        default="day",
        help="one row per day, week or month of the range (default day)",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="a table to read, or csv or json for other programs (default table)",
    )
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="headings of the table (default zh)")
    p.set_defaults(run=cmd_kpis)

    p = sub.add_parser("calendar", help="keep a date,kind file of working days and rest days (调休) in the store")
    p.add_argument("file", help="CSV with columns date,kind (kind: workday/上班 or holiday/放假)")
    p.add_argument("--db", help=DB_HELP)
    p.set_defaults(run=cmd_calendar)

    p = sub.add_parser("bench-kpis", help="print how long the KPI queries take over a large made-up history")
    p.add_argument(
        "--db", help="an EMPTY store to fill (default: a temporary SQLite file); e.g. a PostgreSQL URL to measure there"
    )
    p.add_argument("--days", type=int, default=90, help="days of history (default 90)")
    p.add_argument("--orders", type=int, default=2000, help="orders a day (default 2000)")
    p.add_argument("--seed", type=int, default=1, help="seed of the made-up history (default 1)")
    p.set_defaults(run=cmd_bench_kpis)


def cmd_bench_kpis(args: argparse.Namespace) -> int:
    """Fill a store with days x orders a day of made-up history and print how long each KPI query takes."""
    from planner.store import describe
    from planner.store.kpi_bench import fill, time_queries

    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        db = _open(url)
        if db is None:
            return Exit.BAD_INPUT
        try:
            start = dt.date(2026, 1, 5)
            began = time.perf_counter()
            changes = fill(db, start, args.days, args.orders, seed=args.seed)
            print(
                f"{describe(url)} ({db.dialect}): {args.days} days x {args.orders} orders, {changes} status changes "
                f"written in {time.perf_counter() - began:.1f} s",
                flush=True,
            )
            end = start + dt.timedelta(days=args.days - 1)
            print(f"KPI queries over {start} .. {end} (wall time; CPU time of this process)", flush=True)
            for by, period, seconds, cpu, rows in time_queries(db, start, end):
                print(
                    f"kpis --by {by:<10} --period {period:<5}: {seconds:6.2f} s (CPU {cpu:5.2f} s) {rows:>6} rows",
                    flush=True,
                )
        finally:
            db.close()
    return Exit.OK
