"""Serving the app with waitress, a production WSGI server that runs on Windows too.

Dispatch offices often run the planner on a Windows PC, where gunicorn
does not run; waitress does, needs no compiler, and limits request sizes
itself. ``planner serve`` calls ``serve``.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.helpers import get_debug_flag
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from planner.cluster import ClusterAddressError
from planner.cluster.engine import check_address
from planner.routing.warmup import warm_up
from web import create_app
from web.once import issue as issue_one_time_login
from web.once import wanted as one_time_login_wanted
from web.scenario_jobs import start_job_worker
from web.settings import SettingError
from web.solving import EXTENSION as SOLVING

Server = BaseWSGIServer | MultiSocketServer

log = logging.getLogger(__name__)

#: Set to 1 to serve in debug mode on an address other machines reach (never in production).
DEBUG_OVERRIDE = "PLANNER_ALLOW_DEBUG_ON_NETWORK"


class UnsafeServing(ValueError):
    """The server would start in a way that exposes it; the message says what to change."""


def is_loopback(host: str) -> bool:
    """Only this machine can reach ``host``: every address it names is a loopback address."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos)


def refuse_debug_on_network(host: str) -> None:
    """Debug mode (``FLASK_DEBUG``) only on loopback, unless the operator overrides it, loudly.

    Debug mode reloads templates and shows more on errors; it is for a
    developer's own machine. Access control does not depend on it, but
    a debug server on the office network is still a mistake worth stopping.
    """
    if not get_debug_flag() or is_loopback(host):
        return
    if os.environ.get(DEBUG_OVERRIDE) != "1":
        raise UnsafeServing(
            f"debug mode (FLASK_DEBUG) is on and {host} is reachable from other machines: "
            f"unset FLASK_DEBUG, listen on 127.0.0.1, or set {DEBUG_OVERRIDE}=1 to do it anyway"
        )
    log.warning("WARNING: serving in debug mode on %s, reachable from other machines (%s=1)", host, DEBUG_OVERRIDE)


def server_for(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 4) -> Server:
    """A bound, not yet running server (``port`` 0 picks a free port).

    A name such as ``localhost`` may bind several sockets (IPv4 and IPv6);
    waitress then returns one server for all of them. Waitress drops
    ``X-Forwarded-*`` headers unless told otherwise; with trusted proxies
    (``PLANNER_TRUSTED_PROXIES``) they are passed on to the app's ProxyFix.
    """
    trusted = int(app.config.get("PLANNER_TRUSTED_PROXIES") or 0) > 0
    return create_server(
        app, host=host, port=port, threads=threads, ident="planner", clear_untrusted_proxy_headers=not trusted
    )


def url_of(server: Server) -> str:
    """The first address the server listens on, as a browser would open it."""
    if isinstance(server, MultiSocketServer):
        host, port = server.effective_listen[0][:2]
    else:
        # types-waitress leaves out effective_host and effective_port, which BaseWSGIServer sets from its socket.
        host, port = server.effective_host, server.effective_port  # type: ignore[attr-defined]
    return f"http://[{host}]:{port}/" if ":" in str(host) else f"http://{host}:{port}/"


def serve(
    source: str | Path | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    threads: int = 4,
    ready: Callable[[str], None] | None = None,
    database: str | None = None,
    login_link: Callable[[str], None] | None = None,
    cluster: str | None = None,
) -> None:
    """Load the day(s) in ``source``, then serve until interrupted; ``ready`` gets the URL once bound.

    Days are planned while loading (unless a checked ``plan.json`` lies
    beside a dataset), so the first page is quick; an invalid dataset
    raises ``InvalidInput`` before anything listens. The search is compiled
    first, here and in the API's worker processes, so that no plan request
    waits for it. Debug mode on the network
    raises ``UnsafeServing`` (see ``refuse_debug_on_network``). ``database``
    names the work-order store: its days are served when there is no ``source``,
    and the scenario jobs it shares with other servers are taken up at once
    (those a stopped server left unfinished too). ``cluster`` (else
    ``PLANNER_CLUSTER``) is where searches run (``web.engine``); it is
    reached, or started for ``local:N``, before the server listens.
    ``login_link`` gets the one-time login link when one is made (``web.once``).
    """
    refuse_debug_on_network(host)
    if cluster is not None:
        try:
            check_address(cluster)
        except ClusterAddressError as exc:
            raise SettingError([f"--cluster: {exc}"]) from None
    warm_up()
    config = {"PLANNER_SOURCE": None if source is None else str(source), "PLANNER_DATABASE_URL": database}
    if cluster is not None:
        config["PLANNER_CLUSTER"] = cluster
    app = create_app(config)
    app.extensions[SOLVING].start_workers()
    start_job_worker(app)
    server = server_for(app, host, port, threads)
    if login_link is not None and one_time_login_wanted(app, is_loopback(host)):
        login_link(issue_one_time_login(app, url_of(server)))
    if ready is not None:
        ready(url_of(server))
    server.run()
