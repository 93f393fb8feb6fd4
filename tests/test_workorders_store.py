"""The work-order store on SQLite and on a real PostgreSQL: statuses, idempotence, versions, imports, plans.

Each test runs once per database (see ``workorder_db``).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.script import ScriptDirectory
from helpers_io import read_ok
from sqlalchemy import inspect, text
from status_contract import CONTRACT

import planner.store.importing as importing
from planner.domain import Dataset
from planner.store import (
    OrderNotFound,
    StaleVersion,
    StatusReport,
    TransitionRefused,
    change_status,
    dataset_for,
    import_dataset,
    live_day,
    open_database,
    order,
    orders,
    plan_versions,
    save_plan,
)
from planner.store.database import alembic_config
from planner.store.models import Base
from planner.workorders import NEXT, STATUSES, allowed, refusal

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
SHANGHAI = ZoneInfo("Asia/Shanghai")
AT = dt.datetime(2026, 11, 23, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def sample() -> Dataset:
    dataset = read_ok(SAMPLE)
    return dataset


def report(status: str, **fields) -> StatusReport:
    return StatusReport(status=status, at=fields.pop("at", AT), by=fields.pop("by", "T01"), **fields)


def snapshot(database) -> dict[str, list[tuple]]:
    """Every row of every table, to compare the store before and after."""
    with database.engine.connect() as connection:
        return {
            table: sorted(map(tuple, connection.execute(text(f"SELECT * FROM {table}"))), key=repr)
            for table in Base.metadata.tables
        }


def test_transitions_are_exactly_the_contracts_table() -> None:
    """All 81 pairs: allowed exactly when the contract lists the second status after the first."""
    assert set(STATUSES) == set(CONTRACT)
    for current in STATUSES:
        for wanted in STATUSES:
            assert allowed(current, wanted) == (wanted in CONTRACT[current]), (current, wanted)
    assert {status: set(options) for status, options in NEXT.items()} == CONTRACT


def test_refusal_names_both_statuses_in_both_languages() -> None:
    zh, en = refusal("done", "open")
    assert "done" in en and "open" in en and "已完成" in zh and "待派" in zh


def test_migrations_make_every_table_and_reopening_changes_nothing(db, store_url) -> None:
    """Opening runs Alembic to every head; a second open finds nothing to do and keeps the data."""

    from planner.store import models_web  # noqa: F401  (the app's tables)

    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables and "alembic_version" in tables
    assert {"posted_days", "staff_sessions"} <= tables
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    assert len(heads) == 1, f"migrations must form one line, not branches: {heads}"
    with db.engine.connect() as connection:
        assert set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars()) == heads
    again = open_database(store_url)
    assert set(inspect(again.engine).get_table_names()) == tables
    again.close()


def test_import_round_trips_the_dataset_and_is_idempotent(db, sample: Dataset) -> None:
    """The store gives back the same visits, technicians, parts, regions and settings; a second import changes nothing."""
    first = import_dataset(db, sample, AT)
    assert sorted(first.new) == sorted(v.id for v in sample.visits) and not first.updated
    before = snapshot(db)
    second = import_dataset(db, sample, AT + dt.timedelta(hours=1))
    assert (second.new, second.updated, second.still_open) == ((), (), ())
    assert len(second.unchanged) == len(sample.visits)
    assert snapshot(db) == before
    back = dataset_for(db, sample.settings.date)
    assert back.settings == sample.settings
    # The store keeps when each order came in (the import's date here) and gives it back as its age.
    aged = [v.model_copy(update={"created_date": AT.date()}) for v in sample.visits]
    assert sorted(back.visits, key=lambda v: v.id) == sorted(aged, key=lambda v: v.id)
    assert back.technicians == sample.technicians and back.parts == sample.parts and back.regions == sample.regions


def test_changed_row_updates_the_order_and_a_missing_open_order_stays_open(db, sample: Dataset) -> None:
    import_dataset(db, sample, AT)
    first, second, *rest = sample.visits
    changed = second.model_copy(update={"duration_min": second.duration_min + 15})
    later = sample.model_copy(update={"visits": (changed, *rest)})
    result = import_dataset(db, later, AT + dt.timedelta(days=1))
    assert result.updated == (second.id,) and result.changed_fields == {second.id: ("duration_min",)}
    assert result.still_open == (first.id,) and not result.new
    state = order(db, second.id)
    assert state.visit.duration_min == second.duration_min + 15 and state.version == 2 and state.status == "open"
    assert order(db, first.id).status == "open"


def test_interrupted_import_leaves_the_store_as_it_was(db, sample: Dataset, monkeypatch) -> None:
    """An error half-way through an import (here at the 30th order) rolls every earlier row back."""
    import_dataset(db, sample.model_copy(update={"visits": sample.visits[:10]}), AT)
    before = snapshot(db)
    real, calls = importing.import_order, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 30:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "import_order", failing)
    changed = sample.model_copy(update={"technicians": sample.technicians[1:]})
    with pytest.raises(RuntimeError):
        import_dataset(db, changed, AT + dt.timedelta(hours=2))
    assert len(calls) == 30
    assert snapshot(db) == before


def test_a_day_in_the_field(db, sample: Dataset) -> None:
    """planned -> en_route -> on_site -> done, each recorded with who, when, note and the new version."""
    import_dataset(db, sample, AT)
    visit_id = sample.visits[0].id
    state = order(db, visit_id)
    assert (state.status, state.version, [c.status for c in state.history]) == ("open", 1, ["open"])
    for number, status in enumerate(("planned", "en_route", "on_site", "done"), start=2):
        answer = change_status(
            db, visit_id, report(status, version=number - 1, note=f"step {status}", client_id=f"c-{status}")
        )
        assert (answer.status, answer.version) == (status, number)
    assert [(c.from_status, c.status) for c in answer.history] == [
        (None, "open"),
        ("open", "planned"),
        ("planned", "en_route"),
        ("en_route", "on_site"),
        ("on_site", "done"),
    ]
    last = answer.history[-1]
    assert (last.by, last.note, last.client_id, last.version) == ("T01", "step done", "c-done", 5)
    assert dt.datetime.fromisoformat(last.at) == AT and last.at.endswith("+08:00")


def test_refused_change_names_both_statuses_and_writes_nothing(db, sample: Dataset) -> None:
    import_dataset(db, sample, AT)
    visit_id = sample.visits[0].id
    before = snapshot(db)
    with pytest.raises(TransitionRefused) as refused:
        change_status(db, visit_id, report("done"))
    assert (refused.value.current, refused.value.wanted) == ("open", "done")
    assert snapshot(db) == before
    with pytest.raises(OrderNotFound):
        change_status(db, "NO-SUCH", report("planned"))


def test_same_client_id_twice_gives_one_record_and_the_same_answer(db, sample: Dataset) -> None:
    import_dataset(db, sample, AT)
    visit_id = sample.visits[0].id
    first = change_status(db, visit_id, report("planned", client_id="tap-1"))
    again = change_status(db, visit_id, report("planned", client_id="tap-1"))
    assert (again.status, again.version, again.history) == (first.status, first.version, first.history)
    assert [c.client_id for c in again.history].count("tap-1") == 1
    # The answer stays the recorded one after the order moved on.
    change_status(db, visit_id, report("en_route", client_id="tap-2"))
    late_repeat = change_status(db, visit_id, report("planned", client_id="tap-1"))
    assert (late_repeat.status, late_repeat.version) == ("planned", 2)
    assert len(late_repeat.history) == 3


def test_stale_version_is_refused_and_nothing_is_written(db, sample: Dataset) -> None:
    import_dataset(db, sample, AT)
    visit_id = sample.visits[0].id
    change_status(db, visit_id, report("planned", version=1))
    before = snapshot(db)
    with pytest.raises(StaleVersion) as stale:
        change_status(db, visit_id, report("en_route", version=1))
    assert (stale.value.given, stale.value.current) == (1, 2)
    assert snapshot(db) == before


def test_two_threads_changing_one_order_one_wins_the_other_is_told(db, sample: Dataset) -> None:
    """Eight phones send a change on the same version at once: exactly one is applied, seven are stale."""
    import_dataset(db, sample, AT)
    visit_id = sample.visits[0].id
    change_status(db, visit_id, report("planned", version=1))
    start = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def phone(number: int) -> None:
        start.wait()
        wanted = "en_route" if number % 2 else "on_site"
        try:
            change_status(db, visit_id, report(wanted, version=2, client_id=f"phone-{number}"))
            result = "won"
        except (StaleVersion, TransitionRefused):
            result = "told"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["told"] * 7 + ["won"]
    state = order(db, visit_id)
    assert state.version == 3 and len(state.history) == 3 and state.history[-1].status == state.status


def test_threads_without_versions_lose_no_update(db, sample: Dataset) -> None:
    """Changes to different orders at once are all kept (no write lost to another's transaction)."""
    import_dataset(db, sample, AT)
    ids = [visit.id for visit in sample.visits[:12]]
    errors: list[BaseException] = []

    def plan(visit_id: str) -> None:
        try:
            change_status(db, visit_id, report("planned", client_id=f"plan-{visit_id}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=plan, args=(visit_id,)) for visit_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(state.visit_id for state in orders(db, status="planned")) == sorted(ids)


def test_reading_orders_does_not_wait_for_a_writer(db, sample: Dataset) -> None:
    """A board reads the orders while a phone's change is still being written: it sees the last commit at once.

    On SQLite the writer holds the database's write lock; a read that
    asked for it too would wait (and give up after SQLite's wait).
    """
    import_dataset(db, sample, AT)
    visit_id = sample.visits[0].id
    with db.engine.begin() as writer:
        writer.execute(
            text("UPDATE work_orders SET status = 'planned', version = 2 WHERE id = :visit"), {"visit": visit_id}
        )
        assert order(db, visit_id).status == "open"
        listed = orders(db, ids={visit_id}, with_history=False)
        assert [(state.status, state.version, state.history) for state in listed] == [("open", 1, ())]
    assert order(db, visit_id).status == "planned"


def test_plans_are_kept_as_versions_and_mark_orders_planned(db, sample: Dataset) -> None:
    """Two plans of one date: both kept, the newer live; routed open orders become planned once."""
    from planner.planning import plan_day
    from planner.routing import SearchParams

    small = sample.model_copy(update={"visits": sample.visits[:8]})
    import_dataset(db, small, AT)
    dataset = dataset_for(db, small.settings.date)
    plan = plan_day(dataset, SearchParams(time_limit=1.0)).plan
    routed = {stop.visit_id for route in plan.routes for stop in route.stops}
    assert routed
    first = save_plan(db, dataset, plan, by="lead", moment=AT)
    second = save_plan(db, dataset, plan, by="manager", moment=AT + dt.timedelta(minutes=5))
    assert (first.version, second.version) == (1, 2)
    versions = plan_versions(db, small.settings.date)
    assert [(v.version, v.made_by, v.live) for v in versions] == [(1, "lead", False), (2, "manager", True)]
    live = live_day(db, small.settings.date)
    assert live is not None and live.plan == plan and live.dataset == dataset and live.version.version == 2
    planned = {state.visit_id for state in orders(db, status="planned")}
    assert planned == routed
    assert all([c.status for c in order(db, visit_id).history].count("planned") == 1 for visit_id in routed)
