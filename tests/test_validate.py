"""Cross-record rules (one test per rule) and the summary shown by ``planner validate``."""

from __future__ import annotations

import datetime as dt

from planner.domain import Dataset, Part, Region, Settings, Technician, Visit
from planner.validate import (
    Record,
    Records,
    RecordTable,
    check_records,
    duplicate_ids,
    no_technicians,
    summary_lines,
    unheld_skills,
    unknown_parts,
    unknown_technicians,
    unlisted_regions,
)


def table(file: str, *rows: dict, unreadable: tuple[str, ...] = ()) -> RecordTable:
    """Records numbered like a CSV file (first data row is 2)."""
    return RecordTable(
        file, tuple(Record(file, number, fields, frozenset(unreadable)) for number, fields in enumerate(rows, start=2))
    )


TECHS = table(
    "technicians.csv",
    {"id": "T01", "skills": {"install": 1}, "regions": ("a",)},
    {"id": "T02", "skills": {"sofa_repair": 2}, "regions": ()},
)


def test_duplicate_ids_reports_every_repeat_and_skips_rows_without_id():
    """Each repeated id is an error on its own row naming the first row."""
    records = table("parts.csv", {"id": "P1"}, {}, {"id": "P1"}, {"id": "P1"})
    problems = duplicate_ids(records, "part", column="part_id")
    assert [(p.row, p.column, p.severity) for p in problems] == [(4, "part_id", "error"), (5, "part_id", "error")]
    assert problems[0].message == "part id P1 is used twice (first on row 2); ids must be unique"


def test_no_technicians_warns_only_when_the_table_is_empty():
    """An empty technicians table is a warning; one technician is enough to be quiet."""
    assert no_technicians(TECHS) == []
    [problem] = no_technicians(table("technicians.csv"))
    assert (problem.severity, problem.row) == ("warning", None)


def test_unknown_technicians_checks_pinned_and_preferred():
    """Both technician references must name an existing technician."""
    visits = table(
        "visits.csv",
        {"id": "V1", "pinned_technician": "T01"},
        {"id": "V2", "pinned_technician": "T09", "preferred_technician": "T08"},
    )
    problems = unknown_technicians(visits, TECHS)
    assert [(p.row, p.column) for p in problems] == [(3, "pinned_technician"), (3, "preferred_technician")]
    assert problems[0].message == "pinned_technician T09 is not a technician id in technicians.csv"


def test_unknown_parts_are_errors_when_parts_are_listed():
    """Every part id not in the parts table is an error at the visit."""
    visits = table("visits.csv", {"id": "V1", "parts": {"P1": 1, "P2": 1, "P3": 2}})
    problems = unknown_parts(visits, table("parts.csv", {"id": "P1"}))
    assert [p.message for p in problems] == ["part P2 is not listed in parts.csv", "part P3 is not listed in parts.csv"]


def test_parts_without_parts_table_is_one_warning():
    """Without a parts table, one warning counts the visits whose parts go unchecked."""
    visits = table(
        "visits.csv", {"id": "V1", "parts": {"P1": 1}}, {"id": "V2", "parts": {}}, {"id": "V3", "parts": {"P2": 4}}
    )
    [problem] = unknown_parts(visits, None)
    assert (problem.severity, problem.column) == ("warning", "parts")
    assert problem.message.startswith("2 visit(s) list parts")
    assert unknown_parts(table("visits.csv", {"id": "V1"}), None) == []


def test_unlisted_regions_reads_one_region_or_several():
    """Visits have one region, technicians a list; each unlisted name is a warning."""
    visits = table("visits.csv", {"id": "V1", "region": "a"}, {"id": "V2", "region": "z"})
    techs = table("technicians.csv", {"id": "T1", "regions": ("a", "y", "z")})
    assert [p.row for p in unlisted_regions(visits, "region", {"a"}, "regions.csv")] == [3]
    problems = unlisted_regions(techs, "regions", {"a"}, "regions.csv")
    assert [p.message for p in problems] == [
        "region y is not listed in regions.csv",
        "region z is not listed in regions.csv",
    ]
    assert all(p.severity == "warning" for p in problems)


def test_unheld_skills_warns_once_per_skill_at_its_first_visit():
    """A skill nobody holds is one warning; a skill held at a lower level is not this rule."""
    visits = table(
        "visits.csv",
        *({"id": f"V{n}", "required_skills": {"gas": 1}} for n in range(1, 8)),
        {"id": "V8", "required_skills": {"sofa_repair": 5}},
    )
    [problem] = unheld_skills(visits, TECHS)
    assert (problem.row, problem.column, problem.severity) == (2, "required_skills", "warning")
    assert "skill gas is needed by 7 visit(s) (V1, V2, V3, V4, V5, ...)" in problem.message


def test_unheld_skills_is_silent_when_some_skills_could_not_be_read():
    """An unreadable skills cell is already an error; guessing coverage would mislead."""
    techs = table("technicians.csv", {"id": "T01"}, unreadable=("skills",))
    visits = table("visits.csv", {"id": "V1", "required_skills": {"gas": 1}})
    assert unheld_skills(visits, techs) == []


