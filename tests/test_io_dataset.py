"""Loading whole datasets: every error and warning, located; CSV, XLSX and JSON agree."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers_io import SETTINGS, csv_text, found, only_problem, part, read_ok, region, technician, visit, write_dataset

from planner.domain import Dataset, Settings
from planner.io import Loaded, dataset_from_document, read_dataset


def load(tmp_path: Path, **tables) -> Loaded:
    """Write a dataset folder (defaults for what is not given) and read it back."""
    return read_dataset(write_dataset(tmp_path / "day", **tables))


def assert_error(loaded: Loaded, file: str, row: int | None, column: str | None, message: str) -> None:
    """The load failed with exactly this one error."""
    problem = only_problem(loaded)
    assert (problem.file, problem.row, problem.column, problem.severity) == (file, row, column, "error"), str(problem)
    assert message in problem.message
    assert loaded.dataset is None and not loaded.ok


def loaded_ok(loaded: Loaded) -> Dataset:
    """The dataset of a load that succeeded."""
    assert loaded.dataset is not None, [str(p) for p in loaded.problems]
    return loaded.dataset


def assert_warning(loaded: Loaded, file: str, row: int | None, column: str | None, message: str) -> None:
    """The load succeeded with exactly this one warning."""
    problem = only_problem(loaded)
    assert (problem.file, problem.row, problem.column, problem.severity) == (file, row, column, "warning"), str(problem)
    assert message in problem.message
    assert loaded.ok and loaded.dataset is not None


# --- a valid dataset ---------------------------------------------------------------


def test_valid_folder_loads_every_field(tmp_path):
    """A clean folder gives no problems and the models hold the converted values."""
    loaded = load(tmp_path)
    assert loaded.problems == () and loaded.ok
    dataset = loaded.dataset
    assert dataset is not None
    wang = dataset.technician("T01")
    assert wang.skills == {"sofa_repair": 3, "install": 1}
    assert (wang.shift_start, wang.shift_end, wang.max_visits) == (510, 1050, 6)
    assert wang.regions == ("chaoyang",)
    assert dataset.technician("T02").max_visits is None
    repair = dataset.visit("V001")
    assert (repair.window_start, repair.window_end) == (540, 720)
    assert repair.due_date == dt.date(2026, 11, 23) and repair.parts == {"P1": 1}
    assert repair.pinned_technician is None and repair.preferred_technician == "T01"
    assert dataset.stock() == {"P1": 3}
    assert [r.name for r in dataset.regions] == ["朝阳区", "海淀区"]
    assert dataset.org is None


def test_settings_defaults_fill_what_is_not_given(tmp_path):
    """With only a date, the contract's defaults apply."""
    settings = loaded_ok(load(tmp_path, settings="date: 2026-11-23\n")).settings
    assert settings == Settings(
        date=dt.date(2026, 11, 23),
        timezone="Asia/Shanghai",
        speed_kmh=30,
        road_factor=1.3,
        lunch_start=690,
        lunch_end=810,
        lunch_minutes=45,
    )


def test_settings_lunch_window_becomes_minutes(tmp_path):
    """lunch_window HH:MM-HH:MM maps to lunch_start/lunch_end in minutes after midnight."""
    text = (
        "date: 2026-11-23\nlunch_window: '12:00-13:00'\nlunch_minutes: 30\n"
        "speed_kmh: 25.5\nroad_factor: 1.4\ntimezone: Europe/Berlin\n"
    )
    settings = loaded_ok(load(tmp_path, settings=text)).settings
    assert (settings.lunch_start, settings.lunch_end, settings.lunch_minutes) == (720, 780, 30)
    assert (settings.speed_kmh, settings.road_factor, settings.timezone) == (25.5, 1.4, "Europe/Berlin")


