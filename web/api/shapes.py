"""The JSON shapes of the API's request bodies, as pydantic models: they check a body and they are its schema.

The OpenAPI document takes these models' JSON Schema (``model_json_schema``)
and the handlers validate each body against the same models before
reading it, so what the document promises and what the server refuses
cannot drift apart: a body of the wrong shape (a text cell that is an
object, a date that is not ``YYYY-MM-DD``, a time that is not ``HH:MM``,
an unknown key) is refused with 422 and every such problem located at
once. What a schema cannot say (ids that repeat, a technician the day does
not have, a shift that ends before it starts) is then checked by the
dataset loader and the day's readers, as for files.

Cells are as loose as the contract's tables (a number may come as text,
as a spreadsheet writes it); an optional cell may be null (not given).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StrictBool, StrictStr, ValidationError, WithJsonSchema

from planner.domain import LEAST_URGENT, MAX_CREW_SIZE, MOST_URGENT, PRIORITY_LABELS
from planner.io.cells import CLOCK_PATTERN, END_CLOCK_PATTERN, NO_CONTROL_PATTERN, WINDOW_PATTERN
from planner.problems import Problem
from planner.slots import PREFERRED_DAYS
from web.api.scenario_input import MAX_TEXT

#: Label of problems that concern the request rather than one table.
REQUEST = "request"
#: Seeds feed Python's ``random``; a 31-bit bound keeps them portable to other clients.
MAX_SEED = 2**31 - 1
#: Slots are offered for up to this many days from the plan date.
MAX_DAYS, DEFAULT_DAYS = 7, 3
#: A request's visit without an id gets this one.
NEW_VISIT_ID = "NEW"
#: The tables of a dataset document, whose problems are located by row.
TABLE_KEYS = ("technicians", "visits", "parts", "regions", "skills", "availability")

Integer = Annotated[int, Strict()]
Real = Annotated[float, Strict()]
Text = StrictStr | Integer | Real
#: Ids and names are text on one line: no tab, line break or other control character (``planner.io.cells``).
Plain = Annotated[StrictStr, Field(pattern=NO_CONTROL_PATTERN)]
PlainText = Plain | Integer | Real
Number = Real | StrictStr
Whole = Integer | StrictStr
Clock = Annotated[StrictStr, Field(pattern=CLOCK_PATTERN, description="`HH:MM` (also `H:MM`, `HH:MM:00`)")]
EndClock = Annotated[
    StrictStr, Field(pattern=END_CLOCK_PATTERN, description="`HH:MM` (also `H:MM`, `HH:MM:00`); 24:00 ends the day")
]
IsoDate = Annotated[dt.date, Strict(), Field(description="`YYYY-MM-DD`")]
Pairs = Annotated[
    StrictStr | list[StrictStr] | dict[str, Whole],
    Field(description="`name:number;...` text, an array of such strings, or an object name -> number"),
]
Names = Annotated[Plain | list[Plain], Field(description="`a;b` text or an array of names")]
Latitude = Annotated[float, Strict(), Field(ge=-90, le=90)] | StrictStr
Longitude = Annotated[float, Strict(), Field(ge=-180, le=180)] | StrictStr
Priority = Annotated[
    Annotated[int, Strict(), Field(ge=MOST_URGENT, le=LEAST_URGENT)] | StrictStr,
    Field(description=", ".join(f"{level} {label}" for level, label in PRIORITY_LABELS.items())),
]
VisitType = Literal["install", "repair", "maintenance", "inspection", "complaint"]
TimeLimit = Annotated[float, Strict(), Field(gt=0, description="search time cap in seconds")]
Seed = Annotated[
    int, Strict(), Field(ge=0, le=MAX_SEED, description="seed of the search's start; 0 keeps the dataset's order")
]

#: Marks a value checked by its own reader (the events, the scenario file), whose schema is written out in
#: ``web.api.openapi``: the generated schema refers to that component.
_HAND_WRITTEN = "x-component"

_ROW_NOTE = (
    "A row keyed by column name; null or empty cells are not given. Other columns are reported as warnings and ignored."
)


class _Row(BaseModel):
    """A table row: the listed columns, others allowed (the loader warns about them)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"description": _ROW_NOTE})


class Settings(BaseModel):
    """settings.yaml as an object; other keys are the service rules, or warned about."""

    model_config = ConfigDict(extra="allow")
    date: IsoDate
    timezone: StrictStr | None = None
    speed_kmh: Number | None = None
    road_factor: Number | None = None
    lunch_window: Annotated[StrictStr, Field(pattern=WINDOW_PATTERN, description="`HH:MM-HH:MM`")] | None = None
    lunch_minutes: Whole | None = None
    horizon_days: Whole | None = None


