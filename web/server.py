"""Serving the app with waitress, a production WSGI server that runs on Windows too.

Dispatch offices often run the planner on a Windows PC, where gunicorn
does not run; waitress does, needs no compiler, and limits request sizes
itself. ``planner serve`` calls ``serve``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from flask import Flask
from waitress import create_server
from waitress.server import BaseWSGIServer, MultiSocketServer

from planner.routing.warmup import warm_up
from web import create_app


Server = BaseWSGIServer | MultiSocketServer


def server_for(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 4) -> Server:
    """A bound, not yet running server (``port`` 0 picks a free port).

    A name such as ``localhost`` may bind several sockets (IPv4 and IPv6);
    waitress then returns one server for all of them.
    """
    return create_server(app, host=host, port=port, threads=threads, ident="planner")


def url_of(server: Server) -> str:
    """The first address the server listens on, as a browser would open it."""
    listening = getattr(server, "effective_listen", None) or [(server.effective_host, server.effective_port)]
    host, port = listening[0][:2]
    return f"http://[{host}]:{port}/" if ":" in str(host) else f"http://{host}:{port}/"


def serve(source: str | Path | None, host: str = "127.0.0.1", port: int = 8000, threads: int = 4,
          ready: Callable[[str], None] | None = None, database: str | None = None) -> None:
    """Load the day(s) in ``source``, then serve until interrupted; ``ready`` gets the URL once bound.

    Days are planned while loading (unless a checked ``plan.json`` lies
    beside a dataset), so the first page is quick; an invalid dataset
    raises ``InvalidInput`` before anything listens. The search is compiled
    first, so that no plan request waits for it. ``database`` names the
    work-order store: its days are served when there is no ``source``.
    """
    warm_up()
    config = {"PLANNER_SOURCE": None if source is None else str(source), "PLANNER_DATABASE_URL": database}
    server = server_for(create_app(config), host, port, threads)
    if ready is not None:
        ready(url_of(server))
    server.run()
