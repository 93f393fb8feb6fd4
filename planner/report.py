"""Plain-text summaries for the terminal: tables that line up with Chinese names.

Chinese characters take two columns in a terminal, so widths are counted
with ``unicodedata.east_asian_width`` rather than ``len``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from planner.domain import PRIORITY_LABELS, PRIORITY_LABELS_ZH, Dataset, hhmm
from planner.plan import Plan
from planner.replan.diff import KINDS, PlanDiff

if TYPE_CHECKING:
    from planner.slots import Slot


def display_width(text: str) -> int:
    """Terminal columns a string occupies."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Left-aligned columns separated by two spaces, header underlined."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(row, widths)).rstrip()

    return [line(cells[0]), line(["-" * w for w in widths])] + [line(r) for r in cells[1:]]


def _duration(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


#: Every word of the summary, (Chinese, English); ``{name}`` fields are filled in; a table's headings are tuples.
WORDS: dict[str, tuple[Any, Any]] = {
    "headline": (
        "{date}（{timezone}）排程：已排 {served}/{total} 单，优先级加权服务率 {weighted:.1%}，"
        "行驶 {km:.1f} 公里，有效工时占比 {utilisation:.0%}",
        "Plan {date} ({timezone}): {served}/{total} visits served, priority-weighted service {weighted:.1%}, "
        "travel {km:.1f} km, utilisation {utilisation:.0%}",
    ),
    "technicians": (
        ("技师", "单数", "里程（公里）", "工时", "工时占比", "工号"),
        ("technician", "visits", "travel km", "working", "utilisation", "id"),
    ),
    "priorities": (("优先级", "已排", "总数"), ("priority", "served", "total")),
    "due": ("到期及逾期工单已排：{served}/{total}", "due or overdue served: {served}/{total}"),
    "unassigned": ("未排工单：", "unassigned: "),
    "unassigned_table": (("工单", "原因", "说明"), ("visit", "reason_code", "reason")),
    "diff": (
        ("工单", "变动", "原技师", "原时间", "现技师", "现时间", ""),
        ("visit", "change", "was", "at", "now", "at", ""),
    ),
    "call": ("需致电", "call"),
    "no_changes": ("没有变动", "no changes"),
    "diff_tail": (
        "{unchanged} 个已排工单不变；需致电的客户：{to_call}",
        "{unchanged} planned visits unchanged; customers to call: {to_call}",
    ),
    "none": ("无", "none"),
    "slots": (
        ("#", "日期", "时段", "技师", "增加行驶（分钟）", "挤出"),
        ("#", "date", "window", "technician", "extra travel min", "displaces"),
    ),
    "no_slot": ("没有合适的时段", "no slot fits"),
}
REASON_ZH: dict[str, str] = {
    "no_qualified_technician": "无合格技师",
    "no_technician_in_region": "区域无人覆盖",
    "window_outside_shifts": "预约时段不在班次内",
    "parts_out_of_stock": "配件不足",
    "capacity": "运力不足",
    "deferred": "改日安排",
    "no_plan_in_time": "时限内未求得方案",
}


def _word(key: str, lang: str):
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


def plan_summary(dataset: Dataset, plan: Plan, lang: str = "en") -> list[str]:
    """Per technician (by name), served by priority, and every unassigned visit with its reason.

    ``lang`` ``zh`` gives Chinese headings, labels and reasons (``reason_zh``);
    anything else English. Reason codes stay in English output, which
    scripts read; Chinese output names them.
    """
    k = plan.kpis
    zh = lang == "zh"
    sep = "，" if zh else ", "
    lines = [
        _word("headline", lang).format(
            date=plan.date,
            timezone=plan.timezone,
            served=k["visits_served"],
            total=k["visits_total"],
            weighted=k["priority_weighted_service"],
            km=k["travel_km"],
            utilisation=k["utilisation"],
        ),
        "",
    ]
    lines += table(
        _word("technicians", lang),
        [
            (
                dataset.technician_name(r["technician_id"]),
                r["visits"],
                f"{r['travel_km']:.1f}",
                _duration(r["working_min"]),
                f"{r['utilisation']:.0%}",
                r["technician_id"],
            )
            for r in k["technicians"]
        ],
    )
    lines.append("")
    lines += table(
        _word("priorities", lang),
        [
            (f"{p} {PRIORITY_LABELS_ZH[int(p)] if zh else PRIORITY_LABELS[int(p)]}", v["served"], v["total"])
            for p, v in k["served_by_priority"].items()
        ],
    )
    due = k["due_served"]
    lines.append(_word("due", lang).format(served=due["served"], total=due["total"]))
    if plan.unassigned:
        lines.append("")
        lines.append(
            _word("unassigned", lang)
            + sep.join(
                f"{REASON_ZH.get(code, code) if zh else code} {n}" for code, n in k["unassigned_by_reason"].items()
            )
        )
        lines += table(
            _word("unassigned_table", lang),
            [
                (
                    u.visit_id,
                    REASON_ZH.get(u.reason_code, u.reason_code) if zh else u.reason_code,
                    u.reason_zh if zh else u.reason,
                )
                for u in plan.unassigned
            ],
        )
    return lines


def diff_lines(diff: PlanDiff, dataset: Dataset, lang: str = "en") -> list[str]:
    """The diff as a table, technicians by name, with the customers to call listed last.

    ``lang`` ``zh`` names the kinds of change in Chinese; English output
    keeps their codes, which scripts read (as the reasons of ``plan_summary``).
    """
    zh = lang == "zh"

    def who(technician_id: str | None) -> str:
        return dataset.technician_name(technician_id) if technician_id else "-"

    rows = [
        (
            c.visit_id,
            KINDS[c.kind][0] if zh else c.kind,
            who(c.technician_before),
            c.start_before or "-",
            who(c.technician_after),
            c.start_after or "-",
            _word("call", lang) if c.call_customer else "",
        )
        for c in diff.changes
    ]
    lines = table(_word("diff", lang), rows) if rows else [_word("no_changes", lang)]
    to_call = ("、" if zh else ", ").join(diff.to_dict()["to_call"]) or _word("none", lang)
    lines.append(_word("diff_tail", lang).format(unchanged=diff.unchanged, to_call=to_call))
    return lines


def slot_lines(dataset: Dataset, slots: Sequence[Slot], lang: str = "en") -> list[str]:
    """The offered arrival windows, numbered for ``--book``, technicians by name."""
    rows = [
        (
            i,
            s.date,
            f"{hhmm(s.start)}-{hhmm(s.end)}",
            dataset.technician_name(s.technician_id),
            f"{s.extra_travel_min:+d}",
            ", ".join(s.displaced) or "-",
        )
        for i, s in enumerate(slots, 1)
    ]
    return table(_word("slots", lang), rows) if rows else [_word("no_slot", lang)]


#: What stopped a search, in Chinese (English says the code with spaces).
STOPPED_ZH: dict[str, str] = {"time_limit": "达到时间上限", "work_limit": "达到工作量上限"}


def solved_line(seconds: float, stopped_by: str, total: float, out: str, lang: str = "en") -> str:
    """The closing line of a plan: search time, what stopped it, the whole run's time and where the plan went."""
    if lang == "zh":
        stopped = STOPPED_ZH.get(stopped_by, stopped_by)
        return f"求解 {seconds:.2f} 秒（{stopped}），共 {total:.2f} 秒；方案已写入 {out}"
    return (
        f"solve time {seconds:.2f} s (search stopped by {stopped_by.replace('_', ' ')}), "
        f"total {total:.2f} s; plan written to {out}"
    )