class TechnicianRow(_Row):
    """technicians.csv row."""

    id: PlainText
    name: PlainText | None = None
    role: PlainText | None = None
    base_lat: Latitude
    base_lon: Longitude
    regions: Names | None = None
    skills: Pairs | None = None
    shift_start: Clock
    shift_end: EndClock
    max_visits: Whole | None = None
    phone: Text | None = None


class _VisitColumns(_Row):
    """The columns of visits.csv but the id."""

    customer: PlainText | None = None
    phone: Text | None = None
    address: Text | None = None
    lat: Latitude
    lon: Longitude
    region: PlainText | None = None
    type: VisitType
    priority: Priority
    required_skills: Pairs | None = None
    duration_min: Whole
    window_start: Clock | None = None
    window_end: EndClock | None = None
    due_date: IsoDate | None = None
    parts: Pairs | None = None
    pinned_technician: PlainText | None = None
    preferred_technician: PlainText | None = None
    description: Text | None = None
    release_date: IsoDate | None = None
    created_date: IsoDate | None = None
    crew_size: Annotated[int, Strict(), Field(ge=1, le=MAX_CREW_SIZE)] | StrictStr | None = None
    crew_skills: Pairs | None = None


class VisitRow(_VisitColumns):
    """visits.csv row."""

    id: PlainText


class NewVisitRow(_VisitColumns):
    """A new visit: a visits.csv row whose id may be left out."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": f"{_ROW_NOTE} Without an id the visit is {NEW_VISIT_ID}; an id the day already has is a "
            "problem, and ids starting with @ are reserved."
        }
    )
    id: PlainText | None = None


class PartRow(_Row):
    """parts.csv row."""

    part_id: PlainText
    name: PlainText | None = None
    stock: Whole


class RegionRow(_Row):
    """regions.csv row."""

    id: PlainText
    name: PlainText | None = None
    name_en: PlainText | None = None


class DatasetDocument(BaseModel):
    """The contract's JSON dataset document (docs/data-format.md, section 8)."""

    model_config = ConfigDict(extra="allow")
    settings: Settings
    technicians: list[TechnicianRow]
    visits: list[VisitRow]
    parts: list[PartRow] | None = None
    regions: list[RegionRow] | None = None
    org: dict[str, Any] | None = Field(None, description="The org chart as in org.yaml")


class ScenarioDay(DatasetDocument):
    """The day of a scenario request: scenarios change the staffing of a day that has some."""

    technicians: list[TechnicianRow] = Field(min_length=1)


class DatasetRequest(DatasetDocument):
    """The dataset document plus optional search options; every problem is reported at once."""

    time_limit: TimeLimit | None = None
    seed: Seed | None = None


class _Body(BaseModel):
    """A request body of its own keys only: any other key is refused."""

    model_config = ConfigDict(extra="forbid")


class SlotsRequest(_Body):
    """A new visit to offer slots for."""

    visit: NewVisitRow
    days: Annotated[int, Strict(), Field(ge=1, le=MAX_DAYS, description="days to offer, from the plan date")] | None = (
        DEFAULT_DAYS
    )
    at: Clock | None = Field(None, description="offer the plan date's slots from this time on")
    preferred_days: list[IsoDate] | None = Field(
        None,
        description="days the customer would rather have; their slots come first. Each must be one of the "
        "days offered, else it is a problem",
    )


class DatedSlotsRequest(SlotsRequest):
    """``/slots``: the plan date in the body."""

    date: IsoDate = Field(description="the plan date, `YYYY-MM-DD`")


class SlotChoice(BaseModel):
    """A slot as /slots offers it (its other fields are ignored), on one of the offered days."""

    model_config = ConfigDict(extra="allow")
    date: IsoDate
    window_start: Clock
    window_end: EndClock
    technician_id: StrictStr


class BookingRequest(_Body):
    """A new visit and the slot to book it into."""

    visit: NewVisitRow
    slot: SlotChoice


class ReplanRequest(_Body):
    """The moment of re-planning, what happened, and the search options."""

    at: Clock = Field(description="the moment of re-planning, `HH:MM`; visits started before it stay as they are")
    events: Annotated[dict[str, Any], WithJsonSchema({_HAND_WRITTEN: "Events"})] | None = None
    time_limit: TimeLimit | None = None
    seed: Seed | None = None


