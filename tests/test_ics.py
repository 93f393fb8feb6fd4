"""The technician's calendar file (planner.io.ics): RFC 5545 form, events, reproducibility."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from browser import sample_day

from planner.io.ics import route_calendar


@pytest.fixture(scope="module")
def busiest():
    """The sample's technician with the most stops, and their calendar text."""
    sample = sample_day()
    route = max(sample.plan.routes, key=lambda r: len(r.stops))
    return sample, route, route_calendar(sample.dataset, sample.plan, route.technician_id)


def test_lines_end_in_crlf_and_fit_75_octets(busiest) -> None:
    """Every content line ends with CRLF and no physical line is longer than 75 octets."""
    _, _, text = busiest
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert any(line.startswith(" ") for line in text.split("\r\n"))


def test_long_chinese_and_special_text_read_back_whole(busiest) -> None:
    """Folding never cuts a Chinese character, and backslash, semicolon, comma and newlines are escaped:
    a calendar program reads the address and the job notes back exactly as written."""
    sample, route, _ = busiest
    first = sample.dataset.visit(route.stops[0].visit_id)
    address = "北京市朝阳区长乐路16号泰和馨园" * 6 + " a\\b;c,d"
    notes = "门禁；请先电话\n二楼, 左转;到底"
    changed = first.model_copy(update={"address": address, "description": notes})
    dataset = sample.dataset.model_copy(
        update={"visits": tuple(changed if v.id == first.id else v for v in sample.dataset.visits)}
    )
    text = route_calendar(dataset, sample.plan, route.technician_id)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == address
    assert str(event["DESCRIPTION"]).endswith(notes)


def test_one_event_per_stop_with_the_planned_times(busiest) -> None:
    """The icalendar package reads one VEVENT per stop, starting and ending when the plan says."""
    sample, route, text = busiest
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(route.stops)
    for event, stop in zip(events, route.stops, strict=True):
        assert event.decoded("DTSTART") == stop.start and event.decoded("DTEND") == stop.end
        visit = sample.dataset.visit(stop.visit_id)
        assert str(event["LOCATION"]) == visit.address and visit.customer in str(event["SUMMARY"])
        assert str(event["UID"]) == f"{sample.plan.date}-{route.technician_id}-{stop.visit_id}@aftersales-planner"


def test_calendar_is_reproducible(busiest) -> None:
    """The same plan gives the same bytes: DTSTAMP is the plan date's midnight, not the clock."""
    sample, route, text = busiest
    assert route_calendar(sample.dataset, sample.plan, route.technician_id) == text
    stamp = icalendar.Calendar.from_ical(text).walk("VEVENT")[0].decoded("DTSTAMP")
    assert stamp == dt.datetime(2026, 11, 22, 16, 0, tzinfo=dt.UTC)


def test_english_calendar_and_a_day_without_stops(busiest) -> None:
    """English wording on request; a technician without stops still gets a valid, empty calendar."""
    sample, route, _ = busiest
    english = route_calendar(sample.dataset, sample.plan, route.technician_id, "en")
    assert "Arrival window" in english.replace("\r\n ", "")
    emptied = sample.plan.model_copy(update={"routes": ()})
    calendar = icalendar.Calendar.from_ical(route_calendar(sample.dataset, emptied, route.technician_id))
    assert not list(calendar.walk("VEVENT")) and str(calendar["VERSION"]) == "2.0"


def test_unknown_technician_is_a_key_error() -> None:
    """Asking for somebody not in the dataset fails loudly instead of giving an empty file."""
    sample = sample_day()
    with pytest.raises(KeyError):
        route_calendar(sample.dataset, sample.plan, "nobody")


#: Everything a redacted event may say: when, which visit of which type, in which district.
REDACTED_PROPERTIES = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "STATUS", "TRANSP"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_redacted_calendar_keeps_times_visit_type_and_district_only(busiest, lang) -> None:
    """A redacted event has the planned times, the visit id and type and the district in the summary, the
    district as location, and no other property: no customer, phone, address, place or job notes."""
    sample, route, _ = busiest
    text = route_calendar(sample.dataset, sample.plan, route.technician_id, lang, redacted=True)
    events = list(icalendar.Calendar.from_ical(text).walk("VEVENT"))
    assert len(events) == len(route.stops)
    for n, (event, stop) in enumerate(zip(events, route.stops, strict=True), start=1):
        visit = sample.dataset.visit(stop.visit_id)
        district = sample.dataset.region_name(visit.region, english=lang == "en")
        assert set(event) == REDACTED_PROPERTIES
        assert event.decoded("DTSTART") == stop.start and event.decoded("DTEND") == stop.end
        assert str(event["SUMMARY"]).startswith(f"{n}. ") and str(event["SUMMARY"]).endswith(f"{visit.id} · {district}")
        assert str(event["LOCATION"]) == district
    unfolded = text.replace("\r\n ", "")
    personal = [value for v in sample.dataset.visits for value in (v.customer, v.phone, v.address, v.description)]
    assert [value for value in personal if value and value in unfolded] == []


def test_redacted_events_are_reproducible_and_never_replace_the_full_ones(busiest) -> None:
    """The same plan gives the same bytes (UIDs and DTSTAMP from the plan), and no UID is shared with the full
    calendar, so importing both keeps the technician's full events."""
    sample, route, text = busiest
    redacted = route_calendar(sample.dataset, sample.plan, route.technician_id, redacted=True)
    assert route_calendar(sample.dataset, sample.plan, route.technician_id, redacted=True) == redacted
    events = icalendar.Calendar.from_ical(redacted).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        f"{sample.plan.date}-{route.technician_id}-{s.visit_id}-redacted@aftersales-planner" for s in route.stops
    ]
    assert {e.decoded("DTSTAMP") for e in events} == {dt.datetime(2026, 11, 22, 16, 0, tzinfo=dt.UTC)}
    full_uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}
    assert full_uids.isdisjoint(str(e["UID"]) for e in events)
