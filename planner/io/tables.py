"""Raw tables: cells as found in CSV files, XLSX sheets and JSON documents.

Nothing here knows what a technician or a visit is. The readers only turn
each source into the same shape (named columns, trimmed cells, each row
remembering where a person finds it) so that one set of row parsers serves
every input form, and problems point at the file, row and column the
dispatcher has open in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import yaml
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from planner.io.spreadsheet import plain_text
from planner.io.yaml_safe import MAX_DEPTH, TextDatesLoader, yaml_problem
from planner.problems import Problem

Cell: TypeAlias = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | list | dict
"""A non-empty cell: text from CSV, typed values from XLSX, any JSON value."""

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "gb18030")
"""Tried in this order: UTF-8 (with or without BOM), then what Chinese Excel writes."""


@dataclass(frozen=True)
class RawRow:
    """One data row: its non-empty cells by column name, and where it is."""

    file: str
    row: int
    cells: Mapping[str, Cell]

    def get(self, column: str) -> Cell | None:
        """The cell of ``column``, None when empty or absent."""
        return self.cells.get(column)


@dataclass(frozen=True)
class RawTable:
    """A table with its column names as written (trimmed) and its data rows.

    ``header_row`` is the line of the header (None for JSON, which has
    none), so that column problems can point at it.
    """

    file: str
    columns: tuple[str, ...]
    rows: tuple[RawRow, ...]
    header_row: int | None = 1


@dataclass(frozen=True)
class RawSettings:
    """Settings as given, with the row of each key (None in YAML and JSON).

    ``values`` holds the non-empty values; ``rows`` every key that was
    written, even with an empty value, so a misspelt key is still noticed.
    """

    file: str
    values: Mapping[str, Cell]
    rows: Mapping[str, int | None]

    def row(self, key: str) -> int | None:
        """The sheet row of ``key``; None for YAML/JSON and for keys not given."""
        return self.rows.get(key)


def clean_cell(value: object) -> Cell | None:
    """Trim text, treat blanks as not given, and drop a spreadsheet's ``.0``.

    Excel stores every number as a float, so an id or a duration typed as
    ``60`` arrives as ``60.0``; whole floats become ints so that they read
    back as the person typed them.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value  # type: ignore[return-value]


def _decode(data: bytes) -> tuple[str, str] | None:
    """Text of a file and the encoding it was in, among ``ENCODINGS``; None when in none of them."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def read_text(path: Path, label: str) -> tuple[str | None, list[Problem]]:
    """The decoded text of a file, or a problem saying why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(label, None, None, f"{label} cannot be read: {exc.strerror or exc}")]
    return decode_file(data, label)


def decode_file(data: bytes, label: str) -> tuple[str | None, list[Problem]]:
    """The text of a file's bytes, with a word when the encoding had to be guessed.

    Bytes that are not UTF-8 are read as GB18030, which accepts almost
    anything: a Latin-1 ``Müller`` becomes ``M黮ler`` without an error.
    Chinese text keeps to the common characters of GB2312, so characters
    outside it are pointed out; a file holding no common Chinese at all
    was certainly saved in another encoding and is refused.
    """
    decoded = _decode(data)
    if decoded is None:
        message = (
            f"{label} is neither UTF-8 nor GB18030/GBK text; "
            "save it as 'CSV UTF-8' (or in the Chinese Windows encoding)"
        )
        return None, [Problem(label, None, None, message)]
    text, encoding = decoded
    if encoding != "gb18030":
        return text, []
    characters = {char for char in set(text) if ord(char) > 127}
    rare = {char for char in characters if not _common_chinese(char)}
    if not rare:
        return text, []
    first_seen = sorted((text.index(char), char) for char in rare)
    line = text.count("\n", 0, first_seen[0][0]) + 1
    shown = ", ".join(char for _, char in first_seen[:20])
    common = len(characters) - len(rare)
    if common == 0:
        message = (
            f"{label} is not UTF-8, and read as GB18030 (the Chinese Windows encoding) it holds only "
            f"characters rarely used in Chinese ({shown}); it was probably saved in another encoding "
            "such as Latin-1 or Windows-1252: save it as 'CSV UTF-8' (or UTF-8 text)"
        )
        return None, [Problem(label, line, None, message)]
    message = (
        f"{label} is not UTF-8 and was read as GB18030 (the Chinese Windows encoding); it holds "
        f"characters rarely used in Chinese ({shown}): if names look wrong, save it as 'CSV UTF-8'"
    )
    return text, [Problem(label, line, None, message, "warning")]


