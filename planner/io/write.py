"""Write a Dataset back out in the contract's file forms.

The demo generator, the API and scenario copies all hold ``Dataset``
objects that people then open in Excel or hand to other tools. The writer
emits, for every cell, the first form listed in ``docs/formats.md``, so
that whatever it writes the readers in ``planner/io`` read back to an equal
``Dataset``.

Three forms (``fmt``):

- ``csv``: ``settings.yaml``, ``technicians.csv``, ``visits.csv``,
  ``parts.csv`` (only when parts are constrained), ``regions.csv`` (only
  when there are regions), ``skills.csv`` (only when skills are named) and
  ``org.yaml`` (only when there is an org);
- ``xlsx``: one workbook ``dataset.xlsx`` with a sheet per table plus a
  ``settings`` sheet (``key``, ``value``), and ``org.yaml`` beside it;
- ``json``: one ``dataset.json`` document, the API payload.

YAML files are always UTF-8 (the YAML spec allows nothing else that
matters); only the CSV encoding is chosen by the caller.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from planner.domain import Availability, Dataset, Part, Region, Settings, Skill, Technician, Visit, hhmm
from planner.io.scratch import remove_stale_scratch, scratch_path, write_scratch
from planner.io.spreadsheet import excel_text

FORMATS: tuple[str, ...] = ("csv", "xlsx", "json")
CSV_ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "gb18030")

TECHNICIAN_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "role",
    "base_lat",
    "base_lon",
    "regions",
    "skills",
    "shift_start",
    "shift_end",
    "max_visits",
)
VISIT_COLUMNS: tuple[str, ...] = (
    "id",
    "customer",
    "phone",
    "address",
    "lat",
    "lon",
    "region",
    "type",
    "priority",
    "required_skills",
    "duration_min",
    "window_start",
    "window_end",
    "due_date",
    "parts",
    "pinned_technician",
    "preferred_technician",
    "description",
)
#: The technicians' work phones (crew partners call them), written only when someone has one.
TECHNICIAN_PHONE = "phone"
#: Optional visit columns of several days and crews, written only when some visit uses them.
HORIZON_VISIT_COLUMNS: tuple[str, ...] = ("release_date", "created_date", "crew_size", "crew_skills")
AVAILABILITY_COLUMNS: tuple[str, ...] = ("technician_id", "date", "shift_start", "shift_end")
PART_COLUMNS: tuple[str, ...] = ("part_id", "name", "stock")
REGION_COLUMNS: tuple[str, ...] = ("id", "name", "name_en")
SKILL_COLUMNS: tuple[str, ...] = ("id", "name", "name_en")
SETTINGS_KEYS: tuple[str, ...] = (
    "date",
    "timezone",
    "speed_kmh",
    "road_factor",
    "lunch_window",
    "lunch_minutes",
)

#: Every file name any form writes. One left over from an earlier write (a
#: ``parts.csv`` when parts are now unconstrained, a ``technicians.csv``
#: beside a new workbook) would change what the folder reads back as, so
#: writing into an existing folder removes the ones this write does not make.
DATASET_FILES: tuple[str, ...] = (
    "settings.yaml",
    "technicians.csv",
    "visits.csv",
    "parts.csv",
    "regions.csv",
    "skills.csv",
    "availability.csv",
    "org.yaml",
    "dataset.xlsx",
    "dataset.json",
)

Cell = str | int | float | dt.date | None
Row = dict[str, Cell]


def _number(value: float) -> int | float:
    """Whole floats as ints, so ``speed_kmh: 30.0`` is written ``30`` as people write it."""
    return int(value) if float(value).is_integer() else value


def _pairs(mapping: Mapping[str, int]) -> str | None:
    """``skill:level;...`` with the number always written (formats.md), None when empty."""
    return ";".join(f"{key}:{value}" for key, value in mapping.items()) or None


def _clock(minutes: int | None) -> str | None:
    """A clock cell, or None when the time is not given."""
    return None if minutes is None else hhmm(minutes)


def settings_row(settings: Settings) -> Row:
    """The settings as the contract's keys: lunch start and end become one ``lunch_window``."""
    row: Row = {
        "date": settings.date,
        "timezone": settings.timezone,
        "speed_kmh": _number(settings.speed_kmh),
        "road_factor": _number(settings.road_factor),
        "lunch_window": f"{hhmm(settings.lunch_start)}-{hhmm(settings.lunch_end)}",
        "lunch_minutes": settings.lunch_minutes,
    }
    if settings.horizon_days > 1:
        row["horizon_days"] = settings.horizon_days
    return row


