"""The cluster side of the ``planner`` command: ``plan``, ``scenarios`` and ``serve --cluster``, ``demo --cities``.

Kept apart from ``planner_cli.main`` so that a plain ``planner plan`` never
imports the engine, and the few lines ``main.py`` needs stay small.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from planner.cluster.engine import CLUSTER_ENV
from planner.domain import Dataset
from planner_cli.exits import Exit
from planner_cli.lang import say

if TYPE_CHECKING:
    from distributed import Client

    from planner.cluster.fanout import FannedOut
    from planner.planning import PlannedDay

CLUSTER_HELP = (
    f"plan the independent parts (cities) of the day or days, from a DATASET or the store, as tasks on a "
    f"Dask cluster, each searched to its work budget (unless --time-limit is given), so any number of "
    f"workers gives the same plan: local:N starts N "
    f"workers on this machine for the run, or give the scheduler, like tcp://scheduler:8786 "
    f"(default: ${CLUSTER_ENV}; without either, plan in this process)"
)


def add_plan_arguments(parser: argparse.ArgumentParser) -> None:
    """``--cluster`` on ``planner plan``."""
    parser.add_argument("--cluster", default=None, metavar="ADDRESS", help=CLUSTER_HELP)


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """``--cluster`` on ``planner serve``."""
    parser.add_argument(
        "--cluster",
        default=None,
        metavar="ADDRESS",
        help="run scenario jobs and planned days of the API on a Dask cluster: local:N starts N "
        f"workers on this machine, else the scheduler's address (default: ${CLUSTER_ENV}, "
        "else this server's own processes)",
    )


def add_scenario_arguments(parser: argparse.ArgumentParser) -> None:
    """``--cluster`` on ``planner scenarios``."""
    parser.add_argument(
        "--cluster",
        default=None,
        metavar="ADDRESS",
        help="solve the base, every variant, sweep step and advice candidate as tasks on a Dask "
        f"cluster: local:N starts N workers on this machine (default: ${CLUSTER_ENV}, else "
        "--workers processes here)",
    )


@contextmanager
def scenario_client(given: str | None) -> Iterator[Client | None]:
    """The cluster's client for ``planner scenarios`` (``ClusterAddressError`` for a bad address), else None."""
    from planner.cluster import cluster_address, connect

    address = cluster_address(given)
    if address is None:
        yield None
        return
    with connect(address) as client:
        yield client


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    """``--cities``, ``--visits-per-city`` and ``--technicians-per-city`` on ``planner demo``."""
    parser.add_argument(
        "--cities",
        type=int,
        default=None,
        help="a national day: this many cities, each with its own technicians and parts",
    )
    parser.add_argument(
        "--visits-per-city", type=int, default=500, help="with --cities: visits in each city (default 500)"
    )
    parser.add_argument(
        "--technicians-per-city",
        type=int,
        default=None,
        help="with --cities: technicians in each city (default a tenth of its visits)",
    )


def national_day(args: argparse.Namespace) -> Dataset:
    """The national demo day the arguments ask for (ValueError with a printable message)."""
    from planner.demo_national import generate_national

    return generate_national(args.cities, args.visits_per_city, args.seed, args.technicians_per_city)


def unreachable(address: str, exc: OSError) -> str:
    """The error when the cluster at ``address`` did not answer, in the command's language."""
    return say(f"error: cannot reach the cluster at {address}: {exc}", f"错误：连不上集群 {address}：{exc}")


def plan_day_on(
    address: str | None, dataset: Dataset, time_limit: float | None, seed: int, lang: str = "en"
) -> tuple[PlannedDay | FannedOut, str | None]:
    """The day planned in this process, or in independent parts on the cluster at ``address`` with a line
    in ``lang`` saying so."""
    if address is not None:
        return plan_on(address, dataset, time_limit, seed, lang)
    from planner.planning import default_time_limit, plan_day
    from planner.routing import SearchParams

    return plan_day(dataset, SearchParams(time_limit=default_time_limit(dataset, time_limit), seed=seed)), None


def plan_on(
    address: str, dataset: Dataset, time_limit: float | None, seed: int, lang: str = "en"
) -> tuple[FannedOut, str]:
    """Plan on the cluster at ``address``; the merged result and a line in ``lang`` saying how."""
    from planner.cluster import connect, plan_on_cluster

    with connect(address) as client:
        workers = len(client.scheduler_info()["workers"])
        result = plan_on_cluster(dataset, client, time_limit, seed)
    return result, planned_on(address, workers, result.parts, lang)


