"""Synthetic dispatch days of a Beijing furniture after-sales department.

Trials, benchmarks and demos need days larger than the hand-made sample
(up to 2,000 visits, 200 technicians, 10 districts) that still look like
the real thing: repair and installation groups with leaders, skills with
levels, technicians limited to neighbouring districts, agreed arrival
windows, due and deferrable work, scarce spare parts, a few pinned jobs,
one job nobody is qualified for, and more work than the day can hold, so
that the planner has to choose.

Everything is drawn from one ``random.Random(seed)``: the same arguments
always give the same ``Dataset``, on any machine and any day. Names, phone
numbers (``1380000xxxx``) and street addresses are made up.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planner.demo_places import District, city
from planner.domain import Dataset, Part, Region, Settings, Technician, Visit

DEFAULT_DATE = dt.date(2026, 11, 23)


#: Beijing's districts (``planner.demo_places``), from the city core outwards,
#: so that a small region count gives a compact city and travel stays believable.
DISTRICTS: tuple[District, ...] = city("beijing").districts

#: The Palace Museum and Tiananmen Square: nobody gets a sofa repaired there.
_NO_HOMES = ((39.898, 39.928), (116.380, 116.408))

REPAIR_SKILLS: tuple[str, ...] = (
    "sofa_repair",
    "electric_recliner",
    "leather_care",
    "wood_repair",
    "mattress_repair",
)
REPAIR_WEIGHTS: tuple[int, ...] = (5, 3, 3, 3, 2)
INSTALL_SKILLS: tuple[str, ...] = ("cabinet_install", "wardrobe_install", "bed_install", "smart_lock")
INSTALL_WEIGHTS: tuple[int, ...] = (4, 3, 3, 2)
INSPECTION_SKILL = "quality_inspection"
#: A skill the department does not have: its visits show the
#: ``no_qualified_technician`` reason. One such visit per
#: ``UNHELD_EVERY`` visits, on days of at least ``UNHELD_FROM`` visits.
UNHELD_SKILL = "marble_repair"
UNHELD_EVERY, UNHELD_FROM = 250, 40

#: Which kinds of visit each skill serves.
SKILL_TYPES: dict[str, tuple[str, ...]] = {
    "sofa_repair": ("repair", "maintenance", "complaint"),
    "electric_recliner": ("repair", "complaint"),
    "leather_care": ("repair", "maintenance", "complaint"),
    "wood_repair": ("repair", "maintenance", "complaint"),
    "mattress_repair": ("repair", "maintenance"),
    "cabinet_install": ("install", "complaint"),
    "wardrobe_install": ("install", "complaint"),
    "bed_install": ("install",),
    "smart_lock": ("install",),
    INSPECTION_SKILL: ("inspection",),
}

JOBS: dict[str, tuple[str, ...]] = {
    "sofa_repair": ("沙发坐垫塌陷，更换海绵", "沙发靠背松动，框架加固", "布艺沙发拉链损坏"),
    "electric_recliner": ("电动沙发无法回位", "电动功能椅遥控失灵", "电动躺椅推杆异响"),
    "leather_care": ("真皮沙发划痕修补", "皮面开裂修补", "皮椅褪色补色"),
    "wood_repair": ("实木餐桌桌腿松动", "实木衣柜门变形", "茶几漆面烫伤修复"),
    "mattress_repair": ("床垫局部塌陷", "床垫弹簧异响", "床垫边框弹簧外露"),
    "cabinet_install": ("整体橱柜安装", "浴室柜安装", "整墙书柜安装", "鞋柜、玄关柜安装"),
    "wardrobe_install": ("定制衣柜安装", "推拉门衣柜安装", "衣帽间柜体安装"),
    "bed_install": ("实木双人床安装", "儿童上下床安装", "电动床架安装调试"),
    "smart_lock": ("智能门锁安装", "智能锁更换（拆除旧锁）", "智能锁安装（防盗门改装）"),
    INSPECTION_SKILL: ("新房家具交付验收", "维修后回访检查", "小区交付批量抽检"),
}
CARE: dict[str, str] = {
    "sofa_repair": "沙发紧固件检查",
    "leather_care": "真皮沙发清洁保养",
    "wood_repair": "实木家具打蜡保养",
    "mattress_repair": "床垫翻面除螨保养",
}
COMPLAINTS: dict[str, str] = {
    "sofa_repair": "维修后沙发仍有异响",
    "electric_recliner": "电动功能反复失灵，客户担心用电安全",
    "leather_care": "保养后皮面发白",
    "wood_repair": "新家具色差明显，客户要求更换",
    "cabinet_install": "安装后柜门不平、缝隙过大",
    "wardrobe_install": "衣柜安装后柜体晃动",
}
#: Complaint grade -> (priority, label, share): major/important/minor = 1/2/3.
COMPLAINT_GRADES: tuple[tuple[int, str, float], ...] = (
    (1, "重大投诉", 0.25),
    (2, "重要投诉", 0.40),
    (3, "一般投诉", 0.35),
)

TYPE_WEIGHTS: dict[str, float] = {
    "install": 0.30,
    "repair": 0.35,
    "maintenance": 0.12,
    "inspection": 0.08,
    "complaint": 0.15,
}
#: Priority shares per type (complaints take theirs from the grade).
PRIORITY_WEIGHTS: dict[str, dict[int, float]] = {
    "install": {2: 0.30, 3: 0.55, 4: 0.15},
    "repair": {1: 0.12, 2: 0.33, 3: 0.40, 4: 0.15},
    "maintenance": {3: 0.30, 4: 0.70},
    "inspection": {2: 0.20, 3: 0.60, 4: 0.20},
}
#: Minutes on site before scaling to the day's load (see ``_fit_load``).
DURATION_RANGES: dict[str, tuple[int, int]] = {
    "install": (60, 180),
    "repair": (45, 120),
    "maintenance": (30, 90),
    "inspection": (30, 60),
    "complaint": (45, 120),
}
MIN_DURATION, MAX_DURATION = 30, 240

#: (part id, name, skill it serves).
PART_CATALOGUE: tuple[tuple[str, str, str], ...] = (
    ("P01", "电动沙发推杆电机", "electric_recliner"),
    ("P02", "柜门液压铰链（4只装）", "cabinet_install"),
    ("P03", "智能锁前面板", "smart_lock"),
    ("P04", "床板排骨架条（10根）", "bed_install"),
    ("P05", "真皮修补膏", "leather_care"),
    ("P06", "沙发弹簧座包", "sofa_repair"),
    ("P07", "衣柜推拉门滑轮", "wardrobe_install"),
    ("P08", "床垫弹簧模块", "mattress_repair"),
    ("P09", "实木修色笔套装", "wood_repair"),
)
PARTS_SHARE = 0.10

#: Two-hour arrival windows customers book, and the evening one no shift reaches.
WINDOW_STARTS: tuple[int, ...] = (9 * 60, 10 * 60, 13 * 60, 14 * 60, 15 * 60, 16 * 60)
WINDOW_LENGTH = 120
#: Customers are not offered a window whose job would run past this (a typical shift end).
WINDOW_LATEST_FINISH = 17 * 60 + 30
EVENING_WINDOW = (18 * 60 + 30, 20 * 60 + 30)
WINDOW_SHARE, EVENING_SHARE = 0.20, 0.01
PINNED_SHARE, PREFERRED_SHARE = 0.015, 0.05

#: (start, end, share) of full-time shifts; part-timers work afternoons.
SHIFTS: tuple[tuple[int, int, float], ...] = (
    (8 * 60 + 30, 17 * 60 + 30, 0.45),
    (9 * 60, 18 * 60, 0.45),
    (8 * 60, 17 * 60, 0.10),
)
PART_TIME_SHIFT = (13 * 60 + 30, 18 * 60)
PART_TIME_SHARE, CAPPED_SHARE, ALL_REGIONS_SHARE, GENERALIST_SHARE = 0.05, 0.10, 0.20, 0.10
#: Most people start from their district's branch office, the others from home.
OFFICE_BASE_SHARE = 0.7
TEAM_SIZE = 8

#: Average drive per visit counted in the demand (a hop across a district at 30 km/h).
TRAVEL_ALLOWANCE_MIN = 15
#: Demand over capacity the generator aims at: more work than fits, but not absurdly so.
LOAD_RANGE = (1.15, 1.25)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
GIVEN = "秀英桂芳丽敏静燕红霞玉兰萍娟建华国明文军平志强伟海波宏刚春林东晓丹雪琴玲杰涛斌超磊鹏飞勇"
STREETS = (
    "朝晖",
    "望景",
    "和悦",
    "锦华",
    "安康",
    "嘉禾",
    "瑞祥",
    "长乐",
    "景泰",
    "泰和",
    "怡园",
    "柳荫",
    "芳华",
    "云景",
    "新和",
    "润泽",
)
STREET_KINDS = ("路", "街", "北路", "南街", "东路", "西里")
COMMUNITIES = ("馨园", "家园", "花园", "嘉园", "小区", "雅苑", "新村", "公寓")


def default_region_count(technicians: int) -> int:
    """About sqrt(2 x technicians) districts: 5 for a dozen people, all 10 from 50 on."""
    return max(1, min(len(DISTRICTS), technicians, round(math.sqrt(2 * technicians))))


def generate_day(
    visits: int,
    technicians: int,
    seed: int,
    regions: int | None = None,
    date: dt.date | None = None,
) -> Dataset:
    """A synthetic day with exactly ``visits`` visits and ``technicians`` technicians.

    ``regions`` districts are used (default from the team size, at most 10);
    ``date`` defaults to ``DEFAULT_DATE`` rather than today so that a seed
    names one day for good. Estimated demand is 1.15-1.25 x capacity
    whenever the counts allow durations of 30-240 minutes to get there.
    """
    region_count = default_region_count(technicians) if regions is None else regions
    _check_sizes(visits, technicians, region_count)
    rng = random.Random(seed)
    settings = Settings(date=date or DEFAULT_DATE)
    districts = DISTRICTS[:region_count]
    staff = _technicians(rng, technicians, districts)
    drafted = _visits(rng, visits, districts, staff, settings.date)
    fitted = _fit_load(rng, drafted, capacity_minutes(staff, settings))
    return Dataset(
        settings=settings,
        technicians=staff,
        visits=fitted,
        parts=_parts(rng, fitted),
        regions=tuple(Region(id=d.id, name=d.name, name_en=d.name_en) for d in districts),
        org=_org(rng, staff),
    )


def _check_sizes(visits: int, technicians: int, regions: int) -> None:
    """Reject sizes that cannot make a day, with a message the CLI can show as is."""
    if visits < 0:
        raise ValueError(f"visits must be 0 or more, not {visits}")
    if technicians < 1:
        raise ValueError(f"technicians must be 1 or more, not {technicians}")
    if not 1 <= regions <= len(DISTRICTS):
        raise ValueError(f"regions must be from 1 to {len(DISTRICTS)}, not {regions}")


def capacity_minutes(technicians: Sequence[Technician], settings: Settings) -> int:
    """Working minutes of all shifts, less lunch for those who work across the lunch window."""
    total = 0
    for technician in technicians:
        total += technician.shift_end - technician.shift_start
        if technician.shift_start <= settings.lunch_start and technician.shift_end >= settings.lunch_end:
            total -= settings.lunch_minutes
    return total


def demand_ratio(dataset: Dataset) -> float:
    """Estimated demand (time on site plus a drive per visit) over capacity.

    ``planner demo`` prints it, so whoever tries the planner on a generated
    day knows how much work must be left for another day before planning.
    """
    demand = sum(v.duration_min + TRAVEL_ALLOWANCE_MIN for v in dataset.visits)
    return demand / max(1, capacity_minutes(dataset.technicians, dataset.settings))


# --- people -----------------------------------------------------------------


def _person_name(rng: random.Random) -> str:
    """A made-up Chinese name: surname plus one or two given characters."""
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    """An obviously fake mobile number of the form ``1380000xxxx``."""
    return f"1380000{rng.randrange(10_000):04d}"


def _address(rng: random.Random, district: District) -> str:
    """A real district with an invented street, number, community, building and flat."""
    return (
        f"北京市{district.name}{rng.choice(STREETS)}{rng.choice(STREET_KINDS)}"
        f"{rng.randint(1, 199)}号{rng.choice(STREETS)}{rng.choice(COMMUNITIES)}"
        f"{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 28)}{rng.randint(1, 4):02d}"
    )


def _point(rng: random.Random, district: District, radius_km: float | None = None) -> tuple[float, float]:
    """A uniformly random point within the district's radius, outside the Palace area."""
    radius = district.radius_km if radius_km is None else radius_km
    while True:
        distance = radius * math.sqrt(rng.random())
        angle = rng.uniform(0, 2 * math.pi)
        lat = district.lat + distance * math.cos(angle) / 111.32
        lon = district.lon + distance * math.sin(angle) / (111.32 * math.cos(math.radians(district.lat)))
        (lat_lo, lat_hi), (lon_lo, lon_hi) = _NO_HOMES
        if not (lat_lo <= lat <= lat_hi and lon_lo <= lon <= lon_hi):
            return round(lat, 6), round(lon, 6)


