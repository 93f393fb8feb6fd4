"""The dispatch board's record of edits: who changed a day's plan, when, what, and the days to undo to.

Every edit, undo, redo, re-optimisation and urgent booking made from the
board is kept here as an entry (who, when, what, in both languages, and
whose routes it touched), and the plan it produced is put into the app's
day store as a new version: nothing is overwritten, an undo is one more
version that returns to an earlier plan. The route pages read the
entries to tell a technician "changed by the dispatcher at 10:12".

The log follows the day store: when the live plan of a date is no longer
the one the log last produced (a re-plan from the field, a posted plan),
undo starts again from the live plan, so it never brings back a plan
over someone else's change.

With a work-order store the log outlives the server: a date the log has
not seen since it started is read back from the store's records and plan
versions, so after a restart undo and redo go on where they stood.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app

from planner.edit_words import Words
from planner.store import Database, live_version
from planner.store.days import version_day
from planner.store.plan_edits import PlanEdit, plan_edits, record_plan_edit, undo_stack
from web.current import get_workorders
from web.store import Day

EXTENSION = "planner.edit_log"


@dataclass(frozen=True)
class Entry:
    """One recorded change of a day's plan."""

    number: int
    kind: str
    by: str
    at: dt.datetime
    what: Words
    technicians: tuple[str, ...]
    returns_to: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind,
            "by": self.by,
            "at": self.at.isoformat(),
            "what": self.what.as_dict(),
            "technicians": list(self.technicians),
            "returns_to": self.returns_to,
        }


@dataclass
class _Date:
    """One date's entries, the plans between them, and where undo stands."""

    entries: list[Entry] = field(default_factory=list)
    days: list[tuple[int, Day]] = field(default_factory=list)  # (entry number that made it, day), 0 for the start
    position: int = 0


@dataclass(frozen=True)
class Proposal:
    """A re-optimised plan shown to the lead, kept until they publish it or the day changes."""

    day: Day
    base: Day
    changes: dict[str, Any]


class EditLog:
    """Entries and undo positions per date, for one app (thread-safe)."""

    def __init__(self, restore: Callable[[dt.date], _Date | None] | None = None) -> None:
        self._restore = restore
        self._dates: dict[dt.date, _Date] = {}
        self._proposals: dict[str, Proposal] = {}
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def _follow(self, date: dt.date, live: Day) -> _Date:
        """The date's record, started again from the live plan when someone else changed it."""
        if date not in self._dates and self._restore is not None:
            self._dates[date] = self._restore(date) or _Date()
        record = self._dates.setdefault(date, _Date())
        if not record.days or record.days[record.position][1].plan != live.plan:
            record.days, record.position = [(0, live)], 0
        return record

    def record(
        self, live: Day, new: Day, kind: str, by: str, at: dt.datetime, what: Words, technicians: tuple[str, ...]
    ) -> Entry:
        """A new change made on the live day: anything undone before it can no longer be redone."""
        date = live.plan.date
        with self._lock:
            record = self._follow(date, live)
            entry = Entry(len(record.entries) + 1, kind, by, at, what, technicians)
            record.entries.append(entry)
            del record.days[record.position + 1 :]
            record.days.append((entry.number, new))
            record.position += 1
            return entry

    def step(self, live: Day, back: bool, by: str, at: dt.datetime) -> tuple[Entry, Day] | None:
        """The day to go back to (undo) or forward to again (redo), recorded as made by ``by``; None when there is none."""
        date = live.plan.date
        with self._lock:
            record = self._follow(date, live)
            target = record.position - 1 if back else record.position + 1
            if not 0 <= target < len(record.days):
                return None
            undone = record.days[record.position if back else target][0]
            made = next(e for e in record.entries if e.number == undone)
            words = (
                Words(f"undo: {made.what.en}", f"撤销：{made.what.zh}")
                if back
                else Words(f"redo: {made.what.en}", f"重做：{made.what.zh}")
            )
            entry = Entry(
                len(record.entries) + 1,
                "undo" if back else "redo",
                by,
                at,
                words,
                made.technicians,
                returns_to=record.days[target][0],
            )
            record.entries.append(entry)
            record.position = target
            return entry, record.days[target][1]

    def can(self, live: Day) -> dict[str, bool]:
        """Whether undo and redo have anything to do on the live day."""
        with self._lock:
            record = self._follow(live.plan.date, live)
            return {"undo": record.position > 0, "redo": record.position < len(record.days) - 1}

    def entries(self, date: dt.date, technician_id: str | None = None) -> list[Entry]:
        """The date's entries, first made first; only those touching a technician's route when one is named."""
        with self._lock:
            record = self._dates.get(date)
            found = list(record.entries) if record else []
        return [e for e in found if technician_id is None or technician_id in e.technicians]

    def propose(self, proposal: Proposal) -> str:
        """Keep a proposal under a new token (the newest few per app)."""
        with self._lock:
            token = f"p{next(self._counter)}"
            self._proposals[token] = proposal
            while len(self._proposals) > 16:
                del self._proposals[next(iter(self._proposals))]
            return token

    def proposal(self, token: str) -> Proposal | None:
        with self._lock:
            return self._proposals.get(token)

    def forget(self, token: str) -> None:
        with self._lock:
            self._proposals.pop(token, None)


