"""Reader for Solomon's VRPTW files and the best-known table beside them.

Format (whitespace separated, CRLF or LF): the name, a ``VEHICLE`` block
with fleet size and capacity, a ``CUSTOMER`` block of rows ``id x y demand
ready due service`` where id 0 is the depot. Best known values come from
``bks.csv``, column ``mindist_distance``: the distance-only objective in
double precision, which is what every solver here minimises.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from planner_bench.classic import ClassicInstance, Customer, Vehicle


@dataclass(frozen=True)
class BestKnown:
    """A distance-only best known value and whether its source flags it as suspect."""

    distance: float
    suspect: bool


def _numbers(line: str) -> list[float]:
    return [float(token) for token in line.split()]


def read_solomon(path: str | Path, best_known: BestKnown | None = None) -> ClassicInstance:
    """One instance; the fleet sits at the depot with the depot's window as working day."""
    lines = [line.strip() for line in Path(path).read_text(encoding="ascii").splitlines()]
    name = lines[0]
    rows = [_numbers(line) for line in lines[1:] if line and line[0].isdigit()]
    if len(rows) < 3 or len(rows[0]) != 2 or any(len(row) != 7 for row in rows[1:]):
        raise ValueError(f"{path}: not a Solomon file (VEHICLE block, then rows of 7 numbers)")
    (fleet, capacity), depot, table = rows[0], rows[1], rows[2:]
    _, x0, y0, _, ready0, due0, _ = depot
    vehicles = tuple(
        Vehicle(id=f"v{k + 1}", x=x0, y=y0, start=ready0, end=due0, capacity=int(capacity)) for k in range(int(fleet))
    )
    customers = tuple(
        Customer(id=str(int(i)), x=x, y=y, demand=int(q), ready=a, due=b, service=s) for i, x, y, q, a, b, s in table
    )
    return ClassicInstance(
        name=name,
        customers=customers,
        vehicles=vehicles,
        best_known=best_known.distance if best_known else None,
        best_known_note="flagged suspect by its source" if best_known and best_known.suspect else "",
    )


def read_bks(path: str | Path) -> dict[str, BestKnown]:
    """Instance name -> distance-only best known value (``mindist_distance``)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return {
            row["instance"]: BestKnown(float(row["mindist_distance"]), "SUSPECT" in row.get("mindist_note", ""))
            for row in csv.DictReader(handle)
            if row.get("mindist_distance")
        }
