"""CSV files people open in Excel never carry a live formula (CSV injection).

A technician's or customer's text starting with ``=``, ``+``, ``-`` or ``@``
would run as a formula when a dispatcher opens the roster, the scenario
comparison or a re-planned dataset in Excel; every such writer goes through
one helper that makes the cell plain text, and the readers undo it.
"""

from __future__ import annotations

import csv
import io

from builders import FAST, day, tech, visit
from helpers_io import read_ok
from test_scenarios_compare import document, figures

from planner.io.outputs import roster_csv
from planner.io.spreadsheet import excel_text, plain_text
from planner.io.write import write_dataset
from planner.planning import plan_day
from planner.scenarios.compare import delta
from planner.scenarios.render import comparison_csv

ATTACKS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
]


def test_helper_neutralises_formulas_but_keeps_numbers():
    """Formula starts get an apostrophe; signed numbers stay numbers; the reader undoes it exactly."""
    for text in ATTACKS:
        written = excel_text(text)
        assert isinstance(written, str) and written.startswith("'")
        assert plain_text(written) == text
    for text in ["-3", "+86", "-0.5", "1e-3", "-1.5E+3", "plain", "王师傅", "'plain"]:
        assert excel_text(text) == text
        assert plain_text(text) == text
    assert excel_text(-3) == -3


def test_roster_cells_cannot_be_formulas():
    """A technician named like a formula is plain text in roster.csv."""
    technician = tech("T1", role="@SUM(A1)").model_copy(update={"name": '=HYPERLINK("http://evil.example")'})
    dataset = day([technician], [visit("V1")])
    plan = plan_day(dataset, FAST).plan
    rows = list(csv.DictReader(io.StringIO(roster_csv(dataset, plan))))
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["role"] == "'@SUM(A1)"
    assert rows[0]["technician_id"] == "T1"


def test_comparison_cells_cannot_be_formulas_and_negative_deltas_stay_numbers():
    """A scenario label like a formula is text; a delta of -1 is still the number -1."""
    doc = document()
    worse = figures(headcount=11)
    doc["variants"][1] |= {
        "label": "=1+2",
        "changes": ["-1 technician"],
        "measures": worse,
        "delta": delta(worse, figures()),
    }
    rows = list(csv.DictReader(io.StringIO(comparison_csv(doc))))
    assert rows[1]["label"] == "'=1+2" and rows[1]["changes"] == "'-1 technician"
    assert rows[1]["delta_headcount"] == "-1"


def test_dataset_csv_cells_cannot_be_formulas_and_read_back_equal(tmp_path):
    """``replan --dataset-out`` writes visits.csv with the writer: formulas neutralised, the day read back equal."""
    texts = [text for text in ATTACKS if not text[0].isspace()]  # the reader trims cells anyway
    visits = [
        visit(f"V{i}", description=text).model_copy(update={"customer": text, "phone": "-3"})
        for i, text in enumerate(texts)
    ]
    dataset = day([tech("T1").model_copy(update={"name": "@T"})], visits)
    folder = write_dataset(dataset, tmp_path / "out")
    raw = (folder / "visits.csv").read_text(encoding="utf-8")
    cells = [cell for row in csv.reader(io.StringIO(raw)) for cell in row]
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)
    assert not any(cell.startswith("-") and cell != "-3" for cell in cells)
    assert read_ok(folder) == dataset


def test_workbook_text_is_never_stored_as_a_formula(tmp_path):
    """In ``dataset.xlsx`` a customer typed ``=1+1`` is a text cell, not a formula, and reads back equal."""
    import openpyxl

    dataset = day([tech("T1")], [visit("V1", lon=116.45).model_copy(update={"customer": "=1+1"})])
    folder = write_dataset(dataset, tmp_path / "out", fmt="xlsx")
    sheet = openpyxl.load_workbook(folder / "dataset.xlsx")["visits"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=1+1"]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert read_ok(folder) == dataset
