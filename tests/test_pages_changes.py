"""The dispatch board lists the changes of the last re-plan, customers to call first."""

from __future__ import annotations

from browser import SAMPLE_DATE, sample_day

from web import create_app
from web.store import Day, DayStore
from web.views.changes import changes_model
from web.views.masking import mask_board

DAY = SAMPLE_DATE.isoformat()


def diff_for(plan) -> dict:
    """A hand-made diff: the first planned visit moved by an hour, the second reassigned within 10 minutes."""
    first, second = [s.visit_id for r in plan.routes for s in r.stops][:2]
    return {
        "unchanged": 40,
        "to_call": [first],
        "changes": [
            {
                "visit_id": second,
                "kind": "reassigned",
                "technician_before": "T01",
                "technician_after": "T02",
                "start_before": "10:00",
                "start_after": "10:05",
                "minutes_moved": 5,
                "call_customer": False,
                "reason": "",
            },
            {
                "visit_id": first,
                "kind": "retimed",
                "technician_before": "T01",
                "technician_after": "T01",
                "start_before": "09:00",
                "start_after": "10:00",
                "minutes_moved": 60,
                "call_customer": True,
                "reason": "",
            },
        ],
    }


def rows_of(model: dict | None) -> list[dict]:
    """The change list's rows; the day must have been re-planned."""
    assert model is not None
    return model["rows"]


def test_changes_model_puts_calls_first_with_the_customer():
    """The visit to call comes first and carries its customer and phone; the other does not."""
    day = sample_day()
    diff = diff_for(day.plan)
    model = changes_model(diff, day.dataset, day.plan, "zh")
    assert model is not None
    first = day.dataset.visit(diff["to_call"][0])
    assert [row["call"] for row in model["rows"]] == [True, False]
    assert model["rows"][0]["customer"] == first.customer and model["rows"][0]["phone"] == first.phone
    assert model["rows"][1]["customer"] == "" and model["rows"][1]["kind_label"] == "改派"
    assert model["to_call"] == 1 and model["unchanged"] == 40


def test_board_shows_changes_only_after_a_replan():
    """The board has the change list when the stored day carries changes, and none otherwise."""
    day = sample_day()
    for changes, expected in ((None, False), (diff_for(day.plan), True)):
        app = create_app(
            {"TESTING": True, "SECRET_KEY": "test", "PLANNER_API_TOKENS": ["changes-test"]},
            store=DayStore({SAMPLE_DATE: Day(day.dataset, day.plan, changes)}),
        )
        page = (
            app.test_client()
            .get(f"/d/{DAY}/?lang=en", headers={"Authorization": "Bearer changes-test"})
            .get_data(as_text=True)
        )
        assert ("Changes of the last re-plan" in page) is expected
        if expected:
            assert "1 customers to call" in page and "Retimed" in page


def test_public_board_masks_the_customers_to_call():
    """A masked board keeps the change rows but no customer name or phone."""
    day = sample_day()
    diff = diff_for(day.plan)
    first = day.dataset.visit(diff["to_call"][0])
    masked = mask_board({"changes": changes_model(diff, day.dataset, day.plan, "zh")})
    row = masked["changes"]["rows"][0]
    assert row["phone"] == "" and row["customer"] != first.customer and row["customer"].startswith(first.customer[0])


def test_dropped_visit_reason_follows_the_page_language():
    """A dropped visit shows the plan's Chinese reason on a Chinese board and the English one otherwise."""
    day = sample_day()
    gone = day.plan.unassigned[0]
    diff = {
        "unchanged": 0,
        "to_call": [gone.visit_id],
        "changes": [
            {
                "visit_id": gone.visit_id,
                "kind": "dropped",
                "technician_before": "T01",
                "technician_after": None,
                "start_before": "09:00",
                "start_after": None,
                "minutes_moved": None,
                "call_customer": True,
                "reason": "english",
            }
        ],
    }
    assert rows_of(changes_model(diff, day.dataset, day.plan, "zh"))[0]["reason"] == gone.reason_zh
    assert rows_of(changes_model(diff, day.dataset, day.plan, "en"))[0]["reason"] == gone.reason


def test_changes_name_the_technicians():
    """Was and now say who by name (王建军 09:00), not by id."""
    day = sample_day()
    gone = day.plan.unassigned[0]
    diff = {
        "unchanged": 0,
        "to_call": [],
        "changes": [
            {
                "visit_id": gone.visit_id,
                "kind": "dropped",
                "technician_before": "T01",
                "technician_after": None,
                "start_before": "09:00",
                "start_after": None,
                "minutes_moved": None,
                "call_customer": False,
                "reason": "",
            }
        ],
    }
    row = rows_of(changes_model(diff, day.dataset, day.plan, "zh"))[0]
    assert row["was"] == f"{day.dataset.technician('T01').name} 09:00" and row["now"] == "-"
