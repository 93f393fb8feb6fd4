"""The department's follow-up rules kept in the store, and complaint grades set by hand.

The callback days and complaint deadlines (``planner.service_rules``)
were only in a settings file; a service manager changes them from the
browser, so the store keeps them: one settings row holds the rules, one
who changed them last and when. Until someone saves them the defaults
apply, as before.

A complaint's grade (重大 / 重要 / 轻微) comes with the order, but the
manager may judge it otherwise after the first call: setting it by hand
keeps who and when in the order's edit records, as an import's changes
are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from planner.domain import GRADES, VISIT_TYPES
from planner.io.schema import SERVICE_RULE_KEYS
from planner.io.tables import RawSettings
from planner.problems import Problem
from planner.service_rules import ServiceRules, parse_service_rules
from planner.store.clock import as_utc, now_in
from planner.store.database import Database
from planner.store.followup import RULES_KEY, stored_rules
from planner.store.models import OrderEditRow, SettingRow, WorkOrderRow
from planner.store.orders import OrderNotFound, _locked, _timezone

CHANGED_KEY = "service_rules_changed"
#: Where a problem in saved rules is said to be (there is no file: the values came from a form or the API).
SOURCE = "follow-up settings"


def service_rules(db: Database) -> ServiceRules:
    """The department's follow-up rules (``stored_rules`` in a transaction of its own)."""
    with db.transaction() as session:
        return stored_rules(session)


def rule_values(rules: ServiceRules) -> dict[str, float | int]:
    """The rules under the settings file's keys (``SERVICE_RULE_KEYS``), every key with its value in force."""
    values: dict[str, float | int] = {"callback_workdays": rules.callback_workdays}
    for kind in VISIT_TYPES:
        values[f"callback_workdays_{kind}"] = rules.callback_workdays_for(kind)
    for grade in GRADES:
        deadline = rules.deadline(grade)
        values[f"complaint_{grade}_response_hours"] = deadline.response_hours
        values[f"complaint_{grade}_resolution_hours"] = deadline.resolution_hours
    values["complaint_major_after_days"] = rules.major_after_days
    return values


def rules_changed(db: Database) -> dict[str, str] | None:
    """Who saved the rules last and when (``{"by", "at"}``), or None while the defaults apply."""
    with db.transaction() as session:
        row = session.get(SettingRow, CHANGED_KEY)
        return dict(row.value) if row is not None else None


def save_rules(
    db: Database, values: Mapping[str, object], by: str, moment: dt.datetime | None = None
) -> tuple[ServiceRules | None, list[Problem]]:
    """Check ``values`` (settings-file keys; a key left out keeps its default) and keep them; every problem at once.

    Nothing is written when there is a problem. A callback already due
    keeps its date: new rules count for orders done from now on.
    """
    problems = [
        Problem(SOURCE, None, key, f"unknown key {key} (expected {', '.join(SERVICE_RULE_KEYS)})")
        for key in values
        if key not in SERVICE_RULE_KEYS
    ]
    given = {
        key: value for key, value in values.items() if key in SERVICE_RULE_KEYS and value is not None and value != ""
    }
    bad_type = [
        key for key, value in given.items() if isinstance(value, bool) or not isinstance(value, (int, float, str))
    ]
    problems += [Problem(SOURCE, None, key, f"{key} must be a number") for key in bad_type]
    rules, found = parse_service_rules(
        RawSettings(
            SOURCE,
            {k: v for k, v in given.items() if k not in bad_type and isinstance(v, (int, float, str))},
            dict.fromkeys(values),
        )
    )
    problems += found
    if problems or rules is None:
        return None, problems
    with db.transaction() as session:
        at = moment or now_in(_timezone(session))
        session.merge(SettingRow(key=RULES_KEY, value=rules.model_dump(mode="json")))
        session.merge(SettingRow(key=CHANGED_KEY, value={"by": by, "at": at.isoformat()}))
    return rules, []


class GradeRefused(Exception):
    """The order is not a complaint, or the grade is not one of ``GRADES``."""


def set_grade(db: Database, visit_id: str, grade: str, by: str, moment: dt.datetime | None = None) -> dt.datetime:
    """Grade a complaint by hand; when it was done. The change and who made it are kept with the order's edits.

    Raises OrderNotFound or GradeRefused; nothing is written then.
    """
    if grade not in GRADES:
        raise GradeRefused(f"grade must be one of {', '.join(GRADES)}")
    with db.transaction() as session:
        row: WorkOrderRow = _locked(session, visit_id)
        if row.type != "complaint":
            raise GradeRefused(f"{visit_id} is a {row.type} order, not a complaint: only complaints have a grade")
        at = moment or now_in(_timezone(session))
        if row.grade != grade:
            session.add(OrderEditRow(visit_id=visit_id, at_utc=as_utc(at), by=by, fields={"grade": [row.grade, grade]}))
            row.grade = grade
        return at


__all__ = [
    "GradeRefused",
    "OrderNotFound",
    "rule_values",
    "rules_changed",
    "save_rules",
    "service_rules",
    "set_grade",
    "stored_rules",
]
