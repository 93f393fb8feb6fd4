"""Input models of one dispatch day: who can be sent, what must be done.

Every model is immutable so that a loaded dataset can be shared by the
solver, the checker, the pages and scenario variants without anyone
changing it behind the others' backs. Clock times are kept as whole
minutes after midnight of the plan date: the data contract speaks in
``HH:MM`` and the solver in integers, so one representation serves both.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

VisitType = Literal["install", "repair", "maintenance", "inspection", "complaint"]
VISIT_TYPES: tuple[str, ...] = ("install", "repair", "maintenance", "inspection", "complaint")
#: Each visit type's words, (Chinese, English): pages, the terminal and exports say them alike.
VISIT_TYPE_WORDS: Mapping[str, tuple[str, str]] = {
    "install": ("安装", "Installation"),
    "repair": ("维修", "Repair"),
    "maintenance": ("保养", "Maintenance"),
    "inspection": ("检查验收", "Inspection"),
    "complaint": ("投诉处理", "Complaint"),
}
#: A complaint's grade (重大 / 重要 / 轻微), most serious first: the settings give each its deadlines
#: (``planner.service_rules``) and ``planner.complaints`` applies them.
Grade = Literal["major", "important", "minor"]
GRADES: tuple[str, ...] = ("major", "important", "minor")


class Priority(NamedTuple):
    """One level of a visit's urgency: its number in the data, its names, its weight in the service level."""

    level: int
    en: str
    zh: str
    #: Weight of a visit in the priority-weighted service level (and of dropping it in the search's eyes).
    weight: int


#: The one table of priorities (data contract: 1 most urgent .. 4 least); every label, range and weight
#: shown or counted anywhere is read from it.
PRIORITIES: tuple[Priority, ...] = (
    Priority(1, "urgent", "紧急", 8),
    Priority(2, "important", "重要", 4),
    Priority(3, "normal", "一般", 2),
    Priority(4, "low", "低", 1),
)
PRIORITY_LEVELS: tuple[int, ...] = tuple(p.level for p in PRIORITIES)
MOST_URGENT, LEAST_URGENT = min(PRIORITY_LEVELS), max(PRIORITY_LEVELS)
PRIORITY_LABELS: Mapping[int, str] = {p.level: p.en for p in PRIORITIES}
PRIORITY_LABELS_ZH: Mapping[int, str] = {p.level: p.zh for p in PRIORITIES}
PRIORITY_WEIGHTS: Mapping[int, int] = {p.level: p.weight for p in PRIORITIES}

MINUTES_PER_DAY = 24 * 60
#: Ids starting with this are kept for the positions technicians report while re-planning (waypoints).
WAYPOINT_PREFIX = "@"
#: Longest horizon a plan may span: a month of proposals is already more than a department promises.
MAX_HORIZON_DAYS = 31
#: Most people a crew visit may need on site at once (operations contract, section 2).
MAX_CREW_SIZE = 3

#: Average travel speeds a day can have, in km/h: from walking pace to a motorway. Beyond them travel
#: times lose meaning, and a speed like 1e-300 would make them infinite and stop the planner.
SPEED_KMH_RANGE: tuple[float, float] = (1.0, 200.0)
#: Road distance over great-circle distance: never below 1 (no road is shorter than the straight line).
ROAD_FACTOR_RANGE: tuple[float, float] = (1.0, 10.0)


def hhmm(minutes: int) -> str:
    """Format minutes after midnight as ``HH:MM`` (the contract's clock form)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class Frozen(BaseModel):
    """Base of all input models: immutable, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Settings(Frozen):
    """``settings.yaml``: the plan date and the day-wide rules."""

    date: dt.date
    timezone: str = "Asia/Shanghai"
    speed_kmh: float = Field(30.0, ge=SPEED_KMH_RANGE[0], le=SPEED_KMH_RANGE[1])
    road_factor: float = Field(1.3, ge=ROAD_FACTOR_RANGE[0], le=ROAD_FACTOR_RANGE[1])
    lunch_start: int = Field(11 * 60 + 30, ge=0, le=MINUTES_PER_DAY)
    lunch_end: int = Field(13 * 60 + 30, ge=0, le=MINUTES_PER_DAY)
    lunch_minutes: int = Field(45, ge=0)
    #: Days planned from ``date`` (operations contract, section 1); 1 is the one-day plan.
    horizon_days: int = Field(1, ge=1, le=MAX_HORIZON_DAYS)

    def days(self) -> tuple[dt.date, ...]:
        """The dates of the horizon, the plan date first."""
        return tuple(self.date + dt.timedelta(days=d) for d in range(self.horizon_days))


