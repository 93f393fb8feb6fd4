"""The solver package compiles its search on a problem of its own: no dataset, no demo generator, and
nothing left for the first real plan to compile."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from helpers_io import read_ok

from planner.planning import plan_day
from planner.routing import SearchParams, ruin
from planner.routing.warmup import warm_up

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
COMPILED = ("construct", "search", "sooner", "take_back")


def test_warm_up_needs_no_dataset_reader_nor_demo():
    """A fresh interpreter warms up without importing planner.demo or the dataset readers."""
    code = textwrap.dedent("""
        import sys
        from planner.routing.warmup import warm_up
        warm_up()
        print(sorted(name for name in sys.modules if name in ("planner.demo", "planner.io", "planner.io.dataset")))
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_plan_after_warm_up_compiles_nothing_more():
    """The warm-up problem gives the compiled functions the types a real day gives them: planning the
    sample afterwards adds no compiled version of any of them."""
    warm_up()
    before = {name: len(getattr(ruin, name).signatures) for name in COMPILED}
    assert all(before.values())
    plan_day(read_ok(SAMPLE), SearchParams(time_limit=5, seed=1))
    assert {name: len(getattr(ruin, name).signatures) for name in COMPILED} == before
