"""``planner import``, ``planner plan --date`` and ``planner export`` on the work-order store."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers_io import read_ok

from planner.check import check
from planner.plan import Plan
from planner.store import StatusReport, change_status, dataset_for, open_database, order, plan_versions
from planner_cli.main import main

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
DATE = "2026-11-23"


def test_import_twice_reports_new_then_unchanged(store_url, capsys) -> None:
    assert main(["import", str(SAMPLE), "--db", store_url]) == 0
    assert "orders: 70 new, 0 updated, 0 unchanged; 0 still open from before" in capsys.readouterr().out
    assert main(["import", str(SAMPLE), "--db", store_url]) == 0
    assert "orders: 0 new, 0 updated, 70 unchanged; 0 still open from before" in capsys.readouterr().out


def test_import_reports_in_chinese_on_a_chinese_terminal(store_url, monkeypatch, capsys) -> None:
    """A zh_CN locale, no --lang: the report and the next step read in Chinese."""
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert main(["import", str(SAMPLE), "--db", store_url]) == 0
    out = capsys.readouterr().out
    assert "工单：新增 70，更新 0，不变 0；之前未完成的 0" in out and f"下一步：planner plan --date {DATE}" in out


def test_import_reports_updated_and_still_open(store_url, tmp_path, capsys) -> None:
    assert main(["import", str(SAMPLE), "--db", store_url]) == 0
    changed = tmp_path / "changed"
    shutil.copytree(SAMPLE, changed)
    lines = (changed / "visits.csv").read_text(encoding="utf-8-sig").splitlines()
    header, _first, second, *rest = lines
    second = second.replace(",90,09:00,11:00,", ",75,09:00,11:00,")
    (changed / "visits.csv").write_text("\n".join([header, second, *rest]) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(changed), "--db", store_url]) == 0
    out = capsys.readouterr().out
    assert "0 new, 1 updated, 68 unchanged; 1 still open from before" in out
    assert "updated V002: duration_min" in out and "still open, not in this import: V001" in out


@pytest.mark.parametrize(
    ("table", "changes", "expected"),
    [
        (
            "visits.csv",
            {"39.96071,116.478341": "north,116.478341", ",90,09:00,11:00,": ",-5,09:00,11:00,"},
            ("visits.csv, row 2, column lat", "visits.csv, row 3, column duration_min"),
        ),
        # An id is a key of the store (its KPI query joins keys with U+001F): one holding it is refused.
        (
            "technicians.csv",
            {"\nT02,": "\nT\x1f02,"},
            ("technicians.csv, row 3, column id: id T\\x1f02 holds a control character (U+001F)",),
        ),
    ],
)
def test_bad_rows_are_reported_like_validate_and_nothing_is_written(
    store_url, tmp_path, capsys, table, changes, expected
) -> None:
    """Every problem with file, row and column, exit 2, and the store keeps what it had (files in GB18030)."""
    assert main(["import", str(SAMPLE), "--db", store_url]) == 0
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE, broken)
    text = (broken / table).read_text(encoding="utf-8-sig")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    (broken / table).write_bytes(text.encode("gb18030"))
    capsys.readouterr()
    assert main(["validate", str(broken)]) == 2
    expected_err = capsys.readouterr().err
    assert main(["import", str(broken), "--db", store_url]) == 2
    err = capsys.readouterr().err
    assert err == expected_err
    assert all(where in err for where in expected)
    db = open_database(store_url)
    try:
        assert order(db, "V002").visit.duration_min == 90
        assert [t.id for t in dataset_for(db, dt.date(2026, 11, 23)).technicians][:2] == ["T01", "T02"]
    finally:
        db.close()


def test_database_from_the_environment_else_planner_db_here(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
    assert main(["import", str(SAMPLE)]) == 0
    assert (tmp_path / "planner.db").is_file()
    elsewhere = tmp_path / "elsewhere.db"
    monkeypatch.setenv("PLANNER_DATABASE_URL", f"sqlite:///{elsewhere}")
    assert main(["import", str(SAMPLE)]) == 0
    assert elsewhere.is_file() and "70 new" in capsys.readouterr().out


def test_an_unreachable_database_is_exit_2(capsys) -> None:
    assert main(["import", str(SAMPLE), "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"]) == 2
    assert "cannot open the store postgresql+psycopg://nobody@127.0.0.1:1/none" in capsys.readouterr().err


def test_plan_from_the_store_checks_and_is_kept_as_a_version(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    assert main(["import", str(SAMPLE), "--db", url]) == 0
    out = tmp_path / "plan.json"
    assert main(["plan", "--db", url, "--date", DATE, "--out", str(out), "--time-limit", "2"]) == 0
    assert "plan version 1 of 2026-11-23 is live" in capsys.readouterr().out
    plan = Plan.from_json(out.read_text(encoding="utf-8"))
    sample = read_ok(SAMPLE)
    assert not check(sample, plan.model_dump(mode="json", by_alias=True))
    db = open_database(url)
    try:
        assert [(v.version, v.live) for v in plan_versions(db, dt.date(2026, 11, 23))] == [(1, True)]
        routed = {stop.visit_id for route in plan.routes for stop in route.stops}
        assert all(order(db, visit_id).status == "planned" for visit_id in routed)
        # Planned orders not done that day wait for the next one.
        assert {v.id for v in dataset_for(db, dt.date(2026, 11, 24)).visits} == {v.id for v in sample.visits}
    finally:
        db.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "--out", "x.json"],
        ["plan", str(SAMPLE), "--date", DATE, "--out", "x.json"],
        ["plan", "--db", "sqlite:///x.db", "--out", "x.json"],
    ],
)
def test_plan_needs_a_dataset_or_a_date_not_both(argv, capsys) -> None:
    assert main(argv) == 2
    assert "error:" in capsys.readouterr().err


def test_export_writes_the_morning_and_the_days_statuses(store_url, tmp_path, capsys) -> None:
    """The folder reads back as the orders waiting that morning; statuses.csv holds that day's changes."""
    assert main(["import", str(SAMPLE), "--db", store_url]) == 0
    db = open_database(store_url)
    zone = ZoneInfo("Asia/Shanghai")
    try:
        # V001 was cancelled the day before: not waiting that morning; V002 started that day: still waiting.
        change_status(db, "V001", StatusReport("cancelled", dt.datetime(2026, 11, 22, 17, 0, tzinfo=zone), "lead"))
        for hour, status in ((8, "planned"), (9, "en_route"), (10, "on_site")):
            change_status(
                db,
                "V002",
                StatusReport(
                    status,
                    dt.datetime(2026, 11, 23, hour, 0, tzinfo=zone),
                    "T03",
                    note=f"到了 {hour}",
                    client_id=f"tap-{hour}",
                ),
            )
    finally:
        db.close()
    out = tmp_path / "day"
    assert main(["export", "--db", store_url, "--date", DATE, "--out", str(out)]) == 0
    assert "69 orders waiting that morning, 3 status changes that day" in capsys.readouterr().out
    exported = read_ok(out)
    sample = read_ok(SAMPLE)
    assert {v.id for v in exported.visits} == {v.id for v in sample.visits} - {"V001"}
    assert exported.settings == sample.settings and exported.technicians == sample.technicians
    rows = list(csv.DictReader((out / "statuses.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["visit_id"], r["from_status"], r["status"], r["client_id"]) for r in rows] == [
        ("V002", "open", "planned", "tap-8"),
        ("V002", "planned", "en_route", "tap-9"),
        ("V002", "en_route", "on_site", "tap-10"),
    ]
    assert rows[0]["at"] == "2026-11-23T08:00:00+08:00" and rows[2]["note"] == "到了 10"


def test_replan_from_the_field_takes_called_off_visits_out_and_keeps_a_new_version(tmp_path, capsys) -> None:
    """Not home and needs-a-part reported for visits not yet begun: the re-plan at 10:00 drops both from today."""
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    assert main(["import", str(SAMPLE), "--db", url]) == 0
    first = tmp_path / "plan.json"
    assert main(["plan", "--db", url, "--date", DATE, "--out", str(first), "--time-limit", "2"]) == 0
    plan = Plan.from_json(first.read_text(encoding="utf-8"))
    later = [stop.visit_id for route in plan.routes for stop in route.stops if stop.start.hour >= 11]
    assert len(later) >= 3
    not_home, needs_part, untouched = later[:3]
    zone = ZoneInfo("Asia/Shanghai")
    db = open_database(url)
    try:
        for visit_id, steps in ((not_home, ("en_route", "not_home")), (needs_part, ("on_site", "needs_part"))):
            for minute, status in enumerate(steps):
                change_status(
                    db, visit_id, StatusReport(status, dt.datetime(2026, 11, 23, 9, minute, tzinfo=zone), "T01")
                )
    finally:
        db.close()
    capsys.readouterr()
    out = tmp_path / "new.json"
    assert main(["replan", "--db", url, "--date", DATE, "--at", "10:00", "--out", str(out), "--time-limit", "2"]) == 0
    printed = capsys.readouterr().out
    assert f"not home {not_home}" in printed and f"off today {needs_part}" in printed
    new = Plan.from_json(out.read_text(encoding="utf-8"))
    routed = {stop.visit_id for route in new.routes for stop in route.stops}
    assert not_home not in routed and needs_part not in routed and untouched in routed
    db = open_database(url)
    try:
        assert [(v.version, v.live) for v in plan_versions(db, dt.date(2026, 11, 23))] == [(1, False), (2, True)]
        assert order(db, not_home).status == "not_home"
    finally:
        db.close()


def test_replan_needs_either_files_or_the_stores_day(capsys) -> None:
    assert main(["replan", "--date", DATE, "--out", "x.json"]) == 2
    assert main(["replan", str(SAMPLE), "--out", "x.json"]) == 2
    assert capsys.readouterr().err.count("error:") == 2
