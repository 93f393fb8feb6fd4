"""Ids and names holding a tab, a line break or U+001F are refused at every door, each located.

An id is a key: the store's KPI query joins keys with U+001F, and CSV
exports, calendar files and page ids break on tabs and line breaks. A
name is shown on one line of a page or a calendar. Day files (CSV in
GB18030, XLSX), the org chart and the API all refuse them the same way
(the store's import: ``test_workorders_cli``), with every problem at
once, while Chinese text, spaces inside and punctuation read as before.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from helpers_io import SETTINGS, read_ok, technician, visit, write_dataset
from http_server import post_json, running

from planner.io import read_dataset
from planner.io.write import dataset_to_document
from planner_cli.main import main
from web import create_app
from web.store import DayStore

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TOKEN = "control-characters-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
REFUSED = "without tabs, line breaks or other control characters"


def gb18030(folder: Path) -> Path:
    """The folder's CSV files saved as Excel on a Chinese Windows saves them."""
    for path in folder.glob("*.csv"):
        path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    return folder


def bad_day(folder: Path) -> Path:
    """A day whose first technician's id holds a tab, the second's U+001F, and a visit's customer a line break."""
    return gb18030(
        write_dataset(
            folder,
            technicians=[technician(id="T0\t1", name="王伟"), technician(id="T0\x1f2", name="李娜")],
            visits=[visit(preferred_technician="", customer="张三\n李四")],
        )
    )


