"""The child process of one bench run: ``python -m planner_bench.child TASK.json ANSWER.json``.

It never raises: a solver's exception becomes an ``error`` answer with
the exception's last line, so the parent reports it next to the others.
Warnings are silenced because solvers' advice (for instance PyVRP's
penalty warnings) would drown the progress lines; the checker reports
what matters about the answer.
"""

from __future__ import annotations

import json
import sys
import traceback
import warnings
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from planner_bench.runner import Answer, execute, peak_rss_mb, task_from_json


def main(argv: Sequence[str]) -> int:
    """Run the task in ``argv[0]`` and write the answer to ``argv[1]``."""
    asked, answered = Path(argv[0]), Path(argv[1])
    warnings.simplefilter("ignore")
    try:
        answer = execute(task_from_json(asked.read_text(encoding="utf-8")))
    except Exception as exc:  # a solver's failure is a result to report, not a crash of the bench
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        answer = Answer("error", peak_mb=peak_rss_mb(), note=last)
    answered.write_text(json.dumps(asdict(answer)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
