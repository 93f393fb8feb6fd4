"""``planner import``, ``planner plan --date`` and ``planner export``: the commands of the work-order store.

The store is named by ``--db`` or ``PLANNER_DATABASE_URL``; without
either it is ``planner.db`` in the working folder. Bad input is reported
like ``validate`` does (file, row, column), with exit code 2 and nothing
written; a database that cannot be opened is exit code 2 as well.
"""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from planner.domain import Dataset
from planner.io.outputs import write_atomically, write_plan_files
from planner.io.statuses import STATUSES_ENCODING, STATUSES_FILE, statuses_csv
from planner.io.write import write_dataset
from planner.problem_words import say_zh
from planner.report import diff_lines, plan_summary
from planner.store import (
    Database,
    EmptyStore,
    dataset_for,
    describe,
    import_dataset,
    morning_of,
    open_database,
    save_plan,
)
from planner.store.clock import now_in
from planner.store.database import database_url
from planner_cli.args import DB_HELP, iso_date
from planner_cli.exits import Exit
from planner_cli.lang import COMMAND_LANG, add_lang_argument, say
from planner_cli.load import load_dataset, print_violations

#: How many ids a report lists before it says "and N more".
LISTED = 20


def _open(url: str | None) -> Database | None:
    """The store, or None after saying why it cannot be opened."""
    chosen = database_url(url)
    try:
        return open_database(chosen)
    except (SQLAlchemyError, OSError) as exc:
        why = f"{type(exc).__name__}: {exc.args[0] if exc.args else ''}"
        print(
            say(
                f"error: cannot open the store {describe(chosen)}: {why}",
                f"错误：无法打开工单库 {describe(chosen)}：{why}",
            ),
            file=sys.stderr,
        )
        return None


def _ids(ids: tuple[str, ...]) -> str:
    shown = say(", ", "、").join(ids[:LISTED])
    more = len(ids) - LISTED
    return shown + (say(f" and {more} more", f" 等（另有 {more} 个）") if more > 0 else "")


def _empty_store(exc: EmptyStore) -> str:
    """Why a command found nothing to work on, and what to run first."""
    return say(
        f"error: {exc}; run planner import DATASET first",
        "错误：工单库里还没有导入任何数据；请先运行 planner import DATASET",
    )


