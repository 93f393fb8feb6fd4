"""Reader for the Pillac et al. (2013) TRSP instances, skills-only variant.

Rows (after the header): ``ID X Y TWS TWE Serv [skills] [tools] [parts]``.
Row 0 is the central depot, rows ``1..crew`` the technicians' homes with
their working day, the rest the requests with exactly one required skill.

Skills-only variant: tools and spare parts are ignored, and with them the
one optional trip to the central depot to fetch them. Every TRSP solution
is feasible here, so this is a relaxation; its best known values (total
route duration of the full TRSP) are shown for context, never as a gap.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from planner_bench.classic import ClassicInstance, Customer, Vehicle

_ROW = re.compile(r"^\s*(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+\[([^\]]*)\]\s*\[([^\]]*)\]\s*\[([^\]]*)\]")


def _ints(text: str) -> frozenset[int]:
    return frozenset(int(token) for token in text.replace(",", " ").split())


def read_pillac(path: str | Path, best_known: float | None = None) -> ClassicInstance:
    """Technicians at their homes with their skills; requests with their one skill."""
    lines = Path(path).read_text(encoding="ascii").splitlines()
    name = lines[0].strip()
    counts = next(line.split() for line in lines if re.fullmatch(r"\s*\d+\s+\d+\s+\d+\s+\d+\s*", line))
    crew = int(counts[0])
    rows = [match.groups() for line in lines if (match := _ROW.match(line))]
    if len(rows) <= crew + 1:
        raise ValueError(f"{path}: expected the depot, {crew} technicians and requests")
    technicians = tuple(
        Vehicle(id=f"t{int(i)}", x=float(x), y=float(y), start=float(a), end=float(b), skills=_ints(skills))
        for i, x, y, a, b, _, skills, _, _ in rows[1 : crew + 1]
    )
    requests = []
    for i, x, y, a, b, service, skills, _, _ in rows[crew + 1 :]:
        (skill,) = _ints(skills)
        requests.append(
            Customer(
                id=str(int(i)),
                x=float(x),
                y=float(y),
                demand=0,
                ready=float(a),
                due=float(b),
                service=float(service),
                skill=skill,
            )
        )
    return ClassicInstance(
        name=name, customers=tuple(requests), vehicles=technicians, best_known=best_known, objective="duration"
    )


def read_best_known(path: str | Path) -> dict[str, float]:
    """Instance name -> best known total route duration of the full TRSP."""
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["instance"]: float(row["value"]) for row in csv.DictReader(handle) if row["set"] == "pillac2013"}
