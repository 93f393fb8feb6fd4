"""Pure view models (web.views): timeline layout, map projection, board, route page, org chart, masking."""

from __future__ import annotations

import json
import math

import pytest
from browser import sample_day
from builders import day, tech, visit

from planner.plan import Break, Plan, Route, Stop
from planner.timeline import clock
from web.views.board import board_model
from web.views.geo import fit, scale_bar
from web.views.maps import route_map
from web.views.masking import initials, mask_board
from web.views.navigation import navigation_links
from web.views.org import bilingual, org_model
from web.views.route import route_page_model, tel_url
from web.views.timeline import LABEL_WIDTH, PLOT_WIDTH, clock_span, route_pieces, timeline


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.fixture(scope="module")
def small():
    """One technician (08:00-17:00), two visits, lunch 11:35-12:20 in the drive between them."""
    dataset = day([tech("T1")], [visit("V1"), visit("V2", priority=1, type="install")])
    s = dataset.settings

    def at(text: str):
        return clock(s, hm(text))

    route = Route(
        technician_id="T1",
        depart=at("10:00"),
        **{"return": at("13:35")},
        **{"break": Break(start=at("11:35"), end=at("12:20"))},
        stops=(
            Stop(visit_id="V1", arrival=at("10:10"), start=at("10:30"), end=at("11:30"), travel_min=10, travel_km=5.0),
            Stop(visit_id="V2", arrival=at("12:25"), start=at("12:25"), end=at("13:25"), travel_min=10, travel_km=5.0),
        ),
        travel_km=15.0,
        travel_min=30,
    )
    plan = Plan(date=s.date, timezone=s.timezone, routes=(route,), unassigned=())
    return dataset, plan


def test_route_pieces_follow_the_plan_and_carve_lunch_out_of_the_drive(small) -> None:
    """Drive, wait, serve, lunch inside the drive, drive on, serve, drive home: in order and without gaps."""
    _dataset, plan = small
    pieces = [(kind, a, b, v) for kind, a, b, v in route_pieces(plan.routes[0], plan)]
    assert pieces == [
        ("travel", hm("10:00"), hm("10:10"), "V1"),
        ("idle", hm("10:10"), hm("10:30"), "V1"),
        ("service", hm("10:30"), hm("11:30"), "V1"),
        ("travel", hm("11:30"), hm("11:35"), "V2"),
        ("break", hm("11:35"), hm("12:20"), None),
        ("travel", hm("12:20"), hm("12:25"), "V2"),
        ("service", hm("12:25"), hm("13:25"), "V2"),
        ("travel", hm("13:25"), hm("13:35"), None),
    ]


def test_timeline_places_bars_proportionally_to_the_clock(small) -> None:
    """x = label column + (minute - first hour) / span x plot width; widths scale with duration."""
    dataset, plan = small
    model = timeline(dataset, plan, "zh", lambda tid: f"/t/{tid}")
    assert (model["start"], model["end"]) == (hm("08:00"), hm("17:00"))
    service = [s for s in model["rows"][0]["segments"] if s["kind"] == "service"]
    assert service[0]["x"] == pytest.approx(LABEL_WIDTH + (hm("10:30") - hm("08:00")) / 540 * PLOT_WIDTH, abs=0.1)
    assert service[0]["w"] == pytest.approx(60 / 540 * PLOT_WIDTH, abs=0.1)
    assert service[1]["css"] == "seg-service seg-p1" and service[1]["label"] == "安装"
    assert model["ticks"][0] == {"x": LABEL_WIDTH, "label": "08:00"} and len(model["ticks"]) == 10
    assert model["rows"][0]["link"] == "/t/T1"


def test_timeline_of_the_sample_stays_inside_the_plot() -> None:
    """Every bar of every technician lies between the plot's left and right edge, rows one below another."""
    sample = sample_day()
    model = timeline(sample.dataset, sample.plan, "zh", lambda tid: None)
    assert len(model["rows"]) == len(sample.dataset.technicians)
    for row in model["rows"]:
        for seg in row["segments"]:
            assert LABEL_WIDTH <= seg["x"] and seg["x"] + seg["w"] <= LABEL_WIDTH + PLOT_WIDTH + 0.2
    assert [r["y"] for r in model["rows"]] == sorted({r["y"] for r in model["rows"]})


