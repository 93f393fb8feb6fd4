"""What the KPIs read of an order's history, kept on its row, agrees with the history; on SQLite and PostgreSQL.

Each order's row keeps its first done, first closing, first arrival and
trips to the door (``planner.store.order_facts``) so that the KPI queries
never sum the history. Here they are worked out again from the raw
``status_changes`` rows, after every change of a sequence with returns to
``open`` (not at home, a part missing), a change reported late with an
earlier time, a repeated and a refused change, a cancellation and a
complaint reopened from a callback; and again after the migration that
added them has filled them from the history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import text

from planner.io import read_dataset
from planner.store import StaleVersion, StatusReport, TransitionRefused, change_status, import_dataset
from planner.store.callbacks import record_callback
from planner.store.database import alembic_config
from planner.store.kpi_bench import fill

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = dt.datetime(2026, 11, 23, 8, 0, tzinfo=SHANGHAI)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

#: Each order's reported changes: status and minutes after MORNING.
PATHS = {
    # not at home, back to open, planned again and done on the second trip
    0: [("planned", 0), ("en_route", 30), ("not_home", 60), ("open", 70), ("planned", 80), ("en_route", 1500),
        ("on_site", 1530), ("done", 1600)],
    # a part missing: two arrivals, the first is the first
    1: [("planned", 0), ("en_route", 40), ("on_site", 90), ("needs_part", 100), ("open", 110), ("planned", 120),
        ("en_route", 2900), ("on_site", 2950), ("done", 3000)],
    # the arrival reported after the done, with its own (earlier) time
    2: [("planned", 0), ("en_route", 20), ("on_site", 50), ("done", 45)],
    # cancelled before anyone went
    3: [("planned", 0), ("cancelled", 10)],
    # on its way, not there yet
    4: [("planned", 0), ("en_route", 25)],
}  # fmt: skip


@pytest.fixture(scope="module")
def sample():
    return read_dataset(SAMPLE).dataset


def second(moment: dt.datetime) -> int:
    return int((moment - EPOCH).total_seconds())


def history_facts(database) -> dict[str, tuple]:
    """Each order's facts worked out from its raw status changes and its created_at."""
    with database.engine.connect() as connection:
        changes = connection.execute(text("SELECT visit_id, status, at FROM status_changes")).all()
        made = connection.execute(text("SELECT id, created_at FROM work_orders")).all()
    times: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for visit_id, status, at in changes:
        times[visit_id][status].append(second(dt.datetime.fromisoformat(at)))

    def first(visit_id: str, *statuses: str) -> int | None:
        found = [moment for status in statuses for moment in times[visit_id][status]]
        return min(found) if found else None

    return {
        visit_id: (
            second(dt.datetime.fromisoformat(created_at)),
            first(visit_id, "done"),
            first(visit_id, "done", "cancelled"),
            first(visit_id, "on_site"),
            len(times[visit_id]["on_site"]) + len(times[visit_id]["not_home"]),
        )
        for visit_id, created_at in made
    }


def kept_facts(database) -> dict[str, tuple]:
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, created_s, done_s, closed_s, arrived_s, door_visits FROM work_orders")
        ).all()
    return {visit_id: tuple(facts) for visit_id, *facts in rows}


def report(status: str, minutes: int, **fields) -> StatusReport:
    return StatusReport(status=status, at=MORNING + dt.timedelta(minutes=minutes), by="T01", **fields)


def test_kept_facts_follow_every_status_change(db, sample) -> None:
    import_dataset(db, sample, MORNING - dt.timedelta(days=1))
    assert kept_facts(db) == history_facts(db)
    ids = [visit.id for visit in sample.visits]
    for number, path in PATHS.items():
        for status, minutes in path:
            change_status(db, ids[number], report(status, minutes, client_id=f"{ids[number]}-{status}-{minutes}"))
            assert kept_facts(db) == history_facts(db), (number, status)
    kept = kept_facts(db)
    assert kept[ids[0]][4] == 2 and kept[ids[1]][4] == 2  # two trips to the door each
    assert kept[ids[1]][3] == second(MORNING + dt.timedelta(minutes=90))  # the first arrival, not the last
    assert kept[ids[2]][1] == second(MORNING + dt.timedelta(minutes=45)) < kept[ids[2]][3]
    assert kept[ids[3]][1:] == (None, second(MORNING + dt.timedelta(minutes=10)), None, 0)

    visit_id = ids[5]
    for status, minutes in (("planned", 0), ("en_route", 10), ("on_site", 30)):
        change_status(db, visit_id, report(status, minutes, client_id=f"again-{status}"))
    change_status(db, visit_id, report("on_site", 30, client_id="again-on_site"))  # the phone sent it twice
    with pytest.raises(StaleVersion):
        change_status(db, visit_id, report("done", 40, version=1))
    with pytest.raises(TransitionRefused):
        change_status(db, visit_id, report("cancelled", 40))
    assert kept_facts(db)[visit_id][1:] == (None, None, second(MORNING + dt.timedelta(minutes=30)), 1)
    assert kept_facts(db) == history_facts(db)

    complaint = record_callback(
        db, ids[0], "unsatisfied", "CS01", "cb-1", at=MORNING + dt.timedelta(days=2), note="又坏了"
    )[1]
    assert complaint is not None
    kept = kept_facts(db)
    assert kept[complaint] == (second(MORNING + dt.timedelta(days=2)), None, None, None, 0)
    assert kept == history_facts(db)


def test_the_migration_fills_the_facts_from_the_history(db, sample) -> None:
    import_dataset(db, sample, MORNING - dt.timedelta(days=1))
    ids = [visit.id for visit in sample.visits]
    for number, path in PATHS.items():
        for status, minutes in path:
            change_status(db, ids[number], report(status, minutes))
    expected = kept_facts(db)
    assert expected == history_facts(db)
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    with db.engine.begin() as connection:
        # an order imported before its creation time was kept counts from local midnight of its created date
        connection.execute(text("UPDATE work_orders SET created_at = NULL WHERE id = :id"), {"id": ids[6]})
        created = connection.execute(text("SELECT created_date FROM work_orders WHERE id = :id"), {"id": ids[6]})
        created_date = dt.date.fromisoformat(str(created.scalar_one()))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")
    midnight = dt.datetime.combine(created_date, dt.time(), SHANGHAI)
    assert kept_facts(db) == {**expected, ids[6]: (second(midnight), *expected[ids[6]][1:])}


def test_the_benchmarks_bulk_history_keeps_the_same_facts(db) -> None:
    """``planner bench-kpis`` writes its made-up history many rows a statement, bypassing ``record``."""
    fill(db, dt.date(2026, 1, 5), 2, 60)
    kept = kept_facts(db)
    assert len(kept) == 120 and any(facts[4] == 2 for facts in kept.values())  # some second trips
    assert kept == history_facts(db)
