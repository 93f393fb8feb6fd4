"""Where each file of the static site lives, and the relative links between them.

Every link is relative, so the folder works from any static host, a
sub-folder of one, a file share or ``file://``. Links name files
(``index.html``), never folders, because ``file://`` shows a folder as a
listing instead of its index. Chinese pages sit at the top, English ones
under ``en/``, in the same tree, so switching language is one fixed
relative link.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote

LANG_PREFIX: dict[str, str] = {"zh": "", "en": "en/"}

#: Ids that are safe as a file name on every host: no separators, controls or leading dot.
_SAFE_NAME = re.compile(r"[^/\\\x00-\x1f\x7f:*?\"<>|]+")

INDEX = "index.html"
ORG = "org.html"
#: The weekly roster (排班表), when the site carries one.
ROSTER = "roster.html"
STATIC = "static"
#: The staffing scenario reports, when the site carries them: the list, and a folder per report
#: (as the app's ``/scenarios/`` and ``/scenarios/<name>``), so no report name can clash with the list.
SCENARIOS = f"scenarios/{INDEX}"


class UnsafeName(ValueError):
    """A technician id that cannot be a file name."""


def file_name(identifier: str) -> str:
    """``identifier`` as a file-name stem, or UnsafeName (rather than a silently changed name)."""
    if not _SAFE_NAME.fullmatch(identifier) or identifier.startswith("."):
        raise UnsafeName(f"technician id {identifier!r} cannot be used as a file name")
    return identifier


def in_lang(lang: str, path: str) -> str:
    """A page path in the tree of ``lang``."""
    return LANG_PREFIX[lang] + path


def day_dir(date: str) -> str:
    """The folder of one day (language-neutral part)."""
    return f"d/{date}"


def board(date: str) -> str:
    """The public dispatch board of a day."""
    return f"{day_dir(date)}/{INDEX}"


def day_org(date: str) -> str:
    """The role chart with the day's loads."""
    return f"{day_dir(date)}/{ORG}"


def pick_list(date: str) -> str:
    """The parts desk's pick list of a day (no personal data, so it may be public)."""
    return f"{day_dir(date)}/pick-list.html"


def route(date: str, technician_id: str) -> str:
    """One technician's route page."""
    return f"{day_dir(date)}/t/{file_name(technician_id)}.html"


def public_calendar(date: str, technician_id: str) -> str:
    """One technician's redacted calendar, beside their route page (``planner.io.ics``)."""
    return f"{day_dir(date)}/t/{file_name(technician_id)}.ics"


def scenario_report(name: str) -> str:
    """One scenario report's page; ``name`` is a report folder's name (``web.scenario_reports.REPORT_NAME``)."""
    return f"scenarios/{name}/{INDEX}"


def plan_json(date: str) -> str:
    """The contract's plan.json of the day (one copy, no language)."""
    return f"{day_dir(date)}/plan.json"


def roster_csv(date: str) -> str:
    """The day's roster."""
    return f"{day_dir(date)}/roster.csv"


def static(path: str) -> str:
    """A file copied from web/static."""
    return f"{STATIC}/{path}"


def other_lang(lang: str) -> str:
    """The language the switch link leads to."""
    return "en" if lang == "zh" else "zh"


def link(from_page: str, to_path: str) -> str:
    """The relative, percent-encoded href from the page at ``from_page`` to the file at ``to_path``."""
    start = posixpath.dirname(from_page) or "."
    return quote(posixpath.relpath(to_path, start))
