"""KPIs over time: a small history by hand with every figure explained, and a generated one recomputed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest
from history_builders import CST, callback, changes, generated_history, order

from planner.history.kpis import KPI_NAMES, By, Figure, compute_kpis
from planner.history.periods import DateRangeError, periods

D = dt.date.fromisoformat

# One week, Monday 2026-11-23 to Sunday 11-29, two technicians.
ORDERS = [
    order("A", "2026-11-20T09:00", due="2026-11-24", technician="T1"),
    order("B", "2026-11-23T09:00", due="2026-11-25", technician="T1"),
    order("C", "2026-11-24T08:00", due="2026-11-27", technician="T1"),
    order("D", "2026-11-25T10:00", technician="T1", type="complaint", grade="major"),
    order("E", "2026-11-23T12:00", technician="T2", type="complaint", grade="minor", group="G2"),
    order("F", "2026-11-22T09:00", due="2026-11-23", technician="T2", group="G2"),
    order("G", "2026-11-10T09:00", due="2026-11-20", technician="T2", group="G2"),
]
STATUSES = (
    changes(
        "A",
        ("planned", "2026-11-23T08:00"),
        ("en_route", "2026-11-24T09:00"),
        ("on_site", "2026-11-24T10:00"),
        ("done", "2026-11-24T11:00"),
    )
    + changes(
        "B",
        ("planned", "2026-11-23T10:00"),
        ("en_route", "2026-11-24T13:00"),
        ("not_home", "2026-11-24T14:00"),
        ("open", "2026-11-24T15:00"),
        ("planned", "2026-11-25T08:00"),
        ("en_route", "2026-11-26T09:00"),
        ("on_site", "2026-11-26T10:00"),
        ("done", "2026-11-26T12:00"),
    )
    + changes(
        "D",
        ("planned", "2026-11-25T11:00"),
        ("en_route", "2026-11-25T12:00"),
        ("on_site", "2026-11-25T13:00"),
        ("done", "2026-11-25T15:00"),
    )
    + changes(
        "E",
        ("planned", "2026-11-24T09:00"),
        ("en_route", "2026-11-26T09:00"),
        ("on_site", "2026-11-26T10:00"),
        ("needs_part", "2026-11-26T11:00"),
        ("open", "2026-11-26T12:00"),
    )
    + changes("F", ("cancelled", "2026-11-23T08:00"))
    + changes(
        "G",
        ("planned", "2026-11-22T08:00"),
        ("en_route", "2026-11-23T08:30"),
        ("on_site", "2026-11-23T09:00"),
        ("done", "2026-11-23T10:00"),
    )
)
CALLBACKS = [
    # A done Tue 11-24: due Fri 11-27, satisfied on Wed 11-25.
    callback("A", "2026-11-24T11:00", ("satisfied", "2026-11-25T10:00")),
    # B done Thu 11-26: due Tue 12-01 (after the week), unsatisfied on Fri 11-27.
    callback("B", "2026-11-26T12:00", ("unsatisfied", "2026-11-27T10:00")),
    # D done Wed 11-25: due Mon 11-30; three tries nobody answers: closed unreachable on Sat 11-28.
    callback(
        "D",
        "2026-11-25T15:00",
        ("unreachable", "2026-11-26T10:00"),
        ("unreachable", "2026-11-27T10:00"),
        ("unreachable", "2026-11-28T10:00"),
    ),
    # G done Mon 11-23: due Thu 11-26, but the customer was called only on Fri 11-27 (neutral).
    callback("G", "2026-11-23T10:00", ("neutral", "2026-11-27T10:00")),
]


def week_rows(by: By = "technician") -> dict[str, Mapping[str, Figure]]:
    rows = compute_kpis(ORDERS, STATUSES, CALLBACKS, D("2026-11-23"), D("2026-11-29"), by=by, period="week")
    assert {row.period.label for row in rows} == {"2026-W48"}
    return {row.key: row.figures for row in rows}


def rate(figure) -> tuple[int, int]:
    return figure.numerator, figure.denominator


def test_technician_one_week_by_hand():
    t1 = week_rows()["T1"]
    # Due in the week: A (24th, done 24th: on time), B (25th, done 26th: late), C (27th, still open).
    assert rate(t1["on_time_completion"]) == (1, 3)
    assert t1["on_time_completion"].value == pytest.approx(1 / 3)
    # D is major: 24 h to resolve, so due Thu 11-26 10:00; done Wed 15:00: on time.
    assert rate(t1["complaint_timeliness"]) == (1, 1)
    # Outcomes in the week: A satisfied, B unsatisfied; D unreachable does not count.
    assert rate(t1["satisfaction"]) == (1, 2)
    # Callbacks due in the week: only A's (Fri 11-27), done Wed: complete. B's and D's are due later.
    assert rate(t1["callback_completion"]) == (1, 1)
    # Done in the week: A and D at the first visit; B needed a second trip (not at home the first).
    assert rate(t1["first_time_fix"]) == (2, 3)
    # Created -> first on site: A 97 h (Fri 09:00 -> Tue 10:00), B 73 h, D 3 h: median 73.
    assert (t1["response_time_hours"].value, t1["response_time_hours"].count) == (73, 3)
    # At the end of Sunday only C is open; created Tue 08:00, so 5 days 16 hours old.
    assert (t1["backlog_open"].value, t1["backlog_open"].count) == (1, 1)
    assert t1["backlog_age_days"].value == pytest.approx(5 + 16 / 24)


def test_second_technician_one_week_by_hand():
    t2 = week_rows()["T2"]
    # Only F is due in the week (Mon 11-23) and it was cancelled: not completed on time.
    assert rate(t2["on_time_completion"]) == (0, 1)
    # E is minor: 72 h to resolve, due Thu 11-26 12:00; it waits for a part: not timely.
    assert rate(t2["complaint_timeliness"]) == (0, 1)
    # G's callback: neutral (not satisfied), and a day after its due date.
    assert rate(t2["satisfaction"]) == (0, 1)
    assert rate(t2["callback_completion"]) == (0, 1)
    # G (due before the week) was done on Monday at the first visit.
    assert rate(t2["first_time_fix"]) == (1, 1)
    # E waited 70 h (Mon 12:00 -> Thu 10:00), G 312 h (13 days): median 191.
    assert (t2["response_time_hours"].value, t2["response_time_hours"].count) == (191, 2)
    # E is open at the end of Sunday, 6.5 days after Mon 12:00.
    assert t2["backlog_open"].value == 1 and t2["backlog_age_days"].value == pytest.approx(6.5)


def test_group_figures_add_up_the_groups_technicians():
    groups = week_rows("group")
    assert rate(groups["G1"]["on_time_completion"]) == (1, 3)
    assert rate(groups["G2"]["first_time_fix"]) == (1, 1)
    department = week_rows("department")["D1"]
    assert rate(department["on_time_completion"]) == (1, 4)
    assert rate(department["satisfaction"]) == (1, 3)
    assert department["backlog_open"].value == 2


def test_backlog_at_the_end_of_each_day():
    """End of Mon 11-23: A, B and E are open (F was cancelled, G done, C and D not yet asked for).

    Their ages at midnight: A 3 d 15 h, B 15 h, E 12 h: mean (3.625 + 0.625 + 0.5) / 3.
    """
    rows = compute_kpis(ORDERS, STATUSES, CALLBACKS, D("2026-11-23"), D("2026-11-29"), by="department", period="day")
    monday = rows[0].figures
    assert rows[0].period.label == "2026-11-23"
    assert monday["backlog_open"].value == 3
    assert monday["backlog_age_days"].value == pytest.approx((3.625 + 0.625 + 0.5) / 3)
    # Tue: A done, C asked for (B C E). Wed: D asked for and done the same day (B C E).
    # Thu onwards: B done, C and E stay open.
    assert [row.figures["backlog_open"].value for row in rows] == [3, 3, 3, 2, 2, 2, 2]


def test_a_rate_with_nothing_to_count_is_no_figure_not_zero():
    rows = compute_kpis(ORDERS, STATUSES, CALLBACKS, D("2026-11-29"), D("2026-11-29"), by="technician")
    sunday = {row.key: row.figures for row in rows}
    assert sunday["T1"]["on_time_completion"].value is None
    assert rate(sunday["T1"]["on_time_completion"]) == (0, 0)
    assert sunday["T2"]["response_time_hours"].value is None


def test_dates_are_local_to_the_department():
    """Done 23:30 in Beijing (15:30 UTC) on the due date is on time, whichever offset it was written in."""
    late_evening = changes("Z", ("on_site", "2026-11-24T22:00"), ("done", "2026-11-24T23:30"))
    in_utc = [c.model_copy(update={"at": c.at.astimezone(dt.UTC)}) for c in late_evening]
    rows = compute_kpis(
        [order("Z", "2026-11-24T08:00", due="2026-11-24")], in_utc, [], D("2026-11-24"), D("2026-11-24")
    )
    assert rate(rows[0].figures["on_time_completion"]) == (1, 1)


def test_a_range_ending_before_it_starts_is_refused():
    with pytest.raises(DateRangeError, match=r"ends \(2026-11-01\) before it starts \(2026-11-30\)"):
        compute_kpis(ORDERS, STATUSES, CALLBACKS, D("2026-11-30"), D("2026-11-01"))


def test_periods_are_cut_at_the_range():
    weeks = periods(D("2026-11-26"), D("2026-12-08"), "week")
    assert [(p.label, p.start, p.end) for p in weeks] == [
        ("2026-W48", D("2026-11-26"), D("2026-11-29")),
        ("2026-W49", D("2026-11-30"), D("2026-12-06")),
        ("2026-W50", D("2026-12-07"), D("2026-12-08")),
    ]
    months = periods(D("2026-11-15"), D("2027-01-03"), "month")
    assert [p.label for p in months] == ["2026-11", "2026-12", "2027-01"]
    assert months[1].end == D("2026-12-31")


# --- every KPI of a generated history, recomputed the plain way -------------

DEADLINE_HOURS = {"major": 24, "important": 48, "minor": 72, None: 48}


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(CST).date()


def key_of(record, by: str) -> str:
    return {"department": record.department, "group": record.group, "technician": record.technician_id}[by]


def status_at_end_of(visit_id: str, day: dt.date, statuses) -> str:
    """The last status recorded on or before ``day`` (``open`` before any change)."""
    mine = sorted((s for s in statuses if s.visit_id == visit_id and local_day(s.at) <= day), key=lambda s: s.at)
    return mine[-1].status if mine else "open"


def final_outcome(cb):
    """First outcome that reached the customer, or unreachable at the third try; with its time."""
    for tries, attempt in enumerate(cb.attempts, start=1):
        if attempt.outcome != "unreachable":
            return attempt.outcome, attempt.at
        if tries == 3:
            return "unreachable", attempt.at
    return None, None


def plain_median(values: list[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def recompute(orders, statuses, callbacks, start: dt.date, end: dt.date, by: str) -> dict:
    """Every KPI of every key over the whole range, straight from the definitions."""
    result = {}

    def inside(day: dt.date) -> bool:
        return start <= day <= end

    for key in {key_of(o, by) for o in orders}:
        mine = [o for o in orders if key_of(o, by) == key]
        ids = {o.id for o in mine}
        done = {s.visit_id: s.at for s in statuses if s.status == "done"}
        due = [o for o in mine if o.due_date and inside(o.due_date)]
        on_time = [o for o in due if o.id in done and local_day(done[o.id]) <= o.due_date]
        complaints = [
            (o, o.created_at + dt.timedelta(hours=DEADLINE_HOURS[o.grade])) for o in mine if o.type == "complaint"
        ]
        complaints = [(o, limit) for o, limit in complaints if inside(local_day(limit))]
        timely = [o for o, limit in complaints if o.id in done and done[o.id] <= limit]
        outcomes = [final_outcome(cb) for cb in callbacks if cb.visit_id in ids]
        answered = [o for o, when in outcomes if o not in (None, "unreachable") and inside(local_day(when))]
        cb_due = [cb for cb in callbacks if cb.visit_id in ids and inside(cb.due_date)]
        cb_done = [
            cb for cb in cb_due if final_outcome(cb)[1] is not None and local_day(final_outcome(cb)[1]) <= cb.due_date
        ]
        finished = [o for o in mine if o.id in done and inside(local_day(done[o.id]))]
        first_fix = [
            o
            for o in finished
            if sum(s.visit_id == o.id and s.status in ("on_site", "not_home") for s in statuses) == 1
        ]
        waits = []
        for o in mine:
            arrivals = sorted(s.at for s in statuses if s.visit_id == o.id and s.status == "on_site")
            if arrivals and inside(local_day(arrivals[0])):
                waits.append((arrivals[0] - o.created_at).total_seconds() / 3600)
        midnight = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), CST)
        backlog = [
            o
            for o in mine
            if local_day(o.created_at) <= end and status_at_end_of(o.id, end, statuses) not in ("done", "cancelled")
        ]
        ages = [(midnight - o.created_at).total_seconds() / 86400 for o in backlog]
        result[key] = {
            "on_time_completion": (len(on_time), len(due)),
            "complaint_timeliness": (len(timely), len(complaints)),
            "satisfaction": (answered.count("satisfied"), len(answered)),
            "callback_completion": (len(cb_done), len(cb_due)),
            "first_time_fix": (len(first_fix), len(finished)),
            "response_time_hours": (plain_median(waits), len(waits)),
            "backlog_open": (len(backlog), len(backlog)),
            "backlog_age_days": (sum(ages) / len(ages) if ages else None, len(backlog)),
        }
    return result


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("by", ["department", "group", "technician"])
def test_every_kpi_of_a_generated_history_matches_a_plain_recomputation(seed, by):
    """Each week of three weeks around National Day (a month period would be cut the same way)."""
    orders, statuses, callbacks = generated_history(seed)
    rows = compute_kpis(orders, statuses, callbacks, D("2026-09-22"), D("2026-10-11"), by=by, period="week")
    assert len(rows) == 3 * len({key_of(o, by) for o in orders})
    counted = 0
    for row in rows:
        expected = recompute(orders, statuses, callbacks, row.period.start, row.period.end, by)[row.key]
        for name in KPI_NAMES:
            figure = row.figures[name]
            if name in ("response_time_hours", "backlog_open", "backlog_age_days"):
                value, count = expected[name]
                assert figure.count == count, (row.period.label, row.key, name)
                assert figure.value == (pytest.approx(value) if value is not None else None), name
            else:
                assert (figure.numerator, figure.denominator) == expected[name], (row.period.label, row.key, name)
                hits, total = expected[name]
                assert figure.value == (pytest.approx(hits / total) if total else None)
            counted += figure.denominator or figure.count or 0
    assert counted > 100  # the history gave every KPI plenty to count
