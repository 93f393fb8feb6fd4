"""``planner plan`` over several days, with shifts by date or crews: prints and writes, nothing else."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from planner.domain import Dataset
from planner.horizon.output import HorizonPlan
from planner.horizon.solve import plan_horizon
from planner.horizon.summary import horizon_summary
from planner.horizon.vehicles import day_dataset
from planner.io.outputs import roster_csv, write_atomically
from planner.planning import default_time_limit
from planner.report import plan_summary
from planner.routing import SearchParams


def plan_days(args: argparse.Namespace, dataset: Dataset, started: float) -> None:
    """Plan the horizon, write plan.json (and the first day's roster), print the summary."""
    planned = plan_horizon(dataset, SearchParams(time_limit=default_time_limit(dataset, args.time_limit),
                                                 seed=args.seed))
    plan = planned.contract_plan()
    first = day_dataset(dataset, 0)
    files, encodings = {Path(args.out): plan.to_json()}, {}
    if args.roster:
        files[Path(args.roster)] = roster_csv(first, planned.plan.day_plan(0))
        encodings[Path(args.roster)] = "utf-8-sig"
    write_atomically(files, encodings)
    print("\n".join(horizon_summary(plan) if isinstance(plan, HorizonPlan) else plan_summary(first, plan)))
    print(f"\nsolve time {planned.seconds:.2f} s (search stopped by {planned.stopped_by.replace('_', ' ')}), "
          f"total {time.perf_counter() - started:.2f} s; plan written to {args.out}")
