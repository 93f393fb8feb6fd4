"""Fuzzing the loaders: whatever bytes arrive, the answer is a dataset or located problems, never a traceback.

Hypothesis writes dataset files in several encodings, with stray and
doubled quotes, line breaks inside cells, very long cells, formula-like
cells and YAML aliases, and reads them back. A loader may refuse, but
only with the project's ``Problem`` values naming the file; and text the
writer wrote (formula-like cells included) must read back exactly.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

from builders import day, tech, visit
from helpers_io import csv_text, technician
from helpers_io import visit as visit_row
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planner.io import read_dataset
from planner.io.write import write_dataset
from planner.io.yaml_lines import load_yaml_with_lines
from planner.problems import errors

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "latin-1", "utf-16", "cp1252"]
#: Pieces that stress CSV quoting, encodings and Excel formulas.
PIECES = st.sampled_from(
    [
        '"',
        '""',
        ",",
        "\n",
        "\r\n",
        "'",
        "=",
        "+",
        "-",
        "@",
        "\t",
        "；",
        "王师傅",
        "Müller",
        "朝阳区",
        "é",
        "1",
        "-3",
        "=1+1",
        " ",
        "x" * 1000,
    ]
)
CELL = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=6).map("".join)
YAML_PIECES = st.sampled_from(
    [
        "date: 2026-11-23\n",
        "a: &a [1, 2]\n",
        "b: [*a, *a]\n",
        "c: &c [*c]\n",
        "speed_kmh: 1e-300\n",
        "road_factor: 1e300\n",
        "x: " + "[" * 80 + "]" * 80 + "\n",
        "lunch_window: 12:00-13:00\n",
        "'\n",
        "{\n",
        "- 1\n",
        "timezone: Asia/Shanghai\n",
        "speed_kmh: nan\n",
        "date: 2026-02-30\n",
        "k: !!python/object:os.system x\n",
    ]
)
YAML_TEXT = st.lists(YAML_PIECES, max_size=6).map("".join)


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def _assert_located(loaded) -> None:
    """A refusal is explained by errors that each name a file."""
    if loaded.dataset is None:
        assert errors(loaded.problems)
    assert all(problem.file for problem in loaded.problems)


def _with_stray_quote(text: str, line: int | None) -> str:
    """``text`` with a double quote opened at the start of the last cell of ``line`` (counted from 1)."""
    lines = text.split("\n")
    if line is None or line >= len(lines) or "," not in lines[line]:
        return text
    head, _, tail = lines[line].rpartition(",")
    lines[line] = f'{head},"{tail}'
    return "\n".join(lines)


@FUZZ
@example(
    cells=[("description", "x" * 140_000)],
    encoding="utf-8",
    settings_text="date: 2026-11-23\n",
    raw_tail=b"",
    stray=None,
)
@example(
    cells=[("description", "fine")] * 5, encoding="utf-8", settings_text="date: 2026-11-23\n", raw_tail=b"", stray=2
)
@example(
    cells=[], encoding="utf-8", settings_text="date: 2026-11-23\na: &a [1, 1]\nb: [*a, *a]\n", raw_tail=b"", stray=None
)
@example(
    cells=[("customer", "Françoise Müller")],
    encoding="latin-1",
    settings_text="date: 2026-11-23\n",
    raw_tail=b"",
    stray=None,
)
@given(
    cells=st.lists(
        st.tuples(st.sampled_from(["customer", "address", "description", "priority", "lat"]), CELL), max_size=5
    ),
    encoding=st.sampled_from(ENCODINGS),
    settings_text=YAML_TEXT,
    raw_tail=st.binary(max_size=40),
    stray=st.none() | st.integers(min_value=1, max_value=6),
)
def test_csv_folder_loader_answers_with_a_dataset_or_located_problems(cells, encoding, settings_text, raw_tail, stray):
    """Refused with located errors, or read with every row: a stray quote never loses rows silently."""
    rows = [visit_row(id=f"V{i}", **{column: value}) for i, (column, value) in enumerate(cells)] or [visit_row()]
    text = _with_stray_quote(csv_text(rows), stray)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        (path / "settings.yaml").write_bytes(_encode(settings_text, encoding))
        (path / "technicians.csv").write_text(csv_text([technician()]), encoding="utf-8")
        (path / "visits.csv").write_bytes(_encode(text, encoding) + raw_tail)
        loaded = read_dataset(path)
        _assert_located(loaded)
        if loaded.dataset is not None and not raw_tail:
            assert len(loaded.dataset.visits) == len(rows)
        if "&" in settings_text and "*" in settings_text:
            assert loaded.dataset is None


@FUZZ
@example(text="at: '10:00'\nnew: &a [*a]\n", encoding="utf-8")
@example(text="new: " + "[" * 1000 + "]" * 1000, encoding="utf-8")
@given(text=st.one_of(YAML_TEXT, st.text(max_size=200)), encoding=st.sampled_from(ENCODINGS))
def test_yaml_loader_answers_with_data_or_located_problems(text, encoding):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.yaml"
        path.write_bytes(_encode(text, encoding))
        doc, problems = load_yaml_with_lines(path)
        assert doc is not None or errors(problems)
        assert all(problem.file == "events.yaml" for problem in problems)


@FUZZ
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.sampled_from(
            [
                "[" * 5000 + "]" * 5000,
                '{"settings": {"date": "2026-11-23"}, "technicians": [], "visits": [' + "[" * 300,
                '{"settings": 1, "technicians": {}, "visits": "x", "org": []}',
            ]
        ),
    )
)
def test_json_loader_answers_with_a_dataset_or_located_problems(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dataset.json"
        path.write_text(text, encoding="utf-8", errors="replace")
        _assert_located(read_dataset(path))


LINE_TEXT = (
    st.lists(
        st.one_of(
            st.sampled_from(['"', "'", ",", "=", "+", "-", "@", "王", "é", "1", "3"]),
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=4),
        ),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .map(str.strip)
    .filter(bool)
)


@FUZZ
@given(names=st.lists(LINE_TEXT, min_size=1, max_size=4), encoding=st.sampled_from(["utf-8", "utf-8-sig"]))
def test_written_text_reads_back_exactly_formulas_included(names, encoding):
    """What the writer puts in CSV (customer names, notes, technician names) comes back unchanged."""
    visits = [visit(f"V{i}", description=name).model_copy(update={"customer": name}) for i, name in enumerate(names)]
    dataset = day([tech("T1").model_copy(update={"name": names[0]})], visits)
    with tempfile.TemporaryDirectory() as folder:
        written = write_dataset(dataset, Path(folder) / "day", encoding=encoding)
        cells = [
            cell
            for name in ("technicians.csv", "visits.csv")
            for row in csv.reader(io.StringIO((written / name).read_text(encoding=encoding), newline=""))
            for cell in row
        ]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(cell)]
        loaded = read_dataset(written)
        assert loaded.dataset == dataset, [str(p) for p in loaded.problems]
