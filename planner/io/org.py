"""``org.yaml`` (or the document's ``org``) checked like the tables.

The role chart is drawn from it and its reporting lines are followed, so
a role reporting to itself, a cycle of roles, a unit inside itself, an
undefined role or measure, or a technician who is not in
``technicians.csv`` (or is listed twice) would draw a wrong chart or none.
Every such mistake is reported at once, each at the line of ``org.yaml``
where a person finds it (a JSON document has no lines: the column then
names the path, ``roles[1].reports_to``). The schema is in
``docs/data-format.md`` section 7.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from planner.io.cells import control_refusal, show
from planner.problems import Problem

VERSION = 1
#: The keys of each kind of entry that are ids (keys of the KPIs, pages and files) or names shown on one line.
PLAIN_KEYS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "measures": (("id",), ("name", "name_en")),
    "roles": (("id", "reports_to"), ("title", "title_en")),
    "unit": (("id",), ("name", "name_en")),
    "person": (("technician", "id", "role"), ("name",)),
}

PathKey = tuple[object, ...]


@dataclass(frozen=True)
class OrgSource:
    """Where the org chart came from: the file's name and, for YAML, the line of every path."""

    file: str
    lines: Mapping[PathKey, int] | None = None

    def problem(self, message: str, *path: object, severity: str = "error") -> Problem:
        """A problem at ``path``: its line and last key (YAML), or the whole path as the column (JSON)."""
        if self.lines is None:
            return Problem(self.file, None, _dotted(path) or None, message, severity)  # type: ignore[arg-type]
        key: PathKey = tuple(path)
        while key and key not in self.lines:
            key = key[:-1]
        column = next((str(p) for p in reversed(path) if isinstance(p, str)), None)
        return Problem(self.file, self.lines.get(key), column, message, severity)  # type: ignore[arg-type]


def _dotted(path: PathKey) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def check_org(org: Mapping[str, Any], source: OrgSource, technician_ids: Collection[str] | None) -> list[Problem]:
    """Every problem of the org chart, given the ids of ``technicians.csv`` (None: unreadable, not checked)."""
    problems: list[Problem] = []
    version = org.get("version")
    if version is None:
        problems.append(source.problem(f"version is missing; read as version {VERSION}", severity="warning"))
    elif version != VERSION:
        problems.append(
            source.problem(
                f"version {version} is not supported; this planner reads org.yaml version {VERSION}", "version"
            )
        )
    measures = _ids(org, "measures", source, problems)
    roles = _ids(org, "roles", source, problems)
    problems += _role_lines(org, roles, measures, source)
    department = org.get("department")
    if department is not None:
        problems += _units(department, roles, technician_ids, source)
    return problems


