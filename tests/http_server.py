"""Run a WSGI app on 127.0.0.1 in a background thread, for tests over real HTTP.

The app is served by waitress, the server ``planner serve`` uses, on a
free port, so a test sees exactly what a browser or an API client would:
real sockets, real headers, the server's own request-size handling.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from waitress import wasyncore

from web.server import server_for, url_of


@contextmanager
def running(app: Any, threads: int = 4) -> Iterator[str]:
    """Serve ``app`` while the block runs; yields the base URL without a trailing slash."""
    server = server_for(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, name="test-http-server", daemon=True)
    thread.start()
    try:
        yield url_of(server).rstrip("/")
    finally:
        # Close the sockets from inside the server's own loop, which then ends by itself. The loop's
        # socket map and wake-up trigger are waitress internals its type stubs leave out.
        loop: Any = server
        try:
            loop.trigger.pull_trigger(lambda: wasyncore.close_all(loop._map))
        except OSError:
            # The loop's wake-up pipe is already closed (EBADF, seen in a full CI run,
            # not reproduced alone): close the sockets from this thread instead.
            wasyncore.close_all(loop._map)
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()


@dataclass(frozen=True)
class Reply:
    """One HTTP answer as received: status, headers (case-insensitive ``get``), raw body."""

    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        """The body as UTF-8 text."""
        return self.body.decode("utf-8")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)

    def cookies(self) -> list[str]:
        """Every ``Set-Cookie`` header."""
        return self.headers.get_all("Set-Cookie") or []


def fetch(
    url: str,
    method: str = "GET",
    body: bytes | str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Reply:
    """Send one request and return the answer as is: no redirects followed, no error raised."""
    parts = urlsplit(url)
    assert parts.hostname is not None
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path or "/"
        connection.request(
            method,
            f"{path}?{parts.query}" if parts.query else path,
            body=body.encode("utf-8") if isinstance(body, str) else body,
            headers=headers or {},
        )
        response = connection.getresponse()
        return Reply(response.status, response.msg, response.read())
    finally:
        connection.close()


def post_json(url: str, data: Any, headers: dict[str, str] | None = None, timeout: float = 60) -> Reply:
    """POST ``data`` as a JSON body."""
    return fetch(
        url,
        "POST",
        json.dumps(data, ensure_ascii=False),
        {"Content-Type": "application/json", **(headers or {})},
        timeout,
    )


def announced_url(process: subprocess.Popen[str]) -> str:
    """The base URL a ``planner serve`` process prints once it listens ("serving on URL ...")."""
    assert process.stdout is not None
    line = ""
    while "serving on" not in line:
        line = process.stdout.readline()
        assert line, process.stderr.read() if process.stderr else "server ended"
    return line.split("serving on ", 1)[1].split()[0].rstrip("/")


@contextmanager
def serving(process: subprocess.Popen[str], timeout: float) -> Iterator[str]:
    """A started ``planner serve`` process: its URL while the block runs, then the process stopped.

    A watchdog kills the process after ``timeout`` seconds, so a server that hangs ends the test
    instead of the whole run.
    """
    watchdog = threading.Timer(timeout, process.kill)
    watchdog.start()
    try:
        yield announced_url(process)
    finally:
        watchdog.cancel()
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def serving_folder(folder: Path, handler: type[SimpleHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``folder``'s files with ``handler`` on a free port of 127.0.0.1 while the block runs.

    For the static site: ``handler`` adds what the static host adds (its headers, its ``/api/*`` proxy).
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="static-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