def _common_chinese(char: str) -> bool:
    """Whether a character is in GB2312, the set everyday Chinese text is written in."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def read_csv(path: Path, label: str | None = None) -> tuple[RawTable | None, list[Problem]]:
    """Read a comma-separated file whose first non-blank line is the header.

    A table whose records do not match the file's lines (a quote never
    closed, rows swallowed into one cell) is not returned: reading on would
    silently lose rows.
    """
    label = label or path.name
    text, problems = read_text(path, label)
    if text is None:
        return None, problems
    records, found = _csv_records(text, label)
    problems += found
    if records is None:
        return None, problems
    table, found = table_from_grid(
        label, ((start, [plain_text(cell) for cell in cells]) for start, _, cells in records)
    )
    problems += found
    if table is None:
        problems.append(Problem(label, None, None, f"{label} is empty; expected a header row naming the columns"))
        return None, problems
    assert table.header_row is not None, "a CSV's header is one of its lines"
    shape = _spanning_records(label, records, table.header_row)
    if shape:
        return None, problems + shape
    return table, problems


def _csv_records(text: str, label: str) -> tuple[list[tuple[int, int, list[str]]] | None, list[Problem]]:
    """Records with the lines each starts and ends on (a quoted cell may span lines).

    The reader is strict, so a quote that is never closed or text after a
    closing quote is a problem at its row rather than a guess.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            records.append((start, reader.line_num, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        return None, [Problem(label, start, None, _csv_error(str(exc), start, reader.line_num))]
    return records, []


def _csv_error(reason: str, start: int, stop: int) -> str:
    """What a reader's refusal means for the person holding the file."""
    if "field limit" in reason:
        return (
            f"row {start} has a cell longer than {csv.field_size_limit()} characters, far more than "
            'any cell of a dataset; a stray double quote (") may have joined the rows after it'
        )
    if "end of data" in reason:
        return (
            f"a quoted cell starting on row {start} is never closed, so rows {start}-{stop} would be "
            'read as one cell; look for a stray double quote (") in that row'
        )
    return (
        f'row {start} cannot be read as CSV ({reason}); a double quote (") inside a cell must be '
        "doubled and the whole cell quoted, as Excel writes it"
    )


def _spanning_records(label: str, records: list[tuple[int, int, list[str]]], header_row: int) -> list[Problem]:
    """Records spanning lines that look like rows swallowed by a stray quote.

    A quoted cell may hold line breaks (an address typed on two lines in
    Excel), but then the record still has the header's number of cells
    and its extra lines do not look like rows of the table.
    """
    width = next(len(cells) for start, _, cells in records if start == header_row)
    problems: list[Problem] = []
    for start, stop, cells in records:
        if stop == start or start <= header_row or not any(cell.strip() for cell in cells):
            continue
        if len(cells) != width:
            problems.append(
                Problem(
                    label,
                    start,
                    None,
                    (
                        f"rows {start}-{stop} were read as one row of {len(cells)} cells (the header has {width}) "
                        'because a quoted cell runs over line ends; look for a stray double quote (")'
                    ),
                )
            )
        elif width >= 4 and any(line.count(",") >= width - 1 for cell in cells for line in cell.splitlines()[1:]):
            problems.append(
                Problem(
                    label,
                    start,
                    None,
                    (
                        f"a quoted cell runs over rows {start}-{stop} and holds what look like whole rows; "
                        'look for a stray double quote (") in row {start}'
                    ),
                )
            )
    return problems


def table_from_grid(label: str, lines: Iterable[tuple[int, Sequence[object]]]) -> tuple[RawTable | None, list[Problem]]:
    """Build a table from numbered rows of cells (CSV records or sheet rows).

    None when every row is blank: whether that is wrong depends on the caller.
    """
    problems: list[Problem] = []
    numbered = ((number, [clean_cell(value) for value in values]) for number, values in lines)
    non_blank = ((number, cells) for number, cells in numbered if any(c is not None for c in cells))
    header = next(non_blank, None)
    if header is None:
        return None, problems
    header_row, header_cells = header
    names, repeated = _header_names(label, header_row, header_cells, problems)
    rows: list[RawRow] = []
    unnamed_seen: set[int] = set()
    for number, cells in non_blank:
        named: dict[str, Cell] = {}
        for position, value in enumerate(cells):
            name = names[position] if position < len(names) else None
            if value is None or position in repeated:
                continue
            if name is None:
                _note_unnamed(label, number, position, unnamed_seen, problems)
            else:
                named[name] = value
        rows.append(RawRow(label, number, named))
    columns = tuple(name for name in names if name is not None)
    return RawTable(label, columns, tuple(rows), header_row), problems


def _header_names(
    label: str, header_row: int, cells: list[Cell | None], problems: list[Problem]
) -> tuple[list[str | None], set[int]]:
    """Column name per position (None when blank), and the positions of repeated names.

    A repeated column is reported once here; its values are then ignored
    without a further warning for every row.
    """
    names: list[str | None] = []
    repeated: set[int] = set()
    first_position: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = None if cell is None else str(cell).strip() or None
        if name is not None and name in first_position:
            message = (
                f"column {name} appears twice in the header (columns "
                f"{first_position[name] + 1} and {position + 1}); the second is ignored"
            )
            problems.append(Problem(label, header_row, name, message))
            repeated.add(position)
            name = None
        elif name is not None:
            first_position[name] = position
        names.append(name)
    return names, repeated


def _note_unnamed(label: str, row: int, position: int, seen: set[int], problems: list[Problem]) -> None:
    """Warn once per column that holds values under no header name."""
    if position in seen:
        return
    seen.add(position)
    message = f"column {position + 1} has values but no name in the header row; its values are ignored"
    problems.append(Problem(label, row, None, message, "warning"))


@dataclass(frozen=True)
class Workbook:
    """The sheets of an XLSX workbook that the caller asked for.

    ``tables`` are keyed by lower-case sheet name and hold only sheets
    with content; ``ignored`` names the other sheets that hold anything,
    so the caller can say they were not read.
    """

    tables: Mapping[str, RawTable]
    ignored: tuple[str, ...]


def read_workbook(path: Path, wanted: Collection[str]) -> tuple[Workbook | None, list[Problem]]:
    """The ``wanted`` sheets of an XLSX workbook as tables (None if it cannot be opened).

    Cells are read as values (``data_only``), so formulas count with the
    result Excel last saved; dates and times arrive as Python objects.
    Sheets not wanted are not parsed, so a notes sheet cannot cause errors.
    """
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        return None, [
            Problem(path.name, None, None, f"{path.name} cannot be opened as an Excel workbook (.xlsx): {exc}")
        ]
    tables: dict[str, RawTable] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    try:
        for sheet in workbook.worksheets:
            name = sheet.title.strip().lower()
            lines = enumerate(sheet.iter_rows(values_only=True), start=1)
            if name not in wanted:
                if any(clean_cell(value) is not None for _, row in lines for value in row):
                    ignored.append(sheet.title)
                continue
            table, found = table_from_grid(f"{path.name}:{sheet.title}", lines)
            problems.extend(found)
            if table is not None:
                tables[name] = table
    finally:
        workbook.close()
    return Workbook(tables, tuple(ignored)), problems


def table_from_records(label: str, records: object) -> tuple[RawTable | None, list[Problem]]:
    """A JSON table: a list of objects keyed by column name (row = 1-based index)."""
    if not isinstance(records, list):
        message = f"{label} is {_json_kind(records)}; expected a list of objects (one per row)"
        return None, [Problem(label, None, None, message)]
    problems: list[Problem] = []
    columns: dict[str, None] = {}
    rows: list[RawRow] = []
    for index, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            message = f"row {index} is {_json_kind(record)}; expected an object keyed by column name"
            problems.append(Problem(label, index, None, message))
            continue
        cells: dict[str, Cell] = {}
        for key, value in record.items():
            name = str(key).strip()
            columns.setdefault(name, None)
            cleaned = clean_cell(value)
            if cleaned is not None:
                cells[name] = cleaned
        rows.append(RawRow(label, index, cells))
    return RawTable(label, tuple(columns), tuple(rows), None), problems


def _json_kind(value: object) -> str:
    """How a person would call a JSON value that is the wrong kind."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return f"the value {json.dumps(value, ensure_ascii=False, default=str)}"


def read_yaml(path: Path, label: str | None = None) -> tuple[object, list[Problem]]:
    """The parsed YAML document (None for an empty file) or the syntax problem.

    Read with the project's one loader (``planner.io.yaml_safe``): no
    aliases, bounded nesting, dates left as text.
    """
    label = label or path.name
    text, problems = read_text(path, label)
    if text is None:
        return None, problems
    try:
        return yaml.load(text, Loader=TextDatesLoader), []
    except yaml.YAMLError as exc:
        return None, [yaml_problem(exc, label)]


def read_json(path: Path, label: str | None = None) -> tuple[object, list[Problem]]:
    """The parsed JSON document or the syntax problem with its line."""
    label = label or path.name
    text, problems = read_text(path, label)
    if text is None:
        return None, problems
    return parse_json(text, label)


def parse_json(text: str, label: str) -> tuple[object, list[Problem]]:
    """A JSON document, refusing nesting deeper than any file of the planner needs.

    Python's parser recurses once per level and gives up with a
    RecursionError near a thousand; a document just under that would
    still overflow whatever walks it later, so the depth is bounded here.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(label, exc.lineno, None, f"{label} is not valid JSON: {exc.msg}")]
    except RecursionError:
        return None, [_too_deep(label)]
    if _deeper_than(value, MAX_DEPTH):
        return None, [_too_deep(label)]
    return value, []


def _too_deep(label: str) -> Problem:
    return Problem(
        label,
        None,
        None,
        f"{label} is refused: values are nested more than {MAX_DEPTH} "
        "levels deep; no file of the planner needs that many",
    )


def _deeper_than(value: object, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` levels (walked without recursion)."""
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, (list, dict)):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return False


def settings_from_mapping(label: str, values: object) -> tuple[RawSettings | None, list[Problem]]:
    """Settings given as a mapping (settings.yaml, or the JSON ``settings`` object)."""
    if values is None:
        values = {}
    if not isinstance(values, dict):
        message = f"{label} must be a mapping of setting names to values, such as 'date: 2026-11-23'"
        return None, [Problem(label, None, None, message)]
    cleaned = {str(key).strip(): clean_cell(value) for key, value in values.items()}
    present = {key: value for key, value in cleaned.items() if value is not None}
    return RawSettings(label, present, dict.fromkeys(cleaned)), []


def settings_from_table(table: RawTable) -> tuple[RawSettings, list[Problem]]:
    """Settings given as a two-column ``key``/``value`` sheet, one setting per row."""
    problems: list[Problem] = []
    values: dict[str, Cell] = {}
    rows: dict[str, int | None] = {}
    first_row: dict[str, int] = {}
    for raw in table.rows:
        key = raw.get("key")
        if key is None:
            problems.append(Problem(table.file, raw.row, "key", "key is empty; each settings row names a setting"))
            continue
        name = str(key).strip()
        if name in first_row:
            message = f"setting {name} is given twice (first on row {first_row[name]})"
            problems.append(Problem(table.file, raw.row, name, message))
            continue
        first_row[name] = raw.row
        rows[name] = raw.row
        value = raw.get("value")
        if value is not None:
            values[name] = value
    return RawSettings(table.file, values, rows), problems
