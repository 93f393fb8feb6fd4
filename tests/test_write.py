"""The dataset writer: every form reads back to the same Dataset, cells as docs/formats.md fixes them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from helpers_io import read_ok

from planner.demo import generate_day
from planner.domain import Dataset, Part, Region, Settings, Technician, Visit
from planner.io.dataset import dataset_from_document, read_dataset
from planner.io.write import (
    PART_COLUMNS,
    REGION_COLUMNS,
    TECHNICIAN_COLUMNS,
    VISIT_COLUMNS,
    dataset_to_document,
    write_dataset,
)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
FORMS = [("csv", "utf-8"), ("csv", "utf-8-sig"), ("csv", "gb18030"), ("xlsx", "utf-8"), ("json", "utf-8")]


def edge_dataset(parts: tuple[Part, ...] | None = (Part(id="P1", name="铰链", stock=3),)) -> Dataset:
    """A small day with the awkward cells: open-ended windows, 24:00, quotes and commas, no names."""
    return Dataset(
        settings=Settings(
            date=dt.date(2026, 11, 23),
            speed_kmh=27.5,
            road_factor=1.25,
            lunch_start=12 * 60,
            lunch_end=14 * 60,
            lunch_minutes=0,
        ),
        technicians=(
            Technician(
                id="T1",
                name="王师傅",
                role="repair_technician",
                base_lat=39.9,
                base_lon=116.4,
                regions=("chaoyang", "dongcheng"),
                skills={"sofa_repair": 3, "wood_repair": 1},
                shift_start=8 * 60 + 30,
                shift_end=24 * 60,
                max_visits=4,
            ),
            Technician(
                id="T2",
                base_lat=39.95,
                base_lon=116.3,
                skills={"bed_install": 2},
                shift_start=13 * 60 + 30,
                shift_end=18 * 60,
            ),
        ),
        visits=(
            Visit(
                id="V1",
                customer="李女士",
                phone="13800000001",
                address='北京市朝阳区"幸福"里, 3号',
                lat=39.912345678,
                lon=116.401,
                region="chaoyang",
                type="complaint",
                priority=1,
                required_skills={"sofa_repair": 3, "wood_repair": 1},
                duration_min=90,
                window_start=9 * 60,
                due_date=dt.date(2026, 11, 22),
                parts={"P1": 2},
                pinned_technician="T1",
                description="重大投诉：沙发电动功能失灵, 客户要求退货",
            ),
            Visit(
                id="V2",
                lat=39.96,
                lon=116.31,
                type="install",
                priority=4,
                duration_min=30,
                window_end=24 * 60,
                preferred_technician="T2",
                required_skills={"bed_install": 1},
            ),
        ),
        parts=parts,
        regions=(Region(id="chaoyang", name="朝阳区", name_en="Chaoyang"), Region(id="dongcheng")),
        org={"version": 1, "department": {"id": "aftersales", "name": "售后服务部", "groups": []}},
    )


def read_back(path: Path) -> Dataset:
    """Read what was written and insist that the reader found no error."""
    loaded = read_dataset(path)
    assert loaded.ok, [str(p) for p in loaded.problems]
    assert loaded.dataset is not None
    return loaded.dataset


def sample() -> Dataset:
    """The sample day, read by the project's own reader."""
    return read_back(SAMPLE)


@pytest.mark.parametrize("fmt,encoding", FORMS)
def test_edge_dataset_round_trips(tmp_path: Path, fmt: str, encoding: str) -> None:
    """Awkward cells survive writing and reading in every form and encoding."""
    dataset = edge_dataset()
    assert read_back(write_dataset(dataset, tmp_path / "out", fmt, encoding)) == dataset


@pytest.mark.parametrize("fmt,encoding", FORMS)
def test_sample_round_trips(tmp_path: Path, fmt: str, encoding: str) -> None:
    """The sample day written in any form reads back equal, org chart included."""
    dataset = sample()
    again = read_back(write_dataset(dataset, tmp_path / "out", fmt, encoding))
    assert again == dataset
    assert again.org == dataset.org


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_generated_day_round_trips(tmp_path: Path, fmt: str) -> None:
    """A generated day (caps, pins, all-region people, parts) reads back equal."""
    dataset = generate_day(150, 20, seed=11)
    assert read_back(write_dataset(dataset, tmp_path / "out", fmt)) == dataset


