"""Checks that need more than one row, and the summary ``planner validate`` shows.

Row-level checks (a bad time, a level out of range) happen while a row is
read. What is left needs the whole dataset: ids that repeat, references
to technicians, parts or regions that do not exist, skills nobody has.
Each rule is one small function over ``Record`` values (the fields that
parsed, with their location), so a row with a bad cell still takes part
and every problem is found in one pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from planner.domain import PRIORITY_LABELS, PRIORITY_LABELS_ZH, VISIT_TYPE_WORDS, VISIT_TYPES, Dataset
from planner.problems import Problem


@dataclass(frozen=True)
class Record:
    """One row's parsed fields (named as in the models) and where the row is."""

    file: str
    row: int
    fields: Mapping[str, Any]
    unreadable: frozenset[str] = frozenset()
    """Columns whose cell was given but could not be read (already reported)."""

    @property
    def id(self) -> str | None:
        """The row's id, None when it is empty or bad."""
        value = self.fields.get("id")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class RecordTable:
    """The records of one table, with its file label for table-wide problems."""

    file: str
    records: tuple[Record, ...] = field(default_factory=tuple)

    def ids(self) -> set[str]:
        """Every id given in the table, including ids of rows with errors."""
        return {record.id for record in self.records if record.id is not None}


@dataclass(frozen=True)
class Records:
    """Every table that could be read; None where a table is absent or unreadable.

    ``parts`` None means the dataset has no parts table (no stock check),
    ``regions`` None means no regions table (any region name is fine).
    """

    technicians: RecordTable | None
    visits: RecordTable | None
    parts: RecordTable | None = None
    regions: RecordTable | None = None
    skills: RecordTable | None = None


def check_records(records: Records) -> list[Problem]:
    """Run every cross-record rule; the order is the order of the report."""
    problems: list[Problem] = []
    technicians, visits = records.technicians, records.visits
    if technicians is not None:
        problems += duplicate_ids(technicians, "technician")
        problems += no_technicians(technicians)
    if visits is not None:
        problems += duplicate_ids(visits, "visit")
    if records.parts is not None:
        problems += duplicate_ids(records.parts, "part", column="part_id")
    if records.regions is not None:
        problems += duplicate_ids(records.regions, "region")
    if records.skills is not None:
        problems += duplicate_ids(records.skills, "skill")
    if visits is not None and technicians is not None:
        problems += unknown_technicians(visits, technicians)
        problems += unheld_skills(visits, technicians)
    if visits is not None:
        problems += unknown_parts(visits, records.parts)
    if records.regions is not None:
        region_ids = records.regions.ids()
        for table, column in ((technicians, "regions"), (visits, "region")):
            if table is not None:
                problems += unlisted_regions(table, column, region_ids, records.regions.file)
    return problems


def duplicate_ids(table: RecordTable, kind: str, column: str = "id") -> list[Problem]:
    """An id used twice makes every reference to it ambiguous: error on each repeat."""
    first_row: dict[str, int] = {}
    problems: list[Problem] = []
    for record in table.records:
        if record.id is None:
            continue
        if record.id in first_row:
            message = f"{kind} id {record.id} is used twice (first on row {first_row[record.id]}); ids must be unique"
            problems.append(Problem(record.file, record.row, column, message))
        else:
            first_row[record.id] = record.row
    return problems


def no_technicians(technicians: RecordTable) -> list[Problem]:
    """With nobody to send no visit can be planned; worth saying, but not wrong."""
    if technicians.records:
        return []
    message = f"{technicians.file} has no technicians; no visit can be planned"
    return [Problem(technicians.file, None, None, message, "warning")]


def unknown_technicians(visits: RecordTable, technicians: RecordTable) -> list[Problem]:
    """A pinned or preferred technician must exist, or the wish cannot be honoured."""
    known = technicians.ids()
    problems: list[Problem] = []
    for record in visits.records:
        for column in ("pinned_technician", "preferred_technician"):
            wanted = record.fields.get(column)
            if isinstance(wanted, str) and wanted not in known:
                message = f"{column} {wanted} is not a technician id in {technicians.file}"
                problems.append(Problem(record.file, record.row, column, message))
    return problems


