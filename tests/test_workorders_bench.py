"""``planner bench-status`` runs its clients against a served store and reports what it measured (no timing asserted)."""

from __future__ import annotations

import re

from planner_cli.main import main


def test_bench_status_reports_rate_and_latency(capsys) -> None:
    assert main(["bench-status", "--seconds", "2", "--orders", "40", "--clients", "4", "--threads", "2"]) == 0
    out = capsys.readouterr().out
    accepted = re.search(r"updates accepted (\d+) \((\d+)/s\), refused (\d+), failed (\d+)", out)
    assert accepted is not None, out
    count, _, refused, failed = map(int, accepted.groups())
    # 40 orders x 3 steps at most; no client shares an order, so nothing is refused.
    assert 0 < count <= 120 and refused == 0 and failed == 0
    assert re.search(r"latency ms: median [\d.]+, p95 [\d.]+, max [\d.]+", out)
