"""Reading visits that arrive one at a time against a day already loaded.

A customer's request for a slot, or the new visits of a re-plan, are rows
of visits.csv that come alone (from a YAML file, an events file or an API
body). Each is read by the same row reader as a whole visits table and
checked against the day by the same cross-record rules (unique id, known
technicians, parts and regions, a skill somebody holds, an id not taken
for reported positions), without writing
the day out and reading it back. Problems point at the new rows: their
lines in the file they came from (or their position in a request).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from planner.domain import WAYPOINT_PREFIX, Dataset, Visit
from planner.horizon.rules import check_horizon_records
from planner.io.dataset import read_records, visit_fields
from planner.io.schema import VISITS
from planner.io.tables import RawTable, table_from_records
from planner.problems import Problem, errors
from planner.validate import Record, Records, RecordTable, check_records

#: Where the day's own rows are said to be, so that their (already reported) problems are told apart.
KNOWN = "day"


def read_visit_rows(
    dataset: Dataset, rows: Sequence[Mapping[str, object]], file: str, lines: Sequence[int | None]
) -> tuple[tuple[Visit, ...] | None, list[Problem]]:
    """The new visits (None when any has an error) and every problem of theirs.

    ``lines[i]`` is where row ``i`` is in ``file`` (None when it has no
    line, as in a JSON body). Warnings about the rest of the day were
    shown when it was loaded and are not repeated.
    """
    table, problems = table_from_records(file, [dict(row) for row in rows])
    if table is None:
        return None, problems
    # Every column of visits.csv is known to the day, so an empty required cell is named on its row.
    table = RawTable(file, tuple(dict.fromkeys((*VISITS.columns, *table.columns))), table.rows, None)
    new = read_records(table, VISITS, visit_fields, problems)
    assert new is not None
    records = Records(
        technicians=_known("technicians", [t.model_dump() for t in dataset.technicians]),
        visits=RecordTable(file, _known("visits", [{"id": v.id} for v in dataset.visits]).records + new.records),
        parts=_known("parts", [p.model_dump() for p in dataset.parts]) if dataset.parts is not None else None,
        regions=_known("regions", [r.model_dump() for r in dataset.regions]) if dataset.regions else None,
    )
    problems += check_records(records)
    problems += check_horizon_records(dataset.settings, records.technicians, new, None)
    problems += [
        Problem(
            file,
            r.row,
            "id",
            f"id {r.id} starts with {WAYPOINT_PREFIX}, which re-planning reserves for reported positions",
        )
        for r in new.records
        if r.id is not None and r.id.startswith(WAYPOINT_PREFIX)
    ]
    located = [_locate(p, lines) for p in problems if p.file == file and (p.row is not None or p.severity == "error")]
    if errors(located):
        return None, located
    return tuple(Visit.model_validate(dict(record.fields)) for record in new.records), located


def read_visit_row(
    dataset: Dataset, row: Mapping[str, object], file: str, line: int | None = None
) -> tuple[Visit | None, list[Problem]]:
    """One new visit (None when it has an error) and every problem of it."""
    visits, problems = read_visit_rows(dataset, [row], file, [line])
    return (visits[0] if visits else None), problems


def _known(table: str, rows: list[dict[str, object]]) -> RecordTable:
    """The day's rows of one table as records, for the rules that compare new rows with them."""
    return RecordTable(table, tuple(Record(KNOWN, i, fields) for i, fields in enumerate(rows, start=1)))


def _locate(problem: Problem, lines: Sequence[int | None]) -> Problem:
    """A new row's problem at its line in the file it came from."""
    if problem.row is None:
        return problem
    return Problem(
        problem.file, lines[problem.row - 1], problem.column, f"new visit: {problem.message}", problem.severity
    )
