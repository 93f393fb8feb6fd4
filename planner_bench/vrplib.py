"""Reader for VRPTW instances in VRPLIB format (Gehring and Homberger's 1,000-customer set).

Sections: ``NODE_COORD_SECTION`` (id x y), ``DEMAND_SECTION``,
``TIME_WINDOW_SECTION`` (id ready due), ``DEPOT_SECTION`` (the depot's id,
then -1), and a service time either as one ``SERVICE_TIME`` header for
every customer or as a ``SERVICE_TIME_SECTION``. The header's ``VEHICLES``
and ``CAPACITY`` give the fleet. The best known solution lies beside the
instance as ``.sol`` with a ``Cost`` line (distances truncated to one
decimal, the convention of that collection: a gap read against it is a
fraction of a percent pessimistic for solvers in double precision).
"""

from __future__ import annotations

import re
from pathlib import Path

from planner_bench.classic import ClassicInstance, Customer, Vehicle

_SECTIONS = ("NODE_COORD_SECTION", "DEMAND_SECTION", "TIME_WINDOW_SECTION", "SERVICE_TIME_SECTION", "DEPOT_SECTION")


def _sections(text: str) -> tuple[dict[str, str], dict[str, list[list[float]]]]:
    """Header keys and, per section, its rows of numbers."""
    header: dict[str, str] = {}
    sections: dict[str, list[list[float]]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if line in _SECTIONS:
            current = line
            sections[current] = []
        elif current is None and ":" in line:
            key, value = line.split(":", 1)
            header[key.strip()] = value.strip()
        elif current is not None:
            sections[current].append([float(token) for token in line.split()])
    return header, sections


def read_vrplib(path: str | Path) -> ClassicInstance:
    """One instance, the fleet at the depot with the depot's window as working day."""
    path = Path(path)
    header, sections = _sections(path.read_text(encoding="ascii"))
    try:
        coords = {int(r[0]): (r[1], r[2]) for r in sections["NODE_COORD_SECTION"]}
        demand = {int(r[0]): int(r[1]) for r in sections["DEMAND_SECTION"]}
        windows = {int(r[0]): (r[1], r[2]) for r in sections["TIME_WINDOW_SECTION"]}
        depot = int(sections["DEPOT_SECTION"][0][0])
        fleet, capacity = int(header["VEHICLES"]), int(header["CAPACITY"])
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"{path}: not a VRPTW instance in VRPLIB format ({exc})") from exc
    if "SERVICE_TIME_SECTION" in sections:
        service = {int(r[0]): r[1] for r in sections["SERVICE_TIME_SECTION"]}
    else:
        service = {node: float(header.get("SERVICE_TIME", 0)) for node in coords}
    (x0, y0), (ready0, due0) = coords[depot], windows[depot]
    vehicles = tuple(
        Vehicle(id=f"v{k + 1}", x=x0, y=y0, start=ready0, end=due0, capacity=capacity) for k in range(fleet)
    )
    customers = tuple(
        Customer(
            id=str(node),
            x=x,
            y=y,
            demand=demand[node],
            ready=windows[node][0],
            due=windows[node][1],
            service=service[node],
        )
        for node, (x, y) in sorted(coords.items())
        if node != depot
    )
    return ClassicInstance(
        name=header.get("NAME", path.stem),
        customers=customers,
        vehicles=vehicles,
        best_known=read_cost(path.with_suffix(".sol")),
    )


def read_cost(path: Path) -> float | None:
    """The ``Cost`` of a ``.sol`` file beside the instance; None when there is none."""
    if not path.is_file():
        return None
    found = re.search(r"^Cost\s+([0-9.]+)", path.read_text(encoding="ascii"), re.M)
    return float(found.group(1)) if found else None
