"""``planner replan`` and ``planner slots``: the commands of a day in progress.

Both read the morning's dataset and plan, print what a dispatcher needs
on the phone (what changed, whom to call; which slots to offer) with the
time they took, and write files only when everything succeeded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from planner.check import check
from planner.defaults import PLANNING_DEFAULTS
from planner.domain import Dataset, Visit, hhmm
from planner.horizon.days import read_day_plans
from planner.io.cells import CellError, parse_clock
from planner.io.outputs import write_atomically
from planner.io.visit_rows import read_visit_row
from planner.io.write import write_dataset
from planner.io.yaml_lines import load_yaml_with_lines
from planner.plan import Plan
from planner.problem_words import say_zh
from planner.problems import InvalidInput, Problem, errors
from planner.replan import PlanDiff, read_events, replan, replan_params
from planner.report import diff_lines, slot_lines
from planner.routing import SearchParams
from planner.slots import PREFERRED_DAYS, LaterDays, book, find_slots, read_preferred_days
from planner_cli.args import DB_HELP, iso_date, seconds, seed
from planner_cli.exits import Exit
from planner_cli.lang import COMMAND_LANG, add_lang_argument, say
from planner_cli.load import load_dataset, print_problems, print_violations
from planner_cli.store import cmd_replan_store


def _day(args: argparse.Namespace) -> tuple[Dataset, Plan, int | None, LaterDays] | None:
    """The morning's dataset and plan, the ``--at`` moment and the later days of a multi-day plan, or None
    after printing why they cannot be used (also when the output would overwrite the plan it starts from)."""
    if _overwrites_plan(args):
        return None
    loaded = load_dataset(args.dataset)
    if loaded is None:
        return None
    try:
        dataset, plan, later = read_day_plans(loaded, Path(args.plan).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(
            say(f"error: {args.plan}: cannot read the plan: {exc}", f"错误：无法读取方案 {args.plan}：{exc}"),
            file=sys.stderr,
        )
        return None
    if plan.date != dataset.settings.date:
        print(
            say(
                f"error: {args.plan} is for {plan.date}, the dataset for {dataset.settings.date}",
                f"错误：{args.plan} 是 {plan.date} 的方案，数据集却是 {dataset.settings.date} 的",
            ),
            file=sys.stderr,
        )
        return None
    try:
        at = parse_clock(args.at) if args.at is not None else None
    except CellError as exc:
        print(say(f"error: --at {args.at} {exc}", f"错误：--at {args.at} {say_zh(str(exc))}"), file=sys.stderr)
        return None
    return dataset, plan, at, later


def _overwrites_plan(args: argparse.Namespace) -> bool:
    """Whether ``--out`` names the ``--plan`` file (after printing why that is refused).

    The morning plan is what the new one is compared with and the only way
    back; writing over it would lose both.
    """
    if not args.out or not args.plan:
        return False
    out, plan = Path(args.out), Path(args.plan)
    same = out.resolve() == plan.resolve() or (out.exists() and plan.exists() and out.samefile(plan))
    if same:
        print(
            say(
                f"error: --out {args.out} is the --plan file; write the new plan to another file "
                "so the morning plan is kept",
                f"错误：--out {args.out} 就是 --plan 的文件；请把新方案写到另一个文件，保留早上的方案",
            ),
            file=sys.stderr,
        )
    return same


def _write_day(
    dataset: Dataset, plan: Plan, diff: PlanDiff, out: str, diff_out: str | None, dataset_out: str | None
) -> None:
    files = {Path(out): plan.to_json()}
    if diff_out:
        files[Path(diff_out)] = json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
    write_atomically(files)
    if dataset_out:
        write_dataset(dataset, dataset_out)


def cmd_replan(args: argparse.Namespace) -> int:
    """Re-plan the rest of the day around the events (or the store's statuses); print the diff."""
    if args.date is not None or args.db is not None:
        if args.dataset or args.plan or args.events or args.date is None or args.at is None:
            print(
                say(
                    "error: re-plan either DATASET --plan --events, or the store's day with --date and --at",
                    "错误：重排要么给 DATASET --plan --events，要么用 --date 和 --at 重排库里的当天",
                ),
                file=sys.stderr,
            )
            return Exit.BAD_INPUT
        return cmd_replan_store(args)
    if not (args.dataset and args.plan and args.events):
        print(
            say(
                "error: re-plan needs DATASET, --plan and --events (or --date and --at for the store's day)",
                "错误：重排需要 DATASET、--plan 和 --events（或用 --date 和 --at 重排库里的当天）",
            ),
            file=sys.stderr,
        )
        return Exit.BAD_INPUT
    started = time.perf_counter()
    day = _day(args)
    if day is None:
        return Exit.BAD_INPUT
    dataset, plan, at, _ = day
    events, moment, problems = read_events(args.events, dataset, plan, at)
    print_problems(problems)
    if events is None or moment is None:
        return Exit.BAD_INPUT
    try:
        result = replan(dataset, plan, events, moment, replan_params(dataset, args.time_limit, args.seed))
    except InvalidInput as exc:
        print_problems(exc.problems)
        return Exit.BAD_INPUT
    violations = check(result.dataset, result.plan)
    print_violations(violations)
    if violations:
        return Exit.VIOLATION
    _write_day(result.dataset, result.plan, result.diff, args.out, args.diff, args.dataset_out)
    served, total = result.plan.kpis["visits_served"], result.plan.kpis["visits_total"]
    print(
        say(
            f"Re-planned {plan.date} at {hhmm(moment)}: {served}/{total} visits served",
            f"已于 {hhmm(moment)} 重排 {plan.date}：已排 {served}/{total} 单",
        )
    )
    print("\n".join(diff_lines(result.diff, result.dataset, COMMAND_LANG.get())))
    total_s = time.perf_counter() - started
    print(
        say(
            f"\nre-plan time {result.seconds:.2f} s, total {total_s:.2f} s; plan written to {args.out}",
            f"\n重排 {result.seconds:.2f} 秒，共 {total_s:.2f} 秒；方案已写入 {args.out}",
        )
    )
    return Exit.OK


def read_request(path: str, dataset: Dataset, days: int) -> tuple[Visit | None, frozenset[dt.date], list[Problem]]:
    """The new request of ``planner slots`` and the customer's preferred days among the ``days`` offered.

    One mapping with the columns of visits.csv (id optional) and, optionally,
    ``preferred_days``; every problem of both is reported at once.
    """
    doc, problems = load_yaml_with_lines(Path(path))
    if doc is None:
        return None, frozenset(), problems
    if not isinstance(doc.data, dict):
        return None, frozenset(), [doc.problem("the request must be a mapping with the columns of visits.csv")]
    preferred, problems = read_preferred_days(doc, dataset.settings.date, days)
    row = {"id": "NEW"} | {key: value for key, value in doc.data.items() if key != PREFERRED_DAYS}
    visit, found = read_visit_row(dataset, row, doc.file, 1)
    problems += [replace(p, row=doc.line(p.column) or p.row) if p.file == doc.file and p.column else p for p in found]
    return (None if errors(problems) else visit), preferred, problems


def cmd_slots(args: argparse.Namespace) -> int:
    """Offer arrival windows for a new request; with --book, insert it into one."""
    started = time.perf_counter()
    day = _day(args)
    if day is None:
        return Exit.BAD_INPUT
    dataset, plan, at, later = day
    visit, preferred, problems = read_request(args.visit, dataset, args.days)
    print_problems(problems)
    if visit is None:
        return Exit.BAD_INPUT
    slots = find_slots(dataset, plan, visit, days=args.days, not_before=at or 0, preferred_days=preferred, later=later)
    seconds = time.perf_counter() - started
    print("\n".join(slot_lines(dataset, slots, COMMAND_LANG.get())))
    print(say(f"\nslots found in {seconds:.2f} s", f"\n{seconds:.2f} 秒找到时段"))
    if args.book is None:
        return Exit.OK
    if not 1 <= args.book <= len(slots) or not args.out:
        print(
            say("error: --book N needs a listed slot number and --out", "错误：--book N 需要列出的时段编号和 --out"),
            file=sys.stderr,
        )
        return Exit.BAD_INPUT
    booking = book(dataset, plan, visit, slots[args.book - 1], SearchParams(time_limit=args.time_limit), later)
    violations = check(booking.dataset, booking.plan)
    if violations or visit.id not in {s.visit_id for r in booking.plan.routes for s in r.stops}:
        print_violations(violations)
        print(
            say(
                f"error: {visit.id} could not be booked into slot {args.book}",
                f"错误：{visit.id} 无法约进第 {args.book} 个时段",
            ),
            file=sys.stderr,
        )
        return Exit.VIOLATION
    _write_day(booking.dataset, booking.plan, booking.diff, args.out, None, args.dataset_out)
    slot = slots[args.book - 1].label()
    print(
        say(
            f"booked {visit.id} into {slot}; plan written to {args.out}",
            f"已把 {visit.id} 约在 {slot}；方案已写入 {args.out}",
        )
    )
    print("\n".join(diff_lines(booking.diff, booking.dataset, COMMAND_LANG.get())))
    return Exit.OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``replan`` and ``slots`` on the main command line."""
    p = sub.add_parser("replan", help="re-plan the rest of the day around what happened")
    p.add_argument("dataset", nargs="?", help="the morning's dataset; leave out with --date to re-plan the store's day")
    p.add_argument("--plan", help="the plan made earlier (plan.json)")
    p.add_argument("--events", help="events.yaml: new, cancelled, late visits, absences, positions")
    p.add_argument("--date", type=iso_date, help="re-plan the store's live plan of this day from the statuses reported")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--at", help="the moment of re-planning, HH:MM (else the events file's at:)")
    p.add_argument("--out", required=True, help="where to write the new plan.json")
    p.add_argument("--diff", help="also write the changes as JSON here")
    p.add_argument("--dataset-out", help="also write the day as it now stands (to check the new plan against)")
    p.add_argument(
        "--time-limit",
        type=seconds,
        default=PLANNING_DEFAULTS.day_time_limit,
        help=f"search time cap in seconds (default {PLANNING_DEFAULTS.day_time_limit:g})",
    )
    p.add_argument("--seed", type=seed, default=0, help="seed of the search's start (default 0)")
    add_lang_argument(p, "the input's problems, the changes and the broken rules")
    p.set_defaults(run=cmd_replan)

    p = sub.add_parser("slots", help="offer appointment slots for a new request")
    p.add_argument("dataset", help="the day's dataset")
    p.add_argument("--plan", required=True, help="the day's plan (plan.json) the new visit must fit into")
    p.add_argument(
        "--visit", required=True, help="the request: YAML with the columns of visits.csv and optional preferred_days"
    )
    p.add_argument("--days", type=int, default=3, help="offer slots on this many days from the plan date (default 3)")
    p.add_argument("--at", help="offer today's slots from this time on, HH:MM")
    p.add_argument("--book", type=int, help="book slot number N into the plan")
    p.add_argument("--out", help="with --book: where to write the new plan.json")
    p.add_argument("--dataset-out", help="with --book: also write the day with the booking")
    p.add_argument(
        "--time-limit",
        type=seconds,
        default=PLANNING_DEFAULTS.day_time_limit,
        help=f"with --book: search time cap in seconds of the new plan (default {PLANNING_DEFAULTS.day_time_limit:g})",
    )
    add_lang_argument(p, "the input's problems, the slots and the changes")
    p.set_defaults(run=cmd_slots)