def user() -> str:
    """Who runs the command, for the records ("who made this plan")."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "planner"


def cmd_import(args: argparse.Namespace) -> int:
    """Bring a dataset into the store; print what was new, updated, unchanged and still open."""
    dataset = load_dataset(args.dataset)
    if dataset is None:
        return Exit.BAD_INPUT
    db = _open(args.db)
    if db is None:
        return Exit.BAD_INPUT
    try:
        report = import_dataset(db, dataset, now_in(dataset.settings.timezone), by=f"import:{user()}")
    finally:
        db.close()
    where = describe(database_url(args.db))
    new, updated, unchanged = len(report.new), len(report.updated), len(report.unchanged)
    still = len(report.still_open)
    print(say(f"imported {args.dataset} into {where}", f"已把 {args.dataset} 导入 {where}"))
    print(
        say(
            f"orders: {new} new, {updated} updated, {unchanged} unchanged; {still} still open from before",
            f"工单：新增 {new}，更新 {updated}，不变 {unchanged}；之前未完成的 {still}",
        )
    )
    print(
        say(
            f"technicians {report.technicians}, parts {report.parts}, regions {report.regions}",
            f"技师 {report.technicians}，配件 {report.parts}，区域 {report.regions}",
        )
    )
    for visit_id, fields in report.changed_fields.items():
        print(say(f"  updated {visit_id}: {', '.join(fields)}", f"  已更新 {visit_id}：{'、'.join(fields)}"))
    if report.still_open:
        print(
            say(
                f"  still open, not in this import: {_ids(report.still_open)}",
                f"  仍未完成、不在本次导入中：{_ids(report.still_open)}",
            )
        )
    date = dataset.settings.date
    print(
        say(
            f"next: planner plan --date {date} --out plan.json (or planner serve, which plans it)",
            f"下一步：planner plan --date {date} --out plan.json（或 planner serve，由它来排）",
        )
    )
    return Exit.OK


def cmd_plan_store(args: argparse.Namespace, address: str | None = None) -> int:
    """Plan the store's waiting orders for a date with the same planner, keep the plan as a new version.

    With a cluster ``address`` the day's (or horizon's) independent parts are planned there, as
    ``planner plan DATASET --cluster`` plans them."""
    started = time.perf_counter()
    db = _open(args.db)
    if db is None:
        return Exit.BAD_INPUT
    try:
        try:
            dataset = dataset_for(db, args.date)
        except EmptyStore as exc:
            print(_empty_store(exc), file=sys.stderr)
            return Exit.BAD_INPUT
        from planner_cli.cluster import plan_day_on, unreachable

        try:
            if (args.days or dataset.settings.horizon_days) > 1:
                return _plan_store_days(args, db, dataset, started, address)
            day, how = plan_day_on(address, dataset, args.time_limit, args.seed, COMMAND_LANG.get())
        except OSError as exc:
            if address is None:
                raise
            print(unreachable(address, exc), file=sys.stderr)
            return Exit.BAD_INPUT
        write_plan_files(dataset, day.plan, Path(args.out), Path(args.roster) if args.roster else None)
        version = save_plan(db, dataset, day.plan, by=user(), moment=now_in(dataset.settings.timezone))
    finally:
        db.close()
    print("\n".join(plan_summary(dataset, day.plan, COMMAND_LANG.get())))
    total = time.perf_counter() - started
    print(
        say(
            f"\nplan version {version.version} of {args.date} is live in the store; "
            f"total {total:.2f} s; plan written to {args.out}",
            f"\n{args.date} 的第 {version.version} 版方案已在库中生效；共 {total:.2f} 秒；方案已写入 {args.out}",
        )
    )
    if how:
        print(how)
    return Exit.OK


def _plan_store_days(
    args: argparse.Namespace, db: Database, dataset: Dataset, started: float, address: str | None = None
) -> int:
    """``plan --date D --days N`` (or the stored ``horizon_days``): the store's open orders over N days
    (their independent parts on the cluster at ``address`` if given), each date kept as its live plan; the dates the store's live plans gave are kept unless there is a reason."""
    from planner.horizon.vehicles import with_days
    from planner.store.horizon import promised_in_store, save_horizon
    from planner_cli.horizon import planned_horizon, write_and_tell

    horizon = with_days(dataset, args.days)
    waiting = {v.id for v in horizon.visits}
    promised = {
        visit: date
        for visit, date in promised_in_store(db, args.date, horizon.settings.horizon_days).items()
        if visit in waiting
    }
    planned, how = planned_horizon(args, horizon, promised, address)
    write_and_tell(args, horizon, planned, promised, started)
    versions = save_horizon(db, horizon, planned.plan, user(), now_in(dataset.settings.timezone))
    live = say(", ", "、").join(f"{v.date} v{v.version}" for v in versions)
    print(
        say(
            f"plan versions live in the store: {live} (the first day firm, later days proposals)",
            f"库中生效的方案版本：{live}（第一天为定稿，之后几天为建议）",
        )
    )
    if how:
        print(how)
    return Exit.OK


