"""Parsing one cell of a dataset table into the value the models need.

Each parser takes a cleaned cell (see ``tables.Cell``) and either returns
the value or raises ``CellError`` with the end of a sentence saying what
is wrong and what is expected. The row reader puts the column name and the
cell in front, so a person reads e.g. ``priority 7 is out of range;
expected 1 (urgent) to 4 (low)``. The accepted forms are those listed in
``docs/formats.md``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import zoneinfo
from collections.abc import Iterable, Mapping

from planner.domain import MINUTES_PER_DAY, PRIORITY_LABELS, VISIT_TYPES
from planner.io.tables import Cell

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
#: The clock times ``parse_clock`` takes from text, as JSON Schema patterns (the API's document states them):
#: hours 0-23 with one or two digits, minutes 00-59, seconds only 00; a time that ends something may be 24:00.
_CLOCK_TEXT = r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::00)?"
_END_CLOCK_TEXT = rf"(?:{_CLOCK_TEXT}|24:00(?::00)?)"
CLOCK_PATTERN = rf"^{_CLOCK_TEXT}$"
END_CLOCK_PATTERN = rf"^{_END_CLOCK_TEXT}$"
#: ``parse_clock_window``'s ``HH:MM-HH:MM`` (its end after its start is checked when read).
WINDOW_PATTERN = rf"^{_CLOCK_TEXT}\s*-\s*{_END_CLOCK_TEXT}$"
_ITEM_SEPARATORS = re.compile(r"[;；]")
_PAIR_SEPARATORS = re.compile(r"[:：]")
_SHOWN_LENGTH = 60
#: Unicode's control characters (category Cc): C0 (U+0000-U+001F), DEL and C1 (U+007F-U+009F).
_CONTROL_RANGES = r"\x00-\x1f\x7f-\x9f"
_CONTROL = re.compile(f"[{_CONTROL_RANGES}]")
#: A text free of them, as a JSON Schema pattern (the API's document states it for ids and names).
NO_CONTROL_PATTERN = f"^[^{_CONTROL_RANGES}]*$"
_CONTROL_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}


class CellError(ValueError):
    """A cell that cannot be used; the message completes ``<column> <value> ...``."""


def show(value: Cell) -> str:
    """The cell as a person would recognise it in a message."""
    if isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    elif isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    if len(text) > _SHOWN_LENGTH:
        text = text[: _SHOWN_LENGTH - 3] + "..."
    return _CONTROL.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)


def control_character(text: str) -> str | None:
    """The first control character of ``text`` as a person reads it (``a tab (U+0009)``), None when clean.

    Ids are keys: the store's KPI query joins them with U+001F, CSV
    exports, calendar files and page ids split or break on tabs and line
    breaks. Names are shown on pages and in calendars, one line each.
    Neither can hold one, whatever door it came in by.
    """
    match = _CONTROL.search(text)
    if match is None:
        return None
    char = match[0]
    return f"{_CONTROL_NAMES.get(char, 'a control character')} (U+{ord(char):04X})"


def control_refusal(text: str, what: str) -> str | None:
    """Why ``text`` cannot be ``what`` (an id, a name), completing ``<column> <value> ...``; None when it can."""
    found = control_character(text)
    if found is None:
        return None
    return f"holds {found}; {what} must be plain text without tabs, line breaks or other control characters"


def parse_id(value: Cell) -> str:
    """An id: plain text (numbers become their digits) without control characters."""
    return _one_line(value, "an id")


def parse_label(value: Cell) -> str:
    """A name or label a page shows on one line: plain text without control characters.

    Spaces inside, Chinese and punctuation are ordinary text; addresses
    and notes, which may run over lines, are read with ``parse_text``.
    """
    return _one_line(value, "a name")


def _one_line(value: Cell, what: str) -> str:
    text = parse_text(value)
    if refusal := control_refusal(text, what):
        raise CellError(refusal)
    return text


def parse_text(value: Cell) -> str:
    """Plain text; numbers from a spreadsheet (ids, phone numbers) become their digits."""
    if isinstance(value, (list, dict)):
        kind = "a list" if isinstance(value, list) else "an object"
        raise CellError(f"is {kind}; expected plain text")
    if isinstance(value, bool):
        raise CellError("is a yes/no value; expected plain text")
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def parse_clock(value: Cell, *, end: bool = False) -> int:
    """Minutes after midnight; ``24:00`` only where the time ends something."""
    latest = MINUTES_PER_DAY if end else MINUTES_PER_DAY - 1
    expected = f"expected HH:MM from 00:00 to {'24:00' if end else '23:59'}"
    seconds: float
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        hours, minutes, seconds = value.hour, value.minute, value.second + value.microsecond
    elif isinstance(value, dt.timedelta):
        total = value.total_seconds()
        hours, minutes, seconds = int(total // 3600), int(total % 3600 // 60), total % 60
    elif isinstance(value, str) and (match := _CLOCK.fullmatch(value)):
        hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    else:
        raise CellError(f"is not a clock time; {expected}")
    if seconds:
        raise CellError("has seconds; expected whole minutes (HH:MM)")
    total_minutes = hours * 60 + minutes
    if minutes > 59 or not 0 <= total_minutes <= latest:
        raise CellError(f"is not a clock time; {expected}")
    return total_minutes


def parse_date(value: Cell) -> dt.date:
    """A calendar date written ``YYYY-MM-DD`` (or a spreadsheet date cell)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CellError("is not a real date; expected YYYY-MM-DD such as 2026-11-23") from None
    raise CellError("is not a date; expected YYYY-MM-DD such as 2026-11-23")


