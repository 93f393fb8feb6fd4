"""Secrets must be about 32 random bytes: the estimate refuses made-up keys and passes generated ones."""

from __future__ import annotations

import base64
import os
import secrets

import pytest

from web.keys import HOW_TO_MAKE, weak_key_problem, weakness


@pytest.mark.parametrize(
    "make",
    [
        lambda: secrets.token_urlsafe(32),
        lambda: secrets.token_hex(32),
        lambda: base64.b64encode(os.urandom(32)).decode("ascii"),
        lambda: secrets.token_urlsafe(64),
    ],
)
def test_generated_keys_pass(make) -> None:
    """Keys as the docs say to make them (and base64 or hex of 32 random bytes) are accepted."""
    for _ in range(200):
        key = make()
        assert weakness(key) is None, key


@pytest.mark.parametrize(
    "key, why",
    [
        ("dispatch2026", "bits"),
        ("a" * 32, "bits"),
        ("a" * 100, "repeats"),
        ("dispatch2026" * 6, "repeats"),
        ("0123456789abcdef" * 4, "repeats"),
        ("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "words"),
        ("Correct-Horse-Battery-Staple-2026-Dispatch-Planner!", "words"),
        ("Zhang_Wei_Guangzhou_Furniture_Aftersales_2026_Key", "words"),
        ("huizhou-jiaju-shouhou-paigong-2026-mima-anquan-xitong", "words"),
        (secrets.token_urlsafe(16), "bits"),
    ],
)
def test_made_up_short_or_repetitive_keys_are_refused(key: str, why: str) -> None:
    """Short keys, runs of one character, repeated parts and word-like keys are all refused, each with its reason."""
    reason = weakness(key)
    assert reason is not None and why in reason.replace("reads like words", "words")


def test_the_refusal_says_how_to_make_a_key() -> None:
    """The operator is told which setting and the command that makes a good key."""
    problem = weak_key_problem("PLANNER_SECRET_KEY", "dispatch2026")
    assert problem is not None and problem.startswith("PLANNER_SECRET_KEY") and HOW_TO_MAKE in problem
    assert "secrets.token_urlsafe(32)" in HOW_TO_MAKE
