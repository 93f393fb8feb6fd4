"""A technician's day as an iCalendar file (RFC 5545), one event per visit.

Phones' calendars then remind the technician of each visit and show its
address. The file is reproducible: the same plan gives the same bytes
(UIDs from date, technician and visit; DTSTAMP from the plan date rather
than the clock), so a re-import updates events instead of duplicating
them. Times are written in UTC, which every calendar reads without a
VTIMEZONE block. The ``icalendar`` package writes the file (escaping,
line folding by octets, CRLF), as calendar programs read it. The wording
is kept here because the library does not depend on the web layer's
dictionary.

A redacted calendar is the same day for anyone to read (a public host):
each event keeps only its planned start and end, visit id, visit type
and district, what a public dispatch board shows, and nothing that
points at a customer (name, phone, address, place, job notes, arrival
window). Its events have UIDs of their own, so a phone that imported the
technician's full calendar never has those events replaced by redacted ones.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from planner.domain import Dataset, Visit, hhmm
from planner.plan import Plan, Stop

PRODID = "-//aftersales-planner//route calendar 1.0//EN"
UID_DOMAIN = "aftersales-planner"

#: (Chinese, English) wording of the calendar.
_WORDS: dict[str, tuple[str, str]] = {
    "calendar": ("{date} {name} 上门路线", "{date} {name} route"),
    "window": ("预约时段", "Arrival window"),
    "any_time": ("不限", "any time"),
    "arrival": ("预计到达", "Planned arrival"),
    "customer": ("客户", "Customer"),
    "phone": ("电话", "Phone"),
    "skills": ("所需技能", "Skills"),
    "parts": ("配件", "Parts"),
    "level": ("{n}级", "level {n}"),
    "job": ("工作内容", "Job"),
}
_TYPES: dict[str, tuple[str, str]] = {
    "install": ("安装", "Installation"),
    "repair": ("维修", "Repair"),
    "maintenance": ("保养", "Maintenance"),
    "inspection": ("检查验收", "Inspection"),
    "complaint": ("投诉处理", "Complaint"),
}
#: Visit priority (1 urgent .. 4 low) to iCalendar PRIORITY (1 highest .. 9 lowest).
_ICS_PRIORITY = {1: 1, 2: 3, 3: 5, 4: 9}


def _utc(value: dt.datetime) -> dt.datetime:
    """Times in UTC (``...Z``), which every calendar reads without a VTIMEZONE block."""
    return value.astimezone(dt.UTC)


def _word(key: str, lang: str) -> str:
    return _WORDS[key][1 if lang == "en" else 0]


def _description(visit: Visit, stop: Stop, plan: Plan, dataset: Dataset, lang: str) -> str:
    local = stop.arrival.astimezone(ZoneInfo(plan.timezone))
    window = (
        f"{hhmm(visit.window_start) if visit.window_start is not None else ''}–"
        f"{hhmm(visit.window_end) if visit.window_end is not None else ''}"
    )
    if visit.window_start is None and visit.window_end is None:
        window = _word("any_time", lang)
    part_names = {p.id: p.name for p in dataset.parts or ()}
    lines = [
        f"{_word('window', lang)}: {window}",
        f"{_word('arrival', lang)}: {local.strftime('%H:%M')}",
        f"{_word('customer', lang)}: {visit.customer}",
        f"{_word('phone', lang)}: {visit.phone}",
        f"{_word('skills', lang)}: "
        + "; ".join(
            f"{dataset.skill_name(s, english=lang == 'en')} {_word('level', lang).format(n=n)}"
            for s, n in sorted(visit.required_skills.items())
        ),
    ]
    if visit.parts:
        lines.append(
            f"{_word('parts', lang)}: "
            + "; ".join(f"{part_names.get(p) or p} x{n}" for p, n in sorted(visit.parts.items()))
        )
    if visit.description:
        lines.append(f"{_word('job', lang)}: {visit.description}")
    return "\n".join(lines)


def _summary(n: int, kind: str, visit: Visit, who_or_where: str) -> str:
    """``3. 维修 V017 · 夏飞``: order, type, visit id and the customer (or, redacted, the district)."""
    return f"{n}. {kind} {visit.id}" + (f" · {who_or_where}" if who_or_where else "")


def _event(
    n: int, stop: Stop, technician_id: str, dataset: Dataset, plan: Plan, stamp: dt.datetime, lang: str, redacted: bool
) -> Event:
    visit = dataset.visit(stop.visit_id)
    kind = _TYPES.get(visit.type, (visit.type, visit.type))[1 if lang == "en" else 0]
    event = Event()
    suffix = "-redacted" if redacted else ""
    event.add("uid", f"{plan.date.isoformat()}-{technician_id}-{visit.id}{suffix}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(stop.start))
    event.add("dtend", _utc(stop.end))
    if redacted:
        district = dataset.region_name(visit.region, english=lang == "en")
        event.add("summary", _summary(n, kind, visit, district))
        if district:
            event.add("location", district)
    else:
        event.add("summary", _summary(n, kind, visit, visit.customer))
        event.add("location", visit.address)
        event.add("geo", (round(visit.lat, 6), round(visit.lon, 6)))
        event.add("description", _description(visit, stop, plan, dataset, lang))
        event.add("priority", _ICS_PRIORITY.get(visit.priority, 5))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def route_calendar(dataset: Dataset, plan: Plan, technician_id: str, lang: str = "zh", redacted: bool = False) -> str:
    """The ``.ics`` text of one technician's day (CRLF line ends, folded lines); KeyError when unknown.

    ``redacted`` gives the calendar anyone may read (see the module's description).
    """
    technician = dataset.technician(technician_id)
    route = plan.route_of(technician_id)
    stamp = _utc(dt.datetime.combine(plan.date, dt.time(0), tzinfo=ZoneInfo(plan.timezone)))
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add(
        "x-wr-calname",
        _word("calendar", lang).format(date=plan.date.isoformat(), name=technician.name or technician.id),
    )
    calendar.add("x-wr-timezone", plan.timezone)
    for n, stop in enumerate(route.stops if route else (), start=1):
        calendar.add_component(_event(n, stop, technician_id, dataset, plan, stamp, lang, redacted))
    return calendar.to_ical().decode("utf-8")