def edit_log() -> EditLog:
    """The app's edit log, made on first use (reading back from the work-order store when the app keeps one)."""
    log = current_app.extensions.get(EXTENSION)
    if log is None:
        database = get_workorders()
        log = current_app.extensions.setdefault(
            EXTENSION, EditLog(None if database is None else lambda date: restored(database, date))
        )
    return log


def restored(database: Database, date: dt.date) -> _Date | None:
    """The date's entries and undo position as the store recorded them, or None when it recorded none."""
    edits = plan_edits(database, date)
    if not edits:
        return None
    entries = [
        Entry(
            number,
            e.kind,
            e.made_by,
            e.made_at.replace(tzinfo=dt.UTC),
            Words(e.what_en, e.what_zh),
            e.technicians,
            e.returns_to,
        )
        for number, e in enumerate(edits, 1)
    ]
    stack, position = undo_stack(edits)
    days = []
    for made, version in stack:
        stored = version_day(database, date, version)
        if stored is None:  # a version no longer kept (a posted day forgotten): undo starts from the live plan
            return _Date(entries=entries)
        days.append((made, Day(stored.dataset, stored.plan)))
    return _Date(entries=entries, days=days, position=position)


def remember(entry: Entry, date: dt.date) -> None:
    """Keep the entry in the work-order store too, beside the plan version it made, when the app has one."""
    database = get_workorders()
    if database is None:
        return
    version = live_version(database, date) or 0
    record_plan_edit(
        database,
        PlanEdit(
            date,
            version,
            entry.kind,
            entry.by,
            entry.at,
            entry.what.en,
            entry.what.zh,
            entry.technicians,
            entry.returns_to,
        ),
    )


def recorded(date: dt.date, timezone: str, lang: str, technician_id: str | None = None) -> list[dict[str, str]]:
    """The date's changes for a page, first made first: local time, who, what in the page language.

    Read from the work-order store when the app keeps one (the record
    outlives the app), else from this app's log.
    """
    database = get_workorders()
    if database is not None:
        zone = ZoneInfo(timezone)
        return [
            {
                "time": f"{e.made_at.replace(tzinfo=dt.UTC).astimezone(zone):%H:%M}",
                "by": e.made_by,
                "what": e.what_zh if lang == "zh" else e.what_en,
            }
            for e in plan_edits(database, date, technician_id)
        ]
    return [
        {"time": f"{e.at:%H:%M}", "by": e.by, "what": e.what.zh if lang == "zh" else e.what.en}
        for e in edit_log().entries(date, technician_id)
    ]