def _office(district: District) -> tuple[float, float]:
    """The district's branch office: a fixed spot 1 km north-east of the centre."""
    return (round(district.lat + 0.0064, 6), round(district.lon + 0.0064 / math.cos(math.radians(district.lat)), 6))


def _neighbours(district: District, districts: Sequence[District]) -> list[District]:
    """Other districts, nearest first: people cover the districts next to their own."""
    others = [d for d in districts if d.id != district.id]
    return sorted(others, key=lambda d: (d.lat - district.lat) ** 2 + (d.lon - district.lon) ** 2)


def _ident(prefix: str, number: int, count: int, minimum: int) -> str:
    """``T01``, ``V001``...: zero-padded to fit the count, so ids sort as they read."""
    return f"{prefix}{number:0{max(minimum, len(str(count)))}d}"


def _technicians(rng: random.Random, count: int, districts: Sequence[District]) -> tuple[Technician, ...]:
    """Half repair group, half installation group, in teams of ``TEAM_SIZE`` led by the first member."""
    repairers = count // 2
    people = []
    for index in range(count):
        family = "repair" if index < repairers else "install"
        member = index if family == "repair" else index - repairers
        people.append(
            _technician(
                rng, index, count, family, member % TEAM_SIZE == 0, districts[index % len(districts)], districts
            )
        )
    return tuple(people)