class Technician(Frozen):
    """One person who can be sent on visits (a row of ``technicians.csv``)."""

    id: str
    name: str = ""
    role: str = ""
    base_lat: float = Field(ge=-90, le=90)
    base_lon: float = Field(ge=-180, le=180)
    regions: tuple[str, ...] = ()
    skills: Mapping[str, int] = Field(default_factory=dict)
    shift_start: int = Field(ge=0, le=MINUTES_PER_DAY)
    shift_end: int = Field(ge=0, le=MINUTES_PER_DAY)
    max_visits: int | None = Field(None, ge=0)
    #: The work phone: a crew partner calls it (shown on the route pages of the crew, never in public).
    phone: str = ""

    def covers(self, region: str) -> bool:
        """An empty region list means the person may work anywhere."""
        return not self.regions or not region or region in self.regions

    def level(self, skill: str) -> int:
        """Skill level held, 0 when the skill is missing."""
        return self.skills.get(skill, 0)

    def qualifies(self, required: Mapping[str, int]) -> bool:
        """True when every required skill is held at least at its level."""
        return all(self.level(skill) >= level for skill, level in required.items())


class Visit(Frozen):
    """One on-site job at a customer's (a row of ``visits.csv``).

    ``customer``, ``phone`` and ``address`` are personal data: they travel
    with the visit only so that the technician's own page can show them.
    """

    id: str
    customer: str = ""
    phone: str = ""
    address: str = ""
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    region: str = ""
    type: VisitType
    priority: int = Field(ge=MOST_URGENT, le=LEAST_URGENT)
    required_skills: Mapping[str, int] = Field(default_factory=dict)
    duration_min: int = Field(ge=0)
    window_start: int | None = Field(None, ge=0, le=MINUTES_PER_DAY)
    window_end: int | None = Field(None, ge=0, le=MINUTES_PER_DAY)
    due_date: dt.date | None = None
    parts: Mapping[str, int] = Field(default_factory=dict)
    pinned_technician: str | None = None
    preferred_technician: str | None = None
    description: str = ""
    #: Not before this date (a part arrives, the customer is away until then).
    release_date: dt.date | None = None
    #: When the customer asked: the age of the order counts from it.
    created_date: dt.date | None = None
    #: People needed on site at once for the whole visit; the lead holds ``required_skills``.
    crew_size: int = Field(1, ge=1, le=MAX_CREW_SIZE)
    #: Skills every other crew member holds.
    crew_skills: Mapping[str, int] = Field(default_factory=dict)

    def is_due(self, plan_date: dt.date) -> bool:
        """Due today or overdue: the service-level deadline is not later than the plan date."""
        return self.due_date is not None and self.due_date <= plan_date

    def days_overdue(self, plan_date: dt.date) -> int:
        """Whole days past the due date on the plan date; 0 when due today, later or never."""
        if self.due_date is None or self.due_date >= plan_date:
            return 0
        return (plan_date - self.due_date).days

    def importance(self, plan_date: dt.date) -> tuple[int, dt.date]:
        """Sort key, most important first: pinned or due urgent work, then priority, then the earlier due date.

        One home for the planner's order of work: the search's drop
        penalties and the reasons that call a visit "more important" both
        follow it.
        """
        tier = 0 if self.pinned_technician or (self.priority == 1 and self.is_due(plan_date)) else self.priority
        return tier, self.due_date or dt.date.max


class Availability(Frozen):
    """A row of ``availability.csv``: one person's shift on one date, or a day off (``shift_start`` None)."""

    technician_id: str
    date: dt.date
    shift_start: int | None = Field(None, ge=0, le=MINUTES_PER_DAY)
    shift_end: int | None = Field(None, ge=0, le=MINUTES_PER_DAY)

    @property
    def off(self) -> bool:
        """Not working that date (leave, rest day)."""
        return self.shift_start is None


class Part(Frozen):
    """A spare part held by the parts desk (a row of ``parts.csv``)."""

    id: str
    name: str = ""
    stock: int = Field(ge=0)


class Region(Frozen):
    """A service region (a row of ``regions.csv``), usually a district."""

    id: str
    name: str = ""
    name_en: str = ""