def cmd_replan_store(args: argparse.Namespace) -> int:
    """Re-plan the rest of a stored day from the statuses reported, and keep it as the date's new version."""
    from planner.check import check
    from planner.io.cells import CellError, parse_clock
    from planner.replan import replan, replan_params
    from planner.replan.field import events_from_statuses
    from planner.store import live_day, orders

    try:
        at = parse_clock(args.at)
    except CellError as exc:
        print(say(f"error: --at {args.at} {exc}", f"错误：--at {args.at} {say_zh(str(exc))}"), file=sys.stderr)
        return Exit.BAD_INPUT
    db = _open(args.db)
    if db is None:
        return Exit.BAD_INPUT
    try:
        day = live_day(db, args.date)
        if day is None:
            print(
                say(
                    f"error: the store has no plan for {args.date}; run planner plan --date {args.date} first",
                    f"错误：库中没有 {args.date} 的方案；请先运行 planner plan --date {args.date}",
                ),
                file=sys.stderr,
            )
            return Exit.BAD_INPUT
        routed = {stop.visit_id for route in day.plan.routes for stop in route.stops}
        statuses = {state.visit_id: state.status for state in orders(db, ids=routed, with_history=False)}
        events = events_from_statuses(day.plan, statuses, at)
        result = replan(day.dataset, day.plan, events, at, replan_params(day.dataset, args.time_limit, args.seed))
        violations = check(result.dataset, result.plan)
        print_violations(violations)
        if violations:
            return Exit.VIOLATION
        write_atomically({Path(args.out): result.plan.to_json()})
        version = save_plan(db, result.dataset, result.plan, by=user(), moment=now_in(day.dataset.settings.timezone))
    finally:
        db.close()
    not_home = say(", ", "、").join(events.not_home) or say("none", "无")
    cancelled = say(", ", "、").join(events.cancelled) or say("none", "无")
    print(
        say(
            f"Re-planned {args.date} at {args.at} from the field: not home {not_home}; off today {cancelled}",
            f"已按现场状态于 {args.at} 重排 {args.date}：客户不在家 {not_home}；今日取消 {cancelled}",
        )
    )
    print("\n".join(diff_lines(result.diff, result.dataset, COMMAND_LANG.get())))
    print(
        say(
            f"\nplan version {version.version} of {args.date} is live in the store; plan written to {args.out}",
            f"\n{args.date} 的第 {version.version} 版方案已在库中生效；方案已写入 {args.out}",
        )
    )
    return Exit.OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write a date as a dataset folder (the orders waiting that morning) plus that day's statuses.csv."""
    db = _open(args.db)
    if db is None:
        return Exit.BAD_INPUT
    try:
        try:
            dataset, changes = morning_of(db, args.date)
        except EmptyStore as exc:
            print(_empty_store(exc), file=sys.stderr)
            return Exit.BAD_INPUT
    finally:
        db.close()
    folder = write_dataset(dataset, args.out)
    records = [
        {
            "visit_id": c.visit_id,
            "from_status": c.from_status,
            "status": c.status,
            "at": c.at,
            "by": c.by,
            "note": c.note,
            "part_id": c.part_id,
            "client_id": c.client_id,
            "version": c.version,
        }
        for c in changes
    ]
    target = Path(folder) / STATUSES_FILE
    write_atomically({target: statuses_csv(records)}, {target: STATUSES_ENCODING})
    waiting = len(dataset.visits)
    print(
        say(
            f"{args.date}: {waiting} orders waiting that morning, {len(records)} status changes that day; "
            f"written to {folder}",
            f"{args.date}：当天早上待办工单 {waiting} 个，当天状态变更 {len(records)} 次；已写入 {folder}",
        )
    )
    return Exit.OK


