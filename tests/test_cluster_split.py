"""Cutting a day into independent parts: who shares nobody is planned apart, scarce stock stays whole."""

from __future__ import annotations

import pytest
from builders import day, tech, visit

from planner.cluster import ClusterAddressError, cluster_address, component_days, components
from planner.cluster.engine import CLUSTER_ENV
from planner.cluster.split import day_eligibility
from planner.eligibility import eligibility


def _north_south(parts=None, stock=None, **south_tech):
    """Two regions, one technician each; N1, N2 in the north and S1 in the south, with the given parts."""
    parts = parts or {}
    technicians = [tech("A", regions=("north",)), tech("B", **({"regions": ("south",)} | south_tech))]
    visits = [
        visit("N1", 10, region="north", parts=parts.get("N1", {})),
        visit("S1", 12, region="south", parts=parts.get("S1", {})),
        visit("N2", 14, region="north", parts=parts.get("N2", {})),
    ]
    return day(technicians, visits, parts=stock)


def _split(dataset):
    allowed = eligibility(dataset)
    found = components(dataset, allowed)
    return found, component_days(dataset, allowed, found)


def test_regions_sharing_no_technician_are_planned_apart():
    found, days = _split(_north_south())
    assert [(c.technicians, c.visits) for c in found] == [(("A",), ("N1", "N2")), (("B",), ("S1",))]
    assert [[v.id for v in d.visits] for d in days] == [["N1", "N2"], ["S1"]]
    assert days[0].parts is None


def test_a_technician_covering_both_regions_joins_them():
    found, _ = _split(_north_south(regions=("south", "north")))
    assert [(c.technicians, c.visits) for c in found] == [(("A", "B"), ("N1", "S1", "N2"))]


def test_an_ample_shared_part_is_split_by_demand():
    """Stock 5 covers the 3 wanted: each part of the day gets its own demand and can never run short."""
    found, days = _split(_north_south({"N1": {"P": 1}, "N2": {"P": 1}, "S1": {"P": 1}}, {"P": 5, "Q": 4}))
    assert len(found) == 2
    stock = [{p.id: p.stock for p in d.parts} for d in days]
    assert stock == [{"P": 2, "Q": 0}, {"P": 1, "Q": 0}]
    assert sum(s["P"] for s in stock) <= 5


def test_a_scarce_shared_part_keeps_its_users_together_with_the_whole_stock():
    """Stock 2 for 3 wanted: who goes without is decided across both regions, as in one plan."""
    found, days = _split(_north_south({"N1": {"P": 1}, "S1": {"P": 2}}, {"P": 2}))
    assert [(c.technicians, c.visits) for c in found] == [(("A", "B"), ("N1", "S1", "N2"))]
    assert [{p.id: p.stock for p in d.parts} for d in days] == [{"P": 2}]


def test_a_scarce_part_used_in_one_region_only_stays_whole_there():
    found, days = _split(_north_south({"N1": {"P": 2}, "N2": {"P": 1}}, {"P": 2}))
    assert len(found) == 2
    assert [{p.id: p.stock for p in d.parts} for d in days] == [{"P": 2}, {"P": 0}]


def test_visits_nobody_can_do_and_idle_technicians_join_no_part():
    dataset = _north_south()
    dataset = dataset.model_copy(
        update={
            "technicians": dataset.technicians + (tech("C", regions=("east",)),),
            "visits": dataset.visits + (visit("X1", 5, region="north", required_skills={"marble_repair": 1}),),
        }
    )
    found, _ = _split(dataset)
    assert sorted(t for c in found for t in c.technicians) == ["A", "B"]
    assert "X1" not in {v for c in found for v in c.visits}


def test_cluster_address_comes_from_the_option_then_the_environment(monkeypatch):
    monkeypatch.delenv(CLUSTER_ENV, raising=False)
    assert cluster_address(None) is None
    monkeypatch.setenv(CLUSTER_ENV, "tcp://scheduler:8786")
    assert cluster_address(None) == "tcp://scheduler:8786"
    assert cluster_address("local:2") == "local:2"
    assert cluster_address("localhost:8786") == "localhost:8786"


@pytest.mark.parametrize("address", ["local:0", "local:x", "local", "local:999", " ", "tcp://a b"])
def test_unusable_cluster_addresses_are_refused(address):
    with pytest.raises(ClusterAddressError):
        cluster_address(address)


@pytest.mark.parametrize(
    "city_seconds, cities, deadline, needed",
    [
        (25.0, 100, 300.0, 9),  # 12 cities per worker in 300 s
        (30.0, 100, 300.0, 10),
        (301.0, 100, 300.0, 100),  # a city longer than the deadline: one worker each, at best
        (1.0, 100, 300.0, 1),
    ],
)
def test_workers_needed_rounds_whole_cities_per_worker(city_seconds, cities, deadline, needed):
    from planner.cluster.bench import workers_needed

    assert workers_needed(city_seconds, cities, deadline) == needed


def test_bench_refuses_bad_worker_counts(capsys):
    from planner_bench.cluster import main

    assert main(["--workers", "0,2"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_bench_plans_the_same_bytes_with_one_and_two_workers(capsys):
    """The benchmark's own verdict on a small national day: one digest for both worker counts."""
    from planner_bench.cluster import main

    assert main(["--cities", "3", "--visits-per-city", "12", "--workers", "1,2", "--one-city-visits", "12"]) == 0
    told = capsys.readouterr().out
    assert "same plan with every worker count" in told
    rows = [line.split() for line in told.splitlines() if line.split()[:1] in (["1"], ["2"])]
    assert len(rows) == 2 and rows[0][-1] == rows[1][-1] and rows[0][5:7] == ["work", "limit"]


def _national_with_trouble():
    """Four cities, with visits nobody in their city may do: a skill held only in another city, a pin to
    someone of another city, a region nobody covers."""
    from planner.demo_national import generate_national

    national = generate_national(4, 40, seed=9)
    visits = list(national.visits)
    outsider = next(t for t in national.technicians if t.id.startswith("SH-"))
    visits[0] = visits[0].model_copy(update={"required_skills": {"tailoring": 1}})
    visits[1] = visits[1].model_copy(update={"pinned_technician": outsider.id})
    visits[2] = visits[2].model_copy(update={"region": "nowhere"})
    technicians = list(national.technicians)
    technicians[-1] = technicians[-1].model_copy(update={"skills": {**technicians[-1].skills, "tailoring": 2}})
    return national.model_copy(update={"visits": tuple(visits), "technicians": tuple(technicians)})


@pytest.mark.parametrize(
    "dataset",
    [
        pytest.param(_national_with_trouble(), id="national"),
        pytest.param(_north_south(regions=("south", "north")), id="joined regions"),
        pytest.param(_north_south(regions=()), id="someone works anywhere"),
    ],
)
def test_eligibility_by_groups_of_regions_is_the_whole_days(dataset):
    by_groups, whole = day_eligibility(dataset), eligibility(dataset)
    assert list(by_groups.allowed.items()) == list(whole.allowed.items())
    assert list(by_groups.excluded.items()) == list(whole.excluded.items())


def test_visits_nobody_in_their_city_may_do_are_explained_from_the_whole_day():
    """Within Beijing nobody has the skill; in the whole day someone has it, but not in Beijing's regions."""
    national = _national_with_trouble()
    found = day_eligibility(national)
    tailoring = found.excluded[national.visits[0].id]
    assert tailoring.reason_code == "no_technician_in_region"
    assert tailoring.candidates == (national.technicians[-1].id,)
    assert {national.visits[i].id for i in range(3)} <= set(found.excluded)
