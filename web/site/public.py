"""The day as the public may see it: no phones, addresses or job notes, and blurred places.

The public pages (the board, the locked route pages) are rendered from
this copy of the dataset, so a template that shows one field too many
has nothing personal to show. Customers' names stay, because the board
turns them into initials (``web.views.masking.mask_board``); the build's
leak check stops any full name that gets through.

Coordinates are personal data as much as addresses are: the board's map
and a route sketch are drawn to scale, so anyone who knows one base (a
branch office) could measure a customer's door from them. Published
places are therefore snapped to a grid of ``GRID_DEG`` degrees (about
1.1 km north–south, 0.85 km east–west in Beijing), enough to show
which part of the city a route covers and no more.
"""

from __future__ import annotations

from planner.domain import Dataset

GRID_DEG = 0.01


def blur(degrees: float) -> float:
    """A latitude or longitude snapped to the grid."""
    return round(round(degrees / GRID_DEG) * GRID_DEG, 6)


def public_dataset(dataset: Dataset) -> Dataset:
    """A copy without phones, addresses and descriptions, with every place on the grid."""
    visits = tuple(
        v.model_copy(update={"phone": "", "address": "", "description": "", "lat": blur(v.lat), "lon": blur(v.lon)})
        for v in dataset.visits
    )
    technicians = tuple(
        t.model_copy(update={"base_lat": blur(t.base_lat), "base_lon": blur(t.base_lon)}) for t in dataset.technicians
    )
    return dataset.model_copy(update={"visits": visits, "technicians": technicians})