def test_document_round_trips_through_api_reader() -> None:
    """dataset_to_document is the API payload: dataset_from_document rebuilds the same Dataset."""
    dataset = edge_dataset()
    document = json.loads(json.dumps(dataset_to_document(dataset)))
    loaded = dataset_from_document(document)
    assert loaded.ok, [str(p) for p in loaded.problems]
    assert loaded.dataset == dataset


def test_document_uses_contract_forms() -> None:
    """JSON rows use the contract's cells: list text, HH:MM clocks, lunch_window, unset keys left out."""
    document = dataset_to_document(edge_dataset())
    assert document["settings"] == {
        "date": "2026-11-23",
        "timezone": "Asia/Shanghai",
        "speed_kmh": 27.5,
        "road_factor": 1.25,
        "lunch_window": "12:00-14:00",
        "lunch_minutes": 0,
    }
    first, second = document["visits"]
    assert first["required_skills"] == "sofa_repair:3;wood_repair:1"
    assert first["parts"] == "P1:2" and first["window_start"] == "09:00" and "window_end" not in first
    assert second["window_end"] == "24:00" and "customer" not in second and "parts" not in second
    assert document["technicians"][1] == {
        "id": "T2",
        "base_lat": 39.95,
        "base_lon": 116.3,
        "skills": "bed_install:2",
        "shift_start": "13:30",
        "shift_end": "18:00",
    }
    assert document["parts"] == [{"part_id": "P1", "name": "铰链", "stock": 3}]


def test_document_without_parts_has_no_parts_key() -> None:
    """Parts None (no stock constraint) is an absent key, not an empty list."""
    assert "parts" not in dataset_to_document(edge_dataset(parts=None))
    assert dataset_to_document(edge_dataset(parts=()))["parts"] == []


def test_gb18030_output_is_gb18030(tmp_path: Path) -> None:
    """encoding='gb18030' writes GB18030 bytes (not UTF-8) with the Chinese text intact."""
    folder = write_dataset(sample(), tmp_path / "gbk", "csv", "gb18030")
    for name in ("technicians.csv", "visits.csv", "parts.csv", "regions.csv"):
        data = (folder / name).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert not data.startswith(b"\xef\xbb\xbf")
    visits = (folder / "visits.csv").read_bytes()
    assert "重大投诉".encode("gb18030") in visits
    assert "大理石餐桌台面裂纹修补".encode("gb18030") in visits
    assert yaml.safe_load((folder / "org.yaml").read_text(encoding="utf-8"))["version"] == 1