def test_check_records_skips_rules_for_absent_tables():
    """With no technicians table, references cannot be checked and are not reported."""
    visits = table("visits.csv", {"id": "V1", "pinned_technician": "T09", "region": "q"}, {"id": "V1"})
    problems = check_records(Records(technicians=None, visits=visits))
    assert [(p.row, p.column) for p in problems] == [(3, "id")]


def test_check_records_runs_region_rule_for_both_tables():
    """Given a regions table, both technicians' and visits' regions are checked."""
    visits = table("visits.csv", {"id": "V1", "region": "q", "required_skills": {}})
    regions = table("regions.csv", {"id": "a"})
    problems = check_records(Records(TECHS, visits, None, regions))
    assert [(p.file, p.column) for p in problems] == [("visits.csv", "region")]


def small_dataset() -> Dataset:
    """Two technicians, four visits, two regions: numbers small enough to count by hand."""

    def tech(id_: str, regions: tuple[str, ...], skills: dict[str, int]) -> Technician:
        return Technician(
            id=id_, base_lat=39.9, base_lon=116.4, regions=regions, skills=skills, shift_start=480, shift_end=1020
        )

    def job(id_: str, region: str, type_: str, priority: int, skills: dict[str, int]) -> Visit:
        return Visit(
            id=id_,
            lat=39.9,
            lon=116.4,
            region=region,
            type=type_,
            priority=priority,
            required_skills=skills,
            duration_min=60,
        )

    return Dataset(
        settings=Settings(date=dt.date(2026, 11, 23)),
        technicians=(tech("T01", ("chaoyang",), {"sofa_repair": 3, "install": 1}), tech("T02", (), {"install": 2})),
        visits=(
            job("V1", "chaoyang", "repair", 1, {"sofa_repair": 4}),
            job("V2", "chaoyang", "install", 3, {"install": 1}),
            job("V3", "haidian", "install", 3, {"install": 2}),
            job("V4", "", "inspection", 4, {}),
        ),
        parts=(Part(id="P1", stock=2),),
        regions=(Region(id="chaoyang", name="朝阳区"), Region(id="haidian")),
    )


def test_summary_lines_counts_everything_by_hand():
    """Totals, regions, skill coverage (with the gap flagged), priorities and types."""
    assert summary_lines(small_dataset()) == [
        "Plan date: 2026-11-23 (Asia/Shanghai)",
        "Totals: 2 technicians, 4 visits, 1 part",
        "Regions (visits / technicians who may work there):",
        "  chaoyang (朝阳区): 2 visits, 2 technicians",
        "  haidian: 1 visit, 1 technician",
        "  (no region): 1 visit, 2 technicians",
        "  1 technician may work in any region",
        "Skills (visits needing it / technicians holding it):",
        "  install: needed by 2 visits (up to level 2); held by 2 technicians (up to level 2)",
        "  sofa_repair: needed by 1 visit (up to level 4); held by 1 technician (up to level 3)  <- not covered",
        "Visits by priority: 1 urgent 1, 2 important 0, 3 normal 2, 4 low 1",
        "Visits by type: install 2, repair 1, maintenance 0, inspection 1, complaint 0",
    ]


def test_summary_lines_in_chinese_count_the_same():
    """The dispatcher's Chinese summary: the same figures, Chinese words, no plurals."""
    assert summary_lines(small_dataset(), "zh") == [
        "计划日期：2026-11-23（Asia/Shanghai）",
        "合计：2 名技师，4 个上门，1 种配件",
        "区域（上门数 / 可在该区域工作的技师）：",
        "  chaoyang (朝阳区): 2 个上门，2 名技师",
        "  haidian: 1 个上门，1 名技师",
        "  （无区域）: 1 个上门，2 名技师",
        "  1 名技师可在任何区域工作",
        "技能（需要它的上门 / 具备它的技师）：",
        "  install：2 个上门需要（最高 2 级）；2 名技师具备（最高 2 级）",
        "  sofa_repair：1 个上门需要（最高 4 级）；1 名技师具备（最高 3 级）  <- 无人能做",
        "按优先级：1 紧急 1，2 重要 0，3 一般 2，4 低 1",
        "按类型：安装 2，维修 1，保养 0，检查验收 1，投诉处理 0",
    ]


def test_summary_lines_says_when_stock_is_not_checked():
    """A dataset without a parts table says so instead of '0 parts'."""
    dataset = small_dataset().model_copy(update={"parts": None})
    assert summary_lines(dataset)[1] == ("Totals: 2 technicians, 4 visits, no parts table (stock not checked)")


def test_summary_lines_lists_regions_used_but_not_in_the_regions_table():
    """Regions named only by visits or technicians still get a line, after the listed ones."""
    dataset = small_dataset().model_copy(update={"regions": ()})
    lines = summary_lines(dataset)
    assert lines[3:5] == ["  chaoyang: 2 visits, 2 technicians", "  haidian: 1 visit, 1 technician"]