def parse_timezone(value: Cell) -> str:
    """An IANA time zone name such as ``Asia/Shanghai`` (spelled exactly)."""
    name = parse_text(value)
    if name not in _timezones():
        raise CellError("is not an IANA time zone name; expected a name such as Asia/Shanghai")
    return name


@functools.cache
def _timezones() -> frozenset[str]:
    """The zone names this machine knows (system database or the tzdata package)."""
    return frozenset(zoneinfo.available_timezones())


def parse_clock_window(value: Cell) -> tuple[int, int]:
    """A ``HH:MM-HH:MM`` window as (start, end) minutes; it must not end before it starts."""
    expected = "expected HH:MM-HH:MM such as 11:30-13:30"
    pieces = parse_text(value).split("-")
    if len(pieces) != 2:
        raise CellError(f"is not a time window; {expected}")
    try:
        start = parse_clock(pieces[0].strip())
        end = parse_clock(pieces[1].strip(), end=True)
    except CellError:
        raise CellError(f"is not a time window; {expected}") from None
    if end <= start:
        raise CellError(f"does not end after it starts; {expected}")
    return start, end


def parse_number(
    value: Cell, *, low: float | None = None, high: float | None = None, meaning: str = "a number"
) -> float:
    """A finite decimal number, optionally within ``low``..``high``."""
    number = _to_float(value)
    if number is None or not math.isfinite(number):
        raise CellError(f"is not a number; expected {meaning}")
    if (low is not None and number < low) or (high is not None and number > high):
        raise CellError(f"is out of range; expected {meaning}")
    return number


def parse_positive(value: Cell, *, meaning: str, high: float | None = None, low: float = 0.0) -> float:
    """A number above zero (speeds and factors that would divide or vanish at zero), within ``low``..``high``."""
    number = parse_number(value, meaning=meaning)
    if number <= 0:
        raise CellError(f"is not more than 0; expected {meaning}")
    if number < low or (high is not None and number > high):
        raise CellError(f"is out of range; expected {meaning}")
    return number


def parse_whole(
    value: Cell, *, low: int | None = 0, high: int | None = None, meaning: str = "a whole number, 0 or more"
) -> int:
    """A whole number such as ``60`` or ``60.0`` (spreadsheets add the ``.0``)."""
    number = _to_float(value)
    if number is None or not math.isfinite(number):
        raise CellError(f"is not a number; expected {meaning}")
    if not number.is_integer():
        raise CellError(f"is not a whole number; expected {meaning}")
    whole = int(number)
    if low == 0 and whole < 0:
        raise CellError(f"is negative; expected {meaning}")
    if (low is not None and whole < low) or (high is not None and whole > high):
        raise CellError(f"is out of range; expected {meaning}")
    return whole


