"""Small histories for KPI tests: orders, status changes and callbacks, by hand or generated.

The generated history follows the status rules of the operations contract
(open -> planned -> en_route -> on_site -> done, with not-home visits,
missing parts, cancellations and orders still open at the end), so that
every KPI has something to count and something not to.
"""

from __future__ import annotations

import datetime as dt
import random

from planner.callbacks import Attempt, Callback, callback_for, record_outcome
from planner.history.records import OrderRecord, StatusRecord
from planner.service_rules import ServiceRules
from planner.workdays import WorkCalendar

CST = dt.timezone(dt.timedelta(hours=8))


def at(text: str) -> dt.datetime:
    """A Beijing time from ``2026-11-23T09:00``."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


def order(
    id: str,
    created: str,
    due: str | None = None,
    technician: str = "T1",
    group: str = "G1",
    type: str = "repair",
    grade: str | None = None,
) -> OrderRecord:
    return OrderRecord(
        id=id,
        type=type,
        created_at=at(created),
        due_date=dt.date.fromisoformat(due) if due else None,
        department="D1",
        group=group,
        technician_id=technician,
        grade=grade,
    )


def changes(visit_id: str, *steps: tuple[str, str]) -> list[StatusRecord]:
    """Status records of one order from ``(status, time)`` pairs."""
    return [
        StatusRecord(visit_id=visit_id, status=status, at=at(when), by="T1", client_id=f"{visit_id}-{n}")
        for n, (status, when) in enumerate(steps)
    ]


def callback(visit_id: str, done: str, *outcomes: tuple[str, str], rules: ServiceRules = ServiceRules()) -> Callback:
    """The callback of an order done at ``done`` with ``(outcome, time)`` attempts."""
    result = callback_for(visit_id, "repair", at(done), rules, WorkCalendar())
    for n, (outcome, when) in enumerate(outcomes):
        result, _ = record_outcome(
            result, Attempt(outcome=outcome, at=at(when), by="kf", client_id=f"cb-{visit_id}-{n}")
        )
    return result


def generated_history(
    seed: int, days: int = 21, per_day: int = 12, start: dt.date = dt.date(2026, 9, 21)
) -> tuple[list[OrderRecord], list[StatusRecord], list[Callback]]:
    """A random but rule-abiding history of ``days`` days from ``start`` (spans National Day)."""
    rng = random.Random(seed)
    rules, calendar = ServiceRules(), WorkCalendar()
    orders, statuses, callbacks = [], [], []
    technicians = [("T1", "G1"), ("T2", "G1"), ("T3", "G2"), ("", "")]
    for day in range(days):
        for n in range(per_day):
            created = dt.datetime.combine(start + dt.timedelta(days=day), dt.time(), CST) + dt.timedelta(
                minutes=rng.randrange(0, 24 * 60)
            )
            technician, group = rng.choice(technicians)
            kind = rng.choice(["repair", "install", "complaint", "maintenance"])
            due = created.date() + dt.timedelta(days=rng.randrange(0, 6)) if rng.random() < 0.8 else None
            record = OrderRecord(
                id=f"O{day:02d}{n:02d}",
                type=kind,
                created_at=created,
                due_date=due,
                department=rng.choice(["D1", "D2"]),
                group=group,
                technician_id=technician,
                grade=rng.choice(["major", "important", "minor", None]) if kind == "complaint" else None,
            )
            orders.append(record)
            record_changes, done_at = _walk(rng, record, created)
            statuses += record_changes
            if done_at is not None:
                callbacks.append(_callback(rng, record, done_at, rules, calendar))
    rng.shuffle(statuses)
    return orders, statuses, callbacks


def _walk(
    rng: random.Random, record: OrderRecord, created: dt.datetime
) -> tuple[list[StatusRecord], dt.datetime | None]:
    """Status changes of one order along allowed transitions; returns the done time if done."""
    now, status = created, "open"
    found: list[StatusRecord] = []

    def move(to: str) -> None:
        nonlocal now, status
        now += dt.timedelta(minutes=rng.randrange(5, 60 * 40))
        found.append(
            StatusRecord(
                visit_id=record.id,
                status=to,
                at=now,
                by=record.technician_id or "disp",
                client_id=f"{record.id}-{len(found)}",
            )
        )
        status = to

    for _ in range(8):
        if status == "open":
            if rng.random() < 0.1:
                break  # still open at the end
            move("cancelled" if rng.random() < 0.05 else "planned")
        elif status == "planned":
            move(rng.choice(["en_route"] * 6 + ["rescheduled", "cancelled"]))
        elif status == "rescheduled":
            move(rng.choice(["planned", "open"]))
        elif status == "en_route":
            move("on_site" if rng.random() < 0.8 else "not_home")
        elif status == "not_home" or status == "needs_part":
            move(rng.choice(["open", "rescheduled"]))
        elif status == "on_site":
            move("done" if rng.random() < 0.8 else "needs_part")
        if status in ("done", "cancelled"):
            break
    return found, (now if status == "done" else None)


def _callback(
    rng: random.Random, record: OrderRecord, done_at: dt.datetime, rules: ServiceRules, calendar: WorkCalendar
) -> Callback:
    result = callback_for(record.id, record.type, done_at, rules, calendar)
    when = done_at
    for n in range(rng.randrange(0, 4)):
        when += dt.timedelta(hours=rng.randrange(1, 60))
        outcome = rng.choice(["satisfied"] * 4 + ["neutral", "unsatisfied", "unreachable", "unreachable"])
        result, _ = record_outcome(result, Attempt(outcome=outcome, at=when, by="kf", client_id=f"cb-{record.id}-{n}"))
        if result.outcome is not None:
            break
    return result
