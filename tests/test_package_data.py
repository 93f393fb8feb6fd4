"""An installed wheel carries every file its packages read at run time.

``pip install .`` (the Lambda image, Netlify, a user without a checkout)
copies only Python files and what ``[tool.setuptools.package-data]`` in
pyproject.toml names. Each data file inside a package must match one of
its patterns, or the installed command misses it while every test run
from the checkout passes; and the bench finds its instances through
importlib.resources, inside its own package, never beside the repository.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

import planner_bench
from planner_bench.classic import ClassicInstance
from planner_bench.suites import DEFAULT_DATA, SUITES, load

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("planner", "web", "planner_cli", "planner_bench")


def _package_data() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found: dict[str, list[str]] = config["tool"]["setuptools"]["package-data"]
    return found


def _data_files(package: str) -> set[Path]:
    """Files of a package that are not Python source nor a cache left by running it."""
    folder = ROOT / package
    return {
        p.relative_to(folder)
        for p in folder.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize("package", PACKAGES)
def test_every_data_file_of_a_package_is_named_by_its_package_data(package: str) -> None:
    folder = ROOT / package
    shipped = {p.relative_to(folder) for pattern in _package_data().get(package, []) for p in folder.glob(pattern)}
    missing = sorted(str(p) for p in _data_files(package) - shipped)
    assert not missing, f"{package}: not in [tool.setuptools.package-data], so not in the wheel: {missing[:10]}"


def test_the_bench_reads_its_instances_from_inside_its_package() -> None:
    assert DEFAULT_DATA == Path(str(resources.files("planner_bench").joinpath("benchmarks")))
    assert DEFAULT_DATA.is_relative_to(Path(planner_bench.__file__).resolve().parent)
    assert {"solomon", "gh1000", "trsp"} <= {p.name for p in DEFAULT_DATA.iterdir()}
    for suite in ("solomon", "gh1000", "trsp"):
        names = SUITES[suite].instances(DEFAULT_DATA)
        assert names, suite
        instance = load(suite, names[0], DEFAULT_DATA)
        assert isinstance(instance, ClassicInstance) and instance.name == names[0] and instance.customers
