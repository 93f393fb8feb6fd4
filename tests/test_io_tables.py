"""Raw tables and cell parsing: encodings, row numbers, spreadsheet cells, accepted cell forms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from planner.io.cells import (
    CellError,
    parse_clock,
    parse_clock_window,
    parse_date,
    parse_names,
    parse_number,
    parse_part_quantities,
    parse_priority,
    parse_skills,
    parse_text,
    parse_timezone,
    parse_visit_type,
    parse_whole,
)
from planner.io.tables import (
    RawTable,
    clean_cell,
    decode_file,
    read_csv,
    read_json,
    read_workbook,
    read_yaml,
    settings_from_mapping,
    settings_from_table,
    table_from_records,
)


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    """Write a file and return its path."""
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings -------------------------------------------------------------


def test_decode_file_reads_utf8_with_bom_without_the_bom():
    """A BOM written by Excel's 'CSV UTF-8' does not end up in the first column name."""
    assert decode_file("\ufeffid,name\n".encode("utf-8"), "t.csv") == ("id,name\n", [])


def test_decode_file_reads_gb18030():
    """Chinese text saved by Excel on a Chinese Windows (GBK/GB18030) decodes correctly."""
    assert decode_file("王伟,朝阳区".encode("gb18030"), "t.csv") == ("王伟,朝阳区", [])


def test_decode_file_rejects_bytes_in_neither_encoding():
    """UTF-16 bytes are neither UTF-8 nor GB18030, so decoding gives None and says which encodings it takes."""
    text, problems = decode_file("id,name\n".encode("utf-16"), "t.csv")
    assert text is None and "neither UTF-8 nor GB18030" in problems[0].message


def test_read_csv_in_unknown_encoding_gives_one_clear_error(tmp_path):
    """An undecodable file yields exactly one error that names the accepted encodings."""
    path = write_bytes(tmp_path, "visits.csv", "id\nV1\n".encode("utf-16"))
    table, problems = read_csv(path)
    assert table is None
    assert len(problems) == 1
    assert problems[0].file == "visits.csv" and "UTF-8" in problems[0].message
    assert "GB18030" in problems[0].message


def test_read_csv_gb18030_with_chinese_cells(tmp_path):
    """A GB18030 CSV keeps Chinese names intact."""
    path = write_bytes(tmp_path, "regions.csv", "id,name\nchaoyang,朝阳区\n".encode("gb18030"))
    table, problems = read_csv(path)
    assert table is not None
    assert problems == []
    assert table.rows[0].get("name") == "朝阳区"


# --- CSV shape -------------------------------------------------------------


def test_read_csv_row_numbers_are_file_lines(tmp_path):
    """Rows keep the line number a person sees, across blank lines and multi-line cells."""
    text = 'id,address\n\nV1,"line one\nline two"\nV2,x\n\n\n'
    table, problems = read_csv(write_bytes(tmp_path, "visits.csv", text.encode()))
    assert table is not None
    assert problems == []
    assert [(row.row, row.get("id")) for row in table.rows] == [(3, "V1"), (5, "V2")]
    assert table.rows[0].get("address") == "line one\nline two"


def test_read_csv_trims_column_names_and_cells_and_drops_empty_cells(tmp_path):
    """Spaces around names and values are ignored; an empty cell is not given."""
    text = " id , name ,max_visits\n T01 ,  ,  \n"
    table, _ = read_csv(write_bytes(tmp_path, "technicians.csv", text.encode()))
    assert table is not None
    assert table.columns == ("id", "name", "max_visits")
    assert dict(table.rows[0].cells) == {"id": "T01"}


def test_read_csv_empty_file_is_an_error(tmp_path):
    """A file without even a header row is reported, not read as an empty table."""
    table, problems = read_csv(write_bytes(tmp_path, "visits.csv", b"\n\n"))
    assert table is None
    assert [p.message for p in problems] == ["visits.csv is empty; expected a header row naming the columns"]