def test_full_width_separators_are_accepted(tmp_path):
    """Lists typed with a Chinese keyboard (；) read like ';'."""
    loaded = load(tmp_path, technicians=[technician(skills="sofa_repair:3；install", regions="chaoyang；haidian")])
    assert loaded.dataset is not None
    wang = loaded.dataset.technician("T01")
    assert wang.skills == {"sofa_repair": 3, "install": 1}
    assert wang.regions == ("chaoyang", "haidian")


def test_org_yaml_is_loaded_as_a_mapping(tmp_path):
    """org.yaml becomes Dataset.org unchanged."""
    loaded = load(tmp_path, org="version: 1\nroles:\n  - id: repair_technician\n")
    assert loaded.dataset is not None
    assert loaded.dataset.org == {"version": 1, "roles": [{"id": "repair_technician"}]}


# --- encodings ------------------------------------------------------------------------


def test_gb18030_csv_with_chinese_names_loads(tmp_path):
    """Files saved by Excel on a Chinese Windows read with their Chinese text intact."""
    folder = write_dataset(
        tmp_path / "day",
        technicians=[technician(name="王伟")],
        visits=[visit(customer="张三", address="朝阳区建国路1号")],
    )
    for name in ("technicians.csv", "visits.csv", "regions.csv"):
        path = folder / name
        path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    loaded = read_dataset(folder)
    assert loaded.dataset is not None
    assert loaded.problems == ()
    assert loaded.dataset.technician("T01").name == "王伟"
    assert loaded.dataset.visit("V001").address == "朝阳区建国路1号"
    assert loaded.dataset.regions[0].name == "朝阳区"


def test_utf8_with_bom_loads(tmp_path):
    """A BOM before the header does not hide the first column (id)."""
    folder = write_dataset(tmp_path / "day")
    path = folder / "visits.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-8-sig"))
    loaded = read_dataset(folder)
    assert loaded.dataset is not None
    assert loaded.problems == ()
    assert [v.id for v in loaded.dataset.visits] == ["V001", "V002"]


def test_csv_in_unknown_encoding_is_an_error(tmp_path):
    """A UTF-16 file is one clear error and no dataset."""
    folder = write_dataset(tmp_path / "day")
    path = folder / "visits.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert_error(read_dataset(folder), "visits.csv", None, None, "neither UTF-8 nor GB18030")


# --- all problems at once ---------------------------------------------------------------


def test_three_different_errors_in_one_file_are_all_reported(tmp_path):
    """One pass lists every bad cell with its own row and column."""
    visits = [visit(priority="7"), visit(id="V002", window_start="9h"), visit(id="V003", lat="north")]
    loaded = load(tmp_path, visits=visits)
    assert loaded.dataset is None
    assert sorted((p.row, p.column, p.severity) for p in loaded.problems) == [
        (2, "priority", "error"),
        (3, "window_start", "error"),
        (4, "lat", "error"),
    ]
    assert all(p.file == "visits.csv" for p in loaded.problems)


def test_errors_in_several_files_are_all_reported(tmp_path):
    """Problems in settings, technicians and visits come back together."""
    loaded = load(
        tmp_path,
        settings="date: 2026-11-23\ntimezone: Beijing\n",
        technicians=[technician(), technician()],
        visits=[visit(type="fix")],
    )
    assert {(p.file, p.column) for p in loaded.problems} == {
        ("settings.yaml", "timezone"),
        ("technicians.csv", "id"),
        ("visits.csv", "type"),
    }


# --- errors: files -----------------------------------------------------------------------


def test_missing_dataset_path_is_an_error(tmp_path):
    """A path that does not exist is an error, not an exception."""
    loaded = read_dataset(tmp_path / "nowhere")
    assert_error(loaded, "nowhere", None, None, "does not exist")


def test_missing_settings_yaml_is_an_error(tmp_path):
    """Without settings.yaml there is no plan date."""
    assert_error(load(tmp_path, settings=None), "settings.yaml", None, None, "missing")


