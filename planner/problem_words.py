"""Input problems in Chinese, beside the English sentence the loaders write.

A dispatcher in Guangzhou fixing a spreadsheet reads the problem in
Chinese; scripts, logs and tests keep the English ``Problem.message``.
Each English sentence form of a loader has one entry here with its
Chinese form, both templates with the same named values (``{column}``,
``{value}``...), read by ``planner.words.Catalogue``: ids, column and
file names and numbers read the same in both languages.

Values named in ``SAID`` are themselves said in Chinese: a reason (why
a cell is wrong) through ``SENTENCES``, a smaller part (what was
expected, which control character) through ``PARTS``. So a cell's
``is not a clock time; expected ...`` is written once and reads right
under every column of every file. The tests walk every entry, and read
the problems of badly filled days, so a loader's new or reworded
sentence without its Chinese is noticed.
"""

from __future__ import annotations

from planner.words import Catalogue

#: Values said in Chinese too, and where their Chinese comes from: a problem is a whole message, a
#: reason a sentence within one (``SENTENCES`` but the ``FRAMES``), the others are parts (``PARTS``);
#: every other value is kept as written (``planner.words.Catalogue``).
SAID = {
    "problem": "whole",
    "detail": "part",
    "reason": "sentence",
    "more": "sentence",
    "meaning": "part",
    "found": "part",
    "what": "part",
    "thing": "part",
    "kind": "part",
}
#: The sentences that put a column and its value in front of a reason: a whole message, never a reason
#: (a value holding ``: `` would otherwise be read as a second column and value).
FRAMES = frozenset({"{column} {value} {reason}", "{column} {value}: {reason}"})