class ScenarioRequest(_Body):
    """A day, its scenarios, the search time per variant and whether to advise."""

    dataset: ScenarioDay
    scenarios: (
        Annotated[
            StrictStr,
            Field(max_length=MAX_TEXT, description="the scenario file as YAML text; problems name its line and key"),
        ]
        | Annotated[dict[str, Any], WithJsonSchema({_HAND_WRITTEN: "ScenarioFile"})]
    )
    time_limit: (
        Annotated[float, Strict(), Field(gt=0, description="search time cap per variant, in seconds")] | None
    ) = None
    advice: StrictBool | None = Field(
        False, description="also try up to 8 single changes (training, hiring) and rank them"
    )


#: Every request model whose schema the OpenAPI document carries, by component name.
MODELS: tuple[type[BaseModel], ...] = (
    DatasetRequest,
    NewVisitRow,
    SlotsRequest,
    DatedSlotsRequest,
    BookingRequest,
    ReplanRequest,
    ScenarioRequest,
)


def component_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schemas of ``MODELS`` and of every model they use, as OpenAPI components."""
    schemas: dict[str, dict[str, Any]] = {}
    for model in MODELS:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return {name: _referring(schema) for name, schema in schemas.items()}


def _referring(schema: Any) -> Any:
    """``schema`` with each hand-written component's marker replaced by a reference to it."""
    if isinstance(schema, dict):
        if _HAND_WRITTEN in schema:
            return {"$ref": f"#/components/schemas/{schema[_HAND_WRITTEN]}"}
        return {key: _referring(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_referring(value) for value in schema]
    return schema


def shape_problems(model: type[BaseModel], body: object) -> list[Problem]:
    """Every way ``body`` does not fit ``model``, located: a table's cell by table, row and column,
    anything else by its path in the request."""
    try:
        model.model_validate_json(json.dumps(body))
    except ValidationError as exc:
        return _located(exc.errors(include_url=False))
    return []


def once(problems: list[Problem]) -> list[Problem]:
    """Every error once per place: where a reader also found the value wrong (after the shape did), its
    words are kept; warnings are all kept."""
    last = {(p.file, p.row, p.column): i for i, p in enumerate(problems) if p.severity == "error"}
    return [p for i, p in enumerate(problems) if p.severity != "error" or last[(p.file, p.row, p.column)] == i]


def _located(found: list[Any]) -> list[Problem]:
    """One problem per value, however many branches of a union it failed."""
    messages: dict[tuple[str, int | None, str | None], list[str]] = {}
    shown: dict[tuple[str, int | None, str | None], str] = {}
    for error in found:
        where = _where(tuple(error["loc"]))
        messages.setdefault(where, [])
        if error["msg"] not in messages[where]:
            messages[where].append(error["msg"])
        # A missing field's "input" is the whole object around it: a visit's customer, phone and address.
        value = None if error["type"] == "missing" else error.get("input")
        shown.setdefault(where, json.dumps(value, ensure_ascii=False, default=str)[:40])
    return [
        Problem(
            table,
            row,
            column,
            f"{column or table} {shown[(table, row, column)]}: {'; or '.join(text.lower() for text in texts)}",
        )
        for (table, row, column), texts in messages.items()
    ]


def _where(loc: tuple[Any, ...]) -> tuple[str, int | None, str | None]:
    """(table, row, column) of a validation error's location; union branch names are left out."""
    path = [part for part in loc if isinstance(part, int) or not _branch(part)]
    if len(path) > 1 and path[0] == "dataset":  # a scenario request's day: located as in a posted day
        path = path[1:]
    if path and path[0] in TABLE_KEYS:  # a table's cell by row (1 = the first) and column
        row = path[1] + 1 if len(path) > 1 and isinstance(path[1], int) else None
        return str(path[0]), row, str(path[2]) if len(path) > 2 and row is not None else None
    if path and path[0] in ("settings", "visit", "slot"):  # located as their readers locate them
        return str(path[0]), None, str(path[1]) if len(path) > 1 else None
    if path and path[0] == PREFERRED_DAYS:
        return REQUEST, None, PREFERRED_DAYS
    return REQUEST, None, ".".join(str(part) for part in path) or None


def _branch(part: str) -> bool:
    """A union member's tag in a location (``str``, ``int``, ``list[str]``, ``constrained-str`` ...)."""
    return part in {
        "str",
        "int",
        "float",
        "bool",
        "dict[str,union[int,str]]",
        "list[str]",
        "constrained-str",
        "constrained-int",
        "constrained-float",
    } or part.startswith(("dict[", "list[", "function-", "lax-", "json-or-python", "literal["))
