"""The scenario file: a base and named variants of one dataset's staffing and demand.

A manager writes it next to a dataset (schema in ``docs/scenarios.md``)::

    base: {label: Today}
    variants:
      - name: plus_repairer
        add_technicians: [{like: T02, count: 1}]
      - name: train_marble
        train: [{technician: T07, skill: marble_repair, level: 2}]
    sweeps:
      - {name: repairers, like: T02, from: 0, to: 4}

Reading it checks everything against the dataset (technician ids, skills,
regions, levels, clock times, keys) and reports every problem at once,
each with the file, the line and the key. A variant's changes are applied
in a fixed order (the order of ``CHANGE_KEYS``), and each is validated
against the day as the earlier changes left it, so "add two like T02, then
move T02-N1 to tongzhou" is understood exactly as it will be applied.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from planner.domain import Dataset, hhmm
from planner.io.cells import (
    parse_clock,
    parse_label,
    parse_names,
    parse_number,
    parse_positive,
    parse_skills,
    parse_text,
    parse_whole,
)
from planner.io.settings import parse_settings
from planner.io.tables import RawSettings
from planner.io.write import settings_row
from planner.io.yaml_lines import LinedYaml, load_yaml_with_lines
from planner.problems import Problem, errors
from planner.roster.folder import find_roster_folder
from planner.roster.read import read_roster_folder
from planner.scenarios.demand import read_extra_visits
from planner.scenarios.fields import FieldReader, known_regions, known_skills
from planner.scenarios.roster_change import FollowRoster, ShiftTimes
from planner.scenarios.variants import (
    AddTechnicians,
    AddVisits,
    Change,
    ChangeRegions,
    ChangeSettings,
    ChangeShifts,
    RemoveTechnicians,
    ScaleDemand,
    Train,
    apply_changes,
)

#: The changes a variant may make, in the order they are applied.
CHANGE_KEYS: tuple[str, ...] = (
    "add_technicians",
    "remove_technicians",
    "train",
    "shifts",
    "regions",
    "settings",
    "demand",
    "roster",
)
PERSON_FIELDS: tuple[str, ...] = ("base_lat", "base_lon", "regions", "skills", "shift_start", "shift_end", "max_visits")
TOP_KEYS: tuple[str, ...] = ("base", "variants", "sweeps")
VARIANT_KEYS: tuple[str, ...] = ("name", "label", *CHANGE_KEYS)
SWEEP_KEYS: tuple[str, ...] = ("name", "label", "like", "from", "to", *PERSON_FIELDS)
ADD_KEYS: tuple[str, ...] = ("like", "count", "ids", *PERSON_FIELDS)
TRAIN_KEYS: tuple[str, ...] = ("technician", "skill", "level")
SHIFT_KEYS: tuple[str, ...] = ("technicians", "shift_start", "shift_end")
REGION_KEYS: tuple[str, ...] = ("technicians", "set", "add")
SETTING_KEYS: tuple[str, ...] = ("lunch_window", "lunch_minutes", "speed_kmh", "road_factor")
DEMAND_KEYS: tuple[str, ...] = ("scale", "seed", "extra_visits")
#: A variant's roster over the week (``planner.scenarios.roster_change``): rule changes, and shift times.
ROSTER_KEYS: tuple[str, ...] = ("min_rest_days", "max_consecutive_days", "shifts")
ROSTER_SHIFT_KEYS: tuple[str, ...] = ("id", "start", "end")

MAX_SCALE = 5.0
MAX_NEW_PEOPLE = 50
BASE_NAME = "base"
#: Variant names name files (``plans/<name>.json``), so they are kept to safe characters.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


@dataclass(frozen=True)
class SweepStep:
    """Where a variant sits in a headcount sweep: ``extra`` more people like ``like``."""

    sweep: str
    like: str
    extra: int


@dataclass(frozen=True)
class Variant:
    """A named set of changes to the base day (the base itself has changes to the dataset)."""

    name: str
    label: str
    changes: tuple[Change, ...]
    line: int | None = None
    step: SweepStep | None = None


@dataclass(frozen=True)
class Sweep:
    """Headcount from ``first`` to ``last`` extra people like one profile, one variant per step."""

    name: str
    label: str
    like: str
    first: int
    last: int

    def step_names(self) -> tuple[str, ...]:
        return tuple(f"{self.name}_{k}" for k in range(self.first, self.last + 1))


@dataclass(frozen=True)
class ScenarioFile:
    """A checked scenario file: the base, every variant (sweep steps included) and the sweeps."""

    file: str
    base: Variant
    variants: tuple[Variant, ...]
    sweeps: tuple[Sweep, ...]

    def base_dataset(self, dataset: Dataset) -> Dataset:
        """The day every variant is compared with."""
        return apply_changes(dataset, self.base.changes)


def read_scenario_file(path: str | Path, dataset: Dataset) -> tuple[ScenarioFile | None, list[Problem]]:
    """Read and check a scenario file against ``dataset``; None when there is any error."""
    path = Path(path)
    doc, problems = load_yaml_with_lines(path)
    if doc is None:
        return None, problems
    return read_scenario_document(doc, dataset, path.parent)


def read_scenario_document(
    doc: LinedYaml, dataset: Dataset, folder: Path | None
) -> tuple[ScenarioFile | None, list[Problem]]:
    """Check parsed scenario data against ``dataset``; None when there is any error.

    ``folder`` holds the files the scenario names (``extra_visits``); None
    for a scenario that came without files, such as one posted to the web
    API, which must not name files on the server.
    """
    parser = _Parser(FieldReader(doc), dataset, folder)
    scenario = parser.read()
    problems = sorted(parser.reader.problems, key=lambda p: (p.file != doc.file, p.row or 0))
    return (None if errors(problems) else scenario), problems


class _Parser:
    """Turns the parsed YAML into variants, checking each change against the day it changes."""

    def __init__(self, reader: FieldReader, dataset: Dataset, folder: Path | None):
        self.reader = reader
        self.dataset = dataset
        self.folder = folder
        self.state = dataset
        self.skills = known_skills(dataset)
        self.regions = known_regions(dataset)

    def read(self) -> ScenarioFile | None:
        r = self.reader
        if r.doc.data is None:
            r.error("the scenario file is empty; expected variants and/or sweeps")
            return None
        top = r.mapping(r.doc.data, (), TOP_KEYS, "the scenario file")
        if top is None:
            return None
        given = top.get("base")  # empty (None) is no change; any other non-mapping is an error of the file
        base = self.variant({} if given is None else given, ("base",), self.dataset, BASE_NAME)
        base_day = apply_changes(self.dataset, base.changes) if base else self.dataset
        variants = [
            self.variant(v, ("variants", i), base_day)
            for i, v in enumerate(r.items(top.get("variants", []), ("variants",), "variants"))
        ]
        sweeps = [
            self.sweep(s, ("sweeps", i), base_day)
            for i, s in enumerate(r.items(top.get("sweeps", []), ("sweeps",), "sweeps"))
        ]
        if not top.get("variants") and not top.get("sweeps"):
            r.error("the scenario file has no variants and no sweeps; nothing to compare", "variants")
        every = [v for v in variants if v] + [step for s in sweeps if s for step in s[1]]
        self.unique_names([base] + every if base else every)
        if base is None:
            return None
        return ScenarioFile(r.doc.file, base, tuple(every), tuple(s[0] for s in sweeps if s))

    # --- variants -----------------------------------------------------------------

    def variant(
        self, value: Any, path: tuple[object, ...], state: Dataset, default_name: str | None = None
    ) -> Variant | None:
        """One variant (or the base): its name, label and changes in application order."""
        m = self.reader.mapping(value, path, VARIANT_KEYS, "a variant", required=() if default_name else ("name",))
        if m is None:
            return None
        given = m.get("name", default_name)
        name = self.name(given, path + ("name",)) if given is not None else None
        label = self.label(m.get("label"), path + ("label",), name)
        self.state = state
        changes: list[Change] = []
        for key in CHANGE_KEYS:
            if key in m:
                for change in getattr(self, f"change_{key}")(m[key], path + (key,)):
                    changes.append(change)
                    self.state = change.apply(self.state)
        if name is None:
            return None
        return Variant(name, label or name, tuple(changes), self.reader.doc.line(*path))

    def name(self, value: Any, path: tuple[object, ...]) -> str | None:
        text = None if value is None else str(value)
        if text is None or not NAME.fullmatch(text):
            self.reader.error(
                f"name {text!r} cannot name a plan file; use letters, digits, "
                "'-', '_' and '.' (at most 64), starting with a letter or digit",
                *path,
            )
            return None
        return text

    def label(self, value: Any, path: tuple[object, ...], name: str | None) -> str | None:
        if value is None:
            return name
        return self.reader.parse(value, parse_label, *path)

    def unique_names(self, variants: list[Variant]) -> None:
        seen: dict[str, Variant] = {}
        for variant in variants:
            if variant.name in seen:
                first = seen[variant.name].line
                self.reader.problems.append(
                    Problem(
                        self.reader.doc.file,
                        variant.line,
                        "name",
                        f"variant name {variant.name} is used twice (first on line {first}); "
                        "each variant needs its own name",
                    )
                )
            else:
                seen[variant.name] = variant

    # --- one method per change key, each yielding checked changes ---------------------

    def change_add_technicians(self, value: Any, path: tuple[object, ...]) -> Iterator[Change]:
        r = self.reader
        for j, entry in enumerate(r.items(value, path, "new technicians")):
            at = path + (j,)
            m = r.mapping(entry, at, ADD_KEYS, "an add_technicians entry", required=("like",))
            if m is None or "like" not in m:
                continue
            like = self.profile(m["like"], at + ("like",))
            count = (
                r.parse(
                    m["count"],
                    lambda v: parse_whole(
                        v, low=1, high=MAX_NEW_PEOPLE, meaning=f"a whole number from 1 to {MAX_NEW_PEOPLE}"
                    ),
                    *at,
                    "count",
                )
                if "count" in m
                else None
            )
            ids = self.new_ids(m, at, count)
            fields = self.person_fields(m, at, like)
            if like is None or fields is None or ids is None or ("count" in m and count is None):
                continue
            yield AddTechnicians(like, count or len(ids) or 1, ids, fields)

    def profile(self, value: Any, path: tuple[object, ...]) -> str | None:
        """The one technician new people are copied from."""
        ok, like = self.reader.technicians(value, path, self.state, allow_everybody=False)
        if ok and like is not None and len(like) != 1:
            self.reader.error("like names one technician to copy", *path)
            return None
        return like[0] if ok and like else None

    def new_ids(self, m: dict[str, Any], at: tuple[object, ...], count: int | None) -> tuple[str, ...] | None:
        """Explicit ids for new people: unused, and as many as ``count``."""
        if "ids" not in m:
            return ()
        ids = self.reader.parse(m["ids"], parse_names, *at, "ids")
        if ids is None:
            return None
        taken = sorted(set(ids) & {t.id for t in self.state.technicians})
        if taken:
            self.reader.error(f"ids {', '.join(taken)} are already in use", *at, "ids")
            return None
        if count is not None and len(ids) != count:
            self.reader.error(f"ids lists {len(ids)} ids but count is {count}", *at, "ids")
            return None
        return ids

    def person_fields(self, m: dict[str, Any], at: tuple[object, ...], like: str | None) -> dict[str, object] | None:
        """Fields of a new person that differ from the profile; None when any is wrong.

        The shift is judged with the profile's times where only one end is
        given, so nothing is judged when the profile itself is unknown.
        """
        r = self.reader
        parsers = {
            "base_lat": lambda v: parse_number(v, low=-90, high=90, meaning="a latitude from -90 to 90"),
            "base_lon": lambda v: parse_number(v, low=-180, high=180, meaning="a longitude from -180 to 180"),
            "regions": parse_names,
            "skills": parse_skills,
            "shift_start": parse_clock,
            "shift_end": lambda v: parse_clock(v, end=True),
            "max_visits": lambda v: parse_whole(v, meaning="a whole number of visits, 0 or more"),
        }
        fields: dict[str, object] = {}
        ok = True
        for key in PERSON_FIELDS:
            if key in m:
                parsed = r.parse(m[key], parsers[key], *at, key)
                ok = ok and parsed is not None
                fields[key] = parsed
        if not ok:
            return None
        if "regions" in fields:
            ok = r.known_names(cast(tuple[str, ...], fields["regions"]), self.regions, "region", *at, "regions")
        if "skills" in fields:
            ok = r.known_names(cast(dict[str, int], fields["skills"]), self.skills, "skill", *at, "skills") and ok
        if like is None:
            return None
        profile = self.state.technician(like)
        start = cast(int, fields.get("shift_start", profile.shift_start))
        end = cast(int, fields.get("shift_end", profile.shift_end))
        if end <= start:
            r.error(
                f"the new people's shift {hhmm(start)}-{hhmm(end)} does not end after it starts",
                *at,
                "shift_end" if "shift_end" in fields else "shift_start",
            )
            ok = False
        return fields if ok else None

    def change_remove_technicians(self, value: Any, path: tuple[object, ...]) -> Iterator[Change]:
        ok, ids = self.reader.technicians(value, path, self.state, allow_everybody=False)
        if ok and ids and len(ids) >= len(self.state.technicians):
            self.reader.error(
                f"removing {', '.join(ids)} leaves nobody on the day; a day needs at least one technician to plan",
                *path,
            )
        elif ok and ids:
            yield RemoveTechnicians(ids)

    def change_train(self, value: Any, path: tuple[object, ...]) -> Iterator[Change]:
        r = self.reader
        for j, entry in enumerate(r.items(value, path, "training entries")):
            at = path + (j,)
            m = r.mapping(entry, at, TRAIN_KEYS, "a train entry", required=("technician", "skill"))
            if m is None or "technician" not in m or "skill" not in m:
                continue
            ok, who = r.technicians(m["technician"], at + ("technician",), self.state, allow_everybody=False)
            skill = r.parse(m["skill"], parse_text, *at, "skill")
            if skill is not None and not r.known_names([skill], self.skills, "skill", *at, "skill"):
                skill = None
            level = (
                r.parse(
                    m["level"], lambda v: parse_whole(v, low=1, high=5, meaning="a level from 1 to 5"), *at, "level"
                )
                if "level" in m
                else None
            )
            if not ok or not who or skill is None or ("level" in m and level is None):
                continue
            for technician in who:
                current = self.state.technician(technician).level(skill)
                target = level if level is not None else current + 1
                if target > 5:
                    r.error(f"{technician} already holds {skill} at level 5, the highest", *at, "skill")
                elif target <= current:
                    r.error(
                        f"{technician} already holds {skill} at level {current}; "
                        f"training to level {target} changes nothing",
                        *at,
                        "level",
                    )
                else:
                    yield Train(technician, skill, target)

    def change_shifts(self, value: Any, path: tuple[object, ...]) -> Iterator[Change]:
        r = self.reader
        for j, entry in enumerate(r.items(value, path, "shift changes")):
            at = path + (j,)
            m = r.mapping(entry, at, SHIFT_KEYS, "a shifts entry", required=("technicians",))
            if m is None or "technicians" not in m:
                continue
            ok, who = r.technicians(m["technicians"], at + ("technicians",), self.state)
            start = r.parse(m["shift_start"], parse_clock, *at, "shift_start") if "shift_start" in m else None
            end = (
                r.parse(m["shift_end"], lambda v: parse_clock(v, end=True), *at, "shift_end")
                if "shift_end" in m
                else None
            )
            if "shift_start" not in m and "shift_end" not in m:
                r.error("a shifts entry gives shift_start, shift_end or both", *at)
                continue
            if not ok or ("shift_start" in m and start is None) or ("shift_end" in m and end is None):
                continue
            change = ChangeShifts(who, start, end)
            after = change.apply(self.state)
            wrong = [
                f"{t.id} {hhmm(t.shift_start)}-{hhmm(t.shift_end)}"
                for t in after.technicians
                if (who is None or t.id in who) and t.shift_end <= t.shift_start
            ]
            if wrong:
                r.error(
                    f"the shift would not end after it starts for {', '.join(wrong)}",
                    *at,
                    "shift_end" if end is not None else "shift_start",
                )
                continue
            yield change

    def change_regions(self, value: Any, path: tuple[object, ...]) -> Iterator[Change]:
        r = self.reader
        for j, entry in enumerate(r.items(value, path, "region changes")):
            at = path + (j,)
            m = r.mapping(entry, at, REGION_KEYS, "a regions entry", required=("technicians",))
            if m is None or "technicians" not in m:
                continue
            ok, who = r.technicians(m["technicians"], at + ("technicians",), self.state)
            if ("set" in m) == ("add" in m):
                r.error(
                    "a regions entry gives either set (replace the regions; [] = everywhere) "
                    "or add (cover these too), not both or neither",
                    *at,
                )
                continue
            key = "set" if "set" in m else "add"
            names = () if m[key] in ([], None) and key == "set" else r.parse(m[key], parse_names, *at, key)
            if not ok or names is None or not r.known_names(names, self.regions, "region", *at, key):
                continue
            yield ChangeRegions(who, set=names) if key == "set" else ChangeRegions(who, add=names)

    def change_settings(self, value: Any, path: tuple[object, ...]) -> Iterator[Change]:
        r = self.reader
        m = r.mapping(value, path, SETTING_KEYS, "settings")
        if not m:
            return
        current = {key: v for key, v in settings_row(self.state.settings).items() if v is not None}
        raw = RawSettings(r.doc.file, {**current, **m}, dict.fromkeys(current))
        parsed, found = parse_settings(raw)
        for problem in found:
            column = problem.column if problem.column in m else next(iter(m))
            r.error(problem.message, *path, column)
        if parsed is None:
            return
        fields = {"lunch_window": ("lunch_start", "lunch_end")}
        updates = {name: getattr(parsed, name) for key in m for name in fields.get(key, (key,))}
        yield ChangeSettings(updates)

    def change_roster(self, value: Any, path: tuple[object, ...]) -> Iterator[Change]:
        """The week's roster made from the roster folder beside the scenario file, with these rule changes."""
        r = self.reader
        m = r.mapping(value, path, ROSTER_KEYS, "roster")
        if m is None:
            return
        folder = find_roster_folder(self.folder) if self.folder is not None else None
        week, found = read_roster_folder(folder) if folder is not None else (None, [])
        if week is None:
            why = "; ".join(str(p) for p in errors(found)) or (
                "no roster_rules.yaml beside the scenario file or in its roster/ folder"
            )
            r.error(f"roster needs the week's roster folder: {why}", *path)
            return
        whole = {
            key: r.parse(
                m[key],
                lambda v: parse_whole(
                    v, low=0, high=week.rules.days, meaning=f"a whole number from 0 to {week.rules.days}"
                ),
                *path,
                key,
            )
            for key in ("min_rest_days", "max_consecutive_days")
            if key in m
        }
        shifts = []
        known = {s.id for s in week.rules.shifts}
        for j, entry in enumerate(r.items(m.get("shifts", []), path + ("shifts",), "shift changes")):
            at = path + ("shifts", j)
            s = r.mapping(entry, at, ROSTER_SHIFT_KEYS, "a roster shifts entry", required=("id",))
            if s is None or "id" not in s:
                continue
            if str(s["id"]) not in known:
                r.error(
                    f"shift {s['id']} is not a shift of roster_rules.yaml; expected one of {', '.join(sorted(known))}",
                    *at,
                    "id",
                )
                continue
            start = r.parse(s["start"], parse_clock, *at, "start") if "start" in s else None
            end = r.parse(s["end"], lambda v: parse_clock(v, end=True), *at, "end") if "end" in s else None
            if ("start" in s and start is None) or ("end" in s and end is None):
                continue
            shift = week.rules.shift(str(s["id"]))
            if (end if end is not None else shift.end) <= (start if start is not None else shift.start):
                r.error(f"shift {shift.id} would not end after it starts", *at, "end" if "end" in s else "start")
                continue
            shifts.append(ShiftTimes(str(s["id"]), start, end))
        if any(v is None for v in whole.values()):
            return
        kept = frozenset((row.technician_id, row.date) for row in self.dataset.availability)
        change = FollowRoster(week, kept, whole.get("min_rest_days"), whole.get("max_consecutive_days"), tuple(shifts))
        if not change.holds():
            r.error("no roster can keep these rules (see planner roster for which rules and people clash)", *path)
            return
        yield change

    def change_demand(self, value: Any, path: tuple[object, ...]) -> Iterator[Change]:
        r = self.reader
        m = r.mapping(value, path, DEMAND_KEYS, "demand")
        if m is None:
            return
        if "scale" not in m and "extra_visits" not in m:
            r.error("demand gives scale (such as 1.3), extra_visits (a CSV file) or both", *path)
            return
        if "scale" in m:
            scale = r.parse(
                m["scale"],
                lambda v: parse_positive(v, meaning=f"a factor above 0 and at most {MAX_SCALE:g}, such as 1.3"),
                *path,
                "scale",
            )
            if scale is not None and scale > MAX_SCALE:
                r.error(f"scale {scale:g} is more than {MAX_SCALE:g}; expected a factor such as 1.3", *path, "scale")
                scale = None
            seed = r.parse(m["seed"], parse_whole, *path, "seed") if "seed" in m else 0
            if scale is not None and seed is not None:
                yield ScaleDemand(scale, seed)
        if "extra_visits" in m:
            name = r.parse(m["extra_visits"], parse_text, *path, "extra_visits")
            if name is None:
                return
            if self.folder is None:
                r.error(
                    "extra_visits names a file beside a scenario file; a scenario sent on its own "
                    "cannot use one (use scale, or plan the day with the extra visits)",
                    *path,
                    "extra_visits",
                )
                return
            file = self.folder / name
            if not file.is_file():
                r.error(f"extra_visits {name} does not exist next to the scenario file", *path, "extra_visits")
                return
            visits, found = read_extra_visits(file, name, self.state)
            r.problems.extend(found)
            if visits and not errors(found):
                yield AddVisits(visits, name)

    # --- sweeps -----------------------------------------------------------------------

    def sweep(self, value: Any, path: tuple[object, ...], state: Dataset) -> tuple[Sweep, list[Variant]] | None:
        """A headcount sweep and its steps, one variant per number of extra people."""
        r = self.reader
        m = r.mapping(value, path, SWEEP_KEYS, "a sweep", required=("name", "like", "from", "to"))
        if m is None or not {"name", "like", "from", "to"} <= m.keys():
            return None
        self.state = state
        name = self.name(m["name"], path + ("name",))
        label = self.label(m.get("label"), path + ("label",), name)
        like = self.profile(m["like"], path + ("like",))
        meaning = f"a whole number of extra people from 0 to {MAX_NEW_PEOPLE}"
        first = r.parse(m["from"], lambda v: parse_whole(v, high=MAX_NEW_PEOPLE, meaning=meaning), *path, "from")
        last = r.parse(m["to"], lambda v: parse_whole(v, high=MAX_NEW_PEOPLE, meaning=meaning), *path, "to")
        if first is not None and last is not None and first > last:
            r.error(f"from {first} is more than to {last}; a sweep counts up", *path, "from")
            return None
        fields = self.person_fields(m, path, like)
        if like is None or name is None or fields is None or first is None or last is None:
            return None
        sweep = Sweep(name, label or name, like, first, last)
        line = r.doc.line(*path)
        steps = [
            Variant(
                step,
                f"{sweep.label} +{k}",
                (AddTechnicians(like, k, (), fields),) if k else (),
                line,
                SweepStep(name, like, k),
            )
            for k, step in zip(range(first, last + 1), sweep.step_names())
        ]
        return sweep, steps
