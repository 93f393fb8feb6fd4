"""KPIs from the store agree with ``planner.history`` on a generated history, on SQLite and PostgreSQL; the command line.

The history is made by running the real planner day by day
(``planner.history.simulate``), written into the store, and the figures
the store's queries give are compared with ``compute_kpis`` on the
simulation's own records (never the store's).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import update

from planner.history.kpis import BY_KINDS, KPI_NAMES, compute_kpis
from planner.history.periods import PERIOD_KINDS, DateRangeError
from planner.history.simulate import simulate_history
from planner.store.history_writer import StoreNotEmpty, write_history
from planner.store.kpi_query import kpi_rows
from planner.store.models import SettingRow, WorkOrderRow

START = dt.date(2026, 11, 2)
DAYS = 6
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def history():
    return simulate_history(DAYS, start=START, technicians=4, seed=3, time_limit=0.5)


def test_store_queries_and_history_records_give_the_same_figures(db, history) -> None:
    write_history(db, history)
    end = START + dt.timedelta(days=DAYS + 3)
    for by in BY_KINDS:
        for period in PERIOD_KINDS:
            expected = compute_kpis(
                history.orders, history.statuses, history.callbacks, START, end, by=by, period=period
            )
            assert kpi_rows(db, START, end, by=by, period=period) == expected, (by, period)
    counted = kpi_rows(db, START, end, period="month")
    assert any(row.figures["on_time_completion"].denominator for row in counted)
    assert any(row.figures["satisfaction"].denominator for row in counted)


def test_a_range_inside_the_history_gives_the_same_figures_as_the_records(db, history) -> None:
    """Orders created before the range are in its backlog from the first period on; what happens after it counts nowhere."""
    write_history(db, history)
    first, last = START + dt.timedelta(days=2), START + dt.timedelta(days=3)
    for by in BY_KINDS:
        for period in PERIOD_KINDS:
            expected = compute_kpis(
                history.orders, history.statuses, history.callbacks, first, last, by=by, period=period
            )
            assert kpi_rows(db, first, last, by=by, period=period) == expected, (by, period)
    assert any(row.figures["backlog_open"].value for row in expected)


def test_a_key_holding_the_separator_of_the_read_columns_is_refused_not_miscounted(db, history) -> None:
    """Each column comes back as one text, values joined by U+001F: a key holding it would shift every later order."""
    write_history(db, history)
    with db.transaction() as session:
        session.execute(update(WorkOrderRow).where(WorkOrderRow.id == history.orders[0].id).values(group_id="G\x1f1"))
    with pytest.raises(ValueError, match="separator U\\+001F"):
        kpi_rows(db, START, START + dt.timedelta(days=DAYS), by="group")
    assert kpi_rows(db, START, START + dt.timedelta(days=DAYS), by="technician")  # other keys are read as before


def test_an_empty_store_has_no_figures(db) -> None:
    assert kpi_rows(db, START, START + dt.timedelta(days=6), by="technician", period="week") == []


def test_a_zone_with_summer_time_gives_the_same_figures_as_the_records(db, history) -> None:
    """SQLite knows no time zones: the store's SQL spells out the zone's offsets, changes of summer time included."""
    write_history(db, history)
    with db.transaction() as session:
        session.merge(SettingRow(key="timezone", value="Europe/Berlin"))
    end = START + dt.timedelta(days=DAYS + 3)
    for period in PERIOD_KINDS:
        expected = compute_kpis(
            history.orders,
            history.statuses,
            history.callbacks,
            START - dt.timedelta(days=40),
            end,
            by="technician",
            period=period,
            timezone="Europe/Berlin",
        )
        assert kpi_rows(db, START - dt.timedelta(days=40), end, by="technician", period=period) == expected, period


def test_a_history_is_written_only_into_an_empty_store(db, history) -> None:
    write_history(db, history)
    with pytest.raises(StoreNotEmpty):
        write_history(db, history)


def test_a_range_ending_before_it_starts_is_refused(db) -> None:
    with pytest.raises(DateRangeError):
        kpi_rows(db, START, START - dt.timedelta(days=1))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner_cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_kpis_command_prints_contract_names_with_counts_and_refuses_a_reversed_range(tmp_path, history) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    from planner.store import open_database

    database = open_database(url)
    write_history(database, history)
    database.close()
    done = run(
        "kpis",
        "--db",
        url,
        "--from",
        START.isoformat(),
        "--to",
        "2026-11-08",
        "--period",
        "week",
        "--by",
        "group",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows and set(KPI_NAMES) <= set(rows[0])
    assert {"value", "numerator", "denominator"} == set(rows[0]["on_time_completion"])
    assert all(row["name"] for row in rows if row["key"])  # groups by name, not id
    table = run("kpis", "--db", url, "--from", START.isoformat(), "--to", "2026-11-08")
    assert table.returncode == 0 and "按时完成率" in table.stdout and "注意" not in table.stderr
    refused = run("kpis", "--db", url, "--from", "2026-11-08", "--to", "2026-11-02")
    assert refused.returncode == 2
    assert "2026-11-02" in refused.stderr and "2026-11-08" in refused.stderr and refused.stdout == ""


def test_kpis_command_warns_while_a_years_holidays_are_guessed(tmp_path, history) -> None:
    """2027's holidays are not in the official calendar yet: counting into 2027 says so, until the store has them."""
    url = f"sqlite:///{tmp_path / 'h.db'}"
    from planner.store import open_database
    from planner.workdays import WorkCalendar

    assert WorkCalendar().guessed_years([dt.date(2027, 2, 8)]) == (2027,)  # the premise: 2027 is not known yet
    database = open_database(url)
    write_history(database, history)
    database.close()
    into_2027 = ("kpis", "--db", url, "--from", START.isoformat(), "--to", "2027-01-10", "--lang", "en")
    warned = run(*into_2027)
    assert warned.returncode == 0 and "2027" in warned.stderr and "Monday-Friday" in warned.stderr
    assert "2026" not in warned.stderr
    notice = tmp_path / "2027.csv"
    notice.write_text("date,kind\n2027-01-01,holiday\n2027-02-08,holiday\n", encoding="utf-8")
    assert run("calendar", str(notice), "--db", url).returncode == 0
    assert "Monday-Friday" not in run(*into_2027).stderr


