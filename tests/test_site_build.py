"""`planner build`: a complete static site whose links resolve, with no personal data in the clear, built
reproducibly and atomically (a failed build leaves the previous site as it was and exits 2)."""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import html
import io
import json
import os
import re
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock
from urllib.parse import unquote, urlsplit

import icalendar
import pytest
from helpers_io import read_ok
from scenario_fixtures import customer_data, tiny_day, write_tiny_report

from planner.check import check
from planner.domain import Dataset
from planner.io.outputs import ROSTER_COLUMNS
from planner.plan import Plan
from planner.scenarios.figures import BAR_MEASURES
from planner_cli.build import add_parser
from web.site import layout, publish
from web.site.layout import UnsafeName

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
DATE = "2026-11-23"
SECRET = "Zk2wR8pQ5nV1xB7tL4cM9dY0hJ3sF6gE-uNaKo_iTr"
#: The one staffing scenario report the module's site publishes (a folder name of its --scenarios folder).
REPORT = "tiny-day"
SCENARIO_PAGES = [f"{lang}scenarios/{page}" for lang in ("", "en/") for page in ("index.html", f"{REPORT}/index.html")]


@dataclass(frozen=True)
class Run:
    """What one `planner build` did: exit code and its output."""

    code: int
    out: str
    err: str


def planner_build(*argv: str | Path, secret: str | None = SECRET) -> Run:
    """Run the `build` subcommand as the CLI does, with PLANNER_SITE_SECRET set to ``secret`` (None: unset)."""
    top = argparse.ArgumentParser(prog="planner")
    add_parser(top.add_subparsers(dest="command", required=True))
    args = top.parse_args(["build", *map(str, argv)])
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_SITE_SECRET"}
    if secret is not None:
        env["PLANNER_SITE_SECRET"] = secret
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, env, clear=True), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = args.run(args)
    return Run(code, out.getvalue(), err.getvalue())


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sample() -> Dataset:
    dataset = read_ok(SAMPLE)
    return dataset


@pytest.fixture(scope="module")
def scenario_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of scenario report folders, as PLANNER_SCENARIOS_DIR takes it, holding one small report."""
    folder = tmp_path_factory.mktemp("scenarios")
    write_tiny_report(folder / REPORT)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, scenario_reports: Path) -> tuple[Path, Run]:
    """`planner build data/sample --out site --scenarios DIR`, planning the day (once for the module)."""
    out = tmp_path_factory.mktemp("build") / "site"
    run = planner_build(
        SAMPLE, "--out", out, "--base-url", "https://dispatch.example.org", "--scenarios", scenario_reports
    )
    assert run.code == 0, run.err
    return out, run


@pytest.fixture(scope="module")
def plan_file(built: tuple[Path, Run]) -> Path:
    """The plan the built site published, for builds that skip planning."""
    return built[0] / "d" / DATE / "plan.json"


class References(HTMLParser):
    """Every href and src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("href", "src") and value]


def relative_references(page: Path) -> Iterator[str]:
    """The page's references that point into the site (no scheme, no host, not only a fragment)."""
    parser = References()
    parser.feed(page.read_text(encoding="utf-8"))
    for reference in parser.found:
        parts = urlsplit(reference)
        if not parts.scheme and not parts.netloc and parts.path:
            yield unquote(parts.path)


def test_build_writes_every_page_and_file(built: tuple[Path, Run], sample: Dataset) -> None:
    """Index, board, role charts, a route page and a calendar per technician in both languages, plan.json, roster,
    icon."""
    site, run = built
    expected = [
        "index.html",
        "org.html",
        f"d/{DATE}/index.html",
        f"d/{DATE}/org.html",
        f"d/{DATE}/plan.json",
        f"d/{DATE}/roster.csv",
        "favicon.ico",
        "static/favicon.ico",
        "static/js/unlock.js",
        "static/css/base.css",
    ]
    expected += [
        f"{lang}d/{DATE}/t/{t.id}.{kind}"
        for t in sample.technicians
        for lang in ("", "en/")
        for kind in ("html", "ics")
    ]
    expected += [f"en/{page}" for page in ("index.html", "org.html", f"d/{DATE}/index.html", f"d/{DATE}/org.html")]
    expected += SCENARIO_PAGES
    assert [path for path in expected if not (site / path).is_file()] == []
    assert run.out.count("#k=") == len(sample.technicians)