def parse_priority(value: Cell) -> int:
    """Priority 1 (urgent) to 4 (low), as the contract numbers them."""
    low, high = min(PRIORITY_LABELS), max(PRIORITY_LABELS)
    meaning = f"{low} ({PRIORITY_LABELS[low]}) to {high} ({PRIORITY_LABELS[high]})"
    return parse_whole(value, low=low, high=high, meaning=meaning)


def parse_visit_type(value: Cell) -> str:
    """One of the contract's visit types; capitals are forgiven."""
    text = parse_text(value).lower()
    if text not in VISIT_TYPES:
        raise CellError(f"is not a visit type; expected one of {', '.join(VISIT_TYPES)}")
    return text


def parse_names(value: Cell) -> tuple[str, ...]:
    """A list of names such as regions: ``a;b``, ``a；b`` or a JSON array."""
    names = tuple(_items(value))
    _check_ids(names)
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise CellError(f"lists {', '.join(duplicates)} more than once")
    return names


def parse_skills(value: Cell) -> dict[str, int]:
    """Skills with levels 1-5: ``skill:level;skill`` (a bare skill is level 1)."""
    return _amounts(value, low=1, high=5, name="skill", meaning="a level from 1 to 5", default=1)


def parse_part_quantities(value: Cell) -> dict[str, int]:
    """Parts taken for a visit: ``part_id:qty;part_id`` (a bare part is 1 piece)."""
    return _amounts(
        value,
        low=1,
        high=10_000,
        name="part",
        meaning="a quantity that is a positive whole number up to 10000",
        default=1,
    )


def _amounts(value: Cell, *, low: int, high: int | None, name: str, meaning: str, default: int) -> dict[str, int]:
    """Shared reading of ``name:number`` lists (skills and part quantities)."""
    pairs = _object_pairs(value) if isinstance(value, dict) else _text_pairs(_items(value))
    amounts: dict[str, int] = {}
    _check_ids(key for key, _ in pairs)
    for key, amount in pairs:
        if not key:
            raise CellError(f"has an entry without a {name} name")
        if key in amounts:
            raise CellError(f"lists {name} {key} twice")
        if amount is None:
            amounts[key] = default
            continue
        try:
            amounts[key] = parse_whole(amount, low=low, high=high, meaning=meaning)
        except CellError:
            raise CellError(f"gives {show(amount)} for {key}; expected {meaning}") from None
    return amounts


def _check_ids(ids: Iterable[str]) -> None:
    """A list's names (regions, skills, parts) are ids, held to ``parse_id``'s rule."""
    for name in ids:
        if refusal := control_refusal(name, "an id"):
            raise CellError(f"lists {show(name)}, which {refusal}")


def _object_pairs(value: Mapping[object, Cell]) -> list[tuple[str, Cell | None]]:
    """``{"skill": level}`` as given in a JSON document."""
    return [(str(key).strip(), _clean_scalar(amount)) for key, amount in value.items()]


def _text_pairs(items: list[str]) -> list[tuple[str, Cell | None]]:
    """``skill:level`` items split at the first colon (ASCII or full-width)."""
    pairs: list[tuple[str, Cell | None]] = []
    for item in items:
        key, *rest = _PAIR_SEPARATORS.split(item, maxsplit=1)
        amount = rest[0].strip() if rest else ""
        pairs.append((key.strip(), amount or None))
    return pairs


def _items(value: Cell) -> list[str]:
    """Split a list cell at ``;``/``；`` or take a JSON array; blanks are dropped."""
    if isinstance(value, list):
        pieces: list[str] = []
        for element in value:
            if isinstance(element, (list, dict)) or element is None:
                raise CellError("has an entry that is not plain text")
            pieces.append(parse_text(element))
    else:
        pieces = _ITEM_SEPARATORS.split(parse_text(value))
    return [piece.strip() for piece in pieces if piece.strip()]


def _clean_scalar(value: object) -> Cell | None:
    """Trim a value found inside a JSON object, so blanks read as not given."""
    if isinstance(value, str):
        return value.strip() or None
    return value  # type: ignore[return-value]


def _to_float(value: Cell) -> float | None:
    """The cell as a float, or None when it is not a number at all."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            return float(value)
    except (ValueError, OverflowError):  # OverflowError: a JSON integer beyond any float
        return None
    return None
