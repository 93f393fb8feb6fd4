"""Every dictionary literal in the page texts names each key once: a repeated key silently replaces
the first (two meanings of one word, one of them lost)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def repeated_keys(path: Path) -> list[str]:
    """Keys given more than once in any one dict literal of a module."""
    repeats: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            counts = Counter(k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str))
            repeats += [f"{key} x{count}" for key, count in counts.items() if count > 1]
    return repeats


@pytest.mark.parametrize("module", ["web/i18n.py", "web/site/labels.py"])
def test_no_text_key_is_given_twice(module: str):
    assert repeated_keys(ROOT / module) == []


def test_a_repeated_key_is_found(tmp_path: Path):
    """The check itself: a module with ``"a"`` twice in one dict is caught."""
    sample = tmp_path / "labels.py"
    sample.write_text('LABELS = {"a": ("一", "one"), "b": ("二", "two"), "a": ("三", "three")}\n', encoding="utf-8")
    assert repeated_keys(sample) == ["a x2"]