def test_links_file_is_private_and_outside_the_site(built: tuple[Path, Run], sample: Dataset) -> None:
    """<out>-links.txt lies beside the site, readable by its owner only, one full link per technician."""
    site, _ = built
    links = site.with_name("site-links.txt")
    assert stat.S_IMODE(links.stat().st_mode) == 0o600
    lines = links.read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in lines] == [t.id for t in sample.technicians]
    expected = re.compile(rf"https://dispatch\.example\.org/d/{DATE}/t/T\d\d\.html#k=[\w-]{{43}}")
    assert all(expected.fullmatch(line.split("\t")[2]) for line in lines)
    assert not any(line.split("#k=")[1].encode() in data for line in lines for data in tree(site).values())


def test_every_relative_link_resolves(built: tuple[Path, Run]) -> None:
    """Every relative href and src of every HTML file names a file of the site; the index leads to the scenario
    list and the list to the report, whose pages are walked too."""
    site, _ = built
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    assert set(SCENARIO_PAGES) <= {page.relative_to(site).as_posix() for page in pages}
    assert "scenarios/index.html" in set(relative_references(site / "index.html"))
    assert f"{REPORT}/index.html" in set(relative_references(site / "en" / "scenarios" / "index.html"))
    broken = [
        f"{page.relative_to(site)} -> {ref}"
        for page in pages
        for ref in relative_references(page)
        if not (page.parent / ref).resolve().is_file()
        or not (page.parent / ref).resolve().is_relative_to(site.resolve())
    ]
    assert broken == []


def test_scenario_report_pages_show_every_variant_with_their_charts(
    built: tuple[Path, Run], scenario_reports: Path
) -> None:
    """Each language's report page has a row per variant, the bar charts and a chart per sweep as inline SVG,
    and none of the scenario day's customer data."""
    site, _ = built
    document = json.loads((scenario_reports / REPORT / "comparison.json").read_text(encoding="utf-8"))
    for lang in ("", "en/"):
        page = (site / f"{lang}scenarios" / REPORT / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'data-variant="([^"]+)"', page) == [v["name"] for v in document["variants"]]
        assert page.count("<svg") == len(BAR_MEASURES) + len(document["sweeps"])
        assert [text for text in customer_data(tiny_day()) if text in html.unescape(page)] == []


def test_scenario_pages_do_not_change_with_the_report_files_times(
    tmp_path: Path, plan_file: Path, scenario_reports: Path
) -> None:
    """Two builds over the same two reports, whose comparison.json files were modified at other times (and in
    the other order), give the same bytes: the pages neither show nor sort by a file's time."""
    sites = []
    for n, times in enumerate(((1_000_000_000, 2_000_000_000), (2_100_000_000, 900_000_000))):
        reports = tmp_path / f"reports-{n}"
        for name, mtime in zip(("alpha", "beta"), times, strict=True):
            shutil.copytree(scenario_reports / REPORT, reports / name)
            os.utime(reports / name / "comparison.json", (mtime, mtime))
        out = tmp_path / f"site-{n}" / "site"
        assert planner_build(SAMPLE, "--plan", plan_file, "--out", out, "--scenarios", reports).code == 0
        sites.append(tree(out))
    assert sites[0] == sites[1]
    assert re.findall(r'href="(\w+)/index.html"', sites[0]["scenarios/index.html"].decode()) == ["alpha", "beta"]


def test_a_site_built_without_scenarios_has_no_scenario_pages_or_links(tmp_path: Path, plan_file: Path) -> None:
    """Without --scenarios nothing of the scenario reports is published, and no page links to them."""
    out = tmp_path / "site"
    assert planner_build(SAMPLE, "--plan", plan_file, "--out", out).code == 0
    assert not (out / "scenarios").exists() and not (out / "en" / "scenarios").exists()
    assert [page for page in out.rglob("*.html") if "scenarios/" in page.read_text(encoding="utf-8")] == []


def readable(data: bytes) -> list[str]:
    """A file's text raw and with HTML, URL and JSON escapes undone."""
    text = data.decode("utf-8", errors="replace")
    unescaped_json = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return [text, html.unescape(text), unquote(text), unescaped_json]


def test_no_file_shows_a_customer_name_phone_or_address(built: tuple[Path, Run], sample: Dataset) -> None:
    """No file of the site holds any sample customer's name, phone or address, as bytes or decoded."""
    site, _ = built
    personal = {value for v in sample.visits for value in (v.customer, v.phone, v.address) if value}
    found = [
        (path, value)
        for path, data in tree(site).items()
        for value in personal
        if value.encode("utf-8") in data or any(value in text for text in readable(data))
    ]
    assert found == []