def test_demo_history_fills_an_empty_store_and_refuses_a_full_one(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    made = run(
        "demo", "--history", "2", "--db", url, "--technicians", "4", "--time-limit", "0.5", "--start", "2026-11-02"
    )
    assert made.returncode == 0, made.stderr
    from planner.store import live_dates, open_database, orders

    database = open_database(url)
    try:
        assert sorted(live_dates(database)) == [dt.date(2026, 11, 2), dt.date(2026, 11, 3)]
        stored = orders(database)
        assert stored and {state.status for state in stored} & {"done"}
        assert all(state.history[0].status == "open" for state in stored)
    finally:
        database.close()
    again = run("demo", "--history", "2", "--db", url)
    assert again.returncode == 2 and "already holds work orders" in again.stderr
    assert "planning" not in again.stdout  # refused before any planning
    assert run("demo", "--history", "0", "--db", url).returncode == 2


def test_bench_kpis_prints_every_query_with_its_times(tmp_path) -> None:
    """A small run of the benchmark; the figures themselves are for people to read, not for a test to judge."""
    done = run("bench-kpis", "--days", "3", "--orders", "40", "--db", f"sqlite:///{tmp_path / 'bench.db'}")
    assert done.returncode == 0, done.stderr
    assert "3 days x 40 orders" in done.stdout
    lines = [line for line in done.stdout.splitlines() if line.startswith("kpis --by")]
    assert len(lines) == len(BY_KINDS) * len(PERIOD_KINDS)
    assert all(" s (CPU " in line for line in lines)
    by_department_a_day = next(line for line in lines if "department --period day" in line)
    assert by_department_a_day.endswith(" 3 rows")
