"""Plain-text summary of a horizon's plan for the terminal: each day, the totals, what is left out."""

from __future__ import annotations

from planner.domain import PRIORITY_LABELS_ZH
from planner.horizon.output import HorizonPlan
from planner.report import REASON_ZH, table


def horizon_summary(plan: HorizonPlan, lang: str = "en") -> list[str]:
    """One line per day (visits, people, travel), served by priority, and every unassigned visit.

    ``lang`` ``zh`` says it in Chinese, reasons named; English keeps the
    reason codes, which scripts read (as ``planner.report.plan_summary``).
    """
    zh = lang == "zh"
    k = plan.kpis
    last = plan.days[-1].date
    served, total, weighted, km = k["visits_served"], k["visits_total"], k["priority_weighted_service"], k["travel_km"]
    lines = [
        f"{plan.date} 至 {last}（{plan.horizon_days} 天，{plan.timezone}）排程：已排 {served}/{total} 单，"
        f"优先级加权服务率 {weighted:.1%}，行驶 {km:.1f} 公里；第一天为定稿，之后几天为建议"
        if zh
        else f"Plan {plan.date} to {last} ({plan.horizon_days} days, {plan.timezone}): "
        f"{served}/{total} visits served, priority-weighted service {weighted:.1%}, travel {km:.1f} km; "
        "the first day is firm, later days are proposals",
        "",
    ]
    lines += table(
        ("日期", "单数", "技师", "里程（公里）") if zh else ("date", "visits", "technicians", "travel km"),
        [(d["date"], d["visits_served"], d["technicians_used"], f"{d['travel_km']:.1f}") for d in k["days"]],
    )
    lines.append("")
    lines += table(
        ("优先级", "已排", "总数") if zh else ("priority", "served", "total"),
        [
            (f"{p} {PRIORITY_LABELS_ZH[int(p)]}" if zh else p, v["served"], v["total"])
            for p, v in k["served_by_priority"].items()
        ],
    )
    due, crews = k["due_served"], k["crew_visits"]
    if zh:
        lines.append(f"计划期内到期且按期完成：{due['served']}/{due['total']}")
    else:
        lines.append(f"due within the horizon and done by the due date: {due['served']}/{due['total']}")
    if crews["total"]:
        lines.append(f"{'多人上门已排' if zh else 'crew visits served'}: {crews['served']}/{crews['total']}")
    if plan.unassigned:
        lines.append("")
        by_reason = k["unassigned_by_reason"].items()
        if zh:
            lines.append("未排工单：" + "，".join(f"{REASON_ZH.get(code, code)} {n}" for code, n in by_reason))
        else:
            lines.append("unassigned: " + ", ".join(f"{code} {n}" for code, n in by_reason))
        lines += table(
            ("工单", "原因", "说明") if zh else ("visit", "reason_code", "reason"),
            [
                (u.visit_id, REASON_ZH.get(u.reason_code, u.reason_code), u.reason_zh or u.reason)
                if zh
                else (u.visit_id, u.reason_code, u.reason)
                for u in plan.unassigned
            ],
        )
    return lines
