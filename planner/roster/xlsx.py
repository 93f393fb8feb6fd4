"""The roster as an Excel workbook: the grid a manager posts on the wall.

Sheet one is the grid (rest days shaded, leave marked, weekends tinted,
coverage under it with shortfalls in red), set up to print on one A4
landscape page; sheet two lists the shortfalls and the search's figures.
Every text cell is stored as text, so a name starting with ``=`` is never
run as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from planner.roster.explain import ShortfallReport
from planner.roster.grid import coverage_rows, day_header, person_rows, text
from planner.roster.week import Week

FILLS = {
    "rest": PatternFill("solid", fgColor="D9D9D9"),
    "leave": PatternFill("solid", fgColor="FFE699"),
    "weekend": PatternFill("solid", fgColor="DDEBF7"),
    "short": PatternFill("solid", fgColor="FFC7CE"),
    "header": PatternFill("solid", fgColor="BDD7EE"),
}
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHORT_FONT = Font(color="9C0006", bold=True)


def _put(sheet, row: int, column: int, value, fill: PatternFill | None = None, bold: bool = False):
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.border = BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center")
    if fill is not None:
        cell.fill = fill
    if bold:
        cell.font = Font(bold=True)
    return cell


def roster_xlsx(
    week: Week,
    shifts: Mapping[tuple[str, dt.date], str],
    lang: str = "zh",
    shortfalls: Iterable[ShortfallReport] = (),
    figures: Iterable[tuple[str, str]] = (),
) -> bytes:
    """The workbook's bytes."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet), "a new workbook starts with one worksheet"
    sheet.title = text("roster", lang)
    dates = week.rules.dates
    heads = [
        text("technician", lang),
        text("group", lang),
        *(day_header(d, lang) for d in dates),
        text("days", lang),
        text("hours", lang),
    ]
    for column, head in enumerate(heads, start=1):
        _put(sheet, 1, column, head, FILLS["header"], bold=True)
    row = 2
    for person in person_rows(week, shifts, lang):
        _put(sheet, row, 1, person.label).alignment = Alignment(horizontal="left")
        _put(sheet, row, 2, person.group)
        for offset, cell in enumerate(person.cells):
            fill = FILLS[cell.kind] if cell.kind != "shift" else (FILLS["weekend"] if cell.weekend else None)
            _put(sheet, row, 3 + offset, cell.text, fill)
        _put(sheet, row, 3 + len(dates), person.days)
        _put(sheet, row, 4 + len(dates), round(person.hours, 1))
        row += 1
    row += 1
    coverage = coverage_rows(week, shifts, lang)
    if coverage:
        _put(sheet, row, 1, text("coverage", lang), FILLS["header"], bold=True)
        row += 1
        for line in coverage:
            _put(sheet, row, 1, line.skill).alignment = Alignment(horizontal="left")
            _put(sheet, row, 2, line.shift)
            for offset, count in enumerate(line.counts):
                if count is None:
                    _put(sheet, row, 3 + offset, "")
                    continue
                on, needed = count
                cell = _put(sheet, row, 3 + offset, f"{on}/{needed}", FILLS["short"] if on < needed else None)
                if on < needed:
                    cell.font = SHORT_FONT
            row += 1
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 10
    for offset in range(len(dates) + 2):
        sheet.column_dimensions[get_column_letter(3 + offset)].width = 10
    sheet.freeze_panes = "C2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    _notes(book, lang, list(shortfalls), list(figures))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _notes(book: Workbook, lang: str, shortfalls: list[ShortfallReport], figures: list[tuple[str, str]]) -> None:
    """Second sheet: the search's figures and every shortfall with its reason."""
    sheet = book.create_sheet("说明" if lang == "zh" else "Notes")
    row = 1
    for name, value in figures:
        _put(sheet, row, 1, name, bold=True).alignment = Alignment(horizontal="left")
        _put(sheet, row, 2, value).alignment = Alignment(horizontal="left")
        row += 1
    row += 1
    heads = (
        ("日期", "班次", "技能", "需要", "已排", "原因")
        if lang == "zh"
        else ("Date", "Shift", "Skill", "Needed", "Rostered", "Why")
    )
    for column, head in enumerate(heads, start=1):
        _put(sheet, row, column, head, FILLS["header"], bold=True)
    for report in shortfalls:
        row += 1
        for column, cell_value in enumerate(
            (report.date.isoformat(), report.shift, report.skill, report.needed, report.rostered, report.why.get(lang)),
            start=1,
        ):
            _put(sheet, row, column, cell_value, FILLS["short"] if column == 5 else None)
        sheet.cell(row=row, column=6).alignment = Alignment(horizontal="left", wrap_text=True)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["F"].width = 90
