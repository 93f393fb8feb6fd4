"""Writing a scenario comparison into a folder, all of it or nothing.

The folder holds ``comparison.json`` (for machines and the web page),
``comparison.md`` and ``comparison.csv`` (for people), ``charts/*.svg``
and every variant's ``plans/<variant>.json``. Plans are the only files
with customer data, exactly as ``planner plan`` writes them.

Everything is written into a hidden sibling folder first and renamed into
place only when complete, so nobody opens half a report. An existing
folder is replaced only when it is empty or holds an earlier report: a
typo in ``--out`` must not wipe somebody's documents.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from planner.horizon.output import HorizonPlan
from planner.plan import Plan
from planner.problems import Problem
from planner.scenarios.compare import comparison_document
from planner.scenarios.figures import comparison_charts
from planner.scenarios.render import comparison_csv, comparison_markdown
from planner.scenarios.run import ScenarioRun

MARKER = "comparison.json"


def target_problems(out: Path) -> list[Problem]:
    """Why ``out`` cannot take a report (checked before any solving starts)."""
    if out.exists() and not out.is_dir():
        return [Problem(out.name, None, None, f"{out} is a file; --out needs a folder for the report")]
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        return [
            Problem(
                out.name,
                None,
                None,
                f"{out} is a folder that holds other files and no earlier "
                "scenario report; choose a new or empty folder",
            )
        ]
    return []


def report_files(run: ScenarioRun, dataset_label: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The comparison document and every file of the report, by path inside the folder."""
    document = comparison_document(run, dataset_label)
    charts = comparison_charts(document)
    document["charts"] = sorted(charts)
    plans: dict[str, Plan | HorizonPlan] = {run.base.variant.name: run.base.solved.week or run.base.solved.plan}
    plans.update({o.variant.name: o.solved.week or o.solved.plan for o in run.variants})
    files = {
        "comparison.json": json.dumps(document, ensure_ascii=False, indent=2) + "\n",
        "comparison.md": comparison_markdown(document),
        "comparison.csv": comparison_csv(document),
        **charts,
        **{f"plans/{name}.json": plan.to_json() for name, plan in plans.items()},
    }
    return document, files


def write_folder(out: Path, files: Mapping[str, str]) -> None:
    """Write every file into a scratch folder beside ``out``, then swap it into place.

    An earlier report is moved aside first and put back if the swap fails.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, text in files.items():
            target = scratch / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
    if out.exists():
        out.rename(aside / out.name)
    try:
        scratch.rename(out)
    except BaseException:
        if (aside / out.name).exists():
            (aside / out.name).rename(out)
        aside.rmdir()
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def write_report(run: ScenarioRun, out: str | Path, dataset_label: str) -> dict[str, Any]:
    """Write the report folder; returns the comparison document."""
    document, files = report_files(run, dataset_label)
    write_folder(Path(out), files)
    return document