def _entries(
    org: Mapping[str, Any], key: str, source: OrgSource, problems: list[Problem]
) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The mappings of a top-level list, reporting what is not one."""
    value = org.get(key)
    if value is None:
        return
    if not isinstance(value, list):
        problems.append(source.problem(f"{key} must be a list", key))
        return
    for index, entry in enumerate(value):
        if isinstance(entry, Mapping):
            yield index, entry
        else:
            problems.append(source.problem(f"{key} entry {index + 1} must be a mapping with an id", key, index))


def _ids(org: Mapping[str, Any], key: str, source: OrgSource, problems: list[Problem]) -> dict[str, int] | None:
    """Id -> list position of the measures or roles; None when the list is not given (nothing to check against)."""
    if org.get(key) is None:
        return None
    positions: dict[str, int] = {}
    for index, entry in _entries(org, key, source, problems):
        problems += _plain(entry, key, source, key, index)
        name = entry.get("id")
        if name is None or isinstance(name, (list, dict)):
            problems.append(source.problem(f"{key} entry {index + 1} has no id", key, index))
        elif str(name) in positions:
            problems.append(
                source.problem(
                    f"{key[:-1]} {name} appears twice (first as entry {positions[str(name)] + 1})", key, index, "id"
                )
            )
        else:
            positions[str(name)] = index
    return positions


def _role_lines(
    org: Mapping[str, Any], roles: dict[str, int] | None, measures: dict[str, int] | None, source: OrgSource
) -> list[Problem]:
    """Each role reports to a defined other role, without cycles, and is judged by catalogued measures."""
    if roles is None:
        return []
    problems: list[Problem] = []
    entries = org["roles"]
    boss: dict[str, str] = {}
    for name, index in roles.items():
        role = entries[index]
        up = role.get("reports_to")
        if up is not None:
            up = str(up)
            if up == name:
                problems.append(source.problem(f"role {name} reports to itself", "roles", index, "reports_to"))
            elif up not in roles:
                problems.append(
                    source.problem(
                        f"reports_to {up} is not a role of org.yaml; roles are {', '.join(roles)}",
                        "roles",
                        index,
                        "reports_to",
                    )
                )
            else:
                boss[name] = up
        problems += _role_measures(role, index, measures, source)
    problems += _cycles(boss, roles, source)
    return problems


def _role_measures(
    role: Mapping[str, Any], index: int, measures: dict[str, int] | None, source: OrgSource
) -> list[Problem]:
    given = role.get("measures")
    if given is None:
        return []
    if not isinstance(given, list):
        return [source.problem("measures must be a list of {id, target}", "roles", index, "measures")]
    problems: list[Problem] = []
    for position, entry in enumerate(given):
        name = entry.get("id") if isinstance(entry, Mapping) else None
        if name is None:
            problems.append(source.problem("each measure of a role needs an id", "roles", index, "measures", position))
        elif measures is not None and str(name) not in measures:
            problems.append(
                source.problem(
                    f"{name} is not a measure of the catalogue (measures:)", "roles", index, "measures", position, "id"
                )
            )
    return problems


def _cycles(boss: Mapping[str, str], roles: Mapping[str, int], source: OrgSource) -> list[Problem]:
    """One problem per reporting cycle, at the role of the cycle listed first."""
    problems: list[Problem] = []
    done: set[str] = set()
    for start in roles:
        trail: list[str] = []
        name: str | None = start
        while name is not None and name not in done and name not in trail:
            trail.append(name)
            name = boss.get(name)
        if name is not None and name in trail:
            loop = trail[trail.index(name) :]
            first = min(loop, key=roles.__getitem__)
            shown = " -> ".join([*loop[loop.index(first) :], *loop[: loop.index(first)], first])
            problems.append(
                source.problem(f"the roles' reporting lines form a cycle: {shown}", "roles", roles[first], "reports_to")
            )
        done.update(trail)
    return problems


def _units(
    department: object, roles: dict[str, int] | None, technician_ids: Collection[str] | None, source: OrgSource
) -> list[Problem]:
    """The people tree: unit ids unique, every person a known technician or a named office person."""
    problems: list[Problem] = []
    unit_at: dict[str, PathKey] = {}
    person_at: dict[str, PathKey] = {}
    pending: list[tuple[object, PathKey]] = [(department, ("department",))]
    while pending:
        unit, path = pending.pop(0)
        if not isinstance(unit, Mapping):
            problems.append(source.problem("a unit must be a mapping with id, name, leader, members, groups", *path))
            continue
        problems += _plain(unit, "unit", source, *path)
        name = unit.get("id")
        if name is None:
            problems.append(source.problem("the unit has no id", *path))
        elif str(name) in unit_at:
            problems.append(
                source.problem(
                    f"unit {name} appears twice in the tree (a unit cannot contain itself or repeat)", *path, "id"
                )
            )
        else:
            unit_at[str(name)] = path
        people: list[tuple[object, PathKey]] = []
        if unit.get("leader") is not None:
            people.append((unit["leader"], path + ("leader",)))
        for key in ("members", "groups"):
            value = unit.get(key)
            if value is not None and not isinstance(value, list):
                problems.append(source.problem(f"{key} must be a list", *path, key))
        people += [(p, path + ("members", i)) for i, p in enumerate(_list(unit.get("members")))]
        pending += [(g, path + ("groups", i)) for i, g in enumerate(_list(unit.get("groups")))]
        for person, where in people:
            problems += _person(person, where, roles, technician_ids, person_at, source)
    return problems


def _plain(entry: Mapping[str, Any], kind: str, source: OrgSource, *path: object) -> list[Problem]:
    """The entry's ids and names without control characters: ids key the KPIs and pages, names are one line."""
    ids, names = PLAIN_KEYS[kind]
    problems: list[Problem] = []
    for key in (*ids, *names):
        value = entry.get(key)
        if isinstance(value, str) and (refusal := control_refusal(value, "an id" if key in ids else "a name")):
            problems.append(source.problem(f"{key} {show(value)} {refusal}", *path, key))
    return problems


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _person(
    person: object,
    path: PathKey,
    roles: dict[str, int] | None,
    technician_ids: Collection[str] | None,
    seen: dict[str, PathKey],
    source: OrgSource,
) -> list[Problem]:
    """A leader or member: exactly one of a technician id or an office id with a name; a defined role."""
    if not isinstance(person, Mapping):
        return [source.problem("a person must be a mapping: {technician, role} or {id, name, role}", *path)]
    problems = _plain(person, "person", source, *path)
    technician, staff = person.get("technician"), person.get("id")
    if (technician is None) == (staff is None):
        problems.append(
            source.problem(
                "a person needs exactly one of technician (an id of technicians.csv) or id with a name", *path
            )
        )
    elif technician is not None:
        key = str(technician)
        if technician_ids is not None and key not in technician_ids:
            problems.append(source.problem(f"technician {key} is not in technicians", *path, "technician"))
        problems += _once(f"technician {key}", key, path, seen, source, "technician")
    else:
        if person.get("name") is None:
            problems.append(source.problem(f"person {staff} has no name; office staff need id and name", *path))
        problems += _once(f"person {staff}", f"id:{staff}", path, seen, source, "id")
    role = person.get("role")
    if role is not None and roles is not None and str(role) not in roles:
        problems.append(source.problem(f"{role} is not a role of org.yaml (roles:)", *path, "role"))
    return problems


def _once(
    label: str, key: str, path: PathKey, seen: dict[str, PathKey], source: OrgSource, column: str
) -> list[Problem]:
    if key in seen:
        return [source.problem(f"{label} appears twice in the tree", *path, column)]
    seen[key] = path
    return []
