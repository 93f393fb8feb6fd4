"""The department's working-day overrides kept in the store, so every callback due date counts them.

``planner calendar FILE`` reads a ``date,kind`` file (``planner.workdays``)
and keeps its dates here, replacing the ones kept before; a callback
opened when an order is marked done is then due by that calendar, on
the server as on the command line.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from planner.store.database import Database
from planner.store.models import SettingRow
from planner.workdays import WorkCalendar

#: Settings key of the overrides: {"YYYY-MM-DD": true (working day) | false (rest day)}.
WORK_CALENDAR = "work_calendar"


def stored_calendar(session: Session) -> WorkCalendar:
    """The official calendar with the store's overrides."""
    row = session.get(SettingRow, WORK_CALENDAR)
    return calendar_of(row.value if row is not None else None)


def calendar_of(kept: dict[str, bool] | None) -> WorkCalendar:
    """The official calendar with the overrides as the settings row keeps them (None: none kept)."""
    return WorkCalendar({dt.date.fromisoformat(day): bool(works) for day, works in (kept or {}).items()})


def save_calendar(db: Database, calendar: WorkCalendar) -> int:
    """Keep ``calendar``'s overrides in place of the earlier ones; how many dates are kept."""
    with db.transaction() as session:
        session.merge(
            SettingRow(
                key=WORK_CALENDAR, value={day.isoformat(): works for day, works in sorted(calendar.overrides.items())}
            )
        )
    return len(calendar.overrides)
