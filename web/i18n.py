"""Every word the pages show, in Chinese (the default) and English.

A plain dictionary rather than gettext: the department's staff read
Chinese, the labels are few, and a test can check that every key has
both languages and that every key a template asks for exists. Nothing
here imports Flask, so the static-site build can translate the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from planner.domain import PRIORITIES as DOMAIN_PRIORITIES
from planner.domain import VISIT_TYPE_WORDS
from planner.replan.diff import KINDS
from web.i18n_followup import FOLLOW_UP_LABELS

LANGUAGES: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"

#: ``<html lang>`` value of each page language.
HTML_LANG: Mapping[str, str] = {"zh": "zh-CN", "en": "en"}

Translator = Callable[..., str]

#: key -> (Chinese, English). ``{name}`` fields are filled by ``translator``.
LABELS: Mapping[str, tuple[str, str]] = {
    # frame of every page
    **FOLLOW_UP_LABELS,  # callbacks, escalations, KPIs and the monthly report
    "app_name": ("售后派工", "After-sales dispatch"),
    "nav_home": ("首页", "Home"),
    "nav_org": ("组织架构", "Role chart"),
    "nav_main": ("主导航", "Main navigation"),
    "lang_switch": ("English", "中文"),
    "lang_switch_title": ("Switch to English", "切换到中文"),
    "logout": ("退出登录", "Log out"),
    "footer": ("售后派工与排班 · 数据仅供内部使用", "After-sales dispatch and roster · internal use only"),
    "print": ("打印", "Print"),
    # index
    "index_title": ("派工计划", "Dispatch plans"),
    "index_intro": (
        "选择日期打开当天的派工看板；角色图说明各岗位的职责和考核指标。",
        "Pick a date to open that day's dispatch board; the role chart lists every role's duties and measures.",
    ),
    "index_empty": ("还没有派工计划。", "There are no plans yet."),
    "col_date": ("日期", "Date"),
    "col_planned": ("已排工单", "Visits planned"),
    "col_technicians": ("出勤技师", "Technicians out"),
    "col_open": ("查看", "Open"),
    "open_board": ("派工看板", "Dispatch board"),
    "open_org": ("当日角色图", "Role chart of the day"),
    # dispatch board
    "board_title": ("派工看板", "Dispatch board"),
    "kpi_served": ("已排工单", "Visits planned"),
    "kpi_weighted": ("加权服务率", "Priority-weighted service"),
    "kpi_due": ("到期工单已排", "Due visits planned"),
    "kpi_travel": ("行驶里程", "Travel"),
    "kpi_utilisation": ("有效工时占比", "Utilisation"),
    "kpi_technicians": ("出勤技师", "Technicians out"),
    "kpi_by_priority": ("按优先级", "By priority"),
    "kpi_unassigned": ("未排原因", "Unassigned by reason"),
    "kpi_travel_detail": ("{minutes} 分钟车程", "{minutes} min driving"),
    "timeline_title": ("技师日程", "Technicians' day"),
    "timeline_caption": (
        "每行一位技师：路上、上门作业（按优先级着色）、午休和等待。",
        "One row per technician: travel, service (coloured by priority), lunch and waiting.",
    ),
    "legend_travel": ("路上", "Travel"),
    "legend_break": ("午休", "Lunch"),
    "legend_idle": ("等待", "Waiting"),
    "legend_shift": ("班次", "Shift"),
    "map_title": ("路线总览", "Routes"),
    "map_caption": (
        "方框为出发地，数字为各技师的上门顺序，灰色空心点为未排工单。",
        "Squares are bases, numbers the order of each technician's stops, hollow grey dots unassigned visits.",
    ),
    "map_base": ("出发地", "Base"),
    "map_legend": ("图例", "Legend"),
    "unassigned_title": ("未排工单", "Unassigned visits"),
    "col_due": ("最迟完成", "Due"),
    "overdue": ("逾期 {days} 天", "{days} d overdue"),
    "legend_overdue": ("逾期工单", "Overdue visit"),
    "link_refused_title": ("此链接已失效", "This link no longer works"),
    "link_refused_hint": (
        "路线链接只在当天前后有效。请向派工员索取今天的路线链接。",
        "Route links only work around their own day. Ask the dispatcher for today's link.",
    ),
    "none_unassigned": ("全部工单均已排入。", "Every visit is planned."),
    "changes_title": ("本次调整", "Changes of the last re-plan"),
    "changes_summary": (
        "{unchanged} 单未变；需致电客户 {to_call} 位。",
        "{unchanged} planned visits unchanged; {to_call} customers to call.",
    ),
    "col_change": ("变更", "Change"),
    "col_was": ("原安排", "Was"),
    "col_now": ("现安排", "Now"),
    "call_customer": ("致电", "Call"),
    "col_visit": ("工单", "Visit"),
    "col_priority": ("优先级", "Priority"),
    "col_type": ("类型", "Type"),
    "col_customer": ("客户", "Customer"),
    "col_region": ("区域", "Region"),
    "col_reason": ("原因", "Reason"),
    "col_technician": ("技师", "Technician"),
    "col_visits": ("单数", "Visits"),
    "col_utilisation": ("工时占比", "Utilisation"),
    "col_travel": ("里程", "Travel"),
    "col_link": ("路线链接", "Route link"),
    "links_title": ("技师路线链接", "Technicians' route links"),
    "links_hint": (
        "把带签名的链接通过微信或短信发给技师，{days} 天内有效；技师无需登录即可打开自己的路线。",
        "Send each technician their signed link by WeChat or SMS; it works for {days} days without a login.",
    ),
    "copy": ("复制", "Copy"),
    "copied": ("已复制", "Copied"),
    "open_print": ("打开/打印", "Open / print"),
    # technician route page
    "route_title": ("今日路线", "Today's route"),
    "route_none": ("今天没有安排上门。", "No visits planned today."),
    "route_summary": ("{visits} 单 · 行驶 {km} 公里 · {depart}–{back}", "{visits} visits · {km} km · {depart}–{back}"),
    "depart": ("出发", "Leave"),
    "return_home": ("返回出发地", "Back at base"),
    "lunch": ("午休", "Lunch break"),
    "lunch_minutes": ("{minutes} 分钟", "{minutes} min"),
    "arrival_window": ("预约时段", "Arrival window"),
    "window_any": ("不限", "any time"),
    "planned_arrival": ("预计到达", "Planned arrival"),
    "required_skills": ("所需技能", "Skills needed"),
    "parts_for_visit": ("本单配件", "Parts for this visit"),
    "parts_to_collect": ("出发前领取配件", "Parts to collect before leaving"),
    "parts_none": ("今天不需要领取配件。", "No parts to collect today."),
    "call": ("拨打", "Call"),
    "navigate": ("导航", "Navigate"),
    "nav_amap": ("高德导航", "Amap"),
    "nav_baidu": ("百度导航", "Baidu Maps"),
    "nav_tencent": ("腾讯导航", "Tencent Maps"),
    "nav_origin": ("上一站", "Previous stop"),
    "drive": ("车程 {minutes} 分钟 · {km} 公里", "{minutes} min drive · {km} km"),
    "calendar": ("加入日历", "Add to calendar"),
    "sketch_title": ("路线草图", "Route sketch"),
    "due": ("最迟完成", "Due"),
    "stop_no": ("第 {n} 站", "Stop {n}"),
    "crew_with": ("双人上门，搭档：{names}", "Crew visit with {names}"),
    "crew_lead": ("（主修）", " (lead)"),
    "crew_board": ("双人上门：{names}", "Crew visit: {names}"),
    # week view of a multi-day plan
    "week_title": ("一周派工", "The week's work"),
    "week_hint": (
        "每格为当天的工单数和工时占用；首日为确定派工，其后为建议安排。点击单元格打开当天的派工看板。",
        "Each cell shows the day's visits and share of the shift in use; the first day is firm, later days "
        "are proposals. Click a cell to open that day's dispatch board.",
    ),
    "week_off": ("休息", "Off"),
    "week_cell": ("{visits} 单 · {load}", "{visits} visits · {load}"),
    "week_firm": ("确定", "firm"),
    "week_proposal": ("建议", "proposal"),
    "week_total": ("合计", "Total"),
    "week_day_total": ("当日合计", "Day total"),
    "week_day_cell": ("{visits} 单 / {technicians} 人", "{visits} visits / {technicians} people"),
    "open_week": ("一周视图", "Week view"),
    # weekly roster
    "nav_roster": ("排班表", "Roster"),
    "roster_title": ("排班表", "Shift roster"),
    "roster_none": (
        "没有排班目录（roster_rules.yaml）。用 planner roster 生成排班，或设置 PLANNER_ROSTER。",
        "There is no roster folder (roster_rules.yaml). Make one with planner roster, or set PLANNER_ROSTER.",
    ),
    "roster_shifts": ("班次", "Shifts"),
    "roster_legend": ("灰色为休息，黄色为请假，蓝色为周末班。", "Grey is rest, yellow is leave, blue a weekend shift."),
    "roster_coverage": ("需求覆盖（已排/需要，红色为缺人）", "Coverage (rostered/needed, red is short)"),
    "roster_shortfalls": ("缺人说明", "Shortfalls"),
    "roster_all_met": ("每天每班的需求都已满足。", "Every demand of every day and shift is met."),
    "roster_figures": (
        "目标值 {objective} · 下界 {bound} · 差距 {gap}",
        "Objective {objective} · bound {bound} · gap {gap}",
    ),
    "roster_optimal": ("已证明最优", "proven optimal"),
    "roster_broken": ("此排班违反硬性规则：", "This roster breaks hard rules:"),
    "col_skill": ("技能", "Skill"),
    "col_shift": ("班次", "Shift"),
    "col_needed": ("需要", "Needed"),
    "col_rostered": ("已排", "Rostered"),
    "col_days": ("天数", "Days"),
    "col_hours": ("工时", "Hours"),
    # statuses from the field (route page buttons, board column)
    "status_now": ("当前状态", "Status"),
    "btn_en_route": ("出发", "Leaving"),
    "btn_on_site": ("到达", "Arrived"),
    "btn_done": ("完成", "Done"),
    "btn_not_home": ("客户不在家", "Not home"),
    "btn_needs_part": ("需配件", "Needs a part"),
    "btn_rescheduled": ("改约", "Reschedule"),
    "part_label": ("缺少的配件", "Missing part"),
    "part_other": ("其他（请在备注中说明）", "Other (say which in the note)"),
    "note_label": ("备注", "Note"),
    "send": ("提交", "Send"),
    "cancel": ("取消", "Cancel"),
    "status_queued": (
        "{n} 条状态待发送，网络恢复后自动发送",
        "{n} status update(s) waiting; sent when the network is back",
    ),
    "status_sent": ("状态已全部发送", "Every status update is sent"),
    "status_refused": ("未被接受", "Not accepted"),
    "status_waiting": ("待发送", "waiting to send"),
    "status_title": ("上门进度", "Visits in progress"),
    "status_hint": ("技师在手机上点按后几秒内更新。", "Updates within seconds of a technician's tap."),
    "col_status": ("状态", "Status"),
    "col_time": ("计划时间", "Planned time"),
    "col_age": ("单龄", "Age"),
    "replan_at": ("从此时起", "From"),
    "replan_from_field": ("按现场情况重排", "Re-plan from the field"),
    "replan_working": ("正在重排……", "Re-planning ..."),
    "replan_failed": ("重排失败", "Re-plan failed"),
    "age_days": ("{n} 天", "{n} d"),
    "overdue_badge": ("超期", "Overdue"),
    "running_late": ("延误", "Running late"),
    "search_label": ("查找", "Find"),
    "search_placeholder": ("客户姓名或工单号", "Customer or order id"),
    "backlog_title": ("待处理工单（顺延到下一天，单龄长的在前）", "Orders waiting (carried over, oldest first)"),
    "backlog_none": ("没有待处理的工单。", "No order is waiting."),
    # printed paperwork: work order sheets and the parts pick list
    "work_order_title": ("派工单", "Work order sheet"),
    "work_orders_all": ("派工单", "Work order sheets"),
    "pick_list_title": ("配件领料单", "Parts pick list"),
    "sheet_none": ("今天没有派工。", "No visits planned today."),
    "sheet_meta": ("{date} {weekday} · {role} · 班次 {shift}", "{date} {weekday} · {role} · shift {shift}"),
    "sheet_times": (
        "出发 {depart} · 预计返回 {back} · 共 {visits} 单",
        "Leaves {depart} · back {back} · {visits} visits",
    ),
    "col_address": ("地址", "Address"),
    "col_work": ("工作内容", "Work"),
    "col_parts": ("配件", "Parts"),
    "signature": ("客户签字", "Customer's signature"),
    "finished_at": ("完工时间", "Finished at"),
    "satisfaction": ("客户评价：□满意 □一般 □不满意", "Customer rating: □ satisfied □ fair □ unsatisfied"),
    "technician_signature": ("技师签字", "Technician's signature"),
    "col_part": ("配件", "Part"),
    "col_qty": ("数量", "Qty"),
    "col_stock": ("库存", "In stock"),
    "col_left": ("领后剩余", "Left after"),
    "col_for_visits": ("用于工单", "For visits"),
    "pick_totals": ("合计（按配件）", "Totals by part"),
    "pick_by_technician": ("按技师（出发顺序）", "By technician, in order of departure"),
    "depart_at": ("{time} 出发", "leaves {time}"),
    "handed_over_by": ("发料人", "Handed over by"),
    "received_by": ("领料人签字", "Received by"),
    "pick_none": ("今天没有需要领取的配件。", "No parts to hand out today."),
    # role chart
    "org_title": ("组织架构与岗位", "Role chart"),
    "org_people": ("人员架构", "People"),
    "org_roles": ("岗位职责与考核指标", "Roles: duties and measures"),
    "org_none": ("这个数据集没有组织架构（org.yaml）。", "This dataset has no org chart (org.yaml)."),
    "org_load_note": (
        "括号内为 {date} 的派工：单数 · 工时占比。",
        "In brackets: the load on {date}, visits · utilisation.",
    ),
    "responsibilities": ("岗位职责", "Responsibilities"),
    "measures": ("考核指标", "Measures"),
    "reports_to": ("汇报给", "Reports to"),
    "field_role": ("外勤", "Field"),
    "office_role": ("内勤", "Office"),
    "people_count": ("{n} 人", "{n} people"),
    "load": ("{visits} 单 · {utilisation}", "{visits} visits · {utilisation}"),
    "not_in_chart": ("未列入架构的技师", "Technicians missing from the chart"),
    # staffing scenarios: the list of reports
    "nav_scenarios": ("人员情景", "Scenarios"),
    "scenarios_title": ("人员配置情景", "Staffing scenarios"),
    "scenarios_intro": (
        "同一天在不同人员配置下（增减人员、培训、调整班次或区域、订单增减）的服务对比。"
        "报告来自接口任务和 planner scenarios 生成的报告文件夹。",
        "The same day compared under different staffing (hiring, leaving, training, shifts, districts, demand). "
        "Reports come from API jobs and from report folders written by planner scenarios.",
    ),
    "scenarios_empty": ("还没有情景报告。", "There are no scenario reports yet."),
    "col_report": ("报告", "Report"),
    "col_variants": ("方案数", "Variants"),
    "col_made": ("生成时间", "Made"),
    "source_api": ("接口任务", "API job"),
    "source_folder": ("报告文件夹", "Report folder"),
    "open_report": ("查看报告", "Open report"),
    # staffing scenarios: one report
    "scenario_report_title": ("情景对比", "Scenario comparison"),
    "scenario_meta": (
        "数据集 {dataset} · {date} · 情景文件 {file} · 每个方案最多搜索 {seconds} 秒",
        "Dataset {dataset} · {date} · scenario file {file} · at most {seconds} s of search per variant",
    ),
    "made_at": ("生成于 {when}", "Made {when}"),
    "back_to_list": ("全部情景报告", "All scenario reports"),
    "comparison_title": ("方案对比", "Comparison"),
    "comparison_hint": (
        "小字为与基准相比的变化（比例为百分点）：绿色为改善，红色为变差，灰色无所谓好坏。",
        "Small figures are the change against the base (percentage points for shares): "
        "green is better, red is worse, grey is neither.",
    ),
    "col_variant": ("方案", "Variant"),
    "col_changes": ("变更", "Changes"),
    "col_people": ("人数", "People"),
    "col_served_priority": ("已排·{priority}", "Served: {priority}"),
    "col_due_done": ("到期工单完成率", "Due work done"),
    "col_travel_km": ("里程（公里）", "Travel km"),
    "col_travel_hours": ("车程（小时）", "Travel hours"),
    "col_util_sd": ("工时占比标准差", "Utilisation sd"),
    "col_util_range": ("工时占比极差", "Utilisation max-min"),
    "col_overtime": ("延长班次（分钟）", "Longer shifts (min)"),
    "overtime_value": ("增加 {offered}，实用 {used}", "{offered} offered, {used} used"),
    "col_roster_rows_short": ("排班缺员需求行", "Roster rows short"),
    "col_roster_short": ("排班缺员（人次）", "Roster people short"),
    "not_applicable": ("不适用", "n/a"),
    "base_badge": ("基准", "Base"),
    "no_changes": ("无变更", "no changes"),
    "same_day_as": ("与 {name} 同一天", "same day as {name}"),
    "none_left": ("无", "none"),
    "charts_title": ("主要指标对比", "Main measures by variant"),
    "sweeps_title": ("人数梯度", "Headcount sweeps"),
    "sweep_caption": ("每一步多一名与 {like} 相同的人员。", "Each step has one more person like {like}."),
    "col_step": ("步骤", "Step"),
    "chart_weighted": ("优先级加权服务率（%）", "Priority-weighted service level (%)"),
    "chart_due_done": ("到期工单当日完成率（%）", "Due and overdue work done today (%)"),
    "chart_travel_km": ("行驶里程（公里）", "Travel (km)"),
    "chart_utilisation": ("班次工时利用率（%）", "Utilisation of shift time (%)"),
    "chart_headcount": ("当日技师人数", "Technicians on the day"),
    "chart_percent": ("百分比（%）", "%"),
    "chart_km": ("公里", "km"),
    "chart_by_variant": ("各方案{measure}", "{measure} by variant"),
    "chart_sweep": ("按人数的服务水平：{label}", "Service level by headcount: {label}"),
    "advice_title": ("最有帮助的单项改变", "What would help most"),
    "advice_not_asked": ("这份报告没有计算建议。", "No advice was asked for in this report."),
    "advice_nothing_tried": (
        "今日未排的工单与人员和技能无关，没有可尝试的改变。",
        "Nothing left out today points at staffing or skills; no change was tried.",
    ),
    "advice_none_helps": (
        "所试的单项改变都不能提高今日的服务水平。",
        "None of the single changes tried would raise today's service level.",
    ),
    "gain_points": ("{points} 个百分点", "{points} points"),
    "advice_for_visit": ("无人具备资质的工单 {visit}：", "Visit {visit}, which nobody is qualified for:"),
    "advice_for_visit_none": (
        "所试培训方案均无法在今日安排此工单。",
        "None of the trainings tried gets it served today.",
    ),
    "advice_tried_title": (
        "尝试过的全部单项改变（均从基准方案出发，短时搜索）",
        "Every single change tried (each from the base plan, short search)",
    ),
    "col_advice_change": ("改变", "Change"),
    "col_targets": ("针对工单", "For visits"),
    "col_gain": ("服务率变化（百分点）", "Service gain (points)"),
    "col_won": ("新排入", "Visits won"),
    "col_lost": ("被挤出", "Visits lost"),
    "search_title": ("搜索情况", "Search"),
    "col_seconds": ("用时（秒）", "Seconds"),
    "col_stopped_by": ("停止原因", "Stopped by"),
    "col_started": ("起点", "Started from"),
    "stopped_time_limit": ("达到时间上限", "time limit"),
    "stopped_work_limit": ("达到工作量上限", "work limit"),
    "started_from_plan": ("{name} 的方案", "plan of {name}"),
    "started_fresh": ("重新搜索", "a fresh search"),
    "violations_title": ("违反规则（独立检查与求解器不一致）", "Broken rules (the checker disagrees with the solver)"),
    "all_checked": (
        "每个方案都已通过独立检查，没有违反任何规则。",
        "Every plan passed the independent check: no rule is broken.",
    ),
    # editing the plan on the board
    "edit_title": ("调整计划", "Adjust the plan"),
    "edit_hint": (
        "在时间轴上拖动工单到其他技师或时间，或用下面的表单（键盘可用）。每次调整都会先按全部硬性规则检查。",
        "Drag a visit on the timeline to another technician or time, or use the form below (keyboard friendly). "
        "Every edit is checked against every hard rule first.",
    ),
    "edit_visit": ("工单", "Visit"),
    "edit_action": ("操作", "Action"),
    "edit_technician": ("技师", "Technician"),
    "edit_time": ("开始时间（可选）", "Start time (optional)"),
    "edit_other": ("互换的工单", "Visit to swap with"),
    "edit_submit": ("检查并保存", "Check and save"),
    "edit_move": ("改派 / 改时间", "Move to technician / time"),
    "edit_assign": ("排入（未排工单）", "Put in (unassigned visit)"),
    "edit_swap": ("互换两单", "Swap two visits"),
    "edit_unassign": ("移出计划", "Take out of the plan"),
    "edit_lock": ("锁定给技师", "Lock to the technician"),
    "edit_lock_time": ("锁定技师和时间", "Lock to technician and time"),
    "edit_unlock": ("解除锁定", "Unlock"),
    "edit_undo": ("撤销", "Undo"),
    "edit_redo": ("重做", "Redo"),
    "edit_working": ("正在检查……", "Checking…"),
    "edit_saved": ("已保存：", "Saved: "),
    "edit_refused": ("未保存，违反规则：", "Not saved, rules broken: "),
    "edit_worse": ("注意：", "Note: "),
    "edit_failed": ("操作失败：", "Failed: "),
    "edit_locked": ("已锁定", "locked"),
    "edit_planned": ("已排", "Planned"),
    "edit_waiting": ("未排", "Unassigned"),
    "edit_history": ("调整记录", "Edit history"),
    "reoptimise": ("重新优化其余工单", "Re-optimise the rest"),
    "reoptimise_title": ("重新优化的变动", "Changes of the re-optimisation"),
    "reoptimise_none": ("没有变动。", "Nothing changes."),
    "reoptimise_publish": ("发布", "Publish"),
    "reoptimise_cancel": ("取消", "Cancel"),
    "reoptimise_calls": ("需要致电的客户：", "Customers to call: "),
    "urgent_title": ("插入加急工单", "Insert an urgent visit"),
    "urgent_find": ("查找可排时段", "Find slots"),
    "urgent_book": ("预约", "Book"),
    "urgent_none": ("没有合适的时段。", "No slot fits."),
    "urgent_lat": ("纬度", "Latitude"),
    "urgent_lon": ("经度", "Longitude"),
    "urgent_skills": ("所需技能（如 sofa_repair:2）", "Required skills (e.g. sofa_repair:2)"),
    "urgent_duration": ("时长（分钟）", "Duration (minutes)"),
    "changed_by_dispatcher": ("调度员于 {time} 调整了本路线：{what}", "Changed by the dispatcher at {time}: {what}"),
}

#: Priority labels come from the domain's one table (``planner.domain.PRIORITIES``).
PRIORITIES: Mapping[int, tuple[str, str]] = {p.level: (p.zh, p.en.capitalize()) for p in DOMAIN_PRIORITIES}

VISIT_TYPES: Mapping[str, tuple[str, str]] = VISIT_TYPE_WORDS

REASONS: Mapping[str, tuple[str, str]] = {
    "no_qualified_technician": ("无合格技师", "No qualified technician"),
    "no_technician_in_region": ("区域无人覆盖", "No technician in region"),
    "window_outside_shifts": ("预约时段不在班次内", "Window outside shifts"),
    "parts_out_of_stock": ("配件不足", "Parts out of stock"),
    "capacity": ("运力不足", "No capacity"),
    "deferred": ("改日安排", "Deferred"),
    "no_plan_in_time": ("时限内未求得方案", "No plan within the time limit"),
}

#: Kinds of change in a re-plan's diff, worded beside the diff itself.
CHANGE_KINDS: Mapping[str, tuple[str, str]] = KINDS

#: Skill ids of furniture and car after-sales work; an unknown skill shows its id.
SKILLS: Mapping[str, tuple[str, str]] = {
    "sofa_repair": ("沙发维修", "Sofa repair"),
    "electric_recliner": ("电动功能沙发", "Electric recliners"),
    "leather_care": ("皮革护理", "Leather care"),
    "wood_repair": ("实木修复", "Wood repair"),
    "mattress_repair": ("床垫维修", "Mattress repair"),
    "marble_repair": ("石材修补", "Marble repair"),
    "quality_inspection": ("质检验收", "Quality inspection"),
    "cabinet_install": ("橱柜安装", "Cabinet installation"),
    "wardrobe_install": ("衣柜安装", "Wardrobe installation"),
    "bed_install": ("床具安装", "Bed installation"),
    "smart_lock": ("智能锁", "Smart locks"),
    "install": ("安装", "Installation"),
}

WEEKDAYS: Mapping[int, tuple[str, str]] = {
    0: ("周一", "Mon"),
    1: ("周二", "Tue"),
    2: ("周三", "Wed"),
    3: ("周四", "Thu"),
    4: ("周五", "Fri"),
    5: ("周六", "Sat"),
    6: ("周日", "Sun"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def translator(lang: str) -> Translator:
    """``t(key, **fields)`` for one language; a missing key raises so a typo cannot ship."""

    def t(key: str, **fields: object) -> str:
        text = _pick(LABELS[key], lang)
        return text.format(**fields) if fields else text

    return t


def priority_label(priority: int, lang: str) -> str:
    """紧急 / 重要 / 一般 / 低."""
    return _pick(PRIORITIES.get(priority, (str(priority), str(priority))), lang)


def visit_type_label(visit_type: str, lang: str) -> str:
    """安装, 维修, ... for a visit type id."""
    return _pick(VISIT_TYPES.get(visit_type, (visit_type, visit_type)), lang)


def reason_label(code: str, lang: str) -> str:
    """Short heading of a reason code (the full sentence comes from the plan)."""
    return _pick(REASONS.get(code, (code, code)), lang)


def change_label(kind: str, lang: str) -> str:
    """A kind of re-plan change in the page's language."""
    return _pick(CHANGE_KINDS[kind], lang) if kind in CHANGE_KINDS else kind


def skill_label(skill: str, lang: str) -> str:
    """Display name of a skill id."""
    return _pick(SKILLS.get(skill, (skill, skill)), lang)


def weekday_label(weekday: int, lang: str) -> str:
    """周一 ... 周日 for ``date.weekday()``."""
    return _pick(WEEKDAYS[weekday], lang)


def choose_lang(asked: str | None, accept_language: str | None) -> str:
    """``?lang=`` when it names a language, else the best of Accept-Language, else Chinese."""
    if asked in LANGUAGES:
        return asked
    accepted = parse_accept_header(accept_language or "", LanguageAccept)
    return accepted.best_match(LANGUAGES, default=DEFAULT_LANG) or DEFAULT_LANG
