"""Loading a dataset (CSV folder, XLSX workbook or JSON document) into a ``Dataset``.

Every form is first turned into the same raw ``Sources``, then one
``assemble`` reads the rows, runs the cross-record rules of
``planner.validate`` and builds the immutable models only when no error
was found. Nothing here raises for bad input: a dispatcher gets the full
list of problems (``Loaded.problems``) and fixes the file in one go.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from planner.domain import MAX_CREW_SIZE, Availability, Dataset, Part, Region, Settings, Skill, Technician, Visit, hhmm
from planner.horizon.rules import check_horizon_records
from planner.io.cells import (
    parse_clock,
    parse_date,
    parse_id,
    parse_label,
    parse_names,
    parse_number,
    parse_part_quantities,
    parse_priority,
    parse_skills,
    parse_text,
    parse_visit_type,
    parse_whole,
)
from planner.io.org import OrgSource, check_org
from planner.io.rows import RowReader
from planner.io.schema import (
    AVAILABILITY,
    PARTS,
    REGIONS,
    SETTINGS_SHEET,
    SKILLS,
    TABLES,
    TECHNICIANS,
    VISITS,
    TableSpec,
    check_columns,
)
from planner.io.settings import parse_settings
from planner.io.tables import (
    RawSettings,
    RawTable,
    read_csv,
    read_json,
    read_workbook,
    read_yaml,
    settings_from_mapping,
    settings_from_table,
    table_from_records,
)
from planner.io.yaml_lines import load_yaml_with_lines
from planner.problems import Problem, errors
from planner.validate import Record, Records, RecordTable, check_records

DOCUMENT_KEYS: tuple[str, ...] = ("settings", *(spec.name for spec in TABLES), "org")
#: The JSON document a dataset folder may hold instead of CSV tables: the name ``write_dataset`` (and so
#: ``planner demo``) gives it. Other JSON files beside a dataset, such as its ``plan.json``, are not datasets.
FOLDER_DOCUMENT = "dataset.json"


@dataclass(frozen=True)
class Loaded:
    """The result of loading: the dataset (None when there is any error) and all problems."""

    dataset: Dataset | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when nothing stops planning (warnings may remain)."""
        return not errors(self.problems)


@dataclass(frozen=True)
class Sources:
    """The raw inputs of one dataset, whichever form they were stored in.

    A table is None when it is absent or could not be read (the reason is
    already among the problems); ``parts`` None means no stock constraint.
    """

    settings: RawSettings | None
    technicians: RawTable | None
    visits: RawTable | None
    parts: RawTable | None = None
    regions: RawTable | None = None
    org: Mapping[str, object] | None = None
    skills: RawTable | None = None
    org_source: OrgSource = OrgSource("org.yaml")
    availability: RawTable | None = None


def read_dataset(path: str | Path, horizon_days: int | None = None) -> Loaded:
    """Load a dataset folder, a ``.xlsx`` workbook or a ``.json`` document.

    A folder is read as the workbook or document it holds when it has no
    CSV tables (``dataset_in_folder``). ``horizon_days`` (``planner plan
    --days``) longer than the settings' replaces it before anything is
    checked, so that availability rows and a ``roster.csv`` beside the
    dataset are read for every date planned; a shorter one is left to
    ``planner.horizon.vehicles.with_days``, so the rows of the settings'
    own horizon stay valid.
    """
    path = Path(path)
    sources: Sources | None
    if not path.exists():
        return _failed(
            path.name or str(path),
            f"dataset {path} does not exist; expected a folder, a .xlsx workbook or a .json document",
        )
    if path.is_dir():
        found, notes = dataset_in_folder(path)
        if found is None:
            return Loaded(None, tuple(notes))
        if found != path:
            return read_dataset(found, horizon_days)
        sources, problems = _read_csv_folder(path)
        problems = [*notes, *problems]
    elif path.suffix.lower() == ".xlsx":
        sources, problems = _read_workbook(path)
    elif path.suffix.lower() == ".json":
        document, problems = read_json(path)
        if problems:
            return Loaded(None, tuple(problems))
        return dataset_from_document(document, source=path.name)  # type: ignore[arg-type]
    else:
        return _failed(
            path.name, f"{path.name} is not a dataset; expected a folder, a .xlsx workbook or a .json document"
        )
    if sources is None:
        return Loaded(None, tuple(problems))
    return _with_roster(
        assemble(sources, problems, horizon_days), (path if path.is_dir() else path.parent) / "roster.csv"
    )


