"""The packages import one way only: ``planner`` (the library) needs neither the web app, nor the
command line, nor the bench; ``web`` needs neither the command line nor the bench.

Each check runs in a fresh interpreter that refuses the forbidden packages at import time and
then imports every module of the package under test, so an import hidden inside a function
body is not caught, but one at the top of any module is, and the message names the module that
reached for the forbidden package (docs/architecture.md). Within the packages, no modules may
import each other in a circle: a static graph of every import statement (read with ``ast``) is
searched for one.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
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
    "planner.demo_national",
    "planner.demo_places",
    "planner.planning",
    "planner.warm_start",
    "planner.horizon",
    "planner.store",
    "planner.check",
    "planner.check_day",
    "planner.check_horizon",
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


#: The packages whose modules may not import each other in a circle.
HOUSE = ("planner", "web", "planner_cli", "planner_bench")


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree: ast.Module, module: str, is_package: bool) -> Iterator[str]:
    """Every name a module imports, anywhere in it (in functions and under TYPE_CHECKING too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = module.split(".")[: len(module.split(".")) - node.level + is_package]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(root: Path = ROOT, packages: tuple[str, ...] = HOUSE) -> dict[str, set[str]]:
    """Module -> the modules of the house it imports: ``from a.b import c`` counts as ``a.b.c`` when
    that is a module, else ``a.b``. A package's ``__init__`` run before its submodules is not counted."""
    paths = {
        _module_name(path, root): path
        for package in packages
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.parts
    }
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = set()
        for name in _imported(tree, module, path.name == "__init__.py"):
            while name and name not in paths:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
        graph[module] = found
    return graph


def circles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The groups of two or more modules that reach each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph.get(module, ())):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_two_modules_import_each_other():
    """No module of planner, web, planner_cli or planner_bench reaches itself through its imports, not even
    through an import inside a function or under TYPE_CHECKING: the shared piece belongs to one of them."""
    assert circles(import_graph()) == []


def test_the_circle_check_finds_a_circle(tmp_path):
    """Three modules importing in a ring, in every way the check reads, are named; a fourth beside them is not."""
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "a.py").write_text("from house import b\n")
    (folder / "b.py").write_text("def late():\n    from .c import thing\n")
    (folder / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import house.a\n")
    (folder / "d.py").write_text("import house.a\n")
    assert circles(import_graph(tmp_path, ("house",))) == [["house.a", "house.b", "house.c"]]
