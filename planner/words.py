"""Saying an English sentence in Chinese by reading it against templates.

The planner's sentences are written once, in English, where the fact is
found (a loader, the plan checker); the English stays what scripts, logs
and tests read. A person on a Chinese desktop reads the same sentence in
Chinese. Rather than every place writing two sentences that could drift
apart, a ``Catalogue`` holds each English sentence form with its Chinese
form, both templates with the same named values (``{visit}``,
``{column}``...). The English sentence is matched against the English
templates and the values it held are put, unchanged, into the Chinese
one: ids, names, clock times and numbers read the same in both languages.

Some values are themselves said in Chinese (``said``): a whole sentence
within a sentence (the reason a cell is wrong, the claim a reason makes
that is false) through the sentences, a smaller part (what was expected,
where in a plan) through ``parts``. A sentence no template reads stays
English: better a true English sentence than a wrong Chinese one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping

_VALUE = re.compile(r"\{(\w+)\}")
#: A shown value is at most this long (cells are shown cut to 60 characters, request values to 40); it
#: keeps reading a long sentence from trying every split.
_SHOWN_LENGTH = 200


def values(template: str) -> list[str]:
    """The named values of a template, in order."""
    return _VALUE.findall(template)


def fill(template: str, given: Mapping[str, str | None]) -> str:
    """The template with its named values put in (``str.format`` would trip on a literal ``{id: day}``)."""
    return _VALUE.sub(lambda match: str(given[match[1]]), template)


class Catalogue:
    """English sentence forms with their Chinese, and the reader that puts one into the other.

    ``sentences`` are whole messages, and sentences within one; ``parts``
    smaller pieces. ``said`` names the values said in Chinese too and
    where from: ``sentence`` (any sentence but a frame), ``whole`` (any
    sentence) or ``part``. ``frames`` are sentences that only ever wrap a
    whole message (``{column} {value} {reason}``), so a value is never read
    as one. Values named in ``one_word`` hold no space (a column, a key).
    """

    def __init__(
        self,
        sentences: Mapping[str, str],
        parts: Mapping[str, str],
        said: Mapping[str, str],
        *,
        frames: frozenset[str] = frozenset(),
        one_word: frozenset[str] = frozenset(),
    ) -> None:
        self.sentences = sentences
        self.parts = parts
        self.said = said
        self.one_word = one_word
        self._kinds: dict[str, tuple[Mapping[str, str], frozenset[str]]] = {
            "whole": (sentences, frozenset()),
            "sentence": (sentences, frames),
            "part": (parts, frozenset()),
        }
        self._templates = {kind: self._ordered(kind) for kind in self._kinds}
        self._read = functools.lru_cache(maxsize=4096)(self._read_uncached)

    def chinese(self, english: str) -> str | None:
        """The Chinese form of a whole English sentence, None when no template reads it."""
        return self._read(english, "whole")

    def say_zh(self, english: str) -> str:
        """The sentence in Chinese, or as written when no template reads it."""
        return self.chinese(english) or english

    def _ordered(self, kind: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each English template of a kind with its pieces (text, value name, text, ...), longest wording first.

        The longest wording is tried first so that a sentence is read by its
        own template before a looser one (``{column} {value} {reason}``) could.
        """
        catalogue, left_out = self._kinds[kind]
        entries = [(english, tuple(_VALUE.split(english))) for english in catalogue if english not in left_out]
        return tuple(sorted(entries, key=lambda entry: (-sum(len(p) for p in entry[1][::2]), entry[0])))

    def _read_uncached(self, english: str, kind: str) -> str | None:
        for template, pieces in self._templates[kind]:
            if not _may_read(pieces, english):
                continue
            for found in self._readings(pieces, english):
                said = {
                    name: self._read(value, self.said[name]) if name in self.said else value
                    for name, value in found.items()
                }
                if all(text is not None for text in said.values()):
                    return fill(self._kinds[kind][0][template], said)
        return None

    def _readings(self, pieces: tuple[str, ...], text: str) -> Iterator[dict[str, str]]:
        """Every way ``text`` fills the template's values (a value is never empty)."""
        one_word = self.one_word

        def walk(index: int, at: int, found: dict[str, str]) -> Iterator[dict[str, str]]:
            if index == len(pieces):
                if at == len(text):
                    yield found
                return
            if index % 2 == 0:
                if text.startswith(pieces[index], at):
                    yield from walk(index + 1, at + len(pieces[index]), found)
                return
            name, after = pieces[index], pieces[index + 1]
            stop = len(text)
            if name in one_word:
                stop = next((m.start() for m in re.finditer(r"\s", text[at:])), stop - at) + at
            elif name == "value":
                stop = min(stop, at + _SHOWN_LENGTH)
            if index + 2 == len(pieces) and not after:
                ends = [len(text)] if at < stop == len(text) else []
            else:
                ends = []
                end = text.find(after, at + 1)
                while 0 <= end <= stop:
                    ends.append(end)
                    end = text.find(after, end + 1)
            for end in ends:
                value = text[at:end]
                if found.get(name, value) == value:
                    yield from walk(index + 1, end, {**found, name: value})

        yield from walk(0, 0, {})


def _may_read(pieces: tuple[str, ...], text: str) -> bool:
    """A quick look: the template's first and last words and every text between its values are there."""
    return text.startswith(pieces[0]) and text.endswith(pieces[-1]) and all(p in text for p in pieces[2:-1:2])
