"""Broken rules of a plan or a roster in Chinese, beside the English sentence the checkers write.

``planner check`` on a Chinese desktop, the scenario report and the
roster page say what is wrong with a plan in Chinese; scripts and tests
keep the English ``Violation.message``. Each English sentence form of the
checkers (``planner.check_day``, ``check_figures``, ``check_reasons``,
``check_horizon``, ``planner.roster.check``) has one entry here with its
Chinese form, read by ``planner.words.Catalogue``: ids, names, clock
times and numbers read the same in both languages, and the rule codes
stay codes.

Values named in ``SAID`` are said in Chinese too: where in the plan
(``{where}``), the place a leg starts from, what a technician holds, and
the false claim of a reason for a visit left out, which is a sentence of
its own (``SENTENCES`` holds them beside the whole messages).
"""

from __future__ import annotations

import re

from planner.words import Catalogue

#: Values said in Chinese too: the claim of a reason is a sentence, the rest are parts.
SAID = {
    "problem": "sentence",
    "where": "part",
    "holding": "part",
    "origin": "part",
    "destination": "part",
    "what": "part",
    "rank": "part",
    "own": "part",
}

# fmt: off
#: English template -> Chinese template; both hold the same named values.
SENTENCES: dict[str, str] = {
    # --- reading the plan (planner/check_day.py, the reader) ---
    "The dataset's timezone {zone} is not a known IANA name, so UTC offsets are checked against UTC.":
        "数据集的时区 {zone} 不是已知的 IANA 时区名，因此按 UTC 检查时差。",
    "The plan must be a JSON object, not {kind}.": "计划必须是 JSON 对象，而不是 {kind}。",
    "The plan is dated {date} but the dataset is for {expected}.": "计划的日期是 {date}，但数据集是 {expected} 的。",
    "The plan's timezone is {zone} but the dataset's is {expected}.": "计划的时区是 {zone}，但数据集的时区是 {expected}。",
    "{where} has no {key}.": "{where}缺少 {key}。",
    "{where}: {key} must be a list, not {value}.": "{where}：{key} 必须是列表，而不是 {value}。",
    "{where}: {key} {value} is not a number.": "{where}：{key} 的值 {value} 不是数字。",
    "{where}: {key} {value} is not an ISO 8601 date-time.": "{where}：{key} 的值 {value} 不是 ISO 8601 日期时间。",
    "{where}: {key} {value} has no UTC offset.": "{where}：{key} 的值 {value} 没有 UTC 时差。",
    "{where}: {key} {value} is at the edge of the calendar, nowhere near the plan date {date}.":
        "{where}：{key} 的值 {value} 在日历的尽头，离计划日期 {date} 很远。",
    "{where}: {key} {value} has UTC offset {offset} but {zone} is at {local} then.":
        "{where}：{key} 的值 {value} 的 UTC 时差是 {offset}，但 {zone} 当时是 {local}。",
    "{where}: {key} {value} is not on the plan date {date}.": "{where}：{key} 的值 {value} 不在计划日期 {date} 当天。",
    "{where} must be an object with a technician_id string.": "{where}必须是带 technician_id 字符串的对象。",
    "{where} must be an object with a visit_id string.": "{where}必须是带 visit_id 字符串的对象。",
    "{where}: break must be an object or null, not {value}.": "{where}：break 必须是对象或 null，而不是 {value}。",
    # --- every visit once, one route a person (coverage) ---
    "Visit {visit} is neither on a route nor in unassigned.": "上门 {visit} 既不在任何路线上，也不在 unassigned 里。",
    "Visit {visit} appears {count} times in the plan instead of exactly once.":
        "上门 {visit} 在计划里出现了 {count} 次，而不是恰好一次。",
    "Visit {visit} is in the plan but not in the dataset.": "上门 {visit} 在计划里，但不在数据集里。",
    "Technician {technician} has a route but is not in the dataset.": "技师 {technician} 有路线，但不在数据集里。",
    "Technician {technician} has {count} routes; a person has at most one.": "技师 {technician} 有 {count} 条路线；每人最多一条。",
    "Visit {visit} is unassigned with reason_code {code}, which is not one of {codes}.":
        "上门 {visit} 未安排，reason_code 为 {code}，不是 {codes} 之一。",
    # --- the rules of a route ---
    "{who} spends {spent} minutes at visit {visit} ({start}-{end}) but it takes {minutes} minutes.":
        "{who} 在上门 {visit} 用了 {spent} 分钟（{start}-{end}），但它需要 {minutes} 分钟。",
    "{who} starts visit {visit} at {start}, before arriving at {arrival}.":
        "{who} 在 {start} 开始上门 {visit}，早于到达时间 {arrival}。",
    "{who} {holding} but visit {visit} needs level {level}.": "{who} {holding}，但上门 {visit} 需要 {level} 级。",
    "Visit {visit} is in region {region}, where {who} does not work (regions: {regions}).":
        "上门 {visit} 在区域 {region}，{who} 不在该区域工作（其区域：{regions}）。",
    "{who} starts visit {visit} at {start}, outside its window {low}-{high}.":
        "{who} 在 {start} 开始上门 {visit}，不在它的时间窗 {low}-{high} 内。",
    "{who} leaves base at {depart}, before the shift starts at {start}.":
        "{who} 在 {depart} 出发，早于班次开始时间 {start}。",
    "{who} is back at base at {back}, after the shift ends at {end}.": "{who} 在 {back} 回到驻地，晚于班次结束时间 {end}。",
    "{who} leaves base at {depart}, after arriving at visit {visit} at {arrival}.":
        "{who} 在 {depart} 才出发，却在 {arrival} 就到了上门 {visit}。",
    "{who} is back at base at {back}, before finishing visit {visit} at {end}.":
        "{who} 在 {back} 就回到驻地，而上门 {visit} 到 {end} 才结束。",
    "The stop of {who} at visit {visit} reports {claimed} travel minutes from {origin} but the travel model "
    "needs {minutes} minutes for {km} km.":
        "{who} 在上门 {visit} 这一站报的从{origin}过来的路程是 {claimed} 分钟，但按路程模型 {km} 公里需要 {minutes} 分钟。",
    "{who} has {available} minutes after {lunch} minutes of lunch break to get from {origin} ({begin}) to "
    "{destination} ({finish}) but the travel model needs {minutes} minutes for {km} km.":
        "{who} 除去 {lunch} 分钟午休只有 {available} 分钟从{origin}（{begin}）赶到{destination}（{finish}），"
        "但按路程模型 {km} 公里需要 {minutes} 分钟。",
    "{who} has {available} minutes to get from {origin} ({begin}) to {destination} ({finish}) but the travel "
    "model needs {minutes} minutes for {km} km.":
        "{who} 只有 {available} 分钟从{origin}（{begin}）赶到{destination}（{finish}），"
        "但按路程模型 {km} 公里需要 {minutes} 分钟。",
    "The route of {who} reports {reported} travel minutes but its {legs} legs add up to {total} minutes under "
    "the travel model.":
        "{who} 的路线报的路程是 {reported} 分钟，但按路程模型它的 {legs} 段路合计 {total} 分钟。",
    "{who} starts visit {visit} at {start}, before visit {before} listed ahead of it (starts {started}).":
        "{who} 在 {start} 开始上门 {visit}，早于排在它前面的上门 {before}（{started} 开始）。",
    "{who} starts visit {visit} at {start}, before finishing visit {before} at {end}.":
        "{who} 在 {start} 开始上门 {visit}，而上门 {before} 到 {end} 才结束。",
    "The break of {who} ({span}) is not inside the lunch window {low}-{high}.":
        "{who} 的午休（{span}）不在午休时间窗 {low}-{high} 内。",
    "The break of {who} ({span}) lasts {minutes} minutes instead of {expected}.":
        "{who} 的午休（{span}）是 {minutes} 分钟，而不是 {expected} 分钟。",
    "The break of {who} ({span}) is not inside the working day {depart}-{back}.":
        "{who} 的午休（{span}）不在工作时段 {depart}-{back} 内。",
    "The break of {who} ({span}) overlaps visit {visit} ({start}-{end}).":
        "{who} 的午休（{span}）与上门 {visit}（{start}-{end}）重叠。",
    "{who} works {depart}-{back}, across the lunch window {low}-{high}, but has no {minutes}-minute break.":
        "{who} 工作时段 {depart}-{back} 跨过午休时间窗 {low}-{high}，却没有 {minutes} 分钟的午休。",
    "{who} has {count} visits but at most {cap} a day.": "{who} 有 {count} 个上门，但每天最多 {cap} 个。",
    "Planned visits {visits} take {quantity} of part {part} but only {stock} are in stock.":
        "已安排的上门 {visits} 共用配件 {part} {quantity} 件，但库存只有 {stock} 件。",
    "Planned visits {visits} take {quantity} of part {part} over the horizon but only {stock} are in stock.":
        "整个计划期内已安排的上门 {visits} 共用配件 {part} {quantity} 件，但库存只有 {stock} 件。",
    "Visit {visit} is pinned to {pinned} but is on the route of {who}.": "上门 {visit} 指定由 {pinned} 负责，却在 {who} 的路线上。",
    "The reason for visit {visit} ({code}) {problem}.": "上门 {visit} 的未安排原因（{code}）{problem}。",
    # --- reported figures (planner/check_figures.py) ---
    "The route of {who} reports travel_km {value}, which is not a finite number.":
        "{who} 的路线报的 travel_km 为 {value}，不是有限的数。",
    "The route of {who} reports travel_km {value} but its {legs} legs add up to {km} km under the travel model.":
        "{who} 的路线报的 travel_km 为 {value}，但按路程模型它的 {legs} 段路合计 {km} 公里。",
    "The stop of {who} at visit {visit} reports travel_km {value}, which is not a finite number.":
        "{who} 在上门 {visit} 这一站报的 travel_km 为 {value}，不是有限的数。",
    "The stop of {who} at visit {visit} reports travel_km {value} but the leg to it is {km} km under the travel "
    "model.":
        "{who} 在上门 {visit} 这一站报的 travel_km 为 {value}，但按路程模型到这里的一段路是 {km} 公里。",
    "The plan's kpis report {key} {value}, which is not a finite number.": "计划的 kpis 中 {key} 为 {value}，不是有限的数。",
    "The plan's kpis report {key} {value} but {what} come to {total}.": "计划的 kpis 中 {key} 为 {value}，但{what}是 {total}。",
    "The plan's kpis report technicians_used {value} but the plan has {count} routes.":
        "计划的 kpis 中 technicians_used 为 {value}，但计划有 {count} 条路线。",
    "The plan's kpis report unassigned_by_reason {value} but the unassigned list counts {counts}.":
        "计划的 kpis 中 unassigned_by_reason 为 {value}，但 unassigned 列表的计数是 {counts}。",
    "The plan's kpis report served_by_priority {value} but the routes serve {expected}.":
        "计划的 kpis 中 served_by_priority 为 {value}，但各路线服务的是 {expected}。",
    "The kpis row of {technician} reports {key} {value} but the route comes to {total}.":
        "kpis 中 {technician} 那一行的 {key} 为 {value}，但其路线是 {total}。",
    # --- several days and crews (planner/check_horizon.py) ---
    "The plan's days must be a non-empty list of {date, routes}.": "计划的 days 必须是非空的 {date, routes} 列表。",
    "horizon_days is {value} but the plan has {count} days.": "horizon_days 为 {value}，但计划有 {count} 天。",
    "Day {day} must be an object with date {date} and a list of routes.": "第 {day} 天必须是带日期 {date} 和路线列表的对象。",
    "Technician {technician} has {count} routes on {date}; a person has at most one a day.":
        "技师 {technician} 在 {date} 有 {count} 条路线；每人每天最多一条。",
    "Technician {technician} has a route on {date} but does not work that day (availability.csv).":
        "技师 {technician} 在 {date} 有路线，但那天不上班（availability.csv）。",
    "Technician {technician} has a route on {date} but is not in the dataset.":
        "技师 {technician} 在 {date} 有路线，但不在数据集里。",
    "Visit {visit} is both planned and unassigned.": "上门 {visit} 既已安排又在 unassigned 里。",
    "Visit {visit} is unassigned {count} times.": "上门 {visit} 在 unassigned 里出现了 {count} 次。",
    "Visit {visit} is planned on {count} days instead of one.": "上门 {visit} 被安排在 {count} 天，而不是一天。",
    "Visit {visit} is in {count} routes but needs {size} person on site.": "上门 {visit} 在 {count} 条路线上，但现场需要 {size} 人。",
    "Visit {visit} is in {count} routes but needs {size} people on site.": "上门 {visit} 在 {count} 条路线上，但现场需要 {size} 人。",
    "Visit {visit} needs one person but its stop lists a crew {crew}.": "上门 {visit} 只需一人，但它这一站列出了班组 {crew}。",
    "Crew visit {visit} starts and ends at different times in its members' routes: {times}.":
        "班组上门 {visit} 在各成员路线上的开始和结束时间不同：{times}。",
    "The stops of crew visit {visit} list different crews.": "班组上门 {visit} 的各站列出的班组不同。",
    "Crew visit {visit} lists crew {crew} but is in the routes of {who}.": "班组上门 {visit} 列出的班组是 {crew}，却在 {who} 的路线上。",
    "Visit {visit} is planned on {date}, before its release date {release}.": "上门 {visit} 安排在 {date}，早于它的可安排日期 {release}。",
    "The reason for visit {visit} ({code}) should be deferred: it is released on {release}, after the horizon.":
        "上门 {visit} 的未安排原因（{code}）应为 deferred：它 {release} 才可安排，在计划期之后。",
    "The reason for visit {visit} names {named}, which is not a day of the plan.":
        "上门 {visit} 的未安排原因提到 {named}，这不是计划中的一天。",
    "The reason for visit {visit} ({code}) {problem} on {date}.": "上门 {visit} 的未安排原因（{code}）在 {date} {problem}。",
    "The reason for visit {visit} ({code}) holds on none of the days: {problem}.":
        "上门 {visit} 的未安排原因（{code}）在任何一天都不成立：{problem}。",
    # --- the false claims of a reason for a visit left out (planner/check_reasons.py) ---
    "says nobody qualifies, but {who} hold every required skill": "说没有人符合资格，但 {who} 具备全部所需技能",
    "gives {code}, but nobody holds the required skills: the reason is no_qualified_technician":
        "给的是 {code}，但没有人具备所需技能：原因应为 no_qualified_technician",
    "says nobody qualified covers region {region}, but {who} do": "说没有符合资格的人负责区域 {region}，但 {who} 负责",
    "gives {code}, but no qualified person covers region {region}: no_technician_in_region":
        "给的是 {code}，但没有符合资格的人负责区域 {region}：应为 no_technician_in_region",
    "says the window does not fit any shift, but {who} could do it as their only visit":
        "说时间窗与所有班次都对不上，但 {who} 可以把它作为当天唯一的上门来做",
    "gives {code}, but nobody qualified and local could do it inside their shift: window_outside_shifts":
        "给的是 {code}，但符合资格且负责该区域的人都不能在班次内完成它：应为 window_outside_shifts",
    "gives capacity, but the visit is due {due}, after the plan date: deferred":
        "给的是 capacity，但该上门的截止日期是 {due}，在计划日期之后：应为 deferred",
    "gives deferred, but the visit is due by the plan date": "给的是 deferred，但该上门在计划日期前就到期",
    "gives parts_out_of_stock, but the dataset has no parts stock": "给的是 parts_out_of_stock，但数据集没有配件库存",
    "gives parts_out_of_stock, but every part it needs is still in stock after the planned visits":
        "给的是 parts_out_of_stock，但已安排的上门用过之后，它需要的每种配件都还有库存",
    "names {holder} as holding part {part}, but it does not take that part in the plan":
        "说 {holder} 占用了配件 {part}，但它在计划中并不用这种配件",
    "calls {holder} more important, but it is {rank} against {own}":
        "说 {holder} 更重要，但它是{rank}，而本上门是{own}",
    "blames the stock of part {part}, but only less important visits ({visits}) keep it from this one":
        "归咎于配件 {part} 的库存，但挡住它的只是没那么重要的上门（{visits}）",
    "gives {code}, but the stock could never cover it: parts_out_of_stock":
        "给的是 {code}，但库存本来就不够：应为 parts_out_of_stock",
    "gives {code}, but more important visits ({visits}) hold part {part}: parts_out_of_stock":
        "给的是 {code}，但更重要的上门（{visits}）占用了配件 {part}：应为 parts_out_of_stock",
    "names {who}, who is not in the dataset": "提到了 {who}，但此人不在数据集里",
    "says {who} cannot fit it, as if {who} had no route, but {who} has {count} visits":
        "说 {who} 排不下它，好像 {who} 没有路线，但 {who} 有 {count} 个上门",
    "says {who} cannot fit it into the shift, but {who} is free all day and could do it":
        "说 {who} 在班次内排不下它，但 {who} 全天空闲，可以做",
    "describes the day of {who}, who has no route": "描述了 {who} 的一天，但 {who} 没有路线",
    "says {who} is at the cap of visits, but {who} has {count}": "说 {who} 的上门数已到上限，但 {who} 只有 {count} 个",
    "says {who} is busy with {busy}, which is not on {who}'s route": "说 {who} 忙于 {busy}，但它不在 {who} 的路线上",
    "says {who} is busy in {opens}-{closes} with {busy}, which is outside it":
        "说 {who} 在 {opens}-{closes} 忙于 {busy}，但 {busy} 不在这段时间内",
    "lists {who}'s visits as {stops}, which is not {who}'s route": "把 {who} 的上门列为 {stops}，但这不是 {who} 的路线",
    "says {who} is booked until {until}, but {who} is back at {back}": "说 {who} 一直排到 {until}，但 {who} 在 {back} 就回到驻地",
    "gives {who} an unknown state {state}": "给 {who} 的状态 {state} 无法识别",
    # --- a week's roster (planner/roster/check.py) ---
    "{person} has no shift or off on {date}": "{person} 在 {date} 既没有班次也没有标为休息（off）",
    "{person} on {date}: {value} is not a shift of the rules": "{person} 在 {date}：{value} 不是规则中的班次",
    "{person} on {date} is not a person and date of this roster": "{person} 在 {date} 不是本排班表中的人员和日期",
    "{person} is on leave ({kind}) on {date} but rostered on {shift}": "{person} 在 {date} 休假（{kind}），却被排了 {shift}",
    "{person} is on leave on {date} but rostered on {shift}": "{person} 在 {date} 休假，却被排了 {shift}",
    "{person} rests {count} day(s) in the week from {date}; at least {needed} needed":
        "{person} 在从 {date} 起的一周里休息 {count} 天；至少需要 {needed} 天",
    "{person} works {count} days in the week from {date}; at most {cap}":
        "{person} 在从 {date} 起的一周里工作 {count} 天；最多 {cap} 天",
    "{person} works {hours} hours in the week from {date}; at most {cap}":
        "{person} 在从 {date} 起的一周里工作 {hours} 小时；最多 {cap} 小时",
    "{person} works {run} days in a row up to {date} (history counted); at most {limit}":
        "{person} 到 {date} 已连续工作 {run} 天（含历史记录）；最多 {limit} 天",
    "{person} rests {hours} hours before the {shift} shift on {date} (after {previous}); at least {needed}":
        "{person} 在 {date} 的{shift}之前只休息了 {hours} 小时（上一班在 {previous}）；至少 {needed} 小时",
}

