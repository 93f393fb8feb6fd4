"""Where the independent parts of a day are planned: a Dask distributed cluster.

``local:N`` starts a cluster of N worker processes on this machine for the
run (tests, one big server); any other address names the scheduler of a
running cluster (``tcp://scheduler:8786``), whose workers must have this
package installed at the same version. Workers run one task at a time:
each plan already uses the cores it is given for its own search threads.

Dask starts worker processes with ``MALLOC_TRIM_THRESHOLD_=65536`` so that
they hand memory back to the system quickly. A plan allocates and frees
heavily while OR-Tools builds its model; with that setting a worker spent
ten times the system time of a plain process on the same day (1.4 s
against 0.16 s on a 600-visit city), so local clusters start their workers
without it (see docs/scale.md for workers of a real cluster).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from distributed import Client

#: Environment variable naming the cluster when ``--cluster`` is not given.
CLUSTER_ENV = "PLANNER_CLUSTER"
#: Dask settings of a local cluster's workers: glibc's own memory trimming (see above).
LOCAL_WORKER_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
#: The scheduler's status pages of a local cluster: loopback only, on any free port (never a fixed
#: one another run may hold).
LOCAL_STATUS_ADDRESS = "127.0.0.1:0"
#: The most workers ``local:N`` starts: far above the cores of any one machine.
MAX_LOCAL_WORKERS = 256

_LOCAL = re.compile(r"local:(\d+)")


class ClusterAddressError(ValueError):
    """The cluster address cannot be used; the message says what to give instead."""


def cluster_address(given: str | None) -> str | None:
    """The address to plan on: ``given``, else ``PLANNER_CLUSTER``, else None (plan in this process)."""
    address = given if given is not None else os.environ.get(CLUSTER_ENV) or None
    if address is not None:
        check_address(address)
    return address


def check_address(address: str) -> None:
    """Refuse an address that is neither ``local:N`` nor a scheduler address, before anything starts."""
    local = _LOCAL.fullmatch(address)
    if local:
        if not 1 <= int(local.group(1)) <= MAX_LOCAL_WORKERS:
            raise ClusterAddressError(f"{address!r}: local:N needs from 1 to {MAX_LOCAL_WORKERS} workers")
    elif address == "local" or address.startswith("local:") or not address.strip() or any(c.isspace() for c in address):
        raise ClusterAddressError(
            f"{address!r} is not a cluster address; give local:N (N workers on this "
            "machine) or the scheduler's address, like tcp://scheduler:8786"
        )


def local_workers(address: str) -> int | None:
    """N for ``local:N``, None for the address of a running cluster."""
    local = _LOCAL.fullmatch(address)
    return int(local.group(1)) if local else None


def open_client(address: str) -> tuple[Client, Callable[[], None]]:
    """A client of the cluster at ``address`` and the function that closes it (and stops a ``local:N`` cluster).

    For a client that lives beyond one block, such as a web server's, which
    is closed at exit from another thread than the one that made it.
    """
    import dask.config
    from distributed import Client, LocalCluster

    check_address(address)
    workers = local_workers(address)
    if workers is None:
        client = Client(address, set_as_default=False)
        return client, client.close
    with dask.config.set(LOCAL_WORKER_CONFIG):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=LOCAL_STATUS_ADDRESS,
            silence_logs=logging.ERROR,
        )
    try:
        client = Client(cluster, set_as_default=False)
    except BaseException:
        cluster.close()
        raise

    def close() -> None:
        client.close()
        cluster.close()

    return client, close


@contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the cluster at ``address``; a ``local:N`` cluster lives exactly as long as the block."""
    client, close = open_client(address)
    try:
        yield client
    finally:
        close()