def test_read_csv_repeated_column_is_an_error(tmp_path):
    """A column named twice is reported at the header; the first one is read."""
    text = "id,lat,lat\nV1,39.9,40.1\n"
    table, problems = read_csv(write_bytes(tmp_path, "visits.csv", text.encode()))
    assert table is not None
    assert [(p.row, p.column, p.severity) for p in problems] == [(1, "lat", "error")]
    assert table.columns == ("id", "lat")
    assert table.rows[0].get("lat") == "39.9"


def test_read_csv_values_under_no_column_name_are_warned_once(tmp_path):
    """Values beyond the header are ignored with one warning for that column."""
    text = "id,lat\nV1,39.9,oops\nV2,39.8,again\n"
    table, problems = read_csv(write_bytes(tmp_path, "visits.csv", text.encode()))
    assert table is not None
    assert [(p.row, p.severity) for p in problems] == [(2, "warning")]
    assert "column 3" in problems[0].message
    assert dict(table.rows[1].cells) == {"id": "V2", "lat": "39.8"}


# --- XLSX --------------------------------------------------------------------


def test_read_workbook_converts_spreadsheet_cells(tmp_path):
    """Whole floats become ints, time/date cells stay typed, trailing empty rows vanish."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Visits"
    sheet.append(["id ", "duration_min", "window_start", "due_date", "lat"])
    sheet.append([1001, 60.0, dt.time(9, 30), dt.date(2026, 11, 23), 39.5])
    sheet.append([None, None, None, None, None])
    sheet["A10"] = "   "
    book.create_sheet("notes")["A1"] = "read me"
    path = tmp_path / "day.xlsx"
    book.save(path)
    workbook, problems = read_workbook(path, {"visits"})
    assert workbook is not None
    assert problems == []
    assert workbook.ignored == ("notes",)
    table = workbook.tables["visits"]
    assert table.file == "day.xlsx:Visits"
    assert table.columns == ("id", "duration_min", "window_start", "due_date", "lat")
    assert [row.row for row in table.rows] == [2]
    cells = table.rows[0].cells
    assert cells["id"] == 1001 and isinstance(cells["duration_min"], int)
    assert cells["window_start"] == dt.time(9, 30)
    assert parse_date(cells["due_date"]) == dt.date(2026, 11, 23)
    assert cells["lat"] == 39.5


def test_read_workbook_that_is_not_a_workbook_is_one_error(tmp_path):
    """A broken .xlsx file is reported once instead of raising."""
    path = write_bytes(tmp_path, "day.xlsx", b"not a zip file")
    workbook, problems = read_workbook(path, {"visits"})
    assert workbook is None
    assert len(problems) == 1 and "cannot be opened" in problems[0].message


# --- JSON and YAML -------------------------------------------------------------


def test_table_from_records_numbers_rows_from_one_and_keeps_arrays():
    """JSON rows are 1-based, keys are trimmed, list cells stay lists, blanks are dropped."""
    table, problems = table_from_records("visits", [{"id": "V1", " skills ": ["a:2", "b"], "note": ""}, {"id": "V2"}])
    assert table is not None
    assert problems == []
    assert table.header_row is None
    assert table.columns == ("id", "skills", "note")
    assert [row.row for row in table.rows] == [1, 2]
    assert table.rows[0].cells == {"id": "V1", "skills": ["a:2", "b"]}


def test_table_from_records_reports_rows_that_are_not_objects():
    """A row that is not an object is reported at its index; the others are read."""
    table, problems = table_from_records("visits", [{"id": "V1"}, "V2"])
    assert table is not None
    assert [(p.file, p.row) for p in problems] == [("visits", 2)]
    assert len(table.rows) == 1


def test_table_from_records_that_is_not_a_list_is_an_error():
    """A table given as an object instead of a list is reported."""
    table, problems = table_from_records("technicians", {"id": "T01"})
    assert table is None
    assert "expected a list of objects" in problems[0].message


def test_read_yaml_syntax_error_points_at_the_line(tmp_path):
    """Invalid YAML is one error with the line where parsing failed."""
    path = write_bytes(tmp_path, "settings.yaml", b"date: 2026-11-23\nlunch: [oops\n")
    document, problems = read_yaml(path)
    assert document is None
    assert len(problems) == 1 and problems[0].row == 3
    assert "not valid YAML" in problems[0].message


def test_read_json_syntax_error_points_at_the_line(tmp_path):
    """Invalid JSON is one error with its line."""
    path = write_bytes(tmp_path, "day.json", b'{"settings": {},\n "visits": [,]}')
    _, problems = read_json(path)
    assert [(p.file, p.row) for p in problems] == [("day.json", 2)]


def test_settings_from_mapping_keeps_empty_keys_for_typo_warnings():
    """An empty value counts as not given, but its key is still known to exist."""
    settings, problems = settings_from_mapping("settings.yaml", {"date": "2026-11-23", "lunch_minuts": None})
    assert settings is not None
    assert problems == []
    assert dict(settings.values) == {"date": "2026-11-23"}
    assert set(settings.rows) == {"date", "lunch_minuts"}


def test_settings_from_mapping_rejects_a_list():
    """settings.yaml holding a list is one error, not a crash."""
    settings, problems = settings_from_mapping("settings.yaml", ["date", "2026-11-23"])
    assert settings is None and len(problems) == 1


def test_settings_from_table_reports_repeated_keys_at_their_row():
    """A key given twice on a settings sheet is an error on the second row."""
    from planner.io.tables import RawRow

    rows = (
        RawRow("wb.xlsx:settings", 2, {"key": "date", "value": "2026-11-23"}),
        RawRow("wb.xlsx:settings", 3, {"key": "date", "value": "2026-11-24"}),
    )
    settings, problems = settings_from_table(RawTable("wb.xlsx:settings", ("key", "value"), rows))
    assert settings.values["date"] == "2026-11-23" and settings.row("date") == 2
    assert [(p.row, p.column) for p in problems] == [(3, "date")]


# --- cells -----------------------------------------------------------------------


def test_clean_cell_trims_and_drops_spreadsheet_point_zero():
    """Blank text is not given, 60.0 is 60, a real fraction is kept."""
    assert clean_cell("  ") is None
    assert clean_cell(" V1 ") == "V1"
    assert clean_cell(60.0) == 60 and isinstance(clean_cell(60.0), int)
    assert clean_cell(12.5) == 12.5


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("08:30", 510),
        ("8:30", 510),
        ("08:30:00", 510),
        (dt.time(9, 5), 545),
        (dt.datetime(1899, 12, 30, 17, 0), 1020),
        (dt.timedelta(hours=7, minutes=45), 465),
    ],
)
def test_parse_clock_accepts_documented_forms(text, minutes):
    """HH:MM, H:MM, HH:MM:00 and spreadsheet time cells read as minutes after midnight."""
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["8.30", "25:00", "12:60", "08:30:15", "noon", "24:00", 830])
def test_parse_clock_rejects_other_forms(text):
    """Anything else, including 24:00 as a start, is a cell error."""
    with pytest.raises(CellError):
        parse_clock(text)


def test_parse_clock_allows_24_00_only_as_an_end():
    """24:00 ends a day; it cannot start one."""
    assert parse_clock("24:00", end=True) == 1440
    with pytest.raises(CellError, match="23:59"):
        parse_clock("24:00")


def test_parse_date_accepts_only_iso_days():
    """YYYY-MM-DD and date cells are dates; compact or impossible dates are not."""
    assert parse_date("2026-11-23") == dt.date(2026, 11, 23)
    assert parse_date(dt.datetime(2026, 11, 23, 0, 0)) == dt.date(2026, 11, 23)
    for bad in ("20261123", "2026-02-30", "23/11/2026"):
        with pytest.raises(CellError):
            parse_date(bad)


def test_parse_whole_accepts_point_zero_and_rejects_fractions_and_negatives():
    """60 and 60.0 are whole; 12.5 and -3 are reported with what is expected."""
    assert parse_whole("60.0") == 60 and parse_whole(60) == 60
    with pytest.raises(CellError, match="not a whole number"):
        parse_whole("12.5")
    with pytest.raises(CellError, match="negative"):
        parse_whole("-3")
    with pytest.raises(CellError, match="not a number"):
        parse_whole(True)


def test_parse_number_rejects_text_and_infinity_and_out_of_range():
    """Coordinates must be finite numbers within their range."""
    assert parse_number("39.9", low=-90, high=90) == 39.9
    for bad in ("39,9", "inf", "95"):
        with pytest.raises(CellError):
            parse_number(bad, low=-90, high=90)


def test_parse_skills_reads_levels_defaults_and_full_width_separators():
    """skill:level pairs, a bare skill at level 1, ';' and '；' and '：' all accepted."""
    assert parse_skills("sofa_repair:3; install") == {"sofa_repair": 3, "install": 1}
    assert parse_skills("sofa_repair：3；install；") == {"sofa_repair": 3, "install": 1}


def test_parse_skills_reads_json_arrays_and_objects():
    """JSON documents may give skills as an array of strings or an object of levels."""
    assert parse_skills(["sofa_repair:3", "install"]) == {"sofa_repair": 3, "install": 1}
    assert parse_skills({"sofa_repair": 3, "install": "2"}) == {"sofa_repair": 3, "install": 2}


@pytest.mark.parametrize(
    "cell, reason",
    [
        ("sofa_repair:6", "from 1 to 5"),
        ("sofa_repair:0", "from 1 to 5"),
        ("sofa_repair:x", "from 1 to 5"),
        ("install;install:2", "twice"),
        (":3", "without"),
    ],
)
def test_parse_skills_rejects_bad_entries(cell, reason):
    """Levels outside 1-5, repeated skills and nameless entries are cell errors."""
    with pytest.raises(CellError, match=reason):
        parse_skills(cell)


def test_parse_part_quantities_needs_positive_whole_numbers():
    """A bare part is one piece; 0, negatives and fractions are not quantities."""
    assert parse_part_quantities("P1:2;P2") == {"P1": 2, "P2": 1}
    for bad in ("P1:0", "P1:-1", "P1:1.5"):
        with pytest.raises(CellError, match="positive whole number"):
            parse_part_quantities(bad)


def test_parse_names_splits_lists_and_rejects_repeats():
    """Region lists split at ';' or '；' or come as arrays; a repeat is an error."""
    assert parse_names("chaoyang；haidian") == ("chaoyang", "haidian")
    assert parse_names(["chaoyang"]) == ("chaoyang",)
    with pytest.raises(CellError, match="more than once"):
        parse_names("a;a")


def test_parse_text_turns_spreadsheet_numbers_into_digits():
    """A phone number or id typed as a number reads back as its digits."""
    assert parse_text(13800138000) == "13800138000"
    with pytest.raises(CellError):
        parse_text(["a"])


def test_parse_priority_and_type_ranges():
    """Priority is 1-4; visit types are the contract's five, capitals forgiven."""
    assert parse_priority("1") == 1 and parse_visit_type("Install") == "install"
    with pytest.raises(CellError, match=r"1 \(urgent\) to 4 \(low\)"):
        parse_priority("5")
    with pytest.raises(CellError, match="install, repair"):
        parse_visit_type("fix")


def test_parse_timezone_and_window():
    """Time zones must be IANA names; a lunch window is HH:MM-HH:MM that ends after it starts."""
    assert parse_timezone("Europe/Berlin") == "Europe/Berlin"
    with pytest.raises(CellError):
        parse_timezone("Beijing")
    assert parse_clock_window("11:30 - 13:30") == (690, 810)
    for bad in ("11:30", "13:30-11:30", "11:30-13:30-14:00", "noon-one"):
        with pytest.raises(CellError):
            parse_clock_window(bad)
