"""The scenario reports the app can show: finished API jobs, and report folders on disk.

``planner scenarios --out DIR`` writes a folder with ``comparison.json``
in it; folders of that kind directly inside ``PLANNER_SCENARIOS_DIR``
are reports, named by their folder. Only ``comparison.json`` is read,
never the plans beside it, which are the only files with customer data.
A file that is not a comparison this app can show (another version, cut
short, edited by hand) is skipped rather than breaking the pages.
Nothing here imports Flask, so a static build can list the same folders.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

log = logging.getLogger(__name__)

MARKER = "comparison.json"
#: Folder names that can be report names in a URL (the scratch folders of a write start with a dot).
REPORT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
#: A comparison.json larger than this is not one the CLI wrote for a small department.
MAX_BYTES = 5 * 1024 * 1024
VERSION = 1
TOP_KEYS = ("dataset", "scenario_file", "date", "search", "base", "variants", "sweeps", "advice", "violations")
VARIANT_KEYS = ("name", "label", "kind", "changes", "same_as", "search", "violations", "measures", "delta")

Source = Literal["api", "folder"]


@dataclass(frozen=True)
class Report:
    """One comparison: its name (the last part of its page's URL), where it came from, when it was made."""

    name: str
    source: Source
    made: dt.datetime
    document: Mapping[str, Any]


def is_comparison(document: Any) -> bool:
    """The shape the report pages rely on: version 1, the top keys, every variant's keys."""
    if not isinstance(document, dict) or document.get("version") != VERSION:
        return False
    if not all(key in document for key in TOP_KEYS):
        return False
    variants, sweeps = document["variants"], document["sweeps"]
    return (
        isinstance(variants, list)
        and bool(variants)
        and isinstance(sweeps, list)
        and all(isinstance(v, dict) and all(key in v for key in VARIANT_KEYS) for v in variants)
        and all(isinstance(s, dict) for s in sweeps)
        and (document["advice"] is None or isinstance(document["advice"], dict))
    )


@lru_cache(maxsize=64)
def _read(path: str, _mtime_ns: int, _size: int) -> Mapping[str, Any] | None:
    """A comparison file's document, read again only when the file changes (its time and size are the key)."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        log.warning("scenario report %s cannot be read: %s", Path(path).parent.name, type(exc).__name__)
        return None
    if not is_comparison(document):
        log.warning("scenario report %s is not a comparison this app can show", Path(path).parent.name)
        return None
    return document


def folder_report(folder: Path) -> Report | None:
    """The report in ``folder``, or None when it has no readable comparison."""
    file = folder / MARKER
    try:
        stat = file.stat()
    except OSError:
        return None
    if not file.is_file() or stat.st_size > MAX_BYTES:
        return None
    document = _read(str(file), stat.st_mtime_ns, stat.st_size)
    if document is None:
        return None
    return Report(folder.name, "folder", dt.datetime.fromtimestamp(stat.st_mtime), document)


def folder_reports(root: str | Path | None) -> list[Report]:
    """Every report folder directly inside ``root`` (none when it is not set or not a folder)."""
    if not root or not Path(root).is_dir():
        return []
    folders = sorted(p for p in Path(root).iterdir() if REPORT_NAME.fullmatch(p.name) and p.is_dir())
    return [report for report in map(folder_report, folders) if report is not None]


def named_folder_report(root: str | Path | None, name: str) -> Report | None:
    """The report folder ``name`` directly inside ``root``; None for any other name (no paths, no dot files)."""
    if not root or not REPORT_NAME.fullmatch(name):
        return None
    folder = Path(root) / name
    return folder_report(folder) if folder.is_dir() else None


def newest_first(reports: list[Report]) -> list[Report]:
    """Reports by when they were made, newest first; of two with one name, the first given is kept."""
    by_name: dict[str, Report] = {}
    for report in reports:
        by_name.setdefault(report.name, report)
    return sorted(by_name.values(), key=lambda r: r.made, reverse=True)