def test_utf8_sig_starts_with_bom(tmp_path: Path) -> None:
    """utf-8-sig puts the BOM Excel needs at the start of every CSV, plain utf-8 does not."""
    with_bom = write_dataset(edge_dataset(), tmp_path / "bom", "csv", "utf-8-sig")
    without = write_dataset(edge_dataset(), tmp_path / "plain", "csv", "utf-8")
    for name in ("technicians.csv", "visits.csv", "parts.csv", "regions.csv"):
        assert (with_bom / name).read_bytes().startswith(b"\xef\xbb\xbf")
        assert not (without / name).read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_cells_are_written_as_formats_md_says(tmp_path: Path) -> None:
    """Header in contract order, empty cells for unset values, HH:MM, ISO dates, level always written."""
    folder = write_dataset(edge_dataset(), tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO((folder / "visits.csv").read_text(encoding="utf-8"))))
    header = (folder / "visits.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(VISIT_COLUMNS)
    assert rows[0]["window_start"] == "09:00" and rows[0]["window_end"] == ""
    assert rows[0]["due_date"] == "2026-11-22" and rows[0]["address"] == '北京市朝阳区"幸福"里, 3号'
    assert rows[1]["required_skills"] == "bed_install:1" and rows[1]["customer"] == ""
    technicians = list(csv.DictReader(io.StringIO((folder / "technicians.csv").read_text(encoding="utf-8"))))
    assert list(technicians[0]) == list(TECHNICIAN_COLUMNS)
    assert technicians[0]["regions"] == "chaoyang;dongcheng" and technicians[0]["shift_end"] == "24:00"
    assert technicians[1]["regions"] == "" and technicians[1]["max_visits"] == "" and technicians[1]["name"] == ""


def test_settings_yaml_has_contract_keys(tmp_path: Path) -> None:
    """settings.yaml carries lunch_window HH:MM-HH:MM and whole numbers as ints, no lunch_start/lunch_end."""
    folder = write_dataset(sample(), tmp_path / "out")
    settings = yaml.safe_load((folder / "settings.yaml").read_text(encoding="utf-8"))
    assert settings == {
        "date": dt.date(2026, 11, 23),
        "timezone": "Asia/Shanghai",
        "speed_kmh": 30,
        "road_factor": 1.3,
        "lunch_window": "11:30-13:30",
        "lunch_minutes": 45,
    }


def test_xlsx_workbook_layout(tmp_path: Path) -> None:
    """The workbook has one sheet per table plus settings as key/value, with org.yaml beside it."""
    folder = write_dataset(sample(), tmp_path / "out", "xlsx")
    assert sorted(p.name for p in folder.iterdir()) == ["dataset.xlsx", "org.yaml"]
    workbook = openpyxl.load_workbook(folder / "dataset.xlsx", read_only=True)
    assert workbook.sheetnames == ["technicians", "visits", "parts", "regions", "skills", "settings"]
    header = {name: next(workbook[name].iter_rows(max_row=1, values_only=True)) for name in workbook.sheetnames}
    assert header["parts"] == PART_COLUMNS and header["regions"] == REGION_COLUMNS
    settings = {row[0]: row[1] for row in workbook["settings"].iter_rows(min_row=2, values_only=True)}
    assert settings["lunch_window"] == "11:30-13:30" and settings["date"] == "2026-11-23"
    phones = [row[2] for row in workbook["visits"].iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(phone, str) and phone.startswith("1380000") for phone in phones)


def test_optional_files_only_when_there_is_data(tmp_path: Path) -> None:
    """No parts.csv when parts are unconstrained, no regions.csv or org.yaml when there are none."""
    bare = edge_dataset(parts=None).model_copy(update={"regions": (), "org": None})
    folder = write_dataset(bare, tmp_path / "out")
    assert sorted(p.name for p in folder.iterdir()) == ["settings.yaml", "technicians.csv", "visits.csv"]
    assert read_back(folder).parts is None


def test_rewriting_a_folder_drops_stale_dataset_files(tmp_path: Path) -> None:
    """Writing over an old dataset removes its parts.csv and CSVs of another form, keeps other files."""
    folder = tmp_path / "day"
    write_dataset(edge_dataset(), folder, "csv")
    (folder / "plan.json").write_text("{}", encoding="utf-8")
    write_dataset(edge_dataset(parts=None), folder, "csv")
    assert not (folder / "parts.csv").exists()
    assert read_back(folder).parts is None
    write_dataset(edge_dataset(), folder, "xlsx")
    assert sorted(p.name for p in folder.iterdir()) == ["dataset.xlsx", "org.yaml", "plan.json"]
    assert read_back(folder) == edge_dataset()


def test_new_folder_leaves_no_scratch_behind(tmp_path: Path) -> None:
    """A new folder is built under a scratch name and renamed: only the folder remains, parents made."""
    target = tmp_path / "a" / "b" / "day"
    assert write_dataset(edge_dataset(), target, "json") == target / "dataset.json"
    assert [p.name for p in (tmp_path / "a" / "b").iterdir()] == ["day"]
    assert [p.name for p in target.iterdir()] == ["dataset.json"]


def test_failed_render_writes_nothing(tmp_path: Path) -> None:
    """An unknown form or encoding is refused before any file or folder is made."""
    with pytest.raises(ValueError, match="format"):
        write_dataset(edge_dataset(), tmp_path / "x", "ods")
    with pytest.raises(ValueError, match="encoding"):
        write_dataset(edge_dataset(), tmp_path / "y", "csv", "latin-1")
    assert list(tmp_path.iterdir()) == []


def test_writing_onto_a_file_is_refused(tmp_path: Path) -> None:
    """A file where the folder should go is an error, not silently replaced."""
    target = tmp_path / "day"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        write_dataset(edge_dataset(), target)
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_several_days_and_crews_round_trip(tmp_path):
    """The sample week (availability, horizon_days, release dates, crews) reads back equal, in each form;
    an order's created date too."""
    week = read_ok(Path(__file__).resolve().parents[1] / "data" / "sample-week")
    first = week.visits[0].model_copy(update={"created_date": week.settings.date})
    week = week.model_copy(update={"visits": (first, *week.visits[1:])})
    assert week.availability and week.settings.horizon_days > 1 and any(v.crew_size > 1 for v in week.visits)
    for form in ("csv", "xlsx", "json"):
        folder = tmp_path / form
        write_dataset(week, folder, form)
        assert read_ok(folder) == week, form
