"""The exit codes of every ``planner`` command, in one place.

Scripts and cron jobs read them, so each number means one thing across
all commands: 0 the work is done; 1 the work is done but its result
breaks a rule (a plan that fails ``check``, a roster short of what the
week needs, a plan of ours in the bench that is invalid); 2 the input
cannot be used: every problem is printed and nothing is written.
argparse also exits 2 on a malformed command line, which is the same
meaning.
"""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    """What a command's exit status tells the script that ran it."""

    OK = 0
    VIOLATION = 1
    BAD_INPUT = 2