@pytest.mark.parametrize("table", ["visits", "technicians"])
def test_missing_required_table_is_an_error(tmp_path, table):
    """visits.csv and technicians.csv must exist."""
    loaded = load(tmp_path, **{table: None})
    assert found(loaded, file=f"{table}.csv", severity="error", contains="is missing")
    assert loaded.dataset is None


def test_file_of_unknown_kind_is_an_error(tmp_path):
    """A path that is neither folder, workbook nor JSON is reported."""
    path = tmp_path / "day.txt"
    path.write_text("hello")
    assert_error(read_dataset(path), "day.txt", None, None, "not a dataset")


def test_org_yaml_that_is_not_a_mapping_is_an_error(tmp_path):
    """org.yaml must map names to values."""
    assert_error(load(tmp_path, org="- a\n- b\n"), "org.yaml", None, None, "must be a mapping")


def test_org_yaml_with_bad_syntax_is_an_error(tmp_path):
    """Invalid YAML in org.yaml is reported with its line."""
    assert_error(load(tmp_path, org="roles: [a, b\n"), "org.yaml", 2, None, "not valid YAML")


# --- errors: columns and cells -------------------------------------------------------------


def test_missing_required_column_is_one_error_at_the_header(tmp_path):
    """A missing column is reported once, at row 1, not once per row."""
    loaded = load(tmp_path, visits=[visit(lat=None), visit(id="V002", lat=None)])
    assert_error(loaded, "visits.csv", 1, "lat", "required column lat is missing")


def test_empty_required_cell_is_an_error(tmp_path):
    """A visit without duration cannot be planned."""
    assert_error(
        load(tmp_path, visits=[visit(duration_min="")]), "visits.csv", 2, "duration_min", "duration_min is empty"
    )


def test_bad_clock_time_is_an_error(tmp_path):
    """A time that is not HH:MM names the value and the expected form."""
    assert_error(
        load(tmp_path, visits=[visit(window_start="9h")]),
        "visits.csv",
        2,
        "window_start",
        "window_start 9h is not a clock time; expected HH:MM",
    )


def test_bad_due_date_is_an_error(tmp_path):
    """A due date that is no calendar day is reported."""
    assert_error(
        load(tmp_path, visits=[visit(due_date="2026-13-01")]),
        "visits.csv",
        2,
        "due_date",
        "due_date 2026-13-01 is not a real date; expected YYYY-MM-DD",
    )


def test_window_end_before_window_start_is_an_error(tmp_path):
    """An arrival window that ends before it starts can never be met."""
    loaded = load(tmp_path, visits=[visit(window_start="10:00", window_end="09:00")])
    assert_error(loaded, "visits.csv", 2, "window_end", "window_end 09:00 is before window_start 10:00")


def test_shift_end_not_after_shift_start_is_an_error(tmp_path):
    """A shift must last some time."""
    loaded = load(tmp_path, technicians=[technician(shift_start="17:00", shift_end="08:00")])
    assert_error(loaded, "technicians.csv", 2, "shift_end", "shift_end 08:00 is not after shift_start 17:00")


@pytest.mark.parametrize(
    "table, rows, column",
    [
        ("technicians", [technician(), technician(name="Other")], "id"),
        ("visits", [visit(), visit(customer="Other")], "id"),
        ("parts", [part(), part(stock="5")], "part_id"),
        ("regions", [region(), region(name="Other")], "id"),
    ],
)
def test_duplicate_id_is_an_error_on_the_repeat(tmp_path, table, rows, column):
    """An id used twice is reported on its second row, naming the first."""
    assert_error(load(tmp_path, **{table: rows}), f"{table}.csv", 3, column, "is used twice (first on row 2)")


def test_unknown_part_is_an_error_when_there_is_a_parts_table(tmp_path):
    """A visit may only take parts the stock table lists."""
    assert_error(
        load(tmp_path, visits=[visit(parts="P1:1;P9:2")]),
        "visits.csv",
        2,
        "parts",
        "part P9 is not listed in parts.csv",
    )


