"""Synthetic days of a national after-sales network: many cities, each its own department.

A national furniture brand runs a service department in every city it
sells in: the city's technicians live there and cover only that city's
districts, and each city's parts desk holds its own stock. Such a day is
the input the cluster planner is made for (``planner.cluster``): cities
share nobody, so they are planned apart and merged.

Each city is drawn with the building blocks of ``planner.demo`` (teams,
skills, shifts, visits, windows, load, parts) around the real centres of
its districts; ids, regions and parts then carry the city's code
(``SH-T001``, ``shanghai-pudong``, ``SH-P03``) so that the cities sit side
by side in one dataset. Everything is drawn from one ``random.Random``
per city seeded from ``seed`` and the city, so the same arguments always
give the same day, and a city's day does not change when more cities are
added.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from planner import demo
from planner.demo import DEFAULT_DATE, District
from planner.domain import Dataset, Part, Region, Settings, Technician, Visit


@dataclass(frozen=True)
class City:
    """A city with its after-sales department: code for ids, and a few districts with their real centres."""

    id: str
    code: str
    name: str
    name_en: str
    districts: tuple[District, ...]


def _d(
    id_: str, name: str, name_en: str, lat: float, lon: float, radius_km: float = 4.0, weight: float = 1.0
) -> District:
    return District(id_, name, name_en, lat, lon, radius_km, weight)


#: Real district centres of the largest cities, the city's core first.
CITIES: tuple[City, ...] = (
    City("beijing", "BJ", "北京市", "Beijing", demo.DISTRICTS[:4]),
    City(
        "shanghai",
        "SH",
        "上海市",
        "Shanghai",
        (
            _d("pudong", "浦东新区", "Pudong", 31.2215, 121.5447),
            _d("xuhui", "徐汇区", "Xuhui", 31.1885, 121.4365),
            _d("jingan", "静安区", "Jing'an", 31.2290, 121.4480, 2.5, 0.6),
            _d("minhang", "闵行区", "Minhang", 31.1130, 121.3816, 5.0, 0.8),
        ),
    ),
    City(
        "guangzhou",
        "GZ",
        "广州市",
        "Guangzhou",
        (
            _d("tianhe", "天河区", "Tianhe", 23.1246, 113.3613),
            _d("yuexiu", "越秀区", "Yuexiu", 23.1291, 113.2668, 2.5, 0.6),
            _d("haizhu", "海珠区", "Haizhu", 23.0838, 113.3172),
            _d("baiyun", "白云区", "Baiyun", 23.1575, 113.2733, 5.0, 0.8),
        ),
    ),
    City(
        "shenzhen",
        "SZ",
        "深圳市",
        "Shenzhen",
        (
            _d("futian", "福田区", "Futian", 22.5410, 114.0550),
            _d("nanshan", "南山区", "Nanshan", 22.5333, 113.9305),
            _d("luohu", "罗湖区", "Luohu", 22.5484, 114.1315, 3.0, 0.6),
            _d("baoan", "宝安区", "Bao'an", 22.5553, 113.8830, 5.0, 0.9),
        ),
    ),
    City(
        "chengdu",
        "CD",
        "成都市",
        "Chengdu",
        (
            _d("jinjiang", "锦江区", "Jinjiang", 30.6570, 104.0830),
            _d("wuhou", "武侯区", "Wuhou", 30.6420, 104.0431),
            _d("qingyang", "青羊区", "Qingyang", 30.6740, 104.0612, 3.0, 0.7),
            _d("chenghua", "成华区", "Chenghua", 30.6599, 104.1014, 3.0, 0.7),
        ),
    ),
    City(
        "hangzhou",
        "HZ",
        "杭州市",
        "Hangzhou",
        (
            _d("xihu", "西湖区", "Xihu", 30.2595, 120.1300),
            _d("shangcheng", "上城区", "Shangcheng", 30.2425, 120.1693),
            _d("gongshu", "拱墅区", "Gongshu", 30.3196, 120.1419),
            _d("binjiang", "滨江区", "Binjiang", 30.2084, 120.2120, 3.0, 0.6),
        ),
    ),
    City(
        "wuhan",
        "WH",
        "武汉市",
        "Wuhan",
        (
            _d("wuchang", "武昌区", "Wuchang", 30.5539, 114.3160),
            _d("jianghan", "江汉区", "Jianghan", 30.6015, 114.2709, 3.0, 0.7),
            _d("hongshan", "洪山区", "Hongshan", 30.4996, 114.3437, 5.0),
            _d("hanyang", "汉阳区", "Hanyang", 30.5549, 114.2186, 3.0, 0.6),
        ),
    ),
    City(
        "xian",
        "XA",
        "西安市",
        "Xi'an",
        (
            _d("yanta", "雁塔区", "Yanta", 34.2230, 108.9480),
            _d("beilin", "碑林区", "Beilin", 34.2567, 108.9341, 2.5, 0.6),
            _d("weiyang", "未央区", "Weiyang", 34.2930, 108.9466),
            _d("xincheng", "新城区", "Xincheng", 34.2669, 108.9603, 2.5, 0.5),
        ),
    ),
    City(
        "nanjing",
        "NJ",
        "南京市",
        "Nanjing",
        (
            _d("xuanwu", "玄武区", "Xuanwu", 32.0487, 118.7977, 3.0),
            _d("gulou", "鼓楼区", "Gulou", 32.0661, 118.7699, 3.0),
            _d("qinhuai", "秦淮区", "Qinhuai", 32.0336, 118.7944, 3.0, 0.7),
            _d("jianye", "建邺区", "Jianye", 32.0034, 118.7318, 3.0, 0.7),
        ),
    ),
    City(
        "chongqing",
        "CQ",
        "重庆市",
        "Chongqing",
        (
            _d("yuzhong", "渝中区", "Yuzhong", 29.5530, 106.5690, 2.5, 0.7),
            _d("jiangbei", "江北区", "Jiangbei", 29.6066, 106.5743),
            _d("yubei", "渝北区", "Yubei", 29.7180, 106.6310, 5.0),
            _d("jiulongpo", "九龙坡区", "Jiulongpo", 29.5020, 106.5110, 5.0, 0.8),
        ),
    ),
    City(
        "tianjin",
        "TJ",
        "天津市",
        "Tianjin",
        (
            _d("heping", "和平区", "Heping", 39.1172, 117.2150, 2.0, 0.5),
            _d("hexi", "河西区", "Hexi", 39.1093, 117.2233),
            _d("nankai", "南开区", "Nankai", 39.1381, 117.1506),
            _d("hedong", "河东区", "Hedong", 39.1283, 117.2516, 3.0, 0.8),
        ),
    ),
    City(
        "suzhou",
        "SU",
        "苏州市",
        "Suzhou",
        (
            _d("gusu", "姑苏区", "Gusu", 31.3119, 120.6178, 3.0),
            _d("wuzhong", "吴中区", "Wuzhong", 31.2624, 120.6320, 5.0),
            _d("xiangcheng", "相城区", "Xiangcheng", 31.3689, 120.6420, 5.0, 0.6),
            _d("huqiu", "虎丘区", "Huqiu", 31.2960, 120.5660, 4.0, 0.7),
        ),
    ),
    City(
        "zhengzhou",
        "ZZ",
        "郑州市",
        "Zhengzhou",
        (
            _d("jinshui", "金水区", "Jinshui", 34.8003, 113.6606),
            _d("erqi", "二七区", "Erqi", 34.7243, 113.6404),
            _d("zhongyuan", "中原区", "Zhongyuan", 34.7480, 113.6130, 4.0, 0.8),
        ),
    ),
    City(
        "changsha",
        "CS",
        "长沙市",
        "Changsha",
        (
            _d("yuelu", "岳麓区", "Yuelu", 28.2352, 112.9311, 5.0),
            _d("furong", "芙蓉区", "Furong", 28.1852, 113.0327, 3.0, 0.8),
            _d("tianxin", "天心区", "Tianxin", 28.1126, 112.9898, 4.0, 0.8),
        ),
    ),
    City(
        "shenyang",
        "SY",
        "沈阳市",
        "Shenyang",
        (
            _d("heping", "和平区", "Heping", 41.7886, 123.4018, 3.0),
            _d("shenhe", "沈河区", "Shenhe", 41.7963, 123.4586, 3.0),
            _d("hunnan", "浑南区", "Hunnan", 41.7148, 123.4495, 5.0, 0.7),
        ),
    ),
    City(
        "qingdao",
        "QD",
        "青岛市",
        "Qingdao",
        (
            _d("shinan", "市南区", "Shinan", 36.0671, 120.3826, 3.0),
            _d("laoshan", "崂山区", "Laoshan", 36.1074, 120.4689, 5.0, 0.7),
            _d("licang", "李沧区", "Licang", 36.1450, 120.4326, 4.0, 0.8),
        ),
    ),
    City(
        "ningbo",
        "NB",
        "宁波市",
        "Ningbo",
        (
            _d("haishu", "海曙区", "Haishu", 29.8595, 121.5500, 3.0),
            _d("yinzhou", "鄞州区", "Yinzhou", 29.8170, 121.5470, 5.0),
            _d("jiangbei", "江北区", "Jiangbei", 29.8868, 121.5553, 3.0, 0.6),
        ),
    ),
    City(
        "xiamen",
        "XM",
        "厦门市",
        "Xiamen",
        (
            _d("siming", "思明区", "Siming", 24.4454, 118.0824, 3.0),
            _d("huli", "湖里区", "Huli", 24.5124, 118.1465, 3.0),
            _d("jimei", "集美区", "Jimei", 24.5759, 118.0970, 4.0, 0.6),
        ),
    ),
    City(
        "jinan",
        "JN",
        "济南市",
        "Jinan",
        (
            _d("lixia", "历下区", "Lixia", 36.6666, 117.0768, 3.0),
            _d("shizhong", "市中区", "Shizhong", 36.6510, 116.9970, 3.0),
            _d("huaiyin", "槐荫区", "Huaiyin", 36.6514, 116.9010, 4.0, 0.7),
        ),
    ),
    City(
        "hefei",
        "HF",
        "合肥市",
        "Hefei",
        (
            _d("shushan", "蜀山区", "Shushan", 31.8512, 117.2603, 4.0),
            _d("baohe", "包河区", "Baohe", 31.7932, 117.3099, 4.0),
            _d("luyang", "庐阳区", "Luyang", 31.8785, 117.2647, 3.0, 0.7),
        ),
    ),
)

#: More cities (the national figures want 40 and more), one row per district, kept as data beside this module.
MORE_CITIES = Path(__file__).with_name("demo_national_more_cities.csv")


def read_cities(path: Path) -> tuple[City, ...]:
    """Cities from a UTF-8 CSV of one row per district, in file order: the city (``city``, ``code``,
    ``city_name``, ``city_name_en``), then the district (``district``, ``district_name``,
    ``district_name_en``, its centre ``lat`` and ``lon``, ``radius_km`` and ``weight``)."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    cities: dict[str, City] = {}
    for row in rows:
        district = _d(
            row["district"],
            row["district_name"],
            row["district_name_en"],
            float(row["lat"]),
            float(row["lon"]),
            float(row["radius_km"]),
            float(row["weight"]),
        )
        known = cities.get(row["city"])
        districts = (known.districts if known else ()) + (district,)
        cities[row["city"]] = City(row["city"], row["code"], row["city_name"], row["city_name_en"], districts)
    return tuple(cities.values())


