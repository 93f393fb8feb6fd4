"""Demand for a scenario: today's visits resampled, or extra visits from a CSV file.

A manager asking "what if 30 % more orders come in" needs more visits
that look like the department's own: the same mix of types, priorities,
skills, windows and due dates, in the same districts. Resampling today's
visits gives exactly that without inventing a distribution. Copies get
new ids, a location jittered by up to about 1 km (same region), and no
customer data, pinned or preferred technician: those belong to the
original customer, not to the imagined one.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from planner.domain import Dataset, Visit
from planner.io.dataset import Sources, assemble
from planner.io.schema import VISITS, check_columns
from planner.io.tables import RawTable, read_csv, settings_from_mapping, table_from_records
from planner.io.write import dataset_to_document
from planner.problems import Problem

#: Largest distance a copied visit is moved from the one it copies.
JITTER_KM = 1.0
KM_PER_DEGREE_LAT = 111.32


def _jitter(rng: random.Random, lat: float, lon: float) -> tuple[float, float]:
    """A point uniformly within ``JITTER_KM`` of (lat, lon)."""
    distance = JITTER_KM * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    d_lat = distance * math.cos(bearing) / KM_PER_DEGREE_LAT
    d_lon = distance * math.sin(bearing) / (KM_PER_DEGREE_LAT * max(0.01, math.cos(math.radians(lat))))
    return round(lat + d_lat, 6), round(lon + d_lon, 6)


def _copy(rng: random.Random, visit: Visit, new_id: str) -> Visit:
    lat, lon = _jitter(rng, visit.lat, visit.lon)
    return visit.model_copy(
        update={
            "id": new_id,
            "lat": lat,
            "lon": lon,
            "customer": "",
            "phone": "",
            "address": "",
            "description": "",
            "pinned_technician": None,
            "preferred_technician": None,
        }
    )


def resample_visits(dataset: Dataset, factor: float, seed: int) -> Dataset:
    """``factor`` times today's visits, the same for the same seed.

    Above 1, ``round(n * (factor - 1))`` copies of randomly drawn visits
    are added with ids ``R001``, ``R002``, ... (skipping ids in use);
    below 1, a random ``round(n * factor)`` of the visits are kept, in
    their original order.
    """
    rng = random.Random(seed)
    visits = list(dataset.visits)
    if factor < 1:
        keep = set(rng.sample(range(len(visits)), round(len(visits) * factor)))
        return dataset.model_copy(update={"visits": tuple(v for i, v in enumerate(visits) if i in keep)})
    taken = {v.id for v in visits}
    copies, number = [], 0
    for _ in range(round(len(visits) * (factor - 1))):
        number += 1
        while f"R{number:03d}" in taken:
            number += 1
        copies.append(_copy(rng, rng.choice(visits), f"R{number:03d}"))
    return dataset.model_copy(update={"visits": (*visits, *copies)})


def read_extra_visits(path: Path, label: str, dataset: Dataset) -> tuple[tuple[Visit, ...], list[Problem]]:
    """Visits from a ``visits.csv``-shaped file, checked as part of ``dataset``.

    The rows go through the project's own readers together with the
    dataset's visits, so an id already used, an unknown part or pinned
    technician, or a bad cell is reported exactly as in a dataset, at the
    file's own row. Only problems in that file are returned.
    """
    extra, problems = read_csv(path, label)
    if extra is None:
        return (), problems
    problems += check_columns(extra, VISITS)
    document = dataset_to_document(dataset)
    base = _table(document, "visits")
    merged = RawTable("visits", tuple(dict.fromkeys(base.columns + extra.columns)), base.rows + extra.rows, None)
    settings, _ = settings_from_mapping("settings", document["settings"])
    sources = Sources(
        settings,
        _table(document, "technicians"),
        merged,
        _table(document, "parts") if dataset.parts is not None else None,
        _table(document, "regions") if dataset.regions else None,
    )
    loaded = assemble(sources, [])
    problems += [p for p in loaded.problems if p.file == label]
    if loaded.dataset is None:
        return (), problems
    return loaded.dataset.visits[len(dataset.visits) :], problems


def _table(document: dict, name: str) -> RawTable:
    """A table of the dataset's own document, which is always a list of rows."""
    table, _ = table_from_records(name, document[name])
    return table or RawTable(name, (), (), None)