@pytest.mark.parametrize("column", ["pinned_technician", "preferred_technician"])
def test_unknown_technician_reference_is_an_error(tmp_path, column):
    """Pinned and preferred technicians must exist."""
    assert_error(
        load(tmp_path, visits=[visit(**{column: "T99"})]),
        "visits.csv",
        2,
        column,
        f"{column} T99 is not a technician id in technicians.csv",
    )


@pytest.mark.parametrize(
    "table, row, column, value",
    [
        ("technicians", technician(skills="sofa_repair:6"), "skills", "sofa_repair:6"),
        ("visits", visit(required_skills="sofa_repair:0"), "required_skills", "sofa_repair:0"),
    ],
)
def test_skill_level_outside_1_to_5_is_an_error(tmp_path, table, row, column, value):
    """Skill levels run from 1 to 5."""
    assert_error(load(tmp_path, **{table: [row]}), f"{table}.csv", 2, column, f"{column} {value} gives")


@pytest.mark.parametrize("priority", ["0", "5"])
def test_priority_outside_1_to_4_is_an_error(tmp_path, priority):
    """Priority runs from 1 (urgent) to 4 (low)."""
    assert_error(
        load(tmp_path, visits=[visit(priority=priority)]),
        "visits.csv",
        2,
        "priority",
        f"priority {priority} is out of range; expected 1 (urgent) to 4",
    )


def test_unknown_visit_type_is_an_error(tmp_path):
    """Only the contract's visit types are accepted."""
    assert_error(
        load(tmp_path, visits=[visit(type="fix")]),
        "visits.csv",
        2,
        "type",
        "type fix is not a visit type; expected one of install, repair",
    )


@pytest.mark.parametrize(
    "table, column, value, reason",
    [
        ("visits", "lat", "95", "out of range"),
        ("visits", "lon", "east", "not a number"),
        ("technicians", "base_lat", "-91", "out of range"),
        ("technicians", "base_lon", "200.5", "out of range"),
    ],
)
def test_bad_coordinates_are_errors(tmp_path, table, column, value, reason):
    """Coordinates must be numbers inside the globe's ranges."""
    row = visit(**{column: value}) if table == "visits" else technician(**{column: value})
    assert_error(load(tmp_path, **{table: [row]}), f"{table}.csv", 2, column, f"{column} {value} is {reason}")


@pytest.mark.parametrize(
    "table, column, value, reason",
    [
        ("visits", "duration_min", "-5", "is negative"),
        ("visits", "duration_min", "12.5", "is not a whole number"),
        ("parts", "stock", "-1", "is negative"),
        ("parts", "stock", "2.5", "is not a whole number"),
        ("visits", "parts", "P1:-1", "positive whole number"),
        ("visits", "parts", "P1:1.5", "positive whole number"),
        ("visits", "parts", "P1:100000", "up to 10000"),
        ("technicians", "max_visits", "1e30", "from 0 to 1000"),
        ("visits", "duration_min", "1441", "from 0 to 1440"),
        ("technicians", "max_visits", "-1", "is negative"),
        ("technicians", "max_visits", "1.5", "is not a whole number"),
    ],
)
def test_negative_or_fractional_counts_are_errors(tmp_path, table, column, value, reason):
    """Durations, stock, quantities and visit caps are whole numbers, not negative."""
    builders = {"visits": visit, "parts": part, "technicians": technician}
    loaded = load(tmp_path, **{table: [builders[table](**{column: value})]})
    assert_error(loaded, f"{table}.csv", 2, column, f"{column} {value} ")
    assert reason in loaded.problems[0].message


