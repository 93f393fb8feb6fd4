"""WGS-84 -> GCJ-02 against the published reference points of the eviltransform libraries."""

from __future__ import annotations

import math

import pytest

from web.views.gcj02 import out_of_china, wgs84_to_gcj02

#: (WGS-84 lat, lon) -> (GCJ-02 lat, lon), the reference vectors every eviltransform port tests against.
REFERENCE = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
]


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_reference_points(wgs, gcj):
    """Each reference point is shifted to its published GCJ-02 value (to 1e-9 degree, well under a millimetre)."""
    lat, lon = wgs84_to_gcj02(*wgs)
    assert lat == pytest.approx(gcj[0], abs=1e-9) and lon == pytest.approx(gcj[1], abs=1e-9)


def test_shift_in_beijing_is_hundreds_of_metres():
    """In Beijing the shift is a few hundred metres to the north-east: enough to land on the wrong block."""
    lat, lon = 39.9712, 116.4868
    g_lat, g_lon = wgs84_to_gcj02(lat, lon)
    north = (g_lat - lat) * 111_320
    east = (g_lon - lon) * 111_320 * math.cos(math.radians(lat))
    assert 100 < north < 300 and 400 < east < 650


@pytest.mark.parametrize(("lat", "lon"), [(39.7392, -104.9903), (-27.4698, 153.0251), (51.5074, -0.1278)])
def test_no_shift_outside_china(lat, lon):
    """Denver, Brisbane, London: outside the box, unchanged."""
    assert out_of_china(lat, lon) and wgs84_to_gcj02(lat, lon) == (lat, lon)