PARTS: dict[str, str] = {
    # --- where in the plan (the reader's ``where``) ---
    "The plan": "计划",
    "Route {n}": "第 {n} 条路线",
    "The route of {technician}": "{technician} 的路线",
    "Stop {n} of {technician}": "{technician} 的第 {n} 站",
    "The stop of {technician} at visit {visit}": "{technician} 在上门 {visit} 的这一站",
    "The break of {technician}": "{technician} 的午休",
    "Unassigned entry {n}": "unassigned 的第 {n} 项",
    # --- the places a leg joins ---
    "base": "驻地",
    "visit {visit}": "上门 {visit}",
    # --- what a technician holds of a skill ---
    "holds {skill} at level {level}": "的 {skill} 技能只有 {level} 级",
    "does not hold {skill}": "没有 {skill} 技能",
    # --- what a kpi was recomputed from ---
    "the dataset's visits": "数据集的上门数",
    "the stops on the routes": "路线上的站数",
    "the entries in unassigned": "unassigned 的条目数",
    "the routes' {key} added up": "各路线的 {key} 之和",
    # --- a visit's place in the order of work ---
    "priority {priority}": "优先级 {priority}",
    "priority {priority}, due {due}": "优先级 {priority}、截止 {due}",
}
# fmt: on

#: The catalogue of broken rules.
VIOLATIONS = Catalogue(SENTENCES, PARTS, SAID, one_word=frozenset({"key"}))