@pytest.mark.parametrize(
    "text, column, message",
    [
        ("timezone: Asia/Shanghai\n", "date", "date is missing"),
        ("date: 2026-02-30\n", "date", "date 2026-02-30 is not a real date"),
        ("date: 23.11.2026\n", "date", "date 23.11.2026 is not a date"),
        ("date: 2026-11-23\ntimezone: Beijing\n", "timezone", "timezone Beijing is not an IANA"),
        ("date: 2026-11-23\nspeed_kmh: 0\n", "speed_kmh", "speed_kmh 0 is not more than 0"),
        ("date: 2026-11-23\nspeed_kmh: fast\n", "speed_kmh", "speed_kmh fast is not a number"),
        (
            "date: 2026-11-23\nlunch_window: noon\n",
            "lunch_window",
            "lunch_window noon is not a time window; expected HH:MM-HH:MM",
        ),
        (
            "date: 2026-11-23\nlunch_window: 13:30-11:30\n",
            "lunch_window",
            "lunch_window 13:30-11:30 does not end after it starts",
        ),
        (
            "date: 2026-11-23\nlunch_minutes: 150\n",
            "lunch_minutes",
            "lunch_minutes 150 is longer than the lunch_window 11:30-13:30 (120 minutes)",
        ),
        (
            "date: 2026-11-23\nlunch_window: 12:00-12:30\nlunch_minutes: 45\n",
            "lunch_minutes",
            "lunch_minutes 45 is longer than the lunch_window 12:00-12:30 (30 minutes)",
        ),
        ("date: 2026-11-23\nlunch_minutes: -10\n", "lunch_minutes", "lunch_minutes -10 is negative"),
    ],
)
def test_bad_settings_are_errors(tmp_path, text, column, message):
    """Each bad setting is reported at settings.yaml with its key as the column."""
    assert_error(load(tmp_path, settings=text), "settings.yaml", None, column, message)


def test_unreadable_lunch_window_is_not_compared_with_lunch_minutes(tmp_path):
    """A bad lunch_window is one error, not also a break 'longer than' the default window."""
    text = "date: 2026-11-23\nlunch_window: noon\nlunch_minutes: 150\n"
    assert_error(load(tmp_path, settings=text), "settings.yaml", None, "lunch_window", "not a time window")


def test_settings_that_are_not_a_mapping_are_an_error(tmp_path):
    """settings.yaml holding a list is reported, not raised."""
    assert_error(load(tmp_path, settings="- date\n"), "settings.yaml", None, None, "must be a mapping")


# --- warnings ---------------------------------------------------------------------------------


def test_extra_column_is_a_warning(tmp_path):
    """A column the planner does not read is ignored with a warning at the header."""
    loaded = load(tmp_path, visits=[visit(colour="red")])
    assert_warning(loaded, "visits.csv", 1, "colour", "column colour is not one the planner reads")


def test_visit_region_missing_from_regions_csv_is_a_warning(tmp_path):
    """A visit region not in regions.csv is most likely a typo."""
    loaded = load(tmp_path, visits=[visit(region="xicheng")])
    assert_warning(loaded, "visits.csv", 2, "region", "region xicheng is not listed in regions.csv")


def test_technician_region_missing_from_regions_csv_is_a_warning(tmp_path):
    """Each unlisted region of a technician is warned about."""
    loaded = load(tmp_path, technicians=[technician(regions="chaoyang;tongzhou")])
    assert_warning(loaded, "technicians.csv", 2, "regions", "region tongzhou is not listed in regions.csv")


def test_regions_are_not_checked_without_regions_csv(tmp_path):
    """Without regions.csv any region name is fine."""
    loaded = load(tmp_path, regions=None, visits=[visit(region="xicheng")])
    assert loaded.dataset is not None
    assert loaded.problems == () and loaded.dataset.regions == ()


def test_skill_nobody_holds_is_a_warning(tmp_path):
    """A required skill no technician has at any level is warned about once."""
    loaded = load(
        tmp_path, visits=[visit(required_skills="gas_fitting:2"), visit(id="V002", required_skills="gas_fitting")]
    )
    assert_warning(loaded, "visits.csv", 2, "required_skills", "skill gas_fitting is needed by 2 visit(s) (V001, V002)")


