"""``statuses.csv``: a day's status changes, beside the day's dataset written by ``planner export``.

One row per change, in the contract's record form (``visit_id, status,
at, by, note, client_id``) plus the status it came from, the part asked
for and the order's version after it. UTF-8 with BOM so Excel shows the
Chinese notes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

STATUS_COLUMNS: tuple[str, ...] = (
    "visit_id",
    "from_status",
    "status",
    "at",
    "by",
    "note",
    "part_id",
    "client_id",
    "version",
)
STATUSES_FILE = "statuses.csv"
STATUSES_ENCODING = "utf-8-sig"


def statuses_csv(records: Iterable[Mapping[str, object]]) -> str:
    """The CSV text of ``records`` (mappings with the STATUS_COLUMNS keys; None is an empty cell)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATUS_COLUMNS)
    for record in records:
        writer.writerow(["" if record.get(column) is None else record[column] for column in STATUS_COLUMNS])
    return out.getvalue()
