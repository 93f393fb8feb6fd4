"""Which language the ``planner`` command speaks: ``--lang``, else the terminal's locale.

A dispatcher on a Chinese desktop has ``LANG=zh_CN.UTF-8`` and should read
the summary in Chinese without asking; anyone else gets English. The
POSIX order decides which variable counts: ``LC_ALL`` over ``LC_MESSAGES``
over ``LANG``. ``main`` sets the language once in ``COMMAND_LANG``, so a
sentence deep in a command is said in it without passing it down.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from contextvars import ContextVar

LANGUAGES: tuple[str, ...] = ("zh", "en")
LOCALE_VARIABLES: tuple[str, ...] = ("LC_ALL", "LC_MESSAGES", "LANG")
#: The language of the running command: ``zh`` or ``en``.
COMMAND_LANG: ContextVar[str] = ContextVar("COMMAND_LANG", default="en")


def cli_lang(asked: str | None, environ: Mapping[str, str]) -> str:
    """``asked`` when given, else ``zh`` for a Chinese locale (``zh_CN``, ``zh_TW.UTF-8``...), else ``en``."""
    if asked in LANGUAGES:
        return asked
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def add_lang_argument(parser: argparse.ArgumentParser, what: str, more: str = "") -> None:
    """``--lang`` of a command, defaulting to the terminal's language (``cli_lang``); ``what`` it sets."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=f"language of {what} (default: Chinese when LC_ALL/LC_MESSAGES/LANG is zh_*, else English){more}",
    )


def say(english: str, chinese: str) -> str:
    """The sentence in the running command's language (``COMMAND_LANG``)."""
    return chinese if COMMAND_LANG.get() == "zh" else english
