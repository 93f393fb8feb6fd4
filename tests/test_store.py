"""The day store finds datasets in every form ``planner demo`` and users write."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import PLAN_DATE, day, tech, visit

from planner.io.write import write_dataset
from planner.routing import SearchParams
from web.store import DayStore


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
        web.store.load_day(tmp_path / "day")
    assert planned.value.args == (35.0,)
