"""Writing the plan's files: ``plan.json`` and the day's roster.

All files of one command are written next to their targets under
temporary names and renamed into place only when every one of them was
written, so an error never leaves a half-written plan or a plan without
its roster.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from pathlib import Path

from planner.domain import Dataset, hhmm
from planner.io.scratch import remove_stale_scratch, write_scratch
from planner.io.spreadsheet import excel_text
from planner.kpis import technician_rows
from planner.plan import Plan

ROSTER_COLUMNS = (
    "date",
    "technician_id",
    "name",
    "role",
    "shift_start",
    "shift_end",
    "depart",
    "return",
    "break_start",
    "break_end",
    "visits",
    "visit_ids",
    "travel_km",
    "travel_min",
    "working_min",
    "utilisation",
)
#: The same columns as a Chinese office reads them (``planner plan --lang zh``); the English ones stay the
#: default because scripts and the static site's roster read them.
ROSTER_COLUMNS_ZH = (
    "日期",
    "工号",
    "姓名",
    "岗位",
    "班次开始",
    "班次结束",
    "出发",
    "返回",
    "午休开始",
    "午休结束",
    "单数",
    "工单号",
    "里程（公里）",
    "车程（分钟）",
    "工时（分钟）",
    "工时占比",
)


def _clock(value) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def roster_csv(dataset: Dataset, plan: Plan, lang: str = "en") -> str:
    """The day's roster, one row per technician (no customer data): what a group leader pins up.

    ``lang`` ``zh`` gives Chinese column headers; the rows are the same. Opened
    in Excel, so no cell may run as a formula (``planner.io.spreadsheet``).
    """
    rows = {r["technician_id"]: r for r in technician_rows(dataset, plan.routes)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROSTER_COLUMNS_ZH if lang == "zh" else ROSTER_COLUMNS)
    for t in dataset.technicians:
        route, row = plan.route_of(t.id), rows[t.id]
        writer.writerow(
            [
                excel_text(cell)
                for cell in (
                    plan.date.isoformat(),
                    t.id,
                    t.name,
                    t.role,
                    hhmm(t.shift_start),
                    hhmm(t.shift_end),
                    _clock(route.depart if route else None),
                    _clock(route.return_ if route else None),
                    _clock(route.break_.start if route and route.break_ else None),
                    _clock(route.break_.end if route and route.break_ else None),
                    row["visits"],
                    ";".join(s.visit_id for s in route.stops) if route else "",
                    row["travel_km"],
                    row["travel_min"],
                    row["working_min"],
                    row["utilisation"],
                )
            ]
        )
    return out.getvalue()


def write_atomically(files: Mapping[Path, str], encoding: Mapping[Path, str] | None = None) -> None:
    """Write every file or none: scratch siblings first, then renames.

    Scratch files that a killed earlier write left beside the targets are
    removed first (``planner.io.scratch``).
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, text in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_scratch(target)
            data = text.encode((encoding or {}).get(target, "utf-8"))
            staged.append((target, write_scratch(target, data)))
    except BaseException:
        for _, scratch in staged:
            scratch.unlink(missing_ok=True)
        raise
    for target, scratch in staged:
        os.replace(scratch, target)


def write_plan_files(
    dataset: Dataset, plan: Plan, plan_path: Path, roster_path: Path | None = None, roster_lang: str = "en"
) -> None:
    """Write ``plan.json`` and, when asked, the roster CSV (UTF-8 with BOM so Excel reads Chinese)."""
    files = {plan_path: plan.to_json()}
    encodings = {}
    if roster_path is not None:
        files[roster_path] = roster_csv(dataset, plan, roster_lang)
        encodings[roster_path] = "utf-8-sig"
    write_atomically(files, encodings)
