"""Tests of the broken rules in Chinese: every sentence the checkers write, and where people read them."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from roster_builders import load, write_week
from test_check import dataset, good_plan, unassigned

from planner.check import Violation, check_plan
from planner.roster.check import check_roster
from planner.violation_words import RULES, VIOLATIONS, say_line

HAN = re.compile(r"[\u4e00-\u9fff]")


def _route(plan: dict, technician_id: str) -> dict:
    return next(r for r in plan["routes"] if r["technician_id"] == technician_id)


def _later(text: str, hours: int) -> str:
    """An ISO time of the test day ``hours`` later (same day, same offset)."""
    hour = int(text[11:13]) + hours
    return f"{text[:11]}{hour:02d}{text[13:]}"


def _each_time(route: dict, hours: int) -> None:
    route["depart"], route["return"] = _later(route["depart"], hours), _later(route["return"], hours)
    if route["break"]:
        route["break"] = {key: _later(value, hours) for key, value in route["break"].items()}
    for stop in route["stops"]:
        for key in ("arrival", "start", "end"):
            stop[key] = _later(stop[key], hours)


def _break_mutations() -> dict[str, Callable[[dict], None]]:
    def no_break(plan: dict) -> None:
        _route(plan, "T01")["break"] = None

    def short_break(plan: dict) -> None:
        _route(plan, "T01")["break"]["end"] = _route(plan, "T01")["break"]["end"].replace("12:15", "12:00")

    def break_in_visit(plan: dict) -> None:
        _route(plan, "T01")["break"] = {"start": "2026-11-23T09:15:00+08:00", "end": "2026-11-23T10:00:00+08:00"}

    def break_not_a_break(plan: dict) -> None:
        _route(plan, "T01")["break"] = "noon"

    return {
        "no_break": no_break,
        "short_break": short_break,
        "break_in_visit": break_in_visit,
        "odd": break_not_a_break,
    }


def _mutations() -> dict[str, Callable[[dict], None]]:
    """Ways to break the hand-checked plan of ``test_check``, each wrong in its own way."""

    def late_day(plan: dict) -> None:
        _each_time(_route(plan, "T01"), 6)

    def early_day(plan: dict) -> None:
        _each_time(_route(plan, "T02"), -1)

    def swap(plan: dict) -> None:
        one, two = _route(plan, "T01"), _route(plan, "T02")
        one["stops"], two["stops"] = two["stops"], one["stops"]

    def doubled(plan: dict) -> None:
        _route(plan, "T02")["stops"].append(copy.deepcopy(_route(plan, "T01")["stops"][0]))

    def strangers(plan: dict) -> None:
        plan["routes"].append({**copy.deepcopy(_route(plan, "T02")), "technician_id": "T99"})
        plan["routes"].append(copy.deepcopy(_route(plan, "T02")))
        plan["unassigned"] += [unassigned("V77"), unassigned("V4", "bogus")]

    def dropped(plan: dict) -> None:
        _route(plan, "T01")["stops"].pop(1)

    def over_stock(plan: dict) -> None:
        _route(plan, "T02")["stops"].append({**_route(plan, "T02")["stops"][0], "visit_id": "V5"})
        plan["unassigned"] = []

    def figures(plan: dict) -> None:
        route = _route(plan, "T01")
        route["travel_min"], route["travel_km"] = 1, 99.0
        route["stops"][0]["travel_min"], route["stops"][0]["travel_km"] = 1, 0.5
        route["stops"][1]["start"] = route["stops"][1]["start"].replace("10:12", "10:30")
        _route(plan, "T02")["travel_km"] = float("nan")
        _route(plan, "T02")["stops"][0]["travel_km"] = "far"
        plan["kpis"] = {
            "visits_total": 9,
            "visits_served": "x",
            "travel_km": 1.0,
            "technicians_used": 5,
            "unassigned_by_reason": {"capacity": 3},
            "served_by_priority": {"1": {"served": 1, "total": 1}},
            "technicians": [{"technician_id": "T01", "visits": 9}],
        }

    def overlaps(plan: dict) -> None:
        stops = _route(plan, "T01")["stops"]
        stops[1]["start"] = stops[1]["start"].replace("10:12", "09:30")
        stops[0], stops[2] = stops[2], stops[0]

    def unreadable(plan: dict) -> None:
        route = _route(plan, "T01")
        route["depart"], route["return"] = "soon", "2026-11-23T17:00:00"
        route["stops"][0]["start"] = "2026-11-23T09:00:00+09:00"
        route["stops"][0]["end"] = "2026-11-24T10:00:00+08:00"
        route["stops"][1]["arrival"] = "0001-01-01T00:00:00-12:00"
        route["stops"][2]["travel_min"] = "twelve"
        del route["stops"][2]["end"]
        plan["routes"] += [{"stops": []}, {"technician_id": "T02", "stops": [7]}]
        plan["unassigned"].append("V9")
        plan["date"], plan["timezone"] = "2026-11-24", "Asia/Tokyo"

    def lies(plan: dict) -> None:
        plan["unassigned"][0] = {
            **unassigned("V5", "capacity"),
            "evidence": {
                "loads": [
                    {"technician_id": "T01", "state": "at_cap"},
                    {"technician_id": "T02", "state": "busy", "visits": ["V1", "V4"]},
                    {"technician_id": "T02", "state": "booked", "visits": ["V1"], "until": "18:00"},
                    {"technician_id": "T01", "state": "no_route"},
                    {"technician_id": "T09", "state": "busy"},
                    {"technician_id": "T01", "state": "asleep"},
                ]
            },
        }

    def other_lies(plan: dict) -> None:
        plan["unassigned"] = [
            {**unassigned("V5", "parts_out_of_stock"), "evidence": {"part_id": "P1", "more_important": ["V2", "V1"]}}
        ]
        _route(plan, "T01")["stops"].pop(0)
        plan["unassigned"] += [unassigned("V1", "no_qualified_technician"), unassigned("V3", "deferred")]

    def not_a_plan(plan: dict) -> None:
        plan.clear()
        plan["routes"] = "none"

    return {
        "late_day": late_day,
        "early_day": early_day,
        "swap": swap,
        "doubled": doubled,
        "strangers": strangers,
        "dropped": dropped,
        "over_stock": over_stock,
        "figures": figures,
        "overlaps": overlaps,
        "unreadable": unreadable,
        "lies": lies,
        "other_lies": other_lies,
        "not_a_plan": not_a_plan,
        **_break_mutations(),
    }


def _broken_plans() -> list[Violation]:
    found: list[Violation] = []
    for mutate in _mutations().values():
        plan = good_plan()
        mutate(plan)
        found += check_plan(dataset(), plan)
    found += check_plan(dataset(), ["a list"])
    return found


def test_every_rule_a_broken_plan_breaks_reads_in_chinese() -> None:
    """Each sentence the checker writes about these plans has its Chinese form, the same ids and times in it."""
    violations = _broken_plans()
    unread = [v.message for v in violations if VIOLATIONS.chinese(v.message) is None]
    assert unread == []
    for violation in violations:
        chinese = violation.said("zh")
        assert chinese.startswith(f"{violation.rule}：") and HAN.search(chinese), chinese
        for token in re.findall(r"\b(?:V\d+|T\d+|\d\d:\d\d)\b", violation.message):
            assert token in chinese, (token, violation.message, chinese)
    assert {v.rule for v in violations} <= RULES
    assert {v.rule for v in violations} >= {
        "format",
        "times",
        "coverage",
        "duration",
        "skills",
        "region",
        "window",
        "shift",
        "travel",
        "travel_total",
        "overlap",
        "break",
        "max_visits",
        "parts",
        "pinned",
        "reason",
        "figures",
    }


def test_every_rule_a_broken_roster_breaks_reads_in_chinese(tmp_path: Path) -> None:
    """The roster checker's sentences too: six rules over one over-worked week, and shifts that do not exist."""
    technicians = "id,name,skills,max_days_per_week,max_hours_per_week\nT01,王建军,sofa_repair:3,5,30\n"
    history = "technician_id,date,shift\n" + "".join(f"T01,2026-11-{17 + i},day\n" for i in range(5))
    week = load(
        write_week(
            tmp_path,
            technicians_csv=technicians,
            history_csv=history + "T01,2026-11-22,late\n",
            leave_csv="technician_id,date,kind\nT01,2026-11-25,病假\n",
        )
    )
    shifts = {("T01", d): "day" for d in week.rules.dates}
    violations = check_roster(week, shifts)
    monday, tuesday = week.rules.dates[0], week.rules.dates[1]
    del shifts["T01", monday]
    shifts["T01", tuesday] = "night"
    shifts["T07", monday] = "day"
    violations += check_roster(week, shifts)
    assert len({v.rule for v in violations}) == 7 and {v.rule for v in violations} <= RULES
    for violation in violations:
        assert VIOLATIONS.chinese(violation.message) is not None, violation.message
        assert "T01" in violation.said("zh") or "T07" in violation.said("zh")


