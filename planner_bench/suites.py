"""The three suites: which instances, where they come from, which peers apply.

Instances are named, never passed around: a child process gets a suite
and a name and loads the instance itself, so what it measures is the
solver, not the cost of shipping a dataset between processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from planner.domain import Dataset
from planner_bench.classic import ClassicInstance

#: Where the benchmark data lies by default: ``benchmarks`` inside this package (copied there
#: with each set's README and licence), found through importlib.resources, so a fresh clone and
#: an installed wheel (``pip install .``, package-data in pyproject.toml) both benchmark alone.
DEFAULT_DATA = Path(str(resources.files("planner_bench").joinpath("benchmarks")))

#: Aftersales days: name -> (visits, technicians); all with 10 regions and one fixed seed.
DAYS: dict[str, tuple[int, int]] = {
    "day50": (50, 8),
    "day200": (200, 30),
    "day1000": (1000, 100),
    "day2000": (2000, 200),
}
DAY_REGIONS = 10
DAY_SEED = 1
#: The repository's sample day (70 visits, 12 technicians): the typical day users start from.
#: It is the README's example and stays in ``data/sample``, so this one instance needs a checkout.
SAMPLE = "sample"
SAMPLE_DATA = Path(__file__).resolve().parents[1] / "data" / "sample"


@dataclass(frozen=True)
class Suite:
    """A suite's instances and the solvers that can express its rules.

    ``kind`` says what a solver gets: ``day`` (a Dataset, answered with a
    Plan) or ``classic`` (a ClassicInstance, answered with routes).
    """

    name: str
    kind: str
    peers: tuple[str, ...]
    reference: str

    def instances(self, data: Path) -> list[str]:
        """Instance names in a fixed order (small first for days, file order otherwise)."""
        if self.name == "aftersales":
            return [SAMPLE, *DAYS]
        if self.name == "solomon":
            return sorted(p.stem for p in (data / "solomon").glob("*.txt"))
        if self.name == "gh1000":
            return sorted(p.stem for p in (data / "gh1000").glob("*.vrp"))
        return sorted(p.stem for p in (data / "trsp" / "pillac2013" / "instances").glob("*.txt"))


SUITES: dict[str, Suite] = {
    "aftersales": Suite(
        "aftersales", "day", ("vroom", "ortools"), "no best known values: synthetic days of planner.demo"
    ),
    "solomon": Suite(
        "solomon",
        "classic",
        ("pyvrp", "vroom", "ortools"),
        "bks.csv mindist_distance (distance only, double precision)",
    ),
    "gh1000": Suite(
        "gh1000",
        "classic",
        ("pyvrp", "vroom", "ortools"),
        "the .sol Cost beside each instance (distances truncated to one decimal: gaps a little high)",
    ),
    "trsp": Suite(
        "trsp",
        "classic",
        ("vroom", "ortools"),
        "best_known.csv (total duration of the full TRSP; context only, no gap)",
    ),
}


def load(suite: str, name: str, data: Path) -> Dataset | ClassicInstance:
    """One instance of a suite by name (a KeyError or OSError names what is missing)."""
    if suite == "aftersales" and name == SAMPLE:
        from planner.io.dataset import read_dataset

        sample = read_dataset(SAMPLE_DATA).dataset
        if sample is None:
            raise OSError(
                f"the sample dataset {SAMPLE_DATA} cannot be read; it is the repository's data/sample, "
                "so run this instance from a checkout (the generated days need none)"
            )
        return sample
    if suite == "aftersales":
        from planner.demo import generate_day

        visits, technicians = DAYS[name]
        return generate_day(visits, technicians, seed=DAY_SEED, regions=DAY_REGIONS)
    if suite == "solomon":
        from planner_bench.solomon import read_bks, read_solomon

        known = read_bks(data / "solomon" / "bks.csv").get(name)
        return read_solomon(data / "solomon" / f"{name}.txt", known)
    if suite == "gh1000":
        from planner_bench.vrplib import read_vrplib

        return read_vrplib(data / "gh1000" / f"{name}.vrp")
    if suite == "trsp":
        from planner_bench.trsp import read_best_known, read_pillac

        best = read_best_known(data / "trsp" / "best_known.csv").get(name)
        return read_pillac(data / "trsp" / "pillac2013" / "instances" / f"{name}.txt", best)
    raise KeyError(f"unknown suite {suite!r}; choose from {', '.join(SUITES)}")