def test_clock_span_covers_shifts_in_whole_hours(small) -> None:
    """The axis starts and ends on the hour around the earliest start and the latest end."""
    _dataset, plan = small
    odd = day([tech("T1", shift_start=hm("08:20"), shift_end=hm("17:10"))], [])
    assert clock_span(odd, Plan(date=plan.date, timezone=plan.timezone, routes=(), unassigned=())) == (480, 1080)


def test_projection_keeps_every_place_inside_the_canvas_north_up() -> None:
    """Points fit inside the padding, north is up, east is right, and both axes share one scale."""
    points = [(39.86, 116.29), (39.98, 116.65), (39.90, 116.40)]
    projection = fit(points, width=600, max_height=400, pad=20)
    xy = [projection.point(*p) for p in points]
    for x, y in xy:
        assert 20 - 0.1 <= x <= 580 + 0.1 and 20 - 0.1 <= y <= projection.height - 20 + 0.1
    assert projection.height <= 400
    assert xy[0][1] > xy[1][1] and xy[0][0] < xy[1][0]

    def km(a: tuple[float, float], b: tuple[float, float]) -> float:
        return math.dist(a, b) / projection.units_per_km()

    # 0.1 degree of latitude is 11.1 km on the ground, whichever axis it is drawn on.
    assert km(projection.point(39.9, 116.4), projection.point(40.0, 116.4)) == pytest.approx(11.12, rel=0.01)
    east = km(projection.point(39.9, 116.4), projection.point(39.9, 116.5))
    assert east == pytest.approx(11.12 * math.cos(math.radians(39.92)), rel=0.01)


def test_projection_of_one_place_does_not_divide_by_zero() -> None:
    """A single place is drawn in the middle of the canvas."""
    projection = fit([(39.9, 116.4)], width=300, max_height=200, pad=10)
    assert projection.point(39.9, 116.4) == (150.0, pytest.approx(projection.height / 2, abs=0.1))


def test_scale_bar_is_a_round_number_of_kilometres() -> None:
    """The bar is 0.5/1/2/5/... km long and drawn to the map's scale."""
    projection = fit([(39.86, 116.29), (39.98, 116.65)], width=640, max_height=460, pad=22)
    bar = scale_bar(projection, 22)
    km = float(bar["label"].split()[0])
    assert km in (0.5, 1, 2, 5, 10, 20) and bar["w"] == pytest.approx(km * projection.units_per_km(), abs=0.1)


def test_overview_map_numbers_every_stop_and_marks_every_unassigned_visit() -> None:
    """Stops are numbered 1..n per route in route order; one marker per unassigned visit; shared bases once."""
    sample = sample_day()
    model = route_map(sample.dataset, sample.plan, "zh")
    assert len(model["routes"]) == len(sample.plan.routes)
    for drawn, route in zip(model["routes"], sample.plan.routes, strict=True):
        assert [s["n"] for s in drawn["stops"]] == list(range(1, len(route.stops) + 1))
        assert [s["visit_id"] for s in drawn["stops"]] == [s.visit_id for s in route.stops]
    assert len(model["unassigned"]) == len(sample.plan.unassigned)
    assert len(model["bases"]) == len({(t.base_lat, t.base_lon) for t in sample.dataset.technicians})
    assert {r["label"] for r in model["regions"]} >= {"朝阳区", "海淀区"}


