"""Words of the follow-up pages (callbacks, escalations, KPIs, monthly report), Chinese then English.

Merged into ``web.i18n.LABELS``; kept apart because these pages came
together and so their words stay together. KPI, outcome and grade names
come from the library (``planner.history.kpis``, ``planner.callbacks``,
``planner.complaints``), not from here.
"""

from __future__ import annotations

from collections.abc import Mapping

FOLLOW_UP_LABELS: Mapping[str, tuple[str, str]] = {
    "nav_callbacks": ("回访", "Callbacks"),
    "nav_escalations": ("投诉升级", "Escalations"),
    "nav_kpis": ("指标趋势", "KPIs"),
    "cb_title": ("今日回访", "Today's callbacks"),
    "cb_intro": (
        "已完成工单的回访，逾期的在前。点电话号码即可拨打，记录结果后自动从列表移除。",
        "Callbacks of done orders, overdue first. Tap the number to call; a recorded outcome "
        "takes the callback off the list.",
    ),
    "cb_none": ("今天没有待回访的工单。", "No callbacks to make today."),
    "cb_due": ("应回访日期 {date}", "due {date}"),
    "cb_overdue": ("已逾期 {n} 个工作日", "overdue: {n} working day(s)"),
    "cb_done_on": ("完成于 {date}", "done {date}"),
    "cb_tries": ("已联系 {n} 次未接通", "{n} unanswered call(s)"),
    "cb_note": ("备注", "Note"),
    "cb_note_hint": ("客户怎么说（可选）", "What the customer said (optional)"),
    "cb_saved": ("已记录：{outcome}", "Recorded: {outcome}"),
    "cb_complaint": ("已生成投诉工单 {id}", "Complaint order {id} opened"),
    "cb_failed": ("未能记录", "Not recorded"),
    "cb_count": ("共 {n} 个待回访", "{n} callback(s) to make"),
    "esc_title": ("投诉升级清单", "Complaint escalations"),
    "esc_intro": (
        "超过响应或处理时限的投诉，以及一个月仍未解决而升级为重大的投诉。",
        "Complaints past their response or resolution deadline, and complaints open a month (now major).",
    ),
    "esc_none": ("没有需要升级的投诉。", "No complaint needs escalating."),
    "esc_order": ("工单", "Order"),
    "esc_grade": ("等级", "Grade"),
    "esc_graded": ("原等级", "Graded"),
    "esc_reasons": ("原因", "Why"),
    "esc_respond_by": ("响应时限", "Respond by"),
    "esc_resolve_by": ("处理时限", "Resolve by"),
    "esc_overdue": ("逾期（小时）", "Overdue (hours)"),
    "kpi_title": ("指标趋势", "KPI trends"),
    "kpi_from": ("从", "From"),
    "kpi_to": ("到", "To"),
    "kpi_by": ("按", "By"),
    "kpi_period": ("周期", "Period"),
    "kpi_show": ("显示", "Show"),
    "kpi_who": ("对象", "Who"),
    "kpi_period_col": ("期间", "Period"),
    "kpi_by_department": ("部门", "Department"),
    "kpi_by_group": ("班组", "Group"),
    "kpi_by_technician": ("技师", "Technician"),
    "kpi_period_day": ("日", "Day"),
    "kpi_period_week": ("周", "Week"),
    "kpi_period_month": ("月", "Month"),
    "kpi_csv": ("下载 CSV", "Download CSV"),
    "kpi_xlsx": ("下载 Excel", "Download Excel"),
    "kpi_table": ("明细表", "Table"),
    "kpi_charts": ("趋势图", "Trends"),
    "kpi_charts_of": ("趋势图：{who}", "Trends: {who}"),
    "kpi_none": ("所选范围内没有工单。", "No orders in this range."),
    "kpi_bad_range": (
        "日期范围有误：结束日期 {end} 早于开始日期 {start}。",
        "The date range ends ({end}) before it starts ({start}).",
    ),
    "kpi_monthly": ("月度报告", "Monthly report"),
    "kpi_definitions": (
        "指标定义见运营文档。比率后括号内为分子/分母。",
        "Definitions are in the operations guide. Rates show numerator/denominator.",
    ),
    "rep_title": ("{month} 售后服务月度报告", "After-sales monthly report {month}"),
    "rep_month": ("月份", "Month"),
    "rep_this": ("本月", "This month"),
    "rep_previous": ("上月", "Last month"),
    "rep_change": ("变化", "Change"),
    "rep_kpi": ("指标", "KPI"),
    "rep_groups": ("各班组", "By group"),
    "rep_technicians": ("各技师", "By technician"),
    "rep_complaints": ("本月新增投诉", "Complaints made this month"),
    "rep_escalated": ("月末待升级投诉：{n} 件", "Complaints on the escalation list at month end: {n}"),
    "measure_computed": ("见指标页", "see the KPI page"),
    "measure_related": ("相近指标", "related KPI"),
    "measure_not_measured": ("未计算", "not measured"),
}
