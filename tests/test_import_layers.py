"""The packages import one way only: ``planner`` (the library) needs neither the web app, nor the
command line, nor the bench; ``web`` needs neither the command line nor the bench.

Each check runs in a fresh interpreter that refuses the forbidden packages at import time and
then imports every module of the package under test, so an import hidden inside a function
body is not caught, but one at the top of any module is, and the message names the module that
reached for the forbidden package (docs/architecture.md).
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: A fresh interpreter: block the packages, import every module under one package, print what failed.
PROBE = textwrap.dedent("""
    import importlib, pkgutil, sys

    package, blocked = sys.argv[1], set(sys.argv[2].split(","))

    class Refuse:
        def find_spec(self, name, path=None, target=None):
            if any(name == refused or name.startswith(refused + ".") for refused in blocked):
                importer = sys._getframe(1)
                while importer and importer.f_globals.get("__name__", "").startswith(("importlib", "_frozen")):
                    importer = importer.f_back
                who = importer.f_globals.get("__name__", "?") if importer else "?"
                raise ImportError(f"{who} imports {name}")
            return None

    sys.meta_path.insert(0, Refuse())
    root = importlib.import_module(package)
    failures = []
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        try:
            importlib.import_module(info.name)
        except ImportError as exc:
            failures.append(f"{info.name}: {exc}")
    print("\\n".join(failures))
""")


def forbidden_imports(package: str, blocked: tuple[str, ...]) -> list[str]:
    """Every module of ``package`` that cannot be imported with ``blocked`` refused, and why."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, package, ",".join(blocked)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [line for line in done.stdout.splitlines() if line]


#: The solver needs the domain, eligibility and travel, nothing that reads files, plans days or makes demos.
SOLVER_MAY_NOT = (
    "planner.io",
    "planner.demo",
    "planner.planning",
    "planner.horizon",
    "planner.store",
    "planner.check",
    "planner.explain",
    "web",
    "planner_cli",
    "planner_bench",
)


@pytest.mark.parametrize(
    ("package", "blocked"),
    [
        ("planner", ("web", "planner_cli", "planner_bench")),
        ("web", ("planner_cli", "planner_bench")),
        ("planner.routing", SOLVER_MAY_NOT),
    ],
)
def test_a_package_imports_nothing_above_it(package, blocked):
    """planner imports without web, planner_cli or planner_bench; web without planner_cli or planner_bench;
    the solver (planner.routing, with its warm-up) without the readers, the day planner or the demo."""
    assert forbidden_imports(package, blocked) == []


def test_the_probe_names_the_module_that_breaks_the_rule():
    """The same probe, told to refuse the command line to the bench (which uses its argument types), names
    the bench module that imports it: the check can fail."""
    found = forbidden_imports("planner_bench", ("planner_cli",))
    assert "planner_bench.command: planner_bench.command imports planner_cli" in found


#: What only the command line may call.
CALLS_OF_THE_COMMAND_LINE = re.compile(r"(?<![\w.])print\(|\bsys\.exit\(")


def test_the_library_does_not_print_or_exit():
    """planner/ has no print() and no sys.exit: the command line (planner_cli) does that."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "planner").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CALLS_OF_THE_COMMAND_LINE.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
