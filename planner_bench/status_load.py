"""Status updates under load: many phones reporting at once to one server, over real HTTP.

Each client takes its own orders through the field's day (``en_route``,
``on_site``, ``done``), one request after another as a phone would, with
the version it was last told, until the run's time is up or its orders
are done. Every answer is counted; the figures are updates per second
and the latency percentiles of the accepted ones. A refused update
(409) is counted apart: in this run none should happen, since no two
clients share an order.
"""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

#: The field's steps from a planned order to a finished one.
STEPS: tuple[str, ...] = ("en_route", "on_site", "done")


@dataclass(frozen=True)
class LoadResult:
    """What a run measured."""

    clients: int
    seconds: float
    accepted: int
    refused: int
    failed: int
    latencies_ms: tuple[float, ...]

    @property
    def per_second(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """Latency (ms) below which ``share`` of the accepted updates answered."""
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0


def _client(base: str, token: str, orders: Sequence[tuple[str, int]], stop_at: float, out: dict) -> None:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "localhost", parts.port, timeout=30)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    for visit_id, version in orders:
        for status in STEPS:
            if time.perf_counter() >= stop_at:
                connection.close()
                return
            body = json.dumps({"status": status, "client_id": str(uuid.uuid4()), "version": version})
            started = time.perf_counter()
            try:
                connection.request("POST", f"{parts.path.rstrip('/')}/api/v1/visits/{visit_id}/status", body, headers)
                response = connection.getresponse()
                answer = response.read()
            except OSError:
                out["failed"] += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname or "localhost", parts.port, timeout=30)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if response.status == 200:
                out["latencies"].append(elapsed)
                version = json.loads(answer)["version"]
            elif response.status == 409:
                out["refused"] += 1
            else:
                out["failed"] += 1
    connection.close()


def run_load(base: str, token: str, orders: Sequence[tuple[str, int]], clients: int, seconds: float) -> LoadResult:
    """Send updates from ``clients`` threads for at most ``seconds``; ``orders`` are (visit id, version) of
    planned orders, shared out round-robin so that no two clients touch one order."""
    shares = [list(orders[number::clients]) for number in range(clients)]
    results: list[dict[str, Any]] = [{"latencies": [], "refused": 0, "failed": 0} for _ in range(clients)]
    started = time.perf_counter()
    stop_at = started + seconds
    threads = [
        threading.Thread(target=_client, args=(base, token, share, stop_at, result))
        for share, result in zip(shares, results)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies = tuple(value for result in results for value in result["latencies"])
    return LoadResult(
        clients,
        elapsed,
        len(latencies),
        sum(r["refused"] for r in results),
        sum(r["failed"] for r in results),
        latencies,
    )