def technician_row(technician: Technician) -> Row:
    """One ``technicians.csv`` row; empty regions (= all) stay an empty cell."""
    return {
        "id": technician.id,
        "name": technician.name or None,
        "role": technician.role or None,
        "base_lat": technician.base_lat,
        "base_lon": technician.base_lon,
        "regions": ";".join(technician.regions) or None,
        "skills": _pairs(technician.skills),
        "shift_start": hhmm(technician.shift_start),
        "shift_end": hhmm(technician.shift_end),
        "max_visits": technician.max_visits,
        TECHNICIAN_PHONE: technician.phone or None,
    }


def visit_row(visit: Visit) -> Row:
    """One ``visits.csv`` row."""
    return {
        "id": visit.id,
        "customer": visit.customer or None,
        "phone": visit.phone or None,
        "address": visit.address or None,
        "lat": visit.lat,
        "lon": visit.lon,
        "region": visit.region or None,
        "type": visit.type,
        "priority": visit.priority,
        "required_skills": _pairs(visit.required_skills),
        "duration_min": visit.duration_min,
        "window_start": _clock(visit.window_start),
        "window_end": _clock(visit.window_end),
        "due_date": visit.due_date,
        "parts": _pairs(visit.parts),
        "pinned_technician": visit.pinned_technician or None,
        "preferred_technician": visit.preferred_technician or None,
        "description": visit.description or None,
        "release_date": visit.release_date,
        "created_date": visit.created_date,
        "crew_size": visit.crew_size if visit.crew_size > 1 else None,
        "crew_skills": _pairs(visit.crew_skills),
    }


def availability_row(row: Availability) -> Row:
    """One ``availability.csv`` row: a shift on a date, or ``off``."""
    return {
        "technician_id": row.technician_id,
        "date": row.date,
        "shift_start": "off" if row.off else _clock(row.shift_start),
        "shift_end": _clock(row.shift_end),
    }


def part_row(part: Part) -> Row:
    """One ``parts.csv`` row (the model's ``id`` is the file's ``part_id``)."""
    return {"part_id": part.id, "name": part.name or None, "stock": part.stock}


def region_row(region: Region | Skill) -> Row:
    """One ``regions.csv`` or ``skills.csv`` row: an id and its two names."""
    return {"id": region.id, "name": region.name or None, "name_en": region.name_en or None}


def tables(dataset: Dataset) -> dict[str, tuple[tuple[str, ...], list[Row]]]:
    """The tables to write, keyed by file stem, each with its columns in contract order.

    ``parts`` is left out when parts are not constrained (None), which is
    not the same as an empty stock list; ``regions`` when there are none.
    """
    visits = [visit_row(v) for v in dataset.visits]
    extra = tuple(column for column in HORIZON_VISIT_COLUMNS if any(row[column] is not None for row in visits))
    out: dict[str, tuple[tuple[str, ...], list[Row]]] = {
        "technicians": (
            TECHNICIAN_COLUMNS + ((TECHNICIAN_PHONE,) if any(t.phone for t in dataset.technicians) else ()),
            [technician_row(t) for t in dataset.technicians],
        ),
        "visits": (VISIT_COLUMNS + extra, visits),
    }
    if dataset.availability:
        out["availability"] = (AVAILABILITY_COLUMNS, [availability_row(a) for a in dataset.availability])
    if dataset.parts is not None:
        out["parts"] = (PART_COLUMNS, [part_row(p) for p in dataset.parts])
    if dataset.regions:
        out["regions"] = (REGION_COLUMNS, [region_row(r) for r in dataset.regions])
    if dataset.skills:
        out["skills"] = (SKILL_COLUMNS, [region_row(s) for s in dataset.skills])
    return out


