"""Colours that tell technicians apart on the timeline and the map.

Twelve hues that stay distinct when printed and for the common kinds of
colour blindness (after Tableau 10 and Paul Tol's "bright" scheme); a
larger roster repeats them, which the numbered stops and labels resolve.
"""

from __future__ import annotations

TECHNICIAN_COLOURS: tuple[str, ...] = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#4b0082",
    "#005f5f",
    "#7f7f00",
)


def technician_colour(index: int) -> str:
    """Colour of the technician at ``index`` in the dataset's order."""
    return TECHNICIAN_COLOURS[index % len(TECHNICIAN_COLOURS)]
