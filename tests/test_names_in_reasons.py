"""Reasons name people, skills, parts and regions as the department does; ids stay in the evidence."""

from __future__ import annotations

from builders import FAST, day, tech, visit

from planner.domain import Part, Region, Skill
from planner.planning import plan_day

SKILLS = (
    Skill(id="sofa_repair", name="沙发维修", name_en="Sofa repair"),
    Skill(id="marble_repair", name="大理石修复", name_en="Marble repair"),
)


def _named(dataset):
    return dataset.model_copy(update={"skills": SKILLS})


def test_skill_one_level_short_names_the_person_and_the_fix():
    """Needs 沙发维修 4; 王建军 holds 3 and could go: the reason says training him to 4 would do."""
    dataset = _named(day([tech("T1", name="王建军")], [visit("V1", 10, required_skills={"sofa_repair": 4})]))
    (gone,) = plan_day(dataset, FAST).plan.unassigned
    assert gone.reason_code == "no_qualified_technician"
    assert "沙发维修 4级" in gone.reason_zh and "王建军（沙发维修 3级）" in gone.reason_zh
    assert "若 王建军 具备沙发维修 4级（现为 3级），即可上门" in gone.reason_zh
    assert "王建军 could take it with Sofa repair level 4 (holds 3)" in gone.reason
    assert "sofa_repair" not in gone.reason + gone.reason_zh and "T1" not in gone.reason + gone.reason_zh


def test_two_skills_short_suggests_no_single_fix():
    """Short of two skills at once: no single training would do, so none is suggested."""
    dataset = _named(
        day([tech("T1", name="王建军")], [visit("V1", 10, required_skills={"sofa_repair": 4, "marble_repair": 1})])
    )
    (gone,) = plan_day(dataset, FAST).plan.unassigned
    assert "could take it" not in gone.reason and "即可上门" not in gone.reason_zh


def test_region_fix_names_the_region_and_the_person():
    """王建军 works in 海淀 only; the visit is in 朝阳: allowing him 朝阳 is the fix."""
    regions = (
        Region(id="chaoyang", name="朝阳区", name_en="Chaoyang"),
        Region(id="haidian", name="海淀区", name_en="Haidian"),
    )
    dataset = day(
        [tech("T1", name="王建军", regions=("haidian",))], [visit("V1", 10, region="chaoyang")], regions=regions
    )
    (gone,) = plan_day(dataset, FAST).plan.unassigned
    assert gone.reason_code == "no_technician_in_region"
    assert "王建军 could take it if allowed to work in Chaoyang" in gone.reason
    assert "若允许 王建军 负责朝阳区，即可上门" in gone.reason_zh


def test_region_fix_not_offered_when_the_person_could_not_reach_it_anyway():
    """The only qualified person's shift ends before the window: allowing the region would not help."""
    dataset = day(
        [tech("T1", name="王建军", regions=("haidian",), shift_end=12 * 60)],
        [visit("V1", 10, region="chaoyang", window_start=15 * 60, window_end=16 * 60)],
    )
    (gone,) = plan_day(dataset, FAST).plan.unassigned
    assert gone.reason_code == "no_technician_in_region" and "could take it" not in gone.reason


def test_parts_reason_names_the_part_and_keeps_its_id_in_evidence():
    """Two pieces wanted, one in stock: the reason says 推杆电机, the evidence keeps P01."""
    dataset = day([tech("T1")], [visit("V1", 10, parts={"P01": 2})], parts={"P01": 1})
    dataset = dataset.model_copy(update={"parts": (Part(id="P01", name="推杆电机", stock=1),)})
    (gone,) = plan_day(dataset, FAST).plan.unassigned
    assert gone.reason_code == "parts_out_of_stock"
    assert "推杆电机 x2" in gone.reason_zh and "推杆电机 x2" in gone.reason and "P01" not in gone.reason
    assert gone.evidence is not None and gone.evidence.part_id == "P01"


def test_capacity_names_people_and_keeps_ids_in_evidence():
    """Cap of one visit: the reason names 王建军, the evidence's load keeps T1."""
    dataset = day([tech("T1", name="王建军", max_visits=1)], [visit("A", 5), visit("B", 6)])
    (gone,) = plan_day(dataset, FAST).plan.unassigned
    assert gone.evidence is not None
    assert "王建军 is at their cap of 1 visits" in gone.reason and "王建军 已达每日上限 1 单" in gone.reason_zh
    assert gone.evidence.loads[0].technician_id == "T1"


def test_evening_window_suggests_the_shift_end_that_fits():
    """Window 19:00-20:00, shift until 17:00, visit 10 min away: a shift until 20:10 fits (19:00 + 60 + 10)."""
    dataset = day(
        [tech("T1", name="王建军")], [visit("V1", 10, window_start=19 * 60, window_end=20 * 60)], lunch_minutes=0
    )
    (gone,) = plan_day(dataset, FAST).plan.unassigned
    assert gone.reason_code == "window_outside_shifts"
    assert "王建军 could take it on a shift until 20:10" in gone.reason
    assert "若 王建军 的班次延至 20:10，即可上门" in gone.reason_zh


def test_early_window_suggests_an_earlier_start():
    """Window 06:00-06:30, shift from 08:00, 10 min away: starting at 06:20 reaches the window's close in time."""
    dataset = day(
        [tech("T1", name="王建军")], [visit("V1", 10, window_start=6 * 60, window_end=6 * 60 + 30)], lunch_minutes=0
    )
    (gone,) = plan_day(dataset, FAST).plan.unassigned
    assert gone.reason_code == "window_outside_shifts"
    assert "王建军 could take it on a shift from 06:20" in gone.reason