def _plain(value: Any) -> Any:
    """Plain dicts, lists and ISO date strings, which both ``json`` and ``yaml.safe_dump`` take."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _given(row: Row) -> dict[str, Any]:
    """A JSON row: unset cells are left out rather than sent as null or ``""``."""
    return {key: _plain(value) for key, value in row.items() if value is not None}


def dataset_to_document(dataset: Dataset) -> dict[str, Any]:
    """The contract's JSON form of a dataset (the API payload and ``dataset.json``).

    List cells keep their text form (``"sofa_repair:3;install:1"``), as in
    the contract's example; ``parts`` and ``org`` are absent when None.
    """
    document: dict[str, Any] = {"settings": _given(settings_row(dataset.settings))}
    for name, (_, rows) in tables(dataset).items():
        document[name] = [_given(row) for row in rows]
    document.setdefault("regions", [])
    if dataset.org is not None:
        document["org"] = _plain(dataset.org)
    return document


def _text(value: Cell) -> str:
    """A CSV cell: empty when not given, floats in their shortest exact form."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv_bytes(columns: Iterable[str], rows: list[Row], encoding: str) -> bytes:
    """A CSV file with a header row, CRLF line ends as Excel writes them; no cell runs as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = tuple(columns)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([excel_text(_text(row[column])) for column in columns])
    return buffer.getvalue().encode(encoding)


def _yaml_bytes(data: Mapping[str, Any]) -> bytes:
    """UTF-8 YAML with Chinese left readable and keys in the order given."""
    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, default_flow_style=False).encode("utf-8")


def _settings_yaml(settings: Settings) -> bytes:
    """``settings.yaml``; the date stays a YAML date (unquoted), as a person would type it."""
    return _yaml_bytes(settings_row(settings))


def _xlsx_bytes(dataset: Dataset) -> bytes:
    """One workbook, a sheet per table plus ``settings``; clocks and dates as ``HH:MM`` / ISO text."""
    workbook = openpyxl.Workbook()
    for sheet in workbook.worksheets:
        workbook.remove(sheet)
    for name, (columns, rows) in tables(dataset).items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_xlsx_cell(row[column]) for column in columns])
            _as_text(sheet[sheet.max_row])
    sheet = workbook.create_sheet("settings")
    sheet.append(["key", "value"])
    for key, value in settings_row(dataset.settings).items():
        sheet.append([key, _xlsx_cell(value)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _as_text(cells: Iterable[Any]) -> None:
    """Keep text as text: openpyxl would store a value starting with ``=`` as a formula Excel runs."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"


def _xlsx_cell(value: Cell) -> str | int | float | None:
    """Dates as ISO text so Excel does not re-render them in the user's locale."""
    return value.isoformat() if isinstance(value, dt.date) else value


def render(dataset: Dataset, fmt: str = "csv", encoding: str = "utf-8") -> dict[str, bytes]:
    """The files of one form as name -> bytes, built fully in memory before anything is written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown dataset format {fmt!r}; use one of {', '.join(FORMATS)}")
    if encoding not in CSV_ENCODINGS:
        raise ValueError(f"unknown CSV encoding {encoding!r}; use one of {', '.join(CSV_ENCODINGS)}")
    if fmt == "json":
        text = json.dumps(dataset_to_document(dataset), ensure_ascii=False, indent=2)
        return {"dataset.json": (text + "\n").encode("utf-8")}
    if fmt == "xlsx":
        files = {"dataset.xlsx": _xlsx_bytes(dataset)}
    else:
        files = {"settings.yaml": _settings_yaml(dataset.settings)}
        for name, (columns, rows) in tables(dataset).items():
            files[f"{name}.csv"] = _csv_bytes(columns, rows, encoding)
    if dataset.org is not None:
        files["org.yaml"] = _yaml_bytes(_plain(dataset.org))
    return files


def _replace_file(path: Path, data: bytes) -> None:
    """Write beside the target then rename, so a reader never sees half a file."""
    remove_stale_scratch(path)
    scratch = write_scratch(path, data)
    try:
        os.replace(scratch, path)
    finally:
        scratch.unlink(missing_ok=True)


def _create_folder(folder: Path, files: Mapping[str, bytes]) -> None:
    """Build a new folder under a scratch name in the same parent, then rename it into place.

    The rename is atomic on one file system, so a watcher or a concurrent
    reader sees either no folder or a complete dataset.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_scratch(folder)
    scratch = scratch_path(folder)
    scratch.mkdir()
    try:
        for name, data in files.items():
            (scratch / name).write_bytes(data)
        scratch.rename(folder)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _update_folder(folder: Path, files: Mapping[str, bytes]) -> None:
    """Replace each file atomically, then drop dataset files this form does not write.

    Files with other names (plans, notes) are left alone.
    """
    for name, data in files.items():
        _replace_file(folder / name, data)
    for name in DATASET_FILES:
        if name not in files:
            (folder / name).unlink(missing_ok=True)


def write_dataset(dataset: Dataset, folder: Path | str, fmt: str = "csv", encoding: str = "utf-8") -> Path:
    """Write ``dataset`` into ``folder`` in form ``fmt`` and return the path to read it back from.

    That path is the folder for ``csv`` and ``xlsx`` (a folder with one
    workbook is read in workbook mode) and the ``dataset.json`` file for
    ``json`` (the folder, holding no CSV tables, reads as it too).
    ``encoding`` applies to the CSV files only.
    """
    files = render(dataset, fmt, encoding)
    folder = Path(folder)
    if folder.exists():
        if not folder.is_dir():
            raise NotADirectoryError(f"{folder} exists and is not a folder")
        _update_folder(folder, files)
    else:
        _create_folder(folder, files)
    return folder / "dataset.json" if fmt == "json" else folder
