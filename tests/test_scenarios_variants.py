"""Each change does to a dataset exactly what it says, without solving anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_io import read_ok

from planner.scenarios.demand import JITTER_KM, resample_visits
from planner.scenarios.variants import (
    AddTechnicians,
    AddVisits,
    ChangeRegions,
    ChangeSettings,
    ChangeShifts,
    RemoveTechnicians,
    ScaleDemand,
    Train,
    apply_changes,
)
from planner.travel import haversine_km

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def sample():
    return read_ok(SAMPLE)


def test_add_copies_the_profile_with_new_ids_and_changes(sample):
    """Two like T02: new ids T02-N1/N2, T02's skills, the given regions and shift, the original untouched."""
    day = AddTechnicians("T02", 2, changes={"regions": ("tongzhou",), "shift_end": 19 * 60}).apply(sample)
    assert len(day.technicians) == len(sample.technicians) + 2
    new = [day.technician("T02-N1"), day.technician("T02-N2")]
    profile = sample.technician("T02")
    for person in new:
        assert person.skills == profile.skills and person.shift_start == profile.shift_start
        assert person.regions == ("tongzhou",) and person.shift_end == 19 * 60
    assert day.technician("T02") == profile
    assert sample.technicians == read_ok(SAMPLE).technicians


def test_add_skips_ids_in_use_and_takes_given_ids(sample):
    """Automatic ids never clash; explicit ids are used as given."""
    once = AddTechnicians("T02", 1).apply(sample)
    twice = AddTechnicians("T02", 1).apply(once)
    assert [t.id for t in twice.technicians[-2:]] == ["T02-N1", "T02-N2"]
    named = AddTechnicians("T04", 2, ids=("T20", "T21")).apply(sample)
    assert [t.id for t in named.technicians[-2:]] == ["T20", "T21"]


def test_remove_train_shift_and_region_changes(sample):
    """Remove drops the person; train sets one level; shifts and regions change only the people named."""
    day = apply_changes(
        sample,
        [
            RemoveTechnicians(("T05",)),
            Train("T07", "marble_repair", 2),
            ChangeShifts(("T01", "T02"), shift_end=19 * 60),
            ChangeRegions(("T12",), add=("chaoyang",)),
            ChangeRegions(("T03",), set=()),
        ],
    )
    assert "T05" not in {t.id for t in day.technicians}
    assert day.technician("T07").level("marble_repair") == 2
    assert day.technician("T07").level("cabinet_install") == 5
    assert day.technician("T01").shift_end == day.technician("T02").shift_end == 19 * 60
    assert day.technician("T04").shift_end == sample.technician("T04").shift_end
    assert day.technician("T12").regions == ("dongcheng", "haidian", "chaoyang")
    assert day.technician("T03").regions == ()
    assert day.visits == sample.visits


def test_shift_change_for_everybody(sample):
    """technicians: all (None) changes every shift start and leaves the ends alone."""
    day = ChangeShifts(None, shift_start=8 * 60).apply(sample)
    assert {t.shift_start for t in day.technicians} == {480}
    assert [t.shift_end for t in day.technicians] == [t.shift_end for t in sample.technicians]


def test_settings_change_touches_only_the_given_settings(sample):
    """Lunch length changes; the date, speed and road factor stay."""
    day = ChangeSettings({"lunch_minutes": 30}).apply(sample)
    assert day.settings.lunch_minutes == 30
    assert day.settings.model_copy(update={"lunch_minutes": 45}) == sample.settings


def test_extra_visits_are_appended(sample):
    """AddVisits keeps every visit and adds the new ones at the end."""
    extra = sample.visits[0].model_copy(update={"id": "N1"})
    day = AddVisits((extra,), "more.csv").apply(sample)
    assert day.visits == (*sample.visits, extra)


def test_demand_scaling_is_deterministic_and_keeps_ids_unique(sample):
    """The same seed gives the same visits; 1.3 x 70 = 91 visits with unique ids; another seed differs."""
    first, again = resample_visits(sample, 1.3, 7), resample_visits(sample, 1.3, 7)
    assert first == again
    ids = [v.id for v in first.visits]
    assert len(ids) == 91 and len(set(ids)) == 91
    assert first.visits[:70] == sample.visits
    assert resample_visits(sample, 1.3, 8).visits != first.visits
    assert ScaleDemand(1.3, 7).apply(sample) == first


def test_resampled_visits_stay_near_in_their_region_without_customer_data(sample):
    """Each copy is within about 1 km of a visit of the same region and carries no personal data or pin."""
    day = resample_visits(sample, 2.0, 3)
    for copy in day.visits[70:]:
        assert copy.customer == copy.phone == copy.address == copy.description == ""
        assert copy.pinned_technician is None and copy.preferred_technician is None
        nearest = min(
            haversine_km(copy.lat, copy.lon, v.lat, v.lon)
            for v in sample.visits
            if (v.type, v.priority, v.duration_min, v.region)
            == (copy.type, copy.priority, copy.duration_min, copy.region)
        )
        assert nearest <= JITTER_KM + 0.01


def test_scaling_down_keeps_a_seeded_share_in_order(sample):
    """0.5 keeps 35 of the 70 visits, in their original order."""
    day = resample_visits(sample, 0.5, 1)
    order = [v.id for v in sample.visits]
    kept = [v.id for v in day.visits]
    assert len(kept) == 35 and kept == sorted(kept, key=order.index)
