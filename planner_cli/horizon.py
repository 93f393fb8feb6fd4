"""``planner plan`` over several days, with shifts by date or crews: prints and writes, nothing else."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from planner.domain import Dataset
from planner.horizon.output import HorizonPlan
from planner.horizon.previous import proposed_dates
from planner.horizon.solve import PlannedHorizon, plan_horizon
from planner.horizon.summary import horizon_summary
from planner.horizon.vehicles import day_dataset
from planner.io.outputs import roster_csv, write_atomically
from planner.planning import default_time_limit
from planner.report import plan_summary, solved_line
from planner.routing import SearchParams
from planner_cli.lang import COMMAND_LANG, say


def read_previous(path: str | None, dataset: Dataset) -> dict[str, dt.date]:
    """The dates a previous plan proposed; ValueError (with the file named) when it cannot be read."""
    if path is None:
        return {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the previous plan: {exc}") from None
    try:
        return proposed_dates(text, dataset.settings.date)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def plan_days(
    args: argparse.Namespace,
    dataset: Dataset,
    started: float,
    promised: dict[str, dt.date],
    address: str | None = None,
) -> None:
    """Plan the horizon (its independent parts on the cluster at ``address`` if given), write plan.json
    (and the first day's roster), print the summary and the moved proposals."""
    planned, how = planned_horizon(args, dataset, promised, address)
    write_and_tell(args, dataset, planned, promised, started)
    if how:
        print(how)


def planned_horizon(
    args: argparse.Namespace, dataset: Dataset, promised: dict[str, dt.date], address: str | None = None
) -> tuple[PlannedHorizon, str | None]:
    """The horizon planned here, or in independent parts on the cluster at ``address`` (with a line saying so)."""
    if address is None:
        params = SearchParams(time_limit=default_time_limit(dataset, args.time_limit), seed=args.seed)
        return plan_horizon(dataset, params, promised), None
    from planner.cluster import connect
    from planner.cluster.horizon import plan_horizon_on_cluster
    from planner_cli.cluster import planned_on

    with connect(address) as client:
        workers = len(client.scheduler_info()["workers"])
        fanned = plan_horizon_on_cluster(dataset, client, args.time_limit, args.seed, promised)
    return fanned.planned, planned_on(address, workers, fanned.parts, COMMAND_LANG.get())


def write_and_tell(
    args: argparse.Namespace, dataset: Dataset, planned: PlannedHorizon, promised: dict[str, dt.date], started: float
) -> None:
    plan = planned.contract_plan()
    first = day_dataset(dataset, 0)
    files, encodings = {Path(args.out): plan.to_json()}, {}
    if args.roster:
        files[Path(args.roster)] = roster_csv(first, planned.plan.day_plan(0))
        encodings[Path(args.roster)] = "utf-8-sig"
    write_atomically(files, encodings)
    lang = COMMAND_LANG.get()
    print("\n".join(horizon_summary(plan, lang) if isinstance(plan, HorizonPlan) else plan_summary(first, plan, lang)))
    if promised:
        kept, moved = len(promised) - len(planned.moved), len(planned.moved)
        print(
            say(
                f"\nproposals of the previous plan: {kept} kept, {moved} moved",
                f"\n上次方案的建议：保留 {kept}，改动 {moved}",
            )
        )
        for move in planned.moved:
            print(f"  {move.visit_id}: {move.before} -> {move.after or say('not planned', '未排')}")
    total = time.perf_counter() - started
    print("\n" + solved_line(planned.seconds, planned.stopped_by, total, args.out, lang))