def test_a_sentence_nobody_wrote_chinese_for_stays_english() -> None:
    """Better a true English sentence than a wrong Chinese one."""
    violation = Violation("window", "Something happened nobody has a form for.")
    assert violation.said("zh") == "window：Something happened nobody has a form for."
    assert violation.said("en") == str(violation) == "window: Something happened nobody has a form for."


def test_a_scenario_reports_stored_line_is_read_after_its_variant_and_rule() -> None:
    """``base: window: ...`` keeps the variant and the rule, and says the sentence in Chinese."""
    line = "base: window: T01 (Wang Wei) starts visit V1 at 11:00, outside its window 09:00-10:00."
    assert say_line(line, "zh") == "base: window：T01 (Wang Wei) 在 11:00 开始上门 V1，不在它的时间窗 09:00-10:00 内。"
    assert say_line(line, "en") == line
    assert say_line("base: nothing to read here", "zh") == "base: nothing to read here"
    assert say_line("a: b: " + line, "zh") == "a: b: " + say_line(line, "zh")


def test_planner_check_prints_the_broken_rules_in_chinese_for_lang_zh(tmp_path: Path) -> None:
    """The command a dispatcher runs on a Chinese desktop: each broken rule and the count in Chinese, exit 1."""
    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    plan_path = tmp_path / "plan.json"
    made = subprocess.run(
        [sys.executable, "-m", "planner_cli", "plan", str(sample), "--out", str(plan_path), "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    route = plan["routes"][0]
    route["stops"][0]["start"] = route["stops"][0]["start"][:11] + "23:00" + route["stops"][0]["start"][16:]
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    said = {}
    for lang in ("zh", "en"):
        said[lang] = subprocess.run(
            [sys.executable, "-m", "planner_cli", "check", str(sample), str(plan_path), "--lang", lang],
            capture_output=True,
            text=True,
            check=False,
        )
        assert said[lang].returncode == 1
    zh, en = said["zh"].stdout.splitlines(), said["en"].stdout.splitlines()
    assert len(zh) == len(en) >= 2
    assert zh[-1].endswith("条规则") and "违反" in zh[-1] and "violation(s) in" in en[-1]
    for chinese, english in zip(zh[:-1], en[:-1]):
        rule = english.split(": ")[0]
        assert chinese.startswith(f"{rule}：") and HAN.search(chinese.split("：", 1)[1]), (chinese, english)
