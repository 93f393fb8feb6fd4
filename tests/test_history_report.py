"""KPI rows as a terminal table, CSV and JSON: contract names, counts beside every rate, names not ids."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
from history_builders import changes, order

from planner.history.kpis import KPI_NAMES, compute_kpis
from planner.history.report import as_xlsx, csv_columns, render

D = dt.date.fromisoformat

# Two orders due Monday: T1's done on time, the unassigned one still open.
ORDERS = [
    order("A", "2026-11-22T09:00", due="2026-11-23", technician="T1"),
    order("B", "2026-11-22T10:00", due="2026-11-23", technician=""),
]
STATUSES = changes("A", ("on_site", "2026-11-23T09:00"), ("done", "2026-11-23T10:00"))
ROWS = compute_kpis(ORDERS, STATUSES, [], D("2026-11-23"), D("2026-11-24"), by="technician")
NAMES = {"T1": "王伟"}


def test_json_names_each_kpi_as_the_contract_does_with_its_counts():
    data = json.loads(render(ROWS, "json", NAMES))
    assert [(item["period"], item["key"]) for item in data] == [
        ("2026-11-23", ""),
        ("2026-11-23", "T1"),
        ("2026-11-24", ""),
        ("2026-11-24", "T1"),
    ]
    t1 = data[1]
    assert t1["name"] == "王伟" and list(t1)[6:] == list(KPI_NAMES)
    assert t1["on_time_completion"] == {"value": 1.0, "numerator": 1, "denominator": 1}
    assert t1["response_time_hours"] == {"value": 24.0, "count": 1}
    assert data[0]["backlog_open"] == {"value": 1, "count": 1}
    assert data[3]["satisfaction"] == {"value": None, "numerator": 0, "denominator": 0}


def test_csv_has_a_column_per_figure_and_count_and_empty_cells_for_no_figure():
    table = list(csv.DictReader(io.StringIO(render(ROWS, "csv", NAMES))))
    assert list(table[0]) == csv_columns()
    unassigned_monday = table[0]
    assert unassigned_monday["on_time_completion"] == "0.0"
    assert unassigned_monday["on_time_completion_denominator"] == "1"
    assert unassigned_monday["backlog_age_days"] == "1.58"  # created Sun 10:00, counted at Tue 00:00
    assert table[1]["name"] == "王伟" and table[1]["satisfaction"] == ""


def test_table_reads_in_chinese_with_names_and_in_english():
    chinese = render(ROWS, "table", NAMES)
    lines = chinese.splitlines()
    assert lines[0].startswith("期间") and "按时完成率" in lines[0]
    assert "未分配" in lines[1] and "0.0% (0/1)" in lines[1]
    assert "王伟" in lines[2] and "100.0% (1/1)" in lines[2] and "T1" not in chinese
    english = render(ROWS, "table", NAMES, english=True)
    assert "On-time completion" in english and "unassigned" in english


def test_xlsx_has_titles_for_people_contract_columns_and_percent_cells():
    book = openpyxl.load_workbook(io.BytesIO(as_xlsx(ROWS, NAMES)))
    sheet = book["KPI"]
    titles, columns = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert columns == csv_columns()
    assert titles[columns.index("on_time_completion")] == "按时完成率"
    assert titles[columns.index("on_time_completion_denominator")] == "按时完成率（分母）"
    t1 = dict(zip(columns, [c.value for c in sheet[4]]))
    assert t1["name"] == "王伟" and t1["on_time_completion"] == 1.0
    assert (t1["on_time_completion_numerator"], t1["on_time_completion_denominator"]) == (1, 1)
    assert t1["satisfaction"] is None
    assert sheet.cell(row=4, column=columns.index("first_time_fix") + 1).number_format == "0.0%"
    unassigned = dict(zip(columns, [c.value for c in sheet[3]]))
    assert unassigned["name"] == "未分配" and unassigned["backlog_open"] == 1
