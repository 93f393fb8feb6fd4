"""Argument types and help shared by the ``planner`` subcommands.

A search time cap of ``nan``, ``inf`` or ``1e308`` seconds is accepted by
``float``, and a seed of 10**30 by ``int``, but they then break the search
deep inside (a traceback, or a command that never ends); the command line
refuses such values up front, with argparse's usual exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math

from planner.defaults import PLANNING_DEFAULTS

#: The longest search a command may be asked for.
MAX_TIME_LIMIT = PLANNING_DEFAULTS.command_max_time_limit


def seconds(text: str) -> float:
    """``--time-limit``: a finite number of seconds above 0 and at most ``MAX_TIME_LIMIT``."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or not 0 < value <= MAX_TIME_LIMIT:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time cap; give seconds above 0 and at most {MAX_TIME_LIMIT:g}"
        )
    return value


#: Seeds are 32-bit, as the search's random generators take them.
MAX_SEED = 2**32 - 1


def seed(text: str) -> int:
    """``--seed``: a whole number from 0 to ``MAX_SEED``."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"{text!r} is not a seed; give a whole number from 0 to {MAX_SEED}")
    return value


def iso_date(text: str) -> dt.date:
    """``--date`` as a calendar date ``YYYY-MM-DD``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} is not a date written YYYY-MM-DD") from None


DB_HELP = "the store, a SQLAlchemy URL (default: PLANNER_DATABASE_URL, else sqlite file planner.db here)"
