"""The bench's outputs: one CSV per suite with every run, and a markdown summary.

The summary gives per solver the means a reader asks for first, ours
against each peer as wins and losses, and every run in a table. Means of
distance are taken only over instances every solver answered validly,
so a solver is never flattered by the instances it failed.
"""

from __future__ import annotations

import csv
import io
import os
import platform
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from planner_bench.metrics import COLUMNS, PRIORITIES

OURS = "ours"
#: Relative difference of distance below which two answers tie.
TIE_TOLERANCE = 1e-4


def to_csv(rows: Iterable[dict[str, Any]]) -> str:
    """Every run as CSV text with the columns of ``metrics.COLUMNS``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def valid(row: dict[str, Any]) -> bool:
    """An answer that exists and breaks no rule."""
    return row["status"] == "ok" and row["verdict"] == "ok"


def _served(row: dict[str, Any], priority: int) -> int:
    text = str(row[f"served_p{priority}"])
    return int(text.split("/")[0]) if text else 0


def by_priorities(row: dict[str, Any]) -> tuple:
    """Rank of a valid answer by the planner's own order: priority 1 served, then 2, 3, 4."""
    return tuple(_served(row, p) for p in PRIORITIES)


def by_weighted_service(row: dict[str, Any]) -> tuple:
    """Rank of a valid answer by priority-weighted service (weights 8/4/2/1)."""
    return (float(row["priority_weighted_service"] or 0),)


def outcome(ours: dict[str, Any], peer: dict[str, Any], rank: Callable[[dict[str, Any]], tuple]) -> str:
    """``win``, ``loss`` or ``tie`` for ours when both plans are valid; otherwise why they cannot be ranked.

    Between valid plans the better ``rank`` wins, then the shorter
    distance. A plan that breaks a rule is not ranked against a valid one
    (an empty plan is valid but useless, a plan short of one spare part is
    invalid but nearly right): such pairs are counted as ``peer invalid``
    or ``ours invalid``, and runs that gave no answer as ``n/a``.
    """
    if ours["status"] != "ok" or peer["status"] != "ok":
        return "n/a"
    if not valid(ours):
        return "ours invalid"
    if not valid(peer):
        return "peer invalid"
    if rank(ours) != rank(peer):
        return "win" if rank(ours) > rank(peer) else "loss"
    a, b = float(ours["distance"]), float(peer["distance"])
    if abs(a - b) <= TIE_TOLERANCE * max(abs(a), abs(b), 1e-9):
        return "tie"
    return "win" if a < b else "loss"


def _mean(values: Sequence[float], digits: int = 3) -> str:
    return f"{statistics.fmean(values):.{digits}f}" if values else "-"


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def solver_lines(rows: list[dict[str, Any]]) -> list[str]:
    """Per solver: runs, valid answers, served, means (distance over instances valid for all that ran)."""
    solvers = list(dict.fromkeys(r["solver"] for r in rows))
    by_instance: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        by_instance[r["instance"]][r["solver"]] = r
    answering = [s for s in solvers if any(r["solver"] == s and r["status"] == "ok" for r in rows)]
    common = [i for i, runs in by_instance.items() if all(s in runs and valid(runs[s]) for s in answering)]
    table: list[tuple] = []
    for solver in solvers:
        mine = [r for r in rows if r["solver"] == solver]
        answered = [r for r in mine if r["status"] == "ok"]
        if not answered:
            table.append((solver, "", len(mine), "-", "-", "-", "-", "-", "-", "-", mine[0]["status"]))
            continue
        gaps = [float(r["gap_pct"]) for r in answered if r["gap_pct"] != ""]
        table.append(
            (
                solver,
                answered[0]["version"],
                len(mine),
                sum(valid(r) for r in mine),
                f"{sum(int(r['served']) for r in answered)}/{sum(int(r['visits']) for r in answered)}",
                _mean([float(r["priority_weighted_service"]) for r in answered], 4),
                _mean([float(by_instance[i][solver]["distance"]) for i in common], 2),
                f"{_mean(gaps, 2)} ({len(gaps)})" if gaps else "-",
                _mean([float(r["wall_s"]) for r in answered], 2),
                f"{max(float(r['peak_mb']) for r in answered if r['peak_mb'] != ''):.0f}",
                "; ".join(sorted({r["status"] for r in mine} - {"ok"})) or "ok",
            )
        )
    header = (
        "solver",
        "version",
        "runs",
        "valid",
        "served",
        "mean pws",
        f"mean distance ({len(common)} common)",
        "mean gap % (n)",
        "mean wall s",
        "max peak MB",
        "status",
    )
    return _table(header, table)