# fmt: off
#: English template -> Chinese template; both hold the same named values.
SENTENCES: dict[str, str] = {
    # --- one cell (planner/io/cells.py): the end of "<column> <value> ..." ---
    "holds {found}; {what} must be plain text without tabs, line breaks or other control characters":
        "含有{found}；{what}必须是不含制表符、换行符或其他控制字符的纯文本",
    "is a list; expected plain text": "是一个列表；应为纯文本",
    "is an object; expected plain text": "是一个对象；应为纯文本",
    "is a yes/no value; expected plain text": "是一个是/否值；应为纯文本",
    "is not a clock time; expected HH:MM from 00:00 to {latest}": "不是时刻；应为 00:00 到 {latest} 之间的 HH:MM",
    "has seconds; expected whole minutes (HH:MM)": "带有秒；应为整分钟（HH:MM）",
    "is not a real date; expected YYYY-MM-DD such as 2026-11-23": "不是真实存在的日期；应为 YYYY-MM-DD，如 2026-11-23",
    "is not a date; expected YYYY-MM-DD such as 2026-11-23": "不是日期；应为 YYYY-MM-DD，如 2026-11-23",
    "is not an IANA time zone name; expected a name such as Asia/Shanghai":
        "不是 IANA 时区名；应为 Asia/Shanghai 这样的名称",
    "is not a time window; expected HH:MM-HH:MM such as 11:30-13:30": "不是时间段；应为 HH:MM-HH:MM，如 11:30-13:30",
    "does not end after it starts; expected HH:MM-HH:MM such as 11:30-13:30":
        "结束不晚于开始；应为 HH:MM-HH:MM，如 11:30-13:30",
    "is not a number; expected {meaning}": "不是数字；应为 {meaning}",
    "is out of range; expected {meaning}": "超出范围；应为 {meaning}",
    "is not more than 0; expected {meaning}": "不大于 0；应为 {meaning}",
    "is not a whole number; expected {meaning}": "不是整数；应为 {meaning}",
    "is negative; expected {meaning}": "是负数；应为 {meaning}",
    "is not a visit type; expected one of {types}": "不是上门类型；应为其中之一：{types}",
    "lists {names} more than once": "重复列出了 {names}",
    "has an entry without a {thing} name": "有一项没有{thing}名",
    "lists {thing} {key} twice": "{thing} {key} 列了两次",
    "gives {amount} for {key}; expected {meaning}": "其中 {key} 填的是 {amount}；应为 {meaning}",
    "lists {name}, which {reason}": "列出的 {name} {reason}",
    "has an entry that is not plain text": "有一项不是纯文本",
    "is not true or false": "不是 true 或 false",
    # --- a cell or a setting located by the row reader (planner/io/rows.py, settings, rules) ---
    "{column} {value} {reason}": "{column} 的值 {value} {reason}",
    "{column} is empty; every row needs one": "{column} 为空；每一行都必须填写",
    # --- files and tables (planner/io/tables.py, schema.py, dataset.py) ---
    "{file} cannot be read: {error}": "{file} 无法读取：{error}",
    "cannot read the file: {error}": "无法读取文件：{error}",
    "{file} is neither UTF-8 nor GB18030/GBK text; save it as 'CSV UTF-8' (or in the Chinese Windows encoding)":
        "{file} 既不是 UTF-8 也不是 GB18030/GBK 文本；请另存为“CSV UTF-8”（或中文 Windows 编码）",
    "{file} is not UTF-8, and read as GB18030 (the Chinese Windows encoding) it holds only characters rarely used "
    "in Chinese ({chars}); it was probably saved in another encoding such as Latin-1 or Windows-1252: save it as "
    "'CSV UTF-8' (or UTF-8 text)":
        "{file} 不是 UTF-8，按 GB18030（中文 Windows 编码）读取后只有中文里很少用的字符（{chars}）；"
        "它可能是用 Latin-1 或 Windows-1252 等其他编码保存的：请另存为“CSV UTF-8”（或 UTF-8 文本）",
    "{file} is not UTF-8 and was read as GB18030 (the Chinese Windows encoding); it holds characters rarely used "
    "in Chinese ({chars}): if names look wrong, save it as 'CSV UTF-8'":
        "{file} 不是 UTF-8，已按 GB18030（中文 Windows 编码）读取；其中有中文里很少用的字符（{chars}）："
        "如果名称显示不对，请另存为“CSV UTF-8”",
    "{file} is empty; expected a header row naming the columns": "{file} 是空的；应有一行表头写明各列名称",
    "row {row} has a cell longer than {limit} characters, far more than any cell of a dataset; a stray double "
    'quote (") may have joined the rows after it':
        '第 {row} 行有一个单元格超过 {limit} 个字符，远超任何数据单元格；可能是多余的双引号（"）把后面的行连在了一起',
    "a quoted cell starting on row {row} is never closed, so rows {row}-{stop} would be read as one cell; look "
    'for a stray double quote (") in that row':
        '从第 {row} 行开始的带引号单元格没有结束，第 {row}-{stop} 行会被当成一个单元格；请检查该行是否有多余的双引号（"）',
    'row {row} cannot be read as CSV ({error}); a double quote (") inside a cell must be doubled and the whole '
    "cell quoted, as Excel writes it":
        '第 {row} 行无法按 CSV 读取（{error}）；单元格里的双引号（"）必须写两遍，并给整个单元格加引号，就像 Excel 保存的那样',
    "rows {row}-{stop} were read as one row of {cells} cells (the header has {width}) because a quoted cell runs "
    'over line ends; look for a stray double quote (")':
        "第 {row}-{stop} 行因一个带引号的单元格跨越了行尾，被读成了一行 {cells} 个单元格（表头有 {width} 列）；"
        '请检查是否有多余的双引号（"）',
    "a quoted cell runs over rows {row}-{stop} and holds what look like whole rows; look for a stray double "
    'quote (") in row {row}':
        '一个带引号的单元格跨越第 {row}-{stop} 行，里面像是整行的数据；请检查第 {row} 行是否有多余的双引号（"）',
    "column {column} appears twice in the header (columns {first} and {second}); the second is ignored":
        "表头里 {column} 列出现了两次（第 {first} 列和第 {second} 列）；第二个被忽略",
    "column {position} has values but no name in the header row; its values are ignored":
        "第 {position} 列有数据但表头没有列名；这些数据被忽略",
    "{file} cannot be opened as an Excel workbook (.xlsx): {error}": "{file} 无法作为 Excel 工作簿（.xlsx）打开：{error}",
    "{file} is {what}; expected a list of objects (one per row)": "{file} 是{what}；应为对象列表（每行一个）",
    "row {row} is {what}; expected an object keyed by column name": "第 {row} 行是{what}；应为以列名为键的对象",
    "{file} is not valid JSON: {error}": "{file} 不是有效的 JSON：{error}",
    "{file} is refused: values are nested more than {depth} levels deep; no file of the planner needs that many":
        "{file} 被拒绝：数据嵌套超过 {depth} 层；排程系统的文件都用不到这么多层",
    "{file} must be a mapping of setting names to values, such as 'date: 2026-11-23'":
        "{file} 必须是设置名到值的映射，如“date: 2026-11-23”",
    "key is empty; each settings row names a setting": "key 为空；每一行设置都要写明设置名",
    "setting {key} is given twice (first on row {first})": "设置 {key} 填了两次（第一次在第 {first} 行）",
    "{file} is refused: {error}": "{file} 被拒绝：{error}",
    "{file} is not valid YAML: {error}": "{file} 不是有效的 YAML：{error}",
    "required column {column} is missing; {table} need {columns}": "缺少必填列 {column}；{table} 需要 {columns}",
    "column {column} is not one the planner reads and is ignored; {table} columns are {columns}":
        "{column} 列不是排程系统读取的列，已忽略；{table} 的列有 {columns}",
    "dataset {path} does not exist; expected a folder, a .xlsx workbook or a .json document":
        "数据集 {path} 不存在；应为文件夹、.xlsx 工作簿或 .json 文档",
    "{file} is not a dataset; expected a folder, a .xlsx workbook or a .json document":
        "{file} 不是数据集；应为文件夹、.xlsx 工作簿或 .json 文档",
    "{file} must be a JSON object with settings, technicians and visits":
        "{file} 必须是包含 settings、technicians 和 visits 的 JSON 对象",
    "{file} is ignored because the folder holds CSV tables, which are read instead":
        "{file} 被忽略，因为文件夹里有 CSV 表格，改为读取这些表格",
    "the folder holds several workbooks or documents ({names}); expected one of them, or CSV files":
        "文件夹里有多个工作簿或文档（{names}）；应只有其中一个，或者用 CSV 文件",
    "{key} is not part of a dataset document and is ignored; expected {keys}":
        "{key} 不属于数据集文档，已忽略；应为 {keys}",
    "settings are missing; they must give at least the plan date": "缺少 settings；至少要给出排程日期",
    "{table} are missing; expected a list of rows": "缺少 {table}；应为行的列表",
    "settings.yaml is missing; it must give at least the plan date": "缺少 settings.yaml；至少要给出排程日期",
    "{file} is missing; a dataset needs technicians.csv and visits.csv":
        "缺少 {file}；数据集需要 technicians.csv 和 visits.csv",
    "sheet {sheet} is not a table the planner reads and is ignored": "工作表 {sheet} 不是排程系统读取的表，已忽略",
    "sheet {sheet} is missing or empty in {file}": "{file} 里没有工作表 {sheet}，或该表为空",
    "{file} has no settings sheet and there is no settings.yaml beside it; the plan date is required":
        "{file} 没有 settings 工作表，旁边也没有 settings.yaml；必须给出排程日期",
    "settings.yaml is ignored because {file} has a settings sheet": "settings.yaml 被忽略，因为 {file} 有 settings 工作表",
    "org.yaml is empty; no org chart is loaded": "org.yaml 是空的；未加载组织架构",
    "{file} must be a mapping of departments, roles and reporting lines": "{file} 必须是部门、岗位和汇报关系的映射",
    "{file} has top-level keys that are not names: {keys}": "{file} 有不是名称的顶层键：{keys}",
    "date is missing; the plan date is required, as YYYY-MM-DD": "缺少 date；必须给出排程日期，格式 YYYY-MM-DD",
    "lunch_minutes {minutes} is longer than the lunch_window {window} ({length} minutes)":
        "lunch_minutes {minutes} 比午休时段 lunch_window {window}（{length} 分钟）还长",
    "setting {key} is not one the planner knows and is ignored; known settings are {keys}":
        "设置 {key} 不是排程系统认识的设置，已忽略；可用的设置有 {keys}",
    # --- rows of technicians and visits (planner/io/dataset.py) ---
    "shift_end {end} is not after shift_start {start}": "shift_end {end} 不晚于 shift_start {start}",
    "window_end {end} is before window_start {start}": "window_end {end} 早于 window_start {start}",
    "shift_end is empty; a working day needs its end (or shift_start off)":
        "shift_end 为空；上班的日子需要下班时间（或把 shift_start 填为 off）",
    "id {id} starts with {prefix}, which re-planning reserves for reported positions":
        "编号 {id} 以 {prefix} 开头，这是重新排程留给上报位置用的",
    "new visit: {problem}": "新增上门：{problem}",
    # --- across rows (planner/validate.py) ---
    "{kind} id {id} is used twice (first on row {first}); ids must be unique":
        "{kind}编号 {id} 用了两次（第一次在第 {first} 行）；编号不能重复",
    "{file} has no technicians; no visit can be planned": "{file} 里没有技师；无法安排任何上门",
    "{column} {id} is not a technician id in {file}": "{column} {id} 不是 {file} 里的技师编号",
    "{count} visit(s) list parts but the dataset has no parts table; stock is not checked":
        "{count} 个上门列出了配件，但数据集没有配件表；不检查库存",
    "part {part} is not listed in {file}": "配件 {part} 不在 {file} 里",
    "region {region} is not listed in {file}": "区域 {region} 不在 {file} 里",
    "skill {skill} is needed by {count} visit(s) ({visits}) but no technician has it at any level; those visits "
    "cannot be planned":
        "技能 {skill} 有 {count} 个上门需要（{visits}），但没有任何技师具备该技能；这些上门无法安排",
    # --- the days of a horizon (planner/horizon/rules.py, planner/workdays.py) ---
    "technician {id} has {count} rows for {date}; expected one shift (or off) per date":
        "技师 {id} 在 {date} 有 {count} 行；每个日期应只有一个班次（或休息）",
    "date {date} is outside the plan's horizon {first} to {last} (date and horizon_days of the settings)":
        "日期 {date} 不在排程范围 {first} 到 {last} 之内（见设置的 date 和 horizon_days）",
    "release_date {release} is after due_date {due}": "release_date {release} 晚于 due_date {due}",
    "required column {column} is missing; a calendar file needs {columns} (kind: workday or holiday)":
        "缺少必填列 {column}；日历文件需要 {columns}（kind：workday 或 holiday）",
    "date is empty; expected YYYY-MM-DD": "date 为空；应为 YYYY-MM-DD",
    "kind is empty; expected workday (上班) or holiday (放假)": "kind 为空；应为 workday（上班）或 holiday（放假）",
    "kind {value} is not a kind; expected workday (上班) or holiday (放假)":
        "kind {value} 不是可用的类型；应为 workday（上班）或 holiday（放假）",
    "date {date} is given twice (first on row {first})": "日期 {date} 填了两次（第一次在第 {first} 行）",
    # --- a week's roster (planner/roster/*) ---
    "{file} has no shift column, so it is not a weekly roster (planner roster) and the shifts of technicians.csv "
    "are used":
        "{file} 没有 shift 列，所以不是周排班表（planner roster），改用 technicians.csv 里的班次",
    "{file} has no rows for {date}; the shifts of technicians.csv are used":
        "{file} 没有 {date} 的行；改用 technicians.csv 里的班次",
    "technician_id {id} is not in technicians.csv; the row is ignored": "technician_id {id} 不在 technicians.csv 里；该行被忽略",
    "shift is empty; expected a shift id or {off}": "shift 为空；应为班次编号或 {off}",
    "shift times {start}-{end} {reason}": "班次时间 {start}-{end} {reason}",
    "shift {shift} has no shift_start/shift_end and is not a shift of a readable {file} beside it":
        "班次 {shift} 没有 shift_start/shift_end，也不是旁边可读的 {file} 里的班次",
    "required column {column} is missing; roster.csv needs technician_id, date, shift":
        "缺少必填列 {column}；roster.csv 需要 technician_id、date、shift",
    "{who} has a second row for {date} (first on row {first})": "{who} 在 {date} 有第二行（第一行在第 {first} 行）",
    "{folder} is not a folder; expected a roster folder with {file}": "{folder} 不是文件夹；应为包含 {file} 的排班文件夹",
    "{file} is missing; the roster needs the technicians": "缺少 {file}；排班需要技师名单",
    "{file} is missing; it must give week_start and the shifts": "缺少 {file}；它必须给出 week_start 和各班次",
    "{file} must be a mapping such as 'week_start: 2026-11-23'": "{file} 必须是映射，如“week_start: 2026-11-23”",
    "{key} is not a roster rule and is ignored; rules are {keys}": "{key} 不是排班规则，已忽略；可用的规则有 {keys}",
    "week_start is missing; give the first date, YYYY-MM-DD": "缺少 week_start；请给出第一天的日期，YYYY-MM-DD",
    "shifts must be a list such as [{id: day, name: 白班, start: '08:30', end: '17:30'}]":
        "shifts 必须是列表，如 [{id: day, name: 白班, start: '08:30', end: '17:30'}]",
    "{where} must be a mapping with id, name, start and end": "{where} 必须是包含 id、name、start 和 end 的映射",
    "shift id {id} is given twice": "班次编号 {id} 填了两次",
    "shift id {id} is reserved for days off": "班次编号 {id} 保留给休息日",
    "{key} is not a shift field and is ignored; fields are {keys}": "{key} 不是班次字段，已忽略；可用的字段有 {keys}",
    "{where} has no {key}": "{where} 没有 {key}",
    "shift {id} ends at {end}, not after it starts ({start}); an overnight shift needs overnight: true":
        "班次 {id} 在 {end} 结束，不晚于开始时间（{start}）；跨夜班次需要写 overnight: true",
    "{column} {date} is outside the roster ({first} to {last})": "{column} {date} 不在排班范围（{first} 到 {last}）之内",
    "technician_id {id} is not in technicians.csv": "technician_id {id} 不在 technicians.csv 里",
    "shift {shift} is not a shift of {file} ({shifts})": "班次 {shift} 不是 {file} 里的班次（{shifts}）",
    "skill {value} names {count} skills; expected one skill (or skill:level) per row":
        "skill {value} 写了 {count} 个技能；每行应只写一个技能（或 技能:等级）",
    "wish {wish} is not one of {wishes}": "意愿 {wish} 不是 {wishes} 之一",
    "date {date} is not before week_start {start}; history holds the days before the roster":
        "日期 {date} 不早于 week_start {start}；历史记录只记排班之前的日子",
    "shift {shift} is not {off} nor a shift of {file}": "班次 {shift} 既不是 {off} 也不是 {file} 里的班次",
    "{what} is given twice (first on row {first})": "{what}填了两次（第一次在第 {first} 行）",
    "no roster was found in time": "在限定时间内没有找到排班方案",
    # --- several days (planner/horizon/rules.py) ---
    "crew_size {size} needs {size} people (a lead with required_skills, the others with crew_skills, all working "
    "in region {region}); only {count} technician(s) could ever form it ({people})":
        "crew_size {size} 需要 {size} 人（一名具备 required_skills 的主修，其余具备 crew_skills，都在区域 {region} 工作）；"
        "只有 {count} 名技师能组成（{people}）",
    # --- the org chart (planner/io/org.py) ---
    "version is missing; read as version {version}": "缺少 version；按版本 {version} 读取",
    "version {version} is not supported; this planner reads org.yaml version {supported}":
        "不支持版本 {version}；本排程系统读取 org.yaml 版本 {supported}",
    "{key} must be a list": "{key} 必须是列表",
    "measures must be a list of {id, target}": "measures 必须是 {id, target} 的列表",
    "a person must be a mapping: {technician, role} or {id, name, role}":
        "人员必须是映射：{technician, role} 或 {id, name, role}",
    "a person needs exactly one of technician (an id of technicians.csv) or id with a name":
        "人员必须且只能填 technician（technicians.csv 里的编号）或 id 加 name 其中一种",
    "{role} is not a role of org.yaml (roles:)": "{role} 不是 org.yaml 里的岗位（roles:）",
    "technician {id} appears twice in the tree": "技师 {id} 在组织树里出现了两次",
    "person {id} appears twice in the tree": "人员 {id} 在组织树里出现了两次",
    "{key} entry {index} must be a mapping with an id": "{key} 的第 {index} 项必须是带 id 的映射",
    "{key} entry {index} has no id": "{key} 的第 {index} 项没有 id",
    "each measure of a role needs an id": "岗位的每个考核指标都需要 id",
    "the roles' reporting lines form a cycle: {roles}": "岗位的汇报关系形成了循环：{roles}",
    "a unit must be a mapping with id, name, leader, members, groups":
        "部门必须是包含 id、name、leader、members、groups 的映射",
    "the unit has no id": "该部门没有 id",
    "measure {id} appears twice (first as entry {first})": "考核指标 {id} 出现了两次（第一次是第 {first} 项）",
    "role {id} appears twice (first as entry {first})": "岗位 {id} 出现了两次（第一次是第 {first} 项）",
    "role {id} reports to itself": "岗位 {id} 向自己汇报",
    "{id} is not a measure of the catalogue (measures:)": "{id} 不是指标目录（measures:）里的考核指标",
    "unit {id} appears twice in the tree (a unit cannot contain itself or repeat)":
        "部门 {id} 在组织树里出现了两次（部门不能包含自己，也不能重复）",
    "technician {id} is not in technicians": "技师 {id} 不在技师名单里",
    "person {id} has no name; office staff need id and name": "人员 {id} 没有 name；办公室人员需要 id 和 name",
    "reports_to {role} is not a role of org.yaml; roles are {roles}":
        "reports_to {role} 不是 org.yaml 里的岗位；岗位有 {roles}",
    # --- events of the day (planner/replan/events.py) ---
    "{key} must be a list of ids": "{key} 必须是编号列表",
    "{key} must be a number from {low} to {high}, not {value}": "{key} 必须是 {low} 到 {high} 之间的数字，而不是 {value}",
    "settings must be a mapping": "settings 必须是映射",
    "new_visits must be a list of rows with the columns of visits.csv": "new_visits 必须是按 visits.csv 各列填写的行列表",
    "each entry of {key} must be a mapping with {fields}": "{key} 的每一项都必须是包含 {fields} 的映射",
    "{key} entry lacks {name}": "{key} 的一项缺少 {name}",
    "unknown field {name} (expected {fields})": "未知字段 {name}（应为 {fields}）",
    "unknown setting {key} (expected {keys})": "未知设置 {key}（应为 {keys}）",
    "the events file must be a mapping of event kinds": "事件文件必须是按事件类型组织的映射",
    "unknown event kind {key} (expected {keys})": "未知事件类型 {key}（应为 {keys}）",
    "visit {id} has not started by {at}; only a visit in progress can run late":
        "上门 {id} 到 {at} 还没有开始；只有进行中的上门才会超时",
    "no moment given: pass --at HH:MM or write at: in the events": "没有给出时刻：请加 --at HH:MM 或在事件里写 at:",
    "{key} must be a whole number of minutes, 0 or more, not {value}": "{key} 必须是 0 或以上的整分钟数，而不是 {value}",
    "unknown visit {id}": "未知上门 {id}",
    "unknown technician {id}": "未知技师 {id}",
    "visit {id} already started with {who}; it stays in the plan": "上门 {id} 已由 {who} 开始；它保留在计划里",
    # --- scenario files (planner/scenarios/*) ---
    "{key} is missing in {where}": "{where} 里缺少 {key}",
    "{name} must be a mapping with keys such as {keys}": "{name} 必须是映射，键如 {keys}",
    "{where} must be a list of {items}": "{where} 必须是 {items} 的列表",
    "{key} is empty": "{key} 为空",
    "{where} must be {hint}a technician id or a list of ids": "{where} 必须是 {hint}一个技师编号或编号列表",
    "unknown technician {ids}; the day has {known}": "未知技师 {ids}；当天的技师有 {known}",
    "technician {ids} is listed more than once": "技师 {ids} 列了不止一次",
    "unknown {name} {names}; the dataset knows {known}": "未知的 {name} {names}；数据集里有 {known}",
    "{key} is not a key of {name}; expected one of {keys}": "{key} 不是 {name} 的键；应为 {keys} 之一",
    "{out} is a file; --out needs a folder for the report": "{out} 是文件；--out 需要一个放报告的文件夹",
    "{out} is a folder that holds other files and no earlier scenario report; choose a new or empty folder":
        "{out} 文件夹里有其他文件，且不是之前的情景报告；请选一个新的或空的文件夹",
    "the scenario file is empty; expected variants and/or sweeps": "情景文件是空的；应有 variants 和/或 sweeps",
    "the scenario file has no variants and no sweeps; nothing to compare":
        "情景文件既没有 variants 也没有 sweeps；没有可比较的内容",
    "name {name} cannot name a plan file; use letters, digits, '-', '_' and '.' (at most 64), starting with a "
    "letter or digit":
        "名称 {name} 不能用作计划文件名；请用字母、数字、“-”、“_”和“.”（最多 64 个），并以字母或数字开头",
    "like names one technician to copy": "like 应写一名要照搬的技师",
    "ids {ids} are already in use": "编号 {ids} 已被使用",
    "ids lists {given} ids but count is {count}": "ids 列了 {given} 个编号，但 count 是 {count}",
    "the new people's shift {start}-{end} does not end after it starts": "新人员的班次 {start}-{end} 结束不晚于开始",
    "removing {ids} leaves nobody on the day; a day needs at least one technician to plan":
        "去掉 {ids} 后当天没有人了；排程一天至少需要一名技师",
    "roster needs the week's roster folder: {why}": "roster 需要本周的排班文件夹：{why}",
    "no roster can keep these rules (see planner roster for which rules and people clash)":
        "没有排班方案能满足这些规则（用 planner roster 查看哪些规则和人员冲突）",
    "demand gives scale (such as 1.3), extra_visits (a CSV file) or both":
        "demand 应给出 scale（如 1.3）、extra_visits（一个 CSV 文件）或两者",
    "from {first} is more than to {last}; a sweep counts up": "from {first} 大于 to {last}；扫描是从小往大数的",
    "a shifts entry gives shift_start, shift_end or both": "shifts 的一项应给出 shift_start、shift_end 或两者",
    "the shift would not end after it starts for {ids}": "{ids} 的班次结束将不晚于开始",
    "a regions entry gives either set (replace the regions; [] = everywhere) or add (cover these too), not both "
    "or neither":
        "regions 的一项要么给 set（替换区域；[] = 不限区域），要么给 add（再负责这些区域），不能两者都给或都不给",
    "shift {id} is not a shift of roster_rules.yaml; expected one of {shifts}":
        "班次 {id} 不是 roster_rules.yaml 里的班次；应为 {shifts} 之一",
    "shift {id} would not end after it starts": "班次 {id} 结束将不晚于开始",
    "scale {scale} is more than {most}; expected a factor such as 1.3": "scale {scale} 大于 {most}；应为如 1.3 这样的倍数",
    "extra_visits names a file beside a scenario file; a scenario sent on its own cannot use one (use scale, or "
    "plan the day with the extra visits)":
        "extra_visits 指的是情景文件旁边的文件；单独发送的情景无法使用（请用 scale，或带上额外上门一起排程）",
    "extra_visits {name} does not exist next to the scenario file": "情景文件旁边没有 extra_visits {name}",
    "variant name {name} is used twice (first on line {first}); each variant needs its own name":
        "方案名 {name} 用了两次（第一次在第 {first} 行）；每个方案需要自己的名字",
    "{who} already holds {skill} at level 5, the highest": "{who} 的 {skill} 已是最高的 5 级",
    "{who} already holds {skill} at level {current}; training to level {target} changes nothing":
        "{who} 的 {skill} 已是 {current} 级；培训到 {target} 级没有变化",
    # --- service rules, slots, travel, follow-up settings ---
    "{key} {resolution} is less than complaint_{grade}_response_hours {response}; a complaint cannot be resolved "
    "before it is answered":
        "{key} {resolution} 小于 complaint_{grade}_response_hours {response}；投诉不能在响应之前就解决",
    "preferred_days must be a list of dates written YYYY-MM-DD": "preferred_days 必须是 YYYY-MM-DD 日期的列表",
    "preferred_days {date} is not among the days offered, {first} to {last}; ask for more days":
        "preferred_days {date} 不在可选的日子 {first} 到 {last} 之内；请多要几天",
    "unknown key {key} (expected {keys})": "未知键 {key}（应为 {keys}）",
    "{key} must be a number": "{key} 必须是数字",
    "the day's travel matrices between {places} places (technicians' bases and visits planned together) would "
    "need about {needed} MB, above the limit of {limit} MB ({variable}, by default half the machine's memory); "
    "plan fewer visits at once, or raise the limit on a machine with more memory":
        "当天 {places} 个地点（技师出发地和一起排程的上门）之间的路程矩阵约需 {needed} MB，超过上限 {limit} MB"
        "（{variable}，默认是本机内存的一半）；请一次少排一些上门，或在内存更大的机器上提高上限",
    "{variable}={given} is not a number of megabytes above 0, such as 4096":
        "{variable}={given} 不是大于 0 的兆字节数，如 4096",
    # --- the API's requests (web/api/*) ---
    "time_limit {value} is not a number of seconds above 0 and at most {cap}":
        "time_limit {value} 不是大于 0 且不超过 {cap} 的秒数",
    "seed {value} is not a whole number from 0 to {most}": "seed {value} 不是 0 到 {most} 之间的整数",
    "{key} must be one of {keys}": "{key} 必须是 {keys} 之一",
    "{key} must be a date written YYYY-MM-DD": "{key} 必须是 YYYY-MM-DD 格式的日期",
    "{key} is required, YYYY-MM-DD": "{key} 必填，格式 YYYY-MM-DD",
    "{key} must be a whole number from {low} to {high}": "{key} 必须是 {low} 到 {high} 之间的整数",
    "{key} must be at most {most}": "{key} 不能超过 {most}",
    "date must be the plan date, written YYYY-MM-DD": "date 必须是排程日期，格式 YYYY-MM-DD",
    "the body must be a JSON object with {keys}": "请求体必须是包含 {keys} 的 JSON 对象",
    "{key} must be a time written HH:MM": "{key} 必须是 HH:MM 格式的时刻",
    "visit must be an object with the columns of visits.csv": "visit 必须是按 visits.csv 各列填写的对象",
    "slot must be an object with date, window_start, window_end and technician_id, as /slots offers it":
        "slot 必须是包含 date、window_start、window_end 和 technician_id 的对象，与 /slots 给出的一样",
    "window_end must be after window_start": "window_end 必须晚于 window_start",
    "technician_id must be the id of a technician of the day": "technician_id 必须是当天某位技师的编号",
    "date must be written YYYY-MM-DD, from {first} to {last}": "date 必须写成 YYYY-MM-DD，从 {first} 到 {last}",
    "{key} must be an id written as text": "{key} 必须是以文本写的编号",
    "position must be a whole number from 0 (first)": "position 必须是从 0（第一个）开始的整数",
    "a {edit} needs technician_id": "{edit} 需要 technician_id",
    "an urgent visit is booked on the plan's day, {date}": "紧急上门只能预约在计划当天，{date}",
    "the body must be a JSON object of settings": "请求体必须是设置的 JSON 对象",
    'the body must be {"grade": one of {grades}}': '请求体必须是 {"grade": {grades} 之一}',
    "advice {value} is not true or false": "advice {value} 不是 true 或 false",
    "{key} is missing": "缺少 {key}",
    "{key} is not a key of a scenario request; expected {keys}": "{key} 不是情景请求的键；应为 {keys}",
    "the scenarios make {count} variants (sweep steps included); this server runs at most {most} at a time":
        "这些情景共有 {count} 个方案（含扫描的各步）；本服务器一次最多运行 {most} 个",
    "the day has no technicians; scenarios change the staffing of a day that has some":
        "当天没有技师；情景是在已有人员的基础上调整人手",
    "the body must be a JSON object with dataset and scenarios": "请求体必须是包含 dataset 和 scenarios 的 JSON 对象",
    "the scenario text has {count} characters; a scenario file of at most {most} is accepted":
        "情景文本有 {count} 个字符；情景文件最多接受 {most} 个",
    "aliases (*name) are not accepted; write the values out": "不接受别名（*name）；请把值直接写出来",
    "scenarios must be the scenario file as YAML text, or a JSON object with base, variants and sweeps":
        "scenarios 必须是 YAML 文本形式的情景文件，或包含 base、variants 和 sweeps 的 JSON 对象",
    "the scenarios are nested more than {depth} levels deep; a scenario file needs far fewer":
        "情景嵌套超过 {depth} 层；情景文件用不到这么多层",
    "{key} must be a text of 1 to {limit} characters": "{key} 必须是 1 到 {limit} 个字符的文本",
    "at must be a date and time with its offset, e.g. 2026-11-23T10:05:00+08:00":
        "at 必须是带时区偏移的日期时间，如 2026-11-23T10:05:00+08:00",
    "note must be a text of at most {most} characters": "note 必须是不超过 {most} 个字符的文本",
    "version must be a whole number from 1": "version 必须是从 1 开始的整数",
    "{key} is required": "{key} 必填",
    # --- a request's value of the wrong kind (web/api/shapes.py; the wording is pydantic's, lower-cased) ---
    "{column} {value}: {reason}": "{column} 的值 {value}：{reason}",
    "{reason}; or {more}": "{reason}；或{more}",
    "input should be a valid string": "应为文本",
    "input should be a valid integer": "应为整数",
    "input should be a valid number": "应为数字",
    "input should be a valid boolean": "应为 true 或 false",
    "input should be a valid list": "应为列表",
    "input should be a valid array": "应为数组",
    "input should be a valid dictionary": "应为对象",
    "input should be an object": "应为对象",
    "input should be null": "应为空（null）",
    "field required": "必填",
    "input should be a valid date": "应为有效日期",
    "input should be a valid date in the format yyyy-mm-dd, {detail}": "应为 yyyy-mm-dd 格式的日期，{detail}",
    "list should have at least {count} item after validation, not {given}": "列表至少应有 {count} 项，而不是 {given}",
    "list should have at least {count} items after validation, not {given}": "列表至少应有 {count} 项，而不是 {given}",
    "extra inputs are not permitted": "不允许多余的字段",
    "input should be greater than or equal to {low}": "应大于或等于 {low}",
    "input should be less than or equal to {high}": "应小于或等于 {high}",
    "input should be greater than {low}": "应大于 {low}",
    "input should be less than {high}": "应小于 {high}",
    "string should have at most {count} characters": "文本最多 {count} 个字符",
    "string should match pattern '{pattern}'": "文本应符合格式 '{pattern}'",
    # --- what the errors mean, after the count the command prints (planner_cli) ---
    "{path} cannot be planned": "{path} 无法排程",
    "{path} cannot be checked": "{path} 无法检查",
    "{path} cannot be published": "{path} 无法发布",
    "{path} cannot be used": "{path} 无法使用",
    "{path} cannot be rostered": "{path} 无法排班",
    "nothing written to {path}": "没有写入 {path}",
}
#: Sentence parts, said only where a sentence holds them (``SAID``): never a whole problem.
PARTS: dict[str, str] = {
    # --- what a cell holds or is (control characters, kinds of JSON values, list entries) ---
    "a tab (U+{code})": "制表符（U+{code}）",
    "a line break (U+{code})": "换行符（U+{code}）",
    "a carriage return (U+{code})": "回车符（U+{code}）",
    "a control character (U+{code})": "控制字符（U+{code}）",
    "an id": "编号",
    "a name": "名称",
    "skill": "技能",
    "part": "配件",
    "technician": "技师",
    "visit": "上门",
    "region": "区域",
    "an object": "一个对象",
    "a list": "一个列表",
    "null": "空值（null）",
    "the value {value}": "值 {value}",
    "technician id": "技师编号",
    "leave of the same person on the same date": "同一人同一日期的请假",
    "demand for the same date, shift and skill": "同一日期、班次和技能的需求",
    "request of the same person for the same date": "同一人同一日期的申请",
    "history of the same person on the same date": "同一人同一日期的历史记录",
    # --- why a date is not one (pydantic's words, lower-cased) ---
    "day value is outside expected range": "日超出范围",
    "month value is outside expected range": "月超出范围",
    "invalid character in year": "年份里有无效字符",
    "invalid character in month": "月份里有无效字符",
    "invalid character in day": "日里有无效字符",
    "input is too short": "太短",
    "input is too long": "太长",
    # --- what a number was expected to be (the "meaning" of a number cell) ---
    "a number": "数字",
    "a whole number, 0 or more": "0 或以上的整数",
    "{low} (urgent) to {high} (low)": "{low}（紧急）到 {high}（低）",
    "a level from 1 to 5": "1 到 5 的等级",
    "a quantity that is a positive whole number up to 10000": "不超过 10000 的正整数数量",
    "a whole number from {low} to {high}": "{low} 到 {high} 之间的整数",
    "a whole number of visits from {low} to {high}": "{low} 到 {high} 之间的整数（上门次数）",
    "a whole number of minutes from {low} to {high}": "{low} 到 {high} 之间的整数（分钟）",
    "a whole number of pieces from {low} to {high}": "{low} 到 {high} 之间的整数（件数）",
    "a whole number of days from {low} to {high}": "{low} 到 {high} 之间的整数（天数）",
    "a whole number of extra people from {low} to {high}": "{low} 到 {high} 之间的整数（新增人数）",
    "a whole number of visits, 0 or more": "0 或以上的整数（上门次数）",
    "a whole number of people, 0 or more": "0 或以上的整数（人数）",
    "a number of days from {low} to {high}": "{low} 到 {high} 之间的天数",
    "a number of people from {low} to {high}": "{low} 到 {high} 之间的人数",
    "a number of days, 1 or more": "1 或以上的天数",
    "whole days, 1 or more, such as 30": "1 或以上的整天数，如 30",
    "whole working days, 0 or more": "0 或以上的整工作日数",
    "whole minutes, 0 or more (0 = no break)": "0 或以上的整分钟数（0 = 不休息）",
    "rest days in a week, 0 to 7": "每周休息天数，0 到 7",
    "days in a week, 0 to 7": "每周天数，0 到 7",
    "hours in a week, 0 to 168": "每周小时数，0 到 168",
    "hours from 0 to 48": "0 到 48 小时",
    "hours above 0, such as 24": "大于 0 的小时数，如 24",
    "a latitude from -90 to 90": "-90 到 90 之间的纬度",
    "a longitude from -180 to 180": "-180 到 180 之间的经度",
    "a factor above 0 and at most {high}, such as 1.3": "大于 0 且不超过 {high} 的倍数，如 1.3",
    "a factor from {low} to {high}, such as 1.3": "{low} 到 {high} 之间的系数，如 1.3",
    "an average speed in km/h from {low} to {high}, such as 30": "{low} 到 {high} 之间的平均车速（km/h），如 30",
}
# fmt: on

#: The catalogue of input problems; a column or key is one word.
PROBLEMS = Catalogue(SENTENCES, PARTS, SAID, frames=FRAMES, one_word=frozenset({"column", "key"}))


def chinese(english: str) -> str | None:
    """The Chinese form of an English problem sentence, None when no entry reads it."""
    return PROBLEMS.chinese(english)


def say_zh(english: str) -> str:
    """The sentence in Chinese, or as written when no entry reads it."""
    return PROBLEMS.say_zh(english)