def _technician(
    rng: random.Random, index: int, count: int, family: str, leader: bool, home: District, districts: Sequence[District]
) -> Technician:
    """One person: role, skills, shift, regions and base follow the department's habits."""
    part_time = not leader and rng.random() < PART_TIME_SHARE
    start, end = PART_TIME_SHIFT if part_time else _weighted(rng, {s[:2]: s[2] for s in SHIFTS})
    if part_time:
        cap: int | None = 3
    else:
        cap = rng.randint(4, 6) if rng.random() < CAPPED_SHARE else None
    base = _office(home) if rng.random() < OFFICE_BASE_SHARE else _point(rng, home, 3.0)
    return Technician(
        id=_ident("T", index + 1, count, 2),
        name=_person_name(rng),
        role=_role_of(family, leader),
        base_lat=base[0],
        base_lon=base[1],
        regions=_coverage(rng, home, districts, leader),
        skills=_skills(rng, family, leader),
        shift_start=start,
        shift_end=end,
        max_visits=cap,
    )


def _role_of(family: str, leader: bool) -> str:
    """Role id as used in ``org.yaml``."""
    if family == "repair":
        return "repair_group_leader" if leader else "repair_technician"
    return "install_group_leader" if leader else "install_engineer"


def _coverage(rng: random.Random, home: District, districts: Sequence[District], leader: bool) -> tuple[str, ...]:
    """Leaders and a share of the others go anywhere (empty tuple); the rest cover 1-3 nearby districts."""
    if leader or rng.random() < ALL_REGIONS_SHARE or len(districts) == 1:
        return ()
    extra = rng.choice((0, 1, 1, 2))
    return (home.id, *(d.id for d in _neighbours(home, districts)[:extra]))


