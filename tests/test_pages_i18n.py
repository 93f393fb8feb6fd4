"""The label dictionary (web.i18n): complete in both languages, and every key the templates use exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from web.i18n import LABELS, PRIORITIES, REASONS, VISIT_TYPES, choose_lang, translator

WEB = Path(__file__).resolve().parent.parent / "web"
TEMPLATES = WEB / "templates"


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_label_has_chinese_and_english_with_the_same_fields() -> None:
    """No empty translation, and ``{name}`` fields match so neither language fails to format."""
    for table in (LABELS, PRIORITIES, REASONS, VISIT_TYPES):
        for key, (zh, en) in table.items():
            assert zh.strip() and en.strip(), key
            assert fields(zh) == fields(en), key
    switch = {"lang_switch", "lang_switch_title"}  # written for the reader of the other language
    assert all(re.search(r"[\u4e00-\u9fff]", zh) for key, (zh, _) in LABELS.items() if key not in switch)


def test_every_key_the_templates_ask_for_exists() -> None:
    """A ``t('...')`` call with a missing key would break a page at render time."""
    used = {
        key for path in TEMPLATES.glob("*.html") for key in re.findall(r"\bt\('([a-z_0-9]+)'\s*[,)]", path.read_text())
    }
    assert used and used <= set(LABELS), used - set(LABELS)


def test_every_label_is_used_somewhere() -> None:
    """A label no template or view asks for is dead weight for the translators."""
    sources = [*TEMPLATES.glob("*.html"), *(p for p in WEB.rglob("*.py") if p.name != "i18n.py")]
    text = "".join(path.read_text(encoding="utf-8") for path in sources)
    assert [key for key in LABELS if f"'{key}'" not in text and f'"{key}"' not in text] == []


def test_every_reason_code_of_the_plan_has_a_heading() -> None:
    """Each reason code the planner can report has a short label."""
    from planner.plan import REASON_ORDER

    assert set(REASON_ORDER) <= set(REASONS)


@pytest.mark.parametrize(
    "asked, accept, expected",
    [
        (None, None, "zh"),
        ("en", None, "en"),
        ("zh", "en-US,en;q=0.9", "zh"),
        (None, "en-GB,en;q=0.8", "en"),
        (None, "zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("fr", "fr-FR", "zh"),
        ("", "de, en;q=0.5", "en"),
    ],
)
def test_language_choice(asked: str | None, accept: str | None, expected: str) -> None:
    """?lang first, then Accept-Language, Chinese when neither names zh or en."""
    assert choose_lang(asked, accept) == expected


def test_translator_fills_fields_and_rejects_unknown_keys() -> None:
    """Fields are formatted; a typo in a key raises instead of showing nothing."""
    assert translator("en")("people_count", n=3) == "3 people"
    assert translator("zh")("people_count", n=3) == "3 人"
    with pytest.raises(KeyError):
        translator("zh")("no_such_label")
