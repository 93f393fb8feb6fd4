"""A believable history of a department, made by running the real planner day by day.

The KPI pages, the callback list and the escalation list need months of
data before a department has any, and figures invented for the purpose
would show what their author expected. Here every day is planned by the
same planner a dispatcher uses: orders arrive (synthetic, from
``planner.demo``), the open ones are planned each morning, and each stop
of the plan then happens at its planned times, except for the few
customers not at home, the jobs that turn out to need a part, and the
orders called off. Customer service calls done orders back from the next
day, not always in time; an unsatisfied customer opens a complaint that
is planned like any other order. So every figure is the planner's own.

Everything is drawn from one seed: the same arguments give the same
history. No database here: the store writes the records it returns.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from planner.callbacks import Attempt, Callback, NewComplaint, callback_for, local_date, record_outcome
from planner.complaints import planning_priority, resolution_deadline
from planner.demo import generate_day
from planner.domain import Dataset, Region, Settings, Technician, Visit
from planner.eligibility import eligibility
from planner.history.records import OrderRecord, StatusRecord, department_id, technician_groups
from planner.plan import Plan, Stop
from planner.planning import plan_day
from planner.routing.solve import SearchParams
from planner.service_rules import ServiceRules
from planner.workdays import WorkCalendar

#: How stops turn out: most are done; some customers are out, some jobs need a part.
NOT_HOME_SHARE = 0.04
NEEDS_PART_SHARE = 0.05
#: Orders called off by the customer, per open order and morning.
CANCEL_SHARE = 0.01
#: Chance that customer service reaches a due callback on a given day.
CALL_SHARE = 0.7
OUTCOME_WEIGHTS: Mapping[str, float] = {"satisfied": 0.78, "neutral": 0.1, "unsatisfied": 0.04, "unreachable": 0.08}
GRADE_WEIGHTS: Mapping[str, float] = {"major": 0.1, "important": 0.4, "minor": 0.5}
ARRIVALS_PER_TECHNICIAN = 2.3
#: More orders are drafted than arrive, so that demand stays a little under capacity.
ARRIVING_SHARE = 0.55

DISPATCH = "dispatch"
CUSTOMER_SERVICE = "CS01"


@dataclass(frozen=True)
class SimulatedHistory:
    """What a store needs to hold the simulated department: people, orders, changes, callbacks, plans."""

    technicians: tuple[Technician, ...]
    regions: tuple[Region, ...]
    org: Mapping[str, Any]
    visits: Mapping[str, Visit]
    orders: tuple[OrderRecord, ...]
    statuses: tuple[StatusRecord, ...]
    callbacks: tuple[Callback, ...]
    plans: tuple[Plan, ...]


@dataclass
class _Order:
    """One order while the days run: its visit, where it stands, who last had it."""

    visit: Visit
    created_at: dt.datetime
    status: str = "open"
    technician_id: str = ""
    grade: str | None = None
    complaint_of: str | None = None
    changes: int = 0


class _Department:
    """The running state of the simulation: orders, records, and the draws that move them on."""

    def __init__(
        self, seed: int, technicians: int, arrivals: int, rules: ServiceRules, calendar: WorkCalendar, time_limit: float
    ):
        self.rng = random.Random(seed)
        self.seed, self.staff_size, self.arrivals = seed, technicians, arrivals
        self.rules, self.calendar, self.time_limit = rules, calendar, time_limit
        first = generate_day(max(1, arrivals), technicians, seed)
        self.technicians, self.regions, self.org = first.technicians, first.regions, first.org or {}
        self.zone = zoneinfo.ZoneInfo(first.settings.timezone)
        self.orders: dict[str, _Order] = {}
        self.statuses: list[StatusRecord] = []
        self.callbacks: dict[str, Callback] = {}
        self.plans: list[Plan] = []

    def at(self, day: dt.date, minutes: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), self.zone) + dt.timedelta(minutes=minutes)

    def change(self, visit_id: str, status: str, moment: dt.datetime, by: str, note: str = "") -> None:
        order = self.orders[visit_id]
        self.statuses.append(
            StatusRecord(
                visit_id=visit_id, status=status, at=moment, by=by, note=note, client_id=f"{visit_id}-{order.changes}"
            )
        )
        order.status, order.changes = status, order.changes + 1

    def run_day(self, day: dt.date, number: int) -> None:
        self.arrive(day, number)
        self.cancel(day)
        self.plan(day)
        self.call_back(day)

    def arrive(self, day: dt.date, number: int) -> None:
        """Orders asked for yesterday between 08:00 and 20:00 (a day's draft, thinned to ``arrivals``).

        The draft is made for a department of the same size but not these
        very people, so orders none of them could ever take are left out:
        they would only pile up as a backlog no planning could reduce.
        """
        draft = generate_day(
            max(1, round(self.arrivals / ARRIVING_SHARE)), self.staff_size, self.seed * 1000 + number + 1, date=day
        )
        servable = eligibility(draft.model_copy(update={"technicians": self.technicians})).allowed
        drafted = [visit for visit in draft.visits if visit.id in servable]
        kept = sorted(self.rng.sample(range(len(drafted)), min(self.arrivals, len(drafted))))
        for n, index in enumerate(kept, 1):
            visit = drafted[index]
            visit_id = f"W{day:%y%m%d}-{n:03d}"
            created = self.at(day - dt.timedelta(days=1), self.rng.randrange(8 * 60, 20 * 60))
            grade = None
            updates: dict[str, Any] = {"id": visit_id, "pinned_technician": None, "preferred_technician": None}
            if visit.type == "complaint":
                grade = self.rng.choices(list(GRADE_WEIGHTS), list(GRADE_WEIGHTS.values()))[0]
                updates["priority"] = planning_priority(grade)
            self.orders[visit_id] = _Order(visit.model_copy(update=updates), created, grade=grade)

    def cancel(self, day: dt.date) -> None:
        for visit_id, order in self.orders.items():
            if order.status == "open" and self.rng.random() < CANCEL_SHARE:
                self.change(visit_id, "cancelled", self.at(day, 7 * 60 + self.rng.randrange(30)), DISPATCH, "客户取消")

    def plan(self, day: dt.date) -> None:
        """Plan the open orders at 07:30 and let each stop happen."""
        waiting = [o.visit for o in self.orders.values() if o.status == "open"]
        if not waiting:
            return
        dataset = Dataset(
            settings=Settings(date=day),
            technicians=self.technicians,
            visits=tuple(waiting),
            regions=self.regions,
            org=self.org,
        )
        plan = plan_day(dataset, SearchParams(time_limit=self.time_limit, seed=self.seed)).plan
        self.plans.append(plan)
        morning = self.at(day, 7 * 60 + 30)
        for route in plan.routes:
            for stop in route.stops:
                self.orders[stop.visit_id].technician_id = route.technician_id
                self.change(stop.visit_id, "planned", morning, DISPATCH)
        for route in plan.routes:
            for stop in route.stops:
                self.visit(stop, route.technician_id)

    def visit(self, stop: Stop, technician_id: str) -> None:
        """What happened at one stop: done, not at home, or a part is missing."""
        visit_id, draw = stop.visit_id, self.rng.random()
        self.change(visit_id, "en_route", stop.arrival - dt.timedelta(minutes=stop.travel_min), technician_id)
        if draw < NOT_HOME_SHARE:
            self.change(visit_id, "not_home", stop.arrival, technician_id, "客户不在家")
            self.change(visit_id, "open", stop.arrival + dt.timedelta(minutes=10), DISPATCH, "改日再约")
            return
        self.change(visit_id, "on_site", stop.arrival, technician_id)
        if draw < NOT_HOME_SHARE + NEEDS_PART_SHARE:
            self.change(visit_id, "needs_part", stop.start + dt.timedelta(minutes=20), technician_id, "需配件")
            self.change(visit_id, "open", stop.start + dt.timedelta(minutes=30), DISPATCH, "配件到后再约")
            return
        self.change(visit_id, "done", stop.end, technician_id)
        order = self.orders[visit_id]
        self.callbacks[visit_id] = callback_for(
            visit_id, order.visit.type, stop.end, self.rules, self.calendar, self.zone.key
        )

    def call_back(self, day: dt.date) -> None:
        """Customer service calls open callbacks of orders done before today, between 10:00 and 17:00."""
        for visit_id, callback in sorted(self.callbacks.items()):
            if callback.outcome is not None or local_date(callback.done_at, self.zone.key) >= day:
                continue
            if self.rng.random() >= CALL_SHARE:
                continue
            outcome = self.rng.choices(list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values()))[0]
            attempt = Attempt(
                outcome=outcome,
                at=self.at(day, self.rng.randrange(10 * 60, 17 * 60)),
                by=CUSTOMER_SERVICE,
                client_id=f"cb-{visit_id}-{len(callback.attempts)}",
            )
            self.callbacks[visit_id], complaint = record_outcome(callback, attempt)
            if complaint is not None:
                self.open_complaint(complaint)

    def open_complaint(self, complaint: NewComplaint) -> None:
        """The first order's visit again, as a complaint due by its grade's resolution deadline."""
        first = self.orders[complaint.complaint_of]
        deadline = resolution_deadline(complaint.grade, complaint.created_at, self.rules)
        visit = first.visit.model_copy(
            update={
                "id": complaint.id,
                "type": "complaint",
                "priority": complaint.priority,
                "due_date": local_date(deadline, self.zone.key),
                "window_start": None,
                "window_end": None,
                "description": f"回访不满意：{first.visit.description}",
            }
        )
        self.orders[complaint.id] = _Order(
            visit, complaint.created_at, grade=complaint.grade, complaint_of=complaint.complaint_of
        )

    def history(self) -> SimulatedHistory:
        groups = technician_groups(self.org)
        department = department_id(self.org)
        orders = tuple(
            OrderRecord(
                id=visit_id,
                type=o.visit.type,
                created_at=o.created_at,
                due_date=o.visit.due_date,
                department=department,
                group=groups.get(o.technician_id, ""),
                technician_id=o.technician_id,
                grade=o.grade,
                complaint_of=o.complaint_of,
            )
            for visit_id, o in self.orders.items()
        )
        return SimulatedHistory(
            self.technicians,
            self.regions,
            self.org,
            {visit_id: o.visit for visit_id, o in self.orders.items()},
            orders,
            tuple(self.statuses),
            tuple(self.callbacks.values()),
            tuple(self.plans),
        )


def simulate_history(
    days: int,
    *,
    start: dt.date,
    technicians: int = 12,
    arrivals: int | None = None,
    seed: int = 1,
    rules: ServiceRules | None = None,
    calendar: WorkCalendar | None = None,
    time_limit: float = 5.0,
) -> SimulatedHistory:
    """``days`` days from ``start`` of a department of ``technicians`` with about ``arrivals`` orders a day.

    The default, 2.3 orders per technician a day, is a little under what
    the planner fits into a day, so the backlog rises and falls instead
    of growing without end.
    """
    if days < 1:
        raise ValueError(f"days must be 1 or more, not {days}")
    arrivals = round(ARRIVALS_PER_TECHNICIAN * technicians) if arrivals is None else arrivals
    department = _Department(
        seed, technicians, arrivals, rules or ServiceRules(), calendar or WorkCalendar(), time_limit
    )
    for number in range(days):
        department.run_day(start + dt.timedelta(days=number), number)
    return department.history()