def _skills(rng: random.Random, family: str, leader: bool) -> dict[str, int]:
    """Two to four skills of the group's trade; leaders are senior and inspect; some are generalists."""
    names, weights = (REPAIR_SKILLS, REPAIR_WEIGHTS) if family == "repair" else (INSTALL_SKILLS, INSTALL_WEIGHTS)
    chosen = _distinct(rng, names, weights, rng.randint(2, min(4, len(names))))
    low, high = (4, 5) if leader else (1, 4)
    skills = {name: rng.randint(low, high) for name in chosen}
    if leader or (max(skills.values()) >= 4 and rng.random() < 0.3):
        skills[INSPECTION_SKILL] = rng.randint(2, 4)
    if rng.random() < GENERALIST_SHARE:
        other = INSTALL_SKILLS if family == "repair" else REPAIR_SKILLS
        skills.setdefault(rng.choice(other), rng.randint(1, 2))
    return skills


def _distinct(rng: random.Random, names: Sequence[str], weights: Sequence[int], count: int) -> list[str]:
    """``count`` different names drawn by weight, in draw order."""
    pool = dict(zip(names, weights))
    chosen = []
    for _ in range(count):
        name = _weighted(rng, pool)
        chosen.append(name)
        del pool[name]
    return chosen


def _weighted(rng: random.Random, weights: Mapping[Any, float]) -> Any:
    """One key drawn with the given weights from the caller's generator."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# --- visits -----------------------------------------------------------------


@dataclass(frozen=True)
class _Offer:
    """A skill at a level somebody in the region holds, for one kind of visit."""

    technician: Technician
    skill: str


def _offers(staff: Sequence[Technician], districts: Sequence[District]) -> dict[tuple[str, str], list[_Offer]]:
    """For each (region, visit type), the skills people working there hold.

    Visits ask only for what some such person has, so that apart from the
    deliberate cases a visit is left out for lack of time, not of skills.
    """
    offers: dict[tuple[str, str], list[_Offer]] = {}
    for district in districts:
        for technician in staff:
            if not technician.covers(district.id):
                continue
            for skill in technician.skills:
                for kind in SKILL_TYPES[skill]:
                    offers.setdefault((district.id, kind), []).append(_Offer(technician, skill))
    return offers


def _visits(
    rng: random.Random, count: int, districts: Sequence[District], staff: Sequence[Technician], date: dt.date
) -> list[Visit]:
    """``count`` visits over the districts by weight; a few need the skill nobody has."""
    offers = _offers(staff, districts)
    unheld: set[int] = set()
    if count >= UNHELD_FROM:
        unheld = set(rng.sample(range(count), max(1, count // UNHELD_EVERY)))
    weights = {d: d.weight for d in districts}
    drafted = []
    for index in range(count):
        district = _weighted(rng, weights)
        ident = _ident("V", index + 1, count, 3)
        if index in unheld:
            drafted.append(_unheld_visit(rng, ident, district, date))
        else:
            drafted.append(_visit(rng, ident, district, staff, offers, date))
    return drafted


def _contact(rng: random.Random, district: District) -> dict[str, Any]:
    """Customer, phone, address and the matching location (all invented)."""
    lat, lon = _point(rng, district)
    return {
        "customer": _person_name(rng),
        "phone": _phone(rng),
        "address": _address(rng, district),
        "lat": lat,
        "lon": lon,
        "region": district.id,
    }


def _unheld_visit(rng: random.Random, ident: str, district: District, date: dt.date) -> Visit:
    """A marble table top repair: nobody in the department has the skill."""
    return Visit(
        id=ident,
        **_contact(rng, district),
        type="repair",
        priority=3,
        required_skills={UNHELD_SKILL: 2},
        duration_min=90,
        due_date=date + dt.timedelta(days=rng.randint(0, 3)),
        description="大理石餐桌台面裂纹修补（需石材修补资质）",
    )


def _visit(
    rng: random.Random,
    ident: str,
    district: District,
    staff: Sequence[Technician],
    offers: dict[tuple[str, str], list[_Offer]],
    date: dt.date,
) -> Visit:
    """One ordinary visit whose skills somebody covering its district holds.

    Group leaders cover every district, so each district has offers; when
    nobody there does the drawn kind of work, another kind is drawn.
    """
    kind = _weighted(rng, TYPE_WEIGHTS)
    if (district.id, kind) not in offers:
        kind = _weighted(rng, {k: w for k, w in TYPE_WEIGHTS.items() if (district.id, k) in offers})
    offer = rng.choice(offers[(district.id, kind)])
    required = _required(rng, offer, kind)
    priority, description = _priority_and_text(rng, kind, offer.skill)
    low, high = DURATION_RANGES[kind]
    duration = rng.randrange(low, high + 1, 15)
    window = _window(rng, duration)
    qualified = [t for t in staff if t.covers(district.id) and t.qualifies(required)]
    hosts = [t for t in qualified if _can_host(t, window)]
    return Visit(
        id=ident,
        **_contact(rng, district),
        type=kind,
        priority=priority,
        required_skills=required,
        duration_min=duration,
        window_start=window[0] if window else None,
        window_end=window[1] if window else None,
        due_date=_due(rng, kind, priority, date),
        parts=_visit_parts(rng, kind, required),
        pinned_technician=rng.choice(hosts).id if hosts and rng.random() < PINNED_SHARE else None,
        preferred_technician=rng.choice(qualified).id if qualified and rng.random() < PREFERRED_SHARE else None,
        description=description,
    )


def _required(rng: random.Random, offer: _Offer, kind: str) -> dict[str, int]:
    """A level at most what the offering person holds; complaints ask for seniority; a few add a second skill."""
    held = offer.technician.level(offer.skill)
    low = min(held, 2) if kind == "complaint" else 1
    required = {offer.skill: rng.randint(low, held)}
    others = [s for s in offer.technician.skills if s != offer.skill and s != INSPECTION_SKILL]
    if others and kind in ("repair", "install") and rng.random() < 0.1:
        required[rng.choice(others)] = 1
    return required


def _priority_and_text(rng: random.Random, kind: str, skill: str) -> tuple[int, str]:
    """Priority from the type (complaints: from the grade) and a Chinese job description."""
    if kind == "complaint":
        priority, label, _ = _weighted(rng, {grade: grade[2] for grade in COMPLAINT_GRADES})
        return priority, f"{label}：{COMPLAINTS[skill]}"
    priority = _weighted(rng, PRIORITY_WEIGHTS[kind])
    if kind == "maintenance":
        return priority, CARE[skill]
    return priority, rng.choice(JOBS[skill])


def _window(rng: random.Random, duration: int) -> tuple[int, int] | None:
    """A booked two-hour arrival window for a share of visits; rarely an evening one no shift reaches.

    Only windows the job can finish after by a usual shift end are booked:
    a three-hour install is not promised for 16:00.
    """
    draw = rng.random()
    if draw < EVENING_SHARE:
        return EVENING_WINDOW
    starts = [s for s in WINDOW_STARTS if s + duration <= WINDOW_LATEST_FINISH]
    if draw < EVENING_SHARE + WINDOW_SHARE and starts:
        start = rng.choice(starts)
        return start, start + WINDOW_LENGTH
    return None


def _can_host(technician: Technician, window: tuple[int, int] | None) -> bool:
    """Whether the shift reaches into the window, so a pin is not impossible by construction."""
    return window is None or (technician.shift_start <= window[1] and window[0] < technician.shift_end)


def _due(rng: random.Random, kind: str, priority: int, date: dt.date) -> dt.date | None:
    """Complaints and urgent jobs are due now; others are due, later (deferrable) or open-ended."""
    if kind == "complaint" or priority == 1:
        offset: int | None = rng.choice((-2, -1, 0, 0, 1))
    else:
        draw = rng.random()
        if draw < 0.40:
            offset = -rng.choice((0, 0, 0, 1, 2, 3))
        elif draw < 0.75:
            offset = rng.randint(1, 14)
        else:
            offset = None
    return None if offset is None else date + dt.timedelta(days=offset)


def _visit_parts(rng: random.Random, kind: str, required: dict[str, int]) -> dict[str, int]:
    """A share of repairs and installs take a spare part matching their skill."""
    if kind not in ("repair", "install") or rng.random() >= PARTS_SHARE:
        return {}
    matching = [part_id for part_id, _, skill in PART_CATALOGUE if skill in required]
    if not matching:
        return {}
    return {rng.choice(matching): rng.choice((1, 1, 1, 2))}


def _fit_load(rng: random.Random, visits: list[Visit], capacity: int) -> tuple[Visit, ...]:
    """Scale durations so that demand is 1.15-1.25 x capacity, keeping the mix of long and short jobs.

    Durations stay whole 5 minutes within 30-240, so the scale is found by
    bisection (the total only grows with it); very lopsided counts (few
    visits for many people, or the reverse) still end up off the target.
    """
    if not visits:
        return ()
    target = rng.uniform(*LOAD_RANGE) * capacity - TRAVEL_ALLOWANCE_MIN * len(visits)
    low, high = 0.0, MAX_DURATION / min(v.duration_min for v in visits)
    for _ in range(40):
        middle = (low + high) / 2
        if sum(_scaled(v.duration_min, middle) for v in visits) < target:
            low = middle
        else:
            high = middle
    return tuple(v.model_copy(update={"duration_min": _scaled(v.duration_min, high)}) for v in visits)


def _scaled(minutes: int, scale: float) -> int:
    """A scaled duration rounded to 5 minutes and kept within 30-240."""
    return min(MAX_DURATION, max(MIN_DURATION, 5 * round(minutes * scale / 5)))


def _parts(rng: random.Random, visits: Sequence[Visit]) -> tuple[Part, ...]:
    """The whole catalogue; stock covers some demands and falls short of others.

    The part most in demand always gets less than asked, so that the parts
    limit really decides something on any day that uses parts.
    """
    demand: dict[str, int] = {part_id: 0 for part_id, _, _ in PART_CATALOGUE}
    for visit in visits:
        for part_id, quantity in visit.parts.items():
            demand[part_id] += quantity
    scarcest = max(demand, key=lambda part_id: demand[part_id])
    parts = []
    for part_id, name, _ in PART_CATALOGUE:
        wanted = demand[part_id]
        if part_id == scarcest and wanted:
            stock = wanted - max(1, wanted // 3)
        elif wanted:
            stock = round(wanted * rng.uniform(0.6, 1.5))
        else:
            stock = rng.randint(2, 10)
        parts.append(Part(id=part_id, name=name, stock=stock))
    return tuple(parts)


# --- organisation -------------------------------------------------------------

#: (id, title, title_en, reports_to, field, responsibilities, ((measure id, target), ...)).
ROLES: tuple[tuple[str, str, str, str | None, bool, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    (
        "service_manager",
        "售后经理",
        "After-sales service manager",
        None,
        False,
        ("对服务质量、成本和客户满意度全面负责", "审批重大投诉处理方案"),
        (("customer_satisfaction", ">= 95%"), ("complaint_closure_48h", ">= 90%"), ("on_time_arrival_rate", ">= 95%")),
    ),
    (
        "repair_group_leader",
        "维修组组长",
        "Repair group leader",
        "service_manager",
        True,
        ("带领维修组完成维修单，承接疑难件和重大投诉", "新技师带教与技能评定"),
        (("first_time_fix_rate", ">= 85%"), ("repeat_repair_rate_30d", "<= 5%")),
    ),
    (
        "repair_technician",
        "维修技师",
        "Repair technician",
        "repair_group_leader",
        True,
        ("上门检测、维修沙发、实木家具、床垫和电动功能件",),
        (("first_time_fix_rate", ">= 85%"), ("on_time_arrival_rate", ">= 95%")),
    ),
    (
        "install_group_leader",
        "安装组组长",
        "Installation group leader",
        "service_manager",
        True,
        ("安排和督导送装与安装，承接大件定制安装", "交付验收抽检"),
        (("install_acceptance_rate", ">= 98%"), ("on_time_arrival_rate", ">= 95%")),
    ),
    (
        "install_engineer",
        "安装工程师",
        "Installation engineer",
        "install_group_leader",
        True,
        ("上门安装、调试家具和智能锁，指导客户验收",),
        (("install_acceptance_rate", ">= 98%"), ("on_time_arrival_rate", ">= 95%")),
    ),
    (
        "cs_supervisor",
        "客服主管",
        "Customer service supervisor",
        "service_manager",
        False,
        ("管理热线、工单受理与回访", "按投诉等级升级处理"),
        (("complaint_closure_48h", ">= 90%"), ("callback_24h", ">= 95%")),
    ),
    (
        "dispatcher",
        "调度专员",
        "Dispatcher",
        "cs_supervisor",
        False,
        ("生成并发布次日派工计划，处理插单和改约",),
        (("on_time_arrival_rate", ">= 95%"), ("plan_completion_rate", ">= 90%")),
    ),
    (
        "cs_representative",
        "客服专员",
        "Customer service representative",
        "cs_supervisor",
        False,
        ("接听热线、录入工单、预约时段", "完工后电话回访"),
        (("callback_24h", ">= 95%"),),
    ),
    (
        "parts_supervisor",
        "配件主管",
        "Parts desk supervisor",
        "service_manager",
        False,
        ("管理配件库存与补货",),
        (("parts_fill_rate", ">= 95%"),),
    ),
    (
        "parts_clerk",
        "配件专员",
        "Parts clerk",
        "parts_supervisor",
        False,
        ("按派工计划备料、发料，登记出入库",),
        (("parts_fill_rate", ">= 95%"),),
    ),
)
#: (id, name, name_en) of every measure the roles above use.
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("customer_satisfaction", "客户满意度", "Customer satisfaction"),
    ("complaint_closure_48h", "投诉48小时结案率", "Complaint closure within 48 h"),
    ("on_time_arrival_rate", "准时到达率", "On-time arrival rate"),
    ("first_time_fix_rate", "一次修复率", "First-time fix rate"),
    ("repeat_repair_rate_30d", "30天返修率", "30-day repeat repair rate"),
    ("install_acceptance_rate", "安装一次验收合格率", "First-pass installation acceptance rate"),
    ("callback_24h", "24小时回访率", "Callback within 24 h"),
    ("plan_completion_rate", "计划完成率", "Plan completion rate"),
    ("parts_fill_rate", "配件满足率", "Parts fill rate"),
)


def _org(rng: random.Random, staff: Sequence[Technician]) -> dict[str, Any]:
    """The department in the ``org.yaml`` schema: field teams from ``staff`` plus office groups."""
    groups = _field_teams(
        staff, ("repair_group_leader", "repair_technician"), "repair", "维修", "Repair"
    ) + _field_teams(staff, ("install_group_leader", "install_engineer"), "installation", "安装", "Installation")
    size = len(staff)
    groups.append(
        _office_group(
            rng,
            "customer_service",
            "客服组",
            "Customer service group",
            "CS",
            "cs_supervisor",
            ["dispatcher"] * max(1, size // 40) + ["cs_representative"] * max(2, size // 10),
        )
    )
    groups.append(
        _office_group(
            rng, "parts", "配件组", "Parts desk", "PD", "parts_supervisor", ["parts_clerk"] * max(1, size // 50)
        )
    )
    return {
        "version": 1,
        "measures": [{"id": i, "name": n, "name_en": e} for i, n, e in MEASURES],
        "roles": [
            {
                "id": i,
                "title": t,
                "title_en": te,
                "reports_to": up,
                "field": field,
                "responsibilities": list(duties),
                "measures": [{"id": m, "target": target} for m, target in measures],
            }
            for i, t, te, up, field, duties, measures in ROLES
        ],
        "department": {
            "id": "aftersales",
            "name": "家具售后服务部",
            "name_en": "Furniture after-sales service department",
            "leader": {"id": "M01", "name": _person_name(rng), "role": "service_manager"},
            "members": [],
            "groups": groups,
        },
    }


def _field_teams(
    staff: Sequence[Technician], roles: tuple[str, str], group_id: str, name: str, name_en: str
) -> list[dict[str, Any]]:
    """One group per leader with the members that follow them in ``staff``.

    ``_technicians`` makes the first of every ``TEAM_SIZE`` people the
    leader, so a member always comes after their leader.
    """
    leader_role, member_role = roles
    teams: list[dict[str, Any]] = []
    for technician in staff:
        person = {"technician": technician.id, "role": technician.role}
        if technician.role == leader_role:
            teams.append({"leader": person, "members": []})
        elif technician.role == member_role:
            teams[-1]["members"].append(person)
    single = len(teams) == 1
    return [
        {
            "id": group_id if single else f"{group_id}_{n}",
            "name": f"{name}组" if single else f"{name}{n}组",
            "name_en": f"{name_en} group" if single else f"{name_en} team {n}",
            **team,
        }
        for n, team in enumerate(teams, 1)
    ]


def _office_group(
    rng: random.Random, group_id: str, name: str, name_en: str, prefix: str, leader_role: str, member_roles: list[str]
) -> dict[str, Any]:
    """An office group of invented staff with ids like ``CS01``."""
    return {
        "id": group_id,
        "name": name,
        "name_en": name_en,
        "leader": {"id": f"{prefix}01", "name": _person_name(rng), "role": leader_role},
        "members": [
            {"id": f"{prefix}{n:02d}", "name": _person_name(rng), "role": role}
            for n, role in enumerate(member_roles, 2)
        ],
    }
