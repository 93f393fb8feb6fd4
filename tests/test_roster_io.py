"""Reading a roster folder and writing roster.csv and the XLSX grid."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from roster_builders import RULES, SAMPLE_ROSTER, TECHNICIANS, checked, load, write_week

from planner.roster.csvfile import read_roster_csv, roster_csv
from planner.roster.read import read_roster_folder
from planner.roster.week import OFF
from planner.roster.xlsx import roster_xlsx

MONDAY = dt.date(2026, 11, 23)


def test_sample_folder_reads_without_errors():
    week, problems = read_roster_folder(SAMPLE_ROSTER)
    assert week is not None
    assert [p for p in problems if p.severity == "error"] == []
    assert len(week.people) == 12 and week.rules.days == 7
    assert [s.id for s in week.rules.shifts] == ["day", "late"]
    assert week.rules.shift("late").late and not week.rules.shift("day").late
    assert week.history_shift("T04", MONDAY - dt.timedelta(days=1)) == "day"


def test_every_bad_row_is_reported_at_once_with_file_row_and_column(tmp_path):
    folder = write_week(
        tmp_path,
        leave_csv="technician_id,date,kind\nT09,2026-11-23,年假\nT01,2026-11-24,年假\nT01,2026-11-24,病假\n",
        demand_csv="date,shift,skill,min_staff\n2026-11-23,night,,1\n2026-11-24,day,,-2\n2026-12-05,day,,1\n",
        requests_csv="technician_id,date,wish\nT01,2026-11-22,off\nT02,2026-11-25,holiday\n",
        history_csv="technician_id,date,shift\nT01,2026-11-23,day\n",
    )
    week, problems = read_roster_folder(folder)
    assert week is None
    found = {(p.file, p.row, p.column) for p in problems if p.severity == "error"}
    assert found == {
        ("leave.csv", 2, "technician_id"),  # T09 unknown
        ("leave.csv", 4, "technician_id"),  # same person and date twice
        ("demand.csv", 2, "shift"),  # no such shift
        ("demand.csv", 3, "min_staff"),  # negative
        ("demand.csv", 4, "date"),  # outside the week
        ("requests.csv", 2, "date"),  # before the week
        ("requests.csv", 3, "wish"),  # not off/work/a shift
        ("history.csv", 2, "date"),  # not before the week
    }
    messages = " ".join(str(p) for p in problems)
    assert "T09 is not in technicians.csv" in messages and "negative" in messages


def test_a_shift_ending_before_it_starts_needs_overnight(tmp_path):
    bad = RULES.replace('end: "21:00"}', 'end: "06:00"}')
    week, problems = read_roster_folder(write_week(tmp_path / "bad", roster_rules_yaml=bad))
    assert week is None
    assert [(p.file, p.column) for p in problems if p.severity == "error"] == [("roster_rules.yaml", "shifts[2].end")]
    night = RULES.replace('end: "21:00"}', 'end: "06:00", overnight: true}')
    week = load(write_week(tmp_path / "night", roster_rules_yaml=night))
    assert week.rules.shift("late").minutes == 18 * 60


def test_technicians_in_gb18030_as_chinese_excel_saves_them(tmp_path):
    folder = write_week(tmp_path, technicians_csv=None)
    (folder / "technicians.csv").write_bytes(TECHNICIANS.encode("gb18030"))
    assert load(folder).person("T01").name == "王建军"


def test_a_group_or_name_holding_a_control_character_is_refused_at_its_cell(tmp_path):
    """The group keys the roster's and the KPIs' figures, the name is shown on one line: neither holds U+001F."""
    text = TECHNICIANS.replace("T02,李振华,repair,", "T02,李振华,re\x1fpair,").replace("王建军", '"王\n建军"')
    folder = write_week(tmp_path, technicians_csv=text)
    week, problems = read_roster_folder(folder)
    assert week is None
    errors = {(p.file, p.row, p.column): p.message for p in problems if p.severity == "error"}
    # The name's line break (Alt+Enter in Excel) puts T02 on line 4 of the file.
    assert set(errors) == {("technicians.csv", 2, "name"), ("technicians.csv", 4, "group")}
    assert "(U+001F)" in errors["technicians.csv", 4, "group"] and "(U+000A)" in errors["technicians.csv", 2, "name"]


def test_roster_csv_round_trips_with_chinese_headers_and_neutral_formulas(tmp_path):
    folder = write_week(tmp_path, technicians_csv=TECHNICIANS.replace("王建军", "=HYPERLINK(1)"))
    week = load(folder)
    result = checked(week)
    text = roster_csv(week, result.shifts, "zh")
    assert text.splitlines()[0] == "技术员编号,日期,班次,姓名,上班时间,下班时间"
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text
    assert len(text.splitlines()) == 1 + 3 * 7
    (tmp_path / "roster.csv").write_bytes(text.encode("utf-8-sig"))
    shifts, problems = read_roster_csv(tmp_path / "roster.csv")
    assert problems == [] and shifts == dict(result.shifts)


def test_xlsx_grid_marks_leave_rest_and_red_shortfalls(tmp_path):
    folder = write_week(
        tmp_path,
        leave_csv="technician_id,date,kind\nT01,2026-11-23,年假\n",
        demand_csv="date,shift,skill,min_staff\n2026-11-23,day,sofa_repair:3,1\n2026-11-24,day,,2\n",
    )
    week = load(folder)
    result = checked(week)
    (tmp_path / "r.xlsx").write_bytes(roster_xlsx(week, result.shifts, "zh"))
    sheet = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("技术员", "班组", "11-23 周一")
    assert rows[1][0] == "王建军" and rows[1][2] == "年假"
    assert sheet.cell(row=2, column=3).fill.fgColor.rgb.endswith("FFE699")
    rest = [(r, c) for r in range(2, 5) for c in range(3, 10) if sheet.cell(row=r, column=c).value == "休"]
    assert rest and all(sheet.cell(row=r, column=c).fill.fgColor.rgb.endswith("D9D9D9") for r, c in rest)
    cover = {row[0]: row for row in rows if row and row[0] in ("sofa_repair:3", "不限技能")}
    assert cover["sofa_repair:3"][2] == "0/1"
    short = next(c for c in sheet["C"] if c.value == "0/1")
    assert short.font.color.rgb.endswith("9C0006")
    on_tuesday = sum(1 for person in week.people if result.shifts[person.id, MONDAY + dt.timedelta(days=1)] == "day")
    assert cover["不限技能"][3] == f"{on_tuesday}/2" and on_tuesday >= 2
    assert all(result.shifts[p.id, d] in ("day", "late", OFF) for p in week.people for d in week.rules.dates)


def test_tables_may_be_sheets_of_one_workbook(tmp_path):
    from openpyxl import Workbook

    folder = write_week(tmp_path, technicians_csv=None, leave_csv=None, demand_csv=None)
    book = Workbook()
    assert book.active is not None
    sheets: dict[str, list[tuple[object, ...]]] = {
        "technicians": [
            ("id", "name", "skills"),
            ("T01", "王建军", "sofa_repair:3"),
            ("T02", "李振华", "sofa_repair:2"),
        ],
        "leave": [("technician_id", "date", "kind"), ("T01", MONDAY, "年假")],
        "demand": [("date", "shift", "skill", "min_staff"), (MONDAY, "day", "sofa_repair:3", 1)],
    }
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(folder / "排班.xlsx")
    week = load(folder)
    assert [p.id for p in week.people] == ["T01", "T02"]
    leave = week.leave_of("T01", MONDAY)
    assert leave is not None and leave.kind == "年假"
    result = checked(week)
    assert [(s.demand.skill, s.rostered) for s in result.shortfalls] == [("sofa_repair", 0)]
