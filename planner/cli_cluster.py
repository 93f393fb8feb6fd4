"""The cluster side of the ``planner`` command: ``plan --cluster`` and ``demo --cities``.

Kept apart from ``planner.cli`` so that a plain ``planner plan`` never
imports the engine, and the few lines ``cli.py`` needs stay small.
"""

from __future__ import annotations

import argparse

from planner.cluster.engine import CLUSTER_ENV
from planner.domain import Dataset

CLUSTER_HELP = (f"plan the day's independent parts (cities) as tasks on a Dask cluster: local:N starts N "
                f"workers on this machine for the run, or give the scheduler, like tcp://scheduler:8786 "
                f"(default: ${CLUSTER_ENV}; without either, plan in this process)")


def add_plan_arguments(parser: argparse.ArgumentParser) -> None:
    """``--cluster`` on ``planner plan``."""
    parser.add_argument("--cluster", default=None, metavar="ADDRESS", help=CLUSTER_HELP)


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    """``--cities``, ``--visits-per-city`` and ``--technicians-per-city`` on ``planner demo``."""
    parser.add_argument("--cities", type=int, default=None,
                        help="a national day: this many cities, each with its own technicians and parts")
    parser.add_argument("--visits-per-city", type=int, default=500, help="with --cities: visits in each city")
    parser.add_argument("--technicians-per-city", type=int, default=None,
                        help="with --cities: technicians in each city (default a tenth of its visits)")


def national_day(args: argparse.Namespace) -> Dataset:
    """The national demo day the arguments ask for (ValueError with a printable message)."""
    from planner.demo_national import generate_national

    return generate_national(args.cities, args.visits_per_city, args.seed, args.technicians_per_city)


def plan_on(address: str, dataset: Dataset, time_limit: float | None, seed: int) -> tuple[object, str]:
    """Plan on the cluster at ``address``; the result (with ``plan``, ``seconds``, ``stopped_by``) and a line saying how."""
    from planner.cluster import connect, plan_on_cluster

    with connect(address) as client:
        workers = len(client.scheduler_info()["workers"])
        result = plan_on_cluster(dataset, client, time_limit, seed)
    return result, f"planned in {result.parts} independent parts on {address} ({workers} workers)"
