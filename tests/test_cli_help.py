"""Every command's --help explains every argument and option, with its default, and no default is a path
of the machine the help was printed on (a path like /home/someone/checkout/data means nothing elsewhere)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from planner_bench.cluster import configure_bench
from planner_bench.command import parser as bench_parser
from planner_cli.main import parser

ROOT = Path(__file__).resolve().parents[1]


def commands() -> list[tuple[str, argparse.ArgumentParser]]:
    """Each subcommand's parser by name, and the bench's own parsers (``planner bench`` hands on to them)."""
    top = parser()
    (chooser,) = [action for action in top._actions if isinstance(action, argparse._SubParsersAction)]
    return [
        *chooser.choices.items(),
        ("bench (its options)", bench_parser("planner bench")),
        ("python -m planner_bench.cluster", configure_bench(argparse.ArgumentParser())),
    ]


def explained(action: argparse.Action) -> list[str]:
    """What is missing from one argument's help: the text, or the default it has."""
    missing = [] if action.help and action.help.strip() else ["no help text"]
    default = action.default
    if default not in (None, False, (), argparse.SUPPRESS) and "default" not in (action.help or "").lower():
        missing.append(f"default {default!r} not said")
    values = default if isinstance(default, (tuple, list)) else (default,)
    missing += [
        f"default {value} is a path of this machine"
        for value in values
        if isinstance(value, (str, Path)) and Path(value).is_absolute()
    ]
    return missing


def test_every_subcommand_is_walked():
    """The walk reaches the commands the README lists (so an empty walk cannot pass)."""
    names = {name for name, _ in commands()}
    assert {"validate", "plan", "check", "demo", "slots", "replan", "serve", "build", "bench"} <= names


@pytest.mark.parametrize(("name", "command"), commands(), ids=lambda value: value if isinstance(value, str) else "")
def test_help_explains_every_argument_and_default(name, command):
    """No argument without help, no default left unsaid, no absolute path among the defaults or in the text."""
    problems = [
        f"{'/'.join(action.option_strings) or action.dest}: {problem}"
        for action in command._actions
        if not isinstance(action, argparse._HelpAction)
        for problem in explained(action)
    ]
    assert problems == [], name
    text = command.format_help()
    assert str(ROOT) not in text and str(Path.home()) not in text


def test_the_check_finds_a_missing_help_and_an_absolute_default():
    """The rule itself fails on what it forbids."""
    bad = argparse.ArgumentParser()
    silent = bad.add_argument("--visits", type=int, default=70)
    local = bad.add_argument("--data", default=str(ROOT / "data"), help="the data (default: data)")
    assert explained(silent) == ["no help text", "default 70 not said"]
    assert explained(local) == [f"default {ROOT / 'data'} is a path of this machine"]
