"""Input problems in Chinese: the loaders' real problems, and the command in both languages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_io import technician, visit, write_dataset

from planner.io import read_dataset
from planner.problem_words import chinese
from planner.problems import Problem

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_an_unknown_sentence_stays_english() -> None:
    """Better a true English sentence than a wrong Chinese one."""
    problem = Problem("visits.csv", 2, "id", "something nobody wrote a Chinese form for")
    assert chinese(problem.message) is None
    assert problem.message_zh == problem.message


def test_a_value_holding_a_colon_and_a_space_is_kept_whole() -> None:
    """A request's value is shown as JSON, which may hold ``: ``; it is not read as a second column and value."""
    english = 'id {"lat": 39.9, "lon": 116.4}: field required; or input should be a valid string'
    assert chinese(english) == 'id 的值 {"lat": 39.9, "lon": 116.4}：必填；或应为文本'


def test_a_problem_is_located_the_same_way_in_chinese() -> None:
    """File, row and column in Chinese word order; the values inside stay as written."""
    problem = Problem("technicians.csv", 3, "shift_end", "shift_end 08:00 is not after shift_start 09:00")
    assert problem.said("zh") == "错误：technicians.csv 第 3 行，shift_end 列：shift_end 08:00 不晚于 shift_start 09:00"
    assert problem.said("en") == str(problem)
    assert (
        str(problem)
        == "error: technicians.csv, row 3, column shift_end: shift_end 08:00 is not after shift_start 09:00"
    )
    assert problem.as_dict()["message_zh"] == "shift_end 08:00 不晚于 shift_start 09:00"


BAD_CELLS = [
    technician(shift_start="9点"),
    technician(id="T02", shift_end="25:00", max_visits="-2", skills="sofa_repair:9"),
    technician(id="T03", name="张\t三", base_lat="north", regions="a;a"),
    technician(id="T03", shift_start="08:00:30", shift_end="07:00"),
]
BAD_VISITS = [
    visit(priority="7", type="fix", window_start="11:00", window_end="10:00", due_date="2026-02-30"),
    visit(id="V002", duration_min="1.5", lat="", parts="P9:1", preferred_technician="T99", region="mars"),
    visit(id="V003", required_skills="marble:2", due_date="tomorrow", window_start="12:00", window_end="x"),
]


def test_every_problem_of_a_badly_filled_day_reads_in_chinese(tmp_path: Path) -> None:
    """A day with many kinds of mistakes: every problem the loaders find has its Chinese form."""
    loaded = read_dataset(write_dataset(tmp_path / "day", technicians=BAD_CELLS, visits=BAD_VISITS))
    assert len(loaded.problems) >= 15
    untranslated = [p.message for p in loaded.problems if chinese(p.message) is None]
    assert untranslated == []
    assert all(HAN.search(p.message_zh) for p in loaded.problems)


def _bad_gb18030_day(tmp_path: Path) -> Path:
    """The sample with 王建军's shift start written 9点, saved in GB18030 as Excel on Chinese Windows does."""
    folder = tmp_path / "day"
    shutil.copytree(SAMPLE, folder)
    path = folder / "technicians.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(",")
    cells[7] = "9点"
    lines[1] = ",".join(cells)
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    return folder


def _validate(folder: Path, lang: str | None, locale: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env["LANG"] = locale
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "planner_cli", "validate", str(folder), *(["--lang", lang] if lang else [])],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env=env,
    )


ZH_LINE = (
    "错误：technicians.csv 第 2 行，shift_start 列：shift_start 的值 9点 不是时刻；应为 00:00 到 23:59 之间的 HH:MM"
)
EN_LINE = (
    "error: technicians.csv, row 2, column shift_start: shift_start 9点 is not a clock time; "
    "expected HH:MM from 00:00 to 23:59"
)


@pytest.mark.parametrize(("lang", "locale"), [("zh", "en_US.UTF-8"), (None, "zh_CN.UTF-8")])
def test_the_command_prints_problems_in_chinese_for_lang_zh_or_a_chinese_locale(
    tmp_path: Path, lang: str | None, locale: str
) -> None:
    """A GB18030 file with a bad cell: the Chinese problem names file, row and column; exit 2 as before."""
    result = _validate(_bad_gb18030_day(tmp_path), lang, locale)
    assert result.returncode == 2
    assert ZH_LINE in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1].startswith("共 1 个错误：") and result.stderr.rstrip().endswith("无法排程")
    assert "is not a clock time" not in result.stderr


def test_the_command_prints_problems_in_english_for_lang_en(tmp_path: Path) -> None:
    """--lang en wins over a Chinese locale."""
    result = _validate(_bad_gb18030_day(tmp_path), "en", "zh_CN.UTF-8")
    assert result.returncode == 2
    assert EN_LINE in result.stderr.splitlines()
    assert not HAN.search(result.stderr.replace("9点", ""))


BAD_ORG = """version: 2
measures:
  - id: m1
  - id: m1
  - name: x
roles:
  - id: lead
    reports_to: lead
  - id: tech
    reports_to: boss
    measures:
      - id: m9
      - target: 3
department:
  id: d
  name: 售后部
  leader: {technician: T09, role: lead}
  members:
    - {technician: T01, role: chef}
    - {technician: T01}
    - {id: S1}
    - {id: S2, name: "李\\t四", role: tech}
"""


def test_every_problem_of_a_bad_org_chart_reads_in_chinese(tmp_path: Path) -> None:
    """The org chart's problems (versions, roles, measures, people) have their Chinese forms, lines kept."""
    loaded = read_dataset(write_dataset(tmp_path / "day", org=BAD_ORG))
    found = [p for p in loaded.problems if p.file == "org.yaml"]
    assert len(found) >= 10
    assert [p.message for p in found if chinese(p.message) is None] == []
    assert "错误：org.yaml 第 8 行，reports_to 列：岗位 lead 向自己汇报" in [p.said("zh") for p in found]
