"""The days the web app can show: a dataset and its plan, by date.

The app is started on one dataset folder (the day is planned when it is
first loaded, unless a ``plan.json`` that checks lies beside it) or on a
folder of such dataset folders, one per day. Plans posted to the API join
the store in memory, up to ``PLANNER_POSTED_DAYS`` of them, and so do
re-plans and bookings: a restart forgets them. With a work-order store
(``PLANNER_DATABASE_URL``) the app keeps them there instead
(``web.store_days``). Pages and API read days only through ``DayStore``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.check import check
from planner.domain import Dataset
from planner.horizon.days import day_parts
from planner.horizon.output import HorizonPlan
from planner.horizon.solve import plan_horizon
from planner.io import read_dataset
from planner.io.dataset import FOLDER_DOCUMENT
from planner.plan import Plan
from planner.planning import default_time_limit, plan_day
from planner.problems import InvalidInput, errors
from planner.routing import SearchParams

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Day:
    """One day's dataset and plan, as the pages and the API need them together.

    ``changes`` is the diff of the last re-plan or booking (``PlanDiff.to_dict()``),
    which the dispatch board shows until the day is planned afresh.
    ``version`` is the store's plan version of a day read from the
    work-order store (None in memory), which a change made from it names.
    """

    dataset: Dataset
    plan: Plan
    changes: Mapping[str, Any] | None = None
    version: int | None = None


def is_dataset(path: Path) -> bool:
    """A dataset is a folder with settings.yaml, a workbook or a ``dataset.json``, or a workbook or JSON file."""
    if path.is_file():
        return path.suffix.lower() in (".xlsx", ".json")
    return (path / "settings.yaml").exists() or any(path.glob("*.xlsx")) or (path / FOLDER_DOCUMENT).exists()


def saved_plan(saved: Path, dataset: Dataset) -> Plan | HorizonPlan | None:
    """The ``plan.json`` beside a dataset when it is a plan of this dataset that checks, else None
    (a multi-day plan for a dataset of several days).

    A file that is not JSON, not a plan, nested too deep, of another day
    or another dataset, or breaking a rule is not trusted: the day is
    planned again, with a warning that names the file and the kind of
    failure only (a plan's content may name customers).
    """
    if not saved.exists():
        return None
    try:
        raw = json.loads(saved.read_text(encoding="utf-8"))
        week = dataset.settings.horizon_days > 1
        plan = HorizonPlan.model_validate(raw) if week else Plan.model_validate(raw)
        if isinstance(plan, HorizonPlan) and plan.horizon_days != dataset.settings.horizon_days:
            why = f"it plans {plan.horizon_days} days, the dataset {dataset.settings.horizon_days}"
        elif plan.date != dataset.settings.date:
            why = f"it is the plan of {plan.date}, the dataset is of {dataset.settings.date}"
        else:
            broken = check(dataset, plan)
            why = f"{len(broken)} rule(s) broken, e.g. {broken[0].rule}" if broken else ""
    except (ValueError, RecursionError, LookupError, TypeError, AttributeError) as exc:
        why = f"it cannot be read as a plan ({type(exc).__name__})"
    if not why:
        return plan
    log.warning("%s is not a plan of this dataset: %s; the day is planned again", saved, why)
    return None


def load_days(path: Path, params: SearchParams | None = None) -> list[Day]:
    """Read a dataset and take the ``plan.json`` beside it when it still checks, else plan it
    (with ``params``, or the time cap ``planner plan`` would give it).

    A dataset of several days (``horizon_days``) is planned as a whole and
    gives one day per date (``planner.horizon.days``): the week view, the
    route pages and slot offers of its later days show the real proposals.
    """
    loaded = read_dataset(path)
    if errors(loaded.problems) or loaded.dataset is None:
        raise InvalidInput(loaded.problems)
    dataset = loaded.dataset
    plan = saved_plan((path if path.is_dir() else path.parent) / "plan.json", dataset)
    params = params or SearchParams(time_limit=default_time_limit(dataset))
    if dataset.settings.horizon_days > 1:
        week = plan if isinstance(plan, HorizonPlan) else plan_horizon(dataset, params).plan
        return [Day(one, day) for one, day in day_parts(dataset, week)]
    if isinstance(plan, Plan):
        return [Day(dataset, plan)]
    return [Day(dataset, plan_day(dataset, params).plan)]


class DayStore:
    """Thread-safe map of plan date -> Day.

    Days given at the start (loaded from ``PLANNER_SOURCE``) stay; days
    put later (posted through the API, re-planned, booked) are kept up to
    ``keep_posted`` dates, and the date put longest ago is forgotten first,
    so a stream of posted days cannot fill the server's memory.
    """

    def __init__(self, days: dict[dt.date, Day] | None = None):
        self._days = dict(days or {})
        self._loaded = set(self._days)
        self._posted: dict[dt.date, None] = {}  # put order, oldest first
        self._keep: int | None = None
        self._lock = threading.Lock()

    def keep_posted(self, count: int) -> None:
        """Keep at most ``count`` dates put after the start (PLANNER_POSTED_DAYS)."""
        with self._lock:
            self._keep = count
            self._forget_old()

    def _forget_old(self) -> None:
        while self._keep is not None and len(self._posted) > self._keep:
            oldest = next(iter(self._posted))
            del self._posted[oldest]
            self._days.pop(oldest, None)

    @classmethod
    def from_source(cls, source: str | Path | None, params: SearchParams | None = None) -> DayStore:
        """Load one dataset, or every dataset folder directly inside ``source`` (see ``load_days`` for ``params``)."""
        if source is None:
            return cls()
        path = Path(source)
        folders = [path] if is_dataset(path) else sorted(p for p in path.iterdir() if p.is_dir() and is_dataset(p))
        days = [day for folder in folders for day in load_days(folder, params)]
        return cls({day.plan.date: day for day in days})

    def put(self, day: Day, based_on: Day | None = None) -> None:
        """Add or replace the day of ``day.plan.date``; a posted date counts as new again.

        ``based_on`` (the live day the change was made from) matters only to
        a store shared by several processes; in memory the day module's lock
        already keeps changes of one process in turn.
        """
        date = day.plan.date
        with self._lock:
            self._days[date] = day
            if date not in self._loaded:
                self._posted.pop(date, None)
                self._posted[date] = None
                self._forget_old()

    def post(self, day: Day) -> None:
        """A day posted with its own dataset: in memory it is kept like any day put."""
        self.put(day)

    def dates(self) -> list[dt.date]:
        """Dates with a plan, newest first."""
        with self._lock:
            return sorted(self._days, reverse=True)

    def day(self, date: dt.date) -> Day | None:
        """The day planned for ``date``, if any."""
        with self._lock:
            return self._days.get(date)