def _with_roster(loaded: Loaded, roster: Path) -> Loaded:
    """A ``roster.csv`` beside the dataset sets the day's shifts (operations contract, section 3)."""
    if loaded.dataset is None or not roster.is_file():
        return loaded
    from planner.roster.day import follow_roster

    dataset, problems = follow_roster(loaded.dataset, roster)
    problems = [*loaded.problems, *problems]
    return Loaded(None if errors(problems) else dataset, tuple(problems))


def dataset_in_folder(folder: Path) -> tuple[Path | None, list[Problem]]:
    """Where a folder's dataset is read from, and what to tell about the choice.

    A folder with any CSV table (``technicians.csv``, ``visits.csv``,
    ``parts.csv``, ``regions.csv``) is read as CSV files, its own path; a
    workbook or ``dataset.json`` beside them is reported as ignored (a
    warning), because which one is current cannot be known. A folder with
    no CSV table is its one ``.xlsx`` workbook (Excel's ``~$`` lock files
    aside) or its ``dataset.json``, which is how ``planner demo`` writes
    those forms; with more than one of them nothing is read (None and an
    error). A folder with none of these is read as CSV files, which says
    what is missing.
    """
    single = sorted(p for p in folder.glob("*.xlsx") if p.is_file() and not p.name.startswith("~$"))
    if (folder / FOLDER_DOCUMENT).is_file():
        single.append(folder / FOLDER_DOCUMENT)
    if any((folder / f"{spec.name}.csv").exists() for spec in TABLES) or not single:
        return folder, [
            Problem(
                p.name,
                None,
                None,
                f"{p.name} is ignored because the folder holds CSV tables, which are read instead",
                "warning",
            )
            for p in single
        ]
    if len(single) > 1:
        names = ", ".join(p.name for p in single)
        return None, [
            Problem(
                folder.name,
                None,
                None,
                f"the folder holds several workbooks or documents ({names}); expected one of them, or CSV files",
            )
        ]
    return single[0], []


def dataset_from_document(doc: dict, source: str = "request") -> Loaded:
    """Load the contract's JSON document (the API payload).

    Table problems are located at the table's key (``visits``, row = index);
    ``source`` labels problems of the document as a whole.
    """
    if not isinstance(doc, dict):
        return _failed(source, f"{source} must be a JSON object with settings, technicians and visits")
    problems: list[Problem] = [
        Problem(
            source,
            None,
            key,
            f"{key} is not part of a dataset document and is ignored; expected {', '.join(DOCUMENT_KEYS)}",
            "warning",
        )
        for key in doc
        if key not in DOCUMENT_KEYS
    ]
    settings = None
    if doc.get("settings") is None:
        problems.append(Problem("settings", None, None, "settings are missing; they must give at least the plan date"))
    else:
        settings, found = settings_from_mapping("settings", doc["settings"])
        problems += found
    tables: dict[str, RawTable | None] = {}
    for spec in TABLES:
        tables[spec.name] = _document_table(doc, spec, problems)
    org = _org_mapping("org", doc.get("org"), problems)
    sources = Sources(
        settings,
        tables["technicians"],
        tables["visits"],
        tables["parts"],
        tables["regions"],
        org,
        tables["skills"],
        OrgSource("org"),
        tables["availability"],
    )
    return assemble(sources, problems)


def _document_table(doc: dict, spec: TableSpec, problems: list[Problem]) -> RawTable | None:
    """One table of a JSON document; only technicians and visits must be there."""
    records = doc.get(spec.name)
    if records is None:
        if spec in (TECHNICIANS, VISITS):
            problems.append(Problem(spec.name, None, None, f"{spec.name} are missing; expected a list of rows"))
        return None
    table, found = table_from_records(spec.name, records)
    problems += found
    return table