def unknown_parts(visits: RecordTable, parts: RecordTable | None) -> list[Problem]:
    """Parts must be in the stock table; without one, say once that stock is not checked."""
    needing = [record for record in visits.records if record.fields.get("parts")]
    if parts is None:
        if not needing:
            return []
        message = f"{len(needing)} visit(s) list parts but the dataset has no parts table; stock is not checked"
        return [Problem(visits.file, None, "parts", message, "warning")]
    known = parts.ids()
    problems: list[Problem] = []
    for record in needing:
        for part_id in _as_mapping(record.fields.get("parts")):
            if part_id not in known:
                message = f"part {part_id} is not listed in {parts.file}"
                problems.append(Problem(record.file, record.row, "parts", message))
    return problems


def unlisted_regions(table: RecordTable, column: str, region_ids: set[str], regions_file: str) -> list[Problem]:
    """A region missing from the regions table is most likely a typo: warn."""
    problems: list[Problem] = []
    for record in table.records:
        for region in _as_names(record.fields.get(column)):
            if region not in region_ids:
                message = f"region {region} is not listed in {regions_file}"
                problems.append(Problem(record.file, record.row, column, message, "warning"))
    return problems


def unheld_skills(visits: RecordTable, technicians: RecordTable) -> list[Problem]:
    """A skill nobody holds at any level leaves its visits unplannable: warn once per skill.

    The warning points at the first visit needing the skill and names a
    few of the others, so the list stays short on a large day. When some
    technician's skills could not be read, nobody can tell, so no warning.
    """
    if any("skills" in record.unreadable for record in technicians.records):
        return []
    held = {skill for record in technicians.records for skill in _as_mapping(record.fields.get("skills"))}
    needing: dict[str, list[Record]] = {}
    for record in visits.records:
        for skill in _as_mapping(record.fields.get("required_skills")):
            if skill not in held:
                needing.setdefault(skill, []).append(record)
    problems: list[Problem] = []
    for skill, records in needing.items():
        ids = [record.id or f"row {record.row}" for record in records]
        shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
        message = (
            f"skill {skill} is needed by {len(ids)} visit(s) ({shown}) but no "
            "technician has it at any level; those visits cannot be planned"
        )
        first = records[0]
        problems.append(Problem(first.file, first.row, "required_skills", message, "warning"))
    return problems


