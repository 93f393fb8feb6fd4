"""Tests of every catalogue of Chinese sentences (input problems, broken rules): each entry, read back."""

from __future__ import annotations

import re

import pytest

from planner.problem_words import PROBLEMS
from planner.violation_words import VIOLATIONS
from planner.words import Catalogue, fill, values

HAN = re.compile(r"[\u4e00-\u9fff]")
CATALOGUES = {"problems": PROBLEMS, "violations": VIOLATIONS}


def _entries(which: str) -> list[tuple[str, str]]:
    catalogue = CATALOGUES[which]
    return [(which, english) for english in [*catalogue.sentences, *catalogue.parts]]


@pytest.mark.parametrize(("which", "english"), _entries("problems") + _entries("violations"))
def test_every_entry_has_chinese_taking_the_same_named_values(which: str, english: str) -> None:
    """Both languages name the same values, and the Chinese is Chinese."""
    catalogue = CATALOGUES[which]
    chinese = {**catalogue.sentences, **catalogue.parts}[english]
    assert sorted(set(values(english))) == sorted(set(values(chinese)))
    assert HAN.search(chinese), chinese


def _sample(catalogue: Catalogue, kind: str) -> tuple[str, str]:
    """An entry of the kind a value is said as, without values of its own, with its Chinese."""
    entries = catalogue.parts if kind == "part" else catalogue.sentences
    english = next(e for e in entries if not values(e))
    return english, entries[english]


@pytest.mark.parametrize(("which", "english"), [(w, e) for w in CATALOGUES for e in CATALOGUES[w].sentences])
def test_every_sentence_is_read_by_its_own_entry(which: str, english: str) -> None:
    """The sentence filled with values comes back as its own Chinese with the same values, never another's."""
    catalogue = CATALOGUES[which]
    given: dict[str, str | None] = {}
    said: dict[str, str | None] = {}
    for index, name in enumerate(values(english)):
        if name in catalogue.said:
            given[name], said[name] = _sample(catalogue, catalogue.said[name])
        else:
            given[name] = said[name] = f"x{index}"
    assert catalogue.chinese(fill(english, given)) == fill(catalogue.sentences[english], said)