CITIES += read_cities(MORE_CITIES)

#: Technicians per city when not given: one for every ten visits, as in the issue's national figures.
VISITS_PER_TECHNICIAN = 10


def default_technicians(visits_per_city: int) -> int:
    """Technicians in each city: a tenth of its visits, at least two (a repairer and an installer)."""
    return max(2, visits_per_city // VISITS_PER_TECHNICIAN)


def generate_national(
    cities: int, visits_per_city: int, seed: int, technicians_per_city: int | None = None, date: dt.date | None = None
) -> Dataset:
    """A day of ``cities`` cities (the first of ``CITIES``) with ``visits_per_city`` visits each."""
    if not 1 <= cities <= len(CITIES):
        raise ValueError(f"cities must be from 1 to {len(CITIES)}, not {cities}")
    if visits_per_city < 0:
        raise ValueError(f"visits per city must be 0 or more, not {visits_per_city}")
    staff_count = default_technicians(visits_per_city) if technicians_per_city is None else technicians_per_city
    if staff_count < 1:
        raise ValueError(f"technicians per city must be 1 or more, not {staff_count}")
    settings = Settings(date=date or DEFAULT_DATE)
    days = [_city_day(city, visits_per_city, staff_count, seed, settings) for city in CITIES[:cities]]
    staff = tuple(t for d in days for t in d.technicians)
    return Dataset(
        settings=settings,
        technicians=staff,
        visits=tuple(v for d in days for v in d.visits),
        parts=tuple(p for d in days for p in d.parts or ()),
        regions=tuple(r for d in days for r in d.regions),
        org=demo._org(random.Random(seed), staff),
    )


def _city_day(city: City, visits: int, technicians: int, seed: int, settings: Settings) -> Dataset:
    """One city's department and day, drawn as ``planner.demo`` draws Beijing, then given the city's names."""
    rng = random.Random(f"{seed}:{city.id}")
    staff = tuple(_in_city(t, city) for t in demo._technicians(rng, technicians, city.districts))
    drafted = demo._visits(rng, visits, city.districts, staff, settings.date)
    fitted = demo._fit_load(rng, drafted, demo.capacity_minutes(staff, settings))
    parts = demo._parts(rng, fitted)
    return Dataset(
        settings=settings,
        technicians=tuple(_technician(t, city) for t in staff),
        visits=tuple(_visit(v, city) for v in fitted),
        parts=tuple(Part(id=f"{city.code}-{p.id}", name=p.name, stock=p.stock) for p in parts),
        regions=tuple(
            Region(id=_region(city, d.id), name=f"{city.name}{d.name}", name_en=f"{city.name_en} {d.name_en}")
            for d in city.districts
        ),
    )


def _in_city(technician: Technician, city: City) -> Technician:
    """Leaders and generalists who may go anywhere go anywhere in their own city only."""
    if technician.regions:
        return technician
    return technician.model_copy(update={"regions": tuple(d.id for d in city.districts)})


def _region(city: City, district: str) -> str:
    return f"{city.id}-{district}"


def _technician(technician: Technician, city: City) -> Technician:
    return technician.model_copy(
        update={
            "id": f"{city.code}-{technician.id}",
            "regions": tuple(_region(city, r) for r in technician.regions),
        }
    )


def _visit(visit: Visit, city: City) -> Visit:
    """The city's ids, regions, part ids, and its name in the address (``planner.demo`` writes Beijing's)."""
    return visit.model_copy(
        update={
            "id": f"{city.code}-{visit.id}",
            "region": _region(city, visit.region),
            "address": city.name + visit.address.removeprefix("北京市"),
            "parts": {f"{city.code}-{p}": q for p, q in visit.parts.items()},
            "pinned_technician": f"{city.code}-{visit.pinned_technician}" if visit.pinned_technician else None,
            "preferred_technician": f"{city.code}-{visit.preferred_technician}" if visit.preferred_technician else None,
        }
    )
