"""Run one solver on one instance in a child process and measure it.

A fresh interpreter per run gives each solver its own peak memory
(``VmHWM``, the high-water mark of resident memory, which counts what
C++ solvers allocate and ``tracemalloc`` cannot see) and keeps a crash
or a hang of one peer from taking the bench down: a run that outlives
its budget by far is killed and reported as a timeout.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from planner_bench.budget import Budget
from planner_bench.peers import PEERS

#: Seconds a run may take beyond its time limit (model building, imports) before it is killed.
GRACE_SECONDS = 120


@dataclass(frozen=True)
class Task:
    """One run: a solver, an instance of a suite (by name), a budget, the data folder."""

    suite: str
    kind: str
    instance: str
    solver: str
    budget: Budget
    data: str


@dataclass(frozen=True)
class Answer:
    """What a run gave back; ``routes`` for classical instances, ``plan_json`` for days.

    ``status`` is ``ok``, ``error`` (``note`` says what) or ``timeout``.
    ``seconds`` is the wall time from the loaded instance to the answer.
    """

    status: str
    seconds: float | None = None
    peak_mb: float | None = None
    version: str = ""
    routes: tuple[tuple[int, ...], ...] = ()
    plan_json: str = ""
    note: str = ""


def module_of(solver: str) -> str:
    """The module that implements a solver (ours or a peer)."""
    return "planner_bench.ours" if solver == "ours" else PEERS[solver].module


def peak_rss_mb() -> float | None:
    """This process's peak resident memory in MB: VmHWM on Linux, else ru_maxrss where there is one."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    try:
        import resource
    except ImportError:  # Windows: no resource module, and no /proc either
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def execute(task: Task) -> Answer:
    """Load the instance, solve it with the task's solver, time it (runs in the child)."""
    from planner_bench.suites import load

    module = importlib.import_module(module_of(task.solver))
    instance = load(task.suite, task.instance, Path(task.data))
    started = time.perf_counter()
    if task.kind == "day":
        plan = module.solve_day(instance, task.budget)
        seconds = time.perf_counter() - started
        return Answer("ok", seconds, peak_rss_mb(), module.version(), plan_json=plan.to_json())
    routes = module.solve_classic(instance, task.budget)
    seconds = time.perf_counter() - started
    return Answer("ok", seconds, peak_rss_mb(), module.version(), routes=tuple(tuple(r) for r in routes))


def run_isolated(task: Task) -> Answer:
    """Run ``task`` in a fresh interpreter (``python -m planner_bench.child``) and read its answer.

    The task and the answer travel as JSON files, so nothing depends on
    how the parent was started; a run that overruns its time limit by
    ``GRACE_SECONDS`` is killed and reported as a timeout.
    """
    deadline = task.budget.time_limit + GRACE_SECONDS
    root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as folder:
        asked, answered = Path(folder) / "task.json", Path(folder) / "answer.json"
        asked.write_text(json.dumps(asdict(task)), encoding="utf-8")
        try:
            done = subprocess.run(
                [sys.executable, "-m", "planner_bench.child", str(asked), str(answered)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=deadline,
            )
        except subprocess.TimeoutExpired:
            return Answer("timeout", note=f"no answer within {deadline:g} s")
        if not answered.exists():
            last = (done.stderr.decode(errors="replace").strip().splitlines() or [""])[-1]
            return Answer("error", note=f"the solver process died (exit code {done.returncode}) {last}".strip())
        return answer_from_json(answered.read_text(encoding="utf-8"))


def task_from_json(text: str) -> Task:
    """A task as written by ``run_isolated``."""
    raw = json.loads(text)
    return Task(**{**raw, "budget": Budget(**raw["budget"])})


def answer_from_json(text: str) -> Answer:
    """An answer as written by the child."""
    raw = json.loads(text)
    return Answer(**{**raw, "routes": tuple(tuple(r) for r in raw["routes"])})
