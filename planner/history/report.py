"""KPI rows as a terminal table, CSV, an Excel workbook, and JSON for other programs.

One formatter for ``planner kpis --format table|csv|json`` and the pages'
downloads, so a figure reads the same everywhere. Rates keep the counts
they came from in every form ("92.0 % (46/50)" in the table, three
columns in CSV, three fields in JSON). Keys are shown by name when a
name is given (people read names, never ids).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from planner.history.kpis import KPI_NAMES, KPI_TITLES, RATES, Figure, KpiRow

Format = Literal["table", "csv", "json"]
FORMATS: tuple[str, ...] = ("table", "csv", "json")

#: How a row with no department, group or technician is shown, Chinese then English.
UNASSIGNED: tuple[str, str] = ("未分配", "unassigned")

#: Decimals kept in CSV and JSON: rates to 0.01 %, hours and days to about a minute and a quarter hour.
_DECIMALS = {"response_time_hours": 2, "backlog_age_days": 2, "backlog_open": 0}


def _rounded(name: str, value: float | None) -> float | int | None:
    if value is None:
        return None
    if name == "backlog_open":
        return int(value)
    return round(value, _DECIMALS.get(name, 4))


def figure_json(name: str, figure: Figure) -> dict[str, Any]:
    """``{"value", "numerator", "denominator"}`` for a rate, ``{"value", "count"}`` otherwise."""
    if name in RATES:
        return {"value": _rounded(name, figure.value), "numerator": figure.numerator, "denominator": figure.denominator}
    return {"value": _rounded(name, figure.value), "count": figure.count}


def as_json(rows: Sequence[KpiRow], names: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """One object per period and key, with each KPI under its contract name."""
    names = names or {}
    return [
        {
            "period": row.period.label,
            "start": row.period.start.isoformat(),
            "end": row.period.end.isoformat(),
            "by": row.by,
            "key": row.key,
            "name": names.get(row.key, row.key),
            **{name: figure_json(name, row.figures[name]) for name in KPI_NAMES},
        }
        for row in rows
    ]


def csv_columns() -> list[str]:
    """period, start, end, by, key, name, then each KPI with its counts beside it."""
    columns = ["period", "start", "end", "by", "key", "name"]
    for name in KPI_NAMES:
        columns += [name, f"{name}_numerator", f"{name}_denominator"] if name in RATES else [name, f"{name}_count"]
    return columns


def as_csv(rows: Sequence[KpiRow], names: Mapping[str, str] | None = None) -> str:
    """Comma-separated text with a header; an empty cell where there was nothing to count."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_columns())
    for item in as_json(rows, names):
        line = [item["period"], item["start"], item["end"], item["by"], item["key"], item["name"]]
        for name in KPI_NAMES:
            line += ["" if value is None else value for value in item[name].values()]
        writer.writerow(line)
    return out.getvalue()


def as_xlsx(rows: Sequence[KpiRow], names: Mapping[str, str] | None = None, english: bool = False) -> bytes:
    """An Excel workbook with the CSV's columns under a header row a person reads.

    The first row names each column in Chinese (or English), the second
    gives the column names of the CSV so a sheet can be read back by
    program; rates are cells formatted as percentages, counts as numbers.
    """
    language = 1 if english else 0
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet), "a new workbook starts with one worksheet"
    sheet.title = "KPI"
    columns = csv_columns()
    sheet.append([_column_title(column, language) for column in columns])
    sheet.append(columns)
    for item in as_json(rows, names):
        line: list[object] = [
            item["period"],
            item["start"],
            item["end"],
            item["by"],
            item["key"],
            item["name"] or UNASSIGNED[language],
        ]
        for name in KPI_NAMES:
            line += list(item[name].values())
        sheet.append(line)
    for index, column in enumerate(columns, start=1):
        if column in RATES:
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = "0.0%"
    sheet.freeze_panes = "C3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column_title(column: str, language: int) -> str:
    """期间 / 按时完成率 / 按时完成率（分子） for period / on_time_completion / ..._numerator."""
    fixed = {
        "period": ("期间", "period"),
        "start": ("开始", "from"),
        "end": ("结束", "to"),
        "by": ("维度", "by"),
        "key": ("编号", "id"),
        "name": ("对象", "who"),
    }
    if column in fixed:
        return fixed[column][language]
    for suffix, words in (
        ("_numerator", ("分子", "numerator")),
        ("_denominator", ("分母", "denominator")),
        ("_count", ("单数", "orders")),
    ):
        if column.endswith(suffix):
            title = KPI_TITLES[column[: -len(suffix)]][language]
            return f"{title}（{words[0]}）" if language == 0 else f"{title} ({words[1]})"
    return KPI_TITLES[column][language]


def figure_text(name: str, figure: Figure) -> str:
    """``92.0% (46/50)``, ``73.0 h (3)``, ``12``, ``4.5 d (12)``; ``-`` when nothing was counted."""
    if name in RATES:
        if figure.value is None:
            return "-"
        return f"{figure.value * 100:.1f}% ({figure.numerator}/{figure.denominator})"
    if name == "backlog_open":
        return f"{int(figure.value or 0)}"
    if figure.value is None:
        return "-"
    unit = "h" if name == "response_time_hours" else "d"
    return f"{figure.value:.1f} {unit} ({figure.count})"


def as_table(rows: Sequence[KpiRow], names: Mapping[str, str] | None = None, english: bool = False) -> str:
    """An aligned text table for a terminal, headed in Chinese (or English)."""
    names = names or {}
    language = 1 if english else 0
    header = ["period" if english else "期间", "who" if english else "对象"]
    header += [KPI_TITLES[name][language] for name in KPI_NAMES]
    lines = [header]
    for row in rows:
        who = names.get(row.key, row.key) or UNASSIGNED[language]
        lines.append([row.period.label, who] + [figure_text(n, row.figures[n]) for n in KPI_NAMES])
    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    return (
        "\n".join("  ".join(_pad(cell, width) for cell, width in zip(line, widths)).rstrip() for line in lines) + "\n"
    )


def render(rows: Sequence[KpiRow], form: Format, names: Mapping[str, str] | None = None, english: bool = False) -> str:
    """The rows in the chosen format, as text ready to print or save."""
    if form == "json":
        return json.dumps(as_json(rows, names), ensure_ascii=False, indent=2) + "\n"
    if form == "csv":
        return as_csv(rows, names)
    return as_table(rows, names, english)


def _width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