#: What a public calendar's event may carry: when, and which visit of which type in which district.
PUBLIC_EVENT = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "STATUS", "TRANSP"}


def test_public_calendars_hold_each_technicians_stops_without_customer_data(
    built: tuple[Path, Run], sample: Dataset, plan_file: Path
) -> None:
    """Each technician's .ics beside their route page, linked from the public board of its language, reads (with
    icalendar) as one event per stop at the planned times, named by visit id, type and district, with UID and
    DTSTAMP from the plan; no event property holds a customer's name, phone or address."""
    site, _ = built
    plan = Plan.from_json(plan_file.read_text(encoding="utf-8"))
    personal = {value for v in sample.visits for value in (v.customer, v.phone, v.address) if value}
    midnight = dt.datetime(2026, 11, 22, 16, 0, tzinfo=dt.UTC)
    assert any(route.stops for route in plan.routes)
    for lang in ("", "en/"):
        board_links = set(relative_references(site / f"{lang}d" / DATE / "index.html"))
        for technician in sample.technicians:
            assert f"t/{technician.id}.ics" in board_links
            route = plan.route_of(technician.id)
            stops = route.stops if route else ()
            calendar = icalendar.Calendar.from_ical((site / f"{lang}d/{DATE}/t/{technician.id}.ics").read_bytes())
            events = list(calendar.walk("VEVENT"))
            assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events] == [(s.start, s.end) for s in stops]
            assert [str(e["UID"]) for e in events] == [
                f"{DATE}-{technician.id}-{s.visit_id}-redacted@aftersales-planner" for s in stops
            ]
            assert all(e.decoded("DTSTAMP") == midnight and set(e) == PUBLIC_EVENT for e in events)
            for event, stop in zip(events, stops, strict=True):
                district = sample.region_name(sample.visit(stop.visit_id).region, english=lang == "en/")
                assert str(event["SUMMARY"]).endswith(f"{stop.visit_id} · {district}")
            assert [v for e in events for k in e for v in personal if v in str(e[k])] == []


def test_published_plan_is_the_contract_plan_and_checks(built: tuple[Path, Run], sample: Dataset) -> None:
    """plan.json is the contract's plan (no customer fields) and keeps every hard rule; the roster is complete."""
    site, _ = built
    plan = json.loads((site / "d" / DATE / "plan.json").read_text(encoding="utf-8"))
    assert set(plan) == {"date", "timezone", "routes", "unassigned", "kpis"}
    assert check(sample, plan) == []
    assert not re.search(r'"(customer|phone|address|description)"', json.dumps(plan))
    rows = list(csv.reader(io.StringIO((site / "d" / DATE / "roster.csv").read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0]) == ROSTER_COLUMNS and len(rows) == len(sample.technicians) + 1


def test_same_secret_gives_a_byte_identical_site(tmp_path: Path, plan_file: Path) -> None:
    """Two builds of the same plan with the same PLANNER_SITE_SECRET give the same bytes and the same links."""
    first, second = tmp_path / "a" / "site", tmp_path / "b" / "site"
    assert planner_build(SAMPLE, "--plan", plan_file, "--out", first).code == 0
    assert planner_build(SAMPLE, "--plan", plan_file, "--out", second).code == 0
    assert tree(first) == tree(second)
    assert first.with_name("site-links.txt").read_bytes() == second.with_name("site-links.txt").read_bytes()


def test_without_a_secret_keys_are_random(tmp_path: Path, plan_file: Path) -> None:
    """Unset PLANNER_SITE_SECRET: a warning, new links and sealed pages each build; public pages and calendars
    unchanged."""
    first, second = tmp_path / "a" / "site", tmp_path / "b" / "site"
    run = planner_build(SAMPLE, "--plan", plan_file, "--out", first, secret=None)
    assert run.code == 0 and "PLANNER_SITE_SECRET is not set" in run.err
    assert planner_build(SAMPLE, "--plan", plan_file, "--out", second, secret=None).code == 0
    a, b = tree(first), tree(second)
    assert a[f"d/{DATE}/index.html"] == b[f"d/{DATE}/index.html"]
    assert a[f"d/{DATE}/t/T01.ics"] == b[f"d/{DATE}/t/T01.ics"]
    assert a[f"d/{DATE}/t/T01.html"] != b[f"d/{DATE}/t/T01.html"]
    assert first.with_name("site-links.txt").read_bytes() != second.with_name("site-links.txt").read_bytes()


def broken_dataset(tmp_path: Path) -> Path:
    """The sample with an impossible date in settings.yaml."""
    folder = tmp_path / "broken"
    shutil.copytree(SAMPLE, folder)
    settings = folder / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("2026-11-23", "2026-11-31"), encoding="utf-8")
    return folder