def test_parts_without_parts_table_is_a_warning(tmp_path):
    """Visit parts with no parts.csv: stock is not checked, and the dataset says so."""
    loaded = load(tmp_path, parts=None)
    assert loaded.dataset is not None
    assert_warning(loaded, "visits.csv", None, "parts", "stock is not checked")
    assert loaded.dataset.parts is None and loaded.dataset.stock() is None


def test_unknown_settings_key_is_a_warning(tmp_path):
    """A misspelt setting is ignored with a warning naming the known ones."""
    loaded = load(tmp_path, settings=SETTINGS + "lunch_minuts: 30\n")
    assert loaded.dataset is not None
    assert_warning(loaded, "settings.yaml", None, "lunch_minuts", "known settings are date")
    assert loaded.dataset.settings.lunch_minutes == 45


def test_empty_technicians_table_is_a_warning(tmp_path):
    """A header-only technicians.csv loads, with a warning that nothing can be planned."""
    header = "id,base_lat,base_lon,skills,shift_start,shift_end\n"
    loaded = load(tmp_path, technicians=header, visits=[visit(preferred_technician="", required_skills="")])
    assert loaded.dataset is not None
    assert_warning(loaded, "technicians.csv", None, None, "has no technicians")
    assert loaded.dataset.technicians == ()


# --- XLSX ---------------------------------------------------------------------------------------

CELL_TYPES = {
    "shift_start": lambda v: dt.time.fromisoformat(v),
    "shift_end": lambda v: dt.time.fromisoformat(v),
    "window_start": lambda v: dt.time.fromisoformat(v),
    "window_end": lambda v: dt.time.fromisoformat(v),
    "due_date": lambda v: dt.datetime.fromisoformat(v),
    "base_lat": float,
    "base_lon": float,
    "lat": float,
    "lon": float,
    "duration_min": float,
    "priority": float,
    "max_visits": float,
    "stock": float,
}


def add_sheet(book: openpyxl.Workbook, title: str, rows: list[dict[str, str]]) -> None:
    """A sheet holding ``rows`` with typed cells, as Excel would store them."""
    sheet = book.create_sheet(title)
    columns = list(dict.fromkeys(column for row in rows for column in row))
    sheet.append(columns)
    for row in rows:
        sheet.append([CELL_TYPES.get(c, str)(row[c]) if row.get(c) else None for c in columns])


def workbook_like_csv(folder: Path) -> dict[str, list[dict[str, str]]]:
    """Rows of a CSV dataset folder, read back so the workbook copies them exactly."""
    return {
        name: list(csv.DictReader((folder / f"{name}.csv").open(encoding="utf-8")))
        for name in ("technicians", "visits", "parts", "regions")
    }


def test_xlsx_workbook_loads_into_the_same_dataset_as_csv(tmp_path):
    """A workbook with typed cells (times, dates, floats) gives the CSV folder's Dataset."""
    csv_folder = write_dataset(tmp_path / "csv")
    expected = read_dataset(csv_folder)
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    for name, rows in workbook_like_csv(csv_folder).items():
        add_sheet(book, name, rows)
    settings = book.create_sheet("settings")
    settings.append(["key", "value"])
    settings.append(["date", dt.datetime(2026, 11, 23)])
    settings.append(["timezone", "Asia/Shanghai"])
    path = tmp_path / "xlsx" / "day.xlsx"
    path.parent.mkdir()
    book.save(path)
    loaded = read_dataset(path)
    assert loaded.problems == ()
    assert loaded.dataset == expected.dataset
    assert read_ok(path.parent) == expected.dataset


def test_xlsx_problems_point_at_sheet_and_row(tmp_path):
    """A bad cell in a sheet is located as <workbook>.xlsx:<sheet>, sheet row."""
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    add_sheet(book, "technicians", [technician()])
    add_sheet(book, "visits", [visit(), visit(id="V002", priority="9")])
    path = tmp_path / "day.xlsx"
    book.save(path)
    (tmp_path / "settings.yaml").write_text(SETTINGS)
    loaded = read_dataset(path)
    warning = "visit(s) list parts but the dataset has no parts table"
    assert [(p.file, p.row, p.column) for p in loaded.problems if p.severity == "error"] == [
        ("day.xlsx:visits", 3, "priority")
    ]
    assert found(loaded, severity="warning", contains=warning)