class Skill(Frozen):
    """Display names of a skill id (a row of the optional ``skills.csv``)."""

    id: str
    name: str = ""
    name_en: str = ""


#: Visit indexes of the last few visit tuples looked up in, by the tuple's identity: a dataset is frozen,
#: so its tuple never changes, and a copy with other visits has another tuple. Bounded, as days come and go.
_VISIT_INDEXES: dict[int, tuple[tuple[Visit, ...], dict[str, Visit]]] = {}
_VISIT_INDEXES_KEPT = 8
_VISIT_INDEXES_LOCK = threading.Lock()


def _visits_by_id(visits: tuple[Visit, ...]) -> dict[str, Visit]:
    """Visit id -> the first visit with it in ``visits``, built once per tuple."""
    found = _VISIT_INDEXES.get(id(visits))
    if found is not None and found[0] is visits:
        return found[1]
    index: dict[str, Visit] = {}
    for visit in visits:
        index.setdefault(visit.id, visit)
    with _VISIT_INDEXES_LOCK:  # the web app's threads look visits up at once
        while len(_VISIT_INDEXES) >= _VISIT_INDEXES_KEPT:
            del _VISIT_INDEXES[next(iter(_VISIT_INDEXES))]
        _VISIT_INDEXES[id(visits)] = (visits, index)
    return index


class Dataset(Frozen):
    """Everything needed to plan one day.

    ``parts`` is None when the dataset has no ``parts.csv``: then stock is
    not a constraint at all, which differs from an empty stock list.
    """

    settings: Settings
    technicians: tuple[Technician, ...]
    visits: tuple[Visit, ...]
    parts: tuple[Part, ...] | None = None
    regions: tuple[Region, ...] = ()
    org: Mapping[str, object] | None = None
    skills: tuple[Skill, ...] = ()
    #: Shifts of particular dates (``availability.csv``); a date without a row keeps the usual shift.
    availability: tuple[Availability, ...] = ()

    def shift_on(self, technician: Technician, date: dt.date) -> tuple[int, int] | None:
        """That person's shift on that date, None when they do not work it."""
        for row in self.availability:
            if row.technician_id == technician.id and row.date == date:
                return None if row.shift_start is None or row.shift_end is None else (row.shift_start, row.shift_end)
        return technician.shift_start, technician.shift_end

    @property
    def spans_days(self) -> bool:
        """Whether planning needs the horizon planner: several days, shifts by date, crews or release dates.

        A one-day dataset without any of these is planned exactly as before.
        """
        return (
            self.settings.horizon_days > 1
            or bool(self.availability)
            or any(v.crew_size > 1 or v.release_date is not None for v in self.visits)
        )

    def technician(self, technician_id: str) -> Technician:
        """Look a technician up by id (KeyError when unknown)."""
        for technician in self.technicians:
            if technician.id == technician_id:
                return technician
        raise KeyError(technician_id)

    def visit(self, visit_id: str) -> Visit:
        """Look a visit up by id (KeyError when unknown), through an index of the day's visits.

        The headline figures look up every stop's visit: a scan per stop cost
        a national day of 20,000 visits some 40 s of processor time to merge.
        """
        return _visits_by_id(self.visits)[visit_id]

    def region_name(self, region_id: str, english: bool = False) -> str:
        """朝阳区 / Chaoyang for ``chaoyang``; the id itself when regions.csv does not name it."""
        for region in self.regions:
            if region.id == region_id:
                return (region.name_en if english else region.name) or region.name or region.id
        return region_id

    def skill_name(self, skill_id: str, english: bool = False) -> str:
        """沙发维修 / Sofa repair for ``sofa_repair``; the id itself when skills.csv does not name it."""
        for skill in self.skills:
            if skill.id == skill_id:
                return (skill.name_en if english else skill.name) or skill.name or skill.id
        return skill_id

    def part_name(self, part_id: str) -> str:
        """The parts desk's name of a part (parts.csv ``name``); the id when it has none."""
        for part in self.parts or ():
            if part.id == part_id:
                return part.name or part.id
        return part_id

    def technician_name(self, technician_id: str) -> str:
        """The person's name (technicians.csv ``name``); the id when unnamed or unknown."""
        for technician in self.technicians:
            if technician.id == technician_id:
                return technician.name or technician.id
        return technician_id

    def stock(self) -> dict[str, int] | None:
        """Stock per part id, or None when parts are not constrained."""
        if self.parts is None:
            return None
        return {part.id: part.stock for part in self.parts}
