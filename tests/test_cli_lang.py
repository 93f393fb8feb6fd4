"""The ``planner`` command speaks the terminal's language: Chinese for a zh_* locale or --lang zh."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_io import read_ok

from planner_cli.lang import cli_lang

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.mark.parametrize(
    ("asked", "environ", "expected"),
    [
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LANG": "zh_TW.Big5"}, "zh"),
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        (None, {}, "en"),
        (None, {"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
        (None, {"LANG": "C", "LC_ALL": "zh_CN.UTF-8"}, "zh"),
        (None, {"LANG": "en_GB.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
        ("zh", {"LANG": "en_US.UTF-8"}, "zh"),
        ("en", {"LC_ALL": "zh_CN.UTF-8"}, "en"),
    ],
)
def test_language_from_option_then_locale(asked, environ, expected):
    """--lang wins; else LC_ALL over LC_MESSAGES over LANG; Chinese only for zh_*."""
    assert cli_lang(asked, environ) == expected


def _plan(tmp_path: Path, env_lang: str, *extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env["LANG"] = env_lang
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner_cli",
            "plan",
            str(SAMPLE),
            "--out",
            str(tmp_path / "plan.json"),
            "--time-limit",
            "3",
            *extra,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_chinese_locale_prints_chinese_with_names(tmp_path):
    """LANG=zh_CN.UTF-8: Chinese headings, technicians and skills by name, reasons in Chinese."""
    printed = _plan(tmp_path, "zh_CN.UTF-8")
    dataset = read_ok(SAMPLE)
    assert "已排" in printed and "无合格技师" in printed and "方案已写入" in printed
    assert "大理石修复 2级" in printed and "marble_repair" not in printed
    assert all(t.name in printed for t in dataset.technicians)
    assert "solve time" not in printed


def test_lang_zh_gives_the_roster_chinese_headers(tmp_path):
    """--lang zh: the roster CSV's headers are Chinese; the locale alone keeps the English ones scripts read."""
    import csv

    _plan(tmp_path, "en_US.UTF-8", "--lang", "zh", "--roster", str(tmp_path / "zh.csv"))
    _plan(tmp_path, "zh_CN.UTF-8", "--roster", str(tmp_path / "locale.csv"))
    zh = next(csv.reader((tmp_path / "zh.csv").read_text(encoding="utf-8-sig").splitlines()))
    locale = next(csv.reader((tmp_path / "locale.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert zh[:3] == ["日期", "工号", "姓名"] and locale[:3] == ["date", "technician_id", "name"]


def test_lang_en_overrides_a_chinese_locale(tmp_path):
    """--lang en on a Chinese desktop: English headings and English skill names."""
    printed = _plan(tmp_path, "zh_CN.UTF-8", "--lang", "en")
    assert "visits served" in printed and "Marble repair level 2" in printed and "solve time" in printed
    assert "方案已写入" not in printed