def test_xlsx_settings_sheet_wins_over_settings_yaml(tmp_path):
    """With both, the sheet's settings are used and settings.yaml is reported as ignored."""
    folder = write_dataset(tmp_path / "day", settings="date: 2001-01-01\n")
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    for name, rows in workbook_like_csv(folder).items():
        add_sheet(book, name, rows)
        (folder / f"{name}.csv").unlink()
    sheet = book.create_sheet("settings")
    sheet.append(["key", "value"])
    sheet.append(["date", "2026-11-23"])
    book.save(folder / "day.xlsx")
    loaded = read_dataset(folder)
    assert loaded.dataset is not None
    assert loaded.dataset.settings.date == dt.date(2026, 11, 23)
    assert_warning(loaded, "settings.yaml", None, None, "ignored")


def test_xlsx_settings_sheet_problems_point_at_their_row(tmp_path):
    """A bad value on the settings sheet is located at the sheet row, keyed by the setting."""
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    add_sheet(book, "technicians", [technician()])
    add_sheet(book, "visits", [visit(parts="")])
    sheet = book.create_sheet("settings")
    for key_value in (["key", "value"], ["date", "2026-11-23"], ["speed_kmh", -5]):
        sheet.append(key_value)
    path = tmp_path / "day.xlsx"
    book.save(path)
    assert_error(read_dataset(path), "day.xlsx:settings", 3, "speed_kmh", "speed_kmh -5 is not more than 0")


def test_xlsx_without_visits_sheet_is_an_error(tmp_path):
    """The visits sheet is required in workbook mode."""
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    add_sheet(book, "technicians", [technician()])
    path = tmp_path / "day.xlsx"
    book.save(path)
    (tmp_path / "settings.yaml").write_text(SETTINGS)
    assert_error(read_dataset(path), "day.xlsx", None, None, "sheet visits is missing")


def test_folder_with_two_workbooks_is_an_error(tmp_path):
    """Which workbook is meant cannot be guessed."""
    for name in ("a.xlsx", "b.xlsx"):
        openpyxl.Workbook().save(tmp_path / name)
    assert_error(read_dataset(tmp_path), tmp_path.name, None, None, "several workbooks")


# --- JSON -----------------------------------------------------------------------------------------


def document() -> dict:
    """The default dataset as the API's JSON document, with list cells as JSON arrays."""
    return {
        "settings": {"date": "2026-11-23", "timezone": "Asia/Shanghai"},
        "technicians": [
            {
                **technician(),
                "base_lat": 39.9,
                "base_lon": 116.4,
                "skills": ["sofa_repair:3", "install"],
                "regions": ["chaoyang"],
                "max_visits": 6,
            },
            {**technician(id="T02", name="Li Na", max_visits=None), "regions": [], "skills": {"install": 2}},
        ],
        "visits": [
            {
                **visit(),
                "lat": 39.91,
                "lon": 116.41,
                "priority": 2,
                "duration_min": 60,
                "required_skills": {"sofa_repair": 2},
                "parts": ["P1:1"],
                "pinned_technician": None,
            },
            visit(
                id="V002",
                type="install",
                required_skills="install",
                parts="",
                window_start="",
                window_end="",
                preferred_technician="",
            ),
        ],
        "parts": [{"part_id": "P1", "name": "Spring", "stock": 3}],
        "regions": [region(), region(id="haidian", name="海淀区", name_en="Haidian")],
    }


def test_json_document_loads_into_the_same_dataset_as_csv(tmp_path):
    """JSON numbers, arrays and objects give the same Dataset as the CSV folder."""
    expected = load(tmp_path).dataset
    loaded = dataset_from_document(document())
    assert loaded.problems == ()
    assert loaded.dataset == expected