def test_a_csv_id_with_a_tab_or_unit_separator_is_exit_2_naming_file_row_and_column(tmp_path, capsys) -> None:
    """Every problem at once, located; the character is named and shown escaped; no plan is written."""
    out = tmp_path / "plan.json"
    assert main(["plan", str(bad_day(tmp_path / "day")), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert (
        f"technicians.csv, row 2, column id: id T0\\t1 holds a tab (U+0009); an id must be plain text {REFUSED}" in err
    )
    assert "technicians.csv, row 3, column id: id T0\\x1f2 holds a control character (U+001F)" in err
    assert "visits.csv, row 2, column customer: customer 张三\\n李四 holds a line break (U+000A); a name" in err
    assert "\x1f" not in err and "\t" not in err
    assert "3 error(s)" in err
    assert not out.exists()


def test_an_xlsx_id_with_a_tab_and_a_name_on_two_lines_are_refused_at_sheet_row_and_column(tmp_path) -> None:
    """Alt+Enter in an Excel cell is a line break: a name typed so is refused like a tab in an id."""
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    tables = {
        "technicians": [technician(), technician(id="T\t02", name="李\n娜", regions="", skills="install:2")],
        "visits": [visit(parts="", preferred_technician="")],
    }
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append(list(row.values()))
    path = tmp_path / "day.xlsx"
    book.save(path)
    (tmp_path / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
    loaded = read_dataset(path)
    assert loaded.dataset is None
    assert [(p.file, p.row, p.column) for p in loaded.problems if p.severity == "error"] == [
        ("day.xlsx:technicians", 3, "id"),
        ("day.xlsx:technicians", 3, "name"),
    ]


@pytest.mark.parametrize(
    ("changes", "column", "shown"),
    [
        ({"skills": "sofa_repair:3;ins\x1ftall"}, "skills", "ins\\x1ftall"),
        ({"regions": "chaoyang;hai\tdian"}, "regions", "hai\\tdian"),
        ({"role": "repair\x85technician"}, "role", "repair\\x85technician"),
    ],
)
def test_listed_ids_and_labels_hold_no_control_character_either(tmp_path, changes, column, shown) -> None:
    """Skills and regions in a list are ids too; C1 controls (U+0080-U+009F) count as well as C0."""
    loaded = read_dataset(write_dataset(tmp_path / "day", technicians=[technician(**changes)]))
    errors = [p for p in loaded.problems if p.severity == "error"]
    assert [(p.file, p.row, p.column) for p in errors] == [("technicians.csv", 2, column)]
    assert shown in errors[0].message and REFUSED in errors[0].message


def test_chinese_ids_and_names_with_spaces_and_punctuation_still_read(tmp_path) -> None:
    """Ordinary text is not a control character: Chinese ids, a space inside a name, full-width punctuation."""
    folder = gb18030(
        write_dataset(
            tmp_path / "day",
            technicians=[technician(id="王师傅", name="王 伟（组长）", role="维修·技师")],
            visits=[
                visit(id="工单-001", customer="张三，先生", preferred_technician="王师傅", address="建国路1号\n2单元")
            ],
        )
    )
    dataset = read_ok(folder)
    assert dataset.technician("王师傅").name == "王 伟（组长）"
    assert dataset.visit("工单-001").customer == "张三，先生"
    assert dataset.visit("工单-001").address == "建国路1号\n2单元"


def test_org_chart_unit_ids_and_names_are_refused_at_their_line(tmp_path, capsys) -> None:
    """A department or group id is a key of the KPIs: U+001F in it is refused at its line of org.yaml."""
    folder = tmp_path / "day"
    shutil.copytree(SAMPLE, folder)
    org = (folder / "org.yaml").read_text(encoding="utf-8")
    assert "\n  id: aftersales\n" in org
    lines = org.split("\n")
    line = lines.index("  id: aftersales") + 1
    (folder / "org.yaml").write_text(org.replace("\n  id: aftersales\n", '\n  id: "after\\x1fsales"\n'), "utf-8")
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"org.yaml, line {line}, column id: id after\\x1fsales holds a control character (U+001F)" in err


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    app = create_app({"SECRET_KEY": "k" * 64, "PLANNER_API_TOKENS": [TOKEN], "PLANNER_MAX_TIME_LIMIT": 2.0}, DayStore())
    with running(app) as url:
        yield url + "/api/v1"


def test_the_api_refuses_such_an_id_with_the_field_named(api) -> None:
    """A posted day: 422, the problem at the table, row and column, and the reader's words."""
    document = dataset_to_document(read_ok(SAMPLE))
    document["technicians"][1]["id"] = "T\x1f02"
    document["regions"][0]["name"] = "朝阳\t区"
    reply = post_json(f"{api}/validate", document, AUTH)
    assert reply.status == 422, reply.text
    problems = {(p["table"], p["row"], p["column"]): p["message"] for p in reply.json()["problems"]}
    assert "U+001F" in problems["technicians", 2, "id"] and REFUSED in problems["technicians", 2, "id"]
    assert "a tab (U+0009)" in problems["regions", 1, "name"]


def test_the_api_still_takes_chinese_ids_and_names(api) -> None:
    document = dataset_to_document(read_ok(SAMPLE))
    document["technicians"][0]["name"] = "王 师傅（组长）"
    reply = post_json(f"{api}/validate", document, AUTH)
    assert reply.status == 200 and reply.json()["ok"] is True, reply.text


def test_a_status_report_with_a_control_character_in_its_client_id_is_a_422_naming_it(store_url) -> None:
    """The ids a client sends with a work order's status are stored: a tab or U+001F in them is refused."""
    app = create_app({"SECRET_KEY": "k" * 64, "PLANNER_API_TOKENS": [TOKEN], "PLANNER_DATABASE_URL": store_url})
    try:
        with running(app) as base:
            body = {"status": "needs_part", "client_id": "tap\t1", "part_id": "P\x1f1"}
            reply = post_json(f"{base}/api/v1/visits/V001/status", body, AUTH)
    finally:
        app.extensions["planner.workorders"].close()
    assert reply.status == 422, reply.text
    problems = {p["column"]: p["message"] for p in reply.json()["problems"]}
    assert problems["client_id"].startswith("client_id tap\\t1 holds a tab (U+0009)")
    assert problems["part_id"].startswith("part_id P\\x1f1 holds a control character (U+001F)")