def other_day_plan(tmp_path: Path, plan_file: Path) -> Path:
    """The sample's plan moved to another date."""
    moved = tmp_path / "other-day.json"
    moved.write_text(plan_file.read_text(encoding="utf-8").replace(DATE, "2026-11-24"), encoding="utf-8")
    return moved


#: Each way a build can be stopped, and the words of its error.
FAILURES = {
    "bad dataset": "cannot be published",
    "plan of another day": "is for 2026-11-24",
    "short secret": "secrets.token_urlsafe(32)",
    "hidden random links": "would be random",
    "one scenario report instead of their folder": "it is one report itself: name the folder that holds it",
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_failed_build_exits_2_and_keeps_the_previous_site(
    tmp_path: Path, plan_file: Path, scenario_reports: Path, failure: str
) -> None:
    """Whatever stops a build, it exits 2 and the previous site and links are byte for byte as they were."""
    out = tmp_path / "site"
    assert planner_build(SAMPLE, "--plan", plan_file, "--out", out).code == 0
    before, links_before = tree(out), out.with_name("site-links.txt").read_bytes()
    argv: list[str | Path] = [SAMPLE, "--plan", plan_file, "--out", out]
    secret: str | None = SECRET
    if failure == "bad dataset":
        argv[0] = broken_dataset(tmp_path)
    elif failure == "plan of another day":
        argv[2] = other_day_plan(tmp_path, plan_file)
    elif failure == "short secret":
        secret = "too-short"
    elif failure == "one scenario report instead of their folder":
        argv += ["--scenarios", scenario_reports / REPORT]
    else:
        argv.append("--hide-links")
        secret = None
    run = planner_build(*argv, secret=secret)
    assert run.code == 2, run.err
    assert FAILURES[failure] in run.err
    assert tree(out) == before and out.with_name("site-links.txt").read_bytes() == links_before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_error_while_writing_keeps_the_previous_site(tmp_path: Path) -> None:
    """A write that fails half-way (a file where a folder must go) leaves the old site and no temporary folder."""
    out = tmp_path / "site"
    publish({"index.html": b"old"}, out, "old links\n")
    with pytest.raises(OSError):
        publish({"index.html": b"new", "a": b"file", "a/b.html": b"under a file"}, out, "new links\n")
    assert tree(out) == {".planner-site": tree(out)[".planner-site"], "index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site-links.txt"]
    assert (tmp_path / "site-links.txt").read_text(encoding="utf-8") == "old links\n"


def test_refuses_a_folder_it_did_not_build(tmp_path: Path, plan_file: Path) -> None:
    """--out naming a folder of other files, or the folder holding the dataset, is refused and left alone."""
    other = tmp_path / "documents"
    other.mkdir()
    (other / "keep.txt").write_text("mine", encoding="utf-8")
    run = planner_build(SAMPLE, "--plan", plan_file, "--out", other)
    assert run.code == 2 and "not built by `planner build`" in run.err
    assert tree(other) == {"keep.txt": b"mine"}
    dataset = tmp_path / "data" / "sample"
    shutil.copytree(SAMPLE, dataset)
    assert planner_build(dataset, "--plan", plan_file, "--out", tmp_path / "data").code == 2
    assert (dataset / "visits.csv").is_file()


def test_technician_ids_become_safe_file_names_and_encoded_links() -> None:
    """An id with a separator or a leading dot is refused; a Chinese id is kept and percent-encoded in links."""
    for unsafe in ("../T01", "a/b", ".hidden", "a\\b", ""):
        with pytest.raises(UnsafeName):
            layout.route(DATE, unsafe)
    page = layout.route(DATE, "张三")
    assert page == f"d/{DATE}/t/张三.html"
    assert (
        layout.link(layout.in_lang("en", layout.board(DATE)), page) == "../../../d/2026-11-23/t/%E5%BC%A0%E4%B8%89.html"
    )
