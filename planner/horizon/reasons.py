"""Why a visit is in no route of any day of the horizon, in words a dispatcher can act on.

The one-day reasons (``planner.explain``) are reused, said of the
horizon: a visit nobody could do is reported from the day it came
closest on; a visit that found no room names how the people allowed were
filled on the last day it could have been done (the evidence carries
that date, so ``planner check`` confirms it against that day's routes);
a crew visit says how many people were free at once, or which crew
could not be kept free together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from planner.domain import Dataset, Visit, hhmm
from planner.explain import (
    _names,
    _people,
    _people_zh,
    _region_names,
    _skills,
    explain_exclusion,
    explain_no_plan,
    no_room,
    parts_short,
    parts_users,
    room_loads,
    short_for,
)
from planner.horizon.crews import CrewShortfall, CrewStop
from planner.horizon.output import DayRoutes
from planner.horizon.vehicles import HorizonEligibility, day_dataset
from planner.plan import Evidence, Unassigned


class HorizonExplainer:
    """Reasons for the visits left out of a horizon's plan, worked out once per plan."""

    def __init__(
        self,
        dataset: Dataset,
        days: tuple[DayRoutes, ...],
        found: HorizonEligibility,
        shortfalls: Iterable[CrewShortfall],
        broken: Mapping[str, CrewStop],
    ):
        self.dataset = dataset
        self.days = days
        self.found = found
        self.shortfalls = {s.visit.id: s for s in shortfalls}
        self.broken = broken
        self.visits = {v.id: v for v in dataset.visits}
        self.users = parts_users(dataset, [r for day in days for r in day.routes])
        self.day_data = [day_dataset(dataset, d) for d in range(len(days))]

    @property
    def several(self) -> bool:
        return len(self.days) > 1

    def unassigned(self, served: set[str], time_limit: float | None) -> tuple[Unassigned, ...]:
        """Every visit in no route, in dataset order, with its reason."""
        return tuple(self.explain(v, time_limit) for v in self.dataset.visits if v.id not in served)

    def explain(self, visit: Visit, time_limit: float | None) -> Unassigned:
        """The first reason that holds, in the contract's order."""
        if visit.id in self.found.later:
            return self._released_later(visit)
        excluded = self.found.allowed.excluded.get(visit.id)
        if excluded is not None:
            return self._prefixed(explain_exclusion(excluded, self.day_data[self.found.closest_day[visit.id]]))
        if time_limit is not None:
            return explain_no_plan(visit, time_limit)
        if short_for(visit, self.dataset, self.users, self.visits):
            en, zh, evidence = parts_short(visit, self.dataset, self.users, self.visits)
            return Unassigned(
                visit_id=visit.id,
                reason_code="parts_out_of_stock",
                reason=self._on_none(en),
                reason_zh=self._on_none_zh(zh),
                evidence=evidence,
            )
        if visit.id in self.shortfalls:
            return self._crew_short(self.shortfalls[visit.id])
        if visit.id in self.broken:
            return self._crew_broken(self.broken[visit.id])
        return self._no_room(visit)

    def _released_later(self, visit: Visit) -> Unassigned:
        last = self.days[-1].date
        return Unassigned(
            visit_id=visit.id,
            reason_code="deferred",
            reason=f"released on {visit.release_date}, after the last day planned ({last})",
            reason_zh=f"开放日期 {visit.release_date} 晚于本次计划的最后一天（{last}）",
        )

    def _on_none(self, text: str) -> str:
        return f"on none of the {len(self.days)} days: {text}" if self.several else text

    def _on_none_zh(self, text: str) -> str:
        return f"{len(self.days)} 天内均无法安排：{text}" if self.several else text

    def _prefixed(self, item: Unassigned) -> Unassigned:
        if not self.several:
            return item
        return item.model_copy(
            update={"reason": self._on_none(item.reason), "reason_zh": self._on_none_zh(item.reason_zh)}
        )

    def _code(self, visit: Visit, day: int) -> str:
        """capacity when the visit is due by that day, else deferred (due after it)."""
        date = self.days[day].date
        return "deferred" if visit.due_date is not None and visit.due_date > date else "capacity"

    def _no_room(self, visit: Visit) -> Unassigned:
        """The people allowed were full on every day; their loads are told for the last day it could go."""
        vehicles = self.found.allowed.allowed[visit.id]
        day = max(int(v.rpartition("@")[2]) for v in vehicles)
        people = tuple(v.rpartition("@")[0] for v in vehicles if v.endswith(f"@{day}"))
        data = self.day_data[day]
        routes = {r.technician_id: r for r in self.days[day].routes}
        code = self._code(visit, day)
        if not self.several:
            en, zh, evidence = no_room(visit, data, people, routes, code == "deferred")
            return Unassigned(visit_id=visit.id, reason_code=code, reason=en, reason_zh=zh, evidence=evidence)
        en, zh, evidence = room_loads(visit, data, people, routes)
        date, n = self.days[day].date, len(self.days)
        if code == "deferred":
            head, head_zh = (
                f"due {visit.due_date}, after the {n} days planned; no room on any of them",
                f"截止 {visit.due_date}，晚于本次 {n} 天计划；各天均已排满",
            )
        else:
            head, head_zh = f"no room on any of the {n} days", f"{n} 天内均已排满"
        return Unassigned(
            visit_id=visit.id,
            reason_code=code,
            reason=f"{head}: on {date} {en}",
            reason_zh=f"{head_zh}：{date} {zh}",
            evidence=evidence.model_copy(update={"date": date}),
        )

    def _crew_broken(self, crew: CrewStop) -> Unassigned:
        """A crew was settled, but the search could not keep every member's hours for it."""
        visit, date = crew.visit, self.days[crew.day].date
        start = hhmm(crew.start)
        en = (
            f"needs {visit.crew_size} people on site at once; {_people(crew.members)} could not all be kept free "
            f"on {date} from {start} without leaving out more important work"
        )
        zh = (
            f"需要 {visit.crew_size} 人同时上门；{date} {start} 起 {_people_zh(crew.members)} "
            "无法同时空出（否则须放弃更重要的工单）"
        )
        evidence = Evidence(date=date) if self.several else None
        return Unassigned(
            visit_id=visit.id, reason_code=self._code(visit, crew.day), reason=en, reason_zh=zh, evidence=evidence
        )

    def _crew_short(self, short: CrewShortfall) -> Unassigned:
        """Not enough people free together: how many were, where, and who."""
        visit = short.visit
        day = short.day if short.day is not None else len(self.days) - 1
        en_region, zh_region = _region_names(self.dataset, visit.region)
        lead, lead_zh = _skills(self.dataset, visit.required_skills)
        others, others_zh = (
            _skills(self.dataset, visit.crew_skills) if visit.crew_skills else ("any skills", "不限技能")
        )
        free = _names(self.dataset, short.free)
        when = f" on any of the {len(self.days)} days" if self.several else ""
        when_zh = f"{len(self.days)} 天内" if self.several else ""
        en = (
            f"needs {visit.crew_size} people on site at once ({lead} to lead, "
            f"{others} for the others); only {len(free)} free in region {en_region} at that time{when}"
            + (f" ({_people(free)})" if free else "")
        )
        zh = (
            f"需要 {visit.crew_size} 人同时上门（主修 {lead_zh}，其他成员 {others_zh}）；"
            f"{when_zh}{zh_region}区域同一时段仅 {len(free)} 人有空" + (f"（{_people_zh(free)}）" if free else "")
        )
        evidence = Evidence(date=self.days[day].date) if self.several else None
        return Unassigned(
            visit_id=visit.id, reason_code=self._code(visit, day), reason=en, reason_zh=zh, evidence=evidence
        )