def _read_csv_folder(folder: Path) -> tuple[Sources, list[Problem]]:
    """The contract's folder form: ``settings.yaml`` plus one CSV per table."""
    problems: list[Problem] = []
    settings = _yaml_settings(folder / "settings.yaml", problems)
    if settings is None and not (folder / "settings.yaml").exists():
        problems.append(
            Problem("settings.yaml", None, None, "settings.yaml is missing; it must give at least the plan date")
        )
    tables: dict[str, RawTable | None] = {}
    for spec in TABLES:
        path = folder / f"{spec.name}.csv"
        if path.exists():
            tables[spec.name], found = read_csv(path)
            problems += found
        else:
            tables[spec.name] = None
            if spec in (TECHNICIANS, VISITS):
                problems.append(
                    Problem(
                        path.name, None, None, f"{path.name} is missing; a dataset needs technicians.csv and visits.csv"
                    )
                )
    org, org_source = _read_org(folder / "org.yaml", problems)
    sources = Sources(
        settings,
        tables["technicians"],
        tables["visits"],
        tables["parts"],
        tables["regions"],
        org,
        tables["skills"],
        org_source,
        tables["availability"],
    )
    return sources, problems


def _read_workbook(path: Path) -> tuple[Sources | None, list[Problem]]:
    """One sheet per table; ``settings.yaml``/``org.yaml`` beside it are used too.

    An empty sheet counts as absent: an empty parts sheet means no stock
    constraint, exactly like a folder without parts.csv.
    """
    wanted = {spec.name for spec in TABLES} | {SETTINGS_SHEET.name}
    workbook, problems = read_workbook(path, wanted)
    if workbook is None:
        return None, problems
    sheets = workbook.tables
    problems += [
        Problem(path.name, None, None, f"sheet {title} is not a table the planner reads and is ignored", "warning")
        for title in workbook.ignored
    ]
    for spec in (TECHNICIANS, VISITS):
        if spec.name not in sheets:
            problems.append(Problem(path.name, None, None, f"sheet {spec.name} is missing or empty in {path.name}"))
    settings = _workbook_settings(path, sheets.get(SETTINGS_SHEET.name), problems)
    org, org_source = _read_org(path.parent / "org.yaml", problems)
    sources = Sources(
        settings,
        sheets.get("technicians"),
        sheets.get("visits"),
        sheets.get("parts"),
        sheets.get("regions"),
        org,
        sheets.get("skills"),
        org_source,
        sheets.get("availability"),
    )
    return sources, problems


def _workbook_settings(path: Path, sheet: RawTable | None, problems: list[Problem]) -> RawSettings | None:
    """The settings sheet when there is one, else ``settings.yaml`` beside the workbook."""
    beside = path.parent / "settings.yaml"
    if sheet is None:
        if not beside.exists():
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    f"{path.name} has no settings sheet and there is no "
                    "settings.yaml beside it; the plan date is required",
                )
            )
        return _yaml_settings(beside, problems)
    if beside.exists():
        problems.append(
            Problem(
                beside.name, None, None, f"settings.yaml is ignored because {path.name} has a settings sheet", "warning"
            )
        )
    column_problems = check_columns(sheet, SETTINGS_SHEET)
    problems += column_problems
    if errors(column_problems):
        return None
    settings, found = settings_from_table(sheet)
    problems += found
    return settings


def _yaml_settings(path: Path, problems: list[Problem]) -> RawSettings | None:
    """``settings.yaml`` as raw settings; None when absent or unreadable."""
    if not path.exists():
        return None
    document, found = read_yaml(path)
    problems += found
    if found:
        return None
    settings, found = settings_from_mapping(path.name, document)
    problems += found
    return settings


def _read_org(path: Path, problems: list[Problem]) -> tuple[Mapping[str, object] | None, OrgSource]:
    """``org.yaml`` as a plain mapping, with the line of each value for ``check_org``."""
    source = OrgSource(path.name)
    if not path.exists():
        return None, source
    document, found = load_yaml_with_lines(path)
    problems += found
    if document is None or errors(found):
        return None, source
    if document.data is None:
        problems.append(Problem(path.name, None, None, "org.yaml is empty; no org chart is loaded", "warning"))
        return None, source
    return _org_mapping(path.name, document.data, problems), OrgSource(path.name, document.lines)


