"""The days the web app shows, read from the work-order store instead of dataset folders.

Same face as ``DayStore`` (``put``, ``post``, ``dates``, ``day``), so the board,
the route pages and the API need not know where a day comes from. A day
put here (a plan posted to the API, a re-plan, a booking) is kept as a
new plan version of its date, never over an earlier one, so it survives a
restart; a day read is
the date's live version, remembered until a newer one is made (so a
page asks the database one small question, not for the whole plan).

Started on dataset folders too (``PLANNER_SOURCE`` beside
``PLANNER_DATABASE_URL``), the folders' days are shown until the store has
a plan of their date: the first re-plan or booking of such a day is kept
in the store and is what a restarted server shows. Days posted with their
own dataset are kept up to ``PLANNER_POSTED_DAYS`` dates
(``planner.store.posted``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from typing import Any

from planner.planning import default_time_limit, plan_day
from planner.routing import SearchParams
from planner.store import Database, dataset_for, imported_date, live_dates, live_day, live_version, save_plan
from planner.store.clock import now_in
from planner.store.posted import save_posted_plan
from web.store import Day, DayStore


class StoreDays:
    """Plan dates of the store; ``who`` names the person making a plan (the request's login);
    ``folders`` the days loaded from dataset folders, shown while the store has no plan of their date."""

    def __init__(self, db: Database, who: Callable[[], str], folders: DayStore | None = None):
        self._db = db
        self._who = who
        self._folders = folders
        self._keep: int | None = None
        self._seen: dict[dt.date, tuple[int, Day]] = {}
        self._changes: dict[tuple[dt.date, int], Mapping[str, Any]] = {}
        self._lock = threading.Lock()

    @classmethod
    def serving(cls, db: Database, who: Callable[[], str]) -> StoreDays:
        """The store's days, with the last imported date planned first when nothing is planned yet.

        So ``planner import`` then ``planner serve`` shows a board at once,
        as ``planner serve DATASET`` does; the plan is kept as version 1 of
        its date, made by ``planner serve``.
        """
        days = cls(db, who)
        date = imported_date(db)
        if date is not None and not live_dates(db):
            dataset = dataset_for(db, date)
            plan = plan_day(dataset, SearchParams(time_limit=default_time_limit(dataset))).plan
            save_plan(db, dataset, plan, by="planner serve", moment=now_in(dataset.settings.timezone))
        return days

    @property
    def database(self) -> Database:
        return self._db

    def put(self, day: Day, based_on: Day | None = None) -> None:
        """Keep the day's plan as the newest, live version of its date (with the changes the board shows).

        ``based_on`` is the live day the change was made from: when another
        change (from any app server sharing the store) became live since,
        ``StalePlan`` is raised and nothing is kept.
        """
        version = save_plan(
            self._db,
            day.dataset,
            day.plan,
            by=self._who(),
            moment=now_in(day.dataset.settings.timezone),
            based_on=None if based_on is None else based_on.version,
        )
        with self._lock:
            if day.changes is not None:
                self._changes[(day.plan.date, version.version)] = day.changes

    def post(self, day: Day) -> None:
        """Keep a day posted with its own dataset; beyond ``keep_posted`` such dates, the oldest is forgotten."""
        version, forgotten = save_posted_plan(
            self._db,
            day.dataset,
            day.plan,
            by=self._who(),
            moment=now_in(day.dataset.settings.timezone),
            keep=self._keep,
        )
        with self._lock:
            for date in forgotten:
                self._seen.pop(date, None)
            if day.changes is not None:
                self._changes[(day.plan.date, version.version)] = day.changes

    def keep_posted(self, count: int) -> None:
        """Keep at most ``count`` dates posted with their own dataset (PLANNER_POSTED_DAYS), in the database."""
        self._keep = count

    def dates(self) -> list[dt.date]:
        """Dates with a plan, newest first."""
        stored = live_dates(self._db)
        if self._folders is None:
            return stored
        return sorted(set(stored) | set(self._folders.dates()), reverse=True)

    def day(self, date: dt.date) -> Day | None:
        """The live plan of ``date`` with its dataset (a folder's day while the store has none), or None."""
        live = live_version(self._db, date)
        if live is None:
            return self._folders.day(date) if self._folders is not None else None
        with self._lock:
            seen = self._seen.get(date)
            if seen is not None and seen[0] == live:
                return seen[1]
        stored = live_day(self._db, date)
        if stored is None:
            return None
        with self._lock:
            day = Day(
                stored.dataset, stored.plan, self._changes.get((date, stored.version.version)), stored.version.version
            )
            self._seen[date] = (stored.version.version, day)
        return day
