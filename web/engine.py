"""The cluster the app's searches run on, when it has one (``PLANNER_CLUSTER`` or ``planner serve --cluster``).

A server started with a cluster hands its heavy work to it: every search
of a scenario job (``web.scenario_jobs``) and every search asked for
through the API (``web.solving``), a posted day fanned out by its
independent parts (``planner.cluster``). The client is made on first use
and kept for the life of the process, one per address (tests make many
apps); a ``local:N`` cluster is started with it and stopped at exit.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import Flask

from planner.cluster.engine import open_client
from planner.routing.warmup import warm_up

if TYPE_CHECKING:
    from distributed import Client

_clients: dict[str, tuple[Client, Callable[[], None]]] = {}
_lock = threading.Lock()


def engine_client(address: str) -> Client:
    """The client of the cluster at ``address`` (started or reached once per process), its workers warmed up."""
    with _lock:
        known = _clients.get(address)
        if known is None:
            client, close = open_client(address)
            client.run(warm_up)
            known = _clients[address] = (client, close)
        return known[0]


def app_engine(app: Flask) -> Client | None:
    """The app's cluster client, or None when the app plans without a cluster."""
    address = app.config.get("PLANNER_CLUSTER")
    return engine_client(address) if address else None


@atexit.register
def _close() -> None:
    with _lock:
        for _client, close in _clients.values():
            close()
        _clients.clear()
