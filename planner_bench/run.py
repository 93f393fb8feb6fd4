"""Run a suite: every chosen instance, every time limit, ours and each peer, then the report.

Runs go one after another, never side by side, so that no solver's
timing suffers from another's. The CSV and the summary are rewritten
after each instance, so a long run that is stopped still leaves what it
measured.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.domain import Dataset
from planner_bench.budget import Budget
from planner_bench.classic import ClassicInstance
from planner_bench.metrics import base_row, classic_row, day_row
from planner_bench.peers import PEERS
from planner_bench.report import OURS, summary, to_csv
from planner_bench.runner import Answer, Task, run_isolated
from planner_bench.suites import SUITES, Suite, load


@dataclass(frozen=True)
class BenchConfig:
    """What to run: suite, budgets, instances (names, or the first ``limit``), peers, where to write."""

    suite: str
    time_limits: tuple[float, ...]
    peers: tuple[str, ...]
    data: Path
    out: Path
    threads: int = 1
    seed: int = 0
    instances: tuple[str, ...] = ()
    limit: int | None = None


@dataclass(frozen=True)
class BenchResult:
    """Every row, and the files written."""

    rows: list[dict[str, Any]]
    csv_path: Path
    summary_path: Path


def choose_instances(suite: Suite, data: Path, names: Sequence[str], limit: int | None) -> list[str]:
    """The named instances (in the order given) or the first ``limit``; unknown names are an error."""
    known = suite.instances(data)
    if not known:
        raise ValueError(f"no {suite.name} instances under {data}")
    if names:
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(f"unknown {suite.name} instance(s): {', '.join(unknown)}; e.g. {', '.join(known[:3])}")
        return list(names)
    return known[:limit] if limit else known


def solvers_for(suite: Suite, peers: Sequence[str]) -> list[str]:
    """Ours, then the asked-for peers that can express the suite's rules, in the suite's order."""
    unknown = [p for p in peers if p not in PEERS]
    if unknown:
        raise ValueError(f"unknown peer(s): {', '.join(unknown)}; choose from {', '.join(PEERS)} or none")
    return [OURS] + [p for p in suite.peers if p in peers]


def _size(instance: Dataset | ClassicInstance) -> tuple[int, int]:
    if isinstance(instance, ClassicInstance):
        return len(instance.customers), len(instance.vehicles)
    return len(instance.visits), len(instance.technicians)


def measure(
    suite: Suite, name: str, instance: Dataset | ClassicInstance, solver: str, budget: Budget, data: Path
) -> dict[str, Any]:
    """One run in its own process, checked and measured; a missing peer gives a row saying so."""
    if solver != OURS and not PEERS[solver].available():
        answer = Answer("not installed", note=f"pip install '.[bench]' to compare with {solver}")
    else:
        answer = run_isolated(Task(suite.name, suite.kind, name, solver, budget, str(data)))
    row = base_row(suite.name, name, _size(instance), solver, budget, answer)
    if answer.status != "ok":
        return row
    if isinstance(instance, Dataset):  # the "day" suites
        return day_row(row, instance, answer)
    return classic_row(row, instance, answer, with_gap=suite.name in ("solomon", "gh1000"))


def progress_line(row: dict[str, Any]) -> str:
    """One line per run for the terminal while a long suite is under way."""
    head = f"{row['suite']} {row['instance']} {row['time_limit_s']:g} s {row['solver']}"
    if row["status"] != "ok":
        return f"{head}: {row['status']} {row['note']}".rstrip()
    return (
        f"{head}: served {row['served']}/{row['visits']}, distance {row['distance']}, "
        f"{row['wall_s']} s, {row['peak_mb']} MB, {row['verdict']}"
    )


def run_bench(config: BenchConfig, progress: Callable[[str], None] = lambda line: None) -> BenchResult:
    """Run the configured suite and write ``<suite>.csv`` and ``<suite>.md`` into ``config.out``."""
    suite = SUITES[config.suite]
    names = choose_instances(suite, config.data, config.instances, config.limit)
    solvers = solvers_for(suite, config.peers)
    config.out.mkdir(parents=True, exist_ok=True)
    csv_path, summary_path = config.out / f"{suite.name}.csv", config.out / f"{suite.name}.md"
    rows: list[dict[str, Any]] = []
    for name in names:
        instance = load(suite.name, name, config.data)
        for limit in config.time_limits:
            budget = Budget(limit, config.threads, config.seed)
            for solver in solvers:
                row = measure(suite, name, instance, solver, budget, config.data)
                rows.append(row)
                progress(progress_line(row))
        csv_path.write_text(to_csv(rows), encoding="utf-8")
        summary_path.write_text(summary(suite.name, suite.reference, rows), encoding="utf-8")
    return BenchResult(rows, csv_path, summary_path)
