"""The last check before publishing: no customer's name, phone or address in the clear in any file.

Every file of a site is searched as bytes and as the text a reader or a
program would recover from it (HTML entities, percent-encoding, JSON
``\\uXXXX`` escapes, and in calendars iCalendar's folded lines and
escaped commas and semicolons, which can split or break up an address),
for every visit's customer, phone (also as bare digits) and address. A
value that also names something public (a technician, a district, a
part, a person in the org chart) is not searched, because finding it
would prove nothing; values too short to mean anything are skipped for
the same reason. The error names the file, the visit and the field,
never the value: errors end up in build logs.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from planner.domain import Dataset

#: Shortest value searched: a one-character surname or a four-digit extension would match anywhere.
MIN_CHARS = 2
MIN_DIGITS = 5
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
#: A line break followed by a space or tab continues the line before (RFC 5545 3.1).
_ICS_FOLD = re.compile(r"\r?\n[ \t]")
#: A TEXT value's escapes (RFC 5545 3.3.11): backslash, semicolon, comma, newline.
_ICS_ESCAPE = re.compile(r"\\([\\;,nN])")


class LeakFound(Exception):
    """A file of the site would publish personal data in the clear."""

    def __init__(self, path: str, visit_id: str, field: str):
        super().__init__(f"{path} would show the {field} of visit {visit_id} in the clear")
        self.path, self.visit_id, self.field = path, visit_id, field


@dataclass(frozen=True)
class Needle:
    """One personal value to look for, and where it came from."""

    text: str
    visit_id: str
    field: str


def public_words(dataset: Dataset) -> str:
    """Every name the site shows on purpose, as one text to search in."""
    names = [t.name for t in dataset.technicians] + [t.id for t in dataset.technicians]
    names += [name for r in dataset.regions for name in (r.name, r.name_en, r.id)]
    names += [p.name for p in dataset.parts or ()]
    names.append(json.dumps(dataset.org or {}, ensure_ascii=False, default=str))
    return "\n".join(names)


def needles(dataset: Dataset) -> list[Needle]:
    """The customers' names, phones and addresses worth searching for."""
    public = public_words(dataset)
    found: list[Needle] = []
    for visit in dataset.visits:
        digits = "".join(ch for ch in visit.phone if ch.isdigit())
        for field, value, shortest in (
            ("customer name", visit.customer, MIN_CHARS),
            ("phone", visit.phone, MIN_DIGITS),
            ("phone", digits, MIN_DIGITS),
            ("address", visit.address, MIN_CHARS),
        ):
            value = value.strip()
            if len(value) >= shortest and value not in public:
                found.append(Needle(value, visit.id, field))
    return found


def calendar_text(text: str) -> str:
    """An iCalendar file's content lines unfolded, with their TEXT escapes undone."""
    return _ICS_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), _ICS_FOLD.sub("", text))


def readable_forms(path: str, data: bytes) -> Iterator[str]:
    """The file's text as it is and with each kind of escaping undone (iCalendar's in ``.ics`` files only)."""
    text = data.decode("utf-8", errors="replace")
    yield text
    yield html.unescape(text)
    yield unquote(text)
    yield _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if path.endswith(".ics"):
        yield calendar_text(text)


def first_leak(path: str, data: bytes, searched: Iterable[Needle]) -> Needle | None:
    """The first personal value found in one file, if any."""
    forms = list(readable_forms(path, data))
    for needle in searched:
        if any(needle.text in form for form in forms):
            return needle
    return None


def check_files(files: Mapping[str, bytes], dataset: Dataset) -> None:
    """Raise LeakFound for the first file that shows a customer's details in the clear."""
    searched = needles(dataset)
    for path in sorted(files):
        leak = first_leak(path, files[path], searched)
        if leak is not None:
            raise LeakFound(path, leak.visit_id, leak.field)