def _org_mapping(label: str, value: object, problems: list[Problem]) -> Mapping[str, object] | None:
    """The org chart must be a mapping with named top-level entries."""
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(
            Problem(label, None, None, f"{label} must be a mapping of departments, roles and reporting lines")
        )
        return None
    bad = [str(key) for key in value if not isinstance(key, str)]
    if bad:
        problems.append(Problem(label, None, None, f"{label} has top-level keys that are not names: {', '.join(bad)}"))
        return None
    return value


def assemble(sources: Sources, problems: list[Problem], horizon_days: int | None = None) -> Loaded:
    """Read every row, run the cross-record rules, and build the models if nothing is wrong
    (``horizon_days`` in place of the settings' when it is longer)."""
    problems = list(problems)
    settings = None
    if sources.settings is not None:
        settings, found = parse_settings(sources.settings)
        problems += found
    if settings is not None and horizon_days is not None and horizon_days > settings.horizon_days:
        settings = settings.model_copy(update={"horizon_days": horizon_days})
    technicians = read_records(sources.technicians, TECHNICIANS, _technician_fields, problems)
    visits = read_records(sources.visits, VISITS, visit_fields, problems)
    parts = read_records(sources.parts, PARTS, _part_fields, problems)
    regions = read_records(sources.regions, REGIONS, _region_fields, problems)
    skills = read_records(sources.skills, SKILLS, _region_fields, problems)
    availability = read_records(sources.availability, AVAILABILITY, _availability_fields, problems)
    problems += check_records(Records(technicians, visits, parts, regions, skills))
    problems += check_horizon_records(settings, technicians, visits, availability)
    if sources.org is not None:
        problems += check_org(sources.org, sources.org_source, _technician_ids(technicians))
    if errors(problems) or settings is None or technicians is None or visits is None:
        return Loaded(None, tuple(problems))
    dataset = _build(settings, technicians, visits, parts, regions, sources.org, skills, availability)
    return Loaded(dataset, tuple(problems))


def _technician_ids(technicians: RecordTable | None) -> set[str] | None:
    """The ids the org chart may name; None without any technician, a day already refused for that,
    where naming each of the chart's people as unknown would add nothing."""
    ids = {str(r.fields["id"]) for r in technicians.records if "id" in r.fields} if technicians else set()
    return ids or None


def _build(
    settings: Settings,
    technicians: RecordTable,
    visits: RecordTable,
    parts: RecordTable | None,
    regions: RecordTable | None,
    org: Mapping[str, object] | None,
    skills: RecordTable | None = None,
    availability: RecordTable | None = None,
) -> Dataset:
    """The immutable dataset from records known to be complete and valid."""
    return Dataset(
        availability=() if availability is None else tuple(Availability(**r.fields) for r in availability.records),
        settings=settings,
        technicians=tuple(Technician(**r.fields) for r in technicians.records),
        visits=tuple(Visit(**r.fields) for r in visits.records),
        parts=None if parts is None else tuple(Part(**r.fields) for r in parts.records),
        regions=() if regions is None else tuple(Region(**r.fields) for r in regions.records),
        org=org,
        skills=() if skills is None else tuple(Skill(**r.fields) for r in skills.records),
    )


def read_records(
    table: RawTable | None, spec: TableSpec, read_row: Callable[[RowReader], None], problems: list[Problem]
) -> RecordTable | None:
    """Check a table's columns and read each row into a record."""
    if table is None:
        return None
    problems += check_columns(table, spec)
    records: list[Record] = []
    for row in table.rows:
        reader = RowReader(table, row, problems)
        read_row(reader)
        records.append(reader.record())
    return RecordTable(table.file, tuple(records))


_parse_end_clock = functools.partial(parse_clock, end=True)
_parse_latitude = functools.partial(parse_number, low=-90, high=90, meaning="a latitude from -90 to 90")
_parse_longitude = functools.partial(parse_number, low=-180, high=180, meaning="a longitude from -180 to 180")