def _serve(url: str, threads: int, token: str) -> tuple[subprocess.Popen[str], str] | None:
    """``planner serve --db url`` as its own process (so the clients do not share its interpreter), and its URL."""
    import planner

    env = {
        **os.environ,
        "PLANNER_API_TOKENS": token,
        "PLANNER_SECRET_KEY": secrets.token_urlsafe(32),
        "PYTHONPATH": str(Path(planner.__file__).resolve().parents[1]),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "planner_cli", "serve", "--db", url, "--port", "0", "--threads", str(threads)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if "serving on" in line:
            return process, line.split("serving on ", 1)[1].split()[0]
    process.wait()
    return None


def cmd_bench_status(args: argparse.Namespace) -> int:
    """Measure status updates per second and their latency with many clients on ``planner serve``."""
    import tempfile

    import psutil

    from planner.demo import generate_day
    from planner.plan import Plan
    from planner.store import StatusReport, change_status, orders
    from planner_bench.status_load import run_load

    with tempfile.TemporaryDirectory(prefix="planner-bench-status-") as scratch:
        url = args.db or f"sqlite:///{Path(scratch) / 'planner.db'}"
        db = _open(url)
        if db is None:
            return Exit.BAD_INPUT
        dataset = generate_day(args.orders, max(2, args.orders // 10), args.seed)
        moment = now_in(dataset.settings.timezone)
        import_dataset(db, dataset, moment, by="bench")
        for visit in dataset.visits:
            change_status(db, visit.id, StatusReport("planned", moment, "bench"))
        # A day without routes: the server then has a plan to serve and does not plan the orders itself.
        save_plan(
            db,
            dataset,
            Plan(date=dataset.settings.date, timezone=dataset.settings.timezone, routes=(), unassigned=()),
            by="bench",
            moment=moment,
        )
        ids = {visit.id for visit in dataset.visits}
        planned = [
            (state.visit_id, state.version)
            for state in orders(db, status="planned", with_history=False)
            if state.visit_id in ids
        ]
        db.close()
        token = secrets.token_urlsafe(16)
        served = _serve(url, args.threads, token)
        if served is None:
            print("error: planner serve did not start", file=sys.stderr)
            return Exit.BAD_INPUT
        process, address = served
        try:
            server = psutil.Process(process.pid)
            before = server.cpu_times()
            result = run_load(address, token, planned, args.clients, args.seconds)
            after = server.cpu_times()
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(
        f"store {describe(url) if args.db else 'sqlite (temporary file)'}; planner serve with {args.threads} "
        f"threads; {result.clients} clients for {result.seconds:.1f} s"
    )
    print(
        f"updates accepted {result.accepted} ({result.per_second:.0f}/s), refused {result.refused}, "
        f"failed {result.failed}"
    )
    print(
        f"latency ms: median {result.median_ms:.1f}, p95 {result.percentile(0.95):.1f}, "
        f"max {max(result.latencies_ms, default=0):.1f}"
    )
    # CPU time tells less of the machine's other load than the latency does: it is what one update costs.
    cpu = (after.user + after.system) - (before.user + before.system)
    answered = result.accepted + result.refused + result.failed
    print(f"server CPU per update: {cpu / answered * 1000 if answered else 0.0:.2f} ms")
    return Exit.OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``import``, ``bench-status`` and ``export`` (``plan --date`` is an option of ``plan``)."""
    p = sub.add_parser("import", help="bring a dataset's orders, technicians, parts and regions into the store")
    p.add_argument("dataset", help="the dataset: a folder of CSV files, an .xlsx workbook or a .json document")
    p.add_argument("--db", help=DB_HELP)
    add_lang_argument(p, "the input's problems and the report")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("bench-status", help="measure status updates per second with many clients on a served store")
    p.add_argument("--db", help="a store to fill and measure (default: a temporary SQLite file); use an empty one")
    p.add_argument("--clients", type=int, default=20, help="clients sending at once (default 20)")
    p.add_argument("--seconds", type=float, default=10.0, help="the run stops after this long (default 10)")
    p.add_argument("--orders", type=int, default=600, help="planned orders to move through the day (default 600)")
    p.add_argument("--threads", type=int, default=4, help="server worker threads (default 4)")
    p.add_argument("--seed", type=int, default=1, help="seed of the made-up day (default 1)")
    p.set_defaults(run=cmd_bench_status)

    p = sub.add_parser("export", help="write a day of the store as a dataset folder plus statuses.csv")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--date", type=iso_date, required=True, help="the day, YYYY-MM-DD")
    p.add_argument("--out", required=True, help="the folder to write")
    add_lang_argument(p, "the report")
    p.set_defaults(run=cmd_export)