def planned_on(address: str, workers: int, parts: int, lang: str = "en") -> str:
    """The line in ``lang`` saying a day or horizon was planned in ``parts`` independent parts on the cluster."""
    if lang == "zh":
        return f"在 {address}（{workers} 个工作进程）上分 {parts} 个独立部分求解"
    return f"planned in {parts} independent parts on {address} ({workers} workers)"


def configure_bench(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Options of the national benchmark (``python -m planner_bench.cluster``)."""
    parser.add_argument("--cities", type=int, default=4, help="cities of the national day (default 4)")
    parser.add_argument("--visits-per-city", type=int, default=100, help="visits in each city (default 100)")
    parser.add_argument("--workers", default="1,2", help="local cluster sizes to compare, like 1,2 (default 1,2)")
    parser.add_argument(
        "--one-city-visits",
        type=int,
        default=None,
        help="visits of the one-city day for the overhead and the extrapolation (default --visits-per-city)",
    )
    parser.add_argument("--target-cities", type=int, default=100, help="extrapolate to this many cities (default 100)")
    parser.add_argument("--deadline", type=float, default=300.0, help="...planned within these seconds (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the national day (default 0)")
    parser.set_defaults(run=cmd_cluster_bench)
    return parser


def cmd_cluster_bench(args: argparse.Namespace) -> int:
    """Print time and service per worker count, the engine's overhead and the workers a deadline needs."""
    import sys

    from planner.cluster.bench import run_national, run_overhead, workers_needed
    from planner.report import table

    try:
        workers = [int(w) for w in args.workers.split(",") if w.strip()]
        if not workers or min(workers) < 1 or args.cities < 1 or args.visits_per_city < 1:
            raise ValueError
    except ValueError:
        print(
            f"error: give whole numbers of at least 1 (--workers {args.workers!r}, --cities {args.cities}, "
            f"--visits-per-city {args.visits_per_city})",
            file=sys.stderr,
        )
        return Exit.BAD_INPUT
    runs = run_national(
        args.cities,
        args.visits_per_city,
        workers,
        args.seed,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    base = runs[0].plan_seconds
    print(
        f"national day: {args.cities} cities x {args.visits_per_city} visits "
        f"({runs[0].total} visits, {runs[0].parts} independent parts)"
    )
    print(
        "\n".join(
            table(
                (
                    "workers",
                    "start s",
                    "plan s",
                    "worker s",
                    "speed-up",
                    "stopped by",
                    "served",
                    "service",
                    "plan sha256",
                ),
                [
                    (
                        r.workers,
                        f"{r.start_seconds:.1f}",
                        f"{r.plan_seconds:.1f}",
                        f"{r.worker_seconds:.1f}",
                        f"{base / r.plan_seconds:.2f}",
                        r.stopped_by.replace("_", " "),
                        f"{r.served}/{r.total}",
                        f"{r.service:.4f}",
                        r.digest,
                    )
                    for r in runs
                ],
            )
        )
    )
    print(
        "same plan with every worker count"
        if len({r.digest for r in runs}) == 1
        else "PLANS DIFFER between worker counts"
    )
    one = run_overhead(args.one_city_visits or args.visits_per_city, args.seed)
    print(
        f"\none city, {one.visits} visits: {one.plain_seconds:.2f} s in this process, "
        f"{one.cluster_seconds:.2f} s through a one-worker cluster, of which {one.worker_seconds:.2f} s "
        f"planning on the worker: the engine costs {one.engine:.2f} s"
    )
    need = workers_needed(one.cluster_seconds, args.target_cities, args.deadline)
    print(
        f"{args.target_cities} cities x {one.visits} visits within {args.deadline:g} s: "
        f"{need} workers at {one.cluster_seconds:.1f} s per city as measured here; "
        f"{workers_needed(one.worker_cpu_seconds, args.target_cities, args.deadline)} workers of one core each "
        f"at its {one.worker_cpu_seconds:.1f} processor seconds"
    )
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end "
        "(figures on a shared machine are upper bounds)"
    )
    return Exit.OK if len({r.digest for r in runs}) == 1 else Exit.VIOLATION
