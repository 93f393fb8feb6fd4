"""``planner import``, ``planner plan --date`` and ``planner export``: the commands of the work-order store.

The store is named by ``--db`` or ``PLANNER_DATABASE_URL``; without
either it is ``planner.db`` in the working folder. Bad input is reported
like ``validate`` does (file, row, column), with exit code 2 and nothing
written; a database that cannot be opened is exit code 2 as well.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import time
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from planner.io.outputs import write_atomically, write_plan_files
from planner.io.statuses import STATUSES_ENCODING, STATUSES_FILE, statuses_csv
from planner.io.write import write_dataset
from planner.report import plan_summary
from planner.routing import SearchParams
from planner.store import (Database, EmptyStore, dataset_for, describe, import_dataset, morning_of, open_database,
                           save_plan)
from planner.store.clock import now_in
from planner.store.database import database_url

EXIT_OK, EXIT_BAD_INPUT = 0, 2
#: How many ids a report lists before it says "and N more".
LISTED = 20


def _open(url: str | None) -> Database | None:
    """The store, or None after saying why it cannot be opened."""
    chosen = database_url(url)
    try:
        return open_database(chosen)
    except (SQLAlchemyError, OSError) as exc:
        print(f"error: cannot open the store {describe(chosen)}: {type(exc).__name__}: {exc.args[0] if exc.args else ''}",
              file=sys.stderr)
        return None


def _ids(ids: tuple[str, ...]) -> str:
    shown = ", ".join(ids[:LISTED])
    return shown + (f" and {len(ids) - LISTED} more" if len(ids) > LISTED else "")


def user() -> str:
    """Who runs the command, for the records ("who made this plan")."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "planner"


def cmd_import(args: argparse.Namespace) -> int:
    """Bring a dataset into the store; print what was new, updated, unchanged and still open."""
    from planner.cli import _load

    dataset = _load(args.dataset)
    if dataset is None:
        return EXIT_BAD_INPUT
    db = _open(args.db)
    if db is None:
        return EXIT_BAD_INPUT
    try:
        report = import_dataset(db, dataset, now_in(dataset.settings.timezone), by=f"import:{user()}")
    finally:
        db.close()
    print(f"imported {args.dataset} into {describe(database_url(args.db))}")
    print(f"orders: {len(report.new)} new, {len(report.updated)} updated, {len(report.unchanged)} unchanged; "
          f"{len(report.still_open)} still open from before")
    print(f"technicians {report.technicians}, parts {report.parts}, regions {report.regions}")
    for visit_id, fields in report.changed_fields.items():
        print(f"  updated {visit_id}: {', '.join(fields)}")
    if report.still_open:
        print(f"  still open, not in this import: {_ids(report.still_open)}")
    return EXIT_OK


def cmd_plan_store(args: argparse.Namespace) -> int:
    """Plan the store's waiting orders for a date with the same planner, keep the plan as a new version."""
    from planner.planning import default_time_limit, plan_day

    started = time.perf_counter()
    db = _open(args.db)
    if db is None:
        return EXIT_BAD_INPUT
    try:
        try:
            dataset = dataset_for(db, args.date)
        except EmptyStore as exc:
            print(f"error: {exc}; run planner import DATASET first", file=sys.stderr)
            return EXIT_BAD_INPUT
        day = plan_day(dataset, SearchParams(time_limit=default_time_limit(dataset, args.time_limit), seed=args.seed))
        write_plan_files(dataset, day.plan, Path(args.out), Path(args.roster) if args.roster else None)
        version = save_plan(db, dataset, day.plan, by=user(), moment=now_in(dataset.settings.timezone))
    finally:
        db.close()
    print("\n".join(plan_summary(dataset, day.plan)))
    print(f"\nplan version {version.version} of {args.date} is live in the store; "
          f"total {time.perf_counter() - started:.2f} s; plan written to {args.out}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write a date as a dataset folder (the orders waiting that morning) plus that day's statuses.csv."""
    db = _open(args.db)
    if db is None:
        return EXIT_BAD_INPUT
    try:
        try:
            dataset, changes = morning_of(db, args.date)
        except EmptyStore as exc:
            print(f"error: {exc}; run planner import DATASET first", file=sys.stderr)
            return EXIT_BAD_INPUT
    finally:
        db.close()
    folder = write_dataset(dataset, args.out)
    records = [{"visit_id": c.visit_id, "from_status": c.from_status, "status": c.status, "at": c.at, "by": c.by,
                "note": c.note, "part_id": c.part_id, "client_id": c.client_id, "version": c.version} for c in changes]
    target = Path(folder) / STATUSES_FILE
    write_atomically({target: statuses_csv(records)}, {target: STATUSES_ENCODING})
    print(f"{args.date}: {len(dataset.visits)} orders waiting that morning, {len(records)} status changes that day; "
          f"written to {folder}")
    return EXIT_OK


def iso_date(text: str) -> dt.date:
    """``--date`` as a calendar date ``YYYY-MM-DD``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} is not a date written YYYY-MM-DD") from None


DB_HELP = "the store, a SQLAlchemy URL (default: PLANNER_DATABASE_URL, else sqlite file planner.db here)"


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``import`` and ``export`` (``plan --date`` is an option of ``plan``)."""
    p = sub.add_parser("import", help="bring a dataset's orders, technicians, parts and regions into the store")
    p.add_argument("dataset")
    p.add_argument("--db", help=DB_HELP)
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("export", help="write a day of the store as a dataset folder plus statuses.csv")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--date", type=iso_date, required=True, help="the day, YYYY-MM-DD")
    p.add_argument("--out", required=True, help="the folder to write")
    p.set_defaults(run=cmd_export)