OUTCOMES = ("win", "loss", "tie", "peer invalid", "ours invalid", "n/a")


def versus_lines(rows: list[dict[str, Any]], rank: Callable[[dict[str, Any]], tuple]) -> list[str]:
    """Ours against each peer: wins, losses and ties between valid plans, and the pairs that cannot be ranked."""
    ours = {r["instance"]: r for r in rows if r["solver"] == OURS}
    table = []
    for peer in dict.fromkeys(r["solver"] for r in rows if r["solver"] != OURS):
        counts = dict.fromkeys(OUTCOMES, 0)
        for r in rows:
            if r["solver"] == peer and r["instance"] in ours:
                counts[outcome(ours[r["instance"]], r, rank)] += 1
        table.append((peer, *counts.values()))
    return _table(
        ("peer", "ours wins", "ours loses", "ties", "peer broke a rule", "ours broke a rule", "no answer"), table
    )


def run_lines(rows: list[dict[str, Any]], suite: str) -> list[str]:
    """Every run, one line each; the columns that matter for the suite's objective."""
    header: tuple[str, ...]
    cells: list[tuple]
    if suite == "aftersales":
        header = (
            "instance",
            "solver",
            "P1",
            "P2",
            "P3",
            "P4",
            "pws",
            "P1 start (min)",
            "km",
            "wall s",
            "peak MB",
            "verdict",
        )
        cells = [
            (
                r["instance"],
                r["solver"],
                r["served_p1"],
                r["served_p2"],
                r["served_p3"],
                r["served_p4"],
                r["priority_weighted_service"],
                r["p1_start_min"],
                r["distance"],
                r["wall_s"],
                r["peak_mb"],
                r["verdict"] or r["status"],
            )
            for r in rows
        ]
    elif suite == "trsp":
        header = (
            "instance",
            "solver",
            "served",
            "distance",
            "duration",
            "best known duration (full TRSP)",
            "vehicles",
            "wall s",
            "peak MB",
            "verdict",
        )
        cells = [
            (
                r["instance"],
                r["solver"],
                r["served"],
                r["distance"],
                r["duration"],
                r["best_known"],
                r["vehicles_used"],
                r["wall_s"],
                r["peak_mb"],
                r["verdict"] or r["status"],
            )
            for r in rows
        ]
    else:
        header = (
            "instance",
            "solver",
            "served",
            "distance",
            "best known",
            "gap %",
            "vehicles",
            "wall s",
            "peak MB",
            "verdict",
            "note",
        )
        cells = [
            (
                r["instance"],
                r["solver"],
                r["served"],
                r["distance"],
                r["best_known"],
                r["gap_pct"],
                r["vehicles_used"],
                r["wall_s"],
                r["peak_mb"],
                r["verdict"] or r["status"],
                r["note"],
            )
            for r in rows
        ]
    return _table(header, cells)


def summary(suite: str, reference: str, rows: list[dict[str, Any]]) -> str:
    """The markdown summary of one suite's runs, one section per time limit."""
    day = suite == "aftersales"
    lines = [
        f"# Bench: {suite}",
        "",
        f"Run {date.today().isoformat()} on {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Reference: {reference}.",
        "Valid = the checker found no broken rule; wins and losses are counted between valid plans only. "
        "Means of distance are over the instances every solver that ran answered validly. "
        "Wall time is from the loaded instance to the answer; peak memory is the solver process's "
        "resident high-water mark (interpreter and libraries included).",
    ]
    for limit in dict.fromkeys(r["time_limit_s"] for r in rows):
        chosen = [r for r in rows if r["time_limit_s"] == limit]
        lines += ["", f"## Time limit {limit:g} s, threads {chosen[0]['threads']}", "", *solver_lines(chosen), ""]
        if day:
            lines += [
                "Ours against each peer, by served priority 1, then 2, 3, 4, then travel:",
                "",
                *versus_lines(chosen, by_priorities),
                "",
                "Ours against each peer, by priority-weighted service, then travel:",
                "",
                *versus_lines(chosen, by_weighted_service),
                "",
            ]
        else:
            lines += [
                "Ours against each peer, by customers served, then distance:",
                "",
                *versus_lines(chosen, by_priorities),
                "",
            ]
        lines += ["### Every run", "", *run_lines(chosen, suite)]
    return "\n".join(lines) + "\n"
