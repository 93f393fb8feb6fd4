"""``planner roster`` and ``planner roster-check``: make and verify the weekly roster.

Exit codes: 0 the roster meets every demand; 1 demand cannot all be met
(every shortfall and contradiction is explained; the best roster that
breaks only demand is still written) or a checked roster breaks a hard
rule; 2 the input cannot be used (every problem printed, nothing written).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from planner.roster.check import check_roster
from planner.roster.csvfile import read_roster_csv, roster_csv
from planner.roster.explain import day_text, explain_conflict, explain_shortfalls
from planner.roster.files import write_all
from planner.roster.read import read_roster_folder
from planner.roster.solve import (
    WEIGHT_CONTRACT,
    WEIGHT_FAIRNESS,
    WEIGHT_REQUEST,
    WEIGHT_SHORTFALL,
    RosterParams,
    RosterResult,
    find_conflicts,
    solve_roster,
)
from planner.roster.week import Week
from planner_cli.exits import Exit
from planner_cli.lang import add_lang_argument, cli_lang, say
from planner_cli.load import print_violations, report_problems

WEIGHTS = {
    "shortfall": WEIGHT_SHORTFALL,
    "fairness": WEIGHT_FAIRNESS,
    "requests": WEIGHT_REQUEST,
    "contract": WEIGHT_CONTRACT,
}


def _load(args: argparse.Namespace) -> Week | None:
    week, problems = read_roster_folder(args.folder)
    if week is not None and getattr(args, "demand_from", None):
        from planner.roster.demand import demand_from_dataset

        week, found = demand_from_dataset(week, args.demand_from)
        problems += found
    if report_problems(problems, f"{args.folder} cannot be rostered"):
        return None
    return week


def figures(result: RosterResult, lang: str) -> list[tuple[str, str]]:
    """The search's numbers as (label, value) lines."""
    zh = lang == "zh"
    terms = ", ".join(f"{name} {value}×{WEIGHTS[name]}" for name, value in result.terms.items())
    status = (
        ("已证明最优" if zh else "proven optimal")
        if result.proven_optimal
        else ("未证明最优" if zh else "not proven optimal")
    )
    return [
        ("目标值" if zh else "objective", f"{result.objective} ({terms})"),
        ("下界" if zh else "bound", f"{result.bound:g}"),
        ("差距" if zh else "gap", f"{result.gap:.2%}"),
        ("状态" if zh else "status", status),
        ("用时" if zh else "time", f"{result.seconds:.2f} s"),
    ]


def cmd_roster(args: argparse.Namespace) -> int:
    """Make the roster, explain what cannot be met, write roster.csv (and the XLSX grid)."""
    week = _load(args)
    if week is None:
        return Exit.BAD_INPUT
    params = RosterParams(time_limit=args.time_limit, seed=args.seed)
    result = solve_roster(week, params)
    if result is None:
        print(
            say(
                f"no roster found within {args.time_limit:g} s; give more time (--time-limit)",
                f"{args.time_limit:g} 秒内没有找到排班；请加大 --time-limit",
            ),
            file=sys.stderr,
        )
        return Exit.VIOLATION
    violations = check_roster(week, result.shifts)
    lang = cli_lang(args.lang, os.environ)
    print_violations(violations, before="排班违反规则 " if lang == "zh" else "roster breaks ")
    reports = explain_shortfalls(week, result.shifts, result.shortfalls)
    files = {Path(args.out): roster_csv(week, result.shifts, lang).encode("utf-8-sig")}
    if args.xlsx:
        from planner.roster.xlsx import roster_xlsx

        files[Path(args.xlsx)] = roster_xlsx(week, result.shifts, lang, reports, figures(result, lang))
    write_all(files)
    for label, value in figures(result, lang):
        print(f"{label}: {value}")
    for report in reports:
        shift = week.rules.shift(report.shift).label()
        if lang == "zh":
            print(
                f"缺人 {day_text(report.date).zh}，{shift}，{report.skill}：需要 {report.needed}，"
                f"已排 {report.rostered}：{report.why.zh}"
            )
        else:
            print(
                f"shortfall {day_text(report.date).en}, {shift}, {report.skill}: needed {report.needed}, "
                f"rostered {report.rostered}: {report.why.en}"
            )
    if result.shortfalls:
        conflicts, complete = find_conflicts(week, RosterParams(time_limit=args.time_limit, seed=args.seed))
        for conflict in conflicts:
            print(explain_conflict(week, conflict).get(lang))
        if not complete:
            print(
                "not every contradiction could be named within the time limit"
                if lang != "zh"
                else "未能在时限内找出全部冲突"
            )
        elif not conflicts:
            print(
                "a roster meeting every demand exists but was not found in time; give more time (--time-limit)"
                if lang != "zh"
                else "存在满足全部需求的排班，但未在时限内找到；请加大 --time-limit"
            )
    written = ", ".join(str(path) for path in files)
    people, days = len(week.people), week.rules.days
    print(
        say(f"{people} technicians x {days} days written to {written}", f"{people} 名技师 × {days} 天已写入 {written}")
    )
    if violations:
        return Exit.VIOLATION
    return Exit.VIOLATION if result.shortfalls else Exit.OK


def cmd_roster_check(args: argparse.Namespace) -> int:
    """Verify a roster.csv against every hard rule of the folder's week."""
    week = _load(args)
    if week is None:
        return Exit.BAD_INPUT
    shifts, problems = read_roster_csv(Path(args.roster))
    if report_problems(problems, f"{args.roster} cannot be rostered") or shifts is None:
        return Exit.BAD_INPUT
    violations = check_roster(week, shifts)
    print_violations(violations, sys.stdout)
    if violations:
        print(say(f"{len(violations)} violation(s) in {args.roster}", f"{args.roster} 违反 {len(violations)} 条规则"))
        return Exit.VIOLATION
    people, days = len(week.people), week.rules.days
    print(
        say(
            f"{args.roster}: every hard rule holds ({people} technicians x {days} days)",
            f"{args.roster}：每条硬性规则都满足（{people} 名技师 × {days} 天）",
        )
    )
    return Exit.OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``roster`` and ``roster-check``."""
    p = sub.add_parser("roster", help="make the weekly shift roster (排班) of a roster folder")
    p.add_argument("folder", help="folder with roster_rules.yaml, technicians.csv, leave.csv, demand.csv, ...")
    p.add_argument("--out", required=True, help="where to write roster.csv")
    p.add_argument("--xlsx", help="also write the roster grid as an Excel workbook here")
    add_lang_argument(p, "headers and reasons")
    p.add_argument("--time-limit", type=float, default=10.0, help="search budget in seconds (default 10)")
    p.add_argument("--seed", type=int, default=0, help="seed of the search (default 0)")
    p.add_argument("--demand-from", help="estimate demand from the visits due in this dataset; demand.csv wins")
    p.set_defaults(run=cmd_roster)

    p = sub.add_parser("roster-check", help="verify a roster.csv against every hard rule")
    p.add_argument("folder", help="the roster folder the roster was made for")
    p.add_argument("roster", help="the roster.csv to check")
    add_lang_argument(p, "the input's problems and the broken rules")
    p.set_defaults(run=cmd_roster_check)