def test_json_problems_point_at_table_key_and_index(tmp_path):
    """A bad cell in a JSON table is located at the table's key and the 1-based index."""
    doc = document()
    doc["visits"][1]["priority"] = 9
    assert_error(dataset_from_document(doc), "visits", 2, "priority", "priority 9 is out of range")


def test_json_file_is_read_by_read_dataset(tmp_path):
    """A .json path is read as the contract's document; absent parts mean no stock check."""
    doc = document()
    del doc["parts"]
    doc["visits"][0]["parts"] = []
    path = tmp_path / "day.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    loaded = read_dataset(path)
    assert loaded.dataset is not None
    assert loaded.problems == ()
    assert loaded.dataset.parts is None


def test_folder_with_dataset_json_and_no_csv_tables_is_read_as_that_document(tmp_path):
    """A folder holding dataset.json (as `planner demo --format json` writes it) is that document; a plan.json
    beside it is not taken for a dataset."""
    doc = document()
    (tmp_path / "dataset.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "plan.json").write_text(json.dumps({"date": "2026-11-23", "routes": []}), encoding="utf-8")
    loaded = read_dataset(tmp_path)
    assert loaded.problems == ()
    assert loaded.dataset == dataset_from_document(doc).dataset
    doc["visits"][1]["priority"] = 9
    (tmp_path / "dataset.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert_error(read_dataset(tmp_path), "visits", 2, "priority", "priority 9 is out of range")


@pytest.mark.parametrize("beside", ["day.xlsx", "dataset.json"])
def test_csv_tables_win_over_a_workbook_or_document_beside_them(tmp_path, beside):
    """CSV tables are read, and the workbook or document next to them is reported as ignored."""
    folder = write_dataset(tmp_path / "day")
    expected = read_ok(folder)
    (folder / beside).write_text("not read", encoding="utf-8")
    loaded = read_dataset(folder)
    assert loaded.dataset == expected
    assert_warning(loaded, beside, None, None, "ignored because the folder holds CSV tables")


def test_folder_with_a_workbook_and_a_document_is_an_error(tmp_path):
    """Without CSV tables, a workbook and dataset.json side by side leave nothing to choose."""
    openpyxl.Workbook().save(tmp_path / "day.xlsx")
    (tmp_path / "dataset.json").write_text(json.dumps(document()), encoding="utf-8")
    assert_error(
        read_dataset(tmp_path), tmp_path.name, None, None, "several workbooks or documents (day.xlsx, dataset.json)"
    )


def test_json_document_that_is_not_an_object_is_an_error():
    """A list instead of an object is one error labelled with the source."""
    not_an_object: Any = [1, 2]
    assert_error(dataset_from_document(not_an_object, source="payload"), "payload", None, None, "must be a JSON object")


def test_json_document_without_visits_or_settings_is_an_error():
    """Settings and visits must be present in the document."""
    doc = document()
    del doc["visits"], doc["settings"]
    loaded = dataset_from_document(doc)
    assert {p.file for p in loaded.problems if p.severity == "error"} == {"visits", "settings"}
    assert loaded.dataset is None


def test_json_unknown_top_level_key_is_a_warning():
    """A key the document does not define is ignored with a warning."""
    doc = document()
    doc["meta"] = {"sent_by": "crm"}
    assert_warning(dataset_from_document(doc), "request", None, "meta", "not part of a dataset")


def test_json_org_that_is_not_an_object_is_an_error():
    """org in the document must be an object."""
    doc = document()
    doc["org"] = ["a"]
    assert_error(dataset_from_document(doc), "org", None, None, "must be a mapping")


def test_csv_text_helper_round_trips_rows():
    """The test helper writes the header once and one line per row."""
    assert csv_text([{"a": "1"}, {"a": "2", "b": "x"}]) == "a,b\n1,\n2,x\n"
