"""Hostile or careless input files: every one ends in a located problem, never a traceback or a hang.

A dataset, an events file or a scenario file may come from anywhere; the
readers must refuse what would exhaust memory or the stack (YAML aliases,
deep nesting, huge cells) and must not lose rows silently.
"""

from __future__ import annotations

from pathlib import Path

from helpers_io import csv_text, found, read_ok, visit, write_dataset

from planner.io import read_dataset
from planner.io.tables import read_csv, read_json, read_yaml
from planner.io.yaml_lines import load_yaml_with_lines

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}]\n"
    for i in range(9)
)


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# --- item 6: YAML aliases --------------------------------------------------


def test_settings_alias_bomb_is_refused_at_its_line(tmp_path):
    """A billion-laughs settings.yaml is refused at the first alias instead of expanding."""
    folder = write_dataset(tmp_path / "day", settings="date: 2026-11-23\n" + LAUGHS)
    loaded = read_dataset(folder)
    assert loaded.dataset is None
    problem = found(loaded, file="settings.yaml", contains="alias")[0]
    assert problem.row == 3


def test_self_referencing_alias_in_events_is_refused(tmp_path):
    """``&a [*a]`` builds a list that contains itself; it is refused with its line."""
    doc, problems = load_yaml_with_lines(_write(tmp_path, "events.yaml", "at: '10:00'\nnew: &a [*a]\n"))
    assert doc is None
    assert [(p.file, p.row) for p in problems] == [("events.yaml", 2)]
    assert "alias" in problems[0].message


def test_alias_in_org_yaml_is_refused(tmp_path):
    """org.yaml goes through the same loader: a group containing itself cannot be written."""
    org = "version: 1\ndepartment: &d\n  id: top\n  groups: [*d]\n"
    loaded = read_dataset(write_dataset(tmp_path / "day", org=org))
    assert found(loaded, file="org.yaml", row=4, contains="alias")


def test_plain_anchors_without_aliases_still_load(tmp_path):
    """An anchor that is never used expands nothing and is harmless."""
    value, problems = read_yaml(_write(tmp_path, "settings.yaml", "date: &d 2026-11-23\n"))
    assert problems == [] and value == {"date": "2026-11-23"}


# --- item 12: nesting and sizes --------------------------------------------


def test_deeply_nested_yaml_is_refused(tmp_path):
    """Nesting 1,000 levels deep would overflow the stack; it is refused with a line."""
    text = "department:\n" + "".join("  " * i + "  groups:\n" for i in range(1, 3)) + "x: " + "[" * 1000 + "]" * 1000
    value, problems = read_yaml(_write(tmp_path, "org.yaml", text))
    assert value is None
    assert problems and problems[0].row is not None and "nested" in problems[0].message
    doc, problems = load_yaml_with_lines(_write(tmp_path, "events.yaml", "new: " + "[" * 1000 + "]" * 1000))
    assert doc is None and "nested" in problems[0].message


def test_deeply_nested_json_is_refused(tmp_path):
    """A JSON document nested 100,000 deep is an input error, not a RecursionError."""
    value, problems = read_json(_write(tmp_path, "day.json", "[" * 100_000 + "]" * 100_000))
    assert value is None
    assert problems and "nested" in problems[0].message
    loaded = read_dataset(
        _write(
            tmp_path,
            "dataset.json",
            '{"settings": {"date": "2026-11-23"}, "org": ' + '{"a": ' * 500 + "1" + "}" * 500 + "}",
        )
    )
    assert loaded.dataset is None and found(loaded, contains="nested")


def test_csv_cell_over_the_field_limit_is_an_error_with_its_row(tmp_path):
    """A 200 KB cell is reported at its row instead of stopping the reader with csv.Error."""
    text = csv_text([visit(), visit(id="V002", description="x" * 200_000)])
    table, problems = read_csv(_write(tmp_path, "visits.csv", text))
    assert table is None
    assert [(p.file, p.row) for p in problems] == [("visits.csv", 3)]
    assert "131072" in problems[0].message or "128" in problems[0].message


# --- item 7: rows swallowed by a stray quote --------------------------------


def test_unclosed_quote_in_the_last_column_is_an_error_not_lost_rows(tmp_path):
    """A stray ``"`` would swallow every later row into one cell; it is an error at its row."""
    rows = [visit(id=f"V{i:03d}", description="fine") for i in range(1, 8)]
    text = csv_text(rows).replace("fine\nV004", '"oops\nV004', 1)
    loaded = read_dataset(write_dataset(tmp_path / "day", visits=text))
    assert loaded.dataset is None
    problem = found(loaded, file="visits.csv", row=4)[0]
    assert "never closed" in problem.message


