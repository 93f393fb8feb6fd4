"""Input problems in Chinese, beside the English sentence the loaders write.

A dispatcher in Guangzhou fixing a spreadsheet reads the problem in
Chinese; scripts, logs and tests keep the English ``Problem.message``.
Rather than every loader writing two sentences that could drift apart,
each English sentence form has one entry here with its Chinese form,
both templates with the same named values (``{column}``, ``{value}``...).
The English message is matched against the English templates and the
values it held are put, unchanged, into the Chinese one: ids, column and
file names and numbers read the same in both languages.

Values named in ``SAID`` are themselves sentence parts (why a cell is
wrong, what was expected), said in Chinese through the same catalogue,
so a cell's ``is not a clock time; expected ...`` is written once and
reads right under every column of every file. A message no entry
matches stays English: better a true English sentence than a wrong
Chinese one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

#: Values said in Chinese too, and where their Chinese comes from: a reason is a sentence of its own
#: (``SENTENCES``), the others are parts (``PARTS``); every other value is kept as written.
SAID = {"reason": "sentence", "meaning": "part", "found": "part", "what": "part", "thing": "part", "kind": "part"}

_VALUE = re.compile(r"\{(\w+)\}")

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
    "new visit: {reason}": "新增上门：{reason}",
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

_CATALOGUES = {"sentence": SENTENCES, "part": PARTS}


def values(template: str) -> list[str]:
    """The named values of a template, in order."""
    return _VALUE.findall(template)


@functools.cache
def _compiled(kind: str) -> tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]:
    """Each English template of a catalogue as (template, its pieces, a quick filter), longest wording first.

    The longest wording is tried first so that a sentence is read by its
    own entry before a looser one (``{column} {value} {reason}``) could.
    """
    entries = []
    for english in _CATALOGUES[kind]:
        pieces = tuple(_VALUE.split(english))
        pattern = "".join(re.escape(p) if i % 2 == 0 else "(.+?)" for i, p in enumerate(pieces))
        entries.append((english, pieces, re.compile(pattern, re.DOTALL)))
    return tuple(sorted(entries, key=lambda entry: (-sum(len(p) for p in entry[1][::2]), entry[0])))


def _readings(pieces: tuple[str, ...], text: str) -> Iterator[dict[str, str]]:
    """Every way ``text`` fills the template's values (a value is never empty)."""

    def walk(index: int, at: int, found: dict[str, str]) -> Iterator[dict[str, str]]:
        if index == len(pieces):
            if at == len(text):
                yield found
            return
        if index % 2 == 0:
            if text.startswith(pieces[index], at):
                yield from walk(index + 1, at + len(pieces[index]), found)
            return
        name, after = pieces[index], pieces[index + 1]
        if index + 2 == len(pieces) and not after:
            ends = [len(text)] if at < len(text) else []
        else:
            ends = [at + 1 + m.start() for m in re.finditer(f"(?={re.escape(after)})", text[at + 1 :])]
        for end in ends:
            value = text[at:end]
            if found.get(name, value) == value:
                yield from walk(index + 1, end, {**found, name: value})

    yield from walk(0, 0, {})


@functools.lru_cache(maxsize=4096)
def _said(english: str, kind: str) -> str | None:
    for template, pieces, quick in _compiled(kind):
        if not quick.fullmatch(english):
            continue
        for found in _readings(pieces, english):
            said = {name: _said(value, SAID[name]) if name in SAID else value for name, value in found.items()}
            if all(text is not None for text in said.values()):
                return fill(_CATALOGUES[kind][template], said)
    return None


def fill(template: str, given: dict[str, str | None]) -> str:
    """The template with its named values put in (``str.format`` would trip on a literal ``{id: day}``)."""
    return _VALUE.sub(lambda match: str(given[match[1]]), template)


def chinese(english: str) -> str | None:
    """The Chinese form of an English problem sentence, None when no entry reads it."""
    return _said(english, "sentence")


def say_zh(english: str) -> str:
    """The sentence in Chinese, or as written when no entry reads it."""
    return chinese(english) or english