def _technician_fields(reader: RowReader) -> None:
    """A row of ``technicians``; the shift must end after it starts."""
    reader.take("id", parse_id, required=True)
    reader.take("name", parse_label)
    reader.take("role", parse_id)
    reader.take("base_lat", _parse_latitude, required=True)
    reader.take("base_lon", _parse_longitude, required=True)
    reader.take("regions", parse_names)
    reader.take("skills", parse_skills)
    start = reader.take("shift_start", parse_clock, required=True)
    end = reader.take("shift_end", _parse_end_clock, required=True)
    if start is not None and end is not None and end <= start:
        reader.error("shift_end", f"shift_end {hhmm(end)} is not after shift_start {hhmm(start)}")
    reader.take(
        "max_visits", functools.partial(parse_whole, high=1000, meaning="a whole number of visits from 0 to 1000")
    )
    reader.take("phone", parse_text)


def visit_fields(reader: RowReader) -> None:
    """A row of ``visits``; an arrival window must not end before it starts."""
    reader.take("id", parse_id, required=True)
    reader.take("customer", parse_label)
    reader.take("region", parse_id)
    for column in ("phone", "address", "description"):
        reader.take(column, parse_text)
    reader.take("lat", _parse_latitude, required=True)
    reader.take("lon", _parse_longitude, required=True)
    reader.take("type", parse_visit_type, required=True)
    reader.take("priority", parse_priority, required=True)
    reader.take("required_skills", parse_skills)
    reader.take(
        "duration_min",
        functools.partial(parse_whole, high=24 * 60, meaning="a whole number of minutes from 0 to 1440"),
        required=True,
    )
    start = reader.take("window_start", parse_clock)
    end = reader.take("window_end", _parse_end_clock)
    if start is not None and end is not None and end < start:
        reader.error("window_end", f"window_end {hhmm(end)} is before window_start {hhmm(start)}")
    reader.take("due_date", parse_date)
    reader.take("parts", parse_part_quantities)
    reader.take("pinned_technician", parse_id)
    reader.take("preferred_technician", parse_id)
    reader.take("release_date", parse_date)
    reader.take("created_date", parse_date)
    reader.take(
        "crew_size",
        functools.partial(
            parse_whole, low=1, high=MAX_CREW_SIZE, meaning=f"a number of people from 1 to {MAX_CREW_SIZE}"
        ),
    )
    reader.take("crew_skills", parse_skills)


def _part_fields(reader: RowReader) -> None:
    """A row of ``parts``: the stock of one spare part."""
    reader.take("part_id", parse_id, required=True, field="id")
    reader.take("name", parse_label)
    reader.take(
        "stock",
        functools.partial(parse_whole, high=1_000_000, meaning="a whole number of pieces from 0 to 1000000"),
        required=True,
    )


def _region_fields(reader: RowReader) -> None:
    """A row of ``regions`` or ``skills``: an id and its Chinese and English names."""
    reader.take("id", parse_id, required=True)
    reader.take("name", parse_label)
    reader.take("name_en", parse_label)


def _availability_fields(reader: RowReader) -> None:
    """A row of ``availability``: a shift on one date, or ``off``; the shift must end after it starts."""
    reader.take("technician_id", parse_id, required=True)
    reader.take("date", parse_date, required=True)
    if str(reader.row.get("shift_start") or "").strip().lower() == "off":
        return
    start = reader.take("shift_start", parse_clock, required=True)
    end = reader.take("shift_end", _parse_end_clock)
    if start is not None and end is None and "shift_end" not in reader.unreadable:
        reader.error("shift_end", "shift_end is empty; a working day needs its end (or shift_start off)")
    if start is not None and end is not None and end <= start:
        reader.error("shift_end", f"shift_end {hhmm(end)} is not after shift_start {hhmm(start)}")


def _failed(file: str, message: str) -> Loaded:
    """A load that cannot even start (no such path, wrong kind of file)."""
    return Loaded(None, (Problem(file, None, None, message),))
