"""The day store finds datasets in every form ``planner demo`` and users write."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from builders import PLAN_DATE, day, tech, visit
from helpers_io import read_ok

from planner.check import check
from planner.io.write import write_dataset
from planner.planning import plan_day
from planner.routing import SearchParams
from web.store import DayStore, load_days


def test_a_days_folder_may_hold_csv_workbook_and_json_datasets(tmp_path) -> None:
    """Three days, one in each form (the JSON one as a folder holding only dataset.json): all three are served."""
    base = day([tech("T1")], [visit("V1")])
    forms = {"csv": PLAN_DATE, "xlsx": PLAN_DATE + dt.timedelta(days=1), "json": PLAN_DATE + dt.timedelta(days=2)}
    for fmt, date in forms.items():
        dated = base.model_copy(update={"settings": base.settings.model_copy(update={"date": date})})
        write_dataset(dated, tmp_path / fmt, fmt)
    store = DayStore.from_source(tmp_path, SearchParams(time_limit=2.0))
    assert store.dates() == sorted(forms.values(), reverse=True)


def test_a_day_loaded_without_search_settings_gets_the_cap_planner_plan_would_give(tmp_path, monkeypatch) -> None:
    """Serving a day plans it like `planner plan` without --time-limit: 35 s for 1,000 visits, not a flat 10."""
    import web.store

    class Planned(Exception):
        """Stops the load once the search settings are known."""

    def capture(dataset, params):
        raise Planned(params.time_limit)

    write_dataset(day([tech("T1")], [visit(f"V{i}") for i in range(1000)]), tmp_path / "day")
    monkeypatch.setattr(web.store, "plan_day", capture)
    with pytest.raises(Planned) as planned:
        web.store.load_days(tmp_path / "day")
    assert planned.value.args == (35.0,)


def broken_plans(good: str) -> dict[str, str]:
    """plan.json texts that must not be trusted: not JSON, too deep, not a plan, another dataset's plan."""
    other = json.loads(good)
    for route in other["routes"]:
        route["technician_id"] = "T99"
    return {
        "not json": "{not json",
        "too deep": "[" * 100_000,
        "not a plan": '{"date": "2026-11-23"}',
        "another dataset": json.dumps(other),
    }


@pytest.mark.parametrize("case", ["not json", "too deep", "not a plan", "another dataset"])
def test_a_broken_plan_beside_the_dataset_is_planned_again_with_a_warning(tmp_path, caplog, case) -> None:
    """`planner serve` on a dataset with an unusable plan.json warns and plans the day afresh."""
    dataset = day([tech("T1")], [visit("V1"), visit("V2")])
    folder = write_dataset(dataset, tmp_path / "day")
    good = plan_day(dataset, SearchParams(time_limit=1.0)).plan.to_json()
    (folder / "plan.json").write_text(broken_plans(good)[case], encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="web.store"):
        [loaded] = load_days(folder, SearchParams(time_limit=1.0))
    assert not check(loaded.dataset, loaded.plan)
    assert "plan.json" in caplog.text and "planned again" in caplog.text


def test_a_week_beside_its_checked_multi_day_plan_is_served_from_it(tmp_path, monkeypatch, caplog) -> None:
    """A multi-day plan.json that checks is taken as it is (one day per date); one of another length is not."""
    import shutil
    from pathlib import Path

    import web.store
    from planner.horizon.solve import plan_horizon

    week = Path(__file__).resolve().parents[1] / "data" / "sample-week"
    folder = tmp_path / "week"
    shutil.copytree(week, folder)
    plan = plan_horizon(read_ok(folder), SearchParams(time_limit=5)).plan
    (folder / "plan.json").write_text(plan.to_json(), encoding="utf-8")

    def no_search(*args, **kwargs):
        raise AssertionError("the saved week should have been used")

    monkeypatch.setattr(web.store, "plan_horizon", no_search)
    days = load_days(folder)
    assert [d.plan.date for d in days] == [day.date for day in plan.days]
    assert [d.plan.routes for d in days] == [day.routes for day in plan.days]
    shorter = plan.model_copy(update={"horizon_days": 3, "days": plan.days[:3]})
    (folder / "plan.json").write_text(shorter.to_json(), encoding="utf-8")
    monkeypatch.setattr(web.store, "plan_horizon", plan_horizon)
    with caplog.at_level(logging.WARNING, logger="web.store"):
        again = load_days(folder, SearchParams(time_limit=5))
    assert len(again) == 5 and "planned again" in caplog.text and "plans 3 days" in caplog.text
    assert all(not check(d.dataset, d.plan) for d in again)