def test_board_model_reads_the_plan_in_the_page_language() -> None:
    """Served count from the plan; unassigned rows most urgent first with reason_zh / reason."""
    sample = sample_day()
    zh = board_model(sample.dataset, sample.plan, "zh")
    en = board_model(sample.dataset, sample.plan, "en")
    kpis = sample.plan.kpis
    assert zh["kpis"]["cards"][0]["value"] == f"{kpis['visits_served']} / {kpis['visits_total']}"
    assert [r["priority"] for r in zh["unassigned"]] == sorted(r["priority"] for r in zh["unassigned"])
    by_id = {u.visit_id: u for u in sample.plan.unassigned}
    assert all(r["reason"] == by_id[r["visit_id"]].reason_zh for r in zh["unassigned"])
    assert all(r["reason"] == by_id[r["visit_id"]].reason for r in en["unassigned"])
    assert sum(r["count"] for r in zh["kpis"]["by_reason"]) == len(sample.plan.unassigned)


def test_masked_board_carries_no_customer_name_phone_address_or_link() -> None:
    """The public variant keeps initials and districts; the staff model had the full data to begin with."""
    sample = sample_day()
    full = board_model(sample.dataset, sample.plan, "zh", lambda tid: f"https://x/t/{tid}?k=secret")
    masked = mask_board(full)
    full_text, masked_text = json.dumps(full, ensure_ascii=False), json.dumps(masked, ensure_ascii=False)
    shown = [v for v in sample.dataset.visits if v.customer in full_text]
    assert shown and "k=secret" in full_text
    for v in shown:
        assert v.customer not in masked_text and v.phone not in masked_text and v.address not in masked_text
    assert "k=secret" not in masked_text
    row = masked["unassigned"][0]
    assert row["customer"] == initials(full["unassigned"][0]["customer"]) and row["address"] == row["district"]


@pytest.mark.parametrize("name, expected", [("夏飞", "夏**"), ("欧阳明", "欧**"), ("John Smith", "J.S."), ("", "")])
def test_initials(name: str, expected: str) -> None:
    """Chinese names keep the surname character, Latin names their initials."""
    assert initials(name) == expected


def test_initials_do_not_tell_how_long_a_chinese_name_is() -> None:
    """Two, three and four characters behind one surname character all mask alike."""
    assert len({initials(name) for name in ("王五", "王小明", "王李晓明", "王先生")}) == 1


def test_route_page_lists_the_day_in_order_with_parts_totalled() -> None:
    """Departure first, stops in route order with lunch between, way home last; parts summed over stops."""
    sample = sample_day()
    route = max(sample.plan.routes, key=lambda r: sum(len(sample.dataset.visit(s.visit_id).parts) for s in r.stops))
    model = route_page_model(sample.dataset, sample.plan, route.technician_id, "zh", "/cal.ics")
    kinds = [s["kind"] for s in model["steps"]]
    assert kinds[0] == "depart" and kinds[-1] == "return"
    assert [s["visit_id"] for s in model["steps"] if s["kind"] == "stop"] == [s.visit_id for s in route.stops]
    assert [s["sort"] for s in model["steps"][:-1]] == sorted(s["sort"] for s in model["steps"][:-1])
    assert kinds.count("break") == (1 if route.break_ else 0)
    wanted: dict[str, int] = {}
    for stop in route.stops:
        for part, qty in sample.dataset.visit(stop.visit_id).parts.items():
            wanted[part] = wanted.get(part, 0) + qty
    assert {p["part_id"]: p["qty"] for p in model["parts_total"]} == wanted and wanted
    first = next(s for s in model["steps"] if s["kind"] == "stop")
    visit_ = sample.dataset.visit(first["visit_id"])
    assert first["customer"] == visit_.customer and first["tel"] == f"tel:{visit_.phone}"
    assert model["sketch"]["routes"][0]["technician_id"] == route.technician_id


