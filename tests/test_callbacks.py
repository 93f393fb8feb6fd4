"""Callbacks (回访): due dates on the working-day calendar, outcomes, complaints, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from planner.callbacks import (
    Attempt,
    Callback,
    CallbackRefused,
    callback_for,
    complaint_id,
    record_outcome,
    require_done,
    todays_calls,
)
from planner.service_rules import ServiceRules
from planner.workdays import WorkCalendar

CST = dt.timezone(dt.timedelta(hours=8))
RULES = ServiceRules(callback_workdays=3, callback_workdays_by_type={"install": 5})


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


def done_callback(visit_type: str = "repair", done: str = "2026-11-23T15:00") -> Callback:
    return callback_for("V1", visit_type, at(done), RULES, WorkCalendar())


def attempt(outcome: str, when: str, client_id: str, note: str = "") -> Attempt:
    return Attempt(outcome=outcome, at=at(when), by="kf01", note=note, client_id=client_id)


def test_callback_is_due_three_working_days_after_the_day_done():
    """Done Friday 2026-11-27: Mon 30, Tue 1, Wed 2 December."""
    assert done_callback(done="2026-11-27T16:00").due_date == dt.date(2026, 12, 2)


def test_callback_due_date_skips_national_day():
    """Done Wednesday 2026-09-30; 1-7 October are off, so: Thu 8, Fri 9, Sat 10 (调休, worked)."""
    assert done_callback(done="2026-09-30T10:00").due_date == dt.date(2026, 10, 10)


def test_callback_days_may_differ_by_visit_type():
    """Installs get five working days: Monday 11-23 -> Monday 11-30."""
    assert done_callback("install").due_date == dt.date(2026, 11, 30)


def test_done_date_is_the_local_date_in_china():
    """16:30 UTC on Monday is 00:30 Tuesday in Beijing: three working days from Tuesday is Friday."""
    done = dt.datetime(2026, 11, 23, 16, 30, tzinfo=dt.UTC)
    callback = callback_for("V1", "repair", done, RULES, WorkCalendar())
    assert callback.due_date == dt.date(2026, 11, 27)


def test_a_satisfied_outcome_closes_the_callback_without_a_complaint():
    callback, complaint = record_outcome(done_callback(), attempt("satisfied", "2026-11-24T10:00", "a"))
    assert callback.outcome == "satisfied" and callback.closed_at == at("2026-11-24T10:00")
    assert complaint is None


def test_unsatisfied_opens_a_complaint_linked_to_the_first_order():
    callback, complaint = record_outcome(
        done_callback(), attempt("unsatisfied", "2026-11-24T10:00", "a", "柜门仍然关不严")
    )
    assert complaint is not None
    assert callback.outcome == "unsatisfied"
    assert complaint.complaint_of == "V1" and complaint.id == "V1-C1"
    assert complaint.grade == "important" and complaint.priority == 2
    assert complaint.created_at == at("2026-11-24T10:00") and complaint.note == "柜门仍然关不严"


def test_complaint_ids_count_on_for_a_complaint_about_a_complaint():
    assert complaint_id("V17") == "V17-C1"
    assert complaint_id("V17-C1") == "V17-C2"
    assert complaint_id("C-9") == "C-9-C1"


def test_three_unreachable_tries_close_the_callback_as_unreachable():
    callback = done_callback()
    for n, when in enumerate(["2026-11-24T10:00", "2026-11-24T16:00"]):
        callback, _ = record_outcome(callback, attempt("unreachable", when, f"u{n}"))
        assert callback.outcome is None
    callback, complaint = record_outcome(callback, attempt("unreachable", "2026-11-25T10:00", "u2"))
    assert callback.outcome == "unreachable" and callback.closed_at == at("2026-11-25T10:00")
    assert complaint is None


def test_reaching_the_customer_after_unreachable_tries_settles_it():
    callback, _ = record_outcome(done_callback(), attempt("unreachable", "2026-11-24T10:00", "u0"))
    callback, _ = record_outcome(callback, attempt("neutral", "2026-11-24T18:00", "n"))
    assert callback.outcome == "neutral" and len(callback.attempts) == 2


def test_a_second_outcome_is_refused_with_the_time_of_the_first():
    callback, _ = record_outcome(done_callback(), attempt("satisfied", "2026-11-24T10:00", "a"))
    with pytest.raises(CallbackRefused) as refused:
        record_outcome(callback, attempt("unsatisfied", "2026-11-24T11:00", "b"))
    assert refused.value.code == "already_closed"
    assert "2026-11-24T10:00:00+08:00" in refused.value.message_en
    assert "2026-11-24T10:00:00+08:00" in refused.value.message and "满意" in refused.value.message


def test_the_same_client_id_twice_records_one_attempt_and_one_complaint():
    first, complaint = record_outcome(done_callback(), attempt("unsatisfied", "2026-11-24T10:00", "a"))
    again, second = record_outcome(first, attempt("unsatisfied", "2026-11-24T10:00", "a"))
    assert again == first and complaint is not None and second is None


def test_a_call_before_the_order_was_done_is_refused():
    with pytest.raises(CallbackRefused) as refused:
        record_outcome(done_callback(), attempt("satisfied", "2026-11-23T09:00", "a"))
    assert refused.value.code == "before_done"


def test_outcomes_for_unknown_or_not_done_orders_are_refused():
    with pytest.raises(CallbackRefused) as unknown:
        require_done("V404", None)
    with pytest.raises(CallbackRefused) as not_done:
        require_done("V2", "on_site")
    assert unknown.value.code == "unknown_order" and "V404" in unknown.value.message_en
    assert not_done.value.code == "not_done" and "on_site" in not_done.value.message_en
    require_done("V3", "done")


def test_unknown_outcome_is_rejected_by_the_model():
    with pytest.raises(ValidationError):
        attempt("happy", "2026-11-24T10:00", "a")


def test_records_are_immutable():
    callback = done_callback()
    with pytest.raises(ValidationError):
        callback.due_date = dt.date(2026, 12, 31)  # type: ignore[misc]  # the refused assignment is what is tested


def test_todays_calls_puts_overdue_first_and_leaves_out_closed_and_future_ones():
    """On Thursday 11-26: V2 (done 11-18, due 11-23) is overdue and first; V1 (due 11-26) next."""
    v1 = done_callback()
    v2 = callback_for("V2", "repair", at("2026-11-18T09:00"), RULES, WorkCalendar())
    v3, _ = record_outcome(
        callback_for("V3", "repair", at("2026-11-20T09:00"), RULES, WorkCalendar()),
        attempt("satisfied", "2026-11-20T18:00", "s"),
    )
    v4 = callback_for("V4", "repair", at("2026-11-27T09:00"), RULES, WorkCalendar())
    calls = todays_calls([v1, v3, v4, v2], dt.date(2026, 11, 26))
    assert [c.visit_id for c in calls] == ["V2", "V1"]
    assert v2.is_overdue(dt.date(2026, 11, 26)) and not v1.is_overdue(dt.date(2026, 11, 26))


def test_a_call_time_without_its_offset_is_rejected():
    """Times are compared across phones and servers: each must say its UTC offset."""
    with pytest.raises(ValidationError):
        Attempt(outcome="satisfied", at=dt.datetime(2026, 11, 24, 10), by="kf01", client_id="a")


def test_lateness_is_counted_in_working_days():
    """Due Wednesday 2026-09-30 (done Friday 09-25): on Thursday 10-08 it is one working day late.

    1-7 October are holidays, so eight calendar days are a single working day.
    """
    callback = callback_for("V9", "repair", at("2026-09-25T10:00"), RULES, WorkCalendar())
    assert callback.due_date == dt.date(2026, 9, 30)
    assert callback.workdays_late(dt.date(2026, 10, 8), WorkCalendar()) == 1
    assert callback.workdays_late(dt.date(2026, 9, 30), WorkCalendar()) == 0
    closed, _ = record_outcome(callback, attempt("satisfied", "2026-10-08T10:00", "s"))
    assert closed.workdays_late(dt.date(2026, 10, 9), WorkCalendar()) == 0


def test_the_callback_card_says_how_many_working_days_late_in_both_languages():
    """The rep's card counts lateness in working days: after National Day, one working day, not eight days."""
    from planner.store.callbacks import CallbackEntry
    from web.views.followup import call_cards

    callback = callback_for("V9", "repair", at("2026-09-25T10:00"), RULES, WorkCalendar())
    entry = CallbackEntry(callback, "王女士", "13800000000", "沙发维修", "T01")
    late = dt.date(2026, 10, 8)
    assert call_cards([entry], late, {"T01": "王建军"}, WorkCalendar(), "zh")[0]["overdue"] == "已逾期 1 个工作日"
    assert call_cards([entry], late, {}, WorkCalendar(), "en")[0]["overdue"] == "overdue: 1 working day(s)"
    assert call_cards([entry], callback.due_date, {}, WorkCalendar(), "zh")[0]["overdue"] == ""
