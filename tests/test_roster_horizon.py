"""The horizon planner follows the weekly roster on each of its dates (roster.csv beside the dataset)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from helpers_io import read_ok
from roster_builders import SAMPLE_ROSTER

from planner_cli.main import main

ROOT = Path(__file__).resolve().parents[1]
WEEK, SAMPLE = ROOT / "data" / "sample-week", ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def text(tmp_path_factory) -> str:
    """The sample's weekly roster, made once with ``planner roster``."""
    out = tmp_path_factory.mktemp("roster") / "roster.csv"
    assert main(["roster", str(SAMPLE_ROSTER), "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8-sig")


def rostered(text: str) -> dict[tuple[str, dt.date], dict]:
    return {(r["technician_id"], dt.date.fromisoformat(r["date"])): r for r in csv.DictReader(text.splitlines())}


def with_roster(source: Path, folder: Path, text: str) -> Path:
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("roster"))
    (folder / "roster.csv").write_text(text, encoding="utf-8")
    return folder


def plan_and_check(folder: Path, plan: Path, *extra: str) -> dict:
    assert main(["plan", str(folder), "--out", str(plan), "--time-limit", "5", *extra]) == 0
    assert main(["check", str(folder), str(plan)]) == 0
    return json.loads(plan.read_text(encoding="utf-8"))


def assert_follows(plan: dict, roster: dict[tuple[str, dt.date], dict], folder: Path, days: int) -> None:
    """Nobody off in the roster has a route that day; everyone's shift that date is the roster's
    (except where availability.csv names the person and date: it wins)."""
    dataset = read_ok(folder, days)
    changed = set()
    if (folder / "availability.csv").exists():
        rows = csv.DictReader((folder / "availability.csv").read_text(encoding="utf-8-sig").splitlines())
        changed = {(r["technician_id"], dt.date.fromisoformat(r["date"])) for r in rows}
    people = {t.id: t for t in dataset.technicians}
    assert len(plan["days"]) == days
    for day in plan["days"]:
        date = dt.date.fromisoformat(day["date"])
        for route in day["routes"]:
            if (route["technician_id"], date) not in changed:
                assert roster[(route["technician_id"], date)]["shift"] != "off", (date, route["technician_id"])
        for who, person in people.items():
            if (who, date) in changed:
                continue
            row = roster[(who, date)]
            shift = dataset.shift_on(person, date)
            if row["shift"] == "off":
                assert shift is None, (who, date)
            else:
                start, end = (int(x[:2]) * 60 + int(x[3:]) for x in (row["shift_start"], row["shift_end"]))
                assert shift == (start, end), (who, date, shift)


def test_the_sample_week_follows_the_roster_each_day(tmp_path: Path, text: str) -> None:
    folder = with_roster(WEEK, tmp_path / "week", text)
    plan = plan_and_check(folder, tmp_path / "plan.json")
    assert_follows(plan, rostered(text), folder, 5)
    # The roster's late shift (12:00-21:00) is worked somewhere in the week: the plan did not keep technicians.csv.
    assert any(r["shift"] == "late" for r in rostered(text).values())


def test_plan_days_on_a_one_day_dataset_follows_the_roster_on_every_date(tmp_path: Path, text: str) -> None:
    """``--days 3`` reads the roster for all three dates, and ``planner check`` reads the plan's horizon."""
    folder = with_roster(SAMPLE, tmp_path / "day", text)
    plan = plan_and_check(folder, tmp_path / "plan.json", "--days", "3")
    assert_follows(plan, rostered(text), folder, 3)


def test_availability_wins_over_the_roster_for_its_person_and_date(tmp_path: Path) -> None:
    """availability.csv records a later change: T03 off on 11-24 and T06 08:30-17:30 on 11-26 stay so."""
    text = (
        "technician_id,date,shift,shift_start,shift_end\n"
        "T03,2026-11-24,day,08:30,17:30\nT06,2026-11-26,late,12:00,21:00\nT01,2026-11-25,late,12:00,21:00\n"
    )
    folder = with_roster(WEEK, tmp_path / "week", text)
    dataset = read_ok(folder)
    person = {t.id: t for t in dataset.technicians}
    assert dataset.shift_on(person["T03"], dt.date(2026, 11, 24)) is None
    assert dataset.shift_on(person["T06"], dt.date(2026, 11, 26)) == (8 * 60 + 30, 17 * 60 + 30)
    assert dataset.shift_on(person["T01"], dt.date(2026, 11, 25)) == (12 * 60, 21 * 60)
    assert dataset.shift_on(person["T01"], dt.date(2026, 11, 24)) == (8 * 60 + 30, 17 * 60 + 30)  # no row: usual shift