def test_navigation_and_phone_links() -> None:
    """Amap, Baidu and Tencent routes to the WGS-84 place, named by the address (not the visit id)."""
    from urllib.parse import parse_qs, urlsplit

    v = visit("V9", address="北京市朝阳区泰和南街48号,2单元")
    amap, baidu, tencent = (link["url"] for link in navigation_links(v, (39.9, 116.4), "zh"))
    q = parse_qs(urlsplit(amap).query)
    assert amap.startswith("https://uri.amap.com/navigation?")
    assert q["to"] == [f"{v.lon},{v.lat},北京市朝阳区泰和南街48号，2单元"] and q["coordinate"] == ["wgs84"]
    q = parse_qs(urlsplit(baidu).query)
    assert baidu.startswith("https://api.map.baidu.com/direction?") and q["coord_type"] == ["wgs84"]
    assert q["destination"] == [f"latlng:{v.lat},{v.lon}|name:北京市朝阳区泰和南街48号，2单元"]
    assert q["origin"] == ["latlng:39.9,116.4|name:上一站"] and q["output"] == ["html"]
    q = parse_qs(urlsplit(tencent).query)
    assert tencent.startswith("https://apis.map.qq.com/uri/v1/routeplan?") and q["type"] == ["drive"]
    assert (
        q["to"] == ["北京市朝阳区泰和南街48号，2单元"]
        and q["tocoord"] == [f"{v.lat},{v.lon}"]
        and q["coord_type"] == ["1"]
    )
    assert all(
        "V9" not in link["url"] and "customer" not in link["url"] for link in navigation_links(v, (39.9, 116.4), "en")
    )
    assert tel_url("138 0000-6367") == "tel:13800006367" and tel_url("") == ""


def test_org_tree_holds_every_technician_once_with_load_only_for_a_day() -> None:
    """Manager on top, four groups, each technician in the tree once; loads only when a plan is given."""
    sample = sample_day()
    with_day = org_model(sample.dataset, "zh", sample.plan)
    plain = org_model(sample.dataset, "en")
    unit = with_day["unit"]
    assert unit["leader"]["name"] == "周建国" and unit["leader"]["role_title"] == "售后经理"
    assert [g["id"] for g in unit["groups"]] == ["repair", "installation", "customer_service", "parts"]
    field_ids = [c["id"] for g in unit["groups"] for c in [g["leader"], *g["members"]] if c["field"]]
    assert sorted(field_ids) == sorted(t.id for t in sample.dataset.technicians) and not with_day["missing"]
    assert all(c["load"] for g in unit["groups"][:2] for c in [g["leader"], *g["members"]])
    assert not any(c["load"] for g in plain["unit"]["groups"] for c in [g["leader"], *g["members"]])
    assert unit["size"] == 20 and plain["unit"]["name"] == "Furniture after-sales service department"


def test_role_tree_follows_reports_to_with_measures_and_targets() -> None:
    """The manager's role is the root, group-leader roles under it, duties and measure targets on each."""
    sample = sample_day()
    roles = org_model(sample.dataset, "zh")["roles"]
    assert [r["id"] for r in roles] == ["service_manager"]
    children = {c["id"]: c for c in roles[0]["children"]}
    assert set(children) == {"repair_group_leader", "install_group_leader", "cs_supervisor", "parts_supervisor"}
    assert [c["id"] for c in children["cs_supervisor"]["children"]] == ["dispatcher", "cs_representative"]
    technician = children["repair_group_leader"]["children"][0]
    assert technician["holders"] == "5 人" and technician["responsibilities"]
    assert {"name": "一次修复率", "target": ">= 85%"}.items() <= technician["measures"][0].items()


def test_org_model_has_no_customer_data() -> None:
    """The open role chart never carries a customer's name, phone or address."""
    sample = sample_day()
    text = json.dumps(org_model(sample.dataset, "zh", sample.plan), ensure_ascii=False)
    assert not any(v.phone in text or v.address in text for v in sample.dataset.visits)


def test_bilingual_definitions_pick_one_side() -> None:
    """``中文 / English`` texts show one language; single-language texts stay whole."""
    assert bilingual("一次修复率 / first-time fix", "en") == "first-time fix"
    assert bilingual("一次修复率 / first-time fix", "zh") == "一次修复率"
    assert bilingual("只有中文", "en") == "只有中文"


def test_board_computes_figures_for_a_plan_that_came_without_them() -> None:
    """A plan posted without ``kpis`` still gets the same headline figures."""
    sample = sample_day()
    bare = sample.plan.model_copy(update={"kpis": {}})
    assert board_model(sample.dataset, bare, "zh")["kpis"] == board_model(sample.dataset, sample.plan, "zh")["kpis"]