def said(rule: str, message: str, lang: str) -> str:
    """A broken rule as a person reads it: ``rule: message``, in Chinese for ``zh``, else in English.

    The rule stays its code in both languages (it is what the docs and a
    script look up); the sentence is said in Chinese when an entry reads it.
    """
    if lang == "zh":
        return f"{rule}：{VIOLATIONS.say_zh(message)}"
    return f"{rule}: {message}"


def say_line(line: str, lang: str) -> str:
    """A stored line ``<variant>: <rule>: <sentence>`` of a scenario report, in ``lang``.

    The line was written in English and kept as text, so the sentence is
    found after the first ``": <rule code>: "`` whose rest reads in
    Chinese; a line no entry reads stays as written.
    """
    if lang != "zh":
        return line
    for found in _STORED.finditer(line):
        rule = found[1]
        chinese = VIOLATIONS.chinese(line[found.start() + len(rule) + 4 :])
        if chinese is not None:
            return f"{line[: found.start()]}: {rule}：{chinese}"
    return line


#: The rule codes of the checkers: a plan's (one day, several days and crews) and a roster's.
RULES = frozenset(
    {
        "format", "times", "coverage", "duration", "skills", "region", "window", "shift", "travel",
        "travel_total", "overlap", "break", "max_visits", "parts", "pinned", "reason", "figures",
        "day_off", "crew", "release",
        "leave", "min_rest_days", "max_consecutive_days", "max_days_per_week", "max_hours_per_week",
        "min_rest_hours",
    }
)  # fmt: skip
#: Where a rule code stands in a stored line (a look-ahead, so that one match does not hide the next).
_STORED = re.compile(rf"(?=: ({'|'.join(sorted(RULES))}): )")