def _as_names(value: object) -> tuple[str, ...]:
    """A region field as a tuple, whether one region (visits) or several (technicians)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, tuple):
        return value
    return ()


def _as_mapping(value: object) -> Mapping[str, int]:
    """A skills or parts field, empty when it did not parse."""
    return value if isinstance(value, Mapping) else {}


def summary_lines(dataset: Dataset, lang: str = "en") -> list[str]:
    """What a dispatcher checks before planning: totals, regions, skills, mix of work; ``zh`` in Chinese."""
    return [
        *_totals(dataset, lang),
        *_regions(dataset, lang),
        *_skills(dataset, lang),
        _by_priority(dataset, lang),
        _by_type(dataset, lang),
    ]


def _count(number: int, noun: str, lang: str = "en") -> str:
    """``1 visit``, ``2 visits``; in Chinese ``2 个上门`` (``noun`` is looked up in ``_NOUNS_ZH``)."""
    if lang == "zh":
        return f"{number} {_NOUNS_ZH[noun]}"
    return f"{number} {noun}{'' if number == 1 else 's'}"


_NOUNS_ZH = {"visit": "个上门", "technician": "名技师", "part": "种配件"}


def _totals(dataset: Dataset, lang: str) -> list[str]:
    """Plan date and how much of everything there is."""
    settings, zh = dataset.settings, lang == "zh"
    people, visits = _count(len(dataset.technicians), "technician", lang), _count(len(dataset.visits), "visit", lang)
    if dataset.parts is None:
        parts = "没有配件表（不检查库存）" if zh else "no parts table (stock not checked)"
    else:
        parts = _count(len(dataset.parts), "part", lang)
    if zh:
        return [f"计划日期：{settings.date.isoformat()}（{settings.timezone}）", f"合计：{people}，{visits}，{parts}"]
    return [f"Plan date: {settings.date.isoformat()} ({settings.timezone})", f"Totals: {people}, {visits}, {parts}"]


def _regions(dataset: Dataset, lang: str) -> list[str]:
    """Visits per region against the technicians allowed to work there."""
    zh = lang == "zh"
    names = {region.id: region.name for region in dataset.regions}
    order = list(names)
    used = {visit.region for visit in dataset.visits if visit.region}
    used |= {region for technician in dataset.technicians for region in technician.regions}
    order += sorted(used - set(order))
    visits = Counter(visit.region for visit in dataset.visits)
    lines = ["区域（上门数 / 可在该区域工作的技师）：" if zh else "Regions (visits / technicians who may work there):"]
    sep = "，" if zh else ", "
    for region in order:
        label = f"{region} ({names[region]})" if names.get(region) else region
        allowed = sum(1 for technician in dataset.technicians if technician.covers(region))
        lines.append(f"  {label}: {_count(visits[region], 'visit', lang)}{sep}{_count(allowed, 'technician', lang)}")
    if visits[""]:
        nowhere = "（无区域）" if zh else "(no region)"
        everyone = _count(len(dataset.technicians), "technician", lang)
        lines.append(f"  {nowhere}: {_count(visits[''], 'visit', lang)}{sep}{everyone}")
    anywhere = _count(sum(1 for technician in dataset.technicians if not technician.regions), "technician", lang)
    lines.append(f"  {anywhere}可在任何区域工作" if zh else f"  {anywhere} may work in any region")
    return lines


def _skills(dataset: Dataset, lang: str) -> list[str]:
    """Per skill: how much is needed and at what level, against who holds it."""
    zh = lang == "zh"
    needed = _level_counts(visit.required_skills for visit in dataset.visits)
    held = _level_counts(technician.skills for technician in dataset.technicians)
    lines = ["技能（需要它的上门 / 具备它的技师）：" if zh else "Skills (visits needing it / technicians holding it):"]
    for skill in sorted(set(needed) | set(held)):
        need_count, need_top = needed.get(skill, (0, 0))
        held_count, held_top = held.get(skill, (0, 0))
        visits, people = _count(need_count, "visit", lang), _count(held_count, "technician", lang)
        if zh:
            need = f"{visits}需要（最高 {need_top} 级）" if need_count else "没有上门需要"
            hold = f"{people}具备（最高 {held_top} 级）" if held_count else "没有人具备"
            gap = "  <- 无人能做" if need_top > held_top else ""
            lines.append(f"  {skill}：{need}；{hold}{gap}")
            continue
        need = f"needed by {visits} (up to level {need_top})" if need_count else "needed by no visit"
        hold = f"held by {people} (up to level {held_top})" if held_count else "held by nobody"
        gap = "  <- not covered" if need_top > held_top else ""
        lines.append(f"  {skill}: {need}; {hold}{gap}")
    return lines


def _level_counts(skill_maps: Iterable[Mapping[str, int]]) -> dict[str, tuple[int, int]]:
    """Per skill: how many maps contain it, and the highest level among them."""
    counts: dict[str, tuple[int, int]] = {}
    for levels in skill_maps:
        for skill, level in levels.items():
            count, top = counts.get(skill, (0, 0))
            counts[skill] = (count + 1, max(top, level))
    return counts


def _by_priority(dataset: Dataset, lang: str) -> str:
    """The urgency mix of the day."""
    counts = Counter(visit.priority for visit in dataset.visits)
    if lang == "zh":
        return "按优先级：" + "，".join(f"{p} {label} {counts[p]}" for p, label in PRIORITY_LABELS_ZH.items())
    parts = [f"{level} {label} {counts[level]}" for level, label in PRIORITY_LABELS.items()]
    return "Visits by priority: " + ", ".join(parts)


def _by_type(dataset: Dataset, lang: str) -> str:
    """The kind-of-work mix of the day."""
    counts: Counter[str] = Counter(visit.type for visit in dataset.visits)
    if lang == "zh":
        return "按类型：" + "，".join(f"{VISIT_TYPE_WORDS[kind][0]} {counts[kind]}" for kind in VISIT_TYPES)
    return "Visits by type: " + ", ".join(f"{kind} {counts[kind]}" for kind in VISIT_TYPES)