def test_quote_closing_on_a_later_row_is_an_error(tmp_path):
    """A stray quote closed by another stray one rows later still loses rows: an error with the rows."""
    rows = [visit(id=f"V{i:03d}", description="fine") for i in range(1, 8)]
    text = csv_text(rows)
    text = text.replace("V002,Zhang San", 'V002,"Zhang San', 1).replace("fine\nV005", 'fine"\nV005', 1)
    table, problems = read_csv(_write(tmp_path, "visits.csv", text))
    assert table is None
    assert [p.row for p in problems] == [3]
    assert "rows 3-5" in problems[0].message


def test_multi_line_address_is_still_one_row(tmp_path):
    """A cell typed on two lines in Excel is not mistaken for swallowed rows."""
    text = csv_text([visit(address="1 Jianguo Rd\nBuilding 5, Room 3"), visit(id="V002")])
    table, problems = read_csv(_write(tmp_path, "visits.csv", text))
    assert table is not None
    assert problems == []
    assert [row.get("id") for row in table.rows] == ["V001", "V002"]


# --- item 11: a file in another encoding ------------------------------------


def test_latin1_file_is_not_read_as_chinese_without_a_word(tmp_path):
    """Latin-1 bytes decode as rare GB18030 characters; the reader says which encoding it assumed."""
    text = csv_text([visit(customer="Françoise Müller")])
    folder = write_dataset(tmp_path / "day")
    (folder / "visits.csv").write_bytes(text.encode("latin-1"))
    loaded = read_dataset(folder)
    problem = found(loaded, file="visits.csv", row=2)[0]
    assert problem.severity == "error"
    assert "GB18030" in problem.message and "UTF-8" in problem.message


def test_gb18030_file_with_one_rare_name_character_only_warns(tmp_path):
    """A real Chinese file may hold a rare character in a name: a warning naming it, not an error."""
    text = csv_text([visit(customer="王喆", address="北京市朝阳区建国路1号")])
    table, problems = read_csv(_write(tmp_path, "visits.csv", text.encode("gb18030")))
    assert table is not None and table.rows[0].get("customer") == "王喆"
    assert [(p.severity, p.row) for p in problems] == [("warning", 2)]
    assert "喆" in problems[0].message and "GB18030" in problems[0].message


def test_common_gb18030_file_reads_silently(tmp_path):
    """Ordinary Chinese text in the Windows encoding raises nothing."""
    text = csv_text([visit(customer="张三", address="北京市朝阳区建国路1号")])
    table, problems = read_csv(_write(tmp_path, "visits.csv", text.encode("gb18030")))
    assert table is not None
    assert problems == [] and table.rows[0].get("customer") == "张三"


def test_latin1_events_file_is_refused_with_its_encoding(tmp_path):
    """The YAML files go through the same check."""
    doc, problems = load_yaml_with_lines(
        _write(tmp_path, "events.yaml", "at: '10:00'\nnote: Müller\n".encode("latin-1"))
    )
    assert doc is None and problems[0].row == 2 and "GB18030" in problems[0].message


# --- item 12: travel settings that would overflow ---------------------------


def test_absurd_speed_and_road_factor_are_refused_in_files_and_the_model(tmp_path):
    """``speed_kmh: 1e-300`` makes every travel time infinite; the reader and the model both refuse it."""
    import datetime as dt

    import pytest
    from pydantic import ValidationError

    from planner.domain import Settings
    from planner.io.dataset import dataset_from_document

    loaded = read_dataset(
        write_dataset(tmp_path / "day", settings="date: 2026-11-23\nspeed_kmh: 1e-300\nroad_factor: 1e300\n")
    )
    assert loaded.dataset is None
    assert "out of range" in found(loaded, column="speed_kmh")[0].message
    assert "out of range" in found(loaded, column="road_factor")[0].message
    document = {"settings": {"date": "2026-11-23", "speed_kmh": 1e-300}, "technicians": [], "visits": []}
    assert found(dataset_from_document(document), column="speed_kmh", contains="out of range")
    for fields in ({"speed_kmh": 1e-300}, {"speed_kmh": 1e9}, {"road_factor": 1e300}, {"road_factor": 0.01}):
        with pytest.raises(ValidationError):
            Settings(date=dt.date(2026, 11, 23), **fields)


def test_scenario_and_request_files_refuse_aliases(tmp_path):
    """``planner scenarios`` and ``planner slots`` read their YAML with the same loader."""
    from planner.scenarios.spec import read_scenario_file
    from planner_cli.day import read_request

    dataset = read_ok(Path(__file__).resolve().parents[1] / "data" / "sample")
    scenario, problems = read_scenario_file(_write(tmp_path, "scenarios.yaml", LAUGHS), dataset)
    assert scenario is None and [(p.file, p.row) for p in problems] == [("scenarios.yaml", 2)]
    visit_, _, problems = read_request(str(_write(tmp_path, "request.yaml", "id: &i V900\ncustomer: *i\n")), dataset, 3)
    assert visit_ is None and [(p.file, p.row) for p in problems] == [("request.yaml", 2)]
