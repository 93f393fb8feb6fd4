"""The working-day calendar: official holidays and 调休, overrides from a file, adding working days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.workdays import WorkCalendar, load_calendar

D = dt.date.fromisoformat


def test_weekdays_and_weekends_of_an_ordinary_week():
    """2026-11-23 is a Monday: Monday to Friday are worked, the weekend is not."""
    calendar = WorkCalendar()
    week = [D("2026-11-23") + dt.timedelta(days=n) for n in range(7)]
    assert [calendar.is_workday(day) for day in week] == [True] * 5 + [False] * 2


def test_national_day_is_a_rest_day_and_its_adjusted_saturday_is_worked():
    """2026: 1-7 October off (a Thursday to a Wednesday); Saturday 10 October is worked (调休)."""
    calendar = WorkCalendar()
    assert not calendar.is_workday(D("2026-10-01"))
    assert not calendar.is_workday(D("2026-10-07"))
    assert calendar.is_workday(D("2026-10-10"))
    assert D("2026-10-10").weekday() == 5


def test_adding_working_days_skips_a_weekend():
    """Done on Friday 2026-11-27: three working days later is Wednesday 12-02."""
    assert WorkCalendar().add_workdays(D("2026-11-27"), 3) == D("2026-12-02")


def test_adding_working_days_skips_the_spring_festival_and_counts_its_adjusted_saturday():
    """Spring Festival 2026: 15-23 February off, Saturday 14 and Saturday 28 February worked.

    From Friday 13 February: 14th (Sat, worked) is 1, then 24th (Tue) is 2
    and 25th is 3; without the holiday rules it would be 18 February.
    """
    calendar = WorkCalendar()
    assert calendar.add_workdays(D("2026-02-13"), 1) == D("2026-02-14")
    assert calendar.add_workdays(D("2026-02-13"), 3) == D("2026-02-25")


def test_adding_zero_working_days_gives_the_same_date_even_on_a_holiday():
    """Zero days: due the same day, whatever that day is."""
    assert WorkCalendar().add_workdays(D("2026-10-01"), 0) == D("2026-10-01")


def test_negative_counts_are_refused():
    """A callback cannot be due before the order was done."""
    with pytest.raises(ValueError):
        WorkCalendar().add_workdays(D("2026-11-23"), -1)


def test_working_days_after_a_due_date():
    """From Friday 11-27 to Wednesday 12-02: Mon, Tue, Wed are three working days late."""
    assert WorkCalendar().workdays_after(D("2026-11-27"), D("2026-12-02")) == 3


def test_a_year_nobody_knows_is_guessed_as_monday_to_friday_and_named():
    """The package carries up to 2026: 2027 without a file counts Monday-Friday and is reported."""
    calendar = WorkCalendar()
    assert calendar.is_workday(D("2027-02-08"))  # a Monday
    assert calendar.guessed_years([D("2026-12-31"), D("2027-01-04")]) == (2027,)


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "calendar.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_override_file_adds_a_year_the_package_does_not_know(tmp_path):
    """A GB18030 file with 2027's Spring Festival: the rest days and a worked Sunday apply."""
    path = write(tmp_path, "date,kind\n2027-02-08,放假\n2027-02-09,holiday\n2027-02-07,上班\n", "gb18030")
    calendar, problems = load_calendar(path)
    assert calendar is not None
    assert problems == []
    assert not calendar.is_workday(D("2027-02-08"))
    assert not calendar.is_workday(D("2027-02-09"))
    assert calendar.is_workday(D("2027-02-07"))  # a Sunday made a working day
    assert calendar.guessed_years([D("2027-03-01")]) == ()
    # Friday 02-05 + 2 working days: Sunday 02-07 (worked), then Wednesday 02-10.
    assert calendar.add_workdays(D("2027-02-05"), 2) == D("2027-02-10")


def test_override_wins_over_the_official_calendar(tmp_path):
    """A department's own closing day on an ordinary Monday."""
    calendar, problems = load_calendar(write(tmp_path, "date,kind\n2026-11-23,holiday\n"))
    assert calendar is not None
    assert problems == [] and not calendar.is_workday(D("2026-11-23"))


def test_no_file_gives_the_official_calendar():
    calendar, problems = load_calendar(None)
    assert calendar is not None
    assert problems == [] and not calendar.is_workday(D("2026-10-01"))


def test_bad_override_rows_are_all_reported_with_row_and_column(tmp_path):
    """A malformed date, an impossible date, an unknown kind and a repeated date, at once."""
    text = (
        "date,kind\n2027-02-08,holiday\n2027/02/09,holiday\n2027-02-30,holiday\n"
        "2027-02-10,vacation\n2027-02-08,workday\n"
    )
    calendar, problems = load_calendar(write(tmp_path, text))
    assert calendar is None
    found = {(p.file, p.row, p.column) for p in problems}
    assert found == {
        ("calendar.csv", 3, "date"),
        ("calendar.csv", 4, "date"),
        ("calendar.csv", 5, "kind"),
        ("calendar.csv", 6, "date"),
    }
    messages = " | ".join(str(p) for p in problems)
    assert "2027/02/09" in messages and "not a real date" in messages
    assert "vacation" in messages and "given twice (first on row 2)" in messages


def test_missing_column_is_reported(tmp_path):
    calendar, problems = load_calendar(write(tmp_path, "date\n2027-02-08\n"))
    assert calendar is None
    assert [(p.row, p.column) for p in problems] == [(1, "kind")]
