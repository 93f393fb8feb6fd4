"""Which of the role chart's measures (考核指标) the KPIs compute, and which nothing measures yet.

The role chart (``org.yaml``) gives each role its measures, such as
客户满意度 or 24小时回访率. Some are exactly a KPI of the contract, some
are close to one but counted differently (the chart's 48 hours against
each grade's own deadline), and some are not measured at all. A manager
must not read a near figure as the measure itself, so each link says
which of the three it is, in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from planner.domain import Frozen

Match = Literal["same", "related", "not_measured"]


class MeasureLink(Frozen):
    """How one measure of the role chart is (or is not) computed."""

    measure: str
    kpi: str | None
    match: Match
    note: str
    note_en: str


_LINKS: Mapping[str, tuple[str | None, Match, str, str]] = {
    "customer_satisfaction": ("satisfaction", "same", "回访满意的比例", "share of callbacks satisfied"),
    "first_time_fix_rate": (
        "first_time_fix",
        "same",
        "首次上门即完成的比例",
        "share of orders done at the first visit",
    ),
    "complaint_closure_48h": (
        "complaint_timeliness",
        "related",
        "按各投诉等级的处理时限计算，而不是统一的48小时",
        "counted against each grade's own resolution deadline, not a flat 48 hours",
    ),
    "callback_24h": (
        "callback_completion",
        "related",
        "按回访时限（工作日）计算，而不是24小时",
        "counted against the callback's due date in working days, not 24 hours",
    ),
}

#: Measures of the demo's role chart that nothing computes yet, and why.
_NOT_MEASURED: Mapping[str, tuple[str, str]] = {
    "on_time_arrival_rate": (
        "尚未记录实际到达时间与约定时段的对比",
        "arrival against the agreed window is not recorded yet",
    ),
    "repeat_repair_rate_30d": (
        "尚未关联30天内同一客户的返修",
        "repairs at the same customer within 30 days are not linked yet",
    ),
    "install_acceptance_rate": ("尚未记录安装验收结果", "installation acceptance is not recorded yet"),
    "plan_completion_rate": (
        "尚未计算当天计划工单当天完成的比例",
        "the share of a day's planned visits done that day is not computed yet",
    ),
    "parts_fill_rate": ("尚未记录配件需求是否满足", "whether parts requests were met is not recorded yet"),
}


def measure_link(measure: str) -> MeasureLink:
    """The KPI behind a measure of the role chart, or a plain "not measured"."""
    if measure in _LINKS:
        kpi, match, note, note_en = _LINKS[measure]
        return MeasureLink(measure=measure, kpi=kpi, match=match, note=note, note_en=note_en)
    note, note_en = _NOT_MEASURED.get(measure, ("系统不计算此指标", "the planner does not compute this measure"))
    return MeasureLink(measure=measure, kpi=None, match="not_measured", note=note, note_en=note_en)
